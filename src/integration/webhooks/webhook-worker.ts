import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AsyncResource } from 'node:async_hooks';
import { randomBytes, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DataSource, EntityManager } from 'typeorm';
import type { EntitySubscriberInterface, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { FieldCipher } from '../../auth/key-material';
import { Clock } from '../../common/clock';
import { APP_CONFIG } from '../../config/app-config';
import type { AppConfig } from '../../config/app-config';
import { parseGlobalId } from '../../graphql/global-id';
import { WarningService } from '../../inspections/warning.service';
import { TRANSACTIONS_WITH_EVENTS } from '../event-outbox';
import { WebhookRecipient } from '../integration.enums';
import { afterPositionSql, eventEnvelope, PUBLISHED_BELOW } from '../outbox-order';
import { describeFailure, disabledReason, disabledWarningMessage, isDelivered, retryDelayMs } from './delivery-policy';
import { DeliveryOutcome, WebhookSender } from './webhook-sender';

/** The field cipher's context of a webhook's signing secret. */
export const WEBHOOK_SECRET_CONTEXT = 'webhook.secret';
/** The warning rule raised when the worker disables a subscription (migration 1766289600000). */
export const WEBHOOK_DISABLED_RULE = 'webhook.disabled';
/** Warning.subjectType of a subscription. */
export const WEBHOOK_WARNING_SUBJECT = 'WEBHOOK';

/** Deliveries one lease serves before it is given back (another subscription's turn when all slots are busy). */
const STEPS_PER_LEASE = 100;

/** When such an event reaches the discipline commission's subscription, its case records the time (EVA-6, COM-6, INS-6). */
const DISCIPLINE_CASES: Record<string, string> = {
  'accountability_case.opened': 'accountability_case',
  'investigation.opened': 'investigation_case',
};

interface LeasedWebhook {
  id: string;
  url: string;
  events: string[];
  region_id: string;
  region_path: string;
  description: string;
  recipient: WebhookRecipient;
  secret_cipher: string;
  state: string;
  deleted_at: Date | null;
  cursor_txid: string;
  cursor_seq: string;
  /** A redelivery asked by hand is pending (it goes first). */
  has_manual: boolean;
}

interface EventRow {
  seq: string;
  txid: string;
  id: string;
  type: string;
  occurred_at: string | Date;
  region_id: string;
  county_id: string | null;
  subject_id: string;
  payload: Record<string, unknown>;
}

type StepResult = 'continue' | 'idle' | 'lost';

class LeaseLost extends Error {}

/** TypeORM answers an UPDATE/DELETE … RETURNING with `[rows, count]` and a SELECT with its rows. */
function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}

/**
 * The webhook delivery worker (Standard Webhooks), on every instance that has it enabled. The outbox is the queue:
 * a subscription is a consumer with a cursor in the published order (outbox-order.ts), filtered by its event types
 * and region. Guarantees, and why (docs/reliability.md, "Webhook delivery"):
 *
 * - One instance delivers for a subscription at a time: it takes a lease on the webhook row (a short UPDATE …
 *   FOR UPDATE SKIP LOCKED, committed), renews it at every step, and makes the HTTP request outside any
 *   transaction; a dead instance's lease runs out (2 × WEBHOOK_TIMEOUT_MS + 5 s) and another takes over.
 * - In order per subscription: manual redeliveries first, then the event after the cursor (the head); a failing
 *   head holds the later events back (head-of-line) until it is delivered or given up.
 * - At least once: the cursor passes an event only in the transaction that records it DELIVERED (or given up); an
 *   instance that dies after the receiver answered but before that commit makes the event be sent again, with the
 *   same `webhook-id` (the receiver deduplicates on it).
 */
