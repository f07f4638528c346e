import { ArgsType, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { Connection, PageArgs } from '../../graphql/connection';
import { toGlobalId } from '../../graphql/global-id';
import { BoolField, IdField, IntField, TextField, TextListField } from '../../graphql/input-fields';
import { modelOf } from '../../graphql/model';
import { Node } from '../../graphql/node';
import { DateTimeScalar } from '../../graphql/scalars';
import { EVENT_TYPE_NAMES } from '../event-types';
import { IntegrationEvent, Webhook, WebhookDelivery, WebhookDeliveryAttempt } from '../integration.entity';
import { WebhookDeliveryState, WebhookRecipient, WebhookState } from '../integration.enums';
import { WEBHOOK_URL_MAX_LENGTH } from './target-guard';

/** What `webhooks` reads with each row in one statement: the last delivery and the deliveries waiting (batched). */
export interface WebhookStats {
  lastDeliveredAt: Date | null;
  pendingCount: number;
}

@ObjectType('Webhook', { implements: () => [Node], description: '事件订阅（Webhook）：把本区域内所选类型的事件按 Standard Webhooks 规范推送到对方系统的地址；签名密钥只在新建时显示一次' })
export class WebhookModel implements Node {
  @Field(() => ID, { description: '全局标识（用于 node(id:)）' }) id: string;
  @Field({ description: '推送地址（https；允许内网推送时也可为 http）' }) url: string;
  @Field(() => [String], { description: `订阅的事件类型（见事件目录 docs/events.md），最多 ${EVENT_TYPE_NAMES.length} 项` }) events: string[];
  @Field({ description: '用途说明' }) description: string;
  @Field(() => WebhookRecipient, { description: '接收方' }) recipient: WebhookRecipient;
  @Field(() => WebhookState, { description: '状态' }) state: WebhookState;
  @Field(() => String, { nullable: true, description: '停用原因（手动停用为「手动停用」；连续推送失败时为最后的错误）；启用时为空' }) disabledReason: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: '停用时间；启用时为空' }) disabledAt: Date | null;
  @Field({ description: '创建人' }) createdBy: string;
  @Field(() => DateTimeScalar, { description: '创建时间' }) createdAt: Date;
  @Field(() => DateTimeScalar, { description: '最后修改时间' }) updatedAt: Date;
  @Field(() => Int, { description: '版本号（修改时作为 expectedVersion 传回）' }) version: number;
  readonly row: Webhook;

  static from(row: Webhook): WebhookModel {
    return modelOf(new WebhookModel(), row, {
      id: toGlobalId('Webhook', row.id), url: row.url, events: row.events, description: row.description, recipient: row.recipient, state: row.state,
      disabledReason: row.disabledReason, disabledAt: row.disabledAt, createdBy: row.createdBy, createdAt: row.createdAt, updatedAt: row.updatedAt,
      version: row.version,
    });
  }
}
@ObjectType('WebhookConnection', { description: '事件订阅的分页列表（新建的在前）' })
export class WebhookConnection extends Connection(WebhookModel, 'Webhook') {}

@ObjectType('CreateWebhookPayload', { description: '新建的事件订阅及其签名密钥' })
export class CreateWebhookPayload {
  @Field(() => WebhookModel, { description: '新建的订阅' }) webhook: WebhookModel;
  @Field({ description: '签名密钥（whsec_ 开头，Standard Webhooks 格式）：只在此时返回这一次，请立即保存到接收方系统；以后无法再查看' }) secret: string;
}

@ObjectType('DeleteWebhookPayload', { description: '已删除的事件订阅' })
export class DeleteWebhookPayload {
  @Field(() => ID, { description: '已删除订阅的全局标识（此后不再推送，也不能再查询）' }) deletedWebhookId: string;
}

@ObjectType('WebhookDeliveryEvent', { description: '一次推送所送的事件（推送内容即事件信封，见 docs/events.md）' })
export class WebhookDeliveryEventModel {
  @Field({ description: '事件编号（UUID）：即推送请求头 webhook-id，每次重试和重推都相同，接收方据此去重' }) id: string;
  @Field({ description: '事件类型' }) type: string;
  @Field(() => DateTimeScalar, { description: '事件发生时间' }) occurredAt: Date;
  @Field(() => ID, { description: '事件对象的全局标识（隐患、预警等，可用 node(id:) 查询）' }) subjectId: string;

  static from(row: IntegrationEvent): WebhookDeliveryEventModel {
    return Object.assign(new WebhookDeliveryEventModel(), { id: row.id, type: row.type, occurredAt: row.occurredAt, subjectId: row.subjectId });
  }
}

