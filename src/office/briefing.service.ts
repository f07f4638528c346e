import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import Docxtemplater from 'docxtemplater';
import PizZip from 'pizzip';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Permission } from '../kernel/permissions';
import { can } from '../kernel/can';
import { appRoot } from '../common/app-root';
import { Clock } from '../common/clock';
import { Period, PeriodKind, periodLabel, periodProblem, previousPeriod, samePeriodLastYear } from '../common/period';
import { addDays, daysBetween } from '../common/working-days';
import { APP_CONFIG } from '../config/app-config';
import type { AppConfig } from '../config/app-config';
import { BadUserInputError } from '../kernel/errors';
import { toGlobalId } from '../graphql/global-id';
import type { RequestContext } from '../kernel/request-context';
import { changes, FireService, SITUATION_METRICS } from '../inspections/fire.service';
import type { FireSituation, SituationFigures, SituationMetric, SituationRow } from '../inspections/fire.service';
import { HazardStandingService } from '../inspections/hazard-standing.service';
import type { HazardStanding, StandingHazard } from '../inspections/hazard-standing.service';
import { isOverdue } from '../inspections/index';
import { HAZARD_STATUS_LABELS, HazardStatus, MajorHazardStatus } from '../inspections/inspections.enums';
import { RegionLevel } from '../organization/organization.enums';
import { OrganizationService } from '../organization/organization.service';
import { CampaignService } from '../committees/campaigns/campaign.service';
import type { Campaign } from '../committees/committee.entity';
import { TaskService } from '../committees/tasks/task.service';
import type { TaskFigures, TaskLedger } from '../committees/tasks/task.service';
import { DataSource } from 'typeorm';
import type { Task } from '../committees/committee.entity';
import type { CampaignFigures } from '../committees/campaigns/campaign-figures';
import { DOCX_TYPE, OfficeFile } from './office-http';
import { ChartService } from './charts/chart.service';
import { embedBriefingCharts } from './charts/docx-charts';

export const BRIEFING_TEMPLATE_FILE = 'fire-situation-briefing.docx';
/**
 * The most rows an appendix list holds (about 200 printed pages): beyond it, the body says how many there are, why
 * the appendix stops (a document to be printed and sent) and where the full list is. Every row up to it is listed.
 */
export const BRIEFING_LIST_LIMIT = 5000;
/** The API's largest page (MAX_PAGE_SIZE). */
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
/**
 * A row of the per-township hazards and supervision table: the month's figures (fireSituation), the lists' counts
 * as they stood (the appendices), the hand-overs and the committees' overdue tasks of the township's units.
 */
