import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsEnum } from 'class-validator';
import { AttachmentInput, AttachmentModel } from '../attachments/attachment.types';
import { PeriodKind } from '../common/period';
import { periodLabel } from '../common/period';
import { Connection } from '../graphql/connection';
import { toGlobalId } from '../graphql/global-id';
import { BoolField, DateField, EnumField, IdField, IntField, ListField, MAX_LIST_ARGUMENT, NumberField, TextField, TextListField } from '../graphql/input-fields';
import { modelOf } from '../graphql/model';
import { Node } from '../graphql/node';
import { PeriodModel } from '../graphql/period.types';
import { RegionModel } from '../organization/organization.types';
import { Activity } from './activity.entity';
import { Attendance, Course, CourseSession, Exam, ExamResult } from './course.entity';
import { GoodPractice, GoodPracticeEvent } from './practice.entity';
import { ActivityKind, AttendanceStatus, Audience, CourseKind, PracticeAction, PracticeReviewDecision, PracticeStatus, TeamKind } from './training.enums';
import { GuidanceVisit, VillageGuidance } from './village.entity';
import { teamShortfalls } from './village.rules';
import { CalendarDateScalar, DateTimeScalar } from '../graphql/scalars';

// ---------- activities (TRN-1) ----------

@ObjectType('Activity', { implements: () => [Node], description: '宣传、教育、培训或演练活动（TRN-1）' })
export class ActivityModel implements Node {
  @Field(() => ID, { description: '全局标识（用于 node(id:)）' }) id: string;
  @Field(() => ActivityKind, { description: '活动类别' }) kind: ActivityKind;
  @Field({ description: '标题' }) title: string;
  @Field(() => CalendarDateScalar, { description: '活动日期' }) heldOn: string;
  @Field({ description: '组织者' }) organizer: string;
  @Field(() => [Audience], { description: '活动对象，最多 8 类（每类一次）' }) audiences: Audience[];
  @Field(() => Int, { description: '参加人数' }) participantCount: number;
  @Field({ description: '活动内容' }) content: string;
  // bounded by RecordActivityInput.attachments (20); an activity is never edited afterwards
  @Field(() => [AttachmentModel], { description: '照片、签到表等附件，最多 20 个（登记时附上）' }) attachments: AttachmentModel[];
  @Field(() => String, { nullable: true, description: '演练情景（仅演练）' }) scenario: string | null;
  @Field(() => Int, { nullable: true, description: '演练时长（分钟，仅演练）' }) durationMinutes: number | null;
  @Field(() => String, { nullable: true, description: '演练评估：暴露的问题和改进措施（仅演练）' }) assessment: string | null;
  @Field({ description: '登记人' }) recordedBy: string;
  @Field(() => DateTimeScalar, { description: '登记时间' }) recordedAt: Date;
  readonly row: Activity;

  static from(row: Activity): ActivityModel {
    return modelOf(new ActivityModel(), row, {
      id: toGlobalId('Activity', row.id), kind: row.kind, title: row.title, heldOn: row.heldOn, organizer: row.organizer, audiences: row.audiences as Audience[],
      participantCount: row.participantCount, content: row.content, attachments: row.attachments, scenario: row.scenario, durationMinutes: row.durationMinutes,
      assessment: row.assessment, recordedBy: row.recordedBy, recordedAt: row.recordedAt,
    });
  }
}
@ObjectType('ActivityConnection', { description: '宣传教育培训和演练的分页列表（Relay 连接，按游标向后翻页）' })
export class ActivityConnection extends Connection(ActivityModel, 'Activity') {}