@Injectable()
export class WebhookWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  /** This instance in the lease and the attempt log. */
  readonly instance = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly logger = new Logger('Webhooks');
  private readonly sender = new WebhookSender();
  private readonly sessions = new Set<Promise<void>>();
  /** The subscriptions this instance delivers for now (one session each). */
  private readonly active = new Set<string>();
  private readonly leaseMs: number;
  private timer?: NodeJS.Timeout;
  private polling: Promise<void> | null = null;
  private pollAgain = false;
  private started = false;
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cipher: FieldCipher,
    private readonly warnings: WarningService,
    private readonly clock: Clock,
  ) {
    // longer than one step (an attempt is bounded by the timeout; the statements around it are short)
    this.leaseMs = config.webhooks.timeoutMs * 2 + 5000;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.webhooks.workerEnabled) return;
    if (this.config.database.kind === 'embedded') {
      // only one process opens an embedded database (its lock file): a lease found there is a dead process's
      await this.dataSource.query(`UPDATE webhook SET lease_owner = NULL WHERE lease_owner IS NOT NULL`);
    }
    this.started = true;
    this.wakeOnCommit();
    this.schedule(0);
    this.logger.log(`webhook delivery worker ${this.instance} started (poll ${this.config.webhooks.pollIntervalMs} ms, ${this.config.webhooks.concurrency} subscriptions at once)`);
  }

  /**
   * Takes no more work: called as soon as a stop signal arrives (bootstrap.ts), before the HTTP server drains, so
   * no attempt starts that the shutdown's bound would cut off.
   */
  stopClaiming(): void {
    this.stopping = true;
    clearTimeout(this.timer);
  }

  /** Stops polling, lets the attempts in flight finish (each within WEBHOOK_TIMEOUT_MS), gives the leases back. */
  async beforeApplicationShutdown(): Promise<void> {
    if (!this.started) return;
    this.stopClaiming();
    await this.polling;
    await Promise.allSettled([...this.sessions]);
    try {
      await this.dataSource.query(`UPDATE webhook SET lease_owner = NULL, lease_until = now() WHERE lease_owner = $1`, [this.instance]);
    } catch (error) {
      this.logger.warn(`could not give the webhook leases back (they run out by themselves): ${(error as Error).message}`);
    }
    this.sender.close();
  }

  /**
   * Looks for deliveries as soon as a transaction that wrote events commits (not at the next poll): a TypeORM
   * subscriber on the outermost commit. The poll is scheduled in the worker's own async context, never in the
   * committing request's (its statement count, its unit of work).
   */
  private wakeOnCommit(): void {
    const scope = new AsyncResource('WebhookWorker');
    const subscriber: EntitySubscriberInterface = {
      afterTransactionCommit: (event: TransactionCommitEvent) => {
        if ((event.queryRunner as { transactionDepth?: number }).transactionDepth !== 0) return;
        if (TRANSACTIONS_WITH_EVENTS.delete(event.queryRunner)) scope.runInAsyncScope(() => this.schedule(0));
      },
      afterTransactionRollback: (event: TransactionRollbackEvent) => {
        if ((event.queryRunner as { transactionDepth?: number }).transactionDepth === 0) TRANSACTIONS_WITH_EVENTS.delete(event.queryRunner);
      },
    };
    (this.dataSource.subscribers as EntitySubscriberInterface[]).push(subscriber);
  }

  private schedule(delayMs: number): void {
    if (this.stopping) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.poll(), delayMs);
  }

  private async poll(): Promise<void> {
    if (this.stopping) return;
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    const run = (async () => {
      const free = this.config.webhooks.concurrency - this.sessions.size;
      if (free <= 0) return;
      for (const id of await this.claim(free)) this.startSession(id);
    })().catch((error: unknown) => this.logger.warn(`webhook poll failed (next in ${this.config.webhooks.pollIntervalMs} ms): ${(error as Error).message}`));
    this.polling = run;
    await run;
    this.polling = null;
    if (this.pollAgain) {
      this.pollAgain = false;
      this.schedule(0);
    } else {
      this.schedule(this.config.webhooks.pollIntervalMs);
    }
  }

  /**
   * Leases up to `limit` subscriptions that have something due and no live lease, least recently served first. A
   * subscription whose head (or a redelivery) waits for its retry time is not taken: no write per idle poll.
   */
  private async claim(limit: number): Promise<string[]> {
    const rows = rowsOf<{ id: string }>(await this.dataSource.query(
      `UPDATE webhook w SET lease_owner = $1, lease_until = now() + $2 * interval '1 millisecond'
        WHERE w.id IN (
          SELECT c.id FROM webhook c
           WHERE c.state = 'ACTIVE' AND c.deleted_at IS NULL AND (c.lease_until IS NULL OR c.lease_until < now() OR c.lease_owner IS NULL)
             AND NOT (c.id = ANY($4::uuid[]))
             AND (EXISTS (SELECT 1 FROM webhook_delivery d WHERE d.webhook_id = c.id AND d.state = 'PENDING' AND d.manual AND d.next_attempt_at <= now())
                  OR (NOT EXISTS (SELECT 1 FROM webhook_delivery d WHERE d.webhook_id = c.id AND d.state = 'PENDING' AND NOT d.manual AND d.next_attempt_at > now())
                      AND EXISTS (SELECT 1 FROM integration_event e WHERE (e.txid, e.seq) > (c.cursor_txid, c.cursor_seq) AND e.txid < ${PUBLISHED_BELOW})))
           ORDER BY c.lease_until NULLS FIRST, c.id
           LIMIT $3
           FOR UPDATE SKIP LOCKED)
        RETURNING w.id`,
      // never a subscription this instance still delivers for (its lease may have run out under a slow step)
      [this.instance, this.leaseMs, limit, [...this.active]],
    ));
    return rows.map((r) => r.id);
  }

  private startSession(webhookId: string): void {
    this.active.add(webhookId);
    const run = this.session(webhookId)
      .then((more) => {
        if (more) this.schedule(0);
      })
      .catch((error: unknown) => this.logger.warn(`webhook ${webhookId}: delivery stopped: ${(error as Error).message}`))
      .finally(() => {
        this.sessions.delete(run);
        this.active.delete(webhookId);
      });
    this.sessions.add(run);
  }

  /** Delivers for one leased subscription until nothing is due; true when it stopped at the step limit with more to do. */
  private async session(webhookId: string): Promise<boolean> {
    let result: StepResult = 'idle';
    try {
      for (let step = 0; step < STEPS_PER_LEASE && !this.stopping; step++) {
        result = await this.step(webhookId);
        if (result !== 'continue') return false;
      }
      return result === 'continue' && !this.stopping;
    } finally {
      if (result !== 'lost') {
        await this.dataSource.query(`UPDATE webhook SET lease_owner = NULL, lease_until = now() WHERE id = $1 AND lease_owner = $2`, [webhookId, this.instance])
          .catch((error: unknown) => this.logger.warn(`webhook ${webhookId}: lease not given back (it runs out): ${(error as Error).message}`));
      }
    }
  }

  /** One delivery of a leased subscription: a redelivery asked by hand, else the head; or nothing due. */
  private async step(webhookId: string): Promise<StepResult> {
    // renewing the lease also reads the subscription as it is now (an edit, a disabling, a deletion)
    const [w] = rowsOf<LeasedWebhook>(await this.dataSource.query(
      `UPDATE webhook SET lease_until = now() + $3 * interval '1 millisecond' WHERE id = $1 AND lease_owner = $2
       RETURNING id, url, events, region_id, region_path, description, recipient, secret_cipher, state, deleted_at, cursor_txid::text, cursor_seq::text,
                 EXISTS (SELECT 1 FROM webhook_delivery d WHERE d.webhook_id = webhook.id AND d.state = 'PENDING' AND d.manual) AS has_manual`,
      [webhookId, this.instance, this.leaseMs],
    ));
    if (!w) return 'lost';
    if (w.state !== 'ACTIVE' || w.deleted_at) return 'idle';

    const [manual] = !w.has_manual ? [] : (await this.dataSource.query(
      `SELECT d.id AS delivery_id, d.attempt_count, d.next_attempt_at <= now() AS due,
              e.seq::text, e.txid::text, e.id, e.type, e.occurred_at, e.region_id, e.county_id, e.subject_id, e.payload
         FROM webhook_delivery d JOIN integration_event e ON e.seq = d.event_seq
        WHERE d.webhook_id = $1 AND d.state = 'PENDING' AND d.manual
        ORDER BY e.txid, e.seq LIMIT 1`,
      [w.id],
    )) as (EventRow & { delivery_id: string; attempt_count: number; due: boolean })[];
    // a redelivery due goes first; one waiting for its retry does not hold the subscription's own events back
    if (manual?.due) return this.attempt(w, manual, { id: manual.delivery_id, attemptCount: manual.attempt_count, head: false });

    // the head, and the last published event: in one statement, so one snapshot says both
    const [found] = (await this.dataSource.query(
      `WITH head AS (
         SELECT e.seq::text, e.txid::text, e.id, e.type, e.occurred_at, e.region_id, e.county_id, e.subject_id, e.payload
           FROM integration_event e
          WHERE ${afterPositionSql('e', 1)} AND e.type = ANY($3::text[]) AND e.region_path LIKE $4 || '%'
          ORDER BY e.txid, e.seq LIMIT 1),
       last AS (
         SELECT e.txid::text, e.seq::text FROM integration_event e WHERE ${afterPositionSql('e', 1)} ORDER BY e.txid DESC, e.seq DESC LIMIT 1)
       SELECT (SELECT row_to_json(h) FROM head h) AS head, (SELECT row_to_json(l) FROM last l) AS last`,
      [w.cursor_txid, w.cursor_seq, w.events, w.region_path],
    )) as { head: EventRow | null; last: { txid: string; seq: string } | null }[];
    if (!found.head) {
      // nothing published after the cursor is for this subscription: pass over it (later polls scan less)
      if (found.last) await this.moveCursor(this.dataSource.manager, w, found.last);
      return 'idle';
    }
    const head = found.head;
    const [delivery] = rowsOf<{ id: string; state: string; attempt_count: number; due: boolean }>(await this.dataSource.query(
      `INSERT INTO webhook_delivery (id, webhook_id, event_seq, state, manual, attempt_count, first_attempt_at, next_attempt_at, created_at, updated_at)
       VALUES ($1, $2, $3, 'PENDING', false, 0, now(), now(), now(), now())
       ON CONFLICT ON CONSTRAINT uq_webhook_delivery_event DO UPDATE SET webhook_id = EXCLUDED.webhook_id
       RETURNING id, state, attempt_count, next_attempt_at <= now() AS due`,
      [randomUUID(), w.id, head.seq],
    ));
    if (delivery.state !== 'PENDING') {
      // delivered by a redelivery before the cursor reached it, or given up: done with
      await this.moveCursor(this.dataSource.manager, w, head);
      return 'continue';
    }
    if (!delivery.due) return 'idle';
    return this.attempt(w, head, { id: delivery.id, attemptCount: delivery.attempt_count, head: true });
  }

  /** Sends one event, then records the attempt and its consequences in one transaction. */
  private async attempt(w: LeasedWebhook, event: EventRow, delivery: { id: string; attemptCount: number; head: boolean }): Promise<StepResult> {
    const attemptedAt = this.clock.now();
    let outcome: DeliveryOutcome;
    let secret: string | null = null;
    try {
      secret = this.cipher.decrypt(w.secret_cipher, WEBHOOK_SECRET_CONTEXT);
    } catch {
      outcome = { httpStatus: null, error: '无法解密订阅的签名密钥（数据加密密钥是否更换过？）', durationMs: 0 };
    }
    if (secret !== null) {
      const body = JSON.stringify(eventEnvelope({
        id: event.id, type: event.type, occurredAt: new Date(event.occurred_at), regionId: event.region_id, countyId: event.county_id,
        subjectId: event.subject_id, payload: event.payload,
      }));
      try {
        outcome = await this.sender.send({
          url: w.url, id: event.id, body, secret, now: attemptedAt, timeoutMs: this.config.webhooks.timeoutMs,
          allowPrivateNetworks: this.config.webhookTargets.allowPrivateNetworks,
        });
      } catch {
        // a secret the signer refuses (never in the message): a failed attempt, retried and in the end given up
        outcome = { httpStatus: null, error: '无法用订阅的签名密钥签名（密钥格式不正确）', durationMs: 0 };
      }
    }
    const result = outcome!;
    const delivered = isDelivered(result.httpStatus);
    try {
      return await this.dataSource.transaction('READ COMMITTED', async (m) => {
        await m.query(
          `INSERT INTO webhook_delivery_attempt (delivery_id, attempted_at, http_status, duration_ms, error, instance) VALUES ($1, $2, $3, $4, $5, $6)`,
          [delivery.id, attemptedAt, result.httpStatus, result.durationMs, delivered ? null : describeFailure(result), this.instance],
        );
        if (delivered) return this.recordDelivered(m, w, event, delivery);
        return this.recordFailed(m, w, event, delivery, describeFailure(result));
      });
    } catch (error) {
      if (error instanceof LeaseLost) {
        this.logger.warn(`webhook ${w.id}: lease lost during an attempt; another instance sends event ${event.id} again`);
        return 'lost';
      }
      throw error;
    }
  }

  private async recordDelivered(m: EntityManager, w: LeasedWebhook, event: EventRow, delivery: { id: string; head: boolean }): Promise<StepResult> {
    await m.query(
      `UPDATE webhook_delivery SET state = 'DELIVERED', delivered_at = now(), attempt_count = attempt_count + 1,
              first_attempt_at = COALESCE(first_attempt_at, now()), next_attempt_at = now(), updated_at = now()
        WHERE id = $1`,
      [delivery.id],
    );
    if (delivery.head) await this.moveCursor(m, w, event, true);
    else await this.keepLease(m, w);
    const table = w.recipient === WebhookRecipient.DISCIPLINE_COMMISSION ? DISCIPLINE_CASES[event.type] : undefined;
    const subject = table ? parseGlobalId(event.subject_id) : undefined;
    if (table && subject) await m.query(`UPDATE ${table} SET delivered_at = now() WHERE id = $1 AND delivered_at IS NULL`, [subject.id]);
    return 'continue';
  }

  /**
   * A failed attempt: the next one after the backoff; a head failing for WEBHOOK_RETRY_WINDOW_MS is given up,
   * the cursor passes it, the subscription is disabled and the committee office warned. A redelivery given up is
   * only marked FAILED (the subscription's own order is not at stake).
   */
  private async recordFailed(m: EntityManager, w: LeasedWebhook, event: EventRow, delivery: { id: string; attemptCount: number; head: boolean }, failure: string): Promise<StepResult> {
    const { retryBaseMs, retryMaxDelayMs, retryWindowMs } = this.config.webhooks;
    const delay = retryDelayMs(delivery.attemptCount + 1, { baseMs: retryBaseMs, maxDelayMs: retryMaxDelayMs }, Math.random());
    const [updated] = rowsOf<{ state: string }>(await m.query(
      `UPDATE webhook_delivery SET attempt_count = attempt_count + 1, first_attempt_at = COALESCE(first_attempt_at, now()),
              next_attempt_at = now() + $2 * interval '1 millisecond', updated_at = now(),
              state = CASE WHEN now() - COALESCE(first_attempt_at, now()) >= $3 * interval '1 millisecond' THEN 'FAILED' ELSE 'PENDING' END
        WHERE id = $1 RETURNING state`,
      [delivery.id, delay, retryWindowMs],
    ));
    if (updated.state !== 'FAILED' || !delivery.head) {
      await this.keepLease(m, w);
      return updated.state === 'FAILED' ? 'continue' : 'idle';
    }
    const disabled = rowsOf<{ id: string }>(await m.query(
      `UPDATE webhook SET cursor_txid = $3, cursor_seq = $4, state = 'DISABLED', disabled_reason = $5, disabled_at = now(),
              lease_owner = NULL, lease_until = now(), version = version + 1, updated_at = now()
        WHERE id = $1 AND lease_owner = $2 RETURNING id`,
      [w.id, this.instance, event.txid, event.seq, disabledReason(retryWindowMs, failure)],
    ));
    if (disabled.length !== 1) throw new LeaseLost();
    await this.warnings.raiseOnEvent(m, {
      ruleCode: WEBHOOK_DISABLED_RULE, subjectType: WEBHOOK_WARNING_SUBJECT, subjectId: w.id, regionId: w.region_id,
      message: disabledWarningMessage(w.url, w.description, retryWindowMs, failure),
    });
    this.logger.warn(`webhook ${w.id} disabled: event ${event.id} failed for ${retryWindowMs} ms (${failure})`);
    return 'idle';
  }

  /** The cursor past `to` (never backwards), the lease renewed; only while this instance holds the lease. */
  private async moveCursor(m: EntityManager, w: LeasedWebhook, to: { txid: string; seq: string }, inTransaction = false): Promise<void> {
    const moved = rowsOf<{ id: string }>(await m.query(
      `UPDATE webhook SET cursor_txid = $3, cursor_seq = $4, lease_until = now() + $5 * interval '1 millisecond'
        WHERE id = $1 AND lease_owner = $2 AND (cursor_txid, cursor_seq) < ($3::bigint, $4::bigint) RETURNING id`,
      [w.id, this.instance, to.txid, to.seq, this.leaseMs],
    ));
    if (moved.length !== 1 && inTransaction) throw new LeaseLost();
    w.cursor_txid = to.txid;
    w.cursor_seq = to.seq;
  }

  private async keepLease(m: EntityManager, w: LeasedWebhook): Promise<void> {
    const kept = rowsOf<{ id: string }>(await m.query(
      `UPDATE webhook SET lease_until = now() + $3 * interval '1 millisecond' WHERE id = $1 AND lease_owner = $2 RETURNING id`,
      [w.id, this.instance, this.leaseMs],
    ));
    if (kept.length !== 1) throw new LeaseLost();
  }
}
