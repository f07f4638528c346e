import { randomUUID } from 'node:crypto';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { Clock } from '../common/clock';
import { assertTimeRules, auditPeriod } from '../common/time-rules';
import { APP_CONFIG } from '../config/app-config';
import type { AppConfig } from '../config/app-config';
import { outsideUnitOfWork } from '../database/unit-of-work';
import { ConnectionValue, OrderKey, PageArgs, paginate } from '../graphql/connection';
import { BadUserInputError } from '../kernel/errors';
import { parseGlobalId } from '../graphql/global-id';
import type { Actor, AuditEvent, RequestContext } from '../kernel/request-context';
import { AuditChainBreak, chainMac, ChainedContent } from './audit-chain';
import { AuditEntry, AuditOutcome } from './audit-entry.entity';
import { KEY_MATERIAL } from './key-material';
import type { KeyMaterial } from './key-material';

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

/** How often the refusal windows of past minutes are closed (their summary entries written). */
const REFUSAL_FLUSH_MS = 60_000;

/** The operation of the entry that stands for the refusals of a minute not written one by one. */
export const REFUSALS_NOT_RECORDED = 'REFUSALS_NOT_RECORDED';

/**
 * The per-minute bounds of an anonymous caller's address (8.1.4.3): refusals of operations, failed requests (a login
 * with a blank username), and requests refused before GraphQL (HTTP). A summary entry names its kind.
 */
export type RefusalBucket = 'REFUSED' | 'FAILED' | 'HTTP';
const BUCKET_PREFIX: Record<RefusalBucket, string> = { REFUSED: 'address', FAILED: 'failed', HTTP: 'http' };

/** The kind of a refusal window's subject (an account's or key's windows are refusals). */
function bucketOf(subject: string): RefusalBucket {
  const prefix = subject.slice(0, subject.indexOf(':'));
  return prefix === BUCKET_PREFIX.FAILED ? 'FAILED' : prefix === BUCKET_PREFIX.HTTP ? 'HTTP' : 'REFUSED';
}

/** The first entry at which a period's chain is not intact, and why. */
export interface ChainBreak {
  sequence: string;
  entryId: string | null;
  at: Date | null;
  reason: AuditChainBreak;
}

export interface ChainVerification {
  from: Date;
  to: Date;
  intact: boolean;
  /** Chained entries checked (the period's, from its first to its last sequence number). */
  checked: number;
  /** Entries of the period written before the chain existed (no MAC to check). */
  unchained: number;
  firstBreak: ChainBreak | null;
}

/** A chained row as read back for verification. */
type ChainRow = Omit<ChainedContent, 'summary'> & { id: string; at: Date; summary: unknown; prevMac: string; mac: string };

const CHAIN_COLUMNS = `e.id::text AS "id", e.at AS "at", e.chain_seq::text AS "chainSeq",
  floor(extract(epoch FROM e.at) * 1000000)::bigint::text AS "atMicros", e.actor_kind AS "actorKind", e.actor_id::text AS "actorId",
  e.actor_label AS "actorLabel", e.address AS "address", e.request_id AS "requestId", e.client_request_id AS "clientRequestId",
  e.operation AS "operation", e.target_type AS "targetType", e.target_id AS "targetId", e.outcome AS "outcome",
  e.error_code AS "errorCode", e.summary AS "summary", e.scope_path AS "scopePath", e.prev_mac AS "prevMac", e.mac AS "mac"`;

/** Rows of a chain checked per statement. */
const VERIFY_BATCH = 1000;

/**
 * Writes and reads the audit trail. Entries are only ever inserted; the database refuses UPDATE, TRUNCATE and
 * every DELETE but the purge below, of entries older than AUDIT_RETENTION_DAYS (never under 184).
 */
