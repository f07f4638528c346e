import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { assertTimeRules, auditPeriod } from '../common/time-rules';
import type { RequestContext } from '../kernel/request-context';
import { AuditOutcome } from './audit-entry.entity';
import { AuditService, ChainVerification, REFUSALS_NOT_RECORDED } from './audit.service';
import { ADMIN_ROLES, Role } from '../kernel/permissions';
import { SecurityPolicyService } from './security-policy.service';

/** The longest period one report covers (T-AUD-1): a year and a day, so that a calendar year always fits. */
export const SECURITY_REPORT_MAX_DAYS = 366;
/** The most refusal groups and administrator-activity rows a report lists (the largest first). */
export const SECURITY_REPORT_MAX_ROWS = 200;

/** Operations that answer personal data in clear (GB/T 22239-2019 8.1.4.11): each one an audited read. */
const UNMASKED_READS = ['personPersonalData', 'accountPersonalData', 'accountsByPersonalData'];

export interface OperationCount { operation: string; outcome: AuditOutcome; errorCode: string | null; reason: string | null; count: number }
export interface AdministratorActivity { actorId: string; actorLabel: string; role: Role; operation: string; outcome: AuditOutcome; count: number }
export interface AccountsSnapshot {
  active: number; locked: number; passwordExpired: number; secondFactorMissing: number; awaitingRoleGrant: number; unmaskGrantsInForce: number;
}

export interface SecurityReport {
  from: Date;
  to: Date;
  generatedAt: Date;
  signInFailures: number;
  signInPauses: number;
  accountLocks: number;
  passwordExpiries: number;
  refusals: number;
  refusalsNotRecorded: number;
  refusalsByOperation: OperationCount[];
  unmaskedReads: number;
  administratorActivity: AdministratorActivity[];
  refusalsByOperationTruncated: boolean;
  administratorActivityTruncated: boolean;
  accounts: AccountsSnapshot;
}

/** Where refusals made before anything ran are grouped: their operation name is whatever the client sent. */
export const REFUSED_BEFORE_EXECUTION = '（执行前拒绝）';

/**
 * The security report an audit administrator reads (GB/T 22239-2019 8.1.5.2 审计管理: 对审计记录进行分析; 8.1.4.3
 * c)/d)): for a period, inside the reader's jurisdiction, what the trail says about sign-ins, refusals, unmasked
 * reads and the administrators' own operations, the accounts as they stand now, and whether the trail is intact.
 * Figures only come from the audit trail and the accounts; nothing is estimated.
 */
