import PizZip from 'pizzip';
import { inflateRawSync } from 'node:zlib';
import type { CellValue, Workbook, Worksheet } from 'exceljs';
import { isCalendarDate } from '../common/clock';

/**
 * Spreadsheets (docs/office.md) through exceljs: a workbook of sheets with Chinese headers for exports and templates,
 * and cell values read back as plain text (an office's spreadsheet mixes typed dates, numbers, rich text and
 * formulas; the import reads what a person sees in the cell).
 */

/** One column of a written sheet. */
export interface SheetColumn {
  header: string;
  /** The least width in characters (a CJK character counts two); wider to fit the header and the cells, up to 40. */
  width?: number;
  /** The most width in characters: longer text wraps inside it (a wide table printed one page wide shrinks its text). */
  maxWidth?: number;
  /** Excel number format: '@' (text) keeps ID and phone numbers as typed, '0.00' two decimals. */
  numFmt?: string;
  /**
   * `date`: the values are calendar days (YYYY-MM-DD), written as Excel dates (yyyy-mm-dd); `dateTime`: the values
   * are instants, written as Excel date-times of their Beijing wall-clock time (yyyy-mm-dd hh:mm).
   */
  kind?: 'date' | 'dateTime';
}

export type SheetCell = string | number | boolean | Date | null | undefined;

export interface SheetSpec {
  name: string;
  columns: readonly SheetColumn[];
  rows: readonly (readonly SheetCell[])[];
  /** Lines above the header (a title, the scope and time of the figures); the header follows them. */
  caption?: readonly string[];
  /** Drop-down lists: column index (0-based) → the allowed labels. */
  choices?: Record<number, readonly string[]>;
  /** Rows the drop-down lists and text formats reach (templates: room to type in). */
  formatRows?: number;
  /** Points per printed line of a wrapped row (default 15; text of many short lines, Chinese among it, needs 17). */
  lineHeight?: number;
  /** An autofilter on the header row (default true; a template to fill in has none: a filtered-out row is not imported). */
  autoFilter?: boolean;
}

/**
 * ExcelJS, loaded on the first workbook made or read: only the export, import and template requests use it, so the
 * server (and every test app) starts without its half second of loading.
 */
const importExcel = () => import('exceljs').then((m) => m.default);
let excelLoading: ReturnType<typeof importExcel> | undefined;
const loadExcel = () => (excelLoading ??= importExcel());

export async function newWorkbook(): Promise<Workbook> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  wb.creator = '消防救援委员会实体化运行平台';
  wb.created = new Date(0); // the same export twice is the same file (no timestamp inside)
  wb.modified = new Date(0);
  return wb;
}

const MIN_WIDTH = 8;
/** The widest a fitted column gets; longer text wraps inside it (a village list, a description). */
const MAX_FITTED_WIDTH = 40;
/** Points per printed line of 11-point text (a wrapped cell's row is this many times its lines high). */
const LINE_HEIGHT = 15;
const DATE_FORMAT = 'yyyy-mm-dd';
const DATE_TIME_FORMAT = 'yyyy-mm-dd hh:mm';
/** Asia/Shanghai is UTC+8 all year (China keeps no daylight saving). */
const BEIJING_OFFSET_MS = 8 * 3600_000;

/** How wide text prints, in Excel's character units: a CJK (full-width) character takes two. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) || ch.codePointAt(0)! > 0xffff ? 2 : 1;
  return w;
}

/**
 * A calendar day (YYYY-MM-DD) as the Date exceljs writes as that Excel date: Excel dates carry no time zone and
 * exceljs writes a Date by its UTC fields, so the day is midnight UTC. Null for an empty or malformed day.
 */
export function excelDate(day: string | null | undefined): Date | null {
  if (!day || !isCalendarDate(day)) return null;
  return new Date(`${day}T00:00:00Z`);
}

/** An instant as the Date exceljs writes as its Beijing wall-clock time: a Date whose UTC fields are the Beijing fields. */
export function excelDateTime(instant: Date | null | undefined): Date | null {
  if (!instant) return null;
  return new Date(instant.getTime() + BEIJING_OFFSET_MS);
}

