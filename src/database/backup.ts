import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { MIGRATIONS } from '../../migrations';
import { TIME_ZONE } from '../common/clock';
import type { AppConfig, DatabaseConfig } from '../config/app-config';
import { ConfigValidationError } from '../config/environment';
import { acquireLock, DataDirInUseError } from './embedded-postgres';

/**
 * Backup and restore of both database kinds (GB/T 22239-2019 8.1.4.9 a), used by `npm run backup` / `npm run restore`
 * (cli/) and the tests. A server database is dumped with pg_dump's custom format and restored with pg_restore in one
 * transaction; the embedded PGlite folder is dumped with PGlite's own `dumpDataDir` (a gzipped tar of the cluster)
 * and restored by creating the folder from it. Neither holds the keys (keys.json, DATA_ENCRYPTION_KEY) nor the
 * attachment files: those are backed up separately (docs/reliability.md).
 */

export type DatabaseKind = DatabaseConfig['kind'];

/** Exit codes of the commands: 2 is a refusal that `--force` overrides; 1 any other failure. */
export const EXIT_FAILED = 1;
export const EXIT_REFUSED = 2;

/** A failure the commands print as is: a zh-CN message, then an English hint. */
export class BackupError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
    readonly exitCode: number = EXIT_FAILED,
  ) {
    super(`${zh}\n${en}`);
    this.name = 'BackupError';
  }
}

export interface BackupResult {
  kind: DatabaseKind;
  file: string;
  bytes: number;
  ms: number;
}

/** What a restored database holds: its newest applied migration and the rows of its main tables. */
export interface DatabaseState {
  latestMigration: string | null;
  /** Migrations of this code not in the database (run at the next start), or negative when the database is newer. */
  pendingMigrations: number;
  rowCounts: Record<string, number>;
}

export interface RestoreResult {
  kind: DatabaseKind;
  ms: number;
  state: DatabaseState;
  /** Embedded with --force: where the previous folder was moved. */
  movedAsideTo?: string;
  /** Server with --force: how many tables the dropped `public` schema held. */
  droppedTables?: number;
}

/** Tables whose row counts a restore reports (those that exist). */
export const MAIN_TABLES = ['region', 'organization', 'account', 'person', 'premises', 'inspection', 'hazard', 'audit_entry'];

const MIGRATIONS_TABLE = 'schema_migrations'; // data-source.ts: migrationsTableName

const STAMP = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});

/** `20261129-2130` (or `20261129-213005` with seconds) in Asia/Shanghai. */
export function shanghaiStamp(instant: Date, seconds = false): string {
  const p = Object.fromEntries(STAMP.formatToParts(instant).map((x) => [x.type, x.value]));
  return `${p.year}${p.month}${p.day}-${p.hour}${p.minute}${seconds ? p.second : ''}`;
}

