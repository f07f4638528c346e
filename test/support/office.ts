import ExcelJS from 'exceljs';
import type { TestAccount, TestApp } from './test-app';
import { data, getBytes } from './test-app';

/** An .xlsx with one sheet: a header row, then the rows (strings as typed; a Date as a date cell). */
export async function xlsxOf(sheetName: string, headers: string[], rows: (string | number | Date | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A downloaded file (GET, as someone): status, headers, bytes, and the JSON body of an error. */
export const getFile = (t: TestApp, who: TestAccount | null, path: string) => getBytes(t.app.getHttpServer(), who, path);

/** Every sheet of a workbook as rows of cell text (what a person reads), by sheet name. */
export async function readXlsx(bytes: Buffer): Promise<Map<string, string[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as never);
  const out = new Map<string, string[][]>();
  wb.eachSheet((ws) => {
    const rows: string[][] = [];
    ws.eachRow({ includeEmpty: false }, (row) => {
      const cells: string[] = [];
      for (let c = 1; c <= row.cellCount; c++) {
        const v = row.getCell(c).value;
        cells.push(v === null || v === undefined ? '' : v instanceof Date ? excelDateText(v) : typeof v === 'object' && 'richText' in v ? v.richText.map((x) => x.text).join('') : String(v));
      }
      rows.push(cells);
    });
    out.set(ws.name, rows);
  });
  return out;
}

/** A date cell as Excel shows it: its UTC fields (Excel dates carry no zone), `YYYY-MM-DD`, with ` HH:mm` when it has a time. */
function excelDateText(d: Date): string {
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** A sheet's rows below its header row (the row whose first cell is `firstHeader`), keyed by header. */
export function sheetRecords(rows: string[][], firstHeader: string): Record<string, string>[] {
  const at = rows.findIndex((r) => r[0] === firstHeader);
  if (at < 0) throw new Error(`no header row starting with ${firstHeader}`);
  const headers = rows[at];
  return rows.slice(at + 1).map((r) => Object.fromEntries(headers.map((h, i) => [h, r[i] ?? ''])));
}

/** A job's fields; its `problems` is a connection (the first 100 here), which `waitForImport` flattens to a list. */
export const IMPORT_JOB_FIELDS = `id kind dryRun status file regionId startedBy totalRows processedRows createdRecords updatedRecords problems(first: 100) { totalCount edges { node { row column reason } } } failure startedAt finishedAt`;

/** A job as the specs read it: `problems` as a plain list of the first page, `problemCount` their total. */
function flattened(job: any): any {
  return { ...job, problems: job.problems.edges.map((e: { node: unknown }) => e.node), problemCount: job.problems.totalCount };
}

/** Uploads the workbook as `who`, starts the import mutation and waits for the job to end; returns the ended job. */
export async function runImport(t: TestApp, who: TestAccount, mutation: 'importVillages' | 'importPremises' | 'importCandidates', file: Buffer, input: { regionId?: string; dryRun?: boolean } = {}): Promise<any> {
  const up = await t.upload(who, file, '导入.xlsx');
  if (up.status !== 201) throw new Error(`upload failed: ${up.status} ${JSON.stringify(up.body)}`);
  const started = data(await t.gqlAs(who, `mutation($i: ImportInput!) { ${mutation}(input: $i) { ${IMPORT_JOB_FIELDS} } }`, { i: { file: up.body.sha256, ...input } }))[mutation];
  return waitForImport(t, who, started.id);
}

export async function waitForImport(t: TestApp, who: TestAccount, id: string): Promise<any> {
  for (let i = 0; i < 600; i++) {
    const job = data(await t.gqlAs(who, `query($id: ID!) { importJob(id: $id) { ${IMPORT_JOB_FIELDS} } }`, { id })).importJob;
    if (job.status !== 'RUNNING') return flattened(job);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import did not finish');
}

/** Every table's rows as one digest each: equal before and after means nothing was written. */
export async function tableDigests(t: TestApp, except: string[] = []): Promise<Map<string, string>> {
  const tables: { name: string }[] = await t.dataSource.query(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
  const out = new Map<string, string>();
  for (const { name } of tables.filter((x) => !except.includes(x.name))) {
    const [row] = await t.dataSource.query(`SELECT count(*)::int AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS d FROM "${name}" x`);
    out.set(name, `${row.n}:${row.d}`);
  }
  return out;
}
