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
import { CalendarDateScalar, DateTimeScalar } from '../graphql/scalars';

export { subjectGlobalId };

/**
 * The subjects of one station in one period: its staff on duty on the first day (at most its quota, 2–3: ORG-3,
 * PER-9, checked by date when putting a post on duty) and the station itself. A ballot scores each of them.
 */
export const MAX_ROUND_SUBJECTS = 4;
/** A finalization's lists are bounded by what one call touches: the subjects of one county or township in one period. */
const BOUND_BY_SCOPE = '最多为定稿范围（一个县或乡镇）内该期考评对象的个数（每个工作站最多 4 个：在岗人员和工作站本身）';

const period = (kind: PeriodKind, year: number, number: number): PeriodModel => ({ kind, year, number, label: periodLabel({ kind, year, number }) });

// ---------- policy ----------

@ObjectType('GradeLabel', { description: '等次的显示名称' })
export class GradeLabelModel {
  @Field(() => Grade, { description: '等次' }) grade: Grade;
  @Field({ description: '显示名称' }) label: string;
}

@ObjectType('EvaluationPolicy', { description: '考评政策（版本化；一个周期按其首日生效的版本计算，结果记录所用版本）' })
export class EvaluationPolicyModel {
  @Field(() => Int, { description: '版本号' }) version: number;
  @Field(() => CalendarDateScalar, { description: '生效日期（某月 1 日）' }) effectiveFrom: string;
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
  @Field(() => Int, { description: '民主评议定稿所需的最少有效票数（至少 3；票数不足不能定稿，以免平均分暴露个人评分，EVA-1、EVA-2）' }) appraisalMinBallots: number;
  @Field(() => Int, { description: '参加年度考评定等至少计入的月数' }) annualMinMonths: number;
  @Field(() => [Role], { description: '民主评议的评议人角色，最多 8 个（发布时限定）' }) raterRoles: Role[];
  @Field(() => [GradeLabelModel], { description: '各等次的显示名称，最多 4 条（EVA-4 的四个等次各一条）' }) gradeLabels: GradeLabelModel[];
  @Field({ description: '发布人' }) createdBy: string;

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
  @TextField(20, { description: 'EXCELLENT 的显示名称（默认 优秀）' }) excellent: string;
  @TextField(20, { description: 'GOOD 的显示名称（默认 良好）' }) good: string;
  @TextField(20, { description: 'COMPETENT 的显示名称（默认 称职）' }) competent: string;
  @TextField(20, { description: 'INCOMPETENT 的显示名称（默认 不称职）' }) incompetent: string;
}

@InputType({ description: '发布考评政策新版本（县消委办；只对以后的周期生效）' })
export class PublishEvaluationPolicyInput {
  @DateField({ description: '生效日期：今天以后某月的 1 日' }) effectiveFrom: string;
  @IntField(0, 100, { description: '月度：工作述职权重（%，与民主评议权重合计 100）' }) monthlyReportWeight: number;
  @IntField(0, 100, { description: '月度：民主评议权重（%）' }) monthlyAppraisalWeight: number;
  @IntField(0, 100, { description: '季度：业务理论考试权重（%，与民主评议权重合计 100）' }) quarterlyExamWeight: number;
  @IntField(0, 100, { description: '季度：民主评议权重（%）' }) quarterlyAppraisalWeight: number;
  @IntField(0, 100, { description: '年度：月度平均分权重（%，与季度平均分权重合计 100）' }) annualMonthlyWeight: number;
  @IntField(0, 100, { description: '年度：季度平均分权重（%）' }) annualQuarterlyWeight: number;
  @IntField(0, 100, { description: '述职评分：指导中心权重（%，与乡镇人民政府权重合计 100）' }) centerWeight: number;
  @IntField(0, 100, { description: '述职评分：乡镇人民政府权重（%）' }) townshipWeight: number;
  @NumberField(0, 100, { description: '优秀线（含，最多两位小数）' }) excellentMin: number;
  @NumberField(0, 100, { description: '良好线（含）' }) goodMin: number;
  @NumberField(0, 100, { description: '称职线（含）；以下为不称职' }) competentMin: number;
  @IntField(0, 100, { optional: true, description: '年度优秀比例上限（%）；不填为不限' }) excellentCapPercent?: number | null;
  @IntField(2, 100, { description: '有效票多于此数时去掉一个最高分和一个最低分（至少 2）' }) appraisalTrimAbove: number;
  @IntField(3, 100, { optional: true, description: '民主评议定稿所需的最少有效票数（3–100；不填沿用上一版本，默认 3，EVA-1、EVA-2）' }) appraisalMinBallots?: number | null;
  @IntField(1, 12, { description: '参加年度考评定等至少计入的月数（1–12）' }) annualMinMonths: number;
  @Field(() => [Role], { description: '民主评议的评议人角色（1 至 8 个）' }) @ArrayMinSize(1) @ArrayMaxSize(8) @IsEnum(Role, { each: true }) raterRoles: Role[];
  @NestedField(() => GradeLabelsInput, { optional: true, description: '不填沿用 优秀、良好、称职、不称职' }) gradeLabels?: GradeLabelsInput | null;
}

