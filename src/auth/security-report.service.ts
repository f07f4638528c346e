import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { assertTimeRules, auditPeriod } from '../common/time-rules';
import type { RequestContext } from '../graphql/request-context';
import { AuditOutcome } from './audit-entry.entity';
import { AuditService, ChainVerification, REFUSALS_NOT_RECORDED } from './audit.service';
import { ADMIN_ROLES, Role } from './permissions';
import { SecurityPolicyService } from './security-policy.service';

/** The longest period one report covers (T-AUD-1): a year and a day, so that a calendar year always fits. */
export const SECURITY_REPORT_MAX_DAYS = 366;
/** The most refusal groups and administrator-activity rows a report lists (the largest first). */
export const SECURITY_REPORT_MAX_ROWS = 200;

/** Operations that answer personal data in clear (GB/T 22239-2019 8.1.4.11): each one an audited read. */
const UNMASKED_READS = ['personPersonalData', 'accountPersonalData', 'accountsByPersonalData'];
/** The steps of a sign-in whose failure is a failed sign-in (8.1.4.1 b). */
const SIGN_IN_STEPS = ['login', 'verifySecondFactor'];

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
  accounts: AccountsSnapshot;
  chain: ChainVerification;
}

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
    const [events, refusalGroups, activity, accounts, chain] = await this.sequential([
      () => this.eventCounts(ctx, from, to),
      () => this.refusalGroups(ctx, from, to),
      () => this.administratorActivity(ctx, from, to),
      () => this.accounts(ctx, now),
      () => this.audit.verify(ctx, from, to),
    ] as const);
    return {
      from, to, generatedAt: now, ...events,
      refusals: events.refusalsRecorded + events.refusalsNotRecorded,
      refusalsByOperation: refusalGroups, administratorActivity: activity, accounts, chain,
    };
  }

  /** One statement after another (embedded PGlite has one connection; a pool on the server gains little here). */
  private async sequential<T extends readonly (() => Promise<unknown>)[]>(steps: T): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
    const out: unknown[] = [];
    for (const step of steps) out.push(await step());
    return out as { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };
  }

  private async eventCounts(ctx: RequestContext, from: Date, to: Date) {
    const row = (await this.audit.periodQuery(ctx, from, to)
      .select(`count(*) FILTER (WHERE e.operation IN (:...signInSteps) AND e.outcome = 'FAILURE')::int`, 'signInFailures')
      .addSelect(`count(*) FILTER (WHERE e.operation = 'SIGN_IN_PAUSED')::int`, 'signInPauses')
      .addSelect(`count(*) FILTER (WHERE e.operation = 'ACCOUNT_LOCKED')::int`, 'accountLocks')
      .addSelect(`count(*) FILTER (WHERE e.operation = 'PASSWORD_EXPIRED')::int`, 'passwordExpiries')
      .addSelect(`count(*) FILTER (WHERE e.outcome = 'DENIED' AND e.operation <> :notRecorded)::int`, 'refusalsRecorded')
      .addSelect(`coalesce(sum((e.summary -> 'after' ->> 'notRecorded')::int) FILTER (WHERE e.operation = :notRecorded), 0)::int`, 'refusalsNotRecorded')
      .addSelect(`count(*) FILTER (WHERE e.operation IN (:...unmasked) AND e.outcome = 'SUCCESS')::int`, 'unmaskedReads')
      .setParameters({ signInSteps: SIGN_IN_STEPS, notRecorded: REFUSALS_NOT_RECORDED, unmasked: UNMASKED_READS })
      .getRawOne()) as Record<string, number>;
    return {
      signInFailures: Number(row.signInFailures), signInPauses: Number(row.signInPauses), accountLocks: Number(row.accountLocks),
      passwordExpiries: Number(row.passwordExpiries), refusalsRecorded: Number(row.refusalsRecorded),
      refusalsNotRecorded: Number(row.refusalsNotRecorded), unmaskedReads: Number(row.unmaskedReads),
    };
  }

  private async refusalGroups(ctx: RequestContext, from: Date, to: Date): Promise<OperationCount[]> {
    const rows = (await this.audit.periodQuery(ctx, from, to)
      .andWhere(`e.outcome = 'DENIED' AND e.operation <> :notRecorded`, { notRecorded: REFUSALS_NOT_RECORDED })
      .select('e.operation', 'operation').addSelect('e.error_code', 'errorCode').addSelect(`e.summary -> 'after' ->> 'reason'`, 'reason')
      .addSelect('count(*)::int', 'count')
      .groupBy('e.operation').addGroupBy('e.error_code').addGroupBy(`e.summary -> 'after' ->> 'reason'`)
      .orderBy('count', 'DESC').addOrderBy('e.operation').addOrderBy('e.error_code').addOrderBy('reason')
      .limit(SECURITY_REPORT_MAX_ROWS)
      .getRawMany()) as { operation: string; errorCode: string | null; reason: string | null; count: number }[];
    return rows.map((r) => ({ operation: r.operation, outcome: AuditOutcome.DENIED, errorCode: r.errorCode, reason: r.reason ?? null, count: Number(r.count) }));
  }

  /** 8.1.5.2: the administrators' own operations, by administrator (their role as it is now). */
  private async administratorActivity(ctx: RequestContext, from: Date, to: Date): Promise<AdministratorActivity[]> {
    const rows = (await this.audit.periodQuery(ctx, from, to)
      .innerJoin('account', 'a', `a.id = e.actor_id AND e.actor_kind = 'ACCOUNT'`)
      .andWhere('a.role IN (:...adminRoles)', { adminRoles: ADMIN_ROLES })
      .select('e.actor_id', 'actorId').addSelect('a.username', 'actorLabel').addSelect('a.role', 'role')
      .addSelect('e.operation', 'operation').addSelect('e.outcome', 'outcome').addSelect('count(*)::int', 'count')
      .groupBy('e.actor_id').addGroupBy('a.username').addGroupBy('a.role').addGroupBy('e.operation').addGroupBy('e.outcome')
      .orderBy('a.role').addOrderBy('a.username').addOrderBy('count', 'DESC').addOrderBy('e.operation')
      .limit(SECURITY_REPORT_MAX_ROWS)
      .getRawMany()) as AdministratorActivity[];
    return rows.map((r) => ({ ...r, count: Number(r.count) }));
  }

  /** The accounts inside the reader's jurisdiction as they stand now (8.1.4.1 a), b), d); 8.1.4.11 b)). */
  private async accounts(ctx: RequestContext, now: Date): Promise<AccountsSnapshot> {
    const policy = await this.policies.on(this.clock.today());
    const mfaRoles = this.policies.secondFactorRoles(policy);
    const scope = ctx.actor.kind === 'SYSTEM' ? '%' : `${ctx.actor.regionPath ?? '\u0000'}%`;
    const [row] = (await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE a.active)::int AS active,
              count(*) FILTER (WHERE a.active AND a.locked_until > $2)::int AS locked,
              count(*) FILTER (WHERE a.active AND a.password_changed_at < $2 - make_interval(days => $3::int))::int AS "passwordExpired",
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
