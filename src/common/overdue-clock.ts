/**
 * An overdue rule declared once (INS-2 hazards and their orders, the hand-overs, COM-2 tasks): the TypeScript predicate
 * over a loaded row and the SQL expression over a table come from the same declaration, so a list's filter, a count,
 * a job's update and the API's `overdue` field cannot disagree (test/inspections/overdue-parity.e2e-spec.ts evaluates
 * both on PostgreSQL over a grid of rows).
 *
 * A record is overdue when one leg of its clock holds: its status is one in which that leg runs, its due day is set and
 * over, and the leg was not met in time. A due day is met all through that day in Asia/Shanghai: a record due
 * 2026-11-29 is overdue from 2026-11-30 00:00 +08:00, i.e. when `due < today` with `today` the Beijing calendar date.
 * `metBy`: in those statuses the record waits on someone else after an act (a completion reported) whose Beijing day
 * was on or before the due day: the delay is not the record's own.
 *
 * The SQL is two-valued over rows whose status is set (every status column is NOT NULL): a null due day or a null
 * `metBy` instant gives false or true as the predicate does, never NULL, so `NOT (…)` lists the complement.
 */
import { shanghaiDate } from './clock';

export interface OverdueLeg<F extends string> {
  /** What the leg is called in answers (a hand-over's 'ACCEPT' or 'OUTCOME'). */
  readonly name: string;
  /**
   * The row's status field. The leg runs in the statuses of `runsIn`, or in every status but those of `stopsIn`; with
   * neither (and no status), in every row: a clock met only by its dates (`metBy`).
   */
  readonly status?: F;
  readonly runsIn?: readonly string[];
  readonly stopsIn?: readonly string[];
  /** The row's due day (a calendar date, 'YYYY-MM-DD'; null: no clock runs). */
  readonly due: F;
  /**
   * Met in time: (in these statuses, if any) one of the `at` fields on or before the due day — a date, or an instant
   * (the declaration's `instants`) read on its Beijing day.
   */
  readonly metBy?: { readonly status?: readonly string[]; readonly at: F | readonly F[] };
}

export interface OverdueClockDeclaration<F extends string> {
  /** The rule it states (INS-2, COM-2): named in comments and failures. */
  readonly rule: string;
  /** The legs, in order: the predicate answers the first that holds. */
  readonly legs: readonly OverdueLeg<F>[];
  /** The fields that are instants (timestamptz, Date): met on their day in Asia/Shanghai. The others are dates. */
  readonly instants?: readonly F[];
  /** SQL column of a field when it is not the field in snake_case. */
  readonly columns?: Partial<Record<F, string>>;
}

/** A row as the predicate reads it: the clock's fields (dates as 'YYYY-MM-DD', instants as Date). */
export type ClockRow<F extends string> = { readonly [K in F]?: string | Date | null };

/** Where the SQL reads each field: a table alias ('h', '' for unqualified columns) and expressions in place of columns. */
export interface ClockSqlSource<F extends string> {
  alias?: string;
  /** A SQL expression for a field instead of the alias's column (a status rebuilt from events, as of a day). */
  fields?: Partial<Record<F, string>>;
}

export interface OverdueClock<F extends string> extends OverdueClockDeclaration<F> {
  /** The name of the first leg that holds on `today` (a Beijing calendar date), or null. */
  leg(row: ClockRow<F>, today: string): string | null;
  /** Whether the row is overdue on `today`. */
  holds(row: ClockRow<F>, today: string): boolean;
  /**
   * The same rule in SQL: `source` a table alias or the fields' expressions, `today` a date expression (`:today`,
   * `$2::date`). Parenthesized, two-valued, usable under NOT.
   */
  sql(source: string | ClockSqlSource<F>, today: string): string;
  /** One leg's SQL (a figure that counts each leg in the period of its own due day). */
  legSql(name: string, source: string | ClockSqlSource<F>, today: string): string;
}

