import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { assertReaches } from '../kernel/jurisdiction';
import { DEFAULT_PAGE_SIZE, decodeCursor, encodeCursor } from '../graphql/connection';
import type { OrderKey } from '../graphql/connection';
import { BadUserInputError } from '../kernel/errors';
import type { RequestContext } from '../kernel/request-context';
import { OrganizationService } from '../organization/organization.service';
import { EventsArgs, EventPage, IntegrationEventModel } from './event-feed.types';
import { can } from '../kernel/can';
import { ForbiddenError } from '../kernel/errors';
import { EVENT_TYPE_NAMES, EVENT_TYPES, isEventType, readableEventTypes } from './event-types';
import type { IntegrationEvent } from './integration.entity';
import { afterPositionSql, OutboxPosition, PUBLISHED_BELOW } from './outbox-order';

/** The outbox's order as cursor keys: a cursor is `[txid, seq]` (the position of the event it stands for). */
const POSITION_KEYS: OrderKey<OutboxPosition>[] = [
  { expr: 'e.txid', type: 'bigint', value: (p) => p.txid },
  { expr: 'e.seq', type: 'bigint', value: (p) => p.seq },
];
/** Before the first event ever written: a reader without `after` starts here (the whole history it may see). */
const START: OutboxPosition = { txid: '0', seq: '0' };

interface EventRow {
  head: string;
  seq: string | null;
  id: string;
  txid: string;
  type: string;
  occurred_at: Date | string;
  region_id: string;
  region_path: string;
  county_id: string | null;
  subject_id: string;
  payload: Record<string, unknown> | string;
}

export const positionCursor = (p: OutboxPosition): string => encodeCursor([p.txid, p.seq]);

function cursorPosition(cursor: string): OutboxPosition {
  const [txid, seq] = decodeCursor(cursor, POSITION_KEYS) as string[];
  return { txid, seq };
}

const later = (a: OutboxPosition, b: OutboxPosition): OutboxPosition =>
  BigInt(a.txid) > BigInt(b.txid) || (BigInt(a.txid) === BigInt(b.txid) && BigInt(a.seq) > BigInt(b.seq)) ? a : b;

/**
 * The `events` feed: the outbox read in its published order (outbox-order.ts), inside the reader's jurisdiction, so
 * a system without a public endpoint polls and resumes where it stopped, seeing exactly what a webhook receives.
 */
