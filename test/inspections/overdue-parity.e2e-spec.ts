import type { DataSource } from 'typeorm';
import type { ClockRow, OverdueClock } from '../../src/common/overdue-clock';
import type { DatabaseConfig } from '../../src/config/app-config';
import { TASK_OVERDUE, taskOverdueAtSql } from '../../src/committees/tasks/task-lifecycle';
import { TaskStatus } from '../../src/committees/committees.enums';
import { openDataSource } from '../../src/database/data-source';
import { HandOverState, HazardStatus } from '../../src/inspections/inspections.enums';
import { HAND_OVER_DAY_MISSED, HAND_OVER_OVERDUE, HAZARD_DEADLINE_MISSED, HAZARD_OVERDUE, ORDER_OVERDUE } from '../../src/inspections/overdue';
import { embeddedSeededConfig, freshDatabase, serverUrl } from '../support/database';

/**
 * One copy of each overdue rule (INS-2 hazards, orders and hand-overs, INS-4 deadlines missed, COM-2 tasks): for a
 * grid of rows — every status, the due day before, on and after today or missing, a completion or closure on the due
 * day's first or last instant, the next day's first, or none, in Asia/Shanghai — the TypeScript predicate and the SQL
 * expression, evaluated by PostgreSQL on the same rows, agree; and `NOT (sql)` is exactly the complement (the SQL is
 * never NULL), so a list's `overdue: false` holds what `overdue: true` leaves out. On both databases.
 */
const DATABASES: [string, () => Promise<{ config: DatabaseConfig; drop: () => Promise<void> }>][] = [
  ...(serverUrl() ? [['PostgreSQL server', () => freshDatabase()] as [string, () => Promise<{ config: DatabaseConfig; drop: () => Promise<void> }>]] : []),
  ['embedded PGlite', async () => ({ config: await embeddedSeededConfig(), drop: async () => undefined })],
];

const TODAY = '2027-03-20';
/** Due days around today: the day before (over), today (met all through the day), the day after, and none. */
const DUE_DAYS = ['2026-12-31', '2027-03-19', TODAY, '2027-03-21', null] as const;
/** A completion reported on the due day's last instant (in time), the next day's first (late), or none. */
const REPORTED = (due: string | null): (Date | null)[] => (due === null ? [null] : [
  null,
  new Date(`${due}T00:00:00+08:00`),
  new Date(`${due}T23:59:59.999+08:00`),
  new Date(new Date(`${due}T00:00:00+08:00`).getTime() + 86_400_000),
  // the due day's evening in UTC is already the next day in Beijing
  new Date(`${due}T16:30:00Z`),
]);

type SqlType = 'text' | 'date' | 'timestamptz';

/** Evaluates `clock` in TypeScript and in SQL over the same rows; returns the rows where they disagree. */
async function disagreements<F extends string>(ds: DataSource, clock: OverdueClock<F>, columns: Record<F, SqlType>, rows: ClockRow<F>[]): Promise<string[]> {
  const fields = Object.keys(columns) as F[];
  const snake = (f: string) => f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  const params: unknown[] = [TODAY];
  const values = rows.map((row, i) => {
    const cells = [`${i}::int`, ...fields.map((f) => {
      const v = row[f];
      params.push(v instanceof Date ? v.toISOString() : (v ?? null));
      return `$${params.length}::${columns[f]}`;
    })];
    return `(${cells.join(', ')})`;
  });
  const sql = clock.sql('r', '$1::date');
  const answers: { i: number; overdue: boolean | null; complement: boolean | null }[] = await ds.query(
    `SELECT r.i, ${sql} AS overdue, NOT ${sql} AS complement FROM (VALUES ${values.join(', ')}) AS r(i, ${fields.map(snake).join(', ')}) ORDER BY r.i`,
    params,
  );
  expect(answers).toHaveLength(rows.length);
  const failures: string[] = [];
  for (const a of answers) {
    const expected = clock.holds(rows[a.i], TODAY);
    if (a.overdue !== expected || a.complement !== !expected) {
      failures.push(`${clock.rule} ${JSON.stringify(rows[a.i])}: TypeScript ${expected}, SQL ${a.overdue} (NOT: ${a.complement})`);
    }
  }
  return failures;
}

