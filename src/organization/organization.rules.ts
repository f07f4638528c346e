import { ALL_FACILITIES, OrganizationKind, RegionKind, RegionLevel, StationFacility } from './organization.enums';

// Division codes (GB/T 2260) and their checks: region-code.ts.

/** Which region kinds fit each level. */
export const KINDS_BY_LEVEL: Record<RegionLevel, readonly RegionKind[]> = {
  PROVINCE: [],
  CITY: [],
  COUNTY: [],
  TOWNSHIP: [RegionKind.SUBDISTRICT, RegionKind.TOWN, RegionKind.TOWNSHIP],
  VILLAGE: [RegionKind.VILLAGE, RegionKind.COMMUNITY],
};

export const CHILD_LEVEL: Record<RegionLevel, RegionLevel | null> = {
  PROVINCE: RegionLevel.CITY,
  CITY: RegionLevel.COUNTY,
  COUNTY: RegionLevel.TOWNSHIP,
  TOWNSHIP: RegionLevel.VILLAGE,
  VILLAGE: null,
};

/** Station quota bounds from the plan: "每个乡镇2至3人" (ORG-3). */
export const STATION_QUOTA_MIN = 2;
export const STATION_QUOTA_MAX = 3;

/**
 * Why an organization of this kind cannot have this staff quota, or null. Only the guidance center (ORG-1) and
 * the fire work stations (ORG-3, 2 to 3 staff) carry a quota.
 */
export function staffQuotaProblem(kind: OrganizationKind, quota: number): string | null {
  if (!Number.isInteger(quota)) return '编制人数须为整数';
  if (kind === OrganizationKind.FIRE_WORK_STATION) {
    return quota >= STATION_QUOTA_MIN && quota <= STATION_QUOTA_MAX
      ? null
      : `工作站编制须为 ${STATION_QUOTA_MIN} 至 ${STATION_QUOTA_MAX} 人（ORG-3）`;
  }
  if (kind === OrganizationKind.GUIDANCE_CENTER) {
    return quota >= 1 && quota <= 99 ? null : '指导中心编制须为 1 至 99 人';
  }
  return '该类机构不设编制';
}

export interface FacilityCheckLike {
  facility: StationFacility;
  compliant: boolean;
  checkedOn: string;
  recordedAt: Date;
}

export interface FacilityStatusValue<C extends FacilityCheckLike> {
  facility: StationFacility;
  latest: C | null;
  compliant: boolean;
}

/**
 * A station office's compliance (ORG-4): each required facility's latest check (by check date, then by
 * recording time) decides it; a facility never checked, or whose latest check failed, is missing.
 */
export function facilityCompliance<C extends FacilityCheckLike>(checks: readonly C[]) {
  const latest = new Map<StationFacility, C>();
  for (const c of checks) {
    const prev = latest.get(c.facility);
    if (!prev || c.checkedOn > prev.checkedOn || (c.checkedOn === prev.checkedOn && c.recordedAt > prev.recordedAt)) {
      latest.set(c.facility, c);
    }
  }
  const items: FacilityStatusValue<C>[] = ALL_FACILITIES.map((facility) => {
    const check = latest.get(facility) ?? null;
    return { facility, latest: check, compliant: Boolean(check?.compliant) };
  });
  const missing = items.filter((i) => !i.compliant).map((i) => i.facility);
  return { compliant: missing.length === 0, missing, items };
}
