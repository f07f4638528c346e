import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import Docxtemplater from 'docxtemplater';
import PizZip from 'pizzip';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Permission } from '../auth/permissions';
import { can } from '../auth/work-scope';
import { appRoot } from '../common/app-root';
import { Clock, TIME_ZONE } from '../common/clock';
import { Period, PeriodKind, periodLabel, periodProblem, previousPeriod, samePeriodLastYear } from '../common/period';
import { daysBetween } from '../common/working-days';
import { APP_CONFIG } from '../config/app-config';
import type { AppConfig } from '../config/app-config';
import { BadUserInputError } from '../graphql/errors';
import { toGlobalId } from '../graphql/global-id';
import type { RequestContext } from '../graphql/request-context';
import { changes, FireService, SITUATION_METRICS } from '../inspections/fire.service';
import type { FireSituation, SituationFigures, SituationMetric, SituationRow } from '../inspections/fire.service';
import { HazardService } from '../inspections/hazard.service';
import type { HazardFilter, ListedHazard } from '../inspections/hazard.service';
import { HAZARD_STATUS_LABELS, HazardStatus, MajorHazardStatus } from '../inspections/inspections.enums';
import { RegionLevel } from '../organization/organization.enums';
import { OrganizationService } from '../organization/organization.service';
import { CampaignService } from '../committees/campaigns/campaign.service';
import type { Campaign } from '../committees/committee.entity';
import { TaskService } from '../committees/tasks/task.service';
import type { TaskFigures, TaskLedger } from '../committees/tasks/task.service';
import type { Task } from '../committees/committee.entity';
import type { CampaignFigures } from '../committees/campaigns/campaign-figures';
import { DOCX_TYPE, OfficeFile } from './office-http';
import { ChartService } from './charts/chart.service';
import { embedBriefingCharts } from './charts/docx-charts';

export const BRIEFING_TEMPLATE_FILE = 'fire-situation-briefing.docx';
/** Rows listed per hazard list; the rest are counted in a line "另有 N 条，详见系统". */
export const BRIEFING_LIST_CAP = 500;
/** The hazards list's largest page (MAX_PAGE_SIZE of the API). */
const PAGE = 100;

/**
 * Where the bundled template may be, in order: beside the compiled server (`node dist/src/main.js` finds
 * dist/src/office/templates, which `nest build` copies: nest-cli.json assets), then in the project's sources
 * (ts-jest, a checkout) and in its build, found from the project folder (app-root.ts: the command line and a
 * server started in another folder find it too).
 */
export function bundledTemplateCandidates(root = appRoot(), entry: string | undefined = process.argv[1], file = BRIEFING_TEMPLATE_FILE): string[] {
  const list = [
    ...(entry ? [path.join(path.dirname(path.resolve(entry)), 'office', 'templates', file)] : []),
    path.join(root, 'src', 'office', 'templates', file),
    path.join(root, 'dist', 'src', 'office', 'templates', file),
  ];
  return [...new Set(list)];
}

// ---------- what the template is given (its tags) ----------

export interface BriefingFigureRow {
  label: string;
  current: string;
  previous: string;
  periodOnPeriod: string;
  lastYear: string;
  yearOnYear: string;
}
export interface BriefingTownshipRow {
  name: string;
  incidents: string;
  deaths: string;
  injuries: string;
  directLossYuan: string;
  hazardsFound: string;
  hazardsRectified: string;
  hazardsOverdue: string;
  rectificationRate: string;
  inspections: string;
}
/** A row of the hand-overs table (domain defaults: cases handed over to the county brigade; INS-2): a township, or the total. */
export interface BriefingHandOverRow {
  name: string;
  handOvers: string;
  accepted: string;
  concluded: string;
  overdue: string;
}
export interface BriefingOverdueRow {
  no: string;
  township: string;
  place: string;
  description: string;
  foundOn: string;
  deadline: string;
  daysOverdue: string;
  responsibleParty: string;
}
export interface BriefingMajorRow {
  no: string;
  township: string;
  place: string;
  description: string;
  foundOn: string;
  majorStatus: string;
  basis: string;
  rectification: string;
}
/** A row of the task ledger's table (COM-2): an assignee, or the total. */
export interface BriefingTaskRow {
  assignee: string;
  total: string;
  open: string;
  overdue: string;
  completedOnTime: string;
  completedLate: string;
  returned: string;
  onTimeRate: string;
}
export interface BriefingOverdueTaskRow {
  no: string;
  title: string;
  assignee: string;
  assignedOn: string;
  deadline: string;
  daysOverdue: string;
}
/** A campaign running in the briefing's month (COM-3), with its progress as of today. */
export interface BriefingCampaignRow {
  title: string;
  period: string;
  premises: string;
  inspections: string;
  hazardsFound: string;
  hazardsRectified: string;
  rectificationRate: string;
  targets: string;
}
/** What the committees' section is given (COM-2, COM-3); null when the actor may not read the committees' work. */
export interface BriefingCommittees {
  ledger: TaskLedger;
  overdueTasks: { rows: Task[]; assigneeNames: Map<string, string>; total: number };
  campaigns: { campaign: Campaign; figures: CampaignFigures }[];
}

