import { Args, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow } from '../auth/access.decorators';
import { reaches } from '../auth/jurisdiction';
import { Permission } from '../auth/permissions';
import { Clock } from '../common/clock';
import { Ctx } from '../graphql/context.decorator';
import { mapConnection, PageArgs } from '../graphql/connection';
import { NotFoundError } from '../graphql/errors';
import { CalendarDateScalar } from '../graphql/scalars';
import type { RequestContext } from '../graphql/request-context';
import { OrganizationService } from '../organization/organization.service';
import { RegionFields } from '../organization/region-fields';
import { OrganizationModel } from '../organization/organization.types';
import { RegionModel } from '../organization/region.types';
import { FireService } from './fire.service';
import { HazardService } from './hazard.service';
import { InspectionService, inspectionInterval } from './inspection.service';
import {
  ChecklistTemplateModel, ComplaintModel, FireIncidentModel, HazardEventConnection, HazardEventModel, HazardModel, InspectionModel, InspectionPlanModel,
  InspectionPlanProgressModel, InvestigationModel, PremisesConnection, PremisesModel, RiskObservationConnection, RiskObservationModel, RiskPointModel, WarningModel,
  WorkReportModel,
} from './inspections.types';
import { InspectionPolicyService } from './policy.service';
import { PremisesService } from './premises.service';
import { WarningService } from './warning.service';
import { addDays } from '../common/working-days';
import { CorrectionService } from '../corrections/correction.service';
import { CorrectedRecord } from '../corrections/record-correction.entity';
import { RecordCorrectionConnection, RecordCorrectionModel } from '../corrections/correction.types';

/**
 * Nested fields: each loads through a per-request DataLoader (one query per batch, never one per parent), so a
 * page of 100 costs what a page of 1 does.
 */

/**
 * Whether a related record's region is inside the reader's jurisdiction (through the per-request region loader). A
 * complaint and its hazard start in one region, but a corrected hazard may move to another township: a link then
 * reads as null on the side the reader cannot see, as node(id:) answers.
 */
async function readable(ctx: RequestContext, organizations: OrganizationService, regionId: string): Promise<boolean> {
  const region = await organizations.regionById(ctx).load(regionId);
  return !!region && reaches(ctx.actor, region.path);
}

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

@Resolver(() => HazardModel)
export class HazardFieldsResolver extends RegionFields {
  constructor(
    organizations: OrganizationService, private readonly premises: PremisesService, private readonly hazards: HazardService, private readonly inspections: InspectionService,
    private readonly correctionHistory: CorrectionService, private readonly clock: Clock,
  ) {
    super(organizations);
  }

  @Allow(Permission.INSPECTION_READ)
  @ResolveField(() => RegionModel, { description: '登记所在区划（县、乡镇或村）' })
  region(@Ctx() ctx: RequestContext, @Parent() h: HazardModel): Promise<RegionModel> {
    return this.regionOf(ctx, h.row.regionId);
  }

  @Allow(Permission.INSPECTION_READ)
  @ResolveField(() => RegionModel, { nullable: true, description: '隐患所在的乡镇：登记在乡镇的即该乡镇，登记在村的为其所属乡镇；县级记录为空' })
  async township(@Ctx() ctx: RequestContext, @Parent() h: HazardModel): Promise<RegionModel | null> {
    const row = await this.hazards.townshipOf(ctx, h.row.regionId);
    return row ? RegionModel.from(row) : null;
  }

  @Allow(Permission.INSPECTION_READ)
  @ResolveField('premises', () => PremisesModel, { nullable: true, description: '所在场所；不在场所的隐患为空' })
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
  @ResolveField(() => ComplaintModel, { nullable: true, description: '来源举报投诉（INS-1）：核查属实后登记此隐患的举报投诉；其他来源的隐患为空（辖区外的亦为空）' })
  async complaint(@Ctx() ctx: RequestContext, @Parent() h: HazardModel): Promise<ComplaintModel | null> {
    const row = h.row.complaintId ? await this.hazards.complaintById(ctx).load(h.row.complaintId) : undefined;
    return row && (await readable(ctx, this.organizations, row.regionId)) ? ComplaintModel.from(row, this.clock.now()) : null;
  }

  @Allow(Permission.INSPECTION_READ)
  @ResolveField(() => RecordCorrectionConnection, { description: '更正记录：描述、场所的每处更正的原值、新值、原因、更正人和时间（由早到晚，分页）' })
  async corrections(@Ctx() ctx: RequestContext, @Parent() h: HazardModel, @Args() page: PageArgs): Promise<RecordCorrectionConnection> {
    return mapConnection(await this.correctionHistory.pages(ctx, CorrectedRecord.HAZARD, page).load(h.row.id), RecordCorrectionModel.from) as RecordCorrectionConnection;
  }

