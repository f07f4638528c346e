import { DataSource, DataSourceOptions, MigrationExecutor } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config';
import { MIGRATIONS } from '../../migrations';
import { EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres';
import { SnakeNamingStrategy } from './naming.strategy';
import { StatementCountingLogger } from './statement-count';
import { installUnitOfWork } from './unit-of-work';

const APPLICATION_NAME = 'fire-committee-platform';

/** Options shared by both database kinds: same entities, migrations and naming; synchronize is never on. */
function commonOptions(config: DatabaseConfig, entities: Function[]) {
  return {
    type: 'postgres' as const,
    entities,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    migrationsRun: false,
    installExtensions: false,
    uuidExtension: 'pgcrypto' as const,
    namingStrategy: new SnakeNamingStrategy(),
    applicationName: APPLICATION_NAME,
    logging: false,
    // counts each statement against the HTTP request that runs it (statement-count.ts); logs nothing
    logger: new StatementCountingLogger(),
    extra: {
      // node-postgres waits forever for a connection by default
      connectionTimeoutMillis: config.connectTimeoutMs,
      // client-side bound for every query (also on PGlite, which ignores statement_timeout)
      query_timeout: config.statementTimeoutMs + 1000,
    },
  };
}

/**
 * Opens the configured database: a PostgreSQL server from DATABASE_URL, or the embedded PGlite served on a
 * loopback port. Destroying the returned DataSource also stops the embedded server and releases its lock,
 * so the CLI and tests never hang on a forgotten PGlite. The entities are the application's (src/entities.ts, passed
 * in by the root module: the database wiring imports no domain); without them the DataSource runs migrations and SQL.
 */
export async function openDataSource(config: DatabaseConfig, entities: Function[] = []): Promise<DataSource> {
  if (config.kind === 'server') {
    const common = commonOptions(config, entities);
    const dataSource = new DataSource({
      ...common,
      url: config.url,
      extra: {
        ...common.extra,
        max: config.poolSize,
        statement_timeout: config.statementTimeoutMs,
        idle_in_transaction_session_timeout: config.statementTimeoutMs * 2,
      },
    } as DataSourceOptions);
    installUnitOfWork(dataSource);
    return dataSource.initialize();
  }
  const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, loadSnapshot: config.loadSnapshot });
  const common = commonOptions(config, entities);
  const dataSource = new DataSource({
    ...common,
    host: embedded.host,
    port: embedded.port,
    username: 'postgres',
    database: 'postgres',
    extra: { ...common.extra, max: 1 }, // exactly one connection: PGlite is single-session
  } as DataSourceOptions);
  embeddedSources.set(dataSource, embedded);
  installUnitOfWork(dataSource);
  const destroy = dataSource.destroy.bind(dataSource);
  dataSource.destroy = async () => {
    try {
      if (dataSource.isInitialized) await destroy();
    } finally {
      await embedded.close();
    }
  };
  try {
    return await dataSource.initialize();
  } catch (error) {
    await embedded.close();
    throw error;
  }
}

const embeddedSources = new WeakMap<DataSource, EmbeddedPostgres>();

/** True for a DataSource on the embedded PGlite (one process, one connection). */
export function isEmbedded(dataSource: DataSource): boolean {
  return embeddedSources.has(dataSource);
}

/** The PGlite behind an embedded DataSource (for dumps), or undefined for a server. */
export function embeddedDatabaseOf(dataSource: DataSource): EmbeddedPostgres | undefined {
  return embeddedSources.get(dataSource);
}

/**
 * Runs pending migrations; on a server under an advisory lock so several instances can start at once. Lock and
 * migrations share one connection, so a pool of 1 is enough.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    const locked = !isEmbedded(dataSource);
    if (locked) await runner.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCKS.migrations]);
    try {
      const executor = new MigrationExecutor(dataSource, runner);
      executor.transaction = 'each';
      return (await executor.executePendingMigrations()).map((m) => m.name);
    } finally {
      if (locked) await runner.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCKS.migrations]);
    }
  } finally {
    await runner.release();
  }
}

/** Advisory lock keys of this application (arbitrary, fixed, in one place). */
export const ADVISORY_LOCKS = {
  migrations: 7_220_622_001,
  seed: 7_220_622_002,
  evaluationJob: 7_220_622_003,
  signInFailurePurge: 7_220_622_004,
} as const;
