import { Injectable } from '@nestjs/common';
import type DataLoader from 'dataloader';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { assertReaches } from '../kernel/jurisdiction';
import * as time from '../common/time-rules';
import { Clock, shanghaiDate } from '../common/clock';
import { TransactionRunner, updateVersioned } from '../database/transaction';
import { ConnectionValue, OrderKey, PageArgs, paginate } from '../graphql/connection';
import { BadUserInputError, ConflictError, NotFoundError } from '../kernel/errors';
import { fromGlobalId } from '../graphql/global-id';
import { rowLoader } from '../graphql/loaders';
import type { RequestContext } from '../kernel/request-context';
import { RegionLevel } from '../organization/organization.enums';
import { OrganizationService } from '../organization/organization.service';
import { Region } from '../organization/region.entity';
import { AccountabilityOutcome, FireIncident, InvestigationCase, ResponsibleParty } from './fire.entity';
import { fireLevel, investigationReasons } from './fire-level';
import { FIRE_LEVEL_LABELS, FireCause, FireLevel, InvestigationStatus } from './inspections.enums';
import { change, Period, PeriodKind, periodLabel, periodProblem, periodRange, PeriodRange, previousPeriod, round2, samePeriodLastYear } from '../common/period';
import { InspectionPolicyService } from './policy.service';
import { PremisesService } from './premises.service';
import { assertRegionReaches, regionalList } from '../auth/work-scope';
import { text } from '../kernel/text';
import { onBeijingDates } from '../organization/townships';
import { HAND_OVER_DAY_MISSED, HAZARD_DEADLINE_MISSED } from './overdue';
import { changedFields, CorrectionService, correctionReason } from '../corrections/correction.service';
import { CorrectedRecord } from '../corrections/record-correction.entity';
import { whereUpdatedSince } from '../graphql/updated-since';
import { EventOutbox } from '../integration/event-outbox';
import { globalRef } from '../integration/event-payloads';

/** A correction of a fire's record: only the fields given change; the reason is required. */
export interface CorrectFireInput {
  fireId: string;
  expectedVersion: number;
  reason: string;
  occurredAt?: Date | null;
  place?: string | null;
  cause?: FireCause | null;
  deaths?: number | null;
  injuries?: number | null;
  seriousInjuries?: number | null;
  directLossYuan?: number | null;
  burnedArea?: number | null;
}

export interface RecordFireInput {
  regionId?: string | null;
  premisesId?: string | null;
  occurredAt: Date;
  place: string;
  cause: FireCause;
  deaths: number;
  injuries: number;
  seriousInjuries: number;
  directLossYuan: number;
  burnedArea?: number | null;
}

/** The figures of one period (INS-4). */
export interface SituationFigures {
  incidents: number;
  deaths: number;
  injuries: number;
  directLossYuan: number;
  hazardsFound: number;
  hazardsRectified: number;
  hazardsOverdue: number;
  /** Rectified / found, in percent (null when none found). */
  rectificationRate: number | null;
  inspections: number;
  /** Hand-overs to the county brigade made in the period (handed_over_at's Beijing day; domain defaults, INS-2). */
  handOvers: number;
  /** Hand-overs the brigade accepted (立案 or not) in the period (accepted_at's Beijing day). */
  handOversAccepted: number;
  /** Hand-overs whose outcome the brigade recorded in the period (concluded_at's Beijing day). */
  handOversConcluded: number;
  /**
   * Hand-overs that missed a due day falling in the period and already passed (as hazardsOverdue counts deadlines):
   * the accept day with the case neither accepted nor returned by its end, or the outcome day with no outcome by its end.
   */
  handOversOverdue: number;
}
export const SITUATION_METRICS = [
  'incidents', 'deaths', 'injuries', 'directLossYuan', 'hazardsFound', 'hazardsRectified', 'hazardsOverdue', 'rectificationRate', 'inspections',
  'handOvers', 'handOversAccepted', 'handOversConcluded', 'handOversOverdue',
] as const;
export type SituationMetric = (typeof SITUATION_METRICS)[number];

export interface SituationRow {
  townshipId: string | null;
  townshipName: string;
  current: SituationFigures;
  previous: SituationFigures;
  lastYear: SituationFigures;
}
export interface FireSituation {
  region: Region;
  period: Period;
  label: string;
  range: PeriodRange;
  previousRange: PeriodRange;
  lastYearRange: PeriodRange;
  /**
   * True when the period was in progress and compared like for like (`sameDays`): the current range runs to today,
   * the bases run to the same calendar point from their first day (sameDaysRanges).
   */
  sameDays: boolean;
  total: SituationRow;
  townships: SituationRow[];
}

