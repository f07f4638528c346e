import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureBuilt } from '../support/build';

/**
 * Embedded durability (docs/reliability.md): the server process is killed (SIGKILL: no shutdown hook, no flush of its
 * own) in the middle of a stream of writes; restarted on the same DATA_DIR it has every write it acknowledged.
 */
const PASSWORD = 'Durable-Passw0rd-1';
const NEW_PASSWORD = 'Durable-Passw0rd-2';

/** Every server this spec started: killed after it, whatever happened (a failed start must not leave one running). */
const started: ChildProcess[] = [];

async function startServer(dataDir: string): Promise<{ child: ChildProcess; url: string; exited: Promise<unknown> }> {
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    env: {
      ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_FORMAT: 'json', LOG_LEVEL: 'info', NODE_ENV: '',
      ADMIN_PASSWORD: PASSWORD, MFA_REQUIRED_ROLES: 'none', WARNING_JOB_CRON: 'off', EVALUATION_JOB_CRON: 'off',
      AUTH_TOKEN_SECRET: 'durability-token-secret-0123456789abcdef', DATA_ENCRYPTION_KEY: Buffer.alloc(32, 5).toString('base64'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  const logs: string[] = [];
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${logs.join('\n')}`)), 60_000);
    const onData = (chunk: Buffer) => {
      logs.push(chunk.toString('utf8'));
      const m = /GraphQL API at (http:\/\/[^/]+)\/graphql/.exec(chunk.toString('utf8'));
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(() => reject(new Error(`server exited:\n${logs.join('\n')}`)));
  });
  return { child, url, exited };
}

async function gql(url: string, query: string, variables?: unknown, token?: string): Promise<any> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return res.json();
}

async function signIn(url: string, password: string): Promise<string> {
  const body = await gql(url, `mutation($i: LoginInput!) { login(input: $i) { accessToken passwordChangeRequired } }`, { i: { username: 'sysadmin', password } });
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data.login.accessToken;
}

describe('embedded database: SIGKILL during a stream of acknowledged writes', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcp-durability-'));
  afterAll(() => {
    for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeAll(async () => {
    await ensureBuilt();
  }, 180_000);

  it('restarted on the same DATA_DIR, the server has every write it acknowledged before it was killed', async () => {
    const first = await startServer(dir);
    let token = await signIn(first.url, PASSWORD);
    // the initial password must be changed before anything else
    const changed = await gql(first.url, `mutation($i: ChangePasswordInput!) { changePassword(input: $i) { passwordChangeRequired } }`, { i: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD } }, token);
    if (changed.errors) throw new Error(JSON.stringify(changed.errors));
    token = await signIn(first.url, NEW_PASSWORD);
    const township = (await gql(first.url, `{ townships(first: 1) { edges { node { id } } } }`, undefined, token)).data.townships.edges[0].node.id;

    const acknowledged: string[] = [];
    let sent = 0;
    let killed = false;
    let failure: unknown;
    const writer = async () => {
      while (!killed) {
        const name = `耐久测试村${++sent}`;
        try {
          const body = await gql(first.url, `mutation($i: CreateRegionInput!) { createRegion(input: $i) { id name } }`, { i: { parentId: township, kind: 'VILLAGE', name } }, token);
          if (body.errors) throw new Error(JSON.stringify(body.errors));
          acknowledged.push(body.data.createRegion.name);
        } catch (e) {
          if (!killed) {
            failure = e;
            return;
          }
        }
      }
    };
    const writers = [writer(), writer(), writer(), writer()];
    // kill in the middle of the stream, after some writes were acknowledged
    while (acknowledged.length < 60 && failure === undefined) await new Promise((r) => setTimeout(r, 10));
    expect(failure).toBeUndefined();
    first.child.kill('SIGKILL');
    killed = true;
    await first.exited;
    await Promise.all(writers);
    expect(sent).toBeGreaterThan(acknowledged.length);

    const second = await startServer(dir);
    try {
      const again = await signIn(second.url, NEW_PASSWORD);
      const names = new Set<string>();
      let after: string | null = null;
      for (;;) {
        const page: any = (await gql(second.url, `query($p: ID!, $a: String) { regions(parentId: $p, level: VILLAGE, first: 100, after: $a) { pageInfo { hasNextPage endCursor } edges { node { name } } } }`, { p: township, a: after }, again)).data.regions;
        for (const e of page.edges) names.add(e.node.name);
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      const lost = acknowledged.filter((n) => !names.has(n));
      expect(lost).toEqual([]);
      // nothing appears that was never sent
      for (const n of names) if (n.startsWith('耐久测试村')) expect(Number(n.slice('耐久测试村'.length))).toBeLessThanOrEqual(sent);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  }, 180_000);
});
