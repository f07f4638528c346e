import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsEnum } from 'class-validator';
import { AttachmentInput, AttachmentModel } from '../attachments/attachment.types';
import { Role } from '../auth/permissions';
import { PeriodKind, periodLabel } from '../common/period';
import { Connection } from '../graphql/connection';
import { toGlobalId } from '../graphql/global-id';
import { DateField, IdField, IntField, ListField, NestedField, NumberField, TextField } from '../graphql/input-fields';
import { modelOf } from '../graphql/model';
import { Node } from '../graphql/node';
import { PeriodInput, PeriodModel } from '../graphql/period.types';
import { RegionModel } from '../organization/organization.types';
import { AccountabilityStatus, Grade, ReminderKind, ScoringSide, SubjectKind } from './evaluation.enums';
import { AccountabilityCase, DutyReport, DutyReportScore, EvaluationPolicy, EvaluationReminder, EvaluationResult } from './evaluation.entity';
import type { BreakdownLine } from './evaluation.rules';
import { subjectGlobalId } from './roster';
import { DateTimeScalar } from '../graphql/scalars';

export { subjectGlobalId };

const period = (kind: PeriodKind, year: number, number: number): PeriodModel => ({ kind, year, number, label: periodLabel({ kind, year, number }) });

// ---------- policy ----------

@ObjectType('GradeLabel', { description: '等次的显示名称' })
export class GradeLabelModel {
  @Field(() => Grade) grade: Grade;
  @Field() label: string;
}

@ObjectType('EvaluationPolicy', { description: '考评政策（版本化；一个周期按其首日生效的版本计算，结果记录所用版本）' })
export class EvaluationPolicyModel {
  @Field(() => Int) version: number;
  @Field({ description: '生效日期（某月 1 日）' }) effectiveFrom: string;
  @Field(() => Int, { description: '月度：工作述职权重（%）' }) monthlyReportWeight: number;
  @Field(() => Int, { description: '月度：民主评议权重（%）' }) monthlyAppraisalWeight: number;
  @Field(() => Int, { description: '季度：业务理论考试权重（%）' }) quarterlyExamWeight: number;
  @Field(() => Int, { description: '季度：民主评议权重（%）' }) quarterlyAppraisalWeight: number;
  @Field(() => Int, { description: '年度：月度平均分权重（%）' }) annualMonthlyWeight: number;
  @Field(() => Int, { description: '年度：季度平均分权重（%）' }) annualQuarterlyWeight: number;
  @Field(() => Int, { description: '述职评分：指导中心权重（%）' }) centerWeight: number;
  @Field(() => Int, { description: '述职评分：乡镇人民政府权重（%）' }) townshipWeight: number;
  @Field(() => Float, { description: '优秀线（含）' }) excellentMin: number;
  @Field(() => Float, { description: '良好线（含）' }) goodMin: number;
  @Field(() => Float, { description: '称职线（含）；以下为不称职' }) competentMin: number;
  @Field(() => Int, { nullable: true, description: '年度优秀比例上限（%，向下取整；空为不限）' }) excellentCapPercent: number | null;
  @Field(() => Int, { description: '有效票多于此数时去掉一个最高分和一个最低分' }) appraisalTrimAbove: number;
  @Field(() => Int, { description: '参加年度考评定等至少计入的月数' }) annualMinMonths: number;
  @Field(() => [Role], { description: '民主评议的评议人角色' }) raterRoles: Role[];
  @Field(() => [GradeLabelModel]) gradeLabels: GradeLabelModel[];
  @Field() createdBy: string;

  static from(row: EvaluationPolicy): EvaluationPolicyModel {
    const { gradeLabels, raterRoles, createdAt: _createdAt, ...rest } = row;
    return Object.assign(new EvaluationPolicyModel(), rest, {
      raterRoles: raterRoles as Role[],
      gradeLabels: Object.values(Grade).map((grade) => ({ grade, label: gradeLabels[grade] })),
    });
  }
}