/** How many lines text takes wrapped in a column of this width (a character unit of padding). */
function linesIn(text: string, width: number): number {
  return text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(displayWidth(line) / Math.max(1, width - 1))), 0);
}

function cellDisplay(v: SheetCell, kind?: SheetColumn['kind']): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return kind === 'dateTime' ? '0000-00-00 00:00' : '0000-00-00';
  // as workbookBuffer will write it: fitted to the apostrophe a formula-like text gets
  return typeof v === 'string' ? neutralizeFormulaText(v) : String(v);
}

/**
 * Adds a sheet printed as an office prints it: caption lines (merged over the table's width, wrapped), a bold
 * header row frozen, filtered and repeated on every printed page, then the rows: dates as Excel dates, long text
 * wrapped in its column (nothing cut off), A4 landscape, every column on the page's width.
 */
export function addSheet(wb: Workbook, spec: SheetSpec): Worksheet {
  const ws = wb.addWorksheet(spec.name);
  const caption = spec.caption ?? [];
  const n = spec.columns.length;
  const rows = spec.rows.map((values) => spec.columns.map((c, i) => {
    const v = values[i];
    if (c.kind === 'date') return typeof v === 'string' ? (excelDate(v) ?? v) : v;
    if (c.kind === 'dateTime') return v instanceof Date ? excelDateTime(v) : v;
    return v;
  }));
  // fitted to the header and the cells up to MAX_FITTED_WIDTH (a set width is the least), then long text wraps
  const widths = spec.columns.map((c, i) => {
    let fitted = displayWidth(neutralizeFormulaText(c.header)) + 2;
    for (const r of rows) fitted = Math.max(fitted, displayWidth(cellDisplay(r[i], c.kind)) + 2);
    return Math.min(c.maxWidth ?? Infinity, Math.max(c.width ?? MIN_WIDTH, Math.min(MAX_FITTED_WIDTH, fitted)));
  });
  const tableWidth = widths.reduce((a, b) => a + b, 0);
  caption.forEach((line, i) => {
    const row = ws.getRow(i + 1);
    const cell = row.getCell(1);
    cell.value = line;
    cell.alignment = { vertical: 'middle', horizontal: i === 0 ? 'center' : 'left', wrapText: true };
    if (i === 0) cell.font = { bold: true, size: 14 };
    // over the table's width, so a long line wraps inside the printed page (a merged cell's height is not fitted: set it)
    if (n > 1) ws.mergeCells(i + 1, 1, i + 1, n);
    const lines = Math.max(1, Math.ceil((displayWidth(line) * (i === 0 ? 1.4 : 1)) / Math.max(tableWidth, 1)));
    row.height = lines * (i === 0 ? 22 : 16);
  });
  const headerRowNo = caption.length + 1;
  const header = ws.getRow(headerRowNo);
  spec.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    ws.getColumn(i + 1).width = widths[i];
  });
  // the rows are given their height: spreadsheet programs do not all fit a wrapped row on opening (LibreOffice keeps 15 pt)
  const headerLines = Math.max(...spec.columns.map((c, i) => linesIn(c.header, widths[i])), 1);
  if (headerLines > 1) header.height = headerLines * LINE_HEIGHT;
  ws.views = [{ state: 'frozen', ySplit: headerRowNo, topLeftCell: `A${headerRowNo + 1}`, activeCell: `A${headerRowNo + 1}` }];
  if (spec.autoFilter !== false && n > 0) ws.autoFilter = { from: { row: headerRowNo, column: 1 }, to: { row: headerRowNo + Math.max(rows.length, 1), column: n } };
  // printed as an office prints it: A4 landscape, every column on the page's width, the header row on every page
  ws.pageSetup = {
    paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${headerRowNo}:${headerRowNo}`,
    horizontalCentered: true, margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  };
  ws.headerFooter = { oddFooter: '第 &P 页，共 &N 页' };
  rows.forEach((values, r) => {
    const row = ws.getRow(headerRowNo + 1 + r);
    let lines = 1;
    values.forEach((v, i) => {
      if (v === null || v === undefined || v === '') return;
      const c = spec.columns[i];
      const cell = row.getCell(i + 1);
      cell.value = v;
      const fmt = c?.kind === 'date' && v instanceof Date ? DATE_FORMAT : c?.kind === 'dateTime' && v instanceof Date ? DATE_TIME_FORMAT : c?.numFmt;
      if (fmt) cell.numFmt = fmt;
      // text wider than its column wraps (a row grows, nothing is cut off)
      const wrap = typeof v === 'string' && (displayWidth(v) + 1 > widths[i] || v.includes('\n'));
      cell.alignment = wrap ? { vertical: 'top', wrapText: true } : { vertical: 'top' };
      if (wrap) lines = Math.max(lines, linesIn(v as string, widths[i]));
    });
    if (lines > 1) row.height = lines * (spec.lineHeight ?? LINE_HEIGHT);
  });
  const formatTo = Math.max(headerRowNo + rows.length, headerRowNo + (spec.formatRows ?? 0));
  spec.columns.forEach((c, i) => {
    const choices = spec.choices?.[i];
    if (!c.numFmt && !choices) return;
    for (let r = headerRowNo + 1; r <= formatTo; r++) {
      const cell = ws.getRow(r).getCell(i + 1);
      if (c.numFmt && !(cell.value instanceof Date)) cell.numFmt = c.numFmt;
      if (choices) {
        cell.dataValidation = {
          type: 'list', allowBlank: true, formulae: [`"${choices.join(',')}"`],
          showErrorMessage: true, errorTitle: '取值无效', error: `请从下拉列表中选择：${choices.join('、')}`,
        };
      }
    }
  });
  return ws;
}

/** The most characters of a download's name before its extension (long filters and names are cut to it). */
export const FILE_NAME_MAX_CHARS = 80;
/** And the most UTF-8 bytes: with its extension well under the 255 bytes a file system takes (Windows, ext4). */
export const FILE_NAME_MAX_BYTES = 240;

/** What is left of a name's room (characters and UTF-8 bytes). */
interface Room {
  chars: number;
  bytes: number;
}

const ELLIPSIS = '…';
/** Where a part is cut when it must be: between the words of a filter (not at a date's 「-」 or inside brackets). */
const CUT_AT = /[、，,；;\s]/;

function roomLeft(room: Room, text: string): Room {
  return { chars: room.chars - [...text].length, bytes: room.bytes - Buffer.byteLength(text) };
}

function fitsIn(text: string, room: Room): boolean {
  const left = roomLeft(room, text);
  return left.chars >= 0 && left.bytes >= 0;
}

/** The longest start (or end) of `text` that fits `room`, cut at a separator where one lies in the half kept nearest the cut. */
function clip(text: string, room: Room, keep: 'start' | 'end'): string {
  const chars = [...text];
  const take = (n: number) => (keep === 'start' ? chars.slice(0, n) : chars.slice(chars.length - n));
  let n = 0;
  while (n < chars.length && fitsIn(take(n + 1).join(''), room)) n++;
  const kept = take(n);
  if (n === chars.length) return text;
  if (keep === 'start') {
    const at = kept.findLastIndex((c) => CUT_AT.test(c));
    return (at >= n / 2 ? kept.slice(0, at) : kept).join('').trimEnd();
  }
  const at = kept.findIndex((c) => CUT_AT.test(c));
  return (at >= 0 && at < n / 2 ? kept.slice(at + 1) : kept).join('').trimStart();
}

/**
 * A download's file name from its parts (region, period, filters, what it is: the last part), joined by 「-」:
 * characters no file system takes (\\ / : * ? " < > | and controls) become 「_」, runs of spaces one space. A name
 * longer than FILE_NAME_MAX_CHARS characters or FILE_NAME_MAX_BYTES bytes (a long premises name, many filters)
 * is cut, 「…」 where text went, at a separator where possible: the last part is kept (else its start and its end,
 * which says what the document is), the parts before it give way first.
 */
export function fileName(parts: readonly (string | null | undefined)[], extension: string): string {
  const kept = parts.filter((p): p is string => !!p && p.trim() !== '').map((p) => p.replace(/[\\/:*?"<>|\x00-\x1f\x7f]/g, '_').replace(/\s+/g, ' ').trim());
  const room: Room = { chars: FILE_NAME_MAX_CHARS, bytes: FILE_NAME_MAX_BYTES };
  const whole = kept.join('-');
  if (fitsIn(whole, room)) return `${whole}.${extension}`;
  const what = kept.at(-1)!;
  const front = kept.slice(0, -1).join('-');
  // the kind's room: what the parts before it leave, at least half of the name
  const beside = front ? roomLeft(room, `${front}-`) : room;
  const half: Room = { chars: Math.floor(room.chars / 2), bytes: Math.floor(room.bytes / 2) };
  const kindRoom: Room = { chars: Math.max(beside.chars, half.chars), bytes: Math.max(beside.bytes, half.bytes) };
  let kind = what;
  if (!fitsIn(what, kindRoom)) {
    const inner = roomLeft(kindRoom, ELLIPSIS);
    const start = clip(what, { chars: Math.floor(inner.chars / 2), bytes: Math.floor(inner.bytes / 2) }, 'start');
    kind = `${start}${ELLIPSIS}${clip(what, roomLeft(inner, start), 'end')}`;
  }
  if (!front) return `${kind}.${extension}`;
  let frontRoom = roomLeft(room, `-${kind}`);
  if (fitsIn(front, frontRoom)) return `${front}-${kind}.${extension}`;
  // the parts before the kind that fit whole, then as much of the next as fits (cut between its words if it can)
  frontRoom = roomLeft(frontRoom, ELLIPSIS);
  const head: string[] = [];
  for (const part of kept.slice(0, -1)) {
    const joined = [...head, part].join('-');
    if (fitsIn(joined, frontRoom)) {
      head.push(part);
      continue;
    }
    const start = clip(part, roomLeft(frontRoom, head.length > 0 ? `${head.join('-')}-` : ''), 'start');
    if (start) head.push(start);
    break;
  }
  return `${head.join('-')}${ELLIPSIS}-${kind}.${extension}`;
}

/**
 * The characters that make a spreadsheet program read text as a formula once the file is saved as CSV and opened
 * again (OWASP CSV Injection): = + - @, and tab and carriage return before them.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Text that is a plain number ("-5", "+86"): no formula can hide in it, so it is left as typed. */
const PLAIN_NUMBER = /^[+-]?\d+(?:\.\d+)?$/;

/**
 * Text as written into a cell: one that would start a formula gets a leading apostrophe (OWASP CSV Injection).
 * The apostrophe is part of the text, not Excel's hidden quote prefix: it survives a clerk's 「另存为 CSV」 (the
 * hidden prefix does not, and the CSV would then run `=HYPERLINK(…)` when opened), and it reads as what it is,
 * text that was typed with an = in front. Numbers are numbers and never touched (a negative number stays a number).
 */
export function neutralizeFormulaText(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/**
 * Every text cell of every sheet through neutralizeFormulaText: the one place every .xlsx the service writes
 * passes (exports, campaign documents, import templates), whoever filled its cells and however. A cell whose value
 * is a formula object is written by the code on purpose and kept.
 */
export function neutralizeWorkbook(wb: Workbook): void {
  wb.eachSheet((ws) => {
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        const v = cell.value;
        if (typeof v === 'string') {
          const safe = neutralizeFormulaText(v);
          if (safe !== v) cell.value = safe;
        } else if (v && typeof v === 'object' && 'richText' in v && Array.isArray(v.richText) && v.richText.length > 0) {
          // the runs read as one text (an empty first run does not hide a formula in the second): prefix the first
          const joined = v.richText.map((r) => r.text).join('');
          if (neutralizeFormulaText(joined) !== joined) {
            const [first, ...rest] = v.richText;
            cell.value = { richText: [{ ...first, text: `'${first.text}` }, ...rest] };
          }
        } else if (v && typeof v === 'object' && 'hyperlink' in v && typeof v.text === 'string') {
          const safe = neutralizeFormulaText(v.text);
          if (safe !== v.text) cell.value = { ...v, text: safe };
        }
      });
    });
  });
}

