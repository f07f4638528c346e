import DataLoader from 'dataloader';
import type { DataSource, EntityTarget, ObjectLiteral, Repository, SelectQueryBuilder } from 'typeorm';
import { assertExactOrder, connectionOf, cursorValues, DEFAULT_PAGE_SIZE, encodeCursor, keepExactKeys, keysetAfter, selectExactKeys } from './connection';
import type { ConnectionValue, OrderKey, PageArgs } from './connection';
import { BadUserInputError } from '../kernel/errors';
import type { RequestContext } from '../kernel/request-context';

/** Where the children of a parent are (a hazard's history, an exam's results, a person's posts) and their order. */
export interface ChildList<E extends ObjectLiteral, C extends string = never> {
  /** The per-request loader's name (the page arguments are appended). */
  name: string;
  entity: EntityTarget<E>;
  /** The child table's alias in `parent`, `order`, `join` and `scope`. */
  alias: string;
  /** SQL of the parent's id (a uuid): a column of the child, or of a table `join` adds. */
  parent: string;
  /** The parent id of a loaded child row. */
  parentOf: (row: E) => string;
  /** Keyset order inside one parent; the last key is unique among one parent's children. */
  order: OrderKey<E & Record<C, string>>[];
  descending?: boolean;
  /**
   * Joins the rows need: to reach their parent or order keys, or related rows selected with the page (`…AndSelect`).
   * To-one joins only: a join that repeats a child would count it twice in the page's limit and in `totalCount`.
   */
  join?: (qb: SelectQueryBuilder<E>) => SelectQueryBuilder<E>;
  /** Conditions every row must meet (with their joins), such as the jurisdiction over personal data: on page and count alike. */
  scope?: (qb: SelectQueryBuilder<E>, ctx: RequestContext) => SelectQueryBuilder<E>;
  /** Values computed in SQL kept on each row of the page, by property (a timestamp's exact text for its cursor). */
  computed?: Record<C, string>;
}

/**
 * A nested connection for every parent a request asks about, never a query per parent: one statement per batch
 * reads each parent's first `first + 1` children after the cursor through a LATERAL subquery over the parents' ids,
 * which walks the (parent, …order) index and stops at the limit (a window per parent would read all of a parent's
 * rows); the rows come back through their primary key. `totalCount` is one grouped count per batch, run only when
 * asked for. The cursor is checked when the field is resolved: a forged `after` is a BAD_USER_INPUT naming `after`
 * before any statement runs.
 */
export function childPages<E extends ObjectLiteral, C extends string = never>(
  ctx: RequestContext,
  db: DataSource,
  list: ChildList<E, C>,
  args: PageArgs,
): DataLoader<string, ConnectionValue<E & Record<C, string>>> {
  type Row = E & Record<C, string>;
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  const after = keysetAfter(args.after, list.order, list);
  const counts = ctx.loader(`${list.name}.count`, () => new DataLoader<string, number>((parents) => countChildren(ctx, db, list, [...parents])));
  return ctx.loader(`${list.name}:${first}:${args.after ?? ''}`, () => new DataLoader<string, ConnectionValue<Row>>(async (parents) => {
    const byParent = new Map<string, Row[]>(parents.map((p) => [p, []]));
    if (first > 0) {
      for (const row of await firstChildren(ctx, db, list, [...byParent.keys()], first, after)) byParent.get(list.parentOf(row))?.push(row);
    }
    return parents.map((p) => connectionOf(byParent.get(p)!, args, list.order, () => counts.load(p)));
  }));
}

/** The children of the parents `where` names, with the list's joins and scope. */
function children<E extends ObjectLiteral, C extends string>(
  ctx: RequestContext,
  repo: Repository<E>,
  list: ChildList<E, C>,
  where: string,
  params: Record<string, unknown> = {},
): SelectQueryBuilder<E> {
  const qb = repo.createQueryBuilder(list.alias);
  (list.join ? list.join(qb) : qb).where(where, params);
  return list.scope ? list.scope(qb, ctx) : qb;
}