@InputType({ description: '等次显示名称' })
export class GradeLabelsInput {
  @TextField(20) excellent: string;
  @TextField(20) good: string;
  @TextField(20) competent: string;
  @TextField(20) incompetent: string;
}

@InputType({ description: '发布考评政策新版本（县消委办；只对以后的周期生效）' })
export class PublishEvaluationPolicyInput {
  @DateField({ description: '生效日期：今天以后某月的 1 日' }) effectiveFrom: string;
  @IntField(0, 100) monthlyReportWeight: number;
  @IntField(0, 100) monthlyAppraisalWeight: number;
  @IntField(0, 100) quarterlyExamWeight: number;
  @IntField(0, 100) quarterlyAppraisalWeight: number;
  @IntField(0, 100) annualMonthlyWeight: number;
  @IntField(0, 100) annualQuarterlyWeight: number;
  @IntField(0, 100) centerWeight: number;
  @IntField(0, 100) townshipWeight: number;
  @NumberField(0, 100) excellentMin: number;
  @NumberField(0, 100) goodMin: number;
  @NumberField(0, 100) competentMin: number;
  @IntField(0, 100, { optional: true, description: '年度优秀比例上限（%）；不填为不限' }) excellentCapPercent?: number | null;
  @IntField(2, 100, { description: '有效票多于此数时去掉一个最高分和一个最低分（至少 2）' }) appraisalTrimAbove: number;
  @IntField(1, 12) annualMinMonths: number;
  @Field(() => [Role]) @ArrayMinSize(1) @ArrayMaxSize(8) @IsEnum(Role, { each: true }) raterRoles: Role[];
  @NestedField(() => GradeLabelsInput, { optional: true, description: '不填沿用 优秀、良好、称职、不称职' }) gradeLabels?: GradeLabelsInput | null;
}

// ---------- work reports (EVA-1, EVA-5) ----------

@ObjectType('DutyReportScore', { description: '工作述职的评分（EVA-5：指导中心、乡镇人民政府各一）' })
export class DutyReportScoreModel {
  @Field(() => ScoringSide) side: ScoringSide;
  @Field(() => Int) score: number;
  @Field(() => String, { nullable: true }) comment: string | null;
  @Field(() => String, { nullable: true, description: '定稿后更正评分的理由' }) correctionReason: string | null;
  @Field() scoredBy: string;
  @Field(() => DateTimeScalar) scoredAt: Date;
  @Field(() => Int, { description: '本方评分的版本：每次重新评分加 1（重新评分时作为 expectedScoreVersion 传回）' }) version: number;

  static from(row: DutyReportScore): DutyReportScoreModel {
    return Object.assign(new DutyReportScoreModel(), {
      side: row.side, score: row.score, comment: row.comment, correctionReason: row.correctionReason, scoredBy: row.scoredBy, scoredAt: row.scoredAt, version: row.version,
    });
  }
}

@ObjectType('DutyReport', { implements: () => [Node], description: '月度工作述职（EVA-1；人员或工作站整体）' })
export class DutyReportModel implements Node {
  @Field(() => ID) id: string;
  @Field(() => SubjectKind) subjectKind: SubjectKind;
  @Field(() => ID, { description: '人员或工作站的 id' }) subjectId: string;
  @Field(() => PeriodModel) period: PeriodModel;
  @Field({ description: '述职内容' }) content: string;
  @Field(() => [AttachmentModel]) attachments: AttachmentModel[];
  @Field() submittedBy: string;
  @Field(() => DateTimeScalar) submittedAt: Date;
  @Field(() => Int) version: number;
  readonly row: DutyReport;

  static from(row: DutyReport): DutyReportModel {
    return modelOf(new DutyReportModel(), row, {
      id: toGlobalId('DutyReport', row.id), subjectKind: row.subjectKind, subjectId: subjectGlobalId(row.subjectKind, row.subjectId), period: period(PeriodKind.MONTH, row.year, row.month),
      content: row.content, attachments: row.attachments, submittedBy: row.submittedBy, submittedAt: row.submittedAt, version: row.version,
    });
  }
}
@ObjectType('DutyReportConnection')
export class DutyReportConnection extends Connection(DutyReportModel, 'DutyReport') {}