/** The default file name of a backup: `fcp-backup-20261129-2130.dump` (server) or `.tar.gz` (embedded). */
export function defaultBackupFileName(kind: DatabaseKind, now = new Date()): string {
  return `fcp-backup-${shanghaiStamp(now)}${kind === 'server' ? '.dump' : '.tar.gz'}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Backup

/**
 * Writes a backup of the configured database to `outFile`: first to `<outFile>.partial` (created exclusively, so two
 * backups to one name cannot interleave), then linked into place, so a failed backup never leaves a file that looks
 * complete. Refuses to overwrite an existing file.
 */
export async function backupDatabase(config: DatabaseConfig, outFile: string): Promise<BackupResult> {
  const started = Date.now();
  const file = path.resolve(outFile);
  if (fs.existsSync(file)) {
    throw new BackupError(`备份文件已存在：${file}，不会覆盖它。请换一个 --out 文件名。`, `Refused: ${file} already exists; choose another --out.`);
  }
  if (config.kind === 'embedded') embeddedFolder(config); // fail before creating any file
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  let fd: number;
  try {
    fd = fs.openSync(partial, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    throw new BackupError(
      `${partial} 已存在：另一个备份正在写这个文件，或上次备份中断留下了它（确认没有备份在运行后删除它）。`,
      `${partial} exists: another backup is writing it, or an interrupted one left it (delete it once none runs).`,
    );
  }
  let open = true;
  const close = () => {
    if (open) fs.closeSync(fd);
    open = false;
  };
  try {
    if (config.kind === 'server') {
      close(); // pg_dump writes the file itself
      await dumpServer(config, partial);
    } else {
      fs.writeFileSync(fd, await dumpEmbedded(config));
      close();
    }
    syncFile(partial);
    publish(partial, file);
  } catch (error) {
    try {
      close();
    } finally {
      fs.rmSync(partial, { force: true });
    }
    throw error;
  }
  return { kind: config.kind, file, bytes: fs.statSync(file).size, ms: Date.now() - started };
}

async function dumpServer(config: Extract<DatabaseConfig, { kind: 'server' }>, partial: string): Promise<void> {
  const target = libpqTarget(config);
  await requireTool('pg_dump');
  await run('pg_dump', ['--format=custom', '--no-owner', '--no-acl', `--file=${partial}`, target.dbnameArg], target);
}

/** The cluster as a gzipped tar, taken under the folder's lock (a running server holds it). */
async function dumpEmbedded(config: Extract<DatabaseConfig, { kind: 'embedded' }>): Promise<Uint8Array> {
  const folder = embeddedFolder(config);
  if (!fs.existsSync(path.join(folder, 'PG_VERSION'))) {
    throw new BackupError(
      `${folder} 中没有数据库，无可备份的内容（DATA_DIR 设置对吗？）。`,
      `No database in ${folder}: nothing to back up (is DATA_DIR right?).`,
    );
  }
  const release = lockFolder(folder, '备份');
  try {
    const db = await PGlite.create(folder);
    try {
      await db.exec('CHECKPOINT'); // the files themselves are consistent, not only after WAL replay
      const blob = await db.dumpDataDir('gzip');
      return new Uint8Array(await blob.arrayBuffer());
    } finally {
      await db.close();
    }
  } finally {
    release();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Restore

/**
 * Restores a backup into the configured database and reports its state. Refuses (exit code 2) a target that holds
 * data unless `force`: a server's `public` schema is then dropped and recreated (in its own transaction, before
 * pg_restore's single transaction); an embedded folder is moved aside to `<folder>.before-restore-<time>`.
 */
export async function restoreDatabase(config: DatabaseConfig, fromFile: string, options: { force?: boolean } = {}): Promise<RestoreResult> {
  const started = Date.now();
  const file = path.resolve(fromFile);
  const format = backupFormat(file);
  if (config.kind === 'server') {
    if (format !== 'custom') {
      throw new BackupError(
        `${file} 不是服务器数据库的备份（pg_dump 自定义格式），而是嵌入式数据库的备份：恢复它时不要设置 DATABASE_URL。`,
        `${file} is not a pg_dump custom-format archive but an embedded backup: restore it without DATABASE_URL.`,
      );
    }
    const restored = await restoreServer(config, file, options.force ?? false);
    return { kind: 'server', ms: Date.now() - started, ...restored };
  }
  if (format === 'custom') {
    throw new BackupError(
      `${file} 是服务器数据库的备份（pg_dump），不能恢复到嵌入式数据库：请设置 DATABASE_URL 指向目标数据库。`,
      `${file} is a server backup (pg_dump): set DATABASE_URL to the target database to restore it.`,
    );
  }
  const restored = await restoreEmbedded(config, file, format, options.force ?? false);
  return { kind: 'embedded', ms: Date.now() - started, ...restored };
}

async function restoreServer(
  config: Extract<DatabaseConfig, { kind: 'server' }>,
  file: string,
  force: boolean,
): Promise<{ state: DatabaseState; droppedTables?: number }> {
  const target = libpqTarget(config);
  await requireTool('pg_restore');
  // the archive's table of contents must be readable before anything in the target changes
  await run('pg_restore', ['--list', file], target);
  let droppedTables: number | undefined;
  await withClient(config, async (client) => {
    const tables = await publicTableNames(client);
    if (tables.length === 0) return;
    if (!force) {
      throw new BackupError(
        `目标数据库 ${target.display} 的 public 模式中已有 ${tables.length} 张表，拒绝恢复以免覆盖现有数据。` +
          `确认要用备份替换它们时加 --force（将先删除并重建 public 模式）。`,
        `Refused: ${target.display} already has ${tables.length} tables in schema public. Pass --force to drop and recreate the schema, then restore.`,
        EXIT_REFUSED,
      );
    }
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1 AND pid <> pg_backend_pid()`,
      [APPLICATION_NAME],
    );
    if (rows[0].n > 0) {
      throw new BackupError(
        `应用仍有 ${rows[0].n} 个连接在使用 ${target.display}：请先停止服务器再恢复。`,
        `The application still has ${rows[0].n} connections to ${target.display}: stop the server before restoring.`,
      );
    }
    // the old data is moved aside, not dropped, until the restore has succeeded: a failed restore puts it back
    await client.query('BEGIN');
    try {
      await client.query(`ALTER SCHEMA public RENAME TO ${ASIDE_SCHEMA}`);
      await client.query('CREATE SCHEMA public');
      await client.query('GRANT USAGE ON SCHEMA public TO PUBLIC');
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    droppedTables = tables.length;
  });
  try {
    await run('pg_restore', ['--no-owner', '--no-acl', '--single-transaction', '--exit-on-error', target.dbnameArg, file], target);
  } catch (error) {
    if (droppedTables !== undefined) {
      await withClient(config, async (client) => {
        await client.query('BEGIN');
        await client.query('DROP SCHEMA public CASCADE');
        await client.query(`ALTER SCHEMA ${ASIDE_SCHEMA} RENAME TO public`);
        await client.query('COMMIT');
      });
    }
    throw error;
  }
  const state = await withClient(config, async (client) => {
    if (droppedTables !== undefined) await client.query(`DROP SCHEMA ${ASIDE_SCHEMA} CASCADE`);
    return databaseState((sql) => client.query(sql).then((r) => r.rows));
  });
  return { state, droppedTables };
}

