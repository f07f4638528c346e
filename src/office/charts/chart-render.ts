import { renderAsync } from '@resvg/resvg-js';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { appRoot } from '../../common/app-root';
import { PNG_SCALE } from './chart-options';
import type { ChartSpec } from './chart-options';

const FONT_PACKAGE = '@embedpdf/fonts-sc';

/**
 * The CJK fonts the PNG is drawn with (Noto Sans Hans, OFL), from the installed package: its entry resolved from
 * the project (the package exports no package.json), then its folder found above it. No system font is read, so
 * a server without Chinese fonts draws the same PNG.
 */
export function chartFontFiles(root = appRoot()): string[] {
  const entry = createRequire(path.join(root, 'package.json')).resolve(FONT_PACKAGE);
  for (let dir = path.dirname(entry); ; ) {
    const files = ['Regular', 'Bold'].map((w) => path.join(dir, 'fonts', `NotoSansHans-${w}.otf`));
    if (files.every((f) => existsSync(f))) return files;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`the chart fonts of ${FONT_PACKAGE} are not found above ${entry}`);
    dir = parent;
  }
}

/**
 * ECharts, loaded on the first chart drawn: it is the largest library the server has (about a second to load), and
 * only the chart and briefing requests use it, so the server (and every test app) starts without it.
 */
const importECharts = () => import('echarts');
let echartsLoading: ReturnType<typeof importECharts> | undefined;
const loadECharts = () => (echartsLoading ??= importECharts());

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * An option drawn as SVG by ECharts' server-side renderer (no DOM, no browser), with the chart's title and its
 * figures in words as the SVG's <title> and <desc> (read aloud by a screen reader, readable by another system).
 */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  const echarts = await loadECharts();
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: spec.width, height: spec.height });
  try {
    chart.setOption({ ...spec.option, animation: false });
    const svg = chart.renderToSVGString();
    const open = svg.indexOf('>') + 1;
    return `${svg.slice(0, open).replace('<svg ', '<svg role="img" ')}\n<title>${escapeXml(spec.title)}</title>\n<desc>${escapeXml(spec.description)}</desc>${svg.slice(open)}`;
  } finally {
    chart.dispose();
  }
}

/**
 * At most `limit` tasks at a time; the others wait in call order. A task that throws frees its slot too.
 */
export class Semaphore {
  private active = 0;
  private readonly queue: (() => void)[] = [];

  constructor(readonly limit = 1) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`Semaphore: limit ${limit}`);
  }

  /** Tasks running now. */
  get running(): number {
    return this.active;
  }

  /** Tasks waiting for a slot. */
  get waiting(): number {
    return this.queue.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      // the slot passes straight to the next waiter (active unchanged), so no newcomer can slip in between
      const next = this.queue.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/**
 * The PNG renders of this process, one at a time. resvg's `renderAsync` runs on libuv's thread pool (4 threads by
 * default), the pool argon2 hashes passwords on (src/auth/password-hasher.ts): a PNG takes 0.3–1.5 s, reading
 * ~17 MB of fonts each time, so a few concurrent chart or briefing downloads would take every thread and stall
 * sign-ins behind them. One render at a time leaves the other threads to argon2 (and to fs/dns/zlib), and keeps
 * one chart's RGBA bitmap in memory at a time; the renders wait in turn instead.
 */
export const pngRenders = new Semaphore(1);

/**
 * An SVG drawn as PNG at `scale` pixels per CSS pixel, white background, with the bundled fonts. Drawn on libuv's
 * thread pool (`renderAsync`), so it does not block the event loop, and at most one at a time (`pngRenders`).
 */
export async function svgToPng(svg: string, fontFiles: string[], scale = PNG_SCALE): Promise<Buffer> {
  return pngRenders.run(async () => {
    const image = await renderAsync(svg, {
      font: { loadSystemFonts: false, fontFiles, defaultFontFamily: 'Noto Sans Hans' },
      background: '#ffffff',
      fitTo: { mode: 'zoom', value: scale },
    });
    return Buffer.from(image.asPng());
  });
}

/** A PNG's size in pixels, from its IHDR chunk (the signature, then length, "IHDR", width, height). */
export function pngSize(png: Buffer): { width: number; height: number } {
  const SIGNATURE = '89504e470d0a1a0a';
  if (png.length < 24 || png.subarray(0, 8).toString('hex') !== SIGNATURE || png.subarray(12, 16).toString('latin1') !== 'IHDR') throw new Error('not a PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Whether the font files can be read (the service warns at start otherwise). */
export function fontsReadable(files: string[]): boolean {
  try {
    return files.every((f) => readFileSync(f).length > 0);
  } catch {
    return false;
  }
}