// ---------- work reports (EVA-1, EVA-5) ----------

@ObjectType('DutyReportScore', { description: '工作述职的评分（EVA-5：指导中心、乡镇人民政府各一）' })
export class DutyReportScoreModel {
  @Field(() => ScoringSide, { description: '评分方' }) side: ScoringSide;
  @Field(() => Int, { description: '分数 0–100' }) score: number;
  @Field(() => String, { nullable: true, description: '评语' }) comment: string | null;
  @Field(() => String, { nullable: true, description: '定稿后更正评分的理由' }) correctionReason: string | null;
  @Field({ description: '评分人' }) scoredBy: string;
  @Field(() => DateTimeScalar, { description: '评分时刻' }) scoredAt: Date;
  @Field(() => Int, { description: '本方评分的版本：每次重新评分加 1（重新评分时作为 expectedScoreVersion 传回）' }) version: number;

  static from(row: DutyReportScore): DutyReportScoreModel {
    return Object.assign(new DutyReportScoreModel(), {
      side: row.side, score: row.score, comment: row.comment, correctionReason: row.correctionReason, scoredBy: row.scoredBy, scoredAt: row.scoredAt, version: row.version,
    });
  }
}

@ObjectType('DutyReport', { implements: () => [Node], description: '月度工作述职（EVA-1；人员或工作站整体）' })
export class DutyReportModel implements Node {
  @Field(() => ID, { description: '述职的全局 id' }) id: string;
  @Field(() => SubjectKind, { description: '述职的是人员还是工作站整体' }) subjectKind: SubjectKind;
  @Field(() => ID, { description: '人员或工作站的 id' }) subjectId: string;
  @Field(() => PeriodModel, { description: '述职的月份' }) period: PeriodModel;
  @Field({ description: '述职内容' }) content: string;
  @Field(() => [AttachmentModel], { description: '附件，最多 20 个（提交时限定）' }) attachments: AttachmentModel[];
  @Field({ description: '提交人' }) submittedBy: string;
  @Field(() => DateTimeScalar, { description: '提交时刻' }) submittedAt: Date;
  @Field(() => Int, { description: '述职的版本（重新提交加 1；评分、重新提交时作为 expectedVersion 传回）' }) version: number;
  readonly row: DutyReport;

  static from(row: DutyReport): DutyReportModel {
    return modelOf(new DutyReportModel(), row, {
      id: toGlobalId('DutyReport', row.id), subjectKind: row.subjectKind, subjectId: subjectGlobalId(row.subjectKind, row.subjectId), period: period(PeriodKind.MONTH, row.year, row.month),
      content: row.content, attachments: row.attachments, submittedBy: row.submittedBy, submittedAt: row.submittedAt, version: row.version,
    });
  }
}
@ObjectType('DutyReportConnection', { description: '月度工作述职的分页列表（新的月份在前）' })
export class DutyReportConnection extends Connection(DutyReportModel, 'DutyReport') {}

@InputType({ description: '提交月度工作述职（EVA-1；工作站为本站人员或本站整体提交；评分前可重新提交）' })
export class SubmitWorkReportInput {
  @IdField({ description: '人员 id（当月 1 日在岗）或工作站 id' }) subjectId: string;
  @IntField(2000, 2100, { description: '年' }) year: number;
  @IntField(1, 12, { description: '月 1–12' }) month: number;
  @TextField(20000, { description: '述职内容' }) content: string;
  @ListField(() => AttachmentInput, 20, { optional: true, description: '附件（先上传到 /attachments）' }) attachments?: AttachmentInput[] | null;
  @IntField(1, 1_000_000, { optional: true, description: '重新提交时：所替换述职的版本（已被他人替换则 CONFLICT）' }) expectedVersion?: number | null;
}

@InputType({ description: '为工作述职评分（EVA-5：指导中心或乡镇人民政府，按账号角色；再次评分替换本方评分）' })
export class ScoreWorkReportInput {
  @IdField({ description: '工作述职 id' }) reportId: string;
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
  @IntField(0, 100, { description: '分数 0–100' }) score: number;
}

