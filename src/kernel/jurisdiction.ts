import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ForbiddenError, NotFoundError } from './errors';
import type { Actor, RequestContext } from './request-context';

/**
 * Jurisdiction: an actor reaches the subtree of its region (`path LIKE actor.path || '%'`). The system reaches
 * everything; nobody else reaches anything. One helper for lists (SQL, never fetch-then-filter) and one for
 * single targets.
 *
 * Outside the jurisdiction, a single read or write answers FORBIDDEN for the organization structure (regions and
 * organizations are public administrative facts: saying "not yours" leaks nothing), and NOT_FOUND for accounts,
 * API keys, audit entries and personal data, whose existence itself is sensitive (`hide: true`).
 */
export function reaches(actor: Actor, path: string): boolean {
  if (actor.kind === 'SYSTEM') return true;
  return actor.regionPath !== null && path.startsWith(actor.regionPath);
}

/** Throws unless the actor's jurisdiction contains `path`. */
export function assertReaches(ctx: RequestContext, path: string, options: { hide?: string } = {}): void {
  if (reaches(ctx.actor, path)) return;
  // GB/T 22239-2019 8.1.4.3 a): a jurisdiction refused is audited (audit.plugin.ts)
  ctx.refusedRead({ path });
  if (options.hide) throw new NotFoundError(options.hide);
  throw new ForbiddenError('超出本账号的管辖范围');
}

/** Limits a list query to the actor's jurisdiction: `pathExpr` is the SQL expression of the rows' region path. */
export function withinJurisdiction<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  ctx: RequestContext,
  pathExpr: string,
): SelectQueryBuilder<T> {
  const actor = ctx.actor;
  if (actor.kind === 'SYSTEM') return qb;
  if (actor.regionPath === null) return qb.andWhere('false');
  return qb.andWhere(`${pathExpr} LIKE :jurisdictionPrefix`, { jurisdictionPrefix: `${actor.regionPath}%` });
}

/**
 * Regions are visible inside the jurisdiction and up the tree above it (a township account sees its county's
 * name and code: administrative divisions are public, GB/T 2260), never sideways.
 */
export function regionVisible(actor: Actor, path: string): boolean {
  if (actor.kind === 'SYSTEM') return true;
  return actor.regionPath !== null && (path.startsWith(actor.regionPath) || actor.regionPath.startsWith(path));
}

export function withVisibleRegions<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  ctx: RequestContext,
  pathExpr: string,
): SelectQueryBuilder<T> {
  const actor = ctx.actor;
  if (actor.kind === 'SYSTEM') return qb;
  if (actor.regionPath === null) return qb.andWhere('false');
  return qb.andWhere(`(${pathExpr} LIKE :visiblePrefix OR :visiblePath LIKE ${pathExpr} || '%')`, {
    visiblePrefix: `${actor.regionPath}%`,
    visiblePath: actor.regionPath,
  });
}
