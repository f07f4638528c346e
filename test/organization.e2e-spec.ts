import { jest } from '@jest/globals';
import { Repository } from 'typeorm';
import { seedOrganization } from '../src/organization/seed/organization.seed';
import { interceptQueries } from './support/queries';
import { createTestApp, data, error, TestApp } from './support/test-app';

/** Appendix 1 of the plan (附件1), in its order. */
const APPENDIX_1 = [
  ['靖宇镇', 3], ['景山镇', 2], ['濛江乡', 2], ['三道湖镇', 2], ['龙泉镇', 2], ['那尔轰镇', 2], ['赤松镇', 2], ['花园口镇', 2],
] as const;

const TOWNSHIPS = `query($first: Int, $after: String) {
  townships(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id name code kind station { id name staffQuota } } }
  }
}`;

describe('organization (ORG-1 .. ORG-5)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const townships = async () => data(await t.gql(TOWNSHIPS, { first: 20 })).townships;
  const stationOf = async (name: string) => (await townships()).edges.find((e: any) => e.node.name === name).node.station;

  it('ORG-2, ORG-3: lists the 8 townships of Appendix 1 in order, each with its station and quota', async () => {
    const conn = await townships();
    expect(conn.totalCount).toBe(8);
    expect(conn.edges.map((e: any) => [e.node.name, e.node.station.staffQuota])).toEqual(APPENDIX_1);
    for (const e of conn.edges) {
      expect(e.node.station.name).toBe(`${e.node.name}消防工作站`);
      expect(e.node.code).toBeNull(); // the plan gives no township codes: nothing invented
    }
    expect(conn.edges.find((e: any) => e.node.name === '濛江乡').node.kind).toBe('TOWNSHIP');
    expect(conn.edges.find((e: any) => e.node.name === '靖宇镇').node.kind).toBe('TOWN');
  });

  it('ORG-1: the guidance center has 4 staff and is set up on the county committee office', async () => {
    const res = data(await t.gql(`{ guidanceCenter { id name staffQuota county { name code parent { name code parent { name code } } } } }`));
    expect(res.guidanceCenter).toMatchObject({ name: '靖宇县消防工作服务指导中心', staffQuota: 4 });
    expect(res.guidanceCenter.county).toEqual({
      name: '靖宇县', code: '220622', parent: { name: '白山市', code: '220600', parent: { name: '吉林省', code: '220000' } },
    });
    const node = data(await t.gql(`query($id: ID!) { node(id: $id) { __typename ... on GuidanceCenter { name } } }`, { id: res.guidanceCenter.id }));
    expect(node.node).toEqual({ __typename: 'GuidanceCenter', name: '靖宇县消防工作服务指导中心' });
    const org = data(await t.gql(`query($id: ID!) { nodes(ids: [$id]) { ... on GuidanceCenter { id } } }`, { id: res.guidanceCenter.id }));
    expect(org.nodes[0].id).toBe(res.guidanceCenter.id);
    const parents = data(await t.gql(`{ organizations(kind: GUIDANCE_CENTER) { edges { node { parent { kind name parent { kind } } } } } }`));
    expect(parents.organizations.edges[0].node.parent).toEqual({
      kind: 'COUNTY_COMMITTEE_OFFICE', name: '靖宇县消防救援委员会办公室', parent: { kind: 'COUNTY_COMMITTEE' },
    });
  });

  it('ORG-2, ORG-5: each township has its committee, office, station (set up on the committee) and government; the county its brigade', async () => {
    const conn = await townships();
    const jingyu = conn.edges[0].node;
    const orgs = data(await t.gql(`query($r: ID) { organizations(regionId: $r, first: 100) { totalCount edges { node { kind name parent { kind } } } } }`, { r: jingyu.id }));
    const byKind = Object.fromEntries(orgs.organizations.edges.map((e: any) => [e.node.kind, e.node]));
    expect(Object.keys(byKind).sort()).toEqual(['FIRE_WORK_STATION', 'TOWNSHIP_COMMITTEE', 'TOWNSHIP_COMMITTEE_OFFICE', 'TOWNSHIP_GOVERNMENT']);
    expect(byKind.FIRE_WORK_STATION.parent).toEqual({ kind: 'TOWNSHIP_COMMITTEE' });
    expect(byKind.TOWNSHIP_COMMITTEE_OFFICE.parent).toEqual({ kind: 'TOWNSHIP_COMMITTEE' });
    const county = data(await t.gql(`{ organizations(kind: FIRE_RESCUE_BRIGADE) { totalCount edges { node { name } } } }`));
    expect(county.organizations.edges.map((e: any) => e.node.name)).toEqual(['靖宇县消防救援大队']);
    const all = data(await t.gql(`{ organizations(first: 100) { totalCount } }`));
    expect(all.organizations.totalCount).toBe(4 + 8 * 4);
  });

  it('pages townships as a Relay connection: first, after, hasNextPage, totalCount', async () => {
    const p1 = data(await t.gql(TOWNSHIPS, { first: 3 })).townships;
    expect(p1.edges.map((e: any) => e.node.name)).toEqual(['靖宇镇', '景山镇', '濛江乡']);
    expect(p1.pageInfo.hasNextPage).toBe(true);
    expect(p1.totalCount).toBe(8);
    const p2 = data(await t.gql(TOWNSHIPS, { first: 5, after: p1.pageInfo.endCursor })).townships;
    expect(p2.edges.map((e: any) => e.node.name)).toEqual(['三道湖镇', '龙泉镇', '那尔轰镇', '赤松镇', '花园口镇']);
    expect(p2.pageInfo.hasNextPage).toBe(false);
    const dflt = data(await t.gql(`{ townships { edges { node { name } } } }`)).townships;
    expect(dflt.edges).toHaveLength(8);
    expect(error(await t.gql(TOWNSHIPS, { first: 101 })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'first' }] });
    expect(error(await t.gql(TOWNSHIPS, { first: 2, after: 'not-a-cursor' })).extensions.code).toBe('BAD_USER_INPUT');
    // well-formed JSON with values of the wrong type never reaches the database
    for (const forged of [[1, 'not-a-uuid'], ['1', '00000000-0000-4000-8000-000000000000'], [1.5, '00000000-0000-4000-8000-000000000000']]) {
      const cursor = Buffer.from(JSON.stringify(forged)).toString('base64url');
      expect(error(await t.gql(TOWNSHIPS, { first: 2, after: cursor })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'after' }] });
    }
  });

  it('a township id is a region id: node() returns the Township and filters accept it', async () => {
    const jingyu = (await townships()).edges[0].node;
    const node = data(await t.gql(`query($id: ID!) { node(id: $id) { __typename ... on Township { name station { name } } } }`, { id: jingyu.id }));
    expect(node.node).toEqual({ __typename: 'Township', name: '靖宇镇', station: { name: '靖宇镇消防工作站' } });
    const stations = data(await t.gql(`query($r: ID) { stations(regionId: $r) { edges { node { name } } } }`, { r: jingyu.id }));
    expect(stations.stations.edges).toEqual([{ node: { name: '靖宇镇消防工作站' } }]);
    const missing = data(await t.gql(`{ node(id: "UmVnaW9uOjAwMDAwMDAwLTAwMDAtNDAwMC04MDAwLTAwMDAwMDAwMDAwMA==") { id } }`));
    expect(missing.node).toBeNull();
  });

  it('nested lists are batched: the query count does not grow with the number of townships', async () => {
    const counted: string[] = [];
    const counting = await interceptQueries(t.dataSource, (sql, next) => {
      counted.push(sql);
      return next();
    });
    try {
      const q = (first: number, count = '') => `{ townships(first: ${first}) { edges { node { name county { name } government { name } committee { name } station { name township { name } quotaHistory(first: 5) { ${count} edges { node { newQuota } } } facilityCompliance { compliant } } } } } }`;
      counted.length = 0;
      data(await t.gql(q(2)));
      const few = counted.length;
      counted.length = 0;
      data(await t.gql(q(8)));
      expect(counted.length).toBe(few);
      // 7 for the data, 1 to authenticate the session (a 2nd when the session's last-seen time is due)
      expect(counted.length).toBeLessThanOrEqual(9);
      // ORG-3: the quota histories' counts are one grouped statement too
      counted.length = 0;
      data(await t.gql(q(2, 'totalCount')));
      const fewCounted = counted.length;
      counted.length = 0;
      data(await t.gql(q(8, 'totalCount')));
      expect(counted.length).toBe(fewCounted);
      expect(counted.length).toBeLessThanOrEqual(10);
    } finally {
      counting.restore();
    }
  });

  it('the seed is idempotent and never undoes a change the committee office made', async () => {
    const station = await stationOf('景山镇');
    data(await t.gql(`mutation($i: ChangeStaffQuotaInput!) { changeStaffQuota(input: $i) { staffQuota } }`, {
      i: { organizationId: station.id, staffQuota: 3, reason: '县编委批复' },
    }));
    const report = await seedOrganization(t.dataSource);
    expect(report).toEqual({ regionsCreated: 0, organizationsCreated: 0 });
    expect((await stationOf('景山镇')).staffQuota).toBe(3);
    expect((await townships()).totalCount).toBe(8);
  });

  describe('changeStaffQuota (ORG-3)', () => {
    const CHANGE = `mutation($i: ChangeStaffQuotaInput!) { changeStaffQuota(input: $i) { id staffQuota version } }`;

    it('ORG-3: refuses a station quota outside 2..3 and leaves it unchanged', async () => {
      const station = await stationOf('龙泉镇');
      const e = error(await t.gql(CHANGE, { i: { organizationId: station.id, staffQuota: 4, reason: '试图超编' } }));
      expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'input.staffQuota' }] });
      expect(e.message).toMatch(/2 至 3/);
      expect((await stationOf('龙泉镇')).staffQuota).toBe(2);
    });

    it('ORG-3: records every change with the previous value, reason, who and when', async () => {
      const station = await stationOf('赤松镇');
      data(await t.gql(CHANGE, { i: { organizationId: station.id, staffQuota: 3, reason: '依据县编办〔2026〕5号' } }));
      const history = data(await t.gql(`query($id: ID!) { node(id: $id) { ... on Station { staffQuota quotaHistory { totalCount edges { node { previousQuota newQuota reason changedBy changedAt } } } } } }`, { id: station.id })).node;
      expect(history.staffQuota).toBe(3);
      const changes = history.quotaHistory.edges.map((e: any) => e.node);
      expect(history.quotaHistory.totalCount).toBe(2);
      expect(changes).toHaveLength(2);
      expect(changes[0]).toMatchObject({ previousQuota: null, newQuota: 2, changedBy: 'system:seed' });
      expect(changes[1]).toMatchObject({ previousQuota: 2, newQuota: 3, reason: '依据县编办〔2026〕5号', changedBy: 'office' });
      expect(Date.now() - Date.parse(changes[1].changedAt)).toBeLessThan(60_000);
    });

    it('ORG-3: Station.quotaHistory is a connection that pages (first/after) from the earliest change, with its totalCount', async () => {
      const station = await stationOf('濛江乡');
      for (const [staffQuota, reason] of [[3, '第一次调整'], [2, '第二次调整'], [3, '第三次调整']] as const) {
        data(await t.gql(CHANGE, { i: { organizationId: station.id, staffQuota, reason } }));
      }
      const PAGE = `query($id: ID!, $first: Int, $after: String) { node(id: $id) { ... on Station { quotaHistory(first: $first, after: $after) {
        totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { newQuota reason } } } } } }`;
      const page = async (first: number, after?: string) => data(await t.gql(PAGE, { id: station.id, first, after })).node.quotaHistory;
      const p1 = await page(3);
      expect(p1).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: true, hasPreviousPage: false } });
      expect(p1.edges.map((e: any) => e.node.newQuota)).toEqual([2, 3, 2]);
      const p2 = await page(3, p1.pageInfo.endCursor);
      expect(p2.edges.map((e: any) => e.node.reason)).toEqual(['第三次调整']);
      expect(p2.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
      // a cursor from one page reads the same rows again: the keyset is exact (microseconds, not a rounded Date)
      expect((await page(1, p1.edges[1].cursor)).edges.map((e: any) => e.node.reason)).toEqual(['第二次调整']);
      expect(error(await t.gql(PAGE, { id: station.id, first: 101 })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'first' }] });
      for (const forged of [['yesterday', '00000000-0000-4000-8000-000000000000'], [1, '00000000-0000-4000-8000-000000000000'], ['2026-01-01T00:00:00.000000Z']]) {
        const cursor = Buffer.from(JSON.stringify(forged)).toString('base64url');
        expect(error(await t.gql(PAGE, { id: station.id, first: 2, after: cursor })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'after' }] });
      }
    });

    it('ORG-1: GuidanceCenter.quotaHistory is the same connection (the seed set its quota of 4)', async () => {
      const center = data(await t.gql(`{ guidanceCenter { quotaHistory(first: 1) { totalCount edges { node { previousQuota newQuota changedBy } } } } }`)).guidanceCenter;
      expect(center.quotaHistory.edges).toEqual([{ node: { previousQuota: null, newQuota: 4, changedBy: 'system:seed' } }]);
      expect(center.quotaHistory.totalCount).toBeGreaterThanOrEqual(1);
    });

    it('a stale expectedVersion gets CONFLICT with the current version', async () => {
      const station = await stationOf('那尔轰镇');
      const v = data(await t.gql(`query($id: ID!) { node(id: $id) { ... on Station { version } } }`, { id: station.id })).node.version;
      data(await t.gql(CHANGE, { i: { organizationId: station.id, staffQuota: 3, reason: '第一次', expectedVersion: v } }));
      const e = error(await t.gql(CHANGE, { i: { organizationId: station.id, staffQuota: 2, reason: '基于旧版本', expectedVersion: v } }));
      expect(e.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: v + 1 });
      expect((await stationOf('那尔轰镇')).staffQuota).toBe(3);
    });

    it('a failure in the middle of the mutation leaves the database unchanged (one transaction)', async () => {
      const station = await stationOf('花园口镇');
      const insert = jest.spyOn(Repository.prototype, 'insert').mockRejectedValueOnce(new Error('disk full (simulated)'));
      try {
        const e = error(await t.gql(CHANGE, { i: { organizationId: station.id, staffQuota: 3, reason: '中途失败' } }));
        expect(e.extensions.code).toBe('INTERNAL_SERVER_ERROR');
      } finally {
        insert.mockRestore();
      }
      expect((await stationOf('花园口镇')).staffQuota).toBe(2);
    });

    it('a reason of only spaces is no reason', async () => {
      const station = await stationOf('龙泉镇');
      const e = error(await t.gql(CHANGE, { i: { organizationId: station.id, staffQuota: 3, reason: '   ' } }));
      expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'input.reason', reason: '请填写调整原因或依据' }] });
    });

    it('refuses a quota for an organization that carries none', async () => {
      const gov = data(await t.gql(`{ organizations(kind: TOWNSHIP_GOVERNMENT, first: 1) { edges { node { id } } } }`)).organizations.edges[0].node;
      expect(error(await t.gql(CHANGE, { i: { organizationId: gov.id, staffQuota: 2, reason: 'x' } })).extensions.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('setRegionCode', () => {
    const SET = `mutation($i: SetRegionCodeInput!) { setRegionCode(input: $i) { name code version } }`;

    it('sets a town code 220622 1xx and a township (乡) code 220622 2xx', async () => {
      const conn = await townships();
      const jingyu = conn.edges.find((e: any) => e.node.name === '靖宇镇').node;
      const mengjiang = conn.edges.find((e: any) => e.node.name === '濛江乡').node;
      expect(data(await t.admins.system.gql(SET, { i: { regionId: jingyu.id, code: '220622100' } })).setRegionCode).toMatchObject({ code: '220622100', version: 2 });
      expect(data(await t.admins.system.gql(SET, { i: { regionId: mengjiang.id, code: '220622200' } })).setRegionCode.code).toBe('220622200');
    });

    it('refuses a code that does not fit and names the field', async () => {
      const conn = await townships();
      const jingshan = conn.edges.find((e: any) => e.node.name === '景山镇').node;
      for (const code of ['220622201', '220621101', '2206221', '22062210x']) {
        const e = error(await t.admins.system.gql(SET, { i: { regionId: jingshan.id, code } }));
        expect(e.extensions.code).toBe('BAD_USER_INPUT');
        expect(e.extensions.fields[0].field).toBe('input.code');
      }
      const taken = error(await t.admins.system.gql(SET, { i: { regionId: jingshan.id, code: '220622100' } }));
      expect(taken.extensions.code).toBe('CONFLICT');
      expect(taken.message).toMatch(/靖宇镇/);
      expect((await townships()).edges.find((e: any) => e.node.name === '景山镇').node.code).toBeNull();
    });
  });

  describe('facility checks (ORG-4)', () => {
    const RECORD = `mutation($i: RecordFacilityCheckInput!) { recordFacilityCheck(input: $i) { facility compliant checkedOn checkedBy } }`;
    const COMPLIANCE = `query($r: ID) { stations(regionId: $r) { edges { node { facilityCompliance { compliant missing items { facility compliant latestCheck { checkedBy } } } } } } }`;
    const FACILITIES = ['FIXED_OFFICE', 'INDEPENDENT_OFFICE', 'PRINTING', 'SCANNING', 'ARCHIVING', 'FILE_STORAGE', 'STANDARD_SIGN'];

    it('ORG-4: a station is compliant only when every facility latest check passed; the query lists what is missing', async () => {
      const sandaohu = (await townships()).edges.find((e: any) => e.node.name === '三道湖镇').node;
      for (const facility of FACILITIES) {
        data(await t.gql(RECORD, { i: { stationId: sandaohu.station.id, facility, compliant: facility !== 'STANDARD_SIGN', checkedOn: '2026-11-02', checkedBy: '张三' } }));
      }
      let c = data(await t.gql(COMPLIANCE, { r: sandaohu.id })).stations.edges[0].node.facilityCompliance;
      expect(c).toMatchObject({ compliant: false, missing: ['STANDARD_SIGN'] });
      data(await t.gql(RECORD, { i: { stationId: sandaohu.station.id, facility: 'STANDARD_SIGN', compliant: true, checkedOn: '2026-11-20', checkedBy: '李四' } }));
      c = data(await t.gql(COMPLIANCE, { r: sandaohu.id })).stations.edges[0].node.facilityCompliance;
      expect(c.compliant).toBe(true);
      expect(c.missing).toEqual([]);
      expect(c.items.find((i: any) => i.facility === 'STANDARD_SIGN').latestCheck.checkedBy).toBe('李四');
    });

    it('ORG-4: a facility check dated 2026-02-30 is refused with BAD_USER_INPUT on input.checkedOn (the Date scalar)', async () => {
      const s = await stationOf('靖宇镇');
      const checks = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM facility_check`))[0].n;
      const before = await checks();
      // the variable named as the argument: the error's field is the input's path, as clients name it
      const RECORD_INPUT = `mutation($input: RecordFacilityCheckInput!) { recordFacilityCheck(input: $input) { id } }`;
      for (const checkedOn of ['2026-02-30', '2026-2-3', '2026-11-02T00:00:00+08:00', '']) {
        const e = error(await t.gql(RECORD_INPUT, { input: { stationId: s.id, facility: 'PRINTING', compliant: true, checkedOn, checkedBy: '张三' } }));
        expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'input.checkedOn', reason: expect.stringContaining('不是有效的日期') }] });
      }
      // written as a literal in the document, the document itself is invalid: refused before anything runs
      const literal = error(await t.gql(`mutation($s: ID!) { recordFacilityCheck(input: { stationId: $s, facility: PRINTING, compliant: true, checkedOn: "2026-02-30", checkedBy: "张三" }) { id } }`, { s: s.id }));
      expect(literal.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(await checks()).toBe(before);
    });

    it('ORG-4: FacilityCheck.checkedOn is a Date in the schema, in and out, and answers the day recorded', async () => {
      const schema = data(await t.gql(`{ check: __type(name: "FacilityCheck") { fields { name type { ofType { name } } } }
        input: __type(name: "RecordFacilityCheckInput") { inputFields { name type { ofType { name } } } } }`));
      expect(schema.check.fields.find((f: any) => f.name === 'checkedOn').type.ofType.name).toBe('Date');
      expect(schema.input.inputFields.find((f: any) => f.name === 'checkedOn').type.ofType.name).toBe('Date');
      const s = await stationOf('龙泉镇');
      const check = data(await t.gql(RECORD, { i: { stationId: s.id, facility: 'SCANNING', compliant: true, checkedOn: '2026-03-01', checkedBy: '张三' } })).recordFacilityCheck;
      expect(check.checkedOn).toBe('2026-03-01');
    });

    it('ORG-4: refuses a check dated in the future (not later than today) and non-station targets', async () => {
      const s = await stationOf('靖宇镇');
      const future = error(await t.gql(RECORD, { i: { stationId: s.id, facility: 'PRINTING', compliant: true, checkedOn: '2999-01-01', checkedBy: '张三' } }));
      expect(future.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'T-ORG-1', protects: 'ORG-4', fields: [{ field: 'input.checkedOn', reason: `检查日期不能晚于今天（${t.clock.today()}）` }] });
      const center = data(await t.gql(`{ guidanceCenter { id } }`)).guidanceCenter;
      expect(error(await t.gql(RECORD, { i: { stationId: center.id, facility: 'PRINTING', compliant: true, checkedOn: '2026-11-01', checkedBy: '张三' } })).extensions.code).toBe('BAD_USER_INPUT');
    });
  });

  it('ORG-5: adds a member unit to a committee of the same region and a government full-time fire station', async () => {
    const committee = data(await t.gql(`{ organizations(kind: COUNTY_COMMITTEE) { edges { node { id region { id } } } } }`)).organizations.edges[0].node;
    const CREATE = `mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { kind name parent { kind } region { name } } }`;
    const unit = data(await t.admins.system.gql(CREATE, { i: { kind: 'MEMBER_UNIT', name: '靖宇县应急管理局', regionId: committee.region.id, committeeId: committee.id } }));
    expect(unit.createOrganization).toEqual({ kind: 'MEMBER_UNIT', name: '靖宇县应急管理局', parent: { kind: 'COUNTY_COMMITTEE' }, region: { name: '靖宇县' } });
    const dup = error(await t.admins.system.gql(CREATE, { i: { kind: 'MEMBER_UNIT', name: '靖宇县应急管理局', regionId: committee.region.id, committeeId: committee.id } }));
    expect(dup.extensions.code).toBe('CONFLICT');
    const station = error(await t.admins.system.gql(CREATE, { i: { kind: 'FIRE_WORK_STATION', name: '第二工作站', regionId: committee.region.id } }));
    expect(station.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('adds villages under a township (the tree holds down to village level)', async () => {
    const jingyu = (await townships()).edges.find((e: any) => e.node.name === '靖宇镇').node;
    const CREATE = `mutation($i: CreateRegionInput!) { createRegion(input: $i) { name level kind parent { name } } }`;
    const v = data(await t.admins.system.gql(CREATE, { i: { parentId: jingyu.id, name: '新村', kind: 'VILLAGE' } })).createRegion;
    expect(v).toEqual({ name: '新村', level: 'VILLAGE', kind: 'VILLAGE', parent: { name: '靖宇镇' } });
    expect(error(await t.admins.system.gql(CREATE, { i: { parentId: jingyu.id, name: '新村', kind: 'VILLAGE' } })).extensions.code).toBe('CONFLICT');
    expect(error(await t.admins.system.gql(CREATE, { i: { parentId: jingyu.id, name: '另一村', kind: 'TOWN' } })).extensions.code).toBe('BAD_USER_INPUT');
  });
});
