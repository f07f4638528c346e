import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  GraphQLEnumType, GraphQLInputObjectType, GraphQLInputType, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLScalarType,
  GraphQLSchema, getNamedType, isCompositeType,
} from 'graphql';
import { collectOperations, Operation } from '../../src/auth/access-matrix';
import { ADMIN_ROLES, Permission, Role, ROLE_PERMISSIONS } from '../../src/kernel/permissions';
import { addDays } from '../../src/common/working-days';
import { AuthService } from '../../src/auth/auth.service';
import { toGlobalId } from '../../src/graphql/global-id';
import { RequestContext } from '../../src/kernel/request-context';
import { createTestApp, data, error, GqlResponse, TestAccount, TestApp, TEST_PASSWORD } from '../support/test-app';

/**
 * The separation of administrators (三权分立, GB/T 22239-2019 8.1.4.2 c and 8.1.5.1 .. 8.1.5.3), through the API:
 * each administrator is refused every operation of the other two, the committee office every administrative one;
 * roles are requested by a SYSTEM_ADMIN and granted by a SECURITY_ADMIN (ADM-4); the separation table (ADM-1 ..
 * ADM-3) live; unmask grants (T-KEY-2).
 */

/** A syntactically valid value of an input type: the guard runs before any argument is looked at. */
function sample(type: GraphQLInputType): unknown {
  if (type instanceof GraphQLNonNull) return sample(type.ofType);
  if (type instanceof GraphQLList) return [sample(type.ofType)];
  if (type instanceof GraphQLEnumType) return type.getValues()[0].value;
  if (type instanceof GraphQLInputObjectType) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(type.getFields())) if (f.type instanceof GraphQLNonNull) out[f.name] = sample(f.type);
    return out;
  }
  const scalar = type as GraphQLScalarType;
  switch (scalar.name) {
    case 'Int': case 'Float': return 1;
    case 'Boolean': return true;
    case 'Date': return '2027-01-04';
    case 'DateTime': return '2027-01-04T08:00:00.000Z';
    case 'ID': return 'QWNjb3VudDowMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDA=';
    default: return 'x';
  }
}

/** `mutation($a0: T!, …) { op(arg: $a0, …) { __typename } }` with sample variables. */
function callOf(schema: GraphQLSchema, op: Operation): { query: string; variables: Record<string, unknown> } {
  const [root, name] = op.name.split('.');
  const type = (root === 'Query' ? schema.getQueryType() : schema.getMutationType()) as GraphQLObjectType;
  const field = type.getFields()[name];
  const required = field.args.filter((a) => a.type instanceof GraphQLNonNull);
  const variables = Object.fromEntries(required.map((a, i) => [`a${i}`, sample(a.type)]));
  const header = required.length ? `(${required.map((a, i) => `$a${i}: ${a.type.toString()}`).join(', ')})` : '';
  const args = required.length ? `(${required.map((a, i) => `${a.name}: $a${i}`).join(', ')})` : '';
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  return { query: `${root === 'Query' ? 'query' : 'mutation'}${header} { ${name}${args}${selection} }`, variables };
}

