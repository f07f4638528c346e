#!/usr/bin/env node
// Makes src/office/templates/fire-situation-briefing.docx, the template of the monthly fire-situation briefing
// (消防安全形势通报, INS-4), from the WordprocessingML written out below, so that a reviewer reads and changes
// the template here rather than inside a binary. Run `node scripts/make-briefing-template.mjs` and commit both.
//
// The tags are docxtemplater's (open-source core): `{name}` a value, `{#list}…{/list}` a loop (inside one table
// row: the row repeats), `{#flag}…{/flag}` / `{^flag}…{/flag}` a condition (in paragraphs of their own: the
// paragraphs between are kept or dropped). BriefingService (src/office/briefing.service.ts) fills them; the
// names it gives are listed in its `BriefingData` type. Each tag stays inside one run, so Word never splits it.
//
// Page: A4 portrait; margins of GB/T 9704 (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm). Fonts: the title in
// 宋体 bold 二号, headings 黑体 三号, text 仿宋 三号, tables 宋体 五号 / 小五 (eastAsia fonts set in every style).

import { join } from 'node:path';
import { caption, cell, inlineImage, p, placeholderPng, tab, table, tagLine, TEXT_WIDTH, TEXT_WIDTH_EMU, writeTemplate } from './docx-kit.mjs';

const OUT = join(process.cwd(), 'src/office/templates/fire-situation-briefing.docx');

/**
 * An appendix table grouped by township: a heading row per township (one cell across the table: `{name}（{count} 处）`,
 * kept with the next row), then the township's rows. The heading row opens the groups' loop and the row closes both
 * loops, so docxtemplater repeats the pair of rows per group and the row per item.
 */