@Injectable()
export class EventFeedService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly organizations: OrganizationService,
  ) {}

  async page(ctx: RequestContext, args: EventsArgs): Promise<EventPage> {
    const types = this.checkedTypes(ctx, args.types);
    const prefix = await this.scope(ctx, args.regionId);
    const after = args.after ? cursorPosition(args.after) : null;
    const first = args.first ?? DEFAULT_PAGE_SIZE;
    if (prefix === null) return lazyCount({ edges: [], pageInfo: pageInfo([], false, after), resumeCursor: positionCursor(after ?? START) }, () => Promise.resolve(0));
    const count = () => this.count(prefix, types);
    if (first === 0) {
      // nothing read: the reader stays where it is; without `after`, it is placed at the head, so a system that
      // starts polling now hears of what happens from now on, without replaying the history
      const at = after ?? (await this.head());
      return lazyCount({ edges: [], pageInfo: pageInfo([], false, after), resumeCursor: positionCursor(at) }, count);
    }
    const from = after ?? START;
    const params: unknown[] = [from.txid, from.seq, `${prefix}%`, first + 1];
    if (types) params.push(types);
    // one statement: the head and the page under the same snapshot (pg_current_snapshot() is the statement's), so
    // "read to the head" means no published event in scope lies between the page's end and the head
    const rows: EventRow[] = await this.dataSource.query(
      `SELECT h.head, e.*
         FROM (SELECT ${PUBLISHED_BELOW} AS head) h
         LEFT JOIN LATERAL (
           SELECT x.seq, x.id, x.txid, x.type, x.occurred_at, x.region_id, x.region_path, x.county_id, x.subject_id, x.payload
             FROM integration_event x
            WHERE ${afterPositionSql('x', 1)} AND x.region_path LIKE $3${types ? ' AND x.type = ANY($5::text[])' : ''}
            ORDER BY x.txid, x.seq
            LIMIT $4) e ON true
        ORDER BY e.txid, e.seq`,
      params,
    );
    const head: OutboxPosition = { txid: String(rows[0].head), seq: '0' };
    const events = rows.filter((r) => r.seq !== null).map(toEvent);
    const hasNextPage = events.length > first;
    const edges = events.slice(0, first).map((e) => ({ cursor: positionCursor(e), node: IntegrationEventModel.from(e) }));
    // read to the head: every published event in scope up to it is on this page, the next ones will commit behind it
    const resume = hasNextPage ? { txid: edges.at(-1)!.node.row.txid, seq: edges.at(-1)!.node.row.seq } : later(from, head);
    return lazyCount({ edges, pageInfo: pageInfo(edges, hasNextPage, after), resumeCursor: positionCursor(resume) }, count);
  }

  /** Where a reader that starts now begins (`outboxHead`, one statement). */
  private async head(): Promise<OutboxPosition> {
    const [row] = (await this.dataSource.query(`SELECT ${PUBLISHED_BELOW} AS txid`)) as { txid: string }[];
    return { txid: String(row.txid), seq: '0' };
  }

  /** Published events in scope, whatever the cursor: asked for explicitly (a poller never needs it). */
  private async count(prefix: string, types: string[] | null): Promise<number> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*) AS n FROM integration_event x WHERE x.txid < ${PUBLISHED_BELOW} AND x.region_path LIKE $1${types ? ' AND x.type = ANY($2::text[])' : ''}`,
      types ? [`${prefix}%`, types] : [`${prefix}%`],
    )) as { n: string }[];
    return Number(row.n);
  }

  /** The path prefix the reader sees: the region asked for (inside the jurisdiction) or the whole jurisdiction; null: nothing. */
  private async scope(ctx: RequestContext, regionId: string | undefined): Promise<string | null> {
    if (regionId) {
      const region = await this.organizations.region(ctx, regionId, 'regionId');
      // a region above the jurisdiction is visible (its name is public) but its events are not all the reader's
      assertReaches(ctx, region.path);
      return region.path;
    }
    if (ctx.actor.kind === 'SYSTEM') return '';
    return ctx.actor.regionPath;
  }

  /**
   * The types asked for, each one the reader may read (its subject's read permission), or without `types` every
   * readable one (null: all of them, no filter). EVENT_READ alone tells nothing the reader's other grants hide.
   */
  private checkedTypes(ctx: RequestContext, types: string[] | undefined): string[] | null {
    const readable = readableEventTypes((p) => can(ctx, p));
    if (!types) return readable.length === EVENT_TYPE_NAMES.length ? null : readable;
    if (types.length === 0) throw BadUserInputError.field('types', '至少给出一种事件类型（不筛选类型时不要给出 types）');
    const unknown = types.filter((t) => !isEventType(t));
    if (unknown.length) {
      throw BadUserInputError.field('types', `未知的事件类型：${unknown.join('、')}。可用的类型：${EVENT_TYPE_NAMES.join('、')}`);
    }
    const denied = types.filter((t) => isEventType(t) && !can(ctx, EVENT_TYPES[t].read));
    if (denied.length) {
      const missing = [...new Set(denied.map((t) => EVENT_TYPES[t as keyof typeof EVENT_TYPES].read))];
      throw new ForbiddenError(`无权读取这些事件：${denied.join('、')}（需要权限 ${missing.join('、')}）`);
    }
    return [...new Set(types)];
  }
}

function toEvent(r: EventRow): IntegrationEvent {
  return {
    seq: String(r.seq), id: r.id, txid: String(r.txid), type: r.type, occurredAt: new Date(r.occurred_at), regionId: r.region_id, regionPath: r.region_path,
    countyId: r.county_id, subjectId: r.subject_id, payload: typeof r.payload === 'string' ? (JSON.parse(r.payload) as Record<string, unknown>) : r.payload,
  };
}

function pageInfo(edges: { cursor: string }[], hasNextPage: boolean, after: OutboxPosition | null) {
  return { hasNextPage, hasPreviousPage: after !== null, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null };
}

function lazyCount(value: Omit<EventPage, 'totalCount'>, count: () => Promise<number>): EventPage {
  let counted: Promise<number> | undefined;
  return Object.defineProperty(value, 'totalCount', { get: () => (counted ??= count()), enumerable: true }) as EventPage;
}
