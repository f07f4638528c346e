import { PeriodInput } from '../graphql/period.types';
import { Args, ArgsType, Field, ID, Info, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsEnum, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { Allow, SignedIn } from '../auth/access.decorators';
import { Permission } from '../auth/permissions';
import { Clock } from '../common/clock';
import { mapConnection, PageArgs, selectedNodeFields, selectsTotalCount } from '../graphql/connection';
import { Ctx } from '../graphql/context.decorator';
import { BadUserInputError } from '../graphql/errors';
import { IsCalendarDate, NestedField } from '../graphql/input-fields';
import { preload } from '../graphql/preloaded';
import { CalendarDateScalar } from '../graphql/scalars';
import { RegionModel } from '../organization/region.types';
import type { RequestContext } from '../graphql/request-context';
import { FireService } from './fire.service';
import { HazardService } from './hazard.service';
import { InspectionService } from './inspection.service';
import { FireLevel, HazardStatus, InvestigationStatus, PremisesKind, RiskLevel, WarningLevel, WarningStatus, WorkReportKind, WorkReportStatus } from './inspections.enums';
import {
  AcknowledgeWarningInput, CorrectFireInput, CorrectHazardInput, CheckComplaintInput, CheckComplaintPayload, ChecklistTemplateModel, CloseInvestigationInput, ComplaintConnection, ComplaintModel,
  CreateInspectionPlanInput, CreatePremisesInput, CreateRiskPointInput, DecideMajorHazardInput, ExtendHazardDeadlineInput, FileComplaintInput,
  FileWorkReportInput, FireIncidentConnection, FireIncidentModel, FireSituationModel, HazardConnection, HazardEventModel, HazardModel,
  InspectionConnection, InspectionModel, InspectionPlanConnection, InspectionPlanModel, InspectionPolicyModel,
  InvestigationConnection, InvestigationModel, LoadWorkingCalendarInput, MajorHazardCatalogueItemModel, MajorHazardCatalogueModel,
  MajorHazardThresholdModel, OrderRectificationInput, PublishMajorHazardCatalogueInput, PremisesConnection, PremisesEventConnection, PremisesEventModel, PremisesModel,
  PublishChecklistTemplateInput, RecheckHazardInput, RecordFireInput, RecordInspectionInput, RecordRiskObservationInput, ReportHazardInput,
  ReportMajorHazardInput, ReportRectificationInput, ReviewWorkReportInput, RiskPointConnection, RiskPointModel,
  UpdateInvestigationInput, UpdatePremisesInput, UpdateWarningRuleInput, WarningConnection, WarningEvaluationModel, WarningModel, WarningRuleModel,
  WorkingCalendarModel, WorkReportConnection, WorkReportModel,
} from './inspections.types';
import { InspectionPolicyService } from './policy.service';
import { PremisesService } from './premises.service';
import { WarningService } from './warning.service';
import { WorkReportService } from './work-report.service';
import { UpdatedSinceField } from '../graphql/updated-since';


@ArgsType()
class RegionPageArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: '区划（含下级），默认本辖区' }) @IsOptional() @IsString() @MaxLength(200) regionId?: string;
}
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
@ArgsType()
class InspectionsArgs extends RegionPageArgs {
  @Field(() => ID, { nullable: true, description: '只看此场所的检查' }) @IsOptional() @IsString() @MaxLength(200) premisesId?: string;
  @Field(() => CalendarDateScalar, { nullable: true, description: '检查日期起（含）' }) @IsOptional() @IsCalendarDate() from?: string;
  @Field(() => CalendarDateScalar, { nullable: true, description: '检查日期止（含）' }) @IsOptional() @IsCalendarDate() to?: string;
  @UpdatedSinceField() updatedSince?: Date;
}
@ArgsType()
class HazardsArgs extends RegionPageArgs {
  @Field(() => HazardStatus, { nullable: true, description: '只看此状态；与 statuses 同时给出时取交集' }) @IsOptional() @IsEnum(HazardStatus) status?: HazardStatus;
  @Field(() => [HazardStatus], {
    nullable: true,
    description: '只看这些状态之一（1 至 10 项），如未销号的：[REPORTED, RECTIFYING, PENDING_RECHECK]；与 status 同时给出时取交集（INS-2）',
  })
  @IsOptional() @ArrayMinSize(1) @ArrayMaxSize(10) @IsEnum(HazardStatus, { each: true }) statuses?: HazardStatus[];
  @Field(() => Boolean, { nullable: true, description: '只看逾期（true）或未逾期（false）的' }) @IsOptional() @IsBoolean() overdue?: boolean;
  @Field(() => Boolean, { nullable: true, description: '只看（疑似或确认的）重大火灾隐患（true）或一般隐患（false）' }) @IsOptional() @IsBoolean() major?: boolean;
  @Field(() => ID, { nullable: true, description: '只看此场所的隐患' }) @IsOptional() @IsString() @MaxLength(200) premisesId?: string;
  @Field(() => Boolean, { nullable: true, description: '只看移交过县消防救援大队的（true）或从未移交的（false）；大队的待办见 handOvers' }) @IsOptional() @IsBoolean() handedOver?: boolean;
  @Field(() => ID, { nullable: true, description: '只看此举报投诉核查属实后登记的隐患（INS-1）' }) @IsOptional() @IsString() @MaxLength(200) complaintId?: string;
  @Field(() => CalendarDateScalar, { nullable: true, description: '发现日期起（含）' }) @IsOptional() @IsCalendarDate() foundFrom?: string;
  @Field(() => CalendarDateScalar, { nullable: true, description: '发现日期止（含）' }) @IsOptional() @IsCalendarDate() foundTo?: string;
  @UpdatedSinceField() updatedSince?: Date;
}
@ArgsType()
class ComplaintsArgs extends RegionPageArgs {
  @Field(() => Boolean, { nullable: true, description: '只看未核查（true）或已核查（false）的' }) @IsOptional() @IsBoolean() open?: boolean;
  @Field(() => Boolean, {
    nullable: true,
    description: '只看超时核查（true：核查时间晚于核查时限，或未核查且已过时限）或未超时（false）的，同 Complaint.checkedLate（INS-1）',
  })
  @IsOptional() @IsBoolean() checkedLate?: boolean;
}
@ArgsType()
class RiskPointsArgs extends RegionPageArgs {
  @Field(() => RiskLevel, { nullable: true, description: '只看此风险等级' }) @IsOptional() @IsEnum(RiskLevel) level?: RiskLevel;
}
@ArgsType()
class WarningsArgs extends RegionPageArgs {
  @Field(() => WarningStatus, { nullable: true, description: '只看此状态' }) @IsOptional() @IsEnum(WarningStatus) status?: WarningStatus;
  @Field(() => WarningLevel, { nullable: true, description: '只看此等级' }) @IsOptional() @IsEnum(WarningLevel) level?: WarningLevel;
  @Field(() => Boolean, { nullable: true, description: '只看已签收（true）或未签收（false）的' }) @IsOptional() @IsBoolean() acknowledged?: boolean;
}
@ArgsType()
class FiresArgs extends RegionPageArgs {
  @Field(() => CalendarDateScalar, { nullable: true, description: '起火日期起（含，北京时间）' }) @IsOptional() @IsCalendarDate() from?: string;
  @Field(() => CalendarDateScalar, { nullable: true, description: '起火日期止（含，北京时间）' }) @IsOptional() @IsCalendarDate() to?: string;
  @Field(() => FireLevel, { nullable: true, description: '只看此等级' }) @IsOptional() @IsEnum(FireLevel) level?: FireLevel;
  @UpdatedSinceField() updatedSince?: Date;
}
@ArgsType()
class InvestigationsArgs extends RegionPageArgs {
  @Field(() => InvestigationStatus, { nullable: true, description: '只看此状态' }) @IsOptional() @IsEnum(InvestigationStatus) status?: InvestigationStatus;
}
@ArgsType()
class WorkReportsArgs extends RegionPageArgs {
  @Field(() => WorkReportStatus, { nullable: true, description: '只看此审阅状态' }) @IsOptional() @IsEnum(WorkReportStatus) status?: WorkReportStatus;
  @Field(() => WorkReportKind, { nullable: true, description: '只看计划或只看报告' }) @IsOptional() @IsEnum(WorkReportKind) kind?: WorkReportKind;
}
@ArgsType()
class FireSituationArgs {
  @Field(() => ID, { description: '县或乡镇' }) @IsString() @MaxLength(200) regionId: string;
  @NestedField(() => PeriodInput, { description: '月、季度或年' }) period: PeriodInput;
  @Field(() => Boolean, {
    nullable: true, defaultValue: false,
    description: '同期可比：统计周期尚未结束时，本期统计至今日，上期和去年同期取到相同的日历位置（自首日起相同的整月数再加相同日期，如 12 月 6 日：本月 1 至 6 日对比 11 月 1 至 6 日、去年 12 月 1 至 6 日；季度至 3 月 31 日对比上季度全季；基期当月无此日期的取至月末）；周期已结束时不起作用。默认 false（基期为整个周期）',
  }) @IsOptional() @IsBoolean() sameDays?: boolean;
}
@ArgsType()
class ChecklistArgs {
  @Field(() => PremisesKind, { nullable: true, description: '只看此类场所的检查表' }) @IsOptional() @IsEnum(PremisesKind) premisesKind?: PremisesKind;
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: '列出所有版本（默认只列现行版本）' }) @IsOptional() @IsBoolean() allVersions?: boolean;
}
@ArgsType()
class YearArgs {
  @Field(() => Int, { description: '年份（2000 至 2100）' }) @IsInt() @Min(2000) @Max(2100) year: number;
}
@ArgsType()
class AsOfArgs {
  @Field(() => CalendarDateScalar, { nullable: true, description: '日期（默认今天，北京时间）' }) @IsOptional() @IsCalendarDate() asOf?: string;
}