/** The bytes of a workbook, its text cells neutralized first (neutralizeWorkbook). */
export async function workbookBuffer(wb: Workbook): Promise<Buffer> {
  neutralizeWorkbook(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The file could not be read as a workbook (not an .xlsx, damaged, encrypted). */
export class UnreadableWorkbook extends Error {}

/** The most a workbook may hold once unzipped: a filled-in template of 10,000 rows is under 10 MB. */
export const MAX_UNZIPPED_BYTES = 64 * 1024 * 1024;

/** The workbook is larger unzipped than MAX_UNZIPPED_BYTES (a zip bomb, or far beyond any register). */
export class WorkbookTooLarge extends Error {}

const STORED = '\x00\x00';
const DEFLATED = '\x08\x00';

/**
 * Every part of the zip inflated once with a hard limit on what it may produce (sizes the zip declares can lie),
 * before exceljs inflates it without one.
 */
function checkUnzippedSize(buffer: Buffer): void {
  let zip: PizZip;
  try {
    zip = new PizZip(buffer);
  } catch (error) {
    throw new UnreadableWorkbook(String((error as Error)?.message ?? error));
  }
  let left = MAX_UNZIPPED_BYTES;
  // PizZip's parsed entries (its typings do not declare them): the compressed bytes and the method of each part
  for (const f of Object.values(zip.files) as unknown as { _data: { compressionMethod: string; getCompressedContent(): Uint8Array } | null }[]) {
    if (!f._data) continue; // a folder
    const raw = Buffer.from(f._data.getCompressedContent());
    let size: number;
    if (f._data.compressionMethod === STORED) size = raw.length;
    else if (f._data.compressionMethod === DEFLATED) {
      try {
        size = inflateRawSync(raw, { maxOutputLength: left + 1 }).length;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new WorkbookTooLarge('more than the limit unzipped');
        throw new UnreadableWorkbook(String((error as Error)?.message ?? error));
      }
    } else throw new UnreadableWorkbook('a compression an .xlsx does not use');
    left -= size;
    if (left < 0) throw new WorkbookTooLarge('more than the limit unzipped');
  }
}

export async function readWorkbook(buffer: Buffer): Promise<Workbook> {
  checkUnzippedSize(buffer);
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as never);
  } catch (error) {
    throw new UnreadableWorkbook(String((error as Error)?.message ?? error));
  }
  return wb;
}

