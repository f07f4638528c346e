import { plainToInstance, Transform } from 'class-transformer';
import { validateCronExpression } from 'cron';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import { CRYPTO_SUITES, smSupportProblem } from './crypto-suite';
import { passwordProblems } from './password-policy';
import { ACCOUNT_ROLES } from '../kernel/permissions';

/** Raised when the environment cannot start the service; the message names every bad variable. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`配置错误 (invalid configuration):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

const toBool = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  const v = String(value).trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return value; // left as is: IsBoolean rejects it with the variable's name
};
const toInt = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  return /^-?\d+$/.test(String(value).trim()) ? Number(value) : value;
};
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** The environment variables the service reads. README.md documents each one. */
export class EnvironmentVariables {
  @IsOptional() @IsIn(['development', 'test', 'production'])
  @Transform(emptyToUndefined)
  NODE_ENV?: 'development' | 'test' | 'production';

  @IsOptional() @IsInt() @Min(0) @Max(65535) @Transform(toInt)
  PORT?: number;

  @IsOptional() @IsString() @Transform(emptyToUndefined)
  HOST?: string;

  @IsOptional() @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// or postgresql:// URL' })
  @Transform(emptyToUndefined)
  DATABASE_URL?: string;

  @IsOptional() @IsInt() @Min(1) @Max(200) @Transform(toInt)
  DATABASE_POOL_SIZE?: number;

  @IsOptional() @IsInt() @Min(100) @Max(600000) @Transform(toInt)
  DATABASE_CONNECT_TIMEOUT_MS?: number;

  @IsOptional() @IsInt() @Min(100) @Max(3600000) @Transform(toInt)
  DATABASE_STATEMENT_TIMEOUT_MS?: number;

  @IsOptional() @IsString() @Transform(emptyToUndefined)
  DATA_DIR?: string;

  @IsOptional() @IsBoolean() @Transform(toBool)
  GRAPHIQL_ENABLED?: boolean;

  @IsOptional() @IsBoolean() @Transform(toBool)
  GRAPHQL_INTROSPECTION?: boolean;

  @IsOptional() @IsBoolean() @Transform(toBool)
  GRAPHQL_STACKTRACES?: boolean;

  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  @Transform(emptyToUndefined)
  LOG_LEVEL?: string;

  @IsOptional() @IsIn(['json', 'pretty']) @Transform(emptyToUndefined)
  LOG_FORMAT?: 'json' | 'pretty';

  @IsOptional() @IsInt() @Min(0) @Max(120000) @Transform(toInt)
  SHUTDOWN_TIMEOUT_MS?: number;

  @IsOptional() @IsBoolean() @Transform(toBool)
  SEED_ON_START?: boolean;

  // ---- identity and audit (GB/T 22239-2019 8.1.4.1 .. 8.1.4.3) ----

  @IsOptional() @IsString() @MinLength(32, { message: 'must be at least 32 characters' }) @Transform(emptyToUndefined)
  AUTH_TOKEN_SECRET?: string;

