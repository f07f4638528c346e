import * as path from 'node:path';
import { EnvironmentVariables, validateEnvironment } from './environment';

export type DatabaseConfig =
  | {
      kind: 'server';
      url: string;
      poolSize: number;
      connectTimeoutMs: number;
      statementTimeoutMs: number;
    }
  | {
      kind: 'embedded';
      /** Folder of the PGlite cluster; `memory://` keeps it in memory (tests). */
      dataDir: string;
      connectTimeoutMs: number;
      statementTimeoutMs: number;
      /** A PGlite data-folder tarball to start from (tests start from a migrated snapshot). */
      loadSnapshot?: Blob;
    };

/** The typed configuration every module reads (never process.env directly). */
export interface AppConfig {
  nodeEnv: 'development' | 'test' | 'production' | 'unset';
  port: number;
  host: string;
  dataDir: string;
  database: DatabaseConfig;
  graphql: { console: boolean; introspection: boolean; stacktraces: boolean };
  log: { level: string; pretty: boolean };
  shutdownTimeoutMs: number;
  seedOnStart: boolean;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

/**
 * Builds the configuration from validated variables. Security-relevant switches are decided here,
 * explicitly, never by a library looking at NODE_ENV: an unset NODE_ENV keeps stack traces off.
 */
export function buildAppConfig(env: EnvironmentVariables): AppConfig {
  const nodeEnv = env.NODE_ENV ?? 'unset';
  const inMemory = (env.DATA_DIR ?? '').startsWith('memory://');
  const dataDir = inMemory ? 'memory://' : path.resolve(env.DATA_DIR ?? './data');
  const connectTimeoutMs = env.DATABASE_CONNECT_TIMEOUT_MS ?? 5000;
  const statementTimeoutMs = env.DATABASE_STATEMENT_TIMEOUT_MS ?? 15000;
  const database: DatabaseConfig = env.DATABASE_URL
    ? {
        kind: 'server',
        url: env.DATABASE_URL,
        poolSize: env.DATABASE_POOL_SIZE ?? 10,
        connectTimeoutMs,
        statementTimeoutMs,
      }
    : { kind: 'embedded', dataDir: inMemory ? 'memory://' : path.join(dataDir, 'pgdata'), connectTimeoutMs, statementTimeoutMs };
  // The console: on in development and test, and in embedded mode (`npm ci && npm start`) unless
  // NODE_ENV=production; off in production unless GRAPHIQL_ENABLED=true.
  const consoleDefault =
    nodeEnv === 'development' || nodeEnv === 'test' || (nodeEnv === 'unset' && database.kind === 'embedded');
  const consoleOn = env.GRAPHIQL_ENABLED ?? consoleDefault;
  return {
    nodeEnv,
    port: env.PORT ?? 3000,
    host: env.HOST ?? '0.0.0.0',
    dataDir,
    database,
    graphql: {
      console: consoleOn,
      // GraphiQL needs introspection; without the console it stays off unless asked for.
      introspection: env.GRAPHQL_INTROSPECTION ?? consoleOn,
      stacktraces: env.GRAPHQL_STACKTRACES ?? false,
    },
    log: {
      level: env.LOG_LEVEL ?? 'info',
      pretty: (env.LOG_FORMAT ?? (nodeEnv === 'development' ? 'pretty' : 'json')) === 'pretty',
    },
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS ?? 10000,
    seedOnStart: env.SEED_ON_START ?? true,
  };
}

export function loadAppConfig(raw: Record<string, unknown> = process.env): AppConfig {
  return buildAppConfig(validateEnvironment(raw));
}
