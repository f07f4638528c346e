import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { loadAppConfig } from '../../src/config/app-config';
import { validateEnvironment } from '../../src/config/environment';
import { Clock } from '../../src/common/clock';
import { RequestContext } from '../../src/kernel/request-context';
import { toGlobalId } from '../../src/graphql/global-id';
import { FireService } from '../../src/inspections/fire.service';
import { WarningService } from '../../src/inspections/warning.service';
import { EventOutbox } from '../../src/integration/event-outbox';
import { EventRetentionJob } from '../../src/integration/event-retention.job';
import { WebhookWorker } from '../../src/integration/webhooks/webhook-worker';
import { embeddedSeededConfig, serverUrl } from '../support/database';
import { WebhookService } from '../../src/integration/webhooks/webhook.service';
import type { DatabaseConfig } from '../../src/config/app-config';
import { createTestApp, data, TestApp } from '../support/test-app';
import { emitEvents, insertWebhook, newSecret, Receiver, retireWebhook, until } from '../support/webhooks';

/**
 * Webhook delivery (Standard Webhooks) against a real receiver on 127.0.0.1 that verifies every request with the
 * standardwebhooks package. Small WEBHOOK_* values: attempts time out after 600 ms, retries wait 100–300 ms, an
 * event is given up after failing for 2.5 s. The process-level cases (restart, SIGKILL) are webhook-restart.
 */
const ENV = {
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
  WEBHOOK_WORKER_ENABLED: 'true',
  WEBHOOK_POLL_INTERVAL_MS: '50',
  WEBHOOK_TIMEOUT_MS: '600',
  WEBHOOK_RETRY_BASE_MS: '100',
  WEBHOOK_RETRY_MAX_DELAY_MS: '300',
  WEBHOOK_RETRY_WINDOW_MS: '2500',
  WEBHOOK_CONCURRENCY: '4',
};

interface AttemptRow { http_status: number | null; duration_ms: number; error: string | null; instance: string }

/** Both databases (the embedded one has one connection, shared by the worker and the requests). */
const DATABASES: [string, () => Promise<DatabaseConfig | undefined>][] = [
  ...(serverUrl() ? [['PostgreSQL server', async () => undefined] as [string, () => Promise<DatabaseConfig | undefined>]] : []),
  ['embedded PGlite', async () => embeddedSeededConfig()],
];

