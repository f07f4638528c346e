import { periodRange, PeriodKind, previousPeriod, samePeriodLastYear } from '../common/period';
import type { Period } from '../common/period';
import { sameDaysRanges } from './fire.service';

/** INS-4, like for like: the current period to today against the same calendar point of each base. */
describe('sameDaysRanges (INS-4)', () => {
  const compared = (period: Period, today: string) =>
    sameDaysRanges([period, previousPeriod(period), samePeriodLastYear(period)].map(periodRange), today, true).map((r) => `${r.start}..${r.end}`);

  it('a month: the same days of the month before and of last year, capped at a shorter month\'s end', () => {
    expect(compared({ kind: PeriodKind.MONTH, year: 2026, number: 12 }, '2026-12-06')).toEqual(['2026-12-01..2026-12-06', '2026-11-01..2026-11-06', '2025-12-01..2025-12-06']);
    expect(compared({ kind: PeriodKind.MONTH, year: 2027, number: 3 }, '2027-03-31')).toEqual(['2027-03-01..2027-03-31', '2027-02-01..2027-02-28', '2026-03-01..2026-03-31']);
    expect(compared({ kind: PeriodKind.MONTH, year: 2028, number: 2 }, '2028-02-29')).toEqual(['2028-02-01..2028-02-29', '2028-01-01..2028-01-29', '2027-02-01..2027-02-28']);
  });

  it('a quarter: as many whole months on, then the same day, capped at that month\'s end', () => {
    expect(compared({ kind: PeriodKind.QUARTER, year: 2029, number: 1 }, '2029-03-31')).toEqual(['2029-01-01..2029-03-31', '2028-10-01..2028-12-31', '2028-01-01..2028-03-31']);
    expect(compared({ kind: PeriodKind.QUARTER, year: 2029, number: 2 }, '2029-05-31')).toEqual(['2029-04-01..2029-05-31', '2029-01-01..2029-02-28', '2028-04-01..2028-05-31']);
  });

  it('a year: the same calendar date last year', () => {
    expect(compared({ kind: PeriodKind.YEAR, year: 2028, number: 1 }, '2028-03-01')).toEqual(['2028-01-01..2028-03-01', '2027-01-01..2027-03-01', '2027-01-01..2027-03-01']);
  });

  it('off, or a period that is over: the ranges as they are', () => {
    const ranges = [{ kind: PeriodKind.MONTH, year: 2026, number: 11 }, { kind: PeriodKind.MONTH, year: 2026, number: 10 }, { kind: PeriodKind.MONTH, year: 2025, number: 11 }].map((p) => periodRange(p as Period));
    expect(sameDaysRanges(ranges, '2026-12-06', true)).toEqual(ranges);
    const current = [{ kind: PeriodKind.MONTH, year: 2026, number: 12 }, { kind: PeriodKind.MONTH, year: 2026, number: 11 }].map((p) => periodRange(p as Period));
    expect(sameDaysRanges(current, '2026-12-06', false)).toEqual(current);
  });
});
