import { randomUUID } from 'node:crypto';
import { Role } from '../../src/kernel/permissions';
import { toGlobalId } from '../../src/graphql/global-id';
import { createPremises, inspectionsFixture, InspectionsFixture, nodes } from '../support/inspections';
import { createTestApp, data, error, GqlResponse, TestAccount, TestApp } from '../support/test-app';

/**
 * Member units supervised and evaluated (COM-4) and member units at work (COM-5), through the API; time rules
 * T-COM-4 (a visit's day) and T-COM-6 (an evaluation is finalized after its year). The clock stands at
 * 2027-03-10 10:00 Beijing time: 2026 is over, 2027 is not. Tasks and campaigns (written by other services) are
 * seeded as rows with SQL; their figures below are computed by hand.
 */
describe('member units: duty lists, supervision, evaluation (COM-4) and their own view (COM-5)', () => {
  let t: TestApp;
  let f: InspectionsFixture;
  let office: TestAccount;
  let unitAccount: TestAccount;
  let unit2Account: TestAccount;
  const ids: Record<string, string> = {};
  const raw: Record<string, string> = {};
  const codeOf = (res: GqlResponse) => res.body.errors?.[0]?.extensions.code ?? null;
  const count = async (table: string) => Number(((await t.dataSource.query(`SELECT COUNT(*)::int AS n FROM ${table}`)) as { n: number }[])[0].n);
  const one = async (sql: string, params: unknown[] = []) => ((await t.dataSource.query(sql, params)) as { id: string }[])[0].id;

  const createUnit = async (name: string, region: string, committeeKind: string) => {
    const committee = await one(`SELECT o.id FROM organization o JOIN region r ON r.id = o.region_id WHERE r.name = $1 AND o.kind = $2`, [region, committeeKind]);
    return data(await t.admins.system.gql(`mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`, {
      i: { kind: 'MEMBER_UNIT', name, regionId: toGlobalId('Region', await t.regionId(region)), committeeId: toGlobalId('Organization', committee) },
    })).createOrganization.id as string;
  };
  const raw_ = (globalId: string) => Buffer.from(globalId, 'base64').toString('utf8').split(':')[1];

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.freeze('2027-03-10T10:00:00+08:00');
    f = await inspectionsFixture(t);
    office = t.office;
    ids.countyUnit = await createUnit('县教育局', '靖宇县', 'COUNTY_COMMITTEE');
    ids.countyUnit2 = await createUnit('县民政局', '靖宇县', 'COUNTY_COMMITTEE');
    ids.townUnit = await createUnit('景山镇中心学校', '景山镇', 'TOWNSHIP_COMMITTEE');
    for (const k of ['countyUnit', 'countyUnit2', 'townUnit']) raw[k] = raw_(ids[k]);
    unitAccount = await t.account({ role: Role.MEMBER_UNIT, region: '靖宇县', organizationId: ids.countyUnit });
    unit2Account = await t.account({ role: Role.MEMBER_UNIT, region: '靖宇县', organizationId: ids.countyUnit2 });

    // another county, outside everyone's jurisdiction here (抚松县), with a member unit of its township committee
    const city = await one(`SELECT id FROM region WHERE name = '白山市'`);
    const [{ path: cityPath }] = (await t.dataSource.query(`SELECT path FROM region WHERE id = $1`, [city])) as { path: string }[];
    const county = randomUUID();
    const township = randomUUID();
    await t.dataSource.query(
      `INSERT INTO region (id, parent_id, level, kind, name, code, path, sort_order, version) VALUES
       ($1, $2, 'COUNTY', NULL, '抚松县', '220621', $3, 9, 1), ($4, $1, 'TOWNSHIP', 'TOWN', '抚松镇', NULL, $5, 1, 1)`,
      [county, city, `${cityPath}${county}/`, township, `${cityPath}${county}/${township}/`],
    );
    const committee = randomUUID();
    raw.outsideUnit = randomUUID();
    await t.dataSource.query(
      `INSERT INTO organization (id, kind, name, region_id, parent_id, staff_quota, version) VALUES
       ($1, 'TOWNSHIP_COMMITTEE', '抚松镇消防救援委员会', $3, NULL, NULL, 1), ($2, 'MEMBER_UNIT', '抚松镇卫生院', $3, $1, NULL, 1)`,
      [committee, raw.outsideUnit, township],
    );
    ids.outsideUnit = toGlobalId('Organization', raw.outsideUnit);
    ids.outsideCounty = toGlobalId('Region', county);
  });
  afterAll(async () => {
    await t?.close();
  });

  const DUTY_LIST = `id sector version note createdBy duties { code text basis } memberUnit { name } versions(first: 10) { edges { node { version note duties { code } } } }`;
  const setDuties = (input: Record<string, unknown>, who: TestAccount = office) =>
    t.gqlAs(who, `mutation($i: SetMemberUnitDutiesInput!) { setMemberUnitDuties(input: $i) { ${DUTY_LIST} } }`, { i: input });
  const duties = (memberUnitId: string, who: TestAccount = office) =>
    t.gqlAs(who, `query($u: ID!) { memberUnitDuties(memberUnitId: $u) { ${DUTY_LIST} } }`, { u: memberUnitId });
  const VISIT = `id visitedOn visitors summary memberUnit { name } visitorOrganization { name kind } findings { seq description severity dutyCode taskId }`;
  const recordVisit = (input: Record<string, unknown>, who: TestAccount = f.center) =>
    t.gqlAs(who, `mutation($i: RecordSupervisionVisitInput!) { recordSupervisionVisit(input: $i) { ${VISIT} } }`, {
      i: { visitedOn: '2027-03-09', visitors: ['张指导', '李指导'], summary: '检查责任清单落实情况', ...input },
    });
  const EVALUATION = `id year status policyVersion score grade scoredPart finalizedAt memberUnit { name } breakdown { part figures { name value } points max explanation recordIds }`;
  const evaluations = (year: number, who: TestAccount = f.center, extra: Record<string, unknown> = {}) =>
    t.gqlAs(who, `query($y: Int!, $r: ID, $u: ID) { memberUnitEvaluations(year: $y, regionId: $r, memberUnitId: $u, first: 100) { totalCount edges { node { ${EVALUATION} } } } }`, { y: year, ...extra });
  const evaluationOf = async (year: number, unitName: string, who: TestAccount = f.center) =>
    nodes(data(await evaluations(year, who)).memberUnitEvaluations).find((e: any) => e.memberUnit.name === unitName);

  describe('COM-4: duty lists', () => {
    it('COM-4: the catalogue gives a sector\'s default duties, each with its basis marked as a summary', async () => {
      const items = data(await t.gql(`{ dutyCatalogue(sector: EDUCATION) { code text basis } }`)).dutyCatalogue;
      expect(items.length).toBeGreaterThanOrEqual(3);
      expect(items[0]).toMatchObject({ code: 'EDU-1' });
      expect(items.every((d: any) => /国办发〔2017〕87号|吉林省消防安全责任实施办法/.test(d.basis) && d.basis.includes('摘要'))).toBe(true);
    });

    it('COM-4: without duties the office loads the sector\'s default list as version 1; an edit writes version 2 and keeps version 1', async () => {
      expect(data(await duties(ids.countyUnit)).memberUnitDuties).toBeNull();
      const v1 = data(await setDuties({ memberUnitId: ids.countyUnit, sector: 'EDUCATION' })).setMemberUnitDuties;
      const catalogue = data(await t.gql(`{ dutyCatalogue(sector: EDUCATION) { code text basis } }`)).dutyCatalogue;
      expect(v1).toMatchObject({ version: 1, sector: 'EDUCATION', duties: catalogue, memberUnit: { name: '县教育局' }, versions: { edges: [] } });
      expect(v1.note).toContain('载入教育行业默认责任清单');
      const edited = [...catalogue, { code: 'EDU-9', text: '督促校外培训机构落实消防安全管理', basis: null }];
      const v2 = data(await setDuties({ memberUnitId: ids.countyUnit, sector: 'EDUCATION', duties: edited, note: '增加校外培训机构' })).setMemberUnitDuties;
      expect(v2).toMatchObject({ version: 2, note: '增加校外培训机构', versions: { edges: [{ node: { version: 1 } }] } });
      expect(v2.duties.map((d: any) => d.code)).toContain('EDU-9');
      const inForce = data(await duties(ids.countyUnit)).memberUnitDuties;
      expect(inForce).toMatchObject({ version: 2 });
    });

    it('COM-4: refuses duplicate codes, writing nothing', async () => {
      const before = await count('member_unit_duty_list');
      const e = error(await setDuties({ memberUnitId: ids.countyUnit2, sector: 'CIVIL_AFFAIRS', duties: [{ code: 'A', text: '甲' }, { code: 'A', text: '乙' }] }));
      expect(e.extensions.code).toBe('BAD_USER_INPUT');
      expect(e.message).toContain('COM-4：职责编号 A 重复');
      expect(await count('member_unit_duty_list')).toBe(before);
    });

    it('COM-4: the county office keeps county units\' lists, the township government its township\'s', async () => {
      const before = await count('member_unit_duty_list');
      const e = error(await setDuties({ memberUnitId: ids.townUnit, sector: 'EDUCATION' }));
      expect(e.extensions.code).toBe('BAD_USER_INPUT');
      expect(e.message).toContain('COM-4：乡镇成员单位的责任清单由所在乡镇政府设定');
      expect(codeOf(await setDuties({ memberUnitId: ids.countyUnit2, sector: 'CIVIL_AFFAIRS' }, f.township))).toBe('FORBIDDEN');
      expect(await count('member_unit_duty_list')).toBe(before);
      expect(data(await setDuties({ memberUnitId: ids.townUnit, sector: 'EDUCATION' }, f.township)).setMemberUnitDuties).toMatchObject({ version: 1 });
      expect(data(await setDuties({ memberUnitId: ids.countyUnit2, sector: 'CIVIL_AFFAIRS' })).setMemberUnitDuties).toMatchObject({ version: 1 });
    });
  });

  describe('COM-4: supervision visits', () => {
    it('COM-4: the center visits a county unit; the visitor is its organization; findings cite duties in force', async () => {
      const v = data(await recordVisit({
        memberUnitId: ids.countyUnit,
        findings: [{ description: '未组织学校疏散演练', severity: 'GENERAL', dutyCode: 'EDU-3' }, { description: '校外培训机构底数不清', severity: 'SERIOUS', dutyCode: 'EDU-9' }],
      })).recordSupervisionVisit;
      expect(v).toMatchObject({
        visitedOn: '2027-03-09', memberUnit: { name: '县教育局' }, visitorOrganization: { kind: 'GUIDANCE_CENTER' },
        findings: [{ seq: 1, severity: 'GENERAL', dutyCode: 'EDU-3', taskId: null }, { seq: 2, severity: 'SERIOUS', dutyCode: 'EDU-9' }],
      });
    });

    it('COM-4: the station visits its township\'s unit', async () => {
      const v = data(await recordVisit({ memberUnitId: ids.townUnit, findings: [] }, f.station)).recordSupervisionVisit;
      expect(v.visitorOrganization.kind).toBe('FIRE_WORK_STATION');
    });

    it('COM-4: refuses the other way round (center → township unit: the rule; station → county unit: out of reach), writing nothing', async () => {
      const [visits, findings] = [await count('supervision_visit'), await count('supervision_finding')];
      const e = error(await recordVisit({ memberUnitId: ids.townUnit, findings: [{ description: 'x', severity: 'GENERAL' }] }));
      expect(e.extensions.code).toBe('BAD_USER_INPUT');
      expect(e.message).toContain('COM-4：指导中心督导县直成员单位；乡镇成员单位由所在乡镇的消防工作站督导');
      expect(codeOf(await recordVisit({ memberUnitId: ids.countyUnit }, f.station))).toBe('FORBIDDEN');
      expect(codeOf(await recordVisit({ memberUnitId: ids.outsideUnit }))).toBe('FORBIDDEN');
      const d = error(await recordVisit({ memberUnitId: ids.countyUnit, findings: [{ description: '问题', severity: 'GENERAL', dutyCode: 'HEA-1' }] }));
      expect(d.message).toContain('COM-4：职责编号 HEA-1 不在该单位现行责任清单（第 2 版）中');
      expect([await count('supervision_visit'), await count('supervision_finding')]).toEqual([visits, findings]);
    });

    it('T-COM-4: a visit today at the latest, recorded late within 366 days', async () => {
      const before = await count('supervision_visit');
      const future = error(await recordVisit({ memberUnitId: ids.countyUnit2, visitedOn: '2027-03-11' }));
      expect(future.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'T-COM-4', protects: 'COM-4' });
      expect(future.message).toBe('时间规则 T-COM-4：督导检查日期不能晚于今天（2027-03-10）');
      expect(error(await recordVisit({ memberUnitId: ids.countyUnit2, visitedOn: '2026-03-08' })).extensions.rule).toBe('T-COM-4');
      expect(await count('supervision_visit')).toBe(before);
      expect(data(await recordVisit({ memberUnitId: ids.countyUnit2, visitedOn: '2027-03-10' })).recordSupervisionVisit.visitedOn).toBe('2027-03-10');
      expect(data(await recordVisit({ memberUnitId: ids.countyUnit2, visitedOn: '2026-03-09' })).recordSupervisionVisit.visitedOn).toBe('2026-03-09');
    });

    it('COM-4: visits are listed newest first inside the jurisdiction', async () => {
      const all = nodes(data(await t.gqlAs(f.center, `{ supervisionVisits(first: 50) { totalCount edges { node { visitedOn memberUnit { name } } } } }`)).supervisionVisits);
      expect(all.map((v: any) => v.visitedOn)).toEqual([...all.map((v: any) => v.visitedOn)].sort().reverse());
      const township = nodes(data(await t.gqlAs(f.station, `{ supervisionVisits(first: 50) { edges { node { memberUnit { name } } } } }`)).supervisionVisits);
      expect(township.map((v: any) => v.memberUnit.name)).toEqual(['景山镇中心学校']);
      expect(codeOf(await t.gqlAs(f.center, `query($r: ID) { supervisionVisits(regionId: $r) { totalCount } }`, { r: ids.outsideCounty }))).toBe('FORBIDDEN');
    });
  });

  describe('COM-4: the annual evaluation', () => {
    let sectorPremises: string;
    let otherPremises: string;
    const countyCommittee = () => one(`SELECT o.id FROM organization o JOIN region r ON r.id = o.region_id WHERE r.name = '靖宇县' AND o.kind = 'COUNTY_COMMITTEE'`);
    const countyOffice = () => one(`SELECT o.id FROM organization o JOIN region r ON r.id = o.region_id WHERE r.name = '靖宇县' AND o.kind = 'COUNTY_COMMITTEE_OFFICE'`);
    const taskIds: Record<string, string> = {};
    let campaignId: string;

    beforeAll(async () => {
      // tasks of 县教育局 (committee_task rows, as the task service writes them)
      const committee = await countyCommittee();
      const by = await countyOffice();
      const county = await t.regionId('靖宇县');
      const tasks: [string, string, string, boolean | null, number][] = [
        ['onTime', '2026-05-31', 'ACCEPTED', true, 0], // counts, done well
        ['late', '2026-06-30', 'ACCEPTED', false, 0], // counts against: completed late
        ['returned', '2026-09-30', 'ACCEPTED', true, 1], // counts against: returned once
        ['overdue', '2026-11-30', 'IN_PROGRESS', null, 0], // counts against: still open past its deadline
        ['lastYear', '2025-12-31', 'ACCEPTED', true, 0], // due in 2025: not counted
      ];
      for (const [key, deadline, status, onTime, returns] of tasks) {
        taskIds[key] = randomUUID();
        await t.dataSource.query(
          `INSERT INTO committee_task (id, committee_id, assigned_by_id, assignee_id, region_id, source, title, requirement, assigned_on, deadline,
             evidence_required, status, policy_version, accepted_at, completed_on_time, return_count, created_by, version)
           VALUES ($1, $2, $3, $4, $5, 'DEPLOYMENT', $6, '按要求办理', '2025-12-01', $7, true, $8, 1, $9, $10, $11, 'test', 1)`,
          [taskIds[key], committee, by, raw.countyUnit, county, `任务${key}`, deadline, status, status === 'ACCEPTED' ? new Date('2026-05-01T00:00:00Z') : null, onTime, returns],
        );
      }
      // a campaign of the county committee in 2026 (target 80%), and hazards on premises of the unit's sector
      campaignId = randomUUID();
      await t.dataSource.query(
        `INSERT INTO campaign (id, committee_id, region_id, title, description, period_start, period_end, scope_region_ids, premises_kinds, hazard_item_codes,
           target_inspections, target_rectification_percent, created_by, version)
         VALUES ($1, $2, $3, '校园消防安全专项整治', '整治校园火灾隐患', '2026-04-01', '2026-06-30', $4, '{}', '{}', NULL, 80, 'test', 1)`,
        [campaignId, committee, county, [county]],
      );
      sectorPremises = await createPremises(f, { name: '景山镇中学' });
      otherPremises = await createPremises(f, { name: '景山镇超市' });
      const set = data(await t.gqlAs(f.station, `mutation($i: SetPremisesSectorUnitInput!) { setPremisesSectorUnit(input: $i) { name sectorUnit { name } } }`, {
        i: { premisesId: sectorPremises, sectorUnitId: ids.countyUnit },
      })).setPremisesSectorUnit;
      expect(set).toEqual({ name: '景山镇中学', sectorUnit: { name: '县教育局' } });
      const township = await t.regionId('景山镇');
      const hazard = async (premises: string, foundOn: string, closed: boolean, status = closed ? 'CLOSED' : 'RECTIFYING', deadline = '2026-07-31') => t.dataSource.query(
        `INSERT INTO hazard (id, region_id, premises_id, source, description, found_on, status, order_due_by, deadline, responsible_party, measures, ordered_on,
           rectified_on, closed_at, major_status, policy_version, reported_by, version)
         VALUES ($1, $2, $3, 'OTHER', '安全出口锁闭', $4, $5, $4, $6, '校长', '开启安全出口', $4, $7, $8, 'NONE', 1, 'test', 1)`,
        [randomUUID(), township, raw_(premises), foundOn, status, deadline, closed ? '2026-06-27' : null, closed ? new Date('2026-06-28T02:00:00Z') : null],
      );
      await hazard(sectorPremises, '2026-04-10', true);
      await hazard(sectorPremises, '2026-05-10', true);
      await hazard(sectorPremises, '2026-06-10', true);
      await hazard(sectorPremises, '2026-06-30', false); // 3 of 4 rectified (closed by the period's end, as campaignProgress counts): 75%
      await hazard(sectorPremises, '2026-07-01', false); // after the period: not counted
      await hazard(otherPremises, '2026-05-01', false); // another sector: not counted
      // a 2026 visit of 县教育局: one general and one serious finding
      data(await recordVisit({ memberUnitId: ids.countyUnit, visitedOn: '2026-06-15', findings: [
        { description: '未落实行业检查', severity: 'GENERAL' }, { description: '隐患整改督促不力', severity: 'SERIOUS', dutyCode: 'EDU-3' },
      ] }));
    });

    it('COM-4: a unit not scored yet is computed live (DRAFT), every point traced to its tasks, campaign and visits', async () => {
      const e = await evaluationOf(2026, '县教育局');
      // tasks: 40 × 1 / 4 = 10; campaign: 75% against 80% → 20 × 75 / 80 = 18.75; supervision: 20 − 2 × (1 + 2 × 1) = 14; scored: 0
      expect(e).toMatchObject({ id: null, year: 2026, status: 'DRAFT', policyVersion: 1, score: 42.75, grade: null, scoredPart: null, finalizedAt: null });
      expect(e.breakdown.map((i: any) => [i.part, i.points, i.max])).toEqual([['TASKS', 10, 40], ['CAMPAIGNS', 18.75, 20], ['SUPERVISION', 14, 20], ['SCORED', 0, 20]]);
      const [tasks, campaign, supervision, scored] = e.breakdown;
      expect([...tasks.recordIds].sort()).toEqual(['onTime', 'late', 'returned', 'overdue'].map((k) => toGlobalId('Task', taskIds[k])).sort());
      expect(Object.fromEntries(tasks.figures.map((x: any) => [x.name, x.value]))).toMatchObject({ 年度内到期任务数: 4, 按期办结且未被退回: 1, 逾期未办结: 1, 逾期办结: 1, 被退回过: 1 });
      expect(campaign.recordIds).toEqual([toGlobalId('Campaign', campaignId)]);
      expect(Object.fromEntries(campaign.figures.map((x: any) => [x.name, x.value]))).toMatchObject({ 本行业场所发现隐患: 4, 已整改销号: 3, '整改率目标（%）': 80, '整改率（%）': 75 });
      expect(supervision.recordIds).toHaveLength(1);
      expect(supervision.explanation).toContain('（一般问题 1 + 2 × 突出问题 1）');
      expect(scored.explanation).toContain('尚未评分');
      // 县民政局: no task due, no campaign hazard, no 2026 finding (its 2026-03-09 visit found nothing): full marks but the scored part
      const civil = await evaluationOf(2026, '县民政局');
      expect(civil).toMatchObject({ status: 'DRAFT', score: 80, grade: null });
      expect(civil.breakdown[0].explanation).toContain('没有到期的任务');
    });

    it('COM-4: the evaluation cannot be finalized before it is scored; T-COM-6: nor before its year is over', async () => {
      const before = await count('member_unit_evaluation');
      const finalize = (year: number) => t.gqlAs(f.center, `mutation($i: FinalizeMemberUnitEvaluationInput!) { finalizeMemberUnitEvaluation(input: $i) { status } }`, { i: { memberUnitId: ids.countyUnit, year } });
      const e = error(await finalize(2026));
      expect(e.extensions.code).toBe('BAD_USER_INPUT');
      expect(e.message).toContain('COM-4：县教育局 2026年度考评的评分部分尚未评分');
      const early = error(await finalize(2027));
      expect(early.extensions).toMatchObject({ rule: 'T-COM-6', protects: 'COM-4' });
      expect(early.message).toBe('时间规则 T-COM-6：2027年尚未结束（至 2027-12-31），结束后方可定稿');
      expect(await count('member_unit_evaluation')).toBe(before);
    });

    it('COM-4: the center scores county units, the station its township\'s: the other way round is refused', async () => {
      const score = (who: TestAccount, memberUnitId: string) => t.gqlAs(who, `mutation($i: ScoreMemberUnitInput!) { scoreMemberUnit(input: $i) { score } }`, { i: { memberUnitId, year: 2026, scoredPart: 80 } });
      expect(error(await score(f.center, ids.townUnit)).message).toContain('COM-4：指导中心考评县直成员单位');
      expect(codeOf(await score(f.station, ids.countyUnit))).toBe('FORBIDDEN');
      expect(codeOf(await score(f.center, ids.outsideUnit))).toBe('FORBIDDEN');
      expect(await count('member_unit_evaluation')).toBe(0);
      expect(data(await score(f.station, ids.townUnit)).scoreMemberUnit.score).toBe(96); // 40 + 20 + 20 + 20 × 80 %
    });

    it('COM-4: scored, then finalized with its policy version; a new policy version leaves the FINAL result unchanged', async () => {
      const scored = data(await t.gqlAs(f.center, `mutation($i: ScoreMemberUnitInput!) { scoreMemberUnit(input: $i) { ${EVALUATION} } }`, {
        i: { memberUnitId: ids.countyUnit, year: 2026, scoredPart: 90, comment: '台账较完整' },
      })).scoreMemberUnit;
      // 10 + 18.75 + 14 + 20 × 90 % = 60.75: COMPETENT (≥ 60)
      expect(scored).toMatchObject({ status: 'DRAFT', score: 60.75, grade: 'COMPETENT', scoredPart: 90 });
      expect(scored.id).not.toBeNull();
      const final = data(await t.gqlAs(f.center, `mutation($i: FinalizeMemberUnitEvaluationInput!) { finalizeMemberUnitEvaluation(input: $i) { ${EVALUATION} } }`, {
        i: { memberUnitId: ids.countyUnit, year: 2026 },
      })).finalizeMemberUnitEvaluation;
      expect(final).toMatchObject({ status: 'FINAL', policyVersion: 1, score: 60.75, grade: 'COMPETENT' });
      expect(final.finalizedAt).toBeTruthy();

      // a new policy version applying to 2026 (inserted directly), and more findings of a 2026 visit
      await t.dataSource.query(
        `INSERT INTO committee_policy (version, effective_from, task_max_deadline_days, evaluation_task_weight, evaluation_campaign_weight,
           evaluation_supervision_weight, evaluation_scored_weight, finding_deduction, excellent_min, good_min, competent_min, created_by)
         VALUES (2, '2026-01-01', 180, 10, 30, 30, 30, 5, 95, 85, 70, 'test')`,
      );
      data(await recordVisit({ memberUnitId: ids.countyUnit, visitedOn: '2026-12-01', findings: [{ description: '新发现', severity: 'SERIOUS' }] }));
      const after = await evaluationOf(2026, '县教育局');
      expect(after).toEqual(final);
      // a DRAFT follows the policy in force on the year's last day: 10 + 30 + 30 + 0
      expect(await evaluationOf(2026, '县民政局')).toMatchObject({ status: 'DRAFT', policyVersion: 2, score: 70 });
      const again = error(await t.gqlAs(f.center, `mutation($i: ScoreMemberUnitInput!) { scoreMemberUnit(input: $i) { score } }`, { i: { memberUnitId: ids.countyUnit, year: 2026, scoredPart: 100 } }));
      expect(again.extensions.code).toBe('CONFLICT');
      expect(again.message).toContain('COM-4：县教育局 2026年度考评已定稿');
      expect(error(await t.gqlAs(f.center, `mutation($i: FinalizeMemberUnitEvaluationInput!) { finalizeMemberUnitEvaluation(input: $i) { score } }`, { i: { memberUnitId: ids.countyUnit, year: 2026 } })).extensions.code).toBe('CONFLICT');
      expect(await evaluationOf(2026, '县教育局')).toEqual(final);
    });

    it('COM-4: the list covers every member unit in reach, not the other county\'s', async () => {
      const names = nodes(data(await evaluations(2026)).memberUnitEvaluations).map((e: any) => e.memberUnit.name);
      expect(names).toEqual(expect.arrayContaining(['县教育局', '县民政局', '景山镇中心学校']));
      expect(names).not.toContain('抚松镇卫生院');
      const township = nodes(data(await evaluations(2026, f.station)).memberUnitEvaluations).map((e: any) => e.memberUnit.name);
      expect(township).toEqual(['景山镇中心学校']);
      expect(codeOf(await evaluations(2026, f.center, { r: ids.outsideCounty }))).toBe('FORBIDDEN');
    });
  });

  describe('COM-5: a member unit sees its own and nothing of another unit', () => {
    it('COM-5: its own duty list; another unit\'s answers like an out-of-reach record', async () => {
      expect(data(await duties(ids.countyUnit, unitAccount)).memberUnitDuties).toMatchObject({ version: 2, memberUnit: { name: '县教育局' } });
      const other = error(await duties(ids.countyUnit2, unitAccount));
      expect(other.extensions.code).toBe('NOT_FOUND');
      expect(error(await duties(ids.outsideUnit, office)).extensions.code).toBe('NOT_FOUND');
    });

    it('COM-5: its own evaluation and visits only; naming another unit lists nothing', async () => {
      const own = nodes(data(await evaluations(2026, unitAccount)).memberUnitEvaluations);
      expect(own.map((e: any) => [e.memberUnit.name, e.status, e.score])).toEqual([['县教育局', 'FINAL', 60.75]]);
      expect(data(await evaluations(2026, unitAccount, { u: ids.countyUnit2 })).memberUnitEvaluations.totalCount).toBe(0);
      const visits = nodes(data(await t.gqlAs(unitAccount, `{ supervisionVisits(first: 50) { edges { node { memberUnit { name } findings { severity } } } } }`)).supervisionVisits);
      expect(visits.length).toBe(3);
      expect(new Set(visits.map((v: any) => v.memberUnit.name))).toEqual(new Set(['县教育局']));
      expect(data(await t.gqlAs(unitAccount, `query($u: ID) { supervisionVisits(memberUnitId: $u) { totalCount } }`, { u: ids.countyUnit2 })).supervisionVisits.totalCount).toBe(0);
      // the other unit sees its own visits, not 县教育局's
      const civil = nodes(data(await t.gqlAs(unit2Account, `{ supervisionVisits(first: 50) { edges { node { memberUnit { name } } } } }`)).supervisionVisits);
      expect(civil.map((v: any) => v.memberUnit.name)).toEqual(['县民政局', '县民政局']);
    });

    it('COM-5: node(id:) answers a visit or a duty list of its own unit, null for another unit\'s (like an out-of-reach record)', async () => {
      const visitOf = async (who: TestAccount) => nodes(data(await t.gqlAs(who, `{ supervisionVisits(first: 1) { edges { node { id } } } }`)).supervisionVisits)[0].id;
      const own = await visitOf(unitAccount);
      const other = await visitOf(unit2Account);
      const node = (who: TestAccount, id: string) => t.gqlAs(who, `query($id: ID!) { node(id: $id) { id ... on SupervisionVisit { memberUnit { name } } } }`, { id });
      expect(data(await node(unitAccount, own)).node).toMatchObject({ id: own, memberUnit: { name: '县教育局' } });
      expect(data(await node(unitAccount, other)).node).toBeNull();
      expect(data(await node(f.center, other)).node).toMatchObject({ memberUnit: { name: '县民政局' } });
      expect(data(await node(f.station, other)).node).toBeNull();
      const list = data(await duties(ids.countyUnit2)).memberUnitDuties.id;
      expect(data(await t.gqlAs(unitAccount, `query($id: ID!) { node(id: $id) { id } }`, { id: list })).node).toBeNull();
      expect(data(await t.gqlAs(unit2Account, `query($id: ID!) { node(id: $id) { id } }`, { id: list })).node).toEqual({ id: list });
    });

    it('COM-5: the premises of its sector and the hazards found there, with their rectification', async () => {
      const premises = nodes(data(await t.gqlAs(unitAccount, `{ sectorPremises(first: 50) { totalCount edges { node { name regionName ownPremises openHazards overdueHazards } } } }`)).sectorPremises);
      expect(premises).toEqual([{ name: '景山镇中学', regionName: '景山镇', ownPremises: false, openHazards: 2, overdueHazards: 2 }]);
      const hazards = nodes(data(await t.gqlAs(unitAccount, `{ sectorHazards(first: 50) { totalCount edges { node { foundOn status overdue deadline rectifiedOn closedOn premisesName } } } }`)).sectorHazards);
      expect(hazards.map((h: any) => h.foundOn)).toEqual(['2026-07-01', '2026-06-30', '2026-06-10', '2026-05-10', '2026-04-10']);
      expect(hazards[0]).toEqual({ foundOn: '2026-07-01', status: 'RECTIFYING', overdue: true, deadline: '2026-07-31', rectifiedOn: null, closedOn: null, premisesName: '景山镇中学' });
      expect(hazards[4]).toMatchObject({ status: 'CLOSED', overdue: false, rectifiedOn: '2026-06-27', closedOn: '2026-06-28' });
      const closed = data(await t.gqlAs(unitAccount, `{ sectorHazards(statuses: [CLOSED]) { totalCount } }`)).sectorHazards.totalCount;
      expect(closed).toBe(3);
      expect(data(await t.gqlAs(unitAccount, `{ sectorHazards(overdue: true) { totalCount } }`)).sectorHazards.totalCount).toBe(2);
      // another unit sees none of them
      expect(data(await t.gqlAs(unit2Account, `{ sectorPremises { totalCount } sectorHazards { totalCount } }`))).toEqual({ sectorPremises: { totalCount: 0 }, sectorHazards: { totalCount: 0 } });
      // SECTOR_READ is the member units': the station reads premises through INSPECTION_READ
      expect(codeOf(await t.gqlAs(f.station, `{ sectorPremises { totalCount } }`))).toBe('FORBIDDEN');
    });

    it('COM-5: a sector unit must be a member unit whose committee\'s region contains the premises; null clears it', async () => {
      const premisesId = await createPremises(f, { name: '景山镇卫生所' });
      const set = (sectorUnitId: string | null) => t.gqlAs(f.station, `mutation($i: SetPremisesSectorUnitInput!) { setPremisesSectorUnit(input: $i) { sectorUnit { name } version } }`, { i: { premisesId, sectorUnitId } });
      const station = one(`SELECT o.id FROM organization o JOIN region r ON r.id = o.region_id WHERE r.name = '景山镇' AND o.kind = 'FIRE_WORK_STATION'`);
      expect(error(await set(toGlobalId('Organization', await station))).message).toContain('COM-5：行业主管部门须为成员单位');
      expect(error(await set(ids.outsideUnit)).message).toContain('COM-5：“抚松镇卫生院”所属委员会的区划（抚松镇）不包含该场所');
      const [{ sector_unit_id: none }] = await t.dataSource.query(`SELECT sector_unit_id FROM premises WHERE id = $1`, [raw_(premisesId)]);
      expect(none).toBeNull();
      expect(data(await set(ids.townUnit)).setPremisesSectorUnit.sectorUnit).toEqual({ name: '景山镇中心学校' });
      expect(data(await set(null)).setPremisesSectorUnit.sectorUnit).toBeNull();
      const log = data(await t.gqlAs(f.station, `query($id: ID!) { premisesLog(premisesId: $id, first: 20) { edges { node { summary } } } }`, { id: premisesId }));
      expect(JSON.stringify(log)).toContain('行业主管部门设为 景山镇中心学校');
    });
  });
});
