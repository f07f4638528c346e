import { Role, ROLE_PERMISSIONS } from '../../src/kernel/permissions';
import { toGlobalId } from '../../src/graphql/global-id';
import { createTestApp, data, error, GqlResponse, TestApp } from '../support/test-app';

const code = (res: GqlResponse) => res.body.errors?.[0]?.extensions?.code ?? null;
const reason = (res: GqlResponse) => res.body.errors?.[0]?.extensions?.reason ?? null;
const CREATE_KEY = `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret apiKey { id name prefix permissions lastUsedAt revokedAt } } }`;

describe('API keys for other county systems (GB/T 22239-2019 8.1.4.2 c)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });
  const createKey = async (name: string, region = '景山镇', extra: Record<string, unknown> = {}) =>
    data(await t.admins.security.gql(CREATE_KEY, { i: { name, permissions: ['ORGANIZATION_READ'], regionId: toGlobalId('Region', await t.regionId(region)), ...extra } })).createApiKey;
  const asKey = (secret: string, query: string, variables?: Record<string, unknown>) => t.gql(query, variables, { authorization: `Bearer ${secret}` });

  it('a key is shown once, stored as a hash, reads only its region with its permissions, and records its last use', async () => {
    const key = await createKey('景山镇网格化平台');
    // The secret part is base64url and may itself hold '_' (even lead with it): take everything after the prefix.
    const [, secretPart] = /^fcpk_[0-9a-f]{12}_([A-Za-z0-9_-]{43})$/.exec(key.secret) ?? [];
    expect(secretPart).toHaveLength(43);
    const rows = (await t.dataSource.query(`SELECT secret_hash FROM api_key WHERE name = '景山镇网格化平台'`)) as { secret_hash: string }[];
    expect(rows[0].secret_hash).not.toContain(secretPart);
    expect(key.apiKey.lastUsedAt).toBeNull();
    const res = data(await asKey(key.secret, `{ townships { edges { node { name } } } stations { totalCount } }`));
    expect(res.townships.edges.map((e: any) => e.node.name)).toEqual(['景山镇']);
    expect(res.stations.totalCount).toBe(1);
    const listed = data(await t.admins.security.gql(`{ apiKeys { edges { node { name lastUsedAt } } } }`)).apiKeys.edges.map((e: any) => e.node);
    expect(listed.find((k: any) => k.name === '景山镇网格化平台').lastUsedAt).not.toBeNull();
  });

  it('a key does nothing beyond its permissions: no write it was not granted, no accounts, no own-account operations', async () => {
    const key = await createKey('只读对接');
    expect(code(await asKey(key.secret, `{ accounts { totalCount } }`))).toBe('FORBIDDEN');
    expect(code(await asKey(key.secret, `{ me { username } }`))).toBe('FORBIDDEN');
    const station = data(await asKey(key.secret, `{ stations { edges { node { id } } } }`)).stations.edges[0].node.id;
    expect(code(await t.gql(`mutation($i: RecordFacilityCheckInput!) { recordFacilityCheck(input: $i) { id } }`, {
      i: { stationId: station, facility: 'PRINTING', compliant: true, checkedOn: '2026-11-01', checkedBy: '某人' },
    }, { authorization: `Bearer ${key.secret}`, 'idempotency-key': 'facility-check-0001' }))).toBe('FORBIDDEN');
    // a key can never be given more than INTEGRATION holds
    const refused = error(await t.admins.security.gql(CREATE_KEY, { i: { name: '越权', permissions: ['ACCOUNT_READ'], regionId: toGlobalId('Region', await t.regionId('靖宇县')) } }));
    expect(refused.extensions.fields[0].field).toBe('input.permissions');
  });

  it('ApiKey.permissions is bounded by INTEGRATION\'s permissions (最多 5 项): a permission given twice is held once', async () => {
    const key = await createKey('重复授权', '靖宇县', { permissions: ['ORGANIZATION_READ', 'FIRE_READ', 'ORGANIZATION_READ'] });
    expect(key.apiKey.permissions.sort()).toEqual(['FIRE_READ', 'ORGANIZATION_READ']);
    const field = data(await t.gql(`{ __type(name: "ApiKey") { fields { name description } } }`)).__type.fields.find((f: any) => f.name === 'permissions');
    expect(field.description).toContain(`最多 ${ROLE_PERMISSIONS[Role.INTEGRATION].length} 项`);
  });

  it('revoked, expired and wrong keys are refused', async () => {
    const key = await createKey('将吊销');
    data(await asKey(key.secret, `{ townships { totalCount } }`));
    data(await t.admins.security.gql(`mutation($i: RevokeApiKeyInput!) { revokeApiKey(input: $i) { revokedAt } }`, { i: { id: key.apiKey.id } }));
    expect(reason(await asKey(key.secret, `{ townships { totalCount } }`))).toBe('API_KEY_REVOKED');
    const expiring = await createKey('将过期', '靖宇县', { expiresAt: new Date(t.clock.now().getTime() + 3_600_000).toISOString() });
    data(await asKey(expiring.secret, `{ townships { totalCount } }`));
    t.clock.advance(3_600_001);
    expect(reason(await asKey(expiring.secret, `{ townships { totalCount } }`))).toBe('API_KEY_EXPIRED');
    const forged = `${expiring.secret.slice(0, -4)}AAAA`;
    expect(reason(await asKey(forged, `{ townships { totalCount } }`))).toBe('API_KEY_INVALID');
  });
});

