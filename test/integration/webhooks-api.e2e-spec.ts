import { randomUUID } from 'node:crypto';
import { ROLE_PERMISSIONS, Role } from '../../src/kernel/permissions';
import { FIELD_CIPHER, PersonalDataCipher } from '../../src/auth/personal-data';
import { EVENT_TYPE_NAMES } from '../../src/integration/event-types';
import { toGlobalId } from '../../src/graphql/global-id';
import { createTestApp, data, error, TestAccount, TestApp } from '../support/test-app';

/**
 * Webhook subscriptions through the API (the committee office): the secret shown once and kept encrypted, the
 * SSRF refusals of target-guard.ts with this deployment's switches, the event and region filters, versions,
 * disable / enable / delete, the deliveries with their attempts, and redelivery's rules. Sending is the worker's
 * (its own spec): here deliveries and attempts are written through SQL, as the worker writes them.
 */
const CREATE = `mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { secret webhook { id url events state version recipient description region { name } } } }`;
const UPDATE = `mutation($i: UpdateWebhookInput!) { updateWebhook(input: $i) { id url events state disabledReason disabledAt version } }`;
const REDELIVER = `mutation($i: RedeliverWebhookEventInput!) { redeliverWebhookEvent(input: $i) { id state manual attemptCount nextAttemptAt } }`;
const LIST = `query($r: ID) { webhooks(first: 100, regionId: $r) { totalCount edges { node { id url events state lastDeliveredAt pendingCount } } } }`;