const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;
const inList = (expr: string, values: readonly string[], negate = false) =>
  values.length === 1 ? `${expr} ${negate ? '<>' : '='} ${literal(values[0])}` : `${expr} ${negate ? 'NOT IN' : 'IN'} (${values.map(literal).join(', ')})`;

function runs(leg: OverdueLeg<string>, status: unknown): boolean {
  if (!leg.runsIn && !leg.stopsIn) return true;
  if (typeof status !== 'string') return false;
  if (leg.runsIn) return leg.runsIn.includes(status);
  return !leg.stopsIn!.includes(status);
}

const list = <F extends string>(at: F | readonly F[]): readonly F[] => (typeof at === 'string' ? [at] : at);

/** Builds the predicate and the SQL of one declared clock. */
export function overdueClock<const F extends string>(declaration: OverdueClockDeclaration<F>): OverdueClock<F> {
  for (const leg of declaration.legs) {
    if (leg.runsIn && leg.stopsIn) throw new Error(`${declaration.rule}: a leg runs in some statuses or stops in some, not both`);
    if ((leg.runsIn || leg.stopsIn || leg.metBy?.status) && !leg.status) throw new Error(`${declaration.rule}: a leg that names statuses names its status field`);
  }
  const instants = new Set<string>(declaration.instants ?? []);
  const legHolds = (leg: OverdueLeg<F>, row: ClockRow<F>, today: string): boolean => {
    const status = leg.status ? row[leg.status] : undefined;
    if (!runs(leg, status)) return false;
    const due = row[leg.due];
    if (typeof due !== 'string' || !(due < today)) return false;
    if (!leg.metBy || (leg.metBy.status && !leg.metBy.status.includes(status as string))) return true;
    return !list(leg.metBy.at).some((f) => {
      const v = row[f];
      const day = v instanceof Date ? shanghaiDate(v) : instants.has(f) ? null : (v ?? null);
      return day !== null && day <= due;
    });
  };
  const leg = (row: ClockRow<F>, today: string) => declaration.legs.find((l) => legHolds(l, row, today))?.name ?? null;
  const legSql = (l: OverdueLeg<F>, source: string | ClockSqlSource<F>, today: string): string => {
    const { alias = '', fields = {} } = typeof source === 'string' ? { alias: source } : source;
    const col = (f: F) => (fields as Partial<Record<F, string>>)[f] ?? `${alias ? `${alias}.` : ''}${declaration.columns?.[f] ?? snake(f)}`;
    const status = l.status ? col(l.status) : '';
    const due = col(l.due);
    const parts = [
      ...(l.runsIn ? [inList(status, l.runsIn)] : l.stopsIn ? [inList(status, l.stopsIn, true)] : []),
      `${due} IS NOT NULL`, `${due} < ${today}`,
    ];
    if (l.metBy) {
      const met = list(l.metBy.at).map((f) => {
        const at = col(f);
        return `${at} IS NOT NULL AND ${instants.has(f) ? `(${at} AT TIME ZONE 'Asia/Shanghai')::date` : at} <= ${due}`;
      });
      const anyMet = met.length === 1 ? met[0] : met.map((m) => `(${m})`).join(' OR ');
      parts.push(l.metBy.status ? `NOT (${inList(status, l.metBy.status)} AND ${met.length === 1 ? anyMet : `(${anyMet})`})` : `NOT (${anyMet})`);
    }
    return `(${parts.join(' AND ')})`;
  };
  const sql = (source: string | ClockSqlSource<F>, today: string): string => {
    const legs = declaration.legs.map((l) => legSql(l, source, today));
    return legs.length === 1 ? legs[0] : `(${legs.join(' OR ')})`;
  };
  return {
    ...declaration,
    leg,
    holds: (row, today) => leg(row, today) !== null,
    sql,
    legSql: (name, source, today) => {
      const found = declaration.legs.find((l) => l.name === name);
      if (!found) throw new Error(`${declaration.rule}: no leg ${name}`);
      return legSql(found, source, today);
    },
  };
}
