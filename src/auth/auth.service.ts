import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { Clock } from '../common/clock';
import { APP_CONFIG } from '../config/app-config';
import type { AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction';
import { BadUserInputError, ConflictError, SecondFactorFailedError, TooManyRequestsError, UnauthenticatedError } from '../kernel/errors';
import { Gate } from '../kernel/request-context';
import type { Actor, RequestContext } from '../kernel/request-context';
import { Account, AccountPasswordHistory } from './account.entity';
import { AuthSession } from './session.entity';
import { RecoveryCode } from './second-factor.entity';
import { AccessTokenCodec, accessTokenCodec, AccessTokenExpired } from './access-token';
import { AccountService } from './account.service';
import type { ChangePasswordInput, LoginInput, VerifySecondFactorInput } from './session.types';
import { LOGIN_USERNAME_CONTEXT, maskUsername } from './audit-chain';
import { FieldCipher, KEY_MATERIAL } from './key-material';
import type { KeyMaterial } from './key-material';
import { FIELD_CIPHER, PersonalDataCipher } from './personal-data';
import { passwordProblems } from '../config/password-policy';
import { PasswordHasher } from './password-hasher';
import { isAdminRole, Permission, ROLE_PERMISSIONS } from '../kernel/permissions';
import { SecurityPolicy } from './security-policy.entity';
import { SecurityPolicyService } from './security-policy.service';
import { attemptVerdict, FailureCount, isKnownAddress, liveFailures as liveFailuresOf, ThrottleVerdict } from './sign-in-throttle';
import { newRecoveryCodes, newTotpSecret, normalizeRecoveryCode, totpStep, totpUri } from './totp';

const ISSUER = 'fire-committee-platform';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
/** last_seen_at is written at most this often per session (idle expiry is measured in minutes). */
const TOUCH_EVERY_MS = 5_000;

/** The least time a failed sign-in takes (well above an argon2id verification plus a write). */
const FAILED_SIGN_IN_FLOOR_MS = 250;
export { LOGIN_USERNAME_CONTEXT };
const sleep = (ms: number) => (ms > 0 ? new Promise<void>((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

const ROLE_NOT_GRANTED = '账号的角色尚待安全管理员授权，授权后方可登录';
const LOGIN_FAILED = '用户名或密码错误，或账号已停用、已锁定（连续失败多次将锁定一段时间）';
/** The address-wide count's key (a keyed hash of a username is never empty). */
const ANY_USERNAME = '';
const DAY_MS = 86_400_000;

/**
 * An attempt counted before its secret is checked (GB/T 22239-2019 8.1.4.1 b)): kept when the secret is wrong
 * (countFailure), given back when it is right (release). What it changed, so that giving it back undoes exactly that.
 */
interface Claim {
  /** The keyed hash of the username (LOGIN_USERNAME_CONTEXT), the pair count's key. */
  key: string;
  address: string;
  at: Date;
  /** The pair's and the address's last failure before this claim (restored when it is given back). */
  pairBefore: Date | null;
  addressBefore: Date | null;
  /** The pause this claim started (the pair's, the address's): ended again when it is given back. */
  pairPausedUntil: Date | null;
  addressPausedUntil: Date | null;
  /** The username completed a sign-in from this address within knownAddressDays. */
  known: boolean;
}

interface FailureRow {
  username_hash: string;
  failures: number;
  last_failure_at: Date | null;
  locked_until: Date | null;
  last_success_at: Date | null;
}

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
 * Sign-in and sessions (GB/T 22239-2019 8.1.4.1): login with failed-attempt handling shared by every instance
 * (sign-in-throttle.ts: failures only, per username and address and per address, delays then a pause; an account
 * lock a known address passes), signed short-lived tokens bound to a session row (logout, idling, password
 * changes, deactivation and a newer sign-in beyond the policy's session limit end it), the second factor and its
 * enrolment, password changes and their maximum age. Every answer to a failed password is the same, whether or
 * not the username exists.
 */
@Injectable()
export class AuthService {
  private readonly tokens: AccessTokenCodec;

  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly hasher: PasswordHasher,
    private readonly accounts: AccountService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(KEY_MATERIAL) keys: KeyMaterial,
    @Inject(FIELD_CIPHER) private readonly cipher: PersonalDataCipher,
    private readonly policies: SecurityPolicyService,
    private readonly fieldCipher: FieldCipher,
  ) {
    // HS256 under `standard`, HMAC-SM3 (HSM3) under `sm`: only the suite in force is accepted (access-token.ts)
    this.tokens = accessTokenCodec(keys.suite, keys.tokenSecret);
  }

  // ---------- sign-in ----------

  async login(ctx: RequestContext, input: LoginInput): Promise<TokenPayload> {
    const policy = await this.policies.on();
    const username = input.username.trim().toLowerCase();
    // before any password is checked: an attempt held back by earlier failures costs nothing and counts for nothing;
    // one let through is counted at once, so concurrent guesses are held back as sequential ones are
    const claim = await this.claim(ctx, username, policy);
    const started = Date.now();
    try {
      return await this.signIn(ctx, input, username, policy, claim);
    } catch (e) {
      // every failed sign-in takes at least as long: an unknown username, a wrong password (whose failure is counted
      // in a write) and a locked account cannot be told apart by timing
      if (e instanceof UnauthenticatedError) await sleep(FAILED_SIGN_IN_FLOOR_MS - (Date.now() - started));
      throw e;
    }
  }

  private async signIn(ctx: RequestContext, input: LoginInput, username: string, policy: SecurityPolicy, claim: Claim): Promise<TokenPayload> {
    // the account and its region in one query: a known username costs no more lookups than an unknown one
    const found = await this.dataSource
      .getRepository(Account)
      .createQueryBuilder('a')
      .addSelect((sub) => sub.select('r.path').from('region', 'r').where('r.id = a.region_id'), 'region_path')
      .where('a.username = :username', { username })
      .getRawAndEntities();
    const account = found.entities[0];
    // GB/T 22239-2019 8.1.4.3: what was typed is kept only as a keyed hash (to tell repeats apart) and a masked form,
    // never as text (a password typed into the username field would otherwise land in the trail)
    ctx.auditTarget('Account', account?.id ?? null, {
      after: { usernameMasked: maskUsername(username), usernameHash: this.fieldCipher.index(username, LOGIN_USERNAME_CONTEXT) },
    });
    if (!account) {
      await this.hasher.burn(input.password);
      // an unknown username is counted as a known one is: the delays tell nothing about which usernames exist
      await this.countFailure(ctx, claim, username, null, '', policy);
      throw new UnauthenticatedError('LOGIN_FAILED', LOGIN_FAILED);
    }
    const scopePath: string = found.raw[0].region_path;
    if (ctx.auditNote) ctx.auditNote.scopePath = scopePath;
    const passwordOk = await this.hasher.verify(account.passwordHash, input.password);
    const now = this.clock.now();
    if (!passwordOk) {
      await this.countFailure(ctx, claim, username, account, scopePath, policy);
      throw new UnauthenticatedError('LOGIN_FAILED', LOGIN_FAILED);
    }
    // a correct password never counts, whatever follows (disabled, locked, role not granted)
    await this.release(claim);
    // the account-wide lock (failures from everywhere) holds back unknown addresses only: whoever locked it from
    // elsewhere cannot keep its owner out of the office it signs in from (GB/T 22239-2019 8.1.4.1 b))
    const known = claim.known;
    const locked = account.lockedUntil !== null && account.lockedUntil > now && !known;
    if (!account.active || locked) throw new UnauthenticatedError('LOGIN_FAILED', LOGIN_FAILED);
    // ADM-4: told only to who knows the password; the role a SYSTEM_ADMIN requested waits for a SECURITY_ADMIN
    if (!account.roleGranted) throw new UnauthenticatedError('ROLE_NOT_GRANTED', ROLE_NOT_GRANTED);
    const rehash = this.hasher.needsRehash(account.passwordHash) ? await this.hasher.hash(input.password) : null;
    // with a second factor the sign-in is not complete yet: the failure counts are reset only once it is passed,
    // so signing in again never wipes out wrong codes
    const complete = account.totpEnabledAt === null;
    const session = await this.tx.run(async (m) => {
      // again under the row lock: a parallel attempt may have locked (or an administrator disabled) it meanwhile
      const current = await m.getRepository(Account).createQueryBuilder('a').setLock('pessimistic_write').where('a.id = :id', { id: account.id }).getOne();
      if (!current || !current.active || (current.lockedUntil !== null && current.lockedUntil > now && !known)) return null;
      if (rehash) await m.update(Account, { id: account.id }, { passwordHash: rehash });
      // a): a password older than the policy allows is changed first, on the path of one set by someone else;
      // decided at sign-in, so sessions already open are not cut short
      if (!current.mustChangePassword && this.passwordExpired(current, policy, now)) {
        await m.update(Account, { id: account.id }, { mustChangePassword: true });
        account.mustChangePassword = true;
        ctx.auditEvent({
          operation: 'PASSWORD_EXPIRED', outcome: 'SUCCESS', targetType: 'Account', targetId: account.id, scopePath,
          after: { passwordChangedAt: current.passwordChangedAt.toISOString(), maxAgeDays: policy.passwordMaxAgeDays },
        });
      }
      const opened = await this.openSession(m, ctx, account.id, now);
      if (complete) await this.completeSignIn(m, ctx, account, opened, policy, now);
      return opened;
    });
    if (!session) throw new UnauthenticatedError('LOGIN_FAILED', LOGIN_FAILED);
    if (ctx.auditNote) {
      ctx.auditNote.actor = this.actorOf(account, session, scopePath, policy, false);
      // signed in: the username is the account's, no longer something typed
      ctx.auditNote.after = { username: account.username };
    }
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
    const { account, session, regionPath } = await this.currentSession(ctx);
    const policy = await this.policies.on();
    const claim = await this.claim(ctx, account.username, policy);
    const now = this.clock.now();
    const passed = await this.checkSecondFactor(account, input.code ?? input.recoveryCode!, now, Boolean(input.recoveryCode));
    if (!passed) {
      await this.countFailure(ctx, claim, account.username, account, regionPath, policy);
      throw new SecondFactorFailedError(input.code ? 'input.code' : 'input.recoveryCode');
    }
    await this.release(claim);
    const rotated = await this.tx.run(async (m) => {
      await passed(m);
      // the sign-in is complete only now: the failure counts start again, the session limit applies
      await m.update(AuthSession, { id: session.id }, { secondFactorAt: now, tokenId: randomUUID() });
      const done = await m.getRepository(AuthSession).findOneByOrFail({ id: session.id });
      await this.completeSignIn(m, ctx, account, done, policy, now);
      return done;
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

  /** Own password: the current one, the rules, not one of the policy's last N (a)); other sessions end. */
  async changePassword(ctx: RequestContext, input: ChangePasswordInput): Promise<Account> {
    const { account, regionPath } = await this.currentSession(ctx);
    const policy = await this.policies.on();
    const claim = await this.claim(ctx, account.username, policy);
    if (!(await this.hasher.verify(account.passwordHash, input.currentPassword))) {
      await this.countFailure(ctx, claim, account.username, account, regionPath, policy);
      throw BadUserInputError.field('input.currentPassword', '当前密码不正确');
    }
    await this.release(claim);
    const problems = passwordProblems(input.newPassword, account.username);
    if (problems.length) throw BadUserInputError.field('input.newPassword', problems.join('；'));
    if (policy.passwordHistory > 0) {
      // the current password is the newest entry of the history (written when it was set)
      const history = await this.dataSource.getRepository(AccountPasswordHistory).find({
        where: { accountId: account.id }, order: { setAt: 'DESC', id: 'DESC' }, take: policy.passwordHistory,
      });
      const hashes = [...new Set([account.passwordHash, ...history.map((h) => h.passwordHash)])].slice(0, policy.passwordHistory);
      for (const old of hashes) {
        if (await this.hasher.verify(old, input.newPassword)) {
          throw BadUserInputError.field('input.newPassword', `不能与最近 ${policy.passwordHistory} 次使用过的密码相同`);
        }
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
      // the current password proven: this username's failures from this address start again
      await this.resetFailures(m, account.username, this.address(ctx), now);
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
    const { account, regionPath } = await this.currentSession(ctx);
    const policy = await this.policies.on();
    if (!account.totpEnabledAt) throw BadUserInputError.field('input.code', '未启用双因素认证');
    if (this.policies.secondFactorRoles(policy).includes(account.role)) {
      throw BadUserInputError.field('input.code', '本角色必须启用双因素认证，不能停用（丢失验证器请联系管理员重置）');
    }
    // claimed only once the code is about to be checked: a refusal above is no attempt
    const claim = await this.claim(ctx, account.username, policy);
    const now = this.clock.now();
    const passed = await this.checkSecondFactor(account, code, now, !/^\d{6}$/.test(code));
    if (!passed) {
      await this.countFailure(ctx, claim, account.username, account, regionPath, policy);
      throw new SecondFactorFailedError('input.code');
    }
    await this.release(claim);
    const updated = await this.tx.run(async (m) => {
      await m.getRepository(RecoveryCode).delete({ accountId: account.id });
      return this.accounts.updateVersioned(m, account, undefined, { totpSecretEnc: null, totpEnabledAt: null, totpLastStep: null });
    });
    ctx.auditTarget('Account', account.id, { before: { secondFactor: true }, after: { secondFactor: false } });
    return updated;
  }

  async regenerateRecoveryCodes(ctx: RequestContext, code: string): Promise<string[]> {
    const { account, regionPath } = await this.currentSession(ctx);
    const policy = await this.policies.on();
    if (!account.totpEnabledAt) throw BadUserInputError.field('input.code', '未启用双因素认证');
    const claim = await this.claim(ctx, account.username, policy);
    const now = this.clock.now();
    const passed = await this.checkSecondFactor(account, code, now, !/^\d{6}$/.test(code));
    if (!passed) {
      await this.countFailure(ctx, claim, account.username, account, regionPath, policy);
      throw new SecondFactorFailedError('input.code');
    }
    await this.release(claim);
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
    let payload: { sid?: unknown; jti?: unknown; sub?: unknown };
    try {
      payload = this.tokens.verify(token, ISSUER, Math.floor(now.getTime() / 1000));
    } catch (e) {
      if (e instanceof AccessTokenExpired) throw new UnauthenticatedError('TOKEN_EXPIRED', '登录已过期，请重新登录');
      throw new UnauthenticatedError('TOKEN_INVALID', '访问令牌无效，请重新登录');
    }
    // a validly signed token with claims of the wrong shape (a session id that is not a uuid, a number) is as
    // invalid as a forged one: never a database error (GB/T 22239-2019 8.1.4.4: input checked before use)
    if (!isUuid(payload.sid) || typeof payload.jti !== 'string' || typeof payload.sub !== 'string') {
      throw new UnauthenticatedError('TOKEN_INVALID', '访问令牌无效，请重新登录');
    }
    const found = await this.sessionRow(payload.sid);
    if (found && found.session.revokeReason === 'SUPERSEDED' && found.session.tokenId === payload.jti) {
      // b): the session limit ended this one; say so, so that whoever did not sign in elsewhere knows to act
      const policy = await this.policies.on();
      throw new UnauthenticatedError(
        'SESSION_SUPERSEDED',
        `本账号在别处有了更新的登录（同时在线最多 ${policy.maxSessions} 个），本次登录已结束，请重新登录；如不是本人登录，请立即修改密码`,
      );
    }
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
    return this.actorOf(account, session, regionPath, await this.policies.on(), unmask);
  }

  /** a): whether the password is older than the policy allows. */
  private passwordExpired(account: Account, policy: SecurityPolicy, now: Date): boolean {
    return now.getTime() >= account.passwordChangedAt.getTime() + policy.passwordMaxAgeDays * DAY_MS;
  }

  // ---------- helpers ----------

  private actorOf(account: Account, session: AuthSession, regionPath: string, policy: SecurityPolicy, unmask: boolean): Actor {
    const permissions = new Set(ROLE_PERMISSIONS[account.role]);
    // GB/T 22239-2019 8.1.4.11 b): no role reads personal data unmasked; a SECURITY_ADMIN's grant does, for a while
    if (unmask && !isAdminRole(account.role)) permissions.add(Permission.PERSONAL_DATA_UNMASK);
    return {
      kind: 'ACCOUNT', id: account.id, label: account.username, role: account.role, regionId: account.regionId,
      regionPath, organizationId: account.organizationId, permissions,
      sessionId: session.id, gate: this.gateOf(account, session, policy),
    };
  }

  /**
   * Second factor first (a password alone must not change the password), then the password (set by someone else,
   * or found too old at sign-in: a)), then enrolment for the roles the policy names (d)).
   */
  private gateOf(account: Account, session: AuthSession, policy: SecurityPolicy): Gate | null {
    if (account.totpEnabledAt && !session.secondFactorAt) return Gate.SECOND_FACTOR;
    if (account.mustChangePassword) return Gate.PASSWORD_CHANGE;
    if (this.mustEnrol(account, policy)) return Gate.SECOND_FACTOR_ENROLLMENT;
    return null;
  }

  private mustEnrol(account: Account, policy: SecurityPolicy): boolean {
    return !account.totpEnabledAt && this.policies.secondFactorRoles(policy).includes(account.role);
  }

  private async tokenFor(account: Account, session: AuthSession, now: Date): Promise<TokenPayload> {
    const policy = await this.policies.on();
    const iat = Math.floor(now.getTime() / 1000);
    const exp = Math.min(iat + Math.floor(this.config.auth.accessTokenTtlMs / 1000), Math.floor(session.expiresAt.getTime() / 1000));
    const accessToken = this.tokens.sign({ sub: account.id, iss: ISSUER, sid: session.id, jti: session.tokenId, iat, exp });
    const gate = this.gateOf(account, session, policy);
    return {
      accessToken,
      expiresAt: new Date(exp * 1000),
      secondFactorRequired: gate === Gate.SECOND_FACTOR,
      passwordChangeRequired: account.mustChangePassword,
      secondFactorEnrollmentRequired: this.mustEnrol(account, policy),
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

  private address(ctx: RequestContext): string {
    return ctx.address ?? 'unknown';
  }

  /** The key of a username's counts: the keyed hash of the normalized name, as the failed sign-in's audit entry. */
  private usernameKey(username: string): string {
    return this.fieldCipher.index(username, LOGIN_USERNAME_CONTEXT);
  }

  /**
   * Claims one attempt (b)): refuses, as TOO_MANY_REQUESTS with `retryAfterSeconds`, one that earlier failures hold
   * back — from this address for all usernames (unless the address is known for this username), or for this
   * username from this address — counting nothing for it; else counts it as a failure at once, in the same short
   * transaction as the verdict (the two rows locked FOR UPDATE, the address's first: the order every writer of
   * several rows takes), committed before any secret is checked. So N concurrent wrong guesses are held back as N
   * sequential ones would be, and no transaction stays open across argon2. The caller keeps the count
   * (countFailure) or gives it back (release).
   */
  private async claim(ctx: RequestContext, username: string, policy: SecurityPolicy): Promise<Claim> {
    const address = this.address(ctx);
    const key = this.usernameKey(username);
    // every form of the keyed hash (a key rotation under way): an address known under the previous key stays known
    const candidates = this.fieldCipher.indexCandidates(username, LOGIN_USERNAME_CONTEXT);
    const now = this.clock.now();
    const forgetBefore = new Date(now.getTime() - policy.lockMinutes * 60_000);
    const lockUntil = new Date(now.getTime() + policy.lockMinutes * 60_000);
    const outcome: { claim: Claim } | { verdict: ThrottleVerdict } = await this.tx.run(async (m): Promise<{ claim: Claim } | { verdict: ThrottleVerdict }> => {
      await m.query(
        `INSERT INTO sign_in_failure (username_hash, address) VALUES ($1, $3), ($2, $3) ON CONFLICT (username_hash, address) DO NOTHING`,
        [ANY_USERNAME, key, address],
      );
      const rows = (await m.query(
        `SELECT username_hash, failures, last_failure_at, locked_until, last_success_at FROM sign_in_failure
          WHERE address = $1 AND username_hash = ANY($2::text[]) ORDER BY username_hash FOR UPDATE`,
        [address, [ANY_USERNAME, ...candidates]],
      )) as FailureRow[];
      const countOf = (row: FailureRow | undefined): FailureCount | null =>
        row ? { failures: Number(row.failures), lastFailureAt: toDate(row.last_failure_at), lockedUntil: toDate(row.locked_until) } : null;
      const pairRow = rows.find((r) => r.username_hash === key);
      const addressRow = rows.find((r) => r.username_hash === ANY_USERNAME);
      const known = rows.some((r) => r.username_hash !== ANY_USERNAME && isKnownAddress(toDate(r.last_success_at), policy.knownAddressDays, now));
      const verdict = attemptVerdict(countOf(pairRow), countOf(addressRow), policy, now, known);
      if (verdict.refused) return { verdict };
      const count = async (name: string, lockAfter: number): Promise<Date | null> => {
        const [row] = (await m.query(
          `UPDATE sign_in_failure AS f SET
             failures = CASE WHEN f.last_failure_at IS NULL OR f.last_failure_at <= $4 OR (f.locked_until IS NOT NULL AND f.locked_until <= $3)
                             THEN 1 ELSE f.failures + 1 END,
             last_failure_at = $3,
             locked_until = CASE WHEN f.locked_until > $3 THEN f.locked_until ELSE NULL END
           WHERE username_hash = $1 AND address = $2
           RETURNING failures, locked_until`,
          [name, address, now, forgetBefore],
        ).then(rowsOf)) as { failures: number; locked_until: Date | null }[];
        // a pause already in force goes on (a known username's failure still counts for its address)
        if (Number(row.failures) < lockAfter || row.locked_until !== null) return null;
        await m.query(`UPDATE sign_in_failure SET locked_until = $3 WHERE username_hash = $1 AND address = $2`, [name, address, lockUntil]);
        return lockUntil;
      };
      const addressPausedUntil = await count(ANY_USERNAME, policy.addressLockAfterFailures);
      const pairPausedUntil = await count(key, policy.lockAfterFailures);
      return {
        claim: {
          key, address, at: now, known, pairPausedUntil, addressPausedUntil,
          pairBefore: toDate(pairRow?.last_failure_at ?? null), addressBefore: toDate(addressRow?.last_failure_at ?? null),
        } satisfies Claim,
      };
    });
    if ('claim' in outcome) return outcome.claim;
    const { verdict } = outcome;
    const wait = verdict.refused ? verdict.retryAfterSeconds : 1;
    throw new TooManyRequestsError(wait, verdict.refused && verdict.kind === 'DELAY'
      ? `登录失败次数较多，请 ${wait} 秒后再试`
      : `从本地址登录失败次数过多，已暂停登录，请 ${Math.ceil(wait / 60)} 分钟后再试（或请管理员解除）`);
  }

  /**
   * The secret was right: the claimed attempt is given back (b): a correct password or code never counts) — one
   * failure less, the last failure's time as it was, and a pause the claim started ended again.
   */
  private async release(claim: Claim): Promise<void> {
    const undo = (name: string, before: Date | null, pausedUntil: Date | null) =>
      this.dataSource.query(
        `UPDATE sign_in_failure SET
           failures = greatest(failures - 1, 0),
           last_failure_at = CASE WHEN last_failure_at = $3::timestamptz THEN $4::timestamptz ELSE last_failure_at END,
           locked_until = CASE WHEN $5::timestamptz IS NOT NULL AND locked_until = $5::timestamptz THEN NULL ELSE locked_until END
         WHERE username_hash = $1 AND address = $2`,
        [name, claim.address, claim.at, before, pausedUntil],
      );
    await undo(ANY_USERNAME, claim.addressBefore, claim.addressPausedUntil);
    await undo(claim.key, claim.pairBefore, claim.pairPausedUntil);
  }

  /**
   * The claimed attempt failed (a password, a second-factor code, a current password), committed even though the
   * request fails (b)): it stays counted for the username from this address and for the address (claim); here the
   * account's count from everywhere (its lock, which a known address passes). A pause of the pair the claim started
   * ends the account's sessions still waiting for their second factor (the guesser's); no other session ends, so
   * failures cannot sign out the account's owner.
   */
  private async countFailure(ctx: RequestContext, claim: Claim, username: string, account: Account | null, scopePath: string, policy: SecurityPolicy): Promise<void> {
    const now = this.clock.now();
    const lockUntil = new Date(now.getTime() + policy.lockMinutes * 60_000);
    const pairPaused = claim.pairPausedUntil !== null;
    const addressPaused = claim.addressPausedUntil !== null;
    let accountLocked = false;
    if (account) {
      accountLocked = await this.tx.run(async (m) => {
        // the account row locked: its count and lock are read and written by one attempt at a time
        await m.query(`SELECT 1 FROM account WHERE id = $1 FOR UPDATE`, [account.id]);
        const rows = (await m.query(
          `UPDATE account SET failed_attempts = failed_attempts + 1 WHERE id = $1 RETURNING failed_attempts`, [account.id],
        ).then(rowsOf)) as { failed_attempts: number }[];
        let locked = false;
        if (Number(rows[0]?.failed_attempts ?? 0) >= policy.accountLockAfterFailures) {
          await m.update(Account, { id: account.id }, { failedAttempts: 0, lockedUntil: lockUntil });
          locked = true;
        }
        if (pairPaused && account.totpEnabledAt) {
          await m.query(
            `UPDATE auth_session SET revoked_at = $2, revoke_reason = 'LOCKED' WHERE account_id = $1 AND revoked_at IS NULL AND second_factor_at IS NULL`,
            [account.id, now],
          );
        }
        return locked;
      });
    }
    if (pairPaused || addressPaused) {
      const pausedUntil = (pairPaused ? claim.pairPausedUntil : claim.addressPausedUntil)!;
      ctx.auditEvent({
        operation: 'SIGN_IN_PAUSED', outcome: 'SUCCESS', targetType: account ? 'Account' : null, targetId: account?.id ?? null, scopePath: scopePath || null,
        // 8.1.4.3: the typed name as a keyed hash and a masked form only, as for a failed sign-in
        after: {
          usernameMasked: pairPaused ? maskUsername(username) : null,
          usernameHash: pairPaused ? claim.key : null,
          address: claim.address, pausedUntil: pausedUntil.toISOString(),
        },
      });
    }
    if (accountLocked && account) {
      ctx.auditEvent({
        operation: 'ACCOUNT_LOCKED', outcome: 'SUCCESS', targetType: 'Account', targetId: account.id, scopePath,
        after: { username: account.username, lockedUntil: lockUntil.toISOString(), failures: policy.accountLockAfterFailures },
      });
    }
  }

  /** A complete sign-in from this address: this username's failures from here start again, the address is known. */
  private async resetFailures(m: EntityManager, username: string, address: string, now: Date): Promise<void> {
    await m.query(
      `INSERT INTO sign_in_failure AS f (username_hash, address, failures, last_success_at) VALUES ($1, $2, 0, $3)
       ON CONFLICT (username_hash, address) DO UPDATE SET failures = 0, last_failure_at = NULL, locked_until = NULL, last_success_at = $3`,
      [this.usernameKey(username), address, now],
    );
  }

  /**
   * Lifts the pauses of an address (SECURITY_ADMIN, ACCOUNT_UNLOCK): the address-wide count and every username's
   * count from it start again (b)); addresses stay known. Answers what was in force before.
   */
  async liftSignInPause(ctx: RequestContext, rawAddress: string): Promise<{ address: string; wasPaused: boolean; pausedUntil: Date | null; failuresCleared: number }> {
    const address = rawAddress.trim();
    const policy = await this.policies.on();
    const now = this.clock.now();
    const before = await this.tx.run(async (m) => {
      // locked in the order a claim takes them (the address's row first), then cleared
      const rows = (await m.query(
        `SELECT username_hash, failures, last_failure_at, locked_until, last_success_at FROM sign_in_failure WHERE address = $1 ORDER BY username_hash FOR UPDATE`,
        [address],
      )) as FailureRow[];
      await m.query(`UPDATE sign_in_failure SET failures = 0, last_failure_at = NULL, locked_until = NULL WHERE address = $1 AND (failures > 0 OR locked_until IS NOT NULL)`, [address]);
      return rows;
    });
    const count = (r: FailureRow): FailureCount => ({ failures: Number(r.failures), lastFailureAt: toDate(r.last_failure_at), lockedUntil: toDate(r.locked_until) });
    const pauses = before.map((r) => toDate(r.locked_until)).filter((d): d is Date => d !== null && d > now);
    const pausedUntil = pauses.length ? new Date(Math.max(...pauses.map((d) => d.getTime()))) : null;
    const wide = before.find((r) => r.username_hash === ANY_USERNAME);
    const failuresCleared = wide ? liveFailuresOf(count(wide), policy, now) : 0;
    ctx.auditTarget('SignInAddress', null, {
      before: { address, pausedUntil: pausedUntil?.toISOString() ?? null, addressFailures: failuresCleared, pausedUsernames: before.filter((r) => r.username_hash !== ANY_USERNAME && toDate(r.locked_until) !== null && toDate(r.locked_until)! > now).length },
      after: { address, pausedUntil: null, addressFailures: 0 },
    });
    return { address, wasPaused: pausedUntil !== null, pausedUntil, failuresCleared };
  }

  /**
   * The sign-in is complete (the password, and the second factor when the account has one): the account's failure
   * count and lock start again, the address becomes known, and beyond the policy's maxSessions the oldest complete
   * sessions end (b)). Sessions still waiting for a second factor neither count nor end others: a password alone
   * cannot sign the owner out.
   */
  private async completeSignIn(m: EntityManager, ctx: RequestContext, account: Account, session: AuthSession, policy: SecurityPolicy, now: Date): Promise<void> {
    await m.update(Account, { id: account.id }, { failedAttempts: 0, lockedUntil: null });
    await this.resetFailures(m, account.username, this.address(ctx), now);
    const idleSince = new Date(now.getTime() - this.config.auth.sessionIdleMs);
    await m.query(
      `UPDATE auth_session SET revoked_at = $2, revoke_reason = 'SUPERSEDED'
       WHERE id IN (
         SELECT id FROM auth_session
         WHERE account_id = $1 AND revoked_at IS NULL AND expires_at > $2 AND last_seen_at >= $3 AND id <> $4
           AND (second_factor_at IS NOT NULL OR NOT $5)
         ORDER BY created_at DESC, id DESC
         OFFSET $6)`,
      [account.id, now, idleSince, session.id, account.totpEnabledAt !== null, policy.maxSessions - 1],
    );
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
    const hashes = this.cipher.recoveryCodeHashes(normalizeRecoveryCode(code));
    const row = await this.dataSource.getRepository(RecoveryCode).findOneBy({ accountId: account.id, codeHash: In(hashes), usedAt: IsNull() });
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

/** A timestamp as PGlite or pg gives it back (a Date, or text). */
function toDate(value: Date | string | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(value);
}

/** The rows of an UPDATE … RETURNING, which TypeORM answers as [rows, count] on PostgreSQL. */
function rowsOf(result: unknown): unknown[] {
  return Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number' ? (result[0] as unknown[]) : (result as unknown[]);
}
