import { constants, inflateSync } from 'node:zlib';

/**
 * What a PDF must not carry to be accepted (GB/T 22239-2019 8.1.4.5 恶意代码防范): active content that runs
 * when the file is opened and files hidden inside it. Pure.
 *
 * Names are PDF name objects (ISO 32000-1 7.3.5), compared after their `#xx` escapes are decoded (`/J#61vaScript`
 * is `/JavaScript`):
 * - `/JS`, `/JavaScript`: a JavaScript action or the document's JavaScript name tree (an `/OpenAction` or `/AA`
 *   that runs JavaScript always names one of them, so opening actions that only go to a page stay accepted);
 * - `/Launch`: an action that starts a program or opens another file;
 * - `/EmbeddedFile`, `/EmbeddedFiles`: files carried inside (an attachment could be anything);
 * - `/RichMedia`: Flash and other embedded players.
 */
export const PDF_UNSAFE_NAMES = ['JS', 'JavaScript', 'Launch', 'EmbeddedFile', 'EmbeddedFiles', 'RichMedia'] as const;

export type PdfUnsafeName = (typeof PDF_UNSAFE_NAMES)[number];

/** The most bytes decoded from one file's object streams in all (a small file that inflates without end is refused). */
export const MAX_INFLATED_BYTES = 64 * 1024 * 1024;

/**
 * The most scan steps for one file: a step is one byte of PDF syntax read, one byte of stream data skipped or one
 * byte decoded. An ordinary file costs about its size plus its decoded object streams; a file crafted so that the
 * scan would go on and on is refused instead of holding the event loop.
 */
export const MAX_SCAN_STEPS = 256 * 1024 * 1024;

/** Why a PDF could not be checked, and so is not accepted. */
export type PdfUncheckableReason = 'PDF_TOO_DEEP' | 'PDF_TOO_COMPLEX' | 'PDF_ENCRYPTED' | 'PDF_UNDECODABLE';

const UNCHECKABLE_MESSAGES: Record<PdfUncheckableReason, string> = {
  PDF_TOO_DEEP: 'PDF 文件内的压缩内容解压后过大，无法检查是否含有恶意代码，已拒绝上传；请重新生成该 PDF 后再上传',
  PDF_TOO_COMPLEX: 'PDF 文件结构过于复杂，无法检查是否含有恶意代码，已拒绝上传；请用“打印为 PDF”或“另存为 PDF”重新生成后再上传',
  PDF_ENCRYPTED: '加密的 PDF 无法检查，请去除密码后上传',
  PDF_UNDECODABLE: 'PDF 文件使用了无法检查的压缩方式，无法确认是否含有恶意代码，已拒绝上传；请用“打印为 PDF”或“另存为 PDF”重新生成后再上传',
};

/** The PDF could not be looked into (see PdfUncheckableReason): not accepted. `message` is the zh-CN reason. */
export class PdfUncheckable extends Error {
  constructor(readonly reason: PdfUncheckableReason) {
    super(UNCHECKABLE_MESSAGES[reason]);
    this.name = 'PdfUncheckable';
  }
}

export interface PdfScanLimits {
  maxSteps: number;
  maxInflatedBytes: number;
}

export interface PdfScan {
  names: PdfUnsafeName[];
  /** The work the scan did (bounded by MAX_SCAN_STEPS). */
  steps: number;
}

const WS = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) WS[c] = 1;
/** White space (1) and delimiters (2): ( ) < > [ ] { } / % (ISO 32000-1 7.2.2). */
const DELIM = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) DELIM[c] = 1;
for (const c of '()<>[]{}/%') DELIM[c.charCodeAt(0)] = 2;

const UNSAFE = new Set<string>(PDF_UNSAFE_NAMES);
/** Marks a token of a dictionary nested in a stream's dictionary (`/DecodeParms << /Predictor 12 >>`). */
const NESTED = '\u0001';
/** A stream's dictionary holds a handful of keys: tokens past this many are not kept (memory stays flat). */
const MAX_DICT_TOKENS = 4096;

/**
 * The unsafe names a PDF holds. Only the PDF object syntax is read (ISO 32000-1 7.2–7.5): names inside literal
 * `( … )` and hex `< … >` strings and inside stream data (images, page contents, fonts) are not names and are not
 * looked at. Object streams (`/Type /ObjStm`, where a file can hide its dictionaries) are decoded — FlateDecode,
 * ASCIIHexDecode, ASCII85Decode — and read the same way; an object stream in any other filter or with a predictor
 * is PDF_UNDECODABLE. Stream data and strings that hold an object header (`5 0 obj`, which a cross-reference table
 * could point at) are read as syntax too. `/Encrypt` is PDF_ENCRYPTED (everything in the file could be hidden).
 * Throws PdfUncheckable.
 */
