import 'reflect-metadata';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { AccountService } from '../../src/auth/account.service';
import { AuthService } from '../../src/auth/auth.service';
import { Role } from '../../src/kernel/permissions';
import { Clock } from '../../src/common/clock';
import { addDays } from '../../src/common/working-days';
import { RequestContext } from '../../src/kernel/request-context';
import { toGlobalId } from '../../src/graphql/global-id';
import { configureApp } from '../../src/bootstrap';
import { APP_CONFIG, loadAppConfig } from '../../src/config/app-config';
import type { AppConfig, DatabaseConfig } from '../../src/config/app-config';
import { freshDatabase } from './database';

export interface GqlResponse<T = any> {
  status: number;
  body: { data?: T; errors?: Array<{ message: string; path?: string[]; extensions: Record<string, any> }> };
  headers: Record<string, string>;
}

/** "Now", movable by tests (idle sessions, lock expiry, token expiry). */
export class TestClock extends Clock {
  offsetMs = 0;
  /** Set: time stands still at this instant (boundary tests); `advance` moves it. */
  frozen: Date | null = null;
  /** Changes whenever the clock is moved (the office account signs in again). */
  moves = 0;
  override now(): Date {
    return this.frozen ? new Date(this.frozen) : new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.moves++;
    if (this.frozen) this.frozen = new Date(this.frozen.getTime() + ms);
    else this.offsetMs += ms;
  }
  /** Stops the clock at an instant (e.g. `2027-03-15T23:59:59+08:00`). */
  freeze(instant: Date | string): void {
    this.moves++;
    this.frozen = new Date(instant);
  }
}

export interface TestAccount {
  id: string;
  globalId: string;
  username: string;
  password: string;
  token: string;
  headers: Record<string, string>;
}

export interface AccountSpec {
  role?: Role;
  /** A region name of the seed (`景山镇`, `靖宇县`) or a region's uuid; township roles default to 景山镇. */
  region?: string;
  username?: string;
  password?: string;
  mustChangePassword?: boolean;
  organizationId?: string;
}

/**
 * An administrator of the tests (三权分立): its account is made on first use (AccountService with the system
 * context, so its role is granted; password set by itself), signed in again whenever the clock moved.
 */
export interface TestAdmin {
  account(): Promise<TestAccount>;
  /** GraphQL as this administrator. */
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<GqlResponse<T>>;
}

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  dataSource: DataSource;
  clock: TestClock;
  /** A committee office account of 靖宇县, signed in: `gql` sends its token unless headers say otherwise. */
  office: TestAccount;
  /**
   * The three administrators (GB/T 22239-2019 8.1.5), made lazily: `system` (SYSTEM_ADMIN: accounts, regions,
   * organizations, calendar, catalogue), `security` (SECURITY_ADMIN: role grants, API keys, webhooks, unmask grants,
   * second factors, unlocks), `audit` (AUDIT_ADMIN: the audit trail). The office (`gql`) has none of their powers.
   */
  admins: { system: TestAdmin; security: TestAdmin; audit: TestAdmin };
  /**
   * The SECURITY_ADMIN grants an account the right to read personal data unmasked (`grantUnmask`, through
   * `until`, default today + 30 days): no role holds PERSONAL_DATA_UNMASK any more.
   */
  grantUnmask(who: TestAccount, until?: string): Promise<void>;
  /** The SECURITY_ADMIN grants the role an account made through `createAccount` requested (ADM-4), so it can sign in. */
  grantRole(accountGlobalId: string, role: Role | string): Promise<void>;
  /** GraphQL as `office` (pass `{ authorization: '' }` or other headers to be someone else). */
  gql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GqlResponse<T>>;
  /** GraphQL as the holder of a token (or nobody with null). */
  gqlAs<T = any>(who: TestAccount | string | null, query: string, variables?: Record<string, unknown>): Promise<GqlResponse<T>>;
  /** An account in one line (password set by itself unless said otherwise), with a session. */
  account(spec?: AccountSpec): Promise<TestAccount>;
  /** The uuid of a seeded region by name. */
  regionId(name: string): Promise<string>;
  /** POST /attachments as someone (multipart, field `file`). */
  upload(who: TestAccount | null, content: Buffer, filename: string): Promise<{ status: number; body: any }>;
  /** GET /attachments/<sha256> as someone: status, headers and the bytes. */
  download(who: TestAccount | null, sha256: string): Promise<{ status: number; body: any; headers: Record<string, string>; bytes: Buffer }>;
  close(): Promise<void>;
}

export const TEST_PASSWORD = 'Test-Passw0rd';

