import { Inject, Injectable } from '@nestjs/common';
import { missingPermission } from './access-decision';
import type DataLoader from 'dataloader';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { Clock } from '../common/clock';
import { citizenIdProblem, maskCitizenId, maskPhone, normalizeCitizenId, phoneProblem } from '../common/citizen-id';
import { TransactionRunner, updateVersioned } from '../database/transaction';
import { ConnectionValue, OrderKey, PageArgs, paginate } from '../graphql/connection';
import { AppError, BadUserInputError, ConflictError, ErrorCode, NotFoundError } from '../kernel/errors';
import { fromGlobalId, toGlobalId } from '../graphql/global-id';
import { rowLoader } from '../graphql/loaders';
import type { RequestContext } from '../kernel/request-context';
import { OrganizationKind, RegionLevel } from '../organization/organization.enums';
import { Organization } from '../organization/organization.entity';
import { OrganizationService } from '../organization/organization.service';
import { Region } from '../organization/region.entity';
import { Account, AccountPasswordHistory } from './account.entity';
import { AuthSession } from './session.entity';
import { RecoveryCode } from './second-factor.entity';
import { LOGIN_USERNAME_CONTEXT } from './audit-chain';
import { AuditService } from './audit.service';
import type { CreateAccountInput, ResetAccountPasswordInput, UpdateAccountInput } from './account.types';
import { assertReaches, reaches, withinJurisdiction } from '../kernel/jurisdiction';
import { FieldCipher } from './key-material';
import { FIELD_CIPHER, PersonalDataCipher } from './personal-data';
import { PASSWORD_HISTORY_KEPT, passwordProblems } from '../config/password-policy';
import { PasswordHasher } from './password-hasher';
import {
  AdminAct, adminActRefusal, AdminActor, lastAdministratorRefusal, placementWithdrawsGrant, roleGrantRefusal, SeparationRefusal,
} from './admin-separation';
import { ACCOUNT_ROLES, isAdminRole, Permission, Role, TOWNSHIP_ROLES } from '../kernel/permissions';

/** The organization an account of a role belongs to, found in its region (MEMBER_UNIT: chosen explicitly). */
const ORGANIZATION_OF_ROLE: Partial<Record<Role, OrganizationKind>> = {
  [Role.COMMITTEE_OFFICE]: OrganizationKind.COUNTY_COMMITTEE_OFFICE,
  [Role.CENTER]: OrganizationKind.GUIDANCE_CENTER,
  [Role.TOWNSHIP_GOVERNMENT]: OrganizationKind.TOWNSHIP_GOVERNMENT,
  [Role.STATION]: OrganizationKind.FIRE_WORK_STATION,
  [Role.BRIGADE]: OrganizationKind.FIRE_RESCUE_BRIGADE,
};

const ACCOUNT_ORDER: OrderKey<Account>[] = [
  { expr: 'a.username', type: 'text', value: (a) => a.username },
  { expr: 'a.id', type: 'uuid', value: (a) => a.id },
];

export interface AccountFilter {
  role?: Role;
  /** false: the accounts whose role waits for a SECURITY_ADMIN's grant (ADM-4). */
  roleGranted?: boolean;
  regionId?: string;
  active?: boolean;
  citizenId?: string;
  phone?: string;
}

/** What the audit trail keeps of an account: never a hash, a secret or an unmasked personal datum. */
export function accountSummary(a: Account): Record<string, unknown> {
  return {
    username: a.username, displayName: a.displayName, role: a.role, roleGranted: a.roleGranted, regionId: a.regionId, organizationId: a.organizationId,
    active: a.active, citizenId: a.citizenIdMasked, phone: a.phoneMasked, secondFactor: a.totpEnabledAt !== null,
  };
}

