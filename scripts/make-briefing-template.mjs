#!/usr/bin/env node
// Makes src/office/templates/fire-situation-briefing.docx, the template of the monthly fire-situation briefing
// (消防安全形势通报, issue 10), from the WordprocessingML written out below, so that a reviewer reads and changes
// the template here rather than inside a binary. Run `node scripts/make-briefing-template.mjs` and commit both.
//
// The tags are docxtemplater's (open-source core): `{name}` a value, `{#list}…{/list}` a loop (inside one table
// row: the row repeats), `{#flag}…{/flag}` / `{^flag}…{/flag}` a condition (in paragraphs of their own: the
// paragraphs between are kept or dropped). BriefingService (src/office/briefing.service.ts) fills them; the
// names it gives are listed in its `BriefingData` type. Each tag stays inside one run, so Word never splits it.
//
// Page: A4 portrait; margins of GB/T 9704 (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm). Fonts: the title in
// 宋体 bold 二号, headings 黑体 三号, text 仿宋 三号, tables 宋体 五号 / 小五 (eastAsia fonts set in every style).
import PizZip from 'pizzip';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const OUT = join(process.cwd(), 'src/office/templates/fire-situation-briefing.docx');

// ---------- sizes (twips: 1/20 pt; 1 mm = 56.7 twips) ----------
const PAGE = { width: 11906, height: 16838, top: 2098, bottom: 1984, left: 1588, right: 1474 };
const TEXT_WIDTH = PAGE.width - PAGE.left - PAGE.right; // 8844

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Run properties: eastAsia font, size in half-points, bold. */
const rPr = ({ font, size, bold, color } = {}) => {
  const parts = [];
  if (font) parts.push(`<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="${font}" w:cs="Times New Roman"/>`);
  if (bold) parts.push('<w:b/><w:bCs/>');
  if (color) parts.push(`<w:color w:val="${color}"/>`);
  if (size) parts.push(`<w:sz w:val="${size}"/><w:szCs w:val="${size}"/>`);
  return parts.length ? `<w:rPr>${parts.join('')}</w:rPr>` : '';
};
const run = (text, props) => `<w:r>${rPr(props)}<w:t xml:space="preserve">${esc(text)}</w:t></w:r>`;
const tab = () => '<w:r><w:tab/></w:r>';

/** A paragraph: a style, alignment, and runs (strings become plain runs). */
const p = (content, { style, align, keepNext, props, pPr = '' } = {}) => {
  const runs = (Array.isArray(content) ? content : [content]).map((c) => (c.startsWith('<w:r') ? c : run(c, props))).join('');
  const pp = [style ? `<w:pStyle w:val="${style}"/>` : '', keepNext ? '<w:keepNext/>' : '', pPr, align ? `<w:jc w:val="${align}"/>` : ''].join('');
  return `<w:p>${pp ? `<w:pPr>${pp}</w:pPr>` : ''}${runs}</w:p>`;
};
/** A paragraph holding only a section tag (`{#x}`, `{/x}`, `{^x}`): docxtemplater drops it with paragraphLoop. */
const tagLine = (tag) => p(tag, { style: 'BodyText' });

/** A table cell: width, text (may hold tags), header cells shaded and bold, alignment. */
const cell = (text, width, { header = false, align = 'center', style = 'TableText' } = {}) =>
  `<w:tc><w:tcPr><w:tcW w:w="${width}" w:type="dxa"/>${header ? '<w:shd w:val="clear" w:color="auto" w:fill="E7E6E6"/>' : ''}<w:vAlign w:val="center"/></w:tcPr>`
  + `${p(text, { style, align, props: header ? { bold: true } : undefined })}</w:tc>`;

/**
 * A table: columns `[header, width, align?]`, then rows of cell texts. A row whose first cell opens a loop and
 * whose last cell closes it repeats once per item.
 */