@InputType({ description: '登记宣传、教育、培训或演练（TRN-1）；演练须填写情景、时长和评估' })
export class RecordActivityInput {
  @EnumField(ActivityKind, { description: '活动类别' }) kind: ActivityKind;
  @TextField(200, { description: '标题' }) title: string;
  @DateField({ description: '活动日期（不晚于今天）' }) heldOn: string;
  @IdField({ description: '活动所在区划（县、乡镇或村）' }) regionId: string;
  @TextField(200, { description: '组织者' }) organizer: string;
  @Field(() => [Audience], { description: '活动对象：至少 1 类，最多 8 类，不重复' }) @ArrayMinSize(1) @ArrayMaxSize(8) @IsEnum(Audience, { each: true }) audiences: Audience[];
  @IntField(1, 1_000_000, { description: '参加人数' }) participantCount: number;
  @TextField(5000, { description: '活动内容' }) content: string;
  @ListField(() => AttachmentInput, 20, { optional: true, description: '照片、签到表等，最多 20 个' }) attachments?: AttachmentInput[];
  @TextField(2000, { optional: true, description: '演练情景' }) scenario?: string;
  @IntField(1, 24 * 60, { optional: true, description: '演练时长（分钟）' }) durationMinutes?: number;
  @TextField(5000, { optional: true, description: '演练评估：暴露的问题和改进措施' }) assessment?: string;
}

@ObjectType('ActivityKindCount', { description: '一类活动的次数' })
export class ActivityKindCountModel {
  @Field(() => ActivityKind, { description: '活动类别' }) kind: ActivityKind;
  @Field(() => Int, { description: '次数' }) count: number;
}

@ObjectType('ActivityCount', { description: '一个乡镇（或县本级）一个周期内的活动次数和参加人数' })
export class ActivityCountModel {
  @Field(() => ID, { description: '乡镇（或县本级）的区划' }) regionId: string;
  @Field({ description: '乡镇（或县本级）的名称' }) regionName: string;
  @Field(() => Int, { description: '活动次数' }) activities: number;
  @Field(() => Int, { description: '参加人次' }) participants: number;
  @Field(() => [ActivityKindCountModel], { description: '按类别的次数：每个类别一项，最多 4 项' }) byKind: ActivityKindCountModel[];
  /** The row's keyset values: townships first (0) by their order, then regions above a township (1). */
  readonly key: { rank: number; sortOrder: number; id: string };
}
@ObjectType('ActivityCountConnection', { description: '各乡镇的活动统计行的分页列表（Relay 连接，按游标向后翻页）' })
export class ActivityCountConnection extends Connection(ActivityCountModel, 'ActivityCount') {}

@ObjectType('ActivityCounts', { description: '宣传教育培训和演练按乡镇统计（TRN-1）' })
export class ActivityCountsModel {
  @Field(() => PeriodModel, { description: '统计周期' }) period: PeriodModel;
  /** Every row of the period, paged by the `rows` field. */
  readonly all: ActivityCountModel[];
}

// ---------- courses and exams (TRN-2) ----------

@ObjectType('Course', { implements: () => [Node], description: '培训课程（TRN-2）' })
export class CourseModel implements Node {
  @Field(() => ID, { description: '全局标识（用于 node(id:)）' }) id: string;
  @Field(() => CourseKind, { description: '培训类别' }) kind: CourseKind;
  @Field({ description: '课程名称' }) title: string;
  @Field({ description: '组织者' }) organizer: string;
  @Field(() => CalendarDateScalar, { description: '开始日期' }) startsOn: string;
  @Field(() => CalendarDateScalar, { description: '结束日期' }) endsOn: string;
  @Field(() => String, { nullable: true, description: '课程说明' }) description: string | null;
  @Field({ description: '创建人' }) createdBy: string;
  readonly row: Course;

  static from(row: Course): CourseModel {
    return modelOf(new CourseModel(), row, {
      id: toGlobalId('Course', row.id), kind: row.kind, title: row.title, organizer: row.organizer, startsOn: row.startsOn, endsOn: row.endsOn,
      description: row.description, createdBy: row.createdBy,
    });
  }
}
@ObjectType('CourseConnection', { description: '培训课程的分页列表（Relay 连接，按游标向后翻页）' })
export class CourseConnection extends Connection(CourseModel, 'Course') {}

@ObjectType('CourseSession', { description: '培训课次' })
export class CourseSessionModel {
  @Field(() => ID, { description: '标识（登记考勤时用）' }) id: string;
  @Field(() => CalendarDateScalar, { description: '上课日期' }) heldOn: string;
  @Field({ description: '内容' }) topic: string;
  @Field({ description: '学时' }) hours: number;
  @Field(() => String, { nullable: true, description: '授课人' }) teacher: string | null;
  readonly row: CourseSession;

