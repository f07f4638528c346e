import { Role } from '../src/kernel/permissions';
import { toGlobalId } from '../src/graphql/global-id';
import { citizenIdFor } from './support/factories';
import { createTestApp, data, error, TestAccount, TestApp } from './support/test-app';

/** A deployment that grows: townships and counties added later get their bodies (ORG-1, ORG-2), codes are GB/T 2260. */
describe('organization growth (ORG-1, ORG-2, ORG-3) and region codes (GB/T 2260, PER-4)', () => {
  let t: TestApp;
  let jingyu: string; // the county's global id
  let baishan: string;
  let cityOffice: TestAccount; // a committee office at 白山市: it reads the counties below it
  let cityAdmin: TestAccount; // the system administrator at 白山市: it may add a county (REGION_MANAGE)
  beforeAll(async () => {
    t = await createTestApp();
    jingyu = toGlobalId('Region', await t.regionId('靖宇县'));
    baishan = toGlobalId('Region', await t.regionId('白山市'));
    cityOffice = await t.account({ role: Role.COMMITTEE_OFFICE, region: '白山市' });
    cityAdmin = await t.account({ role: Role.SYSTEM_ADMIN, region: '白山市' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const CREATE_REGION = `mutation($i: CreateRegionInput!) { createRegion(input: $i) { id name level kind code } }`;
  const CREATE_ORG = `mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id kind name staffQuota parent { kind } region { name } } }`;
  const bodiesOf = async (regionId: string) =>
    (await t.dataSource.query(
      `SELECT o.kind, o.name, o.staff_quota, p.kind AS parent_kind FROM organization o LEFT JOIN organization p ON p.id = o.parent_id
       WHERE o.region_id = $1 ORDER BY o.kind`, [regionId],
    )) as { kind: string; name: string; staff_quota: number | null; parent_kind: string | null }[];
  const uuid = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1];
  const regionCount = async () => Number((await t.dataSource.query(`SELECT count(*) AS n FROM region`))[0].n);

  describe('ORG-2: a township added under a county gets its committee, office, government and station', () => {
    let township: { id: string; name: string };

    it('ORG-2, ORG-3: createRegion(kind: TOWN) sets up the four bodies in one transaction, the station with the default quota 2', async () => {
      township = data(await t.admins.system.gql(CREATE_REGION, { i: { parentId: jingyu, name: '白山镇', kind: 'TOWN', code: '220622110' } })).createRegion;
      expect(township).toMatchObject({ name: '白山镇', level: 'TOWNSHIP', kind: 'TOWN', code: '220622110' });
      expect(await bodiesOf(uuid(township.id))).toEqual([
        { kind: 'FIRE_WORK_STATION', name: '白山镇消防工作站', staff_quota: 2, parent_kind: 'TOWNSHIP_COMMITTEE' },
        { kind: 'TOWNSHIP_COMMITTEE', name: '白山镇消防救援委员会', staff_quota: null, parent_kind: null },
        { kind: 'TOWNSHIP_COMMITTEE_OFFICE', name: '白山镇消防救援委员会办公室', staff_quota: null, parent_kind: 'TOWNSHIP_COMMITTEE' },
        { kind: 'TOWNSHIP_GOVERNMENT', name: '白山镇人民政府', staff_quota: null, parent_kind: null },
      ]);
      // ORG-3: the station's first quota is on its history, with who set it up
      const history = data(await t.gql(`{ townships(first: 20) { edges { node { name station { quotaHistory(first: 5) { edges { node { previousQuota newQuota changedBy reason } } } } } } } }`))
        .townships.edges.find((e: any) => e.node.name === '白山镇').node.station.quotaHistory.edges.map((e: any) => e.node);
      expect(history).toEqual([{ previousQuota: null, newQuota: 2, changedBy: 'test-sysadmin', reason: expect.stringContaining('ORG-2') }]);
    });

    it('ORG-2: the new township is listed in townships with its station, after the 8 of Appendix 1', async () => {
      const conn = data(await t.gql(`{ townships(first: 20) { totalCount edges { node { name code station { name staffQuota } } } } }`)).townships;
      expect(conn.totalCount).toBe(9);
      expect(conn.edges[8].node).toEqual({ name: '白山镇', code: '220622110', station: { name: '白山镇消防工作站', staffQuota: 2 } });
    });

    it('ORG-3, PER-9: its vacancies appear in staffing (2 posts, nobody on duty)', async () => {
      const rows = data(await t.gql(`query($r: ID) { staffing(regionId: $r, first: 5) { totalCount edges { node { organizationName townshipName staffQuota onDuty vacancies } } } }`,
        { r: township.id })).staffing;
      expect(rows.totalCount).toBe(1);
      expect(rows.edges[0].node).toEqual({ organizationName: '白山镇消防工作站', townshipName: '白山镇', staffQuota: 2, onDuty: 0, vacancies: 2 });
    });

    it('ORG-2: accounts are created for its station and its government, and see their own township only', async () => {
      const CREATE_ACCOUNT = `mutation($i: CreateAccountInput!) { createAccount(input: $i) { username role organization { kind name } } }`;
      for (const [role, name] of [['STATION', '白山镇消防工作站'], ['TOWNSHIP_GOVERNMENT', '白山镇人民政府']] as const) {
        const a = data(await t.admins.system.gql(CREATE_ACCOUNT, { i: { username: `baishan-${role.toLowerCase()}`, password: 'Growth-Passw0rd', displayName: '白山镇', role, regionId: township.id } })).createAccount;
        expect(a.organization).toEqual({ kind: role === 'STATION' ? 'FIRE_WORK_STATION' : 'TOWNSHIP_GOVERNMENT', name });
      }
      const station = await t.account({ role: Role.STATION, region: '白山镇' });
      const seen = data(await t.gqlAs(station, `{ townships(first: 20) { edges { node { name } } } }`)).townships.edges.map((e: any) => e.node.name);
      expect(seen).toEqual(['白山镇']);
    });

    it('ORG-3: the station quota may be set to 3 at creation; 1 and 4 are refused and nothing is written', async () => {
      const three = data(await t.admins.system.gql(CREATE_REGION, { i: { parentId: jingyu, name: '三人镇', kind: 'TOWN', stationStaffQuota: 3 } })).createRegion;
      expect((await bodiesOf(uuid(three.id))).find((b) => b.kind === 'FIRE_WORK_STATION')!.staff_quota).toBe(3);
      const before = await regionCount();
      for (const quota of [1, 4]) {
        const e = error(await t.admins.system.gql(CREATE_REGION, { i: { parentId: jingyu, name: `编制${quota}镇`, kind: 'TOWN', stationStaffQuota: quota } }));
        expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'input.stationStaffQuota', reason: expect.stringContaining('ORG-3') }] });
      }
      // a village has no station; a township no center
      const village = error(await t.admins.system.gql(CREATE_REGION, { i: { parentId: township.id, name: '白山村', kind: 'VILLAGE', stationStaffQuota: 2 } }));
      expect(village.extensions.fields[0]).toEqual({ field: 'input.stationStaffQuota', reason: '只有新设乡镇时设定工作站编制' });
      expect(error(await t.admins.system.gql(CREATE_REGION, { i: { parentId: jingyu, name: '中心镇', kind: 'TOWN', centerStaffQuota: 4 } })).extensions.fields[0].field).toBe('input.centerStaffQuota');
      expect(await regionCount()).toBe(before);
    });

    it('ORG-2: a village added under the township gets no bodies', async () => {
      const village = data(await t.admins.system.gql(CREATE_REGION, { i: { parentId: township.id, name: '白山一村', kind: 'VILLAGE', code: '220622110001' } })).createRegion;
      expect(await bodiesOf(uuid(village.id))).toEqual([]);
    });
  });

  describe('createOrganization: one body of each kind per region', () => {
    it('ORG-2: a second station in a township is a CONFLICT naming the rule, in zh-CN', async () => {
      const jingshan = toGlobalId('Region', await t.regionId('景山镇'));
      const e = error(await t.admins.system.gql(CREATE_ORG, { i: { kind: 'FIRE_WORK_STATION', name: '景山镇第二工作站', regionId: jingshan } }));
      expect(e.extensions.code).toBe('CONFLICT');
      expect(e.message).toBe('“景山镇”已设有消防工作站“景山镇消防工作站”，每个乡镇只设一个（ORG-2）');
      const stations = await t.dataSource.query(`SELECT count(*) AS n FROM organization o JOIN region r ON r.id = o.region_id WHERE r.name = '景山镇' AND o.kind = 'FIRE_WORK_STATION'`);
      expect(Number(stations[0].n)).toBe(1);
    });

    it('ORG-2: a township that lacks its bodies gets them one by one, each on its committee; a station first is refused', async () => {
      // a township recorded before its bodies (as raw data could hold it)
      const [{ id: county, path }] = await t.dataSource.query(`SELECT id, path FROM region WHERE name = '靖宇县'`);
      const id = '7a2b3c4d-0000-4000-8000-000000000001';
      await t.dataSource.query(`INSERT INTO region (id, parent_id, level, kind, name, path, sort_order, version) VALUES ($1, $2, 'TOWNSHIP', 'TOWN', '补设镇', $3, 50, 1)`,
        [id, county, `${path}${id}/`]);
      const regionId = toGlobalId('Region', id);
      const first = error(await t.admins.system.gql(CREATE_ORG, { i: { kind: 'FIRE_WORK_STATION', name: '补设镇消防工作站', regionId } }));
      expect(first.extensions.fields[0]).toEqual({ field: 'input.kind', reason: '请先设立乡镇消防救援委员会（消防工作站依托其设立）' });
      expect(data(await t.admins.system.gql(CREATE_ORG, { i: { kind: 'TOWNSHIP_COMMITTEE', name: '补设镇消防救援委员会', regionId } })).createOrganization)
        .toMatchObject({ kind: 'TOWNSHIP_COMMITTEE', parent: null, staffQuota: null });
      expect(error(await t.admins.system.gql(CREATE_ORG, { i: { kind: 'FIRE_WORK_STATION', name: '补设镇消防工作站', regionId, staffQuota: 4 } })).extensions.fields[0].field).toBe('input.staffQuota');
      const station = data(await t.admins.system.gql(CREATE_ORG, { i: { kind: 'FIRE_WORK_STATION', name: '补设镇消防工作站', regionId } })).createOrganization;
      expect(station).toEqual({ id: expect.any(String), kind: 'FIRE_WORK_STATION', name: '补设镇消防工作站', staffQuota: 2, parent: { kind: 'TOWNSHIP_COMMITTEE' }, region: { name: '补设镇' } });
      // a county body is not set up in a township; member units keep their path
      expect(error(await t.admins.system.gql(CREATE_ORG, { i: { kind: 'GUIDANCE_CENTER', name: '补设镇指导中心', regionId } })).extensions.fields[0])
        .toEqual({ field: 'input.regionId', reason: '消防工作服务指导中心须设在县' });
    });
  });

  describe('ORG-1: a county added under a city gets its committee, office, guidance center and brigade', () => {
    let county: string;

    it('ORG-1: createRegion under 白山市 by the city\'s committee office sets up the four county bodies, the center with 4 staff', async () => {
      county = data(await t.gqlAs(cityAdmin, CREATE_REGION, { i: { parentId: baishan, name: '江源区', code: '220605' } })).createRegion.id;
      expect(await bodiesOf(uuid(county))).toEqual([
        { kind: 'COUNTY_COMMITTEE', name: '江源区消防救援委员会', staff_quota: null, parent_kind: null },
        { kind: 'COUNTY_COMMITTEE_OFFICE', name: '江源区消防救援委员会办公室', staff_quota: null, parent_kind: 'COUNTY_COMMITTEE' },
        { kind: 'FIRE_RESCUE_BRIGADE', name: '江源区消防救援大队', staff_quota: null, parent_kind: null },
        { kind: 'GUIDANCE_CENTER', name: '江源区消防工作服务指导中心', staff_quota: 4, parent_kind: 'COUNTY_COMMITTEE_OFFICE' },
      ]);
    });

    it('ORG-1: a county\'s center quota may be set at creation (centerStaffQuota); 0 is refused', async () => {
      const other = data(await t.gqlAs(cityAdmin, CREATE_REGION, { i: { parentId: baishan, name: '临江市', code: '220681', centerStaffQuota: 5 } })).createRegion.id;
      expect((await bodiesOf(uuid(other))).find((b) => b.kind === 'GUIDANCE_CENTER')!.staff_quota).toBe(5);
      expect(error(await t.gqlAs(cityAdmin, CREATE_REGION, { i: { parentId: baishan, name: '抚松县', centerStaffQuota: 0 } })).extensions.code).toBe('BAD_USER_INPUT');
    });

    it('ORG-1: guidanceCenter without countyId answers the caller\'s own county; a city account must name one', async () => {
      const own = data(await t.gql(`{ guidanceCenter { name } }`)).guidanceCenter;
      expect(own.name).toBe('靖宇县消防工作服务指导中心');
      const office = await t.account({ role: Role.COMMITTEE_OFFICE, region: '江源区' });
      expect(data(await t.gqlAs(office, `{ guidanceCenter { name staffQuota } }`)).guidanceCenter).toEqual({ name: '江源区消防工作服务指导中心', staffQuota: 4 });
      expect(error(await t.gqlAs(cityOffice, `{ guidanceCenter { name } }`)).extensions.fields[0]).toEqual({ field: 'countyId', reason: '本系统有多个县，请指定县' });
      expect(data(await t.gqlAs(cityOffice, `query($c: ID) { guidanceCenter(countyId: $c) { name } }`, { c: county })).guidanceCenter.name).toBe('江源区消防工作服务指导中心');
    });

    it('ORG-1: accounts of the new county\'s center and brigade can be created', async () => {
      for (const role of ['CENTER', 'BRIGADE'] as const) {
        const a = data(await t.gqlAs(cityAdmin, `mutation($i: CreateAccountInput!) { createAccount(input: $i) { organization { kind } } }`,
          { i: { username: `jiangyuan-${role.toLowerCase()}`, password: 'Growth-Passw0rd', displayName: '江源区', role, regionId: county } })).createAccount;
        expect(a.organization.kind).toBe(role === 'CENTER' ? 'GUIDANCE_CENTER' : 'FIRE_RESCUE_BRIGADE');
      }
    });
  });

  describe('region codes (GB/T 2260)', () => {
    it('the seeded province and city read as 6-digit codes', async () => {
      const res = data(await t.gql(`{ guidanceCenter { county { code parent { code parent { code } } } } }`)).guidanceCenter.county;
      expect(res).toEqual({ code: '220622', parent: { code: '220600', parent: { code: '220000' } } });
    });

    it('a Beijing county under Jilin\'s 白山市 is refused; so is a 4-digit city code', async () => {
      const before = await regionCount();
      const beijing = error(await t.gqlAs(cityAdmin, CREATE_REGION, { i: { parentId: baishan, name: '朝阳区', code: '110105' } }));
      expect(beijing.extensions.fields[0]).toEqual({ field: 'input.code', reason: '须以上级行政区划代码 220600 的前 4 位 2206 开头' });
      const short = error(await t.gqlAs(cityAdmin, `mutation($i: SetRegionCodeInput!) { setRegionCode(input: $i) { code } }`, { i: { regionId: baishan, code: '2206' } }));
      expect(short.extensions.code).toBe('BAD_USER_INPUT');
      expect(await regionCount()).toBe(before);
    });

    it('a city\'s code is checked against its counties by its 4 significant digits', async () => {
      const SET = `mutation($i: SetRegionCodeInput!) { setRegionCode(input: $i) { code } }`;
      expect(data(await t.gqlAs(cityAdmin, SET, { i: { regionId: baishan, code: '220600' } })).setRegionCode.code).toBe('220600');
      const moved = error(await t.gqlAs(cityAdmin, SET, { i: { regionId: baishan, code: '220500' } }));
      expect(moved.extensions.fields[0]).toEqual({ field: 'input.code', reason: '已有下级区划的代码不以此代码开头，请先调整下级代码' });
    });

    it('999999999999 matches no parent: refused as a village code and as a township code', async () => {
      const jingshan = toGlobalId('Region', await t.regionId('景山镇'));
      const village = error(await t.admins.system.gql(CREATE_REGION, { i: { parentId: jingshan, name: '九村', kind: 'VILLAGE', code: '999999999999' } }));
      expect(village.extensions.fields[0]).toEqual({ field: 'input.code', reason: '99 不是 GB/T 2260 的省级代码' });
      const town = error(await t.admins.system.gql(`mutation($i: SetRegionCodeInput!) { setRegionCode(input: $i) { code } }`, { i: { regionId: jingshan, code: '999999999' } }));
      expect(town.extensions.code).toBe('BAD_USER_INPUT');
      expect(data(await t.admins.system.gql(`mutation($i: SetRegionCodeInput!) { setRegionCode(input: $i) { code } }`, { i: { regionId: jingshan, code: '220622102' } })).setRegionCode.code).toBe('220622102');
    });

    it('the database refuses a code of the wrong shape for its level, whatever writes it (ck_region_code_shape)', async () => {
      await expect(t.dataSource.query(`UPDATE region SET code = '220622' WHERE name = '龙泉镇'`)).rejects.toThrow(/ck_region_code_shape/);
      await expect(t.dataSource.query(`UPDATE region SET code = '22' WHERE level = 'PROVINCE'`)).rejects.toThrow(/ck_region_code_shape/);
      await t.dataSource.query(`UPDATE region SET code = '220622105' WHERE name = '龙泉镇'`);
      await t.dataSource.query(`UPDATE region SET code = NULL WHERE name = '龙泉镇'`);
    });
  });

  describe('PER-4: household registration at the place of residence, read as codes', () => {
    let gov: TestAccount;
    let seq = 0;
    let jingshan: string;
    let station: string;
    beforeAll(async () => {
      gov = await t.account({ role: Role.TOWNSHIP_GOVERNMENT, region: '景山镇' });
      jingshan = toGlobalId('Region', await t.regionId('景山镇'));
      const [row] = await t.dataSource.query(`SELECT o.id FROM organization o JOIN region r ON r.id = o.region_id WHERE r.name = '景山镇' AND o.kind = 'FIRE_WORK_STATION'`);
      station = toGlobalId('Organization', row.id);
    });
    const createPerson = (codes: { householdRegionCode: string; residenceRegionCode: string }) => {
      const birthDate = '1990-06-15';
      return t.gql(`mutation($i: CreatePersonInput!) { createPerson(input: $i) { id } }`, {
        i: {
          name: `户籍${++seq}`, gender: 'MALE', birthDate, citizenId: citizenIdFor(birthDate, true, 700 + seq), education: 'SENIOR_HIGH',
          establishmentUnit: '景山镇人民政府', establishmentType: 'PUBLIC_SYSTEM', communication: 'GOOD', regionId: jingshan, ...codes,
        },
      }, gov.headers);
    };
    const per4 = async (personId: string) =>
      data(await t.gql(`query($p: ID!, $s: ID!) { eligibility(personId: $p, stationId: $s) { verdicts { rule verdict explanation } } }`, { p: personId, s: station }, gov.headers))
        .eligibility.verdicts.find((v: any) => v.rule === 'PER_4');
    const people = async () => Number((await t.dataSource.query(`SELECT count(*) AS n FROM person`))[0].n);

    it('PER-4: 999999999999, a county alone and a 10-digit code are refused at entry (BAD_USER_INPUT), nothing written', async () => {
      const before = await people();
      for (const [code, reason] of [
        ['999999999999', '99 不是 GB/T 2260 的省级代码'],
        ['220622', '须为 9 位（乡镇）或 12 位（村居）行政区划代码'],
        ['2206221010', '须为 9 位（乡镇）或 12 位（村居）行政区划代码'],
        ['220622000', '第 7 至 9 位（乡级）不能全为 0'],
      ]) {
        const e = error(await createPerson({ householdRegionCode: code, residenceRegionCode: '220622102' }));
        expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'input.householdRegionCode', reason }] });
      }
      const residence = error(await createPerson({ householdRegionCode: '220622102', residenceRegionCode: '999999999999' }));
      expect(residence.extensions.fields[0].field).toBe('input.residenceRegionCode');
      expect(await people()).toBe(before);
    });

    it('PER-4: two villages of one township pass; a Beijing household with a Jingyu residence fails', async () => {
      const same = data(await createPerson({ householdRegionCode: '220622102001', residenceRegionCode: '220622102003' })).createPerson;
      expect(await per4(same.id)).toMatchObject({ verdict: 'PASS', explanation: expect.stringContaining('同属一个乡镇') });
      const township = data(await createPerson({ householdRegionCode: '220622102000', residenceRegionCode: '220622102' })).createPerson;
      expect((await per4(township.id)).verdict).toBe('PASS');
      const beijing = data(await createPerson({ householdRegionCode: '110105001', residenceRegionCode: '220622102' })).createPerson;
      expect(await per4(beijing.id)).toMatchObject({ verdict: 'FAIL', explanation: expect.stringContaining('户口不在常驻地') });
    });

    it('PER-4: the same county, another township is not the place of residence (the boundary is the 9-digit township)', async () => {
      const p = data(await createPerson({ householdRegionCode: '220622101', residenceRegionCode: '220622102' })).createPerson;
      expect((await per4(p.id)).verdict).toBe('FAIL');
    });

    it('PER-4: a person stored with a 6-digit code before codes were checked fails, the reason shown', async () => {
      const p = data(await createPerson({ householdRegionCode: '220622102', residenceRegionCode: '220622102' })).createPerson;
      await t.dataSource.query(`UPDATE person SET household_region_code = '220622' WHERE id = $1`, [uuid(p.id)]);
      expect(await per4(p.id)).toMatchObject({ verdict: 'FAIL', explanation: expect.stringContaining('户籍地代码须为 9 位') });
    });
  });
});
