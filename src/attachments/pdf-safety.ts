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

/** The most bytes inflated from one file's streams in all (a small file that inflates without end is refused). */
export const MAX_INFLATED_BYTES = 64 * 1024 * 1024;

/** The file's streams inflated past MAX_INFLATED_BYTES: not looked into, so not accepted. */
export class PdfTooDeep extends Error {}

/** A name object: `/` then regular characters (anything but white space and the delimiters ( ) < > [ ] { } / %). */
const NAME = /\/([^\s()<>[\]{}/%\x00]*)/g;

function unsafeNamesIn(text: string, found: Set<PdfUnsafeName>): void {
  for (const m of text.matchAll(NAME)) {
    const raw = m[1];
    if (raw.length === 0 || raw.length > 40) continue;
    const name = raw.includes('#') ? raw.replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : raw;
    if ((PDF_UNSAFE_NAMES as readonly string[]).includes(name)) found.add(name as PdfUnsafeName);
  }
}

/** Where each stream's data starts: after the `stream` keyword and its end of line (CRLF or LF). */
const STREAM_START = /stream\r?\n/g;

/**
 * The unsafe names a PDF holds, in its bytes as they are and in every stream that inflates with zlib (FlateDecode,
 * which also compresses object streams, where a file can hide its dictionaries). Streams in other filters are not
 * decoded. Throws PdfTooDeep when the streams inflate past MAX_INFLATED_BYTES.
 */
export function pdfUnsafeNames(data: Buffer): PdfUnsafeName[] {
  const found = new Set<PdfUnsafeName>();
  const text = data.toString('latin1');
  unsafeNamesIn(text, found);
  let budget = MAX_INFLATED_BYTES;
  for (const m of text.matchAll(STREAM_START)) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) break;
    const inflated = inflateStream(data.subarray(start, end), budget);
    if (inflated === null) continue;
    budget -= inflated.length;
    unsafeNamesIn(inflated.toString('latin1'), found);
  }
  return PDF_UNSAFE_NAMES.filter((n) => found.has(n));
}

/** A stream's data inflated (zlib), null when it is not zlib data; PdfTooDeep past the budget. */
function inflateStream(raw: Buffer, budget: number): Buffer | null {
  // zlib data starts with a header byte 0x78 (deflate, 32 KiB window): anything else is another filter or plain
  if (raw.length < 2 || raw[0] !== 0x78) return null;
  try {
    // Z_SYNC_FLUSH: a stream cut short (or padded) still gives what it holds
    return inflateSync(raw, { maxOutputLength: Math.max(budget, 1), finishFlush: constants.Z_SYNC_FLUSH });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new PdfTooDeep();
    return null;
  }
}

/** The zh-CN reason a PDF holding these names is refused. */
export function pdfRefusal(names: readonly PdfUnsafeName[]): string {
  const active = names.some((n) => n === 'JS' || n === 'JavaScript' || n === 'Launch' || n === 'RichMedia');
  const embedded = names.some((n) => n === 'EmbeddedFile' || n === 'EmbeddedFiles');
  const what = [active ? '脚本或自动运行的动作（JavaScript、启动程序、多媒体）' : null, embedded ? '嵌入的附件文件' : null].filter(Boolean).join('和');
  return `PDF 文件含有${what}，可能携带恶意代码，已拒绝上传；请用“打印为 PDF”或“另存为 PDF”重新生成一个普通的 PDF 后再上传`;
}