/** Premises, checklists, plans, inspections (INS-1); the calendar and the policy. */
@Resolver()
export class InspectionsResolver {
  constructor(
    private readonly premises: PremisesService,
    private readonly inspections: InspectionService,
    private readonly policies: InspectionPolicyService,
    private readonly clock: Clock,
  ) {}

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

  @Allow(Permission.INSPECTION_READ)
  @Query(() => [ChecklistTemplateModel], {
    description: '检查表：默认各类场所的现行版本（每类一项，最多 6 项）；allVersions 时含历次发布的版本（按类别、版本排序，每次发布才增加一项）',
  })
  async checklistTemplates(@Args() args: ChecklistArgs): Promise<ChecklistTemplateModel[]> {
    return (await this.premises.templates(args.premisesKind, args.allVersions ?? false)).map(ChecklistTemplateModel.from);
  }

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

  @SignedIn()
  @Query(() => WorkingCalendarModel, { description: '年度工作日历' })
  async workingCalendar(@Args() args: YearArgs): Promise<WorkingCalendarModel> {
    const { year, days } = await this.policies.year(args.year);
    return WorkingCalendarModel.from(args.year, year, days);
  }

  @SignedIn()
  @Query(() => InspectionPolicyModel, { description: '某日生效的检查政策参数' })
  async inspectionPolicy(@Args() args: AsOfArgs): Promise<InspectionPolicyModel> {
    return InspectionPolicyModel.from(await this.policies.on(args.asOf ?? this.clock.today()));
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

  @Allow(Permission.CHECKLIST_MANAGE)
  @Mutation(() => ChecklistTemplateModel, { description: '发布检查表新版本（已有检查记录保留原版本）' })
  async publishChecklistTemplate(@Ctx() ctx: RequestContext, @Args('input', { description: '新版本检查表' }) input: PublishChecklistTemplateInput): Promise<ChecklistTemplateModel> {
    return ChecklistTemplateModel.from(await this.premises.publishTemplate(ctx, input));
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

  @Allow(Permission.CALENDAR_MANAGE)
  @Mutation(() => WorkingCalendarModel, { description: '导入年度工作日历（法定节假日、调休上班日）；同时重算受影响的未完成隐患时限（recomputedClocks）' })
  async loadWorkingCalendar(@Ctx() ctx: RequestContext, @Args('input', { description: '年份及其全部特殊日' }) input: LoadWorkingCalendarInput): Promise<WorkingCalendarModel> {
    const saved = await this.policies.loadYear(ctx, input);
    const { days } = await this.policies.year(input.year);
    return WorkingCalendarModel.from(input.year, saved.year, days, saved.recomputedClocks);
  }
}

/** The hazard closed loop (INS-2), major hazards, complaints. Keep these names: reportHazard, orderRectification, reportRectification, recheckHazard, hazards, hazard. */
@Resolver()
export class HazardResolver {
  constructor(
    private readonly hazards: HazardService,
    private readonly clock: Clock,
  ) {}

  @Allow(Permission.INSPECTION_READ)
  @Query(() => HazardConnection, { name: 'hazards', description: '隐患（本辖区，按发现日期新的在前）：可按区划、状态（一个或几个）、逾期、重大、场所、来源举报投诉、发现日期筛选，条件同时满足' })
  async hazards_(@Ctx() ctx: RequestContext, @Args() args: HazardsArgs, @Info() info: GraphQLResolveInfo): Promise<HazardConnection> {
    const today = this.clock.today();
    const fields = selectedNodeFields(info);
    const include = {
      premises: fields.has('premises'), region: fields.has('region'), township: fields.has('township'), latestEvent: fields.has('latestEvent'),
      totalCount: selectsTotalCount(info),
    };
    // the joined rows answer the nested fields (one statement per level, not per row): they are read under this query's
    // permission, the one those fields' resolvers require (INSPECTION_READ), so skipping their pipeline skips no check
    return mapConnection(await this.hazards.list(ctx, args, args, include), (h) => {
      const nested: Record<string, unknown> = {};
      if (include.premises) nested.premises = h.premises ? PremisesModel.from(h.premises) : null;
      if (include.region && h.region) nested.region = RegionModel.from(h.region);
      if (include.township) nested.township = h.township ? RegionModel.from(h.township) : null;
      if (include.latestEvent) nested.latestEvent = h.latestEvent ? HazardEventModel.from(h.latestEvent) : null;
      return preload(HazardModel.from(h, today), nested);
    }) as HazardConnection;
  }

  @Allow(Permission.INSPECTION_READ, { outside: 'NOT_FOUND' })
  @Query(() => HazardModel, { description: '一个隐患' })
  async hazard(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID, description: '隐患的全局标识' }) id: string): Promise<HazardModel> {
    return HazardModel.from(await this.hazards.hazard(ctx, id, 'id'), this.clock.today());
  }

