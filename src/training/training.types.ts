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
import { PostInput } from '../personnel/personnel.types';
import { Activity } from './activity.entity';
import { Attendance, Course, CourseSession, Exam, ExamResult } from './course.entity';
import { GoodPractice, GoodPracticeEvent } from './practice.entity';
import { ActivityKind, AttendanceStatus, Audience, CourseKind, PracticeAction, PracticeStatus, TeamKind } from './training.enums';
import { GuidanceVisit, VillageGuidance } from './village.entity';
import { teamShortfalls } from './village.rules';
import { DateTimeScalar } from '../graphql/scalars';

// ---------- activities (TRN-1) ----------

@ObjectType('Activity', { implements: () => [Node], description: '宣传、教育、培训或演练活动（TRN-1）' })
export class ActivityModel implements Node {
  @Field(() => ID) id: string;
  @Field(() => ActivityKind) kind: ActivityKind;
  @Field() title: string;
  @Field({ description: '活动日期' }) heldOn: string;
  @Field({ description: '组织者' }) organizer: string;
  @Field(() => [Audience]) audiences: Audience[];
  @Field(() => Int) participantCount: number;
  @Field() content: string;
  @Field(() => [AttachmentModel]) attachments: AttachmentModel[];
  @Field(() => String, { nullable: true, description: '演练情景（仅演练）' }) scenario: string | null;
  @Field(() => Int, { nullable: true, description: '演练时长（分钟，仅演练）' }) durationMinutes: number | null;
  @Field(() => String, { nullable: true, description: '演练评估：暴露的问题和改进措施（仅演练）' }) assessment: string | null;
  @Field() recordedBy: string;
  @Field(() => DateTimeScalar) recordedAt: Date;
  readonly row: Activity;

  static from(row: Activity): ActivityModel {
    return modelOf(new ActivityModel(), row, {
      id: toGlobalId('Activity', row.id), kind: row.kind, title: row.title, heldOn: row.heldOn, organizer: row.organizer, audiences: row.audiences as Audience[],
      participantCount: row.participantCount, content: row.content, attachments: row.attachments, scenario: row.scenario, durationMinutes: row.durationMinutes,
      assessment: row.assessment, recordedBy: row.recordedBy, recordedAt: row.recordedAt,
    });
  }
}
@ObjectType('ActivityConnection')
export class ActivityConnection extends Connection(ActivityModel, 'Activity') {}

@InputType({ description: '登记宣传、教育、培训或演练（TRN-1）；演练须填写情景、时长和评估' })
export class RecordActivityInput {
  @EnumField(ActivityKind) kind: ActivityKind;
  @TextField(200) title: string;
  @DateField({ description: '活动日期' }) heldOn: string;
  @IdField({ description: '活动所在区划（县、乡镇或村）' }) regionId: string;
  @TextField(200, { description: '组织者' }) organizer: string;
  @Field(() => [Audience], { description: '活动对象（至少一类）' }) @ArrayMinSize(1) @ArrayMaxSize(8) @IsEnum(Audience, { each: true }) audiences: Audience[];
  @IntField(1, 1_000_000, { description: '参加人数' }) participantCount: number;
  @TextField(5000, { description: '活动内容' }) content: string;
  @ListField(() => AttachmentInput, 20, { optional: true, description: '照片、签到表等' }) attachments?: AttachmentInput[];
  @TextField(2000, { optional: true, description: '演练情景' }) scenario?: string;
  @IntField(1, 24 * 60, { optional: true, description: '演练时长（分钟）' }) durationMinutes?: number;
  @TextField(5000, { optional: true, description: '演练评估：暴露的问题和改进措施' }) assessment?: string;
}

@ObjectType('ActivityKindCount')
export class ActivityKindCountModel {
  @Field(() => ActivityKind) kind: ActivityKind;
  @Field(() => Int) count: number;
}

