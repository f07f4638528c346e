import DataLoader from 'dataloader';
import type { RequestContext } from '../kernel/request-context';

/**
 * A per-request loader of one row per key: `fetch` gets every key asked for in one tick and runs one query;
 * rows are matched back to keys by `keyOf` (missing keys load as undefined).
 */
export function rowLoader<K, V>(
  ctx: RequestContext,
  name: string,
  fetch: (keys: K[]) => Promise<V[]>,
  keyOf: (row: V) => K,
): DataLoader<K, V | undefined> {
  return ctx.loader(name, () =>
    new DataLoader<K, V | undefined>(async (keys) => {
      const byKey = new Map((await fetch([...keys])).map((row) => [keyOf(row), row]));
      return keys.map((k) => byKey.get(k));
    }),
  );
}

/** A per-request loader of all rows per key (one query per batch), in the order `fetch` returns them. */
export function groupLoader<K, V>(
  ctx: RequestContext,
  name: string,
  fetch: (keys: K[]) => Promise<V[]>,
  keyOf: (row: V) => K,
): DataLoader<K, V[]> {
  return ctx.loader(name, () =>
    new DataLoader<K, V[]>(async (keys) => {
      const groups = new Map<K, V[]>(keys.map((k) => [k, []]));
      for (const row of await fetch([...keys])) groups.get(keyOf(row))?.push(row);
      return keys.map((k) => groups.get(k)!);
    }),
  );
}
