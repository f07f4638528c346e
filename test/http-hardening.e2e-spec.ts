import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { KEY_MATERIAL } from '../src/auth/key-material';
import type { KeyMaterial } from '../src/auth/key-material';
import { Role } from '../src/kernel/permissions';
import { getFile } from './support/office';
import { png } from './support/files';
import { createTestApp, data, error, TestApp } from './support/test-app';

/**
 * GB/T 22239-2019 8.1.4.4 入侵防范 and 8.1.4.8 数据保密性 (OWASP Secure Headers): the security headers of every
 * answer, no-store on authenticated answers, GraphQL over GET off in production, TOO_MANY_REQUESTS as HTTP 429 with
 * Retry-After, and a validly signed token of the wrong shape refused as UNAUTHENTICATED (never a 5xx).
 */
const TYPENAME = '{ __typename }';

/** What every answer of the service carries, whatever its route. */
function expectHardened(headers: Record<string, string>): void {
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['x-powered-by']).toBeUndefined();
}

describe('HTTP security headers (GB/T 22239-2019 8.1.4.4)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // TRUST_PROXY names the loopback proxy the test requests come from: X-Forwarded-Proto is believed from it only
    t = await createTestApp({ env: { TRUST_PROXY: 'loopback' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('POST /graphql: nosniff, frame-ancestors none, no-referrer, no X-Powered-By, Cache-Control no-store', async () => {
    const res = await t.gql(`{ me { username } }`);
    expect(data(res).me.username).toBe('office');
    expectHardened(res.headers);
    expect(res.headers['cache-control']).toBe('no-store');
    // plain HTTP: no HSTS (a browser ignores it there, and a LAN deployment without TLS must not be told to upgrade)
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('HSTS only when TLS is in front: X-Forwarded-Proto https from a trusted proxy', async () => {
    const res = await request(t.app.getHttpServer()).post('/graphql').set({ 'content-type': 'application/json', 'x-forwarded-proto': 'https' }).send({ query: TYPENAME });
    expect(res.status).toBe(200);
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });

  it('the console page keeps its own policy (scripts and styles from this server only) and is never framed', async () => {
    const res = await request(t.app.getHttpServer()).get('/graphiql');
    expect(res.status).toBe(200);
    expectHardened(res.headers as Record<string, string>);
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("connect-src 'self'");
    // its static files stay cacheable (public, versioned by their ETag): they carry no data
    const asset = await request(t.app.getHttpServer()).get('/graphiql/assets/init.js');
    expect(asset.headers['cache-control']).toBe('public, max-age=3600');
    expect(asset.headers.etag).toBeTruthy();
  });

  it('an attachment download is private, no-store, keeps its ETag, and may not be framed', async () => {
    const station = await t.account({ role: Role.STATION });
    const content = png();
    const up = await t.upload(station, content, '现场照片.png');
    expect(up.status).toBe(201);
    const res = await t.download(station, up.body.sha256);
    expect(res.status).toBe(200);
    expect(res.bytes.equals(content)).toBe(true);
    expectHardened(res.headers);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.headers.etag).toBe(`"${up.body.sha256}"`);
    expect(res.headers['content-security-policy']).toContain('sandbox');
  });

  it('an office document is private, no-store, with the same headers', async () => {
    const res = await getFile(t, t.office, '/office/templates/villages.xlsx');
    expect(res.status).toBe(200);
    expectHardened(res.headers);
    expect(res.headers['cache-control']).toBe('private, no-store');
  });

  it('an error answer of an HTTP route carries them too (401 of an anonymous download)', async () => {
    const res = await getFile(t, null, '/office/templates/villages.xlsx');
    expect(res.status).toBe(401);
    expectHardened(res.headers);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('outside production a GraphQL query over GET is served, no-store', async () => {
    // a non-simple header, as Apollo's CSRF prevention asks of GET
    const res = await request(t.app.getHttpServer()).get('/graphql').query({ query: TYPENAME }).set({ authorization: t.office.headers.authorization, 'apollo-require-preflight': 'true' });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ __typename: 'Query' });
    expect(res.headers['cache-control']).toBe('no-store');
    // without the header: Apollo's CSRF prevention, with what to do about a GET
    const bare = await request(t.app.getHttpServer()).get('/graphql').query({ query: TYPENAME });
    expect(bare.status).toBe(400);
    expect(bare.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(bare.body.errors[0].message).toContain('GET 请求须加请求头 Apollo-Require-Preflight: true');
  });

  it('a body that is there but not JSON is told so, not called missing', async () => {
    const res = await request(t.app.getHttpServer()).post('/graphql').set({ 'content-type': 'application/graphql', 'apollo-require-preflight': 'true' }).send(TYPENAME);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toMatch(/^请求体缺失、为空或不是 JSON：须以 Content-Type: application\/json 发送/);
  });
});

describe('GraphQL over GET in production (GB/T 22239-2019 8.1.4.8)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { NODE_ENV: 'production' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('GET /graphql is 405 with Allow: POST and a zh-CN GraphQL error; POST is served', async () => {
    const res = await request(t.app.getHttpServer()).get('/graphql').query({ query: TYPENAME }).set('authorization', t.office.headers.authorization);
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('POST');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(res.body.errors[0].message).toContain('只接受 POST');
    expect(res.body.errors[0].extensions.requestId).toBeTruthy();
    // no other method slips through either (Apollo would answer 405 with Allow: GET, POST)
    expect((await request(t.app.getHttpServer()).put('/graphql').send({ query: TYPENAME })).headers.allow).toBe('POST');
    expect(data(await t.gql(TYPENAME))).toEqual({ __typename: 'Query' });
  });
});

describe('TOO_MANY_REQUESTS is HTTP 429 with Retry-After (RFC 6585)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { TRUST_PROXY: 'true' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the sign-in over the limit answers 429 with Retry-After equal to extensions.retryAfterSeconds', async () => {
    const login = (ip: string) => t.gql(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { username: t.office.username, password: 'Wrong-Passw0rd' } }, { authorization: '', 'x-forwarded-for': ip });
    // the security policy's default: 3 failures of a username from one address answered at once, then a wait
    for (let k = 0; k < 3; k++) {
      const refused = await login('10.9.0.1');
      expect(refused.status).toBe(200);
      expect(error(refused).extensions.code).toBe('UNAUTHENTICATED');
      expect(refused.headers['retry-after']).toBeUndefined();
    }
    const limited = await login('10.9.0.1');
    expect(limited.body).toMatchObject({ data: null, errors: [{ extensions: { code: 'TOO_MANY_REQUESTS' } }] });
    expect(limited.status).toBe(429);
    const wait = error(limited).extensions.retryAfterSeconds;
    expect(Number.isInteger(wait) && wait > 0 && wait <= 60).toBe(true);
    expect(limited.headers['retry-after']).toBe(String(wait));
    expect(limited.headers['cache-control']).toBe('no-store');
  });
});

