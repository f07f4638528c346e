import { Args, ArgsType, Field, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageArgs, mapConnection } from '../graphql/connection';
import { Allow } from '../auth/access.decorators';
import { Permission } from '../auth/permissions';
import { Ctx } from '../graphql/context.decorator';
import { NotFoundError } from '../graphql/errors';
import type { RequestContext } from '../graphql/request-context';
import { facilityCompliance } from './organization.rules';
import { OrganizationKind, RegionLevel } from './organization.enums';
import { OrganizationService } from './organization.service';
import {
  ChangeStaffQuotaInput, CreateOrganizationInput, CreateRegionInput, FacilityCheckModel, FacilityComplianceModel,
  GuidanceCenterModel, OrganizationConnection, OrganizationModel, RecordFacilityCheckInput, RegionConnection, RegionModel,
  SetRegionCodeInput, StaffQuotaChangeConnection, StaffQuotaChangeModel, StationConnection, StationModel, TownshipConnection,
  TownshipModel,
} from './organization.types';

@ArgsType()
class TownshipsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: '只列出该县（或市、省）内的乡镇' })
  @IsOptional() @IsString() @MaxLength(200)
  countyId?: string;
}

@ArgsType()
class RegionsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: '上级行政区划' }) @IsOptional() @IsString() @MaxLength(200)
  parentId?: string;
  @Field(() => RegionLevel, { nullable: true, description: '只列出该层级的区划' }) @IsOptional() @IsEnum(RegionLevel)
  level?: RegionLevel;
}

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

@Resolver()
export class OrganizationQueryResolver {
  constructor(private readonly service: OrganizationService) {}

  @Allow(Permission.ORGANIZATION_READ)
  @Query(() => TownshipConnection, { description: '乡镇列表（按实施方案附件1的顺序）' })
  async townships(@Ctx() ctx: RequestContext, @Args() args: TownshipsArgs): Promise<TownshipConnection> {
    return mapConnection(await this.service.townships(ctx, args, args.countyId), TownshipModel.from) as TownshipConnection;
  }

  @Allow(Permission.ORGANIZATION_READ)
  @Query(() => GuidanceCenterModel, { description: '县消防工作服务指导中心；省级部署时须指定县' })
  async guidanceCenter(
    @Ctx() ctx: RequestContext,
    @Args('countyId', { type: () => ID, nullable: true, description: '县（行政区划 id）；本系统只有一个县时可不填' }) countyId?: string,
  ): Promise<GuidanceCenterModel> {
    return GuidanceCenterModel.from(await this.service.guidanceCenter(ctx, countyId ?? undefined));
  }

