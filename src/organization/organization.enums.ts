import { registerEnumType } from '@nestjs/graphql';

/** Levels of the administrative region tree (a province-wide deployment holds them all). */
export enum RegionLevel {
  PROVINCE = 'PROVINCE',
  CITY = 'CITY',
  COUNTY = 'COUNTY',
  TOWNSHIP = 'TOWNSHIP',
  VILLAGE = 'VILLAGE',
}
registerEnumType(RegionLevel, {
  name: 'RegionLevel',
  description: '行政区划层级',
  valuesMap: {
    PROVINCE: { description: '省' },
    CITY: { description: '市（地级）' },
    COUNTY: { description: '县（区、县级市）' },
    TOWNSHIP: { description: '乡镇（街道）' },
    VILLAGE: { description: '村（居）民委员会' },
  },
});

/** Kind of a township-level or village-level region; it decides the shape of its division code. */
export enum RegionKind {
  SUBDISTRICT = 'SUBDISTRICT',
  TOWN = 'TOWN',
  TOWNSHIP = 'TOWNSHIP',
  VILLAGE = 'VILLAGE',
  COMMUNITY = 'COMMUNITY',
}
registerEnumType(RegionKind, {
  name: 'RegionKind',
  description: '乡级或村级区划的类别',
  valuesMap: {
    SUBDISTRICT: { description: '街道' },
    TOWN: { description: '镇' },
    TOWNSHIP: { description: '乡' },
    VILLAGE: { description: '村民委员会' },
    COMMUNITY: { description: '居民委员会（社区）' },
  },
});

/** Organizations of the fire work system (domain.md, Actors and organizations). */
export enum OrganizationKind {
  COUNTY_COMMITTEE = 'COUNTY_COMMITTEE',
  COUNTY_COMMITTEE_OFFICE = 'COUNTY_COMMITTEE_OFFICE',
  GUIDANCE_CENTER = 'GUIDANCE_CENTER',
  TOWNSHIP_COMMITTEE = 'TOWNSHIP_COMMITTEE',
  TOWNSHIP_COMMITTEE_OFFICE = 'TOWNSHIP_COMMITTEE_OFFICE',
  FIRE_WORK_STATION = 'FIRE_WORK_STATION',
  TOWNSHIP_GOVERNMENT = 'TOWNSHIP_GOVERNMENT',
  FIRE_RESCUE_BRIGADE = 'FIRE_RESCUE_BRIGADE',
  GOVERNMENT_FIRE_STATION = 'GOVERNMENT_FIRE_STATION',
  MEMBER_UNIT = 'MEMBER_UNIT',
}
registerEnumType(OrganizationKind, {
  name: 'OrganizationKind',
  description: '组织机构类别',
  valuesMap: {
    COUNTY_COMMITTEE: { description: '县消防救援委员会' },
    COUNTY_COMMITTEE_OFFICE: { description: '县消防救援委员会办公室（县消委办）' },
    GUIDANCE_CENTER: { description: '消防工作服务指导中心（指导中心）' },
    TOWNSHIP_COMMITTEE: { description: '乡镇消防救援委员会' },
    TOWNSHIP_COMMITTEE_OFFICE: { description: '乡镇消防救援委员会办公室' },
    FIRE_WORK_STATION: { description: '消防工作站' },
    TOWNSHIP_GOVERNMENT: { description: '乡镇人民政府' },
    FIRE_RESCUE_BRIGADE: { description: '县消防救援大队' },
    GOVERNMENT_FIRE_STATION: { description: '政府专职消防站' },
    MEMBER_UNIT: { description: '消防救援委员会成员单位' },
  },
});

/** The station office facilities the plan requires (ORG-4); each is a recorded check. */
export enum StationFacility {
  FIXED_OFFICE = 'FIXED_OFFICE',
  INDEPENDENT_OFFICE = 'INDEPENDENT_OFFICE',
  PRINTING = 'PRINTING',
  SCANNING = 'SCANNING',
  ARCHIVING = 'ARCHIVING',
  FILE_STORAGE = 'FILE_STORAGE',
  STANDARD_SIGN = 'STANDARD_SIGN',
}
registerEnumType(StationFacility, {
  name: 'StationFacility',
  description: '工作站办公场所设施（ORG-4）',
  valuesMap: {
    FIXED_OFFICE: { description: '固定的办公场所' },
    INDEPENDENT_OFFICE: { description: '独立的办公场所' },
    PRINTING: { description: '文件打印' },
    SCANNING: { description: '文件扫描' },
    ARCHIVING: { description: '文件归档' },
    FILE_STORAGE: { description: '文件存放' },
    STANDARD_SIGN: { description: '门口悬挂制式标识牌' },
  },
});

export const ALL_FACILITIES: readonly StationFacility[] = Object.values(StationFacility);

/** Kinds that carry a staffing quota: the center (ORG-1) and the stations (ORG-3). */
export const QUOTA_KINDS: readonly OrganizationKind[] = [OrganizationKind.GUIDANCE_CENTER, OrganizationKind.FIRE_WORK_STATION];

/** SQL list of enum values for CHECK constraints (migrations and entities share it). */
export const sqlList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
