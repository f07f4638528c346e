// The benchmark (docs/performance.md), run by hand after `npm run bench:seed`:
//   npm run bench [-- --duration 10 --warmup 3]
// Starts the built server on the generated database (DATABASE_URL, else DATA_DIR, default ./data-bench) in
// production mode with SQL_STATS_HEADER on, signs in, and measures each request with autocannon after a warm-up:
// throughput and p50/p95/p99 latency (from every response's time, not autocannon's fixed percentiles), and the SQL
// statements the request issued (the server's X-SQL-Statements header). Prints a table, checks the targets, and
// writes bench/results.json.
import autocannon from 'autocannon';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { BENCH_ENV, BENCH_PASSWORD, BENCH_USERS, startServer, targetEnv } from './server.mjs';

const { values } = parseArgs({ options: { duration: { type: 'string', default: '10' }, warmup: { type: 'string', default: '3' } } });
const DURATION = Number(values.duration);
const WARMUP = Number(values.warmup);

const env = targetEnv();
const server = await startServer({ ...env, ...BENCH_ENV, SQL_STATS_HEADER: 'true', SEED_ON_START: 'false' });
const gid = (kind, id) => Buffer.from(`${kind}:${id}`).toString('base64');

async function post(body, token) {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  if (json.errors) throw new Error(`${JSON.stringify(body).slice(0, 120)}: ${JSON.stringify(json.errors)}`);
  return { json, statements: Number(res.headers.get('x-sql-statements')) };
}
const login = async (username) =>
  (await post({ query: `mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { accessToken } }`, variables: { u: username, p: BENCH_PASSWORD } })).json.data.login.accessToken;

