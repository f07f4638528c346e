import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadAppConfig } from '../../src/config/app-config';
import { openDataSource } from '../../src/database/data-source';
import { totpCode } from '../../src/auth/totp';
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
    // as `npm start` on a fresh machine: no ADMIN_PASSWORD, the default roles that must use a second factor
    env: {
      ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_FORMAT: 'json', NODE_ENV: '',
      ADMIN_PASSWORD: '', MFA_REQUIRED_ROLES: '',
    },
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

/** The administrator's session, set by the first test (the data folder, its keys and sessions outlive a restart). */
let auth: Record<string, string> = {};

async function gql(url: string, query: string, variables?: unknown, headers = auth): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, body: await res.json() };
}

const code = (res: { body: any }) => res.body.errors?.[0]?.extensions?.code;

describe('the server process on the embedded database', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcp-process-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  beforeAll(async () => {
    await ensureBuilt();
  }, 180_000);

  it('starts on a new DATA_DIR within 30 s; the system administrator signs in with the printed password, changes it, enrols TOTP, and reads the 8 townships', async () => {
    const started = Date.now();
    const s = await startServer(dir);
    try {
      expect(Date.now() - started).toBeLessThan(30_000);
      // the random initial password is printed once, on the console, never in a structured log line
      // GB/T 22239-2019 8.1.5: the three administrators, each with its own password
      for (const who of ['secadmin" (SECURITY_ADMIN)', 'auditadmin" (AUDIT_ADMIN)']) {
        const other = s.logs.findIndex((l) => l.includes(`administrator "${who} created`));
        expect(s.logs[other + 1].trim()).toMatch(/^\S{20}$/);
      }
      const banner = s.logs.findIndex((l) => l.includes('administrator "sysadmin" (SYSTEM_ADMIN) created'));
      expect(banner).toBeGreaterThanOrEqual(0);
      const password = s.logs[banner + 1].trim();
      expect(password).toMatch(/^\S{20}$/);
      expect(s.logs.filter((l) => l.startsWith('{') && l.includes(password))).toEqual([]);

      const QUERY = `{ townships { totalCount edges { node { name station { staffQuota } } } } guidanceCenter { staffQuota } }`;
      expect(code(await gql(s.url, QUERY))).toBe('UNAUTHENTICATED');
      const login = await gql(s.url, `mutation($i: LoginInput!) { login(input: $i) { accessToken passwordChangeRequired secondFactorEnrollmentRequired } }`, {
        i: { username: 'sysadmin', password },
      });
      expect(login.body.data.login).toMatchObject({ passwordChangeRequired: true, secondFactorEnrollmentRequired: true });
      auth = { authorization: `Bearer ${login.body.data.login.accessToken}` };
      expect(code(await gql(s.url, QUERY))).toBe('PASSWORD_CHANGE_REQUIRED');
      const changed = await gql(s.url, `mutation($i: ChangePasswordInput!) { changePassword(input: $i) { passwordChangeRequired } }`, {
        i: { currentPassword: password, newPassword: 'Jingyu-2026-Office' },
      });
      expect(changed.body.data.changePassword.passwordChangeRequired).toBe(false);
      // 等保 level 3: the administrators must use a second factor by default
      expect(code(await gql(s.url, QUERY))).toBe('SECOND_FACTOR_ENROLLMENT_REQUIRED');
      const enrol = (await gql(s.url, `mutation { enrollTotp { secret otpauthUri } }`)).body.data.enrollTotp;
      expect(enrol.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
      const confirmed = await gql(s.url, `mutation($i: TotpCodeInput!) { confirmTotp(input: $i) { recoveryCodes } }`, {
        i: { code: totpCode(enrol.secret, new Date()) },
      });
      expect(confirmed.body.data.confirmTotp.recoveryCodes).toHaveLength(10);

      const res = await gql(s.url, QUERY);
      expect(res.body.data.townships.totalCount).toBe(8);
      expect(res.body.data.guidanceCenter.staffQuota).toBe(4);
      const ready = await fetch(`${s.url}/health/ready`);
      expect(ready.status).toBe(200);
      expect(((await ready.json()) as { details: { database: { status: string } } }).details.database.status).toBe('up');
      expect((await fetch(`${s.url}/health/live`)).status).toBe(200);
      // the keys were generated into DATA_DIR, readable by the owner only
      expect(fs.statSync(path.join(dir, 'keys.json')).mode & 0o077).toBe(0);
    } finally {
      s.child.kill('SIGTERM');
      await s.exited;
    }
  });

  it('SIGTERM: requests in flight finish, the database closes cleanly, a restart finds every acknowledged write', async () => {
    const s = await startServer(dir);
    // the system administrator's own kind of write (REGION_MANAGE): villages
    const township = (await gql(s.url, `{ townships(first: 1) { edges { node { id } } } }`)).body.data.townships.edges[0].node.id;
    const RECORD = `mutation($i: CreateRegionInput!) { createRegion(input: $i) { name } }`;
    const write = (k: number) =>
      gql(s.url, RECORD, { i: { parentId: township, kind: 'VILLAGE', name: `停机测试村${k}` } }).catch(
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
    for (const r of answered) expect(r).toMatchObject({ status: 200, body: { data: { createRegion: { name: expect.any(String) } } } });
    const acknowledged = answered.map((r) => r.body.data.createRegion.name);

    // the folder is free again and holds every acknowledged write
    const ds = await openDataSource(loadAppConfig({ DATA_DIR: dir }).database);
    try {
      const rows: { name: string }[] = await ds.query(`SELECT name FROM region WHERE name LIKE '停机测试村%'`);
      expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining(acknowledged));
    } finally {
      await ds.destroy();
    }
  });
});