/** One month of `monthlySeries`: the region's figures and each township's, as `situation` gives them for that month. */
export interface MonthFigures {
  period: Period;
  label: string;
  range: PeriodRange;
  total: SituationFigures;
  townships: { townshipId: string | null; townshipName: string; figures: SituationFigures }[];
}
export interface MonthlySeries {
  region: Region;
  /** Oldest first. */
  months: MonthFigures[];
}

const FIRE_ORDER: OrderKey<FireIncident>[] = [
  { expr: 'f.occurred_at', type: 'timestamp' },
  { expr: 'f.id', type: 'uuid', value: (f) => f.id },
];
const CASE_ORDER: OrderKey<InvestigationCase>[] = [
  { expr: 'c.opened_at', type: 'timestamp' },
  { expr: 'c.id', type: 'uuid', value: (c) => c.id },
];
const ZERO: Omit<SituationFigures, 'rectificationRate'> = {
  incidents: 0, deaths: 0, injuries: 0, directLossYuan: 0, hazardsFound: 0, hazardsRectified: 0, hazardsOverdue: 0, inspections: 0,
  handOvers: 0, handOversAccepted: 0, handOversConcluded: 0, handOversOverdue: 0,
};
/** A timestamptz column's Beijing day. */
const beijingDay = (col: string) => `(${col} AT TIME ZONE 'Asia/Shanghai')::date`;

export function changes(current: SituationFigures, base: SituationFigures): { metric: SituationMetric; value: number | null; base: number | null; delta: number | null; percent: number | null }[] {
  return SITUATION_METRICS.map((metric) => {
    const v = current[metric];
    const b = base[metric];
    if (v === null || b === null) return { metric, value: v, base: b, delta: null, percent: null };
    return { metric, value: v, ...change(v, b) };
  });
}

