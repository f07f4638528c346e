import { Injectable } from '@nestjs/common';
import * as time from '../common/time-rules';
import type DataLoader from 'dataloader';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import type { AttachmentChoice } from '../attachments/attachment.service';
import { AttachmentService } from '../attachments/attachment.service';
import { assertReaches } from '../kernel/jurisdiction';
import { Role, ROLE_LABELS } from '../kernel/permissions';
import { regionalList } from '../auth/work-scope';
import { text } from '../kernel/text';
import { Clock } from '../common/clock';
import { Period, PeriodKind, periodLabel, periodProblem, periodRange } from '../common/period';
import { TransactionRunner, updateBumpingVersion, updateVersioned } from '../database/transaction';
import { ConnectionValue, OrderKey, PageArgs, paginate } from '../graphql/connection';
import { BadUserInputError, ConflictError, FieldProblem, ForbiddenError, NotFoundError } from '../kernel/errors';
import { fromGlobalId } from '../graphql/global-id';
import { groupLoader } from '../graphql/loaders';
import type { RequestContext } from '../kernel/request-context';
import { OrganizationService } from '../organization/organization.service';
import { EvaluationPolicyService } from './evaluation-policy.service';
import { ScoringSide, SubjectKind } from './evaluation.enums';
import { AppraisalBallot, AppraisalBallotScore, AppraisalParticipation } from './appraisal.entity';
import { DutyReport, DutyReportScore } from './duty-report.entity';
import { EvaluationReminder } from './evaluation-reminder.entity';
import { EvaluationResult } from './evaluation.entity';
import { ballotValid } from './evaluation.rules';
import { EvaluationRoster, parseSubjectId, Station, Subject, subjectKey } from './roster';

const REPORT_ORDER: OrderKey<DutyReport>[] = [
  { expr: 'd.year * 100 + d.month', type: 'int', value: (d) => d.year * 100 + d.month },
  { expr: 'd.id', type: 'uuid', value: (d) => d.id },
];

/** Reminders by period (year, kind, number), then what is missing (index ix_evaluation_reminder_period). */
const REMINDER_ORDER: OrderKey<EvaluationReminder>[] = [
  { expr: 'n.year', type: 'int', value: (n) => n.year },
  { expr: 'n.period_kind', type: 'text', value: (n) => n.periodKind },
  { expr: 'n.number', type: 'int', value: (n) => n.number },
  { expr: 'n.kind', type: 'text', value: (n) => n.kind },
  { expr: 'n.id', type: 'uuid', value: (n) => n.id },
];

/** EVA-5: which manager an account scores as: the center, or the township government. */
const SIDE_OF_ROLE: Partial<Record<Role, ScoringSide>> = { [Role.CENTER]: ScoringSide.CENTER, [Role.TOWNSHIP_GOVERNMENT]: ScoringSide.TOWNSHIP };

/**
 * Inputs of a period (reports, scores, ballots) take this lock shared, its finalization exclusive: an input never
 * lands between the finalization's read of the inputs and its commit (it waits, then finds the period finalized).
 */
export async function lockPeriod(m: EntityManager, period: Period, mode: 'shared' | 'exclusive'): Promise<void> {
  await m.query(`SELECT ${mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock'}(hashtext('evaluation'), hashtext($1))`, [`${period.kind}:${period.year}:${period.number}`]);
}

/**
 * When a round closes (its period is finalized), its ballots are written again under new ids, in random order, in
 * the finalizing transaction: nothing then ties a ballot to the transaction or the order in which a rater cast it.
 */
