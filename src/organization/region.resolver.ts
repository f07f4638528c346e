import { Args, ArgsType, Field, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { Allow } from '../kernel/access.decorators';
import { Permission } from '../kernel/permissions';
import { mapConnection, PageArgs } from '../graphql/connection';
import { Ctx } from '../graphql/context.decorator';
import { NotFoundError } from '../kernel/errors';
import type { RequestContext } from '../kernel/request-context';
import { OrganizationKind, RegionLevel } from './organization.enums';
import { OrganizationService } from './organization.service';
import { OrganizationModel, StationModel } from './organization.types';
import { CreateRegionInput, RegionConnection, RegionModel, SetRegionCodeInput, TownshipConnection, TownshipModel } from './region.types';

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

/** Regions and townships (a township is a region of its level): the lists, codes, new regions. */
@Resolver()
export class RegionResolver {
  constructor(private readonly service: OrganizationService) {}

  @Allow(Permission.ORGANIZATION_READ)
  @Query(() => TownshipConnection, { description: '乡镇列表（按实施方案附件1的顺序）' })
  async townships(@Ctx() ctx: RequestContext, @Args() args: TownshipsArgs): Promise<TownshipConnection> {
    return mapConnection(await this.service.townships(ctx, args, args.countyId), TownshipModel.from) as TownshipConnection;
  }

  @Allow(Permission.ORGANIZATION_READ)
  @Query(() => RegionConnection, { description: '行政区划列表' })
  async regions(@Ctx() ctx: RequestContext, @Args() args: RegionsArgs): Promise<RegionConnection> {
    return mapConnection(await this.service.regions(ctx, args, args), RegionModel.from) as RegionConnection;
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
