import request from 'supertest';
import { totpCode } from '../../src/auth/totp';
import { Role } from '../../src/kernel/permissions';
import { createTestApp, data, error, GqlResponse, TEST_PASSWORD, TestApp } from '../support/test-app';

const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken expiresAt passwordChangeRequired secondFactorRequired secondFactorEnrollmentRequired } }`;
const TOWNSHIPS = `{ townships { totalCount } }`;
const MINUTE = 60_000;
const code = (res: GqlResponse) => res.body.errors?.[0]?.extensions?.code ?? null;
const reason = (res: GqlResponse) => res.body.errors?.[0]?.extensions?.reason ?? null;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });


/** An error as the caller sees it but for its request id, which names each request apart. */
const withoutRequestId = (e: { extensions: Record<string, unknown> }) => ({ ...e, extensions: { ...e.extensions, requestId: undefined } });
describe('sign-in, sessions and passwords (GB/T 22239-2019 8.1.4.1)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { TRUST_PROXY: 'true' } });
  });
  afterAll(async () => {
    await t?.close();
  });
  const login = (username: string, password: string, headers: Record<string, string> = {}) =>
    t.gql(LOGIN, { i: { username, password } }, { authorization: '', ...headers });

  it('login returns a short-lived signed token; me shows the account with its role and region', async () => {
    const a = await t.account({ role: Role.STATION, region: '景山镇' });
    const res = data(await login(a.username.toUpperCase(), a.password)).login;
    expect(res.accessToken.split('.')).toHaveLength(3);
    const ttl = new Date(res.expiresAt).getTime() - t.clock.now().getTime();
    expect(ttl).toBeGreaterThan(29 * MINUTE);
    expect(ttl).toBeLessThanOrEqual(30 * MINUTE);
    const me = data(await t.gql(`{ me { username role region { name } organization { name } } }`, undefined, bearer(res.accessToken))).me;
    expect(me).toEqual({ username: a.username, role: 'STATION', region: { name: '景山镇' }, organization: { name: '景山镇消防工作站' } });
  });

  it('a wrong password and an unknown username get the same answer', async () => {
    const a = await t.account();
    const wrong = await login(a.username, 'Wrong-Passw0rd');
    const unknown = await login('nobody-here', 'Wrong-Passw0rd');
    expect(withoutRequestId(error(wrong))).toEqual(withoutRequestId(error(unknown)));
    expect(code(wrong)).toBe('UNAUTHENTICATED');
    expect(reason(wrong)).toBe('LOGIN_FAILED');
  });

  it('GB/T 22239-2019 8.1.4.1 b): failures of a username from one address: 3 at once, then waits of 1 s and 2 s, then a 30-minute pause; the audit trail has it', async () => {
    const a = await t.account();
    const from = { 'x-forwarded-for': '10.9.0.1' };
    for (let k = 0; k < 2; k++) expect(reason(await login(a.username, `Wrong-Passw0rd${k}`, from))).toBe('LOGIN_FAILED');
    // a success in between starts the count again
    data(await login(a.username, a.password, from));
    for (let k = 0; k < 3; k++) expect(reason(await login(a.username, `Wrong-Passw0rd${k}`, from))).toBe('LOGIN_FAILED');
    // held back before any password is checked, the right one included
    const wait = error(await login(a.username, a.password, from));
    expect(wait.extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 1 });
    t.clock.advance(1000);
    expect(reason(await login(a.username, 'Wrong-Passw0rd3', from))).toBe('LOGIN_FAILED');
    expect(error(await login(a.username, a.password, from)).extensions.retryAfterSeconds).toBe(2);
    t.clock.advance(2000);
    expect(reason(await login(a.username, 'Wrong-Passw0rd4', from))).toBe('LOGIN_FAILED');
    const paused = error(await login(a.username, a.password, from));
    expect(paused.extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 1800 });
    // an unknown username is held back alike: the answers tell nothing about which usernames exist
    for (let k = 0; k < 3; k++) expect(reason(await login('nobody-here', `Wrong-Passw0rd${k}`, from))).toBe('LOGIN_FAILED');
    expect(error(await login('nobody-here', 'x', from)).extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 1 });
    // the account is not locked: its owner signs in from another address
    expect(data(await t.gql(`query($id: ID!) { node(id: $id) { ... on Account { locked } } }`, { id: a.globalId })).node.locked).toBe(false);
    expect(data(await login(a.username, a.password, { 'x-forwarded-for': '10.9.0.2' })).login.accessToken).toBeTruthy();
    const entries = data(await t.admins.audit.gql(`{ auditLog(operation: "SIGN_IN_PAUSED") { edges { node { targetId outcome } } } }`)).auditLog.edges;
    expect(entries.map((e: any) => e.node.targetId)).toContain(a.id);
    t.clock.advance(29 * MINUTE);
    expect(code(await login(a.username, a.password, from))).toBe('TOO_MANY_REQUESTS');
    t.clock.advance(2 * MINUTE);
    expect(data(await login(a.username, a.password, from)).login.accessToken).toBeTruthy();
  });

  it('the administrator can unlock an account before the pause ends', async () => {
    const a = await t.account();
    const from = { 'x-forwarded-for': '10.9.1.1' };
    for (let k = 0; k < 5; k++) {
      if (k >= 3) t.clock.advance(2000);
      expect(reason(await login(a.username, `Wrong-Passw0rd${k}`, from))).toBe('LOGIN_FAILED');
    }
    expect(code(await login(a.username, a.password, from))).toBe('TOO_MANY_REQUESTS');
    expect(data(await t.admins.security.gql(`mutation($i: AccountIdInput!) { unlockAccount(input: $i) { locked } }`, { i: { id: a.globalId } })).unlockAccount.locked).toBe(false);
    expect(data(await login(a.username, a.password, from)).login.accessToken).toBeTruthy();
  });

  it('a session idle for 10 minutes expires, and stays ended', async () => {
    const a = await t.account();
    const token = data(await login(a.username, a.password)).login.accessToken;
    t.clock.advance(9 * MINUTE);
    expect(data(await t.gql(TOWNSHIPS, undefined, bearer(token))).townships.totalCount).toBe(8);
    t.clock.advance(9 * MINUTE); // active 9 minutes ago: still alive
    data(await t.gql(TOWNSHIPS, undefined, bearer(token)));
    t.clock.advance(10 * MINUTE + 1000);
    const idle = await t.gql(TOWNSHIPS, undefined, bearer(token));
    expect([code(idle), reason(idle)]).toEqual(['UNAUTHENTICATED', 'SESSION_IDLE']);
    expect(reason(await t.gql(TOWNSHIPS, undefined, bearer(token)))).toBe('SESSION_REVOKED');
  });

  it('an expired token is rejected; refreshSession gives a new one and the old stops working', async () => {
    const a = await t.account();
    const first = data(await login(a.username, a.password)).login.accessToken;
    t.clock.advance(8 * MINUTE);
    data(await t.gql(TOWNSHIPS, undefined, bearer(first)));
    t.clock.advance(8 * MINUTE);
    data(await t.gql(TOWNSHIPS, undefined, bearer(first)));
    t.clock.advance(8 * MINUTE);
    const second = data(await t.gql(`mutation { refreshSession { accessToken expiresAt } }`, undefined, bearer(first))).refreshSession;
    expect(reason(await t.gql(TOWNSHIPS, undefined, bearer(first)))).toBe('SESSION_REVOKED');
    t.clock.advance(8 * MINUTE); // 32 minutes after sign-in: the first token would have expired anyway
    expect(data(await t.gql(TOWNSHIPS, undefined, bearer(second.accessToken))).townships.totalCount).toBe(8);
    t.clock.advance(8 * MINUTE);
    data(await t.gql(TOWNSHIPS, undefined, bearer(second.accessToken)));
    t.clock.advance(8 * MINUTE);
    data(await t.gql(TOWNSHIPS, undefined, bearer(second.accessToken)));
    t.clock.advance(8 * MINUTE); // 32 minutes after the refresh
    expect(reason(await t.gql(TOWNSHIPS, undefined, bearer(second.accessToken)))).toBe('TOKEN_EXPIRED');
  });

  it('a forged or tampered token is rejected', async () => {
    const a = await t.account();
    const token = data(await login(a.username, a.password)).login.accessToken;
    const [h, p, s] = token.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...payload, sub: t.office.id })).toString('base64url')}.${s}`;
    expect(reason(await t.gql(TOWNSHIPS, undefined, bearer(tampered)))).toBe('TOKEN_INVALID');
    expect(reason(await t.gql(TOWNSHIPS, undefined, { authorization: 'Basic abc' }))).toBe('MALFORMED');
  });

  it('logout revokes the session at once', async () => {
    const a = await t.account();
    const token = data(await login(a.username, a.password)).login.accessToken;
    expect(data(await t.gql(`mutation { logout }`, undefined, bearer(token))).logout).toBe(true);
    expect(reason(await t.gql(TOWNSHIPS, undefined, bearer(token)))).toBe('SESSION_REVOKED');
  });

  it('a password set by the administrator must be changed first: PASSWORD_CHANGE_REQUIRED for all but changePassword, me, logout', async () => {
    const username = 'new-staff';
    const created = data(await t.admins.system.gql(`mutation($i: CreateAccountInput!) { createAccount(input: $i) { id passwordChangeRequired } }`, {
      i: { username, password: 'Initial-Pass1', displayName: '王五', role: 'STATION', regionId: `${Buffer.from(`Region:${await t.regionId('景山镇')}`).toString('base64')}` },
    })).createAccount;
    await t.grantRole(created.id, 'STATION');
    const res = data(await login(username, 'Initial-Pass1')).login;
    expect(res.passwordChangeRequired).toBe(true);
    const h = bearer(res.accessToken);
    expect(code(await t.gql(TOWNSHIPS, undefined, h))).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(data(await t.gql(`{ me { passwordChangeRequired } }`, undefined, h)).me.passwordChangeRequired).toBe(true);
    expect(code(await t.gql(`mutation { refreshSession { accessToken } }`, undefined, h))).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(code(await t.gql(`mutation { enrollTotp { secret } }`, undefined, h))).toBe('PASSWORD_CHANGE_REQUIRED');
    const other = data(await login(username, 'Initial-Pass1')).login.accessToken; // a second sign-in
    data(await t.gql(`mutation($i: ChangePasswordInput!) { changePassword(input: $i) { passwordChangeRequired } }`, { i: { currentPassword: 'Initial-Pass1', newPassword: 'Own-Choice-9' } }, h));
    expect(data(await t.gql(TOWNSHIPS, undefined, h)).townships.totalCount).toBe(1); // a station sees its township
    expect(reason(await t.gql(TOWNSHIPS, undefined, bearer(other)))).toBe('SESSION_REVOKED');
  });

  it('password rules: length, 3 of 4 classes, not the username, not one of the last 5; the current password is checked', async () => {
    const create = (password: string) =>
      t.admins.system.gql(`mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }`, {
        i: { username: 'rules-test', password, displayName: '规则', role: 'CENTER', regionId: Buffer.from(`Region:${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}`).toString('base64') },
      });
    for (const [password, expected] of [['Ab1!', '至少 8 个字符'], ['abcdefgh12', '3 类'], ['Rules-Test-1', '不能包含用户名']]) {
      const e = error(await create(password));
      expect(e.extensions.code).toBe('BAD_USER_INPUT');
      expect(e.extensions.fields[0]).toMatchObject({ field: 'input.password', reason: expect.stringContaining(expected) });
    }
    const a = await t.account();
    const change = (currentPassword: string, newPassword: string) =>
      t.gql(`mutation($i: ChangePasswordInput!) { changePassword(input: $i) { id } }`, { i: { currentPassword, newPassword } }, a.headers);
    expect(error(await change('Wrong-Passw0rd', 'Fresh-Passw0rd')).extensions.fields[0].field).toBe('input.currentPassword');
    const history = [TEST_PASSWORD];
    for (let k = 1; k <= 5; k++) {
      data(await change(history.at(-1)!, `History-${k}-Pass`));
      history.push(`History-${k}-Pass`);
    }
    // the last 5 (History-1..5) are refused; the original is now 6 changes back and allowed again
    for (const old of history.slice(1)) {
      expect(error(await change(history.at(-1)!, old)).extensions.fields[0]).toMatchObject({ field: 'input.newPassword', reason: expect.stringContaining('最近 5 次') });
    }
    data(await change(history.at(-1)!, TEST_PASSWORD));
  });

  it('a deactivated account is signed out and cannot sign in', async () => {
    const a = await t.account();
    data(await t.admins.system.gql(`mutation($i: UpdateAccountInput!) { updateAccount(input: $i) { active } }`, { i: { id: a.globalId, active: false } }));
    expect(code(await t.gql(TOWNSHIPS, undefined, a.headers))).toBe('UNAUTHENTICATED');
    expect(reason(await login(a.username, a.password))).toBe('LOGIN_FAILED');
  });

  it('GB/T 22239-2019 8.1.5: first start made the three administrators; SYSTEM_ADMIN with ADMIN_PASSWORD (its alias), each must change it', async () => {
    const rows: { username: string; role: string; role_granted: boolean; organization_id: string | null }[] = await t.dataSource.query(
      `SELECT username, role, role_granted, organization_id FROM account WHERE username IN ('sysadmin', 'secadmin', 'auditadmin') ORDER BY username`,
    );
    expect(rows).toEqual([
      { username: 'auditadmin', role: 'AUDIT_ADMIN', role_granted: true, organization_id: null },
      { username: 'secadmin', role: 'SECURITY_ADMIN', role_granted: true, organization_id: null },
      { username: 'sysadmin', role: 'SYSTEM_ADMIN', role_granted: true, organization_id: null },
    ]);
    const res = data(await login('sysadmin', t.config.auth.adminPasswords.SYSTEM_ADMIN!)).login;
    expect(res.passwordChangeRequired).toBe(true);
    expect(code(await t.gql(TOWNSHIPS, undefined, bearer(res.accessToken)))).toBe('PASSWORD_CHANGE_REQUIRED');
  });

  it('login cannot be multiplied inside one request: aliases, fragments and batches are refused', async () => {
    const a = await t.account();
    const twice = await t.gql(
      `mutation { a: login(input: { username: "${a.username}", password: "x1" }) { accessToken } b: login(input: { username: "${a.username}", password: "x2" }) { accessToken } }`,
      undefined, { authorization: '' },
    );
    expect(code(twice)).toBe('BAD_REQUEST');
    const viaFragment = await t.gql(
      `mutation { ...F login(input: { username: "${a.username}", password: "x2" }) { accessToken } } fragment F on Mutation { first: login(input: { username: "${a.username}", password: "x1" }) { accessToken } }`,
      undefined, { authorization: '' },
    );
    expect(code(viaFragment)).toBe('BAD_REQUEST');
    const batch = await request(t.app.getHttpServer())
      .post('/graphql')
      .set('content-type', 'application/json')
      .send([{ query: LOGIN, variables: { i: { username: a.username, password: 'x1' } } }, { query: LOGIN, variables: { i: { username: a.username, password: 'x2' } } }]);
    expect(batch.status).toBe(400);
    // none of these counted as attempts: the account is not any closer to a lock
    const row = (await t.dataSource.query(`SELECT failed_attempts FROM account WHERE id = $1`, [a.id])) as { failed_attempts: number }[];
    expect(row[0].failed_attempts).toBe(0);
  });
});