/**
 * Text read back from a workbook we exported: the apostrophe neutralizeFormulaText put in front is taken off again
 * (exactly when neutralizeFormulaText would have put it there), so 「-3层」 exported and imported again is 「-3层」.
 * The stored text is neutralized again by every export, so this opens nothing.
 */
export function withoutExportApostrophe(text: string): string {
  if (!text.startsWith("'")) return text;
  const rest = text.slice(1);
  return neutralizeFormulaText(rest) === text ? rest.trim() : text;
}

/** The text a person sees in a cell: typed dates as YYYY-MM-DD, numbers as written, formulas by their result. */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return isoDateOfExcel(value);
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(15)));
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'string') return withoutExportApostrophe(value.trim());
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return withoutExportApostrophe(value.richText.map((t) => t.text).join('').trim());
    if ('result' in value) return cellText((value as { result?: CellValue }).result ?? null);
    if ('text' in value && typeof (value as { text: unknown }).text === 'string') return withoutExportApostrophe(String((value as { text: string }).text).trim());
    if ('error' in value) return '';
  }
  return String(value as unknown).trim();
}

/**
 * A date cell: Excel dates carry no time zone, and exceljs gives them as midnight UTC of the typed day, so the
 * UTC calendar day is the day the person typed (not shifted to Asia/Shanghai).
 */
