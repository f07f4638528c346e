import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { scheduleCron, unscheduleCron } from '../common/cron';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/app-config';
import type { AppConfig } from '../config/app-config';

const JOB = 'event-retention';
/** One purge at a time across instances (transaction-scoped advisory lock). */
export const EVENT_RETENTION_LOCK_KEY = 5_170_417;
const BATCH = 1000;

export interface RetentionResult {
  events: number;
  deliveries: number;
  attempts: number;
}

/**
 * Outbox retention (EVENT_RETENTION_DAYS, default 90): daily at 03:30 Asia/Shanghai, in batches of 1000, delivered
 * deliveries (with their attempts) and events older than that are deleted; deliveries and attempts first (their
 * foreign keys are RESTRICT). An event is kept while a live subscription it is for has not passed it (a
 * subscription disabled for months still gets it when enabled) or a delivery of it is pending.
 */
@Injectable()
export class EventRetentionJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('EventRetention');

  constructor(
    private readonly dataSource: DataSource,
    private readonly scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** On the instances that run the delivery worker (not in commands of the CLI, which turn it off). */
  onApplicationBootstrap(): void {
    if (!this.config.webhooks.workerEnabled) return;
    scheduleCron(this.scheduler, JOB, '0 30 3 * * *', () => this.run());
  }

  onApplicationShutdown(): void {
    unscheduleCron(this.scheduler, JOB);
  }

  async run(): Promise<void> {
    try {
      const r = await this.purge();
      if (r.events + r.deliveries > 0) this.logger.log(`purged ${r.events} events, ${r.deliveries} deliveries, ${r.attempts} attempts older than ${this.config.eventRetentionDays} days`);
    } catch (error) {
      this.logger.error(`event retention failed: ${(error as Error).message}`);
    }
  }

  async purge(): Promise<RetentionResult> {
    const total: RetentionResult = { events: 0, deliveries: 0, attempts: 0 };
    const cutoff = `now() - ${Number(this.config.eventRetentionDays)} * interval '1 day'`;
    // delivered deliveries past the retention, whatever becomes of their event
    for (;;) {
      const batch = await this.inBatch(async (run) => {
        const ids = (await run(`SELECT id FROM webhook_delivery WHERE state = 'DELIVERED' AND delivered_at < ${cutoff} LIMIT ${BATCH}`)).map((r) => r.id as string);
        return this.deleteDeliveries(run, ids);
      });
      if (!batch) break;
      total.deliveries += batch.deliveries;
      total.attempts += batch.attempts;
      if (batch.deliveries < BATCH) break;
    }
    // events past the retention that no live subscription still waits for, with whatever deliveries they had
    for (;;) {
      const batch = await this.inBatch(async (run) => {
        const seqs = (await run(
          `SELECT e.seq FROM integration_event e
            WHERE e.occurred_at < ${cutoff}
              AND NOT EXISTS (SELECT 1 FROM webhook w WHERE w.deleted_at IS NULL AND (e.txid, e.seq) > (w.cursor_txid, w.cursor_seq)
                                 AND e.type = ANY(w.events) AND e.region_path LIKE w.region_path || '%')
              AND NOT EXISTS (SELECT 1 FROM webhook_delivery d WHERE d.event_seq = e.seq AND d.state = 'PENDING')
            ORDER BY e.seq LIMIT ${BATCH}`,
        )).map((r) => String(r.seq));
        if (seqs.length === 0) return { events: 0, deliveries: 0, attempts: 0 };
        // locked, and read again: a redelivery asked for since the first statement keeps its event
        const rows = await run(`SELECT id, event_seq::text AS seq, state FROM webhook_delivery WHERE event_seq = ANY($1::bigint[]) ORDER BY id FOR UPDATE`, [seqs]);
        const wanted = new Set(rows.filter((r) => r.state === 'PENDING').map((r) => String(r.seq)));
        const gone = seqs.filter((seq) => !wanted.has(seq));
        const deleted = await this.deleteDeliveries(run, rows.filter((r) => !wanted.has(String(r.seq))).map((r) => r.id as string));
        const events = await run(`DELETE FROM integration_event WHERE seq = ANY($1::bigint[]) RETURNING seq`, [gone]);
        return { ...deleted, events: events.length };
      });
      if (!batch) break;
      total.events += batch.events;
      total.deliveries += batch.deliveries;
      total.attempts += batch.attempts;
      if (batch.events < BATCH) break;
    }
    return total;
  }

  private async deleteDeliveries(run: Run, ids: string[]): Promise<RetentionResult> {
    if (ids.length === 0) return { events: 0, deliveries: 0, attempts: 0 };
    const attempts = await run(`DELETE FROM webhook_delivery_attempt WHERE delivery_id = ANY($1::uuid[]) RETURNING id`, [ids]);
    const deliveries = await run(`DELETE FROM webhook_delivery WHERE id = ANY($1::uuid[]) RETURNING id`, [ids]);
    return { events: 0, deliveries: deliveries.length, attempts: attempts.length };
  }

  /** One batch in its own transaction under the lock; null when another instance is purging. */
  private inBatch(work: (run: Run) => Promise<RetentionResult>): Promise<RetentionResult | null> {
    return this.dataSource.transaction('READ COMMITTED', async (m) => {
      const [{ locked }] = (await m.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [EVENT_RETENTION_LOCK_KEY])) as { locked: boolean }[];
      if (!locked) return null;
      return work(async (sql, params) => {
        const result: unknown = await m.query(sql, params);
        if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as Record<string, unknown>[];
        return result as Record<string, unknown>[];
      });
    });
  }
}

type Run = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;
