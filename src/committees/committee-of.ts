import { assertReaches } from '../kernel/jurisdiction';
import { Role } from '../kernel/permissions';
import { BadUserInputError, NotFoundError } from '../kernel/errors';
import { fromGlobalId } from '../graphql/global-id';
import type { RequestContext } from '../kernel/request-context';
import { OrganizationKind } from '../organization/organization.enums';
import type { Organization } from '../organization/organization.entity';
import type { OrganizationService } from '../organization/organization.service';
import type { Region } from '../organization/region.entity';

export const COMMITTEE_KINDS: readonly OrganizationKind[] = [OrganizationKind.COUNTY_COMMITTEE, OrganizationKind.TOWNSHIP_COMMITTEE];

/** The committee an account works for when it names none: the county's for county roles, the township's for township roles. */
export function ownCommitteeKind(role: Role | null): OrganizationKind.COUNTY_COMMITTEE | OrganizationKind.TOWNSHIP_COMMITTEE | null {
  if (role === Role.COMMITTEE_OFFICE || role === Role.CENTER) return OrganizationKind.COUNTY_COMMITTEE;
  if (role === Role.TOWNSHIP_GOVERNMENT || role === Role.STATION) return OrganizationKind.TOWNSHIP_COMMITTEE;
  return null;
}

/**
 * The committee a meeting is recorded for (COM-1), a task assigned by (COM-2) or a campaign deployed by (COM-3): the
 * one named, which must be a county or township committee the actor reaches, else the actor's own. Refusals name
 * `rule`, the operation's domain rule.
 */
export async function committeeOf(
  ctx: RequestContext, organizations: OrganizationService, globalId: string | null | undefined, rule: string, field = 'input.committeeId',
): Promise<{ committee: Organization; region: Region }> {
  let committee: Organization | undefined;
  if (globalId) {
    committee = await organizations.organizationById(ctx).load(fromGlobalId(globalId, 'Organization', field));
    if (!committee) throw new NotFoundError('消防救援委员会');
  } else {
    const kind = ownCommitteeKind(ctx.actor.role);
    if (!kind || !ctx.actor.regionId) throw BadUserInputError.field(field, `${rule}：请指定消防救援委员会`);
    committee = await organizations.organizationInRegion(ctx, kind).load(ctx.actor.regionId);
    if (!committee) {
      throw BadUserInputError.field(field, `${rule}：本辖区尚未设立${kind === OrganizationKind.COUNTY_COMMITTEE ? '县消防救援委员会' : '乡镇消防救援委员会'}，请先在组织机构中设立`);
    }
  }
  const region = (await organizations.regionById(ctx).load(committee.regionId))!;
  assertReaches(ctx, region.path);
  if (!COMMITTEE_KINDS.includes(committee.kind)) throw BadUserInputError.field(field, `${rule}：“${committee.name}”不是县或乡镇消防救援委员会`);
  return { committee, region };
}