/** What every test app runs with unless a spec overrides it: known keys, cheap hashing, no forced 2FA. */
export const TEST_ENV: Record<string, string> = {
  NODE_ENV: 'test',
  // TEST_LOG_LEVEL=error shows the log of a spec run (what an unexpected error was)
  LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  AUTH_TOKEN_SECRET: 'test-token-secret-0123456789abcdef0123456789',
  DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  AUDIT_CHAIN_KEY: Buffer.alloc(32, 9).toString('base64'),
  ADMIN_PASSWORD: 'Initial-Passw0rd!',
  // the other two administrators of the first start: set, so that no spec prints a random password
  SECURITY_ADMIN_PASSWORD: 'Initial-Secur1ty!',
  AUDIT_ADMIN_PASSWORD: 'Initial-Aud1tor!',
  ARGON2_MEMORY_KIB: '4096',
  ARGON2_TIME_COST: '1',
  // overrides the security policy's second-factor roles (a spec that tests them sets it to '')
  MFA_REQUIRED_ROLES: 'none',
  // tests run the early-warning evaluation themselves
  WARNING_JOB_CRON: 'off',
  EVALUATION_JOB_CRON: 'off',
  SIGN_IN_PURGE_CRON: 'off',
  // every webhook target of the tests is on 127.0.0.1
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
  // the webhook specs run the delivery worker (WEBHOOK_WORKER_ENABLED: 'true'); the others need no poller
  WEBHOOK_WORKER_ENABLED: 'false',
};

export interface TestAppOptions {
  /** Environment variables for this app (validated like the real ones). */
  env?: Record<string, string>;
  /** Use this database instead of a fresh copy of the seeded template. */
  database?: DatabaseConfig;
  /** Listen on a loopback port (for clients that need a URL: the browser, the graphql-http audit). */
  listen?: boolean;
}

