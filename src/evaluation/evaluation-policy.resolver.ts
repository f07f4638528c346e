import { Args, ArgsType, Field, Mutation, Query, Resolver } from '@nestjs/graphql';
import { IsOptional } from 'class-validator';
import { Allow } from '../kernel/access.decorators';
import { Permission } from '../kernel/permissions';
import { Clock } from '../common/clock';
import { Ctx } from '../graphql/context.decorator';
import { IsCalendarDate } from '../graphql/input-fields';
import type { RequestContext } from '../kernel/request-context';
import { CalendarDateScalar } from '../graphql/scalars';
import { EvaluationPolicyService } from './evaluation-policy.service';
import { EvaluationPolicyModel, PublishEvaluationPolicyInput } from './evaluation-policy.types';

@ArgsType()
class PolicyArgs {
  @Field(() => CalendarDateScalar, { nullable: true, description: '哪一天生效的版本（北京时间），默认今天' }) @IsOptional() @IsCalendarDate() asOf?: string;
}

/** The versioned evaluation policy: the version in force on a day, and publishing the next one. */
@Resolver()
export class EvaluationPolicyResolver {
  constructor(private readonly policies: EvaluationPolicyService, private readonly clock: Clock) {}

  @Allow(Permission.EVALUATION_READ)
  @Query(() => EvaluationPolicyModel, { description: '某日生效的考评政策（默认今天）' })
  async evaluationPolicy(@Args() args: PolicyArgs): Promise<EvaluationPolicyModel> {
    return EvaluationPolicyModel.from(await this.policies.on(args.asOf ?? this.clock.today()));
  }

  @Allow(Permission.EVALUATION_POLICY_MANAGE)
  @Mutation(() => EvaluationPolicyModel, { description: '发布考评政策新版本（只对以后的周期生效，已定稿的结果不变）' })
  async publishEvaluationPolicy(@Ctx() ctx: RequestContext, @Args('input', { description: '新版本的参数和生效日期' }) input: PublishEvaluationPolicyInput): Promise<EvaluationPolicyModel> {
    return EvaluationPolicyModel.from(await this.policies.publish(ctx, input));
  }
}