  static from(row: CourseSession): CourseSessionModel {
    return modelOf(new CourseSessionModel(), row, { id: toGlobalId('CourseSession', row.id), heldOn: row.heldOn, topic: row.topic, hours: row.hours, teacher: row.teacher });
  }
}
@ObjectType('CourseSessionConnection', { description: '培训课次的分页列表（Relay 连接，按游标向后翻页）' })
export class CourseSessionConnection extends Connection(CourseSessionModel, 'CourseSession') {}

@ObjectType('Attendance', { description: '一人一个课次的考勤' })
export class AttendanceModel {
  @Field(() => AttendanceStatus, { description: '出勤、缺勤或请假' }) status: AttendanceStatus;
  @Field(() => String, { nullable: true, description: '备注（如请假原因）' }) note: string | null;
  @Field({ description: '登记人' }) recordedBy: string;
  readonly row: Attendance;

  static from(row: Attendance): AttendanceModel {
    return modelOf(new AttendanceModel(), row, { status: row.status, note: row.note, recordedBy: row.recordedBy });
  }
}
@ObjectType('AttendanceConnection', { description: '考勤的分页列表（Relay 连接，按游标向后翻页）' })
export class AttendanceConnection extends Connection(AttendanceModel, 'Attendance') {}

@ObjectType('Exam', { implements: () => [Node], description: '考试（TRN-2）：岗前考试（PER-7）和季度业务理论考试（EVA-2）同一模型' })
export class ExamModel implements Node {
  @Field(() => ID, { description: '全局标识（用于 node(id:)）' }) id: string;
  @Field(() => CourseKind, { description: '考试类别' }) kind: CourseKind;
  @Field({ description: '考试名称' }) title: string;
  @Field(() => CalendarDateScalar, { description: '考试日期' }) heldOn: string;
  @Field(() => Int, { description: '合格线（考试当日人员政策的岗前考试合格线）' }) passMark: number;
  @Field(() => Int, { description: '合格线所依据的人员政策版本' }) policyVersion: number;
  @Field(() => PeriodModel, { nullable: true, description: '季度业务理论考试所属季度' }) quarter: PeriodModel | null;
  @Field({ description: '创建人' }) createdBy: string;
  readonly row: Exam;

  static from(row: Exam): ExamModel {
    const q = row.kind === CourseKind.QUARTERLY_THEORY ? { kind: PeriodKind.QUARTER, year: Number(row.heldOn.slice(0, 4)), number: Math.ceil(Number(row.heldOn.slice(5, 7)) / 3) } : null;
    return modelOf(new ExamModel(), row, {
      id: toGlobalId('Exam', row.id), kind: row.kind, title: row.title, heldOn: row.heldOn, passMark: row.passMark, policyVersion: row.policyVersion,
      quarter: q ? { ...q, label: periodLabel(q) } : null, createdBy: row.createdBy,
    });
  }
}
@ObjectType('ExamConnection', { description: '考试的分页列表（Relay 连接，按游标向后翻页）' })
export class ExamConnection extends Connection(ExamModel, 'Exam') {}

@ObjectType('ExamResult', { description: '考试成绩' })
export class ExamResultModel {
  @Field(() => ID, { description: '标识' }) id: string;
  @Field(() => Int, { description: '成绩（0–100 整数）' }) score: number;
  @Field({ description: '是否达到合格线' }) passed: boolean;
  @Field(() => CalendarDateScalar, { description: '参考日期（补考时晚于考试日期）' }) satOn: string;
  @Field({ description: '登记人' }) recordedBy: string;
  readonly row: ExamResult;

  static from(row: ExamResult): ExamResultModel {
    return modelOf(new ExamResultModel(), row, { id: toGlobalId('ExamResult', row.id), score: row.score, passed: row.passed, satOn: row.satOn, recordedBy: row.recordedBy });
  }
}
@ObjectType('ExamResultConnection', { description: '考试成绩的分页列表（Relay 连接，按游标向后翻页）' })
export class ExamResultConnection extends Connection(ExamResultModel, 'ExamResult') {}

