import { ArgsType, Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Grade } from '../../evaluation/evaluation.enums';
import { Connection, PageArgs } from '../../graphql/connection';
import { registerEnum } from '../../graphql/enums';
import { toGlobalId } from '../../graphql/global-id';
import { IdField, IntField, NumberField, TextField } from '../../graphql/input-fields';
import { DateTimeScalar } from '../../graphql/scalars';
import { MemberUnitEvaluation } from '../committee.entity';
import { MemberUnitEvaluationStatus } from '../committees.enums';
import { EvaluationPart } from './member-unit-evaluation.rules';
import type { EvaluationPointItem } from './member-unit-evaluation.rules';

registerEnum(EvaluationPart, 'MemberUnitEvaluationPart', '成员单位考评的组成部分（COM-4）', {
  TASKS: '任务按期办结', CAMPAIGNS: '专项整治成效', SUPERVISION: '督导发现问题扣分', SCORED: '考评评分',
});

@ObjectType('EvaluationFigure', { description: '考评计分所用的一个数字' })
export class EvaluationFigureModel {
  @Field({ description: '名称' }) name: string;
  @Field(() => Float, { description: '数值' }) value: number;
}

@ObjectType('EvaluationPointItem', { description: '考评得分的一项：由哪些数字、按什么算出多少分（COM-4：每一分可追溯到其来源）' })
export class EvaluationPointItemModel {
  @Field(() => EvaluationPart, { description: '组成部分' }) part: EvaluationPart;
  @Field(() => [EvaluationFigureModel], { description: '所用数字，最多 10 个' }) figures: EvaluationFigureModel[];
  @Field(() => Float, { description: '得分' }) points: number;
  @Field(() => Float, { description: '该项满分' }) max: number;
  @Field({ description: '计算说明' }) explanation: string;
  @Field(() => [ID], { description: '计入的任务、专项整治或督导检查的全局标识，最多 1000 个' }) recordIds: string[];

  static from(item: EvaluationPointItem): EvaluationPointItemModel {
    return Object.assign(new EvaluationPointItemModel(), {
      part: item.part, figures: item.figures, points: item.points, max: item.max, explanation: item.explanation,
      recordIds: item.records.map((r) => toGlobalId(r.kind, r.id)),
    });
  }
}

/** What a list row of evaluations carries: the stored row if any, and the result (stored FINAL or computed now). */
export interface MemberUnitEvaluationValue {
  memberUnitId: string;
  year: number;
  row: MemberUnitEvaluation | null;
  status: MemberUnitEvaluationStatus;
  policyVersion: number;
  score: number;
  grade: Grade | null;
  scoredPart: number | null;
  scoredComment: string | null;
  items: EvaluationPointItem[];
  finalizedAt: Date | null;
  finalizedBy: string | null;
}

@ObjectType('MemberUnitEvaluation', { description: '成员单位年度考评（COM-4）：未定稿的按现行数据实时计算，定稿后不再改变' })
export class MemberUnitEvaluationModel {
  @Field(() => ID, { nullable: true, description: '已保存的考评记录的全局标识；尚未评分的为空' }) id: string | null;
  @Field(() => Int, { description: '年度' }) year: number;
  @Field(() => MemberUnitEvaluationStatus, { description: '状态' }) status: MemberUnitEvaluationStatus;
  @Field(() => Int, { description: '计算所用的委员会工作政策版本（定稿的为定稿时的版本；未定稿的为年度最后一天有效的版本）' }) policyVersion: number;
  @Field(() => Float, { description: '总分（各项得分之和；未评分时不含评分部分）' }) score: number;
  @Field(() => Grade, { nullable: true, description: '等次（EVA-4）；评分部分尚未评分时为空' }) grade: Grade | null;
  @Field(() => Float, { nullable: true, description: '评分部分的得分（百分制）；尚未评分为空' }) scoredPart: number | null;
  @Field(() => String, { nullable: true, description: '评分意见' }) scoredComment: string | null;
  @Field(() => [EvaluationPointItemModel], { description: '得分明细（每一分及其来源），最多 110 项' }) breakdown: EvaluationPointItemModel[];
  @Field(() => DateTimeScalar, { nullable: true, description: '定稿时间；未定稿为空' }) finalizedAt: Date | null;
  @Field(() => String, { nullable: true, description: '定稿人；未定稿为空' }) finalizedBy: string | null;
  readonly value: MemberUnitEvaluationValue;

  static from(v: MemberUnitEvaluationValue): MemberUnitEvaluationModel {
    const m = Object.assign(new MemberUnitEvaluationModel(), {
      id: v.row ? toGlobalId('MemberUnitEvaluation', v.row.id) : null, year: v.year, status: v.status, policyVersion: v.policyVersion, score: v.score,
      grade: v.grade, scoredPart: v.scoredPart, scoredComment: v.scoredComment, breakdown: v.items.map(EvaluationPointItemModel.from),
      finalizedAt: v.finalizedAt, finalizedBy: v.finalizedBy,
    });
    Object.defineProperty(m, 'value', { value: v, enumerable: false });
    return m;
  }
}
@ObjectType('MemberUnitEvaluationConnection', { description: '成员单位年度考评的分页列表（Relay 连接，按单位名称）' })
export class MemberUnitEvaluationConnection extends Connection(MemberUnitEvaluationModel, 'MemberUnitEvaluation') {}

@ArgsType()
export class MemberUnitEvaluationsArgs extends PageArgs {
  @IntField(2000, 2100, { description: '年度' }) year: number;
  @Field(() => ID, { nullable: true, description: '区划（含下级），默认本辖区' }) @IsOptional() @IsString() @MaxLength(200) regionId?: string;
  @Field(() => ID, { nullable: true, description: '只看这一成员单位' }) @IsOptional() @IsString() @MaxLength(200) memberUnitId?: string;
}

@InputType('ScoreMemberUnitInput', { description: '成员单位考评的评分部分（COM-4）' })
export class ScoreMemberUnitInput {
  @IdField({ description: '成员单位' }) memberUnitId: string;
  @IntField(2000, 2100, { description: '年度' }) year: number;
  @NumberField(0, 100, { description: '评分（百分制，0 至 100，最多两位小数）' }) scoredPart: number;
  @TextField(1000, { optional: true, description: '评分意见（最多 1000 字）' }) comment?: string | null;
}

@InputType('FinalizeMemberUnitEvaluationInput', { description: '成员单位年度考评定稿（年度结束后，时间规则 T-COM-6）' })
export class FinalizeMemberUnitEvaluationInput {
  @IdField({ description: '成员单位' }) memberUnitId: string;
  @IntField(2000, 2100, { description: '年度' }) year: number;
}
