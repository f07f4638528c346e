import PizZip from 'pizzip';
import { pngSize } from './chart-render';

/** The media parts of the briefing template's charts (scripts/make-briefing-template.mjs): placeholders until filled. */
export const BRIEFING_CHART_PARTS = { trend: 'media/chart-trend.png', townships: 'media/chart-townships.png' } as const;
/** The tallest a chart may be drawn on the page: 19 cm (A4's text height is 22.5 cm; its caption stays with it). */
export const MAX_CHART_HEIGHT_EMU = 19 * 360_000;

const DOCUMENT = 'word/document.xml';
const RELS = 'word/_rels/document.xml.rels';

/**
 * Puts the charts' PNGs in the filled briefing in place of the template's placeholders, and sizes each drawing as
 * its chart: the template's width (the text width), the chart's height for it — or, beyond MAX_CHART_HEIGHT_EMU
 * (a county of many townships), that height and the width that keeps the aspect ratio. A template without a
 * chart's part (a BRIEFING_TEMPLATE of one's own) is left as it is.
 */
export function embedBriefingCharts(docx: Buffer | PizZip, charts: { trend: Buffer; townships: Buffer }): Buffer {
  const zip = Buffer.isBuffer(docx) ? new PizZip(docx) : docx;
  let xml = zip.file(DOCUMENT)?.asText();
  const rels = zip.file(RELS)?.asText();
  if (!xml || !rels) return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' });
  for (const [key, target] of Object.entries(BRIEFING_CHART_PARTS) as [keyof typeof BRIEFING_CHART_PARTS, string][]) {
    if (!zip.file(`word/${target}`)) continue;
    const png = charts[key];
    zip.file(`word/${target}`, png, { binary: true });
    const rId = new RegExp(`<Relationship [^>]*Id="([^"]+)"[^>]*Target="${target.replace(/[.]/g, '\\.')}"`).exec(rels)?.[1]
      ?? new RegExp(`<Relationship [^>]*Target="${target.replace(/[.]/g, '\\.')}"[^>]*Id="([^"]+)"`).exec(rels)?.[1];
    if (rId) xml = sizeDrawing(xml, rId, pngSize(png));
  }
  zip.file(DOCUMENT, xml);
  return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** The drawing embedding `rId` resized to the picture's aspect ratio (its extent and its picture's). */
export function sizeDrawing(xml: string, rId: string, picture: { width: number; height: number }): string {
  const at = xml.indexOf(`r:embed="${rId}"`);
  if (at < 0) return xml;
  const start = xml.lastIndexOf('<w:drawing>', at);
  const end = xml.indexOf('</w:drawing>', at);
  if (start < 0 || end < 0) return xml;
  const drawing = xml.slice(start, end);
  const extent = /<wp:extent cx="(\d+)" cy="(\d+)"\/>/.exec(drawing);
  if (!extent) return xml;
  let cx = Number(extent[1]);
  let cy = Math.round((cx * picture.height) / picture.width);
  if (cy > MAX_CHART_HEIGHT_EMU) {
    cx = Math.round((cx * MAX_CHART_HEIGHT_EMU) / cy);
    cy = MAX_CHART_HEIGHT_EMU;
  }
  const resized = drawing
    .replace(/<wp:extent cx="\d+" cy="\d+"\/>/, `<wp:extent cx="${cx}" cy="${cy}"/>`)
    .replace(/<a:ext cx="\d+" cy="\d+"\/>/, `<a:ext cx="${cx}" cy="${cy}"/>`);
  return xml.slice(0, start) + resized + xml.slice(end);
}