@ObjectType('ActivityCount', { description: '一个乡镇（或县本级）一个周期内的活动次数和参加人数' })
export class ActivityCountModel {
  @Field(() => ID, { description: '乡镇（或县本级）的区划' }) regionId: string;
  @Field() regionName: string;
  @Field(() => Int) activities: number;
  @Field(() => Int) participants: number;
  @Field(() => [ActivityKindCountModel]) byKind: ActivityKindCountModel[];
}

@ObjectType('ActivityCounts', { description: '宣传教育培训和演练按乡镇统计（TRN-1）' })
export class ActivityCountsModel {
  @Field(() => PeriodModel) period: PeriodModel;
  @Field(() => [ActivityCountModel]) rows: ActivityCountModel[];
}

// ---------- courses and exams (TRN-2) ----------

@ObjectType('Course', { implements: () => [Node], description: '培训课程（TRN-2）' })
export class CourseModel implements Node {
  @Field(() => ID) id: string;
  @Field(() => CourseKind) kind: CourseKind;
  @Field() title: string;
  @Field() organizer: string;
  @Field() startsOn: string;
  @Field() endsOn: string;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field() createdBy: string;
  readonly row: Course;

  static from(row: Course): CourseModel {
    return modelOf(new CourseModel(), row, {
      id: toGlobalId('Course', row.id), kind: row.kind, title: row.title, organizer: row.organizer, startsOn: row.startsOn, endsOn: row.endsOn,
      description: row.description, createdBy: row.createdBy,
    });
  }
}
@ObjectType('CourseConnection')
export class CourseConnection extends Connection(CourseModel, 'Course') {}

@ObjectType('CourseSession', { description: '培训课次' })
export class CourseSessionModel {
  @Field(() => ID) id: string;
  @Field() heldOn: string;
  @Field() topic: string;
  @Field({ description: '学时' }) hours: number;
  @Field(() => String, { nullable: true, description: '授课人' }) teacher: string | null;
  readonly row: CourseSession;

  static from(row: CourseSession): CourseSessionModel {
    return modelOf(new CourseSessionModel(), row, { id: toGlobalId('CourseSession', row.id), heldOn: row.heldOn, topic: row.topic, hours: row.hours, teacher: row.teacher });
  }
}

@ObjectType('Attendance', { description: '考勤' })
export class AttendanceModel {
  @Field(() => AttendanceStatus) status: AttendanceStatus;
  @Field(() => String, { nullable: true }) note: string | null;
  @Field() recordedBy: string;
  readonly row: Attendance;

  static from(row: Attendance): AttendanceModel {
    return modelOf(new AttendanceModel(), row, { status: row.status, note: row.note, recordedBy: row.recordedBy });
  }
}

@ObjectType('Exam', { implements: () => [Node], description: '考试（TRN-2）：岗前考试（PER-7）和季度业务理论考试（EVA-2）同一模型' })
export class ExamModel implements Node {
  @Field(() => ID) id: string;
  @Field(() => CourseKind) kind: CourseKind;
  @Field() title: string;
  @Field({ description: '考试日期' }) heldOn: string;
  @Field(() => Int, { description: '合格线（考试当日人员政策的岗前考试合格线）' }) passMark: number;
  @Field(() => Int, { description: '合格线所依据的人员政策版本' }) policyVersion: number;
  @Field(() => PeriodModel, { nullable: true, description: '季度业务理论考试所属季度' }) quarter: PeriodModel | null;
  @Field() createdBy: string;
  readonly row: Exam;

  static from(row: Exam): ExamModel {
    const q = row.kind === CourseKind.QUARTERLY_THEORY ? { kind: PeriodKind.QUARTER, year: Number(row.heldOn.slice(0, 4)), number: Math.ceil(Number(row.heldOn.slice(5, 7)) / 3) } : null;
    return modelOf(new ExamModel(), row, {
      id: toGlobalId('Exam', row.id), kind: row.kind, title: row.title, heldOn: row.heldOn, passMark: row.passMark, policyVersion: row.policyVersion,
      quarter: q ? { ...q, label: periodLabel(q) } : null, createdBy: row.createdBy,
    });
  }
}
@ObjectType('ExamConnection')
export class ExamConnection extends Connection(ExamModel, 'Exam') {}

