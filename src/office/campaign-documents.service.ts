import { Injectable } from '@nestjs/common';
import Docxtemplater from 'docxtemplater';
import PizZip from 'pizzip';
import { existsSync, readFileSync } from 'node:fs';
import { appRoot } from '../common/app-root';
import { Clock, TIME_ZONE } from '../common/clock';
import type { CampaignFigures } from '../committees/campaigns/campaign-figures';
import { CampaignPhase, campaignPhase } from '../committees/campaigns/campaign-figures';
import { CampaignProgress, CampaignService } from '../committees/campaigns/campaign.service';
import type { RequestContext } from '../kernel/request-context';
import { PREMISES_KIND_LABELS, PremisesKind } from '../inspections/inspections.enums';
import { RegionLevel } from '../organization/organization.enums';
import { OrganizationService } from '../organization/organization.service';
import { bundledTemplateCandidates, chineseDate } from './briefing.service';
import { DOCX_TYPE, OfficeFile, XLSX_TYPE } from './office-http';
import { addSheet, fileName, newWorkbook, SheetCell, workbookBuffer } from './xlsx';

export const CAMPAIGN_SUMMARY_TEMPLATE_FILE = 'campaign-summary.docx';

/** Where the bundled summary template may be: where the briefing's is looked for. */
export const campaignTemplateCandidates = (): string[] => bundledTemplateCandidates(appRoot(), process.argv[1], CAMPAIGN_SUMMARY_TEMPLATE_FILE);

const FIGURE_COLUMNS: { key: keyof CampaignFigures; header: string; numFmt?: string }[] = [
  { key: 'premisesInScope', header: '范围内场所' },
  { key: 'premisesInspected', header: '检查场所' },
  { key: 'inspections', header: '检查次数' },
  { key: 'inspectionTargetPercent', header: '检查目标完成率（%）', numFmt: '0.00' },
  { key: 'hazardsFound', header: '发现隐患' },
  { key: 'hazardsRectified', header: '整改销号' },
  { key: 'hazardsOverdue', header: '逾期未改' },
  { key: 'rectificationRate', header: '整改率（%）', numFmt: '0.00' },
];

/** One row of figures in the summary's tables (text, as printed). */
export interface CampaignSummaryRow {
  name: string;
  premisesInScope: string;
  premisesInspected: string;
  inspections: string;
  inspectionTargetPercent: string;
  hazardsFound: string;
  hazardsRectified: string;
  hazardsOverdue: string;
  rectificationRate: string;
}
/** Every tag of templates/campaign-summary.docx (scripts/make-campaign-summary-template.mjs writes it). */
export interface CampaignSummaryData {
  committee: string;
  title: string;
  /** 工作总结, or 阶段性小结 while the campaign has not ended. */
  kindLabel: string;
  interim: boolean;
  issuedOn: string;
  asOf: string;
  periodStart: string;
  periodEnd: string;
  decisionText: string;
  scopeText: string;
  kindsText: string;
  itemsText: string;
  description: string;
  targetsText: string;
  headline: string;
  verdictText: string;
  rectifiedBy: string;
  totals: CampaignSummaryRow;
  townships: CampaignSummaryRow[];
  unitsAny: boolean;
  units: CampaignSummaryRow[];
  tasksTotal: number;
  tasksAccepted: number;
  tasksOpen: number;
  tasksOverdue: number;
  generatedAt: string;
  preparedBy: string;
}

const TIME = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const percent = (v: number | null) => (v === null ? '—' : `${v.toFixed(2)}%`);

/**
 * COM-3: a campaign's documents: the progress workbook (`campaign-progress.xlsx`) and the summary
 * (`campaign-summary.docx`, 阶段性小结 until the campaign has ended). Every figure comes from
 * `CampaignService.progress` (the `campaignProgress` query) with the caller's context: the same numbers, the same
 * jurisdiction and member-unit narrowing (COM-5).
 */
@Injectable()
export class CampaignDocumentsService {
  constructor(
    private readonly campaigns: CampaignService,
    private readonly organizations: OrganizationService,
    private readonly clock: Clock,
  ) {}

