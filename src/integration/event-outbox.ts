import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { IdKind, toGlobalId } from '../graphql/global-id';
import type { EventPayloads } from './event-payloads';
import { EVENT_TYPES, EventType, subjectKinds } from './event-types';

/** One change to tell other systems of: written by `EventOutbox.emit` in the change's own transaction. */
export interface OutboxEvent<T extends EventType = EventType> {
  type: T;
  /** The region the change belongs to (a township, a county …): readers and webhooks see events inside theirs. */
  regionId: string;
  /** The subject's uuid; its kind is the catalogue's for this type. */
  subjectId: string;
  /** The subject's kind when the catalogue allows a second one (`alsoSubject`: a member unit's evaluation or case). */
  subjectKind?: IdKind;
  /** Small: ids (global), states, dates, levels. Never a name, a phone or an id number (docs/events.md). */
  payload: EventPayloads[T];
  /** When the change happened; now by default. */
  occurredAt?: Date;
}

/**
 * The transactions (their query runners) that wrote events and have not ended yet: the webhook worker looks for
 * deliveries as soon as one of them commits, rather than at its next poll.
 */
export const TRANSACTIONS_WITH_EVENTS = new WeakSet<object>();

/**
 * The transactional outbox's one writer. Call it with the manager of the transaction that makes the change: the
 * event then commits exactly when the change does (and the mutation's audit entry, written in the same
 * transaction). One statement; the region's path and county are looked up in it.
 */
@Injectable()
export class EventOutbox {
  constructor(private readonly clock: Clock) {}

  async emit<T extends EventType>(m: EntityManager, event: OutboxEvent<T>): Promise<string> {
    const kind = event.subjectKind ?? EVENT_TYPES[event.type].subject;
    if (!subjectKinds(event.type).includes(kind)) throw new Error(`event ${event.type}: a subject of kind ${kind} is not in the catalogue`);
    const subject = toGlobalId(kind, event.subjectId);
    const id = randomUUID();
    const rows: { seq: string }[] = await m.query(
      `INSERT INTO integration_event (id, txid, type, occurred_at, region_id, region_path, county_id, subject_id, payload)
       SELECT $1, pg_current_xact_id()::text::bigint, $2, $3, r.id, r.path,
              (SELECT c.id FROM region c WHERE c.level = 'COUNTY' AND r.path LIKE c.path || '%'),
              $5, $6::jsonb
         FROM region r WHERE r.id = $4
       RETURNING seq`,
      [id, event.type, event.occurredAt ?? this.clock.now(), event.regionId, subject, JSON.stringify(event.payload)],
    );
    if (rows.length !== 1) throw new Error(`event ${event.type}: region ${event.regionId} not found`);
    if (m.queryRunner) TRANSACTIONS_WITH_EVENTS.add(m.queryRunner);
    return id;
  }
}
