// The pieces the .docx templates of the office documents are written with (make-briefing-template.mjs,
// make-campaign-summary-template.mjs): the A4 page with the margins of GB/T 9704, paragraph and table helpers,
// the styles (title 宋体 bold 二号, headings 黑体 三号, text 仿宋 三号, tables 宋体 五号 / 小五), the page-number
// footer and the package. Each template script writes only its own body.
import PizZip from 'pizzip';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { deflateSync } from 'node:zlib';

// ---------- sizes (twips: 1/20 pt; 1 mm = 56.7 twips) ----------
export const PAGE = { width: 11906, height: 16838, top: 2098, bottom: 1984, left: 1588, right: 1474 };
export const TEXT_WIDTH = PAGE.width - PAGE.left - PAGE.right; // 8844

export const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Run properties: eastAsia font, size in half-points, bold. */
export const rPr = ({ font, size, bold, color } = {}) => {
  const parts = [];
  if (font) parts.push(`<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="${font}" w:cs="Times New Roman"/>`);
  if (bold) parts.push('<w:b/><w:bCs/>');
  if (color) parts.push(`<w:color w:val="${color}"/>`);
  if (size) parts.push(`<w:sz w:val="${size}"/><w:szCs w:val="${size}"/>`);
  return parts.length ? `<w:rPr>${parts.join('')}</w:rPr>` : '';
};
export const run = (text, props) => `<w:r>${rPr(props)}<w:t xml:space="preserve">${esc(text)}</w:t></w:r>`;
export const tab = () => '<w:r><w:tab/></w:r>';

/** A paragraph: a style, alignment, and runs (strings become plain runs). */
export const p = (content, { style, align, keepNext, props, pPr = '' } = {}) => {
  const runs = (Array.isArray(content) ? content : [content]).map((c) => (c.startsWith('<w:r') ? c : run(c, props))).join('');
  const pp = [style ? `<w:pStyle w:val="${style}"/>` : '', keepNext ? '<w:keepNext/>' : '', pPr, align ? `<w:jc w:val="${align}"/>` : ''].join('');
  return `<w:p>${pp ? `<w:pPr>${pp}</w:pPr>` : ''}${runs}</w:p>`;
};
/** A paragraph holding only a section tag (`{#x}`, `{/x}`, `{^x}`): docxtemplater drops it with paragraphLoop. */
export const tagLine = (tag) => p(tag, { style: 'BodyText' });

/** A table cell: width, text (may hold tags), header cells shaded and bold, alignment. */
export const cell = (text, width, { header = false, align = 'center', style = 'TableText' } = {}) =>
  `<w:tc><w:tcPr><w:tcW w:w="${width}" w:type="dxa"/>${header ? '<w:shd w:val="clear" w:color="auto" w:fill="E7E6E6"/>' : ''}<w:vAlign w:val="center"/></w:tcPr>`
  + `${p(text, { style, align, props: header ? { bold: true } : undefined })}</w:tc>`;

/**
 * A table: columns `[header, width, align?]`, then rows of cell texts. A row whose first cell opens a loop and
 * whose last cell closes it repeats once per item.
 */
export const table = (columns, rows, { style = 'TableText' } = {}) => {
  const grid = columns.map(([, w]) => `<w:gridCol w:w="${w}"/>`).join('');
  const head = `<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>${columns.map(([h, w]) => cell(h, w, { header: true, style })).join('')}</w:tr>`;
  const body = rows.map((cells) => `<w:tr><w:trPr><w:cantSplit/></w:trPr>${cells.map((c, i) => cell(c, columns[i][1], { align: columns[i][2] ?? 'center', style })).join('')}</w:tr>`).join('');
  return `<w:tbl><w:tblPr><w:tblStyle w:val="BriefingTable"/><w:tblW w:w="${TEXT_WIDTH}" w:type="dxa"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/>`
    + `<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>`
    + `<w:tblGrid>${grid}</w:tblGrid>${head}${body}</w:tbl>`;
};
/** A table caption above it (表 n　…). */
export const caption = (text) => p(text, { style: 'Caption', align: 'center', keepNext: true });

// ---------- inline pictures ----------

/** EMU (English Metric Units) per twip: 914400 per inch, 1440 twips per inch. */
export const EMU_PER_TWIP = 635;
/** The text width in EMU (a picture as wide as the text). */
export const TEXT_WIDTH_EMU = TEXT_WIDTH * EMU_PER_TWIP;
const WP_NS = 'http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing';
const A_NS = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const PIC_NS = 'http://schemas.openxmlformats.org/drawingml/2006/picture';