  /** The filters of a campaign's figures, in words (every sheet's caption and the summary say them). */
  private async describe(ctx: RequestContext, p: CampaignProgress): Promise<{ scope: string; kinds: string; items: string; period: string }> {
    const whole = (await this.organizations.regionById(ctx).loadMany(p.campaign.scopeRegionIds)).map((r) => (r && !(r instanceof Error) ? r.name : '')).join('、');
    // COM-3: a township account reading its county's campaign counts its own part of the scope only: say so
    const scope = p.countedRegions ? `${whole}（只统计本账号辖区内的 ${p.countedRegions.map((r) => r.name).join('、')}）` : whole;
    const kinds = p.campaign.premisesKinds.length ? p.campaign.premisesKinds.map((k) => PREMISES_KIND_LABELS[k as PremisesKind]).join('、') : '全部类别';
    const items = p.campaign.hazardItemCodes.length ? p.campaign.hazardItemCodes.join('、') : '全部检查项';
    return { scope, kinds, items, period: `${p.campaign.periodStart} 至 ${p.campaign.periodEnd}` };
  }

  /** `campaignProgress(campaignId)` as a workbook: the totals, a sheet of the townships and one of the member units. */
  async progressWorkbook(ctx: RequestContext, campaignId: string): Promise<OfficeFile> {
    const p = await this.campaigns.progress(ctx, campaignId);
    const d = await this.describe(ctx, p);
    const filters = `专项整治 ${p.campaign.title}（${p.committee.name}），期间 ${d.period}，范围 ${d.scope}，场所类别 ${d.kinds}，检查项 ${d.items}`;
    const asOf = `统计日 ${p.asOf}（北京时间）；整改计至 ${p.rectifiedBy}`;
    const figures = (f: CampaignFigures) => FIGURE_COLUMNS.map((c) => f[c.key]) as SheetCell[];
    const figureColumns = FIGURE_COLUMNS.map((c) => ({ header: c.header, numFmt: c.numFmt }));
    const wb = await newWorkbook();
    addSheet(wb, {
      name: '合计',
      caption: [`${p.campaign.title}进度（合计）`, asOf, `筛选：${filters}；共 1 条`],
      columns: [{ header: '项目', width: 24 }, ...figureColumns, { header: '目标', width: 24 }, { header: '是否完成目标' }, { header: '交办任务' }, { header: '已办结' }, { header: '未办结' }, { header: '逾期未办结' }],
      rows: [['合计', ...figures(p.totals), targetsText(p), verdictWord(p.verdict.met), p.tasks.total, p.tasks.accepted, p.tasks.open, p.tasks.overdue]],
    });
    addSheet(wb, {
      name: '各乡镇',
      caption: [`${p.campaign.title}各乡镇进度`, asOf, `筛选：${filters}；共 ${p.byTownship.length} 条（范围内每个乡镇一条，县直场所另一条）`],
      columns: [{ header: '乡镇', width: 14 }, ...figureColumns],
      rows: p.byTownship.map((r) => [townshipName(r.region), ...figures(r.figures)]),
    });
    addSheet(wb, {
      name: '各成员单位',
      caption: [`${p.campaign.title}各成员单位（行业主管）进度`, asOf, `筛选：${filters}；共 ${p.byMemberUnit.length} 条`],
      columns: [{ header: '成员单位', width: 24 }, ...figureColumns],
      rows: p.byMemberUnit.map((r) => [r.unit.name, ...figures(r.figures)]),
    });
    // the region (the committee's), the period and what it is: 景山镇-2027-03-01至2027-06-30-…进度（截至2027-03-20）.xlsx
    const region = (await this.organizations.regionById(ctx).load(p.campaign.regionId))?.name;
    const filename = fileName([region, `${p.campaign.periodStart}至${p.campaign.periodEnd}`, `${p.campaign.title}进度（截至${p.asOf}）`], 'xlsx');
    return { filename, mediaType: XLSX_TYPE, buffer: await workbookBuffer(wb) };
  }

