import { Args, ArgsType, Field, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsEnum, IsOptional } from 'class-validator';
import { Allow } from '../kernel/access.decorators';
import { Permission } from '../kernel/permissions';
import { mapConnection, PageArgs } from '../graphql/connection';
import { Ctx } from '../graphql/context.decorator';
import type { RequestContext } from '../kernel/request-context';
import { OrganizationService } from '../organization/organization.service';
import { RegionModel } from '../organization/region.types';
import { RegionFields } from '../organization/region-fields';
import { RegionPageArgs } from './inspections.args';
import { RiskLevel } from './inspections.enums';
import {
  CreateRiskPointInput, RecordRiskObservationInput, RiskObservationConnection, RiskObservationModel, RiskPointConnection, RiskPointModel,
} from './risk-point.types';
import { WarningService } from './warning.service';

@ArgsType()
class RiskPointsArgs extends RegionPageArgs {
  @Field(() => RiskLevel, { nullable: true, description: '只看此风险等级' }) @IsOptional() @IsEnum(RiskLevel) level?: RiskLevel;
}

/** Fire risk points and their monitoring (INS-3). */
@Resolver()
export class RiskPointResolver {
  constructor(private readonly warnings: WarningService) {}

  @Allow(Permission.INSPECTION_READ)
  @Query(() => RiskPointConnection, { description: '火灾风险点（本辖区）' })
  async riskPoints(@Ctx() ctx: RequestContext, @Args() args: RiskPointsArgs): Promise<RiskPointConnection> {
    return mapConnection(await this.warnings.riskPoints(ctx, args, args), RiskPointModel.from) as RiskPointConnection;
  }

  @Allow(Permission.PREMISES_MANAGE)
  @Mutation(() => RiskPointModel, { description: '登记火灾风险点' })
  async createRiskPoint(@Ctx() ctx: RequestContext, @Args('input', { description: '风险点' }) input: CreateRiskPointInput): Promise<RiskPointModel> {
    return RiskPointModel.from(await this.warnings.createRiskPoint(ctx, input));
  }

  @Allow(Permission.PREMISES_MANAGE, { outside: 'NOT_FOUND' })
  @Mutation(() => RiskPointModel, { description: '风险点监测记录（可调整等级）' })
  async recordRiskObservation(@Ctx() ctx: RequestContext, @Args('input', { description: '风险点和监测情况' }) input: RecordRiskObservationInput): Promise<RiskPointModel> {
    return RiskPointModel.from(await this.warnings.observe(ctx, input));
  }
}

/** A risk point's nested fields, each through a per-request DataLoader (one query per batch, never one per parent). */
@Resolver(() => RiskPointModel)
export class RiskPointFieldsResolver extends RegionFields {
  constructor(organizations: OrganizationService, private readonly warnings: WarningService) {
    super(organizations);
  }

  @Allow(Permission.INSPECTION_READ)
  @ResolveField(() => RegionModel, { description: '所在区划' })
  region(@Ctx() ctx: RequestContext, @Parent() r: RiskPointModel): Promise<RegionModel> {
    return this.regionOf(ctx, r.row.regionId);
  }

  @Allow(Permission.INSPECTION_READ)
  @ResolveField(() => RiskObservationConnection, { description: '监测记录（由早到晚分页）' })
  async observations(@Ctx() ctx: RequestContext, @Parent() r: RiskPointModel, @Args() page: PageArgs): Promise<RiskObservationConnection> {
    return mapConnection(await this.warnings.observationsOf(ctx, page).load(r.row.id), RiskObservationModel.from) as RiskObservationConnection;
  }
}
