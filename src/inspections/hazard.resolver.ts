import { Args, ArgsType, Field, ID, Info, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { Allow } from '../kernel/access.decorators';
import { Permission } from '../kernel/permissions';
import { Clock } from '../common/clock';
import { CorrectionService } from '../corrections/correction.service';
import { RecordCorrectionConnection, RecordCorrectionModel } from '../corrections/correction.types';
import { CorrectedRecord } from '../corrections/record-correction.entity';
import { mapConnection, PageArgs, selectedNodeFields, selectsTotalCount } from '../graphql/connection';
import { Ctx } from '../graphql/context.decorator';
import { IsCalendarDate } from '../graphql/input-fields';
import { preload } from '../graphql/preloaded';
import type { RequestContext } from '../kernel/request-context';
import { CalendarDateScalar } from '../graphql/scalars';
import { UpdatedSinceField } from '../graphql/updated-since';
import { OrganizationService } from '../organization/organization.service';
import { RegionModel } from '../organization/region.types';
import { RegionFields } from '../organization/region-fields';
import { ComplaintModel } from './complaint.types';
import { HazardService } from './hazard.service';
import {
  CorrectHazardInput, DecideMajorHazardInput, ExtendHazardDeadlineInput, HazardConnection, HazardEventConnection, HazardEventModel, HazardModel,
  OrderRectificationInput, RecheckHazardInput, ReportHazardInput, ReportMajorHazardInput, ReportRectificationInput,
} from './hazard.types';
import { InspectionService } from './inspection.service';
import { InspectionModel } from './inspection.types';
import { RegionPageArgs } from './inspections.args';
import { HazardStatus } from './inspections.enums';
import { readable } from './linked-record';
import { PremisesService } from './premises.service';
import { PremisesModel } from './premises.types';

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

/** The hazard closed loop (INS-2) and suspected major hazards. Keep these names: reportHazard, orderRectification, reportRectification, recheckHazard, hazards, hazard. */
@Resolver()
export class HazardResolver {
  constructor(private readonly hazards: HazardService, private readonly clock: Clock) {}

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
}

/** A hazard's nested fields, each through a per-request DataLoader (one query per batch, never one per parent). */
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
