import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG } from '../config/app-config';
import type { AppConfig } from '../config/app-config';
import { ConnectionValue, OrderKey, PageArgs, paginate } from '../graphql/connection';
import { BadUserInputError } from '../graphql/errors';
import { parseGlobalId } from '../graphql/global-id';
import type { Actor, AuditEvent, RequestContext } from '../graphql/request-context';
import { AuditEntry, AuditOutcome } from './audit-entry.entity';

export interface AuditFilter {
  actorId?: string;
  actorLabel?: string;
  targetType?: string;
  targetId?: string;
  operation?: string;
  outcome?: AuditOutcome;
  from?: Date;
  to?: Date;
}

const AUDIT_ORDER: OrderKey<AuditEntry>[] = [{ expr: 'e.id', type: 'bigint', value: (e) => String(e.id) }];

/** How often the retention purge runs (it also runs at start). */
const PURGE_INTERVAL_MS = 24 * 3_600_000;

/**
 * Writes and reads the audit trail. Entries are only ever inserted; the database refuses UPDATE, TRUNCATE and
 * every DELETE but the purge below, of entries older than AUDIT_RETENTION_DAYS (never under 184).
 */
@Injectable()
export class AuditService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Audit');
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The row of an event done by `actor` (or the event's own actor) in this request. */
  rowOf(ctx: RequestContext, event: AuditEvent): Partial<AuditEntry> {
    const actor: Actor = event.actor ?? ctx.actor;
    return {
      actorKind: actor.kind,
      actorId: actor.id,
      actorLabel: actor.label,
      // an anonymous entry keeps nothing that joins it to the request's other traces (logs, entries, the client)
      address: event.anonymous ? null : ctx.address,
      requestId: event.anonymous ? randomUUID() : ctx.requestId,
      operation: event.operation,
      targetType: event.targetType ?? null,
      targetId: event.targetId ?? null,
      outcome: event.outcome as AuditOutcome,
      errorCode: event.errorCode ?? null,
      summary: summaryOf(event),
      // an event's own region first (a duplicate-id check found elsewhere belongs where both regions are in reach)
      scopePath: event.scopePath ?? actor.regionPath ?? null,
    };
  }

  async record(ctx: RequestContext, events: AuditEvent[], manager?: EntityManager): Promise<void> {
    if (events.length === 0) return;
    await (manager ?? this.dataSource.manager).getRepository(AuditEntry).insert(events.map((e) => this.rowOf(ctx, e)) as never);
  }

  /**
   * Entries inside the reader's jurisdiction, newest first. Entries with no region (sign-in attempts with an
   * unknown username) are shown to every reader: they are what an administrator watches for.
   */
  async list(ctx: RequestContext, page: PageArgs, filter: AuditFilter): Promise<ConnectionValue<AuditEntry>> {
    const qb = this.dataSource.getRepository(AuditEntry).createQueryBuilder('e');
    if (ctx.actor.kind !== 'SYSTEM') {
      qb.andWhere('(e.scope_path LIKE :auditScope OR e.scope_path IS NULL)', { auditScope: `${ctx.actor.regionPath ?? '\u0000'}%` });
    }
    if (filter.actorId) {
      const parsed = parseGlobalId(filter.actorId);
      if (!parsed || (parsed.kind !== 'Account' && parsed.kind !== 'ApiKey')) throw BadUserInputError.field('actorId', '不是有效的账号或密钥标识');
      qb.andWhere('e.actor_id = :actorId', { actorId: parsed.id });
    }
    if (filter.actorLabel) qb.andWhere('e.actor_label = :actorLabel', { actorLabel: filter.actorLabel.trim() });
    if (filter.targetType) qb.andWhere('e.target_type = :targetType', { targetType: filter.targetType });
    if (filter.targetId) qb.andWhere('e.target_id = :targetId', { targetId: filter.targetId });
    if (filter.operation) qb.andWhere('e.operation = :operation', { operation: filter.operation });
    if (filter.outcome) qb.andWhere('e.outcome = :outcome', { outcome: filter.outcome });
    if (filter.from) qb.andWhere('e.at >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('e.at < :to', { to: filter.to });
    if (filter.from && filter.to && filter.from >= filter.to) throw BadUserInputError.field('to', '结束时间须晚于开始时间');
    return paginate(qb, page, AUDIT_ORDER, { descending: true });
  }

  /** Deletes entries older than the retention; the database itself refuses anything younger than 184 days. */
  async purgeExpired(): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT set_config('fcp.audit_retention_days', $1, true)`, [String(this.config.auth.auditRetentionDays)]);
      const result = await m.query(
        `DELETE FROM audit_entry WHERE at < now() - make_interval(days => $1::integer)`,
        [this.config.auth.auditRetentionDays],
      );
      return Number(result?.[1] ?? 0);
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.purgeAndLog();
    this.timer = setInterval(() => void this.purgeAndLog(), PURGE_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async purgeAndLog(): Promise<void> {
    try {
      const purged = await this.purgeExpired();
      if (purged > 0) this.logger.log(`purged ${purged} audit entries older than ${this.config.auth.auditRetentionDays} days`);
    } catch (err) {
      this.logger.error({ err }, 'audit retention purge failed');
    }
  }
}

function summaryOf(event: AuditEvent): Record<string, unknown> | null {
  const summary: Record<string, unknown> = {};
  if (event.before) summary.before = event.before;
  if (event.after) summary.after = event.after;
  return Object.keys(summary).length ? summary : null;
}
