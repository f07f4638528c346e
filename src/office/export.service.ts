import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { GraphQLSchema } from 'graphql';
import { AuditChainBreak } from '../auth/audit-chain';
import { AuditService } from '../auth/audit.service';
import { Clock, shanghaiDate } from '../common/clock';
import { TASK_STATUS_LABELS } from '../committees/committees.enums';
import { TaskService } from '../committees/tasks/task.service';
import { TaskModel } from '../committees/tasks/task.types';
import { Period, PeriodKind, periodLabel, periodRange, previousPeriod, samePeriodLastYear } from '../common/period';
import { EvaluationService } from '../evaluation/evaluation.service';
import { HazardFilter, HazardService } from '../inspections/hazard.service';
import { HAZARD_SOURCE_LABELS, HAZARD_STATUS_LABELS, MAJOR_HAZARD_STATUS_LABELS } from '../inspections/inspections.enums';
import { FireService, SituationFigures } from '../inspections/fire.service';
import { FireSituationModel, MetricChangeModel, SituationRowModel } from '../inspections/fire.types';
import { HazardModel } from '../inspections/hazard.types';
import { BadUserInputError } from '../kernel/errors';
import { fromGlobalId } from '../graphql/global-id';
import type { RequestContext } from '../kernel/request-context';
import { OrganizationService } from '../organization/organization.service';
import { POST_STATE_LABELS, PostState } from '../personnel/personnel.enums';
import { PersonnelService } from '../personnel/personnel.service';
import { StaffingEntryModel } from '../personnel/staffing.types';
import { VillageService } from '../training/village.service';
import { OfficeFile, XLSX_TYPE } from './office-http';
import { allPagesCounted, assertRowCount } from './pages';
import { AUDIT_TRAIL_COLUMNS, AUDIT_TRAIL_LINE_HEIGHT, auditTrailRow, operationNamer } from './audit-trail-sheet';
import { addSheet, fileName, newWorkbook, SheetCell, workbookBuffer } from './xlsx';

/** The most rows one export reads (a province's hazards go region by region). */
export const EXPORT_MAX_ROWS = 50_000;

const PIPELINE_STATES = [PostState.CANDIDATE, PostState.SELECTED, PostState.IN_TRAINING, PostState.EXAM_PASSED, PostState.EXAM_FAILED];
const yesNo = (b: boolean) => (b ? '是' : '否');
const SITUATION_COLUMNS: { key: keyof SituationFigures; header: string; numFmt?: string }[] = [
  { key: 'incidents', header: '火灾起数' },
  { key: 'deaths', header: '死亡人数' },
  { key: 'injuries', header: '受伤人数' },
  { key: 'directLossYuan', header: '直接财产损失（元）', numFmt: '#,##0.00' },
  { key: 'hazardsFound', header: '发现隐患' },
  { key: 'hazardsRectified', header: '整改销号' },
  { key: 'hazardsOverdue', header: '逾期未改' },
  { key: 'rectificationRate', header: '整改率（%）', numFmt: '0.00' },
  { key: 'inspections', header: '检查次数' },
];

/**
 * Exports to .xlsx with Chinese headers (docs/office.md). Each reads through the same service call and the same GraphQL
 * model mapping as its query (`staffing`, `hazards`, `fireSituation`, `villageCoverage`, `evaluations`), with the
 * caller's context, so its rows and numbers are the API's and its jurisdiction is the caller's.
 */
