import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, LessThanOrEqual } from 'typeorm';
import { Permission, Role, ROLE_PERMISSIONS } from '../kernel/permissions';
import { Clock } from '../common/clock';
import * as time from '../common/time-rules';
import { Period, periodRange } from '../common/period';
import { TransactionRunner } from '../database/transaction';
import { BadUserInputError, FieldProblem, NotFoundError } from '../kernel/errors';
import type { RequestContext } from '../kernel/request-context';
import { DEFAULT_GRADE_LABELS, Grade } from './evaluation.enums';
import { EvaluationPolicy } from './evaluation-policy.entity';
import type { PolicyParams } from './evaluation.rules';

/** A new version's parameters: the arithmetic's (PolicyParams) with when it starts, who rates and the labels. */
export type PolicyInput = Omit<PolicyParams, 'version' | 'excellentCapPercent' | 'gradeLabels' | 'appraisalMinBallots'> & {
  effectiveFrom: string;
  /** Omitted: the latest version's (the migration's default is 3). */
  appraisalMinBallots?: number | null;
  excellentCapPercent?: number | null;
  raterRoles: Role[];
  gradeLabels?: { excellent: string; good: string; competent: string; incompetent: string } | null;
};

/** The pairs of weights that make up 100%. */
const PAIRS: [keyof PolicyInput, keyof PolicyInput][] = [
  ['monthlyReportWeight', 'monthlyAppraisalWeight'], ['quarterlyExamWeight', 'quarterlyAppraisalWeight'],
  ['annualMonthlyWeight', 'annualQuarterlyWeight'], ['centerWeight', 'townshipWeight'],
];

export function policyParams(p: EvaluationPolicy): PolicyParams {
  return { ...p, gradeLabels: { ...DEFAULT_GRADE_LABELS, ...p.gradeLabels } };
}

/** The versioned evaluation policy: which version a period uses, and publishing a new one for a future period. */
@Injectable()
export class EvaluationPolicyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async on(date: string, m: EntityManager = this.dataSource.manager): Promise<EvaluationPolicy> {
    const policy = await m.getRepository(EvaluationPolicy).findOne({ where: { effectiveFrom: LessThanOrEqual(date) }, order: { version: 'DESC' } });
    if (!policy) throw new NotFoundError(`${date} 生效的考评政策`);
    return policy;
  }

  /** A period is evaluated with the version in force on its first day (a year: on 1 January). */
  forPeriod(period: Period, m?: EntityManager): Promise<EvaluationPolicy> {
    return this.on(periodRange(period).start, m);
  }

  /**
   * A new version, for a future period only: it takes effect on the first day of a month after today, so every
   * period it applies to starts after it was published, and no result already computed can change.
   */
  async publish(ctx: RequestContext, input: PolicyInput): Promise<EvaluationPolicy> {
    const problems: FieldProblem[] = [];
    if (!input.effectiveFrom.endsWith('-01')) problems.push({ field: 'input.effectiveFrom', reason: '须为某月的 1 日（考评政策按月生效）' });
    else time.assertTimeRules([time.evaluationPolicyDate(input.effectiveFrom, null, this.clock.today())]);
    for (const [a, b] of PAIRS) {
      if ((input[a] as number) + (input[b] as number) !== 100) problems.push({ field: `input.${b}`, reason: `与 ${a} 之和须为 100` });
    }
    if (!(input.competentMin < input.goodMin && input.goodMin < input.excellentMin)) problems.push({ field: 'input.goodMin', reason: '须满足 称职线 < 良好线 < 优秀线' });
    const voters = Object.values(Role).filter((r) => ROLE_PERMISSIONS[r].includes(Permission.APPRAISAL_VOTE));
    input.raterRoles.forEach((r, i) => {
      if (!voters.includes(r)) problems.push({ field: `input.raterRoles[${i}]`, reason: `该角色不能参加民主评议（可选：${voters.join('、')}）` });
    });
    if (input.raterRoles.length === 0) problems.push({ field: 'input.raterRoles', reason: '至少一个评议人角色' });
    if (problems.length) throw new BadUserInputError(problems);
    const labels: Record<Grade, string> = input.gradeLabels
      ? { EXCELLENT: input.gradeLabels.excellent.trim(), GOOD: input.gradeLabels.good.trim(), COMPETENT: input.gradeLabels.competent.trim(), INCOMPETENT: input.gradeLabels.incompetent.trim() }
      : DEFAULT_GRADE_LABELS;
    const policy = await this.tx.run(async (m) => {
      await m.query(`LOCK TABLE evaluation_policy IN EXCLUSIVE MODE`);
      const latest = await m.getRepository(EvaluationPolicy).findOne({ where: {}, order: { version: 'DESC' } });
      time.assertTimeRules([time.evaluationPolicyDate(input.effectiveFrom, latest?.effectiveFrom ?? null, this.clock.today())]);
      const { gradeLabels: _labels, ...rest } = input;
      const repo = m.getRepository(EvaluationPolicy);
      return repo.save(repo.create({
        ...rest, excellentCapPercent: input.excellentCapPercent ?? null, raterRoles: [...new Set(input.raterRoles)], gradeLabels: labels,
        // EVA-1, EVA-2 anonymity: kept from the version before unless set (never under 3, the input and a CHECK say so)
        appraisalMinBallots: input.appraisalMinBallots ?? latest?.appraisalMinBallots,
        version: (latest?.version ?? 0) + 1, createdBy: ctx.actor.label,
      }));
    });
    ctx.auditTarget('EvaluationPolicy', String(policy.version), { after: { ...input } });
    return policy;
  }
}
