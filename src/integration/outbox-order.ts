import type { EntityManager } from 'typeorm';
import { toGlobalId } from '../graphql/global-id';
import type { IntegrationEvent } from './integration.entity';

/**
 * The outbox's order: `(txid, seq)`. An event is *published* (readable by the `events` connection, sent by the
 * webhook worker) once every transaction with a smaller id has ended: `txid < pg_snapshot_xmin(now's snapshot)`.
 * Then no event can ever appear behind a reader's position, whatever order the transactions commit in; a long
 * transaction (an import) holds publication back until it ends.
 */
export const PUBLISHED_BELOW = `pg_snapshot_xmin(pg_current_snapshot())::text::bigint`;

/** A position in the outbox: the last event a reader is done with. */
export interface OutboxPosition {
  txid: string;
  seq: string;
}

/** Where a reader that starts now begins: after everything published, before whatever is still being written. */
export async function outboxHead(m: EntityManager): Promise<OutboxPosition> {
  const [row] = (await m.query(`SELECT ${PUBLISHED_BELOW} AS txid`)) as { txid: string }[];
  return { txid: String(row.txid), seq: '0' };
}

/** `alias.(txid, seq)` after the position (`$n`, `$n+1`) and published: the feed's and the worker's filter. */
export function afterPositionSql(alias: string, txidParam: number): string {
  return `(${alias}.txid, ${alias}.seq) > ($${txidParam}::bigint, $${txidParam + 1}::bigint) AND ${alias}.txid < ${PUBLISHED_BELOW}`;
}

/**
 * The JSON of an event as other systems receive it: the body of a webhook delivery and the `payload` of the
 * `events` connection's node are built here, once. docs/events.md documents it.
 */
export interface EventEnvelope {
  id: string;
  type: string;
  /** When the change happened (ISO 8601, UTC). */
  timestamp: string;
  /** Global ids of the region and its county (null above county level), and of the subject. */
  regionId: string;
  countyId: string | null;
  subjectId: string;
  data: Record<string, unknown>;
}

export function eventEnvelope(event: Pick<IntegrationEvent, 'id' | 'type' | 'occurredAt' | 'regionId' | 'countyId' | 'subjectId' | 'payload'>): EventEnvelope {
  return {
    id: event.id,
    type: event.type,
    timestamp: new Date(event.occurredAt).toISOString(),
    regionId: toGlobalId('Region', event.regionId),
    countyId: event.countyId ? toGlobalId('Region', event.countyId) : null,
    subjectId: event.subjectId,
    data: event.payload,
  };
}
