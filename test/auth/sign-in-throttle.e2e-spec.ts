import { LOGIN_USERNAME_CONTEXT } from '../../src/auth/auth.service';
import { AuditService } from '../../src/auth/audit.service';
import { FieldCipher } from '../../src/auth/key-material';
import { Role } from '../../src/kernel/permissions';
import { SignInFailurePurgeJob } from '../../src/auth/sign-in-failure-purge.job';
import { createTestApp, data, error, GqlResponse, TestApp } from '../support/test-app';

/**
 * Failed sign-in handling under load and its records (GB/T 22239-2019 8.1.4.1 b), 8.1.4.3): concurrent guesses
 * are held back as sequential ones, an office's known colleagues pass a spraying count on their shared address
 * which a security administrator can lift, the counts keep no typed username and are purged, and anonymous
 * failures are audited within the per-address bound.
 */
const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`;
const PUBLISH = `mutation($i: PublishSecurityPolicyInput!) { publishSecurityPolicy(input: $i) { version } }`;
const LIFT = `mutation($i: LiftSignInPauseInput!) { liftSignInPause(input: $i) { address wasPaused pausedUntil failuresCleared } }`;
const UNLOCK = `mutation($i: AccountIdInput!) { unlockAccount(input: $i) { locked } }`;
const MINUTE = 60_000;
const DAY = 86_400_000;
const BOUND = 5;
const code = (res: GqlResponse) => res.body.errors?.[0]?.extensions?.code ?? null;
const reason = (res: GqlResponse) => res.body.errors?.[0]?.extensions?.reason ?? null;
const DEFAULTS = {
  passwordMaxAgeDays: 90, passwordHistory: 5, maxSessions: 3, delayAfterFailures: 3, delayBaseSeconds: 1, delayMaxSeconds: 60,
  lockAfterFailures: 5, lockMinutes: 30, accountLockAfterFailures: 50, knownAddressDays: 90, addressDelayAfterFailures: 10,
  addressLockAfterFailures: 100, secondFactorRoles: ['CENTER', 'BRIGADE', 'DISCIPLINE', 'COMMITTEE_OFFICE'],
};

describe('failed sign-in handling under load, and its records (GB/T 22239-2019 8.1.4.1 b), 8.1.4.3)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { TRUST_PROXY: 'true', AUDIT_REFUSALS_PER_MINUTE: String(BOUND) } });
  });
  afterAll(async () => {
    await t?.close();
  });
  const login = (username: string, password: string, address: string) =>
    t.gql(LOGIN, { i: { username, password } }, { authorization: '', 'x-forwarded-for': address });

  it('10 concurrent wrong passwords for one username from one address: at most 3 are tried, the rest wait as if sent one by one', async () => {
    const a = await t.account({ role: Role.STATION });
    const from = '10.20.0.1';
    const answers = await Promise.all(Array.from({ length: 10 }, (_, k) => login(a.username, `Wrong-Passw0rd${k}`, from)));
    const codes = answers.map((r) => reason(r) ?? code(r));
    expect(codes.filter((c) => c === 'LOGIN_FAILED').length).toBeLessThanOrEqual(DEFAULTS.delayAfterFailures);
    expect(codes.filter((c) => c !== 'LOGIN_FAILED').every((c) => c === 'TOO_MANY_REQUESTS')).toBe(true);
    const [pair] = (await t.dataSource.query(
      `SELECT failures FROM sign_in_failure WHERE address = $1 AND username_hash = $2`, [from, t.app.get(FieldCipher).index(a.username, LOGIN_USERNAME_CONTEXT)],
    )) as { failures: number }[];
    expect(pair.failures).toBe(codes.filter((c) => c === 'LOGIN_FAILED').length);
    const [account] = (await t.dataSource.query(`SELECT failed_attempts FROM account WHERE id = $1`, [a.id])) as { failed_attempts: number }[];
    expect(account.failed_attempts).toBe(pair.failures);
    // the right password waits out the delay the failures earned, then signs in; a correct one never counts
    expect(error(await login(a.username, a.password, from)).extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 1 });
    t.clock.advance(1000);
    expect(data(await login(a.username, a.password, from)).login.accessToken).toBeTruthy();
    const after = (await t.dataSource.query(
      `SELECT failures, last_failure_at FROM sign_in_failure WHERE address = $1 AND username_hash <> ''`, [from],
    )) as { failures: number; last_failure_at: Date | null }[];
    expect(after).toEqual([{ failures: 0, last_failure_at: null }]);
  });

  it('correct passwords at the same moment: each claim is given back, none leaves a failure behind', async () => {
    const a = await t.account({ role: Role.STATION });
    const from = '10.20.0.2';
    // three failures: the next attempt is one from a delay; correct passwords must not push it into one
    for (let k = 0; k < 2; k++) expect(reason(await login(a.username, `Wrong-Passw0rd${k}`, from))).toBe('LOGIN_FAILED');
    const answers = await Promise.all(Array.from({ length: 4 }, () => login(a.username, a.password, from)));
    const granted = answers.filter((r) => !r.body.errors).length;
    expect(granted).toBeGreaterThanOrEqual(1);
    for (const r of answers) if (r.body.errors) expect(code(r)).toBe('TOO_MANY_REQUESTS');
    t.clock.advance(1000);
    expect(data(await login(a.username, a.password, from)).login.accessToken).toBeTruthy();
    const left = (await t.dataSource.query(`SELECT username_hash, failures FROM sign_in_failure WHERE address = $1 ORDER BY username_hash`, [from])) as { failures: number }[];
    // the address keeps its 2 failures (a success never clears a spraying count), the username none
    expect(left.map((r) => r.failures)).toEqual([2, 0]);
    for (let k = 0; k < 3; k++) expect(reason(await login(a.username, `Wrong-Passw0rd${k}`, from))).toBe('LOGIN_FAILED');
  });

  it('8.1.4.3: the counts keep no typed username, only its keyed hash; unlockAccount clears them by it', async () => {
    const typed = 'My-Secret-Passw0rd-Typed';
    const from = '10.20.0.3';
    expect(reason(await login(typed, 'whatever-1', from))).toBe('LOGIN_FAILED');
    const a = await t.account({ role: Role.STATION });
    for (let k = 0; k < 5; k++) {
      if (k >= 3) t.clock.advance(2000);
      expect(reason(await login(a.username, `Wrong-Passw0rd${k}`, from))).toBe('LOGIN_FAILED');
    }
    const rows = (await t.dataSource.query(`SELECT * FROM sign_in_failure WHERE address = $1`, [from])) as Record<string, unknown>[];
    const text = JSON.stringify(rows).toLowerCase();
    expect(text).not.toContain(typed.toLowerCase());
    expect(text).not.toContain(a.username.toLowerCase());
    const cipher = t.app.get(FieldCipher);
    expect(rows.map((r) => r.username_hash).sort()).toEqual(['', cipher.index(typed.toLowerCase(), LOGIN_USERNAME_CONTEXT), cipher.index(a.username, LOGIN_USERNAME_CONTEXT)].sort());
    expect(code(await login(a.username, a.password, from))).toBe('TOO_MANY_REQUESTS');
    data(await t.admins.security.gql(UNLOCK, { i: { id: a.globalId } }));
    expect(data(await login(a.username, a.password, from)).login.accessToken).toBeTruthy();
  });

  it('the daily purge deletes counts with no live failure and no recent success, and keeps the others', async () => {
    const now = t.clock.now().getTime();
    const at = (ms: number) => new Date(now + ms);
    const rows: [string, number, Date | null, Date | null, Date | null][] = [
      // key, failures, last failure, paused until, last success
      ['old-failure', 2, at(-31 * MINUTE), null, null],
      ['given-back', 0, at(-MINUTE), null, null],
      ['old-success', 0, null, null, at(-91 * DAY)],
      ['live-failure', 2, at(-5 * MINUTE), null, null],
      ['paused', 5, at(-40 * MINUTE), at(10 * MINUTE), null],
      ['recent-success', 0, null, null, at(-89 * DAY)],
    ];
    for (const [key, failures, last, until, success] of rows) {
      await t.dataSource.query(
        `INSERT INTO sign_in_failure (username_hash, address, failures, last_failure_at, locked_until, last_success_at) VALUES ($1, '10.20.9.9', $2, $3, $4, $5)`,
        [key, failures, last, until, success],
      );
    }
    const run = await t.app.get(SignInFailurePurgeJob).run();
    expect(run.ran).toBe(true);
    expect(run.purged).toBeGreaterThanOrEqual(3);
    const left = (await t.dataSource.query(`SELECT username_hash FROM sign_in_failure WHERE address = '10.20.9.9' ORDER BY username_hash`)) as { username_hash: string }[];
    expect(left.map((r) => r.username_hash)).toEqual(['live-failure', 'paused', 'recent-success']);
  });

  it('anonymous failed requests from one address are audited at most AUDIT_REFUSALS_PER_MINUTE a minute, then one summary', async () => {
    const from = '10.20.0.4';
    // the bound is per calendar minute (the database's clock): start well inside one
    const seconds = new Date().getSeconds();
    if (seconds >= 50) await new Promise((resolve) => setTimeout(resolve, (61 - seconds) * 1000));
    for (let k = 0; k < BOUND + 4; k++) {
      const res = await t.gql(LOGIN, { i: { username: ' ', password: 'x' } }, { authorization: '', 'x-forwarded-for': from });
      expect(code(res)).toBe('BAD_USER_INPUT');
    }
    const written = (await t.dataSource.query(`SELECT outcome, error_code FROM audit_entry WHERE address = $1 AND operation = 'login'`, [from])) as { outcome: string; error_code: string }[];
    expect(written).toHaveLength(BOUND);
    expect(written.every((e) => e.outcome === 'FAILURE' && e.error_code === 'BAD_USER_INPUT')).toBe(true);
    // their own bound, apart from refusals (free junk requests cannot use up the room of either)
    await t.dataSource.query(`UPDATE audit_refusal_window SET window_start = window_start - interval '2 minutes' WHERE subject = $1`, [`failed:${from}`]);
    expect(await t.app.get(AuditService).flushRefusalWindows()).toBeGreaterThanOrEqual(1);
    const [summary] = (await t.dataSource.query(`SELECT summary FROM audit_entry WHERE address = $1 AND operation = 'REFUSALS_NOT_RECORDED'`, [from])) as { summary: any }[];
    expect(summary.summary.after).toMatchObject({ kind: 'FAILED', message: '另有 4 次失败的请求未逐条记录', notRecorded: 4, recorded: BOUND });
  });

  describe('an office behind one address (addresses paused from the 5th failure here)', () => {
    beforeAll(async () => {
      data(await t.admins.security.gql(PUBLISH, { i: { effectiveFrom: t.clock.today(), ...DEFAULTS, addressDelayAfterFailures: 3, addressLockAfterFailures: 5 } }));
    });

    it('spraying pauses the address for newcomers only; unlockAccount does not lift it, liftSignInPause does and is audited', async () => {
      const office = '10.30.0.1';
      const colleague = await t.account({ role: Role.STATION });
      const newcomer = await t.account({ role: Role.STATION });
      data(await login(colleague.username, colleague.password, office)); // the office address becomes known for it
      for (let k = 0; k < 5; k++) {
        if (k >= 3) t.clock.advance(2000);
        expect(reason(await login(`guess-${k}`, 'Wrong-Passw0rd', office))).toBe('LOGIN_FAILED');
      }
      const paused = error(await login(newcomer.username, newcomer.password, office));
      expect(paused.extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 1800 });
      // the colleague who signed in from here within knownAddressDays works on; its own failures still count
      expect(data(await login(colleague.username, colleague.password, office)).login.accessToken).toBeTruthy();
      expect(reason(await login(colleague.username, 'Wrong-Passw0rd', office))).toBe('LOGIN_FAILED');
      // unlocking the newcomer's account clears its own counts, not the address's
      data(await t.admins.security.gql(UNLOCK, { i: { id: newcomer.globalId } }));
      expect(code(await login(newcomer.username, newcomer.password, office))).toBe('TOO_MANY_REQUESTS');

      const bad = error(await t.admins.security.gql(LIFT, { i: { address: '10.30.0.1; DROP' } }));
      expect(bad.extensions.code).toBe('BAD_USER_INPUT');
      const lifted = data(await t.admins.security.gql(LIFT, { i: { address: ` ${office} ` } })).liftSignInPause;
      expect(lifted).toMatchObject({ address: office, wasPaused: true, failuresCleared: 6 });
      expect(new Date(lifted.pausedUntil).getTime()).toBeGreaterThan(t.clock.now().getTime());
      expect(data(await login(newcomer.username, newcomer.password, office)).login.accessToken).toBeTruthy();
      const again = data(await t.admins.security.gql(LIFT, { i: { address: office } })).liftSignInPause;
      expect(again).toMatchObject({ wasPaused: false, pausedUntil: null, failuresCleared: 0 });

      // newest first: the second lift, the first, the refused address
      const entries = data(await t.admins.audit.gql(`{ auditLog(operation: "liftSignInPause") { edges { node { actorLabel outcome targetType errorCode summary } } } }`)).auditLog.edges
        .map((e: any) => ({ ...e.node, summary: typeof e.node.summary === 'string' ? JSON.parse(e.node.summary) : e.node.summary }));
      expect(entries.map((e: any) => [e.actorLabel, e.outcome, e.errorCode])).toEqual([
        ['test-secadmin', 'SUCCESS', null], ['test-secadmin', 'SUCCESS', null], ['test-secadmin', 'FAILURE', 'BAD_USER_INPUT'],
      ]);
      expect(entries[1]).toMatchObject({ targetType: 'SignInAddress', summary: { before: { address: office, addressFailures: 6 }, after: { address: office, addressFailures: 0 } } });
    });

    it('a station cannot lift a pause', async () => {
      const station = await t.account({ role: Role.STATION });
      expect(code(await t.gqlAs(station, LIFT, { i: { address: '10.30.0.9' } }))).toBe('FORBIDDEN');
    });
  });
});
