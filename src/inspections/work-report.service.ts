import { Injectable } from '@nestjs/common';
import * as time from '../common/time-rules';
import { labelOf, rememberLabels } from '../common/labels';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { TransactionRunner, updateVersioned } from '../database/transaction';
import { ConnectionValue, OrderKey, PageArgs, paginate } from '../graphql/connection';
import { BadUserInputError, ConflictError, NotFoundError } from '../kernel/errors';
import { fromGlobalId } from '../graphql/global-id';
import type { RequestContext } from '../kernel/request-context';
import { OrganizationKind } from '../organization/organization.enums';
import { OrganizationService } from '../organization/organization.service';
import { WorkReport } from './work-report.entity';
import { PeriodKind } from '../common/period';
import { WorkReportKind, WorkReportStatus } from './inspections.enums';
import { Period, periodProblem } from '../common/period';
import { assertRegionReaches, regionalList } from '../auth/work-scope';
import { text } from '../kernel/text';
import { changedFields, CorrectionService } from '../corrections/correction.service';
import { CorrectedRecord } from '../corrections/record-correction.entity';

export enum ReviewDecision {
  RECEIVE = 'RECEIVE',
  RETURN = 'RETURN',
  ACCEPT = 'ACCEPT',
}

/** INS-5: from which states the center's decisions move a plan or report, and to which. */
rememberLabels(ReviewDecision, { RECEIVE: '接收', RETURN: '退回修改', ACCEPT: '采纳' });

export const REVIEW_MOVES: Record<ReviewDecision, { from: WorkReportStatus[]; to: WorkReportStatus }> = {
  RECEIVE: { from: [WorkReportStatus.SUBMITTED], to: WorkReportStatus.RECEIVED },
  RETURN: { from: [WorkReportStatus.SUBMITTED, WorkReportStatus.RECEIVED], to: WorkReportStatus.RETURNED },
  ACCEPT: { from: [WorkReportStatus.SUBMITTED, WorkReportStatus.RECEIVED], to: WorkReportStatus.ACCEPTED },
};

const ORDER: OrderKey<WorkReport>[] = [
  { expr: 'w.submitted_at', type: 'timestamp' },
  { expr: 'w.id', type: 'uuid', value: (w) => w.id },
];