  @Allow(Permission.ORGANIZATION_READ)
  @Query(() => RegionConnection, { description: '行政区划列表' })
  async regions(@Ctx() ctx: RequestContext, @Args() args: RegionsArgs): Promise<RegionConnection> {
    return mapConnection(await this.service.regions(ctx, args, args), RegionModel.from) as RegionConnection;
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

  @Allow(Permission.REGION_MANAGE)
  @Mutation(() => RegionModel, { description: '设置行政区划代码（县消委办；乡镇代码 9 位，以县代码开头，镇 1xx、乡 2xx）' })
  async setRegionCode(@Ctx() ctx: RequestContext, @Args('input', { description: '区划、代码及读取时的版本号' }) input: SetRegionCodeInput): Promise<RegionModel> {
    const region = await this.service.setRegionCode(ctx, input);
    ctx.auditTarget('Region', region.id, { after: { code: region.code, version: region.version } });
    return RegionModel.from(region);
  }

  @Allow(Permission.REGION_MANAGE)
  @Mutation(() => RegionModel, { description: '新增行政区划' })
  async createRegion(@Ctx() ctx: RequestContext, @Args('input', { description: '上级区划、名称、类别和代码' }) input: CreateRegionInput): Promise<RegionModel> {
    const region = await this.service.createRegion(ctx, input);
    ctx.auditTarget('Region', region.id, { after: { name: region.name, level: region.level, parentId: region.parentId, code: region.code } });
    return RegionModel.from(region);
  }

  @Allow(Permission.STAFF_QUOTA_MANAGE)
  @Mutation(() => OrganizationModel, { description: '调整指导中心或工作站的编制人数（工作站 2 至 3 人，ORG-3）' })
  async changeStaffQuota(@Ctx() ctx: RequestContext, @Args('input', { description: '机构、新的编制人数和调整依据' }) input: ChangeStaffQuotaInput): Promise<OrganizationModel> {
    const org = await this.service.changeStaffQuota(ctx, input);
    ctx.auditTarget('Organization', org.id, { after: { staffQuota: org.staffQuota, reason: input.reason } });
    return OrganizationModel.from(org);
  }

  @Allow(Permission.FACILITY_CHECK_RECORD)
  @Mutation(() => FacilityCheckModel, { description: '登记工作站办公场所设施检查（ORG-4）' })
  async recordFacilityCheck(@Ctx() ctx: RequestContext, @Args('input', { description: '工作站、设施、检查日期和结论' }) input: RecordFacilityCheckInput): Promise<FacilityCheckModel> {
    const check = await this.service.recordFacilityCheck(ctx, input);
    ctx.auditTarget('Organization', check.stationId, { after: { facility: check.facility, compliant: check.compliant, checkedOn: check.checkedOn } });
    return FacilityCheckModel.from(check);
  }

  @Allow(Permission.ORGANIZATION_MANAGE)
  @Mutation(() => OrganizationModel, { description: '新增成员单位或政府专职消防站' })
  async createOrganization(@Ctx() ctx: RequestContext, @Args('input', { description: '类别、名称、所在区划和所属委员会' }) input: CreateOrganizationInput): Promise<OrganizationModel> {
    const org = await this.service.createOrganization(ctx, input);
    ctx.auditTarget('Organization', org.id, { after: { kind: org.kind, name: org.name, regionId: org.regionId } });
    return OrganizationModel.from(org);
  }
}

@Resolver(() => RegionModel)
export class RegionFieldsResolver {
  constructor(private readonly service: OrganizationService) {}

  @Allow(Permission.ORGANIZATION_READ)
  @ResolveField(() => RegionModel, { nullable: true, description: '上级行政区划' })
  async parent(@Ctx() ctx: RequestContext, @Parent() region: RegionModel): Promise<RegionModel | null> {
    if (!region.row.parentId) return null;
    const row = await this.service.regionById(ctx).load(region.row.parentId);
    return row ? RegionModel.from(row) : null;
  }
}

@Resolver(() => TownshipModel)
export class TownshipFieldsResolver {
  constructor(private readonly service: OrganizationService) {}

  @Allow(Permission.ORGANIZATION_READ)
  @ResolveField(() => StationModel, { nullable: true, description: '本乡镇的消防工作站' })
  async station(@Ctx() ctx: RequestContext, @Parent() t: TownshipModel): Promise<StationModel | null> {
    const row = await this.service.organizationInRegion(ctx, OrganizationKind.FIRE_WORK_STATION).load(t.row.id);
    return row ? StationModel.from(row) : null;
  }

  @Allow(Permission.ORGANIZATION_READ)
  @ResolveField(() => OrganizationModel, { nullable: true, description: '乡镇人民政府（选调人员、双重管理）' })
  async government(@Ctx() ctx: RequestContext, @Parent() t: TownshipModel): Promise<OrganizationModel | null> {
    const row = await this.service.organizationInRegion(ctx, OrganizationKind.TOWNSHIP_GOVERNMENT).load(t.row.id);
    return row ? OrganizationModel.from(row) : null;
  }

  @Allow(Permission.ORGANIZATION_READ)
  @ResolveField(() => OrganizationModel, { nullable: true, description: '乡镇消防救援委员会' })
  async committee(@Ctx() ctx: RequestContext, @Parent() t: TownshipModel): Promise<OrganizationModel | null> {
    const row = await this.service.organizationInRegion(ctx, OrganizationKind.TOWNSHIP_COMMITTEE).load(t.row.id);
    return row ? OrganizationModel.from(row) : null;
  }

  @Allow(Permission.ORGANIZATION_READ)
  @ResolveField(() => RegionModel, { description: '所属县' })
  async county(@Ctx() ctx: RequestContext, @Parent() t: TownshipModel): Promise<RegionModel> {
    const row = await this.service.regionById(ctx).load(t.row.parentId!);
    if (!row) throw new NotFoundError('县');
    return RegionModel.from(row);
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

