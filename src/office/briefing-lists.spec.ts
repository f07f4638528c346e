import { PeriodKind } from '../common/period';
import type { FireSituation, SituationFigures } from '../inspections/fire.service';
import type { HazardStanding, StandingHazard } from '../inspections/hazard-standing.service';
import { sortMajor, sortOverdue } from '../inspections/hazard-standing.service';
import { HazardStatus, MajorHazardStatus } from '../inspections/inspections.enums';
import { RegionLevel } from '../organization/organization.enums';
import type { Region } from '../organization/region.entity';
import { BadUserInputError } from '../kernel/errors';
import { BRIEFING_LIST_LIMIT, briefingData, briefingHeader, groupByTownship } from './briefing.service';

const TOWNSHIPS = [{ id: 't1', name: '景山镇' }, { id: 't2', name: '龙泉镇' }, { id: 't3', name: '赤松镇' }];

/** n synthetic overdue hazards spread over three townships and the county itself, deadlines and found days scattered. */
function hazards(n: number, day = '2027-07-01'): StandingHazard[] {
  return Array.from({ length: n }, (_, k): StandingHazard => {
    const deadline = `2026-${String(1 + ((k * 7) % 12)).padStart(2, '0')}-${String(1 + ((k * 13) % 28)).padStart(2, '0')}`;
    return {
      id: `00000000-0000-4000-8000-${String(k).padStart(12, '0')}`, description: `隐患${k}`, foundOn: `2026-01-${String(1 + (k % 28)).padStart(2, '0')}`,
      status: HazardStatus.RECTIFYING, deadline, responsibleParty: '责任人', majorStatus: [MajorHazardStatus.NONE, MajorHazardStatus.SUSPECTED, MajorHazardStatus.REPORTED, MajorHazardStatus.CONFIRMED][k % 4],
      majorCatalogueEdition: null, majorItemCodes: null, premisesName: null, regionName: '某村', townshipId: k % 10 === 9 ? null : TOWNSHIPS[k % 3].id,
      daysOverdue: Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${deadline}T00:00:00Z`)) / 86_400_000),
    };
  });
}

describe('the briefing\'s appendix lists: grouped by township, worst first, complete', () => {
  it('600 overdue hazards: every one listed once, townships in the body\'s order (县直 last), most days overdue first, numbered through', () => {
    const rows = sortOverdue(hazards(600));
    const groups = groupByTownship(rows, [...TOWNSHIPS, { id: null, name: '县直' }], (h, no) => ({ no, h }));
    expect(groups.map((g) => g.name)).toEqual(['景山镇', '龙泉镇', '赤松镇', '县直']);
    expect(groups.map((g) => g.count)).toEqual(groups.map((g) => String(g.rows.length)));
    const flat = groups.flatMap((g) => g.rows);
    expect(flat).toHaveLength(600);
    expect(new Set(flat.map((r) => r.h.id)).size).toBe(600);
    expect(flat.map((r) => r.no)).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
    for (const g of groups) {
      const days = g.rows.map((r) => r.h.daysOverdue!);
      expect(days).toEqual([...days].sort((a, b) => b - a));
      // ties: found earlier first
      for (let i = 1; i < g.rows.length; i++) {
        if (days[i] === days[i - 1]) expect(g.rows[i].h.foundOn >= g.rows[i - 1].h.foundOn).toBe(true);
      }
    }
    expect(groups[3].rows.every((r) => r.h.townshipId === null)).toBe(true);
  });

  it('major hazards: confirmed, then reported, then suspected; found earliest first within each', () => {
    const rows = sortMajor(hazards(600).filter((h) => h.majorStatus !== MajorHazardStatus.NONE));
    const rank = { CONFIRMED: 0, REPORTED: 1, SUSPECTED: 2 } as Record<string, number>;
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [rows[i - 1], rows[i]];
      expect(rank[a.majorStatus] < rank[b.majorStatus] || (rank[a.majorStatus] === rank[b.majorStatus] && a.foundOn <= b.foundOn)).toBe(true);
    }
    expect(rows[0].majorStatus).toBe(MajorHazardStatus.CONFIRMED);
  });

  const figures = (): SituationFigures => ({
    incidents: 0, deaths: 0, injuries: 0, directLossYuan: 0, hazardsFound: 0, hazardsRectified: 0, hazardsOverdue: 0, rectificationRate: null, inspections: 0,
    handOvers: 0, handOversAccepted: 0, handOversConcluded: 0, handOversOverdue: 0,
  });
  const situation = (): FireSituation => ({
    region: { id: '11111111-1111-4111-8111-111111111111', name: '靖宇县', level: RegionLevel.COUNTY } as Region,
    period: { kind: PeriodKind.MONTH, year: 2027, number: 6 }, label: '2027年6月', range: { start: '2027-06-01', end: '2027-06-30' },
    previousRange: { start: '2027-05-01', end: '2027-05-31' }, lastYearRange: { start: '2026-06-01', end: '2026-06-30' }, sameDays: false,
    total: { townshipId: null, townshipName: '靖宇县', current: figures(), previous: figures(), lastYear: figures() },
    townships: TOWNSHIPS.map((t) => ({ townshipId: t.id, townshipName: t.name, current: figures(), previous: figures(), lastYear: figures() })),
  });
  const header = { documentNumber: '', issueNumber: '2027年第6期', recipients: '各乡镇人民政府，县消防救援委员会各成员单位：' };

  it(`a list longer than ${BRIEFING_LIST_LIMIT} rows: the appendix holds the worst ${BRIEFING_LIST_LIMIT}, the body says how many, why and where the rest is`, () => {
    const standing: HazardStanding = { day: '2027-07-01', at: new Date('2027-06-30T16:00:00Z'), overdue: sortOverdue(hazards(BRIEFING_LIST_LIMIT + 7)), major: [] };
    const d = briefingData(situation(), standing, null, header, '2027-07-15');
    expect(d.overdueGroups.flatMap((g) => g.rows)).toHaveLength(BRIEFING_LIST_LIMIT);
    expect(d.overdueTotal).toBe('5,007');
    expect(d.overdueBeyond).toContain('逾期未整改隐患共 5,007 处，超过附件可容纳的 5,000 条');
    expect(d.overdueBeyond).toContain('附件只列出最严重的 5,000 处');
    expect(d.overdueBeyond).toContain('/office/exports/hazards.xlsx?regionId=');
    expect(d.overdueBeyond).toContain('&overdue=true（导出为导出当时的状态，不是月末状态）');
    // the ones left out are the least overdue
    const listed = new Set(d.overdueGroups.flatMap((g) => g.rows.map((r) => r.description)));
    const leftOut = standing.overdue.filter((h) => !listed.has(h.description));
    expect(leftOut).toHaveLength(7);
    expect(Math.max(...leftOut.map((h) => h.daysOverdue!))).toBeLessThanOrEqual(Math.min(...standing.overdue.slice(0, BRIEFING_LIST_LIMIT).map((h) => h.daysOverdue!)));
    // under the limit: nothing said
    const small = briefingData(situation(), { ...standing, overdue: standing.overdue.slice(0, 600) }, null, header, '2027-07-15');
    expect(small.overdueBeyond).toBe('');
    expect(small.overdueGroups.flatMap((g) => g.rows)).toHaveLength(600);
    expect(small.attachments.map((a) => `${a.lead}${a.no}. ${a.title}${a.end}`)).toEqual(['附件：1. 逾期未整改隐患清单（截至2027年6月30日）']);
  });

  it('文号, 期号 and 主送: defaults by the region\'s level, brackets made 〔〕, bad ones refused', () => {
    const june = { kind: PeriodKind.MONTH, year: 2027, number: 6 };
    expect(briefingHeader({}, june, RegionLevel.COUNTY, '靖宇县')).toEqual({ documentNumber: '', issueNumber: '2027年第6期', recipients: '各乡镇人民政府，县消防救援委员会各成员单位：' });
    expect(briefingHeader({}, june, RegionLevel.TOWNSHIP, '景山镇').recipients).toBe('各村（居）民委员会，景山镇各有关单位：');
    expect(briefingHeader({}, june, RegionLevel.CITY, '白山市').recipients).toBe('各县（市、区）消防救援委员会，市消防救援委员会各成员单位：');
    expect(briefingHeader({ documentNumber: ' 景消委办【2027】12号 ', recipients: '各乡镇:' }, june, RegionLevel.COUNTY, '靖宇县')).toEqual({
      documentNumber: '景消委办〔2027〕12号', issueNumber: '2027年第6期', recipients: '各乡镇：',
    });
    for (const documentNumber of ['12号', '景消委办〔27〕12号', '景消委办 〔2027〕12号', '景消委办〔2027〕第12号']) {
      expect(() => briefingHeader({ documentNumber }, june, RegionLevel.COUNTY, '靖宇县')).toThrow(BadUserInputError);
    }
    expect(() => briefingHeader({ issueNumber: '第1期\n' + 'x' }, june, RegionLevel.COUNTY, '靖宇县')).toThrow(BadUserInputError);
    // characters XML does not allow (Word would refuse the file): U+FFFE, U+FFFF, a lone surrogate
    for (const recipients of ['各乡镇\ufffe', '各乡镇\uffff', '各乡镇\ud800', '\udc00各乡镇']) {
      expect(() => briefingHeader({ recipients }, june, RegionLevel.COUNTY, '靖宇县')).toThrow(BadUserInputError);
    }
    expect(briefingHeader({ recipients: '各乡镇𠀀' }, june, RegionLevel.COUNTY, '靖宇县').recipients).toBe('各乡镇𠀀：');
  });
});
