import { Role } from '../../src/kernel/permissions';
import { totpCode } from '../../src/auth/totp';
import { toGlobalId } from '../../src/graphql/global-id';
import { createTestApp, data, GqlResponse, TestApp } from '../support/test-app';

const code = (res: GqlResponse) => res.body.errors?.[0]?.extensions?.code ?? null;
const REPORT = `query($from: DateTime!, $to: DateTime!) { securityReport(from: $from, to: $to) {
  from to generatedAt signInFailures signInPauses accountLocks passwordExpiries refusals refusalsNotRecorded unmaskedReads
  refusalsByOperation { operation outcome errorCode reason count } refusalsByOperationTruncated administratorActivityTruncated
  administratorActivity { accountId username role operation outcome count }
  accounts { active locked passwordExpired secondFactorMissing awaitingRoleGrant unmaskGrantsInForce }
  chain { intact checkedCount firstBreak { reason } } } }`;
const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`;

/**
 * The audit administrator's security report (GB/T 22239-2019 8.1.5.2: 对审计记录进行分析): every figure is what the
 * trail and the accounts say for the period, inside the reader's jurisdiction; the period obeys T-AUD-1.
 */
describe('securityReport (GB/T 22239-2019 8.1.5.2; T-AUD-1)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });
  const report = async (who: { gql: (q: string, v: Record<string, unknown>) => Promise<GqlResponse> }, from: Date, to = new Date()) =>
    data(await who.gql(REPORT, { from: from.toISOString(), to: to.toISOString() })).securityReport;

  it('counts the period\'s failed sign-ins, refusals, unmasked reads and administrators\' operations, and the accounts as they stand', async () => {
    const auditor = t.admins.audit;
    const start = new Date(Date.now() - 1000);
    const before = await report(auditor, start);

    // 景山镇: two wrong passwords for a station, and the station twice asking for the audit trail
    const station = await t.account({ role: Role.STATION, region: '景山镇' });
    for (let k = 0; k < 2; k++) {
      expect(code(await t.gql(LOGIN, { i: { username: station.username, password: 'Wrong-Passw0rd' } }, { authorization: '' }))).toBe('UNAUTHENTICATED');
      expect(code(await t.gqlAs(station, `{ auditLog { totalCount } }`))).toBe('FORBIDDEN');
    }
    // a wrong second-factor code is a failed sign-in too (its step of the sign-in), told apart by its reason
    const enrol = data(await t.gqlAs(station, `mutation { enrollTotp { secret } }`)).enrollTotp;
    data(await t.gqlAs(station, `mutation($i: TotpCodeInput!) { confirmTotp(input: $i) { recoveryCodes } }`, { i: { code: totpCode(enrol.secret, t.clock.now()) } }));
    const pending = data(await t.gql(LOGIN, { i: { username: station.username, password: station.password } }, { authorization: '' })).login.accessToken;
    const wrongCode = (await t.gqlAs(pending, `mutation($i: VerifySecondFactorInput!) { verifySecondFactor(input: $i) { accessToken } }`, { i: { code: '000000' } })).body.errors?.[0];
    expect(wrongCode?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'SECOND_FACTOR_FAILED' });
    // not failed sign-ins: a blank username (a form typed wrong); a query the server cannot run (refused before it ran,
    // grouped as one whatever the client named it)
    expect(code(await t.gql(LOGIN, { i: { username: ' ', password: 'x' } }, { authorization: '' }))).toBe('BAD_USER_INPUT');
    expect(code(await t.gqlAs(station, `query MadeUpName { noSuchField }`))).toBe('GRAPHQL_VALIDATION_FAILED');
    // the system administrator creates an account that waits for its grant; the security administrator grants an unmask
    const created = data(await t.admins.system.gql(`mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }`, {
      i: { username: 'report-newcomer', password: 'Initial-Passw0rd!', displayName: '新同事', role: Role.STATION, regionId: toGlobalId('Region', await t.regionId('景山镇')) },
    })).createAccount;
    // its correct password, but its role not yet granted (ADM-4): a refusal that says why
    expect((await t.gql(LOGIN, { i: { username: 'report-newcomer', password: 'Initial-Passw0rd!' } }, { authorization: '' })).body.errors?.[0]?.extensions)
      .toMatchObject({ code: 'UNAUTHENTICATED', reason: 'ROLE_NOT_GRANTED' });
    const office = await t.account({ role: Role.COMMITTEE_OFFICE });
    await t.grantUnmask(office);
    data(await t.gqlAs(office, `query($id: ID!) { accountPersonalData(id: $id) { __typename } }`, { id: created.id }));
    // a password older than the policy's maximum age (the clock is not moved: the row is aged)
    await t.dataSource.query(`UPDATE account SET password_changed_at = now() - interval '200 days' WHERE id = $1`, [station.id]);

    const r = await report(auditor, start);
    expect(r.signInFailures - before.signInFailures).toBe(3);
    expect(r.refusalsByOperation).toContainEqual(expect.objectContaining({ operation: 'auditLog', outcome: 'DENIED', errorCode: 'FORBIDDEN', count: 2 }));
    expect(r.refusalsByOperation).toContainEqual({ operation: 'login', outcome: 'DENIED', errorCode: 'UNAUTHENTICATED', reason: 'ROLE_NOT_GRANTED', count: 1 });
    expect(r.refusalsByOperation).toContainEqual(expect.objectContaining({ operation: '（执行前拒绝）', errorCode: 'GRAPHQL_VALIDATION_FAILED', count: 1 }));
    expect(r.refusalsByOperation.map((g: { operation: string }) => g.operation)).not.toContain('MadeUpName');
    expect([r.refusalsByOperationTruncated, r.administratorActivityTruncated]).toEqual([false, false]);
    expect(r.refusals).toBe(r.refusalsByOperation.reduce((n: number, g: { count: number }) => n + g.count, 0) + r.refusalsNotRecorded);
    expect(r.unmaskedReads - before.unmaskedReads).toBe(1);
    const system = await t.admins.system.account();
    const security = await t.admins.security.account();
    expect(r.administratorActivity).toContainEqual({ accountId: system.globalId, username: system.username, role: 'SYSTEM_ADMIN', operation: 'createAccount', outcome: 'SUCCESS', count: 1 });
    expect(r.administratorActivity).toContainEqual({ accountId: security.globalId, username: security.username, role: 'SECURITY_ADMIN', operation: 'grantUnmask', outcome: 'SUCCESS', count: 1 });
    // the office is no administrator: its read is counted, but not as an administrator's operation
    expect(r.administratorActivity.map((a: { username: string }) => a.username)).not.toContain(office.username);
    expect(r.accounts.awaitingRoleGrant - before.accounts.awaitingRoleGrant).toBe(1);
    expect(r.accounts.passwordExpired - before.accounts.passwordExpired).toBe(1);
    expect(r.accounts.unmaskGrantsInForce - before.accounts.unmaskGrantsInForce).toBe(1);
    expect(r.chain).toMatchObject({ intact: true, firstBreak: null });
    expect(r.chain.checkedCount).toBeGreaterThan(0);

    // 8.1.5.2 a): the audit administrator's own reads of the trail are audited, with what was asked
    const auditorAccount = await auditor.account();
    const reads = (await t.dataSource.query(
      `SELECT operation, outcome, summary FROM audit_entry WHERE actor_id = $1 AND operation = 'securityReport' ORDER BY id`, [auditorAccount.id],
    )) as { operation: string; outcome: string; summary: { after: Record<string, unknown> } }[];
    expect(reads).toHaveLength(2);
    expect(reads[1]).toMatchObject({ outcome: 'SUCCESS', summary: { after: { from: start.toISOString() } } });
    expect(Date.parse(String(reads[1].summary.after.to))).toBeGreaterThan(start.getTime());
    data(await auditor.gql(`query { auditLog(operation: "login", first: 5) { totalCount } }`, {}));
    data(await auditor.gql(`query($from: DateTime!, $to: DateTime!) { verifyAuditChain(from: $from, to: $to) { intact } }`, { from: start.toISOString(), to: new Date().toISOString() }));
    const others = (await t.dataSource.query(
      `SELECT operation, summary FROM audit_entry WHERE actor_id = $1 AND operation IN ('auditLog', 'verifyAuditChain') ORDER BY id`, [auditorAccount.id],
    )) as { operation: string; summary: { after: Record<string, unknown> } }[];
    expect(others.map((e) => e.operation)).toEqual(['auditLog', 'verifyAuditChain']);
    expect(others[0].summary.after).toMatchObject({ operation: 'login', first: 5 });

    // an auditor of another township reads none of 景山镇's failures or refusals (8.1.4.2 with 8.1.4.3)
    const elsewhere = await t.account({ role: Role.AUDIT_ADMIN });
    await t.dataSource.query(`UPDATE account SET region_id = $2 WHERE id = $1`, [elsewhere.id, await t.regionId('靖宇镇')]);
    const theirs = await report({ gql: (q, v) => t.gqlAs(elsewhere, q, v) }, start);
    expect(theirs.signInFailures).toBe(0);
    expect(theirs.refusalsByOperation).toEqual([]);
    expect(theirs.accounts.passwordExpired).toBe(0);
  });

  it('is the audit administrator\'s: the other administrators and the office are refused', async () => {
    const now = new Date();
    const variables = { from: new Date(now.getTime() - 3_600_000).toISOString(), to: now.toISOString() };
    expect(code(await t.admins.system.gql(REPORT, variables))).toBe('FORBIDDEN');
    expect(code(await t.admins.security.gql(REPORT, variables))).toBe('FORBIDDEN');
    expect(code(await t.gql(REPORT, variables))).toBe('FORBIDDEN');
  });

  it('T-AUD-1: not after now, to not before from, at most 366 days', async () => {
    const now = new Date();
    const refused = async (from: Date, to: Date) => (await t.admins.audit.gql(REPORT, { from: from.toISOString(), to: to.toISOString() })).body.errors?.[0];
    const tooLong = await refused(new Date(now.getTime() - 367 * 86_400_000), now);
    expect(tooLong?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'T-AUD-1' });
    expect(tooLong?.message).toContain('时段不能超过 366 天');
    expect((await refused(now, new Date(now.getTime() + 3_600_000)))?.extensions?.rule).toBe('T-AUD-1');
    expect((await refused(now, new Date(now.getTime() - 3_600_000)))?.extensions?.rule).toBe('T-AUD-1');
  });
});
