import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, FindOptionsWhere, ObjectLiteral, QueryDeepPartialEntity } from 'typeorm';
import { ConflictError } from '../kernel/errors';
import { requestScope } from './request-scope';

/**
 * Every mutation is one transaction: the checks that guard a write run inside it, and a failure leaves the
 * database unchanged. Inside the callback use only the given manager: on the embedded database there is one
 * connection, and a query outside the open transaction would wait for it (then time out).
 */
@Injectable()
export class TransactionRunner {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const claim = requestScope()?.idempotency;
    if (!claim || claim.claimed) return this.dataSource.transaction('READ COMMITTED', work);
    // retries: the request's idempotency key is recorded in its first transaction, first, so the key exists exactly
    // when the write committed, and a concurrent request with the same key waits on it and is then refused
    return this.dataSource.transaction('READ COMMITTED', async (m) => {
      try {
        await m.query(`INSERT INTO idempotency_key (principal, key, request_hash) VALUES ($1, $2, $3)`, [claim.principal, claim.key, claim.requestHash]);
      } catch (error) {
        if ((error as { driverError?: { code?: string } }).driverError?.code === '23505') throw idempotencyInProgress();
        throw error;
      }
      const result = await work(m);
      claim.claimed = true;
      return result;
    }).catch((error: unknown) => {
      claim.claimed = false;
      throw error;
    });
  }
}

/** The same idempotency key is being (or was just) used by another request whose answer is not ready yet. */
export function idempotencyInProgress(extra: Record<string, unknown> = {}): ConflictError {
  return new ConflictError('使用同一幂等键（Idempotency-Key）的请求正在处理，请稍后用同一幂等键重试以取得其结果', { reason: 'IDEMPOTENCY_KEY_IN_USE', ...extra });
}

/**
 * What an update sets: a column's new value, or a SQL expression the column takes (`() => 'now()'`), as TypeORM's
 * query builder reads them.
 */
export type VersionedChanges<E> = { [K in keyof E]?: E[K] | (() => string) };

/**
 * A guarded update: `WHERE id = $1 AND version = $2` (and, for a state change, `AND status = $3` or `AND state = $3`:
 * the state the move was decided from), one row or CONFLICT (TypeORM's @VersionColumn alone does not guard). The
 * expected version is the client's when it sent one, else that of the row just read. `what` names the record in the
 * CONFLICT message.
 */
export async function updateVersioned<E extends { id: string; version: number }>(
  m: EntityManager,
  entity: new () => E,
  current: E,
  expectedVersion: number | null | undefined,
  changes: Partial<E>,
  guard: { status?: string; state?: string } = {},
  what = '记录',
): Promise<E> {
  const version = expectedVersion ?? current.version;
  const conditions = ['id = :id', 'version = :version'];
  if (guard.status !== undefined) conditions.push('status = :status');
  if (guard.state !== undefined) conditions.push('state = :state');
  const affected = await updateBumpingVersion(m, entity, conditions.join(' AND '), { ...changes, updatedAt: () => 'now()' } as VersionedChanges<E>, {
    id: current.id, version, status: guard.status, state: guard.state,
  });
  if (affected !== 1) throw await staleVersion(m, entity, { id: current.id }, what);
  return m.getRepository(entity).findOneByOrFail({ id: current.id } as never);
}

/**
 * The one update that bumps a row's version (`version = version + 1`, whatever else it sets) on the rows `where`
 * selects: a SQL condition with its parameters, or a criteria object as `repository.update` takes it. It answers how
 * many rows changed and guards nothing on its own: the caller's condition is the guard (a version, a state, "not yet
 * checked") and it decides what no changed row means; a guarded update by id and version is `updateVersioned`.
 */
export async function updateBumpingVersion<E extends { version: number }>(
  m: EntityManager,
  entity: new () => E,
  where: string | FindOptionsWhere<E>,
  changes: VersionedChanges<E>,
  parameters?: ObjectLiteral,
): Promise<number> {
  // the one cast: TypeORM's QueryDeepPartialEntity does not resolve for a generic entity
  const set = { ...changes, version: () => 'version + 1' } as QueryDeepPartialEntity<E>;
  const result = await m.createQueryBuilder().update(entity).set(set).where(where, parameters).execute();
  return result.affected ?? 0;
}

/**
 * The CONFLICT of a guarded update that changed no row, with the version the row has now: read again (under READ
 * COMMITTED the latest committed one), not the one read before the update, which a concurrent write may have
 * passed in between (the client retries from `currentVersion`).
 */
export async function staleVersion(m: EntityManager, entity: Function, where: Record<string, unknown>, what: string): Promise<ConflictError> {
  const row = (await m.getRepository(entity).findOne({ where, select: { version: true } as never })) as { version?: number } | null;
  const version = row?.version ?? null;
  return new ConflictError(`${what}已被他人修改（当前版本 ${version ?? '无'}），请刷新后重试`, { currentVersion: version });
}