/** Every tag of templates/fire-situation-briefing.docx (scripts/make-briefing-template.mjs writes it). */
export interface BriefingData {
  issuer: string;
  regionName: string;
  monthLabel: string;
  issuedOn: string;
  periodText: string;
  /** Set for the current month only: its figures run to today, the bases are whole months. */
  periodNote: string;
  previousLabel: string;
  lastYearLabel: string;
  headline: string;
  /** The month's hand-overs to the brigade in one sentence (移交大队 N 件，大队接收 N 件，办结 N 件，逾期…). */
  handOverHeadline: string;
  comparison: string;
  figures: BriefingFigureRow[];
  townships: BriefingTownshipRow[];
  total: BriefingTownshipRow;
  handOverTownships: BriefingHandOverRow[];
  handOverTotal: BriefingHandOverRow;
  rectifiedAsOf: string;
  /** Today, Asia/Shanghai: the hazard lists are states, not the month's figures. */
  asOf: string;
  hazardsShown: boolean;
  hazardsWithheld: string;
  overdueTotal: number;
  overdueAny: boolean;
  overdue: BriefingOverdueRow[];
  /** Hazards beyond the cap, or 0 (the line is left out). */
  overdueMore: number;
  majorTotal: number;
  /** Confirmed ones among those listed ("12", or "12（仅计所列 500 处）" beyond the cap). */
  majorConfirmed: string;
  majorAny: boolean;
  major: BriefingMajorRow[];
  majorMore: number;
  committeesShown: boolean;
  committeesWithheld: string;
  taskYear: number;
  taskHeadline: string;
  taskRowsAny: boolean;
  taskRows: BriefingTaskRow[];
  taskTotal: BriefingTaskRow;
  overdueTasksAny: boolean;
  overdueTasks: BriefingOverdueTaskRow[];
  campaignHeadline: string;
  campaignsAny: boolean;
  campaigns: BriefingCampaignRow[];
  generatedAt: string;
  preparedBy: string;
}

// ---------- formatting (pure) ----------

const METRIC: Record<SituationMetric, { label: string; unit: string }> = {
  incidents: { label: '火灾起数', unit: '起' },
  deaths: { label: '死亡人数', unit: '人' },
  injuries: { label: '受伤人数', unit: '人' },
  directLossYuan: { label: '直接财产损失', unit: '元' },
  hazardsFound: { label: '发现隐患', unit: '处' },
  hazardsRectified: { label: '整改隐患', unit: '处' },
  hazardsOverdue: { label: '逾期未整改隐患', unit: '处' },
  rectificationRate: { label: '隐患整改率', unit: '%' },
  inspections: { label: '检查次数', unit: '次' },
  handOvers: { label: '移交大队案件', unit: '件' },
  handOversAccepted: { label: '大队接收案件', unit: '件' },
  handOversConcluded: { label: '大队办结案件', unit: '件' },
  handOversOverdue: { label: '逾期未接收或未办结案件', unit: '件' },
};
/**
 * The metrics of table 1 (本月 / 上月 / 环比 / 去年同月 / 同比): the fires, hazards and inspections. The hand-overs
 * have their own sentence and per-township table (handOverHeadline, handOverTownships).
 */
