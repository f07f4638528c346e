import { OrganizationKind, RegionKind, RegionLevel, StationFacility } from './organization.enums';
import { facilityCompliance, regionCodeProblem, staffQuotaProblem } from './organization.rules';

describe('organization rules', () => {
  const township = (kind: RegionKind) => ({ level: RegionLevel.TOWNSHIP, kind });

  it('ORG-3: a station quota must be 2 or 3', () => {
    expect(staffQuotaProblem(OrganizationKind.FIRE_WORK_STATION, 1)).toMatch(/2 至 3/);
    expect(staffQuotaProblem(OrganizationKind.FIRE_WORK_STATION, 2)).toBeNull();
    expect(staffQuotaProblem(OrganizationKind.FIRE_WORK_STATION, 3)).toBeNull();
    expect(staffQuotaProblem(OrganizationKind.FIRE_WORK_STATION, 4)).toMatch(/ORG-3/);
  });

  it('ORG-1: the center carries a quota; organizations without one refuse it', () => {
    expect(staffQuotaProblem(OrganizationKind.GUIDANCE_CENTER, 4)).toBeNull();
    expect(staffQuotaProblem(OrganizationKind.GUIDANCE_CENTER, 0)).not.toBeNull();
    expect(staffQuotaProblem(OrganizationKind.MEMBER_UNIT, 2)).toBe('该类机构不设编制');
  });

  it('township codes: 9 digits beginning with the county code; 1xx for a town, 2xx for a township', () => {
    expect(regionCodeProblem(township(RegionKind.TOWN), '220622100', '220622')).toBeNull();
    expect(regionCodeProblem(township(RegionKind.TOWNSHIP), '220622201', '220622')).toBeNull();
    expect(regionCodeProblem(township(RegionKind.TOWN), '220622201', '220622')).toMatch(/镇.*1xx/);
    expect(regionCodeProblem(township(RegionKind.TOWNSHIP), '220622101', '220622')).toMatch(/乡.*2xx/);
    expect(regionCodeProblem(township(RegionKind.TOWN), '220621101', '220622')).toMatch(/220622 开头/);
    expect(regionCodeProblem(township(RegionKind.TOWN), '22062210', '220622')).toMatch(/9 位/);
    expect(regionCodeProblem(township(RegionKind.TOWN), '22062210a', '220622')).toMatch(/9 位/);
    expect(regionCodeProblem(township(RegionKind.TOWN), '220622101', null)).toMatch(/上级/);
    expect(regionCodeProblem({ level: RegionLevel.VILLAGE, kind: RegionKind.VILLAGE }, '220622101000', '220622101')).toMatch(/全为 0/);
  });

  it('ORG-4: the latest check of each facility decides; never checked is missing', () => {
    const at = (s: string) => new Date(s);
    const result = facilityCompliance([
      { facility: StationFacility.PRINTING, compliant: false, checkedOn: '2026-01-01', recordedAt: at('2026-01-01T01:00:00Z') },
      { facility: StationFacility.PRINTING, compliant: true, checkedOn: '2026-02-01', recordedAt: at('2026-02-01T01:00:00Z') },
      { facility: StationFacility.SCANNING, compliant: true, checkedOn: '2026-02-01', recordedAt: at('2026-02-01T01:00:00Z') },
      // same day, recorded later: the later record wins
      { facility: StationFacility.SCANNING, compliant: false, checkedOn: '2026-02-01', recordedAt: at('2026-02-01T02:00:00Z') },
    ]);
    expect(result.compliant).toBe(false);
    expect(result.missing).not.toContain(StationFacility.PRINTING);
    expect(result.missing).toContain(StationFacility.SCANNING);
    expect(result.missing).toContain(StationFacility.STANDARD_SIGN);
    expect(result.items).toHaveLength(7);
  });
});
