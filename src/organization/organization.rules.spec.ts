import { OrganizationKind, StationFacility } from './organization.enums';
import { facilityCompliance, staffQuotaProblem } from './organization.rules';

describe('organization rules', () => {
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