@ObjectType('ExamResult', { description: '考试成绩' })
export class ExamResultModel {
  @Field(() => ID) id: string;
  @Field(() => Int, { description: '成绩（0–100 整数）' }) score: number;
  @Field({ description: '是否达到合格线' }) passed: boolean;
  @Field({ description: '参考日期' }) satOn: string;
  @Field() recordedBy: string;
  readonly row: ExamResult;

  static from(row: ExamResult): ExamResultModel {
    return modelOf(new ExamResultModel(), row, { id: toGlobalId('ExamResult', row.id), score: row.score, passed: row.passed, satOn: row.satOn, recordedBy: row.recordedBy });
  }
}

@InputType({ description: '新建培训课程；岗前培训由县消防救援大队组织（PER-7）' })
export class CreateCourseInput {
  @EnumField(CourseKind) kind: CourseKind;
  @TextField(200) title: string;
  @IdField({ optional: true, description: '组织培训的区划（县或乡镇），默认本账号所在区划' }) regionId?: string;
  @TextField(200, { description: '组织者' }) organizer: string;
  @DateField({ description: '开始日期' }) startsOn: string;
  @DateField({ description: '结束日期' }) endsOn: string;
  @TextField(5000, { optional: true }) description?: string;
}

@InputType({ description: '新增培训课次' })
export class AddCourseSessionInput {
  @IdField({ description: '培训课程' }) courseId: string;
  @DateField() heldOn: string;
  @TextField(200, { description: '内容' }) topic: string;
  @NumberField(0.5, 24, { description: '学时' }) hours: number;
  @TextField(100, { optional: true, description: '授课人' }) teacher?: string;
}

@InputType('AttendanceEntryInput')
export class AttendanceEntryInput {
  @IdField({ description: '人员' }) personId: string;
  @EnumField(AttendanceStatus) status: AttendanceStatus;
  @TextField(500, { optional: true }) note?: string;
}

@InputType({ description: '登记一个课次的考勤（同一人再次登记即更正）' })
export class RecordAttendanceInput {
  @IdField({ description: '培训课次' }) sessionId: string;
  @ListField(() => AttendanceEntryInput, MAX_LIST_ARGUMENT, { min: 1 }) entries: AttendanceEntryInput[];
}

@InputType({ description: '新建考试：合格线取考试当日人员政策（PER-7）；岗前考试由县消防救援大队组织' })
export class CreateExamInput {
  @EnumField(CourseKind) kind: CourseKind;
  @TextField(200) title: string;
  @IdField({ optional: true, description: '所属培训课程（类别须相同）' }) courseId?: string;
  @IdField({ optional: true, description: '组织考试的区划（县或乡镇），默认课程的或本账号的' }) regionId?: string;
  @DateField({ description: '考试日期' }) heldOn: string;
}

@InputType('ExamResultEntryInput')
export class ExamResultEntryInput {
  @IdField({ description: '人员' }) personId: string;
  @IntField(0, 100, { description: '成绩 0 至 100' }) score: number;
  @DateField({ optional: true, description: '参考日期（补考时填写，默认考试日期）' }) satOn?: string;
}

@InputType({ description: '登记考试成绩；岗前考试的成绩同时决定岗位为考试合格或不合格（PER-7）' })
export class RecordExamResultsInput {
  @IdField({ description: '考试' }) examId: string;
  @ListField(() => ExamResultEntryInput, MAX_LIST_ARGUMENT, { min: 1 }) results: ExamResultEntryInput[];
}

