import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IdField, IntField, ListField, NestedField } from '../graphql/input-fields';
import { PeriodInput, PeriodModel } from '../graphql/period.types';
import { SubjectKind } from './evaluation.enums';
import { MAX_ROUND_SUBJECTS } from './roster';

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
