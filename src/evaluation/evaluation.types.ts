import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '../graphql/connection';
import { toGlobalId } from '../graphql/global-id';
import { IdField, NestedField, TextField } from '../graphql/input-fields';
import { modelOf } from '../graphql/model';
import { Node } from '../graphql/node';
import { PeriodInput, PeriodModel, periodModel } from '../graphql/period.types';
import { DateTimeScalar } from '../graphql/scalars';
import { RegionModel } from '../organization/region.types';
import { AccountabilityCaseModel } from './accountability-case.types';
import { EvaluationResult } from './evaluation.entity';
import { Grade, SubjectKind } from './evaluation.enums';
import type { BreakdownLine } from './evaluation.rules';
import { subjectGlobalId } from './roster';

/** A finalization's lists are bounded by what one call touches: the subjects of one county or township in one period. */
const BOUND_BY_SCOPE = '最多为定稿范围（一个县或乡镇）内该期考评对象的个数（每个工作站最多 4 个：在岗人员和工作站本身）';

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
      period: periodModel(row.periodKind, row.year, row.number), score: row.score, grade: row.grade, gradeLabel: row.gradeLabel, policyVersion: row.policyVersion,
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