/** One measured run: every response's latency kept, so p95 is exact. */
async function measure(body, token, connections, duration) {
  const latencies = [];
  const instance = autocannon({
    url: `${server.url}/graphql`,
    method: 'POST',
    connections,
    duration,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
  const result = await instance;
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return {
    requests: latencies.length,
    perSecond: Math.round((latencies.length / duration) * 10) / 10,
    p50: q(0.5), p95: q(0.95), p99: q(0.99),
    non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts,
  };
}

const results = [];
try {
  const province = await login(BENCH_USERS.province);
  // the county and province of the generated data, read through the API
  const regions = (await post({ query: `{ regions(first: 100, level: COUNTY) { totalCount edges { node { id name parent { parent { id name } } } } } }` }, province)).json.data.regions;
  const county = regions.edges.find((e) => e.node.name === '靖宇县').node;
  const provinceId = county.parent.parent.id;
  const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));

  const HAZARDS = (n) => ({
    query: `query($r: ID!) { hazards(first: ${n}, regionId: $r, status: RECTIFYING) { totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { id description foundOn deadline overdue majorStatus premises { id name riskLevel } region { id name } latestEvent { action at actor } } } } }`,
    variables: { r: county.id },
  });
  const SITUATION = (regionId) => ({
    query: `query($r: ID!, $y: Int!) { fireSituation(regionId: $r, period: { kind: YEAR, year: $y, number: 1 }) { regionName start end
      total { current { incidents deaths injuries directLossYuan inspections hazardsFound hazardsRectified hazardsOverdue rectificationRate } yearOnYear { metric value base delta percent } periodOnPeriod { metric delta } }
      townships { townshipName current { incidents hazardsFound hazardsOverdue rectificationRate } yearOnYear { metric percent } } } }`,
    variables: { r: regionId, y: year },
  });
  // staffing is a connection: the province's first page of 100 (of about 660 organizations) and the total
  const STAFFING = { query: `query($r: ID) { staffing(regionId: $r, first: 100) { totalCount edges { node { organizationName townshipName staffQuota onDuty vacancies pipeline { state count } } } } }`, variables: { r: provinceId } };
  const LOGIN = { query: `mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { accessToken } }`, variables: { u: BENCH_USERS.county, p: BENCH_PASSWORD } };

  const scenarios = [
    { name: 'hazards(first: 50) county + status, nested', body: HAZARDS(50), token: province, connections: [10], target: { p95: 50, at: 10 } },
    { name: 'hazards(first: 100) county + status, nested', body: HAZARDS(100), token: province, connections: [10] },
    { name: `fireSituation county-year ${year}`, body: SITUATION(county.id), token: province, connections: [1, 10], target: { p95: 200, at: 1 } },
    // one province-year takes ~0.6 s of both cores (parallel workers): at 10 at once they only queue behind each other
    { name: `fireSituation province-year ${year}`, body: SITUATION(provinceId), token: province, connections: [1, 2], target: { p95: 1000, at: 1 } },
    { name: 'staffing(first: 100) province', body: STAFFING, token: province, connections: [1, 10] },
    { name: 'login', body: LOGIN, token: null, connections: [1, 10] },
  ];

  for (const s of scenarios) {
    // one request first: it must succeed, and it tells the statements it issued
    const { json, statements } = await post(s.body, s.token);
    const size = JSON.stringify(json).length;
    for (const connections of s.connections) {
      process.stdout.write(`${s.name} @${connections} … `);
      await measure(s.body, s.token, connections, WARMUP);
      const m = await measure(s.body, s.token, connections, DURATION);
      const target = s.target && s.target.at === connections ? s.target : null;
      const row = { scenario: s.name, connections, statements, responseBytes: size, ...m, target: target ? `p95 < ${target.p95} ms` : null, met: target ? m.p95 < target.p95 : null };
      results.push(row);
      console.log(`${m.perSecond} req/s, p95 ${m.p95.toFixed(1)} ms, ${statements} statements`);
    }
  }

  const counts = (await post({ query: `{ hazards(first: 0) { totalCount } premises(first: 0) { totalCount } regions(first: 0, level: TOWNSHIP) { totalCount } }` }, province)).json.data;
  console.log();
  console.log(`data: ${counts.hazards.totalCount.toLocaleString('en-US')} hazards, ${counts.premises.totalCount.toLocaleString('en-US')} premises, ${counts.regions.totalCount} townships, ${regions.totalCount} counties; database: ${env.DATABASE_URL ? 'PostgreSQL server' : `embedded PGlite (${env.DATA_DIR})`}`);
  const pad = (v, n, right = false) => (right ? String(v).padEnd(n) : String(v).padStart(n));
  console.log(`${pad('request', 46, true)}${pad('conc', 5)}${pad('req/s', 9)}${pad('p50 ms', 9)}${pad('p95 ms', 9)}${pad('p99 ms', 9)}${pad('SQL', 5)}  target`);
  for (const r of results) {
    console.log(`${pad(r.scenario, 46, true)}${pad(r.connections, 5)}${pad(r.perSecond, 9)}${pad(r.p50.toFixed(1), 9)}${pad(r.p95.toFixed(1), 9)}${pad(r.p99.toFixed(1), 9)}${pad(r.statements, 5)}  ${r.target ? `${r.target}: ${r.met ? 'met' : 'NOT MET'}` : ''}${r.non2xx || r.errors ? `  (${r.non2xx} non-2xx, ${r.errors} errors)` : ''}`);
  }
  const most = Math.max(...results.map((r) => r.statements));
  const pages = results.filter((r) => r.scenario.startsWith('hazards'));
  console.log(`statements per request: at most ${most} (target ≤ 10: ${most <= 10 ? 'met' : 'NOT MET'}); hazards page of 50 and of 100: ${pages[0].statements} and ${pages.at(-1).statements} (${pages[0].statements === pages.at(-1).statements ? 'does not grow' : 'GROWS'} with the page size)`);

  const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.type()} ${os.release()}` };
  await writeFile(new URL('./results.json', import.meta.url), `${JSON.stringify({ at: new Date().toISOString(), machine, database: env.DATABASE_URL ? 'server' : 'embedded', data: { ...Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v.totalCount])), counties: regions.totalCount }, durationSeconds: DURATION, warmupSeconds: WARMUP, results }, null, 2)}\n`);
  console.log('written: bench/results.json');
} finally {
  await server.stop();
}