  @IsOptional() @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'must be 32 bytes in base64 (openssl rand -base64 32)' })
  @Transform(emptyToUndefined)
  DATA_ENCRYPTION_KEY?: string;

  /** The data key before DATA_ENCRYPTION_KEY, during a key rotation (read only, until `rotate-keys` has run). */
  @IsOptional() @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'must be 32 bytes in base64 (openssl rand -base64 32)' })
  @Transform(emptyToUndefined)
  DATA_ENCRYPTION_KEY_PREVIOUS?: string;

  /** `standard` (AES-256-GCM, HMAC-SHA256, HS256) or `sm` (SM4, SM3: GB/T 39786-2021); default standard. */
  @IsOptional() @IsIn(CRYPTO_SUITES) @Transform(emptyToUndefined)
  CRYPTO_SUITE?: string;
  /** GB/T 22239-2019 8.1.4.7: the key of the audit trail's HMAC chain, apart from every other secret. */
  @IsOptional() @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'must be 32 bytes in base64 (openssl rand -base64 32)' })
  @Transform(emptyToUndefined)
  AUDIT_CHAIN_KEY?: string;

  /** Refusal entries per actor (or address) and minute before they are counted instead (安全审计 rate bound). */
  @IsOptional() @IsInt() @Min(1) @Max(10000) @Transform(toInt)
  AUDIT_REFUSALS_PER_MINUTE?: number;

  /**
   * Under `sm`: whether values in the SHA-2/AES forms (written under `standard` or before suites) are still read
   * and matched; default true. Set false once rotate-keys reports 0 remaining: `sm` then uses SM3/SM4 only.
   */
  @IsOptional() @IsBoolean() @Transform(toBool)
  CRYPTO_ACCEPT_LEGACY?: boolean;

  /** An alias of SYSTEM_ADMIN_PASSWORD (deployments from before the separation of administrators set it). */
  @IsOptional() @IsString() @Transform(emptyToUndefined)
  ADMIN_PASSWORD?: string;

  @IsOptional() @IsString() @Transform(emptyToUndefined)
  SYSTEM_ADMIN_PASSWORD?: string;

  @IsOptional() @IsString() @Transform(emptyToUndefined)
  SECURITY_ADMIN_PASSWORD?: string;

  @IsOptional() @IsString() @Transform(emptyToUndefined)
  AUDIT_ADMIN_PASSWORD?: string;

  @IsOptional() @IsInt() @Min(1) @Max(240) @Transform(toInt)
  ACCESS_TOKEN_TTL_MINUTES?: number;

  @IsOptional() @IsInt() @Min(1) @Max(240) @Transform(toInt)
  SESSION_IDLE_MINUTES?: number;

  @IsOptional() @IsInt() @Min(1) @Max(72) @Transform(toInt)
  SESSION_MAX_HOURS?: number;

  @IsOptional()
  @Matches(/^\s*(none|[A-Z_]+(\s*,\s*[A-Z_]+)*)\s*$/, { message: 'must be a comma-separated list of roles, or none' })
  @Transform(emptyToUndefined)
  MFA_REQUIRED_ROLES?: string;

  // ---- inspections (INS-1 .. INS-6) ----

  /** Six-field cron (seconds first) in Asia/Shanghai for the early-warning evaluation, or `off`. */
  @IsOptional() @Matches(/^\s*(off|(\S+\s+){5}\S+)\s*$/, { message: 'must be a six-field cron expression (seconds first) or off' })
  @Transform(emptyToUndefined)
  WARNING_JOB_CRON?: string;

  /** Evaluation job (EVA-1, EVA-2): opens months and quarters, rewrites reminders; cron in Asia/Shanghai or "off". Default 00:10 daily. */
  @IsOptional() @Matches(/^\s*(off|(\S+\s+){5}\S+)\s*$/, { message: 'must be a six-field cron expression (seconds first) or off' })
  @Transform(emptyToUndefined)
  EVALUATION_JOB_CRON?: string;

  /** Purge of forgotten sign-in failure counts (GB/T 22239-2019 8.1.4.1 b); cron in Asia/Shanghai or "off". Default 03:45 daily. */
  @IsOptional() @Matches(/^\s*(off|(\S+\s+){5}\S+)\s*$/, { message: 'must be a six-field cron expression (seconds first) or off' })
  @Transform(emptyToUndefined)
  SIGN_IN_PURGE_CRON?: string;

  // ---- attachments (evidence of INS-2, TRN-1) ----

  /** Folder of uploaded files (content-addressed); default DATA_DIR/attachments. */
  @IsOptional() @IsString() @MinLength(1) @Transform(emptyToUndefined)
  ATTACHMENT_DIR?: string;

  /** Largest upload in MiB (default 20). */
  @IsOptional() @IsInt() @Min(1) @Max(200) @Transform(toInt)
  ATTACHMENT_MAX_MB?: number;

  /**
   * clamd to scan every upload with (INSTREAM): a unix socket path or host:port; unset: no scan
   * (GB/T 22239-2019 8.1.4.5 恶意代码防范; docs/security.md).
   */
  @IsOptional() @Matches(/^(\/.+|[^\s:/]+:(?:6553[0-5]|655[0-2]\d|65[0-4]\d{2}|6[0-4]\d{3}|[1-5]\d{4}|[1-9]\d{0,3})|\[[0-9A-Fa-f:]+\]:(?:6553[0-5]|655[0-2]\d|65[0-4]\d{2}|6[0-4]\d{3}|[1-5]\d{4}|[1-9]\d{0,3}))$/, { message: 'must be a unix socket path (/run/clamav/clamd.ctl) or host:port (127.0.0.1:3310), port 1-65535' })
  @Transform(emptyToUndefined)
  CLAMAV_SOCKET?: string;

  /** Refuse uploads (503) when clamd cannot be reached or does not answer in time; default false: log and accept. */
  @IsOptional() @IsBoolean() @Transform(toBool)
  CLAMAV_REQUIRED?: boolean;

  @IsOptional() @IsInt() @Min(100) @Max(600000) @Transform(toInt)
  CLAMAV_TIMEOUT_MS?: number;

  @IsOptional() @IsInt() @Min(184, { message: 'must be at least 184 days (网络安全法 art. 21: six months)' }) @Max(36500)
  @Transform(toInt)
  AUDIT_RETENTION_DAYS?: number;

  @IsOptional() @IsInt() @Min(4096) @Max(1048576) @Transform(toInt)
  ARGON2_MEMORY_KIB?: number;

  @IsOptional() @IsInt() @Min(1) @Max(10) @Transform(toInt)
  ARGON2_TIME_COST?: number;

  @IsOptional() @IsString() @Transform(emptyToUndefined)
  TRUST_PROXY?: string;

  // ---- performance at province scale (docs/performance.md) ----

  /** Depth of the deepest field a GraphQL operation may select (default 12). */
  @IsOptional() @IsInt() @Min(2) @Max(100) @Transform(toInt)
  GRAPHQL_MAX_DEPTH?: number;

  /**
   * Most lexical tokens the parser reads of one document (default 5000): a longer one is refused while it is
   * parsed, before validation and the cost estimate, so a huge document cannot hold the event loop. `0` turns it off
   * (for measuring only).
   */
  @IsOptional() @IsInt() @Min(0) @Max(1000000) @Transform(toInt)
  GRAPHQL_MAX_TOKENS?: number;

  /** Largest estimated cost of one request (default 2000): a connection's first/last multiplies its subtree. */
  @IsOptional() @IsInt() @Min(10) @Max(10000000) @Transform(toInt)
  GRAPHQL_MAX_COST?: number;

  /** Send each response's SQL statement count in `X-SQL-Statements` (default false). */
  @IsOptional() @IsBoolean() @Transform(toBool)
  SQL_STATS_HEADER?: boolean;

  // ---- office: imports, exports, the briefing (ORG-6, INS-4) ----

  /** A .docx replacing the bundled template of the fire-situation briefing; checked below to be a file. */
  @IsOptional() @IsString() @MinLength(1) @Transform(emptyToUndefined)
  BRIEFING_TEMPLATE?: string;

  // ---- integration: webhook delivery ----

  /** Run the webhook delivery worker in this instance (default true); several instances may all run it. */
  @IsOptional() @IsBoolean() @Transform(toBool)
  WEBHOOK_WORKER_ENABLED?: boolean;

  /** How often the worker looks for deliveries due (default 1000 ms). */
  @IsOptional() @IsInt() @Min(20) @Max(600000) @Transform(toInt)
  WEBHOOK_POLL_INTERVAL_MS?: number;

  /** One delivery attempt's bound, connection and answer together (default 10000 ms). */
  @IsOptional() @IsInt() @Min(100) @Max(120000) @Transform(toInt)
  WEBHOOK_TIMEOUT_MS?: number;

  /** The first retry's delay; doubled at each failure (default 5000 ms). */
  @IsOptional() @IsInt() @Min(10) @Max(3600000) @Transform(toInt)
  WEBHOOK_RETRY_BASE_MS?: number;

  /** The longest delay between two attempts (default 3600000 ms). */
  @IsOptional() @IsInt() @Min(10) @Max(86400000) @Transform(toInt)
  WEBHOOK_RETRY_MAX_DELAY_MS?: number;

  /** How long an event is retried before it is given up and the subscription disabled (default 26 h). */
  @IsOptional() @IsInt() @Min(100) @Max(604800000) @Transform(toInt)
  WEBHOOK_RETRY_WINDOW_MS?: number;

  /** Subscriptions one instance delivers for at once (default 4). */
  @IsOptional() @IsInt() @Min(1) @Max(64) @Transform(toInt)
  WEBHOOK_CONCURRENCY?: number;

  /** Webhooks may target loopback, private and link-local addresses, and use http in production (default false). */
  @IsOptional() @IsBoolean() @Transform(toBool)
  WEBHOOK_ALLOW_PRIVATE_NETWORKS?: boolean;

  /** Outbox events and delivered deliveries older than this are purged daily (default 90). */
  @IsOptional() @IsInt() @Min(1) @Max(3650) @Transform(toInt)
  EVENT_RETENTION_DAYS?: number;
}

