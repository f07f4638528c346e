import { addDays } from './working-days';

/** A statistics period's length (Asia/Shanghai calendar). */
export enum PeriodKind {
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
  YEAR = 'YEAR',
}

/** A statistics period: a month (1..12), a quarter (1..4) or a year (number 1), Asia/Shanghai calendar dates. */
export interface Period {
  kind: PeriodKind;
  year: number;
  number: number;
}
export interface PeriodRange {
  start: string;
  /** inclusive */
  end: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const MONTHS: Record<PeriodKind, number> = { MONTH: 1, QUARTER: 3, YEAR: 12 };
const COUNT: Record<PeriodKind, number> = { MONTH: 12, QUARTER: 4, YEAR: 1 };

export function periodProblem(p: Period): string | null {
  if (!Number.isInteger(p.year) || p.year < 2000 || p.year > 2100) return '年份须在 2000 至 2100 之间';
  if (!Number.isInteger(p.number) || p.number < 1 || p.number > COUNT[p.kind]) return `序号须在 1 至 ${COUNT[p.kind]} 之间`;
  return null;
}

export function periodRange(p: Period): PeriodRange {
  const firstMonth = (p.number - 1) * MONTHS[p.kind] + 1;
  const start = `${p.year}-${pad(firstMonth)}-01`;
  const next = firstMonth + MONTHS[p.kind];
  const after = next > 12 ? `${p.year + 1}-01-01` : `${p.year}-${pad(next)}-01`;
  return { start, end: addDays(after, -1) };
}

/** The period before (环比): the previous month, quarter or year. */
export function previousPeriod(p: Period): Period {
  if (p.number > 1) return { ...p, number: p.number - 1 };
  return { kind: p.kind, year: p.year - 1, number: COUNT[p.kind] };
}

/** The same period a year earlier (同比). */
export function samePeriodLastYear(p: Period): Period {
  return { ...p, year: p.year - 1 };
}

export function periodLabel(p: Period): string {
  if (p.kind === PeriodKind.MONTH) return `${p.year}年${p.number}月`;
  if (p.kind === PeriodKind.QUARTER) return `${p.year}年第${p.number}季度`;
  return `${p.year}年`;
}

/** The change from `base` to `value`: the difference, and the ratio in percent (null when the base is 0). */
export function change(value: number, base: number): { base: number; delta: number; percent: number | null } {
  const delta = round2(value - base);
  return { base, delta, percent: base === 0 ? null : round2((delta / base) * 100) };
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** A period as written in a query string or on the command line: `2027-03` a month, `2027-Q1` a quarter, `2027` a year. */
export const PERIOD_TEXT = /^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/;

/** Parses PERIOD_TEXT (checked by the caller: anything else is not a period). */
export function parsePeriod(text: string): Period {
  if (!PERIOD_TEXT.test(text)) throw new Error(`not a period: ${text}`);
  const year = Number(text.slice(0, 4));
  const rest = text.slice(5);
  if (!rest) return { kind: PeriodKind.YEAR, year, number: 1 };
  if (rest.startsWith('Q')) return { kind: PeriodKind.QUARTER, year, number: Number(rest.slice(1)) };
  return { kind: PeriodKind.MONTH, year, number: Number(rest) };
}
