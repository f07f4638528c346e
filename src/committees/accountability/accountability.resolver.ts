import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow } from '../../kernel/access.decorators';
import { Permission } from '../../kernel/permissions';
import { mapConnection } from '../../graphql/connection';
import { Ctx } from '../../graphql/context.decorator';
import { NotFoundError } from '../../kernel/errors';
import type { RequestContext } from '../../kernel/request-context';
import { InvestigationModel } from '../../inspections/fire.types';
import { OrganizationService } from '../../organization/organization.service';
import { OrganizationModel } from '../../organization/organization.types';
import { RegionModel } from '../../organization/region.types';
import { RegionFields } from '../../organization/region-fields';
import { CommitteeAccountabilityService } from './accountability.service';
import {
  CiteTasksInInvestigationInput, MemberUnitAccountabilityCaseConnection, MemberUnitAccountabilityCaseModel, MemberUnitAccountabilityCasesArgs,
  OpenMemberUnitAccountabilityCaseInput, RecordMemberUnitAccountabilityInterviewInput, TaskCitationModel,
} from './accountability.types';

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
  @Mutation(() => MemberUnitAccountabilityCaseModel, { description: '对成员单位立案问责（工作不落实造成严重后果，COM-6）；县纪委监委可查看' })
  async openMemberUnitAccountabilityCase(@Ctx() ctx: RequestContext, @Args('input', { description: '成员单位、原因和依据' }) input: OpenMemberUnitAccountabilityCaseInput): Promise<MemberUnitAccountabilityCaseModel> {
    return MemberUnitAccountabilityCaseModel.from(await this.service.openMemberUnitCase(ctx, input));
  }

  @Allow(Permission.ACCOUNTABILITY_READ)
  @Query(() => MemberUnitAccountabilityCaseConnection, { description: '成员单位问责案件（COM-6；人员的问责案件见 accountabilityCases）；成员单位账号只看到本单位的' })
  async memberUnitAccountabilityCases(@Ctx() ctx: RequestContext, @Args() args: MemberUnitAccountabilityCasesArgs): Promise<MemberUnitAccountabilityCaseConnection> {
    return mapConnection(await this.service.unitCases(ctx, args, args), MemberUnitAccountabilityCaseModel.from) as MemberUnitAccountabilityCaseConnection;
  }

  @Allow(Permission.ACCOUNTABILITY_MANAGE, { outside: 'NOT_FOUND' })
  @Mutation(() => MemberUnitAccountabilityCaseModel, { description: '登记成员单位问责案件的约谈及结果（COM-6，与人员案件的 recordAccountabilityInterview 相同）' })
  async recordMemberUnitAccountabilityInterview(
    @Ctx() ctx: RequestContext,
    @Args('input', { description: '案件、约谈日期、约谈人和结果' }) input: RecordMemberUnitAccountabilityInterviewInput,
  ): Promise<MemberUnitAccountabilityCaseModel> {
    return MemberUnitAccountabilityCaseModel.from(await this.service.recordUnitInterview(ctx, input));
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

@Resolver(() => MemberUnitAccountabilityCaseModel)
export class MemberUnitAccountabilityCaseFieldsResolver extends RegionFields {
  @Allow(Permission.ACCOUNTABILITY_READ)
  @ResolveField(() => OrganizationModel, { description: '被问责的成员单位' })
  async memberUnit(@Ctx() ctx: RequestContext, @Parent() c: MemberUnitAccountabilityCaseModel): Promise<OrganizationModel> {
    const row = await this.organizations.organizationById(ctx).load(c.row.organizationId!);
    if (!row) throw new NotFoundError('成员单位');
    return OrganizationModel.from(row);
  }

  @Allow(Permission.ACCOUNTABILITY_READ)
  @ResolveField(() => RegionModel, { description: '成员单位所在区划（案件的辖区）' })
  region(@Ctx() ctx: RequestContext, @Parent() c: MemberUnitAccountabilityCaseModel): Promise<RegionModel> {
    return this.regionOf(ctx, c.row.regionId);
  }
}
