import { Args, ArgsType, Field, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { IsString, MaxLength } from 'class-validator';
import { Allow } from '../kernel/access.decorators';
import { Permission } from '../kernel/permissions';
import { periodLabel } from '../common/period';
import { Ctx } from '../graphql/context.decorator';
import { toGlobalId } from '../graphql/global-id';
import { NestedField } from '../graphql/input-fields';
import { PeriodInput } from '../graphql/period.types';
import type { RequestContext } from '../kernel/request-context';
import { AppraisalReceiptModel, AppraisalRoundModel, CastAppraisalBallotInput } from './appraisal.types';
import { EvaluationInputsService } from './evaluation-inputs.service';
import { subjectGlobalId } from './roster';

@ArgsType()
class RoundArgs {
  @Field(() => ID, { description: '工作站 id' }) @IsString() @MaxLength(200) stationId: string;
  @NestedField(() => PeriodInput, { description: '月或季度' }) period: PeriodInput;
}

/** Anonymous democratic appraisal (EVA-1, EVA-2): a round's subjects and ballots. */
@Resolver()
export class AppraisalResolver {
  constructor(private readonly inputs: EvaluationInputsService) {}

  @Allow(Permission.APPRAISAL_VOTE)
  @Mutation(() => AppraisalReceiptModel, { description: '民主评议投票（匿名，EVA-1、EVA-2）' })
  async castAppraisalBallot(@Ctx() ctx: RequestContext, @Args('input', { description: '工作站、周期和每个对象的评分' }) input: CastAppraisalBallotInput): Promise<AppraisalReceiptModel> {
    const r = await this.inputs.castBallot(ctx, input);
    return {
      stationId: toGlobalId('Organization', r.station.id), stationName: r.station.name, period: { ...r.period, label: periodLabel(r.period) }, valid: r.valid, ballots: r.ballots,
      message: r.valid ? '投票成功' : '已投票，但各对象分数相同，按规定为无效票，不计入评议结果',
    };
  }

  @Allow(Permission.APPRAISAL_VOTE)
  @Query(() => AppraisalRoundModel, { description: '民主评议的一轮：须评分的对象、已投票数、本人是否已投（EVA-1、EVA-2）' })
  async appraisalRound(@Ctx() ctx: RequestContext, @Args() args: RoundArgs): Promise<AppraisalRoundModel> {
    const r = await this.inputs.round(ctx, args.stationId, args.period);
    return {
      stationId: toGlobalId('Organization', r.station.id), stationName: r.station.name, period: { ...r.period, label: periodLabel(r.period) },
      subjects: r.subjects.map((x) => ({ subjectId: subjectGlobalId(x.kind, x.id), subjectKind: x.kind, name: x.name })), ballots: r.ballots, voted: r.voted, closed: r.closed,
    };
  }
}
