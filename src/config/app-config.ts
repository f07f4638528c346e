import * as os from 'node:os';
import * as path from 'node:path';
import type { Role } from '../kernel/permissions';
import { CryptoSuite } from './crypto-suite';
import { EnvironmentVariables, parseRoleList, validateEnvironment } from './environment';

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
  graphql: {
    console: boolean; introspection: boolean; stacktraces: boolean; maxDepth: number; maxCost: number; maxTokens: number;
    /** Queries over GET (GraphQL over HTTP): off in production, where a query in a URL is cached and logged by proxies. */
    getQueries: boolean;
  };
  log: { level: string; pretty: boolean };
  shutdownTimeoutMs: number;
  seedOnStart: boolean;
  auth: AuthConfig;
  /** Six-field cron in Asia/Shanghai of the early-warning job (INS-3); null: not scheduled in this instance. */
  warningJobCron: string | null;
  /** The evaluation job's schedule (EVA-1, EVA-2); null: off. */
  evaluationJobCron: string | null;
  /** Purge of forgotten sign-in failure counts (8.1.4.1 b); null: off. */
  signInPurgeCron: string | null;
  /** Uploaded files (records' evidence): where they are kept (content-addressed) and the largest accepted. */
  attachments: { dir: string; maxBytes: number; clamav: ClamavConfig | null };
  /** Send each response's SQL statement count in `X-SQL-Statements` (benchmarks, tests); off by default. */
  sqlStatsHeader: boolean;
  /** A .docx replacing the bundled fire-situation briefing template (INS-4); null: the bundled one. */
  briefingTemplate: string | null;
  /** Where webhooks may send (SSRF, target-guard.ts): private networks only when allowed; https only in production. */
  webhookTargets: { allowPrivateNetworks: boolean; production: boolean };
  /** The webhook delivery worker (Standard Webhooks; docs/reliability.md, "Webhook delivery"). */
  webhooks: WebhookConfig;
  /** Outbox events (and their delivered deliveries) older than this many days are purged daily. */
  eventRetentionDays: number;
}

/** The optional virus scan of uploads by clamd (GB/T 22239-2019 8.1.4.5; docs/security.md). */
export interface ClamavConfig {
  /** clamd's address: a unix socket path, or a TCP host and port. */
  target: { path: string } | { host: string; port: number };
  /** Refuse uploads when clamd cannot answer (else log and accept them unscanned). */
  required: boolean;
  timeoutMs: number;
}

export interface WebhookConfig {
  workerEnabled: boolean;
  pollIntervalMs: number;
  timeoutMs: number;
  retryBaseMs: number;
  retryMaxDelayMs: number;
  /** An event failing this long is given up and its subscription disabled. */
  retryWindowMs: number;
  concurrency: number;
}