@InputType({ description: '新建培训课程；岗前培训由县消防救援大队组织（PER-7）' })
export class CreateCourseInput {
  @EnumField(CourseKind, { description: '培训类别（岗前培训须有 PRE_JOB_TRAINING_MANAGE 权限）' }) kind: CourseKind;
  @TextField(200, { description: '课程名称' }) title: string;
  @IdField({ optional: true, description: '组织培训的区划（县或乡镇），默认本账号所在区划' }) regionId?: string;
  @TextField(200, { description: '组织者' }) organizer: string;
  @DateField({ description: '开始日期' }) startsOn: string;
  @DateField({ description: '结束日期（不早于开始日期）' }) endsOn: string;
  @TextField(5000, { optional: true, description: '课程说明' }) description?: string;
}

@InputType({ description: '新增培训课次' })
export class AddCourseSessionInput {
  @IdField({ description: '培训课程' }) courseId: string;
  @DateField({ description: '上课日期（在课程期间内）' }) heldOn: string;
  @TextField(200, { description: '内容' }) topic: string;
  @NumberField(0.5, 24, { description: '学时' }) hours: number;
  @TextField(100, { optional: true, description: '授课人' }) teacher?: string;
}

@InputType('AttendanceEntryInput', { description: '一人的考勤' })
export class AttendanceEntryInput {
  @IdField({ description: '人员' }) personId: string;
  @EnumField(AttendanceStatus, { description: '出勤、缺勤或请假' }) status: AttendanceStatus;
  @TextField(500, { optional: true, description: '备注（如请假原因）' }) note?: string;
}

@InputType({ description: '登记一个课次的考勤（同一人再次登记即更正）' })
export class RecordAttendanceInput {
  @IdField({ description: '培训课次' }) sessionId: string;
  @ListField(() => AttendanceEntryInput, MAX_LIST_ARGUMENT, { min: 1, description: '考勤，至少 1 人，最多 100 人（更多人分几次登记）' }) entries: AttendanceEntryInput[];
}

@InputType({ description: '新建考试：合格线取考试当日人员政策（PER-7）；岗前考试由县消防救援大队组织' })
export class CreateExamInput {
  @EnumField(CourseKind, { description: '考试类别（岗前考试须有 PRE_JOB_TRAINING_MANAGE 权限）' }) kind: CourseKind;
  @TextField(200, { description: '考试名称' }) title: string;
  @IdField({ optional: true, description: '所属培训课程（类别须相同）' }) courseId?: string;
  @IdField({ optional: true, description: '组织考试的区划（县或乡镇），默认课程的或本账号的' }) regionId?: string;
  @DateField({ description: '考试日期' }) heldOn: string;
}

@InputType('ExamResultEntryInput', { description: '一人的考试成绩' })
export class ExamResultEntryInput {
  @IdField({ description: '人员' }) personId: string;
  @IntField(0, 100, { description: '成绩 0 至 100' }) score: number;
  @DateField({ optional: true, description: '参考日期（补考时填写，默认考试日期）' }) satOn?: string;
}

@InputType({ description: '登记考试成绩；岗前考试的成绩同时决定岗位为考试合格或不合格（PER-7）' })
export class RecordExamResultsInput {
  @IdField({ description: '考试' }) examId: string;
  @ListField(() => ExamResultEntryInput, MAX_LIST_ARGUMENT, { min: 1, description: '成绩，至少 1 人，最多 100 人（更多人分几次登记）' }) results: ExamResultEntryInput[];
}

@InputType({ description: '登记岗前考试成绩（县消防救援大队，PER-7）' })
export class RecordPreJobExamInput {
  // the fields of personnel's PostInput (the post and its version), described for this operation
  @IdField({ description: '处于岗前培训中的岗位' }) postId: string;
  @IntField(1, 2_000_000_000, { optional: true, description: '读取岗位时的版本号（不符则为 CONFLICT）' }) expectedVersion?: number;
  @IntField(0, 100, { description: '成绩 0 至 100' }) score: number;
  @DateField({ description: '考试日期（不早于岗前培训开始日期，不晚于今天：时间规则 T-PER-4）' }) examOn: string;
  @IdField({ optional: true, description: '岗前考试（不填则为当日的岗前考试，没有则新建）' }) examId?: string;
}

