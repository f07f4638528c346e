import { NotFoundError } from '../../kernel/errors';
import type { RequestContext } from '../../kernel/request-context';
import { OrganizationService } from '../../organization/organization.service';
import { OrganizationModel } from '../../organization/organization.types';

/** The organization (a member unit, a visiting center or station) a member-unit record names, for its fields. */
export async function organizationOf(organizations: OrganizationService, ctx: RequestContext, id: string): Promise<OrganizationModel> {
  const row = await organizations.organizationById(ctx).load(id);
  if (!row) throw new NotFoundError('组织机构');
  return OrganizationModel.from(row);
}