  @Allow(Permission.INSPECTION_READ)
  @Query(() => MajorHazardCatalogueModel, { description: '某日生效的重大火灾隐患判定标准（默认今天）' })
  async majorHazardCatalogue(@Args() args: AsOfArgs): Promise<MajorHazardCatalogueModel> {
    const c = await this.hazards.catalogue(args.asOf ?? this.clock.today());
    return { items: c.items.map(MajorHazardCatalogueItemModel.from), thresholds: c.thresholds.map(MajorHazardThresholdModel.from) };
  }

  @Allow(Permission.CATALOGUE_MANAGE)
  @Mutation(() => MajorHazardCatalogueModel, { description: '发布（或补全）重大火灾隐患判定标准版本：新版本自生效日起适用，上一版本于前一日止；已被隐患引用的判定项不能删除' })
  async publishMajorHazardCatalogue(@Ctx() ctx: RequestContext, @Args('input', { description: '判定标准版本、判定项和阈值' }) input: PublishMajorHazardCatalogueInput): Promise<MajorHazardCatalogueModel> {
    const c = await this.hazards.publishCatalogue(ctx, input);
    return { items: c.items.map(MajorHazardCatalogueItemModel.from), thresholds: c.thresholds.map(MajorHazardThresholdModel.from) };
  }

