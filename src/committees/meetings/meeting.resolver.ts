import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow } from '../../kernel/access.decorators';
import { Permission } from '../../kernel/permissions';
import { CorrectionService } from '../../corrections/correction.service';
import { RecordCorrectionConnection, RecordCorrectionModel } from '../../corrections/correction.types';
import { CorrectedRecord } from '../../corrections/record-correction.entity';
import { mapConnection, PageArgs } from '../../graphql/connection';
import { Ctx } from '../../graphql/context.decorator';
import { NotFoundError } from '../../kernel/errors';
import type { RequestContext } from '../../kernel/request-context';
import { OrganizationService } from '../../organization/organization.service';
import { OrganizationModel } from '../../organization/organization.types';
import { RegionModel } from '../../organization/region.types';
import { RegionFields } from '../../organization/region-fields';
import { MeetingService } from './meeting.service';
import {
  CorrectMeetingInput, MeetingConnection, MeetingDecisionModel, MeetingModel, MeetingsArgs, PublishMeetingInput, RecordMeetingInput, UpdateMeetingInput,
} from './meeting.types';

/** COM-1: committee meetings (thin: each operation calls one service method). */
@Resolver()
export class MeetingResolver {
  constructor(private readonly service: MeetingService) {}

  @Allow(Permission.COMMITTEE_READ)
  @Query(() => MeetingConnection, { description: '委员会会议（本辖区，会议日期新的在前；成员单位只看本单位参加的已印发会议，COM-1、COM-5）' })
  async meetings(@Ctx() ctx: RequestContext, @Args() args: MeetingsArgs): Promise<MeetingConnection> {
    return mapConnection(await this.service.list(ctx, args, args), MeetingModel.from) as MeetingConnection;
  }

  @Allow(Permission.MEETING_RECORD)
  @Mutation(() => MeetingModel, { description: '登记委员会会议（草稿），含参会单位、议题、纪要和议定事项（COM-1）' })
  async recordMeeting(@Ctx() ctx: RequestContext, @Args('input', { description: '会议的内容' }) input: RecordMeetingInput): Promise<MeetingModel> {
    return MeetingModel.from(await this.service.record(ctx, input));
  }

  @Allow(Permission.MEETING_RECORD, { outside: 'NOT_FOUND' })
  @Mutation(() => MeetingModel, { description: '修改会议草稿（COM-1；已印发的只能更正）' })
  async updateMeeting(@Ctx() ctx: RequestContext, @Args('input', { description: '要修改的项' }) input: UpdateMeetingInput): Promise<MeetingModel> {
    return MeetingModel.from(await this.service.update(ctx, input));
  }

  @Allow(Permission.MEETING_RECORD, { outside: 'NOT_FOUND' })
  @Mutation(() => MeetingModel, { description: '印发会议记录（COM-1：须有纪要和议题）' })
  async publishMeeting(@Ctx() ctx: RequestContext, @Args('input', { description: '要印发的会议' }) input: PublishMeetingInput): Promise<MeetingModel> {
    return MeetingModel.from(await this.service.publish(ctx, input));
  }

  @Allow(Permission.MEETING_RECORD, { outside: 'NOT_FOUND' })
  @Mutation(() => MeetingModel, { description: '更正已印发的会议记录（COM-1：须写明原因，原值留痕）' })
  async correctMeeting(@Ctx() ctx: RequestContext, @Args('input', { description: '更正的原因和内容' }) input: CorrectMeetingInput): Promise<MeetingModel> {
    return MeetingModel.from(await this.service.correct(ctx, input));
  }
}

/** A meeting's nested fields, each through a per-request loader. */
@Resolver(() => MeetingModel)
export class MeetingFieldsResolver extends RegionFields {
  constructor(organizations: OrganizationService, private readonly meetings: MeetingService, private readonly history: CorrectionService) {
    super(organizations);
  }

  @Allow(Permission.COMMITTEE_READ)
  @ResolveField(() => OrganizationModel, { description: '开会的委员会' })
  async committee(@Ctx() ctx: RequestContext, @Parent() m: MeetingModel): Promise<OrganizationModel> {
    const row = await this.organizations.organizationById(ctx).load(m.row.committeeId);
    if (!row) throw new NotFoundError('消防救援委员会');
    return OrganizationModel.from(row);
  }

  @Allow(Permission.COMMITTEE_READ)
  @ResolveField(() => RegionModel, { description: '委员会所在区划' })
  region(@Ctx() ctx: RequestContext, @Parent() m: MeetingModel): Promise<RegionModel> {
    return this.regionOf(ctx, m.row.regionId);
  }

  // bounded by the inputs (attendingUnitIds: at most 100)
  @Allow(Permission.COMMITTEE_READ)
  @ResolveField(() => [OrganizationModel], { description: '参会的成员单位，最多 100 个' })
  async attendingUnits(@Ctx() ctx: RequestContext, @Parent() m: MeetingModel): Promise<OrganizationModel[]> {
    const rows = await this.organizations.organizationById(ctx).loadMany(m.row.attendingUnitIds);
    return rows.filter((r) => r && !(r instanceof Error)).map((r) => OrganizationModel.from(r as never));
  }

  // bounded by the inputs (decisions: at most 100)
  @Allow(Permission.COMMITTEE_READ)
  @ResolveField(() => [MeetingDecisionModel], { description: '议定事项（按纪要顺序），最多 100 项' })
  async decisions(@Ctx() ctx: RequestContext, @Parent() m: MeetingModel): Promise<MeetingDecisionModel[]> {
    return (await this.meetings.decisionsOf(ctx).load(m.row.id)).map(MeetingDecisionModel.from);
  }

  @Allow(Permission.COMMITTEE_READ)
  @ResolveField(() => RecordCorrectionConnection, { description: '印发后的更正记录（由早到晚）：原值、新值、原因、更正人和时间' })
  async corrections(@Ctx() ctx: RequestContext, @Parent() m: MeetingModel, @Args() page: PageArgs): Promise<RecordCorrectionConnection> {
    return mapConnection(await this.history.pages(ctx, CorrectedRecord.MEETING, page).load(m.row.id), RecordCorrectionModel.from) as RecordCorrectionConnection;
  }
}

@Resolver(() => MeetingDecisionModel)
export class MeetingDecisionFieldsResolver {
  constructor(private readonly meetings: MeetingService) {}

  @Allow(Permission.COMMITTEE_READ)
  @ResolveField(() => MeetingModel, { description: '所属会议' })
  async meeting(@Ctx() ctx: RequestContext, @Parent() d: MeetingDecisionModel): Promise<MeetingModel> {
    const row = await this.meetings.meetingById(ctx).load(d.row.meetingId);
    if (!row) throw new NotFoundError('会议记录');
    return MeetingModel.from(row);
  }
}