  @Allow(Permission.INSPECTION_READ)
  @ResolveField(() => HazardEventConnection, { description: '处理记录：每一步的人、时间、内容（由早到晚分页；复查不合格、延期可反复发生）' })
  async history(@Ctx() ctx: RequestContext, @Parent() h: HazardModel, @Args() page: PageArgs): Promise<HazardEventConnection> {
    return mapConnection(await this.hazards.historyOf(ctx, page).load(h.row.id), HazardEventModel.from) as HazardEventConnection;
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
  constructor(organizations: OrganizationService, private readonly premises: PremisesService, private readonly hazards: HazardService, private readonly clock: Clock) {
    super(organizations);
  }

  @Allow(Permission.INSPECTION_READ)
  @ResolveField(() => HazardModel, { nullable: true, description: '核查属实时登记的隐患（INS-1、INS-2）；未核查或不属实为空（隐患更正到辖区外的亦为空）' })
  async hazard(@Ctx() ctx: RequestContext, @Parent() c: ComplaintModel): Promise<HazardModel | null> {
    const row = await this.hazards.hazardOfComplaint(ctx).load(c.row.id);
    return row && (await readable(ctx, this.organizations, row.regionId)) ? HazardModel.from(row, this.clock.today()) : null;
  }

  @Allow(Permission.INSPECTION_READ)
  @ResolveField(() => RegionModel, { description: '所在区划' })
  region(@Ctx() ctx: RequestContext, @Parent() c: ComplaintModel): Promise<RegionModel> {
    return this.regionOf(ctx, c.row.regionId);
  }

  @Allow(Permission.INSPECTION_READ)
  @ResolveField('premises', () => PremisesModel, { nullable: true, description: '被举报的场所；未指明场所为空' })
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

@Resolver(() => WarningModel)
export class WarningFieldsResolver extends RegionFields {
  constructor(organizations: OrganizationService) {
    super(organizations);
  }

  @Allow(Permission.WARNING_READ)
  @ResolveField(() => RegionModel, { description: '预警所在区划' })
  region(@Ctx() ctx: RequestContext, @Parent() w: WarningModel): Promise<RegionModel> {
    return this.regionOf(ctx, w.row.regionId);
  }
}

@Resolver(() => FireIncidentModel)
export class FireFieldsResolver extends RegionFields {
  constructor(organizations: OrganizationService, private readonly fires: FireService, private readonly premises: PremisesService, private readonly history: CorrectionService) {
    super(organizations);
  }

  @Allow(Permission.FIRE_READ)
  @ResolveField(() => RecordCorrectionConnection, { description: '更正记录：每处更正的原值、新值、原因、更正人和时间（由早到晚，分页）' })
  async corrections(@Ctx() ctx: RequestContext, @Parent() f: FireIncidentModel, @Args() page: PageArgs): Promise<RecordCorrectionConnection> {
    return mapConnection(await this.history.pages(ctx, CorrectedRecord.FIRE_INCIDENT, page).load(f.row.id), RecordCorrectionModel.from) as RecordCorrectionConnection;
  }

  @Allow(Permission.FIRE_READ)
  @ResolveField(() => RegionModel, { description: '所在区划' })
  region(@Ctx() ctx: RequestContext, @Parent() f: FireIncidentModel): Promise<RegionModel> {
    return this.regionOf(ctx, f.row.regionId);
  }

  @Allow(Permission.FIRE_READ)
  @ResolveField('premises', () => PremisesModel, { nullable: true, description: '起火场所；不在登记场所的为空' })
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
  @ResolveField(() => RegionModel, { description: '所在区划' })
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
  constructor(private readonly organizations: OrganizationService, private readonly history: CorrectionService) {}

  @Allow(Permission.WORK_REPORT_READ)
  @ResolveField(() => RecordCorrectionConnection, { description: '重新报送的记录：退回后重新报送时被替换的标题、正文和上一轮审阅（状态、意见、审阅人、时间），由早到晚，分页' })
  async corrections(@Ctx() ctx: RequestContext, @Parent() w: WorkReportModel, @Args() page: PageArgs): Promise<RecordCorrectionConnection> {
    return mapConnection(await this.history.pages(ctx, CorrectedRecord.WORK_REPORT, page).load(w.row.id), RecordCorrectionModel.from) as RecordCorrectionConnection;
  }

  @Allow(Permission.WORK_REPORT_READ)
  @ResolveField(() => OrganizationModel, { description: '报送的工作站' })
  async station(@Ctx() ctx: RequestContext, @Parent() w: WorkReportModel): Promise<OrganizationModel> {
    const row = await this.organizations.organizationById(ctx).load(w.row.organizationId);
    if (!row) throw new NotFoundError('工作站');
    return OrganizationModel.from(row);
  }
}
