import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow } from '../../kernel/access.decorators';
import { Permission } from '../../kernel/permissions';
import { mapConnection } from '../../graphql/connection';
import { Ctx } from '../../graphql/context.decorator';
import type { RequestContext } from '../../kernel/request-context';
import { OrganizationService } from '../../organization/organization.service';
import { OrganizationModel } from '../../organization/organization.types';
import { MemberUnitsService } from './member-units.service';
import { organizationOf } from './organization-of';
import {
  RecordSupervisionVisitInput, SupervisionFindingModel, SupervisionVisitConnection, SupervisionVisitModel, SupervisionVisitsArgs,
} from './supervision.types';

/** Supervision of member units (COM-4): the visits and the problems found. */
@Resolver()
export class SupervisionResolver {
  constructor(private readonly units: MemberUnitsService) {}

  @Allow(Permission.SUPERVISION_RECORD)
  @Mutation(() => SupervisionVisitModel, { description: '登记对成员单位的督导检查及发现的问题（COM-4：指导中心督导县直单位，工作站督导本乡镇单位）' })
  async recordSupervisionVisit(@Ctx() ctx: RequestContext, @Args('input', { description: '被督导单位、日期、人员、情况和发现的问题' }) input: RecordSupervisionVisitInput): Promise<SupervisionVisitModel> {
    return SupervisionVisitModel.from(await this.units.recordVisit(ctx, input));
  }

  @Allow(Permission.COMMITTEE_READ)
  @Query(() => SupervisionVisitConnection, { description: '对成员单位的督导检查（本辖区，新的在前；成员单位账号只看本单位的）' })
  async supervisionVisits(@Ctx() ctx: RequestContext, @Args() args: SupervisionVisitsArgs): Promise<SupervisionVisitConnection> {
    return mapConnection(await this.units.visits(ctx, args, args), SupervisionVisitModel.from) as SupervisionVisitConnection;
  }
}

@Resolver(() => SupervisionVisitModel)
export class SupervisionVisitFieldsResolver {
  constructor(private readonly organizations: OrganizationService, private readonly units: MemberUnitsService) {}

  @Allow(Permission.COMMITTEE_READ)
  @ResolveField(() => OrganizationModel, { description: '被督导的成员单位' })
  memberUnit(@Ctx() ctx: RequestContext, @Parent() v: SupervisionVisitModel): Promise<OrganizationModel> {
    return organizationOf(this.organizations, ctx, v.row.memberUnitId);
  }

  @Allow(Permission.COMMITTEE_READ)
  @ResolveField(() => OrganizationModel, { description: '督导的机构（指导中心或工作站）' })
  visitorOrganization(@Ctx() ctx: RequestContext, @Parent() v: SupervisionVisitModel): Promise<OrganizationModel> {
    return organizationOf(this.organizations, ctx, v.row.visitorOrganizationId);
  }

  @Allow(Permission.COMMITTEE_READ)
  @ResolveField(() => [SupervisionFindingModel], { description: '发现的问题（按序号），最多 100 个' })
  async findings(@Ctx() ctx: RequestContext, @Parent() v: SupervisionVisitModel): Promise<SupervisionFindingModel[]> {
    return (await this.units.findingsByVisit(ctx).load(v.row.id)).map(SupervisionFindingModel.from);
  }
}
