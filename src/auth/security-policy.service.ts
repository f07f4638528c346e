import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import * as time from '../common/time-rules';
import { APP_CONFIG } from '../config/app-config';
import type { AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction';
import { BadUserInputError, FieldProblem, NotFoundError } from '../kernel/errors';
import type { RequestContext } from '../kernel/request-context';
import { Role } from '../kernel/permissions';
import { SecurityPolicy } from './security-policy.entity';

/** A new version's parameters. */
export type SecurityPolicyInput = Omit<SecurityPolicy, 'version' | 'createdBy' | 'createdAt'>;

/** Versions are read on every request (password age, second factor): kept this long in memory per instance. */
const CACHE_MS = 5_000;

/**
 * The versioned security policy (GB/T 22239-2019 8.1.4.1): the version in force on a day, and publishing a new one
 * (T-SEC-1: today or later, never retroactive).
 */
@Injectable()
export class SecurityPolicyService {
  private versions: { at: number; rows: Promise<SecurityPolicy[]> } | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The version in force on `date` (YYYY-MM-DD, default today in Asia/Shanghai). */
  async on(date: string = this.clock.today()): Promise<SecurityPolicy> {
    const rows = await this.allVersions();
    const policy = rows.find((p) => p.effectiveFrom <= date);
    if (!policy) throw new NotFoundError(`${date} 生效的安全策略`);
    return policy;
  }

  /**
   * The roles that must use a second factor (d)): the policy's, unless MFA_REQUIRED_ROLES overrides them for this
   * deployment (kept for installations and test rigs that set it before the policy existed).
   */
  secondFactorRoles(policy: SecurityPolicy): readonly string[] {
    return this.config.auth.mfaRequiredRoles ?? policy.secondFactorRoles;
  }

  get secondFactorRolesOverridden(): boolean {
    return this.config.auth.mfaRequiredRoles !== null;
  }

  async publish(ctx: RequestContext, input: SecurityPolicyInput): Promise<SecurityPolicy> {
    const problems = securityPolicyProblems(input);
    time.assertTimeRules([time.securityPolicyDate(input.effectiveFrom, null, this.clock.today())]);
    if (problems.length) throw new BadUserInputError(problems);
    const roles = [...new Set(input.secondFactorRoles)];
    const policy = await this.tx.run(async (m) => {
      // one writer at a time: the version number and the "not before the latest" check see every committed version
      await m.query(`LOCK TABLE security_policy IN EXCLUSIVE MODE`);
      const latest = await m.getRepository(SecurityPolicy).findOne({ where: {}, order: { version: 'DESC' } });
      time.assertTimeRules([time.securityPolicyDate(input.effectiveFrom, latest?.effectiveFrom ?? null, this.clock.today())]);
      const repo = m.getRepository(SecurityPolicy);
      return repo.save(repo.create({ ...input, secondFactorRoles: roles, version: (latest?.version ?? 0) + 1, createdBy: ctx.actor.label }));
    });
    this.versions = null;
    ctx.auditTarget('SecurityPolicy', String(policy.version), { after: { ...input, secondFactorRoles: roles } });
    return policy;
  }

  /** Every version, newest first (a handful of rows). */
  private allVersions(): Promise<SecurityPolicy[]> {
    if (!this.versions || Date.now() - this.versions.at > CACHE_MS) {
      const rows = this.dataSource.getRepository(SecurityPolicy).find({ order: { effectiveFrom: 'DESC', version: 'DESC' } });
      this.versions = { at: Date.now(), rows };
      rows.catch(() => (this.versions = null));
    }
    return this.versions.rows;
  }
}

/** The rules between fields of a new version (the ranges of each field are the input's bounds), in zh-CN. */
export function securityPolicyProblems(input: SecurityPolicyInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (input.lockAfterFailures <= input.delayAfterFailures) {
    problems.push({ field: 'input.lockAfterFailures', reason: `锁定所需的失败次数（${input.lockAfterFailures}）须大于开始延迟的失败次数（${input.delayAfterFailures}）` });
  }
  if (input.accountLockAfterFailures <= input.lockAfterFailures) {
    problems.push({ field: 'input.accountLockAfterFailures', reason: `账号整体锁定的失败次数（${input.accountLockAfterFailures}）须大于同一地址锁定的失败次数（${input.lockAfterFailures}），否则他人从各处少量尝试即可锁住账号` });
  }
  if (input.addressLockAfterFailures <= input.addressDelayAfterFailures) {
    problems.push({ field: 'input.addressLockAfterFailures', reason: `地址暂停所需的失败次数（${input.addressLockAfterFailures}）须大于地址开始延迟的失败次数（${input.addressDelayAfterFailures}）` });
  }
  if (input.delayMaxSeconds < input.delayBaseSeconds) {
    problems.push({ field: 'input.delayMaxSeconds', reason: `最长等待（${input.delayMaxSeconds} 秒）不能短于首次等待（${input.delayBaseSeconds} 秒）` });
  }
  const known = new Set<string>(Object.values(Role));
  const unknown = input.secondFactorRoles.filter((r) => !known.has(r));
  if (unknown.length) {
    problems.push({ field: 'input.secondFactorRoles', reason: `没有这些角色：${unknown.join('、')}（可选：${[...known].filter((r) => r !== Role.INTEGRATION).join('、')}）` });
  }
  if (input.secondFactorRoles.includes(Role.INTEGRATION)) {
    problems.push({ field: 'input.secondFactorRoles', reason: 'INTEGRATION 是 API 密钥的角色，没有登录，不能要求双因素认证' });
  }
  return problems;
}