/** The media parts the inline pictures of the template being written refer to (writeTemplate packs and clears them). */
const mediaParts = [];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
/**
 * A plain grey PNG of `width` x `height` pixels (8-bit greyscale): the placeholder of a picture the application
 * replaces when it fills the template (the briefing's charts).
 */
export function placeholderPng(width, height, grey = 0xee) {
  const chunk = (type, data) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'latin1'), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit, greyscale, deflate, no filter, no interlace
  const rows = Buffer.alloc((width + 1) * height, grey);
  for (let y = 0; y < height; y++) rows[y * (width + 1)] = 0; // each row's filter byte: none
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/**
 * A run holding an inline picture (wp:inline, a:blip r:embed) of the media part `target` (under word/, e.g.
 * media/chart.png) with the bytes `png`, `cx` x `cy` EMU. `rId` is its relationship id and `id` its drawing id
 * (unique in the document); writeTemplate adds the part, the relationship and the png content type.
 */
export function inlineImage({ rId, id, name, descr, target, png, cx, cy }) {
  mediaParts.push({ rId, target, png });
  return `<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="${cx}" cy="${cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>`
    + `<wp:docPr id="${id}" name="${esc(name)}" descr="${esc(descr)}"/><wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="${A_NS}" noChangeAspect="1"/></wp:cNvGraphicFramePr>`
    + `<a:graphic xmlns:a="${A_NS}"><a:graphicData uri="${PIC_NS}"><pic:pic xmlns:pic="${PIC_NS}">`
    + `<pic:nvPicPr><pic:cNvPr id="${id}" name="${esc(target.split('/').pop())}"/><pic:cNvPicPr><a:picLocks noChangeAspect="1" noChangeArrowheads="1"/></pic:cNvPicPr></pic:nvPicPr>`
    + `<pic:blipFill><a:blip r:embed="${rId}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>`
    + `<pic:spPr bwMode="auto"><a:xfrm><a:off x="0" y="0"/><a:ext cx="${cx}" cy="${cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>`
    + `</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`;
}

const sectPr = `<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter1"/>`
  + `<w:pgSz w:w="${PAGE.width}" w:h="${PAGE.height}"/>`
  + `<w:pgMar w:top="${PAGE.top}" w:right="${PAGE.right}" w:bottom="${PAGE.bottom}" w:left="${PAGE.left}" w:header="851" w:footer="992" w:gutter="0"/>`
  // no line grid (w:docGrid type="lines" would snap every table line to the body's 28 pt)
  + `<w:cols w:space="425"/><w:docGrid w:linePitch="312"/></w:sectPr>`;

const NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

// ---------- styles ----------

/** A paragraph style: eastAsia font, size (half-points), bold, spacing (twips), first-line indent in chars x100, other pPr. */
const pStyle = (id, name, { font, size, bold, color, before = 0, after = 0, line, indentChars, keepNext, extra } = {}) =>
  `<w:style w:type="paragraph" w:customStyle="1" w:styleId="${id}"><w:name w:val="${name}"/><w:basedOn w:val="Normal"/><w:qFormat/>`
  + `<w:pPr>${keepNext ? '<w:keepNext/>' : ''}${extra ?? ''}<w:spacing w:before="${before}" w:after="${after}"${line ? ` w:line="${line}" w:lineRule="exact"` : ' w:line="240" w:lineRule="auto"'}/>`
  + `${indentChars ? `<w:ind w:firstLineChars="${indentChars}" w:firstLine="${indentChars * 3.2}"/>` : ''}</w:pPr>`
  + `${rPr({ font, size, bold, color })}</w:style>`;

const stylesXml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:docDefaults>
  <w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="仿宋" w:cs="Times New Roman"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>
  <w:pPrDefault><w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr></w:pPrDefault>
