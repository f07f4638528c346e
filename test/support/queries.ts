import type { DataSource } from 'typeorm';

type Query = (...args: unknown[]) => Promise<unknown>;

/**
 * The security policy's versions are read by a process-wide cache that refreshes every few seconds
 * (SecurityPolicyService): which request pays for the refresh depends on timing, so statement counts ignore it.
 */
const CACHE_REFRESH = /FROM "security_policy"/;

/**
 * Wraps the driver's query runner so a test sees (and may fail) every SQL statement the app sends, but the cache
 * refresh above. `intercept` returns the statement's result, or throws; calling `next` runs it for real. Restore
 * when done.
 */
export async function interceptQueries(
  dataSource: DataSource,
  intercept: (sql: string, next: () => Promise<unknown>) => Promise<unknown>,
): Promise<{ restore(): void }> {
  const runner = dataSource.createQueryRunner();
  const proto = Object.getPrototypeOf(runner) as { query: Query };
  await runner.release();
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    if (CACHE_REFRESH.test(String(args[0]))) return original.apply(this, args);
    return intercept(String(args[0]), () => original.apply(this, args));
  };
  return { restore: () => void (proto.query = original) };
}