const TABLE_METRICS: SituationMetric[] = SITUATION_METRICS.filter((m) => !m.startsWith('handOver'));
/** The metrics the headline's comparison sentence names (the table has all of them). */
const COMPARED: SituationMetric[] = ['incidents', 'deaths', 'injuries', 'directLossYuan', 'hazardsFound', 'hazardsOverdue'];

const NUMBER = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 });
/** 12500.5 → "12,500.5"; at most two decimals, as the API rounds them. */
export const formatNumber = (n: number): string => NUMBER.format(n);
const signed = (n: number) => (n > 0 ? `+${formatNumber(n)}` : formatNumber(n));
/** A figure of the table: a rate in percent (— when nothing was found), else the number. */
export function formatFigure(metric: SituationMetric, value: number | null): string {
  if (value === null) return '—';
  return metric === 'rectificationRate' ? `${formatNumber(value)}%` : formatNumber(value);
}
/** A 环比/同比 cell: "+1\n（+100%）", "-1\n（-50%）", "持平", "+40\n（基期为 0）" (two lines); a rate's change in points. */
export function formatChange(metric: SituationMetric, c: { delta: number | null; percent: number | null }): string {
  if (c.delta === null) return '—';
  if (c.delta === 0) return '持平';
  if (metric === 'rectificationRate') return `${signed(c.delta)} 个百分点`;
  return `${signed(c.delta)}\n（${c.percent === null ? '基期为 0' : `${signed(c.percent)}%`}）`;
}
/** A change in words: "增加 1 起（增长 100%）", "减少 2 人（下降 50%）", "持平", "增加 3 处（上月为 0）". */
export function describeChange(metric: SituationMetric, c: { delta: number | null; percent: number | null }, baseName: string): string {
  const unit = METRIC[metric].unit;
  if (c.delta === null) return '无可比数据';
  if (c.delta === 0) return '持平';
  const up = c.delta > 0;
  const ratio = c.percent === null ? `（${baseName}为 0）` : `（${up ? '增长' : '下降'} ${formatNumber(Math.abs(c.percent))}%）`;
  return `${up ? '增加' : '减少'} ${formatNumber(Math.abs(c.delta))} ${unit}${ratio}`;
}
/** 2027-06-05 → 2027年6月5日 */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}
const TIME = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/**
 * The month of a briefing: `YYYY-MM`, a year the statistics accept, not after the current month in Beijing
 * (the current month is allowed: its figures run to today). BAD_USER_INPUT on `month` otherwise.
 */
export function briefingMonth(month: string | null | undefined, today: string): Period {
  if (month === null || month === undefined || month.trim() === '') throw BadUserInputError.field('month', '请指定月份，格式为 YYYY-MM，如 2027-06');
  const m = /^(\d{4})-(\d{2})$/.exec(month.trim());
  if (!m) throw BadUserInputError.field('month', '月份格式应为 YYYY-MM，如 2027-06');
  const period: Period = { kind: PeriodKind.MONTH, year: Number(m[1]), number: Number(m[2]) };
  if (period.number < 1 || period.number > 12) throw BadUserInputError.field('month', '月份须在 01 至 12 之间');
  const problem = periodProblem(period);
  if (problem) throw BadUserInputError.field('month', problem);
  if (month.trim() > today.slice(0, 7)) throw BadUserInputError.field('month', `不能晚于本月（${today.slice(0, 7)}）`);
  return period;
}

const MAJOR_LABELS: Partial<Record<MajorHazardStatus, string>> = {
  [MajorHazardStatus.SUSPECTED]: '疑似重大火灾隐患（待报大队）',
  [MajorHazardStatus.REPORTED]: '疑似重大火灾隐患（已报大队，待判定）',
  [MajorHazardStatus.CONFIRMED]: '重大火灾隐患（挂牌督办）',
};

/**
 * The monthly fire-situation briefing (消防安全形势通报, INS-4; issue 10) as a .docx made from a template. Every
 * number comes from what the API answers the same actor: the month's figures, 环比 and 同比 and the townships
 * from `FireService.situation` (the `fireSituation` query), the hazard lists from `HazardService.list` (the
 * `hazards` query with overdue / major), with the actor's jurisdiction applied by those services.
 */