// ---------- village guidance (ORG-6) ----------

@ObjectType('TeamMember', { description: '消防队伍的队员' })
export class TeamMemberModel {
  @Field({ description: '姓名' }) name: string;
  @Field({ description: '是否经过消防培训' }) trained: boolean;
}

@ObjectType('Equipment', { description: '消防队伍的一种器材装备' })
export class EquipmentModel {
  @Field({ description: '名称' }) name: string;
  @Field(() => Int, { description: '数量' }) quantity: number;
}

@ObjectType('VillageGuidance', { implements: () => [Node], description: '村（社区）消防工作（ORG-6）：消防安全管理人、防火公约、消防队伍' })
export class VillageGuidanceModel implements Node {
  @Field(() => ID, { description: '全局标识（以村的区划为准）' }) id: string;
  @Field(() => String, { nullable: true, description: '消防安全管理人' }) managerName: string | null;
  @Field(() => String, { nullable: true, description: '消防安全管理人电话（脱敏）' }) managerPhoneMasked: string | null;
  @Field(() => CalendarDateScalar, { nullable: true, description: '消防安全管理人确定日期' }) managerAppointedOn: string | null;
  @Field(() => CalendarDateScalar, { nullable: true, description: '防火公约通过日期' }) pledgeAdoptedOn: string | null;
  // each recordVillagePledge replaces them, at most 10 (RecordVillagePledgeInput.attachments)
  @Field(() => [AttachmentModel], { description: '防火公约文本或照片，最多 10 个' }) pledgeAttachments: AttachmentModel[];
  @Field(() => TeamKind, { description: '队伍类别：志愿消防队、微型消防站或无' }) teamKind: TeamKind;
  @Field(() => String, { nullable: true, description: '队伍名称' }) teamName: string | null;
  @Field(() => String, { nullable: true, description: '队长或站长' }) teamHead: string | null;
  // ORG-6: one village's team, replaced whole by setVillageTeam, whose input takes at most 100 members
  @Field(() => [TeamMemberModel], { description: '队员，最多 100 人（登记队伍时整体替换）' }) teamMembers: TeamMemberModel[];
  @Field(() => Int, { description: '经培训的队员人数' }) trainedMembers: number;
  @Field(() => [EquipmentModel], { description: '器材装备，最多 100 种（登记队伍时整体替换）' }) equipment: EquipmentModel[];
  @Field(() => [String], { description: '队伍的不足，最多 3 项（微型消防站须有站长和至少 5 名经培训的队员）' }) teamShortfalls: string[];
  @Field(() => Int, { description: '版本号（尚未登记为 0）' }) version: number;
  readonly row: VillageGuidance;

  static from(row: VillageGuidance): VillageGuidanceModel {
    return modelOf(new VillageGuidanceModel(), row, {
      id: toGlobalId('VillageGuidance', row.villageId), managerName: row.managerName, managerPhoneMasked: row.managerPhoneMasked, managerAppointedOn: row.managerAppointedOn,
      pledgeAdoptedOn: row.pledgeAdoptedOn, pledgeAttachments: row.pledgeAttachments, teamKind: row.teamKind, teamName: row.teamName, teamHead: row.teamHead,
      teamMembers: row.teamMembers, trainedMembers: row.teamMembers.filter((m) => m.trained).length, equipment: row.equipment,
      teamShortfalls: teamShortfalls({ teamKind: row.teamKind, teamHead: row.teamHead, members: row.teamMembers }), version: row.version,
    });
  }
}

