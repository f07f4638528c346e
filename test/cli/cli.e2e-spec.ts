import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DatabaseConfig } from '../../src/config/app-config';
import { acquireLock } from '../../src/database/embedded-postgres';
import { ensureBuilt } from '../support/build';
import { embeddedSnapshotConfig, serverUrl, sharedDatabase } from '../support/database';
import { createTestApp, data, GqlResponse, TEST_ENV, TEST_PASSWORD, TestApp } from '../support/test-app';
import mammoth from 'mammoth';
import { Role } from '../../src/kernel/permissions';
import { toGlobalId } from '../../src/graphql/global-id';
import { IMPORT_KINDS, ImportKind } from '../../src/office/import-kinds';
import { readXlsx, sheetRecords, xlsxOf } from '../support/office';

/**
 * The command line (docs/cli.md): the built CLI (dist/src/cli/main.js) run as a child process on the database a test
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

function cli(args: string[], options: { stdin?: string; env?: Record<string, string>; cwd?: string } = {}): Promise<Run> {
  const env: Record<string, string | undefined> = { ...process.env, ...TEST_ENV, ...dbEnv, ...options.env };
  delete env.LOG_LEVEL; // the default a person gets: no log lines on stdout
  const started = Date.now();
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'], cwd: options.cwd });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  child.stdin.end(options.stdin ?? '');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`cli ${args.join(' ')} did not exit within 60 s:\n${stdout}\n${stderr}`));
    }, 120_000);
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
  ({ config: database, env: dbEnv, drop } = await sharedDatabase(path.join(root, 'data')));
}, 180_000);

afterAll(async () => {
  await drop();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('the command line', () => {
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
    expect(help.stdout).toMatch(/新建管理员账号（系统管理员、安全管理员、审计管理员）或县消委办账号[\s\S]*--username <name>[\s\S]*--password-stdin[\s\S]*--region/);
    const missing = await cli(['create-admin'], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--username/);
    expect((await cli(['no-such-command'], { env })).code).toBe(2);
    expect((await cli(['reset-password', '--username', 'x', '--password', 'Secret-1234'], { env })).code).toBe(2);
    expect(fs.existsSync(never)).toBe(false);
  }, 120_000);

  it('prepares the database: the server modules start on it once (first administrator, office with a session)', async () => {
    // the embedded folder starts as a copy of the migrated, seeded snapshot
    if (database.kind === 'embedded') database = { ...database, loadSnapshot: (embeddedSnapshotConfig() as { loadSnapshot: Blob }).loadSnapshot };
    await withApp(async (app) => {
      officeToken = app.office.token;
    });
    if (database.kind === 'embedded') database = { ...database, loadSnapshot: undefined };
  }, 120_000);

  it('create-admin: a committee office account with a random password printed once, nothing else on stdout', async () => {
    const run = await cli(['create-admin', '--username', 'CLI-Admin', '--display-name', '王管理']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/已创建县消委办账号 cli-admin（王管理，靖宇县）/);
    adminPassword = printedPassword(run.stdout, /初始密码（只显示这一次/);
    expect(adminPassword).toHaveLength(20);
    expect(run.stdout).not.toMatch(/"level"|\{"/); // no JSON log lines
  }, 120_000);

  it('create-admin --password-stdin takes the password from stdin and never prints it', async () => {
    const run = await cli(['create-admin', '-u', 'cli-second', '--region', '靖宇县', '--password-stdin'], { stdin: `${stdinPassword}\n` });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/已创建县消委办账号 cli-second/);
    expect(run.stdout + run.stderr).not.toContain(stdinPassword);
  }, 120_000);

  it('create-admin refuses a taken username (exit 1, zh-CN on stderr, no stack trace) and a weak stdin password', async () => {
    const taken = await cli(['create-admin', '--username', 'cli-admin']);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/用户名 cli-admin 已被使用（角色 COMMITTEE_OFFICE）：一个账号只担任一种角色，请另取用户名（CONFLICT）/);
    expect(taken.stderr).not.toMatch(/\n\s+at /);
    expect(taken.stdout).not.toMatch(/初始密码/);

    const weak = await cli(['create-admin', '--username', 'cli-weak', '--password-stdin'], { stdin: `${weakPassword}\n` });
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/输入有误[\s\S]*密码（--password-stdin）：至少 8 个字符/);
    expect(weak.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);

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
  }, 120_000);

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
  }, 120_000);
});

describe('the command line: import, export, briefing (INS-4)', () => {
  const headers = (kind: ImportKind) => IMPORT_KINDS[kind].columns.map((c) => c.header);
  const file = (name: string) => path.join(root, name);

  it('import --dry-run lists every bad row (row, column, reason) with progress on stderr, exits 1 and writes nothing', async () => {
    fs.writeFileSync(file('villages-bad.xlsx'), await xlsxOf('村（社区）', headers(ImportKind.VILLAGES), [
      ['景山镇', '命令行一村', '村', '', '李一', '13943900061', '', ''],
      ['景山镇', '命令行二村', '村', '', '', '13943900062', '', ''],
      ['不存在镇', '命令行三村', '村', '', '王三', '13943900063', '', ''],
    ]));
    const run = await cli(['import', 'villages', file('villages-bad.xlsx'), '--region', '靖宇县', '--dry-run']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('第 3 行【消防安全管理人】：必填');
    expect(run.stdout).toContain('第 4 行【乡镇】：靖宇县没有名为“不存在镇”的乡镇');
    expect(run.stderr).toMatch(/已处理 3\/3 行（100%）/);
    expect(run.stderr).toMatch(/2 处错误，全部未写入/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    // the same file for real: refused the same way
    expect((await cli(['import', 'villages', file('villages-bad.xlsx'), '--region', '靖宇县'])).code).toBe(1);
    expect((await cli(['import', 'hamlets', file('villages-bad.xlsx')])).stderr).toMatch(/villages、premises、candidates/);
    expect((await cli(['import', 'villages', file('missing.xlsx')])).stderr).toMatch(/无法读取文件/);
  }, 120_000);

  it('import writes a good file; export writes what the API answers; briefing writes the month\'s .docx; files are not overwritten without --force', async () => {
    fs.writeFileSync(file('villages.xlsx'), await xlsxOf('村（社区）', headers(ImportKind.VILLAGES), [
      ['景山镇', '命令行一村', '村', '', '李一', '13943900061', '', ''],
      ['景山镇', '命令行二村', '社区', '', '赵二', '13943900062', '', ''],
    ]));
    const imported = await cli(['import', 'villages', file('villages.xlsx')]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('已导入：新增 2 条，更新 0 条。');

    const out = file('exports');
    fs.mkdirSync(out);
    const exported = await cli(['export', 'village-coverage', '--region', '景山镇', '--out', out]);
    expect(exported.code).toBe(0);
    const written = /已导出：(.+)（\d+ 字节）/.exec(exported.stdout)![1];
    expect(path.dirname(written)).toBe(out);
    const again = await cli(['export', 'village-coverage', '--region', '景山镇', '--out', out]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/已存在；加 --force 覆盖/);
    expect((await cli(['export', 'village-coverage', '--region', '景山镇', '--out', out, '--force'])).code).toBe(0);
    expect((await cli(['export', 'fire-situation', '--period', '2027-13'])).stderr).toMatch(/--period：须为 YYYY-MM/);

    const now = new Date(Date.now() + 8 * 3600_000);
    const month = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
    // started in another folder: the template and the console's packages are found from the project's folder
    const briefing = await cli(['briefing', '--month', month, '--region', '景山镇', '--out', out], { cwd: root });
    expect(briefing.code).toBe(0);
    const docx = /已生成：(.+\.docx)/.exec(briefing.stdout)![1];
    const text = (await mammoth.extractRawText({ buffer: fs.readFileSync(docx) })).value;
    expect(text).toContain('消防安全形势通报');
    expect(text).toContain('景山镇');

    await withApp(async (app) => {
      const center = await app.account({ role: Role.CENTER }); // the office must change its password, reset above
      const coverage = data(await app.gqlAs(center, `query($r: ID) { villageCoverage(regionId: $r) { edges { node { township { name } villages withManager lackingManager { edges { node { name } } } } } } }`, { r: toGlobalId('Region', await app.regionId('景山镇')) })).villageCoverage.edges.map((e: any) => e.node);
      const records = sheetRecords((await readXlsx(fs.readFileSync(written))).get('覆盖情况')!, '乡镇');
      expect(records.map((r) => [r['乡镇'], Number(r['村（社区）数']), Number(r['有管理人'])])).toEqual(coverage.map((c: any) => [c.township.name, c.villages, c.withManager]));
      expect(records[0]).toMatchObject({ 乡镇: '景山镇', '村（社区）数': '2', 有管理人: '2' });
      const entries: { operation: string; outcome: string }[] = await app.dataSource.query(
        `SELECT operation, outcome FROM audit_entry WHERE actor_label = 'system:cli' AND operation NOT IN ('createAccount', 'resetAccountPassword', 'runMigrations') ORDER BY id`,
      );
      expect(entries.map((e) => `${e.operation} ${e.outcome}`)).toEqual([
        'importVillages SUCCESS', 'importVillagesFinished FAILURE', // the dry run with bad rows
        'importVillages SUCCESS', 'importVillagesFinished FAILURE', // the same file for real
        'importVillages SUCCESS', 'importVillagesFinished SUCCESS',
        // the second export found its file there: refused, nothing written
        'exportVillageCoverage SUCCESS', 'exportVillageCoverage FAILURE', 'exportVillageCoverage SUCCESS',
        'generateBriefingFireSituation SUCCESS',
      ]);
    });
  }, 180_000);
});