@InputType({ description: '提交月度工作述职（EVA-1；工作站为本站人员或本站整体提交；评分前可重新提交）' })
export class SubmitWorkReportInput {
  @IdField({ description: '人员 id（当月 1 日在岗）或工作站 id' }) subjectId: string;
  @IntField(2000, 2100) year: number;
  @IntField(1, 12) month: number;
  @TextField(20000, { description: '述职内容' }) content: string;
  @ListField(() => AttachmentInput, 20, { optional: true, description: '附件（先上传到 /attachments）' }) attachments?: AttachmentInput[] | null;
  @IntField(1, 1_000_000, { optional: true, description: '重新提交时：所替换述职的版本（已被他人替换则 CONFLICT）' }) expectedVersion?: number | null;
}

@InputType({ description: '为工作述职评分（EVA-5：指导中心或乡镇人民政府，按账号角色；再次评分替换本方评分）' })
export class ScoreWorkReportInput {
  @IdField() reportId: string;
  @IntField(0, 100, { description: '分数 0–100' }) score: number;
  @TextField(2000, { optional: true, description: '评语' }) comment?: string | null;
  @TextField(1000, { optional: true, description: '当月已定稿时必填：更正理由' }) correctionReason?: string | null;
  @IntField(1, 1_000_000, { optional: true, description: '评分所依据的述职版本（述职已重新提交则 CONFLICT）' }) expectedVersion?: number | null;
  @IntField(0, 1_000_000, { optional: true, description: '本方评分所依据的版本：0 表示本方尚未评分；本方评分已被他人给出或修改则 CONFLICT' }) expectedScoreVersion?: number | null;
}

// ---------- appraisal (EVA-1, EVA-2) ----------

@InputType({ description: '对一个评议对象的评分' })
export class BallotScoreInput {
  @IdField({ description: '人员或工作站的 id' }) subjectId: string;
  @IntField(0, 100) score: number;
}

@InputType({ description: '民主评议投票（匿名；须为本轮每个对象评分；每人每轮一票）' })
export class CastAppraisalBallotInput {
  @IdField({ description: '工作站 id' }) stationId: string;
  @NestedField(() => PeriodInput, { description: '月或季度' }) period: PeriodInput;
  @ListField(() => BallotScoreInput, 10, { min: 1 }) scores: BallotScoreInput[];
}

@ObjectType('AppraisalReceipt', { description: '投票回执（不含分数，不可追溯到票）' })
export class AppraisalReceiptModel {
  @Field(() => ID) stationId: string;
  @Field() stationName: string;
  @Field(() => PeriodModel) period: PeriodModel;
  @Field({ description: '是否有效票（各对象同分为无效票）' }) valid: boolean;
  @Field(() => Int, { description: '本轮已投票数' }) ballots: number;
  @Field() message: string;
}

@ObjectType('AppraisalSubject', { description: '本轮评议对象' })
export class AppraisalSubjectModel {
  @Field(() => ID, { description: '人员或工作站的 id（投票时填写）' }) subjectId: string;
  @Field(() => SubjectKind) subjectKind: SubjectKind;
  @Field() name: string;
}

@ObjectType('AppraisalRound', { description: '一个工作站某月或某季度的民主评议（评议人投票前查看）' })
export class AppraisalRoundModel {
  @Field(() => ID) stationId: string;
  @Field() stationName: string;
  @Field(() => PeriodModel) period: PeriodModel;
  @Field(() => [AppraisalSubjectModel], { description: '须逐一评分的对象（期初在岗人员和工作站）' }) subjects: AppraisalSubjectModel[];
  @Field(() => Int, { description: '已投票数' }) ballots: number;
  @Field({ description: '本账号是否已投票' }) voted: boolean;
  @Field({ description: '是否已定稿（不再接受投票）' }) closed: boolean;
}

// ---------- results (EVA-3, EVA-4, EVA-6) ----------

