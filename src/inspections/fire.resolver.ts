import { Args, ArgsType, Field, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { Allow } from '../kernel/access.decorators';
import { Permission } from '../kernel/permissions';
import { CorrectionService } from '../corrections/correction.service';
import { RecordCorrectionConnection, RecordCorrectionModel } from '../corrections/correction.types';
import { CorrectedRecord } from '../corrections/record-correction.entity';
import { mapConnection, PageArgs } from '../graphql/connection';
import { Ctx } from '../graphql/context.decorator';
import { NotFoundError } from '../kernel/errors';
import { IsCalendarDate, NestedField } from '../graphql/input-fields';
import { PeriodInput } from '../graphql/period.types';
import type { RequestContext } from '../kernel/request-context';
import { CalendarDateScalar } from '../graphql/scalars';
import { UpdatedSinceField } from '../graphql/updated-since';
import { OrganizationService } from '../organization/organization.service';
import { RegionModel } from '../organization/region.types';
import { RegionFields } from '../organization/region-fields';
import { FireService } from './fire.service';
import {
  CloseInvestigationInput, CorrectFireInput, FireIncidentConnection, FireIncidentModel, FireSituationModel, InvestigationConnection, InvestigationModel,
  RecordFireInput, UpdateInvestigationInput,
} from './fire.types';
import { RegionPageArgs } from './inspections.args';
import { FireLevel, InvestigationStatus } from './inspections.enums';
import { PremisesService } from './premises.service';
import { PremisesModel } from './premises.types';

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
class FireSituationArgs {
  @Field(() => ID, { description: '县或乡镇' }) @IsString() @MaxLength(200) regionId: string;
  @NestedField(() => PeriodInput, { description: '月、季度或年' }) period: PeriodInput;
  @Field(() => Boolean, {
    nullable: true, defaultValue: false,
    description: '同期可比：统计周期尚未结束时，本期统计至今日，上期和去年同期取到相同的日历位置（自首日起相同的整月数再加相同日期，如 12 月 6 日：本月 1 至 6 日对比 11 月 1 至 6 日、去年 12 月 1 至 6 日；季度至 3 月 31 日对比上季度全季；基期当月无此日期的取至月末）；周期已结束时不起作用。默认 false（基期为整个周期）',
  }) @IsOptional() @IsBoolean() sameDays?: boolean;
}

/** Fires, the fire situation (INS-4) and extended investigations (INS-6). */
@Resolver()
export class FireResolver {
  constructor(private readonly fires: FireService) {}

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
}

/** A fire's nested fields, each through a per-request DataLoader (one query per batch, never one per parent). */
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

/** An investigation's nested fields, each through a per-request DataLoader (one query per batch, never one per parent). */
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
