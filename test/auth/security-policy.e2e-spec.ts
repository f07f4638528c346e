import { Role } from '../../src/kernel/permissions';
import { serverUrl } from '../support/database';
import { createTestApp, data, error, GqlResponse, TEST_PASSWORD, TestAccount, TestApp } from '../support/test-app';

/**
 * The security policy and sign-in (GB/T 22239-2019 8.1.4.1 身份鉴别): failures only are counted, in the database
 * (shared by every instance), per username and address and per address; the account lock a known address passes;
 * password age and history; the session limit; the roles that must use a second factor.
 */
const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken passwordChangeRequired secondFactorEnrollmentRequired } }`;
const TOWNSHIPS = `{ townships { totalCount } }`;
const PUBLISH = `mutation($i: PublishSecurityPolicyInput!) { publishSecurityPolicy(input: $i) { version effectiveFrom maxSessions secondFactorRoles createdBy } }`;
const DAY = 86_400_000;
const code = (res: GqlResponse) => res.body.errors?.[0]?.extensions?.code ?? null;
const reason = (res: GqlResponse) => res.body.errors?.[0]?.extensions?.reason ?? null;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/**
 * The defaults of the first version (migration), to publish with a few changes; of its second-factor roles only
 * those that exist today (SYSTEM_ADMIN, SECURITY_ADMIN and AUDIT_ADMIN are refused until they are Role values).
 */
const DEFAULTS = {
  passwordMaxAgeDays: 90, passwordHistory: 5, maxSessions: 3, delayAfterFailures: 3, delayBaseSeconds: 1, delayMaxSeconds: 60,
  lockAfterFailures: 5, lockMinutes: 30, accountLockAfterFailures: 50, knownAddressDays: 90, addressDelayAfterFailures: 10,
  addressLockAfterFailures: 100,
  secondFactorRoles: ['CENTER', 'BRIGADE', 'DISCIPLINE', 'COMMITTEE_OFFICE'],
};

function signIn(t: TestApp) {
  return (username: string, password: string, address = '10.0.0.1') =>
    t.gql(LOGIN, { i: { username, password } }, { authorization: '', 'x-forwarded-for': address });
}

/** Five failures of a username from one address, waiting out each delay (3 at once, then 1 s, then 2 s): paused. */
async function pause(t: TestApp, username: string, address: string): Promise<void> {
  const login = signIn(t);
  for (let k = 0; k < 5; k++) {
    if (k === 3) t.clock.advance(1000);
    if (k === 4) t.clock.advance(2000);
    expect(reason(await login(username, `Wrong-Passw0rd${k}`, address))).toBe('LOGIN_FAILED');
  }
}

describe('security policy: publishing and reading (GB/T 22239-2019 8.1.4.1)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { TRUST_PROXY: 'true' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the first version holds the defaults: 90 days, 5 passwords, 3 sessions, the administrators and supervisors use a second factor', async () => {
    const policy = data(await t.gql(`{ securityPolicy { version effectiveFrom passwordMaxAgeDays passwordHistory maxSessions delayAfterFailures lockAfterFailures lockMinutes accountLockAfterFailures secondFactorRoles secondFactorRolesOverridden } }`)).securityPolicy;
    expect(policy).toMatchObject({ version: 1, effectiveFrom: '2000-01-01', passwordMaxAgeDays: 90, passwordHistory: 5, maxSessions: 3, delayAfterFailures: 3, lockAfterFailures: 5, lockMinutes: 30, accountLockAfterFailures: 50 });
    // the test rig overrides the roles through MFA_REQUIRED_ROLES=none, and the answer says so
    expect(policy).toMatchObject({ secondFactorRoles: [], secondFactorRolesOverridden: true });
  });

  it('publishing checks the ranges and the thresholds with zh-CN messages, and the role names against Role', async () => {
    const today = t.clock.today();
    const publish = (changes: Record<string, unknown>) => t.admins.security.gql(PUBLISH, { i: { effectiveFrom: today, ...DEFAULTS, ...changes } });
    for (const [changes, field] of [
      [{ passwordMaxAgeDays: 29 }, 'input.passwordMaxAgeDays'], [{ passwordMaxAgeDays: 181 }, 'input.passwordMaxAgeDays'],
      [{ passwordHistory: 25 }, 'input.passwordHistory'], [{ maxSessions: 0 }, 'input.maxSessions'], [{ maxSessions: 11 }, 'input.maxSessions'],
    ] as const) {
      const e = error(await publish(changes));
      expect(e.extensions.code).toBe('BAD_USER_INPUT');
      expect(e.extensions.fields[0].field).toBe(field);
      expect(e.extensions.fields[0].reason).toMatch(/[\u4e00-\u9fff]/);
    }
    const thresholds = error(await publish({ delayAfterFailures: 5, lockAfterFailures: 5 }));
    expect(thresholds.extensions.fields[0]).toMatchObject({ field: 'input.lockAfterFailures', reason: expect.stringContaining('须大于开始延迟的失败次数') });
    const roles = error(await publish({ secondFactorRoles: ['CENTER', 'BOSS'] }));
    expect(roles.extensions.fields[0]).toMatchObject({ field: 'input.secondFactorRoles', reason: expect.stringContaining('没有这些角色：BOSS') });
    // the roles of the administrators to come are accepted once they exist: today only the ones that do
    const published = data(await publish({ maxSessions: 4, secondFactorRoles: ['CENTER', 'COMMITTEE_OFFICE'] })).publishSecurityPolicy;
    expect(published).toMatchObject({ version: 2, effectiveFrom: today, maxSessions: 4, createdBy: 'test-secadmin' });
    expect(data(await t.gql(`{ securityPolicy { version maxSessions } }`)).securityPolicy).toEqual({ version: 2, maxSessions: 4 });
    expect(data(await t.gql(`{ securityPolicy(asOf: "2020-01-01") { version } }`)).securityPolicy.version).toBe(1);
  });

  it('T-SEC-1: a version cannot take effect before today; a station cannot publish', async () => {
    const yesterday = new Date(Date.parse(`${t.clock.today()}T00:00:00Z`) - DAY).toISOString().slice(0, 10);
    const e = error(await t.admins.security.gql(PUBLISH, { i: { effectiveFrom: yesterday, ...DEFAULTS } }));
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'T-SEC-1' });
    const station = await t.account({ role: Role.STATION });
    expect(code(await t.gqlAs(station, PUBLISH, { i: { effectiveFrom: t.clock.today(), ...DEFAULTS } }))).toBe('FORBIDDEN');
  });
});

describe('sign-in protects without blocking an office (GB/T 22239-2019 8.1.4.1 b))', () => {
  let t: TestApp;
  let login: ReturnType<typeof signIn>;
  beforeAll(async () => {
    t = await createTestApp({ env: { TRUST_PROXY: 'true' } });
    login = signIn(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('9 new colleagues sign in from one office address, change their passwords and work: none is refused', async () => {
    const office = '10.1.0.1';
    const colleagues: TestAccount[] = [];
    for (let k = 0; k < 9; k++) colleagues.push(await t.account({ role: Role.STATION, mustChangePassword: true }));
    for (const c of colleagues) {
      const first = data(await login(c.username, c.password, office)).login;
      expect(first.passwordChangeRequired).toBe(true);
      const h = { ...bearer(first.accessToken), 'x-forwarded-for': office };
      data(await t.gql(`mutation($i: ChangePasswordInput!) { changePassword(input: $i) { id } }`, { i: { currentPassword: c.password, newPassword: 'Own-Choice-9x' } }, h));
      expect(data(await t.gql(TOWNSHIPS, undefined, h)).townships.totalCount).toBe(1);
      data(await login(c.username, 'Own-Choice-9x', office));
    }
    const counted = (await t.dataSource.query(`SELECT count(*)::int AS n FROM sign_in_failure WHERE address = $1 AND failures > 0`, [office])) as { n: number }[];
    expect(counted[0].n).toBe(0);
  });

  it('failures from one address, whatever the usernames: delayed from the 10th (1 s, 2 s…), then refused; another address is not', async () => {
    const attacker = '10.2.0.1';
    for (let k = 0; k < 10; k++) expect(reason(await login(`guess-${k}`, 'Wrong-Passw0rd', attacker))).toBe('LOGIN_FAILED');
    const delayed = await login(t.office.username, TEST_PASSWORD, attacker);
    expect(code(delayed)).toBe('TOO_MANY_REQUESTS');
    expect(error(delayed).extensions.retryAfterSeconds).toBe(1);
    t.clock.advance(1000);
    expect(reason(await login('guess-10', 'Wrong-Passw0rd', attacker))).toBe('LOGIN_FAILED');
    expect(error(await login('guess-11', 'Wrong-Passw0rd', attacker)).extensions.retryAfterSeconds).toBe(2);
    // the office works on from its own address meanwhile
    expect(data(await login(t.office.username, TEST_PASSWORD, '10.2.0.2')).login.accessToken).toBeTruthy();
    // up to the pause (100 failures by default, 20 here): the waits go on doubling
    data(await t.admins.security.gql(PUBLISH, { i: { effectiveFrom: t.clock.today(), ...DEFAULTS, addressLockAfterFailures: 20 } }));
    for (let k = 11; k < 20; k++) {
      t.clock.advance(60_000);
      expect(reason(await login(`guess-${k}`, 'Wrong-Passw0rd', attacker))).toBe('LOGIN_FAILED');
    }
    const refused = error(await login(t.office.username, TEST_PASSWORD, attacker));
    expect(refused.extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 1800 });
    expect(refused.message).toContain('已暂停登录');
  });

  it('a paused administrator does not stop another; its own office address still signs in; the account-wide lock lets a known address through', async () => {
    const admin = await t.account({ role: Role.SYSTEM_ADMIN });
    const other = await t.account({ role: Role.SECURITY_ADMIN });
    const officeAddress = '10.3.0.1';
    data(await login(admin.username, admin.password, officeAddress)); // the office address becomes known
    await pause(t, admin.username, '10.3.9.1');
    const paused = error(await login(admin.username, admin.password, '10.3.9.1'));
    expect(paused.extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 1800 });
    expect(data(await login(other.username, other.password, '10.3.9.1')).login.accessToken).toBeTruthy();
    expect(data(await login(admin.username, admin.password, officeAddress)).login.accessToken).toBeTruthy();

    // failures from many addresses (4 each, under the pause) lock the account: 50 by default, 12 here
    data(await t.admins.security.gql(PUBLISH, { i: { effectiveFrom: t.clock.today(), ...DEFAULTS, accountLockAfterFailures: 12 } }));
    for (let a = 0; a < 3; a++) {
      for (let k = 0; k < 4; k++) {
        if (k === 3) t.clock.advance(1000);
        expect(reason(await login(admin.username, `Wrong-Passw0rd${k}`, `10.3.${a + 10}.1`))).toBe('LOGIN_FAILED');
      }
    }
    const locked = data(await t.gql(`query($id: ID!) { node(id: $id) { ... on Account { locked } } }`, { id: admin.globalId })).node;
    expect(locked.locked).toBe(true);
    // a new address is refused even with the right password, and is told no more than for a wrong one
    expect(reason(await login(admin.username, admin.password, '10.3.50.1'))).toBe('LOGIN_FAILED');
    // the known office address passes the lock, and the success ends it
    expect(data(await login(admin.username, admin.password, officeAddress)).login.accessToken).toBeTruthy();
    expect(data(await t.gql(`query($id: ID!) { node(id: $id) { ... on Account { locked } } }`, { id: admin.globalId })).node.locked).toBe(false);
    const entries = data(await t.admins.audit.gql(`{ auditLog(operation: "ACCOUNT_LOCKED") { edges { node { targetId } } } }`)).auditLog.edges;
    expect(entries.map((e: any) => e.node.targetId)).toContain(admin.id);
  });

  it('the 4th sign-in ends the 1st, which is told it was ended by a newer sign-in; the others work on', async () => {
    data(await t.admins.security.gql(PUBLISH, { i: { effectiveFrom: t.clock.today(), ...DEFAULTS, maxSessions: 3 } }));
    const a = await t.account({ role: Role.STATION });
    data(await t.gqlAs(a, `mutation { logout }`)); // the factory's session
    const tokens: string[] = [];
    for (let k = 0; k < 4; k++) tokens.push(data(await login(a.username, a.password, '10.4.0.1')).login.accessToken);
    const ended = await t.gql(TOWNSHIPS, undefined, bearer(tokens[0]));
    expect([code(ended), reason(ended)]).toEqual(['UNAUTHENTICATED', 'SESSION_SUPERSEDED']);
    expect(error(ended).message).toContain('更新的登录');
    for (const token of tokens.slice(1)) expect(data(await t.gql(TOWNSHIPS, undefined, bearer(token))).townships.totalCount).toBe(1);
  });
});

describe('password age (GB/T 22239-2019 8.1.4.1 a))', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a password 90 days old must be changed at the next sign-in, as a first sign-in must', async () => {
    const a = await t.account({ role: Role.STATION });
    const login = () => t.gql(LOGIN, { i: { username: a.username, password: a.password } }, { authorization: '' });
    t.clock.advance(89 * DAY);
    expect(data(await login()).login.passwordChangeRequired).toBe(false);
    t.clock.advance(DAY);
    const expired = data(await login()).login;
    expect(expired.passwordChangeRequired).toBe(true);
    const h = bearer(expired.accessToken);
    expect(code(await t.gql(TOWNSHIPS, undefined, h))).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(data(await t.gql(`{ me { passwordChangeRequired } }`, undefined, h)).me.passwordChangeRequired).toBe(true);
    data(await t.gql(`mutation($i: ChangePasswordInput!) { changePassword(input: $i) { id } }`, { i: { currentPassword: a.password, newPassword: 'Renewed-Pass9' } }, h));
    expect(data(await t.gql(TOWNSHIPS, undefined, h)).townships.totalCount).toBe(1);
  });
});

describe('the roles the security policy names must use a second factor (GB/T 22239-2019 8.1.4.1 d))', () => {
  let t: TestApp;
  beforeAll(async () => {
    // MFA_REQUIRED_ROLES unset: the policy decides
    t = await createTestApp({ env: { MFA_REQUIRED_ROLES: '' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a CENTER account without a second factor must enrol at sign-in, as the committee office does; a station need not', async () => {
    for (const role of [Role.CENTER, Role.COMMITTEE_OFFICE, Role.BRIGADE, Role.DISCIPLINE]) {
      const a = await t.account({ role });
      const session = data(await t.gql(LOGIN, { i: { username: a.username, password: a.password } }, { authorization: '' })).login;
      expect([role, session.secondFactorEnrollmentRequired]).toEqual([role, true]);
      expect(code(await t.gql(TOWNSHIPS, undefined, bearer(session.accessToken)))).toBe('SECOND_FACTOR_ENROLLMENT_REQUIRED');
    }
    const station = await t.account({ role: Role.STATION });
    const free = data(await t.gql(LOGIN, { i: { username: station.username, password: station.password } }, { authorization: '' })).login;
    expect(free.secondFactorEnrollmentRequired).toBe(false);
  });
});

(serverUrl() ? describe : describe.skip)('two instances on one server database (GB/T 22239-2019 8.1.4.1 b))', () => {
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    first = await createTestApp({ env: { TRUST_PROXY: 'true' } });
    second = await createTestApp({ env: { TRUST_PROXY: 'true' }, database: first.config.database });
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('share the failure count: failures on one delay, then pause, the attempts on the other', async () => {
    const a = await first.account({ role: Role.STATION });
    const on = [signIn(first), signIn(second)];
    for (let k = 0; k < 3; k++) expect(reason(await on[k % 2](a.username, `Wrong-Passw0rd${k}`, '10.5.0.1'))).toBe('LOGIN_FAILED');
    const delayed = await on[1](a.username, a.password, '10.5.0.1');
    expect(code(delayed)).toBe('TOO_MANY_REQUESTS');
    expect(error(delayed).extensions.retryAfterSeconds).toBe(1);
    for (const app of [first, second]) app.clock.advance(1000);
    expect(reason(await on[0](a.username, 'Wrong-Passw0rd3', '10.5.0.1'))).toBe('LOGIN_FAILED');
    for (const app of [first, second]) app.clock.advance(2000);
    expect(reason(await on[1](a.username, 'Wrong-Passw0rd4', '10.5.0.1'))).toBe('LOGIN_FAILED');
    expect(error(await on[0](a.username, a.password, '10.5.0.1')).extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 1800 });
    expect(error(await on[1](a.username, a.password, '10.5.0.1')).extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 1800 });
  });
});
