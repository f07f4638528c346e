import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow } from '../kernel/access.decorators';
import { Permission } from '../kernel/permissions';
import { Clock } from '../common/clock';
import { Ctx } from '../graphql/context.decorator';
import type { RequestContext } from '../kernel/request-context';
import { CommitteePolicyService } from './committee-policy.service';
import { CommitteePolicyArgs, CommitteePolicyModel, PublishCommitteePolicyInput } from './committee-policy.types';

/** The committees' versioned policy (COM-2, COM-4; T-COM-5). */
@Resolver()
export class CommitteePolicyResolver {
  constructor(private readonly policies: CommitteePolicyService, private readonly clock: Clock) {}

  @Allow(Permission.COMMITTEE_READ)
  @Query(() => CommitteePolicyModel, { description: '某日生效的委员会工作政策（默认今天）' })
  async committeePolicy(@Args() args: CommitteePolicyArgs): Promise<CommitteePolicyModel> {
    return CommitteePolicyModel.from(await this.policies.on(args.asOf ?? this.clock.today()));
  }

  @Allow(Permission.COMMITTEE_POLICY_MANAGE)
  @Mutation(() => CommitteePolicyModel, { description: '发布委员会工作政策新版本（今天或以后生效，不溯及既往：T-COM-5）' })
  async publishCommitteePolicy(@Ctx() ctx: RequestContext, @Args('input', { description: '新版本的参数和生效日期' }) input: PublishCommitteePolicyInput): Promise<CommitteePolicyModel> {
    return CommitteePolicyModel.from(await this.policies.publish(ctx, input));
  }
}
