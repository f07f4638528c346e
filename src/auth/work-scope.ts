import { In } from 'typeorm';
import type { DataSource, ObjectLiteral, Repository, SelectQueryBuilder } from 'typeorm';
import { DEFAULT_PAGE_SIZE, keysetAfter, paginate, readPage } from '../graphql/connection';
import type { ConnectionValue, OrderKey, PageArgs, PageOptions } from '../graphql/connection';
import type { Node, NodeFetcher } from '../graphql/node';
import { assertReaches, reaches, withinJurisdiction } from '../kernel/jurisdiction';
import { can } from '../kernel/can';
import type { Permission } from '../kernel/permissions';
import { BadUserInputError } from '../kernel/errors';
import type { RequestContext } from '../kernel/request-context';
import { RegionLevel } from '../organization/organization.enums';
import type { OrganizationService } from '../organization/organization.service';
import { Region } from '../organization/region.entity';

/** The region of a record of the work: a county, a township or a village inside the actor's jurisdiction. */
export async function workRegion(ctx: RequestContext, organizations: OrganizationService, globalId: string, field: string): Promise<Region> {
  const region = await organizations.region(ctx, globalId, field);
  assertReaches(ctx, region.path);
  if (![RegionLevel.COUNTY, RegionLevel.TOWNSHIP, RegionLevel.VILLAGE].includes(region.level)) throw BadUserInputError.field(field, '须为县、乡镇或村');
  return region;
}

/**
 * The region of a per-township figure (`activityCounts`, `villageCoverage`): the one named (a county or a township,
 * inside the jurisdiction; a village has no townships below it) or the actor's own; undefined for an actor with none.
 */
export async function statisticsScope(ctx: RequestContext, organizations: OrganizationService, regionId?: string): Promise<Region | undefined> {
  const scope = regionId ? await organizations.region(ctx, regionId, 'regionId') : ctx.actor.regionId ? await organizations.regionById(ctx).load(ctx.actor.regionId) : undefined;
  if (!scope) return undefined;
  assertReaches(ctx, scope.path);
  if (scope.level === RegionLevel.VILLAGE) throw BadUserInputError.field('regionId', '须为县或乡镇');
  return scope;
}

/**
 * A list of records of the work: joins each row's region as `r`, keeps what the actor's jurisdiction reaches (in
 * SQL), and, when `regionId` is given, only that region's subtree (FORBIDDEN when it is out of sight). The row's
 * region is in `regionColumn` (a village's record: `village_id`).
 */
export async function regionalList<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  ctx: RequestContext,
  organizations: OrganizationService,
  regionId?: string,
  regionColumn = 'region_id',
): Promise<SelectQueryBuilder<T>> {
  qb.innerJoin(Region, 'r', `r.id = ${qb.alias}.${regionColumn}`);
  withinJurisdiction(qb, ctx, 'r.path');
  if (regionId) qb.andWhere('r.path LIKE :listRegion', { listRegion: `${(await organizations.region(ctx, regionId, 'regionId')).path}%` });
  return qb;
}

/**
 * A page of a regional list (province scale, docs/performance.md), keyset-paginated on `order` (its last key the row
 * id, descending or not), with the same filters and count as `regionalList` + `paginate`. When the scope is a county or
 * smaller — a few hundred regions among the province's ten thousand — the page is read region by region: the first
 * `first + 1` rows of each region in scope through the table's (region_id, …order) index, merged, then the page's rows
 * by id. Walking the whole table's order index instead would read and discard the other counties' rows. Above a county
 * (a city, the province) most regions hold rows and that walk finds a page at once, so `paginate` is used as is.
 * `filters` adds conditions on `alias` with andWhere; the rows' region is `region_id`; `withPage` joins what the
 * page's rows need (not the count).
 */
