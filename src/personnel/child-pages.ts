import DataLoader from 'dataloader';
import type { ObjectLiteral, Repository } from 'typeorm';
import { ConnectionValue, connectionOf, DEFAULT_PAGE_SIZE, keysetAfter, OrderKey, PageArgs } from '../graphql/connection';
import type { RequestContext } from '../graphql/request-context';

/** A connection field under each of many parents (a person's posts, a post's transitions). */
export interface ChildPages<E extends ObjectLiteral> {
  /** The loader's name in the request (the page arguments are added to it). */
  name: string;
  repo: () => Repository<E>;
  /** The table's alias in `order`, `parentColumn` and `where`. */
  alias: string;
  /** The column naming the parent, e.g. `t.post_id` (a uuid). */
  parentColumn: string;
  parentOf: (row: E) => string;
  /** Keyset order within one parent; the last key is unique. */
  order: OrderKey<E>[];
  descending?: boolean;
  /** More conditions on the rows (on `alias`). */
  where?: { sql: string; params?: Record<string, unknown> };
}

/**
 * The per-request loader of one page per parent: every parent asked for in one tick is read in one statement (each
 * parent's first `first + 1` rows after the cursor through a lateral subquery on the (parent, order) index), and
 * `totalCount`, when asked, in one grouped count for the batch. Never a query per parent.
 */
export function childPageLoader<E extends ObjectLiteral>(ctx: RequestContext, spec: ChildPages<E>, args: PageArgs): DataLoader<string, ConnectionValue<E>> {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  return ctx.loader(`${spec.name}:${first}:${args.after ?? ''}`, () => new DataLoader<string, ConnectionValue<E>>(async (parents) => {
    const keys = [...new Set(parents)];
    const counts = countLoader(ctx, spec);
    if (first === 0) return parents.map((p) => connectionOf<E>([], args, spec.order, () => counts.load(p)));
    const a = spec.alias;
    const direction = spec.descending ? 'DESC' : 'ASC';
    const after = keysetAfter(args.after, spec.order, spec);
    const conditions = [`${spec.parentColumn} = k.id`, ...(spec.where ? [spec.where.sql] : []), ...(after ? [after.sql] : [])];
    const idColumn = spec.order.at(-1)!.expr;
    const orderBy = spec.order.map((o) => `${o.expr} ${direction}`).join(', ');
    const table = spec.repo().metadata.tablePath;
    // the subquery's alias is the page's: its conditions and order are written once
    const page = spec.repo().createQueryBuilder(a)
      .where(`${idColumn} IN (SELECT x.id FROM unnest(CAST(:__parents AS uuid[])) AS k(id) CROSS JOIN LATERAL
        (SELECT ${idColumn} AS id FROM "${table}" ${a} WHERE ${conditions.join(' AND ')} ORDER BY ${orderBy} LIMIT ${first + 1}) x)`)
      .setParameters({ ...(spec.where?.params ?? {}), ...(after?.params ?? {}), __parents: keys });
    spec.order.forEach((o, i) => (i === 0 ? page.orderBy(o.expr, direction) : page.addOrderBy(o.expr, direction)));
    // in keyset order: each parent's rows keep it when grouped
    const byParent = new Map<string, E[]>(keys.map((k) => [k, []]));
    for (const row of await page.getMany()) byParent.get(spec.parentOf(row))?.push(row);
    return parents.map((p) => connectionOf(byParent.get(p)!, args, spec.order, () => counts.load(p)));
  }));
}

/** All rows per parent, counted in one grouped statement per batch (run only when `totalCount` is asked for). */
function countLoader<E extends ObjectLiteral>(ctx: RequestContext, spec: ChildPages<E>): DataLoader<string, number> {
  return ctx.loader(`${spec.name}:count`, () => new DataLoader<string, number>(async (parents) => {
    const qb = spec.repo().createQueryBuilder(spec.alias)
      .select(spec.parentColumn, 'parent').addSelect('count(*)::int', 'n')
      .where(`${spec.parentColumn} = ANY(:__parents)`, { __parents: [...new Set(parents)] })
      .groupBy(spec.parentColumn);
    if (spec.where) qb.andWhere(spec.where.sql, spec.where.params ?? {});
    const counts = new Map((await qb.getRawMany<{ parent: string; n: number }>()).map((r) => [r.parent, Number(r.n)]));
    return parents.map((p) => counts.get(p) ?? 0);
  }));
}