/** Values never printed, not even in a configuration error. */
const SECRET_KEYS = new Set([
  'DATABASE_URL', 'AUTH_TOKEN_SECRET', 'DATA_ENCRYPTION_KEY', 'DATA_ENCRYPTION_KEY_PREVIOUS', 'AUDIT_CHAIN_KEY', 'ADMIN_PASSWORD',
  'SYSTEM_ADMIN_PASSWORD', 'SECURITY_ADMIN_PASSWORD', 'AUDIT_ADMIN_PASSWORD',
]);

/** `COMMITTEE_OFFICE, CENTER` -> the names; `none` or empty -> none. */
export function parseRoleList(value: string): string[] {
  const v = value.trim();
  if (v === '' || v === 'none') return [];
  return v.split(',').map((r) => r.trim());
}

/** Validates the raw environment; throws ConfigValidationError naming each bad variable. */
export function validateEnvironment(raw: Record<string, unknown>): EnvironmentVariables {
  const env = plainToInstance(EnvironmentVariables, raw, { excludeExtraneousValues: false });
  const errors = validateSync(env, { skipMissingProperties: false, whitelist: false });
  const problems = errors.map((e) => {
    const value = SECRET_KEYS.has(e.property) ? '(hidden)' : JSON.stringify(e.value);
    return `${e.property}=${value}: ${Object.values(e.constraints ?? {}).join('; ')}`;
  });
  if (env.NODE_ENV === 'production' && env.GRAPHQL_STACKTRACES === true) {
    problems.push('GRAPHQL_STACKTRACES=true: stack traces are never sent to clients when NODE_ENV=production');
  }
  for (const name of ['WARNING_JOB_CRON', 'EVALUATION_JOB_CRON', 'SIGN_IN_PURGE_CRON'] as const) {
    const value = env[name]?.trim();
    if (!value || value === 'off') continue;
    const checked = validateCronExpression(value);
    if (!checked.valid) problems.push(`${name}: not a valid cron expression (${checked.error?.message ?? 'invalid'})`);
  }
  for (const role of parseRoleList(env.MFA_REQUIRED_ROLES ?? '')) {
    if (!(ACCOUNT_ROLES as string[]).includes(role)) problems.push(`MFA_REQUIRED_ROLES: unknown role ${role} (one of ${ACCOUNT_ROLES.join(', ')})`);
  }
  const adminPasswords: [string, string | undefined, string][] = [
    ['ADMIN_PASSWORD', env.ADMIN_PASSWORD, 'sysadmin'], ['SYSTEM_ADMIN_PASSWORD', env.SYSTEM_ADMIN_PASSWORD, 'sysadmin'],
    ['SECURITY_ADMIN_PASSWORD', env.SECURITY_ADMIN_PASSWORD, 'secadmin'], ['AUDIT_ADMIN_PASSWORD', env.AUDIT_ADMIN_PASSWORD, 'auditadmin'],
  ];
  for (const [name, value, username] of adminPasswords) {
    if (value === undefined) continue;
    const weak = passwordProblems(value, username);
    if (weak.length) problems.push(`${name}=(hidden): does not meet the password rules: ${weak.join('；')}`);
  }
  if (env.ADMIN_PASSWORD !== undefined && env.SYSTEM_ADMIN_PASSWORD !== undefined && env.ADMIN_PASSWORD !== env.SYSTEM_ADMIN_PASSWORD) {
    problems.push('ADMIN_PASSWORD is an alias of SYSTEM_ADMIN_PASSWORD: set one of them');
  }
  // several instances on one server database must share the keys: they cannot each generate their own
  if (env.NODE_ENV === 'production' && env.DATABASE_URL) {
    if (!env.AUTH_TOKEN_SECRET) problems.push('AUTH_TOKEN_SECRET: required when NODE_ENV=production with DATABASE_URL');
    if (!env.DATA_ENCRYPTION_KEY) problems.push('DATA_ENCRYPTION_KEY: required when NODE_ENV=production with DATABASE_URL');
    if (!env.AUDIT_CHAIN_KEY) problems.push('AUDIT_CHAIN_KEY: required when NODE_ENV=production with DATABASE_URL');
  }
  if (env.CRYPTO_SUITE === 'sm') {
    const problem = smSupportProblem();
    if (problem) problems.push(`CRYPTO_SUITE=sm: ${problem} (SM3, SM4-CTR): run on a Node whose OpenSSL provides them, or use standard`);
  }
  if (env.DATA_ENCRYPTION_KEY_PREVIOUS !== undefined && env.DATA_ENCRYPTION_KEY_PREVIOUS === env.DATA_ENCRYPTION_KEY) {
    problems.push('DATA_ENCRYPTION_KEY_PREVIOUS=(hidden): is the same as DATA_ENCRYPTION_KEY');
  }
  if (env.BRIEFING_TEMPLATE !== undefined) {
    const problem = docxFileProblem(env.BRIEFING_TEMPLATE);
    if (problem) problems.push(`BRIEFING_TEMPLATE=${JSON.stringify(env.BRIEFING_TEMPLATE)}: ${problem}`);
  }
  // the contract promises retries for at least 24 hours: shorter windows are for tests only
  if (env.NODE_ENV === 'production' && env.WEBHOOK_RETRY_WINDOW_MS !== undefined && env.WEBHOOK_RETRY_WINDOW_MS < 86_400_000) {
    problems.push(`WEBHOOK_RETRY_WINDOW_MS=${env.WEBHOOK_RETRY_WINDOW_MS}: must be at least 86400000 (24 hours) when NODE_ENV=production`);
  }
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return env;
}