export interface BriefingSupervisionRow {
  name: string;
  hazardsFound: string;
  hazardsRectified: string;
  hazardsOverdue: string;
  overdueStanding: string;
  majorOpen: string;
  majorConfirmed: string;
  handOvers: string;
  overdueTasks: string;
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
  place: string;
  description: string;
  foundOn: string;
  deadline: string;
  daysOverdue: string;
  responsibleParty: string;
}
export interface BriefingMajorRow {
  no: string;
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
/** A township's part of an appendix list: a heading row with its count, then its rows (worst first). */
export interface BriefingGroup<T> {
  name: string;
  count: string;
  rows: T[];
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
/** An overdue task with the township of its assignee (null: a unit above any township, 县直). */
export interface OverdueTask {
  task: Task;
  assignee: string;
  townshipId: string | null;
}
/** What the committees' section is given (COM-2, COM-3); null when the actor may not read the committees' work. */
export interface BriefingCommittees {
  ledger: TaskLedger;
  overdueTasks: OverdueTask[];
  campaigns: { campaign: Campaign; figures: CampaignFigures }[];
}
/** The appendix list (附件) of the closing: its number and title. */
export interface BriefingAttachment {
  /** 「附件：」 on the first line, the same width of blank on the others (the numbers line up). */
  lead: string;
  no: string;
  title: string;
  /** "；" between items, nothing after the last one. */
  end: string;
}

/** Every tag of templates/fire-situation-briefing.docx (scripts/make-briefing-template.mjs writes it). */
export interface BriefingData {
  issuer: string;
  regionName: string;
  monthLabel: string;
  issuedOn: string;
  /** 期号: 「2027年第6期」 by default. */
  issueNumber: string;
  /** 文号 (景消委办〔2027〕12号), or empty. */
  documentNumber: string;
  /** 主送: the addressees' line, ending with 「：」. */
  recipients: string;
  periodText: string;
  /** For the current month: how its figures are compared (like for like). */
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
  supervisionShown: boolean;
  supervision: BriefingSupervisionRow[];
  supervisionTotal: BriefingSupervisionRow;
  handOverTownships: BriefingHandOverRow[];
  handOverTotal: BriefingHandOverRow;
  rectifiedAsOf: string;
  /** The day the lists stand at: the month's last day, or today for the current month (中文日期). */
  asOf: string;
  /** 「月末」 or 「今日」. */
  asOfWhat: string;
  /** Whom the per-township parts are about: 「各乡镇」, or the township itself in a township's briefing. */
  areaHeading: string;
  /** Whom 六、工作要求 addresses: 「各乡镇消防工作站」, or the township's own station. */
  stationsWord: string;
  /** How 表3's list counts were read: as they are today, or rebuilt from the hazards' history (a past month). */
  standingNote: string;
  /** Today, for the committees' work (as of today whatever the month). */
  today: string;
  hazardsShown: boolean;
  hazardsWithheld: string;
  overdueTotal: string;
  overdueSentence: string;
  overdueAny: boolean;
  overdueNo: string;
  overdueGroups: BriefingGroup<BriefingOverdueRow>[];
  majorTotal: string;
  majorSentence: string;
  majorAny: boolean;
  majorNo: string;
  majorGroups: BriefingGroup<BriefingMajorRow>[];
  /** Set when a list is longer than the appendix holds (BRIEFING_LIST_LIMIT): how many, why, and where the rest is. */
  overdueBeyond: string;
  majorBeyond: string;
  committeesShown: boolean;
  committeesWithheld: string;
  taskYear: number;
  taskHeadline: string;
  taskRowsAny: boolean;
  taskRows: BriefingTaskRow[];
  taskTotal: BriefingTaskRow;
  overdueTasksAny: boolean;
  overdueTasksNo: string;
  overdueTasksTotal: string;
  overdueTaskGroups: BriefingGroup<BriefingOverdueTaskRow>[];
  overdueTasksBeyond: string;
  campaignHeadline: string;
  campaignsAny: boolean;
  campaigns: BriefingCampaignRow[];
  attachmentsAny: boolean;
  attachments: BriefingAttachment[];
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

/** The addressees (主送) a briefing of a region of this level goes to by default. */
export function defaultRecipients(level: RegionLevel, regionName: string): string {
  switch (level) {
    case RegionLevel.PROVINCE: return '各市（州）消防救援委员会，省消防救援委员会各成员单位：';
    case RegionLevel.CITY: return '各县（市、区）消防救援委员会，市消防救援委员会各成员单位：';
    case RegionLevel.TOWNSHIP: return `各村（居）民委员会，${regionName}各有关单位：`;
    default: return '各乡镇人民政府，县消防救援委员会各成员单位：';
  }
}

// a control character or a line break would break the header's single line; U+FFFE/U+FFFF and lone surrogates are
// not characters XML allows (Word refuses the file)
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The header's options, checked: 文号 (optional), 期号 (default 「YYYY年第N期」), 主送 (default by the region's level). */
export function briefingHeader(input: { documentNumber?: string | null; issueNumber?: string | null; recipients?: string | null }, period: Period, level: RegionLevel, regionName: string): { documentNumber: string; issueNumber: string; recipients: string } {
  let documentNumber = (input.documentNumber ?? '').trim();
  if (documentNumber) {
    // the year brackets are 六角括号 〔〕 (GB/T 9704); square and lenticular brackets typed instead are taken for them
    documentNumber = documentNumber.replace(/[[［【]/g, '〔').replace(/[\]］】]/g, '〕');
    if (documentNumber.length > 40 || CONTROL.test(documentNumber) || !/^[^\s〔〕]{1,20}〔\d{4}〕\d{1,5}号$/.test(documentNumber)) {
      throw BadUserInputError.field('documentNumber', '文号应为“机关代字〔年份〕序号号”，如 景消委办〔2027〕12号（最多 40 字）');
    }
  }
  const issueNumber = (input.issueNumber ?? '').trim() || `${period.year}年第${period.number}期`;
  if (issueNumber.length > 30 || CONTROL.test(issueNumber)) throw BadUserInputError.field('issueNumber', '期号最多 30 字，不能换行，如 2027年第6期');
  let recipients = (input.recipients ?? '').trim() || defaultRecipients(level, regionName);
  if (recipients.length > 150 || CONTROL.test(recipients)) throw BadUserInputError.field('recipients', '主送机关最多 150 字，不能换行');
  recipients = recipients.replace(/[:：]?$/, '：');
  return { documentNumber, issueNumber, recipients };
}

/**
 * Rows grouped by township in the given order of townships (the body's order; null: 县直, last), each group's rows
 * in the order given (worst first), numbered through (序号 1…N across the groups). Townships with no rows are left out.
 */
export function groupByTownship<T extends { townshipId: string | null }, R>(
  rows: T[], townships: { id: string | null; name: string }[], row: (t: T, no: number) => R,
): BriefingGroup<R>[] {
  const order = [...townships.filter((t) => t.id !== null), { id: null, name: '县直' }];
  const byTownship = new Map<string | null, T[]>();
  for (const r of rows) {
    const list = byTownship.get(r.townshipId);
    if (list) list.push(r);
    else byTownship.set(r.townshipId, [r]);
  }
  let no = 0;
  const groups: BriefingGroup<R>[] = [];
  for (const t of order) {
    const list = byTownship.get(t.id);
    if (!list?.length) continue;
    groups.push({ name: t.name, count: formatNumber(list.length), rows: list.map((r) => row(r, ++no)) });
  }
  // a township outside the body's list (not expected: both read the same regions) keeps its rows, under its id's name
  for (const [id, list] of byTownship) {
    if (!order.some((t) => t.id === id)) groups.push({ name: '其他', count: formatNumber(list.length), rows: list.map((r) => row(r, ++no)) });
  }
  return groups;
}

/** 2027-12-06 → 12月6日; with the year when it differs from `year`. */
function monthDay(date: string, year?: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${year !== undefined && y !== year ? `${y}年` : ''}${m}月${d}日`;
}
/** A range within a month in words: 11月1日至6日 (11月1日 when one day), with the year when it differs from `year`. */
function dayRange(r: { start: string; end: string }, year?: number): string {
  return r.start === r.end ? monthDay(r.start, year) : `${monthDay(r.start, year)}至${Number(r.end.slice(8))}日`;
}

/**
 * The monthly fire-situation briefing (消防安全形势通报, INS-4) as a .docx made from a template, to be sent as it
 * is: red header with 期号 and 文号, 主送, the body with per-township figures, the appendices (the overdue and the
 * major hazards as they stood at the month's end, the overdue tasks) grouped by township, worst first, complete up
 * to BRIEFING_LIST_LIMIT rows (beyond, the body says so and where the full list is), one issuer-and-date line. The
 * month's figures are `FireService.situation` (the `fireSituation` query; the current month with `sameDays`), the
 * lists `HazardStandingService.standing` (the hazards' history), with the actor's jurisdiction applied by them.
 */
@Injectable()
export class BriefingService implements OnModuleInit {
  private readonly logger = new Logger('Briefing');

  constructor(
    private readonly fires: FireService,
    private readonly standing: HazardStandingService,
    private readonly organizations: OrganizationService,
    private readonly tasks: TaskService,
    private readonly campaigns: CampaignService,
    private readonly charts: ChartService,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** BRIEFING_TEMPLATE was checked by the environment's validation; a missing bundled template is said at start. */
  onModuleInit(): void {
    if (!this.config.briefingTemplate && !bundledTemplateCandidates().some((p) => existsSync(p))) {
      this.logger.warn(`the briefing template ${BRIEFING_TEMPLATE_FILE} is not found (looked in ${bundledTemplateCandidates().join(', ')}): briefings will fail until it is there or BRIEFING_TEMPLATE names one`);
    }
  }

  async fireSituationBriefing(ctx: RequestContext, input: BriefingInput): Promise<OfficeFile> {
    const today = this.clock.today();
    const period = briefingMonth(input.month, today);
    const regionId = input.regionId?.trim() || (ctx.actor.regionId ? toGlobalId('Region', ctx.actor.regionId) : null);
    if (!regionId) throw BadUserInputError.field('regionId', '请指定区划');
    const region = await this.organizations.region(ctx, regionId, 'regionId');
    if (region.level === RegionLevel.VILLAGE) throw BadUserInputError.field('regionId', '形势通报的区划须为县、乡镇或其上级区划，不能是村（社区）');
    const header = briefingHeader(input, period, region.level, region.name);
    // INS-4: the current month is compared like for like (the same days of the bases), and says so
    const situation = await this.fires.situation(ctx, regionId, period, { sameDays: true });
    const lists = can(ctx, Permission.INSPECTION_READ) ? await this.standing.standing(ctx, regionId, monthRange(period).end) : null;
    const committees = can(ctx, Permission.COMMITTEE_READ) ? await this.committees(ctx, regionId, period) : null;
    const data = briefingData(situation, lists, committees, header, today);
    // 图1, 图2: the charts of the same figures (FireService.monthlySeries), put in the filled document's picture parts
    const charts = await this.charts.briefingCharts(ctx, regionId, period);
    return {
      filename: `${region.name}${data.monthLabel}消防安全形势通报.docx`,
      mediaType: DOCX_TYPE,
      buffer: embedBriefingCharts(this.render(data), charts),
    };
  }

  // ---------- the committees' work (COM-2, COM-3): the API's own reads, as the caller ----------

  /**
   * `taskLedger(regionId, year)` of the month's year, every page of `tasks(regionId, overdue: true)` with each
   * assignee's township (its organization's region: a township, a village's township, else none: 县直), and
   * `campaignProgress` of each campaign of `campaigns(regionId)` whose period overlaps the month.
   */
  private async committees(ctx: RequestContext, regionId: string, period: Period): Promise<BriefingCommittees> {
    const monthEnd = monthRange(period).end;
    const current = monthEnd >= this.clock.today();
    const ledger = await this.tasks.ledger(ctx, { regionId, year: period.year });
    const overdue: Task[] = [];
    let after: string | undefined;
    for (;;) {
      // a past month: overdue as the tasks stood at its end (COM-2, rebuilt from their steps), as the hazard lists
      const page = await this.tasks.list(ctx, { first: PAGE, after }, current ? { regionId, overdue: true } : { regionId, overdueAt: addDays(monthEnd, 1) });
      for (const { node } of page.edges) overdue.push(node);
      if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break;
      after = page.pageInfo.endCursor;
    }
    const assigneeIds = [...new Set(overdue.map((t) => t.assigneeId))];
    const orgs: { id: string; name: string; township: string | null }[] = assigneeIds.length === 0 ? [] : await this.dataSource.query(
      `SELECT o.id, o.name, CASE r.level WHEN 'TOWNSHIP' THEN r.id WHEN 'VILLAGE' THEN r.parent_id END AS township
       FROM organization o JOIN region r ON r.id = o.region_id WHERE o.id = ANY($1::uuid[])`, [assigneeIds]);
    const byId = new Map(orgs.map((o) => [o.id, o]));
    const overdueTasks = overdue.map((task) => ({ task, assignee: byId.get(task.assigneeId)?.name ?? '', townshipId: byId.get(task.assigneeId)?.township ?? null }));
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
    return { ledger, overdueTasks, campaigns };
  }

  /** The filled template, not yet compressed (the charts are put in before the one compression). */
  private render(data: BriefingData): PizZip {
    const file = this.config.briefingTemplate ?? bundledTemplateCandidates().find((p) => existsSync(p));
    if (!file) throw new Error(`briefing template ${BRIEFING_TEMPLATE_FILE} not found (looked in ${bundledTemplateCandidates().join(', ')})`);
    // stripInvalidXMLChars: a description typed with a character XML does not allow (U+FFFE, a lone surrogate) would
    // make a file Word refuses to open
    const doc = new Docxtemplater(new PizZip(readFileSync(file)), { paragraphLoop: true, linebreaks: true, nullGetter: () => '', stripInvalidXMLChars: true });
    doc.render(data);
    return doc.getZip();
  }
}

export interface BriefingInput {
  regionId?: string | null;
  month: string;
  documentNumber?: string | null;
  issueNumber?: string | null;
  recipients?: string | null;
}

// ---------- the template's data (pure) ----------

/** Where the full list is when the appendix cannot hold it. */
function beyondText(kind: string, total: number, listed: number, unit: string, where: string): string {
  if (total <= listed) return '';
  return `${kind}共 ${formatNumber(total)} ${unit}，超过附件可容纳的 ${formatNumber(BRIEFING_LIST_LIMIT)} 条（打印约 ${formatNumber(Math.ceil(total / 25))} 页），`
    + `附件只列出最严重的 ${formatNumber(listed)} ${unit}；完整清单请在平台导出：${where}。`;
}

export function briefingData(
  s: FireSituation, lists: HazardStanding | null, committees: BriefingCommittees | null,
  header: { documentNumber: string; issueNumber: string; recipients: string }, today: string,
): BriefingData {
  const current = s.range.end >= today || s.sameDays;
  const monthLabel = periodLabel(s.period);
  const previousMonth = periodLabel(previousPeriod(s.period));
  const lastYearMonth = periodLabel(samePeriodLastYear(s.period));
  const year = s.period.year;
  const previousLabel = s.sameDays ? `上月同期（${dayRange(s.previousRange, year)}）` : `上月（${previousMonth}）`;
  const lastYearLabel = s.sameDays ? `去年同期（${s.lastYearRange.start.slice(0, 4)}年${dayRange(s.lastYearRange)}）` : `去年同月（${lastYearMonth}）`;
  const c = s.total.current;
  const pop = changes(c, s.total.previous);
  const yoy = changes(c, s.total.lastYear);
  const when = s.sameDays ? `本月截至${monthDay(s.range.end)}` : monthLabel;
  const rate = c.rectificationRate === null ? '本月未发现隐患，不计整改率' : `整改率 ${formatFigure('rectificationRate', c.rectificationRate)}`;
  const headline = `${when}，${s.region.name}共发生火灾 ${formatNumber(c.incidents)} 起，死亡 ${formatNumber(c.deaths)} 人，受伤 ${formatNumber(c.injuries)} 人，`
    + `直接财产损失 ${formatNumber(c.directLossYuan)} 元；开展消防安全检查 ${formatNumber(c.inspections)} 次，发现火灾隐患 ${formatNumber(c.hazardsFound)} 处，`
    + `已整改 ${formatNumber(c.hazardsRectified)} 处，${rate}；整改期限在本月且逾期未整改的隐患 ${formatNumber(c.hazardsOverdue)} 处。`;
  const sentence = (list: ReturnType<typeof changes>, baseName: string) =>
    COMPARED.map((m) => `${METRIC[m].label}${describeChange(m, list.find((x) => x.metric === m)!, baseName)}`).join('，');
  // domain defaults (stations have no enforcement power; INS-2): the cases handed over to the brigade
  const handOverHeadline = `${when}，${s.region.name}移交大队 ${formatNumber(c.handOvers)} 件，大队接收 ${formatNumber(c.handOversAccepted)} 件，`
    + `办结 ${formatNumber(c.handOversConcluded)} 件，逾期未接收或未办结 ${formatNumber(c.handOversOverdue)} 件。`;
  const comparison = `与${previousLabel}相比，${sentence(pop, s.sameDays ? '上月同期' : '上月')}；与${lastYearLabel}相比，${sentence(yoy, s.sameDays ? '去年同期' : '去年同月')}。`;
  const figures = TABLE_METRICS.map((m): BriefingFigureRow => ({
    label: `${METRIC[m].label}（${METRIC[m].unit}）`,
    current: formatFigure(m, c[m]),
    previous: formatFigure(m, s.total.previous[m]),
    periodOnPeriod: formatChange(m, pop.find((x) => x.metric === m)!),
    lastYear: formatFigure(m, s.total.lastYear[m]),
    yearOnYear: formatChange(m, yoy.find((x) => x.metric === m)!),
  }));
  const periodText = s.sameDays
    ? `本月截至${monthDay(s.range.end)}，与${dayRange(s.previousRange, year)}、去年${dayRange(s.lastYearRange)}同期相比（北京时间）`
    : `${chineseDate(s.range.start)}至${chineseDate(s.range.end)}，北京时间；环比基期为${previousMonth}，同比基期为${lastYearMonth}`;
  const periodNote = s.sameDays
    ? `本月尚未结束：本月数据截至${monthDay(s.range.end)}，上月和去年同月只取相同天数（${dayRange(s.previousRange, year)}、${s.lastYearRange.start.slice(0, 4)}年${dayRange(s.lastYearRange)}）同期比较。`
    : '';

  // the lists as they stood: the month's end, or today for the current month
  const asOfDay = lists ? addDays(lists.day, current ? 0 : -1) : current ? today : s.range.end;
  const asOf = chineseDate(asOfDay);
  const asOfWhat = current ? '今日' : '月末';
  const townships = [...s.townships.map((r) => ({ id: r.townshipId, name: r.townshipName }))];
  const placeOf = (h: StandingHazard) => h.premisesName ?? h.regionName;
  const regionQuery = `regionId=${encodeURIComponent(toGlobalId('Region', s.region.id))}`;
  const overdueAll = lists?.overdue ?? [];
  const overdueListed = overdueAll.slice(0, BRIEFING_LIST_LIMIT);
  const majorAll = lists?.major ?? [];
  const majorListed = majorAll.slice(0, BRIEFING_LIST_LIMIT);
  const overdueGroups = groupByTownship(overdueListed, townships, (h, no): BriefingOverdueRow => ({
    no: String(no), place: placeOf(h), description: h.description, foundOn: h.foundOn, deadline: h.deadline ?? '',
    daysOverdue: h.daysOverdue === null ? '' : formatNumber(h.daysOverdue), responsibleParty: h.responsibleParty ?? '',
  }));
  const majorGroups = groupByTownship(majorListed, townships, (h, no): BriefingMajorRow => ({
    no: String(no), place: placeOf(h), description: h.description, foundOn: h.foundOn,
    majorStatus: MAJOR_LABELS[h.majorStatus] ?? h.majorStatus,
    basis: [h.majorCatalogueEdition, h.majorItemCodes?.length ? `第${h.majorItemCodes.join('、')}项` : ''].filter(Boolean).join(' '),
    rectification: rectificationOf(h, lists!.day),
  }));

  // the appendices present, numbered in order
  const attachments: BriefingAttachment[] = [];
  const attach = (title: string) => { attachments.push({ lead: attachments.length ? '\u3000\u3000\u3000' : '附件：', no: String(attachments.length + 1), title, end: '' }); return String(attachments.length); };
  const overdueNo = lists && overdueAll.length ? attach(`逾期未整改隐患清单（截至${asOf}）`) : '';
  const majorNo = lists && majorAll.length ? attach(`重大火灾隐患清单（截至${asOf}）`) : '';
  // the overdue tasks stand where the hazard lists do: today, or the month's end (counted to the day after it)
  const tasksAsOf = current ? { day: today, date: today } : { day: addDays(s.range.end, 1), date: s.range.end };
  const c2 = committeesData(committees, s.period, monthLabel, tasksAsOf, townships, () => (committees?.overdueTasks.length ? attach(`逾期未办结的交办任务（截至${chineseDate(tasksAsOf.date)}）`) : ''), regionQuery);
  attachments.forEach((a, k) => { a.end = k === attachments.length - 1 ? '' : '；'; });

  const majorConfirmed = majorAll.filter((h) => h.majorStatus === MajorHazardStatus.CONFIRMED).length;
  const overdueSentence = `截至${asOf}（${asOfWhat}），${s.region.name}处于整改中且已超过整改期限的隐患共 ${formatNumber(overdueAll.length)} 处`
    + (overdueAll.length ? `，其中逾期 90 天以上 ${formatNumber(overdueAll.filter((h) => (h.daysOverdue ?? 0) > 90).length)} 处；按乡镇分列，逾期天数多的在前，详见附件${overdueNo}。` : '。');
  const majorSentence = `截至${asOf}（${asOfWhat}），${s.region.name}未销号的疑似及确认重大火灾隐患共 ${formatNumber(majorAll.length)} 处，其中挂牌督办 ${formatNumber(majorConfirmed)} 处`
    + (majorAll.length ? `；按乡镇分列，挂牌督办的在前，详见附件${majorNo}。` : '。');

  // the per-township supervision table: the month's figures, the lists' counts, hand-overs, overdue tasks
  const count = <T extends { townshipId: string | null }>(rows: T[], id: string | null, pred: (r: T) => boolean = () => true) => rows.filter((r) => r.townshipId === id && pred(r)).length;
  const tasks = committees?.overdueTasks ?? [];
  const supervisionRow = (name: string, f: SituationFigures, id: string | null | undefined): BriefingSupervisionRow => {
    const all = id === undefined;
    const n = <T extends { townshipId: string | null }>(rows: T[], pred?: (r: T) => boolean) => (all ? rows.filter(pred ?? (() => true)).length : count(rows, id, pred));
    return {
      name, hazardsFound: formatFigure('hazardsFound', f.hazardsFound), hazardsRectified: formatFigure('hazardsRectified', f.hazardsRectified),
      hazardsOverdue: formatFigure('hazardsOverdue', f.hazardsOverdue),
      overdueStanding: lists ? formatNumber(n(overdueAll)) : '—',
      majorOpen: lists ? formatNumber(n(majorAll)) : '—',
      majorConfirmed: lists ? formatNumber(n(majorAll, (h) => h.majorStatus === MajorHazardStatus.CONFIRMED)) : '—',
      handOvers: formatFigure('handOvers', f.handOvers),
      overdueTasks: committees ? formatNumber(n(tasks)) : '—',
    };
  };
  // a township row in the body for every township the lists name (县直 when only the lists have it)
  const supervisionTownships = [...s.townships];
  const hasNull = supervisionTownships.some((r) => r.townshipId === null);
  if (!hasNull && s.region.level !== RegionLevel.TOWNSHIP && [...overdueAll, ...majorAll, ...tasks].some((r) => r.townshipId === null)) {
    supervisionTownships.push({ townshipId: null, townshipName: '县直', current: blankFigures(), previous: blankFigures(), lastYear: blankFigures() });
  }
  return {
    issuer: `${s.region.name}消防救援委员会办公室`,
    regionName: s.region.name,
    monthLabel,
    issuedOn: chineseDate(today),
    ...header,
    periodText,
    periodNote,
    previousLabel,
    lastYearLabel,
    headline,
    handOverHeadline,
    comparison,
    figures,
    townships: s.townships.map(townshipRow),
    total: townshipRow({ ...s.total, townshipName: '合计' }),
    supervisionShown: true,
    supervision: supervisionTownships.map((r) => supervisionRow(r.townshipName, r.current, r.townshipId)),
    supervisionTotal: supervisionRow('合计', s.total.current, undefined),
    handOverTownships: s.townships.map(handOverRow),
    handOverTotal: handOverRow({ ...s.total, townshipName: '合计' }),
    rectifiedAsOf: current ? '今日' : '月末',
    asOf,
    asOfWhat,
    // a township's briefing is about the township itself, not a comparison of townships
    areaHeading: s.region.level === RegionLevel.TOWNSHIP ? s.region.name : '各乡镇',
    stationsWord: s.region.level === RegionLevel.TOWNSHIP ? `${s.region.name}消防工作站` : '各乡镇消防工作站',
    standingNote: current ? '均为当时的状态' : '均按隐患记录的历史还原',
    today: chineseDate(today),
    hazardsShown: lists !== null,
    hazardsWithheld: '本账号没有查阅隐患的权限，隐患清单从略。',
    overdueTotal: formatNumber(overdueAll.length),
    overdueSentence,
    overdueAny: overdueGroups.length > 0,
    overdueNo,
    overdueGroups,
    majorTotal: formatNumber(majorAll.length),
    majorSentence,
    majorAny: majorGroups.length > 0,
    majorNo,
    majorGroups,
    overdueBeyond: beyondText('逾期未整改隐患', overdueAll.length, overdueListed.length, '处',
      `“隐患”导出 GET /office/exports/hazards.xlsx?${regionQuery}&overdue=true${current ? '' : '（导出为导出当时的状态，不是月末状态）'}`),
    majorBeyond: beyondText('重大火灾隐患', majorAll.length, majorListed.length, '处',
      `“隐患”导出 GET /office/exports/hazards.xlsx?${regionQuery}&major=true（含已销号的）${current ? '' : '（导出为导出当时的状态，不是月末状态）'}`),
    ...c2,
    attachmentsAny: attachments.length > 0,
    attachments,
  };
}

function blankFigures(): SituationFigures {
  return { incidents: 0, deaths: 0, injuries: 0, directLossYuan: 0, hazardsFound: 0, hazardsRectified: 0, hazardsOverdue: 0, rectificationRate: null, inspections: 0,
    handOvers: 0, handOversAccepted: 0, handOversConcluded: 0, handOversOverdue: 0 };
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

/** Where a listed major hazard's rectification stood: "待下达整改", "整改中，期限 2027-08-31（已逾期）", "已报整改（待复查）". */
function rectificationOf(h: StandingHazard, day: string): string {
  if (h.status === HazardStatus.RECTIFYING) return `整改中，期限 ${h.deadline}${isOverdue(h.status, h.deadline, day) ? '（已逾期）' : ''}`;
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

/** COM-2, COM-3: the tags of the committees' section; `attach` numbers the overdue tasks' appendix. */
export function committeesData(
  c: BriefingCommittees | null, period: Period, monthLabel: string, asOf: { day: string; date: string }, townships: { id: string | null; name: string }[], attach: () => string, regionQuery = '',
): Pick<BriefingData,
  'committeesShown' | 'committeesWithheld' | 'taskYear' | 'taskHeadline' | 'taskRowsAny' | 'taskRows' | 'taskTotal' | 'overdueTasksAny' | 'overdueTasksNo'
  | 'overdueTasksTotal' | 'overdueTaskGroups' | 'overdueTasksBeyond' | 'campaignHeadline' | 'campaignsAny' | 'campaigns'> {
  const withheld = '本账号没有查阅委员会工作的权限，任务台账和专项整治从略。';
  if (!c) {
    return {
      committeesShown: false, committeesWithheld: withheld, taskYear: period.year, taskHeadline: '', taskRowsAny: false, taskRows: [],
      taskTotal: taskRow('合计', { total: 0, open: 0, overdue: 0, completedOnTime: 0, completedLate: 0, returned: 0 }), overdueTasksAny: false, overdueTasksNo: '',
      overdueTasksTotal: '0', overdueTaskGroups: [], overdueTasksBeyond: '', campaignHeadline: '', campaignsAny: false, campaigns: [],
    };
  }
  const l = c.ledger;
  const no = attach();
  // worst first: the earliest deadline (most days overdue), then the earliest assigned
  const sorted = [...c.overdueTasks].sort((a, b) => a.task.deadline.localeCompare(b.task.deadline) || a.task.assignedOn.localeCompare(b.task.assignedOn) || a.task.id.localeCompare(b.task.id));
  const listed = sorted.slice(0, BRIEFING_LIST_LIMIT);
  const taskHeadline = l.total === 0
    ? `${period.year}年尚无交办任务。`
    : `${period.year}年共交办任务 ${formatNumber(l.total)} 项：已按期办结 ${formatNumber(l.completedOnTime)} 项，逾期办结 ${formatNumber(l.completedLate)} 项，`
      + `未办结 ${formatNumber(l.open)} 项（其中逾期 ${formatNumber(l.overdue)} 项）；退回重办过的 ${formatNumber(l.returned)} 项。`
      + (sorted.length > 0 ? `截至${chineseDate(asOf.date)}，逾期未办结的任务共 ${formatNumber(sorted.length)} 项（不分交办年度），按承办单位所在乡镇分列，详见附件${no}。` : '');
  const overdueTaskGroups = groupByTownship(listed, townships, (t, k): BriefingOverdueTaskRow => ({
    no: String(k), title: t.task.title, assignee: t.assignee, assignedOn: t.task.assignedOn, deadline: t.task.deadline,
    daysOverdue: formatNumber(daysBetween(t.task.deadline, asOf.day)),
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
    overdueTasksAny: overdueTaskGroups.length > 0,
    overdueTasksNo: no,
    overdueTasksTotal: formatNumber(sorted.length),
    overdueTaskGroups,
    overdueTasksBeyond: beyondText('逾期未办结的交办任务', sorted.length, listed.length, '项', `“任务”查询 tasks(${regionQuery ? `${regionQuery}, ` : ''}overdue: true)`),
    campaignHeadline: campaigns.length ? `${monthLabel}开展的专项整治 ${formatNumber(campaigns.length)} 项，进度见下表。` : `${monthLabel}没有开展中的专项整治。`,
    campaignsAny: campaigns.length > 0,
    campaigns,
  };
}