  @Allow(Permission.INSPECTION_READ)
  @Query(() => ComplaintConnection, { description: '举报投诉（本辖区，新的在前）：可按区划、是否已核查、是否超时核查筛选' })
  async complaints(@Ctx() ctx: RequestContext, @Args() args: ComplaintsArgs): Promise<ComplaintConnection> {
    const now = this.clock.now();
    return mapConnection(await this.hazards.complaints(ctx, args, args), (c) => ComplaintModel.from(c, now)) as ComplaintConnection;
  }

  @Allow(Permission.INSPECTION_RECORD, { outside: 'NOT_FOUND' })
  @Mutation(() => HazardModel, { description: '登记隐患（REPORTED）；引用判定项时为疑似重大火灾隐患' })
  async reportHazard(@Ctx() ctx: RequestContext, @Args('input', { description: '隐患的场所或区划、描述和发现日期' }) input: ReportHazardInput): Promise<HazardModel> {
    return HazardModel.from(await this.hazards.report(ctx, input), this.clock.today());
  }

  @Allow(Permission.INSPECTION_RECORD, { outside: 'NOT_FOUND' })
  @Mutation(() => HazardModel, { description: '更正隐患的描述或场所（须写明原因，按读取时的版本；每处更正保留原值，见 corrections）；场所与区划不一致的拒绝' })
  async correctHazard(@Ctx() ctx: RequestContext, @Args('input', { description: '隐患、版本、原因和要更正的项' }) input: CorrectHazardInput): Promise<HazardModel> {
    return HazardModel.from(await this.hazards.correct(ctx, input), this.clock.today());
  }