@InputType({ description: '登记岗前考试成绩（县消防救援大队，PER-7）' })
export class RecordPreJobExamInput extends PostInput {
  @IntField(0, 100, { description: '成绩 0 至 100' }) score: number;
  @DateField({ description: '考试日期' }) examOn: string;
  @IdField({ optional: true, description: '岗前考试（不填则为当日的岗前考试，没有则新建）' }) examId?: string;
}

// ---------- village guidance (ORG-6) ----------

@ObjectType('TeamMember')
export class TeamMemberModel {
  @Field() name: string;
  @Field({ description: '是否经过消防培训' }) trained: boolean;
}

@ObjectType('Equipment')
export class EquipmentModel {
  @Field() name: string;
  @Field(() => Int) quantity: number;
}

@ObjectType('VillageGuidance', { implements: () => [Node], description: '村（社区）消防工作（ORG-6）：消防安全管理人、防火公约、消防队伍' })
export class VillageGuidanceModel implements Node {
  @Field(() => ID, { description: '全局标识（以村的区划为准）' }) id: string;
  @Field(() => String, { nullable: true, description: '消防安全管理人' }) managerName: string | null;
  @Field(() => String, { nullable: true, description: '消防安全管理人电话（脱敏）' }) managerPhoneMasked: string | null;
  @Field(() => String, { nullable: true }) managerAppointedOn: string | null;
  @Field(() => String, { nullable: true, description: '防火公约通过日期' }) pledgeAdoptedOn: string | null;
  @Field(() => [AttachmentModel], { description: '防火公约文本或照片' }) pledgeAttachments: AttachmentModel[];
  @Field(() => TeamKind) teamKind: TeamKind;
  @Field(() => String, { nullable: true }) teamName: string | null;
  @Field(() => String, { nullable: true, description: '队长或站长' }) teamHead: string | null;
  @Field(() => [TeamMemberModel]) teamMembers: TeamMemberModel[];
  @Field(() => Int, { description: '经培训的队员人数' }) trainedMembers: number;
  @Field(() => [EquipmentModel]) equipment: EquipmentModel[];
  @Field(() => [String], { description: '队伍的不足（微型消防站须有站长和至少 5 名经培训的队员）' }) teamShortfalls: string[];
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
  @Field(() => ID) id: string;
  @Field() visitedOn: string;
  @Field(() => [String]) visitors: string[];
  @Field() content: string;
  @Field(() => String, { nullable: true, description: '发现的问题' }) findings: string | null;
  @Field(() => [AttachmentModel]) attachments: AttachmentModel[];
  @Field() recordedBy: string;
  readonly row: GuidanceVisit;

  static from(row: GuidanceVisit): GuidanceVisitModel {
    return modelOf(new GuidanceVisitModel(), row, {
      id: toGlobalId('GuidanceVisit', row.id), visitedOn: row.visitedOn, visitors: row.visitors, content: row.content, findings: row.findings,
      attachments: row.attachments, recordedBy: row.recordedBy,
    });
  }
}
@ObjectType('GuidanceVisitConnection')
export class GuidanceVisitConnection extends Connection(GuidanceVisitModel, 'GuidanceVisit') {}

@ObjectType('TeamShortfall', { description: '队伍不达标的村（社区）' })
export class TeamShortfallModel {
  @Field(() => RegionModel) village: RegionModel;
  @Field(() => [String]) problems: string[];
}