describe.each(DATABASES)('webhook delivery on the %s', (name, database) => {
  let t: TestApp;
  const receiver = new Receiver();
  let township: string;
  let otherTownship: string;
  let county: string;
  const hooks: string[] = [];

  const hook = async (path: string, spec: { events: string[]; regionId?: string; recipient?: 'COUNTY_SYSTEM' | 'DISCIPLINE_COMMISSION' }) => {
    const secret = newSecret();
    const id = await insertWebhook(t.dataSource, { url: receiver.url(path, secret), events: spec.events, regionId: spec.regionId ?? township, recipient: spec.recipient, secret });
    hooks.push(id);
    await receiver.ignoreEarlier(t.dataSource);
    return id;
  };
  const delivery = async (webhookId: string, eventId: string) =>
    ((await t.dataSource.query(
      `SELECT d.id, d.state, d.manual, d.attempt_count, d.delivered_at FROM webhook_delivery d JOIN integration_event e ON e.seq = d.event_seq WHERE d.webhook_id = $1 AND e.id = $2`,
      [webhookId, eventId],
    )) as { id: string; state: string; manual: boolean; attempt_count: number; delivered_at: Date | null }[])[0];
  const attempts = async (deliveryId: string): Promise<AttemptRow[]> =>
    t.dataSource.query(`SELECT http_status, duration_ms, error, instance FROM webhook_delivery_attempt WHERE delivery_id = $1 ORDER BY id`, [deliveryId]);
  const delivered = (webhookId: string, eventId: string) => until(`event ${eventId} delivered`, async () => (await delivery(webhookId, eventId))?.state === 'DELIVERED');

  beforeAll(async () => {
    await receiver.start();
    const config = await database();
    t = await createTestApp({ env: ENV, ...(config ? { database: config } : {}) });
    township = await t.regionId('景山镇');
    county = await t.regionId('靖宇县');
    const [other] = (await t.dataSource.query(`SELECT id FROM region WHERE level = 'TOWNSHIP' AND name <> '景山镇' AND path LIKE (SELECT path FROM region WHERE id = $1) || '%' LIMIT 1`, [county])) as { id: string }[];
    otherTownship = other.id;
  });
  afterEach(async () => {
    receiver.answer = () => 200;
    for (const id of hooks.splice(0)) await retireWebhook(t.dataSource, id);
  });
  afterAll(async () => {
    await t?.close();
    await receiver.stop();
  });

  it('settings: the defaults, and a retry window under 24 hours refused in production', () => {
    expect(loadAppConfig({}).webhooks).toEqual({
      workerEnabled: true, pollIntervalMs: 1000, timeoutMs: 10_000, retryBaseMs: 5000, retryMaxDelayMs: 3_600_000, retryWindowMs: 93_600_000,
      concurrency: 4,
    });
    expect(loadAppConfig({}).webhookTargets).toEqual({ allowPrivateNetworks: false, production: false });
    expect(loadAppConfig({}).eventRetentionDays).toBe(90);
    expect(() => validateEnvironment({ NODE_ENV: 'production', WEBHOOK_RETRY_WINDOW_MS: '3600000' })).toThrow(/WEBHOOK_RETRY_WINDOW_MS=3600000: must be at least 86400000/);
    expect(() => validateEnvironment({ WEBHOOK_CONCURRENCY: '0' })).toThrow(/WEBHOOK_CONCURRENCY/);
    const chosen = loadAppConfig({ WEBHOOK_WORKER_ENABLED: 'false', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
    expect(chosen.webhooks).toMatchObject({ workerEnabled: false });
    expect(chosen.webhookTargets).toMatchObject({ allowPrivateNetworks: true });
  });

  it('retries a failing receiver: 500, 500, then 200 is one delivery, its three attempts logged with statuses and durations', async () => {
    const id = await hook('/retry', { events: ['hazard.reported'] });
    receiver.answer = (_path, n) => (n < 2 ? 500 : 200);
    const [event] = await emitEvents(t.dataSource, [{ type: 'hazard.reported', regionId: township, payload: { level: 'GENERAL' } }]);
    await delivered(id, event);

    const got = receiver.on('/retry');
    expect(got.map((r) => [r.id, r.status, r.verified])).toEqual([[event, 500, true], [event, 500, true], [event, 200, true]]);
    // the body is the event's envelope (outbox-order.ts), the same on every attempt
    expect(got[2].body).toEqual({
      id: event, type: 'hazard.reported', timestamp: expect.any(String), regionId: toGlobalId('Region', township), countyId: toGlobalId('Region', county),
      subjectId: expect.stringMatching(/^[A-Za-z0-9+/=]+$/), data: { level: 'GENERAL' },
    });
    expect(got[0].body).toEqual(got[2].body);
    const d = await delivery(id, event);
    expect(d).toMatchObject({ state: 'DELIVERED', attempt_count: 3, delivered_at: expect.any(Date) });
    const log = await attempts(d.id);
    expect(log.map((a) => a.http_status)).toEqual([500, 500, 200]);
    expect(log.map((a) => a.error)).toEqual(['接收方返回 HTTP 500', '接收方返回 HTTP 500', null]);
    for (const a of log) expect(a.duration_ms).toEqual(expect.any(Number));
    expect(log[0].instance).toBe(t.app.get(WebhookWorker).instance);
    // the backoff: the retries came at least the base delay (100 ms, −20 % jitter) apart
    expect(got[1].at - got[0].at).toBeGreaterThanOrEqual(80);
  });

  it('looks for deliveries as soon as a transaction that wrote events commits, not after one rolled back or without events', async () => {
    const worker = t.app.get(WebhookWorker);
    const schedule = jest.spyOn(worker as unknown as { schedule: (ms: number) => void }, 'schedule');
    try {
      const woken = () => schedule.mock.calls.filter(([ms]) => ms === 0).length;
      await t.dataSource.transaction(async (m) => m.query(`SELECT 1`));
      await expect(t.dataSource.transaction(async (m) => {
        await new EventOutbox(new Clock()).emit(m, { type: 'hazard.reported', regionId: township, subjectId: randomUUID(), payload: {} as never });
        throw new Error('rolled back');
      })).rejects.toThrow('rolled back');
      expect(woken()).toBe(0);
      await emitEvents(t.dataSource, [{ type: 'hazard.reported', regionId: township }]);
      expect(woken()).toBeGreaterThanOrEqual(1);
    } finally {
      schedule.mockRestore();
    }
  });

  it('5 events in 1 s: 5 deliveries, each id once, in the outbox order', async () => {
    await hook('/five', { events: ['hazard.reported'] });
    const sent: string[] = [];
    for (let k = 0; k < 5; k++) {
      sent.push(...(await emitEvents(t.dataSource, [{ type: 'hazard.reported', regionId: township, payload: { k } }])));
      await new Promise((r) => setTimeout(r, 200));
    }
    await until('5 deliveries', () => receiver.on('/five').length >= 5);
    await new Promise((r) => setTimeout(r, 200)); // nothing more comes
    const got = receiver.on('/five');
    expect(got.map((r) => r.id)).toEqual(sent);
    expect(got.every((r) => r.verified)).toBe(true);
    expect(got.map((r) => r.body.data.k)).toEqual([0, 1, 2, 3, 4]);
  });

  it('a redelivery keeps its webhook-id and body and is sent before the events after it', async () => {
    const id = await hook('/again', { events: ['hazard.closed'] });
    const [first] = await emitEvents(t.dataSource, [{ type: 'hazard.closed', regionId: township }]);
    await delivered(id, first);
    // as redeliverWebhookEvent does: the delivery reopened by hand, then a new event behind it
    const d = await delivery(id, first);
    await t.dataSource.query(`UPDATE webhook_delivery SET state = 'PENDING', manual = true, first_attempt_at = NULL, next_attempt_at = now(), updated_at = now() WHERE id = $1`, [d.id]);
    const [second] = await emitEvents(t.dataSource, [{ type: 'hazard.closed', regionId: township }]);
    await delivered(id, second);
    const got = receiver.on('/again');
    expect(got.map((r) => r.id)).toEqual([first, first, second]);
    expect(got.every((r) => r.verified)).toBe(true);
    expect(got[1].body).toEqual(got[0].body);
    expect(await delivery(id, first)).toMatchObject({ state: 'DELIVERED', manual: true, attempt_count: 2 });
  });

  it('sends only the subscribed types of events inside the subscription\'s region, and passes over the rest', async () => {
    const id = await hook('/region', { events: ['hazard.reported', 'hazard.closed'] });
    const [inside, , , closed] = await emitEvents(t.dataSource, [
      { type: 'hazard.reported', regionId: township },
      { type: 'hazard.reported', regionId: otherTownship },
      { type: 'fire.recorded', regionId: township },
      { type: 'hazard.closed', regionId: township },
      { type: 'hazard.reported', regionId: county },
    ]);
    await delivered(id, closed);
    await new Promise((r) => setTimeout(r, 200));
    expect(receiver.on('/region').map((r) => r.id)).toEqual([inside, closed]);
    // the cursor went past the events that are not for it (so later polls do not scan them again)
    const [{ behind }] = (await t.dataSource.query(
      `SELECT count(*)::int AS behind FROM integration_event e, webhook w WHERE w.id = $1 AND (e.txid, e.seq) > (w.cursor_txid, w.cursor_seq)`, [id])) as { behind: number }[];
    expect(behind).toBe(0);
  });

  it('does not follow a redirect: a 302 is a failed attempt with its status, then the retry is delivered', async () => {
    const id = await hook('/moved', { events: ['hazard.reported'] });
    receiver.answer = (path, n) => (path === '/moved' && n === 0 ? { status: 302, headers: { location: `http://127.0.0.1:${receiver.port}/elsewhere` } } : 200);
    const [event] = await emitEvents(t.dataSource, [{ type: 'hazard.reported', regionId: township }]);
    await delivered(id, event);
    expect(receiver.on('/elsewhere')).toEqual([]);
    const log = await attempts((await delivery(id, event)).id);
    expect(log.map((a) => [a.http_status, a.error])).toEqual([[302, '接收方返回 HTTP 302（重定向不跟随）'], [200, null]]);
  });

  it('an attempt on a receiver that never answers ends at the timeout, recorded without a status', async () => {
    const id = await hook('/silent', { events: ['hazard.reported'] });
    receiver.answer = (path, n) => (path === '/silent' && n === 0 ? 'hang' : 200);
    const [event] = await emitEvents(t.dataSource, [{ type: 'hazard.reported', regionId: township }]);
    await delivered(id, event);
    const [timedOut, ok] = await attempts((await delivery(id, event)).id);
    expect(timedOut).toMatchObject({ http_status: null, error: '超时：600 毫秒内未收到完整回复' });
    expect(timedOut.duration_ms).toBeGreaterThanOrEqual(590);
    expect(timedOut.duration_ms).toBeLessThan(1500);
    expect(ok.http_status).toBe(200);
  });

  it('a redelivery that keeps failing does not hold the subscription\'s own events back', async () => {
    const id = await hook('/stuck', { events: ['hazard.closed'] });
    const [old] = await emitEvents(t.dataSource, [{ type: 'hazard.closed', regionId: township }]);
    await delivered(id, old);
    // asked again by hand, and now the receiver refuses that one event
    receiver.answer = (path, _n, eventId) => (path === '/stuck' && eventId === old ? 500 : 200);
    const d = await delivery(id, old);
    await t.dataSource.query(`UPDATE webhook_delivery SET state = 'PENDING', manual = true, first_attempt_at = NULL, next_attempt_at = now(), updated_at = now() WHERE id = $1`, [d.id]);
    await until('the redelivery failed once', async () => (await delivery(id, old)).attempt_count >= 2);
    const [fresh] = await emitEvents(t.dataSource, [{ type: 'hazard.closed', regionId: township }]);
    // delivered while the redelivery is still retrying, long before its window ends
    await delivered(id, fresh);
    expect((await delivery(id, old)).state).toBe('PENDING');
    receiver.answer = () => 200;
  });

  it('enabling a subscription again gives its waiting event a full retry window (WebhookService.update)', async () => {
    const id = await hook('/mended', { events: ['hazard.closed'] });
    receiver.answer = (path) => (path === '/mended' ? 500 : 200);
    const [waiting] = await emitEvents(t.dataSource, [{ type: 'hazard.closed', regionId: township }]);
    await until('one failed attempt', async () => ((await delivery(id, waiting))?.attempt_count ?? 0) >= 1);
    const webhooks = t.app.get(WebhookService);
    const ctx = RequestContext.system('test');
    const version = async () => ((await t.dataSource.query(`SELECT version FROM webhook WHERE id = $1`, [id])) as { version: number }[])[0].version;
    await webhooks.update(ctx, { id: toGlobalId('Webhook', id), expectedVersion: await version(), enabled: false });
    // disabled by hand for longer than the retry window (2.5 s), the receiver mended meanwhile
    await new Promise((r) => setTimeout(r, 2800));
    // its first attempt after enabling still fails: one failure, not a given-up event (its window starts anew)
    const before = receiver.on('/mended').length;
    receiver.answer = (path, n) => (path === '/mended' && n <= before ? 500 : 200);
    await webhooks.update(ctx, { id: toGlobalId('Webhook', id), expectedVersion: await version(), enabled: true });
    await delivered(id, waiting);
    expect(receiver.on('/mended').length).toBeGreaterThan(before + 1);
    expect(((await t.dataSource.query(`SELECT state FROM webhook WHERE id = $1`, [id])) as { state: string }[])[0].state).toBe('ACTIVE');
    receiver.answer = () => 200;
  });

  it('gives an event up after the retry window: the subscription is disabled with the reason, the office warned; what happens meanwhile is sent once it is enabled', async () => {
    const id = await hook('/down', { events: ['hazard.reported'] });
    receiver.answer = () => 500;
    const [lost] = await emitEvents(t.dataSource, [{ type: 'hazard.reported', regionId: township }]);
    const started = Date.now();
    await until('subscription disabled', async () => ((await t.dataSource.query(`SELECT state FROM webhook WHERE id = $1`, [id])) as { state: string }[])[0].state === 'DISABLED', 10_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2400);
    const [w] = (await t.dataSource.query(`SELECT disabled_reason, disabled_at, lease_owner FROM webhook WHERE id = $1`, [id])) as { disabled_reason: string; disabled_at: Date; lease_owner: string | null }[];
    expect(w.disabled_reason).toMatch(/^推送连续失败超过 2\.5 秒，已自动停用；最后一次错误：接收方返回 HTTP 500/);
    expect(w.lease_owner).toBeNull();
    expect(await delivery(id, lost)).toMatchObject({ state: 'FAILED' });
    const tries = receiver.on('/down').length;
    expect(tries).toBeGreaterThanOrEqual(4);

    // the committee office's warning, in the subscription's region
    const WARNINGS = `{ warnings(status: ACTIVE, first: 100) { edges { node { subjectType subjectId level ruleCode message } } } }`;
    const mine = async () => data(await t.gql(WARNINGS)).warnings.edges.map((e: any) => e.node).filter((n: any) => n.subjectId === toGlobalId('Webhook', id));
    expect(await mine()).toEqual([{ subjectType: 'WEBHOOK', subjectId: toGlobalId('Webhook', id), level: 'ORANGE', ruleCode: 'webhook.disabled', message: expect.stringContaining('已自动停用') }]);
    // the periodic evaluation keeps it while the subscription is disabled
    expect(await t.app.get(WarningService).evaluate()).toMatchObject({ ran: true, resolved: 0 });
    expect(await mine()).toHaveLength(1);

    // events while it is disabled are not sent, and not lost
    const during = await emitEvents(t.dataSource, [{ type: 'hazard.reported', regionId: township }, { type: 'hazard.reported', regionId: township }]);
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.on('/down')).toHaveLength(tries);
    receiver.answer = () => 200;
    // enabled again (as the API does), the evaluation resolves the warning and delivery resumes from the cursor
    await t.dataSource.query(`UPDATE webhook SET state = 'ACTIVE', disabled_reason = NULL, disabled_at = NULL, version = version + 1 WHERE id = $1`, [id]);
    expect(await t.app.get(WarningService).evaluate()).toMatchObject({ ran: true, resolved: 1 });
    expect(await mine()).toEqual([]);
    await delivered(id, during[1]);
    expect(receiver.on('/down').slice(tries).map((r) => r.id)).toEqual(during);
  });

  it('an investigation.opened delivered to the discipline commission\'s subscription records when it was delivered', async () => {
    const discipline = await hook('/discipline', { events: ['investigation.opened'], recipient: 'DISCIPLINE_COMMISSION' });
    const countySystem = await hook('/county', { events: ['investigation.opened'], regionId: county });
    const open = async (regionId: string) => {
      const { investigation } = await t.app.get(FireService).record(RequestContext.system('test'), {
        regionId: toGlobalId('Region', regionId), occurredAt: new Date(Date.now() - 3_600_000), place: '民房', cause: 'ELECTRICAL' as never,
        deaths: 1, injuries: 0, seriousInjuries: 0, directLossYuan: 1000,
      } as never);
      // a fatal fire opens its investigation, and the record writes investigation.opened in its transaction (INS-6)
      const [{ id: event }] = await t.dataSource.query(`SELECT id FROM integration_event WHERE type = 'investigation.opened' AND subject_id = $1`, [toGlobalId('Investigation', investigation!.id)]);
      return { id: investigation!.id, event: event as string };
    };
    const inside = await open(township);
    const outside = await open(otherTownship);
    await delivered(discipline, inside.event);
    await delivered(countySystem, outside.event);
    await delivered(countySystem, inside.event);
    const deliveredAt = async (caseId: string) =>
      (data(await t.gql(`query($id: ID!) { node(id: $id) { ... on Investigation { deliveredAt } } }`, { id: toGlobalId('Investigation', caseId) })).node as { deliveredAt: string | null }).deliveredAt;
    const at = await deliveredAt(inside.id);
    expect(at).not.toBeNull();
    expect(new Date(at!).getTime()).toBe(new Date((await delivery(discipline, inside.event)).delivered_at!).getTime());
    // a county system's delivery is not the commission's
    expect(await deliveredAt(outside.id)).toBeNull();
  });

  (name === 'PostgreSQL server' ? it : it.skip)('two instances on one server database: each delivery attempted by one of them, everything delivered once, in order', async () => {
    const second = await createTestApp({ env: ENV, database: t.config.database });
    try {
      receiver.answer = () => ({ status: 200, delayMs: 15 });
      const paths = ['/a', '/b', '/c'];
      const ids = await Promise.all(paths.map((p) => hook(p, { events: ['hazard.reported'] })));
      const sent: string[] = [];
      for (let k = 0; k < 10; k++) sent.push(...(await emitEvents(t.dataSource, [{ type: 'hazard.reported', regionId: township, payload: { k } }])));
      for (const id of ids) await delivered(id, sent[9]);
      for (const p of paths) {
        expect(receiver.on(p).map((r) => r.id)).toEqual(sent);
        expect(receiver.maxInFlight.get(p)).toBe(1);
      }
      const rows = (await t.dataSource.query(
        `SELECT d.attempt_count, array_agg(DISTINCT a.instance) AS instances FROM webhook_delivery d JOIN webhook_delivery_attempt a ON a.delivery_id = d.id
          WHERE d.webhook_id = ANY($1) GROUP BY d.id, d.attempt_count`, [ids])) as { attempt_count: number; instances: string[] }[];
      expect(rows).toHaveLength(30);
      for (const r of rows) expect(r).toMatchObject({ attempt_count: 1, instances: [expect.any(String)] });
      const instances = new Set(rows.map((r) => r.instances[0]));
      expect([...instances].every((i) => [t.app.get(WebhookWorker).instance, second.app.get(WebhookWorker).instance].includes(i))).toBe(true);
    } finally {
      await second.app.close();
    }
  });

  it('purges delivered deliveries and events past the retention, never an event a subscription has not passed', async () => {
    const id = await hook('/old', { events: ['task.assigned'] });
    const [done] = await emitEvents(t.dataSource, [{ type: 'task.assigned', regionId: township }]);
    await delivered(id, done);
    // a disabled subscription that has not passed its event yet
    const waiting = await hook('/waiting', { events: ['task.overdue'] });
    await t.dataSource.query(`UPDATE webhook SET state = 'DISABLED' WHERE id = $1`, [waiting]);
    const [kept] = await emitEvents(t.dataSource, [{ type: 'task.overdue', regionId: township }]);
    await t.dataSource.query(`UPDATE integration_event SET occurred_at = now() - interval '100 days' WHERE id = ANY($1)`, [[done, kept]]);
    await t.dataSource.query(`UPDATE webhook_delivery SET delivered_at = now() - interval '100 days' WHERE webhook_id = $1`, [id]);
    const job = t.app.get(EventRetentionJob);
    const first = await job.purge();
    expect(first).toMatchObject({ deliveries: 1, attempts: 1 });
    const left = async () => ((await t.dataSource.query(`SELECT id FROM integration_event WHERE id = ANY($1)`, [[done, kept]])) as { id: string }[]).map((r) => r.id);
    expect(await left()).toEqual([kept]);
    // once the subscription is gone, its event goes too
    await retireWebhook(t.dataSource, waiting);
    await job.purge();
    expect(await left()).toEqual([]);
  });
});
