import { Args, ArgsType, Field, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsBoolean, IsOptional } from 'class-validator';
import { Allow } from '../kernel/access.decorators';
import { Permission } from '../kernel/permissions';
import { Clock } from '../common/clock';
import { mapConnection } from '../graphql/connection';
import { Ctx } from '../graphql/context.decorator';
import type { RequestContext } from '../kernel/request-context';
import { OrganizationService } from '../organization/organization.service';
import { RegionModel } from '../organization/region.types';
import { RegionFields } from '../organization/region-fields';
import { CheckComplaintInput, CheckComplaintPayload, ComplaintConnection, ComplaintModel, FileComplaintInput } from './complaint.types';
import { HazardService } from './hazard.service';
import { HazardModel } from './hazard.types';
import { RegionPageArgs } from './inspections.args';
import { readable } from './linked-record';
import { PremisesService } from './premises.service';
import { PremisesModel } from './premises.types';

@ArgsType()
class ComplaintsArgs extends RegionPageArgs {
  @Field(() => Boolean, { nullable: true, description: '只看未核查（true）或已核查（false）的' }) @IsOptional() @IsBoolean() open?: boolean;
  @Field(() => Boolean, {
    nullable: true,
    description: '只看超时核查（true：核查时间晚于核查时限，或未核查且已过时限）或未超时（false）的，同 Complaint.checkedLate（INS-1）',
  })
  @IsOptional() @IsBoolean() checkedLate?: boolean;
}

/** Complaints and their on-site checks (INS-1). */
@Resolver()
export class ComplaintResolver {
  constructor(private readonly hazards: HazardService, private readonly clock: Clock) {}

  @Allow(Permission.INSPECTION_READ)
  @Query(() => ComplaintConnection, { description: '举报投诉（本辖区，新的在前）：可按区划、是否已核查、是否超时核查筛选' })
  async complaints(@Ctx() ctx: RequestContext, @Args() args: ComplaintsArgs): Promise<ComplaintConnection> {
    const now = this.clock.now();
    return mapConnection(await this.hazards.complaints(ctx, args, args), (c) => ComplaintModel.from(c, now)) as ComplaintConnection;
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

/** A complaint's nested fields, each through a per-request DataLoader (one query per batch, never one per parent). */
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