function isoDateOfExcel(d: Date): string {
  const y = d.getUTCFullYear();
  const m = String(d.getUTCMonth() + 1).padStart(2, '0');
  const day = String(d.getUTCDate()).padStart(2, '0');
  return `${y}-${m}-${day}`;
}

/**
 * A date as people write it in a spreadsheet (2027-03-05, 2027/3/5, 2027.3.5, 2027年3月5日) as YYYY-MM-DD, or
 * null when it is not a calendar date.
 */
export function parseDateText(text: string): string | null {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text.trim());
  if (!m) return null;
  const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  return isCalendarDate(iso) ? iso : null;
}

/** The rows of a sheet below its header row, as text by header; blank rows are skipped. */
export interface SheetRows {
  headers: string[];
  /**
   * `numbers`: the cells the spreadsheet holds as numbers (a formula's numeric result included), by header, with
   * the number: in a column meant as text (ids, phones, codes) a number may have lost what the clerk typed
   * (import-kinds.ts decides per column).
   */
  rows: { rowNumber: number; cells: Map<string, string>; numbers: Map<string, number> }[];
  /** Rows hidden in the sheet (hidden rows, or filtered out): imported, they would be data nobody saw. */
  hidden: Set<number>;
}

/** The number a cell holds (a typed number, or a formula's numeric result), else null. */
function numberOf(value: CellValue): number | null {
  return typeof value === 'number' ? value : value && typeof value === 'object' && 'result' in value && typeof value.result === 'number' ? value.result : null;
}