export function scanPdf(data: Buffer, limits: PdfScanLimits = { maxSteps: MAX_SCAN_STEPS, maxInflatedBytes: MAX_INFLATED_BYTES }): PdfScan {
  const scan = new Scanner(limits, data.length + 1024 * 1024);
  scan.syntax(data, 0, false, false);
  return { names: PDF_UNSAFE_NAMES.filter((n) => scan.found.has(n)), steps: scan.steps };
}

/** The unsafe names a PDF holds (scanPdf). */
export function pdfUnsafeNames(data: Buffer): PdfUnsafeName[] {
  return scanPdf(data).names;
}

class Scanner {
  steps = 0;
  decoded = 0;
  /** Steps spent reading objects found by their header in skipped bytes: at most the file's size and 1 MiB. */
  private hiddenSteps = 0;
  private hiddenBudget = 0;
  readonly found = new Set<PdfUnsafeName>();

  constructor(
    private readonly limits: PdfScanLimits,
    hiddenBudget: number,
  ) {
    this.hiddenBudget = hiddenBudget;
  }

  spend(n: number): void {
    this.steps += n;
    if (this.steps > this.limits.maxSteps) throw new PdfUncheckable('PDF_TOO_COMPLEX');
  }

  /**
   * Reads PDF syntax from `from`. `inObjectStream`: the decoded content of an object stream (holds no streams).
   * `oneObject`: stop at the first `endobj` (an object found by its header inside skipped bytes; such an object's
   * own skipped bytes are not searched for headers again, so the work stays bounded).
   */
  syntax(buf: Buffer, from: number, inObjectStream: boolean, oneObject: boolean): void {
    const n = buf.length;
    let i = from;
    let depth = 0;
    let dict: string[] = [];
    let lastDict: string[] | null = null;
    let afterDict = false;
    const begun = this.steps;
    try {
      while (i < n) {
        const c = buf[i];
        if (WS[c]) {
          let j = i + 1;
          while (j < n && WS[buf[j]]) j++;
          this.spend(j - i);
          i = j;
          continue;
        }
        this.spend(1);
        if (c === 0x25) {
          // % comment, to the end of the line
          let j = i + 1;
          while (j < n && buf[j] !== 0x0a && buf[j] !== 0x0d) j++;
          this.spend(j - i);
          if (!oneObject) this.hiddenObjects(buf, i, j);
          i = j;
          continue;
        }
        if (c === 0x28) {
          // ( literal string ): balanced parentheses, a backslash escapes the next byte
          let j = i + 1;
          let level = 1;
          while (j < n && level > 0) {
            const d = buf[j];
            if (d === 0x5c) j += 2;
            else {
              if (d === 0x28) level++;
              else if (d === 0x29) level--;
              j++;
            }
          }
          this.spend(j - i);
          if (!oneObject) this.hiddenObjects(buf, i, j);
          i = Math.min(j, n);
          afterDict = false;
          continue;
        }
        if (c === 0x3c) {
          if (buf[i + 1] === 0x3c) {
            depth++;
            if (depth === 1) dict = [];
            i += 2;
          } else {
            // < hex string >
            const j = buf.indexOf(0x3e, i + 1);
            const end = j < 0 ? n : j + 1;
            this.spend(end - i);
            i = end;
          }
          afterDict = false;
          continue;
        }
        if (c === 0x3e) {
          if (buf[i + 1] === 0x3e) {
            if (depth > 0) depth--;
            if (depth === 0) {
              lastDict = dict;
              afterDict = true;
            }
            i += 2;
          } else i++;
          continue;
        }
        if (c === 0x2f) {
          // /Name
          let j = i + 1;
          while (j < n && !DELIM[buf[j]]) j++;
          this.spend(j - i);
          const raw = buf.toString('latin1', i + 1, Math.min(j, i + 1 + 128));
          const name = raw.includes('#') ? raw.replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : raw;
          if (UNSAFE.has(name)) this.found.add(name as PdfUnsafeName);
          if (name === 'Encrypt') throw new PdfUncheckable('PDF_ENCRYPTED');
          if (depth >= 1 && dict.length < MAX_DICT_TOKENS) dict.push(`${depth > 1 ? NESTED : ''}/${name}`);
          i = j;
          afterDict = false;
          continue;
        }
        if (DELIM[c] === 2) {
          // [ ] { } ) : one character
          if (depth >= 1 && dict.length < MAX_DICT_TOKENS) dict.push(`${depth > 1 ? NESTED : ''}${String.fromCharCode(c)}`);
          i++;
          afterDict = false;
          continue;
        }
        // a number or a keyword
        let j = i + 1;
        while (j < n && !DELIM[buf[j]]) j++;
        this.spend(j - i);
        // only the words that matter are made strings: `stream`, `endobj`, and a dictionary's values
        const keep = depth >= 1 && dict.length < MAX_DICT_TOKENS;
        const word = j - i === 6 || (keep && j - i <= 16) ? buf.toString('latin1', i, j) : '';
        if (word === 'stream' && afterDict && !inObjectStream && lastDict) {
          i = this.stream(buf, j, lastDict, oneObject);
          afterDict = false;
          continue;
        }
        if (word === 'endobj' && oneObject) return;
        if (keep) dict.push(`${depth > 1 ? NESTED : ''}${word}`);
        i = j;
        afterDict = false;
      }
    } finally {
      if (oneObject) {
        this.hiddenSteps += this.steps - begun;
        if (this.hiddenSteps > this.hiddenBudget) throw new PdfUncheckable('PDF_TOO_COMPLEX');
      }
    }
  }

