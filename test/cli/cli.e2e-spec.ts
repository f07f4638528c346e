import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DatabaseConfig } from '../../src/config/app-config';
import { acquireLock } from '../../src/database/embedded-postgres';
import { ensureBuilt } from '../support/build';
import { embeddedSnapshotConfig, freshDatabase, serverUrl, TIMEOUTS } from '../support/database';
import { createTestApp, data, GqlResponse, TEST_ENV, TEST_PASSWORD, TestApp } from '../support/test-app';

/**
 * Issue 10, the command line: the built CLI (dist/src/cli/main.js) run as a child process on the database a test
 * app then opens: a server database (DATABASE_URL) or a real embedded DATA_DIR folder, which only one process
 * may hold at a time (so the CLI runs while no app is open, and the app checks afterwards).
 */

const CLI = path.resolve('dist/src/cli/main.js');
const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken passwordChangeRequired } }`;
const code = (res: GqlResponse) => res.body.errors?.[0]?.extensions?.code ?? null;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fcp-cli-'));
/** The database's variables for the child (the embedded one: its folder; a server: its URL). */
let dbEnv: Record<string, string> = {};
let database: DatabaseConfig;
let drop: () => Promise<void> = async () => undefined;

function cli(args: string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<Run> {
  const env: Record<string, string | undefined> = { ...process.env, ...TEST_ENV, ...dbEnv, ...options.env };
  delete env.LOG_LEVEL; // the default a person gets: no log lines on stdout
  const started = Date.now();
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  child.stdin.end(options.stdin ?? '');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`cli ${args.join(' ')} did not exit within 60 s:\n${stdout}\n${stderr}`));
    }, 60_000);
    child.once('exit', (exitCode) => {
      clearTimeout(timer);
      resolve({ code: exitCode, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** The password a command printed once (the indented line after its heading). */
function printedPassword(out: string, heading: RegExp): string {
  const m = new RegExp(`${heading.source}[^\\n]*\\n {4}(\\S+)`).exec(out);
  if (!m) throw new Error(`no password printed:\n${out}`);
  return m[1];
}

async function withApp<T>(work: (app: TestApp) => Promise<T>): Promise<T> {
  const app = await createTestApp({ database });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

const login = (app: TestApp, username: string, password: string) => app.gql(LOGIN, { i: { username, password } }, { authorization: '' });

beforeAll(async () => {
  await ensureBuilt();
  expect(fs.existsSync(CLI)).toBe(true);
  if (serverUrl()) {
    const fresh = await freshDatabase();
    database = fresh.config;
    drop = fresh.drop;
    dbEnv = { DATABASE_URL: (fresh.config as { url: string }).url };
  } else {
    database = { kind: 'embedded', dataDir: path.join(root, 'data', 'pgdata'), ...TIMEOUTS };
    dbEnv = { DATABASE_URL: '', DATA_DIR: path.join(root, 'data') };
  }
}, 180_000);

afterAll(async () => {
  await drop();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('the command line (issue 10)', () => {
  /** The office account's session before its password is reset from the command line. */
  let officeToken: string;
  let adminPassword: string;
  const stdinPassword = 'Cli-Stdin-Passw0rd!';
  const weakPassword = 'tiny9';
  let resetPassword: string;

  it('--help and bad usage exit without opening the database (0 and 2)', async () => {
    const never = path.join(root, 'never');
    const env = { DATABASE_URL: '', DATA_DIR: never };
    const help = await cli(['create-admin', '--help'], { env });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/新建县消委办管理员账号[\s\S]*--username <name>[\s\S]*--password-stdin[\s\S]*--region/);
    const missing = await cli(['create-admin'], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--username/);
    expect((await cli(['no-such-command'], { env })).code).toBe(2);
    expect((await cli(['reset-password', '--username', 'x', '--password', 'Secret-1234'], { env })).code).toBe(2);
    expect(fs.existsSync(never)).toBe(false);
  }, 60_000);

  it('prepares the database: the server modules start on it once (first administrator, office with a session)', async () => {
    // the embedded folder starts as a copy of the migrated, seeded snapshot
    if (database.kind === 'embedded') database = { ...database, loadSnapshot: (embeddedSnapshotConfig() as { loadSnapshot: Blob }).loadSnapshot };
    await withApp(async (app) => {
      officeToken = app.office.token;
    });
    if (database.kind === 'embedded') database = { ...database, loadSnapshot: undefined };
  }, 60_000);

  it('create-admin: a committee office account with a random password printed once, nothing else on stdout', async () => {
    const run = await cli(['create-admin', '--username', 'CLI-Admin', '--display-name', '王管理']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/已创建县消委办管理员账号 cli-admin（王管理，靖宇县）/);
    adminPassword = printedPassword(run.stdout, /初始密码（只显示这一次/);
    expect(adminPassword).toHaveLength(20);
    expect(run.stdout).not.toMatch(/"level"|\{"/); // no JSON log lines
  }, 60_000);

  it('create-admin --password-stdin takes the password from stdin and never prints it', async () => {
    const run = await cli(['create-admin', '-u', 'cli-second', '--region', '靖宇县', '--password-stdin'], { stdin: `${stdinPassword}\n` });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/已创建县消委办管理员账号 cli-second/);
    expect(run.stdout + run.stderr).not.toContain(stdinPassword);
  }, 60_000);

  it('create-admin refuses a taken username (exit 1, zh-CN on stderr, no stack trace) and a weak stdin password', async () => {
    const taken = await cli(['create-admin', '--username', 'cli-admin']);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/用户名 cli-admin 已被使用（CONFLICT）/);
    expect(taken.stderr).not.toMatch(/\n\s+at /);
    expect(taken.stdout).not.toMatch(/初始密码/);

    const weak = await cli(['create-admin', '--username', 'cli-weak', '--password-stdin'], { stdin: `${weakPassword}\n` });
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/输入有误[\s\S]*密码（--password-stdin）：至少 8 个字符/);
    expect(weak.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('reset-password prints a temporary password once; migrate on an up-to-date database says so', async () => {
    const run = await cli(['reset-password', '--username', 'office']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/已重置账号 office.*全部登录已失效，下次登录须修改密码/);
    resetPassword = printedPassword(run.stdout, /临时密码（只显示这一次/);
    expect(resetPassword).not.toBe(TEST_PASSWORD);

    const unknown = await cli(['reset-password', '--username', 'nobody-here']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/没有用户名为 nobody-here 的账号（NOT_FOUND）/);

    const migrate = await cli(['migrate']);
    expect(migrate.code).toBe(0);
    expect(migrate.stdout).toMatch(/数据库已是最新：没有待应用的迁移/);
  }, 60_000);

  it('the API then agrees: the accounts sign in and must change their passwords; refused commands wrote nothing; one audit entry per command', async () => {
    const check = async (app: TestApp) => {
      const admin = data(await login(app, 'cli-admin', adminPassword)).login;
      expect(admin.passwordChangeRequired).toBe(true);
      const me = data(await app.gql(`{ me { username displayName role region { name } } }`, undefined, { authorization: `Bearer ${admin.accessToken}` })).me;
      expect(me).toEqual({ username: 'cli-admin', displayName: '王管理', role: 'COMMITTEE_OFFICE', region: { name: '靖宇县' } });
      expect(data(await login(app, 'cli-second', stdinPassword)).login.passwordChangeRequired).toBe(true);
      // reset: the old password and the session from before stop working, the temporary one must be changed
      expect(code(await login(app, 'office', TEST_PASSWORD))).toBe('UNAUTHENTICATED');
      expect(data(await login(app, 'office', resetPassword)).login.passwordChangeRequired).toBe(true);
      const old = await app.gql(`{ me { username } }`, undefined, { authorization: `Bearer ${officeToken}` });
      expect(old.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'SESSION_REVOKED' });

      const counts: { username: string; n: number }[] = await app.dataSource.query(
        `SELECT u.username, (SELECT count(*)::int FROM account a WHERE a.username = u.username) AS n
           FROM unnest($1::text[]) AS u(username) ORDER BY 1`,
        [['cli-admin', 'cli-second', 'cli-weak']],
      );
      expect(counts).toEqual([{ username: 'cli-admin', n: 1 }, { username: 'cli-second', n: 1 }, { username: 'cli-weak', n: 0 }]);

      const entries: { operation: string; outcome: string; error_code: string | null; target_id: string | null; summary: unknown; request_id: string }[] =
        await app.dataSource.query(`SELECT operation, outcome, error_code, target_id, summary, request_id FROM audit_entry WHERE actor_label = 'system:cli' ORDER BY id`);
      expect(entries.map((e) => [e.operation, e.outcome, e.error_code])).toEqual([
        ['createAccount', 'SUCCESS', null],
        ['createAccount', 'SUCCESS', null],
        ['createAccount', 'FAILURE', 'CONFLICT'],
        ['createAccount', 'FAILURE', 'BAD_USER_INPUT'],
        ['resetAccountPassword', 'SUCCESS', null],
        ['resetAccountPassword', 'FAILURE', 'NOT_FOUND'],
        ['runMigrations', 'SUCCESS', null],
      ]);
      expect(new Set(entries.map((e) => e.request_id)).size).toBe(entries.length); // one run, one request id
      const admins: { id: string }[] = await app.dataSource.query(`SELECT id FROM account WHERE username IN ('cli-admin', 'office') ORDER BY username`);
      expect([entries[0].target_id, entries[4].target_id]).toEqual(admins.map((a) => a.id));
      const trail = JSON.stringify(entries);
      for (const secret of [adminPassword, stdinPassword, resetPassword, weakPassword]) expect(trail).not.toContain(secret);
    };

    await withApp(async (app) => {
      await check(app);
      if (database.kind !== 'embedded') return;
      // the lock: while this app holds the folder, a command is refused quickly and writes nothing
      const refused = await cli(['create-admin', '--username', 'cli-locked']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/嵌入式数据库正被另一个进程使用/);
      expect(refused.stderr).not.toMatch(/\n\s+at /);
      expect(refused.ms).toBeLessThan(15_000);
      const locked: unknown[] = await app.dataSource.query(`SELECT 1 FROM account WHERE username = 'cli-locked'`);
      expect(locked).toEqual([]);
    });
  }, 120_000);

  (serverUrl() ? it : it.skip)('server mode: a DATA_DIR held by another process is still refused (the embedded lock)', async () => {
    const dir = path.join(root, 'held');
    fs.mkdirSync(dir, { recursive: true });
    const release = acquireLock(path.join(dir, 'pgdata.lock'), path.join(dir, 'pgdata'));
    try {
      const refused = await cli(['migrate'], { env: { DATABASE_URL: '', DATA_DIR: dir } });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/嵌入式数据库正被另一个进程使用/);
      expect(refused.ms).toBeLessThan(15_000);
    } finally {
      release();
    }
  }, 60_000);
});
