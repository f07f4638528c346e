import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadAppConfig } from '../../src/config/app-config';
import { openDataSource } from '../../src/database/data-source';
import { ensureBuilt } from '../support/build';

interface Started {
  child: ChildProcess;
  url: string;
  logs: string[];
  exited: Promise<number | null>;
}

/** Starts the built server (what `npm start` runs) on an embedded database and waits for its URL. */
async function startServer(dataDir: string): Promise<Started> {
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_FORMAT: 'json', NODE_ENV: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 30 s:\n${logs.join('\n')}`)), 30_000);
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        logs.push(line);
        const m = /GraphQL API at (http:\/\/[^/]+)\/graphql/.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`server exited with ${code}:\n${logs.join('\n')}`)));
  });
  return { child, url, logs, exited };
}

async function gql(url: string, query: string, variables?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, body: await res.json() };
}

describe('the server process on the embedded database', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcp-process-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  beforeAll(async () => {
    await ensureBuilt();
  }, 180_000);

  it('starts on a new DATA_DIR within 30 s and answers with the 8 townships', async () => {
    const started = Date.now();
    const s = await startServer(dir);
    try {
      const res = await gql(s.url, `{ townships { totalCount edges { node { name station { staffQuota } } } } guidanceCenter { staffQuota } }`);
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(res.body.data.townships.totalCount).toBe(8);
      expect(res.body.data.guidanceCenter.staffQuota).toBe(4);
      const ready = await fetch(`${s.url}/health/ready`);
      expect(ready.status).toBe(200);
      expect(((await ready.json()) as { details: { database: { status: string } } }).details.database.status).toBe('up');
      expect((await fetch(`${s.url}/health/live`)).status).toBe(200);
    } finally {
      s.child.kill('SIGTERM');
      await s.exited;
    }
  });

  it('SIGTERM: requests in flight finish, the database closes cleanly, a restart finds every acknowledged write', async () => {
    const s = await startServer(dir);
    const station = (await gql(s.url, `{ townships(first: 1) { edges { node { station { id } } } } }`)).body.data.townships.edges[0].node.station.id;
    const RECORD = `mutation($i: RecordFacilityCheckInput!) { recordFacilityCheck(input: $i) { checkedBy } }`;
    const write = (k: number) =>
      gql(s.url, RECORD, { i: { stationId: station, facility: 'PRINTING', compliant: true, checkedOn: '2026-11-01', checkedBy: `检查员${k}` } }).catch(
        (e: unknown) => ({ status: 0, body: { error: String(e) } }), // refused: never accepted, so never acknowledged
      );
    // a steady stream of writes that goes on across the signal: some are in flight, some arrive while closing
    const writes: ReturnType<typeof write>[] = [];
    for (let k = 0; k < 60; k++) {
      writes.push(write(k));
      if (k === 15) s.child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 5));
    }
    const results = await Promise.all(writes);
    const code = await s.exited;
    expect(code).toBe(0);
    expect(s.logs.join('\n')).toMatch(/shutdown complete/);
    // every request the server accepted was answered in full: no request was cut off or refused mid-way
    const answered = results.filter((r) => r.status !== 0);
    expect(answered.length).toBeGreaterThan(0);
    for (const r of answered) expect(r).toMatchObject({ status: 200, body: { data: { recordFacilityCheck: { checkedBy: expect.any(String) } } } });
    const acknowledged = answered.map((r) => r.body.data.recordFacilityCheck.checkedBy);

    // the folder is free again and holds every acknowledged write
    const ds = await openDataSource(loadAppConfig({ DATA_DIR: dir }).database);
    try {
      const rows: { checked_by: string }[] = await ds.query(`SELECT checked_by FROM facility_check`);
      expect(rows.map((r) => r.checked_by)).toEqual(expect.arrayContaining(acknowledged));
    } finally {
      await ds.destroy();
    }
  });
});