@Injectable()
export class AuditService implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Audit');
  private timer: NodeJS.Timeout | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly chainKey: Buffer;
  /** The path of the one top region (the deployment's root), once known: the region of entries concerning no other. */
  private topPath: string | null | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(KEY_MATERIAL) keys: KeyMaterial,
    private readonly clock: Clock,
  ) {
    this.chainKey = keys.auditChainKey;
  }

  /**
   * Writes started after their request's answer went out (a refusal before GraphQL): shutdown waits for them, and a
   * test waits on `settled()` instead of sleeping.
   */
  private readonly pending = new Set<Promise<unknown>>();

  /** Keeps `write` until it ends; its failure is logged, never thrown (the request it records has been answered). */
  track(write: Promise<unknown>, requestId: string): void {
    const tracked = write.catch((err: unknown) => this.logger.error({ err, requestId }, 'could not write the audit trail of a request'))
      .finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  /** Resolves once every tracked write has ended. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.settled();
  }

  /** The row of an event done by `actor` (or the event's own actor) in this request. */
  rowOf(ctx: RequestContext, event: AuditEvent): Partial<AuditEntry> {
    const actor: Actor = event.actor ?? ctx.actor;
    return {
      actorKind: actor.kind,
      // as the database gives a uuid back (the chain's MAC covers it)
      actorId: actor.id?.toLowerCase() ?? null,
      actorLabel: actor.label,
      // an anonymous entry keeps nothing that joins it to the request's other traces (logs, entries, the client)
      address: event.anonymous ? null : ctx.address,
      requestId: event.anonymous ? randomUUID() : ctx.requestId,
      clientRequestId: event.anonymous ? null : ctx.clientRequestId,
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

  /**
   * Appends entries to the trail, chained (8.1.4.7): in `manager`'s transaction when given (a mutation's entry goes
   * with its change), else in a transaction of their own (a savepoint inside a unit of work).
   */
  async record(ctx: RequestContext, events: AuditEvent[], manager?: EntityManager): Promise<void> {
    if (events.length === 0) return;
    const rows = events.map((e) => this.rowOf(ctx, e));
    if (manager) await this.append(manager, rows);
    else await this.dataSource.transaction((m) => this.append(m, rows));
  }

  /**
   * A read of the trail itself (GB/T 22239-2019 8.1.5.2 a): the audit administrator's operations are audited too),
   * written before the answer goes out — no entry, no answer. `asked`: the period and filters (scalars only, each
   * at most 200 characters).
   */
  async recordRead(ctx: RequestContext, operation: string, asked: Record<string, unknown>): Promise<void> {
    const kept: Record<string, unknown> = {};
    for (const [name, v] of Object.entries(asked)) {
      if (v instanceof Date) kept[name] = Number.isNaN(v.getTime()) ? null : v.toISOString();
      else if (typeof v === 'string') kept[name] = v.slice(0, 200);
      else if (typeof v === 'number' || typeof v === 'boolean') kept[name] = v;
    }
    await this.record(ctx, [{ operation, outcome: 'SUCCESS', errorCode: null, targetType: null, targetId: null, after: Object.keys(kept).length ? kept : null }]);
  }

  /**
   * The chain's append, serialized across instances by the one-row head locked FOR UPDATE until the writing
   * transaction ends: each entry's sequence number follows the head's and its MAC covers the head's MAC. `at` is
   * the transaction's now(), the column's default, read here to the microsecond for the MAC.
   */
  private async append(m: EntityManager, rows: Partial<AuditEntry>[]): Promise<void> {
    const [head] = (await m.query(
      `SELECT seq::text AS seq, mac, floor(extract(epoch FROM now()) * 1000000)::bigint::text AS now_us FROM audit_chain_head WHERE id = 1 FOR UPDATE`,
    )) as { seq: string; mac: string; now_us: string }[];
    const top = await this.topRegionPath(m);
    let seq = BigInt(head.seq);
    let prev = head.mac;
    const chained = rows.map((row) => {
      seq += 1n;
      const full = { ...row, scopePath: row.scopePath ?? top, chainSeq: String(seq), prevMac: prev };
      const mac = chainMac(this.chainKey, prev, { ...(full as unknown as ChainedContent), atMicros: head.now_us, summary: row.summary ?? null });
      prev = mac;
      return { ...full, mac };
    });
    await m.getRepository(AuditEntry).insert(chained as never);
    await m.query(`UPDATE audit_chain_head SET seq = $1, mac = $2 WHERE id = 1`, [String(seq), prev]);
  }

  /**
   * The region of an entry concerning none (an anonymous sign-in with an unknown username, a refusal before anyone
   * was known): the county the deployment serves (its one county), so that county's auditors see it; else the one
   * top region (only its auditors see it); null when neither is single (only the top region's auditors and the
   * system read those, see withinAuditScope).
   */
  private async topRegionPath(m: EntityManager): Promise<string | null> {
    if (this.topPath !== undefined) return this.topPath;
    const counties = (await m.query(`SELECT path FROM region WHERE level = 'COUNTY' LIMIT 2`)) as { path: string }[];
    const roots = counties.length === 1 ? counties : ((await m.query(`SELECT path FROM region WHERE parent_id IS NULL LIMIT 2`)) as { path: string }[]);
    // remembered once found: a deployment's county does not move; while the tree is empty (first start) ask again
    if (roots.length === 1) this.topPath = roots[0].path;
    return roots.length === 1 ? roots[0].path : null;
  }

  /**
   * Refusals (8.1.4.3 a): written outside the refused request's transaction, at most AUDIT_REFUSALS_PER_MINUTE per
   * actor (or per address for nobody) and minute, counted in PostgreSQL so every instance shares the bound; the rest
   * are only counted, and one entry per window says how many (flushRefusalWindows).
   */
  async recordRefusals(ctx: RequestContext, events: AuditEvent[], bucket: RefusalBucket = 'REFUSED'): Promise<void> {
    if (events.length === 0) return;
    const actor = events[0].actor ?? ctx.actor;
    // nobody known: one bound per address and kind, so junk requests (free to send) cannot use up the room of
    // refused operations or of failed requests from the same address
    const subject = actor.id ? `${actor.kind}:${actor.id}` : `${BUCKET_PREFIX[bucket]}:${ctx.address ?? 'unknown'}`;
    const who = { kind: actor.kind, id: actor.id, label: actor.label, regionPath: actor.regionPath, address: ctx.address };
    await outsideUnitOfWork(() =>
      this.dataSource.transaction(async (m) => {
        const [w] = (await m.query(
          `INSERT INTO audit_refusal_window (subject, window_start, refused, actor) VALUES ($1, date_trunc('minute', now()), $2, $3)
           ON CONFLICT (subject, window_start) DO UPDATE SET refused = audit_refusal_window.refused + EXCLUDED.refused
           RETURNING refused`,
          [subject, events.length, JSON.stringify(who)],
        )) as { refused: number }[];
        const before = Number(w.refused) - events.length;
        const room = Math.max(0, this.config.auth.auditRefusalsPerMinute - before);
        if (room > 0) await this.append(m, events.slice(0, room).map((e) => this.rowOf(ctx, e)));
      }),
    );
  }

  /**
   * Closes the refusal windows of past minutes: one entry 「另有 k 次被拒绝的请求未逐条记录」 for each window that
   * went over the bound. The DELETE … RETURNING hands each window to exactly one instance.
   */
  async flushRefusalWindows(): Promise<number> {
    const limit = this.config.auth.auditRefusalsPerMinute;
    return outsideUnitOfWork(() =>
      this.dataSource.transaction(async (m) => {
        type Closed = { subject: string; window_start: Date; refused: number; actor: { kind: Actor['kind']; id: string | null; label: string; regionPath: string | null; address: string | null } };
        // TypeORM answers a DELETE … RETURNING as [rows, count]
        const [closed] = (await m.query(
          `DELETE FROM audit_refusal_window WHERE window_start < date_trunc('minute', now()) RETURNING subject, window_start, refused, actor`,
        )) as [Closed[], number];
        const over = closed.filter((w) => Number(w.refused) > limit);
        if (over.length === 0) return 0;
        await this.append(m, over.map((w) => {
          const k = Number(w.refused) - limit;
          const kind = bucketOf(w.subject);
          return {
            actorKind: w.actor.kind, actorId: w.actor.id, actorLabel: w.actor.label, address: w.actor.address,
            requestId: `refusals-${randomUUID()}`, clientRequestId: null, operation: REFUSALS_NOT_RECORDED,
            targetType: null, targetId: null, outcome: AuditOutcome.DENIED, errorCode: null, scopePath: w.actor.regionPath,
            summary: { after: {
              message: kind === 'FAILED' ? `另有 ${k} 次失败的请求未逐条记录` : `另有 ${k} 次被拒绝的请求未逐条记录`,
              kind, notRecorded: k, recorded: limit, windowStart: new Date(w.window_start).toISOString(),
            } },
          };
        }));
        return over.length;
      }),
    );
  }

  /**
   * Whether the chain is intact over the entries written in [from, to): every entry's MAC recomputed, sequence
   * numbers without a gap, each entry linked to the one before (the one before the period included, unless purged
   * by the retention), and the last linked to the one after it or to the chain head (a deleted last entry shows).
   * The purge removes a prefix of the chain (purgeExpired) up to `purged_through`: the first entry left starts the
   * check afresh, its link unchecked. A gap at or below `purged_through` (left by a purge that cut by `at` alone,
   * before it cut prefixes) is purged too: the check starts afresh after it; a gap above it is MISSING.
   */
  async verify(ctx: RequestContext, from: Date, to: Date, m: EntityManager = this.dataSource.manager): Promise<ChainVerification> {
    assertTimeRules([auditPeriod(from, to, this.clock.now())]);
    const [range] = (await m.query(
      `SELECT min(chain_seq)::text AS lo, max(chain_seq)::text AS hi, count(*) FILTER (WHERE chain_seq IS NULL)::int AS unchained
         FROM audit_entry WHERE at >= $1 AND at < $2`,
      [from, to],
    )) as { lo: string | null; hi: string | null; unchained: number }[];
    const [head] = (await m.query(`SELECT seq::text AS seq, mac, purged_through::text AS purged FROM audit_chain_head WHERE id = 1`)) as { seq: string; mac: string; purged: string }[];
    const result: ChainVerification = { from, to, intact: true, checked: 0, unchained: range.unchained, firstBreak: null };
    if (!range.lo || !range.hi) return result;
    const broken = (row: { chainSeq: string; id?: string; at?: Date } | string, reason: AuditChainBreak): ChainVerification => ({
      ...result, intact: false,
      firstBreak: typeof row === 'string'
        ? { sequence: row, entryId: null, at: null, reason }
        : { sequence: row.chainSeq, entryId: row.id ?? null, at: row.at ?? null, reason },
    });
    let expectedSeq = BigInt(range.lo);
    let prevMac: string | null = null;
    const purged = BigInt(head.purged);
    if (expectedSeq > 1n && expectedSeq - 1n > purged) {
      const [before] = (await m.query(`SELECT mac FROM audit_entry WHERE chain_seq = $1`, [String(expectedSeq - 1n)])) as { mac: string }[];
      // the entry before the period is gone: the period's first entry is where the chain breaks
      if (!before) return broken(String(expectedSeq - 1n), AuditChainBreak.MISSING);
      prevMac = before.mac;
    }
    const hi = BigInt(range.hi);
    while (expectedSeq <= hi) {
      const rows = (await m.query(
        `SELECT ${CHAIN_COLUMNS} FROM audit_entry e WHERE e.chain_seq >= $1 AND e.chain_seq <= $2 ORDER BY e.chain_seq LIMIT ${VERIFY_BATCH}`,
        [String(expectedSeq), range.hi],
      )) as ChainRow[];
      if (rows.length === 0) return broken(String(expectedSeq), AuditChainBreak.MISSING);
      for (const row of rows) {
        if (BigInt(row.chainSeq) !== expectedSeq) {
          if (BigInt(row.chainSeq) - 1n > purged) return broken(String(expectedSeq), AuditChainBreak.MISSING);
          // every entry of the gap was purged: this one starts the chain afresh
          prevMac = null;
          expectedSeq = BigInt(row.chainSeq);
        }
        if (prevMac !== null && row.prevMac !== prevMac) return broken(row, AuditChainBreak.RELINKED);
        if (chainMac(this.chainKey, row.prevMac, row) !== row.mac) return broken(row, AuditChainBreak.ALTERED);
        prevMac = row.mac;
        expectedSeq += 1n;
        result.checked += 1;
      }
    }
    // the link after the period: the next entry's prev_mac, or the head when the period reaches the chain's end
    if (hi === BigInt(head.seq)) {
      if (head.mac !== prevMac) return broken(String(hi), AuditChainBreak.RELINKED);
    } else {
      const [next] = (await m.query(`SELECT prev_mac AS "prevMac" FROM audit_entry WHERE chain_seq = $1`, [String(hi + 1n)])) as { prevMac: string }[];
      if (!next) return broken(String(hi + 1n), AuditChainBreak.MISSING);
      if (next.prevMac !== prevMac) return broken(String(hi + 1n), AuditChainBreak.RELINKED);
    }
    return result;
  }

  /**
   * Entries inside the reader's jurisdiction, newest first (8.1.4.3 with 8.1.4.2: an auditor reads the trail of
   * the regions in their charge). Entries with no region are the top region's: only its auditors read them.
   */
  async list(ctx: RequestContext, page: PageArgs, filter: AuditFilter): Promise<ConnectionValue<AuditEntry>> {
    const qb = this.dataSource.getRepository(AuditEntry).createQueryBuilder('e');
    this.withinAuditScope(qb, ctx);
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

  /** The entries of a period inside the reader's jurisdiction, oldest first, at most `limit` (the export). */
  async period(ctx: RequestContext, from: Date, to: Date, limit: number): Promise<{ rows: AuditEntry[]; total: number }> {
    assertTimeRules([auditPeriod(from, to, this.clock.now())]);
    const qb = this.dataSource.getRepository(AuditEntry).createQueryBuilder('e').where('e.at >= :from AND e.at < :to', { from, to });
    this.withinAuditScope(qb, ctx);
    const total = await qb.getCount();
    const rows = await qb.orderBy('e.id', 'ASC').limit(limit).getMany();
    return { rows, total };
  }

  /** The entries of a period inside the reader's jurisdiction, as a query to count and group (the security report). */
  periodQuery(ctx: RequestContext, from: Date, to: Date, m: EntityManager = this.dataSource.manager): SelectQueryBuilder<AuditEntry> {
    const qb = m.getRepository(AuditEntry).createQueryBuilder('e').where('e.at >= :from AND e.at < :to', { from, to });
    this.withinAuditScope(qb, ctx);
    return qb;
  }

  private withinAuditScope(qb: SelectQueryBuilder<AuditEntry>, ctx: RequestContext): void {
    if (ctx.actor.kind === 'SYSTEM') return;
    const path = ctx.actor.regionPath;
    const top = path !== null && path.split('/').filter(Boolean).length === 1;
    qb.andWhere(top ? '(e.scope_path LIKE :auditScope OR e.scope_path IS NULL)' : 'e.scope_path LIKE :auditScope', { auditScope: `${path ?? '\u0000'}%` });
  }

  /**
   * Deletes entries older than the retention; the database itself refuses anything younger than 184 days. The chained
   * entries go as a prefix of the chain: every entry below the first one (by `chain_seq`) still within the retention,
   * and no other. `at` is its transaction's start, not the order the head lock was taken in, so two entries may be
   * chained in the other order than their `at`; cutting by `at` alone could delete an entry and keep one chained
   * before it, and the check would report the gap as MISSING. An entry past the retention that follows a younger one
   * waits for a later purge. Entries written before the chain existed (no `chain_seq`) go by `at`.
   */
  async purgeExpired(): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT set_config('fcp.audit_retention_days', $1, true)`, [String(this.config.auth.auditRetentionDays)]);
      // the chain head remembers how far the purge went: the first entry left links to a purged one, not a deleted one
      const [result] = (await m.query(
        `WITH cutoff AS (SELECT now() - make_interval(days => $1::integer) AS at),
              kept AS (SELECT chain_seq AS seq FROM audit_entry WHERE chain_seq IS NOT NULL AND at >= (SELECT at FROM cutoff)
                         ORDER BY chain_seq LIMIT 1),
              gone AS (DELETE FROM audit_entry WHERE at < (SELECT at FROM cutoff)
                         AND (chain_seq IS NULL OR chain_seq < coalesce((SELECT seq FROM kept), 9223372036854775807))
                         RETURNING chain_seq),
              moved AS (UPDATE audit_chain_head SET purged_through = greatest(purged_through, coalesce((SELECT max(chain_seq) FROM gone), 0)) WHERE id = 1)
         SELECT count(*)::int AS n FROM gone`,
        [this.config.auth.auditRetentionDays],
      )) as { n: number }[];
      return result.n;
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.purgeAndLog();
    this.timer = setInterval(() => void this.purgeAndLog(), PURGE_INTERVAL_MS);
    this.timer.unref();
    this.flushTimer = setInterval(() => void this.flushAndLog(), REFUSAL_FLUSH_MS);
    this.flushTimer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.flushTimer) clearInterval(this.flushTimer);
  }

  private async flushAndLog(): Promise<void> {
    try {
      await this.flushRefusalWindows();
    } catch (err) {
      this.logger.error({ err }, 'closing the audit refusal windows failed');
    }
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
