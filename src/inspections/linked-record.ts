import { reaches } from '../kernel/jurisdiction';
import type { RequestContext } from '../kernel/request-context';
import { OrganizationService } from '../organization/organization.service';

/**
 * Whether a related record's region is inside the reader's jurisdiction (through the per-request region loader). A
 * complaint and its hazard start in one region, but a corrected hazard may move to another township: a link then
 * reads as null on the side the reader cannot see, as node(id:) answers.
 */
export async function readable(ctx: RequestContext, organizations: OrganizationService, regionId: string): Promise<boolean> {
  const region = await organizations.regionById(ctx).load(regionId);
  return !!region && reaches(ctx.actor, region.path);
}
