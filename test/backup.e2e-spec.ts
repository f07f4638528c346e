import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MIGRATIONS } from '../migrations';
import { loadAppConfig } from '../src/config/app-config';
import type { DatabaseConfig } from '../src/config/app-config';
import { backupDatabase, EXIT_REFUSED, restoreDatabase } from '../src/database/backup';
import { openDataSource } from '../src/database/data-source';
import { emptyServerDatabase, freshDatabase, serverUrl, TIMEOUTS } from './support/database';
import { createTestApp, data, TestApp } from './support/test-app';

/** GB/T 22239-2019 8.1.4.9 a: `npm run backup` / `npm run restore` round trips, through the library functions the commands call. */

const TOWNSHIP = `{ townships(first: 1) { edges { node { id code station { id staffQuota } } } } }`;
const CHANGE_QUOTA = `mutation($i: ChangeStaffQuotaInput!) { changeStaffQuota(input: $i) { staffQuota } }`;
const SET_CODE = `mutation($i: SetRegionCodeInput!) { setRegionCode(input: $i) { code } }`;
const LATEST_MIGRATION = MIGRATIONS[MIGRATIONS.length - 1].name;

/** Writes through the API what the restored copy must show: a station quota of 2 (seeded 3) and a region code. */
async function writeThroughApi(app: TestApp): Promise<void> {
  const township = data(await app.gql(TOWNSHIP)).townships.edges[0].node;
  expect(township.station.staffQuota).toBe(3); // the seed's, so reading 2 back proves the write travelled
  expect(township.code).toBeNull();
  data(await app.gql(CHANGE_QUOTA, { i: { organizationId: township.station.id, staffQuota: 2, reason: '备份前的调整' } }));
  data(await app.admins.system.gql(SET_CODE, { i: { regionId: township.id, code: '220622100' } }));
}

async function readBack(app: TestApp): Promise<{ code: string | null; staffQuota: number }> {
  const township = data(await app.gql(TOWNSHIP)).townships.edges[0].node;
  return { code: township.code, staffQuota: township.station.staffQuota };
}

