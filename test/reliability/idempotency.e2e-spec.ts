import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { IdempotencyPlugin } from '../../src/auth/idempotency.plugin';
import { Role } from '../../src/kernel/permissions';
import { toGlobalId } from '../../src/graphql/global-id';
import { createTestApp, data, error, TestAccount, TestApp } from '../support/test-app';

/**
 * Retries (docs/reliability.md): a mutation sent with an `Idempotency-Key` header writes once; the same key again
 * returns the first answer (auth/idempotency.plugin.ts, database/transaction.ts).
 */
describe('idempotency keys (Idempotency-Key header)', () => {
  let t: TestApp;
  let station: TestAccount;
  let colleague: TestAccount;
  let jingshan: string;
  beforeAll(async () => {
    t = await createTestApp();
    station = await t.account({ role: Role.STATION, region: '景山镇' });
    colleague = await t.account({ role: Role.STATION, region: '景山镇' });
    jingshan = toGlobalId('Region', await t.regionId('景山镇'));
  });
  afterAll(async () => {
    await t.close();
  });

  const CREATE = `mutation($i: CreatePremisesInput!) { createPremises(input: $i) { id name version } }`;
  const input = (name: string) => ({ i: { regionId: jingshan, kind: 'SMALL_VENUE', name, address: '景山镇中心街 2 号', responsibleName: '李店主', responsiblePhone: '13912345678', riskLevel: 'GENERAL' } });
  const create = (who: TestAccount, key: string, name: string) => t.gql(CREATE, input(name), { authorization: `Bearer ${who.token}`, 'idempotency-key': key });
  const premisesNamed = async (name: string) => (await t.dataSource.query(`SELECT count(*)::int AS n FROM premises WHERE name = $1`, [name]))[0].n as number;
  const keys = async (key: string) => (await t.dataSource.query(`SELECT count(*)::int AS n FROM idempotency_key WHERE key = $1`, [key]))[0].n as number;

  it('the same key twice returns the first answer and writes once; the replay says so in Idempotent-Replayed', async () => {
    const key = randomUUID();
    const first = await create(station, key, '幂等测试超市');
    const created = data(first).createPremises;
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    for (let i = 0; i < 2; i++) {
      const again = await create(station, key, '幂等测试超市');
      // as sent the first time, fields in the same order
      expect(JSON.stringify(again.body)).toBe(JSON.stringify(first.body));
      expect(again.headers['idempotent-replayed']).toBe('true');
    }
    expect(await premisesNamed('幂等测试超市')).toBe(1);
    expect(await keys(key)).toBe(1);
    // without a key the same request is a new one
    const unkeyed = data(await t.gqlAs(station, CREATE, input('幂等测试超市'))).createPremises;
    expect(unkeyed.id).not.toBe(created.id);
  });

  it('the same key with another request is CONFLICT (IDEMPOTENCY_KEY_REUSED) and writes nothing', async () => {
    const key = randomUUID();
    data(await create(station, key, '幂等测试甲'));
    const reused = await create(station, key, '幂等测试乙');
    expect(reused.status).toBe(409);
    const other = error(reused);
    expect(other.extensions.code).toBe('CONFLICT');
    expect(other.extensions.reason).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(other.message).toMatch(/幂等键/);
    expect(await premisesNamed('幂等测试乙')).toBe(0);
  });

  it('keys are per caller: another account with the same key makes its own write', async () => {
    const key = randomUUID();
    const mine = data(await create(station, key, '幂等测试丙')).createPremises;
    const theirs = data(await create(colleague, key, '幂等测试丙')).createPremises;
    expect(theirs.id).not.toBe(mine.id);
    expect(await premisesNamed('幂等测试丙')).toBe(2);
  });

  it('five concurrent requests with one key write once: each gets the answer or IDEMPOTENCY_KEY_IN_USE, and a retry then gets the answer', async () => {
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 5 }, () => create(station, key, '幂等并发测试')));
    expect(await premisesNamed('幂等并发测试')).toBe(1);
    const ok = answers.filter((a) => !a.body.errors);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const a of ok) expect(a.body).toEqual(ok[0].body);
    for (const a of answers.filter((x) => x.body.errors)) {
      expect(error(a).extensions).toMatchObject({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_IN_USE' });
    }
    expect((await create(station, key, '幂等并发测试')).body).toEqual(ok[0].body);
  });

  it('a claim committed by another request between the lookup and the claim is kept: this one is IDEMPOTENCY_KEY_IN_USE and writes nothing', async () => {
    // the interleaving the five concurrent requests above hit only now and then, made certain: the lookup finds no
    // key, then (before this request claims it) another request with the same key commits its claim
    const key = randomUUID();
    const query = t.dataSource.query.bind(t.dataSource);
    const spy = jest.spyOn(t.dataSource, 'query').mockImplementation(async (sql, params, runner) => {
      // the query runner passed on: a manager's query (inside the request's transaction) stays on its connection
      const rows: unknown = await query(sql, params, runner);
      if (sql.trimStart().startsWith('SELECT request_hash') && Array.isArray(params) && params[1] === key) {
        await query(`INSERT INTO idempotency_key (principal, key, request_hash) VALUES ($1, $2, 'another request')`, [params[0], key]);
      }
      return rows;
    });
    try {
      const raced = await create(station, key, '幂等竞争测试');
      // refused by the claim's INSERT inside the resolver's transaction: a GraphQL error of the field (HTTP 200)
      expect(error(raced).extensions).toMatchObject({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_IN_USE' });
    } finally {
      spy.mockRestore();
    }
    expect(await premisesNamed('幂等竞争测试')).toBe(0);
    expect(await keys(key)).toBe(1);
  });

  it('a request that failed recorded no key: the corrected request with the same key runs, once', async () => {
    const key = randomUUID();
    const bad = await t.gql(CREATE, { i: { ...input('幂等失败测试').i, responsiblePhone: '123' } }, { authorization: `Bearer ${station.token}`, 'idempotency-key': key });
    expect(error(bad).extensions.code).toBe('BAD_USER_INPUT');
    expect(await keys(key)).toBe(0);
    data(await create(station, key, '幂等失败测试'));
    data(await create(station, key, '幂等失败测试'));
    expect(await premisesNamed('幂等失败测试')).toBe(1);
  });

  it('a key recorded without its answer: IDEMPOTENCY_KEY_IN_USE while it may still run, IDEMPOTENCY_RESULT_UNKNOWN once the answer is lost (409, nothing written)', async () => {
    const key = randomUUID();
    data(await create(station, key, '幂等结果测试'));
    // as if the process had stopped between the commit and storing the answer
    await t.dataSource.query(`UPDATE idempotency_key SET response = NULL WHERE key = $1`, [key]);
    const running = await create(station, key, '幂等结果测试');
    expect(running.status).toBe(409);
    expect(error(running).extensions).toMatchObject({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_IN_USE' });
    await t.dataSource.query(`UPDATE idempotency_key SET created_at = now() - interval '2 minutes' WHERE key = $1`, [key]);
    const lost = await create(station, key, '幂等结果测试');
    expect(error(lost).extensions).toMatchObject({ code: 'CONFLICT', reason: 'IDEMPOTENCY_RESULT_UNKNOWN' });
    expect(error(lost).message).toMatch(/已执行/);
    expect(await premisesNamed('幂等结果测试')).toBe(1);
  });

  it('sign-in and secret-bearing mutations ignore the key: nothing of theirs is kept (an API key secret is shown once)', async () => {
    const key = randomUUID();
    const CREATE_KEY = `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`;
    const regionId = toGlobalId('Region', await t.regionId('靖宇县'));
    const security = await t.admins.security.account(); // API keys are the security administrator's (8.1.4.2 d))
    const send = (name: string) => t.gql(CREATE_KEY, { i: { name, regionId, permissions: ['INSPECTION_READ'] } }, { ...security.headers, 'idempotency-key': key });
    const a = data(await send('幂等测试对接甲')).createApiKey.secret;
    const b = data(await send('幂等测试对接乙')).createApiKey.secret;
    expect(b).not.toBe(a);
    expect(await keys(key)).toBe(0);
    const stored = await t.dataSource.query(`SELECT count(*)::int AS n FROM idempotency_key WHERE response LIKE '%' || $1 || '%'`, [a]);
    expect(stored[0].n).toBe(0);
  });

  it('expired keys are purged in batches, off the request path', async () => {
    const key = randomUUID();
    data(await create(station, key, '幂等过期测试'));
    await t.dataSource.query(`UPDATE idempotency_key SET created_at = now() - interval '25 hours' WHERE key = $1`, [key]);
    expect(await t.app.get(IdempotencyPlugin).purge()).toBeGreaterThanOrEqual(1);
    expect(await keys(key)).toBe(0);
    // forgotten: the same key runs again
    data(await create(station, key, '幂等过期测试'));
    expect(await premisesNamed('幂等过期测试')).toBe(2);
  });

  it('a malformed key on a mutation is BAD_USER_INPUT before anything is written; queries ignore the header, malformed or not', async () => {
    for (const key of ['short', 'x'.repeat(201), 'with space 12345', 'tab\there-12345']) {
      const res = await create(station, key, '幂等格式测试');
      // 400 (200 for a client that accepts only application/json: GraphQL over HTTP), never a 5xx
      expect(res.status).toBeLessThan(500);
      expect(error(res).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'Idempotency-Key' }] });
    }
    expect(await premisesNamed('幂等格式测试')).toBe(0);
    for (const key of [randomUUID(), 'short']) {
      data(await t.gql(`{ me { username } }`, undefined, { authorization: `Bearer ${station.token}`, 'idempotency-key': key }));
      expect(await keys(key)).toBe(0);
    }
  });
});
