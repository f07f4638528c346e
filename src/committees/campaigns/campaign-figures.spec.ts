import { addYears, campaignPeriod } from '../../common/time-rules';
import { CampaignPhase, campaignAsOf, campaignFigures, campaignPhase, sumCounts, targetsMet, ZERO_COUNTS } from './campaign-figures';

const period = { periodStart: '2027-04-01', periodEnd: '2027-06-30' };

describe('COM-3: a campaign phase and figures', () => {
  it('COM-3: PLANNED before the first day, ACTIVE on the first and last day, ENDED the day after', () => {
    expect(campaignPhase(period, '2027-03-31')).toBe(CampaignPhase.PLANNED);
    expect(campaignPhase(period, '2027-04-01')).toBe(CampaignPhase.ACTIVE);
    expect(campaignPhase(period, '2027-06-30')).toBe(CampaignPhase.ACTIVE);
    expect(campaignPhase(period, '2027-07-01')).toBe(CampaignPhase.ENDED);
  });

  it('COM-3: rectifications count up to today while it runs, up to the last day once ended', () => {
    expect(campaignAsOf(period, '2027-05-10')).toBe('2027-05-10');
    expect(campaignAsOf(period, '2027-06-30')).toBe('2027-06-30');
    expect(campaignAsOf(period, '2027-09-01')).toBe('2027-06-30');
  });

  it('COM-3: the rectification rate is the fire situation one (2 decimals, null when none found); the target percent', () => {
    const f = campaignFigures({ ...ZERO_COUNTS, inspections: 7, hazardsFound: 3, hazardsRectified: 2 }, { targetInspections: 20 });
    expect(f.rectificationRate).toBe(66.67);
    expect(f.inspectionTargetPercent).toBe(35);
    expect(campaignFigures(ZERO_COUNTS, { targetInspections: null })).toMatchObject({ rectificationRate: null, inspectionTargetPercent: null });
  });

  it('COM-3: targets met only when every target set is reached', () => {
    const f = campaignFigures({ ...ZERO_COUNTS, inspections: 20, hazardsFound: 4, hazardsRectified: 3 }, { targetInspections: 20 });
    expect(targetsMet(f, { targetInspections: 20, targetRectificationPercent: 75 })).toEqual({ inspectionsMet: true, rectificationMet: true, met: true });
    expect(targetsMet(f, { targetInspections: 21, targetRectificationPercent: 75 })).toEqual({ inspectionsMet: false, rectificationMet: true, met: false });
    expect(targetsMet(f, { targetInspections: null, targetRectificationPercent: 76 })).toEqual({ inspectionsMet: null, rectificationMet: false, met: false });
    expect(targetsMet(f, { targetInspections: null, targetRectificationPercent: null }).met).toBeNull();
    expect(targetsMet(campaignFigures(ZERO_COUNTS, { targetInspections: null }), { targetInspections: null, targetRectificationPercent: 90 }).rectificationMet).toBe(true);
  });

  it('sums rows', () => {
    expect(sumCounts([{ ...ZERO_COUNTS, inspections: 1 }, { ...ZERO_COUNTS, inspections: 2, hazardsFound: 1 }])).toMatchObject({ inspections: 3, hazardsFound: 1 });
  });
});

describe('T-COM-3: a campaign period', () => {
  const today = '2027-03-15';
  const rule = (s: string, e: string) => campaignPeriod(s, e, today)?.reason ?? null;

  it('T-COM-3: ends on or after it starts', () => {
    expect(rule('2027-04-01', '2027-04-01')).toBeNull();
    expect(rule('2027-04-01', '2027-03-31')).toContain('不能早于开始日期');
  });
  it('T-COM-3: starts at most 366 days before today', () => {
    expect(rule('2026-03-14', '2026-12-31')).toBeNull();
    expect(rule('2026-03-13', '2026-12-31')).toContain('不能早于 2026-03-14');
  });
  it('T-COM-3: starts at most 366 days after today', () => {
    expect(rule('2028-03-15', '2028-04-01')).toBeNull();
    expect(rule('2028-03-16', '2028-04-01')).toContain('不能晚于 2028-03-15');
  });
  it('T-COM-3: ends at most two years after it starts (29 February: 28 February)', () => {
    expect(rule('2027-04-01', '2029-04-01')).toBeNull();
    expect(rule('2027-04-01', '2029-04-02')).toContain('不能晚于 2029-04-01');
    expect(addYears('2028-02-29', 2)).toBe('2030-02-28');
    expect(campaignPeriod('2027-04-01', '2027-04-31', today)?.rule).toBe('T-COM-3');
  });
});