async function firstChildren<E extends ObjectLiteral, C extends string>(
  ctx: RequestContext,
  db: DataSource,
  list: ChildList<E, C>,
  parents: string[],
  first: number,
  after: ReturnType<typeof keysetAfter>,
): Promise<(E & Record<C, string>)[]> {
  const repo = db.getRepository(list.entity);
  const { alias, order } = list;
  const direction = list.descending ? 'DESC' : 'ASC';
  const primary = repo.metadata.primaryColumns;
  const keys = primary.map((c) => `${alias}.${c.databaseName}`);
  // the subquery reuses the alias: its scope shadows the outer query's, so `parent`, `order` and `scope` are written once
  const perParent = children(ctx, repo, list, `${list.parent} = __parent.id`).select(keys[0], 'k0');
  assertExactOrder(perParent, order, [list.parent]);
  keys.slice(1).forEach((k, i) => perParent.addSelect(k, `k${i + 1}`));
  if (after) perParent.andWhere(after.sql, after.params);
  order.forEach((o, i) => (i === 0 ? perParent.orderBy(o.expr, direction) : perParent.addOrderBy(o.expr, direction)));
  perParent.limit(first + 1);
  const base = repo.createQueryBuilder(alias);
  const page = (list.join ? list.join(base) : base)
    .where(`(${keys.join(', ')}) IN (SELECT ${keys.map((_, i) => `__child.k${i}`).join(', ')}
      FROM unnest(CAST(:__parents AS uuid[])) AS __parent(id) CROSS JOIN LATERAL (${perParent.getQuery()}) __child)`)
    .setParameters({ ...perParent.getParameters(), __parents: parents })
    .orderBy(list.parent);
  order.forEach((o) => page.addOrderBy(o.expr, direction));
  const computed = Object.entries<string>(list.computed ?? {});
  const exact = selectExactKeys(page, order);
  if (!computed.length && !exact) return (await page.getMany()) as (E & Record<C, string>)[];
  computed.forEach(([, sql], i) => page.addSelect(sql, `__computed${i}`));
  const { entities, raw } = await page.getRawAndEntities<Record<string, unknown>>();
  if (exact) keepExactKeys(entities, raw, page, order);
  // raw rows matched to entities through the primary key (a join may repeat raw rows)
  const rawKey = (r: Record<string, unknown>) => primary.map((c) => String(r[`${alias}_${c.databaseName}`])).join('\u0000');
  const values = new Map(raw.map((r) => [rawKey(r), r]));
  return entities.map((e) => {
    const r = values.get(primary.map((c) => String(c.getEntityValue(e))).join('\u0000'))!;
    return Object.assign(e, Object.fromEntries(computed.map(([property], i) => [property, r[`__computed${i}`]]))) as E & Record<C, string>;
  });
}

async function countChildren<E extends ObjectLiteral, C extends string>(ctx: RequestContext, db: DataSource, list: ChildList<E, C>, parents: string[]): Promise<number[]> {
  const rows = await children(ctx, db.getRepository(list.entity), list, `${list.parent} = ANY(CAST(:__parents AS uuid[]))`, { __parents: parents })
    .select(list.parent, 'parent_id').addSelect('count(*)::int', 'n')
    .groupBy(list.parent)
    .getRawMany<{ parent_id: string; n: number }>();
  const byParent = new Map(rows.map((r) => [r.parent_id, Number(r.n)]));
  return parents.map((p) => byParent.get(p) ?? 0);
}

/**
 * A page of a list already in memory (a township's villages, read with the page of townships), with the same
 * cursors as a keyset page on `order`: rows must come sorted on it.
 */
export function memoryPage<E>(rows: E[], args: PageArgs, order: readonly OrderKey<E>[]): ConnectionValue<E> {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  let start = 0;
  if (args.after) {
    const index = rows.findIndex((r) => encodeCursor(cursorValues(r, order)) === args.after);
    // a cursor of a row that is gone (or was never there) cannot say where to go on from
    if (index < 0) throw BadUserInputError.field('after', '游标无效');
    start = index + 1;
  }
  return connectionOf(rows.slice(start, start + first + 1), args, order, () => Promise.resolve(rows.length));
}
