import { Args, ArgsType, Field, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { Allow } from '../kernel/access.decorators';
import { Permission } from '../kernel/permissions';
import { mapConnection, PageArgs } from '../graphql/connection';
import { Ctx } from '../graphql/context.decorator';
import { NotFoundError } from '../kernel/errors';
import type { RequestContext } from '../kernel/request-context';
import { FacilityCheckModel, FacilityComplianceModel } from './facility-check.types';
import { OrganizationKind } from './organization.enums';
import { facilityCompliance } from './organization.rules';
import { OrganizationService } from './organization.service';
import { CreateOrganizationInput, GuidanceCenterModel, OrganizationConnection, OrganizationModel, StationConnection, StationModel } from './organization.types';
import { RegionModel, TownshipModel } from './region.types';
import { StaffQuotaChangeConnection, StaffQuotaChangeModel } from './staff-quota.types';

@ArgsType()
class OrganizationsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: '只列出该区划（含下级）内的机构' }) @IsOptional() @IsString() @MaxLength(200)
  regionId?: string;
  @Field(() => OrganizationKind, { nullable: true, description: '只列出该类别的机构' }) @IsOptional() @IsEnum(OrganizationKind)
  kind?: OrganizationKind;
}

@ArgsType()
class StationsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: '只列出该区划（含下级）内的工作站' }) @IsOptional() @IsString() @MaxLength(200)
  regionId?: string;
}

/** Organizations, the stations (ORG-2) and the guidance center (ORG-1): the lists, new organizations. */
@Resolver()
export class OrganizationResolver {
  constructor(private readonly service: OrganizationService) {}

  @Allow(Permission.ORGANIZATION_READ)
  @Query(() => GuidanceCenterModel, { description: '县消防工作服务指导中心；省级部署时须指定县' })
  async guidanceCenter(
    @Ctx() ctx: RequestContext,
    @Args('countyId', { type: () => ID, nullable: true, description: '县（行政区划 id）；本系统只有一个县时可不填' }) countyId?: string,
  ): Promise<GuidanceCenterModel> {
    return GuidanceCenterModel.from(await this.service.guidanceCenter(ctx, countyId ?? undefined));
  }

  @Allow(Permission.ORGANIZATION_READ)
  @Query(() => OrganizationConnection, { description: '组织机构列表' })
  async organizations(@Ctx() ctx: RequestContext, @Args() args: OrganizationsArgs): Promise<OrganizationConnection> {
    return mapConnection(await this.service.organizations(ctx, args, args), OrganizationModel.from) as OrganizationConnection;
  }

  @Allow(Permission.ORGANIZATION_READ)
  @Query(() => StationConnection, { description: '消防工作站列表，含办公场所达标情况（ORG-4）' })
  async stations(@Ctx() ctx: RequestContext, @Args() args: StationsArgs): Promise<StationConnection> {
    return mapConnection(await this.service.stations(ctx, args, args.regionId), StationModel.from) as StationConnection;
  }

  @Allow(Permission.ORGANIZATION_MANAGE)
  @Mutation(() => OrganizationModel, { description: '新增成员单位或政府专职消防站' })
  async createOrganization(@Ctx() ctx: RequestContext, @Args('input', { description: '类别、名称、所在区划和所属委员会' }) input: CreateOrganizationInput): Promise<OrganizationModel> {
    const org = await this.service.createOrganization(ctx, input);
    ctx.auditTarget('Organization', org.id, { after: { kind: org.kind, name: org.name, regionId: org.regionId } });
    return OrganizationModel.from(org);
  }
}

@Resolver(() => OrganizationModel)
export class OrganizationFieldsResolver {
  constructor(private readonly service: OrganizationService) {}

  @Allow(Permission.ORGANIZATION_READ)
  @ResolveField(() => RegionModel, { description: '所在行政区划' })
  async region(@Ctx() ctx: RequestContext, @Parent() o: OrganizationModel): Promise<RegionModel> {
    const row = await this.service.regionById(ctx).load(o.row.regionId);
    if (!row) throw new NotFoundError('行政区划');
    return RegionModel.from(row);
  }

  @Allow(Permission.ORGANIZATION_READ)
  @ResolveField(() => OrganizationModel, { nullable: true, description: '依托设立的机构（如工作站依托乡镇消防救援委员会）' })
  async parent(@Ctx() ctx: RequestContext, @Parent() o: OrganizationModel): Promise<OrganizationModel | null> {
    if (!o.row.parentId) return null;
    const row = await this.service.organizationById(ctx).load(o.row.parentId);
    return row ? OrganizationModel.from(row) : null;
  }
}

@Resolver(() => StationModel)
export class StationFieldsResolver {
  constructor(private readonly service: OrganizationService) {}

  @Allow(Permission.ORGANIZATION_READ)
  @ResolveField(() => TownshipModel, { description: '所在乡镇' })
  async township(@Ctx() ctx: RequestContext, @Parent() s: StationModel): Promise<TownshipModel> {
    const row = await this.service.regionById(ctx).load(s.row.regionId);
    if (!row) throw new NotFoundError('乡镇');
    return TownshipModel.from(row);
  }

  // ORG-3: the history grows with every change over the years: a connection, batched over the stations asked for
  @Allow(Permission.ORGANIZATION_READ)
  @ResolveField(() => StaffQuotaChangeConnection, { description: '编制变更记录（由早到晚，分页）' })
  async quotaHistory(@Ctx() ctx: RequestContext, @Parent() s: StationModel, @Args() args: PageArgs): Promise<StaffQuotaChangeConnection> {
    return mapConnection(await this.service.quotaHistory(ctx, args).load(s.row.id), StaffQuotaChangeModel.from) as StaffQuotaChangeConnection;
  }

  @Allow(Permission.ORGANIZATION_READ)
  @ResolveField(() => FacilityComplianceModel, { description: '办公场所达标情况（ORG-4）' })
  async facilityCompliance(@Ctx() ctx: RequestContext, @Parent() s: StationModel): Promise<FacilityComplianceModel> {
    const result = facilityCompliance(await this.service.facilityChecks(ctx).load(s.row.id));
    return {
      compliant: result.compliant,
      missing: result.missing,
      items: result.items.map((i) => ({
        facility: i.facility,
        compliant: i.compliant,
        latestCheck: i.latest ? FacilityCheckModel.from(i.latest) : null,
      })),
    };
  }
}

@Resolver(() => GuidanceCenterModel)
export class GuidanceCenterFieldsResolver {
  constructor(private readonly service: OrganizationService) {}

  @Allow(Permission.ORGANIZATION_READ)
  @ResolveField(() => RegionModel, { description: '所在县' })
  async county(@Ctx() ctx: RequestContext, @Parent() c: GuidanceCenterModel): Promise<RegionModel> {
    const row = await this.service.regionById(ctx).load(c.row.regionId);
    if (!row) throw new NotFoundError('县');
    return RegionModel.from(row);
  }

  // ORG-1: as a station's (ORG-3), a connection
  @Allow(Permission.ORGANIZATION_READ)
  @ResolveField(() => StaffQuotaChangeConnection, { description: '编制变更记录（由早到晚，分页）' })
  async quotaHistory(@Ctx() ctx: RequestContext, @Parent() c: GuidanceCenterModel, @Args() args: PageArgs): Promise<StaffQuotaChangeConnection> {
    return mapConnection(await this.service.quotaHistory(ctx, args).load(c.row.id), StaffQuotaChangeModel.from) as StaffQuotaChangeConnection;
  }
}