@InputType({ description: '民主评议投票（匿名；须为本轮每个对象评分；每人每轮一票）' })
export class CastAppraisalBallotInput {
  @IdField({ description: '工作站 id' }) stationId: string;
  @NestedField(() => PeriodInput, { description: '月或季度' }) period: PeriodInput;
  @ListField(() => BallotScoreInput, 10, { min: 1, description: '本轮每个对象的评分，每个对象一条（见 appraisalRound 的 subjects）' }) scores: BallotScoreInput[];
}

@ObjectType('AppraisalReceipt', { description: '投票回执（不含分数，不可追溯到票）' })
export class AppraisalReceiptModel {
  @Field(() => ID, { description: '工作站 id' }) stationId: string;
  @Field({ description: '工作站名称' }) stationName: string;
  @Field(() => PeriodModel, { description: '评议的月或季度' }) period: PeriodModel;
  @Field({ description: '是否有效票（各对象同分为无效票）' }) valid: boolean;
  @Field(() => Int, { description: '本轮已投票数' }) ballots: number;
  @Field({ description: '给投票人的提示' }) message: string;
}

@ObjectType('AppraisalSubject', { description: '本轮评议对象' })
export class AppraisalSubjectModel {
  @Field(() => ID, { description: '人员或工作站的 id（投票时填写）' }) subjectId: string;
  @Field(() => SubjectKind, { description: '人员还是工作站整体' }) subjectKind: SubjectKind;
  @Field({ description: '姓名或工作站名称' }) name: string;
}

@ObjectType('AppraisalRound', { description: '一个工作站某月或某季度的民主评议（评议人投票前查看）' })
export class AppraisalRoundModel {
  @Field(() => ID, { description: '工作站 id' }) stationId: string;
  @Field({ description: '工作站名称' }) stationName: string;
  @Field(() => PeriodModel, { description: '评议的月或季度' }) period: PeriodModel;
  @Field(() => [AppraisalSubjectModel], { description: `须逐一评分的对象（期初在岗人员和工作站），最多 ${MAX_ROUND_SUBJECTS} 个：工作站编制至多 3 人（ORG-3），在岗不超过编制（PER-9），加工作站本身` })
  subjects: AppraisalSubjectModel[];
  @Field(() => Int, { description: '已投票数' }) ballots: number;
  @Field({ description: '本账号是否已投票' }) voted: boolean;
  @Field({ description: '是否已定稿（不再接受投票）' }) closed: boolean;
}

// ---------- results (EVA-3, EVA-4, EVA-6) ----------

@ObjectType('Evaluation', { implements: () => [Node], description: '考评结果（定稿即锁定；更正为新版本）' })
export class EvaluationModel implements Node {
  @Field(() => ID, { description: '考评结果的全局 id' }) id: string;
  @Field(() => SubjectKind, { description: '考评对象是人员还是工作站整体' }) subjectKind: SubjectKind;
  @Field(() => ID, { description: '人员或工作站的 id' }) subjectId: string;
  @Field({ description: '考评对象（定稿时的名称）' }) subjectName: string;
  @Field(() => PeriodModel, { description: '考评周期（月、季度或年）' }) period: PeriodModel;
  @Field(() => Float, { description: '得分（0–100，两位小数）' }) score: number;
  @Field(() => Grade, { description: '等次（EVA-4）' }) grade: Grade;
  @Field({ description: '等次名称（所用政策版本的）' }) gradeLabel: string;
  @Field(() => Int, { description: '所用考评政策版本' }) policyVersion: number;
  @Field(() => Int, { description: '结果版本（更正一次加一）' }) version: number;
  @Field({ description: '是否现行版本' }) current: boolean;
  @Field(() => String, { nullable: true, description: '更正理由（更正的版本才有）' }) correctionReason: string | null;
  @Field({ description: '定稿人' }) finalizedBy: string;
  @Field(() => DateTimeScalar, { description: '定稿时刻' }) finalizedAt: Date;
  readonly row: EvaluationResult;

  static from(row: EvaluationResult): EvaluationModel {
    return modelOf(new EvaluationModel(), row, {
      id: toGlobalId('Evaluation', row.id), subjectKind: row.subjectKind, subjectId: subjectGlobalId(row.subjectKind, row.subjectId), subjectName: row.subjectName,
      period: period(row.periodKind, row.year, row.number), score: row.score, grade: row.grade, gradeLabel: row.gradeLabel, policyVersion: row.policyVersion,
      version: row.version, current: row.current, correctionReason: row.correctionReason, finalizedBy: row.finalizedBy, finalizedAt: row.finalizedAt,
    });
  }
}
@ObjectType('EvaluationConnection', { description: '考评结果的分页列表（按定稿时刻）' })
export class EvaluationConnection extends Connection(EvaluationModel, 'Evaluation') {}