/** Why a path is not a usable .docx (a readable file starting as a zip does), or null. */
function docxFileProblem(file: string): string | null {
  try {
    if (!statSync(file).isFile()) return 'not a file';
    const fd = openSync(file, 'r');
    try {
      const head = Buffer.alloc(4);
      readSync(fd, head, 0, 4, 0);
      return head.toString('latin1') === 'PK\x03\x04' ? null : 'not a .docx (zip) file';
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    return `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`;
  }
}

/** Every variable EnvironmentVariables declares (kept in one place for the typed view). */
export const ENV_KEYS = [
  'NODE_ENV', 'PORT', 'HOST', 'DATABASE_URL', 'DATABASE_POOL_SIZE', 'DATABASE_CONNECT_TIMEOUT_MS',
  'DATABASE_STATEMENT_TIMEOUT_MS', 'DATA_DIR', 'GRAPHIQL_ENABLED', 'GRAPHQL_INTROSPECTION', 'GRAPHQL_STACKTRACES',
  'LOG_LEVEL', 'LOG_FORMAT', 'SHUTDOWN_TIMEOUT_MS', 'SEED_ON_START', 'AUTH_TOKEN_SECRET', 'DATA_ENCRYPTION_KEY',
  'DATA_ENCRYPTION_KEY_PREVIOUS', 'CRYPTO_SUITE', 'CRYPTO_ACCEPT_LEGACY', 'AUDIT_CHAIN_KEY', 'AUDIT_REFUSALS_PER_MINUTE',
  'ADMIN_PASSWORD', 'SYSTEM_ADMIN_PASSWORD', 'SECURITY_ADMIN_PASSWORD', 'AUDIT_ADMIN_PASSWORD', 'ACCESS_TOKEN_TTL_MINUTES',
  'SESSION_IDLE_MINUTES', 'SESSION_MAX_HOURS', 'MFA_REQUIRED_ROLES', 'AUDIT_RETENTION_DAYS', 'ARGON2_MEMORY_KIB',
  'ARGON2_TIME_COST', 'TRUST_PROXY', 'WARNING_JOB_CRON', 'EVALUATION_JOB_CRON', 'SIGN_IN_PURGE_CRON', 'ATTACHMENT_DIR', 'ATTACHMENT_MAX_MB',
  'CLAMAV_SOCKET', 'CLAMAV_REQUIRED', 'CLAMAV_TIMEOUT_MS', 'BRIEFING_TEMPLATE',
  'WEBHOOK_WORKER_ENABLED', 'WEBHOOK_POLL_INTERVAL_MS', 'WEBHOOK_TIMEOUT_MS', 'WEBHOOK_RETRY_BASE_MS', 'WEBHOOK_RETRY_MAX_DELAY_MS',
  'WEBHOOK_RETRY_WINDOW_MS', 'WEBHOOK_CONCURRENCY', 'WEBHOOK_ALLOW_PRIVATE_NETWORKS', 'EVENT_RETENTION_DAYS',
] as const satisfies readonly (keyof EnvironmentVariables)[];
