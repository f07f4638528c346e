import type { Permission } from './permissions';
import type { RequestContext } from './request-context';

/** Whether the actor holds a permission (the system holds every one). */
export function can(ctx: RequestContext, permission: Permission): boolean {
  return ctx.actor.kind === 'SYSTEM' || ctx.actor.permissions.has(permission);
}