describe('separation of administrators (三权分立, GB/T 22239-2019 8.1.4.2 d)', () => {
  let t: TestApp;
  let ops: Operation[];
  let schema: GraphQLSchema;
  const login = (username: string, password: string) =>
    t.gqlAs(null, `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { username, password } });
  const codeOf = (res: GqlResponse) => res.body.errors?.[0]?.extensions.code ?? null;

  beforeAll(async () => {
    t = await createTestApp();
    ops = collectOperations(t.app).filter((o) => o.root);
    schema = t.app.get(GraphQLSchemaHost).schema;
  });
  afterAll(async () => {
    await t?.close();
  });

  /** The root operations whose permission some roles hold and `role` does not. */
  const refusedTo = (role: Role, holders: readonly Role[]) =>
    ops.filter((o) => o.rule?.kind === 'PERMISSION' && holders.some((h) => ROLE_PERMISSIONS[h].includes((o.rule as { permission: Permission }).permission))
      && !ROLE_PERMISSIONS[role].includes((o.rule as { permission: Permission }).permission));

  for (const role of ADMIN_ROLES) {
    it(`${role} is refused every operation of the other two administrators (FORBIDDEN, before any argument is read)`, async () => {
      const who = await t.account({ role });
      const others = refusedTo(role, ADMIN_ROLES.filter((r) => r !== role));
      expect(others.length).toBeGreaterThan(0);
      const wrong: string[] = [];
      for (const op of others) {
        const c = callOf(schema, op);
        const res = await t.gqlAs(who, c.query, c.variables);
        if (codeOf(res) !== 'FORBIDDEN') wrong.push(`${op.name}: ${codeOf(res) ?? 'success'} ${res.body.errors?.[0]?.message ?? ''}`);
      }
      expect(wrong).toEqual([]);
    });
  }

  it('COMMITTEE_OFFICE is refused every administrative operation', async () => {
    const administrative = refusedTo(Role.COMMITTEE_OFFICE, ADMIN_ROLES);
    const names = administrative.map((o) => o.name);
    for (const op of ['Mutation.createAccount', 'Mutation.grantAccountRole', 'Mutation.resetAccountPassword', 'Mutation.resetSecondFactor',
      'Mutation.unlockAccount', 'Mutation.createApiKey', 'Mutation.createWebhook', 'Query.auditLog', 'Mutation.createRegion',
      'Mutation.createOrganization', 'Mutation.loadWorkingCalendar', 'Mutation.grantUnmask']) expect(names).toContain(op);
    const wrong: string[] = [];
    for (const op of administrative) {
      const c = callOf(schema, op);
      const res = await t.gql(c.query, c.variables);
      if (codeOf(res) !== 'FORBIDDEN') wrong.push(`${op.name}: ${codeOf(res) ?? 'success'}`);
    }
    expect(wrong).toEqual([]);
  });

  it('AUDIT_ADMIN reads the audit trail, and nothing else of the others', async () => {
    const res = data(await t.admins.audit.gql(`{ auditLog(first: 1) { totalCount } }`));
    expect(res.auditLog.totalCount).toBeGreaterThan(0);
    expect(ROLE_PERMISSIONS[Role.AUDIT_ADMIN]).toEqual(['AUDIT_LOG_READ']);
  });

  describe('ADM-4: two persons make an account', () => {
    const CREATE = `mutation($i: CreateAccountInput!) { createAccount(input: $i) { id role roleGranted } }`;
    const GRANT = `mutation($i: GrantAccountRoleInput!) { grantAccountRole(input: $i) { role roleGranted } }`;
    const create = async (username: string, role: string, extra: Record<string, unknown> = {}) =>
      data(await t.admins.system.gql(CREATE, {
        i: { username, password: TEST_PASSWORD, displayName: '新账号', role, regionId: `${Buffer.from(`Region:${await t.regionId('靖宇县')}`).toString('base64')}`, ...extra },
      })).createAccount;

    it('a SYSTEM_ADMIN requests the role; the account cannot sign in until a SECURITY_ADMIN grants it', async () => {
      const created = await create('office-two', 'COMMITTEE_OFFICE');
      expect(created).toMatchObject({ role: 'COMMITTEE_OFFICE', roleGranted: false });
      const refused = error(await login('office-two', TEST_PASSWORD));
      expect(refused.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'ROLE_NOT_GRANTED' });
      expect(refused.message).toContain('尚待安全管理员授权');
      // a wrong password is told nothing about the role
      expect(error(await login('office-two', 'Wrong-Passw0rd')).extensions.reason).toBe('LOGIN_FAILED');
      // the security administrator sees it waiting
      const pending = data(await t.admins.security.gql(`{ accounts(roleGranted: false, first: 50) { edges { node { username role } } } }`)).accounts.edges;
      expect(pending.map((e: any) => e.node.username)).toContain('office-two');
      // the system administrator cannot grant it
      const self = error(await t.admins.system.gql(GRANT, { i: { accountId: created.id, role: 'COMMITTEE_OFFICE' } }));
      expect(self.extensions.code).toBe('FORBIDDEN');
      expect(data(await t.admins.security.gql(GRANT, { i: { accountId: created.id, role: 'COMMITTEE_OFFICE' } })).grantAccountRole)
        .toEqual({ role: 'COMMITTEE_OFFICE', roleGranted: true });
      expect(data(await login('office-two', TEST_PASSWORD)).login.accessToken).toEqual(expect.any(String));
      const entries = data(await t.admins.audit.gql(`{ auditLog(operation: "grantAccountRole") { edges { node { actorLabel outcome } } } }`)).auditLog.edges;
      expect(entries.map((e: any) => e.node)).toContainEqual({ actorLabel: 'test-secadmin', outcome: 'SUCCESS' });
    });

    it('the grant may change a requested role within its kind; never a business account into an administrator', async () => {
      const a = await create('admin-request', 'AUDIT_ADMIN');
      expect(data(await t.admins.security.gql(GRANT, { i: { accountId: a.id, role: 'SYSTEM_ADMIN' } })).grantAccountRole.role).toBe('SYSTEM_ADMIN');
      // granted: an administrator never becomes another kind (ADM-5)
      const again = error(await t.admins.security.gql(GRANT, { i: { accountId: a.id, role: 'AUDIT_ADMIN' } }));
      expect(again.extensions.code).toBe('BAD_USER_INPUT');
      const b = await create('center-request', 'CENTER');
      const mixed = error(await t.admins.security.gql(GRANT, { i: { accountId: b.id, role: 'SECURITY_ADMIN' } }));
      expect(mixed.extensions.fields[0]).toMatchObject({ field: 'input.role', reason: expect.stringContaining('管理员新建专用账号') });
    });

    it('a SECURITY_ADMIN never grants to itself; updateAccount no longer changes a role (deprecated: grantAccountRole)', async () => {
      const me = await t.admins.security.account();
      const self = error(await t.admins.security.gql(GRANT, { i: { accountId: me.globalId, role: 'SECURITY_ADMIN' } }));
      expect(self.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'SELF_ADMINISTRATION' });
      const station = await t.account({ role: Role.STATION });
      const viaUpdate = error(await t.admins.system.gql(`mutation($i: UpdateAccountInput!) { updateAccount(input: $i) { role } }`, { i: { id: station.globalId, role: 'TOWNSHIP_GOVERNMENT' } }));
      expect(viaUpdate.extensions.code).toBe('FORBIDDEN');
      expect(viaUpdate.message).toContain('grantAccountRole');
    });

    it('ADM-5: an administrator account carries no organization', async () => {
      const a = await create('sys-two', 'SYSTEM_ADMIN');
      const [row] = await t.dataSource.query(`SELECT organization_id FROM account WHERE username = 'sys-two'`);
      expect(row.organization_id).toBeNull();
      expect(a.roleGranted).toBe(false);
    });
  });

  describe('ADM-1 .. ADM-3: who resets, unlocks whom', () => {
    const RESET = `mutation($i: ResetAccountPasswordInput!) { resetAccountPassword(input: $i) { passwordChangeRequired } }`;
    const UNLOCK = `mutation($i: AccountIdInput!) { unlockAccount(input: $i) { locked } }`;
    const reset = (as: TestApp['admins']['system'], target: TestAccount) => as.gql(RESET, { i: { id: target.globalId, newPassword: 'Reset-Passw0rd-1' } });

    it('a SYSTEM_ADMIN resets a business account and a SECURITY_ADMIN, never another SYSTEM_ADMIN nor itself', async () => {
      expect(data(await reset(t.admins.system, await t.account({ role: Role.CENTER }))).resetAccountPassword.passwordChangeRequired).toBe(true);
      expect(codeOf(await reset(t.admins.system, await t.account({ role: Role.SECURITY_ADMIN })))).toBeNull();
      const peer = error(await reset(t.admins.system, await t.account({ role: Role.SYSTEM_ADMIN })));
      expect(peer.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'SEPARATION_OF_DUTIES' });
      expect(peer.message).toContain('只能由安全管理员办理');
      const self = error(await reset(t.admins.system, await t.admins.system.account()));
      expect(self.extensions.reason).toBe('SELF_ADMINISTRATION');
    });

    it('a SECURITY_ADMIN resets a SYSTEM_ADMIN\'s password, never a business account\'s', async () => {
      expect(codeOf(await reset(t.admins.security, await t.account({ role: Role.SYSTEM_ADMIN })))).toBeNull();
      expect(error(await reset(t.admins.security, await t.account({ role: Role.STATION }))).extensions.reason).toBe('SEPARATION_OF_DUTIES');
    });

    it('ADM-6: who reset an administrator\'s password does not also reset its second factor before it signs in again', async () => {
      const RESET_2FA = `mutation($i: AccountIdInput!) { resetSecondFactor(input: $i) { id } }`;
      const target = await t.account({ role: Role.SECURITY_ADMIN });
      const a = await t.account({ role: Role.SYSTEM_ADMIN });
      const b = await t.account({ role: Role.SYSTEM_ADMIN });
      await t.dataSource.query(`UPDATE account SET totp_secret_enc = 'x', totp_enabled_at = now() WHERE id = $1`, [target.id]);
      expect(codeOf(await t.gqlAs(a, RESET, { i: { id: target.globalId, newPassword: 'Reset-Passw0rd-1' } }))).toBeNull();
      const both = error(await t.gqlAs(a, RESET_2FA, { i: { id: target.globalId } }));
      expect(both.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'SEPARATION_OF_DUTIES' });
      expect(both.message).toContain('ADM-6');
      // another administrator of the kind may; and the reverse order is refused alike
      expect(codeOf(await t.gqlAs(b, RESET_2FA, { i: { id: target.globalId } }))).toBeNull();
      expect(error(await t.gqlAs(b, RESET, { i: { id: target.globalId, newPassword: 'Reset-Passw0rd-2' } })).extensions.reason).toBe('SEPARATION_OF_DUTIES');
    });

    it('a SECURITY_ADMIN is unlocked by a SYSTEM_ADMIN, never by another SECURITY_ADMIN', async () => {
      const sec = await t.account({ role: Role.SECURITY_ADMIN });
      await t.dataSource.query(`UPDATE account SET locked_until = now() + interval '1 hour' WHERE id = $1`, [sec.id]);
      expect(error(await t.admins.security.gql(UNLOCK, { i: { id: sec.globalId } })).extensions.reason).toBe('SEPARATION_OF_DUTIES');
      expect(data(await t.admins.system.gql(UNLOCK, { i: { id: sec.globalId } })).unlockAccount.locked).toBe(false);
      const station = await t.account({ role: Role.STATION });
      expect(error(await t.admins.system.gql(UNLOCK, { i: { id: station.globalId } })).extensions.reason).toBe('SEPARATION_OF_DUTIES');
      expect(data(await t.admins.security.gql(UNLOCK, { i: { id: station.globalId } })).unlockAccount.locked).toBe(false);
    });
  });

  describe('unmask grants (GB/T 22239-2019 8.1.4.2 b, T-KEY-2)', () => {
    const READ = `query($id: ID!) { accountPersonalData(id: $id) { citizenId } }`;
    const GRANT = `mutation($i: GrantUnmaskInput!) { grantUnmask(input: $i) { id until active } }`;

    it('the office reads unmasked only while a SECURITY_ADMIN\'s grant is in force; each read is audited', async () => {
      const target = await t.account({ role: Role.STATION });
      expect(codeOf(await t.gql(READ, { id: target.globalId }))).toBe('FORBIDDEN');
      const today = t.clock.today();
      const grant = data(await t.admins.security.gql(GRANT, { i: { accountId: t.office.globalId, until: today, reason: '核对选调人员身份' } })).grantUnmask;
      expect(grant).toMatchObject({ until: today, active: true });
      expect(codeOf(await t.gql(READ, { id: target.globalId }))).toBeNull();
      const reads = data(await t.admins.audit.gql(`{ auditLog(operation: "accountPersonalData") { totalCount } }`)).auditLog.totalCount;
      expect(reads).toBeGreaterThan(0);
      const listed = data(await t.admins.security.gql(`query($a: ID) { unmaskGrants(accountId: $a, active: true) { edges { node { reason grantedBy } } } }`, { a: t.office.globalId }));
      expect(listed.unmaskGrants.edges.map((e: any) => e.node)).toContainEqual({ reason: '核对选调人员身份', grantedBy: 'test-secadmin' });
      data(await t.admins.security.gql(`mutation($i: RevokeUnmaskInput!) { revokeUnmask(input: $i) { active } }`, { i: { id: grant.id } }));
      expect(codeOf(await t.gql(READ, { id: target.globalId }))).toBe('FORBIDDEN');
    });

    it('T-KEY-2: through today at the earliest, today + 90 days at the latest; it ends after its last day', async () => {
      const today = t.clock.today();
      const tooLate = error(await t.admins.security.gql(GRANT, { i: { accountId: t.office.globalId, until: addDays(today, 91), reason: '过长' } }));
      expect(tooLate.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'T-KEY-2' });
      expect(error(await t.admins.security.gql(GRANT, { i: { accountId: t.office.globalId, until: addDays(today, -1), reason: '过去' } })).extensions.rule).toBe('T-KEY-2');
      const center = await t.account({ role: Role.CENTER });
      data(await t.admins.security.gql(GRANT, { i: { accountId: center.globalId, until: addDays(today, 90), reason: '季度核查' } }));
      const target = await t.account({ role: Role.STATION });
      expect(codeOf(await t.gqlAs(center, READ, { id: target.globalId }))).toBeNull();
      t.clock.advance(91 * 86_400_000);
      const again = await t.app.get(AuthService).startSession(RequestContext.system('test'), center.id);
      expect(codeOf(await t.gqlAs(again.accessToken, READ, { id: target.globalId }))).toBe('FORBIDDEN');
    });

    it('a grant widens what is shown of an account the holder may read, never which: ACCOUNT_READ and the jurisdiction too', async () => {
      const target = await t.account({ role: Role.STATION, region: '景山镇' });
      // a station holds no ACCOUNT_READ: its grant reads no account, not even one of its own township
      const station = await t.account({ role: Role.STATION, region: '景山镇' });
      await t.grantUnmask(station);
      const refused = error(await t.gqlAs(station, READ, { id: target.globalId }));
      expect(refused.extensions).toMatchObject({ code: 'FORBIDDEN', permission: 'ACCOUNT_READ' });
      expect(refused.message).toContain('查看账号');
      // another township's government reads accounts, not this one (as accounts and node answer it)
      const other = await t.account({ role: Role.TOWNSHIP_GOVERNMENT, region: '靖宇镇' });
      await t.grantUnmask(other);
      expect(codeOf(await t.gqlAs(other, READ, { id: target.globalId }))).toBe('NOT_FOUND');
      expect(data(await t.gqlAs(other, `query($id: ID!) { node(id: $id) { id } }`, { id: target.globalId })).node).toBeNull();
      // with both, answered
      const own = await t.account({ role: Role.TOWNSHIP_GOVERNMENT, region: '景山镇' });
      expect(codeOf(await t.gqlAs(own, READ, { id: target.globalId }))).toBe('FORBIDDEN');
      await t.grantUnmask(own);
      expect(data(await t.gqlAs(own, READ, { id: target.globalId })).accountPersonalData).toEqual({ citizenId: null });
    });

    it('never to an administrator, nor by anyone but a SECURITY_ADMIN', async () => {
      const audit = await t.account({ role: Role.AUDIT_ADMIN });
      expect(error(await t.admins.security.gql(GRANT, { i: { accountId: audit.globalId, until: t.clock.today(), reason: 'x' } })).extensions.code).toBe('BAD_USER_INPUT');
      expect(codeOf(await t.admins.system.gql(GRANT, { i: { accountId: t.office.globalId, until: t.clock.today(), reason: 'x' } }))).toBe('FORBIDDEN');
    });
  });

  describe('ADM-8: the jurisdiction is part of the grant; ADM-7: every administrator kind keeps an account in use', () => {
    const UPDATE = `mutation($i: UpdateAccountInput!) { updateAccount(input: $i) { roleGranted active region { name } } }`;
    const GRANT = `mutation($i: GrantAccountRoleInput!) { grantAccountRole(input: $i) { roleGranted } }`;
    const ME = `{ me { username } }`;
    const region = async (name: string) => toGlobalId('Region', await t.regionId(name));

    it('a name or phone edit keeps the grant and the sessions; a move withdraws the grant until a SECURITY_ADMIN grants again', async () => {
      const township = await t.account({ role: Role.TOWNSHIP_GOVERNMENT, region: '景山镇' });
      expect(data(await t.admins.system.gql(UPDATE, { i: { id: township.globalId, displayName: '改名', phone: '13800138000' } })).updateAccount)
        .toMatchObject({ roleGranted: true, active: true });
      expect(codeOf(await t.gqlAs(township, ME))).toBeNull();

      // another township: granted again only by the second person; its right to read personal data ends with the move
      await t.grantUnmask(township);
      expect(data(await t.admins.system.gql(UPDATE, { i: { id: township.globalId, regionId: await region('靖宇镇') } })).updateAccount)
        .toMatchObject({ roleGranted: false, region: { name: '靖宇镇' } });
      const [grant] = await t.dataSource.query(`SELECT revoked_at, revoked_by FROM unmask_grant WHERE account_id = $1`, [township.id]);
      expect(grant.revoked_at).not.toBeNull();
      expect(grant.revoked_by).toBe((await t.admins.system.account()).username);
      expect(error(await t.gqlAs(township, ME)).extensions.code).toBe('UNAUTHENTICATED');
      expect(error(await login(township.username, township.password)).extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'ROLE_NOT_GRANTED' });
      const waiting = data(await t.admins.security.gql(`{ accounts(roleGranted: false, first: 100) { edges { node { username } } } }`)).accounts.edges;
      expect(waiting.map((e: any) => e.node.username)).toContain(township.username);
      expect(data(await t.admins.security.gql(GRANT, { i: { accountId: township.globalId, role: 'TOWNSHIP_GOVERNMENT' } })).grantAccountRole.roleGranted).toBe(true);
      expect(data(await login(township.username, township.password)).login.accessToken).toEqual(expect.any(String));
      const entry = data(await t.admins.audit.gql(`query($t: String) { auditLog(operation: "updateAccount", targetId: $t, first: 1) { edges { node { summary } } } }`, { t: township.id }))
        .auditLog.edges[0].node;
      expect(JSON.parse(entry.summary)).toMatchObject({ before: { roleGranted: true }, after: { roleGranted: false, unmaskGrantsEnded: 1 } });
    });

    /** A SYSTEM_ADMIN of the city: it reaches the county and the city above it. */
    let citySystem: TestAccount | undefined;
    const asCitySystem = async (variables: Record<string, unknown>) => {
      citySystem ??= await t.account({ role: Role.SYSTEM_ADMIN, region: '白山市' });
      return t.gqlAs(citySystem, UPDATE, variables);
    };

    it('a county account moved up to the city, an AUDIT_ADMIN moved: the grant is withdrawn, a session is refused at its next request', async () => {
      const office = await t.account({ role: Role.COMMITTEE_OFFICE });
      expect(data(await asCitySystem({ i: { id: office.globalId, regionId: await region('白山市') } })).updateAccount.roleGranted).toBe(false);
      expect(error(await t.gqlAs(office, ME)).extensions.code).toBe('UNAUTHENTICATED');
      const auditor = await t.account({ role: Role.AUDIT_ADMIN });
      expect(codeOf(await t.gqlAs(auditor, `{ auditLog(first: 1) { totalCount } }`))).toBeNull();
      expect(data(await asCitySystem({ i: { id: auditor.globalId, regionId: await region('白山市') } })).updateAccount.roleGranted).toBe(false);
      expect(error(await t.gqlAs(auditor, `{ auditLog(first: 1) { totalCount } }`)).extensions.code).toBe('UNAUTHENTICATED');
      // a session that outlived the move (opened by the system, as a stale one would be) answers ROLE_NOT_GRANTED
      const { accessToken } = await t.app.get(AuthService).startSession(RequestContext.system('test'), auditor.id);
      expect(error(await t.gqlAs(accessToken, ME)).extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'ROLE_NOT_GRANTED' });
    });

    it('ADM-7: the last SECURITY_ADMIN in use is neither deactivated nor moved; the others are', async () => {
      const kept = await t.admins.security.account();
      await t.account({ role: Role.SECURITY_ADMIN });
      const others = (await t.dataSource.query(
        `SELECT id FROM account WHERE role = 'SECURITY_ADMIN' AND active AND role_granted AND id <> $1`, [kept.id],
      )) as { id: string }[];
      expect(others.length).toBeGreaterThan(0);
      for (const other of others) {
        expect(data(await t.admins.system.gql(UPDATE, { i: { id: toGlobalId('Account', other.id), active: false } })).updateAccount.active).toBe(false);
      }
      const deactivate = error(await t.admins.system.gql(UPDATE, { i: { id: kept.globalId, active: false } }));
      expect(deactivate.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'LAST_ADMINISTRATOR' });
      expect(deactivate.message).toContain('ADM-7');
      expect(deactivate.message).toContain('安全管理员');
      const move = error(await asCitySystem({ i: { id: kept.globalId, regionId: await region('白山市') } }));
      expect(move.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'LAST_ADMINISTRATOR' });
      // refused before anything was written; a name edit still passes, and the last one still grants
      const [row] = await t.dataSource.query(`SELECT active, role_granted FROM account WHERE id = $1`, [kept.id]);
      expect(row).toEqual({ active: true, role_granted: true });
      expect(data(await t.admins.system.gql(UPDATE, { i: { id: kept.globalId, displayName: '仍在岗' } })).updateAccount.active).toBe(true);
      expect(codeOf(await t.admins.security.gql(`{ unmaskGrants(first: 1) { edges { node { reason } } } }`))).toBeNull();
      // another one in use again: now this one may go
      data(await t.admins.system.gql(UPDATE, { i: { id: toGlobalId('Account', others[0].id), active: true } }));
      expect(data(await t.admins.system.gql(UPDATE, { i: { id: kept.globalId, active: false } })).updateAccount.active).toBe(false);
    });

    it('ADM-7 under concurrency: the last two SECURITY_ADMINs deactivated at once, one stays (its row is locked while counted)', async () => {
      await t.account({ role: Role.SECURITY_ADMIN });
      const inUse = (await t.dataSource.query(`SELECT id FROM account WHERE role = 'SECURITY_ADMIN' AND active AND role_granted`)) as { id: string }[];
      expect(inUse).toHaveLength(2);
      const answers = await Promise.all(inUse.map((a) => t.admins.system.gql(UPDATE, { i: { id: toGlobalId('Account', a.id), active: false } })));
      const refused = answers.filter((a) => a.body.errors?.length);
      expect(refused).toHaveLength(1);
      expect(refused[0].body.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'LAST_ADMINISTRATOR' });
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM account WHERE role = 'SECURITY_ADMIN' AND active AND role_granted`);
      expect(n).toBe(1);
    });
  });
});
