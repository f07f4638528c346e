import { Injectable } from '@nestjs/common';
import { labelOf } from '../common/labels';
import type DataLoader from 'dataloader';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { Clock } from '../common/clock';
import { staleVersion, TransactionRunner, updateBumpingVersion, updateVersioned } from '../database/transaction';
import { childPages } from '../graphql/child-pages';
import { ConnectionValue, OrderKey, PageArgs, paginate } from '../graphql/connection';
import { BadUserInputError, ConflictError, NotFoundError } from '../kernel/errors';
import { fromGlobalId } from '../graphql/global-id';
import { rowLoader } from '../graphql/loaders';
import type { RequestContext } from '../kernel/request-context';
import { OrganizationService } from '../organization/organization.service';
import { handOverOverdueSql } from './hand-over-rules';
import { HandOverState, HazardStatus, MajorHazardStatus, RISK_LEVEL_LABELS, RiskLevel, WarningLevel, WarningRuleKind, WarningStatus } from './inspections.enums';
import { PremisesService } from './premises.service';
import { assertRegionReaches, regionalList } from '../auth/work-scope';
import { townshipsOf } from '../organization/townships';
import { RiskObservation, RiskPoint } from './risk-point.entity';
import { Warning, WarningRule } from './warning.entity';
import { EVENT_RAISED_KINDS, evaluateWarnings, planWarnings, WarningFacts } from './warning.rules';
import { TaskStatus } from '../committees/committees.enums';
import { taskOverdueSql } from '../committees/tasks/task-lifecycle';
import { EventOutbox } from '../integration/event-outbox';
import { globalRef, WarningPayload } from '../integration/event-payloads';
import type { IdKind } from '../graphql/global-id';
import { OverdueAnnouncer } from './overdue.announcer';

/** One evaluation at a time across every instance: a transaction-scoped PostgreSQL advisory lock. */
export const WARNING_LOCK_KEY = 5_170_301;

export interface EvaluationResult {
  /** false: another instance was evaluating; this one did nothing. */
  ran: boolean;
  raised: number;
  escalated: number;
  lowered: number;
  resolved: number;
  active: number;
}

/** The record a warning is about, by its subject type (warning.rules.ts). */
const ABOUT_KINDS: Record<string, IdKind> = {
  HAZARD: 'Hazard', TASK: 'Task', COMPLAINT: 'Complaint', RISK_POINT: 'RiskPoint', TOWNSHIP_OVERDUE: 'Region', TOWNSHIP_FATAL_FIRE: 'Region',
  WEBHOOK: 'Webhook', HAND_OVER: 'HandOver',
};

/** A warning's event payload: its rule, level and what it is about (never its message, which names people and places). */
function warningPayload(w: { ruleCode: string; level: WarningLevel; subjectType: string; subjectId: string }): WarningPayload {
  return { ruleCode: w.ruleCode, level: w.level, aboutType: w.subjectType, aboutId: globalRef(ABOUT_KINDS[w.subjectType] ?? 'Region', w.subjectId)! };
}

/** A warning resolved by a statement, as RETURNING gives it. */
interface ResolvedRow { id: string; region_id: string; rule_code: string; level: WarningLevel; subject_type: string; subject_id: string }

