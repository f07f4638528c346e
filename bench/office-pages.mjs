// Page counts of the office documents on the bench data, run by hand (issue on office documents: the closing note's
// "before" and "after"):
//   DATABASE_URL=postgres://…/h4_bench node bench/office-pages.mjs [--month YYYY-MM]       (starts the built server on it)
//   node bench/office-pages.mjs --url http://127.0.0.1:3000 --token <access token> [--month YYYY-MM]
// The database is one that `npm run bench:seed -- --scale county` filled (it signs in as bench-county, the county's
// committee office); with --url the token's account is used as it is. Fetches the monthly briefing (.docx) for the
// month (default: the last whole month in Beijing time) and the overdue hazards export (.xlsx) of the actor's region,
// converts both to PDF with LibreOffice (soffice) and prints, for each: the page count, the page sizes (pdfinfo), the
// images, and for the briefing the tables of the .docx with their header and number of data rows, next to the
// number of overdue hazards the API reports, and for the export how many pages print every column (their header
// line runs from the first column's header to the last's). Figures only, no assertions; needs soffice and poppler-utils.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import ExcelJS from 'exceljs';
import PizZip from 'pizzip';
import { BENCH_ENV, BENCH_PASSWORD, BENCH_USERS, graphql, startServer } from './server.mjs';

const { values } = parseArgs({ options: { url: { type: 'string' }, token: { type: 'string' }, month: { type: 'string' }, keep: { type: 'string' } } });
const lastMonth = () => {
  const now = new Date(Date.now() + 8 * 3600_000); // Beijing
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
};
const month = values.month ?? lastMonth();

let server = null;
let url = values.url;
let token = values.token;
if (!url) {
  if (!process.env.DATABASE_URL) throw new Error('give --url and --token, or DATABASE_URL of a seeded database');
  server = await startServer({ ...BENCH_ENV, DATABASE_URL: process.env.DATABASE_URL });
  url = server.url;
}
const gql = graphql(url);
// asynchronous, so that the event loop sees the server close an idle keep-alive connection during a conversion
const run = async (file, args, options = {}) => (await promisify(execFile)(file, args, { maxBuffer: 256 << 20, ...options })).stdout;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcp-office-pages-'));

/** The file's bytes, or an error with the server's answer. */
async function download(p) {
  const res = await fetch(`${url}${p}`, { headers: { authorization: `Bearer ${token}` } });
  const bytes = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) throw new Error(`GET ${p}: ${res.status} ${bytes.toString().slice(0, 500)}`);
  return bytes;
}

/** LibreOffice's PDF of the file (own profile, so a running soffice does not interfere), read with poppler. */
async function render(name, bytes) {
  const input = path.join(dir, name);
  fs.writeFileSync(input, bytes);
  const t0 = performance.now();
  await run('soffice', [`-env:UserInstallation=file://${dir}/profile-${name}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', dir, input], { timeout: 600_000 });
  const seconds = (performance.now() - t0) / 1000;
  const pdf = input.replace(/\.\w+$/, '.pdf');
  const pages = Number(/^Pages:\s+(\d+)/m.exec(await run('pdfinfo', [pdf]))[1]);
  const sizes = new Map();
  for (const m of (await run('pdfinfo', ['-f', '1', '-l', String(pages), pdf])).matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts(?: \((\w+)\))?/gm)) {
    const key = `${Math.round(m[1])} x ${Math.round(m[2])} pt${m[3] ? ` (${m[3]})` : ''}`;
    sizes.set(key, (sizes.get(key) ?? 0) + 1);
  }
  const images = (await run('pdfimages', ['-list', pdf])).split('\n').slice(2).filter((l) => l.trim()).length;
  const text = (await run('pdftotext', ['-layout', pdf, '-'])).split('\f');
  return { pages, sizes: [...sizes].map(([k, n]) => `${n} × ${k}`).join(', '), images, seconds, text, pdf };
}

/** The .docx's tables: the first row's text and the number of rows after it. */
function docxTables(bytes) {
  const xml = new PizZip(bytes).file('word/document.xml').asText();
  const cellText = (row) => [...row.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => [...c[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('')).join(' | ');
  return [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((t) => {
    const rows = [...t[0].matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((r) => r[0]);
    return { header: cellText(rows[0] ?? ''), rows: rows.length - 1 };
  });
}

try {
  if (!token) {
    token = (await gql('mutation($i: LoginInput!) { login(input: $i) { accessToken } }', { i: { username: BENCH_USERS.county, password: BENCH_PASSWORD } })).login.accessToken;
  }
  const me = (await gql('{ me { username role region { id name } } }', undefined, token)).me;
  const regionId = me.region.id;
  const counts = (await gql(`query($r: ID) { all: hazards(regionId: $r, first: 1) { totalCount } overdue: hazards(regionId: $r, overdue: true, first: 1) { totalCount }
    rectifying: hazards(regionId: $r, status: RECTIFYING, first: 1) { totalCount } major: hazards(regionId: $r, major: true, first: 1) { totalCount } }`, { r: regionId }, token));
  console.log(`${me.region.name}, as ${me.username} (${me.role}); briefing month ${month}; today ${new Date().toISOString()}`);
  console.log(`API: hazards ${counts.all.totalCount}, rectifying ${counts.rectifying.totalCount}, overdue ${counts.overdue.totalCount}, major ${counts.major.totalCount}`);

  const q = (o) => new URLSearchParams(o).toString();
  const docx = await download(`/office/briefings/fire-situation.docx?${q({ regionId, month })}`);
  const b = await render('briefing.docx', docx);
  console.log(`\nbriefing ${month} (.docx ${(docx.length / 1024).toFixed(0)} KB, converted in ${b.seconds.toFixed(1)} s): ${b.pages} pages; sizes ${b.sizes}; images ${b.images}`);
  for (const t of docxTables(docx)) console.log(`  table: ${String(t.rows).padStart(5)} rows under 「${t.header.slice(0, 90)}」`);
  const more = b.text.join('\n').match(/另有[^\n。；]*/g) ?? [];
  for (const m of more) console.log(`  says: 「${m.trim()}」`);

  const xlsx = await download(`/office/exports/hazards.xlsx?${q({ regionId, overdue: 'true' })}`);
  const x = await render('hazards-overdue.xlsx', xlsx);
  // one page wide: a page whose header line runs from the first column's header to the last one's
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(xlsx);
  const ws = wb.worksheets[0];
  let header = [];
  ws.eachRow((row) => { if (!header.length && String(row.getCell(1).value) === '发现日期') header = row.values.filter((v) => v !== undefined && v !== null).map(String); });
  const [first, last] = [header[0], header.at(-1)];
  const whole = x.text.filter((p) => p.split('\n').some((l) => l.includes(first) && l.includes(last))).length;
  console.log(`\nhazards.xlsx?overdue=true (${(xlsx.length / 1024).toFixed(0)} KB, ${ws.rowCount} sheet rows, converted in ${x.seconds.toFixed(1)} s): ${x.pages} pages; sizes ${x.sizes}; pages whose header line runs from 「${first}」 to 「${last}」: ${whole}`);
  console.log(`  first page text:\n${x.text[0].split('\n').slice(0, 8).map((l) => `    ${l}`).join('\n')}`);
  if (values.keep) {
    fs.mkdirSync(values.keep, { recursive: true });
    for (const f of [b.pdf, x.pdf]) fs.copyFileSync(f, path.join(values.keep, path.basename(f)));
    console.log(`\nPDFs copied to ${values.keep}`);
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
  await server?.stop();
}
