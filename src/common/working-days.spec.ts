import { addDays, addWorkingDays, daysBetween, isWorkingDay, WorkingCalendar, workingDaysBetween } from './working-days';

// 2026 National Day: 10-01..10-07 off (illustrative), 09-27 (Sunday) and 10-10 (Saturday) worked
const CAL: WorkingCalendar = {
  holidays: new Set(['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07']),
  workdays: new Set(['2026-09-27', '2026-10-10']),
};
const NONE: WorkingCalendar = { holidays: new Set(), workdays: new Set() };

describe('working days (domain default: the calendar is data)', () => {
  it('weekends are off, holidays are off, make-up days are worked', () => {
    expect(isWorkingDay('2026-11-27', NONE)).toBe(true); // Friday
    expect(isWorkingDay('2026-11-28', NONE)).toBe(false); // Saturday
    expect(isWorkingDay('2026-10-05', CAL)).toBe(false); // Monday, holiday
    expect(isWorkingDay('2026-09-27', CAL)).toBe(true); // Sunday, make-up workday
  });

  it('counts from the day after: 3 working days from a Friday is the next Wednesday', () => {
    expect(addWorkingDays('2026-11-27', 3, NONE)).toBe('2026-12-02');
    expect(addWorkingDays('2026-11-27', 0, NONE)).toBe('2026-11-27');
  });

  it('skips a holiday week and uses the make-up Sunday', () => {
    // Friday 09-25: Sunday 09-27 (make-up), Monday 09-28, Tuesday 09-29
    expect(addWorkingDays('2026-09-25', 3, CAL)).toBe('2026-09-29');
    // Wednesday 09-30: then the holiday until 10-07, Thursday 10-08, Friday 10-09
    expect(addWorkingDays('2026-09-30', 2, CAL)).toBe('2026-10-09');
    expect(addWorkingDays('2026-09-30', 3, CAL)).toBe('2026-10-10');
  });

  it('refuses a negative or fractional count', () => {
    expect(() => addWorkingDays('2026-01-01', -1, NONE)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-01-01', 1.5, NONE)).toThrow(RangeError);
  });

  it('calendar arithmetic crosses months and leap days', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysBetween('2026-11-29', '2026-12-29')).toBe(30);
  });

  it('INS-2: counts the working days after a due day up to an order day (how late an order came)', () => {
    // due Friday 2026-09-25; ordered Wednesday 09-30: 09-27 (make-up Sunday), 09-28, 09-29, 09-30
    expect(workingDaysBetween('2026-09-25', '2026-09-30', CAL)).toBe(4);
    expect(workingDaysBetween('2026-09-25', '2026-09-30', NONE)).toBe(3);
    // due Wednesday 09-30, ordered on the holidays: no working day late yet; then 10-08, 10-09 and 10-10 (make-up Saturday)
    expect(workingDaysBetween('2026-09-30', '2026-10-07', CAL)).toBe(0);
    expect(workingDaysBetween('2026-09-30', '2026-10-10', CAL)).toBe(3);
    // not later: nothing
    expect(workingDaysBetween('2026-09-30', '2026-09-30', CAL)).toBe(0);
    expect(workingDaysBetween('2026-09-30', '2026-09-29', CAL)).toBe(0);
  });
});