/** Where `restore --force` keeps a server database's old tables while the restore runs. */
const ASIDE_SCHEMA = 'public_before_restore';

async function restoreEmbedded(
  config: Extract<DatabaseConfig, { kind: 'embedded' }>,
  file: string,
  format: 'gzip' | 'tar',
  force: boolean,
): Promise<{ state: DatabaseState; movedAsideTo?: string }> {
  const folder = embeddedFolder(config);
  fs.mkdirSync(path.dirname(folder), { recursive: true });
  const release = lockFolder(folder, '恢复');
  try {
    let movedAsideTo: string | undefined;
    if (fs.existsSync(folder) && fs.readdirSync(folder).length > 0) {
      if (!force) {
        throw new BackupError(
          `数据目录 ${folder} 已存在且不为空，拒绝恢复以免覆盖现有数据。` +
            `确认要用备份替换时加 --force（原目录会被移到 ${folder}.before-restore-<时间>，不会删除）。`,
          `Refused: ${folder} exists and is not empty. Pass --force to move it aside to ${folder}.before-restore-<time> and restore.`,
          EXIT_REFUSED,
        );
      }
      movedAsideTo = asideName(folder);
      fs.renameSync(folder, movedAsideTo);
    } else if (fs.existsSync(folder)) {
      fs.rmdirSync(folder); // empty: PGlite creates it
    }
    const blob = new Blob([fs.readFileSync(file)], { type: format === 'gzip' ? 'application/x-gzip' : 'application/x-tar' });
    let db: PGlite | undefined;
    try {
      db = await PGlite.create(folder, { loadDataDir: blob });
      const state = await databaseState(async (sql) => (await db!.query<Record<string, unknown>>(sql)).rows);
      await db.close();
      return { state, movedAsideTo };
    } catch (error) {
      if (db && !db.closed) await db.close().catch(() => undefined);
      // put things back as they were: no half-restored folder, the previous one in its place
      fs.rmSync(folder, { recursive: true, force: true });
      if (movedAsideTo) fs.renameSync(movedAsideTo, folder);
      throw new BackupError(
        `恢复失败，数据目录已还原为恢复前的状态：${error instanceof Error ? error.message : String(error)}`,
        `Restore failed; the data folder is as it was before. Is ${file} a complete backup?`,
      );
    }
  } finally {
    release();
  }
}

