import { spawn } from 'node:child_process';
import { createCipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { KeyRotationService, PROTECTED_TABLES } from '../../src/auth/key-rotation';
import { keyIdOf } from '../../src/auth/key-material';
import { Role } from '../../src/kernel/permissions';
import { totpCode } from '../../src/auth/totp';
import type { DatabaseConfig } from '../../src/config/app-config';
import { toGlobalId } from '../../src/graphql/global-id';
import { ensureBuilt } from '../support/build';
import { sharedDatabase } from '../support/database';
import { citizenIdFor } from '../support/factories';
import { createTestApp, data, GqlResponse, TEST_ENV, TEST_PASSWORD, TestApp } from '../support/test-app';

/**
 * CRYPTO_SUITE (GB/T 39786-2021 商用密码; GB/T 22239-2019 8.1.4.7, 8.1.4.8): data written under `standard` is read
 * by an `sm` application on the same database; rotate-keys (the built CLI) rewrites every encrypted column and
 * blind index to SM4/SM3; a new data key with the previous one configured rotates again. The apps run one after
 * another on one database (an embedded DATA_DIR holds one process at a time).
 */

const CLI = path.resolve('dist/src/cli/main.js');
const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken secondFactorRequired } }`;
const VERIFY = `mutation($i: VerifySecondFactorInput!) { verifySecondFactor(input: $i) { accessToken secondFactorRequired } }`;
const TOWNSHIPS = `{ townships { totalCount } }`;
const BY_CITIZEN_ID = `query($c: String!) { accounts(citizenId: $c) { totalCount edges { node { username } } } }`;
const BY_PHONE = `query($p: String!) { accounts(phone: $p) { totalCount edges { node { username } } } }`;
const REVEAL = `query($id: ID!) { accountPersonalData(id: $id) { citizenId phone } }`;
const REVEAL_PERSON = `query($id: ID!) { personPersonalData(id: $id) { citizenId phone } }`;
const NEW_KEY = Buffer.alloc(32, 11).toString('base64');
const OLD_KEY = TEST_ENV.DATA_ENCRYPTION_KEY;

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fcp-suite-'));
let database: DatabaseConfig;
let dbEnv: Record<string, string>;
let drop: () => Promise<void> = async () => undefined;

const reason = (res: GqlResponse) => res.body.errors?.[0]?.extensions?.reason ?? null;
const code = (res: GqlResponse) => res.body.errors?.[0]?.extensions?.code ?? null;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

async function withApp<T>(env: Record<string, string>, minutesAhead: number, work: (t: TestApp) => Promise<T>): Promise<T> {
  const t = await createTestApp({ database, env });
  t.clock.advance(minutesAhead * 60_000); // each app a later TOTP step than the one before
  try {
    return await work(t);
  } finally {
    await t.close();
  }
}

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...TEST_ENV, ...dbEnv, ...env, LOG_LEVEL: 'warn' }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  child.stdin.end();
  return new Promise((resolve) => child.once('exit', (exitCode) => resolve({ code: exitCode, stdout, stderr })));
}

/** Stored values of every protected column that are not in the given form (prefix), and how many there are. */
async function formsOf(t: TestApp, encPrefix: string, idxPrefix: string): Promise<{ stale: string[]; total: number }> {
  const stale: string[] = [];
  let total = 0;
  for (const table of PROTECTED_TABLES) {
    for (const c of table.columns) {
      for (const [column, prefix] of [[c.column, encPrefix], ...(c.index ? [[c.index, idxPrefix]] : [])]) {
        const rows = (await t.dataSource.query(`SELECT ${column} AS v FROM ${table.table} WHERE ${column} IS NOT NULL`)) as { v: string }[];
        total += rows.length;
        for (const r of rows) if (!r.v.startsWith(prefix)) stale.push(`${table.table}.${column}=${r.v.slice(0, 12)}`);
      }
    }
  }
  return { stale, total };
}

/** What FieldCipher wrote before suites existed: `v1.<iv>.<ct+tag>` and a bare HMAC-SHA256 index. */
function legacy(key: string, plain: string, context: string): { enc: string; index: string } {
  const k = Buffer.from(key, 'base64');
  const aes = Buffer.from(hkdfSync('sha256', k, Buffer.alloc(0), 'fcp field encryption v1', 32));
  const iv = randomBytes(12);
  const g = createCipheriv('aes-256-gcm', aes, iv);
  g.setAAD(Buffer.from(context));
  const enc = `v1.${iv.toString('base64url')}.${Buffer.concat([g.update(plain), g.final(), g.getAuthTag()]).toString('base64url')}`;
  const idx = Buffer.from(hkdfSync('sha256', k, Buffer.alloc(0), 'fcp blind index v1', 32));
  return { enc, index: createHmac('sha256', idx).update(`${context}\u0000${plain}`).digest('base64url') };
}

beforeAll(async () => {
  await ensureBuilt();
  ({ config: database, env: dbEnv, drop } = await sharedDatabase(path.join(root, 'data')));
}, 300_000);

afterAll(async () => {
  await drop();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('CRYPTO_SUITE: standard to sm (商用密码) and a data key rotation, on one database', () => {
  const alice = { username: 'suite-alice', citizenId: citizenIdFor('1985-03-02', true, 41), phone: '13900004101' };
  const bob = { username: 'suite-bob', citizenId: citizenIdFor('1979-11-20', false, 42), phone: '13900004202' };
  const personCitizenId = citizenIdFor('1990-06-15', true, 43);
  let aliceId: string;
  let bobId: string;
  let personId: string;
  let totpSecret: string;
  let recoveryCodes: string[];
  let standardToken: string;
  let apiKeySecret: string;

  it('standard: accounts, a person, TOTP, a webhook and an API key are written in the v2/h2 forms (and one in the legacy v1 form)', async () => {
    await withApp({}, 0, async (t) => {
      const systemAdmin = await t.account({ role: Role.SYSTEM_ADMIN });
      const create = async (a: typeof alice) =>
        data(await t.gqlAs(systemAdmin, `mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }`, {
          i: { username: a.username, password: TEST_PASSWORD, displayName: a.username, role: 'STATION', regionId: toGlobalId('Region', await t.regionId('景山镇')), citizenId: a.citizenId, phone: a.phone },
        })).createAccount.id as string;
      // ADM-4: the security administrator grants the roles the system administrator requested
      for (const a of [alice, bob]) await t.grantRole(await create(a), 'STATION');
      // the sign-ins below are the accounts' own (not the temporary password an administrator's creation sets)
      await t.dataSource.query(`UPDATE account SET must_change_password = false WHERE username = ANY($1)`, [[alice.username, bob.username]]);
      [aliceId, bobId] = await Promise.all([alice, bob].map(async (a) => ((await t.dataSource.query(`SELECT id FROM account WHERE username = $1`, [a.username])) as { id: string }[])[0].id));
      const [aliceRaw] = (await t.dataSource.query(`SELECT id, citizen_id_enc, citizen_id_index FROM account WHERE username = $1`, [alice.username])) as any[];
      expect(aliceRaw.citizen_id_enc.startsWith(`v2.${keyIdOf(Buffer.from(OLD_KEY, 'base64'))}.`)).toBe(true);
      expect(aliceRaw.citizen_id_index.startsWith('h2.')).toBe(true);
      // bob's data as FieldCipher stored it before suites existed
      const c = legacy(OLD_KEY, bob.citizenId, 'citizen_id');
      const p = legacy(OLD_KEY, bob.phone, 'phone');
      await t.dataSource.query(`UPDATE account SET citizen_id_enc = $2, citizen_id_index = $3, phone_enc = $4, phone_index = $5 WHERE username = $1`,
        [bob.username, c.enc, c.index, p.enc, p.index]);

      // alice: a second factor (TOTP secret encrypted, recovery codes keyed hashes)
      const session = data(await t.gql(LOGIN, { i: { username: alice.username, password: TEST_PASSWORD } }, { authorization: '' })).login;
      totpSecret = data(await t.gql(`mutation { enrollTotp { secret } }`, undefined, bearer(session.accessToken))).enrollTotp.secret;
      recoveryCodes = data(await t.gql(`mutation($i: TotpCodeInput!) { confirmTotp(input: $i) { recoveryCodes } }`, { i: { code: totpCode(totpSecret, t.clock.now()) } }, bearer(session.accessToken))).confirmTotp.recoveryCodes;
      standardToken = data(await t.gql(LOGIN, { i: { username: bob.username, password: TEST_PASSWORD } }, { authorization: '' })).login.accessToken;
      expect(JSON.parse(Buffer.from(standardToken.split('.')[0], 'base64url').toString()).alg).toBe('HS256');
      expect(data(await t.gql(TOWNSHIPS, undefined, bearer(standardToken))).townships.totalCount).toBe(1);

      const gov = await t.account({ role: Role.TOWNSHIP_GOVERNMENT, region: '景山镇' });
      personId = data(await t.gqlAs(gov, `mutation($i: CreatePersonInput!) { createPerson(input: $i) { id } }`, {
        i: {
          name: '密码测试人员', gender: 'MALE', birthDate: '1990-06-15', citizenId: personCitizenId, phone: '13900004303', education: 'SENIOR_HIGH',
          householdRegionCode: '220622101', residenceRegionCode: '220622101', establishmentUnit: '景山镇人民政府', establishmentType: 'PUBLIC_SYSTEM',
          communication: 'GOOD', regionId: toGlobalId('Region', await t.regionId('景山镇')),
        },
      })).createPerson.id;
      data(await t.admins.security.gql(`mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { secret } }`, {
        i: { url: 'http://127.0.0.1:9/hooks/fire', events: ['hazard.reported'], regionId: toGlobalId('Region', await t.regionId('景山镇')), description: '县平台' },
      }));
      apiKeySecret = data(await t.admins.security.gql(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`, {
        i: { name: '密码套件对接', permissions: ['ORGANIZATION_READ'], regionId: toGlobalId('Region', await t.regionId('景山镇')) },
      })).createApiKey.secret;
      // the office reads personal data unmasked below, under a SECURITY_ADMIN's grant (GB/T 22239-2019 8.1.4.11 b))
      await t.grantUnmask(t.office);
      const [key] = (await t.dataSource.query(`SELECT secret_hash FROM api_key WHERE name = '密码套件对接'`)) as { secret_hash: string }[];
      expect(key.secret_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(data(await t.gql(BY_CITIZEN_ID, { c: bob.citizenId })).accounts.totalCount).toBe(1);
    });
  });

  it('sm, before rotation: old values are read, lookups find them, sign-in and both second factors work; only HSM3 tokens are accepted', async () => {
    await withApp({ CRYPTO_SUITE: 'sm' }, 2, async (t) => {
      expect(data(await t.gql(REVEAL, { id: toGlobalId('Account', aliceId) })).accountPersonalData).toEqual({ citizenId: alice.citizenId, phone: alice.phone });
      expect(data(await t.gql(REVEAL, { id: toGlobalId('Account', bobId) })).accountPersonalData).toEqual({ citizenId: bob.citizenId, phone: bob.phone });
      expect(data(await t.gql(REVEAL_PERSON, { id: personId })).personPersonalData).toMatchObject({ citizenId: personCitizenId });
      expect(data(await t.gql(BY_CITIZEN_ID, { c: alice.citizenId })).accounts.edges.map((e: any) => e.node.username)).toEqual([alice.username]);
      expect(data(await t.gql(BY_CITIZEN_ID, { c: bob.citizenId })).accounts.edges.map((e: any) => e.node.username)).toEqual([bob.username]);
      expect(data(await t.gql(BY_PHONE, { p: bob.phone })).accounts.totalCount).toBe(1);
      // the unique checks see rows indexed under the other suite
      const systemAdmin = await t.account({ role: Role.SYSTEM_ADMIN });
      const dup = await t.gqlAs(systemAdmin, `mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }`, {
        i: { username: 'suite-dup', password: TEST_PASSWORD, displayName: 'dup', role: 'STATION', regionId: toGlobalId('Region', await t.regionId('景山镇')), citizenId: bob.citizenId },
      });
      expect(code(dup)).toBe('CONFLICT');

      // a token of the standard suite signs nobody in under sm, nor does alg none or a well-signed HS256 token:
      // UNAUTHENTICATED in GraphQL, HTTP 401 on the HTTP routes (an attachment)
      const [, payload] = standardToken.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const hs256 = new JwtService({ secret: TEST_ENV.AUTH_TOKEN_SECRET }).sign({ ...claims, exp: Math.floor(t.clock.now().getTime() / 1000) + 600 }, { algorithm: 'HS256' });
      const none = `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`;
      for (const token of [standardToken, hs256, none]) {
        const res = await t.gql(TOWNSHIPS, undefined, bearer(token));
        expect([code(res), reason(res)]).toEqual(['UNAUTHENTICATED', 'TOKEN_INVALID']);
        expect((await request(t.app.getHttpServer()).get(`/attachments/${'a'.repeat(64)}`).set(bearer(token))).status).toBe(401);
      }

      const bobToken = data(await t.gql(LOGIN, { i: { username: bob.username, password: TEST_PASSWORD } }, { authorization: '' })).login.accessToken;
      expect(JSON.parse(Buffer.from(bobToken.split('.')[0], 'base64url').toString())).toEqual({ alg: 'HSM3', typ: 'JWT' });
      expect(data(await t.gql(TOWNSHIPS, undefined, bearer(bobToken))).townships.totalCount).toBe(1);
      expect((await request(t.app.getHttpServer()).get(`/attachments/${'a'.repeat(64)}`).set(bearer(bobToken))).status).toBe(404);
      // a changed claim under the same HSM3 signature is refused
      const [h, p, s] = bobToken.split('.');
      const forged = `${h}.${b64({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: aliceId })}.${s}`;
      expect(reason(await t.gql(TOWNSHIPS, undefined, bearer(forged)))).toBe('TOKEN_INVALID');

      // alice's TOTP secret (AES-GCM) and a recovery code (HMAC-SHA256) from before the switch
      const first = data(await t.gql(LOGIN, { i: { username: alice.username, password: TEST_PASSWORD } }, { authorization: '' })).login;
      expect(first.secondFactorRequired).toBe(true);
      expect(data(await t.gql(VERIFY, { i: { code: totpCode(totpSecret, t.clock.now()) } }, bearer(first.accessToken))).verifySecondFactor.secondFactorRequired).toBe(false);
      const second = data(await t.gql(LOGIN, { i: { username: alice.username, password: TEST_PASSWORD } }, { authorization: '' })).login;
      expect(data(await t.gql(VERIFY, { i: { recoveryCode: recoveryCodes[0] } }, bearer(second.accessToken))).verifySecondFactor.secondFactorRequired).toBe(false);

      // an API key hashed with SHA-256 still works, and is stored anew under SM3 at its use
      expect(data(await t.gql(`{ townships { totalCount } }`, undefined, bearer(apiKeySecret))).townships.totalCount).toBe(1);
      const [key] = (await t.dataSource.query(`SELECT secret_hash FROM api_key WHERE name = '密码套件对接'`)) as { secret_hash: string }[];
      expect(key.secret_hash).toMatch(/^sm3:[0-9a-f]{64}$/);
      expect(data(await t.gql(`{ townships { totalCount } }`, undefined, bearer(apiKeySecret))).townships.totalCount).toBe(1);

      const forms = await formsOf(t, 's2.', 's2.');
      expect(forms.stale.length).toBeGreaterThan(5); // nothing was rewritten behind the operator's back
    });
  });

  it('rotate-keys (the CLI) under sm rewrites every value to SM4/SM3, prints counts, and a second run rewrites nothing', async () => {
    const first = await cli(['rotate-keys', '--batch-size', '2'], { CRYPTO_SUITE: 'sm' });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/account\.citizen_id_enc：改写 [1-9]\d*，共 \d+/);
    expect(first.stdout).toMatch(/person\.citizen_id_enc：改写 [1-9]/);
    expect(first.stdout).toMatch(/webhook\.secret_cipher：改写 [1-9]/);
    expect(first.stdout).toMatch(/完成：算法套件 sm/);
    // alice has 9 unused recovery codes, hashed under standard: reported, not rewritable
    expect(first.stdout).toMatch(/9 个未使用的恢复码/);
    const again = await cli(['rotate-keys'], { CRYPTO_SUITE: 'sm' });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/共改写 0 个字段值/);
  }, 120_000);

  it('sm, after rotation: every value is in the s2 form (SQL), still read, and lookups by citizen id still find the rows', async () => {
    await withApp({ CRYPTO_SUITE: 'sm' }, 4, async (t) => {
      const kid = keyIdOf(Buffer.from(OLD_KEY, 'base64'));
      const forms = await formsOf(t, `s2.${kid}.`, `s2.${kid}.`);
      expect(forms.stale).toEqual([]);
      expect(forms.total).toBeGreaterThan(10);
      const [row] = (await t.dataSource.query(`SELECT totp_secret_enc, citizen_id_enc FROM account WHERE id = $1`, [aliceId])) as any[];
      expect(row.totp_secret_enc.split('.')).toHaveLength(5);
      expect(data(await t.gql(REVEAL, { id: toGlobalId('Account', bobId) })).accountPersonalData).toEqual({ citizenId: bob.citizenId, phone: bob.phone });
      expect(data(await t.gql(REVEAL_PERSON, { id: personId })).personPersonalData).toMatchObject({ citizenId: personCitizenId, phone: '13900004303' });
      expect(data(await t.gql(BY_CITIZEN_ID, { c: bob.citizenId })).accounts.edges.map((e: any) => e.node.username)).toEqual([bob.username]);
      expect(data(await t.gql(BY_PHONE, { p: alice.phone })).accounts.edges.map((e: any) => e.node.username)).toEqual([alice.username]);
      const first = data(await t.gql(LOGIN, { i: { username: alice.username, password: TEST_PASSWORD } }, { authorization: '' })).login;
      expect(data(await t.gql(VERIFY, { i: { code: totpCode(totpSecret, t.clock.now()) } }, bearer(first.accessToken))).verifySecondFactor.secondFactorRequired).toBe(false);
      // the recovery codes stay in their standard form and are checked in it until used
      const second = data(await t.gql(LOGIN, { i: { username: alice.username, password: TEST_PASSWORD } }, { authorization: '' })).login;
      expect(data(await t.gql(VERIFY, { i: { recoveryCode: recoveryCodes[1] } }, bearer(second.accessToken))).verifySecondFactor.secondFactorRequired).toBe(false);
    });
  });

  it('sm with CRYPTO_ACCEPT_LEGACY=false refuses SHA-2/AES values: lookups, a legacy recovery code, a SHA-256 API key hash; true accepts them', async () => {
    const h2 = legacy(OLD_KEY, bob.citizenId, 'citizen_id').index;
    const kid = keyIdOf(Buffer.from(OLD_KEY, 'base64'));
    const sha256 = createHash('sha256').update(/^fcpk_[0-9a-f]{12}_(.+)$/.exec(apiKeySecret)![1]).digest('hex');
    await withApp({ CRYPTO_SUITE: 'sm', CRYPTO_ACCEPT_LEGACY: 'false' }, 5, async (t) => {
      // what an instance still on `standard` would have written: bob's index as HMAC-SHA256, the key's hash as SHA-256
      await t.dataSource.query(`UPDATE account SET citizen_id_index = $2 WHERE id = $1`, [bobId, `h2.${kid}.${h2}`]);
      await t.dataSource.query(`UPDATE api_key SET secret_hash = $1 WHERE name = '密码套件对接'`, [sha256]);
      expect(data(await t.gql(BY_CITIZEN_ID, { c: bob.citizenId })).accounts.totalCount).toBe(0);
      expect(data(await t.gql(BY_CITIZEN_ID, { c: alice.citizenId })).accounts.totalCount).toBe(1); // s2 after rotation
      expect(reason(await t.gql(TOWNSHIPS, undefined, bearer(apiKeySecret)))).toBe('API_KEY_INVALID');
      const first = data(await t.gql(LOGIN, { i: { username: alice.username, password: TEST_PASSWORD } }, { authorization: '' })).login;
      const refused = await t.gql(VERIFY, { i: { recoveryCode: recoveryCodes[2] } }, bearer(first.accessToken));
      expect(code(refused)).toBe('BAD_USER_INPUT');
      // an AES value is an internal error (not bad input), and the operator's log says why
      await t.dataSource.query(`UPDATE account SET phone_enc = $2 WHERE id = $1`, [bobId, legacy(OLD_KEY, bob.phone, 'phone').enc]);
      expect(code(await t.gql(REVEAL, { id: toGlobalId('Account', bobId) }))).toBe('INTERNAL_SERVER_ERROR');
    });
    await withApp({ CRYPTO_SUITE: 'sm' }, 6, async (t) => {
      expect(data(await t.gql(BY_CITIZEN_ID, { c: bob.citizenId })).accounts.totalCount).toBe(1);
      expect(data(await t.gql(REVEAL, { id: toGlobalId('Account', bobId) })).accountPersonalData).toEqual({ citizenId: bob.citizenId, phone: bob.phone });
      expect(data(await t.gql(TOWNSHIPS, undefined, bearer(apiKeySecret))).townships.totalCount).toBe(1);
    });
  });

  it('an Idempotency-Key retry after a data key change is replayed, not IDEMPOTENCY_KEY_REUSED', async () => {
    const rename = `mutation($i: UpdateAccountInput!) { updateAccount(input: $i) { displayName } }`;
    const vars = { i: { id: toGlobalId('Account', bobId), displayName: '幂等重试' } };
    const idem = { 'idempotency-key': 'suite-retry-0001' };
    await withApp({ CRYPTO_SUITE: 'sm' }, 7, async (t) => {
      // names and personal data of accounts are the system administrator's (8.1.4.2 d)): the same one both times
      const first = await t.gql(rename, vars, { ...(await t.admins.system.account()).headers, ...idem });
      expect(first.body.errors).toBeUndefined();
    });
    await withApp({ CRYPTO_SUITE: 'sm', DATA_ENCRYPTION_KEY: NEW_KEY, DATA_ENCRYPTION_KEY_PREVIOUS: OLD_KEY }, 8, async (t) => {
      const as = { ...(await t.admins.system.account()).headers, ...idem };
      const retry = await t.gql(rename, vars, as);
      expect(reason(retry)).toBeNull();
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(reason(await t.gql(rename, { i: { ...vars.i, displayName: '另一个请求' } }, as))).toBe('IDEMPOTENCY_KEY_REUSED');
    });
  });

  it('a new data key with DATA_ENCRYPTION_KEY_PREVIOUS: read meanwhile, rotated in batches, then readable without the previous key', async () => {
    const rotating = { CRYPTO_SUITE: 'sm', DATA_ENCRYPTION_KEY: NEW_KEY, DATA_ENCRYPTION_KEY_PREVIOUS: OLD_KEY };
    await withApp(rotating, 6, async (t) => {
      expect(data(await t.gql(BY_CITIZEN_ID, { c: alice.citizenId })).accounts.totalCount).toBe(1);
      const report = await t.app.get(KeyRotationService).rotate({ batchSize: 1 });
      expect(report.keyId).toBe(keyIdOf(Buffer.from(NEW_KEY, 'base64')));
      expect(report.columns.find((c) => c.name === 'account.citizen_id_enc')!.rewritten).toBeGreaterThanOrEqual(2);
      expect(report.recoveryCodesEarlier).toBe(8);
      const forms = await formsOf(t, `s2.${report.keyId}.`, `s2.${report.keyId}.`);
      expect(forms.stale).toEqual([]);
      expect((await t.app.get(KeyRotationService).rotate()).columns.every((c) => c.rewritten === 0)).toBe(true);
    });
    await withApp({ CRYPTO_SUITE: 'sm', DATA_ENCRYPTION_KEY: NEW_KEY }, 8, async (t) => {
      expect(data(await t.gql(REVEAL, { id: toGlobalId('Account', aliceId) })).accountPersonalData).toEqual({ citizenId: alice.citizenId, phone: alice.phone });
      expect(data(await t.gql(BY_CITIZEN_ID, { c: alice.citizenId })).accounts.edges.map((e: any) => e.node.username)).toEqual([alice.username]);
      const first = data(await t.gql(LOGIN, { i: { username: alice.username, password: TEST_PASSWORD } }, { authorization: '' })).login;
      expect(data(await t.gql(VERIFY, { i: { code: totpCode(totpSecret, t.clock.now()) } }, bearer(first.accessToken))).verifySecondFactor.secondFactorRequired).toBe(false);
    });
  });

  it('rotate-keys skips and names an undecryptable value, rotates the rest, exits non-zero; a later run rotates a late old-form write', async () => {
    const rotating = { CRYPTO_SUITE: 'sm', DATA_ENCRYPTION_KEY: NEW_KEY, DATA_ENCRYPTION_KEY_PREVIOUS: OLD_KEY };
    const newKid = keyIdOf(Buffer.from(NEW_KEY, 'base64'));
    const oldKid = keyIdOf(Buffer.from(OLD_KEY, 'base64'));
    let webhookId = '';
    await withApp(rotating, 12, async (t) => {
      // a corrupt value (its SM3 MAC fails) and, after it in the walk, a good value under the previous key
      const corrupt = `s2.${oldKid}.${randomBytes(16).toString('base64url')}.${randomBytes(8).toString('base64url')}.${randomBytes(32).toString('base64url')}`;
      await t.dataSource.query(`UPDATE account SET phone_enc = $2 WHERE id = $1`, [aliceId, corrupt]);
      await t.dataSource.query(`UPDATE account SET phone_enc = $2 WHERE id = $1`, [bobId, legacy(OLD_KEY, bob.phone, 'phone').enc]);
      [{ id: webhookId }] = (await t.dataSource.query(`SELECT id FROM webhook LIMIT 1`)) as { id: string }[];
    });
    const run = await cli(['rotate-keys', '--batch-size', '1'], rotating);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`无法解密，已跳过：account.phone_enc，行 ${aliceId}`);
    expect(run.stdout).toMatch(/account\.phone_enc：改写 1，共 \d+，仍非当前形式 1/);
    expect(run.stdout).toMatch(/仍非当前形式 1 个；无法解密 1 个/);
    expect(run.stderr).toMatch(/密钥更新未完成：仍有 1 个值.*请勿去掉 DATA_ENCRYPTION_KEY_PREVIOUS/);
    await withApp(rotating, 14, async (t) => {
      const [b] = (await t.dataSource.query(`SELECT phone_enc FROM account WHERE id = $1`, [bobId])) as { phone_enc: string }[];
      expect(b.phone_enc.startsWith(`s2.${newKid}.`)).toBe(true);
      // the operator restores alice's phone; an instance not yet restarted writes a webhook secret in the old form
      await t.dataSource.query(`UPDATE account SET phone_enc = NULL, phone_index = NULL WHERE id = $1`, [aliceId]);
      await t.dataSource.query(`UPDATE webhook SET secret_cipher = $2 WHERE id = $1`, [webhookId, legacy(OLD_KEY, 'whsec-late', 'webhook.secret').enc]);
    });
    const again = await cli(['rotate-keys'], rotating);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/webhook\.secret_cipher：改写 1，共 \d+，仍非当前形式 0/);
    expect(again.stdout).toMatch(/仍非当前形式 0 个；无法解密 0 个/);
  }, 180_000);

  it('rotate-keys knows every encrypted column: each *_enc, *_index and secret_cipher column of the schema', async () => {
    await withApp({}, 10, async (t) => {
      const columns = (await t.dataSource.query(
        `SELECT table_name || '.' || column_name AS name FROM information_schema.columns
          WHERE table_schema = current_schema() AND (column_name LIKE '%\\_enc' OR column_name LIKE '%\\_index' OR column_name = 'secret_cipher')`,
      )) as { name: string }[];
      const known = PROTECTED_TABLES.flatMap((t) => t.columns.flatMap((c) => [`${t.table}.${c.column}`, ...(c.index ? [`${t.table}.${c.index}`] : [])]));
      expect(columns.map((c) => c.name).sort()).toEqual([...known].sort());
    });
  });
});
