import { Injectable } from '@nestjs/common';
import type DataLoader from 'dataloader';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { childPages } from '../graphql/child-pages';
import type { ConnectionValue, OrderKey, PageArgs } from '../graphql/connection';
import { BadUserInputError } from '../kernel/errors';
import type { RequestContext } from '../kernel/request-context';
import { CorrectedRecord, RecordCorrection } from './record-correction.entity';

/** A record's corrections, oldest first: `seq` is unique and follows the order of writing (ix_record_correction_record). */
const CORRECTION_ORDER: OrderKey<RecordCorrection>[] = [{ expr: 'c.seq', type: 'bigint', value: (c) => c.seq }];

/** One field a correction changes: its name (as the API calls it) and its values before and after. */
export interface FieldChange {
  field: string;
  oldValue: unknown;
  newValue: unknown;
}

/** Values compared as JSON (a date string, a number, a list of team members). */
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The changes between a record's current values and the ones asked for: only the fields given (not undefined) whose
 * value differs. `shown` maps a stored value to the one kept in the history (a phone is kept masked).
 */
export function changedFields<T extends Record<string, unknown>>(current: T, wanted: Partial<T>, shown: Partial<Record<keyof T, (v: unknown) => unknown>> = {}): FieldChange[] {
  return (Object.keys(wanted) as (keyof T & string)[])
    .filter((k) => wanted[k] !== undefined && !same(current[k], wanted[k]))
    .map((k) => ({ field: k, oldValue: shown[k] ? shown[k]!(current[k]) : (current[k] ?? null), newValue: shown[k] ? shown[k]!(wanted[k]) : (wanted[k] ?? null) }));
}

/** The reason of a correction, trimmed, or BAD_USER_INPUT naming the field: a correction never goes unexplained. */
export function correctionReason(reason: string | null | undefined, field = 'input.reason'): string {
  const r = reason?.trim();
  if (!r) throw BadUserInputError.field(field, '更正须写明原因');
  return r;
}

/**
 * Corrections with history: what a correction replaced is kept, field by field, with its reason, author and time,
 * in the transaction of the correction itself (the record and its history change together or not at all).
 */
@Injectable()
export class CorrectionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Appends the changes of one correction of a record, inside the caller's transaction. */
  async record(m: EntityManager, ctx: RequestContext, recordType: CorrectedRecord, recordId: string, changes: FieldChange[], reason: string): Promise<void> {
    if (changes.length === 0) return;
    const at = this.clock.now();
    // one statement: the identity column numbers the rows in the order given
    await m.getRepository(RecordCorrection).insert(changes.map((c) => ({
      id: randomUUID(), recordType, recordId, field: c.field, oldValue: c.oldValue ?? null, newValue: c.newValue ?? null, reason,
      correctedBy: ctx.actor.label, correctedAt: at,
    })) as never);
  }

  /** A page of each record's corrections (of one kind of record), oldest first: one statement per batch of records. */
  pages(ctx: RequestContext, recordType: CorrectedRecord, page: PageArgs): DataLoader<string, ConnectionValue<RecordCorrection>> {
    return childPages(ctx, this.dataSource, {
      name: `corrections.${recordType}`, entity: RecordCorrection, alias: 'c', parent: 'c.record_id', parentOf: (c) => c.recordId,
      order: CORRECTION_ORDER, scope: (qb) => qb.andWhere('c.record_type = :correctedType', { correctedType: recordType }),
    }, page);
  }
}