describe.each(DATABASES)('overdue rules: one declaration, the same answer in TypeScript and SQL (INS-2, INS-4, COM-2), on the %s', (_name, database) => {
  let ds: DataSource;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const db = await database();
    drop = db.drop;
    ds = await openDataSource(db.config);
  });
  afterAll(async () => {
    await ds?.destroy();
    await drop?.();
  });

  it('INS-2: a hazard is overdue when RECTIFYING and its deadline day is over', async () => {
    const rows = Object.values(HazardStatus).flatMap((status) => DUE_DAYS.map((deadline) => ({ status, deadline })));
    expect(await disagreements(ds, HAZARD_OVERDUE, { status: 'text', deadline: 'date' }, rows)).toEqual([]);
    // the grid has both answers, and the boundary: the deadline day itself is not overdue
    expect(HAZARD_OVERDUE.holds({ status: HazardStatus.RECTIFYING, deadline: '2027-03-19' }, TODAY)).toBe(true);
    expect(HAZARD_OVERDUE.holds({ status: HazardStatus.RECTIFYING, deadline: TODAY }, TODAY)).toBe(false);
  });

  it('INS-2: an order is overdue when the hazard is still REPORTED after its order day', async () => {
    const rows = Object.values(HazardStatus).flatMap((status) => DUE_DAYS.map((orderDueBy) => ({ status, orderDueBy })));
    expect(await disagreements(ds, ORDER_OVERDUE, { status: 'text', orderDueBy: 'date' }, rows)).toEqual([]);
    expect(ORDER_OVERDUE.holds({ status: HazardStatus.REPORTED, orderDueBy: '2027-03-19' }, TODAY)).toBe(true);
  });

  it('INS-2: a hand-over is overdue PENDING past its accept day or ACCEPTED past its outcome day', async () => {
    const rows = Object.values(HandOverState).flatMap((state) => DUE_DAYS.filter((d) => d !== null).flatMap((acceptDueBy) =>
      DUE_DAYS.map((outcomeDueBy) => ({ state, acceptDueBy, outcomeDueBy }))));
    expect(await disagreements(ds, HAND_OVER_OVERDUE, { state: 'text', acceptDueBy: 'date', outcomeDueBy: 'date' }, rows)).toEqual([]);
    expect(HAND_OVER_OVERDUE.leg({ state: HandOverState.PENDING, acceptDueBy: '2027-03-19', outcomeDueBy: null }, TODAY)).toBe('ACCEPT');
    expect(HAND_OVER_OVERDUE.leg({ state: HandOverState.ACCEPTED, acceptDueBy: '2027-03-19', outcomeDueBy: '2027-03-19' }, TODAY)).toBe('OUTCOME');
  });

  it('COM-2: a task is overdue unless accepted, or its completion was reported by the deadline day (Asia/Shanghai)', async () => {
    const rows = Object.values(TaskStatus).flatMap((status) => DUE_DAYS.flatMap((deadline) =>
      REPORTED(deadline).map((completionReportedAt) => ({ status, deadline, completionReportedAt }))));
    expect(await disagreements(ds, TASK_OVERDUE, { status: 'text', deadline: 'date', completionReportedAt: 'timestamptz' }, rows)).toEqual([]);
    const reported = (at: string) => ({ status: TaskStatus.COMPLETION_REPORTED, deadline: '2027-03-19', completionReportedAt: new Date(at) });
    expect(TASK_OVERDUE.holds(reported('2027-03-19T23:59:59.999+08:00'), TODAY)).toBe(false);
    expect(TASK_OVERDUE.holds(reported('2027-03-20T00:00:00+08:00'), TODAY)).toBe(true);
  });

  it('INS-4: a hazard missed its deadline when neither reported rectified nor closed on or before it (Asia/Shanghai)', async () => {
    const dayBefore = (d: string) => new Date(new Date(`${d}T00:00:00Z`).getTime() - 86_400_000).toISOString().slice(0, 10);
    const dayAfter = (d: string) => new Date(new Date(`${d}T00:00:00Z`).getTime() + 86_400_000).toISOString().slice(0, 10);
    const rows = DUE_DAYS.flatMap((deadline) => REPORTED(deadline ?? TODAY).flatMap((closedAt) =>
      [null, ...(deadline ? [dayBefore(deadline), deadline, dayAfter(deadline)] : [])].map((rectifiedOn) => ({ deadline, closedAt, rectifiedOn }))));
    expect(await disagreements(ds, HAZARD_DEADLINE_MISSED, { deadline: 'date', closedAt: 'timestamptz', rectifiedOn: 'date' }, rows)).toEqual([]);
    expect(HAZARD_DEADLINE_MISSED.holds({ deadline: '2027-03-19', closedAt: new Date('2027-03-19T23:59:59.999+08:00'), rectifiedOn: null }, TODAY)).toBe(false);
    expect(HAZARD_DEADLINE_MISSED.holds({ deadline: '2027-03-19', closedAt: new Date('2027-03-20T00:00:00+08:00'), rectifiedOn: '2027-03-20' }, TODAY)).toBe(true);
  });

  it('INS-2: a hand-over missed its accept day (not accepted nor returned by it) or its outcome day (no outcome by it)', async () => {
    const rows = DUE_DAYS.filter((d) => d !== null).flatMap((acceptDueBy) => REPORTED(acceptDueBy).flatMap((acceptedAt) =>
      [null, new Date(`${acceptDueBy}T12:00:00+08:00`)].flatMap((returnedAt) => [null, '2027-03-19', TODAY].flatMap((outcomeDueBy) =>
        REPORTED(outcomeDueBy).slice(0, 4).map((concludedAt) => ({ acceptDueBy, acceptedAt, returnedAt, outcomeDueBy, concludedAt }))))));
    expect(await disagreements(ds, HAND_OVER_DAY_MISSED,
      { acceptDueBy: 'date', acceptedAt: 'timestamptz', returnedAt: 'timestamptz', outcomeDueBy: 'date', concludedAt: 'timestamptz' }, rows)).toEqual([]);
  });

  it('runs on the tables the services query (the columns the declarations name exist)', async () => {
    await ds.query(`SELECT count(*) FROM hazard h WHERE ${HAZARD_OVERDUE.sql('h', '$1::date')} OR ${ORDER_OVERDUE.sql('h', '$1::date')}`, [TODAY]);
    await ds.query(`SELECT count(*) FROM hand_over ho WHERE ${HAND_OVER_OVERDUE.sql('ho', '$1::date')} OR ${HAND_OVER_DAY_MISSED.sql('ho', '$1::date')}`, [TODAY]);
    await ds.query(`SELECT count(*) FROM hazard h WHERE ${HAZARD_DEADLINE_MISSED.sql('h', '$1::date')}`, [TODAY]);
    await ds.query(`SELECT count(*) FROM committee_task t WHERE ${TASK_OVERDUE.sql('t', '$1::date')}`, [TODAY]);
    await ds.query(`SELECT count(*) FROM committee_task t WHERE ${taskOverdueAtSql('t', '$1::date', '$2::timestamptz')}`, [TODAY, new Date(`${TODAY}T00:00:00+08:00`).toISOString()]);
  });
});