describe('personal data: encrypted, looked up by keyed hash, shown masked, unmasked reads audited (GB/T 22239-2019 8.1.4.8, 8.1.4.11, PIPL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    // GB/T 22239-2019 8.1.4.11 b): the office reads unmasked through a SECURITY_ADMIN's time-limited grant
    await t.grantUnmask(t.office);
  });
  afterAll(async () => {
    await t?.close();
  });
  const CITIZEN_ID = '22062219900101108X';
  const create = async (username: string, citizenId: string, phone = '13812345678') =>
    t.admins.system.gql(`mutation($i: CreateAccountInput!) { createAccount(input: $i) { id citizenIdMasked phoneMasked } }`, {
      i: { username, password: 'Initial-Pass1', displayName: '李四', role: 'STATION', regionId: toGlobalId('Region', await t.regionId('景山镇')), citizenId, phone },
    });

  it('stores citizen ID and phone encrypted and shows them masked', async () => {
    const account = data(await create('li-si', CITIZEN_ID.toLowerCase())).createAccount;
    expect(account).toMatchObject({ citizenIdMasked: '220622********108X', phoneMasked: '138****5678' });
    const raw = JSON.stringify(await t.dataSource.query(`SELECT * FROM account WHERE username = 'li-si'`));
    expect(raw).not.toContain('19900101');
    expect(raw).not.toContain('12345678');
    const found = data(await t.gql(`query($c: String) { accounts(citizenId: $c) { edges { node { username citizenIdMasked } } } }`, { c: CITIZEN_ID })).accounts.edges;
    expect(found.map((e: any) => e.node.username)).toEqual(['li-si']);
  });

  it('a lookup by citizen ID or phone needs the unmask permission, is audited, and cannot be multiplied by aliases', async () => {
    const center = await t.account({ role: Role.CENTER });
    expect(code(await t.gql(`query($c: String) { accounts(citizenId: $c) { totalCount } }`, { c: CITIZEN_ID }, center.headers))).toBe('FORBIDDEN');
    expect(code(await t.gql(`{ accounts(phone: "13812345678") { totalCount } }`, undefined, center.headers))).toBe('FORBIDDEN');
    const entries = data(await t.admins.audit.gql(`{ auditLog(operation: "accountsByPersonalData") { totalCount edges { node { actorLabel summary } } } }`)).auditLog;
    expect(entries.edges[0].node).toEqual({ actorLabel: 'office', summary: JSON.stringify({ after: { fields: ['citizenId'] } }) });
    const aliased = await t.gql(`{ a: accounts(phone: "13812345678") { totalCount } b: accounts(phone: "13812345679") { totalCount } }`);
    expect(code(aliased)).toBe('BAD_REQUEST');
  });

  it('refuses an invalid or duplicate citizen ID', async () => {
    expect(error(await create('bad-id', '220622199001011232')).extensions.fields[0]).toMatchObject({ field: 'input.citizenId', reason: '校验码不正确' });
    expect(code(await create('dup-id', CITIZEN_ID))).toBe('CONFLICT');
  });

  it('an unmasked read needs its own permission and writes an audit entry', async () => {
    const [row] = (await t.dataSource.query(`SELECT id FROM account WHERE username = 'li-si'`)) as { id: string }[];
    const id = toGlobalId('Account', row.id);
    const center = await t.account({ role: Role.CENTER });
    expect(data(await t.gql(`{ accounts(role: STATION) { edges { node { citizenIdMasked } } } }`, undefined, center.headers)).accounts.edges.length).toBeGreaterThan(0);
    expect(code(await t.gql(`query($id: ID!) { accountPersonalData(id: $id) { citizenId } }`, { id }, center.headers))).toBe('FORBIDDEN');
    const revealed = data(await t.gql(`query($id: ID!) { accountPersonalData(id: $id) { citizenId phone } }`, { id }, { 'x-request-id': 'reveal-0001' })).accountPersonalData;
    expect(revealed).toEqual({ citizenId: CITIZEN_ID, phone: '13812345678' });
    const entries = data(await t.admins.audit.gql(`{ auditLog(operation: "accountPersonalData") { edges { node { actorLabel targetId clientRequestId outcome summary } } } }`)).auditLog.edges;
    expect(entries.map((e: any) => e.node)).toContainEqual({
      actorLabel: 'office', targetId: row.id, clientRequestId: 'reveal-0001', outcome: 'SUCCESS', summary: JSON.stringify({ after: { fields: ['citizenId', 'phone'] } }),
    });
    // the audit entry itself keeps no unmasked value
    const raw = JSON.stringify(await t.dataSource.query(`SELECT * FROM audit_entry`));
    expect(raw).not.toContain(CITIZEN_ID);
    expect(raw).not.toContain('13812345678');
  });
});
