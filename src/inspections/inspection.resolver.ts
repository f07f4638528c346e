import { Args, ArgsType, Field, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Allow } from '../kernel/access.decorators';
import { Permission } from '../kernel/permissions';
import { Clock } from '../common/clock';
import { mapConnection, PageArgs } from '../graphql/connection';
import { Ctx } from '../graphql/context.decorator';
import { NotFoundError } from '../kernel/errors';
import { IsCalendarDate } from '../graphql/input-fields';
import type { RequestContext } from '../kernel/request-context';
import { CalendarDateScalar } from '../graphql/scalars';
import { UpdatedSinceField } from '../graphql/updated-since';
import { OrganizationService } from '../organization/organization.service';
import { RegionModel } from '../organization/region.types';
import { RegionFields } from '../organization/region-fields';
import { ChecklistTemplateModel } from './checklist.types';
import { HazardService } from './hazard.service';
import { HazardModel } from './hazard.types';
import { InspectionService } from './inspection.service';
import {
  CreateInspectionPlanInput, InspectionConnection, InspectionModel, InspectionPlanConnection, InspectionPlanModel, InspectionPlanProgressModel,
  RecordInspectionInput,
} from './inspection.types';
import { RegionPageArgs } from './inspections.args';
import { PremisesService } from './premises.service';
import { PremisesConnection, PremisesModel } from './premises.types';

@ArgsType()
class InspectionsArgs extends RegionPageArgs {
  @Field(() => ID, { nullable: true, description: '只看此场所的检查' }) @IsOptional() @IsString() @MaxLength(200) premisesId?: string;
  @Field(() => CalendarDateScalar, { nullable: true, description: '检查日期起（含）' }) @IsOptional() @IsCalendarDate() from?: string;
  @Field(() => CalendarDateScalar, { nullable: true, description: '检查日期止（含）' }) @IsOptional() @IsCalendarDate() to?: string;
  @UpdatedSinceField() updatedSince?: Date;
}

/** Inspection plans and inspections (INS-1). */
@Resolver()
export class InspectionResolver {
  constructor(private readonly inspections: InspectionService) {}

  @Allow(Permission.INSPECTION_READ)
  @Query(() => InspectionPlanConnection, { description: '检查计划（本辖区）' })
  async inspectionPlans(@Ctx() ctx: RequestContext, @Args() args: RegionPageArgs): Promise<InspectionPlanConnection> {
    return mapConnection(await this.inspections.plans(ctx, args, args.regionId), InspectionPlanModel.from) as InspectionPlanConnection;
  }

  @Allow(Permission.INSPECTION_READ)
  @Query(() => InspectionConnection, { name: 'inspections', description: '检查记录（本辖区，新的在前）' })
  async inspectionsList(@Ctx() ctx: RequestContext, @Args() args: InspectionsArgs): Promise<InspectionConnection> {
    return mapConnection(await this.inspections.list(ctx, args, args), InspectionModel.from) as InspectionConnection;
  }

  @Allow(Permission.INSPECTION_RECORD)
  @Mutation(() => InspectionPlanModel, { description: '制定检查计划' })
  async createInspectionPlan(@Ctx() ctx: RequestContext, @Args('input', { description: '计划的区划、周期、对象和人员' }) input: CreateInspectionPlanInput): Promise<InspectionPlanModel> {
    return InspectionPlanModel.from(await this.inspections.createPlan(ctx, input));
  }

  @Allow(Permission.INSPECTION_RECORD, { outside: 'NOT_FOUND' })
  @Mutation(() => InspectionModel, { description: '登记检查（INS-1）：不合格项在同一事务中生成隐患' })
  async recordInspection(@Ctx() ctx: RequestContext, @Args('input', { description: '检查的场所、日期、人员和每项结果' }) input: RecordInspectionInput): Promise<InspectionModel> {
    return InspectionModel.from((await this.inspections.record(ctx, input)).inspection);
  }
}

/** An inspection's nested fields, each through a per-request DataLoader (one query per batch, never one per parent). */
@Resolver(() => InspectionModel)
export class InspectionFieldsResolver extends RegionFields {
  constructor(organizations: OrganizationService, private readonly premises: PremisesService, private readonly hazards: HazardService, private readonly clock: Clock) {
    super(organizations);
  }

  @Allow(Permission.INSPECTION_READ)
  @ResolveField('premises', () => PremisesModel, { description: '被检查的场所' })
  async premises_(@Ctx() ctx: RequestContext, @Parent() i: InspectionModel): Promise<PremisesModel> {
    const row = await this.premises.premisesById(ctx).load(i.row.premisesId);
    if (!row) throw new NotFoundError('场所');
    return PremisesModel.from(row);
  }

  @Allow(Permission.INSPECTION_READ)
  @ResolveField(() => ChecklistTemplateModel, { description: '所用检查表版本' })
  async checklist(@Ctx() ctx: RequestContext, @Parent() i: InspectionModel): Promise<ChecklistTemplateModel> {
    const row = await this.premises.templateById(ctx).load(i.row.templateId);
    if (!row) throw new NotFoundError('检查表');
    return ChecklistTemplateModel.from(row);
  }

  @Allow(Permission.INSPECTION_READ)
  @ResolveField('hazards', () => [HazardModel], { description: '本次检查发现的隐患（每个不合格检查项一个，按检查项编号；最多 100 项）' })
  async hazards_(@Ctx() ctx: RequestContext, @Parent() i: InspectionModel): Promise<HazardModel[]> {
    const today = this.clock.today();
    return (await this.hazards.hazardsOfInspection(ctx).load(i.row.id)).map((h) => HazardModel.from(h, today));
  }
}

/** An inspection plan's nested fields, each through a per-request DataLoader (one query per batch, never one per parent). */
@Resolver(() => InspectionPlanModel)
export class InspectionPlanFieldsResolver extends RegionFields {
  constructor(organizations: OrganizationService, private readonly inspections: InspectionService) {
    super(organizations);
  }

  @Allow(Permission.INSPECTION_READ)
  @ResolveField(() => RegionModel, { description: '计划区划' })
  region(@Ctx() ctx: RequestContext, @Parent() p: InspectionPlanModel): Promise<RegionModel> {
    return this.regionOf(ctx, p.row.regionId);
  }

  @Allow(Permission.INSPECTION_READ)
  @ResolveField(() => PremisesConnection, { description: '检查对象（场所，按名称分页）' })
  async targets(@Ctx() ctx: RequestContext, @Parent() p: InspectionPlanModel, @Args() page: PageArgs): Promise<PremisesConnection> {
    return mapConnection(await this.inspections.targetsOf(ctx, page).load(p.row.id), (t) => PremisesModel.from(t.premises)) as PremisesConnection;
  }

  @Allow(Permission.INSPECTION_READ)
  @ResolveField(() => InspectionPlanProgressModel, { description: '进度：计划期内已检查的对象数' })
  async progress(@Ctx() ctx: RequestContext, @Parent() p: InspectionPlanModel): Promise<InspectionPlanProgressModel> {
    return (await this.inspections.progressOfPlan(ctx).load(p.row.id)) ?? { targets: 0, inspected: 0 };
  }
}