@ObjectType('GuidanceVisit', { implements: () => [Node], description: '工作站对村（社区）的指导记录（ORG-6）' })
export class GuidanceVisitModel implements Node {
  @Field(() => ID, { description: '全局标识（用于 node(id:)）' }) id: string;
  @Field(() => CalendarDateScalar, { description: '指导日期' }) visitedOn: string;
  @Field(() => [String], { description: '指导人员，最多 10 人' }) visitors: string[];
  @Field({ description: '指导内容' }) content: string;
  @Field(() => String, { nullable: true, description: '发现的问题' }) findings: string | null;
  @Field(() => [AttachmentModel], { description: '附件，最多 20 个（登记时附上）' }) attachments: AttachmentModel[];
  @Field({ description: '登记人' }) recordedBy: string;
  readonly row: GuidanceVisit;

  static from(row: GuidanceVisit): GuidanceVisitModel {
    return modelOf(new GuidanceVisitModel(), row, {
      id: toGlobalId('GuidanceVisit', row.id), visitedOn: row.visitedOn, visitors: row.visitors, content: row.content, findings: row.findings,
      attachments: row.attachments, recordedBy: row.recordedBy,
    });
  }
}
@ObjectType('GuidanceVisitConnection', { description: '对村（社区）的指导记录的分页列表（Relay 连接，按游标向后翻页）' })
export class GuidanceVisitConnection extends Connection(GuidanceVisitModel, 'GuidanceVisit') {}

@ObjectType('TeamShortfall', { description: '队伍不达标的村（社区）' })
export class TeamShortfallModel {
  @Field(() => RegionModel, { description: '村（社区）' }) village: RegionModel;
  @Field(() => [String], { description: '不达标之处，最多 3 项' }) problems: string[];
}
@ObjectType('TeamShortfallConnection', { description: '队伍不达标的村（社区）的分页列表（Relay 连接，按游标向后翻页）' })
export class TeamShortfallConnection extends Connection(TeamShortfallModel, 'TeamShortfall') {}

@ObjectType('TownshipVillageCoverage', { description: '一个乡镇的村（社区）消防工作覆盖情况（ORG-6）' })
export class TownshipCoverageModel {
  @Field(() => RegionModel, { description: '乡镇' }) township: RegionModel;
  @Field(() => Int, { description: '村（社区）数' }) villages: number;
  @Field(() => Int, { description: '有消防安全管理人的' }) withManager: number;
  @Field(() => Int, { description: '有防火公约的' }) withPledge: number;
  @Field(() => Int, { description: '有志愿消防队或微型消防站的' }) withTeam: number;
  @Field(() => Int, { description: '有志愿消防队的' }) volunteerTeams: number;
  @Field(() => Int, { description: '有微型消防站的' }) microStations: number;
  /** The township's villages lacking each element, in the villages' order (sort order, id): paged by the fields. */
  readonly lists: { lackingManager: RegionModel[]; lackingPledge: RegionModel[]; lackingTeam: RegionModel[]; shortTeams: TeamShortfallModel[] };
}
@ObjectType('TownshipVillageCoverageConnection', { description: '各乡镇的村（社区）消防工作覆盖情况的分页列表（Relay 连接，按游标向后翻页）' })
export class TownshipCoverageConnection extends Connection(TownshipCoverageModel, 'TownshipVillageCoverage') {}

@InputType({ description: '登记村（社区）消防安全管理人（ORG-6）' })
export class SetVillageManagerInput {
  @IdField({ description: '村（社区）' }) villageId: string;
  @TextField(50, { description: '姓名' }) name: string;
  @TextField(20, { description: '电话（加密存储，脱敏显示）' }) phone: string;
  @DateField({ optional: true, description: '确定日期（不晚于今天）' }) appointedOn?: string;
  @IntField(0, 2_000_000_000, { optional: true, description: '读取时的版本号' }) expectedVersion?: number;
  @TextField(500, { optional: true, description: '更正原因：替换已登记的内容时必填（原值保留在更正记录中），首次登记可不填' }) reason?: string;
}

@InputType({ description: '登记村（社区）防火公约（ORG-6）' })
export class RecordVillagePledgeInput {
  @IdField({ description: '村（社区）' }) villageId: string;
  @DateField({ description: '通过日期（不晚于今天）' }) adoptedOn: string;
  @ListField(() => AttachmentInput, 10, { optional: true, description: '公约文本或照片，最多 10 个（替换原有的）' }) attachments?: AttachmentInput[];
  @IntField(0, 2_000_000_000, { optional: true, description: '读取时的版本号（不符则为 CONFLICT）' }) expectedVersion?: number;
  @TextField(500, { optional: true, description: '更正原因：替换已登记的内容时必填（原值保留在更正记录中），首次登记可不填' }) reason?: string;
}

