import { ArgsType, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ArrayMaxSize, IsOptional, IsString, MaxLength } from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import { PageArgs, PageInfo } from '../graphql/connection';
import { toGlobalId } from '../graphql/global-id';
import { modelOf } from '../graphql/model';
import { Node } from '../graphql/node';
import { DateTimeScalar } from '../graphql/scalars';
import { EVENT_TYPE_NAMES } from './event-types';
import type { IntegrationEvent } from './integration.entity';
import { eventEnvelope } from './outbox-order';

@ArgsType()
export class EventsArgs extends PageArgs {
  @Field(() => [String], {
    nullable: true,
    description: `只看这些类型的事件（1 至 ${EVENT_TYPE_NAMES.length} 项，名称见 docs/events.md，如 hazard.reported）；不给出则为全部类型`,
  })
  @IsOptional() @ArrayMaxSize(EVENT_TYPE_NAMES.length) @IsString({ each: true }) @MaxLength(100, { each: true })
  types?: string[];

  @Field(() => ID, { nullable: true, description: '只看此区划（含下级）的事件，须在本辖区内；默认本辖区全部' })
  @IsOptional() @IsString() @MaxLength(200)
  regionId?: string;
}

@ObjectType('IntegrationEvent', { implements: () => [Node], description: '对接事件：发件箱中的一条，内容与 Webhook 推送的相同' })
export class IntegrationEventModel implements Node {
  @Field(() => ID, { description: '全局标识（用于 node(id:)）；事件本身的标识见 eventId' }) id: string;
  @Field({ description: '事件标识（UUID）：即 Webhook 的 webhook-id 和 envelope.id，重投时不变，可据此去重' }) eventId: string;
  @Field({ description: '事件类型，如 hazard.reported（docs/events.md 列出全部类型及其 data）' }) type: string;
  @Field(() => DateTimeScalar, { description: '变更发生的时间' }) occurredAt: Date;
  @Field(() => ID, { description: '变更对象的全局标识（如 Hazard 的 id），可用 node(id:) 读取其当前状态' }) subjectId: string;
  @Field(() => GraphQLJSONObject, { description: '事件数据：标识、状态、日期、等级等（与 envelope.data 相同；不含姓名、电话、身份证号）' })
  payload: Record<string, unknown>;
  @Field(() => GraphQLJSONObject, { description: '完整事件体：与 Webhook 推送的请求体逐字段相同（id、type、timestamp、regionId、countyId、subjectId、data）' })
  envelope: Record<string, unknown>;
  readonly row: IntegrationEvent;

  static from(row: IntegrationEvent): IntegrationEventModel {
    return modelOf(new IntegrationEventModel(), row, {
      id: toGlobalId('IntegrationEvent', row.id), eventId: row.id, type: row.type, occurredAt: row.occurredAt, subjectId: row.subjectId,
      payload: row.payload, envelope: eventEnvelope(row) as unknown as Record<string, unknown>,
    });
  }
}

@ObjectType('IntegrationEventEdge', { description: '事件列表中的一条及其游标' })
export class IntegrationEventEdge {
  @Field(() => String, { description: '这一条的游标（不透明，表示发件箱中的位置），作为 after 取它之后的事件' }) cursor: string;
  @Field(() => IntegrationEventModel, { description: '这一条事件' }) node: IntegrationEventModel;
}

@ObjectType('IntegrationEventConnection', { description: '对接事件（按提交顺序，Relay 连接，按游标向后翻页）' })
export class IntegrationEventConnection {
  @Field(() => [IntegrationEventEdge], { description: '本页的事件，按提交顺序，每页最多 100 条（first）' }) edges: IntegrationEventEdge[];
  @Field(() => PageInfo, { description: '分页信息；空页的 endCursor 为 null，续读位置见 resumeCursor' }) pageInfo: PageInfo;
  @Field(() => String, {
    description:
      '下次轮询的 after：保存它，下次从这里继续。总有值（空页也有）：有下一页时为本页最后一条的游标；' +
      '已读到已发布的末尾时为当前发布位置，此前不符合筛选条件的事件不再扫描，之后提交的事件都在它之后',
  })
  resumeCursor: string;
  @Field(() => Int, { description: '符合条件的事件总数（不计 after）：另行统计全部事件，代价高，轮询时不要请求' }) totalCount: number;
}

/** The `events` connection's value: a lazy `totalCount` (a getter: the count runs only when asked for). */
export interface EventPage {
  edges: IntegrationEventEdge[];
  pageInfo: PageInfo;
  resumeCursor: string;
  readonly totalCount: Promise<number>;
}