@ObjectType('Evaluation', { implements: () => [Node], description: '考评结果（定稿即锁定；更正为新版本）' })
export class EvaluationModel implements Node {
  @Field(() => ID) id: string;
  @Field(() => SubjectKind) subjectKind: SubjectKind;
  @Field(() => ID) subjectId: string;
  @Field({ description: '考评对象（定稿时的名称）' }) subjectName: string;
  @Field(() => PeriodModel) period: PeriodModel;
  @Field(() => Float, { description: '得分（0–100，两位小数）' }) score: number;
  @Field(() => Grade) grade: Grade;
  @Field({ description: '等次名称（所用政策版本的）' }) gradeLabel: string;
  @Field(() => Int, { description: '所用考评政策版本' }) policyVersion: number;
  @Field(() => Int, { description: '结果版本（更正一次加一）' }) version: number;
  @Field({ description: '是否现行版本' }) current: boolean;
  @Field(() => String, { nullable: true }) correctionReason: string | null;
  @Field() finalizedBy: string;
  @Field(() => DateTimeScalar) finalizedAt: Date;
  readonly row: EvaluationResult;

  static from(row: EvaluationResult): EvaluationModel {
    return modelOf(new EvaluationModel(), row, {
      id: toGlobalId('Evaluation', row.id), subjectKind: row.subjectKind, subjectId: subjectGlobalId(row.subjectKind, row.subjectId), subjectName: row.subjectName,
      period: period(row.periodKind, row.year, row.number), score: row.score, grade: row.grade, gradeLabel: row.gradeLabel, policyVersion: row.policyVersion,
      version: row.version, current: row.current, correctionReason: row.correctionReason, finalizedBy: row.finalizedBy, finalizedAt: row.finalizedAt,
    });
  }
}
@ObjectType('EvaluationConnection')
export class EvaluationConnection extends Connection(EvaluationModel, 'Evaluation') {}

@ObjectType('BreakdownLine', { description: '计算明细的一行：输入、权重或中间值（path 表示层级，如 report.center）' })
export class BreakdownLineModel {
  @Field() path: string;
  @Field() label: string;
  @Field(() => Float, { nullable: true, description: '计入上一级的权重（%）' }) weight: number | null;
  @Field(() => Float, { nullable: true }) value: number | null;
  @Field(() => String, { nullable: true }) note: string | null;
}

@ObjectType('EvaluationBreakdown', { description: '考评结果的计算明细（定稿时保存，不随政策或输入变化）' })
export class EvaluationBreakdownModel {
  @Field(() => EvaluationModel) evaluation: EvaluationModel;
  @Field(() => Int) policyVersion: number;
  @Field(() => Float) score: number;
  @Field(() => Grade) grade: Grade;
  @Field(() => [BreakdownLineModel]) lines: BreakdownLine[];
  @Field(() => [String]) notes: string[];

  static from(row: EvaluationResult): EvaluationBreakdownModel {
    const b = row.breakdown;
    return Object.assign(new EvaluationBreakdownModel(), { evaluation: EvaluationModel.from(row), policyVersion: b.policyVersion, score: b.score, grade: b.grade, lines: b.lines, notes: b.notes });
  }
}

