import { Inject, Injectable } from '@nestjs/common';
import { WarningService } from '../../inspections/warning.service';
import { randomBytes, randomUUID } from 'node:crypto';
import type DataLoader from 'dataloader';
import { DataSource, In, IsNull } from 'typeorm';
import { assertReaches, reaches, withinJurisdiction } from '../../kernel/jurisdiction';
import { FIELD_CIPHER, PersonalDataCipher } from '../../auth/personal-data';
import { Clock } from '../../common/clock';
import { OutsideJurisdictionError } from '../../kernel/outside-jurisdiction';
import { APP_CONFIG } from '../../config/app-config';
import type { AppConfig } from '../../config/app-config';
import { TransactionRunner, updateBumpingVersion, updateVersioned } from '../../database/transaction';
import { childPages } from '../../graphql/child-pages';
import { ConnectionValue, OrderKey, PageArgs, paginate } from '../../graphql/connection';
import { BadUserInputError, ConflictError, NotFoundError } from '../../kernel/errors';
import { fromGlobalId } from '../../graphql/global-id';
import { rowLoader } from '../../graphql/loaders';
import type { RequestContext } from '../../kernel/request-context';
import { OrganizationService } from '../../organization/organization.service';
import { EVENT_TYPE_NAMES, isEventType } from '../event-types';
import { IntegrationEvent, Webhook, WebhookDelivery, WebhookDeliveryAttempt } from '../integration.entity';
import { WebhookDeliveryState, WebhookRecipient, WebhookState } from '../integration.enums';
import { outboxHead } from '../outbox-order';
import { auditedUrl, targetProblem } from './target-guard';
import type { WebhookStats } from './webhook.types';

/** The Standard Webhooks secret form: `whsec_` and the base64 of 32 random bytes (the HMAC-SHA256 key). */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';
/** The reason a subscription stopped by hand carries (the worker's own reasons name the failure). */
export const MANUAL_DISABLE_REASON = '手动停用';
const DESCRIPTION_MAX = 200;

const WEBHOOK_ORDER: OrderKey<Webhook>[] = [
  { expr: 'w.created_at', type: 'timestamp' },
  { expr: 'w.id', type: 'uuid', value: (w) => w.id },
];
/** Newest event first: the (webhook_id, event_seq) unique index read backwards. */
const DELIVERY_ORDER: OrderKey<WebhookDelivery>[] = [
  { expr: 'd.event_seq', type: 'bigint', value: (d) => d.eventSeq },
  { expr: 'd.id', type: 'uuid', value: (d) => d.id },
];

/**
 * Webhook subscriptions (the committee office's API): create (the secret shown once, kept encrypted), change,
 * disable and enable, delete, list with their deliveries and attempts, and ask for an event again. Sending is the
 * delivery worker's: it reads what this service writes (the cursor, the state, the manual PENDING deliveries).
 */