/** The widest header a sheet may have: a template has at most 14 columns; far wider is not a template. */
export const MAX_COLUMNS = 64;

/** The sheet's header is wider than MAX_COLUMNS. */
export class TooManyColumns extends Error {}

/**
 * Reads the sheet: the header is the first non-blank row; cells keyed by their column's header text, read only up to
 * the header's last column (a stray cell in column XFD does not make every row 16,384 cells wide). Only the rows
 * the file holds are visited (a sheet formatted down to row 1,048,576 costs what its file holds, not a million rows).
 */
export function sheetRows(ws: Worksheet, maxRows: number): SheetRows {
  let width = 0;
  const headers: string[] = [];
  const rows: SheetRows['rows'] = [];
  const hidden = new Set<number>();
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    if (width === 0) {
      const texts: { col: number; text: string }[] = [];
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        const text = cellText(cell.value).replace(/\s+/g, '').replace(/[*＊]$/, '');
        if (text) texts.push({ col, text });
      });
      if (texts.length === 0) return;
      width = Math.max(...texts.map((t) => t.col));
      if (width > MAX_COLUMNS) throw new TooManyColumns(`${width} columns`);
      for (const t of texts) headers[t.col - 1] = t.text;
      return;
    }
    const texts: string[] = [];
    const numeric: (number | null)[] = [];
    for (let c = 1; c <= width; c++) {
      const value = row.findCell(c)?.value ?? null;
      texts.push(cellText(value));
      numeric.push(numberOf(value));
    }
    if (texts.every((t) => t === '')) return;
    if (rows.length >= maxRows) throw new TooManyRows(maxRows);
    const cells = new Map<string, string>();
    const numbers = new Map<string, number>();
    headers.forEach((h, i) => {
      if (!h) return;
      cells.set(h, texts[i] ?? '');
      const n = numeric[i];
      if (n !== null && n !== undefined) numbers.set(h, n);
    });
    if (row.hidden) hidden.add(r);
    rows.push({ rowNumber: r, cells, numbers });
  });
  return { headers: Array.from(headers, (h) => h ?? '').filter((h) => h !== ''), rows, hidden };
}

export class TooManyRows extends Error {
  constructor(readonly max: number) {
    super(`more than ${max} rows`);
  }
}