/** Work plans and reports of the stations to the committee, reviewed by the center (INS-5). */
@Injectable()
export class WorkReportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly organizations: OrganizationService,
    private readonly corrections: CorrectionService,
  ) {}

  async list(ctx: RequestContext, page: PageArgs, filter: { regionId?: string; status?: WorkReportStatus; kind?: WorkReportKind }): Promise<ConnectionValue<WorkReport>> {
    const qb = await regionalList(this.dataSource.getRepository(WorkReport).createQueryBuilder('w'), ctx, this.organizations, filter.regionId);
    if (filter.status) qb.andWhere('w.status = :status', { status: filter.status });
    if (filter.kind) qb.andWhere('w.kind = :kind', { kind: filter.kind });
    return paginate(qb, page, ORDER, { descending: true });
  }

  /** Files a station's plan or report for a period; a returned one is filed again (resubmitted) in its place. */
  async file(ctx: RequestContext, input: { stationId: string; kind: WorkReportKind; period: Period; title: string; content: string }): Promise<WorkReport> {
    const problem = periodProblem(input.period);
    if (problem) throw BadUserInputError.field('input.period', problem);
    time.assertTimeRules([time.workReportPeriod(input.period, this.clock.today())]);
    const station = await this.organizations.organizationById(ctx).load(fromGlobalId(input.stationId, 'Organization', 'input.stationId'));
    if (!station) throw new NotFoundError('工作站');
    await assertRegionReaches(ctx, this.organizations, station.regionId);
    if (station.kind !== OrganizationKind.FIRE_WORK_STATION) throw BadUserInputError.field('input.stationId', '须为消防工作站');
    const now = this.clock.now();
    const saved = await this.tx.run(async (m) => {
      const existing = await m.getRepository(WorkReport).createQueryBuilder('w').setLock('pessimistic_write')
        .where('w.organization_id = :o AND w.kind = :k AND w.period_kind = :pk AND w.period_year = :y AND w.period_number = :n', {
          o: station.id, k: input.kind, pk: input.period.kind, y: input.period.year, n: input.period.number,
        }).getOne();
      if (existing && existing.status !== WorkReportStatus.RETURNED) throw new ConflictError('本期已报送（退回后才能重新报送）', { status: existing.status });
      if (existing) {
        // INS-5: a refiled plan starts a fresh review; the returned one's text and its review are kept in its history
        const replaced = [
          ...changedFields(existing as unknown as Record<string, unknown>, { title: input.title.trim(), content: input.content.trim() }),
          {
            field: 'review',
            oldValue: { status: existing.status, comment: existing.reviewComment, reviewedBy: existing.reviewedBy, reviewedAt: existing.reviewedAt, submittedBy: existing.submittedBy, submittedAt: existing.submittedAt },
            newValue: { status: WorkReportStatus.SUBMITTED, comment: null, reviewedBy: null, reviewedAt: null, submittedBy: ctx.actor.label, submittedAt: now },
          },
        ];
        const row = await updateVersioned(m, WorkReport, existing, undefined, {
          title: input.title.trim(), content: input.content.trim(), status: WorkReportStatus.SUBMITTED, submittedBy: ctx.actor.label, submittedAt: now,
          reviewComment: null, reviewedBy: null, reviewedAt: null,
        }, { status: WorkReportStatus.RETURNED });
        await this.corrections.record(m, ctx, CorrectedRecord.WORK_REPORT, row.id, replaced, `退回后重新报送（退回意见：${existing.reviewComment ?? '无'}）`);
        return row;
      }
      const repo = m.getRepository(WorkReport);
      return repo.save(repo.create({
        id: randomUUID(), organizationId: station.id, regionId: station.regionId, kind: input.kind, periodKind: input.period.kind as PeriodKind,
        periodYear: input.period.year, periodNumber: input.period.number, title: input.title.trim(), content: input.content.trim(),
        status: WorkReportStatus.SUBMITTED, reviewComment: null, submittedBy: ctx.actor.label, submittedAt: now, reviewedBy: null, reviewedAt: null,
      }));
    });
    ctx.auditTarget('WorkReport', saved.id, { after: { kind: saved.kind, status: saved.status, version: saved.version } });
    return saved;
  }

  /** The center receives, returns (with comments) or accepts a plan or report. */
  async review(ctx: RequestContext, input: { reportId: string; decision: ReviewDecision; comment?: string | null; expectedVersion?: number | null }): Promise<WorkReport> {
    const id = fromGlobalId(input.reportId, 'WorkReport', 'input.reportId');
    const found = await this.dataSource.getRepository(WorkReport).findOneBy({ id });
    if (!found) throw new NotFoundError('工作计划或报告');
    await assertRegionReaches(ctx, this.organizations, found.regionId, '工作计划或报告');
    if (input.decision === ReviewDecision.RETURN && !text(input.comment)) throw BadUserInputError.field('input.comment', '退回须写明修改意见');
    const move = REVIEW_MOVES[input.decision];
    const saved = await this.tx.run(async (m) => {
      const current = await m.getRepository(WorkReport).findOneByOrFail({ id });
      if (!move.from.includes(current.status)) throw new ConflictError(`INS-5：状态为“${labelOf(WorkReportStatus, current.status)}”，不能${labelOf(ReviewDecision, input.decision)}`, { status: current.status });
      return updateVersioned(m, WorkReport, current, input.expectedVersion, {
        status: move.to, reviewComment: text(input.comment) ?? current.reviewComment, reviewedBy: ctx.actor.label, reviewedAt: this.clock.now(),
      }, { status: current.status });
    });
    ctx.auditTarget('WorkReport', id, { before: { status: found.status }, after: { status: saved.status } });
    return saved;
  }
}