@Injectable()
export class SecurityReportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly policies: SecurityPolicyService,
    private readonly clock: Clock,
  ) {}

  async report(ctx: RequestContext, from: Date, to: Date): Promise<SecurityReport> {
    const now = this.clock.now();
    assertTimeRules([auditPeriod(from, to, now, { from: 'from', to: 'to' }, SECURITY_REPORT_MAX_DAYS)]);
    // one snapshot: the counts, the groups and the accounts agree with each other
    const report = await this.dataSource.transaction('REPEATABLE READ', async (m) => {
      await m.query('SET TRANSACTION READ ONLY');
      const events = await this.eventCounts(ctx, from, to, m);
      const refusals = await this.refusalGroups(ctx, from, to, m);
      const activity = await this.administratorActivity(ctx, from, to, m);
      const accounts = await this.accounts(ctx, now, m);
      const { refusalsRecorded, ...counts } = events;
      return {
        from, to, generatedAt: now, ...counts,
        refusals: refusalsRecorded + events.refusalsNotRecorded,
        refusalsByOperation: refusals.rows, refusalsByOperationTruncated: refusals.truncated,
        administratorActivity: activity.rows, administratorActivityTruncated: activity.truncated, accounts,
      };
    });
    // 8.1.5.2 a): no entry, no answer
    await this.audit.recordRead(ctx, 'securityReport', { from, to });
    return report;
  }

  /** The chain's verification of the period (asked for on its own: it reads every entry of the period). */
  chain(ctx: RequestContext, from: Date, to: Date): Promise<ChainVerification> {
    return this.audit.verify(ctx, from, to);
  }

  private async eventCounts(ctx: RequestContext, from: Date, to: Date, m: EntityManager) {
    const row = (await this.audit.periodQuery(ctx, from, to, m)
      // a wrong password (login answered UNAUTHENTICATED) or a wrong second-factor code (SECOND_FACTOR_FAILED): not a
      // form typed wrong, not a server error
      .select(`count(*) FILTER (WHERE e.outcome = 'FAILURE' AND ((e.operation = 'login' AND e.error_code = 'UNAUTHENTICATED')
        OR (e.operation = 'verifySecondFactor' AND e.summary -> 'after' ->> 'reason' = 'SECOND_FACTOR_FAILED')))::int`, 'signInFailures')
      .addSelect(`count(*) FILTER (WHERE e.operation = 'SIGN_IN_PAUSED')::int`, 'signInPauses')
      .addSelect(`count(*) FILTER (WHERE e.operation = 'ACCOUNT_LOCKED')::int`, 'accountLocks')
      .addSelect(`count(*) FILTER (WHERE e.operation = 'PASSWORD_EXPIRED')::int`, 'passwordExpiries')
      .addSelect(`count(*) FILTER (WHERE e.outcome = 'DENIED' AND e.operation <> :notRecorded)::int`, 'refusalsRecorded')
      // the summaries of refusal windows; those of failed requests (kind FAILED) are no refusals
      .addSelect(`coalesce(sum((e.summary -> 'after' ->> 'notRecorded')::int) FILTER (WHERE e.operation = :notRecorded
        AND coalesce(e.summary -> 'after' ->> 'kind', 'REFUSED') <> 'FAILED'), 0)::int`, 'refusalsNotRecorded')
      .addSelect(`count(*) FILTER (WHERE e.operation IN (:...unmasked) AND e.outcome = 'SUCCESS')::int`, 'unmaskedReads')
      .setParameters({ notRecorded: REFUSALS_NOT_RECORDED, unmasked: UNMASKED_READS })
      .getRawOne()) as Record<string, number>;
    return {
      signInFailures: Number(row.signInFailures), signInPauses: Number(row.signInPauses), accountLocks: Number(row.accountLocks),
      passwordExpiries: Number(row.passwordExpiries), refusalsRecorded: Number(row.refusalsRecorded),
      refusalsNotRecorded: Number(row.refusalsNotRecorded), unmaskedReads: Number(row.unmaskedReads),
    };
  }

  /** Refusals by operation, code and reason, the most first; those refused before anything ran in one group. */
  private async refusalGroups(ctx: RequestContext, from: Date, to: Date, m: EntityManager): Promise<{ rows: OperationCount[]; truncated: boolean }> {
    const operation = `CASE WHEN e.summary -> 'after' ->> 'stage' IN ('BEFORE_EXECUTION', 'HTTP') THEN :beforeExecution ELSE e.operation END`;
    const reason = `e.summary -> 'after' ->> 'reason'`;
    const rows = (await this.audit.periodQuery(ctx, from, to, m)
      .andWhere(`e.outcome = 'DENIED' AND e.operation <> :notRecorded`, { notRecorded: REFUSALS_NOT_RECORDED })
      .select(operation, 'operation').addSelect('e.error_code', 'errorCode').addSelect(reason, 'reason').addSelect('count(*)::int', 'count')
      .groupBy(operation).addGroupBy('e.error_code').addGroupBy(reason)
      .orderBy('count', 'DESC').addOrderBy('operation').addOrderBy('"errorCode"').addOrderBy('reason')
      .setParameter('beforeExecution', REFUSED_BEFORE_EXECUTION)
      .limit(SECURITY_REPORT_MAX_ROWS + 1)
      .getRawMany()) as { operation: string; errorCode: string | null; reason: string | null; count: number }[];
    return {
      rows: rows.slice(0, SECURITY_REPORT_MAX_ROWS).map((r) => ({
        operation: r.operation, outcome: AuditOutcome.DENIED, errorCode: r.errorCode, reason: r.reason ?? null, count: Number(r.count),
      })),
      truncated: rows.length > SECURITY_REPORT_MAX_ROWS,
    };
  }

  /** 8.1.5.2: the administrators' own operations, by administrator (their role as it is now), the most first. */
  private async administratorActivity(ctx: RequestContext, from: Date, to: Date, m: EntityManager): Promise<{ rows: AdministratorActivity[]; truncated: boolean }> {
    const rows = (await this.audit.periodQuery(ctx, from, to, m)
      .innerJoin('account', 'a', `a.id = e.actor_id AND e.actor_kind = 'ACCOUNT'`)
      .andWhere('a.role IN (:...adminRoles)', { adminRoles: ADMIN_ROLES })
      .select('e.actor_id', 'actorId').addSelect('a.username', 'actorLabel').addSelect('a.role', 'role')
      .addSelect('e.operation', 'operation').addSelect('e.outcome', 'outcome').addSelect('count(*)::int', 'count')
      .groupBy('e.actor_id').addGroupBy('a.username').addGroupBy('a.role').addGroupBy('e.operation').addGroupBy('e.outcome')
      .orderBy('count', 'DESC').addOrderBy('a.role').addOrderBy('a.username').addOrderBy('e.operation').addOrderBy('e.outcome')
      .limit(SECURITY_REPORT_MAX_ROWS + 1)
      .getRawMany()) as AdministratorActivity[];
    return { rows: rows.slice(0, SECURITY_REPORT_MAX_ROWS).map((r) => ({ ...r, count: Number(r.count) })), truncated: rows.length > SECURITY_REPORT_MAX_ROWS };
  }

  /** The accounts inside the reader's jurisdiction as they stand now (8.1.4.1 a), b), d); 8.1.4.11 b)). */
  private async accounts(ctx: RequestContext, now: Date, m: EntityManager): Promise<AccountsSnapshot> {
    const policy = await this.policies.on(this.clock.today());
    const mfaRoles = this.policies.secondFactorRoles(policy);
    const scope = ctx.actor.kind === 'SYSTEM' ? '%' : `${ctx.actor.regionPath ?? '\u0000'}%`;
    const [row] = (await m.query(
      `SELECT count(*) FILTER (WHERE a.active)::int AS active,
              count(*) FILTER (WHERE a.active AND a.locked_until > $2)::int AS locked,
              count(*) FILTER (WHERE a.active AND a.password_changed_at <= $2 - make_interval(days => $3::int))::int AS "passwordExpired",
              count(*) FILTER (WHERE a.active AND a.role = ANY($4::text[]) AND a.totp_enabled_at IS NULL)::int AS "secondFactorMissing",
              count(*) FILTER (WHERE a.active AND NOT a.role_granted)::int AS "awaitingRoleGrant",
              (SELECT count(*)::int FROM unmask_grant g JOIN account ga ON ga.id = g.account_id JOIN region gr ON gr.id = ga.region_id
                WHERE gr.path LIKE $1 AND ga.active AND g.revoked_at IS NULL AND g.until >= $5::date) AS "unmaskGrantsInForce"
         FROM account a JOIN region r ON r.id = a.region_id
        WHERE r.path LIKE $1`,
      [scope, now, policy.passwordMaxAgeDays, [...mfaRoles], this.clock.today()],
    )) as Record<keyof AccountsSnapshot, number>[];
    return {
      active: Number(row.active), locked: Number(row.locked), passwordExpired: Number(row.passwordExpired),
      secondFactorMissing: Number(row.secondFactorMissing), awaitingRoleGrant: Number(row.awaitingRoleGrant), unmaskGrantsInForce: Number(row.unmaskGrantsInForce),
    };
  }
}