describe('webhook subscriptions: the committee office\'s API', () => {
  let t: TestApp;
  let township: string;
  let county: string;
  let otherTownship: string;
  let outsideCounty: string;
  let station: TestAccount;
  const hook = (over: Record<string, unknown> = {}) => ({
    url: 'http://127.0.0.1:9/hooks/fire', events: ['hazard.reported', 'hazard.closed'], regionId: toGlobalId('Region', township), description: '  县应急指挥平台  ', ...over,
  });
  const create = async (over: Record<string, unknown> = {}) => data(await t.admins.security.gql(CREATE, { i: hook(over) })).createWebhook;
  const rawId = (globalId: string) => Buffer.from(globalId, 'base64').toString('utf8').split(':')[1];
  /** A subscription whose deliveries are written here: stopped, so that no delivery worker sends them meanwhile. */
  const quiet = async () => {
    const { webhook } = await create();
    await t.dataSource.query(`UPDATE webhook SET state = 'DISABLED', disabled_reason = '测试：不推送', disabled_at = now() WHERE id = $1`, [rawId(webhook.id)]);
    return webhook;
  };
  const targets = () => t.config.webhookTargets;

  beforeAll(async () => {
    t = await createTestApp({ env: { SQL_STATS_HEADER: 'true' } });
    township = await t.regionId('景山镇');
    county = await t.regionId('靖宇县');
    [{ id: otherTownship }] = await t.dataSource.query(`SELECT id FROM region WHERE parent_id = $1 AND id <> $2 AND level = 'TOWNSHIP' LIMIT 1`, [county, township]);
    outsideCounty = randomUUID();
    await t.dataSource.query(
      `INSERT INTO region (id, parent_id, level, kind, name, code, path, sort_order, version)
       SELECT $1::uuid, id, 'COUNTY', NULL, '抚松县', '220621', path || $1::text || '/', 9, 1 FROM region WHERE name = '白山市'`, [outsideCounty]);
    await t.dataSource.query(`INSERT INTO organization (id, kind, name, region_id, parent_id, staff_quota, version) VALUES ($1, 'COUNTY_COMMITTEE_OFFICE', '抚松县消防救援委员会办公室', $2, NULL, NULL, 1)`,
      [randomUUID(), outsideCounty]);
    station = await t.account({ role: Role.STATION, region: '景山镇' });
  });
  afterAll(async () => {
    await t?.close();
  });
  afterEach(() => {
    targets().allowPrivateNetworks = true;
    targets().production = false;
  });

  it('answers the secret once (whsec_, 32 bytes), keeps it encrypted, never lists it, and starts at the outbox head', async () => {
    const created = await create();
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(created.secret.slice(6), 'base64')).toHaveLength(32);
    expect(created.webhook).toMatchObject({ state: 'ACTIVE', version: 1, recipient: 'COUNTY_SYSTEM', description: '县应急指挥平台', region: { name: '景山镇' } });
    const [row] = await t.dataSource.query(`SELECT secret_cipher, region_path, cursor_txid, cursor_seq, (SELECT path FROM region WHERE id = $2) AS path FROM webhook WHERE id = $1`,
      [rawId(created.webhook.id), township]);
    expect(row.secret_cipher).not.toContain(created.secret.slice(6));
    expect(t.app.get<PersonalDataCipher>(FIELD_CIPHER).decryptWebhookSecret(row.secret_cipher)).toBe(created.secret);
    expect(row.region_path).toBe(row.path);
    // the head: everything published before it is behind the cursor
    const [{ xmin }] = await t.dataSource.query(`SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin`);
    expect(BigInt(row.cursor_txid)).toBeGreaterThan(0n);
    expect(BigInt(row.cursor_txid)).toBeLessThanOrEqual(BigInt(xmin));
    expect(String(row.cursor_seq)).toBe('0');
    // no field of the schema gives it again, and neither the list nor the audit entry holds it
    expect(error(await t.admins.security.gql(`{ webhooks { edges { node { secret } } } }`)).extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const listed = data(await t.admins.security.gql(LIST));
    expect(listed.webhooks.edges.map((e: any) => e.node.id)).toContain(created.webhook.id);
    expect(JSON.stringify(listed)).not.toContain(created.secret.slice(6));
    const audit = await t.dataSource.query(`SELECT * FROM audit_entry WHERE operation = 'createWebhook'`);
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(created.secret.slice(6));
    expect(JSON.stringify(audit)).not.toContain(row.secret_cipher);
    // node(id:) finds it for the security administrator
    expect(data(await t.admins.security.gql(`query($id: ID!) { node(id: $id) { ... on Webhook { url } } }`, { id: created.webhook.id })).node.url).toBe('http://127.0.0.1:9/hooks/fire');
  });

  it('refuses a target that is private, loopback, link-local (metadata), unresolvable, too long, or http in production, naming the reason on input.url', async () => {
    targets().allowPrivateNetworks = false;
    const refused = async (url: string) => {
      const e = error(await t.admins.security.gql(CREATE, { i: hook({ url }) }));
      expect(e.extensions.code).toBe('BAD_USER_INPUT');
      expect(e.extensions.fields[0].field).toBe('input.url');
      return e.extensions.fields[0].reason as string;
    };
    expect(await refused('http://127.0.0.1:9/hooks')).toContain('本机回环地址');
    expect(await refused('https://10.1.2.3/hooks')).toContain('内网地址');
    expect(await refused('http://169.254.169.254/latest/meta-data')).toContain('169.254.169.254');
    expect(await refused('http://[::1]:9/hooks')).toContain('本机回环地址');
    expect(await refused('https://localhost/hooks')).toContain('本机回环地址');
    expect(await refused('https://no-such-host.invalid/hooks')).toContain('无法解析域名：no-such-host.invalid');
    expect(await refused(`https://example.org/${'x'.repeat(2100)}`)).toContain('2048');
    expect(await refused('ftp://127.0.0.1/hooks')).toContain('https');
    // production: https only, whatever the address (checked before any lookup)
    targets().production = true;
    expect(await refused('http://203.0.113.7/hooks')).toContain('生产环境只能使用 https 地址');
    // with the switch on, the intranet and http are allowed, in production too
    targets().allowPrivateNetworks = true;
    expect((await create({ url: 'http://127.0.0.1:9/intranet' })).webhook.url).toBe('http://127.0.0.1:9/intranet');
    expect((await create({ url: 'http://[::1]:9/intranet' })).webhook.state).toBe('ACTIVE');
    // nothing refused was written
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM webhook WHERE url NOT LIKE '%/hooks/fire' AND url NOT LIKE '%/intranet'`);
    expect(n).toBe(0);
  });

  it('refuses unknown event types (listing the valid ones), repeats, none, a blank or long description, and a region outside the jurisdiction', async () => {
    const unknown = error(await t.admins.security.gql(CREATE, { i: hook({ events: ['hazard.reported', 'hazard.exploded'] }) }));
    expect(unknown.extensions.fields[0]).toMatchObject({ field: 'input.events' });
    expect(unknown.extensions.fields[0].reason).toContain('hazard.exploded');
    for (const name of EVENT_TYPE_NAMES) expect(unknown.extensions.fields[0].reason).toContain(name);
    expect(error(await t.admins.security.gql(CREATE, { i: hook({ events: ['hazard.closed', 'hazard.closed'] }) })).extensions.fields[0].reason).toContain('重复');
    expect(error(await t.admins.security.gql(CREATE, { i: hook({ events: [] }) })).extensions.code).toBe('BAD_USER_INPUT');
    expect(error(await t.admins.security.gql(CREATE, { i: hook({ description: '   ' }) })).extensions.fields[0].field).toBe('input.description');
    expect(error(await t.admins.security.gql(CREATE, { i: hook({ description: '说'.repeat(201) }) })).extensions.fields[0].field).toBe('input.description');
    expect(error(await t.admins.security.gql(CREATE, { i: hook({ regionId: toGlobalId('Region', outsideCounty) }) })).extensions.code).toBe('FORBIDDEN');
  });

  it('a station or an API key may not manage webhooks, and no key can be given the permission', async () => {
    expect(error(await t.gqlAs(station, CREATE, { i: hook() })).extensions.code).toBe('FORBIDDEN');
    expect(error(await t.gqlAs(station, LIST)).extensions.code).toBe('FORBIDDEN');
    const grant = error(await t.admins.security.gql(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`, {
      i: { name: '想订阅的系统', permissions: ['WEBHOOK_MANAGE'], regionId: toGlobalId('Region', county) },
    }));
    expect(grant.extensions.code).toBe('BAD_USER_INPUT');
    const key = data(await t.admins.security.gql(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`, {
      i: { name: '对接平台', permissions: ROLE_PERMISSIONS[Role.INTEGRATION], regionId: toGlobalId('Region', county) },
    })).createApiKey.secret;
    // a key's write carries its Idempotency-Key (else 428 first): then the permission is what refuses it
    expect(error(await t.gql(CREATE, { i: hook() }, { authorization: `Bearer ${key}`, 'idempotency-key': randomUUID() })).extensions.code).toBe('FORBIDDEN');
    expect(error(await t.gqlAs(key, LIST)).extensions.code).toBe('FORBIDDEN');
  });

  it('updates with the version read (a stale one: CONFLICT), disables by hand (手动停用) and enables again, clearing the reason', async () => {
    const { webhook } = await create();
    const changed = data(await t.admins.security.gql(UPDATE, { i: { id: webhook.id, expectedVersion: 1, events: ['warning.raised'], url: 'http://127.0.0.1:9/v2' } })).updateWebhook;
    expect(changed).toMatchObject({ events: ['warning.raised'], url: 'http://127.0.0.1:9/v2', version: 2, state: 'ACTIVE' });
    const stale = error(await t.admins.security.gql(UPDATE, { i: { id: webhook.id, expectedVersion: 1, description: '旧版本' } }));
    expect(stale.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    // the same checks as creation
    expect(error(await t.admins.security.gql(UPDATE, { i: { id: webhook.id, expectedVersion: 2, events: ['nope'] } })).extensions.fields[0].field).toBe('input.events');
    targets().allowPrivateNetworks = false;
    expect(error(await t.admins.security.gql(UPDATE, { i: { id: webhook.id, expectedVersion: 2, url: 'http://10.0.0.1/' } })).extensions.fields[0].reason).toContain('内网地址');
    targets().allowPrivateNetworks = true;
    const off = data(await t.admins.security.gql(UPDATE, { i: { id: webhook.id, expectedVersion: 2, enabled: false } })).updateWebhook;
    expect(off).toMatchObject({ state: 'DISABLED', disabledReason: '手动停用', version: 3 });
    expect(off.disabledAt).not.toBeNull();
    const on = data(await t.admins.security.gql(UPDATE, { i: { id: webhook.id, expectedVersion: 3, enabled: true } })).updateWebhook;
    expect(on).toMatchObject({ state: 'ACTIVE', disabledReason: null, disabledAt: null, version: 4 });
    // one the worker stopped (its reason, its cursor): enabling clears the reason and keeps the cursor
    await t.dataSource.query(`UPDATE webhook SET state = 'DISABLED', disabled_reason = '连续失败：HTTP 500', disabled_at = now(), cursor_seq = 42 WHERE id = $1`, [rawId(webhook.id)]);
    expect(data(await t.admins.security.gql(UPDATE, { i: { id: webhook.id, expectedVersion: 4, enabled: true } })).updateWebhook).toMatchObject({ state: 'ACTIVE', disabledReason: null });
    const [row] = await t.dataSource.query(`SELECT cursor_seq FROM webhook WHERE id = $1`, [rawId(webhook.id)]);
    expect(String(row.cursor_seq)).toBe('42');
  });

  it('deletes softly: no longer listed nor found, no change nor redelivery', async () => {
    const { webhook } = await create();
    expect(data(await t.admins.security.gql(`mutation($i: DeleteWebhookInput!) { deleteWebhook(input: $i) { deletedWebhookId } }`, { i: { id: webhook.id } })).deleteWebhook.deletedWebhookId).toBe(webhook.id);
    const [row] = await t.dataSource.query(`SELECT deleted_at FROM webhook WHERE id = $1`, [rawId(webhook.id)]);
    expect(row.deleted_at).not.toBeNull();
    expect(data(await t.admins.security.gql(LIST)).webhooks.edges.map((e: any) => e.node.id)).not.toContain(webhook.id);
    expect(data(await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: webhook.id })).node).toBeNull();
    expect(error(await t.admins.security.gql(UPDATE, { i: { id: webhook.id, expectedVersion: 2, enabled: false } })).extensions.code).toBe('NOT_FOUND');
    expect(error(await t.admins.security.gql(`mutation($i: DeleteWebhookInput!) { deleteWebhook(input: $i) { deletedWebhookId } }`, { i: { id: webhook.id } })).extensions.code).toBe('NOT_FOUND');
    expect(error(await t.admins.security.gql(REDELIVER, { i: { webhookId: webhook.id, eventId: randomUUID() } })).extensions.code).toBe('NOT_FOUND');
    expect(error(await t.admins.security.gql(`query($w: ID!) { webhookDeliveries(webhookId: $w) { totalCount } }`, { w: webhook.id })).extensions.code).toBe('NOT_FOUND');
  });

  /** An outbox row written as `emit` writes it; `txid` places it before (small) or after (huge) a cursor. */
  const event = async (type: string, regionId: string, txid: string) => {
    const id = randomUUID();
    const [row] = await t.dataSource.query(
      `INSERT INTO integration_event (id, txid, type, occurred_at, region_id, region_path, county_id, subject_id, payload)
       SELECT $1, $2, $3, now(), r.id, r.path, $5, $6, '{}' FROM region r WHERE r.id = $4 RETURNING seq`,
      [id, txid, type, regionId, county, toGlobalId('Hazard', randomUUID())]);
    return { id, seq: String(row.seq) };
  };
  const delivery = async (webhookId: string, seq: string, state: string, attempts: { status: number | null; error: string | null; ms: number }[], at = 'now()') => {
    const id = randomUUID();
    await t.dataSource.query(
      `INSERT INTO webhook_delivery (id, webhook_id, event_seq, state, manual, attempt_count, first_attempt_at, next_attempt_at, delivered_at)
       VALUES ($1, $2, $3, $4, false, $5, now(), now(), ${state === 'DELIVERED' ? at : 'NULL'})`, [id, webhookId, seq, state, attempts.length]);
    for (const [i, a] of attempts.entries()) {
      await t.dataSource.query(`INSERT INTO webhook_delivery_attempt (delivery_id, attempted_at, http_status, duration_ms, error, instance) VALUES ($1, now() - $2 * interval '1 minute', $3, $4, $5, 'test')`,
        [id, attempts.length - i, a.status, a.ms, a.error]);
    }
    return id;
  };

  it('redelivers an event the subscription received: PENDING, manual, due now, its attempts kept; refuses the others', async () => {
    const webhook = await quiet();
    const hookId = rawId(webhook.id);
    const sent = await event('hazard.reported', township, '1');
    const deliveryId = await delivery(hookId, sent.seq, 'DELIVERED', [{ status: 500, error: 'HTTP 500', ms: 30 }, { status: 200, error: null, ms: 12 }]);
    const before = t.clock.now().getTime();
    const again = data(await t.admins.security.gql(REDELIVER, { i: { webhookId: webhook.id, eventId: sent.id } })).redeliverWebhookEvent;
    expect(again).toMatchObject({ id: toGlobalId('WebhookDelivery', deliveryId), state: 'PENDING', manual: true, attemptCount: 2 });
    expect(Math.abs(new Date(again.nextAttemptAt).getTime() - before)).toBeLessThan(60_000);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM webhook_delivery_attempt WHERE delivery_id = $1`, [deliveryId]);
    expect(n).toBe(2);
    // an event it never had a delivery for (before a retry row existed): a new manual delivery
    const older = await event('hazard.closed', township, '1');
    const fresh = data(await t.admins.security.gql(REDELIVER, { i: { webhookId: webhook.id, eventId: older.id } })).redeliverWebhookEvent;
    expect(fresh).toMatchObject({ state: 'PENDING', manual: true, attemptCount: 0 });
    const [{ rows }] = await t.dataSource.query(`SELECT count(*)::int AS rows FROM webhook_delivery WHERE webhook_id = $1 AND manual AND state = 'PENDING'`, [hookId]);
    expect(rows).toBe(2);
    // not one it would receive: another type, another township
    const otherType = await event('fire.recorded', township, '1');
    expect(error(await t.admins.security.gql(REDELIVER, { i: { webhookId: webhook.id, eventId: otherType.id } })).extensions.fields[0].reason).toContain('fire.recorded');
    const elsewhere = await event('hazard.reported', otherTownship, '1');
    expect(error(await t.admins.security.gql(REDELIVER, { i: { webhookId: webhook.id, eventId: elsewhere.id } })).extensions.fields[0].reason).toContain('不在订阅的区域内');
    // after its cursor: not sent yet, it will be in its turn
    const ahead = await event('hazard.reported', township, '9000000000000000000');
    const notYet = error(await t.admins.security.gql(REDELIVER, { i: { webhookId: webhook.id, eventId: ahead.id } }));
    expect(notYet.extensions).toMatchObject({ code: 'CONFLICT', reason: 'NOT_YET_SENT' });
    expect(error(await t.admins.security.gql(REDELIVER, { i: { webhookId: webhook.id, eventId: randomUUID() } })).extensions.code).toBe('NOT_FOUND');
    expect(error(await t.admins.security.gql(REDELIVER, { i: { webhookId: webhook.id, eventId: 'not-a-uuid' } })).extensions.code).toBe('BAD_USER_INPUT');
    await t.dataSource.query(`DELETE FROM integration_event WHERE id = $1`, [ahead.id]);
  });

  it('lists deliveries newest first with their event and attempts, the attempts of a page read in one statement', async () => {
    const webhook = await quiet();
    const hookId = rawId(webhook.id);
    const first = await event('hazard.reported', township, '1');
    const second = await event('hazard.closed', township, '1');
    const third = await event('hazard.reported', township, '1');
    await delivery(hookId, first.seq, 'DELIVERED', [{ status: 200, error: null, ms: 15 }], `timestamptz '2026-12-01 10:00:00+08'`);
    await delivery(hookId, second.seq, 'FAILED', [{ status: null, error: '连接超时', ms: 10000 }, { status: 503, error: 'HTTP 503', ms: 40 }, { status: 502, error: 'HTTP 502', ms: 41 }]);
    await delivery(hookId, third.seq, 'PENDING', [{ status: 500, error: 'HTTP 500', ms: 20 }]);
    const query = `query($w: ID!, $n: Int) { webhookDeliveries(webhookId: $w, first: $n) { totalCount edges { node { state attemptCount manual deliveredAt nextAttemptAt
      event { id type occurredAt subjectId } attempts(first: 10) { totalCount edges { node { attemptedAt httpStatus durationMs error } } } } } } }`;
    const res = await t.admins.security.gql(query, { w: webhook.id, n: 10 });
    const nodes = data(res).webhookDeliveries.edges.map((e: any) => e.node);
    expect(nodes.map((d: any) => d.event.id)).toEqual([third.id, second.id, first.id]);
    expect(nodes.map((d: any) => d.state)).toEqual(['PENDING', 'FAILED', 'DELIVERED']);
    expect(nodes[0].nextAttemptAt).not.toBeNull();
    expect(nodes[1].nextAttemptAt).toBeNull();
    expect(nodes[2].deliveredAt).toBe('2026-12-01T02:00:00.000Z');
    expect(nodes[1].event).toMatchObject({ type: 'hazard.closed' });
    expect(nodes[1].attempts.totalCount).toBe(3);
    expect(nodes[1].attempts.edges.map((e: any) => e.node)).toEqual([
      expect.objectContaining({ httpStatus: 502, durationMs: 41, error: 'HTTP 502' }),
      expect.objectContaining({ httpStatus: 503, durationMs: 40 }),
      expect.objectContaining({ httpStatus: null, durationMs: 10000, error: '连接超时' }),
    ]);
    // one delivery or three: the same number of statements (events and attempts per batch, never per delivery)
    // the session's activity (written every few seconds) is written by `me`, never in a measured request
    await t.gql(`{ me { username } }`);
    const three = await t.admins.security.gql(query, { w: webhook.id, n: 10 });
    await t.gql(`{ me { username } }`);
    const one = await t.admins.security.gql(query, { w: webhook.id, n: 1 });
    expect(data(one).webhookDeliveries.edges).toHaveLength(1);
    expect(Number(three.headers['x-sql-statements'])).toBeGreaterThan(0);
    expect(three.headers['x-sql-statements']).toBe(one.headers['x-sql-statements']);
    // filtered by state; and the subscription's own figures
    expect(data(await t.admins.security.gql(`query($w: ID!) { webhookDeliveries(webhookId: $w, state: FAILED) { totalCount } }`, { w: webhook.id })).webhookDeliveries.totalCount).toBe(1);
    const listed = data(await t.admins.security.gql(LIST)).webhooks.edges.find((e: any) => e.node.id === webhook.id).node;
    expect(listed).toMatchObject({ lastDeliveredAt: '2026-12-01T02:00:00.000Z', pendingCount: 1 });
    // another county's security administrator sees none of it
    const outsider = await t.account({ role: Role.SECURITY_ADMIN, region: outsideCounty });
    expect(error(await t.gqlAs(outsider, `query($w: ID!) { webhookDeliveries(webhookId: $w) { totalCount } }`, { w: webhook.id })).extensions.code).toBe('NOT_FOUND');
    expect(data(await t.gqlAs(outsider, LIST)).webhooks.totalCount).toBe(0);
    expect(error(await t.gqlAs(outsider, UPDATE, { i: { id: webhook.id, expectedVersion: 1, enabled: false } })).extensions.code).toBe('NOT_FOUND');
  });
});
