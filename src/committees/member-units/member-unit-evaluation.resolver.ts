import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow } from '../../kernel/access.decorators';
import { Permission } from '../../kernel/permissions';
import { mapConnection } from '../../graphql/connection';
import { Ctx } from '../../graphql/context.decorator';
import type { RequestContext } from '../../kernel/request-context';
import { OrganizationService } from '../../organization/organization.service';
import { OrganizationModel } from '../../organization/organization.types';
import { MemberUnitEvaluationService } from './member-unit-evaluation.service';
import {
  FinalizeMemberUnitEvaluationInput, MemberUnitEvaluationConnection, MemberUnitEvaluationModel, MemberUnitEvaluationsArgs, ScoreMemberUnitInput,
} from './member-unit-evaluation.types';
import { organizationOf } from './organization-of';

/** Member units' yearly evaluation (COM-4): computed until finalized, the scored part, finalization. */
@Resolver()
export class MemberUnitEvaluationResolver {
  constructor(private readonly evaluations: MemberUnitEvaluationService) {}

  @Allow(Permission.COMMITTEE_READ)
  @Query(() => MemberUnitEvaluationConnection, { description: '成员单位年度考评（COM-4）：辖区内每个成员单位一条，未定稿的实时计算；成员单位账号只看本单位的' })
  async memberUnitEvaluations(@Ctx() ctx: RequestContext, @Args() args: MemberUnitEvaluationsArgs): Promise<MemberUnitEvaluationConnection> {
    return mapConnection(await this.evaluations.list(ctx, args, args), MemberUnitEvaluationModel.from) as MemberUnitEvaluationConnection;
  }

  @Allow(Permission.MEMBER_UNIT_EVALUATE)
  @Mutation(() => MemberUnitEvaluationModel, { description: '成员单位年度考评的评分部分（COM-4；定稿前可重评）' })
  async scoreMemberUnit(@Ctx() ctx: RequestContext, @Args('input', { description: '成员单位、年度和评分' }) input: ScoreMemberUnitInput): Promise<MemberUnitEvaluationModel> {
    return MemberUnitEvaluationModel.from(await this.evaluations.score(ctx, input));
  }

  @Allow(Permission.MEMBER_UNIT_EVALUATE)
  @Mutation(() => MemberUnitEvaluationModel, { description: '成员单位年度考评定稿（COM-4；年度结束后，时间规则 T-COM-6；定稿后不再改变）' })
  async finalizeMemberUnitEvaluation(@Ctx() ctx: RequestContext, @Args('input', { description: '成员单位和年度' }) input: FinalizeMemberUnitEvaluationInput): Promise<MemberUnitEvaluationModel> {
    return MemberUnitEvaluationModel.from(await this.evaluations.finalize(ctx, input));
  }
}

@Resolver(() => MemberUnitEvaluationModel)
export class MemberUnitEvaluationFieldsResolver {
  constructor(private readonly organizations: OrganizationService) {}

  @Allow(Permission.COMMITTEE_READ)
  @ResolveField(() => OrganizationModel, { description: '成员单位' })
  memberUnit(@Ctx() ctx: RequestContext, @Parent() e: MemberUnitEvaluationModel): Promise<OrganizationModel> {
    return organizationOf(this.organizations, ctx, e.value.memberUnitId);
  }
}
