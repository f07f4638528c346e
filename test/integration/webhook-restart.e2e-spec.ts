import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DataSource } from 'typeorm';
import { loadAppConfig } from '../../src/config/app-config';
import { openDataSource } from '../../src/database/data-source';
import { ensureBuilt } from '../support/build';
import { embeddedSeededConfig, freshDatabase, serverUrl, TIMEOUTS } from '../support/database';
import { TEST_ENV } from '../support/test-app';
import { emitEvents, insertWebhook, newSecret, Receiver, until } from '../support/webhooks';

/**
 * Webhook delivery across process restarts, with the built server (what `npm start` runs) as a child process: on
 * the server database when DATABASE_URL is set, and always on the embedded database in a DATA_DIR. Pending
 * deliveries resume after a restart; an instance killed (SIGKILL) with a delivery in flight loses nothing.
 */
const started: ChildProcess[] = [];

interface Server { child: ChildProcess; exited: Promise<unknown>; logs: string[] }

async function startServer(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    env: {
      ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_FORMAT: 'json', LOG_LEVEL: 'info', NODE_ENV: '',
      ADMIN_PASSWORD: TEST_ENV.ADMIN_PASSWORD, MFA_REQUIRED_ROLES: 'none', WARNING_JOB_CRON: 'off', EVALUATION_JOB_CRON: 'off',
      AUTH_TOKEN_SECRET: TEST_ENV.AUTH_TOKEN_SECRET, DATA_ENCRYPTION_KEY: TEST_ENV.DATA_ENCRYPTION_KEY, ARGON2_MEMORY_KIB: '4096', ARGON2_TIME_COST: '1',
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_POLL_INTERVAL_MS: '100', WEBHOOK_TIMEOUT_MS: '1000',
      WEBHOOK_RETRY_BASE_MS: '200', WEBHOOK_RETRY_MAX_DELAY_MS: '400',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  const logs: string[] = [];
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${logs.join('')}`)), 60_000);
    const onData = (chunk: Buffer) => {
      logs.push(chunk.toString('utf8'));
      if (/GraphQL API at http/.test(logs.join(''))) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(() => reject(new Error(`server exited:\n${logs.join('')}`)));
  });
  return { child, exited, logs };
}

async function stop(server: Server, signal: NodeJS.Signals): Promise<void> {
  server.child.kill(signal);
  await server.exited;
}

/** A database the server processes use, and how the test reads and writes it (the embedded one only while no server runs). */
interface Target {
  env: Record<string, string>;
  /** Runs `work` on the database: on the server any time, on the embedded database between two servers. */
  use<T>(work: (ds: DataSource) => Promise<T>): Promise<T>;
  /** Whether the test may write while a server runs. */
  shared: boolean;
  close(): Promise<void>;
}

async function serverTarget(): Promise<Target> {
  const fresh = await freshDatabase();
  const ds = await openDataSource(fresh.config);
  return {
    env: { DATABASE_URL: (fresh.config as { url: string }).url, DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'fcp-hooks-srv-')) },
    use: (work) => work(ds),
    shared: true,
    close: async () => {
      await ds.destroy();
      await fresh.drop();
    },
  };
}

async function embeddedTarget(): Promise<Target> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcp-hooks-emb-'));
  const env = { DATABASE_URL: '', DATA_DIR: dir };
  // the folder starts from the migrated, seeded snapshot (as a first start would make it, without booting a server)
  const { loadSnapshot } = (await embeddedSeededConfig()) as { loadSnapshot: Blob };
  await (await openDataSource({ kind: 'embedded', dataDir: (loadAppConfig({ DATA_DIR: dir }).database as { dataDir: string }).dataDir, loadSnapshot, ...TIMEOUTS })).destroy();
  return {
    env,
    use: async (work) => {
      const ds = await openDataSource(loadAppConfig({ DATA_DIR: dir }).database);
      try {
        return await work(ds);
      } finally {
        await ds.destroy();
      }
    },
    shared: false,
    close: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

const targets: [string, () => Promise<Target>][] = [
  ...(serverUrl() ? [['the server database', serverTarget] as [string, () => Promise<Target>]] : []),
  ['the embedded database', embeddedTarget],
];

beforeAll(async () => {
  await ensureBuilt();
}, 300_000);
afterAll(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

describe.each(targets)('webhook delivery across restarts on %s', (_name, makeTarget) => {
  let target: Target;
  const receiver = new Receiver();
  let township: string;

  beforeAll(async () => {
    target = await makeTarget();
    await receiver.start();
    township = await target.use(async (ds) => ((await ds.query(`SELECT id FROM region WHERE name = '景山镇'`)) as { id: string }[])[0].id);
  }, 120_000);
  afterAll(async () => {
    await receiver.stop();
    await target?.close();
  });

  const deliveries = (eventIds: string[]) => target.use(async (ds) => (await ds.query(
    `SELECT e.id, d.state, d.attempt_count, (SELECT array_agg(a.error ORDER BY a.id) FROM webhook_delivery_attempt a WHERE a.delivery_id = d.id) AS errors
       FROM integration_event e LEFT JOIN webhook_delivery d ON d.event_seq = e.seq WHERE e.id = ANY($1) ORDER BY e.seq`, [eventIds])) as
    { id: string; state: string | null; attempt_count: number | null; errors: (string | null)[] | null }[]);

  it('the receiver is down while the app restarts: the pending delivery is sent after the restart', async () => {
    await receiver.stop();
    const secret = newSecret();
    const [event] = await target.use(async (ds) => {
      await insertWebhook(ds, { url: receiver.url('/restart', secret), events: ['hazard.reported'], regionId: township, secret });
      await receiver.ignoreEarlier(ds);
      return emitEvents(ds, [{ type: 'hazard.reported', regionId: township }]);
    });
    const first = await startServer(target.env);
    // a few refused attempts (retries 200–400 ms apart), then a clean stop while still failing. On the server an event
    // is published once no older transaction of the cluster is open (outbox-order.ts), which a neighbouring spec's can
    // delay: there the wait starts at the first refusal
    if (target.shared) await until('a refused attempt', async () => ((await deliveries([event]))[0]?.attempt_count ?? 0) >= 1, 15_000);
    await new Promise((r) => setTimeout(r, 1500));
    await stop(first, 'SIGTERM');
    expect(first.logs.join('')).toMatch(/shutdown complete/);

    await receiver.start();
    const second = await startServer(target.env);
    await until('delivered after the restart', () => receiver.on('/restart').length >= 1, 15_000);
    await new Promise((r) => setTimeout(r, 300));
    await stop(second, 'SIGTERM');
    expect(receiver.on('/restart').map((r) => [r.id, r.verified])).toEqual([[event, true]]);
    const [d] = await deliveries([event]);
    expect(d.state).toBe('DELIVERED');
    expect(d.attempt_count).toBeGreaterThanOrEqual(2);
    expect(d.errors!.slice(0, -1).every((e) => e!.includes('ECONNREFUSED'))).toBe(true);
    expect(d.errors!.at(-1)).toBeNull();
  });

  it('SIGKILL with a delivery in flight: after the restart everything committed is delivered, nothing lost, each id at least once, in order', async () => {
    const secret = newSecret();
    receiver.answer = (p, n) => (p === '/killed' && n === 0 ? 'hang' : 200);
    const url = receiver.url('/killed', secret);
    const write = (ds: DataSource) => emitEvents(ds, [1, 2, 3].map((k) => ({ type: 'task.assigned' as const, regionId: township, payload: { k } })));
    let sent: string[] = [];
    await target.use(async (ds) => {
      await insertWebhook(ds, { url, events: ['task.assigned'], regionId: township, secret });
      await receiver.ignoreEarlier(ds);
    });
    // on the server database the events are committed while the instance runs; the embedded one is the process's own
    if (!target.shared) sent = await target.use(write);
    const first = await startServer(target.env);
    if (target.shared) sent = await target.use(write);
    await until('the first delivery in flight', () => receiver.on('/killed').length >= 1, 15_000);
    await stop(first, 'SIGKILL');

    const second = await startServer(target.env);
    // on the server database the dead instance's lease runs out first (2 × timeout + 5 s)
    await until('all delivered after the restart', () => new Set(receiver.on('/killed').filter((r) => r.status === 200).map((r) => r.id)).size === 3, 30_000);
    await new Promise((r) => setTimeout(r, 300));
    await stop(second, 'SIGTERM');
    const got = receiver.on('/killed');
    expect(got.every((r) => r.verified)).toBe(true);
    // the one in flight when the process died is sent again with the same id; the rest once, in order
    expect(got.map((r) => r.id)).toEqual([sent[0], ...sent]);
    expect((await deliveries(sent)).map((d) => d.state)).toEqual(['DELIVERED', 'DELIVERED', 'DELIVERED']);
  });
});