@ObjectType('BreakdownLine', { description: '计算明细的一行：输入、权重或中间值（path 表示层级，如 report.center）' })
export class BreakdownLineModel {
  @Field({ description: '层级路径，如 report、report.center、monthly.2027-03' }) path: string;
  @Field({ description: '名称' }) label: string;
  @Field(() => Float, { nullable: true, description: '计入上一级的权重（%）' }) weight: number | null;
  @Field(() => Float, { nullable: true, description: '数值（分数或平均分；免于考评的期为空）' }) value: number | null;
  @Field(() => String, { nullable: true, description: '说明（如来源的考评结果、计入的月数）' }) note: string | null;
}

@ObjectType('EvaluationBreakdown', { description: '考评结果的计算明细（定稿时保存，不随政策或输入变化）' })
export class EvaluationBreakdownModel {
  @Field(() => EvaluationModel, { description: '考评结果' }) evaluation: EvaluationModel;
  @Field(() => Int, { description: '所用考评政策版本' }) policyVersion: number;
  @Field(() => Float, { description: '得分（0–100，两位小数）' }) score: number;
  @Field(() => Grade, { description: '等次（EVA-4）' }) grade: Grade;
  @Field(() => [BreakdownLineModel], {
    description: '计算明细，最多 19 行（年度：月度、季度平均分各 1 行，12 个月、4 个季度各 1 行，优秀比例上限 1 行；月度 4 行；季度 2 行）',
  }) lines: BreakdownLine[];
  @Field(() => [String], { description: '附注，最多 1 条（优秀比例上限的说明）' }) notes: string[];

  static from(row: EvaluationResult): EvaluationBreakdownModel {
    const b = row.breakdown;
    return Object.assign(new EvaluationBreakdownModel(), { evaluation: EvaluationModel.from(row), policyVersion: b.policyVersion, score: b.score, grade: b.grade, lines: b.lines, notes: b.notes });
  }
}

/**
 * What every accountability case has, a person's (EVA-6) or a member unit's (COM-6): its state, its delivery to the
 * discipline commission, the interview that closes it, its version. One table, two GraphQL types.
 */
@ObjectType({ isAbstract: true })
export abstract class AccountabilityCaseProgress {
  @Field(() => AccountabilityStatus, { description: '案件状态' }) status: AccountabilityStatus;
  @Field(() => DateTimeScalar, { nullable: true, description: '送达县纪委监委订阅的时间（accountability_case.opened 推送成功时记录；尚未送达或未订阅为空）' }) deliveredAt: Date | null;
  @Field(() => CalendarDateScalar, { nullable: true, description: '约谈日期' }) interviewedOn: string | null;
  @Field(() => String, { nullable: true, description: '约谈人' }) interviewers: string | null;
  @Field(() => String, { nullable: true, description: '约谈结果' }) outcome: string | null;
  @Field(() => String, { nullable: true, description: '结案人（登记约谈结果的账号）' }) closedBy: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: '结案时刻' }) closedAt: Date | null;
  @Field(() => Int, { description: '版本号（登记约谈时作为 expectedVersion 传回）' }) version: number;
  readonly row: AccountabilityCase;
}

@ObjectType('AccountabilityCase', { implements: () => [Node], description: '连续两年不称职的问责案件（EVA-6）；成员单位的问责案件见 MemberUnitAccountabilityCase（COM-6）' })
export class AccountabilityCaseModel extends AccountabilityCaseProgress implements Node {
  @Field(() => ID, { description: '问责案件的全局 id' }) id: string;
  @Field({ description: '被问责人员的姓名' }) personName: string;
  @Field(() => Int, { description: '第二个不称职的年度' }) year: number;
  @Field({ description: '考核部门' }) assessingDepartment: string;
  @Field({ description: '编制所属单位' }) establishmentUnit: string;
  @Field(() => DateTimeScalar, { description: '通报县纪委监委的时间（立案时）' }) notifiedAt: Date;