/** The newest applied migration, how far it is from this code's, and the rows of the main tables. */
async function databaseState(query: (sql: string) => Promise<Record<string, unknown>[]>): Promise<DatabaseState> {
  const present = new Set(
    (await query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)).map((r) => String(r.tablename)),
  );
  let latestMigration: string | null = null;
  let applied = new Set<string>();
  if (present.has(MIGRATIONS_TABLE)) {
    const rows = await query(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY timestamp DESC, id DESC`);
    latestMigration = rows.length ? String(rows[0].name) : null;
    applied = new Set(rows.map((r) => String(r.name)));
  }
  const known = MIGRATIONS.map((m) => m.name);
  const pending = known.filter((n) => !applied.has(n)).length;
  const unknown = [...applied].filter((n) => !known.includes(n)).length;
  const rowCounts: Record<string, number> = {};
  for (const table of MAIN_TABLES) {
    if (!present.has(table)) continue;
    rowCounts[table] = Number((await query(`SELECT count(*)::int AS n FROM "${table}"`))[0].n);
  }
  return { latestMigration, pendingMigrations: unknown > 0 ? -unknown : pending, rowCounts };
}

// ---------------------------------------------------------------------------------------------------------------
// Reports (the commands print these)

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function describeState(state: DatabaseState): string[] {
  const migration = state.latestMigration ?? '（无 / none）';
  const relation =
    state.pendingMigrations === 0
      ? '与本版本代码一致 / matches this code'
      : state.pendingMigrations > 0
        ? `本版本代码还有 ${state.pendingMigrations} 个迁移未执行，服务器启动时会执行 / ${state.pendingMigrations} newer migrations of this code run at the next start`
        : `数据库含 ${-state.pendingMigrations} 个本版本代码不认识的迁移：备份来自更新的版本 / the backup is from a newer version (${-state.pendingMigrations} unknown migrations)`;
  const rows = Object.entries(state.rowCounts).map(([t, n]) => `${t} ${n}`).join(', ');
  return [`迁移状态 / migrations: 最新 ${migration}（${relation}）`, `行数 / rows: ${rows || '—'}`];
}

/** The keys and attachments a backup does not contain, as lines to print. */
export function notInBackup(config: AppConfig): string[] {
  const keys =
    config.auth.dataEncryptionKey && config.auth.tokenSecret
      ? '密钥来自环境变量 DATA_ENCRYPTION_KEY、AUTH_TOKEN_SECRET'
      : `密钥文件 ${path.join(config.dataDir, 'keys.json')}`;
  return [
    `备份文件不含${keys}，也不含附件目录 ${config.attachments.dir}：请另行备份（没有原密钥，加密的个人信息将无法读取）。`,
    'The backup holds neither the keys nor the attachment files: back them up too (encrypted personal data is unreadable without the key).',
  ];
}

/** After a restore: a warning when the key that encrypted the data is neither configured nor in DATA_DIR. */
export function missingKeyWarning(config: AppConfig): string[] {
  if (config.auth.dataEncryptionKey || config.dataDir === 'memory://') return [];
  const file = path.join(config.dataDir, 'keys.json');
  if (fs.existsSync(file)) return [];
  return [
    `警告：既没有设置 DATA_ENCRYPTION_KEY，也没有 ${file}。启动前请放回原来的 keys.json（或设置原来的密钥），否则服务器会生成新密钥，已加密的个人信息将无法读取。`,
    `Warning: neither DATA_ENCRYPTION_KEY nor ${file}: put the original keys back before starting, or encrypted personal data becomes unreadable.`,
  ];
}

/** The message and exit code of a failed command (never a password: messages are built without the URL's). */
/**
 * The commands' last word on an error: a configuration or argument error as such (exit 1), else `failureOf`'s message
 * after `heading` and its exit code.
 */
export function exitOnFailure(heading: string, usage: string): (error: unknown) => never {
  return (error: unknown) => {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(EXIT_FAILED);
    }
    if (error instanceof TypeError && (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`${error.message}\n${usage}\n`);
      process.exit(EXIT_FAILED);
    }
    const failure = failureOf(error);
    process.stderr.write(`${heading}:\n${failure.message}\n`);
    process.exit(failure.exitCode);
  };
}

export function failureOf(error: unknown): { message: string; exitCode: number } {
  if (error instanceof BackupError) return { message: error.message, exitCode: error.exitCode };
  const text = error instanceof Error ? error.message : String(error);
  return { message: `失败 / failed: ${text}`, exitCode: EXIT_FAILED };
}

// ---------------------------------------------------------------------------------------------------------------
// Plumbing

const APPLICATION_NAME = 'fire-committee-platform'; // data-source.ts: the application's sessions

function embeddedFolder(config: Extract<DatabaseConfig, { kind: 'embedded' }>): string {
  if (config.dataDir.startsWith('memory://')) {
    throw new BackupError('DATA_DIR=memory:// 是内存数据库，无法备份或恢复。', 'DATA_DIR=memory:// is in memory: nothing to back up or restore.');
  }
  return config.dataDir;
}

/** The folder's lock (the one the server takes), or a clear refusal while a server holds it. */
function lockFolder(folder: string, what: '备份' | '恢复'): () => void {
  try {
    return acquireLock(`${folder}.lock`, folder);
  } catch (error) {
    if (!(error instanceof DataDirInUseError)) throw error;
    throw new BackupError(
      `数据目录正在被使用（服务器在运行？）：请先停止服务器再${what}。`,
      `${error.message} Stop the server before ${what === '备份' ? 'a backup' : 'a restore'}.`,
    );
  }
}

function asideName(folder: string): string {
  const base = `${folder}.before-restore-${shanghaiStamp(new Date(), true)}`;
  let name = base;
  for (let i = 2; fs.existsSync(name); i++) name = `${base}-${i}`;
  return name;
}

/** What a backup file is, from its first bytes. */
function backupFormat(file: string): 'custom' | 'gzip' | 'tar' {
  let head: Buffer;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      head = Buffer.alloc(512);
      head = head.subarray(0, fs.readSync(fd, head, 0, 512, 0));
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new BackupError(`找不到备份文件 ${file}。`, `Backup file not found: ${file}`);
    }
    throw error;
  }
  if (head.subarray(0, 5).toString('latin1') === 'PGDMP') return 'custom';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.subarray(257, 262).toString('latin1') === 'ustar') return 'tar';
  throw new BackupError(
    `${file} 不是本系统的备份文件（既不是 pg_dump 自定义格式，也不是 gzip/tar）${file.endsWith('.partial') ? '：.partial 是未完成的备份' : ''}。`,
    `${file} is not a backup (neither a pg_dump custom archive nor a gzip/tar file).`,
  );
}

interface LibpqTarget {
  /** `--dbname=<url without the password>` */
  dbnameArg: string;
  /** Environment of pg_dump / pg_restore: the password and timeouts travel here, never on the command line. */
  env: NodeJS.ProcessEnv;
  /** host:port/database, for messages. */
  display: string;
  password?: string;
}

/** The connection as libpq wants it: the URL without its password (PGPASSWORD instead), node-postgres-only options mapped. */
function libpqTarget(config: Extract<DatabaseConfig, { kind: 'server' }>): LibpqTarget {
  const u = new URL(config.url);
  const password = u.password ? decodeURIComponent(u.password) : undefined;
  u.password = '';
  // node-postgres accepts `ssl=true` and `sslmode=no-verify`; libpq refuses both
  const ssl = u.searchParams.get('ssl');
  u.searchParams.delete('ssl');
  u.searchParams.delete('uselibpqcompat');
  if (u.searchParams.get('sslmode') === 'no-verify') u.searchParams.set('sslmode', 'require');
  if (ssl && ssl !== 'false' && ssl !== '0' && !u.searchParams.has('sslmode')) u.searchParams.set('sslmode', 'require');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PGCONNECT_TIMEOUT: String(Math.max(2, Math.ceil(config.connectTimeoutMs / 1000))),
    PGAPPNAME: 'fcp-backup',
  };
  if (password !== undefined) env.PGPASSWORD = password;
  // a password given as a URL parameter travels in the environment too, never on a command line others can list
  const passwordParam = u.searchParams.get('password');
  if (passwordParam !== null) {
    u.searchParams.delete('password');
    env.PGPASSWORD ??= passwordParam;
  }
  return {
    dbnameArg: `--dbname=${u.toString()}`,
    env,
    display: `${u.hostname || 'localhost'}${u.port ? `:${u.port}` : ''}${u.pathname}`,
    password,
  };
}

async function withClient<T>(config: Extract<DatabaseConfig, { kind: 'server' }>, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: config.url, connectionTimeoutMillis: config.connectTimeoutMs, application_name: 'fcp-restore' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function publicTableNames(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ relname: string }>(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1`,
  );
  return rows.map((r) => r.relname);
}

