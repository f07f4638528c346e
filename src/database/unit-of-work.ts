import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, QueryRunner } from 'typeorm';

/**
 * A unit of work (an import writes all its rows or none): one transaction on one connection that the
 * services' own code joins without knowing it. Inside `unitOfWork(...)` every query runner the DataSource hands
 * out is the unit's: `dataSource.getRepository`, `createQueryBuilder`, `query` and `transaction` all run on it,
 * and a service's own `transaction(...)` becomes a savepoint (TypeORM nests transactions on one runner as
 * SAVEPOINTs). So an import calls the same service methods as the API, with every rule and check they run, and
 * still commits once. On the embedded database (one connection) this is also what keeps the service's reads from
 * waiting on the unit's open transaction.
 *
 * The runner's nesting is checked after every step: a step that leaves it unbalanced (a rollback that failed, two
 * transactions interleaved) fails the whole unit, which is rolled back; a connection whose state is in doubt is
 * given back to the pool as broken (discarded), never to the next request with a transaction still open.
 */
interface OpenUnit {
  runner: QueryRunner;
  /** False once the unit ended: work the unit started that outlives it gets connections of its own. */
  open: boolean;
}
const units = new AsyncLocalStorage<OpenUnit>();
const originals = new WeakMap<DataSource, DataSource['createQueryRunner']>();

/** Makes the DataSource hand out the current unit's runner inside a unit of work (done once, at open). */
export function installUnitOfWork(dataSource: DataSource): void {
  if (originals.has(dataSource)) return;
  const original = dataSource.createQueryRunner.bind(dataSource);
  originals.set(dataSource, original);
  dataSource.createQueryRunner = ((mode) => {
    const unit = units.getStore();
    return unit?.open ? unit.runner : original(mode);
  }) as DataSource['createQueryRunner'];
}

export interface UnitOfWork {
  /**
   * Runs one step inside a savepoint: a step that throws is undone alone (its error returned), the unit goes
   * on. Steps run one after another, never in parallel (one connection).
   */
  step<T>(work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }>;
}

/** The unit's transaction nesting was left unbalanced by a step: the unit cannot be trusted and is rolled back. */
export class UnitOfWorkBroken extends Error {}

type Nesting = Omit<QueryRunner, 'isTransactionActive'> & { transactionDepth: number; isTransactionActive: boolean };

/**
 * Runs `work` in one transaction; commits when `work` returns `commit: true`, else rolls everything back (a dry
 * run, or a run with failed steps). Code outside the callback's async context (other requests) is not affected.
 */
export async function unitOfWork<T>(dataSource: DataSource, work: (unit: UnitOfWork) => Promise<{ commit: boolean; value: T }>): Promise<T> {
  const original = originals.get(dataSource);
  if (!original) throw new Error('unit of work is not installed on this DataSource');
  if (units.getStore()?.open) throw new Error('units of work do not nest');
  const runner = original('master') as unknown as Nesting;
  const release = runner.release.bind(runner);
  const state: OpenUnit = { runner: runner as unknown as QueryRunner, open: true };
  let clean = false;
  /** The step running now: the unit never ends under it (its statements would run after the ROLLBACK, committing). */
  let inFlight: Promise<unknown> | null = null;
  // the services release the runner they were handed after each call: the unit's stays open until the unit ends
  runner.release = () => Promise.resolve();
  try {
    await runner.connect();
    await runner.startTransaction('READ COMMITTED');
    let busy = false;
    /** One step in its savepoint; the nesting must be what it was before, or the unit is broken. */
    const runStep = async <S>(stepWork: () => Promise<S>): Promise<{ ok: true; value: S } | { ok: false; error: unknown }> => {
      const depth = runner.transactionDepth;
      try {
        await runner.startTransaction();
        let outcome: { ok: true; value: S } | { ok: false; error: unknown };
        try {
          outcome = { ok: true, value: await stepWork() };
        } catch (error) {
          outcome = { ok: false, error };
        }
        if (runner.transactionDepth !== depth + 1) throw new UnitOfWorkBroken(`a step left the transaction nesting at ${runner.transactionDepth}, expected ${depth + 1}`);
        if (outcome.ok) await runner.commitTransaction();
        else await runner.rollbackTransaction();
        if (runner.transactionDepth !== depth) throw new UnitOfWorkBroken(`the transaction nesting is ${runner.transactionDepth} after a step, expected ${depth}`);
        return outcome;
      } finally {
        busy = false;
      }
    };
    const unit: UnitOfWork = {
      step: (stepWork) => {
        if (busy) return Promise.reject(new UnitOfWorkBroken('steps of a unit of work run one after another'));
        busy = true;
        const running = runStep(stepWork);
        inFlight = running.catch(() => undefined);
        return running;
      },
    };
    const outcome = await units.run(state, () => work(unit));
    if (runner.transactionDepth !== 1) throw new UnitOfWorkBroken(`the transaction nesting is ${runner.transactionDepth} at the end, expected 1`);
    if (outcome.commit) await runner.commitTransaction();
    else await runner.rollbackTransaction();
    clean = (runner.transactionDepth as number) === 0 && !runner.isTransactionActive;
    return outcome.value;
  } finally {
    await inFlight;
    state.open = false;
    runner.release = release;
    if (!clean && runner.isTransactionActive) {
      // whatever the nesting says: end the transaction itself (an error here leaves the connection in doubt)
      try {
        await runner.query('ROLLBACK');
        runner.transactionDepth = 0;
        runner.isTransactionActive = false;
        clean = true;
      } catch {
        clean = false;
      }
    } else if (!runner.isTransactionActive) {
      clean = true;
    }
    // a connection in doubt is discarded by the pool rather than handed to the next request
    if (clean) await release();
    else await (runner as unknown as { releasePostgresConnection(err: Error): Promise<void> }).releasePostgresConnection(new UnitOfWorkBroken('connection state in doubt'));
  }
}

/** Runs `fn` outside any unit of work (its queries on connections of their own: a progress note, a log line). */
export function outsideUnitOfWork<T>(fn: () => T): T {
  return units.exit(fn);
}
