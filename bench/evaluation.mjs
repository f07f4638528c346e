// Evaluation at county scale, measured (EVA-1 .. EVA-4). Run by hand after `npm run build`, with a PostgreSQL server:
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/evaluation.mjs [people per station=3] [ballots per round=10]
// Creates a scratch database, starts the built server on it, bulk-inserts a year (2025) of inputs for every station of
// the seeded county: people on duty all year, monthly work reports with both scores, appraisal ballots for every
// month and quarter, quarterly theory exams. Then prints the latency of finalizing each month, each quarter and the
// year for the county (as the center), of a page of evaluations and of a breakdown. Drops the database at the end.
import pg from 'pg';
import { graphql, scratchDatabase, startServer } from './server.mjs';

const base = process.env.DATABASE_URL;
if (!base) throw new Error('set DATABASE_URL to a PostgreSQL server (the bench creates and drops its own database)');
const PEOPLE = Number(process.argv[2] ?? 3);
const BALLOTS = Number(process.argv[3] ?? 10);
const scratch = await scratchDatabase(base);

const { url: api, stop } = await startServer({
  DATABASE_URL: scratch.url, ADMIN_PASSWORD: 'Bench-Passw0rd!', MFA_REQUIRED_ROLES: 'none', WARNING_JOB_CRON: 'off', EVALUATION_JOB_CRON: 'off',
  NODE_ENV: 'development', AUTH_TOKEN_SECRET: 'bench-token-secret-0123456789abcdef0123', DATA_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
});

const gql = graphql(api);
async function timed(label, calls) {
  const xs = [];
  for (const call of calls) {
    const t0 = performance.now();
    await call();
    xs.push(performance.now() - t0);
  }
  xs.sort((a, b) => a - b);
  console.log(`${label.padEnd(52)} n=${xs.length} median=${xs[Math.floor(xs.length / 2)].toFixed(1)} ms  max=${xs.at(-1).toFixed(1)} ms`);
}
/** Signs in an account whose password someone else set, changes it, and returns a token. */
async function signIn(username, password) {
  const first = (await gql(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { username, password } })).login.accessToken;
  await gql(`mutation($i: ChangePasswordInput!) { changePassword(input: $i) { username } }`, { i: { currentPassword: password, newPassword: `${password}-2` } }, first);
  return (await gql(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { username, password: `${password}-2` } })).login.accessToken;
}

