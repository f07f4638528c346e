import { AuditService } from '../src/auth/audit.service';
import request from 'supertest';
import { getIntrospectionQuery } from 'graphql';
import { createTestApp, TestApp } from './support/test-app';

/**
 * What a console, a county system or a stranger meets first at POST /graphql: the console's own introspection is
 * never refused by the cost limits; a request whose operation cannot be chosen, or that carries nothing to run, is
 * a 4xx with a stable code and the request id (never a 500); a huge document is refused while it is parsed; no
 * field suggestions while the schema is closed to introspection.
 */
describe('the doors of /graphql', () => {
  let t: TestApp;
  beforeAll(async () => {
    // a cost limit far below the introspection query's estimate (~15,000): introspection must pass anyway
    t = await createTestApp({ env: { GRAPHQL_MAX_COST: '50' } });
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (app: TestApp, body: unknown, headers: Record<string, string> = {}) =>
    request(app.app.getHttpServer()).post('/graphql').set({ 'content-type': 'application/json', ...headers }).send(body as object);
  // the headers are read when a test runs (the app exists only then)
  const who: [string, () => Record<string, string>][] = [['anonymous', () => ({})], ['signed in', () => t.office.headers]];

  // what GraphiQL 4 sends on every load: descriptions, specifiedByURL, isRepeatable, input-value deprecation
  const CONSOLE_INTROSPECTION = getIntrospectionQuery({
    descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, inputValueDeprecation: true, schemaDescription: true,
  });

  it.each(who)('the console\'s full introspection query is answered (%s), under any cost limit', async (_, headersOf) => {
    const headers = headersOf();
    const res = await post(t, { query: CONSOLE_INTROSPECTION, operationName: 'IntrospectionQuery' }, headers);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const query = res.body.data.__schema.types.find((x: { name: string }) => x.name === 'Query');
    expect(query.fields.map((f: { name: string }) => f.name)).toEqual(expect.arrayContaining(['hazards', 'townships', 'me']));
    // the cost limit still holds for the data next to it
    const costly = await post(t, { query: `{ __schema { queryType { name } } townships(first: 100) { edges { node { id name station { id name } } } } }` }, headers);
    expect(costly.body.errors[0].extensions.code).toBe('QUERY_TOO_COSTLY');
  });

  it('introspection is free of the cost limit but not multipliable: one __schema and at most 20 __type per request', async () => {
    const twice = await post(t, { query: `{ a: __schema { queryType { name } } b: __schema { queryType { name } } }` });
    expect(twice.status).toBe(400);
    expect(twice.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    const types = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `t${i}: __type(name: "Hazard") { name }`).join(' ')} }`;
    expect((await post(t, { query: types(20) })).body.errors).toBeUndefined();
    expect((await post(t, { query: types(21) })).body.errors[0].extensions.code).toBe('BAD_REQUEST');
    // aliases inside introspection would ask for the schema many times over in one small document (12 KB → 12 MB)
    const fanOut = `{ __schema { types { ${Array.from({ length: 27 }, (_, i) => `f${i}: fields { type { name } }`).join(' ')} } } }`;
    const refused = await post(t, { query: fanOut });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    const viaFragment = await post(t, { query: `{ __schema { ...F } } fragment F on __Schema { a: types { name } }` });
    expect(viaFragment.body.errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  const SHAPES: [string, unknown, string, number][] = [
    ['two operations and no operationName', { query: 'query A { __typename } query B { __typename }' }, 'OPERATION_RESOLUTION_FAILURE', 400],
    ['an operationName the document does not hold (a pasted query, the old tab\'s name)', { query: '{ __typename }', operationName: 'Organization' }, 'OPERATION_RESOLUTION_FAILURE', 400],
    ['an unknown name among several operations', { query: 'query A { __typename } query B { __typename }', operationName: 'C' }, 'OPERATION_RESOLUTION_FAILURE', 400],
    ['a subscription named by operationName', { query: 'subscription S { hazards { totalCount } }', operationName: 'S' }, 'BAD_REQUEST', 400],
    ['a document of only fragments (no operation)', { query: 'fragment F on Query { __typename }' }, 'OPERATION_RESOLUTION_FAILURE', 400],
    ['an empty document', { query: '' }, 'BAD_REQUEST', 400],
    ['a document of only whitespace and a comment', { query: '  # 先登录\n  ' }, 'BAD_REQUEST', 400],
    ['no query at all', {}, 'BAD_REQUEST', 400],
    ['a batch (JSON array)', [{ query: '{ __typename }' }], 'BAD_REQUEST', 400],
  ];

  for (const [caller, headersOf] of who) {
    for (const accept of ['application/json', 'application/graphql-response+json']) {
      it.each(SHAPES)(`%s: a 4xx with its code and the request id (${caller}, Accept ${accept})`, async (_, body, code, status) => {
        const res = await post(t, body, { ...headersOf(), accept, 'x-request-id': 'doors-test-0001' });
        expect(res.status).toBe(status);
        expect(res.body.errors).toHaveLength(1);
        const [error] = res.body.errors;
        expect(error.extensions.code).toBe(code);
        // the server's own id (GB/T 22239-2019 8.1.4.3 d), the one in the response header, never the client's
        expect(error.extensions.requestId).toBe(res.headers['x-request-id']);
        expect(error.extensions.requestId).not.toBe('doors-test-0001');
        // in words a station worker reads: zh-CN, not Apollo's English
        expect(error.message).toMatch(/[\u4e00-\u9fff]/);
        expect(error.message).not.toMatch(/\b(the|must|operations?|body|disabled|blocked|missing)\b/i);
      });
    }
  }

  it('names the operations a request could choose from', async () => {
    const res = await post(t, { query: 'query Organization { __typename } mutation Login { __typename }', operationName: 'Stale' });
    expect(res.body.errors[0].message).toContain('Stale');
    expect(res.body.errors[0].extensions.operations).toEqual(['Organization', 'Login']);
  });

  it('a mutation whose operation cannot be chosen runs nothing: its only entry is the refusal (GB/T 22239-2019 8.1.4.3 a)', async () => {
    // entries of earlier requests refused before GraphQL are written after their answers: wait for them first
    await t.app.get(AuditService).settled();
    const before = await t.dataSource.query(`SELECT max(id)::text AS id FROM audit_entry`);
    const res = await post(t, { query: 'mutation A { logout } mutation B { logout }' }, t.office.headers);
    expect(res.status).toBe(400);
    await t.app.get(AuditService).settled();
    const added = await t.dataSource.query(`SELECT operation, outcome, error_code, actor_label FROM audit_entry WHERE id > coalesce($1::bigint, 0)`, [before[0].id]);
    expect(added).toEqual([{ operation: 'A,B', outcome: 'DENIED', error_code: 'OPERATION_RESOLUTION_FAILURE', actor_label: 'office' }]);
  });

  it('every error carries the request id: a field error, a validation error, a body that is not JSON, one over the body limit', async () => {
    const id = { 'x-request-id': 'doors-test-0002' };
    // each error names the server's id of its request, the one in its response header (GB/T 22239-2019 8.1.4.3 d)
    const own = (res: { headers: Record<string, string> }) => res.headers['x-request-id'];
    const station = await t.account({ role: 'STATION' as never, region: '景山镇' });
    const field = await post(t, { query: '{ auditLog(first: 1) { totalCount } }' }, { ...station.headers, ...id });
    expect(field.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', requestId: own(field) });
    const invalid = await post(t, { query: '{ nothingHere }' }, id);
    expect(invalid.body.errors[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', requestId: own(invalid) });
    const notJson = await request(t.app.getHttpServer()).post('/graphql').set({ 'content-type': 'application/json', ...id }).send('{"query": ');
    expect(notJson.status).toBe(400);
    expect(notJson.body.errors[0].extensions).toMatchObject({ code: 'BAD_REQUEST', requestId: own(notJson as never) });
    const huge = await request(t.app.getHttpServer()).post('/graphql').set({ 'content-type': 'application/json', ...id })
      .send(JSON.stringify({ query: '{ __typename }', variables: { x: 'a'.repeat(1100 * 1024) } }));
    expect(huge.status).toBe(413);
    expect(huge.body.errors[0].extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', maxBytes: 1024 * 1024, requestId: own(huge as never) });
    for (const res of [field, invalid]) expect(own(res)).toMatch(/^[0-9a-f-]{36}$/);
  });

  /** ~925 KB of 52,000 unique aliases: under the body limit, far over the token limit. */
  const HUGE_DOCUMENT = `{${Array.from({ length: 52_000 }, (_, i) => ` a${i}: __typename`).join('')} }`;

  it('a document over GRAPHQL_MAX_TOKENS is refused while parsing: the parser stops in its first pages (anonymous)', async () => {
    expect(HUGE_DOCUMENT.length).toBeGreaterThan(900_000);
    const res = await post(t, { query: HUGE_DOCUMENT });
    expect(res.status).toBe(400);
    const [error] = res.body.errors;
    expect(error.extensions).toMatchObject({ code: 'QUERY_TOO_LARGE', maxTokens: 5000 });
    expect(error.message).toContain('5000');
    // where the parser gave up: 5000 tokens in, a few percent of the document, not the whole of it
    const stoppedAt = error.locations?.[0]?.column ?? 0;
    expect(stoppedAt).toBeGreaterThan(0);
    expect(stoppedAt).toBeLessThan(HUGE_DOCUMENT.length / 20);
  });

  it('without the token limit the same document is read whole and refused only by the cost estimate, holding up a small request far longer', async () => {
    const open = await createTestApp({ env: { GRAPHQL_MAX_TOKENS: '0' } });
    try {
      // small requests one after another for as long as the huge one is in flight: the longest any of them waited
      const delayOf = async (app: TestApp) => {
        await post(app, { query: '{ __typename }' }); // warm
        let done = false;
        const huge = post(app, { query: HUGE_DOCUMENT }).then((r) => ((done = true), r));
        let waited = 0;
        let small;
        do {
          const started = performance.now();
          small = await post(app, { query: '{ __typename }' });
          waited = Math.max(waited, performance.now() - started);
        } while (!done);
        return { waited, small, huge: await huge };
      };
      const limited = await delayOf(t);
      const unlimited = await delayOf(open);
      expect(limited.small.body.data.__typename).toBe('Query');
      expect(unlimited.small.body.data.__typename).toBe('Query');
      expect(limited.huge.body.errors[0].extensions.code).toBe('QUERY_TOO_LARGE');
      expect(unlimited.huge.body.errors[0].extensions.code).toBe('QUERY_TOO_COSTLY');
      process.stdout.write(`[doors] a small request during a 925 KB document waited ${limited.waited.toFixed(0)} ms with the token limit, ${unlimited.waited.toFixed(0)} ms without\n`);
      // a ratio against the same server without the limit, in the same run (not an absolute time)
      expect(limited.waited * 4).toBeLessThan(unlimited.waited);
    } finally {
      await open.close();
    }
  }, 120_000);

  it('no field suggestions while introspection is off; suggestions where it is on', async () => {
    const closed = await createTestApp({ env: { GRAPHQL_INTROSPECTION: 'false', GRAPHIQL_ENABLED: 'false' } });
    try {
      const hidden = await post(closed, { query: '{ acount }' });
      expect(hidden.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(hidden.body.errors[0].message).not.toMatch(/Did you mean|accounts/);
      // a variable's input field misspelt: graphql-js suggests there too
      const variable = await post(closed, { query: 'mutation($i: LoginInput!) { login(input: $i) { accessToken } }', variables: { i: { usernam: 'a', pasword: 'b' } } });
      expect(variable.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(variable.body.errors)).not.toMatch(/Did you mean|"username"|"password"/);
      const shown = await post(t, { query: '{ acount }' });
      expect(shown.body.errors[0].message).toMatch(/是否要用 “accounts”/);
    } finally {
      await closed.close();
    }
  });
});
