import { Injectable } from '@nestjs/common';
import * as time from '../common/time-rules';
import type DataLoader from 'dataloader';
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { assertReaches } from '../kernel/jurisdiction';
import { regionalList } from '../auth/work-scope';
import { text } from '../kernel/text';
import { Clock } from '../common/clock';
import { Period, PeriodKind, periodLabel, periodProblem, periodRange } from '../common/period';
import { TransactionRunner, updateVersioned } from '../database/transaction';
import { ConnectionValue, OrderKey, PageArgs, paginate } from '../graphql/connection';
import { AppError, BadUserInputError, ConflictError, ErrorCode, NotFoundError } from '../kernel/errors';
import { fromGlobalId, toGlobalId } from '../graphql/global-id';
import { rowLoader } from '../graphql/loaders';
import type { RequestContext } from '../kernel/request-context';
import { RegionLevel } from '../organization/organization.enums';
import { OrganizationService } from '../organization/organization.service';
import type { Region } from '../organization/region.entity';
import type { Post } from '../personnel/post.entity';
import { PersonnelService } from '../personnel/personnel.service';
import { ExamService } from '../training/exam.service';
import { EvaluationPolicyService, policyParams } from './evaluation-policy.service';
import { finalizedFor, lockPeriod, reshuffleBallots } from './evaluation-inputs.service';
import { AccountabilitySubjectKind, AccountabilityStatus, Grade, ScoringSide, SubjectKind } from './evaluation.enums';
import { AccountabilityCase } from './accountability-case.entity';
import { AppraisalBallot, AppraisalBallotScore } from './appraisal.entity';
import { DutyReport, DutyReportScore } from './duty-report.entity';
import { EvaluationResult } from './evaluation.entity';
import { AppraisalInput, annual, capExcellent, caseAction, mean, monthly, Outcome, PeriodEntry, PolicyParams, quarterly } from './evaluation.rules';
import type { Breakdown } from './evaluation.rules';
import { EventOutbox } from '../integration/event-outbox';
import { globalRef } from '../integration/event-payloads';
import { EvaluationRoster, parseSubjectId, Station, Subject, subjectGlobalId, subjectKey } from './roster';

const RESULT_ORDER: OrderKey<EvaluationResult>[] = [
  { expr: 'e.finalized_at', type: 'timestamp' },
  { expr: 'e.id', type: 'uuid', value: (e) => e.id },
];
const CASE_ORDER: OrderKey<AccountabilityCase>[] = [
  { expr: 'c.created_at', type: 'timestamp' },
  { expr: 'c.id', type: 'uuid', value: (c) => c.id },
];

export interface FinalizeOutcome {
  period: Period;
  scope: Region;
  written: EvaluationResult[];
  unchanged: number;
  notEvaluated: { subject: Subject; reason: string }[];
  opened: AccountabilityCase[];
  withdrawn: AccountabilityCase[];
}

interface Computed {
  subject: Subject;
  outcome: Outcome;
  /** For the EXCELLENT cap's tie-breakers (annual): the quarterly mean, then the monthly mean. */
  tieBreak: number[];
}

/** Items grouped by a key, in their order. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const list = out.get(key(item));
    if (list) list.push(item);
    else out.set(key(item), [item]);
  }
  return out;
}

const onDutyOn = (post: Post, day: string) => post.onDutyFrom !== null && post.onDutyFrom <= day && (post.leftOn === null || post.leftOn > day);
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * EVA-3, EVA-4, EVA-6: finalization computes every subject's score and grade from its inputs with the policy of
 * the period, stores the breakdown and locks it (a correction is a new version with a reason); a second
 * consecutive INCOMPETENT year opens an accountability case. Also the reads: evaluations, breakdowns, cases.
 */