describe('a validly signed token with a malformed session id (GB/T 22239-2019 8.1.4.4)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Signed with the application's own key, as a token of the service would be, with the claims given. */
  const forged = (claims: Record<string, unknown>, subject: string | null = t.office.id) => {
    const iat = Math.floor(t.clock.now().getTime() / 1000);
    const jwt = new JwtService({ secret: t.app.get<KeyMaterial>(KEY_MATERIAL).tokenSecret, signOptions: { algorithm: 'HS256' } });
    return jwt.sign({ iat, exp: iat + 600, jti: '00000000-0000-4000-8000-000000000000', ...claims }, { ...(subject === null ? {} : { subject }), issuer: 'fire-committee-platform' });
  };

  it.each([
    ['not a uuid', 'not-a-uuid'],
    ['an SQL fragment', "x' OR '1'='1"],
    ['a number', 42],
    ['an object', { id: 'x' }],
    ['absent', undefined],
  ])('sid %s: UNAUTHENTICATED TOKEN_INVALID on /graphql and 401 on an HTTP route', async (_what, sid) => {
    const token = forged({ sid });
    const gql = await t.gqlAs(token, `{ me { username } }`);
    expect(gql.status).toBeLessThan(500);
    expect(error(gql).extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' });
    expect(error(gql).message).toBe('访问令牌无效，请重新登录');
    const file = await request(t.app.getHttpServer()).get('/office/templates/villages.xlsx').set('authorization', `Bearer ${token}`);
    expect(file.status).toBe(401);
    expect(file.body.errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' });
  });

  it('a subject of the wrong type is refused the same way; a well-formed unknown session is SESSION_REVOKED', async () => {
    const wrongSubject = await t.gqlAs(forged({ sid: '00000000-0000-4000-8000-000000000001', sub: 7 }, null), `{ me { username } }`);
    expect(error(wrongSubject).extensions.code).toBe('UNAUTHENTICATED');
    const unknown = await t.gqlAs(forged({ sid: '00000000-0000-4000-8000-000000000001' }), `{ me { username } }`);
    expect(error(unknown).extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'SESSION_REVOKED' });
  });
});
