import type { DataSource } from 'typeorm';

type Query = (...args: unknown[]) => Promise<unknown>;

/**
 * Wraps the driver's query runner so a test sees (and may fail) every SQL statement the app sends.
 * `intercept` returns the statement's result, or throws; calling `next` runs it for real. Restore when done.
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
    return intercept(String(args[0]), () => original.apply(this, args));
  };
  return { restore: () => void (proto.query = original) };
}