@Injectable()
export class EvaluationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly organizations: OrganizationService,
    private readonly personnel: PersonnelService,
    private readonly exams: ExamService,
    private readonly policies: EvaluationPolicyService,
    private readonly roster: EvaluationRoster,
    private readonly outbox: EventOutbox,
  ) {}

  resultById(ctx: RequestContext): DataLoader<string, EvaluationResult | undefined> {
    return rowLoader(ctx, 'evaluation.resultById', (ids) => this.dataSource.getRepository(EvaluationResult).findBy({ id: In(ids) }), (e) => e.id);
  }

  // ---------- reads ----------

  async list(ctx: RequestContext, page: PageArgs, filter: { subjectId?: string; periodKind?: PeriodKind; year?: number; grade?: Grade; regionId?: string; includeSuperseded?: boolean }): Promise<ConnectionValue<EvaluationResult>> {
    const qb = await regionalList(this.dataSource.getRepository(EvaluationResult).createQueryBuilder('e'), ctx, this.organizations, filter.regionId);
    if (!filter.includeSuperseded) qb.andWhere('e.current');
    if (filter.subjectId) {
      const subject = parseSubjectId(filter.subjectId);
      if (!subject) throw BadUserInputError.field('subjectId', '须为人员或消防工作站的标识');
      qb.andWhere('e.subject_kind = :sk AND e.subject_id = :sid', { sk: subject.kind, sid: subject.id });
    }
    if (filter.periodKind) qb.andWhere('e.period_kind = :pk', { pk: filter.periodKind });
    if (filter.year) qb.andWhere('e.year = :year', { year: filter.year });
    if (filter.grade) qb.andWhere('e.grade = :grade', { grade: filter.grade });
    return paginate(qb, page, RESULT_ORDER, { descending: true });
  }

  /** One result (any version) inside the jurisdiction, else NOT_FOUND. */
  async result(ctx: RequestContext, globalId: string, field: string): Promise<EvaluationResult> {
    const row = await this.resultById(ctx).load(fromGlobalId(globalId, 'Evaluation', field));
    if (!row) throw new NotFoundError('考评结果');
    assertReaches(ctx, (await this.organizations.regionById(ctx).load(row.regionId))!.path, { what: '考评结果' });
    return row;
  }

  async cases(ctx: RequestContext, page: PageArgs, filter: { status?: AccountabilityStatus; year?: number; regionId?: string }): Promise<ConnectionValue<AccountabilityCase>> {
    const qb = await regionalList(this.dataSource.getRepository(AccountabilityCase).createQueryBuilder('c'), ctx, this.organizations, filter.regionId);
    // EVA-6's list: person cases only; a member unit's case (COM-6) is listed by memberUnitAccountabilityCases
    qb.andWhere('c.subject_kind = :personKind', { personKind: AccountabilitySubjectKind.PERSON });
    if (filter.status) qb.andWhere('c.status = :status', { status: filter.status });
    if (filter.year) qb.andWhere('c.year = :year', { year: filter.year });
    return paginate(qb, page, CASE_ORDER, { descending: true });
  }

  /**
   * COM-6: opens a case against a member unit (non-implementation), inside the caller's transaction: the caller has
   * checked the unit, the investigation and the tasks. Same table as the EVA-6 cases, its own GraphQL type
   * (MemberUnitAccountabilityCase): the discipline commission reads it with memberUnitAccountabilityCases.
   */
  async openMemberUnitCase(m: EntityManager, ctx: RequestContext, c: {
    organizationId: string; unitName: string; regionId: string; year: number; reason: string; investigationId: string | null; taskIds: string[]; assessingDepartment: string;
  }): Promise<AccountabilityCase> {
    const repo = m.getRepository(AccountabilityCase);
    // one open case per unit and investigation (a request sent twice opens one); the unit's row serializes openers
    await m.query(`SELECT id FROM organization WHERE id = $1 FOR UPDATE`, [c.organizationId]);
    const open = await repo.findOneBy({ subjectKind: AccountabilitySubjectKind.MEMBER_UNIT, organizationId: c.organizationId, status: AccountabilityStatus.OPEN, investigationId: c.investigationId ?? IsNull() });
    if (open) throw new ConflictError(`COM-6：“${c.unitName}”已有${c.investigationId ? '针对该延伸调查的' : '一件'}未结的问责案件，不能重复立案`, { caseId: toGlobalId('MemberUnitAccountabilityCase', open.id) });
    const row = await repo.save(repo.create({
      id: randomUUID(), subjectKind: AccountabilitySubjectKind.MEMBER_UNIT, personId: null, personName: c.unitName, organizationId: c.organizationId,
      reason: c.reason, investigationId: c.investigationId, taskIds: c.taskIds, regionId: c.regionId, year: c.year, previousResultId: null, resultId: null,
      assessingDepartment: c.assessingDepartment, establishmentUnit: c.unitName, status: AccountabilityStatus.OPEN, notifiedAt: this.clock.now(),
      interviewedOn: null, interviewers: null, outcome: null, closedBy: null, closedAt: null,
    }));
    await this.announceCase(m, row);
    ctx.auditTarget('MemberUnitAccountabilityCase', row.id, { after: { subjectKind: row.subjectKind, organizationId: row.organizationId, reason: row.reason, taskIds: row.taskIds } });
    return row;
  }

  /** accountability_case.opened (docs/events.md): EVA-6 person cases and COM-6 member-unit cases, in their transaction. */
  private async announceCase(m: EntityManager, c: AccountabilityCase): Promise<void> {
    const unit = c.subjectKind === AccountabilitySubjectKind.MEMBER_UNIT;
    await this.outbox.emit(m, {
      type: 'accountability_case.opened', regionId: c.regionId, subjectId: c.id, subjectKind: unit ? 'MemberUnitAccountabilityCase' : 'AccountabilityCase', payload: {
        subjectKind: c.subjectKind, personId: globalRef('Person', c.personId), organizationId: globalRef('Organization', c.organizationId), year: c.year,
        previousResultId: globalRef('Evaluation', c.previousResultId), resultId: globalRef('Evaluation', c.resultId), investigationId: globalRef('Investigation', c.investigationId),
        taskIds: (c.taskIds ?? []).map((t) => globalRef('Task', t)!), notifiedAt: new Date(c.notifiedAt).toISOString(),
      },
    });
  }

  /**
   * EVA-6: the interview by the assessing department and the establishment unit, and its outcome: the case closes.
   * COM-6: a member unit's case is interviewed and closed the same way, through its own id kind; a case of the other
   * kind answers NOT_FOUND (one table, two GraphQL types). `visible` narrows further (a member unit's own case).
   */
  async recordInterview(
    ctx: RequestContext,
    input: { caseId: string; interviewedOn: string; interviewers: string; outcome: string; expectedVersion?: number | null },
    subject: AccountabilitySubjectKind = AccountabilitySubjectKind.PERSON,
    visible: (row: AccountabilityCase) => boolean = () => true,
  ): Promise<AccountabilityCase> {
    const kind = subject === AccountabilitySubjectKind.PERSON ? 'AccountabilityCase' : 'MemberUnitAccountabilityCase';
    const found = await this.dataSource.getRepository(AccountabilityCase).findOneBy({ id: fromGlobalId(input.caseId, kind, 'input.caseId'), subjectKind: subject });
    if (!found || !visible(found)) throw new NotFoundError('问责案件');
    assertReaches(ctx, (await this.organizations.regionById(ctx).load(found.regionId))!.path, { what: '问责案件' });
    time.assertTimeRules([time.interviewDate(input.interviewedOn, found.notifiedAt, this.clock.today())]);
    if (found.status !== AccountabilityStatus.OPEN) throw new ConflictError('该案件已记录约谈结果');
    const saved = await this.tx.run((m) => updateVersioned(m, AccountabilityCase, found, input.expectedVersion, {
      status: AccountabilityStatus.CLOSED, interviewedOn: input.interviewedOn, interviewers: input.interviewers.trim(), outcome: input.outcome.trim(),
      closedBy: ctx.actor.label, closedAt: this.clock.now(),
    }, { status: AccountabilityStatus.OPEN }));
    ctx.auditTarget(kind, saved.id, { before: { status: found.status }, after: { status: saved.status, interviewedOn: saved.interviewedOn } });
    return saved;
  }

  // ---------- finalization ----------

  /**
   * Finalizes a period for the stations of a region (a month or quarter: a county or a township; a year: the
   * county, since the EXCELLENT cap ranks the whole county). Missing inputs of any subject block the whole call
   * and are listed (EVALUATION_INCOMPLETE). Without `correctionReason`, subjects already finalized are left as they
   * are; with it, every finalized result whose recomputation differs gets a new version (audited).
   */
  async finalize(ctx: RequestContext, input: { period: Period; regionId?: string | null; correctionReason?: string | null }): Promise<FinalizeOutcome> {
    const period = input.period;
    const problem = periodProblem(period);
    if (problem) throw BadUserInputError.field('input.period', problem);
    time.assertTimeRules([time.finalizationPeriod(period, this.clock.today())]);
    const scope = input.regionId
      ? await this.organizations.region(ctx, input.regionId, 'input.regionId')
      : ctx.actor.regionId ? await this.organizations.regionById(ctx).load(ctx.actor.regionId) : undefined;
    if (!scope) throw BadUserInputError.field('input.regionId', '请指明县或乡镇');
    assertReaches(ctx, scope.path);
    if (![RegionLevel.COUNTY, RegionLevel.TOWNSHIP].includes(scope.level)) throw BadUserInputError.field('input.regionId', '须为县或乡镇');
    if (period.kind === PeriodKind.YEAR && scope.level !== RegionLevel.COUNTY) throw BadUserInputError.field('input.regionId', '年度考评按全县定稿（优秀比例在全县内控制，EVA-4）');
    const reason = text(input.correctionReason);
    const policy = await this.policies.forPeriod(period);
    const params = policyParams(policy);
    const center = period.kind === PeriodKind.YEAR ? await this.organizations.guidanceCenter(ctx, toGlobalId('Region', scope.id)).catch(() => null) : null;
    const outcome = await this.tx.run(async (m) => {
      // one finalization of a period at a time, and no input of it meanwhile (the unique index on current results is the backstop)
      await lockPeriod(m, period, 'exclusive');
      const stations = await this.roster.stationsUnder(scope.path, m);
      const { computed, notEvaluated } = period.kind === PeriodKind.YEAR
        ? await this.computeYear(m, params, stations, period.year)
        : await this.computePeriod(m, params, stations, period);
      if (computed.length === 0 && notEvaluated.length === 0) throw new ConflictError(`${scope.name}${periodLabel(period)}没有考评对象（期初无在岗人员）`);
      // a year whose people are all too briefly on duty: nothing to grade, and the answer says why
      if (computed.length === 0) return { period, scope, written: [], unchanged: 0, notEvaluated, opened: [], withdrawn: [] };
      const finalized = await finalizedFor(m, computed.map((c) => c.subject), period);
      if (!reason && period.kind === PeriodKind.YEAR && finalized.size > 0) throw new ConflictError(`${periodLabel(period)}的年度考评已定稿；更正须填写更正理由（correctionReason）`);
      const targets = reason ? computed.filter((c) => finalized.has(subjectKey(c.subject)) || period.kind === PeriodKind.YEAR) : computed.filter((c) => !finalized.has(subjectKey(c.subject)));
      if (!reason && targets.length === 0) throw new ConflictError(`${scope.name}${periodLabel(period)}的考评已全部定稿；更正须填写更正理由（correctionReason）`);
      if (reason && finalized.size === 0) throw new ConflictError(`${scope.name}${periodLabel(period)}尚未定稿，无需更正`);
      // every subject's inputs complete, or nothing is written
      const incomplete = (period.kind === PeriodKind.YEAR ? computed : targets).filter((c) => c.outcome.kind === 'MISSING');
      if (incomplete.length) throw incompleteError(period, incomplete);
      if (period.kind === PeriodKind.YEAR) this.applyCap(params, computed);
      const written = await this.write(m, ctx, targets, period, policy.version, params, reason);
      // the rounds of the stations finalized are closed now: their ballots lose their order (anonymity); a correction
      // finds them closed and reshuffled already
      if (period.kind !== PeriodKind.YEAR && !reason) await reshuffleBallots(m, [...new Set(written.map((w) => w.stationId))], period);
      const unchanged = targets.length - written.length;
      if (reason && written.length === 0) throw new ConflictError('重新计算的结果与已定稿的相同，无需更正');
      const { opened, withdrawn } = period.kind === PeriodKind.YEAR ? await this.syncCases(m, ctx, written, center?.name ?? '县消防工作服务指导中心', reason) : { opened: [], withdrawn: [] };
      return { period, scope, written, unchanged, notEvaluated, opened, withdrawn };
    });
    ctx.auditTarget('Region', scope.id, { after: { period: periodLabel(period), written: outcome.written.length, unchanged: outcome.unchanged, correctionReason: reason } });
    // one entry per result written (and per case opened), beside the operation's own
    for (const w of outcome.written) {
      ctx.auditEvent({
        operation: 'finalizeEvaluation', outcome: 'SUCCESS', targetType: 'Evaluation', targetId: w.id,
        after: { subject: `${w.subjectKind}:${w.subjectId}`, period: periodLabel(period), version: w.version, score: w.score, grade: w.grade, policyVersion: w.policyVersion, correctionReason: w.correctionReason },
      });
    }
    for (const c of [...outcome.opened, ...outcome.withdrawn]) {
      ctx.auditEvent({ operation: 'finalizeEvaluation', outcome: 'SUCCESS', targetType: 'AccountabilityCase', targetId: c.id, after: { personId: c.personId, year: c.year, status: c.status } });
    }
    return outcome;
  }

  /**
   * Inserts version 1 of each scored subject's result, or (a correction) a new version where the recomputation
   * differs from the current one, which is kept, no longer current. Returns the rows written.
   */
  private async write(m: EntityManager, ctx: RequestContext, targets: Computed[], period: Period, policyVersion: number, params: PolicyParams, reason: string | null): Promise<EvaluationResult[]> {
    const repo = m.getRepository(EvaluationResult);
    const scored = targets.filter((c) => c.outcome.kind === 'SCORED');
    const currents = new Map((scored.length
      ? await repo.findBy({ subjectId: In(scored.map((c) => c.subject.id)), periodKind: period.kind, year: period.year, number: period.number, current: true })
      : []).map((r) => [subjectKey(r), r]));
    const rows: EvaluationResult[] = [];
    const superseded: string[] = [];
    for (const c of scored) {
      const o = c.outcome as Extract<Outcome, { kind: 'SCORED' }>;
      const breakdown: Breakdown = { policyVersion, lines: o.lines, score: o.score, grade: o.grade, notes: o.notes };
      const current = currents.get(subjectKey(c.subject));
      if (current) {
        if (!reason) continue;
        if (current.score === breakdown.score && current.grade === breakdown.grade && isDeepStrictEqual(current.breakdown.lines, breakdown.lines)) continue;
        superseded.push(current.id);
      }
      rows.push(repo.create({
        id: randomUUID(), subjectKind: c.subject.kind, subjectId: c.subject.id, subjectName: c.subject.name, stationId: c.subject.station.id, regionId: c.subject.station.regionId,
        periodKind: period.kind, year: period.year, number: period.number, version: (current?.version ?? 0) + 1, current: true, score: breakdown.score, grade: breakdown.grade,
        gradeLabel: params.gradeLabels[breakdown.grade], policyVersion, breakdown, correctionReason: current ? reason : null, finalizedBy: ctx.actor.label, finalizedAt: this.clock.now(),
      }));
    }
    // the old versions step aside first: the unique index allows one current result per subject and period
    if (superseded.length) await repo.update({ id: In(superseded) }, { current: false });
    for (let i = 0; i < rows.length; i += 500) await repo.insert(rows.slice(i, i + 500));
    // evaluation.finalized per result written (a correction's new version too), in the finalization's transaction
    for (const r of rows) {
      await this.outbox.emit(m, {
        type: 'evaluation.finalized', regionId: r.regionId, subjectId: r.id, payload: {
          subjectKind: r.subjectKind, evaluatedId: globalRef(r.subjectKind === SubjectKind.PERSON ? 'Person' : 'Organization', r.subjectId)!,
          stationId: globalRef('Organization', r.stationId), periodKind: r.periodKind, year: r.year, number: r.number, version: r.version,
          score: r.score, grade: r.grade, policyVersion: r.policyVersion, correction: r.correctionReason !== null,
        },
      });
    }
    return rows;
  }

  /** EVA-4: the EXCELLENT cap, per kind of subject (people among people, stations among stations), over the county. */
  private applyCap(params: PolicyParams, computed: Computed[]): void {
    for (const kind of Object.values(SubjectKind)) {
      const scored = computed.filter((c) => c.subject.kind === kind && c.outcome.kind === 'SCORED');
      const capped = capExcellent(params, scored.map((c) => {
        const o = c.outcome as Extract<Outcome, { kind: 'SCORED' }>;
        return { key: subjectKey(c.subject), score: o.score, grade: o.grade, tieBreak: c.tieBreak };
      }));
      for (const c of scored) {
        const verdict = capped.get(subjectKey(c.subject));
        if (!verdict) continue;
        const o = c.outcome as Extract<Outcome, { kind: 'SCORED' }>;
        o.grade = verdict.grade;
        o.notes.push(verdict.note);
        o.lines.push({ path: 'cap', label: `${params.gradeLabels.EXCELLENT}比例上限`, weight: params.excellentCapPercent, value: null, note: verdict.note });
      }
    }
  }

  /**
   * EVA-6, kept true to the current results whenever years are finalized or corrected: for each person written, the
   * pairs (year before, this year) and (this year, year after) are looked at. Two INCOMPETENT years: a case for the
   * later year exists (opened once; a correction points it at the current results). Otherwise an open case for that
   * year is withdrawn, with the correction's reason. Returns the cases opened and withdrawn.
   */
  private async syncCases(m: EntityManager, ctx: RequestContext, written: EvaluationResult[], assessingDepartment: string, reason: string | null): Promise<{ opened: AccountabilityCase[]; withdrawn: AccountabilityCase[] }> {
    const people = written.filter((w) => w.subjectKind === SubjectKind.PERSON && w.periodKind === PeriodKind.YEAR);
    if (people.length === 0) return { opened: [], withdrawn: [] };
    const year = people[0].year;
    const ids = people.map((w) => w.subjectId);
    const results = await m.getRepository(EvaluationResult).findBy({ subjectKind: SubjectKind.PERSON, subjectId: In(ids), periodKind: PeriodKind.YEAR, year: In([year - 1, year, year + 1]), current: true });
    const cases = await m.getRepository(AccountabilityCase).findBy({ personId: In(ids), year: In([year, year + 1]) });
    const persons = new Map((await this.personnel.peopleByIds(ids, m)).map((p) => [p.id, p]));
    const opened: AccountabilityCase[] = [];
    const withdrawn: AccountabilityCase[] = [];
    for (const personId of ids) {
      for (const later of [year, year + 1]) {
        const before = results.find((r) => r.subjectId === personId && r.year === later - 1);
        const after = results.find((r) => r.subjectId === personId && r.year === later);
        const existing = cases.find((c) => c.personId === personId && c.year === later);
        // person cases (EVA-6) always carry both results (ck_accountability_case_subject)
        const action = caseAction(before ?? null, after ?? null, (existing ?? null) as Parameters<typeof caseAction>[2]);
        if (action === 'OPEN') {
          const person = persons.get(personId)!;
          const id = randomUUID();
          // one case per person and year, also against a concurrent finalization (the unique key)
          const inserted: unknown[] = await m.query(
            `INSERT INTO accountability_case (id, person_id, person_name, region_id, year, previous_result_id, result_id, assessing_department, establishment_unit, status, notified_at, version)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1) ON CONFLICT (person_id, year) DO NOTHING RETURNING id`,
            [id, personId, person.name, after!.regionId, later, before!.id, after!.id, assessingDepartment, person.establishmentUnit, AccountabilityStatus.OPEN, this.clock.now()],
          );
          if (inserted.length === 1) {
            const row = await m.getRepository(AccountabilityCase).findOneByOrFail({ id });
            await this.announceCase(m, row);
            opened.push(row);
          }
        } else if (action === 'REPOINT') {
          const saved = await updateVersioned(m, AccountabilityCase, existing!, null, { resultId: after!.id, previousResultId: before!.id });
          // the same case (person and year) now rests on the corrected results: told as such, not as withdrawn and opened again
          await this.outbox.emit(m, {
            type: 'accountability_case.repointed', regionId: saved.regionId, subjectId: saved.id, payload: {
              subjectKind: saved.subjectKind, personId: globalRef('Person', saved.personId), year: saved.year, status: saved.status,
              previousResultId: globalRef('Evaluation', saved.previousResultId), resultId: globalRef('Evaluation', saved.resultId),
              formerPreviousResultId: globalRef('Evaluation', existing!.previousResultId), formerResultId: globalRef('Evaluation', existing!.resultId),
            },
          });
        } else if (action === 'WITHDRAW') {
          const saved = await updateVersioned(m, AccountabilityCase, existing!, null, {
            status: AccountabilityStatus.WITHDRAWN, outcome: `更正后 ${later - 1}、${later} 年度不再连续不称职，撤销${reason ? `（${reason}）` : ''}`,
            closedBy: ctx.actor.label, closedAt: this.clock.now(),
          }, { status: AccountabilityStatus.OPEN });
          // EVA-6: the discipline commission was told of the case (accountability_case.opened): it is told of its withdrawal too
          await this.outbox.emit(m, {
            type: 'accountability_case.withdrawn', regionId: saved.regionId, subjectId: saved.id, payload: {
              subjectKind: saved.subjectKind, personId: globalRef('Person', saved.personId), year: saved.year,
              previousResultId: globalRef('Evaluation', saved.previousResultId), resultId: globalRef('Evaluation', saved.resultId), withdrawnAt: new Date(saved.closedAt!).toISOString(),
            },
          });
          withdrawn.push(saved);
        }
      }
    }
    return { opened, withdrawn };
  }

  // ---------- computing ----------

  /** EVA-1, EVA-2: a month or a quarter of the stations' subjects (those on duty on its first day). */
  private async computePeriod(m: EntityManager, p: PolicyParams, stations: Station[], period: Period): Promise<{ computed: Computed[]; notEvaluated: { subject: Subject; reason: string }[] }> {
    const { start, end } = periodRange(period);
    const subjects = await this.roster.on(stations, start, m);
    const ballots = await this.appraisalInputs(m, subjects, period);
    if (period.kind === PeriodKind.MONTH) {
      const reports = subjects.length
        ? await m.getRepository(DutyReport).findBy({ year: period.year, month: period.number, subjectId: In(subjects.map((s) => s.id)) })
        : [];
      const scores = reports.length ? await m.getRepository(DutyReportScore).findBy({ reportId: In(reports.map((r) => r.id)) }) : [];
      const reportOf = new Map(reports.map((r) => [subjectKey(r), r]));
      const scoreOf = new Map(scores.map((sc) => [`${sc.reportId}:${sc.side}`, sc.score]));
      return {
        computed: subjects.map((s) => {
          const report = reportOf.get(subjectKey(s));
          const side = (x: ScoringSide) => (report ? scoreOf.get(`${report.id}:${x}`) ?? null : null);
          return { subject: s, tieBreak: [], outcome: monthly(p, { reportSubmitted: !!report, center: side(ScoringSide.CENTER), township: side(ScoringSide.TOWNSHIP), appraisal: ballots(s) }) };
        }),
        notEvaluated: [],
      };
    }
    // EVA-2: a person's theory exam score is their latest result in an exam held in the quarter; a station's, its members' mean
    const results = await this.exams.theoryResults(subjects.filter((s) => s.kind === SubjectKind.PERSON).map((s) => s.id), start, end, m);
    // in sitting order: the last one per person is the latest
    const latest = new Map(results.map((r) => [r.personId, r]));
    const examOf = (personId: string) => latest.get(personId);
    const staffOf = groupBy(subjects.filter((x) => x.kind === SubjectKind.PERSON), (x) => x.station.id);
    return {
      computed: subjects.map((s) => {
        let exam: { value: number; note: string } | null = null;
        if (s.kind === SubjectKind.PERSON) {
          const r = examOf(s.id);
          if (r) exam = { value: r.score, note: `${r.examTitle}（${r.heldOn}${r.satOn !== r.heldOn ? `，${r.satOn} 参考` : ''}）` };
        } else {
          const members = (staffOf.get(s.id) ?? []).map((x) => ({ name: x.name, r: examOf(x.id) })).filter((x) => x.r);
          if (members.length) exam = { value: mean(members.map((x) => x.r!.score)), note: `在岗人员成绩平均：${members.map((x) => `${x.name} ${x.r!.score}`).join('、')}` };
        }
        return { subject: s, tieBreak: [], outcome: quarterly(p, { exam, appraisal: ballots(s) }) };
      }),
      notEvaluated: [],
    };
  }

  /** The valid ballots' scores per subject and the invalid ballots of each station's round. */
  private async appraisalInputs(m: EntityManager, subjects: Subject[], period: Period): Promise<(s: Subject) => AppraisalInput> {
    const stationIds = [...new Set(subjects.map((s) => s.station.id))];
    const ballots = stationIds.length
      ? await m.getRepository(AppraisalBallot).findBy({ stationId: In(stationIds), periodKind: period.kind, year: period.year, number: period.number })
      : [];
    const scores = ballots.length ? await m.getRepository(AppraisalBallotScore).findBy({ ballotId: In(ballots.map((b) => b.id)) }) : [];
    const valid = new Set(ballots.filter((b) => b.valid).map((b) => b.id));
    const bySubject = groupBy(scores.filter((x) => valid.has(x.ballotId)), subjectKey);
    const invalid = groupBy(ballots.filter((b) => !b.valid), (b) => b.stationId);
    return (s) => ({ scores: (bySubject.get(subjectKey(s)) ?? []).map((x) => x.score), invalidBallots: invalid.get(s.station.id)?.length ?? 0 });
  }

  /**
   * EVA-3: each person with a post at these stations during the year and each station with staff. A month or
   * quarter counts when the subject was on duty on its first day (a station: when someone was); otherwise excused.
   */
  private async computeYear(m: EntityManager, p: PolicyParams, stations: Station[], year: number): Promise<{ computed: Computed[]; notEvaluated: { subject: Subject; reason: string }[] }> {
    const posts = await this.personnel.dutyPosts({ stationIds: stations.map((s) => s.id) }, `${year}-01-01`, `${year}-12-31`, m);
    const people = new Map((await this.personnel.peopleByIds(posts.map((x) => x.personId), m)).map((x) => [x.id, x]));
    const stationById = new Map(stations.map((s) => [s.id, s]));
    const subjects: { subject: Subject; posts: Post[] }[] = [];
    const postsAt = groupBy(posts, (x) => x.organizationId);
    const postsOf = groupBy(posts, (x) => x.personId);
    for (const station of stations) {
      const own = postsAt.get(station.id);
      if (own) subjects.push({ subject: { kind: SubjectKind.STATION, id: station.id, name: station.name, station }, posts: own });
    }
    const byName = (x: string, y: string) => people.get(x)!.name.localeCompare(people.get(y)!.name, 'zh-CN') || x.localeCompare(y);
    for (const personId of [...postsOf.keys()].sort(byName)) {
      const own = postsOf.get(personId)!;
      // the station of the person's latest post that year
      const station = stationById.get(own[own.length - 1].organizationId)!;
      subjects.push({ subject: { kind: SubjectKind.PERSON, id: personId, name: people.get(personId)!.name, station }, posts: own });
    }
    const finalized = subjects.length
      ? await m.getRepository(EvaluationResult).findBy({ subjectId: In(subjects.map((s) => s.subject.id)), year, periodKind: In([PeriodKind.MONTH, PeriodKind.QUARTER]), current: true })
      : [];
    const finalizedOf = new Map(finalized.map((f) => [`${subjectKey(f)}:${f.periodKind}:${f.number}`, f]));
    const computed: Computed[] = [];
    const notEvaluated: { subject: Subject; reason: string }[] = [];
    for (const { subject, posts: own } of subjects) {
      const entry = (kind: PeriodKind, n: number): PeriodEntry => {
        const start = periodRange({ kind, year, number: n }).start;
        const r = finalizedOf.get(`${subjectKey(subject)}:${kind}:${n}`);
        return {
          key: kind === PeriodKind.MONTH ? `${year}-${pad(n)}` : `${year}-Q${n}`, label: periodLabel({ kind, year, number: n }), excused: !own.some((x) => onDutyOn(x, start)),
          score: r?.score ?? null, source: r ? `第 ${r.version} 版结果，考评政策第 ${r.policyVersion} 版` : null,
        };
      };
      const months = Array.from({ length: 12 }, (_, i) => entry(PeriodKind.MONTH, i + 1));
      const quarters = Array.from({ length: 4 }, (_, i) => entry(PeriodKind.QUARTER, i + 1));
      const outcome = annual(p, { months, quarters });
      if (outcome.kind === 'NOT_EVALUATED') {
        notEvaluated.push({ subject, reason: outcome.reason });
        continue;
      }
      const line = (path: string) => (outcome.kind === 'SCORED' ? outcome.lines.find((l) => l.path === path)?.value ?? 0 : 0);
      computed.push({ subject, outcome, tieBreak: [line('quarterly'), line('monthly')] });
    }
    return { computed, notEvaluated };
  }
}

function incompleteError(period: Period, incomplete: Computed[]): AppError {
  const missing = incomplete.map((c) => ({
    subjectId: subjectGlobalId(c.subject.kind, c.subject.id),
    subjectName: c.subject.name,
    stationName: c.subject.station.name,
    items: c.outcome.kind === 'MISSING' ? c.outcome.missing : [],
  }));
  const summary = missing.slice(0, 5).map((x) => `${x.subjectName}：${x.items.join('，')}`).join('；');
  return new AppError(ErrorCode.EVALUATION_INCOMPLETE, `${periodLabel(period)}有 ${missing.length} 个考评对象的输入不全，不能定稿：${summary}${missing.length > 5 ? '……' : ''}`, { missing });
}
