import DataLoader from 'dataloader';
import type { DataSource, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { connectionOf, DEFAULT_PAGE_SIZE, encodeCursor, keysetAfter } from '../graphql/connection';
import type { ConnectionValue, OrderKey, PageArgs } from '../graphql/connection';
import { BadUserInputError } from '../graphql/errors';
import type { RequestContext } from '../graphql/request-context';

/**
 * A list that belongs to a parent row (a course's sessions, an exam's results) read as a Relay connection: the
 * pages of every parent asked for in one tick come from one statement (a window per parent over its index, the
 * first `first + 1` rows of each), their counts from one grouped statement, asked only when `totalCount` is read.
 */
export interface ChildList<E extends ObjectLiteral> {
  /** The per-request loader's name (one loader per `first`/`after`). */
  name: string;
  entity: EntityTarget<E>;
  alias: string;
  /** SQL expression of the parent's id on `alias`. */
  parent: string;
  parentOf: (row: E) => string;
  /** Keyset order inside one parent; the last key is unique within the parent. */
  order: OrderKey<E>[];
  descending?: boolean;
  /** Joins and conditions every row must meet (the jurisdiction over personal data), on page and count alike. */
  scope?: (qb: SelectQueryBuilder<E>, ctx: RequestContext) => SelectQueryBuilder<E>;
}

/** The connection of one parent's rows, batched with every other parent asked for with the same page arguments. */
export function childPage<E extends ObjectLiteral>(ctx: RequestContext, db: DataSource, list: ChildList<E>, parentId: string, args: PageArgs): Promise<ConnectionValue<E>> {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  // validated now, so a forged cursor is a BAD_USER_INPUT naming `after` before any statement runs
  keysetAfter(args.after, list.order, list);
  const pages = ctx.loader(`${list.name}.page:${first}:${args.after ?? ''}`, () =>
    new DataLoader<string, E[]>(async (parents) => pageRows(ctx, db, list, [...parents], first, args.after)));
  const counts = ctx.loader(`${list.name}.count`, () =>
    new DataLoader<string, number>(async (parents) => countRows(ctx, db, list, [...parents])));
  return pages.load(parentId).then((rows) => connectionOf(rows, args, list.order, () => counts.load(parentId)));
}

function scoped<E extends ObjectLiteral>(ctx: RequestContext, db: DataSource, list: ChildList<E>, parents: string[]): SelectQueryBuilder<E> {
  const qb = db.getRepository(list.entity).createQueryBuilder(list.alias).where(`${list.parent} IN (:...__parents)`, { __parents: parents });
  return list.scope ? list.scope(qb, ctx) : qb;
}

async function pageRows<E extends ObjectLiteral>(ctx: RequestContext, db: DataSource, list: ChildList<E>, parents: string[], first: number, after?: string): Promise<E[][]> {
  const byParent = new Map<string, E[]>(parents.map((p) => [p, []]));
  if (first > 0) {
    const direction = list.descending ? 'DESC' : 'ASC';
    const orderSql = list.order.map((o) => `${o.expr} ${direction}`).join(', ');
    // the keys of each parent's first `first + 1` rows after the cursor, ranked per parent in its index order
    const ranked = scoped(ctx, db, list, parents).select(`${list.parent}`, '__p');
    list.order.forEach((o, i) => ranked.addSelect(o.expr, `__k${i}`));
    ranked.addSelect(`row_number() OVER (PARTITION BY ${list.parent} ORDER BY ${orderSql})`, '__rn');
    const cursor = keysetAfter(after, list.order, list);
    if (cursor) ranked.andWhere(cursor.sql, cursor.params);
    const keys = ['__p', ...list.order.map((_o, i) => `__k${i}`)].map((k) => `w.${k}`).join(', ');
    const rows = await db.getRepository(list.entity).createQueryBuilder(list.alias)
      .where(`(${[list.parent, ...list.order.map((o) => o.expr)].join(', ')}) IN (SELECT ${keys} FROM (${ranked.getQuery()}) w WHERE w.__rn <= ${first + 1})`)
      .setParameters(ranked.getParameters())
      .getMany()
      .then((found) => sortWithin(found, list));
    for (const row of rows) byParent.get(list.parentOf(row))?.push(row);
  }
  return parents.map((p) => byParent.get(p)!);
}

/** The page's rows in the keyset order (a uuid's hex compares as PostgreSQL compares its bytes). */
function sortWithin<E extends ObjectLiteral>(rows: E[], list: ChildList<E>): E[] {
  const sign = list.descending ? -1 : 1;
  return rows.sort((a, b) => {
    for (const o of list.order) {
      const x = o.value(a);
      const y = o.value(b);
      if (x !== y) return (x < y ? -1 : 1) * sign;
    }
    return 0;
  });
}

async function countRows<E extends ObjectLiteral>(ctx: RequestContext, db: DataSource, list: ChildList<E>, parents: string[]): Promise<number[]> {
  const rows: { p: string; n: string }[] = await scoped(ctx, db, list, parents).select(`${list.parent}`, 'p').addSelect('COUNT(*)', 'n').groupBy(list.parent).getRawMany();
  const byParent = new Map(rows.map((r) => [r.p, Number(r.n)]));
  return parents.map((p) => byParent.get(p) ?? 0);
}

/**
 * A page of a list already in memory (a township's villages, read with the page of townships), with the same
 * cursors as a keyset page on `order`: rows must come sorted on it.
 */
export function memoryPage<E>(rows: E[], args: PageArgs, order: OrderKey<E>[]): ConnectionValue<E> {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  let start = 0;
  if (args.after) {
    const index = rows.findIndex((r) => encodeCursor(order.map((o) => o.value(r))) === args.after);
    // a cursor of a row that is gone (or was never there) cannot say where to go on from
    if (index < 0) throw BadUserInputError.field('after', '游标无效');
    start = index + 1;
  }
  return connectionOf(rows.slice(start, start + first + 1), args, order, () => Promise.resolve(rows.length));
}