/** Accounts: creation and administration by the committee office, within its jurisdiction. */
@Injectable()
export class AccountService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly organizations: OrganizationService,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    @Inject(FIELD_CIPHER) private readonly cipher: PersonalDataCipher,
    private readonly fieldCipher: FieldCipher,
  ) {}

  // ---------- reads ----------

  accountById(ctx: RequestContext): DataLoader<string, Account | undefined> {
    return rowLoader(ctx, 'auth.accountById', (ids) => this.dataSource.getRepository(Account).findBy({ id: In(ids) }), (a) => a.id);
  }

  /** An account inside the jurisdiction, or NOT_FOUND (an account's existence is not told outside it). */
  async visibleAccount(ctx: RequestContext, globalId: string, field: string): Promise<Account> {
    const account = await this.accountById(ctx).load(fromGlobalId(globalId, 'Account', field));
    if (!account) throw new NotFoundError('账号');
    const region = await this.organizations.regionById(ctx).load(account.regionId);
    assertReaches(ctx, region!.path, { what: '账号' });
    return account;
  }

  /** An account by username (any case) inside the jurisdiction, else undefined (the command line names accounts so). */
  async accountByUsername(ctx: RequestContext, username: string): Promise<Account | undefined> {
    const account = await this.dataSource.getRepository(Account).findOneBy({ username: username.trim().toLowerCase() });
    if (!account) return undefined;
    const region = await this.organizations.regionById(ctx).load(account.regionId);
    return region && reaches(ctx.actor, region.path) ? account : undefined;
  }

  /** Accounts for `node(id:)`: null outside the jurisdiction. */
  async visibleAccounts(ctx: RequestContext, ids: readonly string[]): Promise<(Account | null)[]> {
    const rows = await this.accountById(ctx).loadMany(ids);
    const regions = await this.organizations.regionById(ctx).loadMany(
      rows.map((r) => (r && !(r instanceof Error) ? r.regionId : '00000000-0000-0000-0000-000000000000')),
    );
    return rows.map((r, i) => {
      const region = regions[i];
      if (!r || r instanceof Error || !region || region instanceof Error) return null;
      if (reaches(ctx.actor, region.path)) return r;
      // answered as missing, audited as a refused read (GB/T 22239-2019 8.1.4.3 a)
      ctx.refusedRead({ path: region.path, nodeId: r.id });
      return null;
    });
  }

  async accounts(ctx: RequestContext, page: PageArgs, filter: AccountFilter): Promise<ConnectionValue<Account>> {
    const qb = this.dataSource.getRepository(Account).createQueryBuilder('a').innerJoin(Region, 'r', 'r.id = a.region_id');
    withinJurisdiction(qb, ctx, 'r.path');
    if (filter.regionId) {
      const region = await this.organizations.region(ctx, filter.regionId, 'regionId');
      assertReaches(ctx, region.path);
      qb.andWhere('r.path LIKE :accountRegion', { accountRegion: `${region.path}%` });
    }
    if (filter.citizenId || filter.phone) {
      // a lookup by a personal datum confirms the unmasked value: the unmask permission, and an audit entry
      if (ctx.actor.kind !== 'SYSTEM' && !ctx.actor.permissions.has(Permission.PERSONAL_DATA_UNMASK)) {
        throw missingPermission(Permission.PERSONAL_DATA_UNMASK, '按身份证号或手机号查找账号');
      }
      await this.audit.record(ctx, [{
        operation: 'accountsByPersonalData', outcome: 'SUCCESS', targetType: 'Account', targetId: null,
        after: { fields: [filter.citizenId ? 'citizenId' : null, filter.phone ? 'phone' : null].filter(Boolean) },
      }]);
    }
    if (filter.role) qb.andWhere('a.role = :role', { role: filter.role });
    if (filter.roleGranted !== undefined) qb.andWhere('a.role_granted = :roleGranted', { roleGranted: filter.roleGranted });
    if (filter.active !== undefined) qb.andWhere('a.active = :active', { active: filter.active });
    if (filter.citizenId) {
      qb.andWhere('a.citizen_id_index = ANY(:cid)', { cid: this.cipher.citizenIdIndexes(normalizeCitizenId(filter.citizenId)) });
    }
    // every stored form of the keyed hash: a suite switch or key rotation under way hides no row (key-material.ts)
    if (filter.phone) qb.andWhere('a.phone_index = ANY(:phone)', { phone: this.cipher.phoneIndexes(filter.phone.trim()) });
    return paginate(qb, page, ACCOUNT_ORDER);
  }

  /**
   * The unmasked personal data of an account: its own permission (an unmask grant), and the right to read that
   * account as `accounts` and `node` decide it (ACCOUNT_READ, the account inside the jurisdiction): an unmask grant
   * widens what is shown of an account one may read, never which accounts (8.1.4.11 b, 8.1.4.2 d least privilege).
   * An audit entry for every read.
   */
  async revealPersonalData(ctx: RequestContext, globalId: string): Promise<{ citizenId: string | null; phone: string | null }> {
    if (ctx.actor.kind !== 'SYSTEM' && !ctx.actor.permissions.has(Permission.ACCOUNT_READ)) {
      throw missingPermission(Permission.ACCOUNT_READ, '查看账号未脱敏的个人信息');
    }
    const account = await this.visibleAccount(ctx, globalId, 'id');
    const revealed = {
      citizenId: account.citizenIdEnc ? this.cipher.decryptCitizenId(account.citizenIdEnc) : null,
      phone: account.phoneEnc ? this.cipher.decryptPhone(account.phoneEnc) : null,
    };
    // written before the data leaves: no entry, no data
    await this.audit.record(ctx, [{
      operation: 'accountPersonalData', outcome: 'SUCCESS', targetType: 'Account', targetId: account.id,
      after: { fields: Object.entries(revealed).filter(([, v]) => v !== null).map(([k]) => k) },
    }]);
    return revealed;
  }

  // ---------- writes ----------

  async createAccount(ctx: RequestContext, input: CreateAccountInput, options: { mustChangePassword?: boolean } = {}): Promise<Account> {
    const username = input.username.trim().toLowerCase();
    const problems = passwordProblems(input.password, username);
    if (problems.length) throw BadUserInputError.field('input.password', problems.join('；'));
    const placement = await this.placement(ctx, input.role, input.regionId, input.organizationId, 'input');
    const personal = this.personalData(input.citizenId, input.phone);
    const hash = await this.hasher.hash(input.password);
    const now = this.clock.now();
    const account = await this.tx.run(async (m) => {
      if (await m.getRepository(Account).existsBy({ username })) throw new ConflictError(`用户名 ${username} 已被使用`);
      await this.assertCitizenIdFree(m, personal.citizenIdIndex ? input.citizenId! : null, null);
      const repo = m.getRepository(Account);
      const saved = await repo.save(repo.create({
        id: randomUUID(), username, displayName: input.displayName.trim(), role: input.role,
        // ADM-4: an account's role is only requested when a person creates it; the system (first start, the
        // command line) grants at once
        roleGranted: ctx.actor.kind === 'SYSTEM',
        regionId: placement.region.id, organizationId: placement.organization?.id ?? null, active: true,
        passwordHash: hash, mustChangePassword: options.mustChangePassword ?? true, passwordChangedAt: now,
        failedAttempts: 0, lockedUntil: null, totpSecretEnc: null, totpEnabledAt: null, totpLastStep: null,
        ...personal, createdBy: ctx.actor.label,
      }));
      await m.getRepository(AccountPasswordHistory).insert({ id: randomUUID(), accountId: saved.id, passwordHash: hash, setAt: now });
      return saved;
    });
    ctx.auditTarget('Account', account.id, { after: accountSummary(account) });
    return account;
  }

  async updateAccount(ctx: RequestContext, input: UpdateAccountInput): Promise<Account> {
    const current = await this.visibleAccount(ctx, input.id, 'input.id');
    const self = ctx.actor.kind === 'ACCOUNT' && ctx.actor.id === current.id;
    // ADM-4: a role is changed by a SECURITY_ADMIN's grant only (updateAccount's `role` is deprecated)
    if (ctx.actor.kind !== 'SYSTEM' && input.role !== undefined && input.role !== current.role) {
      throw new AppError(ErrorCode.FORBIDDEN, '角色须由安全管理员用 grantAccountRole 授予或变更（三权分立），updateAccount 不再修改角色', {
        reason: 'SEPARATION_OF_DUTIES',
      });
    }
    if (self && (input.active === false || (input.role && input.role !== current.role) || input.regionId)) {
      throw BadUserInputError.field('input.id', '不能停用本人账号，也不能修改本人的角色或区划（请另一位管理员操作）');
    }
    const role = input.role ?? current.role;
    const changesPlacement = input.role !== undefined || input.regionId !== undefined || input.organizationId !== undefined;
    // a member unit account keeps its unit unless the region or the unit changes
    const keepUnit = role === Role.MEMBER_UNIT && current.role === Role.MEMBER_UNIT && !input.regionId && current.organizationId;
    const placement = changesPlacement
      ? await this.placement(
          ctx, role, input.regionId ?? null,
          input.organizationId ?? (keepUnit ? toGlobalId('Organization', current.organizationId!) : undefined),
          'input', current.regionId,
        )
      : null;
    const personal = this.personalData(input.citizenId, input.phone);
    const changes: Partial<Account> = { ...personal };
    if (input.displayName !== undefined) changes.displayName = input.displayName.trim();
    if (input.active !== undefined) changes.active = input.active;
    if (placement) {
      changes.role = role;
      changes.regionId = placement.region.id;
      changes.organizationId = placement.organization?.id ?? null;
    }
    // ADM-8: another region or organization is another jurisdiction, which the SECURITY_ADMIN grants anew
    const withdraws = placement !== null && placementWithdrawsGrant(
      adminActor(ctx), current.roleGranted,
      { regionId: current.regionId, organizationId: current.organizationId },
      { regionId: placement.region.id, organizationId: placement.organization?.id ?? null },
    );
    if (withdraws) changes.roleGranted = false;
    const deactivates = input.active === false && current.active;
    const revokes = deactivates || (placement !== null &&
      (changes.role !== current.role || changes.regionId !== current.regionId || changes.organizationId !== current.organizationId));
    const updated = await this.tx.run(async (m) => {
      if (personal.citizenIdIndex) await this.assertCitizenIdFree(m, input.citizenId!, current.id);
      if (deactivates || withdraws) await this.assertNotLastAdministrator(ctx, m, current, { deactivates, withdraws });
      const next = await this.updateVersioned(m, current, input.expectedVersion, changes);
      if (revokes) await this.revokeSessions(m, current.id, 'ACCOUNT_CHANGED');
      // ADM-8 with 8.1.4.11 b): a right to read personal data was given for work in the old jurisdiction; it ends too
      const ended = withdraws ? await this.endUnmaskGrants(m, current.id, ctx.actor.label) : 0;
      return { next, ended };
    });
    ctx.auditTarget('Account', current.id, {
      before: accountSummary(current),
      after: { ...accountSummary(updated.next), ...(updated.ended ? { unmaskGrantsEnded: updated.ended } : {}) },
    });
    return updated.next;
  }

  /** Ends the account's unmask grants still open (revoked now, by whoever moved the account); how many. */
  private async endUnmaskGrants(m: EntityManager, accountId: string, by: string): Promise<number> {
    const rows = (await m.query(
      `UPDATE unmask_grant SET revoked_at = $2, revoked_by = $3 WHERE account_id = $1 AND revoked_at IS NULL RETURNING id`,
      [accountId, this.clock.now(), by],
    )) as unknown[];
    // TypeORM answers an UPDATE … RETURNING as [rows, count] on PostgreSQL
    return Array.isArray(rows[0]) ? (rows[0] as unknown[]).length : rows.length;
  }

  async resetPassword(ctx: RequestContext, input: ResetAccountPasswordInput): Promise<Account> {
    const current = await this.visibleAccount(ctx, input.id, 'input.id');
    this.assertSeparation(ctx, 'PASSWORD_RESET', current);
    await this.assertNotBothResets(ctx, 'resetAccountPassword', current);
    const problems = passwordProblems(input.newPassword, current.username);
    if (problems.length) throw BadUserInputError.field('input.newPassword', problems.join('；'));
    const hash = await this.hasher.hash(input.newPassword);
    const now = this.clock.now();
    const updated = await this.tx.run(async (m) => {
      const next = await this.updateVersioned(m, current, undefined, {
        passwordHash: hash, mustChangePassword: true, passwordChangedAt: now,
      });
      await this.rememberPassword(m, current.id, hash, now);
      await this.revokeSessions(m, current.id, 'PASSWORD_CHANGED');
      return next;
    });
    ctx.auditTarget('Account', current.id, { after: { passwordReset: true, passwordChangeRequired: true } });
    return updated;
  }

  async unlock(ctx: RequestContext, globalId: string): Promise<Account> {
    const current = await this.visibleAccount(ctx, globalId, 'input.id');
    this.assertSeparation(ctx, 'UNLOCK', current);
    const updated = await this.tx.run(async (m) => {
      // the account row first, then its failure rows: the order sign-in takes them in (no deadlock)
      await m.query(`SELECT 1 FROM account WHERE id = $1 FOR UPDATE`, [current.id]);
      // the pauses of this username at every address end too (GB/T 22239-2019 8.1.4.1 b)); known addresses stay known.
      // The counts are keyed by the keyed hash of the username (every form, a key rotation under way), never the name
      await m.query(
        `UPDATE sign_in_failure SET failures = 0, last_failure_at = NULL, locked_until = NULL WHERE username_hash = ANY($1::text[])`,
        [this.fieldCipher.indexCandidates(current.username, LOGIN_USERNAME_CONTEXT)],
      );
      return this.updateVersioned(m, current, undefined, { failedAttempts: 0, lockedUntil: null });
    });
    ctx.auditTarget('Account', current.id, { before: { lockedUntil: current.lockedUntil }, after: { lockedUntil: null } });
    return updated;
  }

  /** For a lost authenticator: removes the second factor and the recovery codes, ends every session. */
  async resetSecondFactor(ctx: RequestContext, globalId: string): Promise<Account> {
    const current = await this.visibleAccount(ctx, globalId, 'input.id');
    this.assertSeparation(ctx, 'SECOND_FACTOR_RESET', current);
    await this.assertNotBothResets(ctx, 'resetSecondFactor', current);
    if (!current.totpSecretEnc) throw BadUserInputError.field('input.id', '该账号未启用双因素认证');
    const updated = await this.tx.run(async (m) => {
      const next = await this.updateVersioned(m, current, undefined, { totpSecretEnc: null, totpEnabledAt: null, totpLastStep: null });
      await m.getRepository(RecoveryCode).delete({ accountId: current.id });
      await this.revokeSessions(m, current.id, 'SECOND_FACTOR_RESET');
      return next;
    });
    ctx.auditTarget('Account', current.id, { before: { secondFactor: current.totpEnabledAt !== null }, after: { secondFactor: false } });
    return updated;
  }

  /**
   * ADM-4, ADM-5: a SECURITY_ADMIN grants an account its requested role, or changes it (the second person of the
   * two-person rule); the account's sessions end when the role changes.
   */
  async grantRole(ctx: RequestContext, input: { accountId: string; role: Role; organizationId?: string; expectedVersion?: number }): Promise<Account> {
    const current = await this.visibleAccount(ctx, input.accountId, 'input.accountId');
    const refusal = roleGrantRefusal(adminActor(ctx), { id: current.id, role: current.role, granted: current.roleGranted }, input.role);
    if (refusal) throw separationError(refusal, 'input.role');
    if (current.roleGranted && current.role === input.role) throw BadUserInputError.field('input.role', '该账号已被授予此角色');
    const changes: Partial<Account> = { roleGranted: true };
    if (input.role !== current.role || input.organizationId !== undefined) {
      const keepUnit = input.role === Role.MEMBER_UNIT && current.role === Role.MEMBER_UNIT && current.organizationId;
      const placement = await this.placement(
        ctx, input.role, null, input.organizationId ?? (keepUnit ? toGlobalId('Organization', current.organizationId!) : undefined),
        'input', current.regionId,
      );
      Object.assign(changes, { role: input.role, organizationId: placement.organization?.id ?? null });
    }
    const updated = await this.tx.run(async (m) => {
      const next = await this.updateVersioned(m, current, input.expectedVersion, changes);
      if (next.role !== current.role || next.organizationId !== current.organizationId) await this.revokeSessions(m, current.id, 'ACCOUNT_CHANGED');
      return next;
    });
    ctx.auditTarget('Account', current.id, {
      before: { role: current.role, roleGranted: current.roleGranted, organizationId: current.organizationId },
      after: { role: updated.role, roleGranted: true, organizationId: updated.organizationId },
    });
    return updated;
  }

  // ---------- shared with the sign-in service ----------

  /** Keeps the last PASSWORD_HISTORY_KEPT hashes (the current one included): the policy may ask for up to that many. */
  async rememberPassword(m: EntityManager, accountId: string, hash: string, at: Date): Promise<void> {
    await m.getRepository(AccountPasswordHistory).insert({ id: randomUUID(), accountId, passwordHash: hash, setAt: at });
    await m.query(
      `DELETE FROM account_password_history WHERE account_id = $1 AND id NOT IN (
         SELECT id FROM account_password_history WHERE account_id = $1 ORDER BY set_at DESC, id DESC LIMIT $2)`,
      [accountId, PASSWORD_HISTORY_KEPT],
    );
  }

  async revokeSessions(m: EntityManager, accountId: string, reason: string, except?: string): Promise<void> {
    await m
      .createQueryBuilder()
      .update(AuthSession)
      .set({ revokedAt: this.clock.now(), revokeReason: reason })
      .where('account_id = :accountId AND revoked_at IS NULL', { accountId })
      .andWhere(except ? 'id <> :except' : 'true', { except })
      .execute();
  }

  /** `WHERE id = $1 AND version = $2`: one row or CONFLICT (the sign-in service updates accounts this way too). */
  updateVersioned(m: EntityManager, current: Account, expectedVersion: number | undefined, changes: Partial<Account>): Promise<Account> {
    return updateVersioned(m, Account, current, expectedVersion, changes);
  }

  // ---------- helpers ----------

  /** ADM-1 .. ADM-3: the separation table decides who does an act on which account (after the permission). */
  private assertSeparation(ctx: RequestContext, act: AdminAct, target: Account): void {
    const refusal = adminActRefusal(adminActor(ctx), act, { id: target.id, role: target.role });
    if (refusal) throw separationError(refusal, 'input.id');
  }

  /**
   * ADM-6: whoever reset an administrator's password must not also reset its second factor (or the reverse) before
   * that administrator has signed in again: with both, one person could sign in as an administrator of another
   * kind and take its powers. The other reset and the target's last sign-in are looked up in the audit trail, in
   * the order of its chain (each act is audited in its own transaction).
   */
  private async assertNotBothResets(ctx: RequestContext, act: 'resetAccountPassword' | 'resetSecondFactor', target: Account): Promise<void> {
    if (!isAdminRole(target.role) || ctx.actor.kind !== 'ACCOUNT') return;
    const other = act === 'resetAccountPassword' ? 'resetSecondFactor' : 'resetAccountPassword';
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_entry WHERE operation = $1 AND outcome = 'SUCCESS' AND target_type = 'Account' AND target_id = $2
         AND actor_id = $3::uuid AND chain_seq > COALESCE((SELECT max(chain_seq) FROM audit_entry
           WHERE actor_id = $2::uuid AND operation IN ('login', 'verifySecondFactor') AND outcome = 'SUCCESS'), 0)`,
      [other, target.id, ctx.actor.id],
    )) as { n: number }[];
    if (row.n > 0) {
      throw new AppError(
        ErrorCode.FORBIDDEN,
        '分权要求（ADM-6）：在对方重新登录之前，同一名管理员不能既重置另一名管理员的密码又重置其双因素认证，请由另一名管理员办理',
        { reason: 'SEPARATION_OF_DUTIES' },
      );
    }
  }

  /**
   * ADM-7: the last account of an administrator kind in use is not taken out of use. The accounts of the kind in use
   * are locked FOR UPDATE (in one order) first: of two administrators taken out at once, the second sees the first
   * gone and is refused.
   */
  private async assertNotLastAdministrator(
    ctx: RequestContext, m: EntityManager, target: Account, change: { deactivates: boolean; withdraws: boolean },
  ): Promise<void> {
    const actor = adminActor(ctx);
    const bound = { role: target.role, active: target.active, granted: target.roleGranted };
    // nothing to count when the rule cannot refuse (a business account, one not in use, the system)
    if (lastAdministratorRefusal(actor, bound, change, 0) === null) return;
    const inUse = (await m.query(
      `SELECT id FROM account WHERE role = $1 AND active AND role_granted ORDER BY id FOR UPDATE`,
      [target.role],
    )) as { id: string }[];
    const refusal = lastAdministratorRefusal(actor, bound, change, inUse.filter((r) => r.id !== target.id).length);
    if (refusal) throw separationError(refusal, 'input.id');
  }

  /**
   * Where an account of a role sits: township roles in a township, the others in a county; its organization is
   * the one of its kind in that region (a member unit is chosen). The region must be inside the jurisdiction.
   */
  private async placement(
    ctx: RequestContext,
    role: Role,
    regionGlobalId: string | null,
    organizationGlobalId: string | undefined,
    prefix: string,
    fallbackRegionId?: string,
  ): Promise<{ region: Region; organization: Organization | null }> {
    if (!(ACCOUNT_ROLES as Role[]).includes(role)) throw BadUserInputError.field(`${prefix}.role`, 'INTEGRATION 角色只用于 API 密钥');
    const region = regionGlobalId
      ? await this.organizations.region(ctx, regionGlobalId, `${prefix}.regionId`)
      : (await this.organizations.regionById(ctx).load(fallbackRegionId!))!;
    assertReaches(ctx, region.path);
    const township = TOWNSHIP_ROLES.includes(role);
    if (township && region.level !== RegionLevel.TOWNSHIP) throw BadUserInputError.field(`${prefix}.regionId`, '乡镇政府和工作站账号须属于乡镇');
    // member units sit on the county committee or on a township committee
    const memberUnitPlace = role === Role.MEMBER_UNIT && (region.level === RegionLevel.COUNTY || region.level === RegionLevel.TOWNSHIP);
    // One deployment serves a province (docs/performance.md); a city's or the province's committee office supervises
    // every county below it
    // the administrators of such a deployment sit with that office (GB/T 22239-2019 8.1.5)
    const aboveCounty = (role === Role.COMMITTEE_OFFICE || isAdminRole(role)) && (region.level === RegionLevel.CITY || region.level === RegionLevel.PROVINCE);
    if (!township && region.level !== RegionLevel.COUNTY && !memberUnitPlace && !aboveCounty) {
      throw BadUserInputError.field(`${prefix}.regionId`, role === Role.COMMITTEE_OFFICE || isAdminRole(role) ? '该角色的账号须属于县、市或省' : '该角色的账号须属于县');
    }
    if (role === Role.MEMBER_UNIT) {
      if (!organizationGlobalId) throw BadUserInputError.field(`${prefix}.organizationId`, '成员单位账号须指定所属成员单位');
      const org = await this.organizations.organizationById(ctx).load(fromGlobalId(organizationGlobalId, 'Organization', `${prefix}.organizationId`));
      if (!org || org.kind !== OrganizationKind.MEMBER_UNIT || org.regionId !== region.id) {
        throw BadUserInputError.field(`${prefix}.organizationId`, '须为该区划的成员单位');
      }
      return { region, organization: org };
    }
    if (organizationGlobalId) throw BadUserInputError.field(`${prefix}.organizationId`, '只有成员单位账号需要指定机构');
    // ADM-5: an administrator account belongs to no business organization
    if (isAdminRole(role)) return { region, organization: null };
    const kind = ORGANIZATION_OF_ROLE[role];
    const organization = kind ? (await this.organizations.organizationInRegion(ctx, kind).load(region.id)) ?? null : null;
    // a city or the province has no committee office organization of the plan's kind: such an account has none
    if (kind && !organization && !aboveCounty) throw BadUserInputError.field(`${prefix}.regionId`, '该区划没有对应的机构');
    return { region, organization };
  }

  /** Validates and protects citizen ID and phone: undefined leaves a value, '' clears it. */
  private personalData(citizenId: string | undefined, phone: string | undefined): Partial<Account> {
    const out: Partial<Account> = {};
    if (citizenId !== undefined) {
      if (citizenId.trim() === '') Object.assign(out, { citizenIdEnc: null, citizenIdIndex: null, citizenIdMasked: null });
      else {
        const problem = citizenIdProblem(citizenId);
        if (problem) throw BadUserInputError.field('input.citizenId', problem);
        const id = normalizeCitizenId(citizenId);
        Object.assign(out, { citizenIdEnc: this.cipher.encryptCitizenId(id), citizenIdIndex: this.cipher.citizenIdIndex(id), citizenIdMasked: maskCitizenId(id) });
      }
    }
    if (phone !== undefined) {
      if (phone.trim() === '') Object.assign(out, { phoneEnc: null, phoneIndex: null, phoneMasked: null });
      else {
        const problem = phoneProblem(phone);
        if (problem) throw BadUserInputError.field('input.phone', problem);
        const p = phone.trim();
        Object.assign(out, { phoneEnc: this.cipher.encryptPhone(p), phoneIndex: this.cipher.phoneIndex(p), phoneMasked: maskPhone(p) });
      }
    }
    return out;
  }

  /** The unique index cannot see a row indexed under the other suite or key: every stored form is asked for. */
  private async assertCitizenIdFree(m: EntityManager, citizenId: string | null, self: string | null): Promise<void> {
    if (!citizenId) return;
    const found = await m.getRepository(Account).findBy({ citizenIdIndex: In(this.cipher.citizenIdIndexes(normalizeCitizenId(citizenId))) });
    if (found.some((other) => other.id !== self)) throw new ConflictError('该身份证号已用于另一个账号');
  }
}

/** The acting side for the separation table: the system, or the account and its role (an API key holds none of it). */
export function adminActor(ctx: RequestContext): AdminActor {
  return ctx.actor.kind === 'SYSTEM' ? { kind: 'SYSTEM' } : { kind: 'ACCOUNT', id: ctx.actor.id ?? '', role: ctx.actor.role! };
}

/** ADMIN_ACCOUNT_KIND is about the input (which role); the others about who acts: FORBIDDEN, with the code as reason. */
function separationError(refusal: SeparationRefusal, field: string): AppError {
  if (refusal.code === 'ADMIN_ACCOUNT_KIND') return BadUserInputError.field(field, refusal.reason);
  return new AppError(ErrorCode.FORBIDDEN, refusal.reason, { reason: refusal.code });
}