describe('failed sign-ins are limited per address, successes are not (GB/T 22239-2019 8.1.4.1 b))', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { TRUST_PROXY: 'true' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('30 successful sign-ins from one address are never held back; failures are, and another address is counted apart', async () => {
    const colleague = await t.account({ role: Role.STATION });
    const newcomer = await t.account({ role: Role.STATION });
    const from = (ip: string, password: string, username = colleague.username) =>
      t.gql(LOGIN, { i: { username, password } }, { authorization: '', 'x-forwarded-for': ip });
    for (let k = 0; k < 30; k++) data(await from('10.0.0.1', TEST_PASSWORD));
    for (let k = 0; k < 10; k++) expect(code(await from('10.0.0.1', 'Wrong-Passw0rd', `someone-${k}`))).toBe('UNAUTHENTICATED');
    // a username that never signed in from here is held back by the address's failures
    const limited = await from('10.0.0.1', TEST_PASSWORD, newcomer.username);
    expect(code(limited)).toBe('TOO_MANY_REQUESTS');
    expect(limited.body.errors![0].extensions.retryAfterSeconds).toBeGreaterThan(0);
    // the colleague signed in from here before: the address is known for it, the spraying count does not hold it back
    expect(data(await from('10.0.0.1', TEST_PASSWORD)).login.accessToken).toBeTruthy();
    expect(data(await from('10.0.0.2', TEST_PASSWORD, newcomer.username)).login.accessToken).toBeTruthy();
    const entries = data(await t.admins.audit.gql(`{ auditLog(operation: "login", outcome: DENIED) { edges { node { address errorCode } } } }`)).auditLog.edges;
    expect(entries.map((e: any) => e.node)).toContainEqual({ address: '10.0.0.1', errorCode: 'TOO_MANY_REQUESTS' });
  });
});