export async function reshuffleBallots(m: EntityManager, stationIds: readonly string[], period: Period): Promise<void> {
  if (stationIds.length === 0) return;
  // in SQL, in one pass each: new ids and a random order for the round's ballots, then their scores moved over
  const where = `station_id = ANY($1) AND period_kind = $2 AND year = $3 AND number = $4`;
  await m.query(`CREATE TEMP TABLE ballot_shuffle ON COMMIT DROP AS
    SELECT id AS old_id, gen_random_uuid() AS new_id, station_id, period_kind, year, number, valid, random() AS r FROM appraisal_ballot WHERE ${where}`,
  [stationIds, period.kind, period.year, period.number]);
  await m.query(`CREATE TEMP TABLE ballot_score_shuffle ON COMMIT DROP AS
    SELECT b.new_id, s.subject_kind, s.subject_id, s.score, b.r FROM appraisal_ballot_score s JOIN ballot_shuffle b ON b.old_id = s.ballot_id`);
  await m.query(`DELETE FROM appraisal_ballot_score WHERE ballot_id IN (SELECT old_id FROM ballot_shuffle)`);
  await m.query(`DELETE FROM appraisal_ballot WHERE id IN (SELECT old_id FROM ballot_shuffle)`);
  await m.query(`INSERT INTO appraisal_ballot (id, station_id, period_kind, year, number, valid)
    SELECT new_id, station_id, period_kind, year, number, valid FROM ballot_shuffle ORDER BY r`);
  await m.query(`INSERT INTO appraisal_ballot_score (ballot_id, subject_kind, subject_id, score)
    SELECT new_id, subject_kind, subject_id, score FROM ballot_score_shuffle ORDER BY r, subject_kind, subject_id`);
  await m.query(`DROP TABLE ballot_shuffle, ballot_score_shuffle`);
}

/** Whether a subject already has a finalized (current) result for a period. */
export async function finalizedFor(m: EntityManager, subjects: { kind: SubjectKind; id: string }[], period: Period): Promise<Set<string>> {
  if (subjects.length === 0) return new Set();
  const rows = await m.getRepository(EvaluationResult).createQueryBuilder('e')
    .select(['e.subjectKind', 'e.subjectId'])
    .where('e.current AND e.period_kind = :kind AND e.year = :year AND e.number = :number', period)
    .andWhere('e.subject_id = ANY(:ids)', { ids: subjects.map((s) => s.id) })
    .getMany();
  return new Set(rows.map((r) => subjectKey(r)));
}

/**
 * The inputs of the evaluation: monthly work reports (EVA-1) and their two scores (EVA-5), democratic appraisal
 * ballots (EVA-1, EVA-2; anonymous). The exam input is the training module's (EVA-2).
 */
