// The webhook delivery load check, by hand (not in CI), on the server database:
//   npm run build && DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/webhook-load.mjs \
//     [--events 10000] [--latency 50] [--subscriptions 1|8] [--concurrency 4] [--rate 0]
// Creates a scratch database next to the one named (dropped at the end) and starts the built server with its
// webhook worker (WEBHOOK_ALLOW_PRIVATE_NETWORKS=true, the rest at its defaults but WEBHOOK_CONCURRENCY). A receiver
// on 127.0.0.1 verifies every request with standardwebhooks and answers 200 after `--latency` ms. Subscriptions are
// inserted as the API stores them (secret encrypted with the field cipher, cursor at the outbox head): with
// `--subscriptions 1` one county-wide subscription gets every event; with 8, one per township, each its share.
// Then `--events` events are written through the outbox writer's own statement (EventOutbox.emit's INSERT … SELECT),
// spread over the townships: 100 per transaction as fast as the database takes them (a burst), or with `--rate R`
// one per transaction, R a second (a steady flow, as mutations write them). Measures: the delivery rate
// (events/s from the first delivery to the last), the lag (arrival at the receiver − the event's occurred_at) at
// p50/p95/max, and checks that every event arrived exactly once by webhook-id (none missing, none twice) and in the
// outbox order per subscription. Prints a summary and writes bench/webhook-load-results.json.
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_ENV, scratchDatabase, startServer } from './server.mjs';

const require = createRequire(import.meta.url);
const { Webhook } = require('standardwebhooks');
const pg = require('pg');
const { FieldCipher } = require(path.resolve('dist/src/auth/key-material.js'));

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '10000' },
    latency: { type: 'string', default: '50' },
    subscriptions: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '4' },
    rate: { type: 'string', default: '0' },
  },
});
const EVENTS = Number(values.events);
const LATENCY_MS = Number(values.latency);
const SUBSCRIPTIONS = Number(values.subscriptions);
/** Events per second, one per transaction (as mutations write them); 0: a burst, 100 per transaction. */
const RATE = Number(values.rate);
if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL (a PostgreSQL server) is required: the load check runs on the server database');
if (![1, 8].includes(SUBSCRIPTIONS)) throw new Error('--subscriptions is 1 (county-wide) or 8 (one per township)');

const scratch = await scratchDatabase(process.env.DATABASE_URL);
let server;
const receiver = { secrets: new Map(), arrivals: [], bad: 0 };
const srv = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const at = Date.now();
    try {
      new Webhook(receiver.secrets.get(req.url)).verify(body, req.headers);
    } catch {
      receiver.bad++;
    }
    receiver.arrivals.push({ path: req.url, id: req.headers['webhook-id'], at });
    setTimeout(() => res.writeHead(200).end(), LATENCY_MS);
  });
});
await new Promise((r) => srv.listen(0, '127.0.0.1', r));
const port = srv.address().port;

