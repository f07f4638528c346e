import { randomUUID } from 'node:crypto';
import { Role, ROLE_PERMISSIONS } from '../../src/kernel/permissions';
import { EventOutbox, OutboxEvent } from '../../src/integration/event-outbox';
import { PUBLISHED_BELOW } from '../../src/integration/outbox-order';
import { toGlobalId } from '../../src/graphql/global-id';
import { RequestContext } from '../../src/kernel/request-context';
import { PersonnelService } from '../../src/personnel/personnel.service';
import { citizenIdFor } from '../support/factories';
import { createPremises, inspectionsFixture, InspectionsFixture, nodes, order, reportHazard } from '../support/inspections';
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
    const key = async (regionId: string) => data(await t.admins.security.gql(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`, {
      i: { name: `轮询 ${regionId.slice(0, 8)}`, permissions: ROLE_PERMISSIONS[Role.INTEGRATION], regionId: toGlobalId('Region', regionId) },
    })).createApiKey.secret as string;
    countyKey = await key(county);
    townshipKey = await key(township);
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  /**
   * Waits (polling every 20 ms) until the event is published: on a server, a transaction of any database of the
   * cluster (another spec's) that began before it holds publication back until it ends.
   */
  async function published(eventId: string): Promise<void> {
    for (let i = 0; i < 500; i++) {
      const [row] = await t.dataSource.query(`SELECT e.txid < ${PUBLISHED_BELOW} AS done FROM integration_event e WHERE e.id = $1`, [eventId]);
      if (row.done) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`event ${eventId} not published after 10 s`);
  }

  /** Writes events, one transaction per inner list, in order; returns their ids in the same order, once published. */
  async function emit(...transactions: Partial<OutboxEvent>[][]): Promise<string[]> {
    const ids: string[] = [];
    for (const events of transactions) {
      await t.dataSource.transaction(async (m) => {
        for (const e of events) {
          ids.push(await outbox.emit(m, { type: 'hazard.reported', regionId: township, subjectId: randomUUID(), payload: { n: ids.length }, ...e } as OutboxEvent));
        }
      });
    }
    await published(ids.at(-1)!);
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
      const open = await outbox.emit(runner.manager, { type: 'hazard.reported', regionId: township, subjectId: randomUUID(), payload: {} as never });
      const committedLater = await t.dataSource.transaction((m) => outbox.emit(m, { type: 'hazard.reported', regionId: township, subjectId: randomUUID(), payload: {} as never }));
      // the later transaction has committed, but the open one's event would land behind a reader's cursor
      const waiting = await page(countyKey, { after: start, first: 10 });
      expect(ids(waiting)).toEqual([]);
      await runner.commitTransaction();
      await published(committedLater);
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
    // beyond int8 too: refused as a cursor, not a database error
    for (const after of ['garbage', Buffer.from(JSON.stringify(['1', 'x'])).toString('base64url'), Buffer.from(JSON.stringify(['1'])).toString('base64url'),
      Buffer.from(JSON.stringify(['9999999999999999999', '0'])).toString('base64url')]) {
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

  it('EVENT_READ alone reveals nothing else: a reader gets only the types whose subject it may read', async () => {
    const eventsOnly = data(await t.admins.security.gql(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`, {
      i: { name: '只读事件的密钥', permissions: ['EVENT_READ', 'INSPECTION_READ'], regionId: toGlobalId('Region', county) },
    })).createApiKey.secret as string;
    const start = await head(eventsOnly);
    const [hazard, accountability] = await emit([
      { type: 'hazard.reported' },
      { type: 'accountability_case.opened', payload: {} as never },
    ]);
    // the committee office (ACCOUNTABILITY_READ) reads both; a key cannot hold that permission: it reads the hazard
    // only, whether it holds all a key may or just EVENT_READ and INSPECTION_READ, and node() agrees
    const office = data(await t.gql(EVENTS, { after: start, first: 10 })).events;
    expect(ids(office)).toEqual([hazard, accountability]);
    expect(ids(await page(countyKey, { after: start, first: 10 }))).toEqual([hazard]);
    expect(ids(await page(eventsOnly, { after: start, first: 10 }))).toEqual([hazard]);
    const caseGlobalId = office.edges[1].node.id as string;
    expect(data(await t.gqlAs(eventsOnly, `query($id: ID!) { node(id: $id) { id } }`, { id: caseGlobalId })).node).toBeNull();
    const refused = error(await read(eventsOnly, { after: start, types: ['accountability_case.opened'] }));
    expect(refused.extensions.code).toBe('FORBIDDEN');
    expect(refused.message).toContain('ACCOUNTABILITY_READ');
  });

  describe('updatedSince on the main lists: rows changed at or after the time, by every update path', () => {
    let f: InspectionsFixture;
    /** As if last written long ago: a row the poller has already seen. */
    const backdate = (table: string, globalId: string) =>
      t.dataSource.query(`UPDATE ${table} SET updated_at = '2026-01-01T00:00:00Z' WHERE id = $1`, [Buffer.from(globalId, 'base64').toString().split(':')[1]]);
    /** The poller's mark: a moment before the change it must see (the rows above are older). */
    const mark = () => new Date(Date.now() - 1000).toISOString();
    const listed = async (list: string, since: string): Promise<string[]> =>
      nodes(data(await t.gqlAs(f.center, `query($s: DateTime) { ${list}(first: 100, updatedSince: $s) { edges { node { id } } } }`, { s: since }))[list]).map((n: any) => n.id);
    const inspect = async (premisesId: string) => data(await t.gqlAs(f.station, `mutation($i: RecordInspectionInput!) { recordInspection(input: $i) { id } }`, { i: {
      premisesId, inspectedOn: t.clock.today(), inspectors: ['张三', '李四'], results: ['SV-01', 'SV-02', 'SV-03', 'SV-04', 'SV-05'].map((code) => ({ code, result: 'PASS' })),
    } })).recordInspection.id as string;

    beforeAll(async () => {
      f = await inspectionsFixture(t);
    });

    it('premises and inspections: recording an inspection moves its premises (last inspection date, a raw SQL update) and lists the new inspection', async () => {
      const [changed, untouched] = [await createPremises(f), await createPremises(f)];
      const older = await inspect(untouched);
      for (const id of [changed, untouched]) await backdate('premises', id);
      await backdate('inspection', older);
      const since = mark();
      const recorded = await inspect(changed);
      const premises = await listed('premises', since);
      expect(premises).toContain(changed);
      expect(premises).not.toContain(untouched);
      const inspections = await listed('inspections', since);
      expect(inspections).toContain(recorded);
      expect(inspections).not.toContain(older);
    });

    it('hazards: a rectification order (the hazard\'s own guarded update) moves the hazard', async () => {
      const premisesId = await createPremises(f);
      const [changed, untouched] = [(await reportHazard(f, premisesId)).id, (await reportHazard(f, premisesId)).id];
      for (const id of [changed, untouched]) await backdate('hazard', id);
      const since = mark();
      data(await order(f, changed));
      const hazards = await listed('hazards', since);
      expect(hazards).toContain(changed);
      expect(hazards).not.toContain(untouched);
    });

    it('fires: a correction (updateVersioned) moves the fire', async () => {
      const record = async () => data(await t.gqlAs(f.station, `mutation($i: RecordFireInput!) { recordFire(input: $i) { id } }`, { i: {
        regionId: f.jingshan, occurredAt: new Date(Date.now() - 60_000).toISOString(), place: '柴草垛', cause: 'CARELESS_USE', deaths: 0, injuries: 0, seriousInjuries: 0, directLossYuan: 500,
      } })).recordFire.id as string;
      const [changed, untouched] = [await record(), await record()];
      for (const id of [changed, untouched]) await backdate('fire_incident', id);
      const since = mark();
      data(await t.gqlAs(f.station, `mutation($i: CorrectFireInput!) { correctFire(input: $i) { version } }`, { i: { fireId: changed, expectedVersion: 1, reason: '核实后更正损失', directLossYuan: 800 } }));
      const fires = await listed('fires', since);
      expect(fires).toContain(changed);
      expect(fires).not.toContain(untouched);
    });

    it('people: an edit (updatePerson) moves the person', async () => {
      const create = async (k: number) => {
        const birthDate = `1988-0${k}-15`;
        const p = await t.app.get(PersonnelService).createPerson(RequestContext.system('test'), {
          name: `轮询${k}`, gender: 'MALE' as never, birthDate, citizenId: citizenIdFor(birthDate, true, 900 + k), education: 'SENIOR_HIGH' as never,
          householdRegionCode: '220622101', residenceRegionCode: '220622101', establishmentUnit: '乡镇人民政府', establishmentType: 'PUBLIC_SYSTEM' as never,
          communication: 'GOOD' as never, regionId: f.jingshan,
        });
        return toGlobalId('Person', p.id);
      };
      const [changed, untouched] = [await create(1), await create(2)];
      for (const id of [changed, untouched]) await backdate('person', id);
      const since = mark();
      data(await t.gql(`mutation($i: UpdatePersonInput!) { updatePerson(input: $i) { person { version } } }`, { i: { id: changed, expectedVersion: 1, reason: '学历登记有误', education: 'BACHELOR' } }));
      const people = await listed('people', since);
      expect(people).toContain(changed);
      expect(people).not.toContain(untouched);
    });

    it('people: a post put on duty (a post move, not a person edit) moves its person', async () => {
      const birthDate = '1988-03-15';
      const person = toGlobalId('Person', (await t.app.get(PersonnelService).createPerson(RequestContext.system('test'), {
        name: '轮询3', gender: 'MALE' as never, birthDate, citizenId: citizenIdFor(birthDate, true, 903), education: 'SENIOR_HIGH' as never,
        householdRegionCode: '220622101', residenceRegionCode: '220622101', establishmentUnit: '乡镇人民政府', establishmentType: 'PUBLIC_SYSTEM' as never,
        communication: 'GOOD' as never, regionId: f.jingshan,
      })).id);
      const [station] = (await t.dataSource.query(`SELECT o.id FROM organization o JOIN region r ON r.id = o.region_id WHERE o.kind = 'FIRE_WORK_STATION' AND r.name = '景山镇'`)) as { id: string }[];
      const today = t.clock.today();
      const postId = data(await t.gqlAs(f.township, `mutation($i: SelectPersonInput!) { selectPerson(input: $i) { id } }`, { i: { personId: person, stationId: toGlobalId('Organization', station.id), selectedOn: today } })).selectPerson.id;
      data(await t.gqlAs(f.brigade, `mutation($i: PostInput!) { startPreJobTraining(input: $i) { state } }`, { i: { postId, trainingStartedOn: today } }));
      data(await t.gqlAs(f.brigade, `mutation($i: RecordPreJobExamInput!) { recordPreJobExam(input: $i) { state } }`, { i: { postId, score: 80, examOn: today } }));
      await backdate('person', person);
      const since = mark();
      expect(await listed('people', since)).not.toContain(person);
      data(await t.gqlAs(f.township, `mutation($i: PutOnDutyInput!) { putOnDuty(input: $i) { state } }`, { i: { postId, onDutyFrom: today } }));
      expect(await listed('people', since)).toContain(person);
    });

    it('activities: a new record is listed, an older one is not', async () => {
      const record = async () => data(await t.gqlAs(f.station, `mutation($i: RecordActivityInput!) { recordActivity(input: $i) { id } }`, { i: {
        kind: 'PUBLICITY', title: '入户宣传', heldOn: t.clock.today(), regionId: f.jingshan, organizer: '工作站', audiences: ['VILLAGERS'], participantCount: 30, content: '入户宣传',
      } })).recordActivity.id as string;
      const older = await record();
      await backdate('training_activity', older);
      const since = mark();
      const recorded = await record();
      const activities = await listed('activities', since);
      expect(activities).toContain(recorded);
      expect(activities).not.toContain(older);
    });

    it('T-INT-1: a time after now (beyond a minute of clock skew) is refused naming the rule; a time without an offset is refused', async () => {
      const ask = (s: string) => t.gqlAs(f.center, `query($s: DateTime) { hazards(first: 1, updatedSince: $s) { edges { node { id } } } }`, { s });
      const future = error(await ask(new Date(Date.now() + 3_600_000).toISOString()));
      expect(future.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'T-INT-1' });
      expect(future.message).toContain('时间规则 T-INT-1');
      // within the tolerated skew: answered
      expect(data(await ask(new Date(Date.now() + 30_000).toISOString())).hazards.edges).toEqual([]);
      expect(error(await ask('2026-12-01T08:00:00')).extensions.code).toBe('BAD_USER_INPUT');
    });
  });
});
