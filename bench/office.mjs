// Office workflows (docs/office.md), run by hand after `npm run build`: `node bench/office.mjs [rows]` (embedded database in a
// temporary folder) or `DATABASE_URL=postgres://… node bench/office.mjs [rows]` (a scratch database on that server).
// Prints, for an import of `rows` premises (default 5000) and of 1000 villages with managers: the time of the dry run
// and of the real run, rows per second, how often a client polling importJob every 200 ms saw the progress move; then
// the latency of each .xlsx export and of the briefing on the imported data.
import ExcelJS from 'exceljs';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BENCH_ENV, graphql, scratchDatabase, startServer, stats } from './server.mjs';

const ROWS = Number(process.argv[2] ?? 5000);
const PASSWORD = 'Bench-Passw0rd!';
const CHANGED = 'Bench-Changed-Passw0rd!';
const scratch = process.env.DATABASE_URL ? await scratchDatabase(process.env.DATABASE_URL) : null;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcp-bench-office-'));
const env = scratch ? { DATABASE_URL: scratch.url } : { DATABASE_URL: '', DATA_DIR: dir };
const { url, stop } = await startServer({ ...BENCH_ENV, ...env, ADMIN_PASSWORD: PASSWORD });
const gql = graphql(url);

async function signIn(username, password, next) {
  let token = (await gql('mutation($i: LoginInput!) { login(input: $i) { accessToken } }', { i: { username, password } })).login.accessToken;
  if (next) {
    await gql('mutation($i: ChangePasswordInput!) { changePassword(input: $i) { username } }', { i: { currentPassword: password, newPassword: next } }, token);
    token = (await gql('mutation($i: LoginInput!) { login(input: $i) { accessToken } }', { i: { username, password: next } })).login.accessToken;
  }
  return token;
}

try {
  const admin = await signIn('admin', PASSWORD, CHANGED);
  const county = (await gql('{ me { region { id } } }', undefined, admin)).me.region.id;
  const townships = (await gql('{ townships(first: 20) { edges { node { id name } } } }', undefined, admin)).townships.edges.map((e) => e.node);
  await gql('mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }', { i: { username: 'bench-center', password: PASSWORD, displayName: '指导中心', role: 'CENTER', regionId: county } }, admin);
  const center = await signIn('bench-center', PASSWORD, CHANGED);

  async function workbook(sheet, headers, rows) {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet(sheet);
    ws.addRow(headers);
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
  async function upload(token, bytes) {
    const form = new FormData();
    form.append('file', new Blob([bytes]), 'import.xlsx');
    const res = await fetch(`${url}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    if (res.status !== 201) throw new Error(await res.text());
    return (await res.json()).sha256;
  }
  /** Starts an import and polls it every 200 ms: the time to its end and the distinct progress values seen. */
  async function timedImport(token, mutation, sha, dryRun) {
    const started = performance.now();
    const job = (await gql(`mutation($i: ImportInput!) { ${mutation}(input: $i) { id } }`, { i: { file: sha, regionId: county, dryRun } }, token))[mutation];
    const seen = new Set();
    const polls = [];
    let unavailable = 0;
    for (;;) {
      const t0 = performance.now();
      let j;
      try {
        j = (await gql('query($id: ID!) { importJob(id: $id) { status processedRows totalRows createdRecords problems(first: 1) { totalCount } } }', { id: job.id }, token)).importJob;
      } catch (error) {
        // the embedded database's one connection is the import's until it ends: a poll waits, then may time out
        if (!String(error.message).includes('SERVICE_UNAVAILABLE')) throw error;
        unavailable++;
        continue;
      } finally {
        polls.push(performance.now() - t0);
      }
      seen.add(j.processedRows);
      if (j.status !== 'RUNNING') return { ...j, ms: performance.now() - started, progressSeen: seen.size, polls, unavailable };
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const line = (what, r) =>
    console.log(`${what.padEnd(34)} ${r.status.padEnd(9)} ${String(r.totalRows).padStart(6)} rows ${(r.ms / 1000).toFixed(2).padStart(7)} s ${Math.round(r.totalRows / (r.ms / 1000)).toString().padStart(6)} rows/s  progress values seen: ${r.progressSeen}, polls unavailable: ${r.unavailable}, poll ms ${stats(r.polls)}`);

  console.log(`database: ${scratch ? 'PostgreSQL server' : 'embedded PGlite'}`);
  const premisesRows = Array.from({ length: ROWS }, (_, i) => [townships[i % townships.length].name, '', '九小场所', `场所${i + 1}`, `某街 ${i + 1} 号`, '', '店主', '13900000000', '一般风险', i % 10 === 0 ? '是' : '否']);
  const premisesSha = await upload(center, await workbook('场所', ['乡镇', '村（社区）', '场所类别', '场所名称', '地址', '成员单位', '消防安全责任人', '责任人电话', '风险等级', '消防安全重点单位'], premisesRows));
  line('premises, dry run', await timedImport(center, 'importPremises', premisesSha, true));
  line('premises', await timedImport(center, 'importPremises', premisesSha, false));

  const villageRows = Array.from({ length: 1000 }, (_, i) => [townships[i % townships.length].name, `测试${i + 1}村`, '村', '', `管理人${i + 1}`, `139${String(i).padStart(8, '0')}`, '2026-01-01', i % 2 ? '2026-02-01' : '']);
  const villagesSha = await upload(admin, await workbook('村（社区）', ['乡镇', '村（社区）名称', '类别', '区划代码', '消防安全管理人', '管理人电话', '确定日期', '防火公约通过日期'], villageRows));
  line('villages with managers, dry run', await timedImport(admin, 'importVillages', villagesSha, true));
  line('villages with managers', await timedImport(admin, 'importVillages', villagesSha, false));

  const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
  for (const [what, route] of [
    ['export staffing', '/office/exports/staffing.xlsx'],
    [`export hazards (all)`, '/office/exports/hazards.xlsx'],
    ['export fire situation (month)', `/office/exports/fire-situation.xlsx?regionId=${encodeURIComponent(county)}&period=${month}`],
    ['export village coverage', '/office/exports/village-coverage.xlsx'],
    ['export evaluations (year)', `/office/exports/evaluations.xlsx?year=${month.slice(0, 4)}`],
    ['briefing (month, county)', `/office/briefings/fire-situation.docx?month=${month}`],
  ]) {
    const times = [];
    let bytes = 0;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const res = await fetch(`${url}${route}`, { headers: { authorization: `Bearer ${center}` } });
      bytes = (await res.arrayBuffer()).byteLength;
      if (res.status !== 200) throw new Error(`${route}: ${res.status}`);
      times.push(performance.now() - t0);
    }
    console.log(`${what.padEnd(34)} ${String(bytes).padStart(8)} bytes  ms ${stats(times)}`);
  }
} finally {
  await stop();
  if (scratch) await scratch.drop();
  fs.rmSync(dir, { recursive: true, force: true });
}