  /** A stream whose dictionary is `dict`, its keyword ending at `at`: returns where reading goes on (after endstream). */
  private stream(buf: Buffer, at: number, dict: string[], oneObject: boolean): number {
    let start = at;
    if (buf[start] === 0x0d) start++;
    if (buf[start] === 0x0a) start++;
    let end = -1;
    const length = directLength(dict);
    if (length !== null && start + length <= buf.length) {
      let k = start + length;
      while (k < buf.length && k < start + length + 4 && WS[buf[k]]) k++;
      if (buf.toString('latin1', k, k + 9) === 'endstream') end = start + length;
    }
    if (end < 0) {
      const e = buf.indexOf('endstream', start, 'latin1');
      end = e < 0 ? buf.length : e;
    }
    this.spend(end - start);
    if (valueOf(dict, '/Type') === '/ObjStm') {
      const decoded = this.decode(buf.subarray(start, end), dict);
      this.syntax(decoded, 0, true, false);
    } else if (!oneObject) this.hiddenObjects(buf, start, end);
    const next = buf.indexOf('endstream', end, 'latin1');
    return next < 0 ? buf.length : next + 9;
  }

  /**
   * An object header (`12 0 obj`) inside bytes that are otherwise not read (stream data, a string, a comment):
   * a cross-reference table could point a reader at it, so the object is read as syntax.
   */
  private hiddenObjects(buf: Buffer, from: number, to: number): void {
    const span = buf.subarray(from, to);
    for (let k = span.indexOf('obj', 0, 'latin1'); k >= 0; k = span.indexOf('obj', k + 3, 'latin1')) {
      const at = from + k;
      const header = headerStart(buf, at, from);
      if (header >= 0 && (at + 3 >= buf.length || DELIM[buf[at + 3]])) this.syntax(buf, header, false, true);
    }
  }

  /** An object stream's data through its filters. */
  private decode(raw: Buffer, dict: string[]): Buffer {
    const filters = valuesOf(dict, '/Filter');
    const predictor = valueOf(dict, `${NESTED}/Predictor`) ?? valueOf(dict, '/Predictor');
    if (predictor !== null && Number(predictor.replace(NESTED, '')) > 1) throw new PdfUncheckable('PDF_UNDECODABLE');
    let data = raw;
    for (const filter of filters) {
      if (filter === '/FlateDecode' || filter === '/Fl') data = this.inflate(data);
      else if (filter === '/ASCIIHexDecode' || filter === '/AHx') data = asciiHex(data);
      else if (filter === '/ASCII85Decode' || filter === '/A85') data = ascii85(data);
      else throw new PdfUncheckable('PDF_UNDECODABLE');
      this.decoded += data.length;
      if (this.decoded > this.limits.maxInflatedBytes) throw new PdfUncheckable('PDF_TOO_DEEP');
      this.spend(data.length);
    }
    return data;
  }