@ObjectType('AccountabilityCase', { implements: () => [Node], description: '连续两年不称职的问责案件（EVA-6）' })
export class AccountabilityCaseModel implements Node {
  @Field(() => ID) id: string;
  @Field() personName: string;
  @Field(() => Int, { description: '第二个不称职的年度' }) year: number;
  @Field({ description: '考核部门' }) assessingDepartment: string;
  @Field({ description: '编制所属单位' }) establishmentUnit: string;
  @Field(() => AccountabilityStatus) status: AccountabilityStatus;
  @Field(() => DateTimeScalar, { description: '通报县纪委监委的时间（立案时）' }) notifiedAt: Date;
  @Field(() => String, { nullable: true, description: '约谈日期' }) interviewedOn: string | null;
  @Field(() => String, { nullable: true, description: '约谈人' }) interviewers: string | null;
  @Field(() => String, { nullable: true, description: '约谈结果' }) outcome: string | null;
  @Field(() => String, { nullable: true }) closedBy: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) closedAt: Date | null;
  @Field(() => Int) version: number;
  readonly row: AccountabilityCase;

  static from(row: AccountabilityCase): AccountabilityCaseModel {
    return modelOf(new AccountabilityCaseModel(), row, {
      id: toGlobalId('AccountabilityCase', row.id), personName: row.personName, year: row.year, assessingDepartment: row.assessingDepartment,
      establishmentUnit: row.establishmentUnit, status: row.status, notifiedAt: row.notifiedAt, interviewedOn: row.interviewedOn, interviewers: row.interviewers,
      outcome: row.outcome, closedBy: row.closedBy, closedAt: row.closedAt, version: row.version,
    });
  }
}
@ObjectType('AccountabilityCaseConnection')
export class AccountabilityCaseConnection extends Connection(AccountabilityCaseModel, 'AccountabilityCase') {}

@ObjectType('NotEvaluatedSubject', { description: '本期不参加考评定等的对象及原因' })
export class NotEvaluatedSubjectModel {
  @Field(() => ID) subjectId: string;
  @Field() subjectName: string;
  @Field() reason: string;
}

@ObjectType('FinalizeEvaluationPayload', { description: '定稿结果' })
export class FinalizeEvaluationPayload {
  @Field(() => PeriodModel) period: PeriodModel;
  @Field(() => RegionModel, { description: '定稿范围' }) scope: RegionModel;
  @Field(() => [EvaluationModel], { description: '本次定稿（或更正）写入的结果' }) evaluations: EvaluationModel[];
  @Field(() => Int, { description: '已定稿且未变化、未重写的对象数' }) unchanged: number;
  @Field(() => [NotEvaluatedSubjectModel]) notEvaluated: NotEvaluatedSubjectModel[];
  @Field(() => [AccountabilityCaseModel], { description: '本次定稿开启的问责案件（EVA-6）' }) accountabilityCases: AccountabilityCaseModel[];
}

@InputType({ description: '考评定稿（指导中心）：月、季度按县或乡镇；年度按全县。已定稿的更正须填写理由' })
export class FinalizeEvaluationInput {
  @NestedField(() => PeriodInput) period: PeriodInput;
  @IdField({ optional: true, description: '县或乡镇，默认本账号所在区划' }) regionId?: string | null;
  @TextField(1000, { optional: true, description: '更正理由（更正已定稿的结果时必填）' }) correctionReason?: string | null;
}

@InputType({ description: '登记问责约谈（EVA-6）' })
export class RecordAccountabilityInterviewInput {
  @IdField() caseId: string;
  @DateField({ description: '约谈日期' }) interviewedOn: string;
  @TextField(500, { description: '约谈人（考核部门和编制所属单位）' }) interviewers: string;
  @TextField(5000, { description: '约谈结果' }) outcome: string;
  @IntField(1, 1_000_000, { optional: true, description: '读取时的版本号' }) expectedVersion?: number | null;
}

@ObjectType('EvaluationReminder', { description: '考评提醒（由定时任务生成：谁还没有提交或评分）' })
export class EvaluationReminderModel {
  @Field(() => ReminderKind) kind: ReminderKind;
  @Field(() => Role, { description: '应办理的角色' }) audience: Role;
  @Field(() => PeriodModel) period: PeriodModel;
  @Field(() => ID) stationId: string;
  @Field(() => [String], { description: '涉及的考评对象' }) subjects: string[];
  @Field(() => DateTimeScalar) remindedAt: Date;

  static from(row: EvaluationReminder): EvaluationReminderModel {
    return Object.assign(new EvaluationReminderModel(), {
      kind: row.kind, audience: row.audience as Role, period: period(row.periodKind, row.year, row.number), stationId: toGlobalId('Organization', row.stationId),
      subjects: row.subjects, remindedAt: row.remindedAt,
    });
  }
}
