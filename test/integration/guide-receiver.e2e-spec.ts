import { spawn, ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { Role } from '../../src/kernel/permissions';
import { toGlobalId } from '../../src/graphql/global-id';
import { createPremises, inspectionsFixture, InspectionsFixture, reportHazard } from '../support/inspections';
import { createTestApp, TestApp } from '../support/test-app';

/** A free loopback port (the receiver must know its port before the subscription names it). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The integration guide's receiver (docs/integration/receiver.mjs), run as it is written, against the platform:
 * the office subscribes it, a station reports a hazard, the receiver verifies the Standard Webhooks signature
 * and prints the event once; a forged request is refused by it.
 */
describe('the integration guide\'s webhook receiver', () => {
  let t: TestApp;
  let f: InspectionsFixture;
  let receiver: ChildProcess | undefined;
  const lines: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({ env: { WEBHOOK_WORKER_ENABLED: 'true', WEBHOOK_POLL_INTERVAL_MS: '100', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' } });
    f = await inspectionsFixture(t);
  });
  afterAll(async () => {
    receiver?.kill();
    await t.close();
  });

  it('receives a reported hazard, verified, once', async () => {
    const port = await freePort();
    const created = await t.admins.security.gql(`mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { secret webhook { id state } } }`, {
      i: { url: `http://127.0.0.1:${port}/fire-events`, events: ['hazard.reported'], regionId: toGlobalId('Region', await t.regionId('靖宇县')), description: '指南示例接收端' },
    });
    expect(created.body.errors).toBeUndefined();
    const { secret } = created.body.data.createWebhook;
    receiver = spawn(process.execPath, [path.resolve('docs/integration/receiver.mjs')], {
      env: { ...process.env, FCP_WEBHOOK_SECRET: secret, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    receiver.stdout!.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
    await waitFor(() => lines.some((l) => l.startsWith('listening on')));

    const hazard = await reportHazard(f, await createPremises(f));
    await waitFor(() => lines.some((l) => l.startsWith('{')));
    const events = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'hazard.reported', subjectId: hazard.id, regionId: toGlobalId('Region', await t.regionId('景山镇')) });

    // a request not signed with the secret is refused by the receiver (and printed by no one)
    const forged = await fetch(`http://127.0.0.1:${port}/fire-events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': events[0].id, 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,Zm9yZ2Vk' },
      body: JSON.stringify({ ...events[0], type: 'hazard.closed' }),
    });
    expect(forged.status).toBe(400);
    expect(lines.filter((l) => l.startsWith('{'))).toHaveLength(1);
  });

  it('is not something a station may set up', async () => {
    const station = await t.account({ role: Role.STATION, region: '景山镇' });
    const res = await t.gqlAs(station, `mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { secret } }`, {
      i: { url: 'http://127.0.0.1:9/x', events: ['hazard.reported'], regionId: toGlobalId('Region', await t.regionId('景山镇')), description: '站点自建' },
    });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

async function waitFor(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}
