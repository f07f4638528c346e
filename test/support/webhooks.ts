import { randomBytes, randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import type { DataSource } from 'typeorm';
import { FieldCipher } from '../../src/auth/key-material';
import { Clock } from '../../src/common/clock';
import { EventOutbox } from '../../src/integration/event-outbox';
import type { EventType } from '../../src/integration/event-types';
import { outboxHead } from '../../src/integration/outbox-order';
import { WEBHOOK_SECRET_CONTEXT } from '../../src/integration/webhooks/webhook-worker';
import { TEST_ENV } from './test-app';

/** A Standard Webhooks secret (`whsec_` + base64 of 24 random bytes). */
export function newSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

export interface WebhookSpec {
  url: string;
  events: string[];
  regionId: string;
  secret: string;
  recipient?: 'COUNTY_SYSTEM' | 'DISCIPLINE_COMMISSION';
  description?: string;
  /** The data encryption key (base64) the app runs with; the test apps' by default. */
  key?: string;
}

/**
 * A subscription as the API creates one (the other half of the feature): the secret encrypted with the field cipher
 * (context 'webhook.secret'), the cursor at the outbox's head (it hears of what is published from now on).
 */
export async function insertWebhook(dataSource: DataSource, spec: WebhookSpec): Promise<string> {
  const cipher = new FieldCipher(Buffer.from(spec.key ?? TEST_ENV.DATA_ENCRYPTION_KEY, 'base64'));
  const head = await outboxHead(dataSource.manager);
  const id = randomUUID();
  await dataSource.query(
    `INSERT INTO webhook (id, url, events, region_id, region_path, description, recipient, secret_cipher, state, cursor_txid, cursor_seq, created_by, version)
     SELECT $1, $2, $3, r.id, r.path, $4, $5, $6, 'ACTIVE', $7, $8, 'test', 1 FROM region r WHERE r.id = $9`,
    [id, spec.url, spec.events, spec.description ?? '测试订阅', spec.recipient ?? 'COUNTY_SYSTEM', cipher.encrypt(spec.secret, WEBHOOK_SECRET_CONTEXT), head.txid, head.seq, spec.regionId],
  );
  return id;
}

/** Deletes a subscription as the API would (soft): a spec's later tests do not hear of it. */
export async function retireWebhook(dataSource: DataSource, id: string): Promise<void> {
  await dataSource.query(`UPDATE webhook SET deleted_at = now(), lease_owner = NULL WHERE id = $1`, [id]);
}

/** Writes events through the outbox's own writer, in one transaction (as a mutation would). */
export async function emitEvents(dataSource: DataSource, events: { type: EventType; regionId: string; subjectId?: string; payload?: Record<string, unknown> }[]): Promise<string[]> {
  const outbox = new EventOutbox(new Clock());
  return dataSource.transaction(async (m) => {
    const ids: string[] = [];
    for (const e of events) ids.push(await outbox.emit(m, { type: e.type, regionId: e.regionId, subjectId: e.subjectId ?? randomUUID(), payload: (e.payload ?? {}) as never }));
    return ids;
  });
}

export interface Received {
  path: string;
  id: string;
  timestamp: string;
  body: any;
  /** Whether standardwebhooks' Webhook.verify accepted it (signature and timestamp). */
  verified: boolean;
  verifyError?: string;
  at: number;
  status: number | 'hung';
}

/** What the receiver answers to the n-th request on a path (0-based): a status, or never ('hang'). */
export type Answer = number | 'hang' | { status: number; headers?: Record<string, string>; delayMs?: number };

/**
 * A receiver on 127.0.0.1 (node:http) that verifies every request with standardwebhooks and answers as told.
 * `stop()` takes it down (connection refused); `start()` brings it back on the same port.
 */
export class Receiver {
  readonly received: Received[] = [];
  private readonly secrets = new Map<string, string>();
  private readonly counts = new Map<string, number>();
  private server?: http.Server;
  private hanging: http.ServerResponse[] = [];
  port = 0;
  /** Requests being answered now, per path (to see that no two run at once). */
  readonly inFlight = new Map<string, number>();
  readonly maxInFlight = new Map<string, number>();
  answer: (path: string, n: number, eventId: string) => Answer = () => 200;
  /** Events written before the subscriptions under test (see `ignoreEarlier`): answered 200, neither counted nor kept. */
  private readonly earlier = new Set<string>();

  /**
   * Leaves out the events already in the outbox. A new subscription's cursor is the published head
   * (pg_snapshot_xmin, outbox-order.ts), which a transaction open anywhere in the cluster holds back — on the shared
   * server, a neighbouring spec's — so an event committed just before the subscription may be sent to it as well:
   * at least once, by design. A spec asserting exactly what a receiver heard calls this right after subscribing.
   */
  async ignoreEarlier(dataSource: DataSource): Promise<void> {
    for (const { id } of (await dataSource.query(`SELECT id FROM integration_event`)) as { id: string }[]) this.earlier.add(id);
  }

  url(path: string, secret: string): string {
    this.secrets.set(path, secret);
    return `http://127.0.0.1:${this.port}${path}`;
  }

  on(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '/';
        const body = Buffer.concat(chunks).toString('utf8');
        if (this.earlier.has(String(req.headers['webhook-id']))) {
          res.writeHead(200).end('ok');
          return;
        }
        const headers = { 'webhook-id': String(req.headers['webhook-id']), 'webhook-timestamp': String(req.headers['webhook-timestamp']), 'webhook-signature': String(req.headers['webhook-signature']) };
        let verified = false;
        let verifyError: string | undefined;
        try {
          new StandardWebhook(this.secrets.get(path) ?? newSecret()).verify(body, headers);
          verified = true;
        } catch (e) {
          verifyError = (e as Error).message;
        }
        const n = this.counts.get(path) ?? 0;
        this.counts.set(path, n + 1);
        const answer = this.answer(path, n, headers['webhook-id']);
        const record: Received = { path, id: headers['webhook-id'], timestamp: headers['webhook-timestamp'], body: safeJson(body), verified, verifyError, at: Date.now(), status: 'hung' };
        this.received.push(record);
        this.inFlight.set(path, (this.inFlight.get(path) ?? 0) + 1);
        this.maxInFlight.set(path, Math.max(this.maxInFlight.get(path) ?? 0, this.inFlight.get(path)!));
        const done = () => this.inFlight.set(path, this.inFlight.get(path)! - 1);
        res.on('close', done);
        if (answer === 'hang') {
          this.hanging.push(res);
          return;
        }
        const { status, headers: extra, delayMs } = typeof answer === 'number' ? { status: answer, headers: undefined, delayMs: 0 } : answer;
        record.status = status;
        setTimeout(() => {
          res.writeHead(status, { 'content-type': 'text/plain', ...extra });
          res.end('ok');
        }, delayMs ?? 0);
      });
    });
    this.server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.hanging = [];
    if (!this.server) return;
    const server = this.server;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function safeJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Polls until `check` returns a truthy value (every 25 ms), or fails after `timeoutMs` with `what`. */
export async function until<T>(what: string, check: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
