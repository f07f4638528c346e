import { Inject, Injectable } from '@nestjs/common';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import { createSecretKey, randomUUID } from 'node:crypto';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { Clock } from '../common/clock';
import { APP_CONFIG } from '../config/app-config';
import type { AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction';
import { BadUserInputError, ConflictError, TooManyRequestsError, UnauthenticatedError } from '../graphql/errors';
import { Gate } from '../graphql/request-context';
import type { Actor, RequestContext } from '../graphql/request-context';
import { Account, AccountPasswordHistory, AuthSession, RecoveryCode } from './account.entity';
import { AccountService } from './account.service';
import type { ChangePasswordInput, LoginInput, VerifySecondFactorInput } from './auth.types';
import { KEY_MATERIAL } from './key-material';
import type { KeyMaterial } from './key-material';
import { FIELD_CIPHER, PersonalDataCipher } from './personal-data';
import { PASSWORD_HISTORY, passwordProblems } from './password-policy';
import { PasswordHasher } from './password-hasher';
import { isAdminRole, Permission, ROLE_PERMISSIONS } from './permissions';
import { newRecoveryCodes, newTotpSecret, normalizeRecoveryCode, totpStep, totpUri } from './totp';

const ISSUER = 'fire-committee-platform';
/** last_seen_at is written at most this often per session (idle expiry is measured in minutes). */
const TOUCH_EVERY_MS = 5_000;

/** The least time a failed sign-in takes (well above an argon2id verification plus a write). */
const FAILED_SIGN_IN_FLOOR_MS = 250;
const sleep = (ms: number) => (ms > 0 ? new Promise<void>((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

const ROLE_NOT_GRANTED = '账号的角色尚待安全管理员授权，授权后方可登录';
const LOGIN_FAILED = '用户名或密码错误，或账号已停用、已锁定（连续失败多次将锁定一段时间）';

export interface TokenPayload {
  accessToken: string;
  expiresAt: Date;
  secondFactorRequired: boolean;
  passwordChangeRequired: boolean;
  secondFactorEnrollmentRequired: boolean;
}

interface SessionRow {
  session: AuthSession;
  account: Account;
  regionPath: string;
  /** An unmask grant is in force today (UnmaskGrantService): the actor holds PERSONAL_DATA_UNMASK. */
  unmask: boolean;
}

/**
 * Sign-in and sessions: login with lockout and a per-address limit, signed short-lived tokens bound to a
 * session row (logout, idling, password changes and deactivation end it), the second factor and its enrolment,
 * password changes. Every answer to a failed sign-in is the same, whether or not the username exists.
 */
@Injectable()
export class AuthService {
  private readonly jwt: JwtService;
  private readonly attempts: RateLimiterMemory;

  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly hasher: PasswordHasher,
    private readonly accounts: AccountService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(KEY_MATERIAL) keys: KeyMaterial,
    @Inject(FIELD_CIPHER) private readonly cipher: PersonalDataCipher,
  ) {
    // a KeyObject made once: given a string, jsonwebtoken first tries it as a PEM public key and throws, on every request
    const secret = createSecretKey(Buffer.from(keys.tokenSecret, 'utf8')) as unknown as string;
    this.jwt = new JwtService({ secret, signOptions: { algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } });
    // per address: sign-in and second-factor attempts together
    this.attempts = new RateLimiterMemory({ points: config.auth.loginRatePerMinute, duration: 60 });
  }

  // ---------- sign-in ----------

  async login(ctx: RequestContext, input: LoginInput): Promise<TokenPayload> {
    await this.throttle(ctx);
    const started = Date.now();
    try {
      return await this.signIn(ctx, input);
    } catch (e) {
      // every failed sign-in takes at least as long: an unknown username, a wrong password (whose failure is counted
      // in a write) and a locked account cannot be told apart by timing
      if (e instanceof UnauthenticatedError) await sleep(FAILED_SIGN_IN_FLOOR_MS - (Date.now() - started));
      throw e;
    }
  }

  private async signIn(ctx: RequestContext, input: LoginInput): Promise<TokenPayload> {
    const username = input.username.trim().toLowerCase();
    // the account and its region in one query: a known username costs no more lookups than an unknown one
    const found = await this.dataSource
      .getRepository(Account)
      .createQueryBuilder('a')
      .addSelect((sub) => sub.select('r.path').from('region', 'r').where('r.id = a.region_id'), 'region_path')
      .where('a.username = :username', { username })
      .getRawAndEntities();
    const account = found.entities[0];
    ctx.auditTarget('Account', account?.id ?? null, { after: { username } });
    if (!account) {
      await this.hasher.burn(input.password);
      throw new UnauthenticatedError('LOGIN_FAILED', LOGIN_FAILED);
    }
    const scopePath: string = found.raw[0].region_path;
    if (ctx.auditNote) ctx.auditNote.scopePath = scopePath;
    const passwordOk = await this.hasher.verify(account.passwordHash, input.password);
    const now = this.clock.now();
    const locked = account.lockedUntil !== null && account.lockedUntil > now;
    if (!account.active || locked) throw new UnauthenticatedError('LOGIN_FAILED', LOGIN_FAILED);
    if (!passwordOk) {
      await this.countFailure(ctx, account, scopePath);
      throw new UnauthenticatedError('LOGIN_FAILED', LOGIN_FAILED);
    }
    // ADM-4: told only to who knows the password; the role a SYSTEM_ADMIN requested waits for a SECURITY_ADMIN
    if (!account.roleGranted) throw new UnauthenticatedError('ROLE_NOT_GRANTED', ROLE_NOT_GRANTED);
    const rehash = this.hasher.needsRehash(account.passwordHash) ? await this.hasher.hash(input.password) : null;
    // with a second factor the sign-in is not complete yet: the failure count is reset only once it is passed,
    // so signing in again never wipes out wrong codes
    const complete = account.totpEnabledAt === null;
    const session = await this.tx.run(async (m) => {
      // again under the row lock: a parallel attempt may have locked (or an administrator disabled) it meanwhile
      const current = await m.getRepository(Account).createQueryBuilder('a').setLock('pessimistic_write').where('a.id = :id', { id: account.id }).getOne();
      if (!current || !current.active || (current.lockedUntil !== null && current.lockedUntil > now)) return null;
      const changes = { ...(complete ? { failedAttempts: 0, lockedUntil: null } : {}), ...(rehash ? { passwordHash: rehash } : {}) };
      if (Object.keys(changes).length) await m.update(Account, { id: account.id }, changes);
      return this.openSession(m, ctx, account.id, now);
    });
    if (!session) throw new UnauthenticatedError('LOGIN_FAILED', LOGIN_FAILED);
    if (ctx.auditNote) ctx.auditNote.actor = this.actorOf(account, session, scopePath, false);
    return this.tokenFor(account, session, now);
  }

  /** Starts a session without a password (the test factories; never reachable through the API). */
  async startSession(ctx: RequestContext, accountId: string): Promise<TokenPayload> {
    const account = await this.dataSource.getRepository(Account).findOneByOrFail({ id: accountId });
    const now = this.clock.now();
    const session = await this.tx.run((m) => this.openSession(m, ctx, account.id, now));
    return this.tokenFor(account, session, now);
  }

  /** TOTP code or recovery code for a session that must pass its second factor; a new token on success. */
  async verifySecondFactor(ctx: RequestContext, input: VerifySecondFactorInput): Promise<TokenPayload> {
    if (ctx.actor.gate !== Gate.SECOND_FACTOR) throw BadUserInputError.field('input', '本次登录无需第二因素验证');
    if (!input.code === !input.recoveryCode) throw BadUserInputError.field('input', '请填写动态码或恢复码（二选一）');
    await this.throttle(ctx);
    const { account, session, regionPath } = await this.currentSession(ctx);
    const now = this.clock.now();
    const passed = await this.checkSecondFactor(account, input.code ?? input.recoveryCode!, now, Boolean(input.recoveryCode));
    if (!passed) {
      await this.countFailure(ctx, account, regionPath);
      throw BadUserInputError.field(input.code ? 'input.code' : 'input.recoveryCode', '动态码或恢复码不正确');
    }
    const rotated = await this.tx.run(async (m) => {
      await passed(m);
      // the sign-in is complete only now: the failure count starts again
      await m.update(Account, { id: account.id }, { failedAttempts: 0 });
      await m.update(AuthSession, { id: session.id }, { secondFactorAt: now, tokenId: randomUUID() });
      return m.getRepository(AuthSession).findOneByOrFail({ id: session.id });
    });
    ctx.auditTarget('Account', account.id, { after: { method: input.code ? 'TOTP' : 'RECOVERY_CODE' } });
    return this.tokenFor(await this.reload(account.id), rotated, now);
  }

  /** A new token for the same session (the old one stops working), never past the session's absolute end. */
  async refresh(ctx: RequestContext): Promise<TokenPayload> {
    const { account, session } = await this.currentSession(ctx);
    const now = this.clock.now();
    const rotated = await this.tx.run(async (m) => {
      await m.update(AuthSession, { id: session.id }, { tokenId: randomUUID(), lastSeenAt: now });
      return m.getRepository(AuthSession).findOneByOrFail({ id: session.id });
    });
    ctx.auditTarget('Account', account.id);
    return this.tokenFor(account, rotated, now);
  }

  async logout(ctx: RequestContext): Promise<boolean> {
    const sessionId = ctx.actor.sessionId!;
    await this.tx.run((m) =>
      m.update(AuthSession, { id: sessionId, revokedAt: IsNull() }, { revokedAt: this.clock.now(), revokeReason: 'LOGOUT' }),
    );
    ctx.auditTarget('Account', ctx.actor.id);
    return true;
  }

  /** Own password: the current one, the rules, not one of the last 5; other sessions end. */
  async changePassword(ctx: RequestContext, input: ChangePasswordInput): Promise<Account> {
    await this.throttle(ctx);
    const { account, regionPath } = await this.currentSession(ctx);
    if (!(await this.hasher.verify(account.passwordHash, input.currentPassword))) {
      await this.countFailure(ctx, account, regionPath);
      throw BadUserInputError.field('input.currentPassword', '当前密码不正确');
    }
    const problems = passwordProblems(input.newPassword, account.username);
    if (problems.length) throw BadUserInputError.field('input.newPassword', problems.join('；'));
    const history = await this.dataSource.getRepository(AccountPasswordHistory).find({
      where: { accountId: account.id }, order: { setAt: 'DESC', id: 'DESC' }, take: PASSWORD_HISTORY,
    });
    for (const old of [account.passwordHash, ...history.map((h) => h.passwordHash)]) {
      if (await this.hasher.verify(old, input.newPassword)) {
        throw BadUserInputError.field('input.newPassword', `不能与最近 ${PASSWORD_HISTORY} 次使用过的密码相同`);
      }
    }
    const hash = await this.hasher.hash(input.newPassword);
    const now = this.clock.now();
    const updated = await this.tx.run(async (m) => {
      const next = await this.accounts.updateVersioned(m, account, undefined, {
        passwordHash: hash, mustChangePassword: false, passwordChangedAt: now, failedAttempts: 0,
      });
      await this.accounts.rememberPassword(m, account.id, hash, now);
      await this.accounts.revokeSessions(m, account.id, 'PASSWORD_CHANGED', ctx.actor.sessionId!);
      return next;
    });
    ctx.auditTarget('Account', account.id, { after: { passwordChanged: true } });
    return updated;
  }

  // ---------- second factor: enrolment ----------

  async enrollTotp(ctx: RequestContext): Promise<{ secret: string; otpauthUri: string }> {
    const { account } = await this.currentSession(ctx);
    if (account.totpEnabledAt) throw new ConflictError('已启用双因素认证；如需更换，请先停用');
    const secret = newTotpSecret();
    await this.tx.run((m) => this.accounts.updateVersioned(m, account, undefined, { totpSecretEnc: this.cipher.encryptSecret(secret, account.id) }));
    ctx.auditTarget('Account', account.id, { after: { secondFactor: 'PENDING' } });
    return { secret, otpauthUri: totpUri(secret, account.username) };
  }

  async confirmTotp(ctx: RequestContext, code: string): Promise<string[]> {
    const { account, session } = await this.currentSession(ctx);
    if (account.totpEnabledAt) throw new ConflictError('已启用双因素认证');
    if (!account.totpSecretEnc) throw BadUserInputError.field('input.code', '请先调用 enrollTotp 获取密钥');
    const now = this.clock.now();
    const step = /^\d{6}$/.test(code) ? totpStep(this.cipher.decryptSecret(account.totpSecretEnc, account.id), code, now) : null;
    if (step === null) throw BadUserInputError.field('input.code', '动态码不正确，请确认验证器应用的时间准确');
    const codes = newRecoveryCodes();
    await this.tx.run(async (m) => {
      await this.accounts.updateVersioned(m, account, undefined, { totpEnabledAt: now, totpLastStep: String(step) });
      await this.replaceRecoveryCodes(m, account.id, codes, now);
      // the session that enrolled has just proven the factor
      await m.update(AuthSession, { id: session.id }, { secondFactorAt: now });
    });
    ctx.auditTarget('Account', account.id, { after: { secondFactor: true } });
    return codes;
  }

  async disableTotp(ctx: RequestContext, code: string): Promise<Account> {
    await this.throttle(ctx);
    const { account, regionPath } = await this.currentSession(ctx);
    if (!account.totpEnabledAt) throw BadUserInputError.field('input.code', '未启用双因素认证');
    if (this.config.auth.mfaRequiredRoles.includes(account.role)) {
      throw BadUserInputError.field('input.code', '本角色必须启用双因素认证，不能停用（丢失验证器请联系管理员重置）');
    }
    const now = this.clock.now();
    const passed = await this.checkSecondFactor(account, code, now, !/^\d{6}$/.test(code));
    if (!passed) {
      await this.countFailure(ctx, account, regionPath);
      throw BadUserInputError.field('input.code', '动态码或恢复码不正确');
    }
    const updated = await this.tx.run(async (m) => {
      await m.getRepository(RecoveryCode).delete({ accountId: account.id });
      return this.accounts.updateVersioned(m, account, undefined, { totpSecretEnc: null, totpEnabledAt: null, totpLastStep: null });
    });
    ctx.auditTarget('Account', account.id, { before: { secondFactor: true }, after: { secondFactor: false } });
    return updated;
  }

  async regenerateRecoveryCodes(ctx: RequestContext, code: string): Promise<string[]> {
    await this.throttle(ctx);
    const { account, regionPath } = await this.currentSession(ctx);
    if (!account.totpEnabledAt) throw BadUserInputError.field('input.code', '未启用双因素认证');
    const now = this.clock.now();
    const passed = await this.checkSecondFactor(account, code, now, !/^\d{6}$/.test(code));
    if (!passed) {
      await this.countFailure(ctx, account, regionPath);
      throw BadUserInputError.field('input.code', '动态码或恢复码不正确');
    }
    const codes = newRecoveryCodes();
    await this.tx.run(async (m) => {
      await passed(m);
      await this.replaceRecoveryCodes(m, account.id, codes, now);
    });
    ctx.auditTarget('Account', account.id, { after: { recoveryCodesRegenerated: true } });
    return codes;
  }

  // ---------- authentication of each request ----------

  /** The actor of a session token, or UNAUTHENTICATED with the reason. Touches the session (idle timeout). */
  async authenticateToken(token: string): Promise<Actor> {
    const now = this.clock.now();
    let payload: { sid?: string; jti?: string; sub?: string };
    try {
      payload = this.jwt.verify(token, { issuer: ISSUER, clockTimestamp: Math.floor(now.getTime() / 1000) });
    } catch (e) {
      if (e instanceof TokenExpiredError) throw new UnauthenticatedError('TOKEN_EXPIRED', '登录已过期，请重新登录');
      throw new UnauthenticatedError('TOKEN_INVALID', '访问令牌无效，请重新登录');
    }
    const found = payload.sid ? await this.sessionRow(payload.sid) : null;
    if (!found || found.session.tokenId !== payload.jti || found.account.id !== payload.sub || found.session.revokedAt) {
      throw new UnauthenticatedError('SESSION_REVOKED', '登录已失效（已退出、已在别处更新或已被管理员终止），请重新登录');
    }
    const { session, account, regionPath, unmask } = found;
    if (now.getTime() - session.lastSeenAt.getTime() > this.config.auth.sessionIdleMs) {
      await this.dataSource.getRepository(AuthSession).update({ id: session.id, revokedAt: IsNull() }, { revokedAt: now, revokeReason: 'IDLE' });
      throw new UnauthenticatedError('SESSION_IDLE', `超过 ${Math.round(this.config.auth.sessionIdleMs / 60000)} 分钟未操作，已自动退出，请重新登录`);
    }
    if (now >= session.expiresAt) throw new UnauthenticatedError('SESSION_EXPIRED', '登录已到最长时限，请重新登录');
    if (!account.active) throw new UnauthenticatedError('ACCOUNT_DISABLED', '账号已停用');
    if (!account.roleGranted) throw new UnauthenticatedError('ROLE_NOT_GRANTED', ROLE_NOT_GRANTED);
    if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      await this.dataSource.getRepository(AuthSession).update({ id: session.id }, { lastSeenAt: now });
    }
    return this.actorOf(account, session, regionPath, unmask);
  }

  // ---------- helpers ----------

  private actorOf(account: Account, session: AuthSession, regionPath: string, unmask: boolean): Actor {
    const permissions = new Set(ROLE_PERMISSIONS[account.role]);
    // GB/T 22239-2019 8.1.4.2 b): no role reads personal data unmasked; a SECURITY_ADMIN's grant does, for a while
    if (unmask && !isAdminRole(account.role)) permissions.add(Permission.PERSONAL_DATA_UNMASK);
    return {
      kind: 'ACCOUNT', id: account.id, label: account.username, role: account.role, regionId: account.regionId,
      regionPath, organizationId: account.organizationId, permissions,
      sessionId: session.id, gate: this.gateOf(account, session),
    };
  }

  /** Second factor first (a password alone must not change the password), then the password, then enrolment. */
  private gateOf(account: Account, session: AuthSession): Gate | null {
    if (account.totpEnabledAt && !session.secondFactorAt) return Gate.SECOND_FACTOR;
    if (account.mustChangePassword) return Gate.PASSWORD_CHANGE;
    if (!account.totpEnabledAt && this.config.auth.mfaRequiredRoles.includes(account.role)) return Gate.SECOND_FACTOR_ENROLLMENT;
    return null;
  }

  private tokenFor(account: Account, session: AuthSession, now: Date): TokenPayload {
    const iat = Math.floor(now.getTime() / 1000);
    const exp = Math.min(iat + Math.floor(this.config.auth.accessTokenTtlMs / 1000), Math.floor(session.expiresAt.getTime() / 1000));
    const accessToken = this.jwt.sign({ sid: session.id, jti: session.tokenId, iat, exp }, { subject: account.id, issuer: ISSUER });
    const gate = this.gateOf(account, session);
    return {
      accessToken,
      expiresAt: new Date(exp * 1000),
      secondFactorRequired: gate === Gate.SECOND_FACTOR,
      passwordChangeRequired: account.mustChangePassword,
      secondFactorEnrollmentRequired: !account.totpEnabledAt && this.config.auth.mfaRequiredRoles.includes(account.role),
    };
  }

  private async openSession(m: EntityManager, ctx: RequestContext, accountId: string, now: Date): Promise<AuthSession> {
    const repo = m.getRepository(AuthSession);
    return repo.save(repo.create({
      id: randomUUID(), accountId, tokenId: randomUUID(), createdAt: now, lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.config.auth.sessionMaxMs), secondFactorAt: null, revokedAt: null,
      revokeReason: null, address: ctx.address, userAgent: ctx.userAgent?.slice(0, 300) ?? null,
    }));
  }

  /**
   * One more consecutive failure (a password, a second-factor code, a current password); at the limit the account
   * locks for LOGIN_LOCK_MINUTES, every session of it ends, and the count starts again (committed even though the
   * request fails). Returns whether this failure locked it.
   */
  private async countFailure(ctx: RequestContext, account: Account, scopePath: string): Promise<boolean> {
    const now = this.clock.now();
    const { maxFailures, lockMs } = { maxFailures: this.config.auth.loginMaxFailures, lockMs: this.config.auth.loginLockMs };
    const lockedUntil = await this.tx.run(async (m) => {
      const counted = await m
        .createQueryBuilder()
        .update(Account)
        .set({ failedAttempts: () => 'failed_attempts + 1' })
        .where('id = :id', { id: account.id })
        .returning('failed_attempts')
        .execute();
      if (Number((counted.raw as { failed_attempts: number }[])[0]?.failed_attempts ?? 0) < maxFailures) return null;
      const until = new Date(now.getTime() + lockMs);
      await m.update(Account, { id: account.id }, { failedAttempts: 0, lockedUntil: until });
      await this.accounts.revokeSessions(m, account.id, 'LOCKED');
      return until;
    });
    if (lockedUntil) {
      ctx.auditEvent({
        operation: 'ACCOUNT_LOCKED', outcome: 'SUCCESS', targetType: 'Account', targetId: account.id, scopePath,
        after: { username: account.username, lockedUntil: lockedUntil.toISOString(), failures: maxFailures },
      });
    }
    return lockedUntil !== null;
  }

  private async throttle(ctx: RequestContext): Promise<void> {
    try {
      await this.attempts.consume(ctx.address ?? 'unknown');
    } catch (e) {
      if (e instanceof RateLimiterRes) throw new TooManyRequestsError(Math.max(1, Math.ceil(e.msBeforeNext / 1000)));
      throw e;
    }
  }

  /**
   * Checks a TOTP code (never the same step twice) or an unused recovery code; returns the write that consumes
   * it (to run in the caller's transaction), or null.
   */
  private async checkSecondFactor(
    account: Account,
    code: string,
    now: Date,
    recovery: boolean,
  ): Promise<((m: EntityManager) => Promise<void>) | null> {
    if (!account.totpSecretEnc || !account.totpEnabledAt) return null;
    if (!recovery) {
      const step = totpStep(this.cipher.decryptSecret(account.totpSecretEnc, account.id), code.trim(), now);
      if (step === null || (account.totpLastStep !== null && step <= Number(account.totpLastStep))) return null;
      return async (m) => {
        const result = await m.query(
          `UPDATE account SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)`,
          [account.id, step],
        );
        if (Number(result?.[1] ?? 0) !== 1) throw BadUserInputError.field('input.code', '动态码已使用过');
      };
    }
    const hash = this.cipher.recoveryCodeHash(normalizeRecoveryCode(code));
    const row = await this.dataSource.getRepository(RecoveryCode).findOneBy({ accountId: account.id, codeHash: hash, usedAt: IsNull() });
    if (!row) return null;
    return async (m) => {
      const result = await m.update(RecoveryCode, { id: row.id, usedAt: IsNull() }, { usedAt: now });
      if (result.affected !== 1) throw BadUserInputError.field('input.recoveryCode', '恢复码已使用过');
    };
  }

  private async replaceRecoveryCodes(m: EntityManager, accountId: string, codes: string[], now: Date): Promise<void> {
    await m.getRepository(RecoveryCode).delete({ accountId });
    await m.getRepository(RecoveryCode).insert(
      codes.map((c) => ({ id: randomUUID(), accountId, codeHash: this.cipher.recoveryCodeHash(normalizeRecoveryCode(c)), usedAt: null, createdAt: now })),
    );
  }

  private async currentSession(ctx: RequestContext): Promise<SessionRow> {
    const row = ctx.actor.sessionId ? await this.sessionRow(ctx.actor.sessionId) : null;
    if (!row) throw new UnauthenticatedError('SESSION_REVOKED', '登录已失效，请重新登录');
    return row;
  }

  private async reload(accountId: string): Promise<Account> {
    return this.dataSource.getRepository(Account).findOneByOrFail({ id: accountId });
  }

  /** The session, its account and the account's region path, in one query. */
  private async sessionRow(sessionId: string): Promise<SessionRow | null> {
    const session = await this.dataSource
      .getRepository(AuthSession)
      .createQueryBuilder('s')
      .innerJoinAndMapOne('s.account', Account, 'a', 'a.id = s.account_id')
      .addSelect((sub) => sub.select('r.path').from('region', 'r').where('r.id = a.region_id'), 'region_path')
      .addSelect(
        (sub) => sub.select('count(*)').from('unmask_grant', 'g').where('g.account_id = a.id AND g.revoked_at IS NULL AND g.until >= :today'),
        'unmask_grants',
      )
      .where('s.id = :id', { id: sessionId })
      .setParameter('today', this.clock.today())
      .getRawAndEntities();
    const entity = session.entities[0];
    if (!entity?.account) return null;
    return {
      session: entity, account: entity.account, regionPath: session.raw[0].region_path, unmask: Number(session.raw[0].unmask_grants) > 0,
    };
  }
}
