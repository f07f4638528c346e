import { change, parsePeriod, PeriodKind, periodLabel, periodProblem, periodRange, previousPeriod, samePeriodLastYear } from './period';

describe('statistics periods (INS-4: month, quarter, year; Asia/Shanghai dates)', () => {
  it('ranges', () => {
    expect(periodRange({ kind: PeriodKind.MONTH, year: 2028, number: 2 })).toEqual({ start: '2028-02-01', end: '2028-02-29' });
    expect(periodRange({ kind: PeriodKind.MONTH, year: 2026, number: 12 })).toEqual({ start: '2026-12-01', end: '2026-12-31' });
    expect(periodRange({ kind: PeriodKind.QUARTER, year: 2026, number: 4 })).toEqual({ start: '2026-10-01', end: '2026-12-31' });
    expect(periodRange({ kind: PeriodKind.QUARTER, year: 2026, number: 1 })).toEqual({ start: '2026-01-01', end: '2026-03-31' });
    expect(periodRange({ kind: PeriodKind.YEAR, year: 2026, number: 1 })).toEqual({ start: '2026-01-01', end: '2026-12-31' });
  });
  it('环比 and 同比 periods', () => {
    expect(previousPeriod({ kind: PeriodKind.MONTH, year: 2026, number: 1 })).toEqual({ kind: PeriodKind.MONTH, year: 2025, number: 12 });
    expect(previousPeriod({ kind: PeriodKind.QUARTER, year: 2026, number: 3 })).toEqual({ kind: PeriodKind.QUARTER, year: 2026, number: 2 });
    expect(previousPeriod({ kind: PeriodKind.YEAR, year: 2026, number: 1 })).toEqual({ kind: PeriodKind.YEAR, year: 2025, number: 1 });
    expect(samePeriodLastYear({ kind: PeriodKind.QUARTER, year: 2026, number: 4 })).toEqual({ kind: PeriodKind.QUARTER, year: 2025, number: 4 });
    expect(periodLabel({ kind: PeriodKind.QUARTER, year: 2026, number: 4 })).toBe('2026年第4季度');
  });
  it('validates the number for the kind', () => {
    expect(periodProblem({ kind: PeriodKind.MONTH, year: 2026, number: 13 })).not.toBeNull();
    expect(periodProblem({ kind: PeriodKind.QUARTER, year: 2026, number: 5 })).not.toBeNull();
    expect(periodProblem({ kind: PeriodKind.YEAR, year: 2026, number: 2 })).not.toBeNull();
    expect(periodProblem({ kind: PeriodKind.QUARTER, year: 2026, number: 4 })).toBeNull();
  });
  it('change: difference and percent, no percent on a zero base', () => {
    expect(change(6, 4)).toEqual({ base: 4, delta: 2, percent: 50 });
    expect(change(1, 3)).toEqual({ base: 3, delta: -2, percent: -66.67 });
    expect(change(2, 0)).toEqual({ base: 0, delta: 2, percent: null });
  });
});

describe('periods written as text (exports and the command line)', () => {
  it('2027-03 is a month, 2027-Q1 a quarter, 2027 a year; anything else is refused', () => {
    expect(parsePeriod('2027-03')).toEqual({ kind: PeriodKind.MONTH, year: 2027, number: 3 });
    expect(parsePeriod('2027-Q4')).toEqual({ kind: PeriodKind.QUARTER, year: 2027, number: 4 });
    expect(parsePeriod('2027')).toEqual({ kind: PeriodKind.YEAR, year: 2027, number: 1 });
    for (const bad of ['2027-13', '2027-Q5', '2027-3', '27-03', '']) expect(() => parsePeriod(bad)).toThrow();
  });
});
