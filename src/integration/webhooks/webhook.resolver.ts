import { Args, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow } from '../../kernel/access.decorators';
import { Permission } from '../../kernel/permissions';
import { mapConnection, PageArgs } from '../../graphql/connection';
import { Ctx } from '../../graphql/context.decorator';
import { NotFoundError } from '../../kernel/errors';
import type { RequestContext } from '../../kernel/request-context';
import { DateTimeScalar } from '../../graphql/scalars';
import { OrganizationService } from '../../organization/organization.service';
import { RegionModel } from '../../organization/region.types';
import { RegionFields } from '../../organization/region-fields';
import { WebhookService } from './webhook.service';
import {
  CreateWebhookInput, CreateWebhookPayload, DeleteWebhookInput, DeleteWebhookPayload, RedeliverWebhookEventInput, UpdateWebhookInput,
  WebhookConnection, WebhookDeliveriesArgs, WebhookDeliveryAttemptConnection, WebhookDeliveryAttemptModel, WebhookDeliveryConnection,
  WebhookDeliveryEventModel, WebhookDeliveryModel, WebhookModel, WebhooksArgs,
} from './webhook.types';

/** Webhook subscriptions (committee office): thin, each operation calls one service method. */
@Resolver()
export class WebhookResolver {
  constructor(private readonly service: WebhookService) {}

  @Allow(Permission.WEBHOOK_MANAGE)
  @Query(() => WebhookConnection, { description: '事件订阅（本辖区，新建的在前；不含已删除的）' })
  async webhooks(@Ctx() ctx: RequestContext, @Args() args: WebhooksArgs): Promise<WebhookConnection> {
    return mapConnection(await this.service.list(ctx, args, args), WebhookModel.from) as WebhookConnection;
  }

  @Allow(Permission.WEBHOOK_MANAGE, { outside: 'NOT_FOUND' })
  @Query(() => WebhookDeliveryConnection, { description: '一个订阅的推送记录（事件新的在前），含每次尝试的时间、HTTP 状态码、耗时和错误' })
  async webhookDeliveries(@Ctx() ctx: RequestContext, @Args() args: WebhookDeliveriesArgs): Promise<WebhookDeliveryConnection> {
    return mapConnection(await this.service.deliveries(ctx, args, args), WebhookDeliveryModel.from) as WebhookDeliveryConnection;
  }

  @Allow(Permission.WEBHOOK_MANAGE)
  @Mutation(() => CreateWebhookPayload, { description: '新建事件订阅：从此刻起推送本区域内所选类型的事件；签名密钥只返回这一次' })
  async createWebhook(@Ctx() ctx: RequestContext, @Args('input', { description: '地址、事件类型、区域和用途' }) input: CreateWebhookInput): Promise<CreateWebhookPayload> {
    const { webhook, secret } = await this.service.create(ctx, input);
    return { webhook: WebhookModel.from(webhook), secret };
  }

  @Allow(Permission.WEBHOOK_MANAGE, { outside: 'NOT_FOUND' })
  @Mutation(() => WebhookModel, { description: '修改事件订阅：地址、事件类型、用途，停用或重新启用（从停下处继续推送）' })
  async updateWebhook(@Ctx() ctx: RequestContext, @Args('input', { description: '要修改的项' }) input: UpdateWebhookInput): Promise<WebhookModel> {
    return WebhookModel.from(await this.service.update(ctx, input));
  }

  @Allow(Permission.WEBHOOK_MANAGE, { outside: 'NOT_FOUND' })
  @Mutation(() => DeleteWebhookPayload, { description: '删除事件订阅：此后不再推送（推送记录保留）' })
  async deleteWebhook(@Ctx() ctx: RequestContext, @Args('input', { description: '要删除的订阅' }) input: DeleteWebhookInput): Promise<DeleteWebhookPayload> {
    await this.service.delete(ctx, input.id);
    return { deletedWebhookId: input.id };
  }

  @Allow(Permission.WEBHOOK_MANAGE, { outside: 'NOT_FOUND' })
  @Mutation(() => WebhookDeliveryModel, { description: '重推一个已推送过的事件（事件编号不变，接收方可据此去重）：排在后续事件之前尽快推送' })
  async redeliverWebhookEvent(@Ctx() ctx: RequestContext, @Args('input', { description: '订阅和事件' }) input: RedeliverWebhookEventInput): Promise<WebhookDeliveryModel> {
    return WebhookDeliveryModel.from(await this.service.redeliver(ctx, input));
  }
}

/** A subscription's nested fields, each through a per-request loader. */
@Resolver(() => WebhookModel)
export class WebhookFieldsResolver extends RegionFields {
  constructor(organizations: OrganizationService, private readonly service: WebhookService) {
    super(organizations);
  }

  @Allow(Permission.WEBHOOK_MANAGE)
  @ResolveField(() => RegionModel, { description: '订阅的区域：只推送发生在该区域（含下级）的事件' })
  region(@Ctx() ctx: RequestContext, @Parent() w: WebhookModel): Promise<RegionModel> {
    return this.regionOf(ctx, w.row.regionId);
  }

  @Allow(Permission.WEBHOOK_MANAGE)
  @ResolveField(() => DateTimeScalar, { nullable: true, description: '最新送达的事件的送达时间；尚未送达过为空' })
  async lastDeliveredAt(@Ctx() ctx: RequestContext, @Parent() w: WebhookModel): Promise<Date | null> {
    return (await this.service.statsOf(ctx).load(w.row.id))?.lastDeliveredAt ?? null;
  }

  @Allow(Permission.WEBHOOK_MANAGE)
  @ResolveField(() => Int, { description: '待推送的条数：重试中和待重推的（尚未轮到的新事件不计）' })
  async pendingCount(@Ctx() ctx: RequestContext, @Parent() w: WebhookModel): Promise<number> {
    return (await this.service.statsOf(ctx).load(w.row.id))?.pendingCount ?? 0;
  }
}

/** A delivery's event and attempts, read per batch of deliveries. */
@Resolver(() => WebhookDeliveryModel)
export class WebhookDeliveryFieldsResolver {
  constructor(private readonly service: WebhookService) {}

  @Allow(Permission.WEBHOOK_MANAGE)
  @ResolveField(() => WebhookDeliveryEventModel, { description: '所推送的事件' })
  async event(@Ctx() ctx: RequestContext, @Parent() d: WebhookDeliveryModel): Promise<WebhookDeliveryEventModel> {
    const event = await this.service.eventOf(ctx).load(d.row.eventSeq);
    if (!event) throw new NotFoundError('事件');
    return WebhookDeliveryEventModel.from(event);
  }

  @Allow(Permission.WEBHOOK_MANAGE)
  @ResolveField(() => WebhookDeliveryAttemptConnection, { description: '各次 HTTP 尝试（新的在前）：时间、HTTP 状态码、耗时、错误' })
  async attempts(@Ctx() ctx: RequestContext, @Parent() d: WebhookDeliveryModel, @Args() page: PageArgs): Promise<WebhookDeliveryAttemptConnection> {
    return mapConnection(await this.service.attemptsOf(ctx, page).load(d.row.id), WebhookDeliveryAttemptModel.from) as WebhookDeliveryAttemptConnection;
  }
}
