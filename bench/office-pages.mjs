// Page counts of the office documents on the bench data, run by hand (issue on office documents: the closing note's
// "before" and "after"):
//   DATABASE_URL=postgres://…/h4_bench node bench/office-pages.mjs [--month YYYY-MM]       (starts the built server on it)
//   node bench/office-pages.mjs --url http://127.0.0.1:3000 --token <access token> [--month YYYY-MM]
// The database is one that `npm run bench:seed -- --scale county` filled (it signs in as bench-county, the county's
// committee office); with --url the token's account is used as it is. Fetches the monthly briefing (.docx) for the
// month (default: the last whole month in Beijing time) and the overdue hazards export (.xlsx) of the actor's region,
// converts both to PDF with LibreOffice (soffice) and prints, for each: the page count, the page sizes (pdfinfo), the
// images, and for the briefing the tables of the .docx with their header and number of data rows, next to the
// number of overdue hazards the API reports. Figures only, no assertions; needs soffice and poppler-utils.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
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
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcp-office-pages-'));

/** The file's bytes, or an error with the server's answer. */
async function download(p) {
  const res = await fetch(`${url}${p}`, { headers: { authorization: `Bearer ${token}` } });
  const bytes = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) throw new Error(`GET ${p}: ${res.status} ${bytes.toString().slice(0, 500)}`);
  return bytes;
}

/** LibreOffice's PDF of the file (own profile, so a running soffice does not interfere), read with poppler. */
function render(name, bytes) {
  const input = path.join(dir, name);
  fs.writeFileSync(input, bytes);
  const t0 = performance.now();
  execFileSync('soffice', [`-env:UserInstallation=file://${dir}/profile-${name}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', dir, input], { stdio: 'pipe', timeout: 600_000 });
  const seconds = (performance.now() - t0) / 1000;
  const pdf = input.replace(/\.\w+$/, '.pdf');
  const pages = Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [pdf]).toString())[1]);
  const sizes = new Map();
  for (const m of execFileSync('pdfinfo', ['-f', '1', '-l', String(pages), pdf], { maxBuffer: 64 << 20 }).toString().matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts(?: \((\w+)\))?/gm)) {
    const key = `${Math.round(m[1])} x ${Math.round(m[2])} pt${m[3] ? ` (${m[3]})` : ''}`;
    sizes.set(key, (sizes.get(key) ?? 0) + 1);
  }
  const images = execFileSync('pdfimages', ['-list', pdf], { maxBuffer: 64 << 20 }).toString().split('\n').slice(2).filter((l) => l.trim()).length;
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { maxBuffer: 256 << 20 }).toString().split('\f');
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
  const b = render('briefing.docx', docx);
  console.log(`\nbriefing ${month} (.docx ${(docx.length / 1024).toFixed(0)} KB, converted in ${b.seconds.toFixed(1)} s): ${b.pages} pages; sizes ${b.sizes}; images ${b.images}`);
  for (const t of docxTables(docx)) console.log(`  table: ${String(t.rows).padStart(5)} rows under 「${t.header.slice(0, 90)}」`);
  const more = b.text.join('\n').match(/另有[^\n。；]*/g) ?? [];
  for (const m of more) console.log(`  says: 「${m.trim()}」`);

  const xlsx = await download(`/office/exports/hazards.xlsx?${q({ regionId, overdue: 'true' })}`);
  const x = render('hazards-overdue.xlsx', xlsx);
  const headerPages = x.text.filter((p) => /发现日期/.test(p)).length;
  console.log(`\nhazards.xlsx?overdue=true (${(xlsx.length / 1024).toFixed(0)} KB, converted in ${x.seconds.toFixed(1)} s): ${x.pages} pages; sizes ${x.sizes}; pages showing the header 「发现日期」: ${headerPages}`);
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
