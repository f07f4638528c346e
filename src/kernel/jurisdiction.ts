import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { OutsideJurisdictionError } from './outside-jurisdiction';
import { AppError, ForbiddenError, NotFoundError } from './errors';
import type { OutsideAnswer } from './access.decorators';
import type { Actor, RequestContext } from './request-context';

/**
 * Jurisdiction: an actor reaches the subtree of its region (`path LIKE actor.path || '%'`). The system reaches
 * everything; nobody else reaches anything. One helper for lists (SQL, never fetch-then-filter) and one for
 * single targets.
 *
 * Outside the jurisdiction, a single read or write answers FORBIDDEN for the organization structure (regions and
 * organizations are public administrative facts: saying "not yours" leaks nothing), and NOT_FOUND for accounts,
 * API keys, audit entries and personal data, whose existence itself is sensitive: what the operation declares
 * (`@Allow(…, { outside })`), answered at the edge (outside-jurisdiction.interceptor.ts).
 */
export function reaches(actor: Actor, path: string): boolean {
  if (actor.kind === 'SYSTEM') return true;
  return actor.regionPath !== null && path.startsWith(actor.regionPath);
}

/**
 * Throws OutsideJurisdictionError unless the actor's jurisdiction contains `path`. `what` names the record a NOT_FOUND
 * answer tells of ('隐患'); without it the path is a region or an organization named as a place, scope or filter,
 * answered FORBIDDEN. The answer of a record is the operation's (`@Allow(…, { outside })`, given at the edge by
 * OutsideJurisdictionInterceptor), never the service's.
 */
export function assertReaches(ctx: RequestContext, path: string, options: { what?: string } = {}): void {
  if (reaches(ctx.actor, path)) return;
  // GB/T 22239-2019 8.1.4.3 a): a jurisdiction refused is audited (audit.plugin.ts)
  ctx.refusedRead({ path });
  throw new OutsideJurisdictionError(options.what ?? null);
}

/** What an operation declaring `answer` says of a target outside the jurisdiction (the edge; jobs that answer alike). */
export function outsideAnswer(error: OutsideJurisdictionError, answer: OutsideAnswer): AppError {
  if (answer === 'NOT_FOUND' && error.what !== null) return new NotFoundError(error.what);
  return new ForbiddenError(error.message);
}

/**
 * A record the operation names without acting on it — a list's filter (`hazards(premisesId:)`), the premises of a new
 * plan: outside the jurisdiction it answers as one that does not exist (NOT_FOUND naming it, the message of an unknown
 * id), whatever the operation declares for its own target. A region named there stays FORBIDDEN.
 */
export async function outsideAsMissing<T>(lookup: Promise<T>): Promise<T> {
  try {
    return await lookup;
  } catch (error) {
    throw error instanceof OutsideJurisdictionError ? outsideAnswer(error, 'NOT_FOUND') : error;
  }
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