  @Allow(Permission.INSPECTION_RECORD, { outside: 'NOT_FOUND' })
  @Mutation(() => HazardModel, { description: '下达整改（REPORTED > RECTIFYING）：期限、责任主体、措施' })
  async orderRectification(@Ctx() ctx: RequestContext, @Args('input', { description: '隐患、整改期限、责任主体和措施' }) input: OrderRectificationInput): Promise<HazardModel> {
    return HazardModel.from(await this.hazards.order(ctx, input), this.clock.today());
  }

  @Allow(Permission.INSPECTION_RECORD, { outside: 'NOT_FOUND' })
  @Mutation(() => HazardModel, { description: '报告整改完成（RECTIFYING > PENDING_RECHECK），附证明材料' })
  async reportRectification(@Ctx() ctx: RequestContext, @Args('input', { description: '隐患、整改情况和证明材料' }) input: ReportRectificationInput): Promise<HazardModel> {
    return HazardModel.from(await this.hazards.reportRectification(ctx, input), this.clock.today());
  }

  // INS-2: the re-check is signed by the person who did it, never the one who reported the rectification; a key
  // names no person, so it could neither sign nor be told apart from the reporter
  @Allow(Permission.INSPECTION_RECORD, { outside: 'NOT_FOUND', keysRefused: 'INS-2：复查须由具名的检查人员以本人账号进行并签字，API 密钥不能复查隐患；对接系统可报告整改完成（reportRectification），由工作站或指导中心的人员复查' })
  @Mutation(() => HazardModel, { description: '复查：合格销号（CLOSED），不合格退回整改（RECTIFYING）；须由报告整改者以外的人员进行' })
  async recheckHazard(@Ctx() ctx: RequestContext, @Args('input', { description: '隐患和复查结论' }) input: RecheckHazardInput): Promise<HazardModel> {
    return HazardModel.from(await this.hazards.recheck(ctx, input), this.clock.today());
  }

  @Allow(Permission.HAZARD_DEADLINE_APPROVE, { outside: 'NOT_FOUND' })
  @Mutation(() => HazardModel, { description: '批准整改延期（记录原因和批准人）' })
  async extendHazardDeadline(@Ctx() ctx: RequestContext, @Args('input', { description: '隐患、新期限和延期原因' }) input: ExtendHazardDeadlineInput): Promise<HazardModel> {
    return HazardModel.from(await this.hazards.extendDeadline(ctx, input), this.clock.today());
  }

  @Allow(Permission.INSPECTION_RECORD, { outside: 'NOT_FOUND' })
  @Mutation(() => HazardModel, { description: '疑似重大火灾隐患报告县消防救援大队（应在发现后 2 日内）' })
  async reportMajorHazard(@Ctx() ctx: RequestContext, @Args('input', { description: '疑似重大火灾隐患' }) input: ReportMajorHazardInput): Promise<HazardModel> {
    return HazardModel.from(await this.hazards.reportMajor(ctx, input), this.clock.today());
  }

  @Allow(Permission.MAJOR_HAZARD_DECIDE, { outside: 'NOT_FOUND' })
  @Mutation(() => HazardModel, { description: '判定疑似重大火灾隐患：确认（挂牌督办）或不构成（县消防救援大队）' })
  async decideMajorHazard(@Ctx() ctx: RequestContext, @Args('input', { description: '隐患和判定结论' }) input: DecideMajorHazardInput): Promise<HazardModel> {
    return HazardModel.from(await this.hazards.decideMajor(ctx, input), this.clock.today());
  }

  @Allow(Permission.INSPECTION_RECORD)
  @Mutation(() => ComplaintModel, { description: '受理举报投诉：堵塞出口、停用设施类 24 小时内核查，其他 3 个工作日内' })
  async fileComplaint(@Ctx() ctx: RequestContext, @Args('input', { description: '举报投诉的内容、类别和受理时间' }) input: FileComplaintInput): Promise<ComplaintModel> {
    return ComplaintModel.from(await this.hazards.fileComplaint(ctx, input), this.clock.now());
  }