/** The one factory every e2e spec builds its application with: the real modules on a real PostgreSQL. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp & { url?: string }> {
  const fresh = options.database ? { config: options.database, drop: async () => undefined } : await freshDatabase();
  const config: AppConfig = {
    ...loadAppConfig({ ...TEST_ENV, ...options.env }),
    database: fresh.config,
  };
  const clock = new TestClock();
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(APP_CONFIG)
    .useValue(config)
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true });
  configureApp(app);
  let url: string | undefined;
  if (options.listen) {
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  } else {
    await app.init();
  }
  const http = app.getHttpServer();
  const dataSource = app.get(DataSource);
  const post = async (query: string, variables: Record<string, unknown> | undefined, headers: Record<string, string>) => {
    const res = await request(http)
      .post('/graphql')
      .set({ 'content-type': 'application/json', ...headers })
      .send({ query, variables });
    return { status: res.status, body: res.body, headers: res.headers as Record<string, string> };
  };
  const regionId = async (name: string) => {
    if (/^[0-9a-f-]{36}$/.test(name)) return name;
    const rows: { id: string }[] = await dataSource.query(`SELECT id FROM region WHERE name = $1`, [name]);
    if (rows.length !== 1) throw new Error(`no single region named ${name}`);
    return rows[0].id;
  };
  let counter = 0;
  const account = async (spec: AccountSpec = {}): Promise<TestAccount> => {
    const role = spec.role ?? Role.COMMITTEE_OFFICE;
    const township = role === Role.STATION || role === Role.TOWNSHIP_GOVERNMENT;
    const username = spec.username ?? `${role.toLowerCase().replace(/_/g, '-')}-${++counter}-${Math.random().toString(36).slice(2, 6)}`;
    const password = spec.password ?? TEST_PASSWORD;
    const ctx = RequestContext.system('test');
    const created = await app.get(AccountService).createAccount(
      ctx,
      {
        username, password, displayName: `测试${username}`, role,
        regionId: toGlobalId('Region', await regionId(spec.region ?? (township ? '景山镇' : '靖宇县'))),
        organizationId: spec.organizationId,
      },
      { mustChangePassword: spec.mustChangePassword ?? false },
    );
    const { accessToken } = await app.get(AuthService).startSession(ctx, created.id);
    return {
      id: created.id, globalId: toGlobalId('Account', created.id), username, password, token: accessToken,
      headers: { authorization: `Bearer ${accessToken}` },
    };
  };
  // a database reopened by a second app (restart tests) already has it: sign it in again
  const existing: { id: string }[] = await dataSource.query(`SELECT id FROM account WHERE username = 'office'`);
  const office = existing.length
    ? await (async () => {
        const { accessToken } = await app.get(AuthService).startSession(RequestContext.system('test'), existing[0].id);
        return {
          id: existing[0].id, globalId: toGlobalId('Account', existing[0].id), username: 'office', password: TEST_PASSWORD,
          token: accessToken, headers: { authorization: `Bearer ${accessToken}` },
        };
      })()
    : await account({ role: Role.COMMITTEE_OFFICE, username: 'office' });
  let officeClock = clock.moves;
  const admin = (role: Role, username: string): TestAdmin => {
    let made: Promise<TestAccount> | null = null;
    let signedAt = clock.moves;
    const handle: TestAdmin = {
      async account() {
        // a database reopened by a second app (restart tests) already has it
        made ??= dataSource.query(`SELECT id FROM account WHERE username = $1`, [username]).then((rows: { id: string }[]) =>
          rows.length
            ? { id: rows[0].id, globalId: toGlobalId('Account', rows[0].id), username, password: TEST_PASSWORD, token: '', headers: {} }
            : account({ role, username }));
        if (!(await made).token) signedAt = -1;
        const who = await made;
        // like the office: a new session when a test moved the clock (the old one would have idled out)
        if (signedAt !== clock.moves) {
          const { accessToken } = await app.get(AuthService).startSession(RequestContext.system('test'), who.id);
          who.token = accessToken;
          who.headers = { authorization: `Bearer ${accessToken}` };
          signedAt = clock.moves;
        }
        return who;
      },
      gql: async (query, variables) => post(query, variables, (await handle.account()).headers),
    };
    return handle;
  };
  const admins = {
    system: admin(Role.SYSTEM_ADMIN, 'test-sysadmin'),
    security: admin(Role.SECURITY_ADMIN, 'test-secadmin'),
    audit: admin(Role.AUDIT_ADMIN, 'test-auditadmin'),
  };
  return {
    admins,
    async grantRole(accountId, role) {
      const res = await admins.security.gql(`mutation($i: GrantAccountRoleInput!) { grantAccountRole(input: $i) { id } }`, { i: { accountId, role } });
      if (res.body.errors?.length) throw new Error(`grantAccountRole failed: ${JSON.stringify(res.body.errors)}`);
    },
    async grantUnmask(who, until) {
      const res = await admins.security.gql(`mutation($i: GrantUnmaskInput!) { grantUnmask(input: $i) { id } }`, {
        i: { accountId: who.globalId, until: until ?? addDays(clock.today(), 30), reason: '测试：核对个人信息' },
      });
      if (res.body.errors?.length) throw new Error(`grantUnmask failed: ${JSON.stringify(res.body.errors)}`);
    },
    app,
    config,
    url,
    dataSource,
    clock,
    office,
    // the office signs in again when a test moved the clock (its session would otherwise idle out)
    gql: async (query, variables, headers = {}) => {
      if (officeClock !== clock.moves) {
        const { accessToken } = await app.get(AuthService).startSession(RequestContext.system('test'), office.id);
        office.token = accessToken;
        office.headers = { authorization: `Bearer ${accessToken}` };
        officeClock = clock.moves;
      }
      return post(query, variables, { ...office.headers, ...headers });
    },
    gqlAs: (who, query, variables) =>
      post(query, variables, who === null ? {} : { authorization: `Bearer ${typeof who === 'string' ? who : who.token}` }),
    account,
    regionId,
    async upload(who, content, filename) {
      const req = request(http).post('/attachments');
      if (who) req.set('authorization', `Bearer ${who.token}`);
      const res = await req.attach('file', content, { filename });
      return { status: res.status, body: res.body };
    },
    download: (who, sha256) => getBytes(http, who, `/attachments/${sha256}`),
    async close() {
      await app.close();
      await fresh.drop();
    },
  };
}

/** GET a file as someone: status, headers, the bytes, and the JSON body of an error. */
export async function getBytes(http: Parameters<typeof request>[0], who: TestAccount | null, path: string): Promise<{ status: number; body: any; headers: Record<string, string>; bytes: Buffer }> {
  const req = request(http).get(path);
  if (who) req.set('authorization', `Bearer ${who.token}`);
  const res = await req.buffer(true).parse((r, done) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => done(null, Buffer.concat(chunks)));
  });
  const bytes = res.body as Buffer;
  const body = (res.headers['content-type'] ?? '').includes('json') ? JSON.parse(bytes.toString('utf8')) : undefined;
  return { status: res.status, body, headers: res.headers as Record<string, string>, bytes };
}

/** The data of a response that must have succeeded; fails the test with the errors otherwise. */
export function data<T = any>(res: GqlResponse<T>): T {
  if (res.body.errors?.length) throw new Error(`unexpected GraphQL errors: ${JSON.stringify(res.body.errors, null, 2)}`);
  return res.body.data as T;
}

/** The single error of a response that must have failed. */
export function error(res: GqlResponse): { message: string; extensions: Record<string, any> } {
  if (!res.body.errors?.length) throw new Error(`expected an error, got ${JSON.stringify(res.body)}`);
  return res.body.errors[0];
}