const data = new pg.Client({ connectionString: scratch.url });
try {
  await data.connect();
  const t0 = performance.now();
  const q = (sql, params) => data.query(sql, params);
  // people on duty at every station all year (from 2024-12-01)
  await q(`
    INSERT INTO person (id, region_id, name, gender, birth_date, citizen_id_enc, citizen_id_index, citizen_id_masked, education, household_region_code,
                        residence_region_code, establishment_unit, establishment_type, created_by, version)
    SELECT gen_random_uuid(), o.region_id, '人员' || row_number() OVER (), 'MALE', '1990-01-01', 'x', gen_random_uuid()::text, 'x', 'SENIOR_HIGH', '220622101',
           '220622101', '乡镇人民政府', 'PUBLIC_SYSTEM', 'bench', 1
    FROM organization o CROSS JOIN generate_series(1, ${PEOPLE}) g WHERE o.kind = 'FIRE_WORK_STATION'`);
  await q(`
    INSERT INTO post (id, person_id, organization_id, state, on_duty_from, version)
    SELECT gen_random_uuid(), p.id, o.id, 'ON_DUTY', '2024-12-01', 1 FROM person p JOIN organization o ON o.region_id = p.region_id AND o.kind = 'FIRE_WORK_STATION'`);
  await q(`CREATE TEMP TABLE subject AS
    SELECT 'PERSON' AS kind, p.person_id AS id, p.organization_id AS station_id, o.region_id FROM post p JOIN organization o ON o.id = p.organization_id
    UNION ALL SELECT 'STATION', o.id, o.id, o.region_id FROM organization o WHERE o.kind = 'FIRE_WORK_STATION'`);
  // work reports for every month, scored by both sides
  await q(`
    INSERT INTO duty_report (id, subject_kind, subject_id, station_id, region_id, year, month, content, attachments, submitted_by, submitted_at, version)
    SELECT gen_random_uuid(), s.kind, s.id, s.station_id, s.region_id, 2025, m, '述职', '[]', 'bench', now(), 1 FROM subject s CROSS JOIN generate_series(1, 12) m`);
  await q(`
    INSERT INTO duty_report_score (report_id, side, score, scored_by, scored_at)
    SELECT r.id, side, 60 + floor(random() * 41)::int, 'bench', now() FROM duty_report r CROSS JOIN unnest(ARRAY['CENTER', 'TOWNSHIP']) side`);
  // appraisal ballots: every month and quarter, each scoring every subject of its station
  await q(`
    INSERT INTO appraisal_ballot (id, station_id, period_kind, year, number, valid)
    SELECT gen_random_uuid(), o.id, p.kind, 2025, p.n, true FROM organization o
    CROSS JOIN (SELECT 'MONTH' AS kind, n FROM generate_series(1, 12) n UNION ALL SELECT 'QUARTER', n FROM generate_series(1, 4) n) p
    CROSS JOIN generate_series(1, ${BALLOTS}) b WHERE o.kind = 'FIRE_WORK_STATION'`);
  await q(`
    INSERT INTO appraisal_ballot_score (ballot_id, subject_kind, subject_id, score)
    SELECT b.id, s.kind, s.id, 60 + floor(random() * 41)::int FROM appraisal_ballot b JOIN subject s ON s.station_id = b.station_id`);
  // one theory exam a quarter, everyone sat it
  await q(`
    INSERT INTO exam (id, kind, title, region_id, held_on, pass_mark, policy_version, created_by)
    SELECT gen_random_uuid(), 'QUARTERLY_THEORY', '第' || n || '季度业务理论考试', (SELECT id FROM region WHERE level = 'COUNTY' LIMIT 1), make_date(2025, n * 3, 15), 60, 1, 'bench'
    FROM generate_series(1, 4) n`);
  await q(`
    INSERT INTO exam_result (id, exam_id, person_id, score, passed, sat_on, recorded_by)
    SELECT gen_random_uuid(), e.id, s.id, 50 + floor(random() * 51)::int, true, e.held_on, 'bench' FROM exam e CROSS JOIN subject s WHERE s.kind = 'PERSON'`);
  await q('ANALYZE');
  const counts = (await q(`SELECT (SELECT count(*) FROM subject) s, (SELECT count(*) FROM duty_report) r, (SELECT count(*) FROM appraisal_ballot_score) b`)).rows[0];
  console.log(`data: ${counts.s} subjects, ${counts.r} work reports, ${counts.b} ballot scores (generated in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);

  const office = await signIn('admin', 'Bench-Passw0rd!');
  const county = (await q(`SELECT id FROM region WHERE level = 'COUNTY' LIMIT 1`)).rows[0].id;
  const countyId = Buffer.from(`Region:${county}`).toString('base64');
  await gql(`mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }`, {
    i: { username: 'bench-center', password: 'Zhongxin-Pass-1!', displayName: '指导中心', role: 'CENTER', regionId: countyId },
  }, office);
  const center = await signIn('bench-center', 'Zhongxin-Pass-1!');
  const finalize = (kind, number) => () => gql(`mutation($i: FinalizeEvaluationInput!) { finalizeEvaluation(input: $i) { evaluations { id } } }`,
    { i: { period: { kind, year: 2025, number }, regionId: countyId } }, center);
  await timed(`finalize a month, county (${counts.s} subjects)`, Array.from({ length: 12 }, (_, i) => finalize('MONTH', i + 1)));
  await timed('finalize a quarter, county', Array.from({ length: 4 }, (_, i) => finalize('QUARTER', i + 1)));
  await timed('finalize the year, county (roll-up, cap)', [finalize('YEAR', 1)]);
  const page = await gql(`{ evaluations(first: 100, periodKind: YEAR) { edges { node { id } } } }`, undefined, center);
  await timed('evaluations(first: 100) with station', Array.from({ length: 10 }, () => () => gql(`{ evaluations(first: 100) { totalCount edges { node { id score grade station { name } } } } }`, undefined, center)));
  await timed('evaluationBreakdown (a year)', Array.from({ length: 10 }, () => () => gql(`query($id: ID!) { evaluationBreakdown(id: $id) { lines { path value } } }`, { id: page.evaluations.edges[0].node.id }, center)));
} finally {
  await stop();
  await data.end().catch(() => undefined);
  await scratch.drop();
}