/** Fires and their levels, the fire situation (INS-4), extended investigations (INS-6). */
@Injectable()
export class FireService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly organizations: OrganizationService,
    private readonly policies: InspectionPolicyService,
    private readonly premises: PremisesService,
    private readonly corrections: CorrectionService,
    private readonly outbox: EventOutbox,
  ) {}

  fireById(ctx: RequestContext): DataLoader<string, FireIncident | undefined> {
    return rowLoader(ctx, 'ins.fireById', (ids) => this.dataSource.getRepository(FireIncident).findBy({ id: In(ids) }), (f) => f.id);
  }

  caseOfFire(ctx: RequestContext): DataLoader<string, InvestigationCase | undefined> {
    return rowLoader(ctx, 'ins.caseOfFire', (ids) => this.dataSource.getRepository(InvestigationCase).findBy({ fireId: In(ids) }), (c) => c.fireId);
  }

  async fires(ctx: RequestContext, page: PageArgs, filter: { regionId?: string; from?: string; to?: string; level?: FireLevel; updatedSince?: Date }): Promise<ConnectionValue<FireIncident>> {
    const qb = await regionalList(this.dataSource.getRepository(FireIncident).createQueryBuilder('f'), ctx, this.organizations, filter.regionId);
    if (filter.from) qb.andWhere(`f.occurred_at >= CAST(:from AS date)::timestamp AT TIME ZONE 'Asia/Shanghai'`, { from: filter.from });
    if (filter.to) qb.andWhere(`f.occurred_at < (CAST(:to AS date) + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`, { to: filter.to });
    if (filter.level) qb.andWhere('f.level = :level', { level: filter.level });
    whereUpdatedSince(qb, 'f.updated_at', filter.updatedSince, this.clock.now());
    return paginate(qb, page, FIRE_ORDER, { descending: true });
  }

  /** INS-4, INS-6: the fire with its level (policy of its day); any death or a 较大+ level opens an investigation in the same transaction. */
  async record(ctx: RequestContext, input: RecordFireInput): Promise<{ fire: FireIncident; investigation: InvestigationCase | null }> {
    time.assertTimeRules([time.fireTime(input.occurredAt, this.clock.now(), await this.policies.on(this.clock.today()))]);
    if (input.seriousInjuries > input.injuries) throw BadUserInputError.field('input.seriousInjuries', '重伤人数不能多于受伤人数');
    const { regionId, premisesId } = await this.premises.placeOf(ctx, input);
    const day = shanghaiDate(input.occurredAt);
    const result = await this.tx.run(async (m) => {
      const policy = await this.policies.on(day, m);
      const level = fireLevel({ deaths: input.deaths, seriousInjuries: input.seriousInjuries, directLossYuan: input.directLossYuan }, policy.fireLevelThresholds);
      const repo = m.getRepository(FireIncident);
      const fire = await repo.save(repo.create({
        id: randomUUID(), regionId, premisesId, occurredAt: input.occurredAt, place: input.place.trim(), cause: input.cause, deaths: input.deaths,
        injuries: input.injuries, seriousInjuries: input.seriousInjuries, directLossYuan: round2(input.directLossYuan), burnedArea: input.burnedArea != null ? round2(input.burnedArea) : null,
        level, policyVersion: policy.version, recordedBy: ctx.actor.label,
      }));
      // INS-6: 亡人火灾 or 较大及以上 opens 火灾延伸调查 (一案三查)
      const reasons = investigationReasons(input.deaths, level, { minDeaths: policy.investigationMinDeaths, minLevel: policy.investigationMinLevel });
      const investigation = reasons.length ? await this.openCase(m, fire, reasons) : null;
      await this.outbox.emit(m, {
        type: 'fire.recorded', regionId: fire.regionId, subjectId: fire.id, payload: {
          premisesId: globalRef('Premises', fire.premisesId), occurredAt: fire.occurredAt.toISOString(), level: fire.level, cause: fire.cause, deaths: fire.deaths,
          injuries: fire.injuries, seriousInjuries: fire.seriousInjuries, directLossYuan: fire.directLossYuan, investigationId: globalRef('Investigation', investigation?.id),
        },
      });
      if (premisesId) await this.premises.logEvent(m, ctx, premisesId, 'FIRE', `发生火灾（${FIRE_LEVEL_LABELS[level]}，死亡 ${input.deaths} 人，受伤 ${input.injuries} 人）${investigation ? '，启动延伸调查' : ''}`, { type: 'FireIncident', id: fire.id }, fire.occurredAt);
      return { fire, investigation };
    });
    ctx.auditTarget('FireIncident', result.fire.id, { after: { level: result.fire.level, deaths: result.fire.deaths, investigationId: result.investigation?.id ?? null } });
    return result;
  }

  /**
   * Corrects a fire's record (INS-4): a guarded update of the version read, each changed field kept with the reason
   * (record_correction), the level computed again by the fire-level rule with the policy of the (corrected) day.
   * INS-6: a correction that makes it a fatal or 较大+ fire opens the extended investigation; an investigation
   * already opened stays open (closing it is the investigation's own decision).
   */
  async correct(ctx: RequestContext, input: CorrectFireInput): Promise<FireIncident> {
    const reason = correctionReason(input.reason);
    const found = await this.dataSource.getRepository(FireIncident).findOneBy({ id: fromGlobalId(input.fireId, 'FireIncident', 'input.fireId') });
    if (!found) throw new NotFoundError('火灾');
    await assertRegionReaches(ctx, this.organizations, found.regionId, '火灾');
    // the same window as a new record (T-INS-5): not in the future, not before the late-record window
    if (input.occurredAt) time.assertTimeRules([time.fireTime(input.occurredAt, this.clock.now(), await this.policies.on(this.clock.today()))]);
    if (input.place !== undefined && input.place !== null && !input.place.trim()) throw BadUserInputError.field('input.place', '不能为空');
    ctx.auditTarget('FireIncident', found.id, { before: { version: found.version, level: found.level } });
    const saved = await this.tx.run(async (m) => {
      const current = await m.getRepository(FireIncident).findOneByOrFail({ id: found.id });
      const wanted: Partial<FireIncident> = {
        occurredAt: input.occurredAt ?? undefined, place: input.place?.trim() ?? undefined, cause: input.cause ?? undefined, deaths: input.deaths ?? undefined,
        injuries: input.injuries ?? undefined, seriousInjuries: input.seriousInjuries ?? undefined,
        directLossYuan: input.directLossYuan === undefined || input.directLossYuan === null ? undefined : round2(input.directLossYuan),
        burnedArea: input.burnedArea != null ? round2(input.burnedArea) : undefined,
      };
      const next = { ...current, ...Object.fromEntries(Object.entries(wanted).filter(([, v]) => v !== undefined)) } as FireIncident;
      if (next.seriousInjuries > next.injuries) throw BadUserInputError.field('input.seriousInjuries', `重伤人数（${next.seriousInjuries}）不能多于受伤人数（${next.injuries}）`);
      // the level by the fire-level rule, with the policy of the fire's (corrected) Beijing day
      const policy = await this.policies.on(shanghaiDate(next.occurredAt), m);
      const level = fireLevel({ deaths: next.deaths, seriousInjuries: next.seriousInjuries, directLossYuan: next.directLossYuan }, policy.fireLevelThresholds);
      const changes = changedFields(current as unknown as Record<string, unknown>, { ...wanted, level, policyVersion: policy.version } as Record<string, unknown>);
      if (changes.every((c) => c.field === 'level' || c.field === 'policyVersion')) throw BadUserInputError.field('input', '没有要更正的内容（所填各项与现有记录相同）');
      const fire = await updateVersioned(m, FireIncident, current, input.expectedVersion, Object.fromEntries(changes.map((c) => [c.field, (wanted as Record<string, unknown>)[c.field] ?? c.newValue])) as Partial<FireIncident>);
      await this.corrections.record(m, ctx, CorrectedRecord.FIRE_INCIDENT, fire.id, changes, reason);
      // INS-6: 亡人火灾 or 较大及以上 opens 火灾延伸调查, whether recorded so or corrected to it
      const reasons = investigationReasons(fire.deaths, level, { minDeaths: policy.investigationMinDeaths, minLevel: policy.investigationMinLevel });
      const existing = await m.getRepository(InvestigationCase).findOneBy({ fireId: fire.id });
      const investigation = existing ?? (reasons.length ? await this.openCase(m, fire, reasons) : null);
      // INS-4: readers of fire.recorded learn the corrected level and counts (after the investigation it may open, as on record)
      await this.outbox.emit(m, {
        type: 'fire.corrected', regionId: fire.regionId, subjectId: fire.id, payload: {
          premisesId: globalRef('Premises', fire.premisesId), occurredAt: fire.occurredAt.toISOString(), level: fire.level, previousLevel: current.level, cause: fire.cause,
          deaths: fire.deaths, injuries: fire.injuries, seriousInjuries: fire.seriousInjuries, directLossYuan: Number(fire.directLossYuan),
          investigationId: globalRef('Investigation', investigation?.id), changedFields: changes.map((c) => c.field).filter((f) => f !== 'policyVersion'),
        },
      });
      if (fire.premisesId) await this.premises.logEvent(m, ctx, fire.premisesId, 'FIRE', `更正火灾记录（${changes.map((c) => c.field).join('、')}；原因：${reason}）`, { type: 'FireIncident', id: fire.id });
      return fire;
    });
    ctx.auditTarget('FireIncident', saved.id, { before: { version: found.version, level: found.level }, after: { version: saved.version, level: saved.level, reason } });
    return saved;
  }

  private async openCase(m: EntityManager, fire: FireIncident, reasons: string[]): Promise<InvestigationCase> {
    const repo = m.getRepository(InvestigationCase);
    const row = await repo.save(repo.create({
      id: randomUUID(), fireId: fire.id, regionId: fire.regionId, reasons, status: InvestigationStatus.OPEN, openedAt: this.clock.now(),
      causeFindings: null, lessons: null, responsibilityFindings: null, responsibleParties: [], accountabilityOutcomes: [], closedAt: null, closedBy: null,
    }));
    // INS-6: opened on record or by a correction that makes the fire fatal or 较大+ (reasons are codes, not text)
    await this.outbox.emit(m, {
      type: 'investigation.opened', regionId: row.regionId, subjectId: row.id,
      payload: { fireId: globalRef('FireIncident', fire.id)!, fireLevel: fire.level, deaths: fire.deaths, reasons: [...row.reasons], openedAt: row.openedAt.toISOString() },
    });
    return row;
  }

  // ---------- investigations ----------

  async investigations(ctx: RequestContext, page: PageArgs, filter: { regionId?: string; status?: InvestigationStatus }): Promise<ConnectionValue<InvestigationCase>> {
    const qb = await regionalList(this.dataSource.getRepository(InvestigationCase).createQueryBuilder('c'), ctx, this.organizations, filter.regionId);
    if (filter.status) qb.andWhere('c.status = :status', { status: filter.status });
    return paginate(qb, page, CASE_ORDER, { descending: true });
  }

  private async investigation(ctx: RequestContext, globalId: string): Promise<InvestigationCase> {
    const found = await this.dataSource.getRepository(InvestigationCase).findOneBy({ id: fromGlobalId(globalId, 'Investigation', 'input.investigationId') });
    if (!found) throw new NotFoundError('延伸调查');
    await assertRegionReaches(ctx, this.organizations, found.regionId, '延伸调查');
    return found;
  }

  async updateInvestigation(ctx: RequestContext, input: {
    investigationId: string; expectedVersion?: number | null; causeFindings?: string | null; lessons?: string | null; responsibilityFindings?: string | null;
    responsibleParties?: ResponsibleParty[] | null; accountabilityOutcomes?: AccountabilityOutcome[] | null;
  }): Promise<InvestigationCase> {
    const found = await this.investigation(ctx, input.investigationId);
    if (input.accountabilityOutcomes?.length) {
      const fire = await this.dataSource.getRepository(FireIncident).findOneByOrFail({ id: found.fireId });
      const today = this.clock.today();
      time.assertTimeRules(input.accountabilityOutcomes.map((o, i) => time.outcomeDecisionDate(o.decidedOn, fire.occurredAt, today, `input.accountabilityOutcomes[${i}].decidedOn`)));
    }
    const saved = await this.tx.run(async (m) => {
      const current = await m.getRepository(InvestigationCase).findOneByOrFail({ id: found.id });
      if (current.status === InvestigationStatus.CLOSED) throw new ConflictError('延伸调查已结案');
      const changes: Partial<InvestigationCase> = {
        ...(text(input.causeFindings) ? { causeFindings: text(input.causeFindings) } : {}),
        ...(text(input.lessons) ? { lessons: text(input.lessons) } : {}),
        ...(text(input.responsibilityFindings) ? { responsibilityFindings: text(input.responsibilityFindings) } : {}),
        ...(input.responsibleParties ? { responsibleParties: input.responsibleParties.map((p) => ({ name: p.name.trim(), organization: p.organization.trim(), responsibility: p.responsibility.trim() })) } : {}),
        ...(input.accountabilityOutcomes ? { accountabilityOutcomes: input.accountabilityOutcomes.map((o) => ({ party: o.party.trim(), outcome: o.outcome.trim(), decidedOn: o.decidedOn })) } : {}),
      };
      if (Object.keys(changes).length === 0) throw BadUserInputError.field('input', '没有要修改的内容');
      return updateVersioned(m, InvestigationCase, current, input.expectedVersion ?? undefined, changes);
    });
    ctx.auditTarget('Investigation', saved.id, { after: { version: saved.version } });
    return saved;
  }

  /** 一案三查: a case closes only with its cause, lessons and responsibility findings recorded. */
  async closeInvestigation(ctx: RequestContext, input: { investigationId: string; expectedVersion?: number | null }): Promise<InvestigationCase> {
    const found = await this.investigation(ctx, input.investigationId);
    const saved = await this.tx.run(async (m) => {
      const current = await m.getRepository(InvestigationCase).findOneByOrFail({ id: found.id });
      if (current.status === InvestigationStatus.CLOSED) throw new ConflictError('延伸调查已结案');
      const missing = [['causeFindings', '原因调查'], ['lessons', '教训总结'], ['responsibilityFindings', '责任调查']].filter(([k]) => !current[k as keyof InvestigationCase]).map(([, l]) => l);
      if (missing.length) throw new ConflictError(`一案三查未完成：缺少${missing.join('、')}结论`, { missing });
      return updateVersioned(m, InvestigationCase, current, input.expectedVersion ?? undefined, { status: InvestigationStatus.CLOSED, closedAt: this.clock.now(), closedBy: ctx.actor.label });
    });
    ctx.auditTarget('Investigation', saved.id, { before: { status: 'OPEN' }, after: { status: saved.status } });
    return saved;
  }

  // ---------- the fire situation ----------

  /**
   * INS-4: the figures of a region for a month, quarter or year, per township, with the previous period (环比) and
   * the same period last year (同比). Definitions (docs/api.md): fires by their Beijing day; hazards found in the
   * period; rectified = of those, closed by the period's end; overdue = hazards whose deadline fell in the period
   * (and has passed) and that were not closed by it; inspections done in the period. Hand-overs to the brigade
   * (domain defaults: stations have no enforcement power; INS-2): made, accepted and concluded in the period by
   * those timestamps' Beijing days; overdue = cases whose accept or outcome day fell in the period (and has passed)
   * and that missed it, counted as hazardsOverdue counts deadlines.
   */
  async situation(ctx: RequestContext, regionId: string, period: Period, options: { sameDays?: boolean } = {}): Promise<FireSituation> {
    const problem = periodProblem(period);
    if (problem) throw BadUserInputError.field('period', problem);
    const region = await this.organizations.region(ctx, regionId, 'regionId');
    assertReaches(ctx, region.path);
    const prev = previousPeriod(period);
    const last = samePeriodLastYear(period);
    const today = this.clock.today();
    const ranges = sameDaysRanges([period, prev, last].map(periodRange), today, options.sameDays === true);
    const [cur, p, l] = await this.figures(region, ranges);
    const townships: { id: string; name: string }[] = region.level === RegionLevel.TOWNSHIP
      ? [{ id: region.id, name: region.name }]
      : await this.dataSource.query(`SELECT id, name FROM region WHERE level = 'TOWNSHIP' AND path LIKE $1 ORDER BY sort_order, name`, [`${region.path}%`]);
    const rowOf = (id: string | null, name: string): SituationRow => ({
      townshipId: id, townshipName: name, current: cur.get(id) ?? blank(), previous: p.get(id) ?? blank(), lastYear: l.get(id) ?? blank(),
    });
    const rows = townships.map((t) => rowOf(t.id, t.name));
    // records seated at the county itself (member units, county-level premises) form their own row
    if (region.level !== RegionLevel.TOWNSHIP && [cur, p, l].some((f) => f.has(null))) rows.push(rowOf(null, '县直'));
    return {
      region, period, label: periodLabel(period), range: ranges[0], previousRange: ranges[1], lastYearRange: ranges[2], sameDays: options.sameDays === true && inProgress(periodRange(period), today),
      total: { townshipId: region.level === RegionLevel.TOWNSHIP ? region.id : null, townshipName: region.name, current: sum(cur), previous: sum(p), lastYear: sum(l) },
      townships: rows,
    };
  }

  /**
   * INS-4: the figures of `count` consecutive months ending with `lastMonth`, each as `situation` computes that
   * month (the same statement, every month in one pass), for the region as a whole and per township (records
   * seated above any township: a 县直 row, present when any month has one). The current month runs to today.
   * The jurisdiction is checked as `situation` does.
   */
  async monthlySeries(ctx: RequestContext, regionId: string, lastMonth: Period, count: number): Promise<MonthlySeries> {
    if (lastMonth.kind !== PeriodKind.MONTH) throw BadUserInputError.field('period', '须为月份');
    const problem = periodProblem(lastMonth);
    if (problem) throw BadUserInputError.field('period', problem);
    if (!Number.isInteger(count) || count < 1 || count > 36) throw new Error(`monthlySeries: count ${count} out of 1..36`);
    const region = await this.organizations.region(ctx, regionId, 'regionId');
    assertReaches(ctx, region.path);
    const periods: Period[] = [lastMonth];
    while (periods.length < count) periods.unshift(previousPeriod(periods[0]));
    const figures = await this.figures(region, periods.map(periodRange));
    const townships: { id: string; name: string }[] = region.level === RegionLevel.TOWNSHIP
      ? [{ id: region.id, name: region.name }]
      : await this.dataSource.query(`SELECT id, name FROM region WHERE level = 'TOWNSHIP' AND path LIKE $1 ORDER BY sort_order, name`, [`${region.path}%`]);
    const seated = region.level !== RegionLevel.TOWNSHIP && figures.some((f) => f.has(null));
    const rows = [...townships.map((t) => ({ id: t.id as string | null, name: t.name })), ...(seated ? [{ id: null, name: '县直' }] : [])];
    return {
      region,
      months: periods.map((period, i) => ({
        period, label: periodLabel(period), range: periodRange(period), total: sum(figures[i]),
        townships: rows.map((r) => ({ townshipId: r.id, townshipName: r.name, figures: figures[i].get(r.id) ?? blank() })),
      })),
    };
  }

  /**
   * The figures of several periods per township of the region (null: records above any township): one grouped
   * statement per source (fires, hazards found, hazards overdue, inspections, hand-overs) covering every distinct period at once,
   * run side by side. A record's township is its region (a township) or its region's parent (a village: regions nest
   * strictly, CHILD_LEVEL). For a county or a township, each source is read region by region through its
   * (region_id, date) index — the planner, counting ten thousand regions of which few hold rows, would otherwise
   * scan the whole province's table; above a county most regions hold rows and a plain join is the better plan.
   */
  private async figures(region: Region, ranges: PeriodRange[]): Promise<Map<string | null, SituationFigures>[]> {
    const today = this.clock.today();
    // a year's previous period is also its same period last year: compute each distinct range once
    const distinct = [...new Map(ranges.map((r) => [`${r.start}/${r.end}`, r])).values()];
    const params: unknown[] = [`${region.path}%`, today, distinct.reduce((m, r) => (r.start < m ? r.start : m), distinct[0].start),
      distinct.reduce((m, r) => (r.end > m ? r.end : m), distinct[0].end)];
    const periods = distinct.map((r, k) => {
      params.push(r.start, r.end, r.end < today ? r.end : today);
      return `(${k}, $${params.length - 2}::date, $${params.length - 1}::date, $${params.length}::date)`;
    }).join(', ');
    // every statement declares all parameters' types in its head, used or not
    const head = `WITH p(k, s, e, as_of) AS (VALUES ${periods}), t AS (SELECT $2::date AS today, $3::date AS lo, $4::date AS hi),
      scope AS (SELECT id, CASE level WHEN 'TOWNSHIP' THEN id WHEN 'VILLAGE' THEN parent_id END AS township FROM region WHERE path LIKE $1)`;
    const perRegion = region.level === RegionLevel.COUNTY || region.level === RegionLevel.TOWNSHIP || region.level === RegionLevel.VILLAGE;
    /** `inRange(from, to)`: the source's date condition; `where`: further conditions on the row. */
    const grouped = (select: string, table: string, alias: string, inRange: (from: string, to: string) => string, where = 'true') => {
      const rows = perRegion
        ? `scope s CROSS JOIN LATERAL (SELECT * FROM ${table} ${alias} WHERE ${alias}.region_id = s.id AND ${inRange('(SELECT lo FROM t)', '(SELECT hi FROM t)')} AND ${where}) ${alias}`
        : `${table} ${alias} JOIN scope s ON s.id = ${alias}.region_id`;
      return this.dataSource.query(
        `${head} SELECT s.township, p.k, ${select} FROM ${rows} JOIN p ON ${inRange('p.s', 'p.e')} WHERE ${where} GROUP BY s.township, p.k`,
        params,
      ) as Promise<Record<string, unknown>[]>;
    };
    const results = await Promise.all([
      grouped(
        `count(*)::int AS incidents, sum(f.deaths)::int AS deaths, sum(f.injuries)::int AS injuries, sum(f.direct_loss_yuan)::float8 AS "directLossYuan"`,
        'fire_incident', 'f', (from, to) => onBeijingDates('f.occurred_at', from, to),
      ),
      grouped(
        `count(*)::int AS "hazardsFound", count(*) FILTER (WHERE h.closed_at IS NOT NULL AND (h.closed_at AT TIME ZONE 'Asia/Shanghai')::date <= p.as_of)::int AS "hazardsRectified"`,
        'hazard', 'h', (from, to) => `h.found_on BETWEEN ${from} AND ${to}`,
      ),
      grouped(
        `count(*)::int AS "hazardsOverdue"`,
        'hazard', 'h', (from, to) => `h.deadline BETWEEN ${from} AND ${to}`,
        HAZARD_DEADLINE_MISSED.sql('h', '(SELECT today FROM t)'),
      ),
      grouped(`count(*)::int AS inspections`, 'inspection', 'i', (from, to) => `i.inspected_on BETWEEN ${from} AND ${to}`),
      // hand-overs (domain defaults; INS-2): one statement, a case joining each period in which any of its five days
      // falls, each figure its own FILTER. Missed a due day (HAND_OVER_DAY_MISSED) = handOverOverdue says so on the day
      // after it, with the case as it stood at the end of that day: neither accepted nor returned by the accept day
      // (PENDING), or accepted and no outcome by the outcome day (ACCEPTED). As hazardsOverdue: counted in the period
      // of the due day once that day has passed (a case missing both days in one period counts once).
      grouped(
        `count(*) FILTER (WHERE ${beijingDay('ho.handed_over_at')} BETWEEN p.s AND p.e)::int AS "handOvers",
         count(*) FILTER (WHERE ${beijingDay('ho.accepted_at')} BETWEEN p.s AND p.e)::int AS "handOversAccepted",
         count(*) FILTER (WHERE ${beijingDay('ho.concluded_at')} BETWEEN p.s AND p.e)::int AS "handOversConcluded",
         count(*) FILTER (WHERE (ho.accept_due_by BETWEEN p.s AND p.e AND ${HAND_OVER_DAY_MISSED.legSql('ACCEPT', 'ho', '(SELECT today FROM t)')})
           OR (ho.outcome_due_by BETWEEN p.s AND p.e AND ${HAND_OVER_DAY_MISSED.legSql('OUTCOME', 'ho', '(SELECT today FROM t)')}))::int AS "handOversOverdue"`,
        'hand_over', 'ho', (from, to) => `(${onBeijingDates('ho.handed_over_at', from, to)} OR ${onBeijingDates('ho.accepted_at', from, to)}
          OR ${onBeijingDates('ho.concluded_at', from, to)} OR ho.accept_due_by BETWEEN ${from} AND ${to} OR ho.outcome_due_by BETWEEN ${from} AND ${to})`,
      ),
    ]);
    const computed = distinct.map(() => new Map<string | null, Omit<SituationFigures, 'rectificationRate'>>());
    for (const row of results.flat()) {
      const byTownship = computed[row.k as number];
      const key = (row.township as string | null) ?? null;
      const f = byTownship.get(key) ?? { ...ZERO };
      for (const [k, v] of Object.entries(row)) if (k !== 'township' && k !== 'k') (f as Record<string, number>)[k] += Number(v);
      byTownship.set(key, f);
    }
    const byRange = new Map(distinct.map((r, k) => [`${r.start}/${r.end}`, new Map([...computed[k]].map(([t, f]) => [t, withRate(f)]))]));
    return ranges.map((r) => byRange.get(`${r.start}/${r.end}`)!);
  }
}

