// The data generator (docs/performance.md), run by hand:
//   npm run bench:seed -- --scale county|province
// Fills the database the server would use — DATABASE_URL (a PostgreSQL server), else the embedded PGlite in
// DATA_DIR (default ./data-bench, not the ./data of `npm start`) — with realistic data: the region tree, each county's and township's organizations,
// premises, inspections, hazards in every state with their history, training activities, staff on duty with
// three years of evaluations, and fire incidents. Province scale: 1 province, 9 cities, 60 counties, 600
// townships, 9,000 villages, 50,000 premises, 300,000 inspections, 1,000,000 hazards, 100,000 activities,
// 2,000 staff, 5,000 fires. County scale: Jingyu county (8 townships) at the same density.
//
// The server is started once on the database to migrate it and create Jingyu county and the administrator;
// everything else is set-based SQL (INSERT … SELECT over generate_series, multi-row VALUES for the people, whose
// personal data is encrypted as the server does). Ids are md5-derived, so rows refer to each other without joins.
// Refuses a database that already holds premises: generate into a fresh one.
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { BENCH_ENV, BENCH_PASSWORD, BENCH_USERS, startServer, targetEnv } from './server.mjs';

const require = createRequire(import.meta.url);
const { values } = parseArgs({ options: { scale: { type: 'string', default: 'county' } } });
if (!['county', 'province'].includes(values.scale)) throw new Error('--scale must be county or province');
const PROVINCE = values.scale === 'province';

// densities per township, from the province figures (600 townships)
const PER_TOWNSHIP = { villages: 15, premises: 50_000 / 600, activities: 100_000 / 600, staff: 2_000 / 600, fires: 5_000 / 600 };
const INSPECTIONS_PER_PREMISES = 6;
const HAZARDS_PER_PREMISES = 20;
const YEARS = 3;

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
let stepNo = 0;
const STEPS = 12;
async function step(label, fn) {
  stepNo += 1;
  process.stdout.write(`[${String(stepNo).padStart(2)}/${STEPS}] ${label.padEnd(44)}`);
  const t0 = performance.now();
  const rows = await fn();
  console.log(`${String(rows ?? '').padStart(10)} rows  ${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s   (total ${elapsed()})`);
}

// 1. migrations, the Jingyu seed and the first administrator: what the server does at its first start
const env = targetEnv();
await step('migrate and seed (server start)', async () => {
  const server = await startServer({ ...env, ...BENCH_ENV, SEED_ON_START: 'true' });
  await server.stop();
  return '';
});

// 2. a connection: node-postgres to the server, or the embedded PGlite through the server's own DataSource
let db;
if (env.DATABASE_URL) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  await client.query(`SET statement_timeout = 0`);
  db = { query: async (text, params) => (await client.query(text, params)).rows, end: () => client.end() };
} else {
  const { openDataSource } = require('../dist/src/database/data-source.js');
  const { buildAppConfig } = require('../dist/src/config/app-config.js');
  const { validateEnvironment } = require('../dist/src/config/environment.js');
  const config = buildAppConfig(validateEnvironment({ ...process.env, ...env, DATABASE_STATEMENT_TIMEOUT_MS: '3600000' }));
  const ds = await openDataSource(config.database);
  const runner = ds.createQueryRunner();
  await runner.connect();
  db = { query: (text, params) => runner.query(text, params), end: async () => { await runner.release(); await ds.destroy(); } };
}
const one = async (text, params) => (await db.query(text, params))[0];
const exec = async (text, params) => {
  const r = await db.query(`WITH ins AS (${text} RETURNING 1) SELECT count(*)::int AS n FROM ins`, params);
  return r[0].n;
};

