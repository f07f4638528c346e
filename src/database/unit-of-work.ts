import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, QueryRunner } from 'typeorm';

/**
 * A unit of work (issue 10: an import writes all its rows or none): one transaction on one connection that the
 * services' own code joins without knowing it. Inside `unitOfWork(...)` every query runner the DataSource hands
 * out is the unit's: `dataSource.getRepository`, `createQueryBuilder`, `query` and `transaction` all run on it,
 * and a service's own `transaction(...)` becomes a savepoint (TypeORM nests transactions on one runner as
 * SAVEPOINTs). So an import calls the same service methods as the API, with every rule and check they run, and
 * still commits once. On the embedded database (one connection) this is also what keeps the service's reads from
 * waiting on the unit's open transaction.
 */
const units = new AsyncLocalStorage<QueryRunner>();
const originals = new WeakMap<DataSource, DataSource['createQueryRunner']>();

/** Makes the DataSource hand out the current unit's runner inside a unit of work (done once, at open). */
export function installUnitOfWork(dataSource: DataSource): void {
  if (originals.has(dataSource)) return;
  const original = dataSource.createQueryRunner.bind(dataSource);
  originals.set(dataSource, original);
  dataSource.createQueryRunner = ((mode) => units.getStore() ?? original(mode)) as DataSource['createQueryRunner'];
}

export interface UnitOfWork {
  /**
   * Runs one step inside a savepoint: a step that throws is undone alone (its error returned), the unit goes
   * on. Steps run one after another, never in parallel (one connection).
   */
  step<T>(work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }>;
}

/**
 * Runs `work` in one transaction; commits when `work` returns `commit: true`, else rolls everything back (a dry
 * run, or a run with failed steps). Code outside the callback's async context (other requests) is not affected.
 */
export async function unitOfWork<T>(dataSource: DataSource, work: (unit: UnitOfWork) => Promise<{ commit: boolean; value: T }>): Promise<T> {
  const original = originals.get(dataSource);
  if (!original) throw new Error('unit of work is not installed on this DataSource');
  if (units.getStore()) throw new Error('units of work do not nest');
  const runner = original('master');
  const release = runner.release.bind(runner);
  // the services release the runner they were handed after each call: the unit's stays open until the unit ends
  runner.release = () => Promise.resolve();
  try {
    await runner.connect();
    await runner.startTransaction('READ COMMITTED');
    const unit: UnitOfWork = {
      step: async (stepWork) => {
        await runner.startTransaction();
        try {
          const value = await stepWork();
          await runner.commitTransaction();
          return { ok: true, value };
        } catch (error) {
          await runner.rollbackTransaction();
          return { ok: false, error };
        }
      },
    };
    try {
      const outcome = await units.run(runner, () => work(unit));
      if (outcome.commit) await runner.commitTransaction();
      else await runner.rollbackTransaction();
      return outcome.value;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    }
  } finally {
    runner.release = release;
    await release();
  }
}

/** Runs `fn` outside any unit of work (its queries on connections of their own: a progress note, a log line). */
export function outsideUnitOfWork<T>(fn: () => T): T {
  return units.exit(fn);
}