@Injectable()
export class EvaluationInputsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly organizations: OrganizationService,
    private readonly attachments: AttachmentService,
    private readonly policies: EvaluationPolicyService,
    private readonly roster: EvaluationRoster,
  ) {}

  scoresOf(ctx: RequestContext): DataLoader<string, DutyReportScore[]> {
    return groupLoader(ctx, 'evaluation.reportScores', (ids) => this.dataSource.getRepository(DutyReportScore).find({ where: { reportId: In(ids) }, order: { side: 'ASC' } }), (s) => s.reportId);
  }

  async reports(ctx: RequestContext, page: PageArgs, filter: { regionId?: string; year?: number; month?: number; unscoredBy?: ScoringSide }): Promise<ConnectionValue<DutyReport>> {
    const qb = await regionalList(this.dataSource.getRepository(DutyReport).createQueryBuilder('d'), ctx, this.organizations, filter.regionId);
    if (filter.year) qb.andWhere('d.year = :year', { year: filter.year });
    if (filter.month) qb.andWhere('d.month = :month', { month: filter.month });
    if (filter.unscoredBy) qb.andWhere('NOT EXISTS (SELECT 1 FROM duty_report_score s WHERE s.report_id = d.id AND s.side = :side)', { side: filter.unscoredBy });
    return paginate(qb, page, REPORT_ORDER, { descending: true });
  }

  /** The job's reminders inside the jurisdiction; `mine`: only those for the actor's role. */
  async reminders(ctx: RequestContext, filter: { regionId?: string; mine?: boolean }, page: PageArgs): Promise<ConnectionValue<EvaluationReminder>> {
    const qb = await regionalList(this.dataSource.getRepository(EvaluationReminder).createQueryBuilder('n'), ctx, this.organizations, filter.regionId);
    if (filter.mine) qb.andWhere('n.audience = :role', { role: ctx.actor.role ?? '' });
    return paginate(qb, page, REMINDER_ORDER);
  }

  /**
   * EVA-1: a month's work report of a person or a station, by the station. Submitted again before anyone scored
   * it, it replaces the text and files; once scored or finalized it stays as it was scored.
   */
  async submitReport(ctx: RequestContext, input: { subjectId: string; year: number; month: number; content: string; attachments?: AttachmentChoice[] | null; expectedVersion?: number | null }): Promise<DutyReport> {
    const period: Period = { kind: PeriodKind.MONTH, year: input.year, number: input.month };
    const { start } = periodRange(period);
    time.assertTimeRules([time.evaluationInputPeriod(period, this.clock.today(), 'input.month')]);
    const subject = await this.roster.subject(ctx, input.subjectId, start, 'input.subjectId');
    const files = await this.attachments.check(ctx, input.attachments, 'input.attachments');
    const saved = await this.tx.run(async (m) => {
      await lockPeriod(m, period, 'shared');
      if ((await finalizedFor(m, [subject], period)).size) throw new ConflictError(`${subject.name}${periodLabel(period)}的考评已定稿`);
      const repo = m.getRepository(DutyReport);
      // the row locked: a score being given meanwhile waits, then finds the text it scores
      const existing = await repo.createQueryBuilder('d').setLock('pessimistic_write')
        .where('d.subject_kind = :kind AND d.subject_id = :id AND d.year = :year AND d.month = :month', { kind: subject.kind, id: subject.id, year: input.year, month: input.month })
        .getOne();
      const content = { content: input.content.trim(), attachments: files.items, submittedBy: ctx.actor.label, submittedAt: this.clock.now() };
      let report: DutyReport;
      if (existing) {
        if (await m.getRepository(DutyReportScore).countBy({ reportId: existing.id })) throw new ConflictError('该述职已有评分，不能再修改');
        // no lost update: a replacement names the version it replaces; another's replacement in between is CONFLICT
        report = await updateVersioned(m, DutyReport, existing, input.expectedVersion, content);
      } else {
        report = await repo.save(repo.create({
          id: randomUUID(), subjectKind: subject.kind, subjectId: subject.id, stationId: subject.station.id, regionId: subject.station.regionId, year: input.year,
          month: input.month, ...content,
        }));
      }
      await this.attachments.link(m, ctx, { kind: 'DutyReport', id: report.id }, files, { replace: true });
      return report;
    });
    ctx.auditTarget('DutyReport', saved.id, { after: { subject: subjectKey(subject), period: periodLabel(period), version: saved.version } });
    return saved;
  }

  /**
   * EVA-5: the center's or the township government's score of a work report (the side follows the account's
   * role). Scored again, it replaces that side's score; once the month is finalized, only with a reason (the
   * finalized result keeps its inputs until a correction re-finalizes it).
   */
  async scoreReport(ctx: RequestContext, input: {
    reportId: string; score: number; comment?: string | null; correctionReason?: string | null; expectedVersion?: number | null; expectedScoreVersion?: number | null;
  }): Promise<DutyReport> {
    const side = ctx.actor.role ? SIDE_OF_ROLE[ctx.actor.role] : undefined;
    if (!side) throw new ForbiddenError('只有指导中心和乡镇人民政府为工作述职评分（EVA-5）');
    const report = await this.dataSource.getRepository(DutyReport).findOneBy({ id: fromGlobalId(input.reportId, 'DutyReport', 'input.reportId') });
    if (!report) throw new NotFoundError('工作述职');
    assertReaches(ctx, (await this.organizations.regionById(ctx).load(report.regionId))!.path, { what: '工作述职' });
    const period: Period = { kind: PeriodKind.MONTH, year: report.year, number: report.month };
    const reason = text(input.correctionReason);
    const before = await this.tx.run(async (m) => {
      await lockPeriod(m, period, 'shared');
      // the report as it is now (a re-submission meanwhile waits or went first): the version scored is the version read
      const current = await m.getRepository(DutyReport).createQueryBuilder('d').setLock('pessimistic_write').where('d.id = :id', { id: report.id }).getOneOrFail();
      if (input.expectedVersion != null && current.version !== input.expectedVersion) {
        throw new ConflictError(`述职已重新提交（当前版本 ${current.version}），请查看后再评分`, { currentVersion: current.version });
      }
      const finalized = (await finalizedFor(m, [{ kind: report.subjectKind, id: report.subjectId }], period)).size > 0;
      if (finalized && !reason) throw new ConflictError(`${periodLabel(period)}的考评已定稿：更正评分须填写更正理由（correctionReason），并重新定稿`);
      // the side's score as it is (the report row is locked: no other score of this report changes meanwhile)
      const previous = await m.getRepository(DutyReportScore).findOneBy({ reportId: report.id, side });
      // EVA-5 (one score per side), no lost update: a re-scoring names the score it replaces (0: none yet); another
      // scorer's score in between is CONFLICT
      if (input.expectedScoreVersion != null && (previous?.version ?? 0) !== input.expectedScoreVersion) {
        const by = previous ? `${previous.scoredBy} 已评 ${previous.score} 分（版本 ${previous.version}）` : '本方尚未评分';
        throw new ConflictError(`本方评分已变化：${by}，请查看后再评分`, { currentVersion: current.version, currentScoreVersion: previous?.version ?? 0 });
      }
      const values = { score: input.score, comment: text(input.comment), correctionReason: finalized ? reason : null, scoredBy: ctx.actor.label, scoredAt: this.clock.now() };
      if (previous) {
        await updateBumpingVersion(m, DutyReportScore, 'report_id = :reportId AND side = :side', values, { reportId: report.id, side });
      } else {
        await m.getRepository(DutyReportScore).insert({ reportId: report.id, side, ...values, version: 1 });
      }
      return previous;
    });
    ctx.auditTarget('DutyReport', report.id, { before: before ? { side, score: before.score } : null, after: { side, score: input.score, correctionReason: reason } });
    return report;
  }

  /** A round's period: a month or a quarter, valid, already started. */
  private roundPeriod(period: Period, field: string): { start: string } {
    if (period.kind === PeriodKind.YEAR) throw BadUserInputError.field(`${field}.kind`, '民主评议按月或按季度进行');
    const problem = periodProblem(period);
    if (problem) throw BadUserInputError.field(field, problem);
    const { start } = periodRange(period);
    time.assertTimeRules([time.evaluationInputPeriod(period, this.clock.today(), field)]);
    return { start };
  }

  /** EVA-1, EVA-2: what a rater needs to vote: the round's subjects, how many have voted, whether the rater has, whether it is closed. */
  async round(ctx: RequestContext, stationId: string, period: Period): Promise<{ station: Station; period: Period; subjects: Subject[]; ballots: number; voted: boolean; closed: boolean }> {
    const { start } = this.roundPeriod(period, 'period');
    const station = await this.roster.station(ctx, stationId, 'stationId');
    const subjects = await this.roster.on([station], start);
    const where = { stationId: station.id, periodKind: period.kind, year: period.year, number: period.number };
    const ballots = await this.dataSource.getRepository(AppraisalBallot).countBy(where);
    const voted = ctx.actor.id !== null && (await this.dataSource.getRepository(AppraisalParticipation).countBy({ ...where, raterId: ctx.actor.id })) > 0;
    const closed = (await finalizedFor(this.dataSource.manager, subjects, period)).size > 0;
    return { station, period, subjects, ballots, voted, closed };
  }

  /**
   * EVA-1, EVA-2: one anonymous democratic appraisal ballot of a station's round (a month or a quarter), scoring
   * every subject of the round. The rater must hold a role the policy names and may vote once per round; who voted
   * is kept apart from the scores. A ballot giving every subject the same score is kept and counted as invalid.
   */
  async castBallot(ctx: RequestContext, input: { stationId: string; period: Period; scores: { subjectId: string; score: number }[] }): Promise<{ station: Station; period: Period; valid: boolean; ballots: number }> {
    const period = input.period;
    const { start } = this.roundPeriod(period, 'input.period');
    const station = await this.roster.station(ctx, input.stationId, 'input.stationId');
    const policy = await this.policies.forPeriod(period);
    if (ctx.actor.kind !== 'ACCOUNT' || !ctx.actor.role || !policy.raterRoles.includes(ctx.actor.role)) {
      throw new ForbiddenError(`考评政策（第 ${policy.version} 版）规定的评议人为：${policy.raterRoles.map((r) => ROLE_LABELS[r as Role] ?? r).join('、')}`);
    }
    const subjects = await this.roster.on([station], start);
    const wanted = new Map(subjects.map((s) => [subjectKey(s), s]));
    const problems: FieldProblem[] = [];
    const given = new Map<string, number>();
    input.scores.forEach((entry, i) => {
      const parsed = parseSubjectId(entry.subjectId);
      const key = parsed ? subjectKey(parsed) : null;
      if (!key || !wanted.has(key)) problems.push({ field: `input.scores[${i}].subjectId`, reason: '不是本轮评议的对象' });
      else if (given.has(key)) problems.push({ field: `input.scores[${i}].subjectId`, reason: '同一对象出现了两次' });
      else given.set(key, entry.score);
    });
    const absent = subjects.filter((s) => !given.has(subjectKey(s)));
    if (absent.length) problems.push({ field: 'input.scores', reason: `须为本轮每个对象评分，缺少：${absent.map((s) => s.name).join('、')}` });
    if (problems.length) throw new BadUserInputError(problems);
    const valid = ballotValid([...given.values()]);
    const ballots = await this.tx.run(async (m) => {
      await lockPeriod(m, period, 'shared');
      if ((await finalizedFor(m, subjects, period)).size) throw new ConflictError(`${station.name}${periodLabel(period)}的考评已定稿，评议已结束`);
      const voted: unknown[] = await m.query(
        `INSERT INTO appraisal_participation (station_id, period_kind, year, number, rater_id, rater_role, cast_on) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT DO NOTHING RETURNING rater_id`,
        [station.id, period.kind, period.year, period.number, ctx.actor.id, ctx.actor.role, this.clock.today()],
      );
      if (voted.length !== 1) throw new ConflictError(`你已参加过${station.name}${periodLabel(period)}的民主评议（每人每轮一票）`);
      const ballotId = randomUUID();
      await m.getRepository(AppraisalBallot).insert({ id: ballotId, stationId: station.id, periodKind: period.kind, year: period.year, number: period.number, valid });
      await m.getRepository(AppraisalBallotScore).insert([...given.entries()].map(([key, score]) => {
        const [kind, id] = key.split(':') as [SubjectKind, string];
        return { ballotId, subjectKind: kind, subjectId: id, score };
      }));
      return m.getRepository(AppraisalBallot).countBy({ stationId: station.id, periodKind: period.kind, year: period.year, number: period.number });
    });
    // EVA-1, EVA-2: the entry says that a ballot was cast in this round, never by whom (nor the scores, nor its validity)
    ctx.auditAnonymously('Organization', station.id, station.regionPath, { appraisal: periodLabel(period) });
    return { station, period, valid, ballots };
  }
}
