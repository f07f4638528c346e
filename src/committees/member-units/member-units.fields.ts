import { Args, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow } from '../../auth/access.decorators';
import { Permission } from '../../auth/permissions';
import { mapConnection, PageArgs } from '../../graphql/connection';
import { Ctx } from '../../graphql/context.decorator';
import { NotFoundError } from '../../graphql/errors';
import type { RequestContext } from '../../graphql/request-context';
import { PremisesModel } from '../../inspections/premises.types';
import { OrganizationService } from '../../organization/organization.service';
import { OrganizationModel } from '../../organization/organization.types';
import { MemberUnitsService } from './member-units.service';
import {
  MemberUnitDutyListConnection, MemberUnitDutyListModel, MemberUnitEvaluationModel, SupervisionFindingModel, SupervisionVisitModel,
} from './member-units.types';

async function organizationOf(organizations: OrganizationService, ctx: RequestContext, id: string): Promise<OrganizationModel> {
  const row = await organizations.organizationById(ctx).load(id);
  if (!row) throw new NotFoundError('组织机构');
  return OrganizationModel.from(row);
}

@Resolver(() => MemberUnitDutyListModel)
export class MemberUnitDutyListFieldsResolver {
  constructor(private readonly organizations: OrganizationService, private readonly units: MemberUnitsService) {}

  @Allow(Permission.COMMITTEE_READ)
  @ResolveField(() => OrganizationModel, { description: '成员单位' })
  memberUnit(@Ctx() ctx: RequestContext, @Parent() d: MemberUnitDutyListModel): Promise<OrganizationModel> {
    return organizationOf(this.organizations, ctx, d.row.memberUnitId);
  }

  @Allow(Permission.COMMITTEE_READ)
  @ResolveField(() => MemberUnitDutyListConnection, { description: '此前的版本（新的在前）' })
  async versions(@Ctx() ctx: RequestContext, @Parent() d: MemberUnitDutyListModel, @Args() page: PageArgs): Promise<MemberUnitDutyListConnection> {
    return mapConnection(await this.units.versions(ctx, d.row, page), MemberUnitDutyListModel.from) as MemberUnitDutyListConnection;
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

@Resolver(() => MemberUnitEvaluationModel)
export class MemberUnitEvaluationFieldsResolver {
  constructor(private readonly organizations: OrganizationService) {}

  @Allow(Permission.COMMITTEE_READ)
  @ResolveField(() => OrganizationModel, { description: '成员单位' })
  memberUnit(@Ctx() ctx: RequestContext, @Parent() e: MemberUnitEvaluationModel): Promise<OrganizationModel> {
    return organizationOf(this.organizations, ctx, e.value.memberUnitId);
  }
}

/** COM-5: the member unit supervising a premises' sector, on the inspections' Premises type. */
@Resolver(() => PremisesModel)
export class PremisesSectorUnitFieldResolver {
  constructor(private readonly organizations: OrganizationService) {}

  @Allow(Permission.INSPECTION_READ)
  @ResolveField(() => OrganizationModel, { nullable: true, description: '行业主管部门（成员单位，COM-5）；未设定为空' })
  async sectorUnit(@Ctx() ctx: RequestContext, @Parent() p: PremisesModel): Promise<OrganizationModel | null> {
    if (!p.row.sectorUnitId) return null;
    return organizationOf(this.organizations, ctx, p.row.sectorUnitId);
  }
}
