import { randomUUID } from 'node:crypto';
import { Role, ROLE_PERMISSIONS } from '../../src/auth/permissions';
import { EventOutbox, OutboxEvent } from '../../src/integration/event-outbox';
import { toGlobalId } from '../../src/graphql/global-id';
import { interceptQueries } from '../support/queries';
import { createTestApp, data, error, TestApp } from '../support/test-app';

/**
 * Catch-up without webhooks: the `events` connection reads the outbox in its published order (txid, seq), inside
 * the reader's jurisdiction, and tells the reader where to resume (`resumeCursor`), also on an empty page. Events are
 * written through `EventOutbox.emit` in transactions of the app's DataSource, as the mutations write them.
 */
const ON_SERVER = Boolean(process.env.DATABASE_URL);

const PAGE = `edges { cursor node { id eventId type occurredAt subjectId payload envelope region { name } county { name } } }
  pageInfo { hasNextPage hasPreviousPage endCursor } resumeCursor`;
const EVENTS = `query($after: String, $first: Int, $types: [String!], $regionId: ID) {
  events(after: $after, first: $first, types: $types, regionId: $regionId) { ${PAGE} } }`;

describe('events: the outbox as a Relay connection a system polls', () => {
  let t: TestApp;
  let outbox: EventOutbox;
  let county: string;
  let township: string;
  let otherTownship: string;
  /** API keys (INTEGRATION, EVENT_READ): one for the county, one for 景山镇. */
  let countyKey: string;
  let townshipKey: string;

  beforeAll(async () => {
    t = await createTestApp();
    outbox = t.app.get(EventOutbox);
    county = await t.regionId('靖宇县');
    township = await t.regionId('景山镇');
    [{ id: otherTownship }] = await t.dataSource.query(`SELECT id FROM region WHERE parent_id = $1 AND id <> $2 AND level = 'TOWNSHIP' ORDER BY sort_order LIMIT 1`, [county, township]);
    const key = async (regionId: string) => data(await t.gql(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`, {
      i: { name: `轮询 ${regionId.slice(0, 8)}`, permissions: ROLE_PERMISSIONS[Role.INTEGRATION], regionId: toGlobalId('Region', regionId) },
    })).createApiKey.secret as string;
    countyKey = await key(county);
    townshipKey = await key(township);
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  /** Writes events, one transaction per inner list, in order; returns their ids in the same order. */
  async function emit(...transactions: Partial<OutboxEvent>[][]): Promise<string[]> {
    const ids: string[] = [];
    for (const events of transactions) {
      await t.dataSource.transaction(async (m) => {
        for (const e of events) {
          ids.push(await outbox.emit(m, { type: 'hazard.reported', regionId: township, subjectId: randomUUID(), payload: { n: ids.length }, ...e } as OutboxEvent));
        }
      });
    }
    return ids;
  }
  const read = async (key: string, variables: Record<string, unknown>) => t.gqlAs(key, EVENTS, variables);
  const page = async (key: string, variables: Record<string, unknown>) => data(await read(key, variables)).events;
  /** Where a reader starting now begins: `first: 0` without `after`. */
  const head = async (key = countyKey) => (await page(key, { first: 0 })).resumeCursor as string;
  const ids = (p: any): string[] => p.edges.map((e: any) => e.node.eventId);

  it('reads in commit order in pages of 2, resumes from resumeCursor, and an empty page still says where to resume', async () => {
    const start = await head();
    const written = await emit([{}, { type: 'hazard.closed' }], [{}], [{ regionId: otherTownship }, {}]);

    const p1 = await page(countyKey, { after: start, first: 2 });
    expect(ids(p1)).toEqual(written.slice(0, 2));
    expect(p1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true, endCursor: p1.edges[1].cursor });
    expect(p1.resumeCursor).toBe(p1.pageInfo.endCursor);
    const p2 = await page(countyKey, { after: p1.resumeCursor, first: 2 });
    expect(ids(p2)).toEqual(written.slice(2, 4));
    const p3 = await page(countyKey, { after: p2.resumeCursor, first: 2 });
    expect(ids(p3)).toEqual(written.slice(4));
    expect(p3.pageInfo.hasNextPage).toBe(false);

    // the node: the envelope is exactly the webhook body, the payload its data
    const node = p1.edges[1].node;
    expect(node).toMatchObject({ type: 'hazard.closed', region: { name: '景山镇' }, county: { name: '靖宇县' }, payload: { n: 1 } });
    expect(node.envelope).toEqual({
      id: node.eventId, type: 'hazard.closed', timestamp: node.occurredAt, regionId: toGlobalId('Region', township),
      countyId: toGlobalId('Region', county), subjectId: node.subjectId, data: { n: 1 },
    });
    expect(Buffer.from(node.id, 'base64').toString()).toBe(`IntegrationEvent:${node.eventId}`);
    expect(data(await t.gqlAs(countyKey, `query($id: ID!) { node(id: $id) { ... on IntegrationEvent { eventId } } }`, { id: node.id })).node).toEqual({ eventId: node.eventId });

    // read to the end: an empty page has no endCursor but a resumeCursor, which later gives only the new events
    const empty = await page(countyKey, { after: p3.resumeCursor, first: 2 });
    expect(empty.edges).toEqual([]);
    expect(empty.pageInfo.endCursor).toBeNull();
    expect(typeof empty.resumeCursor).toBe('string');
    const later = await emit([{}]);
    expect(ids(await page(countyKey, { after: empty.resumeCursor, first: 2 }))).toEqual(later);
    // without `after`, the history from the start: the first events written here come before the later one
    const all = ids(await page(countyKey, { first: 100 }));
    expect(all.indexOf(written[0])).toBeLessThan(all.indexOf(later[0]));
    expect(all.indexOf(written[0])).toBeGreaterThanOrEqual(0);
  });

  it('a page is one statement over the outbox, whatever its size; no count unless asked', async () => {
    const start = await head();
    await emit([{}, {}, {}, {}, {}]);
    const run = async (first: number) => {
      const statements: string[] = [];
      const spy = await interceptQueries(t.dataSource, async (sql, next) => {
        if (/integration_event/.test(sql)) statements.push(sql.replace(/\s+/g, ' ').slice(0, 60));
        return next();
      });
      try {
        const p = await page(countyKey, { after: start, first });
        return { statements, rows: p.edges.length };
      } finally {
        spy.restore();
      }
    };
    const one = await run(1);
    const five = await run(5);
    expect([one.rows, five.rows]).toEqual([1, 5]);
    expect(one.statements).toHaveLength(1);
    expect(five.statements).toEqual(one.statements);
    expect(one.statements[0]).not.toMatch(/count\(/i);
  });

  (ON_SERVER ? it : it.skip)('an open transaction holds back its events and every later one until it commits (server database)', async () => {
    const start = await head();
    const runner = t.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const [open] = await (async () => [await outbox.emit(runner.manager, { type: 'hazard.reported', regionId: township, subjectId: randomUUID(), payload: {} })])();
      const [committedLater] = await emit([{}]);
      // the later transaction has committed, but the open one's event would land behind a reader's cursor
      const waiting = await page(countyKey, { after: start, first: 10 });
      expect(ids(waiting)).toEqual([]);
      await runner.commitTransaction();
      const p = await page(countyKey, { after: waiting.resumeCursor, first: 10 });
      expect(ids(p)).toEqual([open, committedLater]);
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('types: only those types; an unknown name is refused listing the valid ones', async () => {
    const start = await head();
    const written = await emit([{ type: 'fire.recorded' }, { type: 'hazard.reported' }, { type: 'inspection.recorded' }]);
    expect(ids(await page(countyKey, { after: start, types: ['fire.recorded', 'inspection.recorded'] }))).toEqual([written[0], written[2]]);
    const refused = error(await read(countyKey, { after: start, types: ['hazard.reported', 'hazard.deleted'] }));
    expect(refused.extensions.code).toBe('BAD_USER_INPUT');
    expect(refused.message).toContain('未知的事件类型：hazard.deleted');
    expect(refused.message).toContain('hazard.rectification_ordered');
  });

  it('jurisdiction: a township reader sees its township only; another township and the county are refused as regionId', async () => {
    const start = await head();
    const [inTownship, inOther, atCounty] = await emit([{}], [{ regionId: otherTownship }], [{ regionId: county }]);
    expect(ids(await page(townshipKey, { after: start }))).toEqual([inTownship]);
    expect(ids(await page(countyKey, { after: start }))).toEqual([inTownship, inOther, atCounty]);
    expect(ids(await page(countyKey, { after: start, regionId: toGlobalId('Region', otherTownship) }))).toEqual([inOther]);
    for (const regionId of [otherTownship, county]) {
      expect(error(await read(townshipKey, { after: start, regionId: toGlobalId('Region', regionId) })).extensions.code).toBe('FORBIDDEN');
    }
    // node(id:) keeps to the jurisdiction too
    const other = (await page(countyKey, { after: start, regionId: toGlobalId('Region', otherTownship) })).edges[0].node.id;
    expect(data(await t.gqlAs(townshipKey, `query($id: ID!) { node(id: $id) { id } }`, { id: other })).node).toBeNull();
    // an event of the county itself: its county is the county
    const countyEvent = (await page(countyKey, { after: start, regionId: toGlobalId('Region', county) })).edges.at(-1).node;
    expect(countyEvent).toMatchObject({ eventId: atCounty, region: { name: '靖宇县' }, county: { name: '靖宇县' } });
  });

  it('a cursor this server did not make is BAD_USER_INPUT', async () => {
    for (const after of ['garbage', Buffer.from(JSON.stringify(['1', 'x'])).toString('base64url'), Buffer.from(JSON.stringify(['1'])).toString('base64url')]) {
      const e = error(await read(countyKey, { after }));
      expect(e.extensions.code).toBe('BAD_USER_INPUT');
      expect(e.message).toContain('游标无效');
    }
  });

  it('EVENT_READ: the committee office reads the feed; a station account is refused', async () => {
    expect(data(await t.gql(EVENTS, { first: 0 })).events.resumeCursor).toEqual(expect.any(String));
    const station = await t.account({ role: Role.STATION });
    expect(error(await t.gqlAs(station, EVENTS, { first: 0 })).extensions.code).toBe('FORBIDDEN');
  });
});
