import { Type } from '@nestjs/common';
import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { Kind } from 'graphql';
import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { BadUserInputError } from '../kernel/errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Relay forward pagination: `first` (default 20, at most 100) after an opaque `after` cursor. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE, description: '每页条数，默认 20，最多 100' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  first?: number;

  @Field(() => String, { nullable: true, description: '上一页最后一条的游标' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  after?: string;
}

@ObjectType({ description: '分页信息（Relay）' })
export class PageInfo {
  @Field(() => Boolean, { description: '是否还有下一页：有则以 endCursor 作为 after 取下一页' }) hasNextPage: boolean;
  @Field(() => Boolean, { description: '是否有上一页（带 after 取的页为 true）；只支持向后翻页' }) hasPreviousPage: boolean;
  @Field(() => String, { nullable: true, description: '本页第一条的游标；空页为 null' }) startCursor: string | null;
  @Field(() => String, { nullable: true, description: '本页最后一条的游标，作为下一页的 after；空页为 null' }) endCursor: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface ConnectionValue<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  /** A getter: the count query runs only when the field is asked for. */
  readonly totalCount: Promise<number>;
}

/** Builds the `XConnection` and `XEdge` object types for a node type. */
export function Connection<T>(nodeType: Type<T>, name = nodeType.name) {
  @ObjectType(`${name}Edge`, { description: `分页列表中的一条（${name}）及其游标` })
  class EdgeType {
    @Field(() => String, { description: '这一条的游标（不透明），作为 after 取它之后的一页' }) cursor: string;
    @Field(() => nodeType, { description: '这一条记录' }) node: T;
  }

  @ObjectType(`${name}Connection`, { isAbstract: true, description: `${name} 的分页列表（Relay 连接，按游标向后翻页）` })
  abstract class ConnectionType {
    @Field(() => [EdgeType], { description: '本页的记录，每页最多 100 条（first）' }) edges: EdgeType[];
    @Field(() => PageInfo, { description: '分页信息' }) pageInfo: PageInfo;
    @Field(() => Int, { description: '符合条件的总条数' }) totalCount: number;
  }
  return ConnectionType as unknown as Type<ConnectionValue<T>>;
}

/**
 * A keyset ordering column: the SQL expression, its value type, and how to read its value from a row.
 *
 * A `timestamp` key (a timestamptz column) carries its value at the database's full precision: the page's statement
 * reads the exact text (`exactTimestamp`, microseconds) into the cursor and the next page compares it with
 * `CAST(… AS timestamptz)`. Its `value` is never used for a SQL page: a JavaScript Date keeps milliseconds only, and a
 * cursor cut to milliseconds falls between rows PostgreSQL wrote (`DEFAULT now()`, seed data, migrations): descending,
 * the rows of the same millisecond after the cursor's row were skipped; ascending, the cursor's row came back.
 */
export type OrderKey<E> =
  | { expr: string; type: 'uuid' | 'int' | 'text' | 'bigint'; value: (row: E) => string | number }
  | { expr: string; type: 'timestamp'; /** Only for pages cut in memory (`connectionOf` on rows without SQL). */ value?: (row: E) => string };

/** What the SQL side of a page needs of its order keys. */
type KeyShape = { expr: string; type: OrderKey<never>['type'] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EXACT_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
/** What `toISOString()` wrote into the cursors of timestamp keys before they carried microseconds. */
const MILLISECOND_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const KEY_CHECKS: Record<OrderKey<never>['type'], (v: unknown) => boolean> = {
  uuid: (v) => typeof v === 'string' && UUID.test(v),
  int: (v) => typeof v === 'number' && Number.isSafeInteger(v) && Math.abs(v) <= 2_147_483_647,
  text: (v) => typeof v === 'string' && v.length <= 500,
  // within int8: a forged 9999999999999999999 would fail PostgreSQL's cast (an error, not a refusal)
  bigint: (v) => typeof v === 'string' && /^\d{1,19}$/.test(v) && BigInt(v) <= 9_223_372_036_854_775_807n,
  // a real instant too: a forged `2026-02-30T25:61:00` would fail PostgreSQL's cast (an error, not a refusal)
  timestamp: (v) => typeof v === 'string' && EXACT_TIMESTAMP.test(v) && realInstant(v),
};
function realInstant(v: string): boolean {
  const d = new Date(`${v.slice(0, 23)}Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 23) === v.slice(0, 23);
}

/** The SQL type a cursor value is compared as (text keys compare as the column's own type). */
const KEY_CASTS: Record<OrderKey<never>['type'], string | null> = { uuid: 'uuid', int: 'int', text: null, bigint: 'bigint', timestamp: 'timestamptz' };

/** The exact text (UTC, microseconds) of a timestamptz column: the cursor value of a `timestamp` order key. */
export function exactTimestamp(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** The exact values of a row's `timestamp` keys, read by the page's statement (by key position). */
const EXACT_KEYS = Symbol('exact order values');
type WithExactKeys = { [EXACT_KEYS]?: Record<number, string> };

/** The raw column each `timestamp` key's exact text is selected as. */
const exactKeyColumn = (i: number) => `__exact_key${i}`;

/** Adds the exact text of every `timestamp` key to a page's selection (read back by `keepExactKeys`). */
export function selectExactKeys<E extends ObjectLiteral>(page: SelectQueryBuilder<E>, order: readonly KeyShape[]): boolean {
  let any = false;
  order.forEach((o, i) => {
    if (o.type !== 'timestamp') return;
    page.addSelect(exactTimestamp(o.expr), exactKeyColumn(i));
    any = true;
  });
  return any;
}

/**
 * Keeps on each entity the exact key values of its raw row (matched through the primary key: a join may repeat raw
 * rows). `alias` is the entity's alias in the statement.
 */
export function keepExactKeys<E extends ObjectLiteral>(
  entities: E[],
  raw: Record<string, unknown>[],
  page: SelectQueryBuilder<E>,
  order: readonly KeyShape[],
): void {
  const primary = page.expressionMap.mainAlias!.metadata.primaryColumns;
  const rawKey = (r: Record<string, unknown>) => primary.map((c) => String(r[`${page.alias}_${c.databaseName}`])).join('\u0000');
  const byKey = new Map(raw.map((r) => [rawKey(r), r]));
  for (const e of entities) {
    const r = byKey.get(primary.map((c) => String(c.getEntityValue(e))).join('\u0000'));
    const exact: Record<number, string> = {};
    order.forEach((o, i) => {
      if (o.type === 'timestamp' && r) exact[i] = String(r[exactKeyColumn(i)]);
    });
    Object.defineProperty(e, EXACT_KEYS, { value: exact, enumerable: false, configurable: true });
  }
}

/** A row's cursor values on `order`: a `timestamp` key's exact text read with the page, any other key's `value`. */
export function cursorValues<E>(row: E, order: readonly OrderKey<E>[]): (string | number)[] {
  const exact = (row as WithExactKeys)[EXACT_KEYS];
  return order.map((o, i) => {
    if (o.type !== 'timestamp') return o.value(row);
    const v = exact?.[i] ?? o.value?.(row);
    // a page that did not read the exact text would make a cursor that loses rows: a programming error, loudly
    if (typeof v !== 'string' || !EXACT_TIMESTAMP.test(v)) throw new Error(`keyset: no exact value for the timestamp key ${o.expr}`);
    return v;
  });
}

const checkedOrders = new WeakSet<object>();

/**
 * Refuses (as a programming error, at the first page) an ordering that can lose or repeat rows between pages:
 * - a key on a timestamptz column must be a `timestamp` key (a millisecond cursor falls between microsecond rows);
 * - the keys (with `scopeColumns`, the columns every row of the list shares, e.g. a child list's parent) must
 *   include the primary key or a unique constraint of the listed entity: with equal leading values, a non-unique
 *   last key splits ties arbitrarily and a page boundary inside a tie drops or repeats rows.
 * Keys on joined tables and computed expressions are checked for the first rule only where they name a column.
 */
export function assertExactOrder<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>, order: readonly KeyShape[], scopeColumns: string[] = []): void {
  if (checkedOrders.has(order)) return;
  const main = qb.expressionMap.mainAlias!;
  const columnOf = (expr: string) => {
    const m = /^(\w+)\.(\w+)$/.exec(expr.trim());
    const alias = m && qb.expressionMap.aliases.find((a) => a.name === m[1] && a.hasMetadata);
    return alias ? { alias: alias.name, column: alias.metadata.findColumnsWithPropertyPath(m[2])[0] ?? alias.metadata.columns.find((c) => c.databaseName === m[2]) } : null;
  };
  for (const o of order) {
    const c = columnOf(o.expr)?.column;
    const type = c ? String(c.type) : '';
    if (/^(timestamptz|timestamp with time zone|timestamp)$/i.test(type) && o.type !== 'timestamp') {
      throw new Error(`keyset: ${o.expr} is a timestamp column and needs a 'timestamp' order key (exact cursor values)`);
    }
  }
  // the listed row's own columns the keys fix; a key on the primary key of a row the listed one references (a
  // to-one join on its foreign key) fixes that foreign key
  const own = new Set<string | undefined>();
  for (const expr of [...order.map((o) => o.expr), ...scopeColumns]) {
    const found = columnOf(expr);
    if (!found?.column) continue;
    if (found.alias === main.name) {
      own.add(found.column.databaseName);
      continue;
    }
    const relation = qb.expressionMap.joinAttributes.find((j) => j.alias.name === found.alias && j.parentAlias === main.name)?.relation;
    const via = relation?.isOwning ? relation.joinColumns.find((jc) => jc.referencedColumn?.databaseName === found.column!.databaseName) : undefined;
    if (via) own.add(via.databaseName);
  }
  const meta = main.metadata;
  const uniques = [
    meta.primaryColumns, ...meta.uniques.map((u) => u.columns), ...meta.indices.filter((i) => i.isUnique).map((i) => i.columns),
    // an identity column (GENERATED ALWAYS, a sequence) never repeats a value
    ...meta.columns.filter((c) => c.isGenerated && ['increment', 'identity'].includes(String(c.generationStrategy))).map((c) => [c]),
  ];
  if (!uniques.some((cols) => cols.length > 0 && cols.every((c) => own.has(c.databaseName)))) {
    throw new Error(`keyset: the order ${order.map((o) => o.expr).join(', ')} of ${meta.name} does not end with a unique key`);
  }
  checkedOrders.add(order);
}

export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/** A cursor this server made for this ordering, or BAD_USER_INPUT (a forged one never reaches the database). */
export function decodeCursor<E>(cursor: string, order: readonly OrderKey<E>[]): (string | number)[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
  } catch {
    throw BadUserInputError.field('after', '游标无效');
  }
  if (Array.isArray(values) && values.length === order.length) {
    if (values.every((v, i) => KEY_CHECKS[order[i].type](v))) return values as (string | number)[];
    // a cursor made before timestamp keys carried microseconds: it cannot say exactly where its page ended
    if (values.every((v, i) => KEY_CHECKS[order[i].type](v) || (order[i].type === 'timestamp' && typeof v === 'string' && MILLISECOND_TIMESTAMP.test(v)))) {
      throw BadUserInputError.field('after', '游标已过期，请从第一页重新查询');
    }
  }
  throw BadUserInputError.field('after', '游标无效');
}

/**
 * Keyset pagination over a query builder: ascending (or all descending) on `order` (the last key must be
 * unique), one query for the page (first + 1 rows to know whether there is a next page) and a lazy count.
 */
export async function paginate<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  args: PageArgs,
  order: OrderKey<E>[],
  options: PageOptions<E> = {},
): Promise<ConnectionValue<E>> {
  const direction = options.descending ? 'DESC' : 'ASC';
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  const countQuery = qb.clone();
  const page = options.withPage ? options.withPage(qb.clone()) : qb.clone();
  const after = keysetAfter(args.after, order, options);
  if (after) page.andWhere(after.sql, after.params);
  order.forEach((o, i) => (i === 0 ? page.orderBy(o.expr, direction) : page.addOrderBy(o.expr, direction)));
  return readPage(page.limit(first + 1), countQuery, args, order, options);
}

/**
 * Runs a page's query and makes its connection. When the client asked for `totalCount` (`options.withCount`), the
 * count rides in the page's statement as a scalar subquery computed once (one round trip, not two); an empty page
 * has no row to carry it, so then, and without `withCount`, the count is its own statement, run on demand.
 */
export async function readPage<E extends ObjectLiteral>(
  page: SelectQueryBuilder<E>,
  counted: SelectQueryBuilder<E>,
  args: PageArgs,
  order: OrderKey<E>[],
  options: PageOptions<E>,
): Promise<ConnectionValue<E>> {
  assertExactOrder(counted, order);
  if ((args.first ?? DEFAULT_PAGE_SIZE) === 0) return connectionOf([], args, order, () => counted.getCount());
  const exact = selectExactKeys(page, order);
  if (!options.withCount && !exact) return connectionOf(await page.getMany(), args, order, () => counted.getCount());
  if (!options.withCount) {
    const { entities, raw } = await page.getRawAndEntities<Record<string, unknown>>();
    keepExactKeys(entities, raw, page, order);
    return connectionOf(entities, args, order, () => counted.getCount());
  }
  // getCount's expression: distinct primary keys, in case a join repeats rows
  const keys = counted.expressionMap.mainAlias!.metadata.primaryColumns.map((c) => `${counted.alias}.${c.databaseName}`);
  const count = counted.clone().select(keys.length === 1 ? `COUNT(DISTINCT ${keys[0]})` : 'COUNT(*)', 'n').orderBy();
  page.addSelect(`(${count.getQuery()})`, '__total_count').setParameters({ ...page.getParameters(), ...count.getParameters() });
  const { entities, raw } = await page.getRawAndEntities<{ __total_count?: string }>();
  if (exact) keepExactKeys(entities, raw, page, order);
  const total = raw[0]?.__total_count;
  return connectionOf(entities, args, order, () => (total === undefined ? counted.getCount() : Promise.resolve(Number(total))));
}

export interface PageOptions<E extends ObjectLiteral> {
  descending?: boolean;
  /** Joins for the page's query only (not the count): related rows the client asked for, read with the page. */
  withPage?: (page: SelectQueryBuilder<E>) => SelectQueryBuilder<E>;
  /** The client asked for `totalCount`: count in the page's statement (see `readPage`). */
  withCount?: boolean;
}

/** Whether a connection field's selection asks for `totalCount` (fragments included). */
export function selectsTotalCount(info: GraphQLResolveInfo): boolean {
  const has = (set: SelectionSetNode | undefined): boolean => (set?.selections ?? []).some((s) =>
    s.kind === Kind.FIELD ? s.name.value === 'totalCount'
      : s.kind === Kind.INLINE_FRAGMENT ? has(s.selectionSet) : has(info.fragments[s.name.value]?.selectionSet));
  return info.fieldNodes.some((node) => has(node.selectionSet));
}

/**
 * The fields a query selects on the nodes of a connection (`edges { node { … } }` and `nodes { … }`), fragments
 * included: a list can join what will be asked of each node into its page's query instead of a query per field.
 */
export function selectedNodeFields(info: GraphQLResolveInfo): Set<string> {
  const names = new Set<string>();
  const walk = (set: SelectionSetNode | undefined, depth: number): void => {
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet, depth);
      else if (s.kind === Kind.FRAGMENT_SPREAD) walk(info.fragments[s.name.value]?.selectionSet, depth);
      else if (depth === 2) names.add(s.name.value);
      else if ((depth === 0 && s.name.value === 'edges') || (depth === 1 && s.name.value === 'node')) walk(s.selectionSet, depth + 1);
      else if (depth === 0 && s.name.value === 'nodes') walk(s.selectionSet, 2);
    }
  };
  for (const node of info.fieldNodes) walk(node.selectionSet, 0);
  return names;
}

/** The keyset condition "after this cursor" on `order`, or null without a cursor (BAD_USER_INPUT for a forged one). */
export function keysetAfter<E>(
  cursor: string | undefined,
  order: readonly OrderKey<E>[],
  options: { descending?: boolean } = {},
): { sql: string; params: Record<string, string | number> } | null {
  if (!cursor) return null;
  const values = decodeCursor(cursor, order);
  const param = (i: number) => (KEY_CASTS[order[i].type] ? `CAST(:__cursor${i} AS ${KEY_CASTS[order[i].type]})` : `:__cursor${i}`);
  return {
    sql: `(${order.map((o) => o.expr).join(', ')}) ${options.descending ? '<' : '>'} (${values.map((_, i) => param(i)).join(', ')})`,
    params: Object.fromEntries(values.map((v, i) => [`__cursor${i}`, v])),
  };
}

/** A connection of `rows` (up to first + 1: the extra one says there is a next page), its count run on demand. */
export function connectionOf<E>(rows: E[], args: PageArgs, order: readonly OrderKey<E>[], count: () => Promise<number>): ConnectionValue<E> {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  const edges = rows.slice(0, first).map((node) => ({ node, cursor: encodeCursor(cursorValues(node, order)) }));
  let counted: Promise<number> | undefined;
  return withLazyCount({
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: Boolean(args.after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  }, () => (counted ??= count()));
}

function withLazyCount<T>(value: Omit<ConnectionValue<T>, 'totalCount'>, count: () => Promise<number>): ConnectionValue<T> {
  return Object.defineProperty(value, 'totalCount', { get: count, enumerable: true }) as ConnectionValue<T>;
}

/** Maps the nodes of a connection (entity rows to GraphQL models) keeping cursors and counts. */
export function mapConnection<A, B>(conn: ConnectionValue<A>, map: (a: A) => B): ConnectionValue<B> {
  return withLazyCount(
    { pageInfo: conn.pageInfo, edges: conn.edges.map((e) => ({ cursor: e.cursor, node: map(e.node) })) },
    () => conn.totalCount,
  );
}