/** Lowest first. */
const RISK_LEVELS = [RiskLevel.LOW, RiskLevel.GENERAL, RiskLevel.SIGNIFICANT, RiskLevel.MAJOR];
const WARNING_ORDER: OrderKey<Warning>[] = [
  { expr: 'w.raised_at', type: 'timestamp' },
  { expr: 'w.id', type: 'uuid', value: (w) => w.id },
];
const RISK_ORDER: OrderKey<RiskPoint>[] = [
  { expr: 'rp.name', type: 'text', value: (r) => r.name },
  { expr: 'rp.id', type: 'uuid', value: (r) => r.id },
];
// over ix_risk_observation_point (risk_point_id, observed_at); the id orders two notes of the same instant
const OBSERVATION_ORDER: OrderKey<RiskObservation>[] = [
  { expr: 'o.observed_at', type: 'timestamp' },
  { expr: 'o.id', type: 'uuid', value: (o) => o.id },
];
const RULE_PARAMS: Record<WarningRuleKind, string[]> = {
  HAZARD_DUE_SOON: ['withinDays'], HAZARD_OVERDUE: ['minDaysOverdue'], MAJOR_HAZARD_OVERDUE: ['minDaysOverdue'], TOWNSHIP_OVERDUE_COUNT: ['minCount'],
  FATAL_FIRE_RECENT: ['withinDays'], COMPLAINT_CHECK_DUE: ['hoursBefore'], RISK_POINT_LEVEL: [], TASK_OVERDUE: ['minDaysOverdue'],
  WEBHOOK_DISABLED: [], HAND_OVER_PENDING: [], HAND_OVER_OVERDUE: ['minDaysOverdue'],
};