const table = (columns, rows, { style = 'TableText' } = {}) => {
  const grid = columns.map(([, w]) => `<w:gridCol w:w="${w}"/>`).join('');
  const head = `<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>${columns.map(([h, w]) => cell(h, w, { header: true, style })).join('')}</w:tr>`;
  const body = rows.map((cells) => `<w:tr><w:trPr><w:cantSplit/></w:trPr>${cells.map((c, i) => cell(c, columns[i][1], { align: columns[i][2] ?? 'center', style })).join('')}</w:tr>`).join('');
  return `<w:tbl><w:tblPr><w:tblStyle w:val="BriefingTable"/><w:tblW w:w="${TEXT_WIDTH}" w:type="dxa"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/>`
    + `<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>`
    + `<w:tblGrid>${grid}</w:tblGrid>${head}${body}</w:tbl>`;
};
/** A table caption above it (表 n　…). */
const caption = (text) => p(text, { style: 'Caption', align: 'center', keepNext: true });

// ---------- the document ----------

const body = [
  // title block: the issuing body's red-headed line, the title, issuer and date
  p('{issuer}', { style: 'RedHead', align: 'center' }),
  p('消防安全形势通报', { style: 'Title', align: 'center' }),
  p('（{monthLabel}）', { style: 'Subtitle', align: 'center' }),
  p(['{issuer}', tab(), '{issuedOn}'], { style: 'DateLine' }),

  // 一、总体情况: the month's headline figures, and the comparisons, as sentences
  p('一、总体情况', { style: 'Heading1', keepNext: true }),
  p('统计期间：{periodText}。', { style: 'BodyText' }),
  p('{headline}', { style: 'BodyText' }),
  p('{comparison}', { style: 'BodyText' }),

  // 二、主要指标: 本月 / 上月 / 环比 / 去年同月 / 同比
  p('二、主要指标及同比、环比', { style: 'Heading1', keepNext: true }),
  caption('表1　{regionName}{monthLabel}主要指标'),
  table(
    [['指标', 1800, 'left'], ['本月', 1100], ['上月', 1100], ['环比', 1872], ['去年同月', 1100], ['同比', 1872]],
    [['{#figures}{label}', '{current}', '{previous}', '{periodOnPeriod}', '{lastYear}', '{yearOnYear}{/figures}']],
  ),
  p('注：环比为与{previousLabel}相比，同比为与{lastYearLabel}相比；括号内为增减幅度，基期为 0 时不计幅度；整改率的增减以百分点计。{periodNote}', { style: 'Note' }),

  // 三、各乡镇情况
  p('三、各乡镇情况', { style: 'Heading1', keepNext: true }),
  caption('表2　{monthLabel}各乡镇消防安全情况'),
  table(
    [['乡镇', 1150], ['火灾（起）', 740], ['死亡（人）', 740], ['受伤（人）', 740], ['直接损失（元）', 1250, 'right'], ['发现隐患（处）', 820],
      ['整改（处）', 740], ['逾期（处）', 740], ['整改率', 900], ['检查（次）', 1024]],
    [
      ['{#townships}{name}', '{incidents}', '{deaths}', '{injuries}', '{directLossYuan}', '{hazardsFound}', '{hazardsRectified}', '{hazardsOverdue}', '{rectificationRate}', '{inspections}{/townships}'],
      ['{#total}{name}', '{incidents}', '{deaths}', '{injuries}', '{directLossYuan}', '{hazardsFound}', '{hazardsRectified}', '{hazardsOverdue}', '{rectificationRate}', '{inspections}{/total}'],
    ],
    { style: 'SmallTableText' },
  ),
  p('注：火灾按北京时间起火日期统计；发现隐患为本月发现的隐患，整改为其中至{rectifiedAsOf}已复查销号的；逾期为整改期限在本月、期限已过且未按期整改的隐患。', { style: 'Note' }),

  // 四、逾期未整改隐患 (current state)
  p('四、逾期未整改隐患（截至{asOf}）', { style: 'Heading1', keepNext: true }),
  tagLine('{#hazardsShown}'),
  p('截至{asOf}，{regionName}处于整改中且已超过整改期限的隐患共 {overdueTotal} 处。', { style: 'BodyText' }),
  tagLine('{#overdueAny}'),
  caption('表3　逾期未整改隐患清单（截至{asOf}）'),
  table(
    [['序号', 560], ['乡镇', 850], ['场所（地点）', 1200, 'left'], ['隐患描述', 1850, 'left'], ['发现日期', 1250], ['整改期限', 1250], ['逾期天数', 650], ['整改责任主体', 1184, 'left']],
    [['{#overdue}{no}', '{township}', '{place}', '{description}', '{foundOn}', '{deadline}', '{daysOverdue}', '{responsibleParty}{/overdue}']],
    { style: 'SmallTableText' },
  ),
  tagLine('{/overdueAny}'),
  tagLine('{#overdueMore}'),
  p('另有 {overdueMore} 条，详见系统。', { style: 'BodyText' }),
  tagLine('{/overdueMore}'),
  tagLine('{/hazardsShown}'),
  tagLine('{^hazardsShown}'),
  p('{hazardsWithheld}', { style: 'BodyText' }),
  tagLine('{/hazardsShown}'),

  // 五、重大火灾隐患 (current state)
  p('五、重大火灾隐患（截至{asOf}）', { style: 'Heading1', keepNext: true }),
  tagLine('{#hazardsShown}'),
  p('截至{asOf}，{regionName}未销号的疑似及确认重大火灾隐患共 {majorTotal} 处，其中挂牌督办 {majorConfirmed} 处。', { style: 'BodyText' }),
  tagLine('{#majorAny}'),
  caption('表4　重大火灾隐患清单（截至{asOf}）'),
  table(
    [['序号', 560], ['乡镇', 800], ['场所（地点）', 1100, 'left'], ['隐患描述', 1600, 'left'], ['发现日期', 1250], ['判定情况', 1250, 'left'], ['判定依据', 1150, 'left'], ['整改情况', 1134, 'left']],
    [['{#major}{no}', '{township}', '{place}', '{description}', '{foundOn}', '{majorStatus}', '{basis}', '{rectification}{/major}']],
    { style: 'SmallTableText' },
  ),
  tagLine('{/majorAny}'),
  tagLine('{#majorMore}'),
  p('另有 {majorMore} 条，详见系统。', { style: 'BodyText' }),
  tagLine('{/majorMore}'),
  tagLine('{/hazardsShown}'),
  tagLine('{^hazardsShown}'),
  p('{hazardsWithheld}', { style: 'BodyText' }),
  tagLine('{/hazardsShown}'),

  // 六、委员会交办任务和专项整治 (COM-2, COM-3): the task ledger of the year and the campaigns of the month
  p('六、委员会交办任务和专项整治（截至{asOf}）', { style: 'Heading1', keepNext: true }),
  tagLine('{#committeesShown}'),
  p('{taskHeadline}', { style: 'BodyText' }),
  tagLine('{#taskRowsAny}'),
  caption('表5　{taskYear}年交办任务台账（按承办单位，截至{asOf}）'),
  table(
    [['承办单位', 2144, 'left'], ['交办（项）', 1000], ['未办结', 900], ['其中逾期', 900], ['按期办结', 1000], ['逾期办结', 1000], ['退回重办', 1000], ['按期办结率', 900]],
    [
      ['{#taskRows}{assignee}', '{total}', '{open}', '{overdue}', '{completedOnTime}', '{completedLate}', '{returned}', '{onTimeRate}{/taskRows}'],
      ['{#taskTotal}{assignee}', '{total}', '{open}', '{overdue}', '{completedOnTime}', '{completedLate}', '{returned}', '{onTimeRate}{/taskTotal}'],
    ],
    { style: 'SmallTableText' },
  ),
  tagLine('{/taskRowsAny}'),
  tagLine('{#overdueTasksAny}'),
  caption('表6　逾期未办结的交办任务（截至{asOf}）'),
  table(
    [['序号', 560], ['任务', 2600, 'left'], ['承办单位', 1900, 'left'], ['交办日期', 1250], ['办理期限', 1250], ['逾期天数', 1284]],
    [['{#overdueTasks}{no}', '{title}', '{assignee}', '{assignedOn}', '{deadline}', '{daysOverdue}{/overdueTasks}']],
    { style: 'SmallTableText' },
  ),
  tagLine('{/overdueTasksAny}'),
  p('{campaignHeadline}', { style: 'BodyText' }),
  tagLine('{#campaignsAny}'),
  caption('表7　{monthLabel}开展的专项整治进度（截至{asOf}）'),
  table(
    [['专项整治', 1900, 'left'], ['整治期间', 1500], ['已检查场所', 900], ['检查（次）', 800], ['发现隐患', 800], ['已整改', 800], ['整改率', 844], ['目标', 1300, 'left']],
    [['{#campaigns}{title}', '{period}', '{premises}', '{inspections}', '{hazardsFound}', '{hazardsRectified}', '{rectificationRate}', '{targets}{/campaigns}']],
    { style: 'SmallTableText' },
  ),
  tagLine('{/campaignsAny}'),
  p('注：任务按交办日期所在年度统计（含乡镇分解转办的任务），按期办结指验收办结且办结报告日期不晚于办理期限；专项整治按整治范围（区划、场所类别、检查项）和整治期间统计检查和隐患，整改指已复查销号。', { style: 'Note' }),
  tagLine('{/committeesShown}'),
  tagLine('{^committeesShown}'),
  p('{committeesWithheld}', { style: 'BodyText' }),
  tagLine('{/committeesShown}'),

  // 七、工作要求 and the closing
  p('七、工作要求', { style: 'Heading1', keepNext: true }),
  p('各乡镇消防工作站要对照本通报，逐项督促逾期隐患整改到位，对疑似重大火灾隐患按规定时限报县消防救援大队判定，对挂牌督办的重大火灾隐患落实整改措施和责任，整改完成后及时申请复查销号。', { style: 'BodyText' }),
  p('各承办单位要对照任务台账，按期办结委员会交办的任务并报送佐证材料；逾期未办结的，要说明原因、限期办结。', { style: 'BodyText' }),
  // the closing, the issuer and the date stay on one page
  p('特此通报。', { style: 'BodyText', keepNext: true }),
  p('{issuer}', { style: 'Signature', align: 'right', keepNext: true }),
  p('{issuedOn}', { style: 'Signature', align: 'right' }),
  p('（本通报由消防救援委员会实体化运行平台于{generatedAt}根据系统记录生成；编制：{preparedBy}。）', { style: 'Note' }),
].join('\n');

