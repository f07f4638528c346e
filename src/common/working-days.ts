/**
 * The working-day calendar (domain defaults): Monday to Friday, minus statutory holidays, plus make-up workdays
 * (调休), both loaded yearly by the committee office as data. Dates are Asia/Shanghai calendar dates, YYYY-MM-DD.
 * Pure: the caller passes the calendar it read.
 */
export interface WorkingCalendar {
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
}

const DAY_MS = 86_400_000;

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

export function isWorkingDay(date: string, calendar: WorkingCalendar): boolean {
  if (calendar.workdays.has(date)) return true;
  if (calendar.holidays.has(date)) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The `n`th working day after `date` (the day itself does not count): "within 3 working days of Friday
 * 2026-09-25" is Wednesday 2026-09-30 unless a holiday intervenes. n = 0 gives `date` itself.
 */
export function addWorkingDays(date: string, n: number, calendar: WorkingCalendar): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number >= 0, got ${n}`);
  let day = date;
  for (let left = n; left > 0; ) {
    day = addDays(day, 1);
    if (isWorkingDay(day, calendar)) left--;
  }
  return day;
}

/** How many working days fall after `after` up to and including `upTo` (0 when `upTo` is not later). */
export function workingDaysBetween(after: string, upTo: string, calendar: WorkingCalendar): number {
  let n = 0;
  for (let day = addDays(after, 1); day <= upTo; day = addDays(day, 1)) if (isWorkingDay(day, calendar)) n++;
  return n;
}
