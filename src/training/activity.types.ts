import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsEnum } from 'class-validator';
import { AttachmentInput, AttachmentModel } from '../attachments/attachment.types';
import { Connection } from '../graphql/connection';
import { toGlobalId } from '../graphql/global-id';
import { DateField, EnumField, IdField, IntField, ListField, TextField } from '../graphql/input-fields';
import { modelOf } from '../graphql/model';
import { Node } from '../graphql/node';
import { PeriodModel } from '../graphql/period.types';
import { CalendarDateScalar, DateTimeScalar } from '../graphql/scalars';
import { Activity } from './activity.entity';
import { ActivityKind, Audience } from './training.enums';

@ObjectType('Activity', { implements: () => [Node], description: '宣传、教育、培训或演练活动（TRN-1）' })
export class ActivityModel implements Node {
  @Field(() => ID, { description: '全局标识（用于 node(id:)）' }) id: string;
  @Field(() => ActivityKind, { description: '活动类别' }) kind: ActivityKind;
  @Field({ description: '标题' }) title: string;
  @Field(() => CalendarDateScalar, { description: '活动日期' }) heldOn: string;
  @Field({ description: '组织者' }) organizer: string;
  @Field(() => [Audience], { description: '活动对象，最多 8 类（每类一次）' }) audiences: Audience[];
  @Field(() => Int, { description: '参加人数' }) participantCount: number;
  @Field({ description: '活动内容' }) content: string;
  // bounded by RecordActivityInput.attachments (20); an activity is never edited afterwards
  @Field(() => [AttachmentModel], { description: '照片、签到表等附件，最多 20 个（登记时附上）' }) attachments: AttachmentModel[];
  @Field(() => String, { nullable: true, description: '演练情景（仅演练）' }) scenario: string | null;
  @Field(() => Int, { nullable: true, description: '演练时长（分钟，仅演练）' }) durationMinutes: number | null;
  @Field(() => String, { nullable: true, description: '演练评估：暴露的问题和改进措施（仅演练）' }) assessment: string | null;
  @Field({ description: '登记人' }) recordedBy: string;
  @Field(() => DateTimeScalar, { description: '登记时间' }) recordedAt: Date;
  readonly row: Activity;

  static from(row: Activity): ActivityModel {
    return modelOf(new ActivityModel(), row, {
      id: toGlobalId('Activity', row.id), kind: row.kind, title: row.title, heldOn: row.heldOn, organizer: row.organizer, audiences: row.audiences as Audience[],
      participantCount: row.participantCount, content: row.content, attachments: row.attachments, scenario: row.scenario, durationMinutes: row.durationMinutes,
      assessment: row.assessment, recordedBy: row.recordedBy, recordedAt: row.recordedAt,
    });
  }
}
@ObjectType('ActivityConnection', { description: '宣传教育培训和演练的分页列表（Relay 连接，按游标向后翻页）' })
export class ActivityConnection extends Connection(ActivityModel, 'Activity') {}

@InputType({ description: '登记宣传、教育、培训或演练（TRN-1）；演练须填写情景、时长和评估' })
export class RecordActivityInput {
  @EnumField(ActivityKind, { description: '活动类别' }) kind: ActivityKind;
  @TextField(200, { description: '标题' }) title: string;
  @DateField({ description: '活动日期（不晚于今天）' }) heldOn: string;
  @IdField({ description: '活动所在区划（县、乡镇或村）' }) regionId: string;
  @TextField(200, { description: '组织者' }) organizer: string;
  @Field(() => [Audience], { description: '活动对象：至少 1 类，最多 8 类，不重复' }) @ArrayMinSize(1) @ArrayMaxSize(8) @IsEnum(Audience, { each: true }) audiences: Audience[];
  @IntField(1, 1_000_000, { description: '参加人数' }) participantCount: number;
  @TextField(5000, { description: '活动内容' }) content: string;
  @ListField(() => AttachmentInput, 20, { optional: true, description: '照片、签到表等，最多 20 个' }) attachments?: AttachmentInput[];
  @TextField(2000, { optional: true, description: '演练情景' }) scenario?: string;
  @IntField(1, 24 * 60, { optional: true, description: '演练时长（分钟）' }) durationMinutes?: number;
  @TextField(5000, { optional: true, description: '演练评估：暴露的问题和改进措施' }) assessment?: string;
}

@ObjectType('ActivityKindCount', { description: '一类活动的次数' })
export class ActivityKindCountModel {
  @Field(() => ActivityKind, { description: '活动类别' }) kind: ActivityKind;
  @Field(() => Int, { description: '次数' }) count: number;
}

@ObjectType('ActivityCount', { description: '一个乡镇（或县本级）一个周期内的活动次数和参加人数' })
export class ActivityCountModel {
  @Field(() => ID, { description: '乡镇（或县本级）的区划' }) regionId: string;
  @Field({ description: '乡镇（或县本级）的名称' }) regionName: string;
  @Field(() => Int, { description: '活动次数' }) activities: number;
  @Field(() => Int, { description: '参加人次' }) participants: number;
  @Field(() => [ActivityKindCountModel], { description: '按类别的次数：每个类别一项，最多 4 项' }) byKind: ActivityKindCountModel[];
  /** The row's keyset values: townships first (0) by their order, then regions above a township (1). */
  readonly key: { rank: number; sortOrder: number; id: string };
}
@ObjectType('ActivityCountConnection', { description: '各乡镇的活动统计行的分页列表（Relay 连接，按游标向后翻页）' })
export class ActivityCountConnection extends Connection(ActivityCountModel, 'ActivityCount') {}

@ObjectType('ActivityCounts', { description: '宣传教育培训和演练按乡镇统计（TRN-1）' })
export class ActivityCountsModel {
  @Field(() => PeriodModel, { description: '统计周期' }) period: PeriodModel;
  /** Every row of the period, paged by the `rows` field. */
  readonly all: ActivityCountModel[];
}