/** Fails clearly when a PostgreSQL client program is not installed. */
async function requireTool(tool: 'pg_dump' | 'pg_restore'): Promise<string> {
  try {
    return (await run(tool, ['--version'])).trim();
  } catch (error) {
    if (error instanceof BackupError && /ENOENT/.test(error.en)) {
      throw new BackupError(
        `找不到 ${tool}：请安装 PostgreSQL 客户端工具（主版本不低于服务器，如 Debian 的 postgresql-client）并确保它在 PATH 中。`,
        `${tool} not found: install the PostgreSQL client tools (same major version as the server or newer) and put them on PATH.`,
      );
    }
    throw error;
  }
}

/** Runs a program with an argument array (no shell); resolves its stdout, or fails with its stderr. */
function run(program: string, args: string[], target?: LibpqTarget): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { env: target?.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let errBytes = 0;
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => {
      if ((errBytes += c.length) <= 64 * 1024) err.push(c);
    });
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(new BackupError(`无法运行 ${program}：${error.message}`, `cannot run ${program}: ${error.code ?? error.message}`)),
    );
    child.on('close', (code, signal) => {
      if (code === 0) return resolve(Buffer.concat(out).toString('utf8'));
      let stderr = Buffer.concat(err).toString('utf8').trim();
      if (target?.password) stderr = stderr.split(target.password).join('***');
      const mismatch = /version mismatch/.test(stderr) ? `（${program} 的版本低于服务器：请安装同一主版本或更新的客户端）` : '';
      reject(
        new BackupError(
          `${program} 失败（${signal ? `信号 ${signal}` : `退出码 ${code}`}）${mismatch}：\n${stderr}`,
          `${program} failed${target ? ` on ${target.display}` : ''}.`,
        ),
      );
    });
  });
}

function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Puts the finished file in place without ever overwriting one (a hard link fails when the name exists). */
function publish(partial: string, file: string): void {
  try {
    fs.linkSync(partial, file);
    fs.unlinkSync(partial);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      throw new BackupError(`备份文件已存在：${file}，不会覆盖它。`, `Refused: ${file} appeared meanwhile; not overwritten.`);
    }
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw error;
    // a file system without hard links: rename, which would replace a file that appeared meanwhile, so look first
    if (fs.existsSync(file)) throw new BackupError(`备份文件已存在：${file}，不会覆盖它。`, `Refused: ${file} appeared meanwhile; not overwritten.`);
    fs.renameSync(partial, file);
  }
  try {
    const dir = fs.openSync(path.dirname(file), 'r');
    try {
      fs.fsyncSync(dir);
    } finally {
      fs.closeSync(dir);
    }
  } catch {
    /* not every platform can fsync a folder */
  }
}