@ObjectType('TownshipVillageCoverage', { description: '一个乡镇的村（社区）消防工作覆盖情况（ORG-6）' })
export class TownshipCoverageModel {
  @Field(() => RegionModel, { description: '乡镇' }) township: RegionModel;
  @Field(() => Int, { description: '村（社区）数' }) villages: number;
  @Field(() => Int, { description: '有消防安全管理人的' }) withManager: number;
  @Field(() => Int, { description: '有防火公约的' }) withPledge: number;
  @Field(() => Int, { description: '有志愿消防队或微型消防站的' }) withTeam: number;
  @Field(() => Int) volunteerTeams: number;
  @Field(() => Int) microStations: number;
  @Field(() => [RegionModel], { description: '缺消防安全管理人的' }) lackingManager: RegionModel[];
  @Field(() => [RegionModel], { description: '缺防火公约的' }) lackingPledge: RegionModel[];
  @Field(() => [RegionModel], { description: '没有消防队伍的' }) lackingTeam: RegionModel[];
  @Field(() => [TeamShortfallModel], { description: '队伍不达标的（微型消防站缺站长或经培训队员不足 5 人）' }) shortTeams: TeamShortfallModel[];
}

@InputType({ description: '登记村（社区）消防安全管理人（ORG-6）' })
export class SetVillageManagerInput {
  @IdField({ description: '村（社区）' }) villageId: string;
  @TextField(50) name: string;
  @TextField(20, { description: '电话（加密存储，脱敏显示）' }) phone: string;
  @DateField({ optional: true, description: '确定日期' }) appointedOn?: string;
  @IntField(0, 2_000_000_000, { optional: true, description: '读取时的版本号' }) expectedVersion?: number;
}

@InputType({ description: '登记村（社区）防火公约（ORG-6）' })
export class RecordVillagePledgeInput {
  @IdField({ description: '村（社区）' }) villageId: string;
  @DateField({ description: '通过日期' }) adoptedOn: string;
  @ListField(() => AttachmentInput, 10, { optional: true, description: '公约文本或照片' }) attachments?: AttachmentInput[];
  @IntField(0, 2_000_000_000, { optional: true }) expectedVersion?: number;
}

@InputType('TeamMemberInput')
export class TeamMemberInput {
  @TextField(50) name: string;
  @BoolField({ description: '是否经过消防培训' }) trained: boolean;
}

@InputType('EquipmentInput')
export class EquipmentInput {
  @TextField(100) name: string;
  @IntField(1, 100_000) quantity: number;
}

@InputType({ description: '登记村（社区）消防队伍：志愿消防队、微型消防站或无（ORG-6）' })
export class SetVillageTeamInput {
  @IdField({ description: '村（社区）' }) villageId: string;
  @EnumField(TeamKind) kind: TeamKind;
  @TextField(100, { optional: true }) name?: string;
  @TextField(50, { optional: true, description: '队长或站长' }) head?: string;
  @ListField(() => TeamMemberInput, MAX_LIST_ARGUMENT, { optional: true }) members?: TeamMemberInput[];
  @ListField(() => EquipmentInput, 100, { optional: true }) equipment?: EquipmentInput[];
  @IntField(0, 2_000_000_000, { optional: true }) expectedVersion?: number;
}

@InputType({ description: '登记对村（社区）的指导（ORG-6）' })
export class RecordGuidanceVisitInput {
  @IdField({ description: '村（社区）' }) villageId: string;
  @DateField() visitedOn: string;
  @TextListField(10, 50, { min: 1, description: '指导人员' }) visitors: string[];
  @TextField(5000, { description: '指导内容' }) content: string;
  @TextField(5000, { optional: true, description: '发现的问题' }) findings?: string;
  @ListField(() => AttachmentInput, 20, { optional: true }) attachments?: AttachmentInput[];
}

// ---------- good practices (TRN-3) ----------

@ObjectType('GoodPractice', { implements: () => [Node], description: '好的做法（TRN-3）：发布后全县可读' })
export class GoodPracticeModel implements Node {
  @Field(() => ID) id: string;
  @Field() title: string;
  @Field({ description: '要解决的问题' }) problem: string;
  @Field({ description: '主要做法' }) actions: string;
  @Field({ description: '取得的成效' }) results: string;
  @Field(() => [AttachmentModel]) attachments: AttachmentModel[];
  @Field(() => PracticeStatus) status: PracticeStatus;
  @Field(() => String, { nullable: true, description: '审核意见' }) reviewComment: string | null;
  @Field() submittedBy: string;
  @Field(() => DateTimeScalar) submittedAt: Date;
  @Field(() => DateTimeScalar, { nullable: true }) publishedAt: Date | null;
  @Field(() => Int) version: number;
  readonly row: GoodPractice;

