import mammoth from 'mammoth';
import { randomUUID } from 'node:crypto';
import PizZip from 'pizzip';
import { Role } from '../../src/kernel/permissions';
import { toGlobalId } from '../../src/graphql/global-id';
import { getFile, readXlsx } from '../support/office';
import { interceptQueries } from '../support/queries';
import { createTestApp, data, error, GqlResponse, TestAccount, TestApp } from '../support/test-app';

/**
 * COM-3: special rectification campaigns (消防安全专项整治): deployment (T-COM-3 for the period), the list, the
 * progress counted by scope and period with the fire situation's definitions (INS-4), member-unit narrowing (COM-5).
 */
describe('special rectification campaigns (COM-3)', () => {
  let t: TestApp;
  const codeOf = (res: GqlResponse) => res.body.errors?.[0]?.extensions.code ?? null;
  const ids: Record<string, string> = {};
  const g = (kind: 'Region' | 'Organization' | 'Campaign', id: string) => toGlobalId(kind, id);
  let township: TestAccount;
  let unitA: TestAccount;
  let unitB: TestAccount;
  let unitT: TestAccount;
  let fusong: TestAccount;
  let station: TestAccount;
  const campaignRows = async () => Number((await t.dataSource.query(`SELECT count(*)::int AS n FROM campaign`))[0].n);

  const CAMPAIGN = `id title periodStart periodEnd phase premisesKinds hazardItemCodes targetInspections targetRectificationPercent decisionId version
    committee { name } region { name } scopeRegions { name }`;
  const deploy = (input: Record<string, unknown>, who: TestAccount | null = null) => {
    const q = `mutation($i: DeployCampaignInput!) { deployCampaign(input: $i) { ${CAMPAIGN} } }`;
    const i = { title: '小场所消防安全专项整治', description: '排查整治疏散通道堵塞', periodStart: '2027-04-01', periodEnd: '2027-06-30', ...input };
    return who ? t.gqlAs(who, q, { i }) : t.gql(q, { i });
  };
  const FIG = `premisesInScope premisesInspected inspections hazardsFound hazardsRectified hazardsOverdue rectificationRate inspectionTargetPercent`;
  const progress = (campaignId: string, who: TestAccount | null = null) => {
    const q = `query($c: ID!) { campaignProgress(campaignId: $c) { asOf targetsMet campaign { id phase } totals { ${FIG} }
      byTownship { region { name } memberUnit { name } figures { ${FIG} } } byMemberUnit { region { name } memberUnit { name } figures { ${FIG} } }
      tasks { total accepted open overdue } } }`;
    return who ? t.gqlAs(who, q, { c: campaignId }) : t.gql(q, { c: campaignId });
  };
  const list = (args: Record<string, unknown> = {}, who: TestAccount | null = null) => {
    const q = `query($r: ID, $a: Boolean, $after: String, $first: Int) { campaigns(regionId: $r, active: $a, after: $after, first: $first) { totalCount
      pageInfo { hasNextPage endCursor } edges { node { id title periodStart phase } } } }`;
    return who ? t.gqlAs(who, q, args) : t.gql(q, args);
  };

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.freeze('2027-07-15T10:00:00+08:00');
    const one = async (sql: string, params: unknown[] = []) => ((await t.dataSource.query(sql, params)) as { id: string }[])[0].id;
    ids.county = await t.regionId('靖宇县');
    ids.J = await t.regionId('景山镇');
    ids.L = await t.regionId('龙泉镇');
    ids.M = await t.regionId('濛江乡');
    const village = async (parent: string, name: string) => (await t.dataSource.query(`SELECT id FROM region WHERE id = $1`, [
      (await t.admins.system.gql(`mutation($i: CreateRegionInput!) { createRegion(input: $i) { id } }`, { i: { parentId: g('Region', parent), name, kind: 'VILLAGE' } })).body.data.createRegion.id,
    ].map((x) => Buffer.from(x, 'base64').toString().split(':')[1])))[0].id as string;
    ids.JV = await village(ids.J, '整治一村');
    ids.LV = await village(ids.L, '整治二村');
    ids.countyCommittee = await one(`SELECT id FROM organization WHERE region_id = $1 AND kind = 'COUNTY_COMMITTEE'`, [ids.county]);
    ids.countyOffice = await one(`SELECT id FROM organization WHERE region_id = $1 AND kind = 'COUNTY_COMMITTEE_OFFICE'`, [ids.county]);
    ids.jCommittee = await one(`SELECT id FROM organization WHERE region_id = $1 AND kind = 'TOWNSHIP_COMMITTEE'`, [ids.J]);
    const unit = async (name: string, region: string, committee: string) => Buffer.from(data(await t.admins.system.gql(`mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`, {
      i: { kind: 'MEMBER_UNIT', name, regionId: g('Region', region), committeeId: g('Organization', committee) },
    })).createOrganization.id, 'base64').toString().split(':')[1];
    ids.UA = await unit('县市场监督管理局', ids.county, ids.countyCommittee);
    ids.UB = await unit('县教育局', ids.county, ids.countyCommittee);
    ids.UT = await unit('景山镇农业服务中心', ids.J, ids.jCommittee);
    // another county, outside every account of 靖宇县
    const [city] = await t.dataSource.query(`SELECT id, path FROM region WHERE name = '白山市'`);
    ids.fusongCounty = '6f1c1a8e-0000-4000-8000-0000000000c1';
    ids.fusongTown = '6f1c1a8e-0000-4000-8000-0000000000c2';
    await t.dataSource.query(`INSERT INTO region (id, parent_id, level, kind, name, code, path, sort_order, version) VALUES
      ($1, $2, 'COUNTY', NULL, '抚松县', '220621', $3, 9, 1), ($4, $1, 'TOWNSHIP', 'TOWN', '抚松镇', NULL, $5, 1, 1)`,
    [ids.fusongCounty, city.id, `${city.path}${ids.fusongCounty}/`, ids.fusongTown, `${city.path}${ids.fusongCounty}/${ids.fusongTown}/`]);
    ids.fusongCommittee = '6f1c1a8e-0000-4000-8000-0000000000c3';
    await t.dataSource.query(`INSERT INTO organization (id, kind, name, region_id, parent_id, staff_quota, version) VALUES ($1, 'COUNTY_COMMITTEE', '抚松县消防救援委员会', $2, NULL, NULL, 1),
      ('6f1c1a8e-0000-4000-8000-0000000000c4', 'COUNTY_COMMITTEE_OFFICE', '抚松县消防救援委员会办公室', $2, NULL, NULL, 1)`, [ids.fusongCommittee, ids.fusongCounty]);

    township = await t.account({ role: Role.TOWNSHIP_GOVERNMENT, region: '景山镇' });
    station = await t.account({ role: Role.STATION, region: '景山镇' });
    unitA = await t.account({ role: Role.MEMBER_UNIT, organizationId: g('Organization', ids.UA) });
    unitB = await t.account({ role: Role.MEMBER_UNIT, organizationId: g('Organization', ids.UB) });
    unitT = await t.account({ role: Role.MEMBER_UNIT, region: '景山镇', organizationId: g('Organization', ids.UT) });
    fusong = await t.account({ role: Role.COMMITTEE_OFFICE, region: '抚松县' });

    // premises in and out of the scope of campaign 1 (景山镇 and a village of 龙泉镇 and 濛江乡; small venues and crowded places)
    const premises = async (region: string, kind: string, sector: string | null) => {
      const id = randomUUID();
      await t.dataSource.query(`INSERT INTO premises (id, region_id, kind, name, address, responsible_name, risk_level, key_unit, sector_unit_id, member_unit_id, created_by, version)
        VALUES ($1, $2, $3, $4, '测试', '测试', 'LOW', false, $5, NULL, 'test', 1)`, [id, region, kind, `整治场所${id.slice(0, 6)}`, sector]);
      return id;
    };
    ids.P1 = await premises(ids.J, 'SMALL_VENUE', ids.UA);
    ids.P2 = await premises(ids.JV, 'CROWDED_PLACE', ids.UB);
    ids.P3 = await premises(ids.LV, 'SMALL_VENUE', ids.UA);
    ids.P4 = await premises(ids.L, 'SMALL_VENUE', ids.UA); // 龙泉镇 itself: outside the scope
    ids.P5 = await premises(ids.J, 'ENTERPRISE', ids.UA); // kind outside the scope
    ids.P6 = await premises(ids.J, 'SMALL_VENUE', ids.UT); // supervised by a unit of the township committee
    ids.P7 = await premises(ids.fusongTown, 'SMALL_VENUE', null); // another county
    const regionOf: Record<string, string> = { [ids.P1]: ids.J, [ids.P2]: ids.JV, [ids.P3]: ids.LV, [ids.P4]: ids.L, [ids.P5]: ids.J, [ids.P6]: ids.J, [ids.P7]: ids.fusongTown };
    const [template] = await t.dataSource.query(`SELECT id FROM checklist_template WHERE premises_kind = 'SMALL_VENUE'`);
    const inspection = (p: string, on: string) => t.dataSource.query(
      `INSERT INTO inspection (id, premises_id, region_id, template_id, inspected_on, inspectors, results, attachments, policy_version, recorded_by)
       VALUES ($1, $2, $3, $4, $5, '{甲,乙}', '[]', '[]', 1, 'test')`, [randomUUID(), p, regionOf[p], template.id, on]);
    for (const [p, on] of [[ids.P1, '2027-04-05'], [ids.P1, '2027-06-30'], [ids.P1, '2027-03-31'], [ids.P1, '2027-07-01'], [ids.P2, '2027-05-01'],
      [ids.P3, '2027-05-02'], [ids.P4, '2027-05-03'], [ids.P5, '2027-05-04'], [ids.P6, '2027-05-05'], [ids.P7, '2027-05-06']]) await inspection(p, on);
    const hazard = (p: string, found: string, code: string, deadline: string, rectifiedOn: string | null, closedOn: string | null) => t.dataSource.query(
      `INSERT INTO hazard (id, region_id, premises_id, source, checklist_item_code, description, found_on, status, order_due_by, deadline, responsible_party, measures, ordered_on,
         rectified_on, closed_at, major_status, policy_version, reported_by, version)
       VALUES ($1, $2, $3, 'INSPECTION', $4, '测试隐患', $5, $6, $5, $7, '责任人', '措施', $5, $8, $9, 'NONE', 1, 'test', 1)`,
      [randomUUID(), regionOf[p], p, code, found, closedOn ? 'CLOSED' : 'RECTIFYING', deadline, rectifiedOn, closedOn ? `${closedOn}T12:00:00+08:00` : null]);
    await hazard(ids.P1, '2027-04-02', 'SV-02', '2027-05-02', '2027-04-18', '2027-04-20'); // H1 found, rectified
    await hazard(ids.P1, '2027-05-10', 'SV-02', '2027-06-09', null, null); // H2 found, overdue
    await hazard(ids.P1, '2027-06-20', 'SV-02', '2027-07-20', null, null); // H3 found; due after the period
    await hazard(ids.P3, '2027-06-28', 'SV-02', '2027-07-10', '2027-07-01', '2027-07-02'); // H4 found; closed after the period's end
    await hazard(ids.P1, '2027-05-11', 'SV-03', '2027-06-10', null, null); // H5 another checklist item: not counted
    await hazard(ids.P2, '2027-04-15', 'CP-01', '2027-05-15', '2027-04-16', '2027-04-16'); // H6 found, rectified
    await hazard(ids.P4, '2027-05-01', 'SV-02', '2027-05-31', null, null); // H7 outside the scope
    await hazard(ids.P6, '2027-03-25', 'SV-02', '2027-04-24', '2027-04-30', '2027-05-01'); // H8 found before; overdue in the period
    await hazard(ids.P1, '2027-06-30', 'SV-02', '2027-07-30', null, null); // H9 found on the last day
    await hazard(ids.P1, '2027-07-01', 'SV-02', '2027-07-31', null, null); // H10 after the period
    await hazard(ids.P7, '2027-05-01', 'SV-02', '2027-05-20', null, null); // another county
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('deployCampaign (COM-3, T-COM-3)', () => {
    it('COM-3: the county office deploys for the county committee, scoped to townships and villages, kinds and checklist items', async () => {
      const c = data(await deploy({
        scopeRegionIds: [g('Region', ids.J), g('Region', ids.LV), g('Region', ids.M)], premisesKinds: ['SMALL_VENUE', 'CROWDED_PLACE'],
        hazardItemCodes: ['SV-02', 'CP-01'], targetInspections: 4, targetRectificationPercent: 50,
      })).deployCampaign;
      expect(c).toMatchObject({
        committee: { name: '靖宇县消防救援委员会' }, region: { name: '靖宇县' }, scopeRegions: [{ name: '景山镇' }, { name: '整治二村' }, { name: '濛江乡' }],
        phase: 'ENDED', premisesKinds: ['SMALL_VENUE', 'CROWDED_PLACE'], hazardItemCodes: ['SV-02', 'CP-01'], targetInspections: 4, targetRectificationPercent: 50, version: 1,
      });
      ids.C1 = c.id;
    });

    it('COM-3: a township government deploys for its township committee; the scope defaults to the township', async () => {
      const c = data(await deploy({ title: '景山镇电动车充电专项整治', periodStart: '2027-07-01', periodEnd: '2027-09-30' }, township)).deployCampaign;
      expect(c).toMatchObject({ committee: { name: '景山镇消防救援委员会' }, region: { name: '景山镇' }, scopeRegions: [{ name: '景山镇' }], phase: 'ACTIVE', premisesKinds: [], hazardItemCodes: [] });
      ids.C3 = c.id;
    });

    it('COM-3: deployed on a decision of a PUBLISHED meeting of the same committee only', async () => {
      const meeting = async (committee: string, region: string, status: string) => {
        const m = randomUUID();
        const d = randomUUID();
        await t.dataSource.query(`INSERT INTO committee_meeting (id, committee_id, region_id, kind, title, held_on, convener, attending_unit_ids, attendees, topics, minutes, attachments,
          status, published_at, published_by, created_by, version) VALUES ($1, $2, $3, 'SPECIAL_TOPIC', '专题会议', '2027-06-01', '县长', '{}', '{}', '{专项整治}', '纪要', '[]', $4, $5, $6, 'test', 1)`,
        [m, committee, region, status, status === 'PUBLISHED' ? '2027-06-02T10:00:00+08:00' : null, status === 'PUBLISHED' ? 'test' : null]);
        await t.dataSource.query(`INSERT INTO meeting_decision (id, meeting_id, seq, content) VALUES ($1, $2, 1, '开展小场所专项整治')`, [d, m]);
        return toGlobalId('MeetingDecision', d);
      };
      const published = await meeting(ids.countyCommittee, ids.county, 'PUBLISHED');
      const draft = await meeting(ids.countyCommittee, ids.county, 'DRAFT');
      const otherCommittee = await meeting(ids.jCommittee, ids.J, 'PUBLISHED');
      const before = await campaignRows();
      for (const decisionId of [draft, otherCommittee]) {
        const res = await deploy({ decisionId });
        expect(codeOf(res)).toBe('BAD_USER_INPUT');
        expect(error(res).message).toContain('COM-3：部署依据须为本委员会已印发会议的议定事项');
      }
      expect(await campaignRows()).toBe(before);
      const decided = data(await deploy({ title: '会议部署的整治', decisionId: published })).deployCampaign;
      expect(decided.decisionId).toBe(published);
      ids.C2 = decided.id; // scoped to the whole county
    });

    it('COM-3: refuses a scope outside the committee, unknown checklist items, bad targets; nothing is written', async () => {
      const before = await campaignRows();
      const outside = await deploy({ scopeRegionIds: [g('Region', ids.fusongTown)] });
      expect(codeOf(outside)).toBe('BAD_USER_INPUT');
      expect(error(outside).message).toContain('COM-3：整治范围须在本委员会辖区内');
      // a township committee's scope stays in its township
      expect(error(await deploy({ scopeRegionIds: [g('Region', ids.L)] }, township)).message).toContain('COM-3：整治范围须在本委员会辖区内');
      const unknown = await deploy({ hazardItemCodes: ['SV-02', 'XX-99'] });
      expect(codeOf(unknown)).toBe('BAD_USER_INPUT');
      expect(error(unknown).message).toContain('XX-99');
      // an item of another kind's checklist, when kinds are named
      expect(error(await deploy({ premisesKinds: ['SMALL_VENUE'], hazardItemCodes: ['CP-01'] })).message).toContain('CP-01');
      expect(codeOf(await deploy({ targetInspections: 0 }))).toBe('BAD_USER_INPUT');
      expect(codeOf(await deploy({ targetRectificationPercent: 101 }))).toBe('BAD_USER_INPUT');
      expect(codeOf(await deploy({ committeeId: g('Organization', ids.UA) }))).toBe('BAD_USER_INPUT');
      // jurisdiction: 抚松县's committee is out of reach; the station may not deploy at all
      expect(codeOf(await deploy({ committeeId: g('Organization', ids.fusongCommittee) }))).toBe('FORBIDDEN');
      expect(codeOf(await deploy({}, station))).toBe('FORBIDDEN');
      expect(codeOf(await deploy({}, unitA))).toBe('FORBIDDEN');
      expect(await campaignRows()).toBe(before);
    });

    it('T-COM-3: the period ends on or after it starts, starts within 366 days either side of today, lasts at most two years', async () => {
      const before = await campaignRows();
      const refusals: [Record<string, unknown>, string][] = [
        [{ periodStart: '2027-08-01', periodEnd: '2027-07-31' }, '整治结束日期不能早于开始日期 2027-08-01'],
        [{ periodStart: '2026-07-13', periodEnd: '2026-12-31' }, '整治开始日期不能早于 2026-07-14'],
        [{ periodStart: '2028-07-16', periodEnd: '2028-12-31' }, '整治开始日期不能晚于 2028-07-15'],
        [{ periodStart: '2027-08-01', periodEnd: '2029-08-02' }, '整治结束日期不能晚于 2029-08-01'],
      ];
      for (const [input, reason] of refusals) {
        const res = await deploy(input);
        expect(error(res).extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'T-COM-3', protects: 'COM-3' });
        expect(error(res).message).toContain(`时间规则 T-COM-3：${reason}`);
      }
      expect(await campaignRows()).toBe(before);
      // the other side of each boundary
      for (const input of [{ periodStart: '2027-08-01', periodEnd: '2027-08-01' }, { periodStart: '2026-07-14', periodEnd: '2026-12-31' },
        { periodStart: '2028-07-15', periodEnd: '2028-12-31' }, { periodStart: '2027-08-01', periodEnd: '2029-08-01' }]) {
        expect(data(await deploy({ title: '边界', ...input })).deployCampaign.periodStart).toBe(input.periodStart);
      }
      await t.dataSource.query(`DELETE FROM campaign WHERE title = '边界'`);
    });
  });

  describe('campaignProgress (COM-3): counted by scope and period with the fire situation definitions', () => {
    const ZERO = { premisesInScope: 0, premisesInspected: 0, inspections: 0, hazardsFound: 0, hazardsRectified: 0, hazardsOverdue: 0, rectificationRate: null };
    beforeAll(async () => {
      const task = (assignee: string, status: string, deadline: string) => t.dataSource.query(
        `INSERT INTO committee_task (id, committee_id, assigned_by_id, assignee_id, region_id, source, campaign_id, title, requirement, assigned_on, deadline,
           evidence_required, status, policy_version, accepted_at, created_by, version)
         VALUES ($1, $2, $3, $4, $5, 'CAMPAIGN', $6, '整治任务', '排查', '2027-04-02', $7, true, $8, 1, $9, 'test', 1)`,
        [randomUUID(), ids.countyCommittee, ids.countyOffice, assignee, ids.county, Buffer.from(ids.C1, 'base64').toString().split(':')[1], deadline, status,
          status === 'ACCEPTED' ? '2027-05-01T10:00:00+08:00' : null]);
      await task(ids.UA, 'ACCEPTED', '2027-05-10');
      await task(ids.UA, 'IN_PROGRESS', '2027-07-10'); // overdue
      await task(ids.UB, 'ASSIGNED', '2027-07-20');
    });

    it('COM-3: totals, every township in scope (also with zero) and every member unit of the committee, by hand', async () => {
      const p = data(await progress(ids.C1)).campaignProgress;
      expect(p.asOf).toBe('2027-07-15');
      expect(p.campaign.phase).toBe('ENDED');
      // inspections: P1 ×2 (04-05, 06-30; not 03-31 nor 07-01), P2, P3, P6; not P4 (region), P5 (kind), P7 (county)
      // hazards: found H1 H2 H3 H4 H6 H9; rectified by 06-30 H1 H6; overdue (deadline in the period, passed, late) H2 H8
      expect(p.totals).toEqual({ premisesInScope: 4, premisesInspected: 4, inspections: 5, hazardsFound: 6, hazardsRectified: 2, hazardsOverdue: 2, rectificationRate: 33.33, inspectionTargetPercent: 125 });
      expect(p.targetsMet).toBe(false); // 33.33% < 50%
      expect(p.byTownship.map((r: any) => [r.region.name, r.memberUnit, r.figures])).toEqual([
        ['景山镇', null, { premisesInScope: 3, premisesInspected: 3, inspections: 4, hazardsFound: 5, hazardsRectified: 2, hazardsOverdue: 2, rectificationRate: 40, inspectionTargetPercent: 100 }],
        ['濛江乡', null, { ...ZERO, inspectionTargetPercent: 0 }],
        ['龙泉镇', null, { premisesInScope: 1, premisesInspected: 1, inspections: 1, hazardsFound: 1, hazardsRectified: 0, hazardsOverdue: 0, rectificationRate: 0, inspectionTargetPercent: 25 }],
      ]);
      // P6's unit belongs to the township committee: no row of the county committee's
      expect(p.byMemberUnit.map((r: any) => [r.memberUnit.name, r.region, r.figures])).toEqual([
        ['县教育局', null, { premisesInScope: 1, premisesInspected: 1, inspections: 1, hazardsFound: 1, hazardsRectified: 1, hazardsOverdue: 0, rectificationRate: 100, inspectionTargetPercent: 25 }],
        ['县市场监督管理局', null, { premisesInScope: 2, premisesInspected: 2, inspections: 3, hazardsFound: 5, hazardsRectified: 1, hazardsOverdue: 1, rectificationRate: 20, inspectionTargetPercent: 75 }],
      ]);
      expect(p.tasks).toEqual({ total: 3, accepted: 1, open: 2, overdue: 1 });
    });

    it('COM-3: the totals agree with direct SQL over the same scope and period', async () => {
      const p = data(await progress(ids.C1)).campaignProgress;
      const scope = `JOIN region r ON r.id = p.region_id WHERE (r.path LIKE (SELECT path FROM region WHERE id = $1) || '%' OR r.path LIKE (SELECT path FROM region WHERE id = $2) || '%'
        OR r.path LIKE (SELECT path FROM region WHERE id = $3) || '%') AND p.kind IN ('SMALL_VENUE', 'CROWDED_PLACE')`;
      const params = [ids.J, ids.LV, ids.M];
      const [sql] = await t.dataSource.query(`SELECT
          (SELECT count(*) FROM premises p ${scope})::int AS "premisesInScope",
          (SELECT count(*) FROM inspection i JOIN premises p ON p.id = i.premises_id ${scope} AND i.inspected_on BETWEEN '2027-04-01' AND '2027-06-30')::int AS inspections,
          (SELECT count(DISTINCT p.id) FROM inspection i JOIN premises p ON p.id = i.premises_id ${scope} AND i.inspected_on BETWEEN '2027-04-01' AND '2027-06-30')::int AS "premisesInspected",
          (SELECT count(*) FROM hazard h JOIN premises p ON p.id = h.premises_id ${scope} AND h.checklist_item_code IN ('SV-02', 'CP-01') AND h.found_on BETWEEN '2027-04-01' AND '2027-06-30')::int AS "hazardsFound",
          (SELECT count(*) FROM hazard h JOIN premises p ON p.id = h.premises_id ${scope} AND h.checklist_item_code IN ('SV-02', 'CP-01') AND h.found_on BETWEEN '2027-04-01' AND '2027-06-30'
             AND h.status = 'CLOSED' AND (h.closed_at AT TIME ZONE 'Asia/Shanghai')::date <= '2027-06-30')::int AS "hazardsRectified",
          (SELECT count(*) FROM hazard h JOIN premises p ON p.id = h.premises_id ${scope} AND h.checklist_item_code IN ('SV-02', 'CP-01') AND h.deadline BETWEEN '2027-04-01' AND '2027-06-30'
             AND h.deadline < '2027-07-15' AND (h.closed_at IS NULL OR (h.closed_at AT TIME ZONE 'Asia/Shanghai')::date > h.deadline) AND (h.rectified_on IS NULL OR h.rectified_on > h.deadline))::int AS "hazardsOverdue"`, params);
      const { rectificationRate, inspectionTargetPercent, ...counts } = p.totals;
      expect(counts).toEqual(sql);
      expect(rectificationRate).toBe(Math.round((sql.hazardsRectified / sql.hazardsFound) * 10000) / 100);
      const [tasks] = await t.dataSource.query(`SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'ACCEPTED')::int AS accepted,
        count(*) FILTER (WHERE status <> 'ACCEPTED')::int AS open, count(*) FILTER (WHERE status <> 'ACCEPTED' AND deadline < '2027-07-15')::int AS overdue
        FROM committee_task WHERE campaign_id = $1`, [Buffer.from(ids.C1, 'base64').toString().split(':')[1]]);
      expect(p.tasks).toEqual(tasks);
      expect(inspectionTargetPercent).toBe(125);
    });

    it('COM-3: a county-wide campaign of a month has the fire situation figures of that month (INS-4 definitions)', async () => {
      const c = data(await deploy({ title: '五月全县整治', periodStart: '2027-05-01', periodEnd: '2027-05-31' })).deployCampaign;
      const totals = data(await progress(c.id)).campaignProgress.totals;
      const s = data(await t.gql(`query($r: ID!) { fireSituation(regionId: $r, period: { kind: MONTH, year: 2027, number: 5 }) { total { current { hazardsFound hazardsRectified hazardsOverdue rectificationRate inspections } } } }`,
        { r: g('Region', ids.county) })).fireSituation.total.current;
      expect({ hazardsFound: totals.hazardsFound, hazardsRectified: totals.hazardsRectified, hazardsOverdue: totals.hazardsOverdue, rectificationRate: totals.rectificationRate, inspections: totals.inspections })
        .toEqual(s);
      // May in 靖宇县: inspections P2 P3 P4 P5 P6; hazards found H2 H5 H7 (H7 outside campaign 1, inside the county)
      expect(totals).toMatchObject({ inspections: 5, hazardsFound: 3 });
    });

    it('COM-5: a member unit reads its own committee campaigns and only its own row; other units see theirs', async () => {
      const a = data(await progress(ids.C1, unitA)).campaignProgress;
      expect(a.byMemberUnit.map((r: any) => r.memberUnit.name)).toEqual(['县市场监督管理局']);
      expect(a.tasks).toEqual({ total: 2, accepted: 1, open: 1, overdue: 1 });
      expect(a.totals.inspections).toBe(5);
      expect(data(await progress(ids.C1, unitB)).campaignProgress.byMemberUnit.map((r: any) => r.memberUnit.name)).toEqual(['县教育局']);
      // the township committee's campaign is not the county units'
      expect(codeOf(await progress(ids.C3, unitA))).toBe('NOT_FOUND');
      const listed = data(await list({ first: 100 }, unitA)).campaigns.edges.map((e: any) => e.node.id);
      expect(listed).toContain(ids.C1);
      expect(listed).not.toContain(ids.C3);
      // the township committee's unit reads its committee's campaign only
      const own = data(await list({ first: 100 }, unitT)).campaigns.edges.map((e: any) => e.node.id);
      expect(own).toEqual([ids.C3]);
      expect(codeOf(await progress(ids.C1, unitT))).toBe('NOT_FOUND');
      const mine = data(await progress(ids.C3, unitT)).campaignProgress;
      expect(mine.byMemberUnit).toEqual([{ region: null, memberUnit: { name: '景山镇农业服务中心' }, figures: expect.objectContaining({ premisesInScope: 1 }) }]);
    });

    it('COM-3: jurisdiction: 抚松县 neither lists nor reads 靖宇县 campaigns; a township account reads its own committee', async () => {
      expect(codeOf(await progress(ids.C1, fusong))).toBe('NOT_FOUND');
      expect(data(await list({ first: 100 }, fusong)).campaigns.totalCount).toBe(0);
      expect(codeOf(await list({ r: g('Region', ids.J) }, fusong))).toBe('FORBIDDEN');
      expect(data(await t.gqlAs(fusong, `query($id: ID!) { node(id: $id) { id } }`, { id: ids.C1 })).node).toBeNull();
      expect(data(await t.gql(`query($id: ID!) { node(id: $id) { ... on Campaign { title } } }`, { id: ids.C1 })).node.title).toBe('小场所消防安全专项整治');
      // the station reads its township committee's campaign (and the county's scoped to 景山镇: below)
      expect(data(await progress(ids.C3, station)).campaignProgress.byTownship.map((r: any) => r.region.name)).toEqual(['景山镇']);
    });

    it('COM-3: a 景山镇 station and township government read the county campaign scoped to 景山镇, with 景山镇 figures only', async () => {
      // a task of campaign 1 for the township government (seated in 景山镇): the township counts it, not the county units' tasks
      const government = ((await t.dataSource.query(`SELECT id FROM organization WHERE region_id = $1 AND kind = 'TOWNSHIP_GOVERNMENT'`, [ids.J])) as { id: string }[])[0].id;
      await t.dataSource.query(
        `INSERT INTO committee_task (id, committee_id, assigned_by_id, assignee_id, region_id, source, campaign_id, title, requirement, assigned_on, deadline,
           evidence_required, status, policy_version, created_by, version)
         VALUES ($1, $2, $3, $4, $5, 'CAMPAIGN', $6, '景山镇整治任务', '排查', '2027-04-02', '2027-07-10', true, 'ASSIGNED', 1, 'test', 1)`,
        [randomUUID(), ids.countyCommittee, ids.countyOffice, government, ids.J, Buffer.from(ids.C1, 'base64').toString().split(':')[1]]);
      const county = data(await progress(ids.C1)).campaignProgress;
      const jingshan = county.byTownship.find((r: any) => r.region.name === '景山镇');
      for (const who of [station, township]) {
        expect(data(await list({ first: 100 }, who)).campaigns.edges.map((e: any) => e.node.id)).toEqual(expect.arrayContaining([ids.C1, ids.C3]));
        expect(data(await t.gqlAs(who, `query($id: ID!) { node(id: $id) { ... on Campaign { title region { name } } } }`, { id: ids.C1 })).node)
          .toEqual({ title: '小场所消防安全专项整治', region: { name: '靖宇县' } });
        const p = data(await t.gqlAs(who, `query($c: ID!) { campaignProgress(campaignId: $c) { countedRegions { name } totals { ${FIG} }
          byTownship { region { name } figures { ${FIG} } } byMemberUnit { memberUnit { name } figures { ${FIG} } } tasks { total accepted open overdue } } }`, { c: ids.C1 })).campaignProgress;
        expect(p.countedRegions).toEqual([{ name: '景山镇' }]);
        // only its own township, and the totals are 景山镇's (not the county's 4 inspections in 4 premises, 6 hazards)
        expect(p.byTownship).toEqual([{ region: jingshan.region, figures: jingshan.figures }]);
        expect(p.totals).toEqual(jingshan.figures);
        expect(p.totals).toMatchObject({ premisesInScope: 3, inspections: 4, hazardsFound: 5 });
        // the county units' rows over 景山镇's premises only (县市场监督管理局: P1, not 整治二村's P3)
        expect(p.byMemberUnit.map((r: any) => [r.memberUnit.name, r.figures])).toEqual([
          ['县教育局', { premisesInScope: 1, premisesInspected: 1, inspections: 1, hazardsFound: 1, hazardsRectified: 1, hazardsOverdue: 0, rectificationRate: 100, inspectionTargetPercent: 25 }],
          ['县市场监督管理局', { premisesInScope: 1, premisesInspected: 1, inspections: 2, hazardsFound: 4, hazardsRectified: 1, hazardsOverdue: 1, rectificationRate: 25, inspectionTargetPercent: 50 }],
        ]);
        // the tasks it reaches: the township government's, not the county units'
        expect(p.tasks).toEqual({ total: 1, accepted: 0, open: 1, overdue: 1 });
      }
      // the county office still sees the whole scope: every township, every task
      expect(county.byTownship.map((r: any) => r.region.name)).toEqual(['景山镇', '濛江乡', '龙泉镇']);
      expect(data(await t.gql(`query($c: ID!) { campaignProgress(campaignId: $c) { countedRegions { name } } }`, { c: ids.C1 })).campaignProgress.countedRegions).toBeNull();
      expect(county.tasks).toEqual({ total: 4, accepted: 1, open: 3, overdue: 2 });
    });

    it('COM-3: a village of the scope counts for its township; a township outside the scope neither lists nor reads the campaign', async () => {
      // 龙泉镇 is in campaign 1 through its village 整治二村 only: P3, not 龙泉镇's own P4
      const longquan = await t.account({ role: Role.STATION, region: '龙泉镇' });
      const p = data(await progress(ids.C1, longquan)).campaignProgress;
      expect(p.byTownship.map((r: any) => [r.region.name, r.figures.premisesInScope, r.figures.inspections, r.figures.hazardsFound])).toEqual([['龙泉镇', 1, 1, 1]]);
      expect(p.totals).toMatchObject({ premisesInScope: 1, inspections: 1, hazardsFound: 1 });
      expect(p.tasks.total).toBe(0);
      // a county campaign scoped to 景山镇 only: 濛江乡 is not in it
      const C4 = data(await deploy({ title: '景山镇小场所整治', scopeRegionIds: [g('Region', ids.J)] })).deployCampaign.id;
      ids.C4 = C4;
      const mengjiang = await t.account({ role: Role.TOWNSHIP_GOVERNMENT, region: '濛江乡' });
      const listed = data(await list({ first: 100 }, mengjiang)).campaigns;
      expect(listed.edges.map((e: any) => e.node.id)).not.toContain(C4);
      expect(listed.edges.map((e: any) => e.node.id)).toContain(ids.C1); // 濛江乡 is in campaign 1's scope
      expect(data(await t.gqlAs(mengjiang, `query($id: ID!) { node(id: $id) { id } }`, { id: C4 })).node).toBeNull();
      expect(codeOf(await progress(C4, mengjiang))).toBe('NOT_FOUND');
      expect(data(await progress(C4, township)).campaignProgress.byTownship.map((r: any) => r.region.name)).toEqual(['景山镇']);
    });

    it('COM-3: a county-wide campaign is read by every township of the county, each counting its own township only', async () => {
      const c = data(await deploy({ title: '六月全县整治', periodStart: '2027-06-01', periodEnd: '2027-06-30' })).deployCampaign;
      const county = data(await progress(c.id)).campaignProgress;
      for (const [who, name] of [[station, '景山镇'], [await t.account({ role: Role.TOWNSHIP_GOVERNMENT, region: '濛江乡' }), '濛江乡']] as const) {
        expect(data(await list({ first: 100 }, who)).campaigns.edges.map((e: any) => e.node.id)).toContain(c.id);
        const p = data(await t.gqlAs(who, `query($c: ID!) { campaignProgress(campaignId: $c) { countedRegions { name } totals { ${FIG} } byTownship { region { name } figures { ${FIG} } } } }`, { c: c.id })).campaignProgress;
        expect(p.countedRegions).toEqual([{ name }]);
        const own = county.byTownship.find((r: any) => r.region.name === name);
        expect(p.byTownship).toEqual([{ region: own.region, figures: own.figures }]);
        expect(p.totals).toEqual(own.figures);
      }
      // another county's account does not reach it
      expect(data(await list({ first: 100 }, fusong)).campaigns.edges.map((e: any) => e.node.id)).not.toContain(c.id);
      expect(codeOf(await progress(c.id, fusong))).toBe('NOT_FOUND');
    });

    it('COM-3: a township account pages through its own and its county campaigns on the start day (keyset across both)', async () => {
      const all = data(await list({ first: 100 }, township)).campaigns;
      expect(all.totalCount).toBe(all.edges.length);
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: any = data(await list({ first: 1, after }, township)).campaigns;
        seen.push(...page.edges.map((e: any) => e.node.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual(all.edges.map((e: any) => e.node.id));
      expect(seen).toEqual(expect.arrayContaining([ids.C1, ids.C3, ids.C4]));
      // a county-wide campaign covers 景山镇 too
      expect(seen).toContain(ids.C2);
      // active: only C3 runs today
      expect(data(await list({ first: 100, a: true }, township)).campaigns.edges.map((e: any) => e.node.id)).toEqual([ids.C3]);
      // one statement for the page and one for the count (asked for), whatever the page's size: never one per row
      const statementsOf = async (first: number) => {
        const statements: string[] = [];
        const spy = await interceptQueries(t.dataSource, async (sql, next) => {
          if (/"campaign"/.test(sql)) statements.push(sql); // not the session's lookup
          return next();
        });
        try {
          expect(data(await list({ first }, township)).campaigns.edges).toHaveLength(Math.min(first, all.edges.length));
        } finally {
          spy.restore();
        }
        return statements.length;
      };
      expect(await statementsOf(1)).toBe(2);
      expect(await statementsOf(100)).toBe(2);
    });

    it('COM-3: the list pages on the start day (latest first) and filters by region and by running today', async () => {
      const all = data(await list({ first: 100 })).campaigns;
      const starts = all.edges.map((e: any) => e.node.periodStart);
      expect([...starts].sort().reverse()).toEqual(starts);
      const first = data(await list({ first: 1 })).campaigns;
      const second = data(await list({ first: 1, after: first.pageInfo.endCursor })).campaigns;
      expect(second.edges[0].node.id).toBe(all.edges[1].node.id);
      const active = data(await list({ first: 100, a: true })).campaigns.edges.map((e: any) => e.node);
      expect(active.every((n: any) => n.phase === 'ACTIVE')).toBe(true);
      expect(active.map((n: any) => n.id)).toContain(ids.C3);
      const inactive = data(await list({ first: 100, a: false })).campaigns.edges.map((e: any) => e.node);
      expect(inactive.every((n: any) => n.phase !== 'ACTIVE')).toBe(true);
      expect(inactive.length + active.length).toBe(all.totalCount);
      // a region's campaigns: seated in it (the township committee's), scoped into it (the county's scoped to 景山镇) or
      // covering it (county-wide); not those scoped to other townships only
      const countyWide = ((await t.dataSource.query(`SELECT id FROM campaign WHERE scope_region_ids = ARRAY[$1::uuid]`, [ids.county])) as { id: string }[])
        .map((r) => g('Campaign', r.id));
      expect(countyWide).toContain(ids.C2);
      expect(data(await list({ first: 100, r: g('Region', ids.J) })).campaigns.edges.map((e: any) => e.node.id).sort()).toEqual([ids.C1, ids.C3, ids.C4, ...countyWide].sort());
      expect(data(await list({ first: 100, r: g('Region', ids.L) })).campaigns.edges.map((e: any) => e.node.id).sort()).toEqual([ids.C1, ...countyWide].sort());
    });
  });
  describe('COM-3: the progress workbook and the summary document', () => {
    const xlsx = (campaignId: string, who: TestAccount) => getFile(t, who, `/office/exports/campaign-progress.xlsx?campaignId=${encodeURIComponent(campaignId)}`);
    const docx = (campaignId: string, who: TestAccount) => getFile(t, who, `/office/briefings/campaign-summary.docx?campaignId=${encodeURIComponent(campaignId)}`);
    let office: TestAccount;
    beforeAll(async () => {
      office = await t.account({ role: Role.COMMITTEE_OFFICE });
    });
    const tablesOf = (bytes: Buffer) => {
      const xml = new PizZip(bytes).file('word/document.xml')!.asText();
      return [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((tbl) => [...tbl[1].matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((tr) =>
        [...tr[0].matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((tc) => [...tc[1].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))));
    };

    it('COM-3: the workbook has the totals, a sheet of the townships and one of the member units, captioned with the filters', async () => {
      const res = await xlsx(ids.C1, office);
      expect(res.status).toBe(200);
      const book = await readXlsx(res.bytes);
      expect([...book.keys()]).toEqual(['合计', '各乡镇', '各成员单位']);
      // the file name carries the campaign's region and period, the caption its count
      expect(decodeURIComponent(res.headers['content-disposition'].split("UTF-8''")[1])).toMatch(/^靖宇县-\d{4}-\d\d-\d\d至\d{4}-\d\d-\d\d-.*小场所消防安全专项整治进度（截至\d{4}-\d\d-\d\d）\.xlsx$/);
      expect(book.get('合计')!.slice(0, 3).map((r) => r[0]).join('\n')).toContain('；共 1 条');
      const towns = book.get('各乡镇')!;
      expect(towns[0][0]).toContain('小场所消防安全专项整治');
      expect(towns.slice(0, 3).flat().join(' ')).toContain('范围 景山镇、整治二村、濛江乡，场所类别 九小场所、人员密集场所，检查项 SV-02、CP-01');
      const row = (sheet: string[][], name: string) => sheet.find((r) => r[0] === name)!;
      expect(row(towns, '景山镇').slice(1, 9).map(Number)).toEqual([3, 3, 4, 100, 5, 2, 2, 40]);
      expect(row(towns, '濛江乡').slice(1, 4).map(Number)).toEqual([0, 0, 0]);
      expect(row(book.get('各成员单位')!, '县市场监督管理局').slice(1, 9).map(Number)).toEqual([2, 2, 3, 75, 5, 1, 1, 20]);
      expect(row(book.get('合计')!, '合计').slice(1, 9).map(Number)).toEqual([4, 4, 5, 125, 6, 2, 2, 33.33]);
      // a member unit's workbook holds its own row only; out of reach: NOT_FOUND
      const own = await readXlsx((await xlsx(ids.C1, unitA)).bytes);
      expect(own.get('各成员单位')!.filter((r) => r[0] === '县教育局')).toEqual([]);
      expect(row(own.get('各成员单位')!, '县市场监督管理局')).toBeDefined();
      expect((await xlsx(ids.C1, fusong)).status).toBe(404);
      // COM-3: the township's workbook of the county campaign counts 景山镇 only, and says so
      const mine = await readXlsx((await xlsx(ids.C1, township)).bytes);
      const myTowns = mine.get('各乡镇')!;
      expect(myTowns.slice(0, 3).flat().join(' ')).toContain('范围 景山镇、整治二村、濛江乡（只统计本账号辖区内的 景山镇）');
      expect(myTowns.filter((r) => ['景山镇', '濛江乡', '龙泉镇'].includes(r[0])).map((r) => r[0])).toEqual(['景山镇']);
      expect(row(mine.get('合计')!, '合计').slice(1, 9).map(Number)).toEqual([3, 3, 4, 100, 5, 2, 2, 40]);
    });

    it('COM-3: the summary of an ended campaign has its figures, tables and tasks, and says whether the targets were met', async () => {
      const res = await docx(ids.C1, office);
      expect(res.status).toBe(200);
      const text = (await mammoth.extractRawText({ buffer: res.bytes })).value;
      const p = data(await progress(ids.C1)).campaignProgress;
      expect(text).toContain('工作总结');
      expect(text).not.toContain('阶段性小结');
      expect(text).toContain('靖宇县消防救援委员会');
      expect(text).toContain('2027年4月1日至2027年6月30日');
      expect(text).toContain('整治范围：景山镇、整治二村、濛江乡');
      expect(text).toContain(`检查 ${p.totals.inspections} 次，发现火灾隐患 ${p.totals.hazardsFound} 处，已整改销号 ${p.totals.hazardsRectified} 处，整改率 33.33%，逾期未整改 ${p.totals.hazardsOverdue} 处`);
      expect(text).toContain('目标未全部完成：检查次数目标已完成（完成 5 次，目标 4 次）；整改率目标未达到（整改率 33.33%，目标 50%）');
      expect(text).toContain(`共交办任务 ${p.tasks.total} 件，已验收办结 ${p.tasks.accepted} 件，未办结 ${p.tasks.open} 件，其中逾期未办结 ${p.tasks.overdue} 件`);
      const [totals, townships, units] = tablesOf(res.bytes);
      expect(totals[1]).toEqual(['4', '4', '5', '125.00%', '6', '2', '2', '33.33%']);
      expect(townships.slice(1).map((r) => r[0])).toEqual(p.byTownship.map((r: any) => r.region.name));
      expect(townships.slice(1).map((r) => r.slice(1))).toEqual(p.byTownship.map((r: any) => [r.figures.premisesInScope, r.figures.premisesInspected, r.figures.inspections,
        r.figures.hazardsFound, r.figures.hazardsRectified, r.figures.hazardsOverdue].map(String).concat(r.figures.rectificationRate === null ? '—' : `${r.figures.rectificationRate.toFixed(2)}%`)));
      expect(units.slice(1).map((r) => r[0])).toEqual(['县教育局', '县市场监督管理局']);
    });

    it('COM-3: a campaign not ended is a 阶段性小结 with the as-of day', async () => {
      const res = await docx(ids.C3, township);
      expect(res.status).toBe(200);
      const text = (await mammoth.extractRawText({ buffer: res.bytes })).value;
      expect(text).toContain('阶段性小结（截至2027年7月15日）');
      expect(text).toContain('本总结为阶段性小结：整治期间至2027年9月30日，统计截至2027年7月15日');
      expect(decodeURIComponent(res.headers['content-disposition'].split("UTF-8''")[1])).toBe('景山镇电动车充电专项整治阶段性小结.docx');
      expect(tablesOf(res.bytes)[1].slice(1).map((r) => r[0])).toEqual(['景山镇']);
      expect((await docx(ids.C3, unitA)).status).toBe(404);
    });
  });
  it('COM-3: the progress takes the same SQL statements for 1 premises and for 21 (one grouped statement per figure set)', async () => {
    const C = data(await deploy({ title: '赤松镇整治', scopeRegionIds: [g('Region', await t.regionId('赤松镇'))] })).deployCampaign.id;
    const chisong = await t.regionId('赤松镇');
    const [template] = await t.dataSource.query(`SELECT id FROM checklist_template WHERE premises_kind = 'SMALL_VENUE'`);
    const add = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const id = randomUUID();
        await t.dataSource.query(`INSERT INTO premises (id, region_id, kind, name, address, responsible_name, risk_level, key_unit, sector_unit_id, created_by, version)
          VALUES ($1, $2, 'SMALL_VENUE', $3, '测试', '测试', 'LOW', false, $4, 'test', 1)`, [id, chisong, `赤松场所${id.slice(0, 6)}`, i % 2 ? ids.UA : ids.UB]);
        await t.dataSource.query(`INSERT INTO inspection (id, premises_id, region_id, template_id, inspected_on, inspectors, results, attachments, policy_version, recorded_by)
          VALUES ($1, $2, $3, $4, '2027-05-02', '{甲,乙}', '[]', '[]', 1, 'test')`, [randomUUID(), id, chisong, template.id]);
      }
    };
    const statementsOf = async () => {
      const statements: string[] = [];
      const spy = await interceptQueries(t.dataSource, async (sql, next) => {
        statements.push(sql.replace(/\s+/g, ' ').slice(0, 120));
        return next();
      });
      try {
        const p = data(await progress(C)).campaignProgress;
        return { statements: statements.sort(), inspections: p.totals.inspections };
      } finally {
        spy.restore();
      }
    };
    await add(1);
    const one = await statementsOf();
    await add(20);
    const many = await statementsOf();
    expect([one.inspections, many.inspections]).toEqual([1, 21]);
    expect(many.statements).toEqual(one.statements);
  });
});