// the bench's own connection may be cut (another run restarting the server): reconnect rather than die
let db;
const connect = async () => {
  db = new pg.Client({ connectionString: scratch.url });
  db.on('error', (err) => console.log(`bench connection lost (${err.code ?? err.message}); reconnecting for the next statement`));
  await db.connect();
};
try {
  server = await startServer({
    ...BENCH_ENV, DATABASE_URL: scratch.url, WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_CONCURRENCY: values.concurrency,
  });
  await connect();
  const townships = (await db.query(`SELECT id, path FROM region WHERE level = 'TOWNSHIP' AND path LIKE (SELECT path FROM region WHERE name = '靖宇县') || '%' ORDER BY code, id`)).rows;
  const [county] = (await db.query(`SELECT id, path FROM region WHERE name = '靖宇县'`)).rows;
  const cipher = new FieldCipher(Buffer.from(BENCH_ENV.DATA_ENCRYPTION_KEY, 'base64'));
  const regions = SUBSCRIPTIONS === 1 ? [county] : townships.slice(0, 8);
  const head = (await db.query(`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS txid`)).rows[0].txid;
  for (const [i, region] of regions.entries()) {
    const secret = `whsec_${randomBytes(24).toString('base64')}`;
    receiver.secrets.set(`/s${i}`, secret);
    await db.query(
      `INSERT INTO webhook (id, url, events, region_id, region_path, description, recipient, secret_cipher, state, cursor_txid, cursor_seq, created_by, version)
       VALUES ($1, $2, $3, $4, $5, 'load check', 'COUNTY_SYSTEM', $6, 'ACTIVE', $7, 0, 'bench', 1)`,
      [randomUUID(), `http://127.0.0.1:${port}/s${i}`, ['hazard.reported'], region.id, region.path, cipher.encrypt(secret, 'webhook.secret'), head],
    );
  }

  // the outbox writer's statement (src/integration/event-outbox.ts), 100 events per transaction
  const written = new Map(); // id -> { order, occurredAt, sub }
  const writeStart = Date.now();
  const perTransaction = RATE > 0 ? 1 : 100;
  for (let k = 0; k < EVENTS; k += perTransaction) {
    if (RATE > 0) {
      const due = writeStart + (k * 1000) / RATE;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    }
    await db.query('BEGIN');
    for (let j = k; j < Math.min(EVENTS, k + perTransaction); j++) {
      const township = townships[j % townships.length];
      const id = randomUUID();
      const occurred = new Date();
      await db.query(
        `INSERT INTO integration_event (id, txid, type, occurred_at, region_id, region_path, county_id, subject_id, payload)
         SELECT $1, pg_current_xact_id()::text::bigint, 'hazard.reported', $2, r.id, r.path,
                (SELECT c.id FROM region c WHERE c.level = 'COUNTY' AND r.path LIKE c.path || '%'), $3, $4::jsonb
           FROM region r WHERE r.id = $5`,
        [id, occurred, Buffer.from(`Hazard:${randomUUID()}`).toString('base64'), JSON.stringify({ n: j }), township.id],
      );
      written.set(id, { order: j, occurredAt: occurred.getTime(), sub: SUBSCRIPTIONS === 1 ? '/s0' : `/s${townships.indexOf(township)}` });
    }
    await db.query('COMMIT');
  }
  const writeEnd = Date.now();
  // only events for a subscription count (with 8 subscriptions every township has one)
  const expected = [...written.entries()].filter(([, w]) => receiver.secrets.has(w.sub));
  console.log(`wrote ${EVENTS} events in ${((writeEnd - writeStart) / 1000).toFixed(1)} s; expecting ${expected.length} deliveries over ${regions.length} subscription(s)`);

  const deadline = Date.now() + 3_600_000;
  let last = -1;
  while (new Set(receiver.arrivals.map((a) => a.id)).size < expected.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 5000));
    const n = receiver.arrivals.length;
    if (n !== last) console.log(`  ${n} requests received, ${((n / ((Date.now() - writeStart) / 1000)) || 0).toFixed(1)}/s so far`);
    last = n;
  }
  await new Promise((r) => setTimeout(r, 2000)); // anything sent twice would come now

  // the checks
  const byId = new Map();
  for (const a of receiver.arrivals) byId.set(a.id, [...(byId.get(a.id) ?? []), a]);
  const missing = expected.filter(([id]) => !byId.has(id)).length;
  const twice = [...byId.values()].filter((xs) => xs.length > 1).length;
  const unknown = [...byId.keys()].filter((id) => !written.has(id)).length;
  let outOfOrder = 0;
  for (const sub of receiver.secrets.keys()) {
    const orders = receiver.arrivals.filter((a) => a.path === sub).map((a) => written.get(a.id)?.order ?? -1);
    for (let i = 1; i < orders.length; i++) if (orders[i] < orders[i - 1]) outOfOrder++;
  }
  const lags = expected.filter(([id]) => byId.has(id)).map(([id, w]) => byId.get(id)[0].at - w.occurredAt).sort((a, b) => a - b);
  const q = (p) => lags[Math.min(lags.length - 1, Math.floor(p * lags.length))];
  const firstAt = Math.min(...receiver.arrivals.map((a) => a.at));
  const lastAt = Math.max(...receiver.arrivals.map((a) => a.at));
  await db.end().catch(() => undefined);
  await connect();
  const attempts = (await db.query(`SELECT count(*)::int AS n, count(DISTINCT delivery_id)::int AS deliveries FROM webhook_delivery_attempt`)).rows[0];
  const result = {
    at: new Date().toISOString(), events: EVENTS, writeRate: RATE || 'burst', latencyMs: LATENCY_MS, subscriptions: regions.length, concurrency: Number(values.concurrency),
    writeSeconds: (writeEnd - writeStart) / 1000,
    deliveries: byId.size, requests: receiver.arrivals.length, badSignatures: receiver.bad,
    ratePerSecond: Number((receiver.arrivals.length / ((lastAt - firstAt) / 1000)).toFixed(1)),
    lagMs: { p50: q(0.5), p95: q(0.95), max: lags.at(-1) },
    missing, twice, unknown, outOfOrder, attemptsLogged: attempts.n,
    cpus: (await import('node:os')).cpus().length, loadAverage: (await import('node:os')).loadavg().map((x) => Number(x.toFixed(1))),
  };
  console.log(JSON.stringify(result, null, 2));
  const file = 'bench/webhook-load-results.json';
  const previous = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : [];
  fs.writeFileSync(file, `${JSON.stringify([...previous, result], null, 2)}\n`);
  process.exitCode = missing === 0 && twice === 0 && unknown === 0 && outOfOrder === 0 && receiver.bad === 0 ? 0 : 1;
} finally {
  await server?.stop();
  await db?.end().catch(() => undefined);
  srv.close();
  await scratch.drop();
}
