import { Role } from '../../src/kernel/permissions';
import { createTestApp, data, GqlResponse, TestApp } from '../support/test-app';

const code = (res: GqlResponse) => res.body.errors?.[0]?.extensions?.code ?? null;
const RECORD = `mutation($i: RecordFacilityCheckInput!) { recordFacilityCheck(input: $i) { checkedBy } }`;

describe('jurisdiction and dual management (EVA-5, ORG-5)', () => {
  let t: TestApp;
  let jingshanStation: string;
  let jingyuStation: string;
  beforeAll(async () => {
    t = await createTestApp();
    const stations = data(await t.gql(`{ stations(first: 20) { edges { node { id township { name } } } } }`)).stations.edges.map((e: any) => e.node);
    jingshanStation = stations.find((s: any) => s.township.name === '景山镇').id;
    jingyuStation = stations.find((s: any) => s.township.name === '靖宇镇').id;
  });
  afterAll(async () => {
    await t?.close();
  });
  const check = (stationId: string, checkedBy: string) => ({ i: { stationId, facility: 'STANDARD_SIGN', compliant: true, checkedOn: '2026-11-02', checkedBy } });

  it('EVA-5, ORG-5: the county center and the township government both manage the township station', async () => {
    const center = await t.account({ role: Role.CENTER });
    const government = await t.account({ role: Role.TOWNSHIP_GOVERNMENT, region: '景山镇' });
    expect(data(await t.gql(RECORD, check(jingshanStation, '指导中心'), center.headers)).recordFacilityCheck.checkedBy).toBe('指导中心');
    expect(data(await t.gql(RECORD, check(jingshanStation, '景山镇政府'), government.headers)).recordFacilityCheck.checkedBy).toBe('景山镇政府');
    // the center reaches every township's station; the township government only its own
    data(await t.gql(RECORD, check(jingyuStation, '指导中心'), center.headers));
    expect(code(await t.gql(RECORD, check(jingyuStation, '景山镇政府'), government.headers))).toBe('FORBIDDEN');
  });

  it('a township account sees its township (and the regions above it), never a sibling township', async () => {
    const staff = await t.account({ role: Role.STATION, region: '景山镇' });
    const seen = data(await t.gql(`{ townships { edges { node { name } } } stations { totalCount } regions(first: 100) { edges { node { name level } } } }`, undefined, staff.headers));
    expect(seen.townships.edges.map((e: any) => e.node.name)).toEqual(['景山镇']);
    expect(seen.stations.totalCount).toBe(1);
    expect(seen.regions.edges.map((e: any) => e.node.name).sort()).toEqual(['吉林省', '白山市', '靖宇县', '景山镇'].sort());
    expect(data(await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: jingyuStation }, staff.headers)).node).toBeNull();
    expect(code(await t.gql(`query($id: ID!) { stations(regionId: $id) { totalCount } }`, { id: (await regionIdOf('靖宇镇')) }, staff.headers))).toBe('FORBIDDEN');
  });

  it('station staff hold no permission to manage accounts or read the audit trail', async () => {
    const staff = await t.account({ role: Role.STATION, region: '景山镇' });
    expect(code(await t.gql(`{ accounts { totalCount } }`, undefined, staff.headers))).toBe('FORBIDDEN');
    expect(code(await t.gql(`{ auditLog { totalCount } }`, undefined, staff.headers))).toBe('FORBIDDEN');
  });

  async function regionIdOf(name: string): Promise<string> {
    return Buffer.from(`Region:${await t.regionId(name)}`).toString('base64');
  }
});