  @Allow(Permission.INSPECTION_RECORD, { outside: 'NOT_FOUND', keysRefused: 'INS-2：举报投诉须由工作站或指导中心的人员到现场核查，API 密钥不能核查；对接系统可登记举报投诉（fileComplaint）' })
  @Mutation(() => CheckComplaintPayload, { description: '核查举报投诉（属实则登记隐患）' })
  async checkComplaint(@Ctx() ctx: RequestContext, @Args('input', { description: '举报投诉和核查结论' }) input: CheckComplaintInput): Promise<CheckComplaintPayload> {
    const r = await this.hazards.checkComplaint(ctx, input);
    return { complaint: ComplaintModel.from(r.complaint, this.clock.now()), hazard: r.hazard ? HazardModel.from(r.hazard, this.clock.today()) : null };
  }
}

/** Risk points and early warnings (INS-3). */
@Resolver()
export class WarningResolver {
  constructor(private readonly warnings: WarningService) {}

  @Allow(Permission.INSPECTION_READ)
  @Query(() => RiskPointConnection, { description: '火灾风险点（本辖区）' })
  async riskPoints(@Ctx() ctx: RequestContext, @Args() args: RiskPointsArgs): Promise<RiskPointConnection> {
    return mapConnection(await this.warnings.riskPoints(ctx, args, args), RiskPointModel.from) as RiskPointConnection;
  }

  @Allow(Permission.WARNING_READ)
  @Query(() => WarningConnection, { name: 'warnings', description: '预警（本辖区，新的在前）' })
  async warnings_(@Ctx() ctx: RequestContext, @Args() args: WarningsArgs): Promise<WarningConnection> {
    return mapConnection(await this.warnings.warnings(ctx, args, args), WarningModel.from) as WarningConnection;
  }

  @Allow(Permission.WARNING_READ)
  @Query(() => [WarningRuleModel], { description: '预警规则（系统预置，只能调整不能新增；按编号，最多 50 条）' })
  async warningRules(): Promise<WarningRuleModel[]> {
    return (await this.warnings.rules()).map(WarningRuleModel.from);
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

  @Allow(Permission.WARNING_ACKNOWLEDGE, { outside: 'NOT_FOUND' })
  @Mutation(() => WarningModel, { description: '签收预警' })
  async acknowledgeWarning(@Ctx() ctx: RequestContext, @Args('input', { description: '要签收的预警' }) input: AcknowledgeWarningInput): Promise<WarningModel> {
    return WarningModel.from(await this.warnings.acknowledge(ctx, input));
  }

  @Allow(Permission.WARNING_RULE_MANAGE)
  @Mutation(() => WarningRuleModel, { description: '调整预警规则（等级、阈值、启停）' })
  async updateWarningRule(@Ctx() ctx: RequestContext, @Args('input', { description: '规则及要调整的等级、启停和参数' }) input: UpdateWarningRuleInput): Promise<WarningRuleModel> {
    const params = input.params ? Object.fromEntries(input.params.map((p) => [p.name, p.value])) : undefined;
    if (input.params && Object.keys(params!).length !== input.params.length) throw BadUserInputError.field('input.params', '参数重复');
    return WarningRuleModel.from(await this.warnings.updateRule(ctx, { ...input, params }));
  }

  @Allow(Permission.WARNING_RULE_MANAGE)
  @Mutation(() => WarningEvaluationModel, { description: '立即评估预警（平时由定时任务执行）' })
  async evaluateWarnings(): Promise<WarningEvaluationModel> {
    return this.warnings.evaluate();
  }
}

/** Fires, the fire situation (INS-4), investigations (INS-6), work plans and reports (INS-5). */
@Resolver()
export class FireResolver {
  constructor(
    private readonly fires: FireService,
    private readonly reports: WorkReportService,
  ) {}

  @Allow(Permission.FIRE_READ)
  @Query(() => FireIncidentConnection, { name: 'fires', description: '火灾（本辖区，新的在前）' })
  async fires_(@Ctx() ctx: RequestContext, @Args() args: FiresArgs): Promise<FireIncidentConnection> {
    return mapConnection(await this.fires.fires(ctx, args, args), FireIncidentModel.from) as FireIncidentConnection;
  }