describe('second factor: TOTP (RFC 6238) with recovery codes (GB/T 22239-2019 8.1.4.1 d)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { MFA_REQUIRED_ROLES: 'CENTER' } });
  });
  afterAll(async () => {
    await t?.close();
  });
  // every test here sends its wrong codes from one address: each starts once the earlier failures are forgotten
  beforeEach(() => t.clock.advance(31 * MINUTE));
  const login = async (username: string, password: string) =>
    data(await t.gql(LOGIN, { i: { username, password } }, { authorization: '' })).login;

  it('any account can enrol; then every sign-in must pass the code; a code is never accepted twice; recovery codes work once', async () => {
    const a = await t.account({ role: Role.STATION });
    const enrol = data(await t.gql(`mutation { enrollTotp { secret otpauthUri } }`, undefined, a.headers)).enrollTotp;
    expect(enrol.otpauthUri).toContain('secret=');
    expect(error(await t.gql(`mutation { confirmTotp(input: { code: "000000" }) { recoveryCodes } }`, undefined, a.headers)).extensions.code).toBe('BAD_USER_INPUT');
    const codes = data(await t.gql(`mutation($i: TotpCodeInput!) { confirmTotp(input: $i) { recoveryCodes } }`, { i: { code: totpCode(enrol.secret, t.clock.now()) } }, a.headers))
      .confirmTotp.recoveryCodes as string[];
    expect(codes).toHaveLength(10);
    // the secret is stored encrypted, the recovery codes hashed
    const [row] = (await t.dataSource.query(`SELECT totp_secret_enc FROM account WHERE id = $1`, [a.id])) as { totp_secret_enc: string }[];
    expect(row.totp_secret_enc).not.toContain(enrol.secret);
    const stored = (await t.dataSource.query(`SELECT code_hash FROM recovery_code WHERE account_id = $1`, [a.id])) as { code_hash: string }[];
    expect(stored.map((r) => r.code_hash)).not.toContain(codes[0]);

    const session = await login(a.username, a.password);
    expect(session.secondFactorRequired).toBe(true);
    const h = bearer(session.accessToken);
    expect(code(await t.gql(TOWNSHIPS, undefined, h))).toBe('SECOND_FACTOR_REQUIRED');
    expect(code(await t.gql(`mutation($i: VerifySecondFactorInput!) { verifySecondFactor(input: $i) { accessToken } }`, { i: { code: '000000' } }, h))).toBe('BAD_USER_INPUT');
    t.clock.advance(60_000); // the next time step: the enrolment's code is spent
    const now = totpCode(enrol.secret, t.clock.now());
    const verified = data(await t.gql(`mutation($i: VerifySecondFactorInput!) { verifySecondFactor(input: $i) { accessToken secondFactorRequired } }`, { i: { code: now } }, h)).verifySecondFactor;
    expect(verified.secondFactorRequired).toBe(false);
    expect(data(await t.gql(TOWNSHIPS, undefined, bearer(verified.accessToken))).townships.totalCount).toBe(1);
    expect(reason(await t.gql(TOWNSHIPS, undefined, h))).toBe('SESSION_REVOKED'); // the pre-verification token is replaced

    const again = bearer((await login(a.username, a.password)).accessToken);
    expect(code(await t.gql(`mutation($i: VerifySecondFactorInput!) { verifySecondFactor(input: $i) { accessToken } }`, { i: { code: now } }, again))).toBe('BAD_USER_INPUT');
    data(await t.gql(`mutation($i: VerifySecondFactorInput!) { verifySecondFactor(input: $i) { accessToken } }`, { i: { recoveryCode: codes[0].toUpperCase() } }, again));
    const third = bearer((await login(a.username, a.password)).accessToken);
    expect(code(await t.gql(`mutation($i: VerifySecondFactorInput!) { verifySecondFactor(input: $i) { accessToken } }`, { i: { recoveryCode: codes[0] } }, third))).toBe('BAD_USER_INPUT');
  });

  it('wrong codes count towards the pause, which ends the session waiting for its second factor', async () => {
    const a = await t.account({ role: Role.STATION });
    const secret = data(await t.gql(`mutation { enrollTotp { secret } }`, undefined, a.headers)).enrollTotp.secret;
    data(await t.gql(`mutation($i: TotpCodeInput!) { confirmTotp(input: $i) { recoveryCodes } }`, { i: { code: totpCode(secret, t.clock.now()) } }, a.headers));
    const h = bearer((await login(a.username, a.password)).accessToken);
    for (let k = 0; k < 5; k++) {
      if (k >= 3) t.clock.advance(2000); // the waits after the 3rd and 4th failure
      expect(code(await t.gql(`mutation { verifySecondFactor(input: { code: "00000${k}" }) { accessToken } }`, undefined, h))).toBe('BAD_USER_INPUT');
    }
    expect(reason(await t.gql(TOWNSHIPS, undefined, h))).toBe('SESSION_REVOKED');
    expect(code(await t.gql(LOGIN, { i: { username: a.username, password: a.password } }, { authorization: '' }))).toBe('TOO_MANY_REQUESTS');
  });

  it('signing in again does not wipe out wrong codes: the count goes on until the second factor is passed', async () => {
    const a = await t.account({ role: Role.STATION });
    const secret = data(await t.gql(`mutation { enrollTotp { secret } }`, undefined, a.headers)).enrollTotp.secret;
    data(await t.gql(`mutation($i: TotpCodeInput!) { confirmTotp(input: $i) { recoveryCodes } }`, { i: { code: totpCode(secret, t.clock.now()) } }, a.headers));
    const first = bearer((await login(a.username, a.password)).accessToken);
    for (let k = 0; k < 4; k++) {
      if (k >= 3) t.clock.advance(2000);
      await t.gql(`mutation { verifySecondFactor(input: { code: "00000${k}" }) { accessToken } }`, undefined, first);
    }
    t.clock.advance(2000);
    const second = bearer((await login(a.username, a.password)).accessToken);
    await t.gql(`mutation { verifySecondFactor(input: { code: "000009" }) { accessToken } }`, undefined, second);
    expect(reason(await t.gql(TOWNSHIPS, undefined, second))).toBe('SESSION_REVOKED');
    expect(code(await t.gql(LOGIN, { i: { username: a.username, password: a.password } }, { authorization: '' }))).toBe('TOO_MANY_REQUESTS');
  });

  it('a role that configuration requires to use a second factor must enrol before anything else, and cannot disable it', async () => {
    const a = await t.account({ role: Role.CENTER });
    const session = await login(a.username, a.password);
    expect(session.secondFactorEnrollmentRequired).toBe(true);
    const h = bearer(session.accessToken);
    expect(code(await t.gql(TOWNSHIPS, undefined, h))).toBe('SECOND_FACTOR_ENROLLMENT_REQUIRED');
    const secret = data(await t.gql(`mutation { enrollTotp { secret } }`, undefined, h)).enrollTotp.secret;
    const codes = data(await t.gql(`mutation($i: TotpCodeInput!) { confirmTotp(input: $i) { recoveryCodes } }`, { i: { code: totpCode(secret, t.clock.now()) } }, h)).confirmTotp.recoveryCodes;
    expect(data(await t.gql(TOWNSHIPS, undefined, h)).townships.totalCount).toBe(8);
    const refused = error(await t.gql(`mutation($i: TotpCodeInput!) { disableTotp(input: $i) { id } }`, { i: { code: codes[1] } }, h));
    expect(refused.extensions.code).toBe('BAD_USER_INPUT');
    // a lost authenticator: the administrator resets it, which ends the sessions
    data(await t.admins.security.gql(`mutation($i: AccountIdInput!) { resetSecondFactor(input: $i) { secondFactorEnabled } }`, { i: { id: a.globalId } }));
    expect(reason(await t.gql(TOWNSHIPS, undefined, h))).toBe('SESSION_REVOKED');
  });

  it('confirmTotp and regenerateRecoveryCodes answer a RecoveryCodeSet: its recoveryCodes field, 10 codes (最多 10 个), the old ones void', async () => {
    const a = await t.account({ role: Role.STATION });
    const secret = data(await t.gql(`mutation { enrollTotp { secret } }`, undefined, a.headers)).enrollTotp.secret;
    const first = data(await t.gql(`mutation($i: TotpCodeInput!) { confirmTotp(input: $i) { __typename recoveryCodes } }`, { i: { code: totpCode(secret, t.clock.now()) } }, a.headers)).confirmTotp;
    expect(first.__typename).toBe('RecoveryCodeSet');
    expect(first.recoveryCodes).toHaveLength(10);
    expect(new Set(first.recoveryCodes).size).toBe(10);
    // a fragment on the new type name selects the same field
    const again = data(await t.gql(`mutation($i: TotpCodeInput!) { regenerateRecoveryCodes(input: $i) { ... on RecoveryCodeSet { recoveryCodes } } }`, { i: { code: first.recoveryCodes[0] } }, a.headers)).regenerateRecoveryCodes;
    expect(again.recoveryCodes).toHaveLength(10);
    expect(again.recoveryCodes).not.toContain(first.recoveryCodes[1]);
    const schema = data(await t.gql(`{ __type(name: "RecoveryCodeSet") { description fields { name description } } }`)).__type;
    expect(schema.fields).toEqual([{ name: 'recoveryCodes', description: expect.stringContaining('最多 10 个') }]);
  });
});
