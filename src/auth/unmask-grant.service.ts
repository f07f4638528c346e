import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { Clock } from '../common/clock';
import { OutsideJurisdictionError } from '../kernel/outside-jurisdiction';
import { assertTimeRules, unmaskGrantUntil } from '../common/time-rules';
import { TransactionRunner } from '../database/transaction';
import { ConnectionValue, OrderKey, PageArgs, paginate } from '../graphql/connection';
import { BadUserInputError, NotFoundError } from '../kernel/errors';
import { fromGlobalId } from '../graphql/global-id';
import type { RequestContext } from '../kernel/request-context';
import { Region } from '../organization/region.entity';
import { Account } from './account.entity';
import { UnmaskGrant } from './unmask-grant.entity';
import { AccountService } from './account.service';
import { withinJurisdiction } from '../kernel/jurisdiction';
import { isAdminRole } from '../kernel/permissions';

const GRANT_ORDER: OrderKey<UnmaskGrant>[] = [
  { expr: 'g.granted_at', type: 'timestamp' },
  { expr: 'g.id', type: 'uuid', value: (g) => g.id },
];

export interface UnmaskGrantFilter {
  accountId?: string;
  /** true: in force today (not revoked, `until` not past); false: ended. */
  active?: boolean;
}

/**
 * Time-limited rights to read personal data unmasked (GB/T 22239-2019 8.1.4.11 b, least privilege): no role holds
 * PERSONAL_DATA_UNMASK; a SECURITY_ADMIN grants it to a business account for a reason, through a day at most
 * UNMASK_GRANT_MAX_DAYS ahead (T-KEY-2). The sign-in service adds the permission to the actor of every request
 * while a grant is in force (auth.service.ts), so a revocation takes effect at the next request.
 */
@Injectable()
export class UnmaskGrantService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly accounts: AccountService,
  ) {}

  async grant(ctx: RequestContext, input: { accountId: string; until: string; reason: string }): Promise<UnmaskGrant> {
    const account = await this.accounts.visibleAccount(ctx, input.accountId, 'input.accountId');
    if (ctx.actor.kind === 'ACCOUNT' && ctx.actor.id === account.id) throw BadUserInputError.field('input.accountId', '不能为本人授权');
    // administrators do no business reads (ADM-5); a disabled or not yet granted account reads nothing
    if (isAdminRole(account.role)) throw BadUserInputError.field('input.accountId', '管理员账号不办理业务，不能授予查看个人信息的权利');
    if (!account.active || !account.roleGranted) throw BadUserInputError.field('input.accountId', '账号已停用或其角色尚未授权');
    assertTimeRules([unmaskGrantUntil(input.until, this.clock.today())]);
    const grant = await this.tx.run((m) => {
      const repo = m.getRepository(UnmaskGrant);
      return repo.save(repo.create({
        id: randomUUID(), accountId: account.id, until: input.until, reason: input.reason.trim(), grantedBy: ctx.actor.label,
        grantedAt: this.clock.now(), revokedAt: null, revokedBy: null,
      }));
    });
    ctx.auditTarget('UnmaskGrant', grant.id, { after: { accountId: account.id, username: account.username, until: grant.until, reason: grant.reason } });
    return grant;
  }

  async revoke(ctx: RequestContext, globalId: string): Promise<UnmaskGrant> {
    const grant = await this.visibleGrant(ctx, globalId);
    if (grant.revokedAt) throw BadUserInputError.field('input.id', '该授权已撤销');
    const now = this.clock.now();
    const revoked = await this.tx.run(async (m) => {
      const result = await m.update(UnmaskGrant, { id: grant.id, revokedAt: IsNull() }, { revokedAt: now, revokedBy: ctx.actor.label });
      if (result.affected !== 1) throw BadUserInputError.field('input.id', '该授权已撤销');
      return m.getRepository(UnmaskGrant).findOneByOrFail({ id: grant.id });
    });
    ctx.auditTarget('UnmaskGrant', grant.id, { before: { until: grant.until }, after: { revoked: true } });
    return revoked;
  }

  list(ctx: RequestContext, page: PageArgs, filter: UnmaskGrantFilter): Promise<ConnectionValue<UnmaskGrant>> {
    const qb = this.dataSource.getRepository(UnmaskGrant).createQueryBuilder('g')
      .innerJoin(Account, 'a', 'a.id = g.account_id')
      .innerJoin(Region, 'r', 'r.id = a.region_id');
    withinJurisdiction(qb, ctx, 'r.path');
    if (filter.accountId) qb.andWhere('g.account_id = :accountId', { accountId: fromGlobalId(filter.accountId, 'Account', 'accountId') });
    if (filter.active !== undefined) {
      qb.andWhere(filter.active ? '(g.revoked_at IS NULL AND g.until >= :today)' : '(g.revoked_at IS NOT NULL OR g.until < :today)', { today: this.clock.today() });
    }
    return paginate(qb, page, GRANT_ORDER);
  }

  /** Whether a grant is in force today (Asia/Shanghai). */
  isActive(grant: UnmaskGrant): boolean {
    return grant.revokedAt === null && grant.until >= this.clock.today();
  }

  private async visibleGrant(ctx: RequestContext, globalId: string): Promise<UnmaskGrant> {
    const grant = await this.dataSource.getRepository(UnmaskGrant).findOneBy({ id: fromGlobalId(globalId, 'UnmaskGrant', 'input.id') });
    if (!grant) throw new NotFoundError('授权');
    const account = await this.accounts.accountById(ctx).load(grant.accountId);
    if (!account) throw new NotFoundError('授权');
    // the account's jurisdiction decides (the operations declare NOT_FOUND outside, as for accounts)
    if (!(await this.accounts.visibleAccounts(ctx, [account.id]))[0]) throw new OutsideJurisdictionError('授权');
    return grant;
  }
}
