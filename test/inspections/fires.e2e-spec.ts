import { randomUUID } from 'node:crypto';
import { Role } from '../../src/kernel/permissions';
import { inspectionsFixture, InspectionsFixture } from '../support/inspections';
import { createTestApp, data, error, GqlResponse, TestAccount, TestApp } from '../support/test-app';

/** Fires, their levels and investigations (INS-4, INS-6), the fire situation, work plans and reports (INS-5). */
describe('fires, investigations, the fire situation and work reports (INS-4 .. INS-6)', () => {
  let t: TestApp;
  let f: InspectionsFixture;
  let discipline: TestAccount;
  const codeOf = (res: GqlResponse) => res.body.errors?.[0]?.extensions.code ?? null;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.freeze('2027-07-15T10:00:00+08:00');
    f = await inspectionsFixture(t);
    discipline = await t.account({ role: Role.DISCIPLINE });
  });
  afterAll(async () => {
    await t?.close();
  });

  const recordFire = (input: Record<string, unknown>, who: TestAccount = f.station) =>
    t.gqlAs(who, `mutation($i: RecordFireInput!) { recordFire(input: $i) { id level region { name } } }`, {
      i: { regionId: f.jingshan, occurredAt: '2027-07-14T20:00:00+08:00', place: '景山镇某仓库', cause: 'ELECTRICAL', deaths: 0, injuries: 0, seriousInjuries: 0, directLossYuan: 1000, ...input },
    });
  const investigationOf = async (fireId: string, who: TestAccount = discipline) =>
    data(await t.gqlAs(who, `query($id: ID!) { node(id: $id) { ... on FireIncident { level investigation { id reasons status } } } }`, { id: fireId })).node;

  describe('INS-6: fire levels and extended investigations', () => {
    it('INS-6: a fatal fire opens an extended investigation automatically, though its level is 一般', async () => {
      const fire = data(await recordFire({ deaths: 1, injuries: 2, seriousInjuries: 1, directLossYuan: 50000 })).recordFire;
      expect(fire.level).toBe('GENERAL');
      const n = await investigationOf(fire.id);
      expect(n.investigation).toMatchObject({ reasons: ['DEATHS'], status: 'OPEN' });
    });

    it('INS-6: a 较大 fire without deaths opens one (level); a 一般 fire without deaths does not', async () => {
      const larger = data(await recordFire({ directLossYuan: 12_000_000 })).recordFire;
      expect(larger.level).toBe('LARGER');
      expect((await investigationOf(larger.id)).investigation.reasons).toEqual(['LEVEL']);
      const major = data(await recordFire({ injuries: 60, seriousInjuries: 55 })).recordFire;
      expect(major.level).toBe('MAJOR');
      const small = data(await recordFire({})).recordFire;
      expect((await investigationOf(small.id)).investigation).toBeNull();
    });

    it('INS-4: refuses impossible figures and fires in the future', async () => {
      expect(codeOf(await recordFire({ injuries: 1, seriousInjuries: 2 }))).toBe('BAD_USER_INPUT');
      expect(codeOf(await recordFire({ deaths: -1 }))).toBe('BAD_USER_INPUT');
      expect(codeOf(await recordFire({ directLossYuan: 10.123 }))).toBe('BAD_USER_INPUT');
      expect(error(await recordFire({ occurredAt: '2027-07-15T10:05:00+08:00' })).message).toContain('不能晚于现在');
    });

    it('INS-6: 一案三查: the case closes only with cause, lessons and responsibility; DISCIPLINE reads it but does not write', async () => {
      const fire = data(await recordFire({ deaths: 2 })).recordFire;
      const caseId = (await investigationOf(fire.id)).investigation.id;
      const close = (who: TestAccount = f.center) => t.gqlAs(who, `mutation($i: CloseInvestigationInput!) { closeInvestigation(input: $i) { status closedBy } }`, { i: { investigationId: caseId } });
      const update = (input: Record<string, unknown>, who: TestAccount = f.center) =>
        t.gqlAs(who, `mutation($i: UpdateInvestigationInput!) { updateInvestigation(input: $i) { causeFindings lessons responsibilityFindings responsibleParties { name } accountabilityOutcomes { outcome } version } }`, { i: { investigationId: caseId, ...input } });
      expect(codeOf(await update({ causeFindings: '电气线路老化短路' }, discipline))).toBe('FORBIDDEN');
      expect(codeOf(await recordFire({}, discipline))).toBe('FORBIDDEN');
      data(await update({ causeFindings: '电气线路老化短路', lessons: '农村自建房电气线路缺乏定期检查' }));
      const refused = await close();
      expect(codeOf(refused)).toBe('CONFLICT');
      expect(error(refused).message).toContain('缺少责任调查结论');
      const updated = data(await update({
        responsibilityFindings: '村委会未落实防火巡查', responsibleParties: [{ name: '某村委会', organization: '景山镇某村', responsibility: '未落实防火巡查' }],
        accountabilityOutcomes: [{ party: '某村委会主任', outcome: '诫勉谈话', decidedOn: '2027-07-14' }],
      })).updateInvestigation;
      expect(updated.responsibleParties).toEqual([{ name: '某村委会' }]);
      expect(data(await close()).closeInvestigation).toMatchObject({ status: 'CLOSED', closedBy: f.center.username });
      expect(codeOf(await close())).toBe('CONFLICT');
      // the discipline commission reads cases with their fire; the township government does not (it may be investigated)
      const list = data(await t.gqlAs(discipline, `{ investigations(first: 50) { totalCount edges { node { status fire { deaths } accountabilityOutcomes { outcome } } } } }`)).investigations;
      expect(list.edges.some((e: any) => e.node.status === 'CLOSED' && e.node.fire.deaths === 2 && e.node.accountabilityOutcomes[0].outcome === '诫勉谈话')).toBe(true);
      expect(codeOf(await t.gqlAs(f.township, `{ investigations(first: 5) { totalCount } }`))).toBe('FORBIDDEN');
    });
  });

  describe('INS-4: fireSituation arithmetic on a known data set', () => {
    // 2027 Q2, its previous quarter (2027 Q1) and the same quarter last year (2026 Q2), in 靖宇县
    beforeAll(async () => {
      await t.dataSource.query(`DELETE FROM investigation_case`);
      await t.dataSource.query(`DELETE FROM fire_incident`);
      const J = await t.regionId('景山镇');
      const L = await t.regionId('龙泉镇');
      const C = await t.regionId('靖宇县');
      const fire = (region: string, at: string, deaths: number, injuries: number, loss: number) => t.dataSource.query(
        `INSERT INTO fire_incident (id, region_id, occurred_at, place, cause, deaths, injuries, serious_injuries, direct_loss_yuan, level, policy_version, recorded_by)
         VALUES ($1, $2, $3, '测试', 'OTHER', $4, $5, 0, $6, 'GENERAL', 1, 'test')`, [randomUUID(), region, at, deaths, injuries, loss]);
      await fire(J, '2027-04-10T12:00:00+08:00', 1, 2, 10000.5);
      await fire(J, '2027-06-30T23:30:00+08:00', 0, 0, 5000); // 15:30 UTC: still June 30 in Beijing
      await fire(L, '2027-07-01T00:10:00+08:00', 0, 0, 99999); // June 30 in UTC, July 1 in Beijing: not in Q2
      await fire(L, '2027-05-05T08:00:00+08:00', 0, 1, 2000);
      await fire(J, '2027-02-01T08:00:00+08:00', 0, 0, 1000);
      await fire(L, '2026-05-01T08:00:00+08:00', 2, 0, 30000);
      const hazard = (region: string, found: string, deadline: string, closedOn: string | null, rectifiedOn: string | null) => t.dataSource.query(
        `INSERT INTO hazard (id, region_id, source, description, found_on, status, order_due_by, deadline, responsible_party, measures, ordered_on, rectified_on, closed_at,
           major_status, policy_version, reported_by, version)
         VALUES ($1, $2, 'OTHER', '测试隐患', $3, $4, $3, $5, '责任人', '措施', $3, $6, $7, 'NONE', 1, 'test', 1)`,
        [randomUUID(), region, found, closedOn ? 'CLOSED' : 'RECTIFYING', deadline, rectifiedOn, closedOn ? `${closedOn}T12:00:00+08:00` : null]);
      await hazard(J, '2027-04-02', '2027-05-02', '2027-04-20', '2027-04-18'); // found, rectified
      await hazard(J, '2027-05-10', '2027-06-09', null, null); // found, overdue
      await hazard(J, '2027-06-20', '2027-07-20', null, null); // found; due in Q3
      await hazard(L, '2027-03-25', '2027-04-24', '2027-05-01', '2027-04-30'); // found in Q1; overdue in Q2 (rectified late)
      await hazard(L, '2027-06-30', '2027-07-30', '2027-07-02', '2027-07-01'); // found in Q2, closed after Q2
      await hazard(C, '2027-04-15', '2027-05-15', '2027-04-16', '2027-04-16'); // county-level: 县直
      await hazard(J, '2026-04-10', '2026-05-10', '2026-04-12', '2026-04-11'); // last year
      const [template] = await t.dataSource.query(`SELECT id FROM checklist_template WHERE premises_kind = 'OTHER'`);
      const premises = async (region: string) => {
        const id = randomUUID();
        await t.dataSource.query(`INSERT INTO premises (id, region_id, kind, name, address, responsible_name, risk_level, key_unit, created_by, version)
          VALUES ($1, $2, 'OTHER', $3, '测试', '测试', 'LOW', false, 'test', 1)`, [id, region, `测试场所${id.slice(0, 4)}`]);
        return id;
      };
      const pJ = await premises(J);
      const pL = await premises(L);
      const inspection = (p: string, region: string, on: string) => t.dataSource.query(
        `INSERT INTO inspection (id, premises_id, region_id, template_id, inspected_on, inspectors, results, attachments, policy_version, recorded_by)
         VALUES ($1, $2, $3, $4, $5, '{甲,乙}', '[]', '[]', 1, 'test')`, [randomUUID(), p, region, template.id, on]);
      await inspection(pJ, J, '2027-04-05');
      await inspection(pJ, J, '2027-06-30');
      await inspection(pL, L, '2027-05-01');
      await inspection(pJ, J, '2027-03-30');
      await inspection(pL, L, '2026-06-01');
    });

    const FIGURES = `incidents deaths injuries directLossYuan hazardsFound hazardsRectified hazardsOverdue rectificationRate inspections`;
    const situation = (regionId: string, period: Record<string, unknown>, who: TestAccount = f.center) =>
      t.gqlAs(who, `query($r: ID!, $p: PeriodInput!) { fireSituation(regionId: $r, period: $p) { regionName period { label } start end
        total { townshipName current { ${FIGURES} } previousPeriod { ${FIGURES} } samePeriodLastYear { ${FIGURES} } periodOnPeriod { metric value base delta percent } yearOnYear { metric value base delta percent } }
        townships { townshipId townshipName current { ${FIGURES} } } } }`, { r: regionId, p: period });
    const change = (list: any[], metric: string) => list.find((c) => c.metric === metric);

    it('INS-4: a quarter: totals, per township (and 县直), Beijing day boundaries', async () => {
      const s = data(await situation(f.county, { kind: 'QUARTER', year: 2027, number: 2 })).fireSituation;
      expect(s).toMatchObject({ regionName: '靖宇县', period: { label: '2027年第2季度' }, start: '2027-04-01', end: '2027-06-30' });
      expect(s.total.current).toEqual({
        incidents: 3, deaths: 1, injuries: 3, directLossYuan: 17000.5, hazardsFound: 5, hazardsRectified: 2, hazardsOverdue: 2, rectificationRate: 40, inspections: 3,
      });
      const row = (name: string) => s.townships.find((r: any) => r.townshipName === name).current;
      expect(row('景山镇')).toEqual({ incidents: 2, deaths: 1, injuries: 2, directLossYuan: 15000.5, hazardsFound: 3, hazardsRectified: 1, hazardsOverdue: 1, rectificationRate: 33.33, inspections: 2 });
      expect(row('龙泉镇')).toEqual({ incidents: 1, deaths: 0, injuries: 1, directLossYuan: 2000, hazardsFound: 1, hazardsRectified: 0, hazardsOverdue: 1, rectificationRate: 0, inspections: 1 });
      expect(row('县直')).toMatchObject({ hazardsFound: 1, hazardsRectified: 1, rectificationRate: 100 });
      expect(row('赤松镇')).toEqual({ incidents: 0, deaths: 0, injuries: 0, directLossYuan: 0, hazardsFound: 0, hazardsRectified: 0, hazardsOverdue: 0, rectificationRate: null, inspections: 0 });
      expect(s.townships).toHaveLength(9);
    });

    it('INS-4: 环比 against 2027 Q1 and 同比 against 2026 Q2', async () => {
      const total = data(await situation(f.county, { kind: 'QUARTER', year: 2027, number: 2 })).fireSituation.total;
      expect(total.previousPeriod).toEqual({ incidents: 1, deaths: 0, injuries: 0, directLossYuan: 1000, hazardsFound: 1, hazardsRectified: 0, hazardsOverdue: 0, rectificationRate: 0, inspections: 1 });
      expect(total.samePeriodLastYear).toEqual({ incidents: 1, deaths: 2, injuries: 0, directLossYuan: 30000, hazardsFound: 1, hazardsRectified: 1, hazardsOverdue: 0, rectificationRate: 100, inspections: 1 });
      expect(change(total.periodOnPeriod, 'INCIDENTS')).toEqual({ metric: 'INCIDENTS', value: 3, base: 1, delta: 2, percent: 200 });
      expect(change(total.periodOnPeriod, 'RECTIFICATION_RATE')).toEqual({ metric: 'RECTIFICATION_RATE', value: 40, base: 0, delta: 40, percent: null });
      expect(change(total.yearOnYear, 'DEATHS')).toEqual({ metric: 'DEATHS', value: 1, base: 2, delta: -1, percent: -50 });
      expect(change(total.yearOnYear, 'DIRECT_LOSS_YUAN')).toEqual({ metric: 'DIRECT_LOSS_YUAN', value: 17000.5, base: 30000, delta: -12999.5, percent: -43.33 });
      expect(change(total.yearOnYear, 'RECTIFICATION_RATE')).toEqual({ metric: 'RECTIFICATION_RATE', value: 40, base: 100, delta: -60, percent: -60 });
    });

    it('INS-4: SituationMetric values are UPPER_CASE, one change per metric in the order of the figures', async () => {
      const total = data(await situation(f.county, { kind: 'QUARTER', year: 2027, number: 2 })).fireSituation.total;
      const metrics = ['INCIDENTS', 'DEATHS', 'INJURIES', 'DIRECT_LOSS_YUAN', 'HAZARDS_FOUND', 'HAZARDS_RECTIFIED', 'HAZARDS_OVERDUE', 'RECTIFICATION_RATE', 'INSPECTIONS',
        // hand-overs to the brigade (hand-over default; test/inspections/hand-over-figures.e2e-spec.ts)
        'HAND_OVERS', 'HAND_OVERS_ACCEPTED', 'HAND_OVERS_CONCLUDED', 'HAND_OVERS_OVERDUE'];
      expect(total.periodOnPeriod.map((c: any) => c.metric)).toEqual(metrics);
      expect(total.yearOnYear.map((c: any) => c.metric)).toEqual(metrics);
      expect(change(total.periodOnPeriod, 'HAZARDS_FOUND')).toMatchObject({ value: total.current.hazardsFound, base: total.previousPeriod.hazardsFound });
    });

    it('INS-4: a month and a year work the same way; a township sees its own figures only', async () => {
      const june = data(await situation(f.county, { kind: 'MONTH', year: 2027, number: 6 })).fireSituation.total;
      expect(june.current).toMatchObject({ incidents: 1, directLossYuan: 5000, hazardsFound: 2, hazardsOverdue: 1, inspections: 1 });
      // July 1 00:10 in Beijing is in July, not June
      const july = data(await situation(f.county, { kind: 'MONTH', year: 2027, number: 7 })).fireSituation.total;
      expect(july.current).toMatchObject({ incidents: 1, directLossYuan: 99999 });
      const year = data(await situation(f.county, { kind: 'YEAR', year: 2027, number: 1 })).fireSituation.total;
      expect(year.current).toMatchObject({ incidents: 5, hazardsFound: 6, inspections: 4 });
      const mine = data(await situation(f.jingshan, { kind: 'QUARTER', year: 2027, number: 2 }, f.station)).fireSituation;
      expect(mine.total.current).toMatchObject({ incidents: 2, hazardsFound: 3 });
      expect(mine.townships.map((r: any) => r.townshipName)).toEqual(['景山镇']);
      expect(codeOf(await situation(f.county, { kind: 'QUARTER', year: 2027, number: 2 }, f.station))).toBe('FORBIDDEN');
      expect(codeOf(await situation(f.county, { kind: 'QUARTER', year: 2027, number: 5 }))).toBe('BAD_USER_INPUT');
    });
  });

  describe('INS-5: work plans and reports', () => {
    it('INS-5: the station files; the center receives, returns with comments, accepts; a returned one is filed again', async () => {
      const station = (await t.dataSource.query(`SELECT o.id FROM organization o JOIN region r ON r.id = o.region_id WHERE r.name = '景山镇' AND o.kind = 'FIRE_WORK_STATION'`))[0].id;
      const stationId = Buffer.from(`Organization:${station}`).toString('base64');
      const file = (content: string) => t.gqlAs(f.station, `mutation($i: FileWorkReportInput!) { fileWorkReport(input: $i) { id status period { label } station { name } version } }`, {
        i: { stationId, kind: 'REPORT', period: { kind: 'QUARTER', year: 2027, number: 2 }, title: '2027 年第二季度工作报告', content },
      });
      const report = data(await file('一、检查情况……')).fileWorkReport;
      expect(report).toMatchObject({ status: 'SUBMITTED', period: { label: '2027年第2季度' }, station: { name: '景山镇消防工作站' } });
      expect(codeOf(await file('再报一次'))).toBe('CONFLICT');
      const review = (decision: string, comment?: string, who: TestAccount = f.center) =>
        t.gqlAs(who, `mutation($i: ReviewWorkReportInput!) { reviewWorkReport(input: $i) { status reviewComment reviewedBy } }`, { i: { reportId: report.id, decision, comment } });
      expect(codeOf(await review('ACCEPT', undefined, f.township))).toBe('FORBIDDEN');
      expect(data(await review('RECEIVE')).reviewWorkReport.status).toBe('RECEIVED');
      expect(codeOf(await review('RETURN'))).toBe('BAD_USER_INPUT');
      expect(data(await review('RETURN', '请补充隐患整改率分析')).reviewWorkReport).toMatchObject({ status: 'RETURNED', reviewComment: '请补充隐患整改率分析' });
      expect(codeOf(await review('ACCEPT'))).toBe('CONFLICT');
      const again = data(await file('一、检查情况……二、整改率分析……')).fileWorkReport;
      expect(again).toMatchObject({ id: report.id, status: 'SUBMITTED' });
      expect(data(await review('ACCEPT', '同意')).reviewWorkReport.status).toBe('ACCEPTED');
      const other = await t.account({ role: Role.STATION, region: '龙泉镇' });
      expect(data(await t.gqlAs(other, `{ workReports(first: 10) { totalCount } }`)).workReports.totalCount).toBe(0);
      expect(data(await t.gqlAs(f.township, `{ workReports(first: 10) { totalCount } }`)).workReports.totalCount).toBe(1);
    });
  });
});