/** Rows of every table in `public`, read on a connection of its own (no application running). */
async function rowCounts(database: DatabaseConfig): Promise<Record<string, number>> {
  const ds = await openDataSource(database);
  try {
    const tables: { tablename: string }[] = await ds.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
    const counts: Record<string, number> = {};
    for (const { tablename } of tables) counts[tablename] = Number((await ds.query(`SELECT count(*)::int AS n FROM "${tablename}"`))[0].n);
    return counts;
  } finally {
    await ds.destroy();
  }
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fcp-backup-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('backup and restore: embedded database (PGlite in DATA_DIR)', () => {
  const source = loadAppConfig({ DATA_DIR: path.join(root, 'source') }).database;
  const target = loadAppConfig({ DATA_DIR: path.join(root, 'target') }).database;
  const file = path.join(root, 'embedded.tar.gz');
  let sourceCounts: Record<string, number>;

  it('refuses a backup while an application holds the folder, and leaves no file behind', async () => {
    const app = await createTestApp({ database: source }); // a new folder: migrated and seeded at start
    try {
      await writeThroughApi(app);
      await expect(backupDatabase(source, file)).rejects.toMatchObject({ message: expect.stringMatching(/请先停止服务器再备份/) });
      expect(fs.existsSync(file)).toBe(false);
      expect(fs.existsSync(`${file}.partial`)).toBe(false);
    } finally {
      await app.close();
    }
  }, 180_000);

  it('round trip: the copy restored into a new DATA_DIR has every row and reads back what the API wrote', async () => {
    sourceCounts = await rowCounts(source);
    expect(Object.keys(sourceCounts).length).toBeGreaterThan(50);
    expect(sourceCounts.staff_quota_change).toBeGreaterThanOrEqual(1);

    const backup = await backupDatabase(source, file);
    expect(backup.kind).toBe('embedded');
    expect(backup.bytes).toBe(fs.statSync(file).size);
    expect([...fs.readFileSync(file).subarray(0, 2)]).toEqual([0x1f, 0x8b]); // gzip
    expect(fs.existsSync(`${file}.partial`)).toBe(false);
    // refuses to overwrite a backup
    await expect(backupDatabase(source, file)).rejects.toThrow(/已存在/);
    expect(fs.statSync(file).size).toBe(backup.bytes);

    const restored = await restoreDatabase(target, file);
    expect(restored.state.latestMigration).toBe(LATEST_MIGRATION);
    expect(restored.state.pendingMigrations).toBe(0);
    expect(restored.state.rowCounts.organization).toBe(sourceCounts.organization);
    expect(restored.movedAsideTo).toBeUndefined();

    expect(await rowCounts(target)).toEqual(sourceCounts);
    const app = await createTestApp({ database: target });
    try {
      expect(await readBack(app)).toEqual({ code: '220622100', staffQuota: 2 });
    } finally {
      await app.close();
    }
  }, 180_000);

  it('refuses to restore into a folder that holds a database; with force moves it aside, never deletes it', async () => {
    const targetDir = (target as { dataDir: string }).dataDir;
    // the restored copy moves on: one more write
    const app = await createTestApp({ database: target });
    let auditBefore: number;
    try {
      const township = data(await app.gql(TOWNSHIP)).townships.edges[0].node;
      data(await app.admins.system.gql(SET_CODE, { i: { regionId: township.id, code: '220622101' } }));
      auditBefore = Number((await app.dataSource.query(`SELECT count(*)::int AS n FROM audit_entry`))[0].n);
      expect(auditBefore).toBeGreaterThan(sourceCounts.audit_entry);
    } finally {
      await app.close();
    }

    const refusal = restoreDatabase(target, file);
    await expect(refusal).rejects.toMatchObject({ exitCode: EXIT_REFUSED, message: expect.stringMatching(/已存在且不为空[\s\S]*--force/) });
    expect(fs.readdirSync(path.dirname(targetDir)).filter((n) => n.includes('before-restore'))).toEqual([]);

    const forced = await restoreDatabase(target, file, { force: true });
    expect(forced.movedAsideTo).toMatch(/pgdata\.before-restore-\d{8}-\d{6}$/);
    expect(fs.existsSync(path.join(forced.movedAsideTo!, 'PG_VERSION'))).toBe(true);
    expect(forced.state.rowCounts.audit_entry).toBe(sourceCounts.audit_entry);
    const again = await createTestApp({ database: target });
    try {
      expect(await readBack(again)).toEqual({ code: '220622100', staffQuota: 2 });
    } finally {
      await again.close();
    }
  }, 180_000);
});

describe('backup and restore: PostgreSQL server (DATABASE_URL)', () => {
  const drops: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const drop of drops) await drop();
  });
  const file = path.join(root, 'server.dump');

  (serverUrl() ? it : it.skip)('round trip into a new database: every row, what the API wrote; refuses a non-empty target without force', async () => {
    const source = await freshDatabase();
    drops.push(source.drop);
    const app = await createTestApp({ database: source.config });
    try {
      await writeThroughApi(app);
    } finally {
      await app.close();
    }
    const sourceCounts = await rowCounts(source.config);
    expect(Object.keys(sourceCounts).length).toBeGreaterThan(50);
    expect(sourceCounts.staff_quota_change).toBeGreaterThanOrEqual(1);

    const backup = await backupDatabase(source.config, file);
    expect(backup.kind).toBe('server');
    expect(fs.readFileSync(file).subarray(0, 5).toString('latin1')).toBe('PGDMP'); // pg_dump custom format
    expect(backup.bytes).toBe(fs.statSync(file).size);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);

    const scratch = (await emptyServerDatabase())!;
    drops.push(scratch.drop);
    const target: DatabaseConfig = { kind: 'server', url: scratch.url, poolSize: 2, ...TIMEOUTS };
    const restored = await restoreDatabase(target, file);
    expect(restored.state.latestMigration).toBe(LATEST_MIGRATION);
    expect(restored.state.pendingMigrations).toBe(0);
    expect(restored.droppedTables).toBeUndefined();
    expect(await rowCounts(target)).toEqual(sourceCounts);

    const copy = await createTestApp({ database: target });
    try {
      expect(await readBack(copy)).toEqual({ code: '220622100', staffQuota: 2 });
      // the copy moves on, so a refused restore can be seen to leave it alone
      const township = data(await copy.gql(TOWNSHIP)).townships.edges[0].node;
      data(await copy.admins.system.gql(SET_CODE, { i: { regionId: township.id, code: '220622101' } }));
    } finally {
      await copy.close();
    }

    await expect(restoreDatabase(target, file)).rejects.toMatchObject({
      exitCode: EXIT_REFUSED,
      message: expect.stringMatching(/public 模式中已有 \d+ 张表[\s\S]*--force/),
    });
    const codeNow = async () => {
      const ds = await openDataSource(target);
      try {
        return (await ds.query(`SELECT count(*)::int AS n FROM region WHERE code = '220622101'`))[0].n;
      } finally {
        await ds.destroy();
      }
    };
    expect(await codeNow()).toBe(1);

    // an archive that reads but cannot be restored (a table of a type the archive does not hold): the forced restore
    // fails after the old tables were moved aside, and puts them back
    const bad = (await emptyServerDatabase())!;
    const damaged = path.join(root, 'unrestorable.dump');
    try {
      execFileSync('psql', ['-q', '-d', bad.url, '-c', 'CREATE SCHEMA x; CREATE TYPE x.t AS (a int); CREATE TABLE public.bad (c x.t);'], { stdio: 'pipe' });
      execFileSync('pg_dump', ['--format=custom', '--schema=public', '-f', damaged, bad.url], { stdio: 'pipe' });
    } finally {
      await bad.drop();
    }
    execFileSync('pg_restore', ['--list', damaged], { stdio: 'pipe' });
    const before = await rowCounts(target);
    const failed = await restoreDatabase(target, damaged, { force: true }).then(() => null, (e: unknown) => e);
    expect(failed).not.toBeNull();
    expect(await rowCounts(target)).toEqual(before);
    expect(await codeNow()).toBe(1);

    const forced = await restoreDatabase(target, file, { force: true });
    expect(forced.droppedTables).toBe(Object.keys(sourceCounts).length);
    expect(await codeNow()).toBe(0);
    expect(await rowCounts(target)).toEqual(sourceCounts);
  }, 180_000);
});

