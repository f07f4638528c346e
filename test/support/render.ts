import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * Office files as the committee office sees them: converted to PDF by LibreOffice (`soffice --headless`), then read
 * with poppler (pdfinfo, pdftotext, pdfimages, pdftoppm). Debian's packages: libreoffice-writer-nogui,
 * libreoffice-calc-nogui, poppler-utils (and fonts-noto-cjk for the Chinese text); `.ci/run` installs them.
 *
 * Without them the rendered specs are skipped on a developer's `npm test` (with a warning saying what to install),
 * and fail when REQUIRE_LIBREOFFICE=1 (CI): `describeRendered` chooses at load time.
 */
export const SOFFICE = process.env.SOFFICE_PATH || 'soffice';
const POPPLER = ['pdfinfo', 'pdftotext', 'pdfimages', 'pdftoppm'];
const run = promisify(execFile);

/** A4 in PDF points (1/72 inch), rounded: 210 × 297 mm. */
export const A4 = { width: 595, height: 842 };

export const INSTALL_HINT = 'apt-get install libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-noto-cjk';

/** Why documents cannot be rendered here (the missing programs), or null when they can. */
export function renderingUnavailable(): string | null {
  const missing = [SOFFICE, ...POPPLER].filter((program) => {
    try {
      execFileSync('sh', ['-c', `command -v "$1"`, 'sh', program], { stdio: 'pipe' });
      return false;
    } catch {
      return true;
    }
  });
  return missing.length ? `${missing.join(', ')} not found` : null;
}

/**
 * `describe` for specs that render documents. Available: a plain describe. Missing and REQUIRE_LIBREOFFICE=1: the
 * block is declared and every test in it fails with the reason (a beforeAll that throws). Missing otherwise:
 * `describe.skip`, with a console warning saying how to install LibreOffice.
 */
export function describeRendered(name: string, body: () => void): void {
  const reason = renderingUnavailable();
  if (!reason) return describe(name, body);
  if (process.env.REQUIRE_LIBREOFFICE === '1') {
    return describe(name, () => {
      beforeAll(() => {
        throw new Error(`REQUIRE_LIBREOFFICE=1 but ${reason}: ${INSTALL_HINT}`);
      });
      body();
    });
  }
  console.warn(`SKIPPED «${name}»: ${reason}. To run the rendered-document tests install LibreOffice and poppler (Debian: ${INSTALL_HINT}); set REQUIRE_LIBREOFFICE=1 to make their absence fail.`);
  return describe.skip(name, body);
}

/**
 * One document converted to PDF: `kind` is the file's extension (docx, xlsx). Each call has its own LibreOffice
 * profile (-env:UserInstallation) so concurrent conversions or a leftover soffice process do not collide (a second
 * soffice on the same profile would hand its work to the first and exit without output).
 */
