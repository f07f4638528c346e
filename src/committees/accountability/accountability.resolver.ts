import { Args, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow } from '../../auth/access.decorators';
import { Permission } from '../../auth/permissions';
import { AccountabilityCaseModel } from '../../evaluation/evaluation.types';
import { Ctx } from '../../graphql/context.decorator';
import type { RequestContext } from '../../graphql/request-context';
import { InvestigationModel } from '../../inspections/inspections.types';
import { OrganizationService } from '../../organization/organization.service';
import { OrganizationModel } from '../../organization/organization.types';
import { CommitteeAccountabilityService } from './accountability.service';
import { CiteTasksInInvestigationInput, OpenMemberUnitAccountabilityCaseInput, TaskCitationModel } from './accountability.types';

/** COM-6: investigations citing tasks not implemented, and cases against member units. */
@Resolver()
export class CommitteeAccountabilityResolver {
  constructor(private readonly service: CommitteeAccountabilityService) {}

  @Allow(Permission.INVESTIGATION_MANAGE, { outside: 'NOT_FOUND' })
  @Mutation(() => InvestigationModel, { description: '延伸调查引用未落实的任务（逾期或被退回）及责任单位（COM-6）' })
  async citeTasksInInvestigation(@Ctx() ctx: RequestContext, @Args('input', { description: '调查和所引用的任务' }) input: CiteTasksInInvestigationInput): Promise<InvestigationModel> {
    return InvestigationModel.from(await this.service.cite(ctx, input));
  }

  @Allow(Permission.INVESTIGATION_MANAGE, { outside: 'NOT_FOUND' })
  @Mutation(() => AccountabilityCaseModel, { description: '对成员单位立案问责（工作不落实造成严重后果，COM-6）；县纪委监委可查看' })
  async openMemberUnitAccountabilityCase(@Ctx() ctx: RequestContext, @Args('input', { description: '成员单位、原因和依据' }) input: OpenMemberUnitAccountabilityCaseInput): Promise<AccountabilityCaseModel> {
    return AccountabilityCaseModel.from(await this.service.openMemberUnitCase(ctx, input));
  }
}

@Resolver(() => InvestigationModel)
export class InvestigationCitationFieldsResolver {
  constructor(private readonly service: CommitteeAccountabilityService) {}

  // bounded: an investigation cites at most 50 tasks (MAX_CITATIONS, checked when citing)
  @Allow(Permission.INVESTIGATION_READ)
  @ResolveField(() => [TaskCitationModel], { description: '引用的未落实任务及责任单位，最多 50 个（COM-6）' })
  async citedTasks(@Ctx() ctx: RequestContext, @Parent() c: InvestigationModel): Promise<TaskCitationModel[]> {
    return (await this.service.citedTasks(ctx).load(c.row.id)).map(TaskCitationModel.from);
  }
}

@Resolver(() => TaskCitationModel)
export class TaskCitationFieldsResolver {
  constructor(private readonly organizations: OrganizationService) {}

  @Allow(Permission.INVESTIGATION_READ)
  @ResolveField(() => OrganizationModel, { description: '被认定负责的单位' })
  async responsibleUnit(@Ctx() ctx: RequestContext, @Parent() c: TaskCitationModel): Promise<OrganizationModel> {
    return OrganizationModel.from((await this.organizations.organizationById(ctx).load(c.row.responsibleUnitId))!);
  }
}