@InputType('TeamMemberInput', { description: '一名队员' })
export class TeamMemberInput {
  @TextField(50, { description: '姓名（队内不重名）' }) name: string;
  @BoolField({ description: '是否经过消防培训' }) trained: boolean;
}

@InputType('EquipmentInput', { description: '一种器材装备' })
export class EquipmentInput {
  @TextField(100, { description: '名称' }) name: string;
  @IntField(1, 100_000, { description: '数量' }) quantity: number;
}

@InputType({ description: '登记村（社区）消防队伍：志愿消防队、微型消防站或无（ORG-6）' })
export class SetVillageTeamInput {
  @IdField({ description: '村（社区）' }) villageId: string;
  @EnumField(TeamKind, { description: '队伍类别；NONE 时不填名称、负责人、队员和装备' }) kind: TeamKind;
  @TextField(100, { optional: true, description: '队伍名称' }) name?: string;
  @TextField(50, { optional: true, description: '队长或站长' }) head?: string;
  @ListField(() => TeamMemberInput, MAX_LIST_ARGUMENT, { optional: true, description: '队员，最多 100 人（替换原有的）' }) members?: TeamMemberInput[];
  @ListField(() => EquipmentInput, 100, { optional: true, description: '器材装备，最多 100 种（替换原有的）' }) equipment?: EquipmentInput[];
  @IntField(0, 2_000_000_000, { optional: true, description: '读取时的版本号（不符则为 CONFLICT）' }) expectedVersion?: number;
  @TextField(500, { optional: true, description: '更正原因：替换已登记的内容时必填（原值保留在更正记录中），首次登记可不填' }) reason?: string;
}

@InputType({ description: '登记对村（社区）的指导（ORG-6）' })
export class RecordGuidanceVisitInput {
  @IdField({ description: '村（社区）' }) villageId: string;
  @DateField({ description: '指导日期（不晚于今天）' }) visitedOn: string;
  @TextListField(10, 50, { min: 1, description: '指导人员，1 至 10 人（最多 10 人）' }) visitors: string[];
  @TextField(5000, { description: '指导内容' }) content: string;
  @TextField(5000, { optional: true, description: '发现的问题' }) findings?: string;
  @ListField(() => AttachmentInput, 20, { optional: true, description: '附件，最多 20 个' }) attachments?: AttachmentInput[];
}

// ---------- good practices (TRN-3) ----------

@ObjectType('GoodPractice', { implements: () => [Node], description: '好的做法（TRN-3）：发布后全县可读' })
export class GoodPracticeModel implements Node {
  @Field(() => ID, { description: '全局标识（用于 node(id:)）' }) id: string;
  @Field({ description: '标题' }) title: string;
  @Field({ description: '要解决的问题' }) problem: string;
  @Field({ description: '主要做法' }) actions: string;
  @Field({ description: '取得的成效' }) results: string;
  // submit and revise (which replaces them) take at most 20
  @Field(() => [AttachmentModel], { description: '附件，最多 20 个（修改时整体替换）' }) attachments: AttachmentModel[];
  @Field(() => PracticeStatus, { description: '状态' }) status: PracticeStatus;
  @Field(() => String, { nullable: true, description: '审核意见' }) reviewComment: string | null;
  @Field({ description: '报送人（最近一次报送或修改）' }) submittedBy: string;
  @Field(() => DateTimeScalar, { description: '报送时间（最近一次报送或修改）' }) submittedAt: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: '发布推广时间；未发布为空' }) publishedAt: Date | null;
  @Field(() => Int, { description: '版本号（修改时用于防止覆盖他人的更改）' }) version: number;
  readonly row: GoodPractice;

  static from(row: GoodPractice): GoodPracticeModel {
    return modelOf(new GoodPracticeModel(), row, {
      id: toGlobalId('GoodPractice', row.id), title: row.title, problem: row.problem, actions: row.actions, results: row.results, attachments: row.attachments,
      status: row.status, reviewComment: row.reviewComment, submittedBy: row.submittedBy, submittedAt: row.submittedAt, publishedAt: row.publishedAt, version: row.version,
    });
  }
}
@ObjectType('GoodPracticeConnection', { description: '好的做法的分页列表（Relay 连接，按游标向后翻页）' })
export class GoodPracticeConnection extends Connection(GoodPracticeModel, 'GoodPractice') {}

