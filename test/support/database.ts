import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import pg from 'pg';
import type { DatabaseConfig } from '../../src/config/app-config';
import { embeddedDatabaseOf, openDataSource, runMigrations } from '../../src/database/data-source';
import { ENTITIES } from '../../src/entities';
import { seedOrganization } from '../../src/organization/seed/organization.seed';

/**
 * Test databases: migrated and seeded once per run (global setup), then each app gets its own copy:
 * a new database cloned from a template on a PostgreSQL server (DATABASE_URL), or an in-memory PGlite loaded
 * from a snapshot (~1 s instead of a fresh cluster's ~7 s).
 */
export const TIMEOUTS = { connectTimeoutMs: 3000, statementTimeoutMs: 15000 };

export function serverUrl(): string | undefined {
  return process.env.DATABASE_URL || undefined;
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

export async function prepareTemplate(): Promise<void> {
  const url = serverUrl();
  if (url) {
    const template = `fcp_test_tpl_${process.pid}`;
    await adminQuery(url, `DROP DATABASE IF EXISTS ${template}`);
    await adminQuery(url, `CREATE DATABASE ${template}`);
    await throwAway(url, template);
    const ds = await openDataSource({ kind: 'server', url: withDatabase(url, template), poolSize: 2, ...TIMEOUTS }, ENTITIES);
    try {
      await runMigrations(ds);
      await seedOrganization(ds);
    } finally {
      await ds.destroy();
    }
    process.env.FCP_TEST_TEMPLATE = template;
    return;
  }
  const ds = await openDataSource({ kind: 'embedded', dataDir: 'memory://', ...TIMEOUTS }, ENTITIES);
  try {
    await runMigrations(ds);
    await seedOrganization(ds);
    const blob = await embeddedDatabaseOf(ds)!.db.dumpDataDir('none');
    const file = `${fs.mkdtempSync('/tmp/fcp-test-')}/snapshot.tar`;
    fs.writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
    process.env.FCP_TEST_SNAPSHOT = file;
  } finally {
    await ds.destroy();
  }
}

export async function dropTemplate(): Promise<void> {
  const url = serverUrl();
  if (url && process.env.FCP_TEST_TEMPLATE) await adminQuery(url, `DROP DATABASE IF EXISTS ${process.env.FCP_TEST_TEMPLATE}`);
  if (process.env.FCP_TEST_SNAPSHOT) fs.rmSync(process.env.FCP_TEST_SNAPSHOT, { force: true });
}

/** A fresh migrated and seeded database for one test app, and how to drop it. */
export async function freshDatabase(): Promise<{ config: DatabaseConfig; drop: () => Promise<void> }> {
  const url = serverUrl();
  if (url) {
    const template = process.env.FCP_TEST_TEMPLATE;
    if (!template) throw new Error('test template database missing: was the global setup run?');
    const name = `fcp_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    await adminQuery(url, `CREATE DATABASE ${name} TEMPLATE ${template}`);
    await throwAway(url, name);
    return {
      config: { kind: 'server', url: withDatabase(url, name), poolSize: 5, ...TIMEOUTS },
      drop: () => adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    };
  }
  return { config: embeddedSnapshotConfig(), drop: async () => undefined };
}

/** An in-memory embedded database started from the migrated, seeded snapshot. */
export function embeddedSnapshotConfig(): DatabaseConfig {
  const file = process.env.FCP_TEST_SNAPSHOT;
  if (!file) throw new Error('test snapshot missing: was the global setup run?');
  return { kind: 'embedded', dataDir: 'memory://', loadSnapshot: new Blob([fs.readFileSync(file)]), ...TIMEOUTS };
}

let seededSnapshot: Promise<Blob> | null = null;

/**
 * An in-memory embedded database, migrated and seeded, whatever the run's database: a spec that must hold on both
 * databases runs once on the server (DATABASE_URL) and once on this. In an embedded run it is the run's snapshot.
 */
export async function embeddedSeededConfig(): Promise<DatabaseConfig> {
  if (process.env.FCP_TEST_SNAPSHOT) return embeddedSnapshotConfig();
  seededSnapshot ??= (async () => {
    const ds = await openDataSource({ kind: 'embedded', dataDir: 'memory://', ...TIMEOUTS }, ENTITIES);
    try {
      await runMigrations(ds);
      await seedOrganization(ds);
      return await embeddedDatabaseOf(ds)!.db.dumpDataDir('none');
    } finally {
      await ds.destroy();
    }
  })();
  return { kind: 'embedded', dataDir: 'memory://', loadSnapshot: await seededSnapshot, ...TIMEOUTS };
}

/**
 * A test database is thrown away after its spec: its commits need not wait for their WAL to reach the disk
 * (`synchronous_commit = off` for this database only; the server's setting and every other database are untouched,
 * and a fast shutdown, as the outage spec does, still writes everything committed).
 */
function throwAway(url: string, name: string): Promise<void> {
  return adminQuery(url, `ALTER DATABASE ${name} SET synchronous_commit = off`);
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** An empty database (no migrations) on the server, and how to drop it; undefined on the embedded database. */
export async function emptyServerDatabase(): Promise<{ url: string; drop: () => Promise<void> } | undefined> {
  const url = serverUrl();
  if (!url) return undefined;
  const name = `fcp_test_empty_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await adminQuery(url, `CREATE DATABASE ${name}`);
  return { url: withDatabase(url, name), drop: () => adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * A database that child processes (the built CLI, a second server) open as well as the spec: a fresh copy of the
 * template on the server, else an embedded cluster on disk under `dataDir` (what `DATA_DIR` means to the app).
 * `env` is what a child process needs to open it.
 */
export async function sharedDatabase(dataDir: string): Promise<{ config: DatabaseConfig; env: Record<string, string>; drop: () => Promise<void> }> {
  if (serverUrl()) {
    const fresh = await freshDatabase();
    return { config: fresh.config, env: { DATABASE_URL: (fresh.config as { url: string }).url }, drop: fresh.drop };
  }
  return {
    config: { kind: 'embedded', dataDir: path.join(dataDir, 'pgdata'), ...TIMEOUTS },
    env: { DATABASE_URL: '', DATA_DIR: dataDir },
    drop: async () => undefined,
  };
}