export async function toPdf(bytes: Buffer, kind: 'docx' | 'xlsx', timeoutMs = 120_000): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'fcp-render-'));
  try {
    const input = join(dir, `document.${kind}`);
    writeFileSync(input, bytes);
    let output = '';
    try {
      const r = await run(SOFFICE, [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', join(dir, 'out'), input], {
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 1 << 20,
        env: { ...process.env, HOME: dir },
      });
      output = `${r.stdout}${r.stderr}`;
    } catch (e: any) {
      throw new Error(`soffice could not convert the .${kind} (${e.killed ? `killed after ${timeoutMs} ms` : `exit ${e.code}`}): ${e.stdout ?? ''}${e.stderr ?? ''}`);
    }
    try {
      return readFileSync(join(dir, 'out', 'document.pdf'));
    } catch {
      throw new Error(`soffice wrote no PDF for the .${kind}: ${output.trim() || '(no output)'}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface PdfPage {
  /** 1-based */
  number: number;
  /** in points, rounded */
  width: number;
  height: number;
  /** `pdftotext -layout` of the page */
  text: string;
}

/** An image of a PDF as `pdfimages -list` lists it: its page and its size in pixels (not as drawn). */
export interface PdfImage {
  page: number;
  width: number;
  height: number;
}

export interface RenderedPdf {
  pages: PdfPage[];
  /** the images drawn in the document, in `pdfimages -list` order (soft masks left out) */
  images: PdfImage[];
  /** images.length */
  imageCount: number;
}

/**
 * The images of `pdfimages -list` output: after the two header lines, one row per image
 * (`page num type width height color comp bpc enc …`). A PNG with transparency gets a second row of type `smask`
 * (its alpha channel, as large as the picture), an explicit `mask` likewise: both belong to the image above them
 * and are left out, so each picture counts once.
 */
export function parsePdfImages(list: string): PdfImage[] {
  const images: PdfImage[] = [];
  for (const line of list.split('\n').slice(2)) {
    if (!line.trim()) continue;
    const [page, , type, width, height] = line.trim().split(/\s+/);
    if (!/^\d+$/.test(page) || !/^\d+$/.test(width) || !/^\d+$/.test(height)) throw new Error(`pdfimages -list: an unexpected row «${line}»`);
    if (type === 'smask' || type === 'mask') continue;
    images.push({ page: Number(page), width: Number(width), height: Number(height) });
  }
  return images;
}

/** A PDF read with poppler: each page's size and laid-out text, and its images' sizes. */
export async function readPdf(pdf: Buffer): Promise<RenderedPdf> {
  const dir = mkdtempSync(join(tmpdir(), 'fcp-pdf-'));
  try {
    const file = join(dir, 'document.pdf');
    writeFileSync(file, pdf);
    const info = (await run('pdfinfo', [file])).stdout;
    const count = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
    if (!count) throw new Error(`pdfinfo found no pages: ${info}`);
    const sizes = (await run('pdfinfo', ['-f', '1', '-l', String(count), file], { maxBuffer: 16 << 20 })).stdout;
    const pages: PdfPage[] = [];
    for (const m of sizes.matchAll(/^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts/gm)) {
      pages.push({ number: Number(m[1]), width: Math.round(Number(m[2])), height: Math.round(Number(m[3])), text: '' });
    }
    if (pages.length !== count) throw new Error(`pdfinfo listed ${pages.length} page sizes for ${count} pages`);
    // pdftotext separates pages with a form feed
    const text = (await run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { maxBuffer: 64 << 20 })).stdout.split('\f');
    pages.forEach((p, i) => (p.text = text[i] ?? ''));
    const images = parsePdfImages((await run('pdfimages', ['-list', file], { maxBuffer: 16 << 20 })).stdout);
    return { pages, images, imageCount: images.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Converts and reads: the document as printed. */
export async function render(bytes: Buffer, kind: 'docx' | 'xlsx'): Promise<RenderedPdf & { pdf: Buffer }> {
  const pdf = await toPdf(bytes, kind);
  return { pdf, ...(await readPdf(pdf)) };
}

/** A word as `pdftotext -bbox` places it on its page: its text and the height of its box in points (about its font size as printed). */
export interface PdfWord {
  page: number;
  text: string;
  height: number;
}

/** Every word of pages `first`..`last` with its box (`pdftotext -bbox`): how large the text prints, after any fit-to-page. */
export async function pdfWords(pdf: Buffer, first = 1, last = first): Promise<PdfWord[]> {
  const dir = mkdtempSync(join(tmpdir(), 'fcp-bbox-'));
  try {
    const file = join(dir, 'document.pdf');
    writeFileSync(file, pdf);
    const html = (await run('pdftotext', ['-bbox', '-enc', 'UTF-8', '-f', String(first), '-l', String(last), file, '-'], { maxBuffer: 64 << 20 })).stdout;
    const words: PdfWord[] = [];
    html.split(/<page\b/).slice(1).forEach((page, i) => {
      for (const m of page.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
        words.push({ page: first + i, text: m[3], height: Number(m[2]) - Number(m[1]) });
      }
    });
    return words;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A page of a PDF as a PNG at `dpi` (pdftoppm). */
export async function pageAsPng(pdf: Buffer, page = 1, dpi = 72): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'fcp-png-'));
  try {
    const file = join(dir, 'document.pdf');
    writeFileSync(file, pdf);
    await run('pdftoppm', ['-f', String(page), '-l', String(page), '-r', String(dpi), '-png', '-singlefile', file, join(dir, 'page')]);
    return readFileSync(join(dir, 'page.png'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A4 either way round (portrait 595 × 842, landscape 842 × 595), within a point of rounding. */
export const isA4 = (p: { width: number; height: number }) =>
  (Math.abs(p.width - A4.width) <= 1 && Math.abs(p.height - A4.height) <= 1) || (Math.abs(p.width - A4.height) <= 1 && Math.abs(p.height - A4.width) <= 1);