@Injectable()
export class BriefingService implements OnModuleInit {
  private readonly logger = new Logger('Briefing');

  constructor(
    private readonly fires: FireService,
    private readonly hazards: HazardService,
    private readonly organizations: OrganizationService,
    private readonly tasks: TaskService,
    private readonly campaigns: CampaignService,
    private readonly charts: ChartService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** BRIEFING_TEMPLATE was checked by the environment's validation; a missing bundled template is said at start. */
  onModuleInit(): void {
    if (!this.config.briefingTemplate && !bundledTemplateCandidates().some((p) => existsSync(p))) {
      this.logger.warn(`the briefing template ${BRIEFING_TEMPLATE_FILE} is not found (looked in ${bundledTemplateCandidates().join(', ')}): briefings will fail until it is there or BRIEFING_TEMPLATE names one`);
    }
  }

  async fireSituationBriefing(ctx: RequestContext, input: { regionId?: string | null; month: string }): Promise<OfficeFile> {
    const today = this.clock.today();
    const now = this.clock.now();
    const period = briefingMonth(input.month, today);
    const regionId = input.regionId?.trim() || (ctx.actor.regionId ? toGlobalId('Region', ctx.actor.regionId) : null);
    if (!regionId) throw BadUserInputError.field('regionId', '请指定区划');
    const region = await this.organizations.region(ctx, regionId, 'regionId');
    if (region.level === RegionLevel.VILLAGE) throw BadUserInputError.field('regionId', '形势通报的区划须为县、乡镇或其上级区划，不能是村（社区）');
    const situation = await this.fires.situation(ctx, regionId, period);
    const lists = can(ctx, Permission.INSPECTION_READ)
      ? { overdue: await this.overdueHazards(ctx, regionId), major: await this.majorHazards(ctx, regionId) }
      : null;
    const committees = can(ctx, Permission.COMMITTEE_READ) ? await this.committees(ctx, regionId, period) : null;
    const data = this.data(ctx, situation, lists, committees, today, now);
    // 图1, 图2: the charts of the same figures (FireService.monthlySeries), put in the filled document's picture parts
    const charts = await this.charts.briefingCharts(ctx, regionId, period);
    return {
      filename: `${region.name}${data.monthLabel}消防安全形势通报.docx`,
      mediaType: DOCX_TYPE,
      buffer: embedBriefingCharts(this.render(data), charts),
    };
  }

  // ---------- the hazard lists: every page of the API's list, up to the cap ----------

  /** `hazards(regionId, overdue: true)`: RECTIFYING past the deadline today. */
  private async overdueHazards(ctx: RequestContext, regionId: string): Promise<{ rows: ListedHazard[]; total: number }> {
    const { rows, total } = await this.readAll(ctx, { regionId, overdue: true }, () => true);
    return { rows, total };
  }

  /**
   * `hazards(regionId, major: true)` less the closed ones: suspected (reported or not) and confirmed major hazards
   * not yet closed (销案). Beyond the cap, the rest is counted as all major ones less the closed ones.
   */
  private async majorHazards(ctx: RequestContext, regionId: string): Promise<{ rows: ListedHazard[]; total: number }> {
    const open = (h: ListedHazard) => h.status !== HazardStatus.CLOSED;
    const read = await this.readAll(ctx, { regionId, major: true }, open);
    if (!read.capped) return { rows: read.rows, total: read.rows.length };
    const closed = await (await this.hazards.list(ctx, { first: 0 }, { regionId, major: true, status: HazardStatus.CLOSED }, { totalCount: true })).totalCount;
    return { rows: read.rows, total: read.total - closed };
  }

  /** Pages of 100 in the list's order (found on, newest first) until the cap; `total` is the API's totalCount. */
  private async readAll(ctx: RequestContext, filter: HazardFilter, keep: (h: ListedHazard) => boolean): Promise<{ rows: ListedHazard[]; total: number; capped: boolean }> {
    const rows: ListedHazard[] = [];
    let after: string | undefined;
    let total = 0;
    for (let first = true; ; first = false) {
      const page = await this.hazards.list(ctx, { first: PAGE, after }, filter, { premises: true, region: true, totalCount: first });
      if (first) total = await page.totalCount;
      for (const { node } of page.edges) {
        if (!keep(node)) continue;
        if (rows.length === BRIEFING_LIST_CAP) return { rows, total, capped: true };
        rows.push(node);
      }
      if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return { rows, total, capped: false };
      after = page.pageInfo.endCursor;
    }
  }

  // ---------- the committees' work (COM-2, COM-3): the API's own reads, as the caller ----------

  /**
   * `taskLedger(regionId, year)` of the month's year, `tasks(regionId, overdue: true)` (every page, up to the cap),
   * and `campaignProgress` of each campaign of `campaigns(regionId)` whose period overlaps the month.
   */
  private async committees(ctx: RequestContext, regionId: string, period: Period): Promise<BriefingCommittees> {
    const ledger = await this.tasks.ledger(ctx, { regionId, year: period.year });
    const overdue: Task[] = [];
    let total = 0;
    let after: string | undefined;
    for (let first = true; ; first = false) {
      const page = await this.tasks.list(ctx, { first: PAGE, after }, { regionId, overdue: true });
      if (first) total = await page.totalCount;
      for (const { node } of page.edges) if (overdue.length < BRIEFING_LIST_CAP) overdue.push(node);
      if (overdue.length >= BRIEFING_LIST_CAP || !page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break;
      after = page.pageInfo.endCursor;
    }
    const orgs = await this.organizations.organizationById(ctx).loadMany([...new Set(overdue.map((t) => t.assigneeId))]);
    const assigneeNames = new Map(orgs.filter((o): o is Exclude<typeof o, Error | null | undefined> => !!o && !(o instanceof Error)).map((o) => [o.id, o.name]));
    const { start, end } = monthRange(period);
    const running: Campaign[] = [];
    after = undefined;
    for (;;) {
      const page = await this.campaigns.list(ctx, { first: PAGE, after }, { regionId });
      for (const { node } of page.edges) if (node.periodStart <= end && node.periodEnd >= start) running.push(node);
      if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break;
      after = page.pageInfo.endCursor;
    }
    const campaigns = [];
    for (const c of running.sort((a, b) => a.periodStart.localeCompare(b.periodStart) || a.title.localeCompare(b.title))) {
      campaigns.push({ campaign: c, figures: (await this.campaigns.progress(ctx, toGlobalId('Campaign', c.id))).totals });
    }
    return { ledger, overdueTasks: { rows: overdue, assigneeNames, total }, campaigns };
  }

  // ---------- the template's data ----------

  private data(
    ctx: RequestContext, s: FireSituation, lists: { overdue: { rows: ListedHazard[]; total: number }; major: { rows: ListedHazard[]; total: number } } | null,
    committees: BriefingCommittees | null, today: string, now: Date,
  ): BriefingData {
    const current = s.range.end >= today;
    const end = current ? today : s.range.end;
    const monthLabel = periodLabel(s.period);
    const previousMonth = periodLabel(previousPeriod(s.period));
    const lastYearMonth = periodLabel(samePeriodLastYear(s.period));
    const previousLabel = `上月（${previousMonth}）`;
    const lastYearLabel = `去年同月（${lastYearMonth}）`;
    const c = s.total.current;
    const pop = changes(c, s.total.previous);
    const yoy = changes(c, s.total.lastYear);
    const when = current ? `${monthLabel}1日至${Number(today.slice(8))}日（截至今日）` : monthLabel;
    const rate = c.rectificationRate === null ? '本月未发现隐患，不计整改率' : `整改率 ${formatFigure('rectificationRate', c.rectificationRate)}`;
    const headline = `${when}，${s.region.name}共发生火灾 ${formatNumber(c.incidents)} 起，死亡 ${formatNumber(c.deaths)} 人，受伤 ${formatNumber(c.injuries)} 人，`
      + `直接财产损失 ${formatNumber(c.directLossYuan)} 元；开展消防安全检查 ${formatNumber(c.inspections)} 次，发现火灾隐患 ${formatNumber(c.hazardsFound)} 处，`
      + `已整改 ${formatNumber(c.hazardsRectified)} 处，${rate}；整改期限在本月且逾期未整改的隐患 ${formatNumber(c.hazardsOverdue)} 处。`;
    const sentence = (list: ReturnType<typeof changes>, baseName: string) =>
      COMPARED.map((m) => `${METRIC[m].label}${describeChange(m, list.find((x) => x.metric === m)!, baseName)}`).join('，');
    // domain defaults (stations have no enforcement power; INS-2): the cases handed over to the brigade
    const handOverHeadline = `${when}，${s.region.name}移交大队 ${formatNumber(c.handOvers)} 件，大队接收 ${formatNumber(c.handOversAccepted)} 件，`
      + `办结 ${formatNumber(c.handOversConcluded)} 件，逾期未接收或未办结 ${formatNumber(c.handOversOverdue)} 件。`;
    const comparison = `与${previousLabel}相比，${sentence(pop, '上月')}；与${lastYearLabel}相比，${sentence(yoy, '去年同月')}。`;
    const figures = TABLE_METRICS.map((m): BriefingFigureRow => ({
      label: `${METRIC[m].label}（${METRIC[m].unit}）`,
      current: formatFigure(m, c[m]),
      previous: formatFigure(m, s.total.previous[m]),
      periodOnPeriod: formatChange(m, pop.find((x) => x.metric === m)!),
      lastYear: formatFigure(m, s.total.lastYear[m]),
      yearOnYear: formatChange(m, yoy.find((x) => x.metric === m)!),
    }));
    const townshipNames = new Map(s.townships.filter((r) => r.townshipId).map((r) => [r.townshipId!, r.townshipName]));
    const townshipOf = (h: ListedHazard): string => {
      const r = h.region;
      if (!r) return '';
      if (r.level === RegionLevel.TOWNSHIP) return townshipNames.get(r.id) ?? r.name;
      if (r.level === RegionLevel.VILLAGE && r.parentId && townshipNames.has(r.parentId)) return townshipNames.get(r.parentId)!;
      return r.id === s.region.id && r.level === RegionLevel.COUNTY ? '县直' : r.name;
    };
    const placeOf = (h: ListedHazard) => h.premises?.name ?? h.region?.name ?? '';
    const overdue = (lists?.overdue.rows ?? []).map((h, i): BriefingOverdueRow => ({
      no: String(i + 1), township: townshipOf(h), place: placeOf(h), description: h.description, foundOn: h.foundOn, deadline: h.deadline ?? '',
      daysOverdue: h.deadline ? String(daysBetween(h.deadline, today)) : '', responsibleParty: h.responsibleParty ?? '',
    }));
    const major = (lists?.major.rows ?? []).map((h, i): BriefingMajorRow => ({
      no: String(i + 1), township: townshipOf(h), place: placeOf(h), description: h.description, foundOn: h.foundOn,
      majorStatus: MAJOR_LABELS[h.majorStatus] ?? h.majorStatus,
      basis: [h.majorCatalogueEdition, h.majorItemCodes?.length ? `第${h.majorItemCodes.join('、')}项` : ''].filter(Boolean).join(' '),
      rectification: rectificationOf(h, today),
    }));
    return {
      issuer: `${s.region.name}消防救援委员会办公室`,
      regionName: s.region.name,
      monthLabel,
      issuedOn: chineseDate(today),
      periodText: `${chineseDate(s.range.start)}至${chineseDate(end)}${current ? '（本月截至今日）' : ''}，北京时间；环比基期为${previousMonth}，同比基期为${lastYearMonth}`,
      periodNote: current ? '本月尚未结束，本月数据截至今日，上月和去年同月为整月数据。' : '',
      previousLabel,
      lastYearLabel,
      headline,
      handOverHeadline,
      comparison,
      figures,
      townships: s.townships.map(townshipRow),
      total: townshipRow({ ...s.total, townshipName: '合计' }),
      handOverTownships: s.townships.map(handOverRow),
      handOverTotal: handOverRow({ ...s.total, townshipName: '合计' }),
      rectifiedAsOf: current ? '今日' : '月末',
      asOf: chineseDate(today),
      hazardsShown: lists !== null,
      hazardsWithheld: '本账号没有查阅隐患的权限，隐患清单从略。',
      overdueTotal: lists?.overdue.total ?? 0,
      overdueAny: overdue.length > 0,
      overdue,
      overdueMore: Math.max(0, (lists?.overdue.total ?? 0) - overdue.length),
      majorTotal: lists?.major.total ?? 0,
      majorConfirmed: confirmedText((lists?.major.rows ?? []).filter((h) => h.majorStatus === MajorHazardStatus.CONFIRMED).length, (lists?.major.total ?? 0) > major.length, major.length),
      majorAny: major.length > 0,
      major,
      majorMore: Math.max(0, (lists?.major.total ?? 0) - major.length),
      ...committeesData(committees, s.period, monthLabel, today),
      generatedAt: `${chineseDate(today)} ${TIME.format(now)}`,
      preparedBy: ctx.actor.label,
    };
  }

  private render(data: BriefingData): Buffer {
    const file = this.config.briefingTemplate ?? bundledTemplateCandidates().find((p) => existsSync(p));
    if (!file) throw new Error(`briefing template ${BRIEFING_TEMPLATE_FILE} not found (looked in ${bundledTemplateCandidates().join(', ')})`);
    const doc = new Docxtemplater(new PizZip(readFileSync(file)), { paragraphLoop: true, linebreaks: true, nullGetter: () => '' });
    doc.render(data);
    return doc.getZip().generate({ type: 'nodebuffer', compression: 'DEFLATE' });
  }
}

function townshipRow(r: Pick<SituationRow, 'townshipName' | 'current'>): BriefingTownshipRow {
  const f: SituationFigures = r.current;
  return {
    name: r.townshipName, incidents: formatFigure('incidents', f.incidents), deaths: formatFigure('deaths', f.deaths), injuries: formatFigure('injuries', f.injuries),
    directLossYuan: formatFigure('directLossYuan', f.directLossYuan), hazardsFound: formatFigure('hazardsFound', f.hazardsFound),
    hazardsRectified: formatFigure('hazardsRectified', f.hazardsRectified), hazardsOverdue: formatFigure('hazardsOverdue', f.hazardsOverdue),
    rectificationRate: formatFigure('rectificationRate', f.rectificationRate), inspections: formatFigure('inspections', f.inspections),
  };
}

function handOverRow(r: Pick<SituationRow, 'townshipName' | 'current'>): BriefingHandOverRow {
  const f: SituationFigures = r.current;
  return {
    name: r.townshipName, handOvers: formatFigure('handOvers', f.handOvers), accepted: formatFigure('handOversAccepted', f.handOversAccepted),
    concluded: formatFigure('handOversConcluded', f.handOversConcluded), overdue: formatFigure('handOversOverdue', f.handOversOverdue),
  };
}

function confirmedText(confirmed: number, capped: boolean, listed: number): string {
  return capped ? `${formatNumber(confirmed)}（仅计所列 ${formatNumber(listed)} 处）` : formatNumber(confirmed);
}

/** Where a listed major hazard's rectification stands: "待下达整改", "整改中，期限 2027-08-31（已逾期）", "已报整改（待复查）". */
function rectificationOf(h: ListedHazard, today: string): string {
  if (h.status === HazardStatus.RECTIFYING) return `整改中，期限 ${h.deadline}${h.deadline && h.deadline < today ? '（已逾期）' : ''}`;
  if (h.status === HazardStatus.REPORTED) return '待下达整改';
  return HAZARD_STATUS_LABELS[h.status];
}

/** The first and last day of a month period. */
function monthRange(period: Period): { start: string; end: string } {
  const start = `${period.year}-${String(period.number).padStart(2, '0')}-01`;
  const last = new Date(Date.UTC(period.year, period.number, 0)).getUTCDate();
  return { start, end: `${start.slice(0, 8)}${String(last).padStart(2, '0')}` };
}

const percent = (part: number, whole: number) => (whole === 0 ? '—' : `${formatNumber(Math.round((part / whole) * 10000) / 100)}%`);

function taskRow(assignee: string, f: TaskFigures): BriefingTaskRow {
  const done = f.completedOnTime + f.completedLate;
  return {
    assignee, total: formatNumber(f.total), open: formatNumber(f.open), overdue: formatNumber(f.overdue), completedOnTime: formatNumber(f.completedOnTime),
    completedLate: formatNumber(f.completedLate), returned: formatNumber(f.returned), onTimeRate: percent(f.completedOnTime, done),
  };
}

/** COM-2, COM-3: the tags of the committees' section. */
export function committeesData(c: BriefingCommittees | null, period: Period, monthLabel: string, today: string): Pick<BriefingData,
  'committeesShown' | 'committeesWithheld' | 'taskYear' | 'taskHeadline' | 'taskRowsAny' | 'taskRows' | 'taskTotal' | 'overdueTasksAny' | 'overdueTasks'
  | 'campaignHeadline' | 'campaignsAny' | 'campaigns'> {
  const withheld = '本账号没有查阅委员会工作的权限，任务台账和专项整治从略。';
  if (!c) {
    return {
      committeesShown: false, committeesWithheld: withheld, taskYear: period.year, taskHeadline: '', taskRowsAny: false, taskRows: [],
      taskTotal: taskRow('合计', { total: 0, open: 0, overdue: 0, completedOnTime: 0, completedLate: 0, returned: 0 }), overdueTasksAny: false, overdueTasks: [],
      campaignHeadline: '', campaignsAny: false, campaigns: [],
    };
  }
  const l = c.ledger;
  const taskHeadline = l.total === 0
    ? `${period.year}年未交办任务。`
    : `${period.year}年共交办任务 ${formatNumber(l.total)} 项：已按期办结 ${formatNumber(l.completedOnTime)} 项，逾期办结 ${formatNumber(l.completedLate)} 项，`
      + `未办结 ${formatNumber(l.open)} 项（其中逾期 ${formatNumber(l.overdue)} 项）；退回重办过的 ${formatNumber(l.returned)} 项。`
      + (c.overdueTasks.total > 0 ? `截至今日，逾期未办结的任务共 ${formatNumber(c.overdueTasks.total)} 项${c.overdueTasks.total > c.overdueTasks.rows.length ? `，下表列出 ${formatNumber(c.overdueTasks.rows.length)} 项，其余详见系统` : '，见下表'}。` : '');
  const overdueTasks = c.overdueTasks.rows.map((t, i): BriefingOverdueTaskRow => ({
    no: String(i + 1), title: t.title, assignee: c.overdueTasks.assigneeNames.get(t.assigneeId) ?? '', assignedOn: t.assignedOn, deadline: t.deadline,
    daysOverdue: String(daysBetween(t.deadline, today)),
  }));
  const campaigns = c.campaigns.map(({ campaign, figures: f }): BriefingCampaignRow => ({
    title: campaign.title,
    period: `${campaign.periodStart}至${campaign.periodEnd}`,
    premises: `${formatNumber(f.premisesInspected)}/${formatNumber(f.premisesInScope)}`,
    inspections: formatNumber(f.inspections),
    hazardsFound: formatNumber(f.hazardsFound),
    hazardsRectified: formatNumber(f.hazardsRectified),
    rectificationRate: f.rectificationRate === null ? '—' : `${formatNumber(f.rectificationRate)}%`,
    targets: [
      campaign.targetInspections ? `检查 ${formatNumber(campaign.targetInspections)} 次（完成 ${formatNumber(f.inspectionTargetPercent ?? 0)}%）` : '',
      campaign.targetRectificationPercent ? `整改率 ${campaign.targetRectificationPercent}%` : '',
    ].filter(Boolean).join('；') || '未设目标',
  }));
  return {
    committeesShown: true,
    committeesWithheld: withheld,
    taskYear: period.year,
    taskHeadline,
    taskRowsAny: l.rows.length > 0,
    taskRows: l.rows.map((r) => taskRow(r.assignee.name, r)),
    taskTotal: taskRow('合计', l),
    overdueTasksAny: overdueTasks.length > 0,
    overdueTasks,
    campaignHeadline: campaigns.length ? `${monthLabel}开展的专项整治 ${formatNumber(campaigns.length)} 项，进度见下表。` : `${monthLabel}没有开展中的专项整治。`,
    campaignsAny: campaigns.length > 0,
    campaigns,
  };
}
