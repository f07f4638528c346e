/**
 * One target outside the actor's jurisdiction (kernel/jurisdiction.ts `assertReaches`). Services throw this one error
 * and never choose what the caller hears: at the GraphQL and HTTP edge, OutsideJurisdictionInterceptor answers what
 * the operation declares (`@Allow(permission, { outside })`: FORBIDDEN 超出本账号的管辖范围, or NOT_FOUND naming
 * `what`, 隐患不存在或无权访问). `what` is null for a region or an organization named as a place, scope or filter (the
 * organization structure is public: FORBIDDEN, whatever the operation declares for its own target). Not a GraphQL
 * error: one that escapes the edge (a job, the command line) reads as its message.
 */
export class OutsideJurisdictionError extends Error {
  constructor(
    /** The record's name in a NOT_FOUND answer ('隐患'); null: a region or organization (always FORBIDDEN). */
    readonly what: string | null,
  ) {
    super('超出本账号的管辖范围');
    this.name = 'OutsideJurisdictionError';
  }
}
