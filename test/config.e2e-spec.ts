import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ConfigValidationError, validateEnvironment } from '../src/config/environment';
import { Test } from '@nestjs/testing';
import { APP_CONFIG, loadAppConfig } from '../src/config/app-config';
import type { AppConfig } from '../src/config/app-config';
import { AppConfigModule } from '../src/config/config.module';
import { ensureBuilt } from './support/build';

describe('configuration is validated at start', () => {
  it('a bad value is refused with a message naming the variable', () => {
    expect(() => validateEnvironment({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => validateEnvironment({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL=\(hidden\)/);
    expect(() => validateEnvironment({ NODE_ENV: 'staging' })).toThrow(/NODE_ENV/);
    expect(() => validateEnvironment({ GRAPHIQL_ENABLED: 'maybe' })).toThrow(/GRAPHIQL_ENABLED/);
    // a port out of range would pass a digits-only check and make every upload fail later
    for (const bad of ['127.0.0.1:99999', '127.0.0.1:0', '[::1]:65536']) expect(() => validateEnvironment({ CLAMAV_SOCKET: bad })).toThrow(/CLAMAV_SOCKET.*port 1-65535/);
    for (const good of ['127.0.0.1:3310', '[::1]:65535', 'clamd:1', '/run/clamav/clamd.ctl']) expect(() => validateEnvironment({ CLAMAV_SOCKET: good })).not.toThrow();
    expect(() => validateEnvironment({ NODE_ENV: 'production', GRAPHQL_STACKTRACES: 'true' })).toThrow(ConfigValidationError);
  });

  it('identity settings: retention of at least 184 days, known roles, a strong ADMIN_PASSWORD, keys in production', () => {
    expect(() => validateEnvironment({ AUDIT_RETENTION_DAYS: '183' })).toThrow(/AUDIT_RETENTION_DAYS.*184/);
    expect(() => validateEnvironment({ MFA_REQUIRED_ROLES: 'COMMITTEE_OFFICE, BOSS' })).toThrow(/unknown role BOSS/);
    expect(() => validateEnvironment({ ADMIN_PASSWORD: 'admin123' })).toThrow(/ADMIN_PASSWORD=\(hidden\)/);
    expect(() => validateEnvironment({ ADMIN_PASSWORD: 'admin123' })).not.toThrow(/admin123/);
    expect(() => validateEnvironment({ DATA_ENCRYPTION_KEY: 'short' })).toThrow(/DATA_ENCRYPTION_KEY=\(hidden\)/);
    expect(() => validateEnvironment({ NODE_ENV: 'production', DATABASE_URL: 'postgres://u@h/db' })).toThrow(/AUTH_TOKEN_SECRET: required/);
    const c = loadAppConfig({});
    expect(c.auth).toMatchObject({ accessTokenTtlMs: 30 * 60_000, sessionIdleMs: 10 * 60_000, auditRetentionDays: 184 });
    // the failure thresholds and the second-factor roles are the security policy's; the variable only overrides the roles
    expect(c.auth.mfaRequiredRoles).toBeNull();
    expect(loadAppConfig({ MFA_REQUIRED_ROLES: 'CENTER, BRIGADE' }).auth.mfaRequiredRoles).toEqual(['CENTER', 'BRIGADE']);
    expect(loadAppConfig({ MFA_REQUIRED_ROLES: 'none' }).auth.mfaRequiredRoles).toEqual([]);
    expect(loadAppConfig({ SESSION_IDLE_MINUTES: '15' }).auth.sessionIdleMs).toBe(15 * 60_000);
  });

  it('CRYPTO_SUITE: standard by default, or sm (商用密码); DATA_ENCRYPTION_KEY_PREVIOUS: a key, hidden, not the current one', () => {
    expect(loadAppConfig({}).auth.cryptoSuite).toBe('standard');
    expect(loadAppConfig({ CRYPTO_SUITE: 'sm' }).auth.cryptoSuite).toBe('sm');
    expect(() => validateEnvironment({ CRYPTO_SUITE: 'gm' })).toThrow(/CRYPTO_SUITE="gm"/);
    const key = Buffer.alloc(32, 3).toString('base64');
    expect(loadAppConfig({ DATA_ENCRYPTION_KEY_PREVIOUS: key }).auth.previousDataEncryptionKey).toBe(key);
    expect(() => validateEnvironment({ DATA_ENCRYPTION_KEY_PREVIOUS: 'short' })).toThrow(/DATA_ENCRYPTION_KEY_PREVIOUS=\(hidden\)/);
    expect(() => validateEnvironment({ DATA_ENCRYPTION_KEY: key, DATA_ENCRYPTION_KEY_PREVIOUS: key })).toThrow(/is the same as DATA_ENCRYPTION_KEY/);
  });

  it('CRYPTO_ACCEPT_LEGACY: true by default, false when set, a boolean', () => {
    expect(loadAppConfig({}).auth.cryptoAcceptLegacy).toBe(true);
    expect(loadAppConfig({ CRYPTO_SUITE: 'sm', CRYPTO_ACCEPT_LEGACY: 'false' }).auth.cryptoAcceptLegacy).toBe(false);
    expect(loadAppConfig({ CRYPTO_ACCEPT_LEGACY: 'true' }).auth.cryptoAcceptLegacy).toBe(true);
    expect(() => validateEnvironment({ CRYPTO_ACCEPT_LEGACY: 'perhaps' })).toThrow(/CRYPTO_ACCEPT_LEGACY/);
  });

  it('WARNING_JOB_CRON: every 15 minutes by default, `off`, or a valid six-field cron', () => {
    expect(loadAppConfig({}).warningJobCron).toBe('0 */15 * * * *');
    expect(loadAppConfig({ WARNING_JOB_CRON: 'off' }).warningJobCron).toBeNull();
    expect(loadAppConfig({ WARNING_JOB_CRON: '0 0 7 * * *' }).warningJobCron).toBe('0 0 7 * * *');
    expect(() => validateEnvironment({ WARNING_JOB_CRON: '*/5 * * * *' })).toThrow(/WARNING_JOB_CRON=.*must be a six-field cron/);
    expect(() => validateEnvironment({ WARNING_JOB_CRON: 'a b c d e f' })).toThrow(/WARNING_JOB_CRON: not a valid cron expression/);
  });

  it('defaults: port 3000, DATA_DIR ./data, embedded database without DATABASE_URL', () => {
    const c = loadAppConfig({});
    expect(c.port).toBe(3000);
    expect(c.dataDir).toMatch(/\/data$/);
    expect(c.database).toMatchObject({ kind: 'embedded' });
    const s = loadAppConfig({ DATABASE_URL: 'postgres://u@127.0.0.1:5432/db', DATABASE_POOL_SIZE: '7' });
    expect(s.database).toMatchObject({ kind: 'server', poolSize: 7 });
  });

  it('the typed configuration the modules receive holds real booleans and numbers, not strings', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { GRAPHIQL_ENABLED: 'false', GRAPHQL_INTROSPECTION: 'false', PORT: '4321', SEED_ON_START: 'false' });
    try {
      const moduleRef = await Test.createTestingModule({ imports: [AppConfigModule] }).compile();
      const config = moduleRef.get<AppConfig>(APP_CONFIG);
      expect(config.graphql.console).toBe(false);
      expect(config.graphql.introspection).toBe(false);
      expect(config.port).toBe(4321);
      expect(config.seedOnStart).toBe(false);
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });

  it('the built server exits with that message, no stack trace', async () => {
    await ensureBuilt();
    const run = promisify(execFile);
    const result = await run(process.execPath, ['dist/src/main.js'], { env: { ...process.env, PORT: '-1', DATABASE_URL: '' } }).catch((e: { code: number; stderr: string }) => e);
    expect((result as { code: number }).code).toBe(1);
    expect((result as { stderr: string }).stderr).toMatch(/PORT=-1/);
    expect((result as { stderr: string }).stderr).not.toMatch(/\s+at /);
  });
});