</w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
${pStyle('RedHead', '发文机关标志', { font: '宋体', size: 52, bold: true, color: 'C00000', after: 120, extra: '<w:pBdr><w:bottom w:val="single" w:sz="18" w:space="6" w:color="C00000"/></w:pBdr>' })}
${pStyle('RedHeadTop', '发文机关标志（版头）', { font: '宋体', size: 52, bold: true, color: 'C00000', before: 240, after: 240 })}
${pStyle('IssueLine', '期号和发文字号', { font: '仿宋', size: 32, after: 120, extra: '<w:pBdr><w:bottom w:val="single" w:sz="18" w:space="8" w:color="C00000"/></w:pBdr><w:tabs><w:tab w:val="right" w:pos="' + TEXT_WIDTH + '"/></w:tabs>' })}
${pStyle('Recipients', '主送机关', { font: '仿宋', size: 32, line: 560, before: 120 })}
${pStyle('AttachmentList', '附件说明', { font: '仿宋', size: 32, line: 560, indentChars: 200 })}
${pStyle('AttachmentLabel', '附件标识', { font: '黑体', size: 32, after: 240 })}
${pStyle('AppendixTitle', '附件标题', { font: '宋体', size: 36, bold: true, after: 120, keepNext: true })}
${pStyle('Title', '标题', { font: '宋体', size: 44, bold: true, before: 360, after: 120 })}
${pStyle('Subtitle', '副标题', { font: '楷体', size: 32, after: 240 })}
${pStyle('DateLine', '发文机关及日期', { font: '仿宋', size: 28, after: 240, extra: '<w:tabs><w:tab w:val="right" w:pos="' + TEXT_WIDTH + '"/></w:tabs>' })}
${pStyle('Heading1', '一级标题', { font: '黑体', size: 32, before: 240, after: 120, keepNext: true })}
${pStyle('BodyText', '正文', { font: '仿宋', size: 32, line: 560, indentChars: 200 })}
${pStyle('Caption', '表题', { font: '黑体', size: 24, before: 120, after: 60, keepNext: true })}
${pStyle('Note', '注', { font: '仿宋', size: 24, before: 60, after: 120, line: 400 })}
${pStyle('TableText', '表格文字', { font: '宋体', size: 21 })}
${pStyle('SmallTableText', '表格文字（小）', { font: '宋体', size: 18 })}
${pStyle('Signature', '落款', { font: '仿宋', size: 32, line: 560 })}
${pStyle('Footer', '页脚', { font: '宋体', size: 28 })}
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
<w:style w:type="table" w:customStyle="1" w:styleId="BriefingTable"><w:name w:val="通报表格"/><w:basedOn w:val="TableNormal"/>
  <w:tblPr><w:tblBorders><w:top w:val="single" w:sz="8" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="8" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders>
  <w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="57" w:type="dxa"/><w:bottom w:w="28" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
</w:styles>`;

// the page number, centred: — 1 —
const footerXml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr ${NS}><w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="center"/></w:pPr>${run('— ')}<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>${run('1')}<w:r><w:fldChar w:fldCharType="end"/></w:r>${run(' —')}</w:p></w:ftr>`;

const settingsXml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="compressPunctuation"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>`;

const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>
<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
</Types>`;

const rootRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>
</Relationships>`;

const documentRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>
<Relationship Id="rIdFooter1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>
</Relationships>`;

/**
 * Writes a template to `out`: `body` (paragraphs and tables made with the helpers above) on the page above, with the
 * styles, the page-number footer and the package parts; `title` is the document's title property. The same XML
 * always makes the same bytes (fixed dates in the zip entries): a reviewable diff.
 */
export function writeTemplate(out, body, title) {
  const documentXml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document ${NS}${mediaParts.length ? ` xmlns:wp="${WP_NS}"` : ''}><w:body>
${body}
${sectPr}</w:body></w:document>`;
  const coreXml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>${esc(title)}</dc:title><dc:creator>消防救援委员会实体化运行平台</dc:creator><dc:language>zh-CN</dc:language>
</cp:coreProperties>`;

  const appXml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Fire Committee Platform</Application></Properties>`;

  // a fixed date in the zip entries, so the same XML always makes the same bytes (a reviewable diff)
  const date = new Date('2027-01-01T00:00:00Z');
  const zip = new PizZip();
  for (const [name, xml] of [
    ['[Content_Types].xml', mediaParts.length ? contentTypes.replace('<Default Extension="xml"', '<Default Extension="png" ContentType="image/png"/>\n<Default Extension="xml"') : contentTypes],
    ['_rels/.rels', rootRels], ['docProps/core.xml', coreXml], ['docProps/app.xml', appXml],
    ['word/document.xml', documentXml], ['word/styles.xml', stylesXml], ['word/settings.xml', settingsXml], ['word/footer1.xml', footerXml],
    ['word/_rels/document.xml.rels', mediaParts.length ? documentRels.replace('</Relationships>', `${mediaParts.map((m) =>
      `<Relationship Id="${m.rId}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="${m.target}"/>`).join('\n')}\n</Relationships>`) : documentRels],
  ]) zip.file(name, xml, { date, createFolders: false });
  for (const m of mediaParts) zip.file(`word/${m.target}`, m.png, { date, createFolders: false, binary: true });
  mediaParts.length = 0;
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' }));
  console.log(`wrote ${out}`);
}
