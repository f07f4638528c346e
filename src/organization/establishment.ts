import { OrganizationKind, RegionLevel } from './organization.enums';

/**
 * Which bodies each level of the region tree gets when it is set up (设立), so that a deployment can grow:
 * - a county (ORG-1, ORG-5): its fire rescue committee, the committee's office, the guidance center set up on the
 *   office (quota 4), and the county fire rescue brigade;
 * - a township (ORG-2, ORG-3): its committee, the committee's office, the fire work station set up on the committee
 *   (quota 2 to 3) and the township government.
 * The seed creates Jingyu's bodies in the same shape (seed/organization.seed.ts); createRegion creates them for a
 * county or township added later, in its own transaction; the migration 1765512000000 for townships that lack them.
 * Member units and government full-time fire stations are not establishment: createOrganization adds them.
 */
export interface EstablishedBody {
  kind: OrganizationKind;
  /** Its name from the region's name (靖宇县 → 靖宇县消防救援委员会). */
  name: (regionName: string) => string;
  /** The body of the same region it is set up on (依托), or null. */
  parentKind: OrganizationKind | null;
  /** Whether it carries a staff quota (ORG-1 center, ORG-3 station). */
  quota: boolean;
}

export const ESTABLISHMENT: Partial<Record<RegionLevel, readonly EstablishedBody[]>> = {
  [RegionLevel.COUNTY]: [
    { kind: OrganizationKind.COUNTY_COMMITTEE, name: (r) => `${r}消防救援委员会`, parentKind: null, quota: false },
    { kind: OrganizationKind.COUNTY_COMMITTEE_OFFICE, name: (r) => `${r}消防救援委员会办公室`, parentKind: OrganizationKind.COUNTY_COMMITTEE, quota: false },
    { kind: OrganizationKind.GUIDANCE_CENTER, name: (r) => `${r}消防工作服务指导中心`, parentKind: OrganizationKind.COUNTY_COMMITTEE_OFFICE, quota: true },
    { kind: OrganizationKind.FIRE_RESCUE_BRIGADE, name: (r) => `${r}消防救援大队`, parentKind: null, quota: false },
  ],
  [RegionLevel.TOWNSHIP]: [
    { kind: OrganizationKind.TOWNSHIP_COMMITTEE, name: (r) => `${r}消防救援委员会`, parentKind: null, quota: false },
    { kind: OrganizationKind.TOWNSHIP_COMMITTEE_OFFICE, name: (r) => `${r}消防救援委员会办公室`, parentKind: OrganizationKind.TOWNSHIP_COMMITTEE, quota: false },
    { kind: OrganizationKind.FIRE_WORK_STATION, name: (r) => `${r}消防工作站`, parentKind: OrganizationKind.TOWNSHIP_COMMITTEE, quota: true },
    { kind: OrganizationKind.TOWNSHIP_GOVERNMENT, name: (r) => `${r}人民政府`, parentKind: null, quota: false },
  ],
};

/**
 * Quotas of a body set up later, unless its creator sets one: Appendix 1 gives every station but 靖宇镇's 2 staff
 * (ORG-3: "每个乡镇2至3人") and the center 4 (ORG-1).
 */
export const ESTABLISHMENT_DEFAULTS = { stationStaffQuota: 2, centerStaffQuota: 4 } as const;

/** Recorded as the reason of a new body's first quota history row. */
export const ESTABLISHMENT_QUOTA_REASON = '新设区划，依实施方案设立（ORG-1、ORG-2、ORG-3）';

/** The establishment body of a kind, with the level it belongs to; undefined for member units and the like. */
export function establishedBody(kind: OrganizationKind): { level: RegionLevel; body: EstablishedBody } | undefined {
  for (const [level, bodies] of Object.entries(ESTABLISHMENT) as [RegionLevel, readonly EstablishedBody[]][]) {
    const body = bodies.find((b) => b.kind === kind);
    if (body) return { level, body };
  }
  return undefined;
}
