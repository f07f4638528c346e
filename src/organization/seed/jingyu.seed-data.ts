import { RegionKind } from '../organization.enums';

/**
 * Jingyu county's fire organization exactly as the implementation plan's Appendix 1 lists it
 * (../shared/seed/000_13d01a85d91d0a1c.txt, 附件1): the center 4 staff (ORG-1); 靖宇镇 3 and the other seven
 * stations 2 each (ORG-3). Township division codes are not in the plan, so they are left empty; the
 * committee office sets them. Nothing else is invented.
 */
export const JINGYU_SEED = {
  province: { name: '吉林省', code: '220000' },
  city: { name: '白山市', code: '220600' },
  county: { name: '靖宇县', code: '220622' },
  guidanceCenter: { name: '靖宇县消防工作服务指导中心', staffQuota: 4 },
  countyCommittee: '靖宇县消防救援委员会',
  countyCommitteeOffice: '靖宇县消防救援委员会办公室',
  brigade: '靖宇县消防救援大队',
  /** In the Appendix's order. */
  townships: [
    { name: '靖宇镇', kind: RegionKind.TOWN, staffQuota: 3 },
    { name: '景山镇', kind: RegionKind.TOWN, staffQuota: 2 },
    { name: '濛江乡', kind: RegionKind.TOWNSHIP, staffQuota: 2 },
    { name: '三道湖镇', kind: RegionKind.TOWN, staffQuota: 2 },
    { name: '龙泉镇', kind: RegionKind.TOWN, staffQuota: 2 },
    { name: '那尔轰镇', kind: RegionKind.TOWN, staffQuota: 2 },
    { name: '赤松镇', kind: RegionKind.TOWN, staffQuota: 2 },
    { name: '花园口镇', kind: RegionKind.TOWN, staffQuota: 2 },
  ],
  /** Where the quotas come from, recorded as the reason of the first quota history row. */
  quotaSource: '依据《关于加强乡镇消防救援委员会实体化运行的实施方案》附件1',
} as const;

/** Names of a township's organizations (乡镇消防救援委员会 / 办公室 / 消防工作站 / 人民政府). */
export const townshipOrganizationNames = (township: string) => ({
  committee: `${township}消防救援委员会`,
  office: `${township}消防救援委员会办公室`,
  station: `${township}消防工作站`,
  government: `${township}人民政府`,
});
