import { Role } from '../../src/kernel/permissions';
import { toGlobalId } from '../../src/graphql/global-id';
import { uploaded } from '../support/files';
import { createTestApp, data, error, TestAccount, TestApp } from '../support/test-app';

/** The nodes of a connection's page. */
const nodes = (conn: { edges: { node: any }[] }): any[] => conn.edges.map((e) => e.node);

/** ORG-6 village guidance and its coverage; TRN-3 good practices from submission to county-wide promotion. */
describe('outreach: village guidance (ORG-6) and good practices (TRN-3)', () => {
  let t: TestApp;
  let station: TestAccount;
  let gov: TestAccount;
  let center: TestAccount;
  let otherStation: TestAccount;
  let discipline: TestAccount;
  let memberUnit: TestAccount;
  let jingshan: string;
  let longquan: string;

  beforeAll(async () => {
    t = await createTestApp();
    station = await t.account({ role: Role.STATION, region: '景山镇' });
    gov = await t.account({ role: Role.TOWNSHIP_GOVERNMENT, region: '景山镇' });
    center = await t.account({ role: Role.CENTER });
    otherStation = await t.account({ role: Role.STATION, region: '龙泉镇' });
    discipline = await t.account({ role: Role.DISCIPLINE });
    const countyCommittee = ((await t.dataSource.query(`SELECT o.id FROM organization o JOIN region r ON r.id = o.region_id WHERE r.name = '靖宇县' AND o.kind = 'COUNTY_COMMITTEE'`)) as { id: string }[])[0].id;
    const unit = data(await t.admins.system.gql(`mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`, {
      i: { kind: 'MEMBER_UNIT', name: '县教育局', regionId: toGlobalId('Region', await t.regionId('靖宇县')), committeeId: toGlobalId('Organization', countyCommittee) },
    })).createOrganization.id;
    memberUnit = await t.account({ role: Role.MEMBER_UNIT, organizationId: unit });
    jingshan = toGlobalId('Region', await t.regionId('景山镇'));
    longquan = toGlobalId('Region', await t.regionId('龙泉镇'));
  });
  afterAll(async () => {
    await t?.close();
  });

  const village = async (parentId: string, name: string) =>
    data(await t.admins.system.gql(`mutation($i: CreateRegionInput!) { createRegion(input: $i) { id } }`, { i: { parentId, name, kind: name.endsWith('社区') ? 'COMMUNITY' : 'VILLAGE' } })).createRegion.id as string;
  const GUIDANCE = `id managerName managerPhoneMasked pledgeAdoptedOn pledgeAttachments { name sha256 } teamKind teamHead trainedMembers teamShortfalls version village { name }`;
  const mutate = (who: TestAccount, name: string, input: Record<string, unknown>, fields = GUIDANCE) =>
    t.gqlAs(who, `mutation($i: ${name[0].toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $i) { ${fields} } }`, { i: input });
  const members = (trained: number, untrained = 0) => [
    ...Array.from({ length: trained }, (_v, i) => ({ name: `队员${i + 1}`, trained: true })),
    ...Array.from({ length: untrained }, (_v, i) => ({ name: `新队员${i + 1}`, trained: false })),
  ];

  describe('ORG-6 village guidance', () => {
    it('ORG-6: a village starts empty; its manager\'s phone is kept protected and shown masked; bad input changes nothing', async () => {
      const v = await village(jingshan, '东兴村');
      const empty = data(await t.gqlAs(station, `query($v: ID!) { villageGuidance(villageId: $v) { ${GUIDANCE} } }`, { v })).villageGuidance;
      expect(empty).toMatchObject({ managerName: null, teamKind: 'NONE', version: 0, village: { name: '东兴村' } });
      expect(error(await mutate(station, 'setVillageManager', { villageId: v, name: '李支书', phone: '12345' })).extensions.fields[0].field).toBe('input.phone');
      expect(error(await mutate(station, 'setVillageManager', { villageId: jingshan, name: '李支书', phone: '13800138000' })).extensions.fields[0]).toEqual({ field: 'input.villageId', reason: '须为村（社区）' });
      const set = data(await mutate(station, 'setVillageManager', { villageId: v, name: '李支书', phone: '13800138000', expectedVersion: 0 })).setVillageManager;
      expect(set).toMatchObject({ managerName: '李支书', managerPhoneMasked: '138****8000', version: 1 });
      const [row] = (await t.dataSource.query(`SELECT manager_phone_enc FROM village_guidance WHERE village_id = $1`, [Buffer.from(v, 'base64').toString().split(':')[1]])) as { manager_phone_enc: string }[];
      expect(row.manager_phone_enc).not.toContain('13800138000');
      // a stale version is a CONFLICT and changes nothing
      expect(error(await mutate(station, 'setVillageManager', { villageId: v, name: '王主任', phone: '13900139000', expectedVersion: 0 })).extensions.code).toBe('CONFLICT');
      expect(data(await t.gqlAs(gov, `query($v: ID!) { villageGuidance(villageId: $v) { managerName version } }`, { v })).villageGuidance).toEqual({ managerName: '李支书', version: 1 });
      // another township's station neither reads nor writes it
      expect(error(await t.gqlAs(otherStation, `query($v: ID!) { villageGuidance(villageId: $v) { managerName } }`, { v })).extensions.code).toBe('FORBIDDEN');
      expect(error(await mutate(otherStation, 'setVillageManager', { villageId: v, name: 'x', phone: '13800138000' })).extensions.code).toBe('FORBIDDEN');
    });

    it('ORG-6: a micro fire station needs a head and at least 5 trained members; the record says what it lacks', async () => {
      const v = await village(jingshan, '西岗村');
      const four = data(await mutate(station, 'setVillageTeam', { villageId: v, kind: 'MICRO_STATION', head: '张站长', members: members(4, 3), equipment: [{ name: '灭火器', quantity: 10 }] })).setVillageTeam;
      expect(four).toMatchObject({ teamKind: 'MICRO_STATION', trainedMembers: 4, teamShortfalls: ['经培训的队员 4 人，少于 5 人'] });
      // replacing the recorded team needs a reason (kept with what it replaced)
      expect(error(await mutate(station, 'setVillageTeam', { villageId: v, kind: 'MICRO_STATION', members: members(5) })).extensions.fields[0].field).toBe('input.reason');
      const headless = data(await mutate(station, 'setVillageTeam', { villageId: v, kind: 'MICRO_STATION', members: members(5), reason: '新队员结业' })).setVillageTeam;
      expect(headless.teamShortfalls).toEqual(['微型消防站未明确站长']);
      const five = data(await mutate(station, 'setVillageTeam', { villageId: v, kind: 'MICRO_STATION', head: '张站长', members: members(5), reason: '明确站长' })).setVillageTeam;
      expect(five).toMatchObject({ trainedMembers: 5, teamShortfalls: [] });
      // a volunteer team has no minimum; "none" carries no members
      expect(data(await mutate(station, 'setVillageTeam', { villageId: v, kind: 'VOLUNTEER_TEAM', head: '赵队长', members: members(2), reason: '改为志愿消防队' })).setVillageTeam.teamShortfalls).toEqual([]);
      expect(error(await mutate(station, 'setVillageTeam', { villageId: v, kind: 'NONE', members: members(1) })).extensions.fields[0].field).toBe('input.kind');
      expect(error(await mutate(station, 'setVillageTeam', { villageId: v, kind: 'VOLUNTEER_TEAM', members: [{ name: '甲', trained: true }, { name: '甲', trained: false }] })).extensions.fields[0].field).toBe('input.members[1].name');
    });

    it('ORG-6: villageCoverage counts per township who has a manager, a pledge, a team, and names who lack them', async () => {
      // 龙泉镇: four villages, none entered by another test
      const [a, b, c, d] = [await village(longquan, '甲村'), await village(longquan, '乙村'), await village(longquan, '丙村'), await village(longquan, '丁社区')];
      const lq = await t.account({ role: Role.STATION, region: '龙泉镇' });
      const pledgeFile = await uploaded(t, lq, '防火公约.png');
      data(await mutate(lq, 'setVillageManager', { villageId: a, name: '甲主任', phone: '13800000001' }));
      data(await mutate(lq, 'setVillageManager', { villageId: b, name: '乙主任', phone: '13800000002' }));
      data(await mutate(lq, 'setVillageManager', { villageId: c, name: '丙主任', phone: '13800000003' }));
      data(await mutate(lq, 'recordVillagePledge', { villageId: a, adoptedOn: '2026-03-01', attachments: [pledgeFile] }));
      data(await mutate(lq, 'recordVillagePledge', { villageId: d, adoptedOn: '2026-04-01' }));
      data(await mutate(lq, 'setVillageTeam', { villageId: a, kind: 'MICRO_STATION', head: '甲站长', members: members(6) }));
      data(await mutate(lq, 'setVillageTeam', { villageId: b, kind: 'MICRO_STATION', head: '乙站长', members: members(3, 4) }));
      data(await mutate(lq, 'setVillageTeam', { villageId: c, kind: 'VOLUNTEER_TEAM', head: '丙队长', members: members(2) }));
      // the request's cost counts each nested page at its size: 8 townships × 4 lists of up to 10 villages
      const page = data(await t.gqlAs(center, `{ villageCoverage(first: 8) { totalCount edges { node { township { name } villages withManager withPledge withTeam volunteerTeams microStations
        lackingManager(first: 10) { edges { node { name } } } lackingPledge(first: 10) { edges { node { name } } } lackingTeam(first: 10) { edges { node { name } } }
        shortTeams(first: 10) { edges { node { village { name } problems } } } } } } }`)).villageCoverage;
      expect(page.totalCount).toBe(8);
      const rows = nodes(page).map((r: any) => ({
        ...r, lackingManager: nodes(r.lackingManager), lackingPledge: nodes(r.lackingPledge), lackingTeam: nodes(r.lackingTeam), shortTeams: nodes(r.shortTeams),
      }));
      expect(rows).toHaveLength(8);
      expect(rows.find((r: any) => r.township.name === '龙泉镇')).toEqual({
        township: { name: '龙泉镇' }, villages: 4, withManager: 3, withPledge: 2, withTeam: 3, volunteerTeams: 1, microStations: 2,
        lackingManager: [{ name: '丁社区' }], lackingPledge: [{ name: '乙村' }, { name: '丙村' }], lackingTeam: [{ name: '丁社区' }],
        shortTeams: [{ village: { name: '乙村' }, problems: ['经培训的队员 3 人，少于 5 人'] }],
      });
      // ORG-6: the townships page by first/after, and so does each list of villages inside a township
      const firstPage = data(await t.gqlAs(center, `{ villageCoverage(first: 5) { totalCount pageInfo { hasNextPage endCursor } edges { node { township { name } } } } }`)).villageCoverage;
      expect(firstPage).toMatchObject({ totalCount: 8, pageInfo: { hasNextPage: true } });
      const rest = data(await t.gqlAs(center, `query($a: String) { villageCoverage(first: 5, after: $a) { pageInfo { hasNextPage } edges { node { township { name } } } } }`, { a: firstPage.pageInfo.endCursor })).villageCoverage;
      expect(rest.pageInfo.hasNextPage).toBe(false);
      expect([...nodes(firstPage), ...nodes(rest)].map((r: any) => r.township.name).sort()).toEqual(rows.map((r: any) => r.township.name).sort());
      const pledgeQuery = `query($r: ID, $a: String) { villageCoverage(regionId: $r) { edges { node { lackingPledge(first: 1, after: $a) { totalCount pageInfo { endCursor hasNextPage } edges { node { name } } } } } } }`;
      const p1 = nodes(data(await t.gqlAs(center, pledgeQuery, { r: longquan })).villageCoverage)[0].lackingPledge;
      expect(p1).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true }, edges: [{ node: { name: '乙村' } }] });
      const p2 = nodes(data(await t.gqlAs(center, pledgeQuery, { r: longquan, a: p1.pageInfo.endCursor })).villageCoverage)[0].lackingPledge;
      expect(p2).toMatchObject({ pageInfo: { hasNextPage: false }, edges: [{ node: { name: '丙村' } }] });
      // a village has no townships under it
      expect(error(await t.gqlAs(center, `query($r: ID) { villageCoverage(regionId: $r) { totalCount } }`, { r: a })).extensions.fields[0].field).toBe('regionId');
      // a township with no villages: zeros, nobody listed
      expect(rows.find((r: any) => r.township.name === '赤松镇')).toMatchObject({ villages: 0, withManager: 0, lackingManager: [] });
      // the township's own view: its township only
      expect(nodes(data(await t.gqlAs(lq, `{ villageCoverage { edges { node { township { name } villages } } } }`)).villageCoverage)).toEqual([{ township: { name: '龙泉镇' }, villages: 4 }]);
      // the pledge's file is readable by the township government of 龙泉镇 now, not by 景山镇's station
      const lqGov = await t.account({ role: Role.TOWNSHIP_GOVERNMENT, region: '龙泉镇' });
      expect((await t.download(lqGov, pledgeFile.sha256)).status).toBe(200);
      expect((await t.download(station, pledgeFile.sha256)).status).toBe(404);
    });

    it('ORG-6: the station records guidance visits, listed newest first', async () => {
      const v = await village(jingshan, '南山村');
      data(await mutate(station, 'recordGuidanceVisit', { villageId: v, visitedOn: '2026-11-03', visitors: ['站长', '站员'], content: '指导制定防火公约' }, 'id'));
      data(await mutate(station, 'recordGuidanceVisit', { villageId: v, visitedOn: '2026-11-18', visitors: ['站长'], content: '检查微型消防站器材', findings: '两具灭火器过期' }, 'id'));
      expect(error(await mutate(station, 'recordGuidanceVisit', { villageId: v, visitedOn: '2026-11-18', visitors: [], content: 'x' }, 'id')).extensions.code).toBe('BAD_USER_INPUT');
      const visits = data(await t.gqlAs(gov, `query($r: ID) { guidanceVisits(regionId: $r) { edges { node { visitedOn findings village { name } } } } }`, { r: v })).guidanceVisits.edges.map((e: any) => e.node);
      expect(visits).toEqual([{ visitedOn: '2026-11-18', findings: '两具灭火器过期', village: { name: '南山村' } }, { visitedOn: '2026-11-03', findings: null, village: { name: '南山村' } }]);
    });
  });

  describe('TRN-3 good practices', () => {
    const PRACTICE = `id status reviewComment version title results events { edges { node { action fromStatus toStatus note actor } } }`;
    const list = async (who: TestAccount) => data(await t.gqlAs(who, `{ goodPractices(first: 100) { edges { node { title status } } } }`)).goodPractices.edges.map((e: any) => e.node.title);

    it('TRN-3: submitted, returned with comments, revised, accepted, published; each step recorded; refused steps change nothing', async () => {
      const file = await uploaded(t, gov, '网格化巡查表.png');
      const submitted = data(await mutate(gov, 'submitGoodPractice', {
        regionId: jingshan, title: '网格员兼任消防宣传员', problem: '村屯分散，宣传难以入户', actions: '网格员每月入户宣传一次', results: '入户率 95%', attachments: [file],
      }, PRACTICE)).submitGoodPractice;
      expect(submitted.status).toBe('SUBMITTED');
      const id = submitted.id;
      expect(error(await mutate(center, 'publishGoodPractice', { practiceId: id }, PRACTICE)).extensions).toMatchObject({ code: 'CONFLICT', allowedSteps: ['RETURN', 'ACCEPT'] });
      expect(error(await mutate(center, 'reviewGoodPractice', { practiceId: id, decision: 'RETURN' }, PRACTICE)).extensions.fields[0].field).toBe('input.comment');
      const returned = data(await mutate(center, 'reviewGoodPractice', { practiceId: id, decision: 'RETURN', comment: '请补充成效数据来源' }, PRACTICE)).reviewGoodPractice;
      expect(returned).toMatchObject({ status: 'RETURNED', reviewComment: '请补充成效数据来源' });
      expect(error(await mutate(station, 'reviseGoodPractice', { practiceId: id, results: 'x', expectedVersion: 1 }, PRACTICE)).extensions.code).toBe('CONFLICT');
      const table = await uploaded(t, station, '统计表.png');
      const revised = data(await mutate(station, 'reviseGoodPractice', { practiceId: id, results: '入户率 95%（镇网格中心统计）', note: '补充了来源', attachments: [table] }, PRACTICE)).reviseGoodPractice;
      expect(revised).toMatchObject({ status: 'SUBMITTED', results: '入户率 95%（镇网格中心统计）' });
      data(await mutate(center, 'reviewGoodPractice', { practiceId: id, decision: 'ACCEPT' }, PRACTICE));
      expect(error(await mutate(gov, 'publishGoodPractice', { practiceId: id }, PRACTICE)).extensions.code).toBe('FORBIDDEN');
      const published = data(await mutate(center, 'publishGoodPractice', { practiceId: id }, PRACTICE)).publishGoodPractice;
      expect(published.status).toBe('PUBLISHED');
      expect(nodes(published.events).map((e: any) => `${e.action}:${e.fromStatus ?? '-'}>${e.toStatus}`)).toEqual([
        'SUBMIT:->SUBMITTED', 'RETURN:SUBMITTED>RETURNED', 'REVISE:RETURNED>SUBMITTED', 'ACCEPT:SUBMITTED>ACCEPTED', 'PUBLISH:ACCEPTED>PUBLISHED',
      ]);
      expect(nodes(published.events)[1].note).toBe('请补充成效数据来源');
      // TRN-3: the history (a return and revision can repeat without end) pages by first/after
      const history = (after?: string) => t.gqlAs(center, `query($id: ID!, $a: String) { node(id: $id) { ... on GoodPractice { events(first: 3, after: $a) { totalCount pageInfo { endCursor hasNextPage } edges { node { action } } } } } }`, { id, a: after });
      const h1 = data(await history()).node.events;
      expect(h1).toMatchObject({ totalCount: 5, pageInfo: { hasNextPage: true } });
      expect(nodes(h1).map((e: any) => e.action)).toEqual(['SUBMIT', 'RETURN', 'REVISE']);
      expect(nodes(data(await history(h1.pageInfo.endCursor)).node.events).map((e: any) => e.action)).toEqual(['ACCEPT', 'PUBLISH']);
      // the file taken off when revising is no longer readable through the practice
      expect((await t.download(discipline, file.sha256)).status).toBe(404);
      expect((await t.download(discipline, table.sha256)).status).toBe(200);
      expect(error(await mutate(center, 'reviewGoodPractice', { practiceId: id, decision: 'RETURN', comment: '撤回' }, PRACTICE)).extensions.code).toBe('CONFLICT');
    });

    it('TRN-3: before publication only its jurisdiction reads a practice; once published every account of the county does, and its files', async () => {
      const file = await uploaded(t, station, '做法照片.png');
      const p = data(await mutate(station, 'submitGoodPractice', { regionId: jingshan, title: '九小场所夜查', problem: '夜间火灾多', actions: '每周夜查', results: '火灾下降', attachments: [file] }, 'id')).submitGoodPractice;
      for (const outsider of [otherStation, discipline, memberUnit]) {
        expect(await list(outsider)).not.toContain('九小场所夜查');
        expect(data(await t.gqlAs(outsider, `query($id: ID!) { node(id: $id) { id } }`, { id: p.id })).node).toBeNull();
        expect((await t.download(outsider, file.sha256)).status).toBe(404);
      }
      expect(await list(gov)).toContain('九小场所夜查');
      data(await mutate(center, 'reviewGoodPractice', { practiceId: p.id, decision: 'ACCEPT' }, 'id'));
      data(await mutate(center, 'publishGoodPractice', { practiceId: p.id }, 'id'));
      for (const reader of [otherStation, discipline, memberUnit]) {
        expect(await list(reader)).toContain('九小场所夜查');
        expect(data(await t.gqlAs(reader, `query($id: ID!) { node(id: $id) { ... on GoodPractice { title region { name } } } }`, { id: p.id })).node).toEqual({ title: '九小场所夜查', region: { name: '景山镇' } });
        expect((await t.download(reader, file.sha256)).status).toBe(200);
      }
      // reading is not acting: another township's station cannot revise it
      expect(error(await mutate(otherStation, 'reviseGoodPractice', { practiceId: p.id, title: '改' }, 'id')).extensions.code).toBe('NOT_FOUND');
      // the list filters by status
      const published = data(await t.gqlAs(discipline, `{ goodPractices(status: PUBLISHED) { edges { node { status } } } }`)).goodPractices.edges;
      expect(published.every((e: any) => e.node.status === 'PUBLISHED')).toBe(true);
    });

    it('TRN-3: a practice belongs to a township', async () => {
      const county = toGlobalId('Region', await t.regionId('靖宇县'));
      expect(error(await mutate(gov, 'submitGoodPractice', { regionId: county, title: 't', problem: 'p', actions: 'a', results: 'r' }, 'id')).extensions.code).toBe('FORBIDDEN');
      expect(error(await mutate(gov, 'submitGoodPractice', { regionId: longquan, title: 't', problem: 'p', actions: 'a', results: 'r' }, 'id')).extensions.code).toBe('FORBIDDEN');
      expect(error(await mutate(gov, 'submitGoodPractice', { regionId: jingshan, title: ' ', problem: 'p', actions: 'a', results: 'r' }, 'id')).extensions.code).toBe('BAD_USER_INPUT');
    });
  });
});
