#!/usr/bin/env node
// Makes src/office/templates/campaign-summary.docx, the template of a special rectification campaign's summary
// (专项整治工作总结, COM-3), in the same way and with the same page and styles as the fire-situation briefing
// (scripts/make-briefing-template.mjs: A4, margins of GB/T 9704, headings 黑体, text 仿宋, tables 宋体). Run
// `node scripts/make-campaign-summary-template.mjs` and commit both. CampaignDocumentsService
// (src/office/campaign-documents.service.ts) fills the tags; their names are its `CampaignSummaryData` type.

import { join } from 'node:path';
import { caption, p, tab, table, tagLine, writeTemplate } from './docx-kit.mjs';

const OUT = join(process.cwd(), 'src/office/templates/campaign-summary.docx');

// ---------- the document ----------

const body = [
  p('{committee}', { style: 'RedHead', align: 'center' }),
  p('{title}', { style: 'Title', align: 'center' }),
  p('{kindLabel}', { style: 'Subtitle', align: 'center' }),
  p(['{committee}', tab(), '{issuedOn}'], { style: 'DateLine' }),
  tagLine('{#interim}'),
  p('本总结为阶段性小结：整治期间至{periodEnd}，统计截至{asOf}。', { style: 'BodyText' }),
  tagLine('{/interim}'),

  // 一、部署情况
  p('一、部署情况', { style: 'Heading1', keepNext: true }),
  p('{committee}部署开展“{title}”，整治期间为{periodStart}至{periodEnd}。{decisionText}', { style: 'BodyText' }),
  p('整治范围：{scopeText}；场所类别：{kindsText}；计入的隐患检查项：{itemsText}。', { style: 'BodyText' }),
  p('整治内容和要求：{description}', { style: 'BodyText' }),
  p('工作目标：{targetsText}', { style: 'BodyText' }),

  // 二、总体完成情况
  p('二、总体完成情况', { style: 'Heading1', keepNext: true }),
  p('{headline}', { style: 'BodyText' }),
  p('{verdictText}', { style: 'BodyText' }),
  caption('表1　总体完成情况'),
  table(
    [['范围内场所', 1100], ['检查场所', 1100], ['检查（次）', 1100], ['目标完成率', 1244], ['发现隐患（处）', 1100], ['整改（处）', 1000], ['逾期（处）', 1000], ['整改率', 1200]],
    [['{#totals}{premisesInScope}', '{premisesInspected}', '{inspections}', '{inspectionTargetPercent}', '{hazardsFound}', '{hazardsRectified}', '{hazardsOverdue}', '{rectificationRate}{/totals}']],
    { style: 'SmallTableText' },
  ),
  p('注：按整治范围和期间统计，口径同消防安全形势通报：发现隐患为整治期间发现的（限定检查项的只计这些项），整改为其中至{rectifiedBy}已复查销号的；逾期为整改期限在整治期间、期限已过且未按期整改的隐患；检查为整治期间的检查次数。', { style: 'Note' }),

  // 三、各乡镇情况
  p('三、各乡镇情况', { style: 'Heading1', keepNext: true }),
  caption('表2　各乡镇整治情况'),
  table(
    [['乡镇', 1444], ['范围内场所', 900], ['检查场所', 900], ['检查（次）', 900], ['发现隐患（处）', 1100], ['整改（处）', 900], ['逾期（处）', 900], ['整改率', 1800]],
    [['{#townships}{name}', '{premisesInScope}', '{premisesInspected}', '{inspections}', '{hazardsFound}', '{hazardsRectified}', '{hazardsOverdue}', '{rectificationRate}{/townships}']],
    { style: 'SmallTableText' },
  ),

  // 四、各成员单位（行业主管）情况
  p('四、各成员单位（行业主管）情况', { style: 'Heading1', keepNext: true }),
  tagLine('{#unitsAny}'),
  caption('表3　各成员单位主管行业场所整治情况'),
  table(
    [['成员单位', 1944], ['范围内场所', 850], ['检查场所', 850], ['检查（次）', 850], ['发现隐患（处）', 1050], ['整改（处）', 850], ['逾期（处）', 850], ['整改率', 1600]],
    [['{#units}{name}', '{premisesInScope}', '{premisesInspected}', '{inspections}', '{hazardsFound}', '{hazardsRectified}', '{hazardsOverdue}', '{rectificationRate}{/units}']],
    { style: 'SmallTableText' },
  ),
  tagLine('{/unitsAny}'),
  tagLine('{^unitsAny}'),
  p('整治范围内没有由本委员会成员单位主管的场所。', { style: 'BodyText' }),
  tagLine('{/unitsAny}'),

  // 五、交办任务
  p('五、交办任务办理情况', { style: 'Heading1', keepNext: true }),
  p('本次专项整治共交办任务 {tasksTotal} 件，已验收办结 {tasksAccepted} 件，未办结 {tasksOpen} 件，其中逾期未办结 {tasksOverdue} 件。', { style: 'BodyText' }),

  p('{committee}', { style: 'Signature', align: 'right', keepNext: true }),
  p('{issuedOn}', { style: 'Signature', align: 'right' }),
  p('（本总结由消防救援委员会实体化运行平台于{generatedAt}根据系统记录生成；编制：{preparedBy}。）', { style: 'Note' }),
].join('\n');

writeTemplate(OUT, body, '专项整治工作总结');