@ObjectType('GoodPracticeEvent', { description: '好的做法的办理记录' })
export class GoodPracticeEventModel {
  @Field(() => PracticeAction, { description: '操作' }) action: PracticeAction;
  @Field(() => PracticeStatus, { nullable: true, description: '操作前的状态（报送时为空）' }) fromStatus: PracticeStatus | null;
  @Field(() => PracticeStatus, { description: '操作后的状态' }) toStatus: PracticeStatus;
  @Field(() => String, { nullable: true, description: '意见或说明' }) note: string | null;
  @Field({ description: '操作人' }) actor: string;
  @Field(() => DateTimeScalar, { description: '操作时间' }) at: Date;

  static from(row: GoodPracticeEvent): GoodPracticeEventModel {
    return Object.assign(new GoodPracticeEventModel(), { action: row.action, fromStatus: row.fromStatus, toStatus: row.toStatus, note: row.note, actor: row.actor, at: row.at });
  }
}
@ObjectType('GoodPracticeEventConnection', { description: '好的做法的办理记录的分页列表（Relay 连接，按游标向后翻页）' })
export class GoodPracticeEventConnection extends Connection(GoodPracticeEventModel, 'GoodPracticeEvent') {}

@InputType({ description: '报送好的做法（TRN-3）' })
export class SubmitGoodPracticeInput {
  @IdField({ description: '乡镇' }) regionId: string;
  @TextField(200, { description: '标题' }) title: string;
  @TextField(5000, { description: '要解决的问题' }) problem: string;
  @TextField(10000, { description: '主要做法' }) actions: string;
  @TextField(5000, { description: '取得的成效' }) results: string;
  @ListField(() => AttachmentInput, 20, { optional: true, description: '附件，最多 20 个' }) attachments?: AttachmentInput[];
}

@InputType({ description: '修改被退回的好的做法并重新报送；不填的项不变' })
export class ReviseGoodPracticeInput {
  @IdField({ description: '好的做法' }) practiceId: string;
  @IntField(1, 2_000_000_000, { optional: true, description: '读取时的版本号（不符则为 CONFLICT）' }) expectedVersion?: number;
  @TextField(200, { optional: true, description: '标题' }) title?: string;
  @TextField(5000, { optional: true, description: '要解决的问题' }) problem?: string;
  @TextField(10000, { optional: true, description: '主要做法' }) actions?: string;
  @TextField(5000, { optional: true, description: '取得的成效' }) results?: string;
  @ListField(() => AttachmentInput, 20, { optional: true, description: '附件，最多 20 个；填写则替换全部附件' }) attachments?: AttachmentInput[];
  @TextField(1000, { optional: true, description: '修改说明' }) note?: string;
}


@InputType({ description: '审核好的做法：退回（须写意见）或通过' })
export class ReviewGoodPracticeInput {
  @IdField({ description: '好的做法' }) practiceId: string;
  @EnumField(PracticeReviewDecision, { description: '审核决定' }) decision: PracticeReviewDecision;
  @TextField(2000, { optional: true, description: '审核意见（退回时必填）' }) comment?: string;
  @IntField(1, 2_000_000_000, { optional: true, description: '读取时的版本号（不符则为 CONFLICT）' }) expectedVersion?: number;
}

@InputType({ description: '在全县发布推广审核通过的好的做法' })
export class PublishGoodPracticeInput {
  @IdField({ description: '好的做法' }) practiceId: string;
  @IntField(1, 2_000_000_000, { optional: true, description: '读取时的版本号（不符则为 CONFLICT）' }) expectedVersion?: number;
}