  /** A person case (EVA-6) only: a member-unit case (COM-6) is a MemberUnitAccountabilityCase, never this type. */
  static from(row: AccountabilityCase): AccountabilityCaseModel {
    return modelOf(new AccountabilityCaseModel(), row, {
      id: toGlobalId('AccountabilityCase', row.id), personName: row.personName, year: row.year, assessingDepartment: row.assessingDepartment,
      establishmentUnit: row.establishmentUnit, status: row.status, notifiedAt: row.notifiedAt, deliveredAt: row.deliveredAt, interviewedOn: row.interviewedOn, interviewers: row.interviewers,
      outcome: row.outcome, closedBy: row.closedBy, closedAt: row.closedAt, version: row.version,
    });
  }
}
@ObjectType('AccountabilityCaseConnection', { description: '问责案件的分页列表（按立案时刻）' })
export class AccountabilityCaseConnection extends Connection(AccountabilityCaseModel, 'AccountabilityCase') {}

@ObjectType('NotEvaluatedSubject', { description: '本期不参加考评定等的对象及原因' })
export class NotEvaluatedSubjectModel {
  @Field(() => ID, { description: '人员或工作站的 id' }) subjectId: string;
  @Field({ description: '姓名或工作站名称' }) subjectName: string;
  @Field({ description: '不参加定等的原因' }) reason: string;
}

@ObjectType('FinalizeEvaluationPayload', { description: '定稿结果' })
export class FinalizeEvaluationPayload {
  @Field(() => PeriodModel, { description: '定稿的周期' }) period: PeriodModel;
  @Field(() => RegionModel, { description: '定稿范围' }) scope: RegionModel;
  @Field(() => [EvaluationModel], { description: `本次定稿（或更正）写入的结果：${BOUND_BY_SCOPE}` }) evaluations: EvaluationModel[];
  @Field(() => Int, { description: '已定稿且未变化、未重写的对象数' }) unchanged: number;
  @Field(() => [NotEvaluatedSubjectModel], { description: `本期不参加考评定等的对象及原因：${BOUND_BY_SCOPE}` }) notEvaluated: NotEvaluatedSubjectModel[];
  @Field(() => [AccountabilityCaseModel], { description: `本次定稿开启的问责案件（EVA-6）：${BOUND_BY_SCOPE}` }) accountabilityCases: AccountabilityCaseModel[];
}

@InputType({ description: '考评定稿（指导中心）：月、季度按县或乡镇；年度按全县。已定稿的更正须填写理由' })
export class FinalizeEvaluationInput {
  @NestedField(() => PeriodInput, { description: '定稿的月、季度或年' }) period: PeriodInput;
  @IdField({ optional: true, description: '县或乡镇，默认本账号所在区划' }) regionId?: string | null;
  @TextField(1000, { optional: true, description: '更正理由（更正已定稿的结果时必填）' }) correctionReason?: string | null;
}

@InputType({ description: '登记问责约谈（EVA-6）' })
export class RecordAccountabilityInterviewInput {
  @IdField({ description: '问责案件 id' }) caseId: string;
  @DateField({ description: '约谈日期' }) interviewedOn: string;
  @TextField(500, { description: '约谈人（考核部门和编制所属单位）' }) interviewers: string;
  @TextField(5000, { description: '约谈结果' }) outcome: string;
  @IntField(1, 1_000_000, { optional: true, description: '读取时的版本号' }) expectedVersion?: number | null;
}

@ObjectType('EvaluationReminder', { description: '考评提醒（由定时任务生成：谁还没有提交或评分）' })
export class EvaluationReminderModel {
  @Field(() => ReminderKind, { description: '提醒的事项' }) kind: ReminderKind;
  @Field(() => Role, { description: '应办理的角色' }) audience: Role;
  @Field(() => PeriodModel, { description: '考评周期（月或季度）' }) period: PeriodModel;
  @Field(() => ID, { description: '工作站 id' }) stationId: string;
  @Field(() => [String], { description: `涉及的考评对象（名称），最多 ${MAX_ROUND_SUBJECTS} 个：一个工作站一期的考评对象` }) subjects: string[];
  @Field(() => DateTimeScalar, { description: '提醒生成的时刻' }) remindedAt: Date;

  static from(row: EvaluationReminder): EvaluationReminderModel {
    return Object.assign(new EvaluationReminderModel(), {
      kind: row.kind, audience: row.audience as Role, period: period(row.periodKind, row.year, row.number), stationId: toGlobalId('Organization', row.stationId),
      subjects: row.subjects, remindedAt: row.remindedAt,
    });
  }
}

@ObjectType('EvaluationReminderConnection', { description: '考评提醒的分页列表（按周期，再按事项）' })
export class EvaluationReminderConnection extends Connection(EvaluationReminderModel, 'EvaluationReminder') {}
