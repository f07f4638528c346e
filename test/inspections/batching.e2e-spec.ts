import { FireService } from '../../src/inspections/fire.service';
import { HazardService } from '../../src/inspections/hazard.service';
import { InspectionService } from '../../src/inspections/inspection.service';
import { WarningService } from '../../src/inspections/warning.service';
import { WorkReportService } from '../../src/inspections/work-report.service';
import { RequestContext } from '../../src/kernel/request-context';
import { toGlobalId } from '../../src/graphql/global-id';
import { createPremises, inspectionsFixture, InspectionsFixture } from '../support/inspections';
import { interceptQueries } from '../support/queries';
import { createTestApp, data, TestApp } from '../support/test-app';

/**
 * Inspections at scale (INS-1 .. INS-3): all lists are connections, nested fields batched; a request's SQL statement
 * count does not grow with page size. Each list is asked for 1 and for 25 rows with its nested fields; the statements
 * must be the same.
 */
describe('inspections lists: statement count independent of page size', () => {
  let t: TestApp;
  let f: InspectionsFixture;
  const N = 25;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.freeze('2027-05-20T10:00:00+08:00');
    f = await inspectionsFixture(t);
    const sys = RequestContext.system('test');
    const station = (await t.dataSource.query(`SELECT o.id FROM organization o JOIN region r ON r.id = o.region_id WHERE r.name = '景山镇' AND o.kind = 'FIRE_WORK_STATION'`))[0].id;
    for (let i = 0; i < N; i++) {
      const premisesId = await createPremises(f, { kind: 'OTHER', name: `批量场所${i}` });
      const { inspection } = await t.app.get(InspectionService).record(sys, {
        premisesId, inspectedOn: '2027-05-20', inspectors: ['甲', '乙'], results: [{ code: 'GN-01', result: 'FAIL' as never }, { code: 'GN-02', result: 'PASS' as never }, { code: 'GN-03', result: 'PASS' as never }],
      });
      void inspection;
      await t.app.get(InspectionService).createPlan(sys, { regionId: f.jingshan, title: `计划${i}`, periodStart: '2027-05-01', periodEnd: '2027-05-31', assignees: ['甲'], premisesIds: [premisesId] });
      // a complaint of the day before, confirmed then (INS-1): its hazard is older than the inspections' ones, so the
      // hazards list pages the same kind of rows for 1 and for N; the complaints list reads Complaint.hazard.complaint
      t.clock.freeze('2027-05-19T10:00:00+08:00');
      const complaint = await t.app.get(HazardService).fileComplaint(sys, { premisesId, receivedAt: t.clock.now(), channel: '12345', category: 'OTHER' as never, content: '投诉' });
      await t.app.get(HazardService).checkComplaint(sys, { complaintId: toGlobalId('Complaint', complaint.id), outcome: 'CONFIRMED' as never, note: '属实', hazardDescription: '楼道堆物' });
      t.clock.freeze('2027-05-20T10:00:00+08:00');
      await t.app.get(WarningService).createRiskPoint(sys, { premisesId, name: `风险点${i}`, description: '说明', level: 'MAJOR' as never });
      await t.app.get(FireService).record(sys, { premisesId, occurredAt: new Date(t.clock.now().getTime() - 3_600_000), place: '现场', cause: 'OTHER' as never, deaths: 1, injuries: 0, seriousInjuries: 0, directLossYuan: 100 });
      // a plan for a period that has started (T-INS-7): January of this year and earlier ones
      await t.app.get(WorkReportService).file(sys, { stationId: toGlobalId('Organization', station), kind: 'PLAN' as never, period: { kind: 'MONTH' as never, year: 2027 - i, number: 1 }, title: '计划', content: '内容' });
    }
    await t.app.get(WarningService).evaluate();
  });
  afterAll(async () => {
    await t?.close();
  });

  const LISTS: Record<string, string> = {
    premises: `premises(first: $n) { totalCount edges { node { id region { name } nextInspectionDue } } }`,
    premisesLog: `premisesLog(premisesId: $p, first: $n) { totalCount edges { node { kind summary } } }`,
    inspections: `inspections(first: $n) { totalCount edges { node { id premises { name region { name } } checklist { version } hazards { id history(first: 1) { totalCount edges { node { action } } } } } } }`,
    inspectionPlans: `inspectionPlans(first: $n) { totalCount edges { node { id region { name } targets { totalCount edges { node { name region { name } } } } progress { inspected } } } }`,
    hazards: `hazards(first: $n) { totalCount edges { node { id region { name } township { name } premises { name } inspection { id } history { totalCount edges { node { action } } } } } }`,
    complaints: `complaints(first: $n) { totalCount edges { node { id checkedLate region { name } premises { name } hazard { id complaint { id } } } } }`,
    riskPoints: `riskPoints(first: $n) { totalCount edges { node { id region { name } observations { totalCount edges { node { note } } } } } }`,
    warnings: `warnings(first: $n) { totalCount edges { node { id level region { name } } } }`,
    fires: `fires(first: $n) { totalCount edges { node { id region { name } premises { name } investigation { id status } } } }`,
    investigations: `investigations(first: $n) { totalCount edges { node { id region { name } fire { level premises { name } } } } }`,
    workReports: `workReports(first: $n) { totalCount edges { node { id station { name } } } }`,
  };

  for (const [name, selection] of Object.entries(LISTS)) {
    it(`${name}: the same statements for 1 row and for ${N}`, async () => {
      const premisesId = data(await t.gqlAs(f.center, `{ premises(first: 1) { edges { node { id } } } }`)).premises.edges[0].node.id;
      const run = async (n: number) => {
        const statements: string[] = [];
        const spy = await interceptQueries(t.dataSource, async (sql, next) => {
          statements.push(sql.replace(/\s+/g, ' ').slice(0, 80));
          return next();
        });
        try {
          const usesPremises = selection.includes('$p');
          const res = data(await t.gqlAs(f.center, `query($n: Int${usesPremises ? ', $p: ID!' : ''}) { ${selection} }`, usesPremises ? { n, p: premisesId } : { n }));
          const conn = Object.values(res)[0] as { edges: unknown[]; totalCount: number };
          expect(conn.edges).toHaveLength(Math.min(n, conn.totalCount));
          return { statements, rows: conn.edges.length };
        } finally {
          spy.restore();
        }
      };
      const one = await run(1);
      const many = await run(N);
      if (name !== 'premisesLog') expect(many.rows).toBe(N);
      // the same statements; their order may differ on a server, where loaders of one level run on several connections
      expect([...many.statements].sort()).toEqual([...one.statements].sort());
    });
  }
});