/** Sign-in, sessions, keys and the audit trail (GB/T 22239-2019 8.1.4.1 .. 8.1.4.3). */
export interface AuthConfig {
  /** HMAC key of access tokens; when unset, kept in DATA_DIR (generated at first start). */
  tokenSecret?: string;
  /** AES-256 key of personal data (base64, 32 bytes); when unset, kept in DATA_DIR (generated at first start). */
  dataEncryptionKey?: string;
  /** The data key before the current one (base64): values under it are read until `rotate-keys` rewrites them. */
  previousDataEncryptionKey?: string;
  /** Which algorithms protect data and tokens (GB/T 39786-2021 商用密码 under `sm`); see docs/security.md. */
  cryptoSuite: CryptoSuite;
  /** HMAC key of the audit chain (base64, 32 bytes); when unset, kept in DATA_DIR (generated at first start). */
  auditChainKey?: string;
  /** Refusal entries per actor (or address) and minute; beyond it one summary entry per minute says how many. */
  auditRefusalsPerMinute: number;
  /** CRYPTO_ACCEPT_LEGACY: under `sm`, whether SHA-2/AES values are still read and matched (default true). */
  cryptoAcceptLegacy: boolean;
  /**
   * The initial passwords of the three administrators created at first start (SYSTEM_ADMIN_PASSWORD, ADMIN_PASSWORD
   * its alias; SECURITY_ADMIN_PASSWORD; AUDIT_ADMIN_PASSWORD); one unset: a random one printed once.
   */
  adminPasswords: Partial<Record<'SYSTEM_ADMIN' | 'SECURITY_ADMIN' | 'AUDIT_ADMIN', string>>;
  accessTokenTtlMs: number;
  sessionIdleMs: number;
  sessionMaxMs: number;
  /**
   * MFA_REQUIRED_ROLES when set: overrides the security policy's second-factor roles for this deployment;
   * null (unset, the default): the published security policy decides.
   */
  mfaRequiredRoles: Role[] | null;
  auditRetentionDays: number;
  argon2: { memoryCost: number; timeCost: number };
  /** Express `trust proxy`: which proxies' X-Forwarded-For to believe for the client address. */
  trustProxy: boolean | number | string;
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
  const connectTimeoutMs = env.DATABASE_CONNECT_TIMEOUT_MS ?? 3000;
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
      maxDepth: env.GRAPHQL_MAX_DEPTH ?? 12,
      maxCost: env.GRAPHQL_MAX_COST ?? 2000,
      maxTokens: env.GRAPHQL_MAX_TOKENS ?? 5000,
      // OWASP: no query (and its variables: names, ID numbers) in URLs in production, where proxies log and cache
      // them; an unset NODE_ENV with a server database counts as production, as for the console
      getQueries: nodeEnv === 'development' || nodeEnv === 'test' || (nodeEnv === 'unset' && database.kind === 'embedded'),
    },
    log: {
      level: env.LOG_LEVEL ?? 'info',
      pretty: (env.LOG_FORMAT ?? (nodeEnv === 'development' ? 'pretty' : 'json')) === 'pretty',
    },
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS ?? 10000,
    seedOnStart: env.SEED_ON_START ?? true,
    auth: {
      tokenSecret: env.AUTH_TOKEN_SECRET,
      dataEncryptionKey: env.DATA_ENCRYPTION_KEY,
      previousDataEncryptionKey: env.DATA_ENCRYPTION_KEY_PREVIOUS,
      cryptoSuite: (env.CRYPTO_SUITE ?? CryptoSuite.STANDARD) as CryptoSuite,
      auditChainKey: env.AUDIT_CHAIN_KEY,
      auditRefusalsPerMinute: env.AUDIT_REFUSALS_PER_MINUTE ?? 30,
      cryptoAcceptLegacy: env.CRYPTO_ACCEPT_LEGACY ?? true,
      adminPasswords: {
        SYSTEM_ADMIN: env.SYSTEM_ADMIN_PASSWORD ?? env.ADMIN_PASSWORD,
        SECURITY_ADMIN: env.SECURITY_ADMIN_PASSWORD,
        AUDIT_ADMIN: env.AUDIT_ADMIN_PASSWORD,
      },
      accessTokenTtlMs: (env.ACCESS_TOKEN_TTL_MINUTES ?? 30) * 60_000,
      sessionIdleMs: (env.SESSION_IDLE_MINUTES ?? 10) * 60_000,
      sessionMaxMs: (env.SESSION_MAX_HOURS ?? 12) * 3_600_000,
      // GB/T 22239-2019 8.1.4.1 d): the security policy names the roles; the variable only overrides it
      mfaRequiredRoles: env.MFA_REQUIRED_ROLES === undefined ? null : (parseRoleList(env.MFA_REQUIRED_ROLES) as Role[]),
      auditRetentionDays: env.AUDIT_RETENTION_DAYS ?? 184,
      // OWASP's argon2id minimum (19 MiB, 2 passes, 1 lane)
      argon2: { memoryCost: env.ARGON2_MEMORY_KIB ?? 19456, timeCost: env.ARGON2_TIME_COST ?? 2 },
      trustProxy: parseTrustProxy(env.TRUST_PROXY),
    },
    attachments: {
      // an in-memory database (tests) keeps its files in one shared temporary folder: content-addressed files
      // are immutable, so instances sharing it never disagree
      dir: env.ATTACHMENT_DIR ? path.resolve(env.ATTACHMENT_DIR) : inMemory ? path.join(os.tmpdir(), 'fcp-attachments') : path.join(dataDir, 'attachments'),
      maxBytes: (env.ATTACHMENT_MAX_MB ?? 20) * 1024 * 1024,
      clamav: env.CLAMAV_SOCKET
        ? { target: clamdTarget(env.CLAMAV_SOCKET), required: env.CLAMAV_REQUIRED ?? false, timeoutMs: env.CLAMAV_TIMEOUT_MS ?? 10_000 }
        : null,
    },
    warningJobCron: cron(env.WARNING_JOB_CRON, '0 */15 * * * *'),
    evaluationJobCron: cron(env.EVALUATION_JOB_CRON, '0 10 0 * * *'),
    signInPurgeCron: cron(env.SIGN_IN_PURGE_CRON, '0 45 3 * * *'),
    sqlStatsHeader: env.SQL_STATS_HEADER ?? false,
    briefingTemplate: env.BRIEFING_TEMPLATE ? path.resolve(env.BRIEFING_TEMPLATE) : null,
    webhookTargets: { allowPrivateNetworks: env.WEBHOOK_ALLOW_PRIVATE_NETWORKS ?? false, production: nodeEnv === 'production' },
    webhooks: {
      workerEnabled: env.WEBHOOK_WORKER_ENABLED ?? true,
      pollIntervalMs: env.WEBHOOK_POLL_INTERVAL_MS ?? 1000,
      timeoutMs: env.WEBHOOK_TIMEOUT_MS ?? 10_000,
      retryBaseMs: env.WEBHOOK_RETRY_BASE_MS ?? 5000,
      retryMaxDelayMs: env.WEBHOOK_RETRY_MAX_DELAY_MS ?? 3_600_000,
      retryWindowMs: env.WEBHOOK_RETRY_WINDOW_MS ?? 93_600_000,
      concurrency: env.WEBHOOK_CONCURRENCY ?? 4,
    },
    eventRetentionDays: env.EVENT_RETENTION_DAYS ?? 90,
  };
}

/** `/run/clamav/clamd.ctl` (a unix socket), `127.0.0.1:3310` or `[::1]:3310`. */
function clamdTarget(value: string): ClamavConfig['target'] {
  if (value.startsWith('/')) return { path: value };
  const at = value.lastIndexOf(':');
  return { host: value.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(value.slice(at + 1)) };
}

/** `true`/`false`, a hop count, or Express's address list (`loopback, 10.0.0.0/8`). */
function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined) return false;
  const v = value.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false' || v === '') return false;
  if (/^\d+$/.test(v)) return Number(v);
  return value.trim();
}

export function loadAppConfig(raw: Record<string, unknown> = process.env): AppConfig {
  return buildAppConfig(validateEnvironment(raw));
}

/** A job's schedule: the value given (or the default); `off` turns the job off. */
function cron(value: string | undefined, fallback: string): string | null {
  const chosen = (value ?? fallback).trim();
  return chosen === 'off' ? null : chosen;
}