  @Allow(Permission.FIRE_READ)
  @Query(() => FireSituationModel, { description: '火灾形势分析（INS-4）：火灾、伤亡、损失、隐患发现/整改/逾期、整改率、检查次数、移交大队案件（移交/接收/办结/逾期），分乡镇，含同比、环比' })
  async fireSituation(@Ctx() ctx: RequestContext, @Args() args: FireSituationArgs): Promise<FireSituationModel> {
    return FireSituationModel.from(await this.fires.situation(ctx, args.regionId, args.period, { sameDays: args.sameDays ?? false }));
  }

  @Allow(Permission.INVESTIGATION_READ)
  @Query(() => InvestigationConnection, { description: '火灾延伸调查（本辖区，新的在前）' })
  async investigations(@Ctx() ctx: RequestContext, @Args() args: InvestigationsArgs): Promise<InvestigationConnection> {
    return mapConnection(await this.fires.investigations(ctx, args, args), InvestigationModel.from) as InvestigationConnection;
  }

  @Allow(Permission.WORK_REPORT_READ)
  @Query(() => WorkReportConnection, { description: '工作计划和报告（本辖区，新的在前）' })
  async workReports(@Ctx() ctx: RequestContext, @Args() args: WorkReportsArgs): Promise<WorkReportConnection> {
    return mapConnection(await this.reports.list(ctx, args, args), WorkReportModel.from) as WorkReportConnection;
  }

  @Allow(Permission.FIRE_RECORD)
  @Mutation(() => FireIncidentModel, { description: '登记火灾：计算等级；亡人或较大及以上火灾自动启动延伸调查（INS-6）' })
  async recordFire(@Ctx() ctx: RequestContext, @Args('input', { description: '火灾情况' }) input: RecordFireInput): Promise<FireIncidentModel> {
    return FireIncidentModel.from((await this.fires.record(ctx, input)).fire);
  }

  @Allow(Permission.FIRE_RECORD, { outside: 'NOT_FOUND' })
  @Mutation(() => FireIncidentModel, { description: '更正火灾记录（须写明原因，按读取时的版本；每处更正保留原值，见 corrections）：等级按更正后的数据重新计算，成为亡人或较大及以上火灾时启动延伸调查（INS-6）' })
  async correctFire(@Ctx() ctx: RequestContext, @Args('input', { description: '火灾、版本、原因和要更正的项' }) input: CorrectFireInput): Promise<FireIncidentModel> {
    return FireIncidentModel.from(await this.fires.correct(ctx, input));
  }

  @Allow(Permission.INVESTIGATION_MANAGE, { outside: 'NOT_FOUND' })
  @Mutation(() => InvestigationModel, { description: '记录延伸调查的结论、责任主体、问责结果' })
  async updateInvestigation(@Ctx() ctx: RequestContext, @Args('input', { description: '延伸调查及其结论' }) input: UpdateInvestigationInput): Promise<InvestigationModel> {
    return InvestigationModel.from(await this.fires.updateInvestigation(ctx, input));
  }

  @Allow(Permission.INVESTIGATION_MANAGE, { outside: 'NOT_FOUND' })
  @Mutation(() => InvestigationModel, { description: '延伸调查结案（原因、教训、责任三项结论齐全）' })
  async closeInvestigation(@Ctx() ctx: RequestContext, @Args('input', { description: '要结案的延伸调查' }) input: CloseInvestigationInput): Promise<InvestigationModel> {
    return InvestigationModel.from(await this.fires.closeInvestigation(ctx, input));
  }

  @Allow(Permission.WORK_REPORT_FILE)
  @Mutation(() => WorkReportModel, { description: '报送工作计划或报告（INS-5）' })
  async fileWorkReport(@Ctx() ctx: RequestContext, @Args('input', { description: '工作计划或报告' }) input: FileWorkReportInput): Promise<WorkReportModel> {
    return WorkReportModel.from(await this.reports.file(ctx, input));
  }

  @Allow(Permission.WORK_REPORT_REVIEW, { outside: 'NOT_FOUND' })
  @Mutation(() => WorkReportModel, { description: '审阅工作计划或报告：接收、退回（附意见）、采纳' })
  async reviewWorkReport(@Ctx() ctx: RequestContext, @Args('input', { description: '审阅决定和意见' }) input: ReviewWorkReportInput): Promise<WorkReportModel> {
    return WorkReportModel.from(await this.reports.review(ctx, input));
  }
}