export async function regionalPage<E extends ObjectLiteral & { id: string }>(
  repo: Repository<E>,
  alias: string,
  ctx: RequestContext,
  organizations: OrganizationService,
  regionId: string | undefined,
  filters: (qb: SelectQueryBuilder<E>) => SelectQueryBuilder<E>,
  args: PageArgs,
  order: OrderKey<E>[],
  options: PageOptions<E> = {},
): Promise<ConnectionValue<E>> {
  const listed = filters(await regionalList(repo.createQueryBuilder(alias), ctx, organizations, regionId));
  const scope = regionId ? (await organizations.region(ctx, regionId, 'regionId')).path : ctx.actor.regionPath;
  const levels = scope ? scope.split('/').filter(Boolean).length : 0;
  // province 1, city 2, county 3, township 4: a page of a county or smaller is read region by region
  if (levels < 3 || ctx.actor.kind === 'SYSTEM' || ctx.actor.regionPath === null) return paginate(listed, args, order, options);
  if (order.at(-1)!.expr !== `${alias}.id`) throw new Error('regionalPage: the last order key must be the row id');

  const first = args.first ?? DEFAULT_PAGE_SIZE;
  const direction = options.descending ? 'DESC' : 'ASC';
  // the keys of the first `first + 1` rows of one region `r` (same alias: the subquery's scope shadows the page's)
  const perRegion = filters(repo.createQueryBuilder(alias).select(order[0].expr, 'k0').where(`${alias}.region_id = r.id`));
  order.slice(1).forEach((o, i) => perRegion.addSelect(o.expr, `k${i + 1}`));
  const after = keysetAfter(args.after, order, options);
  if (after) perRegion.andWhere(after.sql, after.params);
  order.forEach((o) => perRegion.addOrderBy(o.expr, direction));
  perRegion.limit(first + 1);
  const merged = order.map((_, i) => `p.k${i} ${direction}`).join(', ');
  // one statement: the page's ids merged from every region in scope, then their rows through the primary key
  const page = (options.withPage ? options.withPage(repo.createQueryBuilder(alias)) : repo.createQueryBuilder(alias))
    .where(`${alias}.id IN (SELECT p.k${order.length - 1} FROM region r CROSS JOIN LATERAL (${perRegion.getQuery()}) p
      WHERE r.path LIKE :__scope AND r.path LIKE :__jurisdiction ORDER BY ${merged} LIMIT ${first + 1})`)
    .setParameters({ ...perRegion.getParameters(), __scope: `${scope}%`, __jurisdiction: `${ctx.actor.regionPath}%` });
  order.forEach((o) => page.addOrderBy(o.expr, direction));
  return readPage(page, listed, args, order, options);
}

/**
 * Throws OutsideJurisdictionError unless the actor reaches the region a record sits in: `what` names the record (its
 * answer is the operation's), none the region itself (FORBIDDEN).
 */
export async function assertRegionReaches(ctx: RequestContext, organizations: OrganizationService, regionId: string, what?: string): Promise<void> {
  const region = await organizations.regionById(ctx).load(regionId);
  assertReaches(ctx, region!.path, what ? { what } : {});
}

/**
 * node(id:) for a kind seated in a region: the permission, then the jurisdiction; what is out of reach is null.
 * `regionOf` names the row's region (its `regionId` unless said otherwise).
 */
export function regionalNodes<E extends { id?: string }>(
  dataSource: DataSource,
  organizations: OrganizationService,
  entity: new () => E,
  permission: Permission,
  toModel: (row: E) => Node,
  keys: { id: keyof E & string; region: keyof E & string } = { id: 'id' as keyof E & string, region: 'regionId' as keyof E & string },
): NodeFetcher {
  return async (ctx: RequestContext, ids) => {
    if (!can(ctx, permission)) return ids.map(() => null);
    const rows = await dataSource.getRepository(entity).findBy({ [keys.id]: In([...ids]) } as never);
    const regions = await organizations.regionById(ctx).loadMany(rows.map((r) => r[keys.region] as string));
    const visible = new Map(rows.filter((_r, i) => {
      const g = regions[i];
      const ok = g && !(g instanceof Error) && reaches(ctx.actor, g.path);
      // an existing record out of reach answers null like a missing one, and is audited as a refused read (8.1.4.3 a)
      if (!ok && g && !(g instanceof Error)) ctx.refusedRead({ path: g.path, nodeId: String(_r[keys.id]) });
      return ok;
    }).map((r) => [r[keys.id] as string, r]));
    return ids.map((id) => (visible.has(id) ? toModel(visible.get(id)!) : null));
  };
}