const groupedTable = (columns, { groups, unit }, cells) => {
  const span = columns.length;
  const grid = columns.map(([, w]) => `<w:gridCol w:w="${w}"/>`).join('');
  const head = `<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>${columns.map(([h, w]) => cell(h, w, { header: true, style: 'SmallTableText' })).join('')}</w:tr>`;
  const group = `<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:w="${TEXT_WIDTH}" w:type="dxa"/><w:gridSpan w:val="${span}"/><w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/><w:vAlign w:val="center"/></w:tcPr>`
    + `${p(`{#${groups}}{name}（{count} ${unit}）`, { style: 'SmallTableText', align: 'left', keepNext: true, props: { bold: true } })}</w:tc></w:tr>`;
  const last = cells.length - 1;
  const row = `<w:tr><w:trPr><w:cantSplit/></w:trPr>${cells.map((c, i) => cell(`${i === 0 ? '{#rows}' : ''}${c}${i === last ? `{/rows}{/${groups}}` : ''}`, columns[i][1], { align: columns[i][2] ?? 'center', style: 'SmallTableText' })).join('')}</w:tr>`;
  return `<w:tbl><w:tblPr><w:tblStyle w:val="BriefingTable"/><w:tblW w:w="${TEXT_WIDTH}" w:type="dxa"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/>`
    + `<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>`
    + `<w:tblGrid>${grid}</w:tblGrid>${head}${group}${row}</w:tbl>`;
};
/** An appendix's first lines, on a new page: 「附件N」 (黑体, flush left), its title, and what it lists. */
const appendixHead = (no, title, note) => [
  p(`附件${no}`, { style: 'AttachmentLabel', pPr: '<w:pageBreakBefore/>' }),
  p(title, { style: 'AppendixTitle', align: 'center' }),
  p(note, { style: 'Note', align: 'center' }),
];

// ---------- the document ----------

const body = [
  // the red header: the issuing organ once, then 期号 (left) and 文号 (right) above the red line
  p('{issuer}', { style: 'RedHeadTop', align: 'center' }),
  p(['{issueNumber}', tab(), '{documentNumber}'], { style: 'IssueLine' }),
  p('消防安全形势通报', { style: 'Title', align: 'center' }),
  p('（{monthLabel}）', { style: 'Subtitle', align: 'center' }),
  // 主送: flush left, before the text
  p('{recipients}', { style: 'Recipients' }),

  // 一、总体情况: the month's headline figures, and the comparisons, as sentences
  p('一、总体情况', { style: 'Heading1', keepNext: true }),
  p('统计期间：{periodText}。', { style: 'BodyText' }),
  p('{headline}', { style: 'BodyText' }),
  p('{handOverHeadline}', { style: 'BodyText' }),
  p('{comparison}', { style: 'BodyText' }),

  // 二、主要指标: 本月 / 上月 / 环比 / 去年同月 / 同比
  p('二、主要指标及同比、环比', { style: 'Heading1', keepNext: true }),
  caption('表1　{regionName}{monthLabel}主要指标'),
  table(
    [['指标', 1800, 'left'], ['本月', 1100], ['上月', 1100], ['环比', 1872], ['去年同月', 1100], ['同比', 1872]],
    [['{#figures}{label}', '{current}', '{previous}', '{periodOnPeriod}', '{lastYear}', '{yearOnYear}{/figures}']],
  ),
  p('注：环比为与{previousLabel}相比，同比为与{lastYearLabel}相比；括号内为增减幅度，基期为 0 时不计幅度；整改率的增减以百分点计。{periodNote}', { style: 'Note' }),

  // 三、各乡镇情况: the per-township table of the month's figures
  p('三、{areaHeading}情况', { style: 'Heading1', keepNext: true }),
  caption('表2　{monthLabel}{areaHeading}消防安全情况'),
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
  // charts: 图1 trend, 图2 townships — inline pictures whose media parts are placeholders: BriefingService puts the
  // charts' PNGs there after filling the tags and sets each drawing's height to its chart's (src/office/charts/).
  // A picture keeps with its caption under it; the caption does not keep with what follows (the Caption style
  // would chain both charts and the next table onto one page, leaving a blank page before them).
  p(inlineImage({ rId: 'rIdChartTrend', id: 101, name: '图1', descr: '近12个月火灾和隐患趋势', target: 'media/chart-trend.png', png: placeholderPng(64, 38), cx: TEXT_WIDTH_EMU, cy: Math.round((TEXT_WIDTH_EMU * 380) / 640) }), { align: 'center', keepNext: true }),
  p('图1　近12个月火灾和隐患趋势', { style: 'Caption', align: 'center', pPr: '<w:keepNext w:val="0"/>' }),
  p(inlineImage({ rId: 'rIdChartTownships', id: 102, name: '图2', descr: '各乡镇隐患发现、整改和逾期情况', target: 'media/chart-townships.png', png: placeholderPng(64, 54), cx: TEXT_WIDTH_EMU, cy: Math.round((TEXT_WIDTH_EMU * 544) / 640) }), { align: 'center', keepNext: true }),
  p('图2　{areaHeading}隐患发现、整改和逾期情况', { style: 'Caption', align: 'center', pPr: '<w:keepNext w:val="0"/>' }),

  // the hazards' rectification and supervision per township: the lists' counts as they stood, hand-overs, overdue tasks
  caption('表3　{areaHeading}隐患整改和督办情况'),
  table(
    [['乡镇', 1244], ['本月发现隐患（处）', 900], ['其中已整改（处）', 900], ['本月逾期（处）', 900], ['逾期未整改（处，截至{asOfWhat}）', 1000],
      ['重大火灾隐患（处，截至{asOfWhat}）', 900], ['其中挂牌督办（处）', 900], ['移交大队（件）', 1000], ['逾期未办结任务（项，截至{asOfWhat}）', 1100]],
    [
      ['{#supervision}{name}', '{hazardsFound}', '{hazardsRectified}', '{hazardsOverdue}', '{overdueStanding}', '{majorOpen}', '{majorConfirmed}', '{handOvers}', '{overdueTasks}{/supervision}'],
      ['{#supervisionTotal}{name}', '{hazardsFound}', '{hazardsRectified}', '{hazardsOverdue}', '{overdueStanding}', '{majorOpen}', '{majorConfirmed}', '{handOvers}', '{overdueTasks}{/supervisionTotal}'],
    ],
    { style: 'SmallTableText' },
  ),
  p('注：前三列与表2同义；逾期未整改为{asOf}当天结束时处于整改中且已过整改期限的隐患（不论期限在哪个月），重大火灾隐患为当时未销号的疑似及确认重大火灾隐患，{standingNote}{#attachmentsAny}，清单见附件{/attachmentsAny}；逾期未办结任务按承办单位所在乡镇统计，县级成员单位计入“县直”；无查阅权限的栏目以“—”表示。', { style: 'Note' }),
  // the cases handed over to the county brigade (stations have no enforcement power)
  caption('表4　{monthLabel}{areaHeading}移交县消防救援大队案件情况'),
  table(
    [['乡镇', 1844], ['移交大队（件）', 1750], ['大队接收（件）', 1750], ['办结（件）', 1750], ['逾期未接收或未办结（件）', 1750]],
    [
      ['{#handOverTownships}{name}', '{handOvers}', '{accepted}', '{concluded}', '{overdue}{/handOverTownships}'],
      ['{#handOverTotal}{name}', '{handOvers}', '{accepted}', '{concluded}', '{overdue}{/handOverTotal}'],
    ],
    { style: 'SmallTableText' },
  ),
  p('注：移交、接收（含不予立案）、办结（登记处理结果）按北京时间的日期统计，不论案件何时移交；逾期为应接收或应办结日期在本月、日期已过，而当天结束时仍未接收或退回、未登记处理结果的案件（两个日期都在本月的计一件）。', { style: 'Note' }),

  // 四、逾期未整改隐患和重大火灾隐患: counts in the body, the lists in the appendices
  p('四、逾期未整改隐患和重大火灾隐患（截至{asOf}）', { style: 'Heading1', keepNext: true }),
  tagLine('{#hazardsShown}'),
  p('{overdueSentence}', { style: 'BodyText' }),
  tagLine('{#overdueBeyond}'),
  p('{overdueBeyond}', { style: 'BodyText' }),
  tagLine('{/overdueBeyond}'),
  p('{majorSentence}', { style: 'BodyText' }),
  tagLine('{#majorBeyond}'),
  p('{majorBeyond}', { style: 'BodyText' }),
  tagLine('{/majorBeyond}'),
  tagLine('{/hazardsShown}'),
  tagLine('{^hazardsShown}'),
  p('{hazardsWithheld}', { style: 'BodyText' }),
  tagLine('{/hazardsShown}'),

  // 五、委员会交办任务和专项整治 (COM-2, COM-3): the task ledger of the year and the campaigns of the month
  p('五、委员会交办任务和专项整治（截至{today}）', { style: 'Heading1', keepNext: true }),
  tagLine('{#committeesShown}'),
  p('{taskHeadline}', { style: 'BodyText' }),
  tagLine('{#overdueTasksBeyond}'),
  p('{overdueTasksBeyond}', { style: 'BodyText' }),
  tagLine('{/overdueTasksBeyond}'),
  tagLine('{#taskRowsAny}'),
  caption('表5　{taskYear}年交办任务台账（按承办单位，截至{today}）'),
  table(
    [['承办单位', 2144, 'left'], ['交办（项）', 1000], ['未办结', 900], ['其中逾期', 900], ['按期办结', 1000], ['逾期办结', 1000], ['退回重办', 1000], ['按期办结率', 900]],
    [
      ['{#taskRows}{assignee}', '{total}', '{open}', '{overdue}', '{completedOnTime}', '{completedLate}', '{returned}', '{onTimeRate}{/taskRows}'],
      ['{#taskTotal}{assignee}', '{total}', '{open}', '{overdue}', '{completedOnTime}', '{completedLate}', '{returned}', '{onTimeRate}{/taskTotal}'],
    ],
    { style: 'SmallTableText' },
  ),
  tagLine('{/taskRowsAny}'),
  p('{campaignHeadline}', { style: 'BodyText' }),
  tagLine('{#campaignsAny}'),
  caption('表6　{monthLabel}开展的专项整治进度（截至{today}）'),
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

  // 六、工作要求 and the closing
  p('六、工作要求', { style: 'Heading1', keepNext: true }),
  p('{stationsWord}要对照本通报，逐项督促逾期隐患整改到位，对疑似重大火灾隐患按规定时限报县消防救援大队判定，对挂牌督办的重大火灾隐患落实整改措施和责任，整改完成后及时申请复查销号。', { style: 'BodyText' }),
  p('各承办单位要对照任务台账，按期办结委员会交办的任务并报送佐证材料；逾期未办结的，要说明原因、限期办结。', { style: 'BodyText' }),
  p('特此通报。', { style: 'BodyText', keepNext: true }),
  // 附件说明 (GB/T 9704): after the text, a blank line, before the issuer; one line per appendix
  tagLine('{#attachmentsAny}'),
  p('', { style: 'BodyText', keepNext: true }),
  tagLine('{#attachments}'),
  p('{lead}{no}. {title}{end}', { style: 'AttachmentList', keepNext: true }),
  tagLine('{/attachments}'),
  tagLine('{/attachmentsAny}'),
  // the one issuer-and-date line of the document (落款), kept on one page
  p('{issuer}', { style: 'Signature', align: 'right', keepNext: true, pPr: '<w:spacing w:before="560"/>' }),
  p('{issuedOn}', { style: 'Signature', align: 'right' }),

  // 附件: each on a new page, grouped by township, worst first
  tagLine('{#hazardsShown}'),
  tagLine('{#overdueAny}'),
  ...appendixHead('{overdueNo}', '逾期未整改隐患清单', '（截至{asOf}，共 {overdueTotal} 处；按乡镇分列，逾期天数多的在前）'),
  groupedTable(
    [['序号', 500], ['场所（地点）', 1400, 'left'], ['隐患描述', 2700, 'left'], ['发现日期', 1050], ['整改期限', 1050], ['逾期天数', 850], ['整改责任主体', 1294, 'left']],
    { groups: 'overdueGroups', unit: '处' },
    ['{no}', '{place}', '{description}', '{foundOn}', '{deadline}', '{daysOverdue}', '{responsibleParty}'],
  ),
  tagLine('{/overdueAny}'),
  tagLine('{#majorAny}'),
  ...appendixHead('{majorNo}', '重大火灾隐患清单', '（截至{asOf}，共 {majorTotal} 处；按乡镇分列，挂牌督办的在前，发现早的在前）'),
  groupedTable(
    [['序号', 500], ['场所（地点）', 1300, 'left'], ['隐患描述', 2150, 'left'], ['发现日期', 1050], ['判定情况', 1300, 'left'], ['判定依据', 1200, 'left'], ['整改情况', 1344, 'left']],
    { groups: 'majorGroups', unit: '处' },
    ['{no}', '{place}', '{description}', '{foundOn}', '{majorStatus}', '{basis}', '{rectification}'],
  ),
  tagLine('{/majorAny}'),
  tagLine('{/hazardsShown}'),
  tagLine('{#overdueTasksAny}'),
  ...appendixHead('{overdueTasksNo}', '逾期未办结的交办任务', '（截至{today}，共 {overdueTasksTotal} 项；按承办单位所在乡镇分列，逾期天数多的在前）'),
  groupedTable(
    [['序号', 500], ['任务', 2900, 'left'], ['承办单位', 1900, 'left'], ['交办日期', 1150], ['办理期限', 1150], ['逾期天数', 1244]],
    { groups: 'overdueTaskGroups', unit: '项' },
    ['{no}', '{title}', '{assignee}', '{assignedOn}', '{deadline}', '{daysOverdue}'],
  ),
  tagLine('{/overdueTasksAny}'),
].join('\n');

writeTemplate(OUT, body, '消防安全形势通报');
