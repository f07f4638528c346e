import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow } from '../auth/access.decorators';
import { Permission } from '../auth/permissions';
import { Clock } from '../common/clock';
import { Ctx } from '../graphql/context.decorator';
import { NotFoundError } from '../graphql/errors';
import type { RequestContext } from '../graphql/request-context';
import { OrganizationService } from '../organization/organization.service';
import { RegionFields } from '../organization/region-fields';
import { OrganizationModel, RegionModel } from '../organization/organization.types';
import { FireService } from './fire.service';
import { HazardService } from './hazard.service';
import { InspectionService, inspectionInterval } from './inspection.service';
import {
  ChecklistTemplateModel, ComplaintModel, FireIncidentModel, HazardEventModel, HazardModel, InspectionModel, InspectionPlanModel,
  InspectionPlanProgressModel, InvestigationModel, PremisesModel, RiskObservationModel, RiskPointModel, WarningModel, WorkReportModel,
} from './inspections.types';
import { InspectionPolicyService } from './policy.service';
import { PremisesService } from './premises.service';
import { WarningService } from './warning.service';
import { addDays } from '../common/working-days';

/**
 * Nested fields: each loads through a per-request DataLoader (one query per batch, never one per parent), so a
 * page of 100 costs what a page of 1 does.
 */

@Resolver(() => PremisesModel)
export class PremisesFieldsResolver extends RegionFields {
  constructor(organizations: OrganizationService, private readonly policies: InspectionPolicyService, private readonly clock: Clock) {
    super(organizations);
  }

  @Allow(Permission.INSPECTION_READ)
  @ResolveField(() => RegionModel)
  region(@Ctx() ctx: RequestContext, @Parent() p: PremisesModel): Promise<RegionModel> {
    return this.regionOf(ctx, p.row.regionId);
  }

  @Allow(Permission.INSPECTION_READ)
  @ResolveField(() => String, { nullable: true, description: '下次应检查日期（按风险等级的检查频次，重点单位至少每年一次；从未检查为空：应尽快检查）' })
  async nextInspectionDue(@Ctx() ctx: RequestContext, @Parent() p: PremisesModel): Promise<string | null> {
    if (!p.row.lastInspectedOn) return null;
    const policy = await this.policies.onLoader(ctx).load(this.clock.today());
    return addDays(p.row.lastInspectedOn, inspectionInterval(p.row, policy));
  }
}

@Resolver(() => InspectionModel)
export class InspectionFieldsResolver extends RegionFields {
  constructor(organizations: OrganizationService, private readonly premises: PremisesService, private readonly hazards: HazardService, private readonly clock: Clock) {
    super(organizations);
  }

  @Allow(Permission.INSPECTION_READ)
  @ResolveField('premises', () => PremisesModel)
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
  @ResolveField('hazards', () => [HazardModel], { description: '本次检查发现的隐患' })
  async hazards_(@Ctx() ctx: RequestContext, @Parent() i: InspectionModel): Promise<HazardModel[]> {
    const today = this.clock.today();
    return (await this.hazards.hazardsOfInspection(ctx).load(i.row.id)).map((h) => HazardModel.from(h, today));
  }
}

@Resolver(() => InspectionPlanModel)
export class InspectionPlanFieldsResolver extends RegionFields {
  constructor(organizations: OrganizationService, private readonly inspections: InspectionService, private readonly premises: PremisesService) {
    super(organizations);
  }

  @Allow(Permission.INSPECTION_READ)
  @ResolveField(() => RegionModel)
  region(@Ctx() ctx: RequestContext, @Parent() p: InspectionPlanModel): Promise<RegionModel> {
    return this.regionOf(ctx, p.row.regionId);
  }

  @Allow(Permission.INSPECTION_READ)
  @ResolveField(() => [PremisesModel], { description: '检查对象' })
  async targets(@Ctx() ctx: RequestContext, @Parent() p: InspectionPlanModel): Promise<PremisesModel[]> {
    const ids = (await this.inspections.targetsOfPlan(ctx).load(p.row.id)).map((t) => t.premisesId);
    const rows = await this.premises.premisesById(ctx).loadMany(ids);
    return rows.filter((r): r is NonNullable<typeof r> & object => !!r && !(r instanceof Error)).map((r) => PremisesModel.from(r as never)).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  }