/** Risk points and their monitoring, early warnings (INS-3): evaluation, acknowledgement, rules. */
@Injectable()
export class WarningService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly organizations: OrganizationService,
    private readonly premises: PremisesService,
    private readonly outbox: EventOutbox,
    private readonly overdue: OverdueAnnouncer,
  ) {}

  // ---------- risk points ----------

  riskPointById(ctx: RequestContext): DataLoader<string, RiskPoint | undefined> {
    return rowLoader(ctx, 'ins.riskPointById', (ids) => this.dataSource.getRepository(RiskPoint).findBy({ id: In(ids) }), (r) => r.id);
  }

  /** RiskPoint.observations, a page per risk point, oldest first (monitoring goes on for years: INS-3). */
  observationsOf(ctx: RequestContext, page: PageArgs): DataLoader<string, ConnectionValue<RiskObservation>> {
    return childPages(ctx, this.dataSource, {
      name: 'ins.riskObservations', entity: RiskObservation, alias: 'o', parent: 'o.risk_point_id', parentOf: (o) => o.riskPointId,
      order: OBSERVATION_ORDER,
    }, page);
  }

  async riskPoints(ctx: RequestContext, page: PageArgs, filter: { regionId?: string; level?: RiskLevel }): Promise<ConnectionValue<RiskPoint>> {
    const qb = await regionalList(this.dataSource.getRepository(RiskPoint).createQueryBuilder('rp'), ctx, this.organizations, filter.regionId);
    if (filter.level) qb.andWhere('rp.level = :level', { level: filter.level });
    return paginate(qb, page, RISK_ORDER);
  }

  async createRiskPoint(ctx: RequestContext, input: { regionId?: string | null; premisesId?: string | null; name: string; description: string; level: RiskLevel }): Promise<RiskPoint> {
    const { regionId, premisesId } = await this.premises.placeOf(ctx, input);
    const saved = await this.tx.run(async (m) => {
      const repo = m.getRepository(RiskPoint);
      const row = await repo.save(repo.create({ id: randomUUID(), regionId, premisesId, name: input.name.trim(), description: input.description.trim(), level: input.level, createdBy: ctx.actor.label }));
      if (premisesId) await this.premises.logEvent(m, ctx, premisesId, 'RISK_POINT', `登记风险点：${row.name}（${RISK_LEVEL_LABELS[row.level]}）`, { type: 'RiskPoint', id: row.id });
      return row;
    });
    ctx.auditTarget('RiskPoint', saved.id, { after: { name: saved.name, level: saved.level } });
    return saved;
  }

  /** A monitoring note; a new level changes the point's level (the history keeps every note and level). */
  async observe(ctx: RequestContext, input: { riskPointId: string; note: string; level?: RiskLevel | null; expectedVersion?: number | null }): Promise<RiskPoint> {
    const found = await this.riskPointById(ctx).load(fromGlobalId(input.riskPointId, 'RiskPoint', 'input.riskPointId'));
    if (!found) throw new NotFoundError('风险点');
    await assertRegionReaches(ctx, this.organizations, found.regionId, '风险点');
    const saved = await this.tx.run(async (m) => {
      const current = await m.getRepository(RiskPoint).findOneByOrFail({ id: found.id });
      const changed = input.level && input.level !== current.level ? input.level : null;
      await m.getRepository(RiskObservation).insert({ id: randomUUID(), riskPointId: current.id, observedAt: this.clock.now(), note: input.note.trim(), level: changed, observedBy: ctx.actor.label });
      return updateVersioned(m, RiskPoint, current, input.expectedVersion ?? undefined, changed ? { level: changed } : {});
    });
    ctx.auditTarget('RiskPoint', saved.id, { before: { level: found.level }, after: { level: saved.level } });
    return saved;
  }

  // ---------- warnings ----------

  async warnings(ctx: RequestContext, page: PageArgs, filter: { regionId?: string; status?: WarningStatus; level?: WarningLevel; acknowledged?: boolean }): Promise<ConnectionValue<Warning>> {
    const qb = await regionalList(this.dataSource.getRepository(Warning).createQueryBuilder('w'), ctx, this.organizations, filter.regionId);
    if (filter.status) qb.andWhere('w.status = :status', { status: filter.status });
    if (filter.level) qb.andWhere('w.level = :level', { level: filter.level });
    if (filter.acknowledged === true) qb.andWhere('w.acknowledged_at IS NOT NULL');
    if (filter.acknowledged === false) qb.andWhere('w.acknowledged_at IS NULL');
    return paginate(qb, page, WARNING_ORDER, { descending: true });
  }

  rules(): Promise<WarningRule[]> {
    return this.dataSource.getRepository(WarningRule).find({ order: { code: 'ASC' } });
  }

  async updateRule(ctx: RequestContext, input: { code: string; level?: WarningLevel | null; enabled?: boolean | null; params?: Record<string, number> | null; expectedVersion?: number | null }): Promise<WarningRule> {
    const saved = await this.tx.run(async (m) => {
      const current = await m.getRepository(WarningRule).findOneBy({ code: input.code });
      if (!current) throw new NotFoundError('预警规则');
      if (input.params) {
        for (const [k, v] of Object.entries(input.params)) {
          if (!RULE_PARAMS[current.kind].includes(k)) throw BadUserInputError.field(`input.params.${k}`, `该规则的参数只有 ${RULE_PARAMS[current.kind].join('、') || '（无）'}`);
          if (!Number.isInteger(v) || v < 0 || v > 3650) throw BadUserInputError.field(`input.params.${k}`, '须为 0 至 3650 的整数');
        }
      }
      const affected = await updateBumpingVersion(m, WarningRule, 'code = :code AND version = :version', {
        ...(input.level ? { level: input.level } : {}), ...(input.enabled !== undefined && input.enabled !== null ? { enabled: input.enabled } : {}),
        ...(input.params ? { params: { ...current.params, ...input.params } } : {}), updatedBy: ctx.actor.label, updatedAt: () => 'now()',
      }, { code: current.code, version: input.expectedVersion ?? current.version });
      if (affected !== 1) throw await staleVersion(m, WarningRule, { code: current.code }, '预警规则');
      return m.getRepository(WarningRule).findOneByOrFail({ code: current.code });
    });
    ctx.auditTarget('WarningRule', saved.code, { after: { level: saved.level, enabled: saved.enabled, params: saved.params } });
    return saved;
  }

  /** Once per warning; with `expectedVersion` only the version the user saw (an escalation meanwhile answers CONFLICT). */
  async acknowledge(ctx: RequestContext, input: { warningId: string; expectedVersion?: number | null }): Promise<Warning> {
    const id = fromGlobalId(input.warningId, 'Warning', 'input.warningId');
    const found = await this.dataSource.getRepository(Warning).findOneBy({ id });
    if (!found) throw new NotFoundError('预警');
    await assertRegionReaches(ctx, this.organizations, found.regionId, '预警');
    const saved = await this.tx.run(async (m) => {
      const affected = await updateBumpingVersion(m, Warning, `id = :id AND status = 'ACTIVE' AND acknowledged_at IS NULL${input.expectedVersion ? ' AND version = :version' : ''}`,
        { acknowledgedAt: this.clock.now(), acknowledgedBy: ctx.actor.label }, { id, version: input.expectedVersion });
      if (affected !== 1) {
        const now = await m.getRepository(Warning).findOneByOrFail({ id });
        if (now.status === WarningStatus.RESOLVED) throw new ConflictError('预警已解除');
        if (now.acknowledgedAt) throw new ConflictError('预警已签收');
        throw new ConflictError(`预警已变化（当前版本 ${now.version}，等级“${labelOf(WarningLevel, now.level)}”），请查看后再签收`, { currentVersion: now.version });
      }
      return m.getRepository(Warning).findOneByOrFail({ id });
    });
    ctx.auditTarget('Warning', id, { after: { acknowledgedBy: saved.acknowledgedBy } });
    return saved;
  }

  /**
   * INS-3: evaluates every rule and reconciles the stored warnings in one transaction: raise the new, escalate the
   * worse (acknowledgement cleared: a worse warning must be seen again), lower the better, resolve the gone. Only
   * one evaluation runs at a time across all instances (advisory lock); a second one meanwhile does nothing.
   */
  async evaluate(): Promise<EvaluationResult> {
    return this.tx.run(async (m) => {
      const [{ locked }] = (await m.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [WARNING_LOCK_KEY])) as { locked: boolean }[];
      if (!locked) return { ran: false, raised: 0, escalated: 0, lowered: 0, resolved: 0, active: 0 };
      const now = this.clock.now();
      const today = this.clock.today();
      const rules = await m.getRepository(WarningRule).find();
      const facts = await this.facts(m, rules, today);
      // the warnings an event raised (EVENT_RAISED_KINDS) are not this evaluation's to reconcile: no fact keeps them
      const eventRaised = rules.filter((r) => EVENT_RAISED_KINDS.includes(r.kind)).map((r) => r.code);
      const active = (await m.getRepository(Warning).findBy({ status: WarningStatus.ACTIVE })).filter((w) => !eventRaised.includes(w.ruleCode));
      const plan = planWarnings(active, evaluateWarnings(rules.map((r) => ({ ...r })), facts, now, today));
      // the deadline days that ended before this evaluation are announced first (hazard.overdue, task.overdue)
      await this.overdue.announce(m);
      const raised = plan.raise.map((d) => ({ ...d, id: randomUUID() }));
      if (raised.length) {
        await m.getRepository(Warning).insert(raised.map((d) => ({
          id: d.id, subjectType: d.subjectType, subjectId: d.subjectId, regionId: d.regionId, ruleCode: d.ruleCode, level: d.level,
          status: WarningStatus.ACTIVE, message: d.message, raisedAt: now, escalatedAt: null, resolvedAt: null, acknowledgedAt: null, acknowledgedBy: null, version: 1,
        })));
      }
      // INS-3: every warning raised, escalated (a higher level) and resolved is announced in this transaction;
      // lowering is not an event of the catalogue
      for (const d of raised) {
        await this.outbox.emit(m, { type: 'warning.raised', regionId: d.regionId, subjectId: d.id, payload: warningPayload(d) });
      }
      const byId = new Map(active.map((w) => [w.id, w]));
      for (const e of plan.escalate) {
        await updateBumpingVersion(m, Warning, { id: e.id }, { level: e.to.level, ruleCode: e.to.ruleCode, message: e.to.message, escalatedAt: now, acknowledgedAt: null, acknowledgedBy: null });
        const before = byId.get(e.id)!;
        await this.outbox.emit(m, {
          type: 'warning.escalated', regionId: before.regionId, subjectId: e.id,
          payload: { ...warningPayload({ ...before, ruleCode: e.to.ruleCode, level: e.to.level }), previousLevel: before.level },
        });
      }
      for (const l of plan.lower) {
        await updateBumpingVersion(m, Warning, { id: l.id }, { level: l.to.level, ruleCode: l.to.ruleCode, message: l.to.message });
      }
      if (plan.resolve.length) {
        await updateBumpingVersion(m, Warning, { id: In(plan.resolve) }, { status: WarningStatus.RESOLVED, resolvedAt: now });
        for (const id of plan.resolve) {
          const w = byId.get(id)!;
          await this.outbox.emit(m, { type: 'warning.resolved', regionId: w.regionId, subjectId: id, payload: warningPayload(w) });
        }
      }
      const stale = await this.resolveStaleEventWarnings(m, rules, now);
      const count = await m.getRepository(Warning).countBy({ status: WarningStatus.ACTIVE });
      return { ran: true, raised: plan.raise.length, escalated: plan.escalate.length, lowered: plan.lower.length, resolved: plan.resolve.length + stale, active: count };
    });
  }

  /**
   * A warning an event raises (EVENT_RAISED_KINDS, e.g. the delivery worker disabling a subscription), in the
   * caller's transaction: at most one ACTIVE per subject (an active one is kept as it is); none when the rule is
   * disabled. Returns whether one was raised.
   */
  async raiseOnEvent(m: EntityManager, warning: { ruleCode: string; subjectType: string; subjectId: string; regionId: string; message: string }): Promise<boolean> {
    const rule = await m.getRepository(WarningRule).findOneBy({ code: warning.ruleCode });
    if (!rule?.enabled) return false;
    const rows: { id: string }[] = await m.query(
      `INSERT INTO warning (id, subject_type, subject_id, region_id, rule_code, level, status, message, raised_at, version)
       VALUES ($1, $2, $3, $4, $5, $6, 'ACTIVE', $7, $8, 1)
       ON CONFLICT (subject_type, subject_id) WHERE status = 'ACTIVE' DO NOTHING RETURNING id`,
      [randomUUID(), warning.subjectType, warning.subjectId, warning.regionId, rule.code, rule.level, warning.message, this.clock.now()],
    );
    if (rows.length !== 1) return false;
    // announced as every other warning is (INS-3), in the same transaction
    await this.outbox.emit(m, { type: 'warning.raised', regionId: warning.regionId, subjectId: rows[0].id, payload: warningPayload({ ...warning, ruleCode: rule.code, level: rule.level }) });
    return true;
  }

  /** Resolves the ACTIVE warning an event raised on a subject (a re-enabled subscription), in the caller's transaction. */
  async resolveOnEvent(m: EntityManager, subjectType: string, subjectId: string): Promise<void> {
    const [rows] = (await m.query(
      `UPDATE warning SET status = 'RESOLVED', resolved_at = $3, version = version + 1 WHERE status = 'ACTIVE' AND subject_type = $1 AND subject_id = $2
       RETURNING id, region_id, rule_code, level, subject_type, subject_id`,
      [subjectType, subjectId, this.clock.now()])) as [ResolvedRow[], number];
    await this.announceResolved(m, rows);
  }

  private async announceResolved(m: EntityManager, rows: ResolvedRow[]): Promise<void> {
    for (const w of rows) {
      await this.outbox.emit(m, {
        type: 'warning.resolved', regionId: w.region_id, subjectId: w.id,
        payload: warningPayload({ ruleCode: w.rule_code, level: w.level, subjectType: w.subject_type, subjectId: w.subject_id }),
      });
    }
  }

  /**
   * The periodic check of the warnings events raised: a WEBHOOK_DISABLED warning stays while its subscription is
   * disabled, and is resolved once it is enabled again or deleted, or when its rule is turned off. One statement
   * that reads the subscription as it is now, so a warning the worker commits meanwhile (with its subscription
   * disabled in the same transaction) is never resolved by mistake.
   */
  private async resolveStaleEventWarnings(m: EntityManager, rules: WarningRule[], now: Date): Promise<number> {
    const webhookRules = rules.filter((r) => r.kind === WarningRuleKind.WEBHOOK_DISABLED);
    if (webhookRules.length === 0) return 0;
    // TypeORM answers an UPDATE with [rows, count]
    const [rows, count] = (await m.query(
      `UPDATE warning wa SET status = 'RESOLVED', resolved_at = $3, version = wa.version + 1
       WHERE wa.status = 'ACTIVE' AND wa.rule_code = ANY($1)
         AND (NOT (wa.rule_code = ANY($2)) OR NOT EXISTS (SELECT 1 FROM webhook w WHERE w.id = wa.subject_id AND w.state = 'DISABLED' AND w.deleted_at IS NULL))
       RETURNING wa.id, wa.region_id, wa.rule_code, wa.level, wa.subject_type, wa.subject_id`,
      [webhookRules.map((r) => r.code), webhookRules.filter((r) => r.enabled).map((r) => r.code), now],
    )) as [ResolvedRow[], number];
    await this.announceResolved(m, rows);
    return count;
  }

  /** Only what an enabled rule can match: rectifying hazards due soon or overdue, recent fatal fires, complaints near their clock, risky points, overdue committee tasks. */
  private async facts(m: EntityManager, rules: WarningRule[], today: string): Promise<WarningFacts> {
    const enabled = rules.filter((r) => r.enabled);
    const param = (kinds: WarningRuleKind[], key: string, fallback: number) =>
      Math.max(fallback, ...enabled.filter((r) => kinds.includes(r.kind)).map((r) => Number(r.params[key]) || 0));
    const has = (...kinds: WarningRuleKind[]) => enabled.some((r) => kinds.includes(r.kind));
    const hazards: { id: string; region_id: string; description: string; status: HazardStatus; deadline: string | null; major_status: MajorHazardStatus }[] =
      has(WarningRuleKind.HAZARD_DUE_SOON, WarningRuleKind.HAZARD_OVERDUE, WarningRuleKind.MAJOR_HAZARD_OVERDUE, WarningRuleKind.TOWNSHIP_OVERDUE_COUNT)
        ? await m.query(
          `SELECT id, region_id, description, status, to_char(deadline, 'YYYY-MM-DD') AS deadline, major_status FROM hazard
           WHERE status = 'RECTIFYING' AND deadline <= $1::date + $2::int
             -- paused while with the brigade (INS-2, hand-over): the station cannot act; the case's own clock warns
             AND NOT EXISTS (SELECT 1 FROM hand_over o WHERE o.hazard_id = hazard.id AND o.state IN ('PENDING', 'ACCEPTED'))`,
          [today, param([WarningRuleKind.HAZARD_DUE_SOON], 'withinDays', 0)],
        )
        : [];
    const fireDays = param([WarningRuleKind.FATAL_FIRE_RECENT], 'withinDays', 0);
    const fires: { id: string; region_id: string; occurred_on: string; deaths: number }[] = has(WarningRuleKind.FATAL_FIRE_RECENT)
      ? await m.query(
        `SELECT id, region_id, to_char(occurred_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS occurred_on, deaths FROM fire_incident
         WHERE deaths > 0 AND occurred_at >= ($1::date - $2::int)::timestamp AT TIME ZONE 'Asia/Shanghai'`,
        [today, fireDays],
      )
      : [];
    const complaints: { id: string; region_id: string; check_due_at: Date }[] = has(WarningRuleKind.COMPLAINT_CHECK_DUE)
      ? await m.query(`SELECT id, region_id, check_due_at FROM complaint WHERE checked_at IS NULL AND check_due_at <= $1::timestamptz + make_interval(hours => $2::int)`,
        [this.clock.now(), param([WarningRuleKind.COMPLAINT_CHECK_DUE], 'hoursBefore', 0)])
      : [];
    const riskPoints: { id: string; region_id: string; name: string; level: RiskLevel }[] = has(WarningRuleKind.RISK_POINT_LEVEL)
      ? await m.query(`SELECT id, region_id, name, level FROM risk_point WHERE level = ANY($1)`, [RISK_LEVELS.slice(Math.min(
        ...enabled.filter((r) => r.kind === WarningRuleKind.RISK_POINT_LEVEL).map((r) => Math.max(0, RISK_LEVELS.indexOf((r.params.minLevel as RiskLevel) ?? RiskLevel.MAJOR))),
      ))])
      : [];
    // COM-2: open tasks past their deadline by at least the smallest minDaysOverdue (the SQL form of isTaskOverdue)
    const taskDays = Math.min(...enabled.filter((r) => r.kind === WarningRuleKind.TASK_OVERDUE).map((r) => Number(r.params.minDaysOverdue) || 0));
    const tasks: { id: string; region_id: string; title: string; assignee_name: string; status: TaskStatus; deadline: string; completion_reported_at: Date | null }[] = has(WarningRuleKind.TASK_OVERDUE)
      ? await m.query(
        `SELECT t.id, t.region_id, t.title, o.name AS assignee_name, t.status, to_char(t.deadline, 'YYYY-MM-DD') AS deadline, t.completion_reported_at
         FROM committee_task t JOIN organization o ON o.id = t.assignee_id
         WHERE ${taskOverdueSql('t', '$1::date')} AND t.deadline <= $1::date - $2::int`,
        [today, Math.max(0, taskDays)],
      )
      : [];
    // hand-over cases with the brigade (domain defaults: hand-over): every PENDING one, the ACCEPTED ones past their day
    const handOvers: { id: string; region_id: string; description: string; state: HandOverState; accept_due_by: string; outcome_due_by: string | null }[] =
      has(WarningRuleKind.HAND_OVER_PENDING, WarningRuleKind.HAND_OVER_OVERDUE)
        ? await m.query(
          `SELECT ho.id, ho.region_id, h.description, ho.state, to_char(ho.accept_due_by, 'YYYY-MM-DD') AS accept_due_by, to_char(ho.outcome_due_by, 'YYYY-MM-DD') AS outcome_due_by
           FROM hand_over ho JOIN hazard h ON h.id = ho.hazard_id
           WHERE ho.state = 'PENDING' OR ${handOverOverdueSql('ho', '$1::date')}`,
          [today],
        )
        : [];
    const townships = await townshipsOf(m, [...hazards, ...fires].map((x) => x.region_id));
    const names: { id: string; name: string }[] = await m.query(`SELECT id, name FROM region WHERE id = ANY($1)`, [[...new Set([...townships.values()].filter((t): t is string => t !== null))]]);
    return {
      hazards: hazards.map((h) => ({ id: h.id, regionId: h.region_id, townshipId: townships.get(h.region_id) ?? null, description: h.description, status: h.status, deadline: h.deadline, majorStatus: h.major_status })),
      fires: fires.map((f) => ({ id: f.id, regionId: f.region_id, townshipId: townships.get(f.region_id) ?? null, occurredOn: f.occurred_on, deaths: f.deaths })),
      complaints: complaints.map((c) => ({ id: c.id, regionId: c.region_id, checkDueAt: new Date(c.check_due_at) })),
      riskPoints: riskPoints.map((r) => ({ id: r.id, regionId: r.region_id, name: r.name, level: r.level })),
      tasks: tasks.map((t) => ({ id: t.id, regionId: t.region_id, title: t.title, assigneeName: t.assignee_name, status: t.status, deadline: t.deadline, completionReportedAt: t.completion_reported_at ? new Date(t.completion_reported_at) : null })),
      handOvers: handOvers.map((c) => ({ id: c.id, regionId: c.region_id, description: c.description, state: c.state, acceptDueBy: c.accept_due_by, outcomeDueBy: c.outcome_due_by })),
      townshipNames: new Map(names.map((t) => [t.id, t.name])),
    };
  }
}