describe('backup and restore: the kinds do not mix', () => {
  it('a server restore refuses an embedded backup, an embedded restore a pg_dump archive, and neither touches the target', async () => {
    const gzipFile = path.join(root, 'kind-embedded.tar.gz');
    fs.writeFileSync(gzipFile, Buffer.from([0x1f, 0x8b, 0x08, 0x00]));
    const dumpFile = path.join(root, 'kind-server.dump');
    fs.writeFileSync(dumpFile, Buffer.from('PGDMP\x01\x0e\x00', 'latin1'));
    // refused before connecting: this URL leads nowhere
    const server: DatabaseConfig = { kind: 'server', url: 'postgres://nobody@127.0.0.1:1/none', poolSize: 1, ...TIMEOUTS };
    await expect(restoreDatabase(server, gzipFile)).rejects.toThrow(/不是服务器数据库的备份/);
    const embedded = loadAppConfig({ DATA_DIR: path.join(root, 'other') }).database;
    await expect(restoreDatabase(embedded, dumpFile)).rejects.toThrow(/是服务器数据库的备份/);
    expect(fs.existsSync(path.join(root, 'other', 'pgdata'))).toBe(false);
    await expect(restoreDatabase(embedded, path.join(root, 'missing.tar.gz'))).rejects.toThrow(/找不到备份文件/);
  });
});
