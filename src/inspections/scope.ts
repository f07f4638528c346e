import { assertReaches } from '../auth/jurisdiction';
import type { Permission } from '../auth/permissions';
import { BadUserInputError } from '../graphql/errors';
import type { RequestContext } from '../graphql/request-context';
import { RegionLevel } from '../organization/organization.enums';
import type { OrganizationService } from '../organization/organization.service';
import type { Region } from '../organization/region.entity';

/** The region of a record of the work: a county, a township or a village inside the actor's jurisdiction. */
export async function workRegion(ctx: RequestContext, organizations: OrganizationService, globalId: string, field: string): Promise<Region> {
  const region = await organizations.region(ctx, globalId, field);
  assertReaches(ctx, region.path);
  if (![RegionLevel.COUNTY, RegionLevel.TOWNSHIP, RegionLevel.VILLAGE].includes(region.level)) throw BadUserInputError.field(field, '须为县、乡镇或村');
  return region;
}

/** Whether the actor holds a permission (the system holds every one). */
export function can(ctx: RequestContext, permission: Permission): boolean {
  return ctx.actor.kind === 'SYSTEM' || ctx.actor.permissions.has(permission);
}

/** Trimmed text or null. */
export const text = (v: string | null | undefined): string | null => v?.trim() || null;