  private inflate(raw: Buffer): Buffer {
    try {
      // Z_SYNC_FLUSH: a stream cut short (or padded) still gives what it holds
      return inflateSync(raw, { maxOutputLength: Math.max(this.limits.maxInflatedBytes - this.decoded, 1), finishFlush: constants.Z_SYNC_FLUSH });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new PdfUncheckable('PDF_TOO_DEEP');
      throw new PdfUncheckable('PDF_UNDECODABLE');
    }
  }
}

/** Where `N G obj` starts when `obj` at k follows two integers (looking back at most 40 bytes, not before `floor`). */
function headerStart(buf: Buffer, k: number, floor: number): number {
  let p = k - 1;
  const stop = Math.max(floor, k - 40);
  const ws = () => {
    const s = p;
    while (p >= stop && WS[buf[p]]) p--;
    return p < s;
  };
  const digits = () => {
    const s = p;
    while (p >= stop && buf[p] >= 0x30 && buf[p] <= 0x39) p--;
    return p < s;
  };
  if (!ws() || !digits() || !ws() || !digits()) return -1;
  return p + 1;
}

/** The direct integer value of /Length (null when absent or an indirect reference `5 0 R`). */
function directLength(dict: string[]): number | null {
  const at = dict.indexOf('/Length');
  if (at < 0) return null;
  const v = dict[at + 1];
  if (v === undefined || !/^\d{1,10}$/.test(v) || dict[at + 3] === 'R') return null;
  return Number(v);
}

function valueOf(dict: string[], key: string): string | null {
  const at = dict.indexOf(key);
  return at < 0 || at + 1 >= dict.length ? null : dict[at + 1];
}

/** A name, or the names of an array `[ /A /B ]`. */
function valuesOf(dict: string[], key: string): string[] {
  const at = dict.indexOf(key);
  if (at < 0) return [];
  if (dict[at + 1] !== '[') return dict[at + 1] === undefined ? [] : [dict[at + 1]];
  const out: string[] = [];
  for (let k = at + 2; k < dict.length && dict[k] !== ']'; k++) out.push(dict[k]);
  return out;
}

/** ASCIIHexDecode (ISO 32000-1 7.4.2): hex digits, white space ignored, `>` ends, an odd last digit is followed by 0. */
function asciiHex(raw: Buffer): Buffer {
  const text = raw.toString('latin1');
  const end = text.indexOf('>');
  const hex = (end < 0 ? text : text.slice(0, end)).replace(/[\x00\t\n\f\r ]/g, '');
  if (!/^[0-9A-Fa-f]*$/.test(hex)) throw new PdfUncheckable('PDF_UNDECODABLE');
  return Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex');
}

/** ASCII85Decode (ISO 32000-1 7.4.3): groups of five `!`…`u`, `z` for four zeros, `~>` ends. */
function ascii85(raw: Buffer): Buffer {
  const out: number[] = [];
  const group: number[] = [];
  const flush = (count: number) => {
    let v = 0;
    for (let k = 0; k < 5; k++) v = v * 85 + (k < group.length ? group[k] : 84);
    const bytes = [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
    for (let k = 0; k < count; k++) out.push(bytes[k]);
    group.length = 0;
  };
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (WS[c]) continue;
    if (c === 0x7e) break;
    if (c === 0x7a && group.length === 0) {
      out.push(0, 0, 0, 0);
      continue;
    }
    if (c < 0x21 || c > 0x75) throw new PdfUncheckable('PDF_UNDECODABLE');
    group.push(c - 0x21);
    if (group.length === 5) flush(4);
  }
  if (group.length === 1) throw new PdfUncheckable('PDF_UNDECODABLE');
  if (group.length > 1) flush(group.length - 1);
  return Buffer.from(out);
}

/** The zh-CN reason a PDF holding these names is refused. */
export function pdfRefusal(names: readonly PdfUnsafeName[]): string {
  const active = names.some((n) => n === 'JS' || n === 'JavaScript' || n === 'Launch' || n === 'RichMedia');
  const embedded = names.some((n) => n === 'EmbeddedFile' || n === 'EmbeddedFiles');
  const what = [active ? '脚本或自动运行的动作（JavaScript、启动程序、多媒体）' : null, embedded ? '嵌入的附件文件' : null].filter(Boolean).join('和');
  return `PDF 文件含有${what}，可能携带恶意代码，已拒绝上传；请用“打印为 PDF”或“另存为 PDF”重新生成一个普通的 PDF 后再上传`;
}