@ObjectType('WebhookDelivery', { description: '一个事件向一个订阅的推送：失败时按退避间隔重试，直到送达或放弃；可手动重推' })
export class WebhookDeliveryModel {
  @Field(() => ID, { description: '推送记录的全局标识' }) id: string;
  @Field(() => WebhookDeliveryState, { description: '推送状态' }) state: WebhookDeliveryState;
  @Field(() => Int, { description: '已尝试次数' }) attemptCount: number;
  @Field(() => DateTimeScalar, { nullable: true, description: '下次尝试时间（待推送时）；已送达或已放弃时为空' }) nextAttemptAt: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: '送达时间（对方回复 2xx 的时间）' }) deliveredAt: Date | null;
  @Field({ description: '是否为手动重推（redeliverWebhookEvent）' }) manual: boolean;
  readonly row: WebhookDelivery;

  static from(row: WebhookDelivery): WebhookDeliveryModel {
    return modelOf(new WebhookDeliveryModel(), row, {
      id: toGlobalId('WebhookDelivery', row.id), state: row.state, attemptCount: row.attemptCount,
      nextAttemptAt: row.state === WebhookDeliveryState.PENDING ? row.nextAttemptAt : null, deliveredAt: row.deliveredAt, manual: row.manual,
    });
  }
}
@ObjectType('WebhookDeliveryConnection', { description: '推送记录的分页列表（事件新的在前）' })
export class WebhookDeliveryConnection extends Connection(WebhookDeliveryModel, 'WebhookDelivery') {}

@ObjectType('WebhookDeliveryAttempt', { description: '一次 HTTP 推送尝试' })
export class WebhookDeliveryAttemptModel {
  @Field(() => DateTimeScalar, { description: '尝试时间' }) attemptedAt: Date;
  @Field(() => Int, { nullable: true, description: '对方回复的 HTTP 状态码；未收到回复（连接失败、超时、地址被拒）时为空' }) httpStatus: number | null;
  @Field(() => Int, { description: '耗时（毫秒）' }) durationMs: number;
  @Field(() => String, { nullable: true, description: '失败原因；成功时为空' }) error: string | null;

  static from(row: WebhookDeliveryAttempt): WebhookDeliveryAttemptModel {
    return Object.assign(new WebhookDeliveryAttemptModel(), { attemptedAt: row.attemptedAt, httpStatus: row.httpStatus, durationMs: row.durationMs, error: row.error });
  }
}
@ObjectType('WebhookDeliveryAttemptConnection', { description: '推送尝试的分页列表（新的在前）' })
export class WebhookDeliveryAttemptConnection extends Connection(WebhookDeliveryAttemptModel, 'WebhookDeliveryAttempt') {}

@ArgsType()
export class WebhooksArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: '区划（含下级），默认本辖区' }) @IsOptional() @IsString() @MaxLength(200) regionId?: string;
}

@ArgsType()
export class WebhookDeliveriesArgs extends PageArgs {
  @Field(() => ID, { description: '订阅' }) @IsString() @MaxLength(200) webhookId: string;
  @Field(() => WebhookDeliveryState, { nullable: true, description: '只看这一状态' }) @IsOptional() @IsEnum(WebhookDeliveryState) state?: WebhookDeliveryState;
}

const EVENTS_DESCRIPTION = `订阅的事件类型（见事件目录 docs/events.md），至少 1 项、不能重复，最多 ${EVENT_TYPE_NAMES.length} 项`;

@InputType({ description: '新建事件订阅：地址须可解析、不指向内网等地址（除非允许内网推送），生产环境须为 https' })
export class CreateWebhookInput {
  @TextField(WEBHOOK_URL_MAX_LENGTH, { description: `推送地址（最多 ${WEBHOOK_URL_MAX_LENGTH} 个字符）` }) url: string;
  @TextListField(EVENT_TYPE_NAMES.length, 100, { min: 1, description: EVENTS_DESCRIPTION }) events: string[];
  @IdField({ description: '订阅的区域（本辖区内）：只推送发生在该区域（含下级）的事件' }) regionId: string;
  @TextField(200, { description: '用途说明（最多 200 个字符）' }) description: string;
  @Field(() => WebhookRecipient, { defaultValue: WebhookRecipient.COUNTY_SYSTEM, description: '接收方（默认县内其他业务系统）' })
  @IsOptional() @IsEnum(WebhookRecipient)
  recipient?: WebhookRecipient;
}

@InputType({ description: '修改事件订阅：只改所填的项；重新启用后从停下处继续推送，不丢事件' })
export class UpdateWebhookInput {
  @IdField({ description: '订阅' }) id: string;
  @IntField(1, 2_147_483_647, { description: '读取时的版本号' }) expectedVersion: number;
  @TextField(WEBHOOK_URL_MAX_LENGTH, { optional: true, description: `推送地址（最多 ${WEBHOOK_URL_MAX_LENGTH} 个字符）` }) url?: string;
  @TextListField(EVENT_TYPE_NAMES.length, 100, { optional: true, min: 1, description: `${EVENTS_DESCRIPTION}（整体替换）` }) events?: string[];
  @TextField(200, { optional: true, description: '用途说明（最多 200 个字符）' }) description?: string;
  @BoolField({ optional: true, description: 'true 启用（清除停用原因），false 手动停用' }) enabled?: boolean;
}

@InputType({ description: '删除事件订阅' })
export class DeleteWebhookInput {
  @IdField({ description: '订阅' }) id: string;
}

@InputType({ description: '重推一个事件：该订阅已推送过（或订阅前发生）的、类型和区域都符合的事件' })
export class RedeliverWebhookEventInput {
  @IdField({ description: '订阅' }) webhookId: string;
  @Field({ description: '事件编号（UUID，即推送请求头 webhook-id、事件信封的 id）' }) @IsString() @IsUUID('all', { message: '须为事件编号（UUID）' }) eventId: string;
}