@Injectable()
export class ExportService {
  constructor(
    private readonly clock: Clock,
    private readonly organizations: OrganizationService,
    private readonly personnel: PersonnelService,
    private readonly hazards: HazardService,
    private readonly fires: FireService,
    private readonly villages: VillageService,
    private readonly evaluations: EvaluationService,
    private readonly tasks: TaskService,
    private readonly audit: AuditService,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** The API's schema (the operations' Chinese names are its root fields' descriptions); null where none is built (a CLI without GraphQL). */
  private schemaHost(): GraphQLSchema | null {
    try {
      return this.moduleRef.get(GraphQLSchemaHost, { strict: false }).schema;
    } catch {
      return null;
    }
  }

  /**
   * The audit trail of a period inside the reader's jurisdiction (GB/T 22239-2019 8.1.4.3 c, 8.1.4.7): every entry
   * with its chain MAC, oldest first, and the chain's verification of the period in the caption.
   */
  async auditTrail(ctx: RequestContext, from: Date, to: Date): Promise<OfficeFile> {
    const { rows: entries, total } = await this.audit.period(ctx, from, to, EXPORT_MAX_ROWS);
    assertRowCount(entries.length, Math.min(total, EXPORT_MAX_ROWS));
    if (total > EXPORT_MAX_ROWS) throw BadUserInputError.field('to', `该时段共有 ${total} 条记录，超过一次导出的上限 ${EXPORT_MAX_ROWS} 条；请缩短时段`);
    const check = await this.audit.verify(ctx, from, to);
    const region = await this.regionOf(ctx);
    const period = `${beijingMinute(from)} 至 ${beijingMinute(to)}`;
    const verdict = check.intact
      ? `防篡改链校验：完整（校验 ${check.checked} 条${check.unchained ? `；另有 ${check.unchained} 条写于启用防篡改链之前，无认证码` : ''}）`
      : `防篡改链校验：未通过，自第 ${check.firstBreak!.sequence} 条起${AUDIT_CHAIN_BREAK_WORDS[check.firstBreak!.reason]}（校验 ${check.checked} 条后）`;
    const nameOf = operationNamer(this.schemaHost());
    const rows = entries.map((e) => auditTrailRow(e, nameOf));
    return this.file(fileName([region.name, `${shanghaiDate(from)}至${shanghaiDate(to)}`, '审计记录'], 'xlsx'), [{
      name: '审计记录',
      caption: [`${region.name}审计记录`, `时段 ${period}（北京时间，含起不含止）；${verdict}`, counted(`时段 ${period}，${region.filter}`, rows.length)],
      columns: AUDIT_TRAIL_COLUMNS,
      lineHeight: AUDIT_TRAIL_LINE_HEIGHT,
      rows,
    }]);
  }

  /** `staffing(regionId)`: quota, on duty, vacancies, the pipeline by state, deviations in force (PER-9, ORG-3). */
  async staffing(ctx: RequestContext, regionId?: string): Promise<OfficeFile> {
    const entries = (await this.personnel.staffing(ctx, regionId)).map(StaffingEntryModel.from);
    assertRowCount(entries.length, await (await this.personnel.staffingPage(ctx, { first: 0 }, regionId)).totalCount);
    const region = await this.regionOf(ctx, regionId);
    const filters = region.filter;
    const count = (e: StaffingEntryModel, state: PostState) => e.pipeline.find((p) => p.state === state)?.count ?? 0;
    const rows = entries.map((e) => [e.organizationName, e.townshipName ?? '', e.staffQuota, e.onDuty, e.vacancies, ...PIPELINE_STATES.map((s) => count(e, s)), e.deviationsInForceCount]);
    const total = ['合计', '', ...[2, 3, 4, 5, 6, 7, 8, 9, 10].map((i) => rows.reduce((sum, r) => sum + Number(r[i]), 0))];
    return this.file(fileName([region.name, `截至${this.clock.today()}`, '人员配备情况'], 'xlsx'), [{
      name: '人员配备',
      caption: [`${region.name}指导中心和消防工作站人员配备情况`, `截至 ${this.clock.today()}（北京时间）；空岗逐年补充，如实列出`, counted(filters, entries.length, '（另有合计一行）')],
      columns: [
        { header: '单位', width: 28 }, { header: '所在乡镇', width: 12 }, { header: '编制' }, { header: '在岗' }, { header: '空岗' },
        ...PIPELINE_STATES.map((s) => ({ header: POST_STATE_LABELS[s] })), { header: '已批准偏离' },
      ],
      rows: [...rows, total],
    }]);
  }

  /** `hazards(filter)`: every hazard the filter selects (all pages), newest found first. */
  async hazardList(ctx: RequestContext, filter: HazardFilter): Promise<OfficeFile> {
    const today = this.clock.today();
    const { rows: listed } = await allPagesCounted((page) => this.hazards.list(ctx, page, filter, { premises: true, region: true }), EXPORT_MAX_ROWS);
    const region = await this.regionOf(ctx, filter.regionId);
    // the premises filter by its name (the rows hold it); a premises with no hazard listed is 「指定场所」
    const premisesName = filter.premisesId ? (listed[0]?.premises?.name ?? null) : null;
    const rows = listed.map((h) => {
      const m = HazardModel.from(h, today);
      return [
        m.foundOn, h.region?.name ?? '', h.premises?.name ?? '', m.description, HAZARD_SOURCE_LABELS[m.source], HAZARD_STATUS_LABELS[m.status],
        m.orderedOn ?? '', m.deadline ?? '', yesNo(m.overdue), yesNo(m.orderOverdue), m.responsibleParty ?? '', m.rectifiedOn ?? '',
        MAJOR_HAZARD_STATUS_LABELS[m.majorStatus], m.handedOverAt ?? null, m.reportedBy,
      ] as SheetCell[];
    });
    const found = filter.foundFrom && filter.foundTo ? `${filter.foundFrom}至${filter.foundTo}` : filter.foundFrom ? `${filter.foundFrom}起` : filter.foundTo ? `${filter.foundTo}及以前` : null;
    const words = hazardFilterWords(filter, premisesName);
    return this.file(fileName([region.name, found ? `发现于${found}` : `截至${today}`, `${words.join('、')}隐患清单`], 'xlsx'), [{
      name: '隐患清单',
      caption: [`${region.name}${words.join('、')}火灾隐患清单`, `截至 ${today}（北京时间）`, counted([...words, found ? `发现日期 ${found}` : '', region.filter].filter(Boolean).join('，'), rows.length)],
      columns: [
        { header: '发现日期', kind: 'date', width: 12 }, { header: '所在区划', width: 12 }, { header: '场所', width: 24 }, { header: '隐患描述', width: 40 }, { header: '来源' },
        { header: '状态', width: 18 }, { header: '下达整改日期', kind: 'date', width: 12 }, { header: '整改期限', kind: 'date', width: 12 }, { header: '逾期', width: 6 }, { header: '整改通知逾期', width: 8 },
        { header: '整改责任主体', width: 18 }, { header: '报告整改日期', kind: 'date', width: 12 }, { header: '重大隐患', width: 14 }, { header: '移交大队时间', kind: 'dateTime', width: 17 }, { header: '登记人', width: 14 },
      ],
      rows,
    }]);
  }

  /** `fireSituation(regionId, period)`: the period, the one before (环比) and a year before (同比), per township and in total (INS-4). */
  async fireSituation(ctx: RequestContext, regionId: string, period: Period): Promise<OfficeFile> {
    const s = FireSituationModel.from(await this.fires.situation(ctx, regionId, period));
    const label = periodLabel(period);
    const rows = [...s.townships, s.total];
    const figures = (pick: (r: SituationRowModel) => SituationFigures) => rows.map((r) => [r.townshipName, ...SITUATION_COLUMNS.map((c) => pick(r)[c.key])]);
    const changes = (pick: (r: SituationRowModel) => MetricChangeModel[]) =>
      rows.map((r) => [r.townshipName, ...SITUATION_COLUMNS.flatMap((c) => {
        const m = pick(r).find((x) => x.metric === c.key);
        return [m?.delta ?? null, m?.percent ?? null];
      })]);
    const figureColumns = [{ header: '乡镇', width: 12 }, ...SITUATION_COLUMNS.map((c) => ({ header: c.header, numFmt: c.numFmt }))];
    const changeColumns = [{ header: '乡镇', width: 12 }, ...SITUATION_COLUMNS.flatMap((c) => [{ header: `${c.header}增减` }, { header: `${c.header}增减%`, numFmt: '0.00' }])];
    // INS-4: each sheet is captioned with the period its figures are of (上期 and 上年同期 hold other months than 本期)
    const previous = previousPeriod(period);
    const lastYear = samePeriodLastYear(period);
    const span = (p: Period) => {
      const range = periodRange(p);
      return `${periodLabel(p)}（${range.start} 至 ${range.end}）`;
    };
    const filters = `区划 ${s.regionName}，统计期 ${span(period)}`;
    const caption = (what: string, of: string) => [`${s.regionName}${what}火灾形势`, `统计期 ${of}（北京时间）；增减% 为空表示基期为 0`, counted(filters, rows.length, '（各乡镇及合计）')];
    return this.file(fileName([s.regionName, label, '火灾形势'], 'xlsx'), [
      { name: '本期', caption: caption(`${label}（本期）`, span(period)), columns: figureColumns, rows: figures((r) => r.current) },
      { name: '上期', caption: caption(`${periodLabel(previous)}（上期）`, span(previous)), columns: figureColumns, rows: figures((r) => r.previousPeriod) },
      { name: '上年同期', caption: caption(`${periodLabel(lastYear)}（上年同期）`, span(lastYear)), columns: figureColumns, rows: figures((r) => r.samePeriodLastYear) },
      { name: '环比', caption: caption(`${label}环比`, `本期 ${span(period)} 较上期 ${span(previous)}`), columns: changeColumns, rows: changes((r) => r.periodOnPeriod) },
      { name: '同比', caption: caption(`${label}同比`, `本期 ${span(period)} 较上年同期 ${span(lastYear)}`), columns: changeColumns, rows: changes((r) => r.yearOnYear) },
    ]);
  }

  /** `villageCoverage(regionId)`: per township, villages with a manager, a pledge, a team, and which lack them (ORG-6). */
  async villageCoverage(ctx: RequestContext, regionId?: string): Promise<OfficeFile> {
    const today = this.clock.today();
    const rows = await this.villages.coverage(ctx, regionId);
    assertRowCount(rows.length, await (await this.villages.coveragePage(ctx, { first: 0 }, regionId)).totalCount);
    const region = await this.regionOf(ctx, regionId);
    const filters = region.filter;
    const names = (list: { name: string }[]) => list.map((v) => v.name).join('、');
    return this.file(fileName([region.name, `截至${today}`, '村（社区）消防工作覆盖'], 'xlsx'), [{
      name: '覆盖情况',
      caption: [`${region.name}村（社区）消防安全管理人、防火公约和消防队伍覆盖情况`, `截至 ${today}（北京时间）`, counted(filters, rows.length, '（每乡镇一条）')],
      columns: [
        { header: '乡镇', width: 12 }, { header: '村（社区）数' }, { header: '有管理人' }, { header: '有防火公约' }, { header: '有消防队伍' }, { header: '志愿消防队' },
        { header: '微型消防站' }, { header: '缺管理人的', width: 30 }, { header: '缺防火公约的', width: 30 }, { header: '没有队伍的', width: 30 }, { header: '队伍不达标的', width: 40 },
      ],
      rows: rows.map((c) => [
        c.township.name, c.villages, c.withManager, c.withPledge, c.withTeam, c.volunteerTeams, c.microStations,
        names(c.lackingManager), names(c.lackingPledge), names(c.lackingTeam), c.shortTeams.map((t) => `${t.village.name}（${t.problems.join('；')}）`).join('、'),
      ]),
    }]);
  }

  /** `evaluations(year, regionId)`: the year's current results, a sheet each for the year, the quarters and the months (EVA-1 .. EVA-4). */
  async evaluationsOfYear(ctx: RequestContext, year: number, regionId?: string): Promise<OfficeFile> {
    const { rows: results } = await allPagesCounted((page) => this.evaluations.list(ctx, page, { year, regionId }), EXPORT_MAX_ROWS);
    const region = await this.regionOf(ctx, regionId);
    const filters = `年度 ${year}，${region.filter}，现行版本`;
    const stations = await this.organizations.organizationById(ctx).loadMany([...new Set(results.map((r) => r.stationId))]);
    const stationName = new Map(stations.flatMap((o) => (o && !(o instanceof Error) ? [[o.id, o.name] as const] : [])));
    const sheet = (kind: PeriodKind, name: string) => ({
      name,
      caption: [`${region.name}${year}年${name}结果`, '现行版本；等次按所用考评政策版本', counted(`${filters}，${name}`, results.filter((r) => r.periodKind === kind).length)],
      columns: [
        { header: '考评对象', width: 16 }, { header: '类别' }, { header: '工作站', width: 24 }, { header: '期间', width: 16 }, { header: '得分', numFmt: '0.00' },
        { header: '等次' }, { header: '政策版本' }, { header: '结果版本' }, { header: '定稿人', width: 14 }, { header: '定稿时间（北京时间）', kind: 'dateTime' as const, width: 17 },
      ],
      rows: results
        .filter((r) => r.periodKind === kind)
        .sort((a, b) => a.number - b.number || a.subjectName.localeCompare(b.subjectName, 'zh-CN'))
        .map((r) => [
          r.subjectName, r.subjectKind === 'PERSON' ? '人员' : '工作站', stationName.get(r.stationId) ?? '', periodLabel({ kind, year, number: r.number }), r.score,
          r.gradeLabel, r.policyVersion, r.version, r.finalizedBy, r.finalizedAt,
        ]),
    });
    return this.file(fileName([region.name, `${year}年`, '考评结果（现行版本）'], 'xlsx'), [sheet(PeriodKind.YEAR, '年度考评'), sheet(PeriodKind.QUARTER, '季度考评'), sheet(PeriodKind.MONTH, '月度考评')]);
  }

  /**
   * `taskLedger(regionId, committeeId, year)` (COM-2): a summary sheet per assignee (the ledger's rows and a total
   * row, the query's own figures) and the task list of the same scope.
   */
  async taskLedger(ctx: RequestContext, filter: { regionId?: string; committeeId?: string; year?: number }): Promise<OfficeFile> {
    const today = this.clock.today();
    const ledger = await this.tasks.ledger(ctx, filter);
    const tasks = await this.tasks.ledgerTasks(ctx, { ...filter, year: ledger.year }, EXPORT_MAX_ROWS);
    assertRowCount(tasks.length, ledger.total);
    const committee = filter.committeeId ? (await this.organizations.organizationById(ctx).load(fromGlobalId(filter.committeeId, 'Organization', 'committeeId')))?.name : null;
    const region = await this.regionOf(ctx, filter.regionId);
    const filters = [`年度 ${ledger.year}（按交办日期）`, region.filter, committee ? `委员会 ${committee}` : ''].filter(Boolean).join('，');
    const names = await this.organizations.organizationById(ctx).loadMany([...new Set(tasks.map((t) => t.assigneeId))]);
    const nameOf = new Map(names.flatMap((o) => (o && !(o instanceof Error) ? [[o.id, o.name] as const] : [])));
    const figures = (f: { total: number; open: number; overdue: number; completedOnTime: number; completedLate: number; returned: number }) =>
      [f.total, f.open, f.overdue, f.completedOnTime, f.completedLate, f.returned];
    const figureColumns = [{ header: '任务数' }, { header: '未办结' }, { header: '逾期未办结' }, { header: '按期办结' }, { header: '逾期办结' }, { header: '退回重办' }];
    return this.file(fileName([region.name, `${ledger.year}年`, committee, `任务台账（截至${today}）`], 'xlsx'), [
      {
        name: '承办单位汇总',
        caption: [`${committee ?? region.name}交办任务台账：按承办单位汇总`, `截至 ${today}（北京时间）；逾期指未验收办结且已过期限当日`, counted(filters, ledger.rows.length, '（另有合计一行）')],
        columns: [{ header: '承办单位', width: 30 }, ...figureColumns],
        rows: [...ledger.rows.map((r) => [r.assignee.name, ...figures(r)]), ['合计', ...figures(ledger)]],
      },
      {
        name: '任务清单',
        caption: [`${committee ?? region.name}交办任务清单`, `截至 ${today}（北京时间）；按期限先后`, counted(filters, tasks.length)],
        columns: [
          { header: '任务名称', width: 36 }, { header: '承办单位', width: 28 }, { header: '交办日期', kind: 'date', width: 12 }, { header: '办结期限', kind: 'date', width: 12 }, { header: '状态', width: 18 },
          { header: '逾期天数' }, { header: '退回次数' }, { header: '按期办结' },
        ],
        rows: tasks.map((t) => {
          const m = TaskModel.from(t, today);
          return [m.title, nameOf.get(t.assigneeId) ?? '', m.assignedOn, m.deadline, TASK_STATUS_LABELS[m.status], m.daysOverdue ?? 0, m.returnCount, m.completedOnTime === null ? '' : yesNo(m.completedOnTime)];
        }),
      },
    ]);
  }

  /**
   * The region a file is of: the one asked for, or the caller's jurisdiction (its region's name; 「全部区划」 for an
   * account above every region), its name for titles and file names and the filter in words for the caption.
   */
  private async regionOf(ctx: RequestContext, regionId?: string): Promise<{ name: string; filter: string }> {
    if (regionId) {
      const name = (await this.organizations.region(ctx, regionId, 'regionId')).name;
      return { name, filter: `区划 ${name}` };
    }
    const own = ctx.actor.regionId ? await this.organizations.regionById(ctx).load(ctx.actor.regionId) : undefined;
    return { name: own?.name ?? '全部区划', filter: '区划 全部（本账号管辖范围）' };
  }

  private async file(filename: string, sheets: Parameters<typeof addSheet>[1][]): Promise<OfficeFile> {
    const wb = await newWorkbook();
    for (const s of sheets) addSheet(wb, s);
    return { filename, mediaType: XLSX_TYPE, buffer: await workbookBuffer(wb) };
  }
}

const AUDIT_CHAIN_BREAK_WORDS: Record<AuditChainBreak, string> = {
  [AuditChainBreak.ALTERED]: '记录被改动',
  [AuditChainBreak.MISSING]: '记录缺失（被删除）',
  [AuditChainBreak.RELINKED]: '与前一条对不上（前后有记录被删除或替换）',
};

/** An instant as 「2026-12-07 09:30」 in Beijing time (the caption's period). */
function beijingMinute(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** The line every export prints: the filters it was made with and how many rows it holds. */
function counted(filters: string, n: number, note = ''): string {
  return `筛选：${filters}；共 ${n} 条${note}`;
}

/** The hazard list's filters other than the region and the found dates, in words (for the title, the caption and the file name). */
function hazardFilterWords(f: HazardFilter, premisesName: string | null): string[] {
  return [
    f.overdue === true ? '逾期' : f.overdue === false ? '未逾期' : '', f.major === true ? '重大隐患' : f.major === false ? '一般隐患' : '',
    f.status ? `状态为${HAZARD_STATUS_LABELS[f.status]}` : '',
    f.premisesId ? (premisesName ? `场所 ${premisesName}` : '指定场所') : '',
  ].filter(Boolean);
}
