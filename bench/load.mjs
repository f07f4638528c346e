// The load run (docs/reliability.md), by hand:
//   npm run bench:load [-- --duration 60 --clients 100 --timeout 30]
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:load
// With DATABASE_URL it creates a scratch database next to the one named (dropped at the end); without it, the
// embedded database in a new temporary DATA_DIR (removed at the end). It starts the built server (production mode,
// bench/server.mjs), creates station and guidance-center accounts and a few premises through the API, then runs
// `--clients` closed-loop clients for `--duration` seconds, each with its own session, no think time, ~70 % reads and
// ~30 % writes. Every write carries an Idempotency-Key (a UUID) and a marker `LOAD-<run>-c<client>-<seq>` in a text
// field. Every response is counted (HTTP status, GraphQL errors by extensions.code, transport errors, timeouts) and
// timed. Afterwards the server is stopped (SIGTERM) and the database is read directly (pg on the server; PGlite
// through the project's own openDataSource on the embedded folder): per kind of write, the rows carrying this run's
// markers must be exactly the acknowledged writes, every hazard must have its first history entry (REPORTED), every
// acknowledged write must have its idempotency key with its stored response and its audit entry. Prints a table,
// writes bench/load-results.json, and exits 0 only when there was no error and every check holds.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_ENV, BENCH_PASSWORD, scratchDatabase, startServer } from './server.mjs';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    clients: { type: 'string', default: '100' },
    timeout: { type: 'string', default: '30' },
  },
});
const DURATION_S = Number(values.duration);
const CLIENTS = Number(values.clients);
const TIMEOUT_MS = Number(values.timeout) * 1000;
if (!(DURATION_S > 0) || !(CLIENTS > 0) || !(TIMEOUT_MS > 0)) throw new Error('--duration, --clients and --timeout must be positive numbers');

const RUN = `r${Date.now().toString(36)}`;
const MARK = `LOAD-${RUN}-`;
const ADMIN_NEW_PASSWORD = 'Bench-Passw0rd-2!';
const INITIAL_PASSWORD = 'Initial-Passw0rd!7';
const CLIENT_PASSWORD = 'Load-Passw0rd!7';
const base = process.env.DATABASE_URL || '';
const kind = base ? 'server' : 'embedded';

/** Beijing calendar: today's date and year, as the server counts them. */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
const YEAR = Number(today().slice(0, 4));
/** The uuid inside a Relay global id (base64 of `Type:uuid`), as the database stores it. */
const uuidOf = (globalId) => Buffer.from(globalId, 'base64').toString('utf8').split(':')[1];
const pick = (xs) => xs[Math.floor(Math.random() * xs.length)];
const int = (lo, hi) => lo + Math.floor(Math.random() * (hi - lo + 1));

// ---------------------------------------------------------------------------------------------------------------
// HTTP: node:http with a keep-alive agent, one socket per client; each response is read in full and timed.

let apiUrl;
function post(agent, body, headers = {}) {
  const payload = Buffer.from(JSON.stringify(body));
  const t0 = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const done = (r) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...r, ms: performance.now() - t0 });
    };
    const req = http.request(`${apiUrl}/graphql`, {
      agent, method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': payload.length, ...headers },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', (e) => done({ transport: e.code ?? e.message }));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json = null;
        try {
          json = JSON.parse(text);
        } catch {
          // counted as BAD_RESPONSE below
        }
        done({ status: res.statusCode, json, replayed: res.headers['idempotent-replayed'] === 'true', text: json ? undefined : text.slice(0, 200) });
      });
    });
    const timer = setTimeout(() => {
      done({ timeout: true });
      req.destroy(new Error('client timeout'));
    }, TIMEOUT_MS);
    req.on('error', (e) => done({ transport: e.code ?? e.message }));
    req.end(payload);
  });
}