  /** The campaign's summary (工作总结; 阶段性小结 with the as-of day while it has not ended). */
  async summary(ctx: RequestContext, campaignId: string): Promise<OfficeFile> {
    const p = await this.campaigns.progress(ctx, campaignId);
    const d = await this.describe(ctx, p);
    const now = this.clock.now();
    const interim = campaignPhase(p.campaign, p.asOf) !== CampaignPhase.ENDED;
    const t = p.totals;
    const data: CampaignSummaryData = {
      committee: p.committee.name,
      title: p.campaign.title,
      kindLabel: interim ? `阶段性小结（截至${chineseDate(p.asOf)}）` : '工作总结',
      interim,
      issuedOn: chineseDate(p.asOf),
      asOf: chineseDate(p.asOf),
      periodStart: chineseDate(p.campaign.periodStart),
      periodEnd: chineseDate(p.campaign.periodEnd),
      decisionText: p.campaign.decisionId ? '本次整治依据委员会会议议定事项部署。' : '',
      scopeText: d.scope,
      kindsText: d.kinds,
      itemsText: d.items,
      description: p.campaign.description,
      targetsText: targetsText(p),
      headline: `整治期间共检查场所 ${t.premisesInspected} 处（范围内场所 ${t.premisesInScope} 处）、检查 ${t.inspections} 次，发现火灾隐患 ${t.hazardsFound} 处，已整改销号 ${t.hazardsRectified} 处，整改率 ${percent(t.rectificationRate)}，逾期未整改 ${t.hazardsOverdue} 处。`,
      verdictText: verdictText(p),
      rectifiedBy: chineseDate(p.rectifiedBy),
      totals: row('合计', t),
      townships: p.byTownship.map((r) => row(townshipName(r.region), r.figures)),
      unitsAny: p.byMemberUnit.length > 0,
      units: p.byMemberUnit.map((r) => row(r.unit.name, r.figures)),
      tasksTotal: p.tasks.total,
      tasksAccepted: p.tasks.accepted,
      tasksOpen: p.tasks.open,
      tasksOverdue: p.tasks.overdue,
      generatedAt: `${chineseDate(this.clock.today())} ${TIME.format(now)}`,
      preparedBy: ctx.actor.label,
    };
    return { filename: `${p.campaign.title}${interim ? '阶段性小结' : '工作总结'}.docx`, mediaType: DOCX_TYPE, buffer: render(data) };
  }
}

function render(data: CampaignSummaryData): Buffer {
  const file = campaignTemplateCandidates().find((p) => existsSync(p));
  if (!file) throw new Error(`campaign summary template ${CAMPAIGN_SUMMARY_TEMPLATE_FILE} not found (looked in ${campaignTemplateCandidates().join(', ')})`);
  const doc = new Docxtemplater(new PizZip(readFileSync(file)), { paragraphLoop: true, linebreaks: true, nullGetter: () => '' });
  doc.render(data);
  return doc.getZip().generate({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** A township row's name; the row of the premises seated at the county itself is 县直. */
function townshipName(region: { name: string; level: RegionLevel }): string {
  return region.level === RegionLevel.TOWNSHIP ? region.name : `${region.name}（县直）`;
}

function row(name: string, f: CampaignFigures): CampaignSummaryRow {
  return {
    name, premisesInScope: String(f.premisesInScope), premisesInspected: String(f.premisesInspected), inspections: String(f.inspections),
    inspectionTargetPercent: percent(f.inspectionTargetPercent), hazardsFound: String(f.hazardsFound), hazardsRectified: String(f.hazardsRectified),
    hazardsOverdue: String(f.hazardsOverdue), rectificationRate: percent(f.rectificationRate),
  };
}

function targetsText(p: CampaignProgress): string {
  const parts = [
    p.campaign.targetInspections !== null ? `检查 ${p.campaign.targetInspections} 次` : '',
    p.campaign.targetRectificationPercent !== null ? `隐患整改率不低于 ${p.campaign.targetRectificationPercent}%` : '',
  ].filter(Boolean);
  return parts.length ? `${parts.join('，')}。` : '未设定量目标。';
}

const verdictWord = (met: boolean | null) => (met === null ? '未设目标' : met ? '是' : '否');

function verdictText(p: CampaignProgress): string {
  const v = p.verdict;
  if (v.met === null) return '本次整治未设定量目标。';
  const parts = [
    v.inspectionsMet === null ? '' : `检查次数目标${v.inspectionsMet ? '已完成' : '未完成'}（完成 ${p.totals.inspections} 次，目标 ${p.campaign.targetInspections} 次）`,
    v.rectificationMet === null ? '' : `整改率目标${v.rectificationMet ? '已达到' : '未达到'}（整改率 ${percent(p.totals.rectificationRate)}，目标 ${p.campaign.targetRectificationPercent}%）`,
  ].filter(Boolean);
  return `${v.met ? '全部目标已完成' : '目标未全部完成'}：${parts.join('；')}。`;
}
