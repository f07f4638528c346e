import request from 'supertest';
import { createTestApp, data, error, TestApp } from './support/test-app';

/**
 * GB/T 22239-2019 8.1.4.4 d: the cost of a request is bounded before anything runs (depth, estimated cost with
 * connections multiplying their subtree, list arguments), and the SQL statements a page issues do not grow with its
 * size.
 */
describe('bounded cost of a request', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { SQL_STATS_HEADER: 'true' } });
    // 110 premises in 景山镇 with a rectifying hazard each and its history as the closed loop writes it
    const township = await t.regionId('景山镇');
    await t.dataSource.query(`
      INSERT INTO premises (id, region_id, kind, name, address, responsible_name, risk_level, key_unit, created_by, version)
      SELECT md5('lp' || g)::uuid, $1, 'SMALL_VENUE', '场所' || g, '地址', '负责人', 'GENERAL', false, 'test', 1 FROM generate_series(1, 110) g`, [township]);
    await t.dataSource.query(`
      INSERT INTO hazard (id, region_id, premises_id, source, description, found_on, status, order_due_by, deadline, responsible_party, measures, ordered_on, major_status, policy_version, reported_by, version)
      SELECT md5('lh' || g)::uuid, $1, md5('lp' || g)::uuid, 'OTHER', '隐患' || g, current_date - g, 'RECTIFYING', current_date - g + 3, current_date - g + 30, '责任人', '措施', current_date - g, 'NONE', 1, 'test', 1
      FROM generate_series(1, 110) g`, [township]);
    await t.dataSource.query(`
      INSERT INTO hazard_event (id, hazard_id, action, from_status, to_status, at, actor, details, attachments)
      SELECT gen_random_uuid(), md5('lh' || g)::uuid, e.action, e.from_status, e.to_status, now() - make_interval(days => g) + make_interval(hours => e.h), 'test', '{}', '[]'
      FROM generate_series(1, 110) g CROSS JOIN (VALUES ('REPORTED', NULL, 'REPORTED', 0), ('ORDERED', 'REPORTED', 'RECTIFYING', 1)) AS e(action, from_status, to_status, h)`);
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (body: unknown, headers: Record<string, string> = t.office.headers) =>
    request(t.app.getHttpServer()).post('/graphql').set({ 'content-type': 'application/json', ...headers }).send(body as object);
  /**
   * A request refused before execution runs nothing of its own: its only statements write its refusal to the audit
   * trail (GB/T 22239-2019 8.1.4.3 a)), no more than for a document that does not even parse.
   */
  const refusedOnly = async (res: { headers: Record<string, string> }) => {
    const parse = await post({ query: '{' });
    expect(Number(res.headers['x-sql-statements'])).toBeLessThanOrEqual(Number(parse.headers['x-sql-statements']));
  };
  const HAZARD_PAGE = `query($n: Int, $r: ID) { hazards(first: $n, regionId: $r, status: RECTIFYING) { totalCount edges { node { id premises { name } region { name } township { name } latestEvent { action at } } } } }`;

  it('the SQL statements of a hazards page with premises, township and latest history entry do not grow with the page size', async () => {
    const county = Buffer.from(`Region:${await t.regionId('靖宇县')}`).toString('base64');
    const counts: number[] = [];
    // the session's last activity is written at most every few seconds: one request first, so none of the measured does
    await post({ query: `{ me { username } }` });
    for (const n of [5, 100]) {
      const res = await post({ query: HAZARD_PAGE, variables: { n, r: county } });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.hazards.edges).toHaveLength(n);
      const latest = res.body.data.hazards.edges[0].node.latestEvent;
      expect(latest.action).toBe('ORDERED');
      counts.push(Number(res.headers['x-sql-statements']));
    }
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts[1]).toBe(counts[0]);
    expect(counts[1]).toBeLessThanOrEqual(10);
  });

  it('totalCount rides in the page\'s statement: asking for it adds no statement, and it counts what SQL counts, on an empty page and with first: 0 too', async () => {
    const county = Buffer.from(`Region:${await t.regionId('靖宇县')}`).toString('base64');
    const page = (selection: string, first = 10) => post({ query: `query($r: ID) { hazards(first: ${first}, regionId: $r, status: RECTIFYING) { ${selection} } }`, variables: { r: county } });
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM hazard h JOIN region r ON r.id = h.region_id WHERE h.status = 'RECTIFYING' AND r.path LIKE (SELECT path FROM region WHERE name = '靖宇县') || '%'`);
    await post({ query: `{ me { username } }` }); // the session's activity written now, not in a measured request
    const without = await page('edges { node { id } }');
    const counted = await page('totalCount edges { node { id } }');
    expect(counted.body.data.hazards.totalCount).toBe(n);
    expect(counted.body.data.hazards.edges).toEqual(without.body.data.hazards.edges);
    expect(counted.headers['x-sql-statements']).toBe(without.headers['x-sql-statements']);
    // every page carries the same count; past the last one, a page with no rows has none to carry it: counted apart
    let after: string | null = null;
    for (;;) {
      const next = await post({ query: `query($r: ID, $a: String) { hazards(first: 100, after: $a, regionId: $r, status: RECTIFYING) { totalCount pageInfo { hasNextPage endCursor } } }`, variables: { r: county, a: after } });
      expect(next.body.data.hazards.totalCount).toBe(n);
      after = next.body.data.hazards.pageInfo.endCursor;
      if (!next.body.data.hazards.pageInfo.hasNextPage) break;
    }
    const empty = await post({ query: `query($r: ID, $a: String) { hazards(first: 5, after: $a, regionId: $r, status: RECTIFYING) { totalCount edges { cursor } } }`, variables: { r: county, a: after } });
    expect(empty.body.data.hazards).toEqual({ totalCount: n, edges: [] });
    expect((await page('totalCount', 0)).body.data.hazards.totalCount).toBe(n);
  });

  it('nested fields a page joined answer what their own resolvers answer for one hazard (hazard(id:)); none joined is null', async () => {
    const township = await t.regionId('景山镇');
    // a hazard without premises and without history, found long ago (the last of the township's pages)
    await t.dataSource.query(`
      INSERT INTO hazard (id, region_id, source, description, found_on, status, order_due_by, deadline, responsible_party, measures, ordered_on, major_status, policy_version, reported_by, version)
      VALUES (md5('lh-bare')::uuid, $1, 'OTHER', '无场所隐患', current_date - 400, 'RECTIFYING', current_date - 397, current_date - 370, '责任人', '措施', current_date - 400, 'NONE', 1, 'test', 1)`, [township]);
    const NESTED = 'id premises { id name riskLevel } region { id name level } latestEvent { action at actor toStatus }';
    const listed = await post({ query: `query($r: ID) { hazards(first: 100, regionId: $r, foundTo: "${new Date(Date.now() - 100 * 86_400_000).toISOString().slice(0, 10)}") { edges { node { ${NESTED} } } } }`, variables: { r: Buffer.from(`Region:${township}`).toString('base64') } });
    expect(listed.body.errors).toBeUndefined();
    const nodes = listed.body.data.hazards.edges.map((e: any) => e.node);
    expect(nodes.length).toBeGreaterThan(5);
    const [{ id: bareId }] = await t.dataSource.query(`SELECT md5('lh-bare')::uuid AS id`);
    const bare = nodes.find((h: any) => h.id === Buffer.from(`Hazard:${bareId}`).toString('base64'));
    expect(bare).toMatchObject({ premises: null, latestEvent: null, region: { name: '景山镇' } });
    for (const node of [...nodes.slice(0, 3), bare]) {
      const one = await post({ query: `query($id: ID!) { hazard(id: $id) { ${NESTED} } }`, variables: { id: node.id } });
      expect(one.body.data.hazard).toEqual(node);
    }
  });

  it('a query nested deeper than GRAPHQL_MAX_DEPTH (12) is QUERY_TOO_DEEP before anything runs; 12 levels pass', async () => {
    const nest = (levels: number) => `{ regions(first: 1) { edges { node { ${'parent { '.repeat(levels)}name${' }'.repeat(levels)} } } } }`;
    expect(data(await t.gql(nest(8))).regions.edges).toHaveLength(1); // regions, edges, node, 8 × parent, name: 12
    const res = await post({ query: nest(9) });
    expect(res.status).toBe(400);
    await refusedOnly(res);
    expect(res.body.errors[0].extensions).toEqual({ code: 'QUERY_TOO_DEEP', requestId: expect.any(String), depth: 13, maxDepth: 12 });
    expect(res.body.errors[0].message).toBe('查询嵌套过深：13 层，最多 12 层');
  });

  it('depth follows fragments, each fragment once: a chain of 30 fragments each spreading the next twice is answered at once', async () => {
    // 2^30 paths if each spread were walked again; the cost estimate's node cap refuses the document
    const chain = Array.from({ length: 30 }, (_, i) => `fragment F${i} on Region { ${i === 29 ? 'name' : `...F${i + 1} ...F${i + 1}`} }`).join(' ');
    const res = await post({ query: `{ regions(first: 1) { edges { node { ...F0 } } } } ${chain}` });
    expect(res.body.errors[0].extensions.code).toBe('QUERY_TOO_COSTLY');
    expect(res.body.errors[0].message).toBe('查询包含的字段过多，无法估算代价');
    await refusedOnly(res);
  });

  it('depth follows fragments', async () => {
    const res = await post({ query: `{ regions(first: 1) { edges { node { ...Up } } } } fragment Up on Region { parent { parent { parent { parent { parent { parent { parent { parent { parent { name } } } } } } } } } }` });
    expect(res.body.errors[0].extensions.code).toBe('QUERY_TOO_DEEP');
  });

  it('a connection multiplies its subtree by first: one page of 100 hazards passes, aliases of it share one budget', async () => {
    const page = (alias: string) => `${alias}: hazards(first: 100) { edges { node { id premises { name } region { name } latestEvent { action } } } }`;
    const one = await post({ query: `{ ${page('a')} }` });
    expect(one.body.errors).toBeUndefined();
    // 2 + 100 × (edges 1 + node 1 + premises 1 + region 1 + latestEvent 1) = 502 per alias; four of them are 2,008 > 2,000
    const four = await post({ query: `{ ${['a', 'b', 'c', 'd'].map(page).join(' ')} }` });
    expect(four.status).toBe(400);
    await refusedOnly(four);
    expect(four.body.errors[0].extensions).toEqual({ code: 'QUERY_TOO_COSTLY', requestId: expect.any(String), cost: 2008, maxCost: 2000 });
    expect(four.body.errors[0].message).toMatch(/^查询代价过高：估算 2008，上限 2000/);
    const three = await post({ query: `{ ${['a', 'b', 'c'].map(page).join(' ')} }` });
    expect(three.body.errors).toBeUndefined();
  });

  it('the page size counts when it comes in a variable', async () => {
    const q = `query($n: Int) { ${[1, 2, 3, 4, 5].map((i) => `p${i}: hazards(first: $n) { edges { node { id premises { name } region { name } } } }`).join(' ')} }`;
    // 2 + n × 4 per alias: n = 99 gives 5 × 398 = 1,990; n = 100 gives 5 × 402 = 2,010
    expect((await post({ query: q, variables: { n: 99 } })).body.errors).toBeUndefined();
    expect((await post({ query: q, variables: { n: 100 } })).body.errors[0].extensions).toEqual({ code: 'QUERY_TOO_COSTLY', requestId: expect.any(String), cost: 2010, maxCost: 2000 });
    // aliases of one default page add up as well: 2 + 20 × 2 = 42 each, 47 pass (1,974), 48 do not (2,016);
    // (2,000 aliases of a root field are now refused earlier, by GRAPHQL_MAX_TOKENS: test/graphql-doors.e2e-spec.ts)
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: hazards { edges { node { id } } }`).join(' ')} }`;
    expect((await post({ query: aliases(47) })).body.errors).toBeUndefined();
    expect((await post({ query: aliases(48) })).body.errors[0].extensions).toEqual({ code: 'QUERY_TOO_COSTLY', requestId: expect.any(String), cost: 2016, maxCost: 2000 });
  });

  it('a list argument longer than 100 is BAD_USER_INPUT naming it, literal or in a variable; 100 is accepted', async () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => Buffer.from(`Region:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`).toString('base64'));
    const ok = await post({ query: `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, variables: { ids: ids(100) } });
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data.nodes).toHaveLength(100);
    const viaVariable = await post({ query: `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, variables: { ids: ids(101) } });
    await refusedOnly(viaVariable);
    expect(viaVariable.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', requestId: expect.any(String), fields: [{ field: 'nodes.ids', reason: '列表最多 100 项' }] });
    const literal = await post({ query: `{ many: nodes(ids: [${ids(101).map((i) => JSON.stringify(i)).join(',')}]) { id } }` });
    expect(literal.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', requestId: expect.any(String), fields: [{ field: 'many.ids', reason: '列表最多 100 项' }] });
  });

  it('a list in a variable\'s default counts as one sent', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => Buffer.from(`Region:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`).toString('base64'));
    const res = await post({ query: `query($ids: [ID!]! = ${JSON.stringify(ids)}) { nodes(ids: $ids) { id } }` });
    expect(res.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', requestId: expect.any(String), fields: [{ field: 'nodes.ids', reason: '列表最多 100 项' }] });
  });

  it('nodes(ids:) multiplies its selections by the ids given, another list of objects by 10', async () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => Buffer.from(`Inspection:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`).toString('base64'));
    const q = `query($ids: [ID!]!) { ${[1, 2, 3, 4, 5].map((i) => `n${i}: nodes(ids: $ids) { ... on Inspection { premises { name } hazards { id } } }`).join(' ')} }`;
    // per alias 1 + |ids| × (premises 1 + hazards (1 + 10 × 0)) = 201 for 100 ids; five aliases 1,005
    expect((await post({ query: q, variables: { ids: ids(100) } })).body.errors).toBeUndefined();
    const deep = `query($ids: [ID!]!) { ${[1, 2].map((i) => `n${i}: nodes(ids: $ids) { ... on Inspection { hazards { premises { name } } } }`).join(' ')} }`;
    // per alias 1 + 100 × (hazards 1 + 10 × (premises 1 + 0)) = 1 + 100 × 11 = 1,101; two are 2,202
    expect((await post({ query: deep, variables: { ids: ids(100) } })).body.errors[0].extensions).toEqual({ code: 'QUERY_TOO_COSTLY', requestId: expect.any(String), cost: 2202, maxCost: 2000 });
  });

  it('a list inside an input object is counted too', async () => {
    const scores = Array.from({ length: 101 }, (_, i) => ({ subjectId: `s${i}`, score: 90 }));
    const res = await post({
      query: `mutation($i: CastAppraisalBallotInput!) { castAppraisalBallot(input: $i) { __typename } }`,
      variables: { i: { stationId: 'x', period: { kind: 'MONTH', year: 2026, number: 10 }, scores } },
    });
    expect(res.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', requestId: expect.any(String), fields: [{ field: 'castAppraisalBallot.input.scores', reason: '列表最多 100 项' }] });
  });

  it('batched operations (a JSON array of requests) are refused as a whole, so a batch never escapes the budget', async () => {
    const res = await post([{ query: '{ __typename }' }, { query: '{ __typename }' }]);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(res.body.errors[0].message).toMatch(/^不支持批量请求/);
  });

  it('without SQL_STATS_HEADER no count is sent', async () => {
    expect(t.config.sqlStatsHeader).toBe(true);
    const other = await createTestApp();
    try {
      const res = await request(other.app.getHttpServer()).post('/graphql').set({ 'content-type': 'application/json', ...other.office.headers }).send({ query: '{ me { username } }' });
      expect(res.body.data.me.username).toBe('office');
      expect(res.headers['x-sql-statements']).toBeUndefined();
    } finally {
      await other.close();
    }
  });
});

describe('bounded cost: the limits are configuration', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { GRAPHQL_MAX_DEPTH: '4', GRAPHQL_MAX_COST: '50' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('GRAPHQL_MAX_DEPTH and GRAPHQL_MAX_COST', async () => {
    expect(error(await t.gql(`{ regions(first: 1) { edges { node { parent { name } } } } }`)).extensions).toEqual({ code: 'QUERY_TOO_DEEP', requestId: expect.any(String), depth: 5, maxDepth: 4 });
    // 2 + 24 × (edges 1 + node 1) = 50
    expect(data(await t.gql(`{ regions(first: 24) { edges { node { name } } } }`)).regions.edges).toHaveLength(11);
    expect(error(await t.gql(`{ regions(first: 25) { edges { node { name } } } }`)).extensions).toEqual({ code: 'QUERY_TOO_COSTLY', requestId: expect.any(String), cost: 52, maxCost: 50 });
  });
});