  @Allow(Permission.INSPECTION_READ)
  @ResolveField(() => InspectionPlanProgressModel, { description: '进度：计划期内已检查的对象数' })
  async progress(@Ctx() ctx: RequestContext, @Parent() p: InspectionPlanModel): Promise<InspectionPlanProgressModel> {
    return (await this.inspections.progressOfPlan(ctx).load(p.row.id)) ?? { targets: 0, inspected: 0 };
  }
}

@Resolver(() => HazardModel)
export class HazardFieldsResolver extends RegionFields {
  constructor(organizations: OrganizationService, private readonly premises: PremisesService, private readonly hazards: HazardService, private readonly inspections: InspectionService) {
    super(organizations);
  }

  @Allow(Permission.INSPECTION_READ)
  @ResolveField(() => RegionModel)
  region(@Ctx() ctx: RequestContext, @Parent() h: HazardModel): Promise<RegionModel> {
    return this.regionOf(ctx, h.row.regionId);
  }

  @Allow(Permission.INSPECTION_READ)
  @ResolveField('premises', () => PremisesModel, { nullable: true })
  async premises_(@Ctx() ctx: RequestContext, @Parent() h: HazardModel): Promise<PremisesModel | null> {
    const row = h.row.premisesId ? await this.premises.premisesById(ctx).load(h.row.premisesId) : undefined;
    return row ? PremisesModel.from(row) : null;
  }

  @Allow(Permission.INSPECTION_READ)
  @ResolveField(() => InspectionModel, { nullable: true, description: '发现该隐患的检查' })
  async inspection(@Ctx() ctx: RequestContext, @Parent() h: HazardModel): Promise<InspectionModel | null> {
    const row = h.row.inspectionId ? await this.inspections.inspectionById(ctx).load(h.row.inspectionId) : undefined;
    return row ? InspectionModel.from(row) : null;
  }

  @Allow(Permission.INSPECTION_READ)
  @ResolveField(() => [HazardEventModel], { description: '处理记录：每一步的人、时间、内容' })
  async history(@Ctx() ctx: RequestContext, @Parent() h: HazardModel): Promise<HazardEventModel[]> {
    return (await this.hazards.eventsOf(ctx).load(h.row.id)).map(HazardEventModel.from);
  }

  @Allow(Permission.INSPECTION_READ)
  @ResolveField(() => HazardEventModel, { nullable: true, description: '最近一条处理记录（列表页用，不必取全部记录）' })
  async latestEvent(@Ctx() ctx: RequestContext, @Parent() h: HazardModel): Promise<HazardEventModel | null> {
    const row = await this.hazards.latestEventOf(ctx).load(h.row.id);
    return row ? HazardEventModel.from(row) : null;
  }
}

@Resolver(() => ComplaintModel)
export class ComplaintFieldsResolver extends RegionFields {
  constructor(organizations: OrganizationService, private readonly premises: PremisesService) {
    super(organizations);
  }

  @Allow(Permission.INSPECTION_READ)
  @ResolveField(() => RegionModel)
  region(@Ctx() ctx: RequestContext, @Parent() c: ComplaintModel): Promise<RegionModel> {
    return this.regionOf(ctx, c.row.regionId);
  }

  @Allow(Permission.INSPECTION_READ)
  @ResolveField('premises', () => PremisesModel, { nullable: true })
  async premises_(@Ctx() ctx: RequestContext, @Parent() c: ComplaintModel): Promise<PremisesModel | null> {
    const row = c.row.premisesId ? await this.premises.premisesById(ctx).load(c.row.premisesId) : undefined;
    return row ? PremisesModel.from(row) : null;
  }
}

@Resolver(() => RiskPointModel)
export class RiskPointFieldsResolver extends RegionFields {
  constructor(organizations: OrganizationService, private readonly warnings: WarningService) {
    super(organizations);
  }