try {
  if ((await one(`SELECT count(*)::int AS n FROM premises`)).n > 0) {
    throw new Error('this database already holds premises: generate into a fresh database (or DATA_DIR)');
  }
  // one transaction: a failed run leaves the database as the server left it
  await db.query('BEGIN');
  const today = (await one(`SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date AS d`)).d;
  const firstYear = new Date(today).getFullYear() - YEARS + 1;
  const { id: provinceId } = await one(`SELECT id FROM region WHERE level = 'PROVINCE'`);
  const jingyu = await one(`SELECT id, parent_id AS city FROM region WHERE level = 'COUNTY'`);

  // 3. regions: 8 more cities, 59 more counties (10 or 11 townships each: 600 in all), 15 villages per township
  await step('regions', async () => {
    let n = 0;
    if (PROVINCE) {
      const cities = ['长春市', '吉林市', '四平市', '辽源市', '通化市', '松原市', '白城市', '延边朝鲜族自治州'];
      n += await exec(`
        INSERT INTO region (id, parent_id, level, name, path, sort_order, version)
        SELECT md5('city' || i)::uuid, $1::uuid, 'CITY', c, '/' || $1::text || '/' || md5('city' || i)::uuid || '/', i, 1
        FROM unnest($2::text[]) WITH ORDINALITY AS t(c, i)`, [provinceId, cities]);
      // counties 1..59 over the 9 cities (白山市 keeps 靖宇县 and gets six more)
      n += await exec(`
        WITH c AS (
          SELECT k, CASE WHEN k % 9 = 0 THEN $1::uuid ELSE md5('city' || (k % 9))::uuid END AS city FROM generate_series(1, 59) k)
        INSERT INTO region (id, parent_id, level, kind, name, path, sort_order, version)
        SELECT md5('county' || k)::uuid, c.city, 'COUNTY', NULL, p.name || '第' || k || '县', p.path || md5('county' || k)::uuid || '/', k, 1
        FROM c JOIN region p ON p.id = c.city`, [jingyu.city]);
      n += await exec(`
        WITH t AS (SELECT k, j FROM generate_series(1, 59) k CROSS JOIN LATERAL generate_series(1, CASE WHEN k <= 2 THEN 11 ELSE 10 END) j)
        INSERT INTO region (id, parent_id, level, kind, name, path, sort_order, version)
        SELECT md5('township' || k || '-' || j)::uuid, c.id, 'TOWNSHIP', CASE WHEN j % 3 = 0 THEN 'TOWNSHIP' ELSE 'TOWN' END,
               '第' || k || '县' || j || (CASE WHEN j % 3 = 0 THEN '乡' ELSE '镇' END), c.path || md5('township' || k || '-' || j)::uuid || '/', j, 1
        FROM t JOIN region c ON c.id = md5('county' || k)::uuid`);
    }
    n += await exec(`
      INSERT INTO region (id, parent_id, level, kind, name, path, sort_order, version)
      SELECT md5('village' || t.id || '-' || j)::uuid, t.id, 'VILLAGE', 'VILLAGE', t.name || j || '村', t.path || md5('village' || t.id || '-' || j)::uuid || '/', j, 1
      FROM region t CROSS JOIN generate_series(1, ${PER_TOWNSHIP.villages}) j
      WHERE t.level = 'TOWNSHIP' AND NOT EXISTS (SELECT 1 FROM region v WHERE v.parent_id = t.id)`);
    return n;
  });

  // 4. each new county's committee, office, center (4 staff) and brigade; each new township's committee, office,
  //    station (2 or 3 staff, ORG-3) and government, with the first quota history row as the seed writes it
  await step('organizations', async () => {
    let n = await exec(`
      WITH c AS (SELECT id, name FROM region r WHERE level = 'COUNTY' AND NOT EXISTS (SELECT 1 FROM organization o WHERE o.region_id = r.id)),
      k(kind, suffix, quota, parent) AS (VALUES ('COUNTY_COMMITTEE', '消防救援委员会', NULL::int, NULL), ('COUNTY_COMMITTEE_OFFICE', '消防救援委员会办公室', NULL, 'COUNTY_COMMITTEE'),
                                        ('GUIDANCE_CENTER', '消防工作服务指导中心', 4, 'COUNTY_COMMITTEE_OFFICE'), ('FIRE_RESCUE_BRIGADE', '消防救援大队', NULL, NULL))
      INSERT INTO organization (id, kind, name, region_id, parent_id, staff_quota, version)
      SELECT md5('org' || c.id || k.kind)::uuid, k.kind, c.name || k.suffix, c.id, CASE WHEN k.parent IS NOT NULL THEN md5('org' || c.id || k.parent)::uuid END, k.quota, 1
      FROM c CROSS JOIN k ORDER BY k.parent NULLS FIRST`);
    n += await exec(`
      WITH t AS (SELECT id, name, sort_order FROM region r WHERE level = 'TOWNSHIP' AND NOT EXISTS (SELECT 1 FROM organization o WHERE o.region_id = r.id)),
      k(kind, suffix, parent) AS (VALUES ('TOWNSHIP_COMMITTEE', '消防救援委员会', NULL), ('TOWNSHIP_COMMITTEE_OFFICE', '消防救援委员会办公室', 'TOWNSHIP_COMMITTEE'),
                                  ('FIRE_WORK_STATION', '消防工作站', 'TOWNSHIP_COMMITTEE'), ('TOWNSHIP_GOVERNMENT', '人民政府', NULL))
      INSERT INTO organization (id, kind, name, region_id, parent_id, staff_quota, version)
      SELECT md5('org' || t.id || k.kind)::uuid, k.kind, t.name || k.suffix, t.id, CASE WHEN k.parent IS NOT NULL THEN md5('org' || t.id || k.parent)::uuid END,
             CASE WHEN k.kind = 'FIRE_WORK_STATION' THEN 2 + (t.sort_order % 4 = 1)::int END, 1
      FROM t CROSS JOIN k ORDER BY k.parent NULLS FIRST`);
    n += await exec(`
      INSERT INTO staff_quota_change (organization_id, previous_quota, new_quota, reason, changed_by)
      SELECT o.id, NULL, o.staff_quota, '基准测试数据', 'bench:seed' FROM organization o
      WHERE o.staff_quota IS NOT NULL AND NOT EXISTS (SELECT 1 FROM staff_quota_change q WHERE q.organization_id = o.id)`);
    return n;
  });

  // the townships in a fixed order: row i of every generated table belongs to township i % T
  await db.query(`DROP TABLE IF EXISTS bench_township`);
  await db.query(`CREATE TEMP TABLE bench_township AS SELECT (row_number() OVER (ORDER BY path) - 1)::int AS i, id FROM region WHERE level = 'TOWNSHIP'`);
  const T = (await one(`SELECT count(*)::int AS n FROM bench_township`)).n;
  const premisesTotal = Math.round(PER_TOWNSHIP.premises * T);

  // 5. sign-in accounts for the benchmark: the province's and Jingyu county's committee office (no second factor)
  await step('benchmark accounts', async () => {
    const argon2 = require('argon2');
    const hash = await argon2.hash(BENCH_PASSWORD, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
    return exec(`
      INSERT INTO account (id, username, display_name, role, region_id, organization_id, password_hash, must_change_password, password_changed_at, created_by, version)
      SELECT gen_random_uuid(), u.username, u.display, 'COMMITTEE_OFFICE', u.region, NULL, $3, false, now(), 'bench:seed', 1
      FROM (VALUES ($4, '基准测试（省）', $1::uuid), ($5, '基准测试（县）', $2::uuid)) AS u(username, display, region)`,
      [provinceId, jingyu.id, hash, BENCH_USERS.province, BENCH_USERS.county]);
  });

  // 6. premises: ~83 per township, every kind and risk level, one in ten a key unit
  await step('premises', async () => exec(`
    INSERT INTO premises (id, region_id, kind, name, address, responsible_name, risk_level, key_unit, last_inspected_on, created_by, version)
    SELECT md5('p' || g)::uuid, t.id, (ARRAY['CROWDED_PLACE','SMALL_VENUE','VILLAGE','ENTERPRISE','OTHER'])[1 + g % 5],
           '场所' || g, '地址' || g || '号', '负责人' || (g % 1000), (ARRAY['LOW','GENERAL','GENERAL','SIGNIFICANT','MAJOR'])[1 + (g / 7) % 5],
           g % 10 = 0, NULL, 'bench:seed', 1
    FROM generate_series(0, ${premisesTotal - 1}) g JOIN bench_township t ON t.i = g % ${T}`));

  // 7. inspections: six per premises over the years, on the newest checklist of the premises' kind
  await step('inspections', async () => {
    const n = await exec(`
      INSERT INTO inspection (id, premises_id, region_id, template_id, inspected_on, inspectors, results, attachments, policy_version, recorded_by)
      SELECT md5('i' || g || '-' || k)::uuid, md5('p' || g)::uuid, t.id, ct.id,
             $1::date - ((k * 173 + g * 7) % (365 * ${YEARS})), ARRAY['检查员' || (g % 50), '检查员' || (g % 50 + 1)], '[]', '[]', 1, 'bench:seed'
      FROM generate_series(0, ${premisesTotal - 1}) g
      CROSS JOIN generate_series(0, ${INSPECTIONS_PER_PREMISES - 1}) k
      JOIN bench_township t ON t.i = g % ${T}
      JOIN LATERAL (SELECT id FROM checklist_template WHERE premises_kind = (ARRAY['CROWDED_PLACE','SMALL_VENUE','VILLAGE','ENTERPRISE','OTHER'])[1 + g % 5]
                    ORDER BY version DESC LIMIT 1) ct ON true`, [today]);
    await db.query(`UPDATE premises p SET last_inspected_on = i.last FROM (SELECT premises_id, max(inspected_on) AS last FROM inspection GROUP BY premises_id) i WHERE i.premises_id = p.id`);
    return n;
  });

  // 8. hazards: twenty per premises found over the years; mostly closed, some reported, rectifying (a share of
  //    them overdue), pending recheck; about 1 % major (confirmed or suspected)
  await step('hazards', async () => exec(`
    WITH h AS (
      SELECT g, k, $1::date - ((k * 211 + g * 13) % (365 * ${YEARS})) AS found,
             CASE WHEN ((k * 211 + g * 13) % (365 * ${YEARS})) < 60 THEN (ARRAY['REPORTED','RECTIFYING','RECTIFYING','PENDING_RECHECK','CLOSED'])[1 + (g + k) % 5]
                  WHEN (g + k) % 25 = 0 THEN 'RECTIFYING' ELSE 'CLOSED' END AS status
      FROM generate_series(0, ${premisesTotal - 1}) g CROSS JOIN generate_series(0, ${HAZARDS_PER_PREMISES - 1}) k)
    INSERT INTO hazard (id, region_id, premises_id, source, inspection_id, description, found_on, status, order_due_by, deadline, responsible_party,
                        measures, ordered_on, recheck_due_by, rectified_on, closed_at, major_status, policy_version, reported_by, version)
    SELECT md5('h' || g || '-' || k)::uuid, t.id, md5('p' || g)::uuid, 'INSPECTION', md5('i' || g || '-' || (k % ${INSPECTIONS_PER_PREMISES}))::uuid,
           '隐患描述' || k, found, status, found + 3,
           CASE WHEN status <> 'REPORTED' THEN found + 30 END, CASE WHEN status <> 'REPORTED' THEN '责任人' || (g % 500) END,
           CASE WHEN status <> 'REPORTED' THEN '整改措施' END, CASE WHEN status <> 'REPORTED' THEN found + 1 END,
           CASE WHEN status = 'PENDING_RECHECK' THEN found + 25 END,
           CASE WHEN status IN ('PENDING_RECHECK', 'CLOSED') THEN found + 20 END,
           CASE WHEN status = 'CLOSED' THEN (found + 22)::timestamptz END,
           CASE WHEN (g * 31 + k) % 100 = 0 THEN 'CONFIRMED' WHEN (g * 31 + k) % 200 = 1 THEN 'SUSPECTED' ELSE 'NONE' END, 1, 'bench:seed', 1
    FROM h JOIN bench_township t ON t.i = h.g % ${T}`, [today]));

  // 9. each hazard's history, as the closed loop writes it: reported, ordered, rectification reported, recheck passed
  await step('hazard history', async () => exec(`
    INSERT INTO hazard_event (id, hazard_id, action, from_status, to_status, at, actor, details, attachments)
    SELECT gen_random_uuid(), h.id, e.action, e.from_status, e.to_status, (h.found_on + e.day)::timestamptz + interval '9 hours', 'bench:seed', '{}', '[]'
    FROM hazard h
    CROSS JOIN LATERAL (VALUES ('REPORTED', NULL, 'REPORTED', 0, 0), ('ORDERED', 'REPORTED', 'RECTIFYING', 1, 1),
                               ('RECTIFICATION_REPORTED', 'RECTIFYING', 'PENDING_RECHECK', 20, 2), ('RECHECK_PASSED', 'PENDING_RECHECK', 'CLOSED', 22, 3)) AS e(action, from_status, to_status, day, rank)
    WHERE e.rank <= CASE h.status WHEN 'REPORTED' THEN 0 WHEN 'RECTIFYING' THEN 1 WHEN 'PENDING_RECHECK' THEN 2 ELSE 3 END
    ORDER BY h.id, e.rank`));

  // 10. training activities: publicity, education, training and drills across the townships and years
  await step('activities', async () => exec(`
    INSERT INTO training_activity (id, kind, title, held_on, region_id, organizer, audiences, participant_count, content, attachments, scenario, duration_minutes, assessment, recorded_by)
    SELECT md5('a' || g)::uuid, kind, '活动' || g, $1::date - (g * 17 % (365 * ${YEARS})), t.id, '消防工作站', ARRAY['VILLAGERS'], 10 + g % 90, '活动内容', '[]',
           CASE WHEN kind = 'DRILL' THEN '疏散演练' END, CASE WHEN kind = 'DRILL' THEN 60 END, CASE WHEN kind = 'DRILL' THEN '良好' END, 'bench:seed'
    FROM generate_series(0, ${Math.round(PER_TOWNSHIP.activities * T) - 1}) g
    CROSS JOIN LATERAL (SELECT (ARRAY['PUBLICITY','PUBLICITY','EDUCATION','TRAINING','DRILL'])[1 + g % 5] AS kind) k
    JOIN bench_township t ON t.i = g % ${T}`, [today]));

  // 11. staff: every station and center filled to its quota since before the first year, the rest of the 2,000
  //     people former staff (LEFT); personal data encrypted with the benchmark's key as the server would
  await step('staff (people and posts)', async () => {
    const { FieldCipher } = require('../dist/src/auth/key-material.js');
    const cipher = new FieldCipher(Buffer.from(BENCH_ENV.DATA_ENCRYPTION_KEY, 'base64'));
    const seats = await db.query(`
      SELECT o.id AS org, o.region_id AS region, s.n FROM organization o CROSS JOIN generate_series(1, o.staff_quota) s(n)
      WHERE o.kind IN ('FIRE_WORK_STATION', 'GUIDANCE_CENTER') ORDER BY o.id, s.n`);
    const total = Math.max(seats.length, Math.round(PER_TOWNSHIP.staff * T));
    const stations = await db.query(`SELECT id AS org, region_id AS region FROM organization WHERE kind = 'FIRE_WORK_STATION' ORDER BY id`);
    const onDutyFrom = `${firstYear - 1}-12-01`;
    let written = 0;
    for (let from = 0; from < total; from += 500) {
      const people = [];
      const posts = [];
      for (let i = from; i < Math.min(total, from + 500); i++) {
        const seat = i < seats.length ? seats[i] : stations[i % stations.length];
        const citizenId = citizenIdFor(i);
        const id = uuidOf(`person${i}`);
        people.push([id, seat.region, `职工${i}`, i % 3 ? 'MALE' : 'FEMALE', `19${70 + (i % 25)}-0${1 + (i % 9)}-1${i % 10}`,
          cipher.encrypt(citizenId, 'citizen_id'), cipher.index(citizenId, 'citizen_id'), `${citizenId.slice(0, 6)}********${citizenId.slice(-4)}`]);
        posts.push([uuidOf(`post${i}`), id, seat.org, i < seats.length ? 'ON_DUTY' : 'LEFT', onDutyFrom, i < seats.length ? null : `${firstYear}-06-30`]);
      }
      written += await exec(`
        INSERT INTO person (id, region_id, name, gender, birth_date, citizen_id_enc, citizen_id_index, citizen_id_masked, education,
                            household_region_code, residence_region_code, establishment_unit, establishment_type, created_by, version)
        SELECT (p->>0)::uuid, (p->>1)::uuid, p->>2, p->>3, (p->>4)::date, p->>5, p->>6, p->>7, 'JUNIOR_COLLEGE', '220622', '220622', '乡镇人民政府', 'PUBLIC_SYSTEM', 'bench:seed', 1
        FROM jsonb_array_elements($1::jsonb) p`, [JSON.stringify(people)]);
      await exec(`
        INSERT INTO post (id, person_id, organization_id, state, selected_on, exam_score, exam_on, on_duty_from, left_on, leave_reason, eligibility_policy_version, version)
        SELECT (p->>0)::uuid, (p->>1)::uuid, (p->>2)::uuid, p->>3, (p->>4)::date - 60, 85, (p->>4)::date - 10, (p->>4)::date, (p->>5)::date,
               CASE WHEN p->>5 IS NOT NULL THEN 'TRANSFER' END, 1, 1
        FROM jsonb_array_elements($1::jsonb) p`, [JSON.stringify(posts)]);
    }
    return written;
  });

  // 12. evaluations of station staff and stations: every month and quarter since January of the first year that
  //     has ended, and every ended year, as finalization writes them (current version 1, policy version 1)
  await step('evaluations (three years)', async () => exec(`
    WITH subjects AS (
      SELECT 'PERSON' AS kind, p.id, p.name, po.organization_id AS station, o.region_id AS region
      FROM post po JOIN person p ON p.id = po.person_id JOIN organization o ON o.id = po.organization_id
      WHERE po.state = 'ON_DUTY' AND o.kind = 'FIRE_WORK_STATION'
      UNION ALL
      SELECT 'STATION', o.id, o.name, o.id, o.region_id FROM organization o WHERE o.kind = 'FIRE_WORK_STATION'),
    periods AS (
      SELECT 'MONTH' AS kind, extract(year FROM m)::int AS year, extract(month FROM m)::int AS number FROM generate_series(make_date(${firstYear}, 1, 1), $1::date - interval '1 month', interval '1 month') m
      WHERE m + interval '1 month' <= date_trunc('month', $1::date)
      UNION ALL
      SELECT 'QUARTER', extract(year FROM q)::int, extract(quarter FROM q)::int FROM generate_series(make_date(${firstYear}, 1, 1), $1::date, interval '3 months') q
      WHERE q + interval '3 months' <= date_trunc('quarter', $1::date)
      UNION ALL
      SELECT 'YEAR', y, 1 FROM generate_series(${firstYear}, extract(year FROM $1::date)::int - 1) y),
    scored AS (
      SELECT s.*, p.kind AS period_kind, p.year, p.number, (55 + abs(hashtext(s.id::text || p.kind || p.year || p.number)) % 4500 / 100.0)::numeric(5,2) AS score
      FROM subjects s CROSS JOIN periods p)
    INSERT INTO evaluation_result (id, subject_kind, subject_id, subject_name, station_id, region_id, period_kind, year, number, version, current, score, grade, grade_label,
                                   policy_version, breakdown, finalized_by, finalized_at)
    SELECT gen_random_uuid(), kind, id, name, station, region, period_kind, year, number, 1, true, score, g.grade, g.label, 1,
           jsonb_build_object('policyVersion', 1, 'score', score, 'grade', g.grade, 'lines', '[]'::jsonb, 'notes', '[]'::jsonb), 'bench:seed', now()
    FROM scored CROSS JOIN LATERAL (SELECT CASE WHEN score >= 90 THEN 'EXCELLENT' WHEN score >= 80 THEN 'GOOD' WHEN score >= 60 THEN 'COMPETENT' ELSE 'INCOMPETENT' END AS grade) g0
    CROSS JOIN LATERAL (SELECT g0.grade, CASE g0.grade WHEN 'EXCELLENT' THEN '优秀' WHEN 'GOOD' THEN '良好' WHEN 'COMPETENT' THEN '称职' ELSE '不称职' END AS label) g`, [today]));

  // 13. fire incidents over the years, a few with casualties
  await step('fire incidents', async () => exec(`
    INSERT INTO fire_incident (id, region_id, occurred_at, place, cause, deaths, injuries, serious_injuries, direct_loss_yuan, level, policy_version, recorded_by)
    SELECT md5('f' || g)::uuid, t.id, now() - make_interval(days => (g * 29) % (365 * ${YEARS}), hours => g % 24), '地点' || g,
           (ARRAY['ELECTRICAL','CARELESS_USE','SMOKING','PLAYING','PRODUCTION','OTHER'])[1 + g % 6], (g % 97 = 0)::int, g % 3, 0, (g % 50) * 1000, 'GENERAL', 1, 'bench:seed'
    FROM generate_series(0, ${Math.round(PER_TOWNSHIP.fires * T) - 1}) g JOIN bench_township t ON t.i = g % ${T}`));

  await db.query('COMMIT');
  // as autovacuum would leave it: statistics for the planner, and visibility maps for index-only scans (a count)
  process.stdout.write('VACUUM ANALYZE … ');
  await db.query('VACUUM ANALYZE');
  const counts = await one(`
    SELECT (SELECT count(*) FROM region WHERE level = 'CITY')::int AS cities, (SELECT count(*) FROM region WHERE level = 'COUNTY')::int AS counties,
           (SELECT count(*) FROM region WHERE level = 'TOWNSHIP')::int AS townships, (SELECT count(*) FROM region WHERE level = 'VILLAGE')::int AS villages,
           (SELECT count(*) FROM premises)::int AS premises, (SELECT count(*) FROM inspection)::int AS inspections, (SELECT count(*) FROM hazard)::int AS hazards,
           (SELECT count(*) FROM hazard_event)::int AS "hazard events", (SELECT count(*) FROM training_activity)::int AS activities,
           (SELECT count(*) FROM person)::int AS staff, (SELECT count(*) FROM evaluation_result)::int AS evaluations, (SELECT count(*) FROM fire_incident)::int AS fires`);
  console.log(`done in ${elapsed()}`);
  console.log(Object.entries(counts).map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`).join(', '));
  console.log(`sign in as ${BENCH_USERS.province} (province) or ${BENCH_USERS.county} (Jingyu county), password ${BENCH_PASSWORD}`);
} finally {
  await db.end();
}

function uuidOf(text) {
  const hex = require('node:crypto').createHash('md5').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A well-formed 18-digit citizen id (GB 11643 check digit), unique per i. */
function citizenIdFor(i) {
  const body = `220622${19700101 + (i % 28) + Math.floor(i / 28) % 12 * 100}${String(i % 1000).padStart(3, '0')}`.slice(0, 17);
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, k) => s + Number(d) * weights[k], 0);
  return body + '10X98765432'[sum % 11];
}