@Injectable()
export class WebhookService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly organizations: OrganizationService,
    @Inject(FIELD_CIPHER) private readonly cipher: PersonalDataCipher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly warnings: WarningService,
  ) {}

  // ---------- writes ----------

  async create(ctx: RequestContext, input: {
    url: string; events: string[]; regionId: string; description: string; recipient?: WebhookRecipient | null;
  }): Promise<{ webhook: Webhook; secret: string }> {
    const region = await this.organizations.region(ctx, input.regionId, 'input.regionId');
    assertReaches(ctx, region.path);
    const events = this.checkedEvents(input.events, 'input.events');
    const description = this.checkedDescription(input.description);
    const url = await this.checkedUrl(input.url, 'input.url');
    const secret = `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
    const recipient = input.recipient ?? WebhookRecipient.COUNTY_SYSTEM;
    const webhook = await this.tx.run(async (m) => {
      // it hears of changes from its creation on: the cursor starts at the outbox's head
      const head = await outboxHead(m);
      const repo = m.getRepository(Webhook);
      return repo.save(repo.create({
        id: randomUUID(), url, events, regionId: region.id, regionPath: region.path, description, recipient,
        secretCipher: this.cipher.encryptWebhookSecret(secret), state: WebhookState.ACTIVE, disabledReason: null, disabledAt: null,
        cursorTxid: head.txid, cursorSeq: head.seq, leaseOwner: null, leaseUntil: null, createdBy: ctx.actor.label, deletedAt: null,
      }));
    });
    // never the secret, not even its cipher
    ctx.auditTarget('Webhook', webhook.id, { after: { url: auditedUrl(url), events, regionId: region.id, recipient, state: webhook.state } });
    return { webhook, secret };
  }

  async update(ctx: RequestContext, input: {
    id: string; expectedVersion: number; url?: string | null; events?: string[] | null; description?: string | null; enabled?: boolean | null;
  }): Promise<Webhook> {
    const found = await this.visible(ctx, input.id, 'input.id');
    const events = input.events ? this.checkedEvents(input.events, 'input.events') : undefined;
    const description = input.description != null ? this.checkedDescription(input.description) : undefined;
    const url = input.url != null ? await this.checkedUrl(input.url, 'input.url') : undefined;
    const now = this.clock.now();
    const saved = await this.tx.run(async (m) => {
      const current = await m.getRepository(Webhook).findOneBy({ id: found.id, deletedAt: IsNull() });
      if (!current) throw new NotFoundError('事件订阅');
      const changes: Partial<Webhook> = {
        ...(url !== undefined ? { url } : {}),
        ...(events ? { events } : {}),
        ...(description !== undefined ? { description } : {}),
      };
      // enabling resumes from the cursor (nothing lost); disabling by hand keeps a reason the worker's would not give
      if (input.enabled === true && current.state === WebhookState.DISABLED) {
        Object.assign(changes, { state: WebhookState.ACTIVE, disabledReason: null, disabledAt: null });
      } else if (input.enabled === false && current.state === WebhookState.ACTIVE) {
        Object.assign(changes, { state: WebhookState.DISABLED, disabledReason: MANUAL_DISABLE_REASON, disabledAt: now });
      }
      const updated = await updateVersioned(m, Webhook, current, input.expectedVersion, changes);
      if ((updated.state === WebhookState.ACTIVE && current.state === WebhookState.DISABLED) || (url !== undefined && url !== current.url)) {
        // a receiver mended (enabled again, or moved): its waiting deliveries go now, with a full retry window ahead
        await m.query(`UPDATE webhook_delivery SET first_attempt_at = NULL, next_attempt_at = now(), updated_at = now() WHERE webhook_id = $1 AND state = 'PENDING'`, [updated.id]);
      }
      if (events) {
        // an event of a type no longer subscribed, waiting at the head, is no longer this subscription's to send
        await m.query(
          `UPDATE webhook_delivery d SET state = 'FAILED', updated_at = now() FROM integration_event e
            WHERE d.webhook_id = $1 AND d.state = 'PENDING' AND NOT d.manual AND e.seq = d.event_seq AND NOT (e.type = ANY($2::text[]))`,
          [updated.id, events]);
      }
      // the notice that it was disabled ends with it (the periodic check would resolve it later)
      if (updated.state === WebhookState.ACTIVE && current.state === WebhookState.DISABLED) await this.warnings.resolveOnEvent(m, 'WEBHOOK', updated.id);
      return updated;
    });
    ctx.auditTarget('Webhook', saved.id, {
      before: { version: found.version, url: auditedUrl(found.url), events: found.events, state: found.state },
      after: { version: saved.version, url: auditedUrl(saved.url), events: saved.events, state: saved.state },
    });
    return saved;
  }

  /** A soft delete: the row stays for its deliveries' history; the worker sends nothing more for it. */
  async delete(ctx: RequestContext, globalId: string): Promise<Webhook> {
    const found = await this.visible(ctx, globalId, 'input.id');
    const now = this.clock.now();
    await this.tx.run(async (m) => {
      const affected = await updateBumpingVersion(m, Webhook, 'id = :id AND deleted_at IS NULL',
        { deletedAt: now, leaseOwner: null, leaseUntil: null, updatedAt: () => 'now()' }, { id: found.id });
      if (affected !== 1) throw new NotFoundError('事件订阅');
    });
    ctx.auditTarget('Webhook', found.id, { before: { deletedAt: null }, after: { deletedAt: now.toISOString() } });
    return found;
  }

  /**
   * Queues an event again for one subscription: its delivery becomes PENDING, manual, due now (its attempts are
   * kept; the worker sends manual deliveries before going on with the feed, with the event's id as webhook-id).
   * Only an event the subscription would receive (its types, inside its region) and that it is done with: one after
   * its cursor is sent in its turn anyway.
   */
  async redeliver(ctx: RequestContext, input: { webhookId: string; eventId: string }): Promise<WebhookDelivery> {
    const hook = await this.visible(ctx, input.webhookId, 'input.webhookId');
    const now = this.clock.now();
    const delivery = await this.tx.run(async (m) => {
      const current = await m.getRepository(Webhook).findOneBy({ id: hook.id, deletedAt: IsNull() });
      if (!current) throw new NotFoundError('事件订阅');
      const event = await m.getRepository(IntegrationEvent).findOneBy({ id: input.eventId });
      if (!event) throw new NotFoundError('事件');
      // an event outside the actor's jurisdiction: the operation declares it answers as one that does not exist
      if (!reaches(ctx.actor, event.regionPath)) throw new OutsideJurisdictionError('事件');
      if (!current.events.includes(event.type)) {
        throw BadUserInputError.field('input.eventId', `该订阅不接收“${event.type}”类型的事件（订阅的类型：${current.events.join('、')}）`);
      }
      if (!event.regionPath.startsWith(current.regionPath)) throw BadUserInputError.field('input.eventId', '该事件不在订阅的区域内');
      if (afterCursor(event, current)) {
        throw new ConflictError('该事件尚未推送到此订阅：它会按顺序推送，无需重推', { reason: 'NOT_YET_SENT' });
      }
      const [row] = (await m.query(
        `INSERT INTO webhook_delivery (id, webhook_id, event_seq, state, manual, attempt_count, next_attempt_at)
         VALUES ($1, $2, $3, 'PENDING', true, 0, $4)
         ON CONFLICT ON CONSTRAINT uq_webhook_delivery_event
         DO UPDATE SET state = 'PENDING', manual = true, next_attempt_at = EXCLUDED.next_attempt_at, first_attempt_at = NULL, updated_at = now()
         RETURNING id`,
        [randomUUID(), current.id, event.seq, now],
      )) as { id: string }[];
      return m.getRepository(WebhookDelivery).findOneByOrFail({ id: row.id });
    });
    ctx.auditTarget('Webhook', hook.id, { after: { redelivered: input.eventId, deliveryState: delivery.state } });
    return delivery;
  }

  // ---------- reads ----------

  async list(ctx: RequestContext, page: PageArgs, filter: { regionId?: string }): Promise<ConnectionValue<Webhook>> {
    const qb = this.dataSource.getRepository(Webhook).createQueryBuilder('w').where('w.deleted_at IS NULL');
    withinJurisdiction(qb, ctx, 'w.region_path');
    if (filter.regionId) {
      const region = await this.organizations.region(ctx, filter.regionId, 'regionId');
      assertReaches(ctx, region.path);
      qb.andWhere('w.region_path LIKE :listRegion', { listRegion: `${region.path}%` });
    }
    return paginate(qb, page, WEBHOOK_ORDER, { descending: true });
  }

  /** Subscriptions for node(id:): inside the jurisdiction and not deleted, else null. */
  async visibleMany(ctx: RequestContext, ids: readonly string[]): Promise<(Webhook | null)[]> {
    const rows = await this.dataSource.getRepository(Webhook).findBy({ id: In([...ids]), deletedAt: IsNull() });
    const byId = new Map(rows.filter((w) => reaches(ctx.actor, w.regionPath)).map((w) => [w.id, w]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async deliveries(ctx: RequestContext, page: PageArgs, filter: { webhookId: string; state?: WebhookDeliveryState }): Promise<ConnectionValue<WebhookDelivery>> {
    const hook = await this.visible(ctx, filter.webhookId, 'webhookId');
    const qb = this.dataSource.getRepository(WebhookDelivery).createQueryBuilder('d').where('d.webhook_id = :webhook', { webhook: hook.id });
    if (filter.state) qb.andWhere('d.state = :state', { state: filter.state });
    return paginate(qb, page, DELIVERY_ORDER, { descending: true });
  }

  /** Each delivery's event (one statement per batch). */
  eventOf(ctx: RequestContext): DataLoader<string, IntegrationEvent | undefined> {
    return rowLoader(ctx, 'webhook.eventBySeq', (seqs) => this.dataSource.getRepository(IntegrationEvent).findBy({ seq: In(seqs) }), (e) => e.seq);
  }

  /** Each delivery's attempts, newest first: one statement per batch of deliveries (child-pages.ts). */
  attemptsOf(ctx: RequestContext, page: PageArgs): DataLoader<string, ConnectionValue<WebhookDeliveryAttempt>> {
    return childPages(ctx, this.dataSource, {
      name: 'webhook.attempts', entity: WebhookDeliveryAttempt, alias: 'a', parent: 'a.delivery_id', parentOf: (a) => a.deliveryId,
      order: [{ expr: 'a.id', type: 'bigint', value: (a) => a.id }], descending: true,
    }, page);
  }

  /**
   * Per subscription: when its newest delivered event was delivered, and how many deliveries wait (retries and
   * redeliveries; events the worker has not reached yet are not counted). One statement per batch, each figure
   * through the (webhook_id, event_seq) and pending indexes.
   */
  statsOf(ctx: RequestContext): DataLoader<string, (WebhookStats & { id: string }) | undefined> {
    return rowLoader(ctx, 'webhook.stats', async (ids) => {
      const rows = (await this.dataSource.query(
        `SELECT w.id,
           (SELECT d.delivered_at FROM webhook_delivery d WHERE d.webhook_id = w.id AND d.delivered_at IS NOT NULL ORDER BY d.event_seq DESC LIMIT 1) AS last_delivered_at,
           (SELECT count(*)::int FROM webhook_delivery d WHERE d.webhook_id = w.id AND d.state = 'PENDING') AS pending_count
         FROM unnest($1::uuid[]) AS w(id)`,
        [ids],
      )) as { id: string; last_delivered_at: Date | string | null; pending_count: number }[];
      return rows.map((r) => ({ id: r.id, lastDeliveredAt: r.last_delivered_at ? new Date(r.last_delivered_at) : null, pendingCount: Number(r.pending_count) }));
    }, (s) => s.id);
  }

  // ---------- helpers ----------

  /** A subscription the actor may see and change: not deleted, inside its jurisdiction (else NOT_FOUND: ids do not leak). */
  private async visible(ctx: RequestContext, globalId: string, field: string): Promise<Webhook> {
    const found = await this.dataSource.getRepository(Webhook).findOneBy({ id: fromGlobalId(globalId, 'Webhook', field), deletedAt: IsNull() });
    if (!found) throw new NotFoundError('事件订阅');
    assertReaches(ctx, found.regionPath, { what: '事件订阅' });
    return found;
  }

  /** Names of the catalogue (event-types.ts), at least one, none twice. */
  private checkedEvents(names: readonly string[], field: string): string[] {
    const trimmed = names.map((n) => n.trim());
    if (trimmed.length === 0) throw BadUserInputError.field(field, '至少订阅一种事件');
    const unknown = trimmed.filter((n) => !isEventType(n));
    if (unknown.length) {
      throw BadUserInputError.field(field, `未知的事件类型：${unknown.join('、')}（可订阅的类型：${EVENT_TYPE_NAMES.join('、')}）`);
    }
    const repeated = trimmed.filter((n, i) => trimmed.indexOf(n) !== i);
    if (repeated.length) throw BadUserInputError.field(field, `事件类型重复：${[...new Set(repeated)].join('、')}`);
    return trimmed;
  }

  private checkedDescription(raw: string): string {
    const description = raw.trim();
    if (!description) throw BadUserInputError.field('input.description', '不能为空');
    if (description.length > DESCRIPTION_MAX) throw BadUserInputError.field('input.description', `长度不能超过 ${DESCRIPTION_MAX} 个字符`);
    return description;
  }

  /** The SSRF policy (target-guard.ts) with this deployment's switches, read at each call. */
  private async checkedUrl(raw: string, field: string): Promise<string> {
    const url = raw.trim();
    const problem = await targetProblem(url, this.config.webhookTargets);
    if (problem) throw BadUserInputError.field(field, `推送地址不可用：${problem}`);
    return url;
  }
}

/** Whether an event lies after the subscription's cursor in the outbox's order `(txid, seq)` (not yet sent). */
function afterCursor(event: Pick<IntegrationEvent, 'txid' | 'seq'>, hook: Pick<Webhook, 'cursorTxid' | 'cursorSeq'>): boolean {
  const [txid, cursorTxid] = [BigInt(event.txid), BigInt(hook.cursorTxid)];
  return txid > cursorTxid || (txid === cursorTxid && BigInt(event.seq) > BigInt(hook.cursorSeq));
}
