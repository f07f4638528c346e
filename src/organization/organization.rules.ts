import { ALL_FACILITIES, OrganizationKind, RegionKind, RegionLevel, StationFacility } from './organization.enums';

/** Length of the administrative division code at each level (GB/T 2260 for county and above, GB/T 10114 below). */
export const CODE_LENGTH: Record<RegionLevel, number> = {
  PROVINCE: 2,
  CITY: 4,
  COUNTY: 6,
  TOWNSHIP: 9,
  VILLAGE: 12,
};

/** The township-level code's 3 digits after the county: 0xx subdistrict, 1xx town (镇), 2xx township (乡). */
const TOWNSHIP_SERIES: Partial<Record<RegionKind, string>> = {
  SUBDISTRICT: '0',
  TOWN: '1',
  TOWNSHIP: '2',
};

/**
 * Why `code` cannot be this region's division code, or null when it can. A code is the parent's code plus the
 * digits of this level, so the parent's code must be set first. (The plan gives no township codes: the seed
 * leaves them empty and the committee office sets them.)
 */
export function regionCodeProblem(
  region: { level: RegionLevel; kind: RegionKind | null },
  code: string,
  parentCode: string | null,
): string | null {
  const length = CODE_LENGTH[region.level];
  if (!new RegExp(`^\\d{${length}}$`).test(code)) return `须为 ${length} 位数字`;
  if (region.level !== RegionLevel.PROVINCE) {
    if (!parentCode) return '上级行政区划尚未设置代码，请先设置上级代码';
    if (!code.startsWith(parentCode)) return `须以上级行政区划代码 ${parentCode} 开头`;
    if (/^0+$/.test(code.slice(parentCode.length))) return '本级代码不能全为 0';
  }
  if (region.level === RegionLevel.TOWNSHIP && region.kind) {
    const series = TOWNSHIP_SERIES[region.kind];
    const digit = code.charAt(6);
    if (series !== undefined && digit !== series) {
      const label = { SUBDISTRICT: '街道', TOWN: '镇', TOWNSHIP: '乡' }[region.kind as 'SUBDISTRICT' | 'TOWN' | 'TOWNSHIP'];
      return `${label}的代码第 7 至 9 位须为 ${series}xx（当前为 ${code.slice(6)}）`;
    }
  }
  return null;
}

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