  static from(row: GoodPractice): GoodPracticeModel {
    return modelOf(new GoodPracticeModel(), row, {
      id: toGlobalId('GoodPractice', row.id), title: row.title, problem: row.problem, actions: row.actions, results: row.results, attachments: row.attachments,
      status: row.status, reviewComment: row.reviewComment, submittedBy: row.submittedBy, submittedAt: row.submittedAt, publishedAt: row.publishedAt, version: row.version,
    });
  }
}
@ObjectType('GoodPracticeConnection')
export class GoodPracticeConnection extends Connection(GoodPracticeModel, 'GoodPractice') {}

@ObjectType('GoodPracticeEvent', { description: '好的做法的办理记录' })
export class GoodPracticeEventModel {
  @Field(() => PracticeAction) action: PracticeAction;
  @Field(() => PracticeStatus, { nullable: true }) fromStatus: PracticeStatus | null;
  @Field(() => PracticeStatus) toStatus: PracticeStatus;
  @Field(() => String, { nullable: true }) note: string | null;
  @Field() actor: string;
  @Field(() => DateTimeScalar) at: Date;

  static from(row: GoodPracticeEvent): GoodPracticeEventModel {
    return Object.assign(new GoodPracticeEventModel(), { action: row.action, fromStatus: row.fromStatus, toStatus: row.toStatus, note: row.note, actor: row.actor, at: row.at });
  }
}

@InputType({ description: '报送好的做法（TRN-3）' })
export class SubmitGoodPracticeInput {
  @IdField({ description: '乡镇' }) regionId: string;
  @TextField(200) title: string;
  @TextField(5000, { description: '要解决的问题' }) problem: string;
  @TextField(10000, { description: '主要做法' }) actions: string;
  @TextField(5000, { description: '取得的成效' }) results: string;
  @ListField(() => AttachmentInput, 20, { optional: true }) attachments?: AttachmentInput[];
}

@InputType({ description: '修改被退回的好的做法并重新报送；不填的项不变' })
export class ReviseGoodPracticeInput {
  @IdField() practiceId: string;
  @IntField(1, 2_000_000_000, { optional: true }) expectedVersion?: number;
  @TextField(200, { optional: true }) title?: string;
  @TextField(5000, { optional: true }) problem?: string;
  @TextField(10000, { optional: true }) actions?: string;
  @TextField(5000, { optional: true }) results?: string;
  @ListField(() => AttachmentInput, 20, { optional: true, description: '填写则替换全部附件' }) attachments?: AttachmentInput[];
  @TextField(1000, { optional: true, description: '修改说明' }) note?: string;
}


@InputType({ description: '审核好的做法：退回（须写意见）或通过' })
export class ReviewGoodPracticeInput {
  @IdField() practiceId: string;
  @Field(() => PracticeAction, { description: 'RETURN 或 ACCEPT' }) @IsEnum([PracticeAction.RETURN, PracticeAction.ACCEPT], { message: '须为 RETURN 或 ACCEPT' }) decision: PracticeAction.RETURN | PracticeAction.ACCEPT;
  @TextField(2000, { optional: true, description: '审核意见' }) comment?: string;
  @IntField(1, 2_000_000_000, { optional: true }) expectedVersion?: number;
}

@InputType({ description: '在全县发布推广审核通过的好的做法' })
export class PublishGoodPracticeInput {
  @IdField() practiceId: string;
  @IntField(1, 2_000_000_000, { optional: true }) expectedVersion?: number;
}

