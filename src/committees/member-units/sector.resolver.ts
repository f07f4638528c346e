import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow } from '../../kernel/access.decorators';
import { Permission } from '../../kernel/permissions';
import { Clock } from '../../common/clock';
import { mapConnection, PageArgs } from '../../graphql/connection';
import { Ctx } from '../../graphql/context.decorator';
import { toGlobalId } from '../../graphql/global-id';
import type { RequestContext } from '../../kernel/request-context';
import { isOverdue } from '../../inspections/index';
import { PremisesModel } from '../../inspections/premises.types';
import { OrganizationService } from '../../organization/organization.service';
import { OrganizationModel } from '../../organization/organization.types';
import { MemberUnitsService } from './member-units.service';
import { organizationOf } from './organization-of';
import {
  SectorHazardConnection, SectorHazardModel, SectorHazardsArgs, SectorPremisesConnection, SectorPremisesModel, SetPremisesSectorUnitInput,
} from './sector.types';

/** What a member unit sees of its sector (COM-5): the premises and their hazards; a premises' supervising unit. */
@Resolver()
export class SectorResolver {
  constructor(private readonly units: MemberUnitsService, private readonly clock: Clock) {}

  @Allow(Permission.PREMISES_MANAGE, { outside: 'NOT_FOUND' })
  @Mutation(() => PremisesModel, { description: '设定或清除场所的行业主管部门（COM-5：其委员会的区划须包含该场所）' })
  async setPremisesSectorUnit(@Ctx() ctx: RequestContext, @Args('input', { description: '场所和行业主管的成员单位' }) input: SetPremisesSectorUnitInput): Promise<PremisesModel> {
    return PremisesModel.from(await this.units.setSectorUnit(ctx, input));
  }

  @Allow(Permission.SECTOR_READ)
  @Query(() => SectorPremisesConnection, { description: '本行业的场所及本单位自身的场所（COM-5：成员单位查看，按名称）' })
  async sectorPremises(@Ctx() ctx: RequestContext, @Args() args: PageArgs): Promise<SectorPremisesConnection> {
    return mapConnection(await this.units.sectorPremises(ctx, args), (p) => Object.assign(new SectorPremisesModel(), {
      id: toGlobalId('Premises', p.id), name: p.name, kind: p.kind, address: p.address, regionName: p.regionName, riskLevel: p.riskLevel, keyUnit: p.keyUnit,
      ownPremises: p.memberUnitId !== null && p.memberUnitId === ctx.actor.organizationId, lastInspectedOn: p.lastInspectedOn, openHazards: p.openHazards,
      overdueHazards: p.overdueHazards,
    })) as SectorPremisesConnection;
  }

  @Allow(Permission.SECTOR_READ)
  @Query(() => SectorHazardConnection, { description: '本行业场所的隐患及整改情况（COM-5：成员单位查看，新发现的在前）' })
  async sectorHazards(@Ctx() ctx: RequestContext, @Args() args: SectorHazardsArgs): Promise<SectorHazardConnection> {
    const today = this.clock.today();
    return mapConnection(await this.units.sectorHazards(ctx, args, args), (h) => Object.assign(new SectorHazardModel(), {
      id: toGlobalId('Hazard', h.id), description: h.description, status: h.status, foundOn: h.foundOn, deadline: h.deadline,
      overdue: isOverdue(h.status, h.deadline, today), rectifiedOn: h.rectifiedOn, closedOn: MemberUnitsService.closedOn(h),
      premisesId: toGlobalId('Premises', h.premisesId!), premisesName: h.premisesName,
    })) as SectorHazardConnection;
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
