import { RegionKind, RegionLevel } from './organization.enums';

/**
 * Administrative division codes (GB/T 2260 for the province, city and county; its 9- and 12-digit extension for
 * townships and villages, as the statistical division codes write them). Every code is written in full:
 * a province `220000`, a city `220600`, a county `220622`, a township `220622101`, a village `220622101001`.
 * A code is its parent's significant digits (province 2, city 4, county 6, township 9) plus its own level's digits,
 * so "inside" is a prefix match. Pure functions: used by the region writes, the migration's checks and PER-4.
 */

/** Length of the code at each level: GB/T 2260 writes the province and city with 6 digits too. */
export const CODE_LENGTH: Record<RegionLevel, number> = {
  PROVINCE: 6,
  CITY: 6,
  COUNTY: 6,
  TOWNSHIP: 9,
  VILLAGE: 12,
};

/** How many leading digits carry a level's identity (the rest of a province's or city's 6 are zeros). */
export const SIGNIFICANT_LENGTH: Record<RegionLevel, number> = {
  PROVINCE: 2,
  CITY: 4,
  COUNTY: 6,
  TOWNSHIP: 9,
  VILLAGE: 12,
};

/** The province-level codes of GB/T 2260 (the first two digits of every code). */
export const PROVINCE_PREFIXES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45',
  '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82',
]);

/** The township-level code's 3 digits after the county: 0xx subdistrict, 1xx town (镇), 2xx township (乡). */
const TOWNSHIP_SERIES: Partial<Record<RegionKind, { digit: string; label: string }>> = {
  SUBDISTRICT: { digit: '0', label: '街道' },
  TOWN: { digit: '1', label: '镇' },
  TOWNSHIP: { digit: '2', label: '乡' },
};

const LEVEL_LABEL: Record<RegionLevel, string> = { PROVINCE: '省级', CITY: '市级', COUNTY: '县级', TOWNSHIP: '乡级', VILLAGE: '村级' };

/** The digits of a code that identify its region (`220600` → `2206`); the code itself below the city. */
export function significantCode(level: RegionLevel, code: string): string {
  return code.slice(0, SIGNIFICANT_LENGTH[level]);
}

/**
 * Why `code` is not a well-formed GB/T 2260 code of this level (zh-CN), or null: its length, a province of the
 * standard, and no all-zero group of its own level (a city `220000` would be the province; a county `220600` the
 * city). It does not look at the parent: see regionCodeProblem.
 */
export function checkAdministrativeCode(level: RegionLevel, code: string): string | null {
  const length = CODE_LENGTH[level];
  if (!new RegExp(`^\\d{${length}}$`).test(code)) return `${LEVEL_LABEL[level]}代码须为 ${length} 位数字`;
  if (!PROVINCE_PREFIXES.has(code.slice(0, 2))) return `${code.slice(0, 2)} 不是 GB/T 2260 的省级代码`;
  const own = SIGNIFICANT_LENGTH[level];
  if (code.slice(own).replace(/0/g, '') !== '') {
    return `${LEVEL_LABEL[level]}代码须写成 ${length} 位，第 ${own + 1} 位起为 0（如 ${code.slice(0, own).padEnd(length, '0')}）`;
  }
  const groups: [number, number][] = [[2, 4], [4, 6], [6, 9], [9, 12]];
  for (const [from, to] of groups) {
    if (to > own) break;
    if (/^0+$/.test(code.slice(from, to))) return `第 ${from + 1} 至 ${to} 位不能全为 0`;
  }
  return null;
}

/**
 * Why `code` cannot be this region's division code under a parent with `parentCode` (zh-CN), or null. The code is
 * well-formed for the level, begins with the parent's significant digits (a Beijing county `110105` is refused
 * under Jilin's `220600`; `999999999999` matches no parent), and a township's series fits its kind. The parent's
 * code must be set first.
 */
export function regionCodeProblem(
  region: { level: RegionLevel; kind: RegionKind | null },
  code: string,
  parent: { level: RegionLevel; code: string | null } | null,
): string | null {
  const shape = checkAdministrativeCode(region.level, code);
  if (shape) return shape;
  if (region.level !== RegionLevel.PROVINCE) {
    if (!parent?.code) return '上级行政区划尚未设置代码，请先设置上级代码';
    const prefix = significantCode(parent.level, parent.code);
    if (!code.startsWith(prefix)) return `须以上级行政区划代码 ${parent.code} 的前 ${prefix.length} 位 ${prefix} 开头`;
  }
  if (region.level === RegionLevel.TOWNSHIP && region.kind) {
    const series = TOWNSHIP_SERIES[region.kind];
    if (series && code.charAt(6) !== series.digit) return `${series.label}的代码第 7 至 9 位须为 ${series.digit}xx（当前为 ${code.slice(6)}）`;
  }
  return null;
}

// ---------- places of people (PER-4) ----------

/**
 * Why `code` is not a person's place code (zh-CN), or null: a township (9 digits) or a village (12 digits) of
 * GB/T 2260, whose county and township groups are real (a 12-digit code ending in 000 is its township).
 * A county alone is too coarse for PER-4: "户口在常驻地" is decided at the township.
 */
export function placeCodeProblem(code: string): string | null {
  if (!/^(\d{9}|\d{12})$/.test(code)) return '须为 9 位（乡镇）或 12 位（村居）行政区划代码';
  const county = checkAdministrativeCode(RegionLevel.COUNTY, code.slice(0, 6));
  if (county) return county;
  if (/^0+$/.test(code.slice(6, 9))) return '第 7 至 9 位（乡级）不能全为 0';
  return null;
}

/**
 * PER-4 "户口在常驻地" read as codes: the household registration and the residence lie in the same township,
 * i.e. both are valid place codes with the same 9-digit township prefix (one village and another of one township
 * is still "at the place of residence"; the same county is not). An invalid code (as stored before codes were
 * checked) never passes.
 */
export function householdAtResidence(household: string, residence: string): boolean {
  if (placeCodeProblem(household) !== null || placeCodeProblem(residence) !== null) return false;
  return household.slice(0, 9) === residence.slice(0, 9);
}
