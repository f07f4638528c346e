import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, LessThanOrEqual } from 'typeorm';
import { Clock } from '../common/clock';
import * as time from '../common/time-rules';
import { TransactionRunner } from '../database/transaction';
import { BadUserInputError, FieldProblem, NotFoundError } from '../kernel/errors';
import type { RequestContext } from '../kernel/request-context';
import { CommitteePolicy } from './committee.entity';

/** A new version's parameters (COM-2 task deadlines, COM-4 member-unit evaluation). */
export type CommitteePolicyInput = Omit<CommitteePolicy, 'version' | 'createdBy' | 'createdAt'>;

/**
 * The committees' versioned policy: the version in force on a day (`on`, used by tasks and member-unit
 * evaluations: a record keeps the version it was judged with), and publishing a new one (T-COM-5: never retroactive).
 */
@Injectable()
export class CommitteePolicyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /** The version in force on `date` (YYYY-MM-DD): the latest whose effectiveFrom is on or before it. */
  async on(date: string, m: EntityManager = this.dataSource.manager): Promise<CommitteePolicy> {
    const policy = await m.getRepository(CommitteePolicy).findOne({ where: { effectiveFrom: LessThanOrEqual(date) }, order: { version: 'DESC' } });
    if (!policy) throw new NotFoundError(`${date} 生效的委员会工作政策`);
    return policy;
  }

  /** A new version, effective today or later and not before the latest version (T-COM-5). */
  async publish(ctx: RequestContext, input: CommitteePolicyInput): Promise<CommitteePolicy> {
    const problems: FieldProblem[] = [];
    const weights = input.evaluationTaskWeight + input.evaluationCampaignWeight + input.evaluationSupervisionWeight + input.evaluationScoredWeight;
    if (weights !== 100) problems.push({ field: 'input.evaluationScoredWeight', reason: `COM-4：四项考评权重之和须为 100（现为 ${weights}）` });
    if (!(input.competentMin > 0 && input.competentMin < input.goodMin && input.goodMin < input.excellentMin && input.excellentMin <= 100)) {
      problems.push({ field: 'input.goodMin', reason: 'COM-4：须满足 0 < 称职线 < 良好线 < 优秀线 ≤ 100' });
    }
    time.assertTimeRules([time.committeePolicyDate(input.effectiveFrom, null, this.clock.today())]);
    if (problems.length) throw new BadUserInputError(problems);
    const policy = await this.tx.run(async (m) => {
      // one writer at a time: the version number and the "not before the latest" check see every committed version
      await m.query(`LOCK TABLE committee_policy IN EXCLUSIVE MODE`);
      const latest = await m.getRepository(CommitteePolicy).findOne({ where: {}, order: { version: 'DESC' } });
      time.assertTimeRules([time.committeePolicyDate(input.effectiveFrom, latest?.effectiveFrom ?? null, this.clock.today())]);
      const repo = m.getRepository(CommitteePolicy);
      return repo.save(repo.create({ ...input, version: (latest?.version ?? 0) + 1, createdBy: ctx.actor.label }));
    });
    ctx.auditTarget('CommitteePolicy', String(policy.version), { after: { ...input } });
    return policy;
  }
}