const sectPr = `<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter1"/>`
  + `<w:pgSz w:w="${PAGE.width}" w:h="${PAGE.height}"/>`
  + `<w:pgMar w:top="${PAGE.top}" w:right="${PAGE.right}" w:bottom="${PAGE.bottom}" w:left="${PAGE.left}" w:header="851" w:footer="992" w:gutter="0"/>`
  // no line grid (w:docGrid type="lines" would snap every table line to the body's 28 pt)
  + `<w:cols w:space="425"/><w:docGrid w:linePitch="312"/></w:sectPr>`;

const NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

const documentXml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document ${NS}><w:body>
${body}
${sectPr}</w:body></w:document>`;

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

const coreXml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>消防安全形势通报</dc:title><dc:creator>消防救援委员会实体化运行平台</dc:creator><dc:language>zh-CN</dc:language>
</cp:coreProperties>`;

const appXml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Fire Committee Platform</Application></Properties>`;

// a fixed date in the zip entries, so the same XML always makes the same bytes (a reviewable diff)
const date = new Date('2027-01-01T00:00:00Z');
const zip = new PizZip();
for (const [name, xml] of [
  ['[Content_Types].xml', contentTypes], ['_rels/.rels', rootRels], ['docProps/core.xml', coreXml], ['docProps/app.xml', appXml],
  ['word/document.xml', documentXml], ['word/styles.xml', stylesXml], ['word/settings.xml', settingsXml], ['word/footer1.xml', footerXml],
  ['word/_rels/document.xml.rels', documentRels],
]) zip.file(name, xml, { date, createFolders: false });
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' }));
console.log(`wrote ${OUT}`);
