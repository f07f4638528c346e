import { Args, ArgsType, Field, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { Allow } from '../kernel/access.decorators';
import { Permission } from '../kernel/permissions';
import { Clock } from '../common/clock';
import { addDays } from '../common/working-days';
import { mapConnection, PageArgs } from '../graphql/connection';
import { Ctx } from '../graphql/context.decorator';
import type { RequestContext } from '../kernel/request-context';
import { CalendarDateScalar } from '../graphql/scalars';
import { UpdatedSinceField } from '../graphql/updated-since';
import { OrganizationService } from '../organization/organization.service';
import { RegionModel } from '../organization/region.types';
import { RegionFields } from '../organization/region-fields';
import { inspectionInterval } from './inspection.service';
import { RegionPageArgs } from './inspections.args';
import { PremisesKind, RiskLevel } from './inspections.enums';
import { InspectionPolicyService } from './policy.service';
import { PremisesService } from './premises.service';
import { CreatePremisesInput, PremisesConnection, PremisesEventConnection, PremisesEventModel, PremisesModel, UpdatePremisesInput } from './premises.types';

@ArgsType()
class PremisesArgs extends RegionPageArgs {
  @Field(() => PremisesKind, { nullable: true, description: '只看此类场所' }) @IsOptional() @IsEnum(PremisesKind) kind?: PremisesKind;
  @Field(() => RiskLevel, { nullable: true, description: '只看此风险等级' }) @IsOptional() @IsEnum(RiskLevel) riskLevel?: RiskLevel;
  @UpdatedSinceField() updatedSince?: Date;
}
@ArgsType()
class PremisesLogArgs extends PageArgs {
  @Field(() => ID, { description: '场所' }) @IsString() @MaxLength(200) premisesId: string;
}

/** Premises and their log (INS-1). */
@Resolver()
export class PremisesResolver {
  constructor(private readonly premises: PremisesService) {}

  @Allow(Permission.INSPECTION_READ)
  @Query(() => PremisesConnection, { name: 'premises', description: '场所（本辖区）' })
  async premisesList(@Ctx() ctx: RequestContext, @Args() args: PremisesArgs): Promise<PremisesConnection> {
    return mapConnection(await this.premises.list(ctx, args, args), PremisesModel.from) as PremisesConnection;
  }

  @Allow(Permission.INSPECTION_READ, { outside: 'NOT_FOUND' })
  @Query(() => PremisesEventConnection, { description: '场所记录（户籍化：一个场所的全部经历）：检查、隐患及其下达整改、报告整改、复查、延期，举报及核查，火灾，责任人变更等；按发生时间（occurredAt）排列，相同的按记录先后' })
  async premisesLog(@Ctx() ctx: RequestContext, @Args() args: PremisesLogArgs): Promise<PremisesEventConnection> {
    return mapConnection(await this.premises.log(ctx, args.premisesId, args), PremisesEventModel.from) as PremisesEventConnection;
  }

  @Allow(Permission.PREMISES_MANAGE)
  @Mutation(() => PremisesModel, { description: '登记场所' })
  async createPremises(@Ctx() ctx: RequestContext, @Args('input', { description: '要登记的场所' }) input: CreatePremisesInput): Promise<PremisesModel> {
    return PremisesModel.from(await this.premises.create(ctx, input));
  }

  @Allow(Permission.PREMISES_MANAGE, { outside: 'NOT_FOUND' })
  @Mutation(() => PremisesModel, { description: '修改场所（责任人、风险等级等变更记入场所记录）' })
  async updatePremises(@Ctx() ctx: RequestContext, @Args('input', { description: '场所及要修改的字段' }) input: UpdatePremisesInput): Promise<PremisesModel> {
    return PremisesModel.from(await this.premises.update(ctx, input));
  }
}

/** Premises' nested fields, each through a per-request DataLoader (one query per batch, never one per parent). */
@Resolver(() => PremisesModel)
export class PremisesFieldsResolver extends RegionFields {
  constructor(organizations: OrganizationService, private readonly policies: InspectionPolicyService, private readonly clock: Clock) {
    super(organizations);
  }

  @Allow(Permission.INSPECTION_READ)
  @ResolveField(() => RegionModel, { description: '所在区划（县、乡镇或村）' })
  region(@Ctx() ctx: RequestContext, @Parent() p: PremisesModel): Promise<RegionModel> {
    return this.regionOf(ctx, p.row.regionId);
  }

  @Allow(Permission.INSPECTION_READ)
  @ResolveField(() => CalendarDateScalar, { nullable: true, description: '下次应检查日期（按风险等级的检查频次，重点单位至少每年一次；从未检查为空：应尽快检查）' })
  async nextInspectionDue(@Ctx() ctx: RequestContext, @Parent() p: PremisesModel): Promise<string | null> {
    if (!p.row.lastInspectedOn) return null;
    const policy = await this.policies.onLoader(ctx).load(this.clock.today());
    return addDays(p.row.lastInspectedOn, inspectionInterval(p.row, policy));
  }
}
