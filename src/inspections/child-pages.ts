import DataLoader from 'dataloader';
import type { ObjectLiteral, Repository, SelectQueryBuilder } from 'typeorm';
import { connectionOf, DEFAULT_PAGE_SIZE, keysetAfter } from '../graphql/connection';
import type { ConnectionValue, OrderKey, PageArgs } from '../graphql/connection';
import { rowLoader } from '../graphql/loaders';
import type { RequestContext } from '../graphql/request-context';

/** Where the children of a parent are: their table, how a child names its parent, and the keyset order. */
export interface ChildList<E extends ObjectLiteral> {
  /** The loader's name, unique per request (page arguments are appended). */
  name: string;
  repo: Repository<E>;
  alias: string;
  /** SQL of the parent id in the child's query (a column of the child, or of a table `join` adds). */
  parentExpr: string;
  /** The parent id of a loaded child row. */
  parentOf: (row: E) => string;
  /** Joins the child query needs: to reach its parent or its order keys (also used by the count). */
  join?: (qb: SelectQueryBuilder<E>) => SelectQueryBuilder<E>;
  /** Keyset order; the last key unique among one parent's children. */
  order: OrderKey<E>[];
  descending?: boolean;
}

/**
 * A nested connection (a hazard's history, a risk point's observations, a plan's targets) for every parent a
 * request asks about, in one statement per batch, never one per parent: a LATERAL subquery reads the first
 * `first + 1` children of each parent after the cursor through the (parent, …order) index; the rows come back
 * through their primary key. `totalCount` is one grouped count per batch, run only when asked for.
 */
export function childPages<E extends ObjectLiteral>(ctx: RequestContext, list: ChildList<E>, args: PageArgs): DataLoader<string, ConnectionValue<E>> {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  const counts = rowLoader(ctx, `${list.name}.count`, (ids: string[]) => countChildren(list, ids), (r) => r.parentId);
  return ctx.loader(`${list.name}:${first}:${args.after ?? ''}`, () => new DataLoader<string, ConnectionValue<E>>(async (ids) => {
    const rows = first === 0 ? [] : await firstChildren(list, [...ids], args, first);
    const byParent = new Map<string, E[]>(ids.map((id) => [id, []]));
    for (const row of rows) byParent.get(list.parentOf(row))?.push(row);
    return ids.map((parentId) => connectionOf(byParent.get(parentId)!, args, list.order, async () => (await counts.load(parentId))?.count ?? 0));
  }));
}

async function firstChildren<E extends ObjectLiteral>(list: ChildList<E>, parentIds: string[], args: PageArgs, first: number): Promise<E[]> {
  const { repo, alias, order } = list;
  const join = list.join ?? ((qb) => qb);
  const direction = list.descending ? 'DESC' : 'ASC';
  const keys = repo.metadata.primaryColumns.map((c) => `${alias}.${c.databaseName}`);
  // the subquery reuses the alias: its scope shadows the outer query's (as auth/work-scope.ts regionalPage does)
  const perParent = join(repo.createQueryBuilder(alias)).select(keys[0], 'k0');
  keys.slice(1).forEach((k, i) => perParent.addSelect(k, `k${i + 1}`));
  perParent.where(`${list.parentExpr} = __parent.id`);
  const after = keysetAfter(args.after, order, { descending: list.descending });
  if (after) perParent.andWhere(after.sql, after.params);
  order.forEach((o) => perParent.addOrderBy(o.expr, direction));
  perParent.limit(first + 1);
  const page = join(repo.createQueryBuilder(alias))
    .where(`(${keys.join(', ')}) IN (SELECT ${keys.map((_, i) => `__child.k${i}`).join(', ')}
      FROM unnest(CAST(:__parents AS uuid[])) AS __parent(id) CROSS JOIN LATERAL (${perParent.getQuery()}) __child)`)
    .setParameters({ ...perParent.getParameters(), __parents: parentIds })
    .orderBy(list.parentExpr);
  order.forEach((o) => page.addOrderBy(o.expr, direction));
  return page.getMany();
}

async function countChildren<E extends ObjectLiteral>(list: ChildList<E>, parentIds: string[]): Promise<{ parentId: string; count: number }[]> {
  const join = list.join ?? ((qb) => qb);
  const rows: { parent_id: string; n: number }[] = await join(list.repo.createQueryBuilder(list.alias))
    .select(list.parentExpr, 'parent_id').addSelect('count(*)::int', 'n')
    .where(`${list.parentExpr} = ANY(CAST(:__parents AS uuid[]))`, { __parents: parentIds })
    .groupBy(list.parentExpr)
    .getRawMany();
  return rows.map((r) => ({ parentId: r.parent_id, count: Number(r.n) }));
}