  @Allow(Permission.INSPECTION_READ)
  @ResolveField(() => RegionModel)
  region(@Ctx() ctx: RequestContext, @Parent() r: RiskPointModel): Promise<RegionModel> {
    return this.regionOf(ctx, r.row.regionId);
  }

  @Allow(Permission.INSPECTION_READ)
  @ResolveField(() => [RiskObservationModel], { description: '监测记录（由早到晚）' })
  async observations(@Ctx() ctx: RequestContext, @Parent() r: RiskPointModel): Promise<RiskObservationModel[]> {
    return (await this.warnings.observationsOf(ctx).load(r.row.id)).map(RiskObservationModel.from);
  }
}

@Resolver(() => WarningModel)
export class WarningFieldsResolver extends RegionFields {
  constructor(organizations: OrganizationService) {
    super(organizations);
  }

  @Allow(Permission.WARNING_READ)
  @ResolveField(() => RegionModel)
  region(@Ctx() ctx: RequestContext, @Parent() w: WarningModel): Promise<RegionModel> {
    return this.regionOf(ctx, w.row.regionId);
  }
}

@Resolver(() => FireIncidentModel)
export class FireFieldsResolver extends RegionFields {
  constructor(organizations: OrganizationService, private readonly fires: FireService, private readonly premises: PremisesService) {
    super(organizations);
  }

  @Allow(Permission.FIRE_READ)
  @ResolveField(() => RegionModel)
  region(@Ctx() ctx: RequestContext, @Parent() f: FireIncidentModel): Promise<RegionModel> {
    return this.regionOf(ctx, f.row.regionId);
  }

  @Allow(Permission.FIRE_READ)
  @ResolveField('premises', () => PremisesModel, { nullable: true })
  async premises_(@Ctx() ctx: RequestContext, @Parent() f: FireIncidentModel): Promise<PremisesModel | null> {
    const row = f.row.premisesId ? await this.premises.premisesById(ctx).load(f.row.premisesId) : undefined;
    return row ? PremisesModel.from(row) : null;
  }

  @Allow(Permission.INVESTIGATION_READ)
  @ResolveField(() => InvestigationModel, { nullable: true, description: '延伸调查（亡人或较大及以上火灾）' })
  async investigation(@Ctx() ctx: RequestContext, @Parent() f: FireIncidentModel): Promise<InvestigationModel | null> {
    const row = await this.fires.caseOfFire(ctx).load(f.row.id);
    return row ? InvestigationModel.from(row) : null;
  }
}

@Resolver(() => InvestigationModel)
export class InvestigationFieldsResolver extends RegionFields {
  constructor(organizations: OrganizationService, private readonly fires: FireService) {
    super(organizations);
  }

  @Allow(Permission.INVESTIGATION_READ)
  @ResolveField(() => RegionModel)
  region(@Ctx() ctx: RequestContext, @Parent() c: InvestigationModel): Promise<RegionModel> {
    return this.regionOf(ctx, c.row.regionId);
  }

  @Allow(Permission.INVESTIGATION_READ)
  @ResolveField(() => FireIncidentModel, { description: '所调查的火灾' })
  async fire(@Ctx() ctx: RequestContext, @Parent() c: InvestigationModel): Promise<FireIncidentModel> {
    const row = await this.fires.fireById(ctx).load(c.row.fireId);
    if (!row) throw new NotFoundError('火灾');
    return FireIncidentModel.from(row);
  }
}

@Resolver(() => WorkReportModel)
export class WorkReportFieldsResolver {
  constructor(private readonly organizations: OrganizationService) {}

  @Allow(Permission.WORK_REPORT_READ)
  @ResolveField(() => OrganizationModel, { description: '报送的工作站' })
  async station(@Ctx() ctx: RequestContext, @Parent() w: WorkReportModel): Promise<OrganizationModel> {
    const row = await this.organizations.organizationById(ctx).load(w.row.organizationId);
    if (!row) throw new NotFoundError('工作站');
    return OrganizationModel.from(row);
  }
}