/** A period that has begun and whose last day is today or later (its figures run to today). */
export const inProgress = (r: PeriodRange, today: string): boolean => r.start <= today && today <= r.end;

/**
 * INS-4, like for like: a period in progress today (start ≤ today ≤ end) runs to today, and each base (previous
 * period, same period last year) to the same calendar point from its own first day — as many whole months on, then
 * the same day of the month, capped at that month's last day and at the base's end: the 6th of December against
 * 1–6 November and 1–6 December last year; the 31st of March against the whole of February (a month), the whole
 * of October to December (a quarter) and 1 January to 31 March last year. Periods start on a month's first day.
 * Ranges are returned unchanged when `sameDays` is off or the period is over (or not begun).
 */
export function sameDaysRanges(ranges: PeriodRange[], today: string, sameDays: boolean): PeriodRange[] {
  const [current, ...bases] = ranges;
  if (!sameDays || !inProgress(current, today)) return ranges;
  const [cy, cm] = current.start.split('-').map(Number);
  const [ty, tm, td] = today.split('-').map(Number);
  const months = (ty - cy) * 12 + (tm - cm);
  return [{ start: current.start, end: today }, ...bases.map((b) => {
    const [by, bm] = b.start.split('-').map(Number);
    const index = by * 12 + (bm - 1) + months;
    const year = Math.floor(index / 12);
    const month = (index % 12) + 1;
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const end = `${year}-${String(month).padStart(2, '0')}-${String(Math.min(td, last)).padStart(2, '0')}`;
    return { start: b.start, end: end < b.end ? end : b.end };
  })];
}

function withRate(f: Omit<SituationFigures, 'rectificationRate'>): SituationFigures {
  return { ...f, directLossYuan: round2(f.directLossYuan), rectificationRate: f.hazardsFound === 0 ? null : round2((f.hazardsRectified / f.hazardsFound) * 100) };
}
function blank(): SituationFigures {
  return withRate({ ...ZERO });
}
function sum(m: Map<string | null, SituationFigures>): SituationFigures {
  const total = { ...ZERO };
  for (const f of m.values()) for (const k of Object.keys(ZERO) as (keyof typeof ZERO)[]) total[k] += f[k];
  return withRate(total);
}