/** Setup requests: must succeed, else the run stops. A fresh agent without keep-alive (no stale sockets later). */
const setupAgent = new http.Agent({ keepAlive: false });
async function gql(query, variables, token, headers = {}) {
  const r = await post(setupAgent, { query, variables }, { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers });
  if (r.timeout || r.transport || r.status !== 200 || !r.json || r.json.errors) {
    throw new Error(`setup request failed: ${query.slice(0, 80)}: ${JSON.stringify(r.json?.errors ?? r.transport ?? r.status ?? 'timeout')}`);
  }
  return r.json.data;
}

const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken passwordChangeRequired } }`;
const CHANGE_PASSWORD = `mutation($i: ChangePasswordInput!) { changePassword(input: $i) { passwordChangeRequired } }`;
const login = (username, password) => gql(LOGIN, { i: { username, password } }).then((d) => d.login);

/** Signs in; when a password set by someone else must be changed first, changes it (the session stays valid). */
async function signInFirst(username, password, newPassword) {
  const l = await login(username, password);
  if (!l.passwordChangeRequired) return { token: l.accessToken, password };
  const changed = await gql(CHANGE_PASSWORD, { i: { currentPassword: password, newPassword } }, l.accessToken);
  if (changed.changePassword.passwordChangeRequired) throw new Error(`${username}: password change did not clear the requirement`);
  return { token: l.accessToken, password: newPassword };
}

async function inBatches(items, size, fn) {
  const out = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The operations. Reads: ~70 %, writes: ~30 % (weights in percent).

const Q = {
  hazards: `query LoadHazards { hazards(first: 20) { totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id description foundOn status overdue majorStatus premises { id name riskLevel } region { id name } latestEvent { action at actor } } } } }`,
  premises: `query LoadPremises { premises(first: 20) { totalCount pageInfo { hasNextPage endCursor }
    edges { node { id name kind riskLevel keyUnit lastInspectedOn nextInspectionDue region { id name } } } } }`,
  fireSituation: `query LoadFireSituation($r: ID!, $y: Int!) { fireSituation(regionId: $r, period: { kind: YEAR, year: $y, number: 1 }) { regionName start end
    total { current { incidents deaths injuries directLossYuan inspections hazardsFound hazardsRectified hazardsOverdue rectificationRate } yearOnYear { metric value base delta percent } periodOnPeriod { metric delta } }
    townships { townshipName current { incidents hazardsFound hazardsOverdue rectificationRate } yearOnYear { metric percent } } } }`,
  townships: `query LoadTownships { townships { totalCount edges { node { id name code station { id staffQuota } } } } }`,
  me: `query LoadMe { me { id username displayName role passwordChangeRequired region { id name } organization { id name } } }`,
  createPremises: `mutation LoadCreatePremises($i: CreatePremisesInput!) { createPremises(input: $i) { id name region { id } } }`,
  reportHazard: `mutation LoadReportHazard($i: ReportHazardInput!) { reportHazard(input: $i) { id description status latestEvent { action } } }`,
  recordActivity: `mutation LoadRecordActivity($i: RecordActivityInput!) { recordActivity(input: $i) { id title } }`,
};
const MIX = [
  ['hazards', 22], ['premises', 14], ['fireSituation', 10], ['townships', 12], ['me', 12],
  ['createPremises', 8], ['reportHazard', 14], ['recordActivity', 8],
];
const WRITES = { createPremises: { table: 'premises', column: 'name', target: 'Premises' }, reportHazard: { table: 'hazard', column: 'description', target: 'Hazard' }, recordActivity: { table: 'training_activity', column: 'title', target: 'Activity' } };
const OPS = MIX.map(([op]) => op);
const TOTAL_WEIGHT = MIX.reduce((s, [, w]) => s + w, 0);
function chooseOp() {
  let x = Math.random() * TOTAL_WEIGHT;
  for (const [op, w] of MIX) if ((x -= w) < 0) return op;
  return MIX.at(-1)[0];
}

const PREMISES_KINDS = ['CROWDED_PLACE', 'SMALL_VENUE', 'VILLAGE', 'ENTERPRISE', 'OTHER'];
const PREMISES_NAMES = ['超市', '宾馆', '网吧', '加油站', '小作坊', '幼儿园', '村委会', '木材加工厂', '饭店', '仓库'];
const RISK_LEVELS = ['LOW', 'GENERAL', 'SIGNIFICANT', 'MAJOR'];
const HAZARDS = ['灭火器过期', '疏散通道堵塞', '安全出口锁闭', '电气线路私拉乱接', '消防栓被遮挡', '应急照明损坏'];
const AUDIENCES = ['VILLAGERS', 'STUDENTS', 'ELDERLY_AND_CHILDREN', 'ENTERPRISES', 'PLACE_STAFF'];

function writeInput(op, client, marker) {
  const township = client.township ?? pick(townships);
  if (op === 'createPremises') {
    return {
      regionId: township.id, kind: pick(PREMISES_KINDS), name: `${pick(PREMISES_NAMES)}（${marker}）`, address: `${township.name}${int(1, 300)}号`,
      responsibleName: '负责人', riskLevel: pick(RISK_LEVELS), keyUnit: Math.random() < 0.1,
      ...(Math.random() < 0.5 ? { responsiblePhone: `139${String(int(0, 99999999)).padStart(8, '0')}` } : {}),
    };
  }
  if (op === 'reportHazard') {
    return { premisesId: pick(premisesOf.get(township.id)), description: `${pick(HAZARDS)}（${marker}）`, foundOn: today() };
  }
  const kindOf = pick(['PUBLICITY', 'EDUCATION', 'TRAINING', 'DRILL']);
  return {
    kind: kindOf, title: `${kindOf === 'DRILL' ? '疏散演练' : '消防宣传'}（${marker}）`, heldOn: today(), regionId: township.id,
    organizer: `${township.name}消防工作站`, audiences: [pick(AUDIENCES)], participantCount: int(5, 120), content: '入户宣传，讲解用火用电安全',
    ...(kindOf === 'DRILL' ? { scenario: '村部起火，疏散人员', durationMinutes: int(20, 90), assessment: '疏散有序，个别人员不熟悉路线' } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Accounting

const perOp = Object.fromEntries(OPS.map((op) => [op, { count: 0, ok: 0, latencies: [], errors: {} }]));
const errorsByCode = {};
const statuses = {};
/** Every write sent: marker, key, op, outcome (ack / failed / unknown), id when acknowledged. */
const writes = [];
let replayed = 0;

function countError(op, code) {
  perOp[op].errors[code] = (perOp[op].errors[code] ?? 0) + 1;
  errorsByCode[code] = (errorsByCode[code] ?? 0) + 1;
}

/** Classifies one response; returns the root field's data when it is a success. */
function account(op, field, r) {
  const s = perOp[op];
  s.count++;
  s.latencies.push(r.ms);
  if (r.timeout) return countError(op, 'TIMEOUT'), undefined;
  if (r.transport) return countError(op, `TRANSPORT:${r.transport}`), undefined;
  statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  if (r.replayed) replayed++;
  // one error per response: its GraphQL error codes when it has any, else the HTTP status or the malformed body
  if (r.json?.errors?.length) {
    for (const code of new Set(r.json.errors.map((e) => e.extensions?.code ?? 'NO_CODE'))) countError(op, code);
    return undefined;
  }
  if (r.status !== 200) return countError(op, `HTTP_${r.status}`), undefined;
  if (!r.json) return countError(op, 'BAD_RESPONSE'), undefined;
  const value = r.json.data?.[field];
  if (value == null) return countError(op, 'NO_DATA'), undefined;
  s.ok++;
  return value;
}

// ---------------------------------------------------------------------------------------------------------------
// Server log: JSON lines of level warn (40) and above are kept.

// Lines before the run (setup, including the one refused probe) are kept apart from the run's.
const setupLog = { warn: 0, error: 0, samples: [] };
const serverLog = { warn: 0, error: 0, samples: [] };
let log = setupLog;
function watchLog(child) {
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream.on('data', (chunk) => {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop();
      for (const line of lines) {
        if (!line.startsWith('{')) continue;
        let entry;
        try {
          entry = JSON.parse(line);
        } catch {
          continue;
        }
        if (entry.level >= 50) log.error++;
        else if (entry.level >= 40) log.warn++;
        else continue;
        if (log.samples.length < 30) log.samples.push(line.slice(0, 1500));
      }
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// CPU during the run (Linux /proc): the server, PostgreSQL, this load generator, and anything else on the machine,
// so that a run disturbed by other work shows it.

function cpuSnapshot() {
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
    const procs = new Map();
    for (const pid of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        procs.set(Number(pid), { comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), ticks: Number(rest[11]) + Number(rest[12]) });
      } catch {
        // the process ended meanwhile
      }
    }
    return { total: f.reduce((a, b) => a + b, 0), idle: f[3] + f[4], procs };
  } catch {
    return null;
  }
}

/** Cores used per group between two snapshots (of os.cpus().length). */
function cpuUse(a, b, serverPid) {
  if (!a || !b) return null;
  const cores = os.cpus().length;
  const total = b.total - a.total;
  const groups = { server: 0, postgres: 0, loadGenerator: 0 };
  for (const [pid, p] of b.procs) {
    const used = p.ticks - (a.procs.get(pid)?.ticks ?? 0);
    if (pid === serverPid) groups.server += used;
    else if (pid === process.pid) groups.loadGenerator += used;
    else if (p.comm === 'postgres') groups.postgres += used;
  }
  const busy = total - (b.idle - a.idle);
  const out = Object.fromEntries(Object.entries(groups).map(([k, v]) => [k, +((v / total) * cores).toFixed(2)]));
  out.other = +(((busy - groups.server - groups.postgres - groups.loadGenerator) / total) * cores).toFixed(2);
  out.idle = +(((b.idle - a.idle) / total) * cores).toFixed(2);
  out.cores = cores;
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Database for the checks

async function openDatabase(target) {
  if (target.url) {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    return { query: async (sql, params) => (await client.query(sql, params)).rows, close: () => client.end() };
  }
  // the embedded folder, opened as the server opens it (PGlite behind its loopback socket; takes the folder's lock)
  const require = createRequire(import.meta.url);
  const { loadAppConfig } = require('../dist/src/config/app-config.js');
  const { openDataSource } = require('../dist/src/database/data-source.js');
  const ds = await openDataSource(loadAppConfig({ DATA_DIR: target.dataDir }).database);
  return { query: (sql, params) => ds.query(sql, params), close: () => ds.destroy() };
}

// ---------------------------------------------------------------------------------------------------------------

let townships = [];
const premisesOf = new Map();
let scratch;
let dataDir;
let server;
let exitCode = 1;
const started = new Date();
const loadBefore = os.loadavg()[0]; // other work on the machine skews the figures: recorded with them
try {
  const target = {};
  if (base) {
    scratch = await scratchDatabase(base);
    target.url = scratch.url;
  } else {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcp-load-'));
    target.dataDir = dataDir;
  }
  server = await startServer({ ...BENCH_ENV, ...(base ? { DATABASE_URL: scratch.url } : { DATABASE_URL: '', DATA_DIR: dataDir }) });
  apiUrl = server.url;
  watchLog(server.child);
  const serverExited = new Promise((resolve) => server.child.once('exit', (code, signal) => resolve({ code, signal })));
  console.log(`run ${RUN}: ${CLIENTS} clients × ${DURATION_S} s against ${apiUrl} (${kind === 'server' ? `PostgreSQL server, scratch database ${new URL(scratch.url).pathname.slice(1)}` : `embedded PGlite in ${dataDir}`})`);

  // --- setup through the API: the administrator, the county and its townships, accounts, premises
  const t0 = performance.now();
  const admin = (await signInFirst('admin', BENCH_PASSWORD, ADMIN_NEW_PASSWORD)).token;
  const ts = await gql(`{ townships(first: 20) { edges { node { id name county { id name } } } } }`, undefined, admin);
  townships = ts.townships.edges.map((e) => e.node);
  const county = townships[0].county;
  if (townships.length !== 8 || county.name !== '靖宇县') throw new Error(`expected the 8 townships of 靖宇县, got ${townships.length} of ${county.name}`);

  // accounts: two station staff per township, four guidance-center staff (about the staffing of the plan's Appendix 1)
  const specs = [
    ...townships.flatMap((t, i) => [1, 2].map((k) => ({ username: `ld-${RUN}-s${i}${k}`, role: 'STATION', region: t, township: t }))),
    ...[1, 2, 3, 4].map((k) => ({ username: `ld-${RUN}-c${k}`, role: 'CENTER', region: county, township: null })),
  ];
  const CREATE_ACCOUNT = `mutation($i: CreateAccountInput!) { createAccount(input: $i) { id passwordChangeRequired } }`;
  for (const s of specs) {
    await gql(CREATE_ACCOUNT, { i: { username: s.username, password: INITIAL_PASSWORD, displayName: `压测${s.role === 'STATION' ? s.township.name : '指导中心'}${s.username.slice(-2)}`, role: s.role, regionId: s.region.id } }, admin, { 'idempotency-key': randomUUID() });
  }
  // first sign-in of each: the administrator set the password, so it must be changed
  await inBatches(specs, 4, async (s) => {
    s.password = (await signInFirst(s.username, INITIAL_PASSWORD, CLIENT_PASSWORD)).password;
  });
  const stationSpecs = specs.filter((s) => s.role === 'STATION');
  const centerSpecs = specs.filter((s) => s.role === 'CENTER');

  // three premises per township to report hazards on (marked SETUP-, not counted as load writes)
  for (const [i, t] of townships.entries()) {
    const owner = stationSpecs.find((s) => s.township === t);
    const token = (await login(owner.username, owner.password)).accessToken;
    premisesOf.set(t.id, []);
    for (let k = 0; k < 3; k++) {
      const d = await gql(Q.createPremises, { i: { regionId: t.id, kind: 'CROWDED_PLACE', name: `商场（SETUP-${RUN}-t${i}-${k}）`, address: `${t.name}${k + 1}号`, responsibleName: '经理', riskLevel: 'GENERAL' } }, token, { 'idempotency-key': randomUUID() });
      premisesOf.get(t.id).push(d.createPremises.id);
    }
  }

  // the clients: every fifth one is a guidance-center staff member (county-wide), the others station staff; each
  // signs in on its own (its own session, as on its own device)
  const clients = [];
  for (let c = 0, st = 0, ce = 0; c < CLIENTS; c++) {
    const spec = c % 5 === 4 ? centerSpecs[ce++ % centerSpecs.length] : stationSpecs[st++ % stationSpecs.length];
    clients.push({ id: c, spec, township: spec.township, seq: 0 });
  }
  await inBatches(clients, 4, async (c) => {
    c.token = (await login(c.spec.username, c.spec.password)).accessToken;
  });
  // fireSituation: the county for the center; a station reads its township (the county is outside its jurisdiction)
  for (const c of clients) c.situationRegion = c.township ? c.township.id : county.id;
  const stationCanReadCounty = await post(setupAgent, { query: Q.fireSituation, variables: { r: county.id, y: YEAR } }, { authorization: `Bearer ${clients[0].token}` });
  const stationCountyCode = stationCanReadCounty.json?.errors?.[0]?.extensions?.code ?? 'allowed';
  console.log(`setup: ${specs.length} accounts, ${townships.length * 3} premises, ${CLIENTS} sessions in ${((performance.now() - t0) / 1000).toFixed(1)} s (a station reading the county's fireSituation: ${stationCountyCode})`);

  // --- the run
  log = serverLog;
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS, maxFreeSockets: CLIENTS });
  const runStart = performance.now();
  const deadline = runStart + DURATION_S * 1000;
  let lastResponse = runStart;
  const cpuStart = cpuSnapshot();
  const timeline = [];
  let previousCount = 0;
  const progress = setInterval(() => {
    const n = OPS.reduce((s, op) => s + perOp[op].count, 0);
    const e = Object.values(errorsByCode).reduce((s, x) => s + x, 0);
    const at = Math.round((performance.now() - runStart) / 1000);
    timeline.push({ at, responses: n, perSecond: Math.round((n - previousCount) / 10), errors: e });
    previousCount = n;
    console.log(`  ${String(at).padStart(3)} s: ${n} responses (${timeline.at(-1).perSecond} req/s in the last 10 s), ${e} errors`);
  }, 10_000);

  async function runClient(c) {
    const auth = { authorization: `Bearer ${c.token}` };
    while (performance.now() < deadline) {
      const op = chooseOp();
      if (WRITES[op]) {
        const marker = `${MARK}c${c.id}-${++c.seq}`;
        const key = randomUUID();
        const w = { op, marker, key, client: c.id, outcome: 'unknown', id: null };
        writes.push(w);
        const input = writeInput(op, c, marker);
        const r = await post(agent, { query: Q[op], variables: { i: input } }, { ...auth, 'idempotency-key': key });
        lastResponse = performance.now();
        const value = account(op, op, r);
        if (value) {
          w.outcome = 'ack';
          w.id = uuidOf(value.id);
          if (op === 'createPremises') premisesOf.get(input.regionId).push(value.id); // the global id, as the API takes it
        } else if (r.status === 200 && r.json?.errors?.length && r.json.data == null) {
          w.outcome = 'failed'; // answered with an error and no data: not acknowledged (a row for it would show as unacknowledged)
        }
      } else {
        const variables = op === 'fireSituation' ? { r: c.situationRegion, y: YEAR } : undefined;
        const r = await post(agent, { query: Q[op], variables }, auth);
        lastResponse = performance.now();
        account(op, op, r);
      }
    }
  }
  await Promise.all(clients.map(runClient));
  clearInterval(progress);
  const cpu = cpuUse(cpuStart, cpuSnapshot(), server.child.pid);
  const elapsedS = (lastResponse - runStart) / 1000;
  agent.destroy();

  // --- stop the server (graceful), then read the database directly
  server.child.kill('SIGTERM');
  const exit = await serverExited;
  const db = await openDatabase(target);
  const checks = [];
  let byKind;
  try {
    byKind = {};
    for (const [op, w] of Object.entries(WRITES)) {
      const rows = await db.query(`SELECT id::text AS id, ${w.column} AS text FROM ${w.table} WHERE position($1 in ${w.column}) > 0`, [MARK]);
      const inDb = new Map(rows.map((r) => [/LOAD-\w+-c\d+-\d+/.exec(r.text)?.[0], r.id]));
      const sent = writes.filter((x) => x.op === op);
      const acked = sent.filter((x) => x.outcome === 'ack');
      const missing = acked.filter((x) => inDb.get(x.marker) !== x.id).map((x) => x.marker);
      const ackedMarkers = new Set(acked.map((x) => x.marker));
      const extra = [...inDb.keys()].filter((m) => !ackedMarkers.has(m));
      byKind[op] = { sent: sent.length, acknowledged: acked.length, rows: rows.length, duplicateMarkers: rows.length - inDb.size, missing: missing.slice(0, 10), missingCount: missing.length, unacknowledgedInDb: extra.slice(0, 10), unacknowledgedInDbCount: extra.length };
      checks.push({ check: `${op}: rows with this run's marker = acknowledged writes`, expected: acked.length, actual: rows.length, ok: rows.length === acked.length && missing.length === 0 && extra.length === 0 });
    }
    const ackedWrites = writes.filter((x) => x.outcome === 'ack');
    // every hazard's first history entry is its REPORTED one
    const [h] = await db.query(`SELECT count(*)::int AS hazards,
        count(*) FILTER (WHERE f.action IS NULL)::int AS without_history,
        count(*) FILTER (WHERE f.action IS NOT NULL AND f.action <> 'REPORTED')::int AS first_not_reported
      FROM hazard h LEFT JOIN LATERAL (SELECT action FROM hazard_event e WHERE e.hazard_id = h.id ORDER BY e.seq LIMIT 1) f ON true`);
    checks.push({ check: 'every hazard has its first history entry (REPORTED)', expected: 0, actual: h.without_history + h.first_not_reported, ok: h.without_history === 0 && h.first_not_reported === 0, hazards: h.hazards });
    // the idempotency key of each acknowledged write, recorded in its transaction, with the response stored
    const [k] = await db.query(`SELECT count(*)::int AS keys, count(*) FILTER (WHERE response IS NOT NULL)::int AS stored FROM idempotency_key WHERE key = ANY($1::text[])`, [ackedWrites.map((x) => x.key)]);
    checks.push({ check: 'idempotency keys of acknowledged writes, with stored response', expected: ackedWrites.length, actual: k.stored, ok: k.keys === ackedWrites.length && k.stored === ackedWrites.length, keys: k.keys });
    const [kAll] = await db.query(`SELECT count(*)::int AS keys FROM idempotency_key WHERE key = ANY($1::text[])`, [writes.map((x) => x.key)]);
    checks.push({ check: 'idempotency keys recorded for writes sent (none for a failed one)', expected: ackedWrites.length, actual: kAll.keys, ok: kAll.keys === ackedWrites.length });
    // one SUCCESS audit entry per acknowledged write, naming its target
    const audit = await db.query(`SELECT operation, count(*)::int AS n FROM audit_entry WHERE outcome = 'SUCCESS' AND target_id = ANY($1::text[]) GROUP BY operation`, [ackedWrites.map((x) => x.id)]);
    for (const op of Object.keys(WRITES)) {
      const n = audit.find((a) => a.operation === op)?.n ?? 0;
      const expected = ackedWrites.filter((x) => x.op === op).length;
      checks.push({ check: `${op}: SUCCESS audit entries = acknowledged writes`, expected, actual: n, ok: n === expected });
    }
  } finally {
    await db.close();
  }

  // --- report
  const q = (xs, p) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? NaN;
  const row = (name, s) => {
    const xs = [...s.latencies].sort((a, b) => a - b);
    const errors = Object.values(s.errors).reduce((a, b) => a + b, 0);
    return { operation: name, count: s.count, ok: s.ok, errors, perSecond: Math.round((s.count / elapsedS) * 10) / 10, p50: +q(xs, 0.5).toFixed(1), p95: +q(xs, 0.95).toFixed(1), p99: +q(xs, 0.99).toFixed(1), max: +(xs.at(-1) ?? NaN).toFixed(1) };
  };
  const rows = OPS.map((op) => row(op, perOp[op]));
  const merge = (ops) => {
    const errors = {};
    for (const op of ops) for (const [code, n] of Object.entries(perOp[op].errors)) errors[code] = (errors[code] ?? 0) + n;
    return { count: ops.reduce((a, op) => a + perOp[op].count, 0), ok: ops.reduce((a, op) => a + perOp[op].ok, 0), latencies: ops.flatMap((op) => perOp[op].latencies), errors };
  };
  const readOps = OPS.filter((op) => !WRITES[op]);
  const writeOps = OPS.filter((op) => WRITES[op]);
  const totals = [row('reads', merge(readOps)), row('writes', merge(writeOps)), row('total', merge(OPS))];

  const pad = (v, n, left = false) => (left ? String(v).padEnd(n) : String(v).padStart(n));
  console.log();
  console.log(`${pad('operation', 16, true)}${pad('count', 8)}${pad('share', 7)}${pad('req/s', 9)}${pad('p50 ms', 9)}${pad('p95 ms', 9)}${pad('p99 ms', 9)}${pad('max ms', 9)}${pad('errors', 8)}`);
  const total = totals[2].count;
  for (const r of [...rows, ...totals]) {
    if (r.operation === 'reads') console.log('-'.repeat(84));
    console.log(`${pad(r.operation, 16, true)}${pad(r.count, 8)}${pad(`${((r.count / total) * 100).toFixed(0)}%`, 7)}${pad(r.perSecond, 9)}${pad(r.p50, 9)}${pad(r.p95, 9)}${pad(r.p99, 9)}${pad(r.max, 9)}${pad(r.errors, 8)}`);
  }
  const errorCount = Object.values(errorsByCode).reduce((a, b) => a + b, 0);
  console.log(`\n${total} responses in ${elapsedS.toFixed(1)} s; HTTP statuses ${JSON.stringify(statuses)}; replayed answers ${replayed}`);
  console.log(`errors by code: ${errorCount === 0 ? 'none' : JSON.stringify(errorsByCode)}`);
  for (const op of OPS) if (Object.keys(perOp[op].errors).length) console.log(`  ${op}: ${JSON.stringify(perOp[op].errors)}`);
  if (cpu) console.log(`CPU in cores (of ${cpu.cores}): server ${cpu.server}, PostgreSQL ${cpu.postgres}, load generator ${cpu.loadGenerator}, other processes ${cpu.other}, idle ${cpu.idle}`);
  console.log(`server log: ${serverLog.error} error lines, ${serverLog.warn} warning lines; exit ${exit.code ?? exit.signal}`);
  for (const l of serverLog.samples.slice(0, 10)) console.log(`  ${l.slice(0, 400)}`);
  console.log('\nwrites: sent / acknowledged / rows with the marker');
  for (const [op, b] of Object.entries(byKind)) {
    console.log(`  ${pad(op, 16, true)}${pad(b.sent, 7)}${pad(b.acknowledged, 7)}${pad(b.rows, 7)}${b.missingCount ? `  missing: ${b.missing.join(', ')}` : ''}${b.unacknowledgedInDbCount ? `  in the database, not acknowledged: ${b.unacknowledgedInDb.join(', ')}` : ''}`);
  }
  console.log('checks:');
  for (const c of checks) console.log(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.check}: expected ${c.expected}, found ${c.actual}`);
  const passed = errorCount === 0 && serverLog.error === 0 && checks.every((c) => c.ok) && exit.code === 0;
  console.log(`\n${passed ? 'PASSED' : 'FAILED'}: ${errorCount} errors, ${serverLog.error} server error lines, ${checks.filter((c) => !c.ok).length} failed checks`);

  // bench/load-results.json keeps the latest run of each kind of database
  const file = new URL('./load-results.json', import.meta.url);
  const previous = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
  const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.type()} ${os.release()}`, note: 'server, database and load generator on the same machine', loadAverage1mBefore: +loadBefore.toFixed(2) };
  previous[kind] = {
    at: started.toISOString(), run: RUN, database: kind, machine, clients: CLIENTS, durationSeconds: DURATION_S, elapsedSeconds: +elapsedS.toFixed(2), timeoutSeconds: TIMEOUT_MS / 1000,
    server: { poolSize: kind === 'server' ? Number(process.env.DATABASE_POOL_SIZE ?? 10) : 1, logLevel: 'info', nodeEnv: 'production', exit },
    mix: Object.fromEntries(MIX), accounts: { station: stationSpecs.length, center: centerSpecs.length }, clientsByRole: { station: clients.filter((c) => c.township).length, center: clients.filter((c) => !c.township).length },
    stationReadingCountyFireSituation: stationCountyCode,
    cpu, timeline, operations: rows, totals, httpStatuses: statuses, errorsByCode, errorsByOperation: Object.fromEntries(OPS.map((op) => [op, perOp[op].errors])), replayedAnswers: replayed,
    serverLog, setupLog, writes: byKind, checks, passed,
  };
  fs.writeFileSync(file, `${JSON.stringify(previous, null, 2)}\n`);
  console.log('written: bench/load-results.json');
  exitCode = passed ? 0 : 1;
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  if (server && server.child.exitCode === null && server.child.signalCode === null) await server.stop();
  if (scratch) await scratch.drop().catch((e) => console.error(`could not drop the scratch database: ${e.message}`));
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
