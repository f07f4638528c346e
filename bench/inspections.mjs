// Inspections at county scale, measured (INS-1 .. INS-3). Run by hand after `npm run build`, with a PostgreSQL server:
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/inspections.mjs [hazards=20000]
// Creates a scratch database, starts the built server on it, bulk-inserts premises, inspections, hazards and fires
// across the seeded townships, then prints the latency of: the early-warning evaluation, a page of 100 hazards with
// nested fields, the overdue filter, and a year's fireSituation. Drops the database at the end.
import pg from 'pg';
import { graphql, scratchDatabase, startServer } from './server.mjs';

const base = process.env.DATABASE_URL;
if (!base) throw new Error('set DATABASE_URL to a PostgreSQL server (the bench creates and drops its own database)');
const HAZARDS = Number(process.argv[2] ?? 20000);
const scratch = await scratchDatabase(base);

const { url: api, stop } = await startServer({
  DATABASE_URL: scratch.url, ADMIN_PASSWORD: 'Bench-Passw0rd!', MFA_REQUIRED_ROLES: 'none', WARNING_JOB_CRON: 'off', NODE_ENV: 'development',
  AUTH_TOKEN_SECRET: 'bench-token-secret-0123456789abcdef0123', DATA_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
});

const gql = graphql(api);
async function timed(label, runs, fn) {
  const xs = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    xs.push(performance.now() - t0);
  }
  xs.sort((a, b) => a - b);
  console.log(`${label.padEnd(52)} n=${runs} median=${xs[Math.floor(runs / 2)].toFixed(1)} ms  max=${xs.at(-1).toFixed(1)} ms`);
}

const data = new pg.Client({ connectionString: scratch.url });
try {
  await data.connect();
  const t0 = performance.now();
  // premises: 250 per township; inspections: 5 per premises over two years; hazards spread over the same time
  await data.query(`
    INSERT INTO premises (id, region_id, kind, name, address, responsible_name, risk_level, key_unit, last_inspected_on, created_by, version)
    SELECT gen_random_uuid(), t.id, (ARRAY['CROWDED_PLACE','SMALL_VENUE','VILLAGE','ENTERPRISE','OTHER'])[1 + g % 5], t.name || '场所' || g, '地址', '负责人',
           (ARRAY['LOW','GENERAL','SIGNIFICANT','MAJOR'])[1 + g % 4], g % 10 = 0, current_date - (g % 200), 'bench', 1
    FROM region t CROSS JOIN generate_series(1, 250) g WHERE t.level = 'TOWNSHIP'`);
  await data.query(`
    INSERT INTO inspection (id, premises_id, region_id, template_id, inspected_on, inspectors, results, attachments, policy_version, recorded_by)
    SELECT gen_random_uuid(), p.id, p.region_id, (SELECT id FROM checklist_template WHERE premises_kind = p.kind ORDER BY version DESC LIMIT 1),
           current_date - (g * 97 + length(p.name)) % 730, '{甲,乙}', '[]', '[]', 1, 'bench'
    FROM premises p CROSS JOIN generate_series(1, 5) g`);
  await data.query(`
    INSERT INTO hazard (id, region_id, premises_id, source, description, found_on, status, order_due_by, deadline, responsible_party, measures, ordered_on,
                        rectified_on, closed_at, major_status, policy_version, reported_by, version)
    SELECT gen_random_uuid(), p.region_id, p.id, 'INSPECTION', '隐患' || g, d.found, s.status, d.found + 3,
           CASE WHEN s.status = 'REPORTED' THEN NULL ELSE d.found + 30 END, CASE WHEN s.status = 'REPORTED' THEN NULL ELSE '责任人' END,
           CASE WHEN s.status = 'REPORTED' THEN NULL ELSE '措施' END, CASE WHEN s.status = 'REPORTED' THEN NULL ELSE d.found + 1 END,
           CASE WHEN s.status IN ('PENDING_RECHECK', 'CLOSED') THEN d.found + 20 END, CASE WHEN s.status = 'CLOSED' THEN (d.found + 25)::timestamptz END,
           CASE WHEN g % 97 = 0 THEN 'CONFIRMED' ELSE 'NONE' END, 1, 'bench', 1
    FROM generate_series(1, ${HAZARDS}) g
    JOIN LATERAL (SELECT * FROM premises ORDER BY id OFFSET g % 2000 LIMIT 1) p ON true
    CROSS JOIN LATERAL (SELECT current_date - (g % 730) AS found) d
    CROSS JOIN LATERAL (SELECT (ARRAY['CLOSED','CLOSED','CLOSED','RECTIFYING','PENDING_RECHECK','REPORTED'])[1 + g % 6] AS status) s`);
  await data.query(`
    INSERT INTO fire_incident (id, region_id, occurred_at, place, cause, deaths, injuries, serious_injuries, direct_loss_yuan, level, policy_version, recorded_by)
    SELECT gen_random_uuid(), t.id, now() - make_interval(days => g % 730), '地点', 'OTHER', CASE WHEN g % 50 = 0 THEN 1 ELSE 0 END, g % 3, 0, g * 100, 'GENERAL', 1, 'bench'
    FROM region t CROSS JOIN generate_series(1, 60) g WHERE t.level = 'TOWNSHIP'`);
  await data.query('ANALYZE');
  const counts = (await data.query(`SELECT (SELECT count(*) FROM premises) p, (SELECT count(*) FROM inspection) i, (SELECT count(*) FROM hazard) h, (SELECT count(*) FROM fire_incident) f`)).rows[0];
  console.log(`data: ${counts.p} premises, ${counts.i} inspections, ${counts.h} hazards, ${counts.f} fires (generated in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);

  const { accessToken } = (await gql(`mutation { login(input: { username: "admin", password: "Bench-Passw0rd!" }) { accessToken } }`)).login;
  // the first administrator's password was set by the environment: it must be changed before anything else
  await gql(`mutation { changePassword(input: { currentPassword: "Bench-Passw0rd!", newPassword: "Bench-Passw0rd-2!" }) { username } }`, undefined, accessToken);
  const county = (await data.query(`SELECT id FROM region WHERE level = 'COUNTY' LIMIT 1`)).rows[0].id;
  const countyId = Buffer.from(`Region:${county}`).toString('base64');
  const first = await gql(`mutation { evaluateWarnings { raised active } }`, undefined, accessToken);
  console.log(`first evaluation raised ${first.evaluateWarnings.raised} warnings`);
  await timed('evaluateWarnings (steady state)', 5, () => gql(`mutation { evaluateWarnings { active } }`, undefined, accessToken));
  await timed('hazards(first: 100) with region, premises, history', 10, () => gql(`{ hazards(first: 100) { totalCount edges { node { id overdue region { name } premises { name nextInspectionDue } history(first: 5) { edges { node { action } } } } } } }`, undefined, accessToken));
  await timed('hazards(overdue: true, first: 100)', 10, () => gql(`{ hazards(overdue: true, first: 100) { totalCount edges { node { id } } } }`, undefined, accessToken));
  const year = new Date().getFullYear();
  await timed(`fireSituation(county, year ${year}) with 同比/环比`, 10, () => gql(`query($r: ID!, $y: Int!) { fireSituation(regionId: $r, period: { kind: YEAR, year: $y, number: 1 }) { total { current { hazardsFound rectificationRate } } } }`, { r: countyId, y: year }, accessToken));
} finally {
  await stop();
  await data.end().catch(() => undefined);
  await scratch.drop();
}
