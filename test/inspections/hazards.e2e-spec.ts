import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { GraphQLObjectType } from 'graphql';
import { Role } from '../../src/kernel/permissions';
import { interceptQueries } from '../support/queries';
import {
  createPremises, inspectionsFixture, InspectionsFixture, nodes, order, recheck, reportHazard, reportRectification,
} from '../support/inspections';
import { createTestApp, data, error, GqlResponse, TestApp } from '../support/test-app';

/**
 * Inspections and the hazard closed loop (INS-1, INS-2), through the API. The clock stands at
 * Wednesday 2027-03-10 10:00 Beijing time unless a test moves it.
 */
describe('inspections and the hazard closed loop (INS-1, INS-2)', () => {
  let t: TestApp;
  let f: InspectionsFixture;
  let premisesId: string;
  const codeOf = (res: GqlResponse) => res.body.errors?.[0]?.extensions.code ?? null;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.freeze('2027-03-10T10:00:00+08:00');
    f = await inspectionsFixture(t);
    premisesId = await createPremises(f);
  });
  afterAll(async () => {
    await t?.close();
  });

  const SV_ITEMS = ['SV-01', 'SV-02', 'SV-03', 'SV-04', 'SV-05'];
  const results = (failed: string[]) => SV_ITEMS.map((code) => ({ code, result: failed.includes(code) ? 'FAIL' : 'PASS', note: failed.includes(code) ? '现场发现问题' : null }));
  const recordInspection = (input: Record<string, unknown>, who = f.station) =>
    t.gqlAs(who, `mutation($i: RecordInspectionInput!) { recordInspection(input: $i) { id inspectors results { code result } checklist { version } premises { name lastInspectedOn nextInspectionDue }
      hazards { id status source orderDueBy foundOn } } }`, { i: { premisesId, inspectedOn: '2027-03-10', inspectors: ['张三', '李四'], results: results([]), ...input } });

  describe('INS-1: inspections', () => {
    it('INS-1: refuses an inspection by fewer than 2 inspectors (default policy), counting distinct people', async () => {
      for (const inspectors of [['张三'], ['张三', '张三 ']]) {
        const e = error(await recordInspection({ inspectors }));
        expect(e.extensions.code).toBe('BAD_USER_INPUT');
        expect(e.extensions.fields[0]).toMatchObject({ field: 'input.inspectors' });
        expect(e.message).toContain('不少于 2 人');
      }
    });

    it('INS-1: every checklist item must be answered once, and only items of that version', async () => {
      expect(error(await recordInspection({ results: results([]).slice(1) })).message).toContain('缺少检查项 SV-01');
      expect(error(await recordInspection({ results: [...results([]), { code: 'XX-99', result: 'PASS' }] })).message).toContain('没有检查项 XX-99');
    });

    it('INS-1: failed items become REPORTED hazards in the same transaction, the order due within 3 working days', async () => {
      const r = data(await recordInspection({ results: results(['SV-02', 'SV-04']) })).recordInspection;
      expect(r.inspectors).toEqual(['张三', '李四']);
      expect(r.checklist.version).toBe(1);
      expect(r.hazards).toHaveLength(2);
      // Wednesday 03-10 + 3 working days = Monday 03-15
      expect(r.hazards.map((h: any) => [h.status, h.source, h.foundOn, h.orderDueBy])).toEqual([
        ['REPORTED', 'INSPECTION', '2027-03-10', '2027-03-15'], ['REPORTED', 'INSPECTION', '2027-03-10', '2027-03-15'],
      ]);
      // SMALL_VENUE at GENERAL risk: every 180 days
      expect(r.premises).toMatchObject({ lastInspectedOn: '2027-03-10', nextInspectionDue: '2027-09-06' });
    });

    it('INS-1: if writing a hazard fails, the inspection is not saved either (one transaction)', async () => {
      const before = Number((await t.dataSource.query(`SELECT count(*) AS n FROM inspection`))[0].n);
      const spy = await interceptQueries(t.dataSource, async (sql, next) => {
        if (/INSERT INTO "hazard"/.test(sql)) throw new Error('disk full (simulated)');
        return next();
      });
      try {
        expect(codeOf(await recordInspection({ results: results(['SV-01']) }))).toBe('INTERNAL_SERVER_ERROR');
      } finally {
        spy.restore();
      }
      expect(Number((await t.dataSource.query(`SELECT count(*) AS n FROM inspection`))[0].n)).toBe(before);
    });

    it('INS-1: a checklist version published later does not change an inspection that used the earlier one', async () => {
      const first = data(await recordInspection({})).recordInspection;
      data(await t.gql(`mutation($i: PublishChecklistTemplateInput!) { publishChecklistTemplate(input: $i) { version } }`, {
        i: { premisesKind: 'SMALL_VENUE', title: '九小场所消防安全检查表（2027 版）', items: [{ code: 'SV-01', text: '未违规住人' }, { code: 'SV-06', text: '电动自行车集中充电' }] },
      }));
      const again = data(await t.gql(`query($id: ID!) { node(id: $id) { ... on Inspection { checklist { version items { code } } results { code } } } }`, { id: first.id })).node;
      expect(again.checklist.version).toBe(1);
      expect(again.results.map((r: any) => r.code)).toEqual(SV_ITEMS);
      // new inspections use version 2
      const v2 = data(await recordInspection({ results: [{ code: 'SV-01', result: 'PASS' }, { code: 'SV-06', result: 'PASS' }] })).recordInspection;
      expect(v2.checklist.version).toBe(2);
    });
  });

  describe('INS-2: the closed loop', () => {
    it('INS-2: REPORTED > RECTIFYING > PENDING_RECHECK > CLOSED, each step in the history with who and when', async () => {
      const h = await reportHazard(f, premisesId);
      expect(h.status).toBe('REPORTED');
      const ordered = data(await order(f, h.id, { deadline: '2027-04-09' })).orderRectification;
      expect(ordered).toMatchObject({ status: 'RECTIFYING', deadline: '2027-04-09', overdue: false });
      const reported = data(await reportRectification(f, h.id)).reportRectification;
      // re-check due within 3 working days of the report
      expect(reported).toMatchObject({ status: 'PENDING_RECHECK', recheckDueBy: '2027-03-15' });
      const closed = data(await recheck(f, h.id, true)).recheckHazard;
      expect(closed.status).toBe('CLOSED');
      expect(closed.closedAt).not.toBeNull();
      expect(nodes(closed.history).map((e: any) => [e.action, e.fromStatus, e.toStatus])).toEqual([
        ['REPORTED', null, 'REPORTED'], ['ORDERED', 'REPORTED', 'RECTIFYING'], ['RECTIFICATION_REPORTED', 'RECTIFYING', 'PENDING_RECHECK'], ['RECHECK_PASSED', 'PENDING_RECHECK', 'CLOSED'],
      ]);
      expect(nodes(closed.history)[2].actor).toBe(f.station.username);
      expect(nodes(closed.history)[3].actor).toBe(f.colleague.username);
    });

    it('INS-2: the default deadline is 30 days after the order (policy v1)', async () => {
      const h = await reportHazard(f, premisesId);
      expect(data(await order(f, h.id)).orderRectification.deadline).toBe('2027-04-09');
    });

    it('INS-2: nothing reaches CLOSED without a re-check by someone other than the person who reported the rectification', async () => {
      const h = await reportHazard(f, premisesId);
      data(await order(f, h.id));
      data(await reportRectification(f, h.id, f.station));
      const self = await recheck(f, h.id, true, f.station);
      expect(codeOf(self)).toBe('FORBIDDEN');
      expect(error(self).message).toContain('INS-2');
      expect(data(await t.gql(`query($id: ID!) { hazard(id: $id) { status } }`, { id: h.id })).hazard.status).toBe('PENDING_RECHECK');
      expect(data(await recheck(f, h.id, true, f.colleague)).recheckHazard.status).toBe('CLOSED');
    });

    it('INS-2: a failed re-check returns it to RECTIFYING with the reason (and a new deadline when given); it can then be rectified again', async () => {
      const h = await reportHazard(f, premisesId);
      data(await order(f, h.id, { deadline: '2027-03-20' }));
      data(await reportRectification(f, h.id));
      expect(codeOf(await recheck(f, h.id, false, f.colleague, { note: '' }))).toBe('BAD_USER_INPUT');
      const failed = data(await recheck(f, h.id, false, f.colleague, { newDeadline: '2027-03-31' })).recheckHazard;
      expect(failed).toMatchObject({ status: 'RECTIFYING', deadline: '2027-03-31', recheckDueBy: null });
      expect(nodes(failed.history).at(-1)).toMatchObject({ action: 'RECHECK_FAILED', note: '通道仍有杂物' });
      expect(JSON.parse(nodes(failed.history).at(-1).details)).toMatchObject({ passed: false, newDeadline: '2027-03-31', previousDeadline: '2027-03-20' });
      // the one who reported the failed rectification may re-check the next one reported by someone else
      data(await reportRectification(f, h.id, f.colleague));
      expect(data(await recheck(f, h.id, true, f.station)).recheckHazard.status).toBe('CLOSED');
    });

    it('INS-2: after a failed re-check, the one who reported that rectification still may not pass it', async () => {
      const h = await reportHazard(f, premisesId);
      data(await order(f, h.id, { deadline: '2027-03-10' }));
      data(await reportRectification(f, h.id, f.station));
      data(await recheck(f, h.id, false, f.colleague));
      t.clock.freeze('2027-03-11T09:00:00+08:00');
      await f.refresh();
      // RECTIFYING after its deadline: a re-check may follow, but not by the last reporter
      const self = await recheck(f, h.id, true, f.station);
      expect(codeOf(self)).toBe('FORBIDDEN');
      expect(data(await recheck(f, h.id, true, f.colleague)).recheckHazard.status).toBe('CLOSED');
      t.clock.freeze('2027-03-10T10:00:00+08:00');
      await f.refresh();
    });

    it('INS-2: every refused step answers CONFLICT with the allowed steps, and changes nothing', async () => {
      const h = await reportHazard(f, premisesId);
      // REPORTED: no rectification report, no re-check
      for (const res of [await reportRectification(f, h.id), await recheck(f, h.id, true)]) {
        expect(codeOf(res)).toBe('CONFLICT');
        expect(error(res).extensions.allowedSteps).toEqual(['ORDER']);
      }
      data(await order(f, h.id, { deadline: '2027-03-20' }));
      // RECTIFYING: no second order; no re-check before the deadline passed
      expect(error(await order(f, h.id)).extensions.allowedSteps).toEqual(['REPORT_RECTIFICATION', 'RECHECK_PASS', 'RECHECK_FAIL']);
      const early = await recheck(f, h.id, true);
      expect(codeOf(early)).toBe('CONFLICT');
      expect(error(early).message).toContain('整改期限 2027-03-20 未到');
      data(await reportRectification(f, h.id));
      // PENDING_RECHECK: no order, no second report
      expect(codeOf(await order(f, h.id))).toBe('CONFLICT');
      expect(codeOf(await reportRectification(f, h.id))).toBe('CONFLICT');
      data(await recheck(f, h.id, true));
      // CLOSED: nothing
      for (const res of [await order(f, h.id), await reportRectification(f, h.id), await recheck(f, h.id, true), await recheck(f, h.id, false)]) {
        expect(codeOf(res)).toBe('CONFLICT');
        expect(error(res).extensions.allowedSteps).toEqual([]);
      }
      const after = data(await t.gql(`query($id: ID!) { hazard(id: $id) { status history { totalCount edges { node { action } } } } }`, { id: h.id })).hazard;
      expect(after.status).toBe('CLOSED');
      expect(after.history.totalCount).toBe(4);
      expect(after.history.edges).toHaveLength(4);
    });

    it('INS-2: the Date scalar refuses dates that do not exist, in filters and inputs alike (BAD_USER_INPUT naming the field, not a database error)', async () => {
      const reason = '“2027-02-30”不是有效的日期：须为 YYYY-MM-DD 格式的真实日期，如 2027-03-10';
      const filter = error(await t.gqlAs(f.center, `query($foundFrom: Date) { hazards(foundFrom: $foundFrom) { totalCount } }`, { foundFrom: '2027-02-30' }));
      expect(filter.extensions).toEqual({ code: 'BAD_USER_INPUT', requestId: expect.any(String), fields: [{ field: 'foundFrom', reason }] });
      const input = error(await order(f, (await reportHazard(f, premisesId)).id, { deadline: '2027-04-31' }));
      expect(input.extensions.code).toBe('BAD_USER_INPUT');
      expect(input.extensions.fields).toEqual([{ field: 'i.deadline', reason: reason.replace('2027-02-30', '2027-04-31') }]);
      // written into the query itself, the document does not validate: refused before anything runs, with the same reason
      const literal = error(await t.gqlAs(f.center, `{ inspections(from: "2027-02-30") { totalCount } }`));
      expect(literal.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(literal.message).toContain(reason);
      // the arguments and outputs are the Date scalar, not String
      const schema = t.app.get(GraphQLSchemaHost).schema;
      const hazards = schema.getQueryType()!.getFields().hazards;
      expect(['foundFrom', 'foundTo'].map((a) => String(hazards.args.find((x) => x.name === a)!.type))).toEqual(['Date', 'Date']);
      const hazard = (schema.getType('Hazard') as GraphQLObjectType).getFields();
      expect(['foundOn', 'orderDueBy', 'deadline', 'recheckDueBy'].map((n) => String(hazard[n].type))).toEqual(['Date!', 'Date!', 'Date', 'Date']);
      expect(codeOf(await t.gqlAs(f.station, `mutation { createInspectionPlan(input: { regionId: "x", title: "t", periodStart: "2027-03-01", periodEnd: "2027-03-31", assignees: [" "] }) { id } }`))).toBe('BAD_USER_INPUT');
    });

    it('INS-2: a stale expectedVersion is refused (two people acting on one hazard)', async () => {
      const h = await reportHazard(f, premisesId);
      const res = await order(f, h.id, { expectedVersion: h.version + 5 });
      expect(codeOf(res)).toBe('CONFLICT');
      expect(data(await order(f, h.id, { expectedVersion: h.version })).orderRectification.status).toBe('RECTIFYING');
    });

    it('INS-2: a rectification report needs evidence; dates are checked', async () => {
      const h = await reportHazard(f, premisesId);
      data(await order(f, h.id));
      const res = await t.gqlAs(f.station, `mutation($i: ReportRectificationInput!) { reportRectification(input: $i) { id } }`, { i: { hazardId: h.id, note: '已整改', evidence: [] } });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(codeOf(await order(f, (await reportHazard(f, premisesId)).id, { deadline: '2027-03-09' }))).toBe('BAD_USER_INPUT');
      const future = await t.gqlAs(f.station, `mutation($i: ReportHazardInput!) { reportHazard(input: $i) { id } }`, { i: { premisesId, description: 'x', foundOn: '2027-03-11' } });
      expect(error(future).message).toContain('不能晚于今天');
    });
  });

  describe('INS-2: overdue at the Asia/Shanghai day boundary', () => {
    it('INS-2: a hazard due 2027-03-12 is not overdue at 23:59:59 that day in Beijing, and is at 00:00:00 the next day', async () => {
      const h = await reportHazard(f, premisesId, { description: '灭火器过期' });
      data(await order(f, h.id, { deadline: '2027-03-12' }));
      const overdueList = async () => data(await t.gqlAs(f.center, `{ hazards(overdue: true, first: 100) { edges { node { id overdue } } } }`)).hazards.edges.map((e: any) => e.node.id);
      // 2027-03-12 23:59:59 in Beijing is 15:59:59 UTC: a UTC clock would already say "the 12th is not over" either way; 16:00 UTC is the next day in Beijing
      t.clock.freeze('2027-03-12T23:59:59+08:00');
      await f.refresh();
      expect(data(await t.gqlAs(f.center, `query($id: ID!) { hazard(id: $id) { overdue } }`, { id: h.id })).hazard.overdue).toBe(false);
      expect(await overdueList()).not.toContain(h.id);
      t.clock.advance(1000);
      expect(data(await t.gqlAs(f.center, `query($id: ID!) { hazard(id: $id) { overdue } }`, { id: h.id })).hazard.overdue).toBe(true);
      expect(await overdueList()).toContain(h.id);
      // not overdue once the rectification is reported
      data(await reportRectification(f, h.id));
      expect(await overdueList()).not.toContain(h.id);
      t.clock.freeze('2027-03-10T10:00:00+08:00');
      await f.refresh();
    });

    it('INS-2: after the deadline passed a re-check may follow without a report; a failed one keeps it overdue', async () => {
      const h = await reportHazard(f, premisesId, { description: '安全出口上锁' });
      data(await order(f, h.id, { deadline: '2027-03-10' }));
      t.clock.freeze('2027-03-11T09:00:00+08:00');
      await f.refresh();
      const failed = data(await recheck(f, h.id, false, f.station)).recheckHazard;
      expect(failed).toMatchObject({ status: 'RECTIFYING', overdue: true });
      expect(data(await recheck(f, h.id, true, f.station)).recheckHazard.status).toBe('CLOSED');
      t.clock.freeze('2027-03-10T10:00:00+08:00');
      await f.refresh();
    });
  });

  describe('INS-2: deadline extensions', () => {
    it('INS-2: an extension is approved by the center or the township government, later than the deadline, recorded with reason and approver', async () => {
      const h = await reportHazard(f, premisesId);
      data(await order(f, h.id, { deadline: '2027-03-20' }));
      const extend = (who: typeof f.station, newDeadline: string) => t.gqlAs(who, `mutation($i: ExtendHazardDeadlineInput!) { extendHazardDeadline(input: $i) { deadline history(first: 100) { edges { node { action note details } } } } }`, {
        i: { hazardId: h.id, newDeadline, reason: '需更换防火门，厂家供货周期长' },
      });
      expect(codeOf(await extend(f.station, '2027-04-20'))).toBe('FORBIDDEN');
      expect(codeOf(await extend(f.township, '2027-03-19'))).toBe('BAD_USER_INPUT');
      const ok = data(await extend(f.township, '2027-04-20')).extendHazardDeadline;
      expect(ok.deadline).toBe('2027-04-20');
      expect(nodes(ok.history).at(-1)).toMatchObject({ action: 'DEADLINE_EXTENDED', note: '需更换防火门，厂家供货周期长' });
      expect(JSON.parse(nodes(ok.history).at(-1).details)).toEqual({ from: '2027-03-20', to: '2027-04-20', approvedBy: f.township.username });
      expect(data(await extend(f.center, '2027-05-20')).extendHazardDeadline.deadline).toBe('2027-05-20');
    });
  });

  describe('major hazards (GB 35181, versioned catalogue) and hand-over', () => {
    it('INS-2: a suspected major hazard cites the catalogue edition in force on the day found: unknown items and too few composite elements are refused', async () => {
      const catalogue = data(await t.gqlAs(f.station, `{ majorHazardCatalogue { items { edition code kind } thresholds { premisesKind compositeCount } } }`)).majorHazardCatalogue;
      expect(new Set(catalogue.items.map((i: any) => i.edition))).toEqual(new Set(['GB 35181-2025']));
      const old = data(await t.gqlAs(f.station, `{ majorHazardCatalogue(asOf: "2025-10-31") { items { edition } } }`)).majorHazardCatalogue;
      expect(new Set(old.items.map((i: any) => i.edition))).toEqual(new Set(['GB 35181-2017']));
      const unknown = await t.gqlAs(f.station, `mutation($i: ReportHazardInput!) { reportHazard(input: $i) { id } }`, { i: { premisesId, description: 'x', foundOn: '2027-03-10', majorItemCodes: ['9.9'] } });
      expect(error(unknown).message).toContain('GB 35181-2025 中没有判定项 9.9');
      // a small venue needs 4 composite elements
      const few = await t.gqlAs(f.station, `mutation($i: ReportHazardInput!) { reportHazard(input: $i) { id } }`, { i: { premisesId, description: 'x', foundOn: '2027-03-10', majorItemCodes: ['6.2', '6.3', '6.4'] } });
      expect(error(few).message).toContain('须达到 4 项');
      expect((await reportHazard(f, premisesId, { majorItemCodes: ['6.2', '6.3', '6.4', '6.7'] })).majorStatus).toBe('SUSPECTED');
    });

    it('INS-2: a suspected major hazard is reported to the brigade within 2 days; the brigade confirms (挂牌督办) and only the brigade closes it (销案)', async () => {
      const h = await reportHazard(f, premisesId, { description: '人员密集场所安全出口数量不足', majorItemCodes: ['5.4'] });
      expect(h).toMatchObject({ majorStatus: 'SUSPECTED', majorCatalogueEdition: 'GB 35181-2025', majorItemCodes: ['5.4'], majorReportDueBy: '2027-03-12' });
      const decide = (who: typeof f.station, confirm: boolean) => t.gqlAs(who, `mutation($i: DecideMajorHazardInput!) { decideMajorHazard(input: $i) { majorStatus } }`, { i: { hazardId: h.id, confirm, note: '经现场核查' } });
      // the brigade decides only what was reported to it; the station never decides
      expect(codeOf(await decide(f.brigade, true))).toBe('CONFLICT');
      const reported = data(await t.gqlAs(f.station, `mutation($i: ReportMajorHazardInput!) { reportMajorHazard(input: $i) { majorStatus history(first: 100) { edges { node { action details } } } } }`, { i: { hazardId: h.id } })).reportMajorHazard;
      expect(reported.majorStatus).toBe('REPORTED');
      expect(JSON.parse(nodes(reported.history).at(-1).details)).toEqual({ dueBy: '2027-03-12', late: false });
      expect(codeOf(await decide(f.station, true))).toBe('FORBIDDEN');
      expect(data(await decide(f.brigade, true)).decideMajorHazard.majorStatus).toBe('CONFIRMED');
      data(await order(f, h.id, { deadline: '2027-04-30' }));
      data(await reportRectification(f, h.id));
      const byStation = await recheck(f, h.id, true, f.colleague);
      expect(codeOf(byStation)).toBe('FORBIDDEN');
      expect(error(byStation).message).toContain('县消防救援大队复查销案');
      const closed = data(await recheck(f, h.id, true, f.brigade)).recheckHazard;
      expect(closed.status).toBe('CLOSED');
      expect(closed.supervisionClosedAt).not.toBeNull();
      expect(nodes(closed.history).at(-1).action).toBe('SUPERVISION_CLOSED');
      expect(data(await t.gqlAs(f.center, `{ hazards(major: true, first: 100) { edges { node { id } } } }`)).hazards.edges.map((e: any) => e.node.id)).toContain(h.id);
    });

    it('INS-2: a suspected major hazard is not closed before the brigade decided it', async () => {
      const h = await reportHazard(f, premisesId, { description: '彩钢板住人', majorItemCodes: ['5.7'] });
      data(await order(f, h.id, { deadline: '2027-03-31' }));
      data(await reportRectification(f, h.id));
      const early = await recheck(f, h.id, true);
      expect(codeOf(early)).toBe('CONFLICT');
      expect(error(early).message).toContain('判定前不能销号');
      data(await t.gqlAs(f.station, `mutation($i: ReportMajorHazardInput!) { reportMajorHazard(input: $i) { majorStatus } }`, { i: { hazardId: h.id } }));
      expect(codeOf(await recheck(f, h.id, true))).toBe('CONFLICT');
      data(await t.gqlAs(f.brigade, `mutation($i: DecideMajorHazardInput!) { decideMajorHazard(input: $i) { majorStatus } }`, { i: { hazardId: h.id, confirm: false, note: '不构成' } }));
      // rejected: an ordinary hazard, the station closes it
      expect(data(await recheck(f, h.id, true)).recheckHazard.status).toBe('CLOSED');
    });

    it('INS-2: the office publishes a new catalogue edition: it applies from its date, the previous one ends the day before; cited items stay', async () => {
      const thresholds = ['CROWDED_PLACE', 'SMALL_VENUE', 'VILLAGE', 'ENTERPRISE', 'MEMBER_UNIT', 'OTHER'].map((premisesKind) => ({ premisesKind, compositeCount: 3 }));
      const publish = (edition: string, validFrom: string, codes: string[], who?: typeof f.station) =>
        (who ? t.gqlAs(who, Q, { i: { edition, validFrom, items: codes.map((code) => ({ code, kind: code.startsWith('5') ? 'DIRECT' : 'COMPOSITE', text: `条款 ${code}` })), thresholds } })
          : t.admins.system.gql(Q, { i: { edition, validFrom, items: codes.map((code) => ({ code, kind: code.startsWith('5') ? 'DIRECT' : 'COMPOSITE', text: `条款 ${code}` })), thresholds } }));
      const Q = `mutation($i: PublishMajorHazardCatalogueInput!) { publishMajorHazardCatalogue(input: $i) { items { edition code validFrom validTo } thresholds { compositeCount } } }`;
      expect(error(await publish('GB 35181-2030', '2027-04-01', ['5.1'], f.station)).extensions.code).toBe('FORBIDDEN');
      expect(error(await publish('GB 35181-2030', '2025-01-01', ['5.1'])).message).toContain('须晚于现行版本 GB 35181-2025');
      const published = data(await publish('GB 35181-2030', '2027-04-01', ['5.1', '6.1'])).publishMajorHazardCatalogue;
      expect(published.items.map((i: any) => [i.code, i.validFrom, i.validTo])).toEqual([['5.1', '2027-04-01', null], ['6.1', '2027-04-01', null]]);
      const before = data(await t.gqlAs(f.station, `{ majorHazardCatalogue(asOf: "2027-03-31") { items { edition validTo } } }`)).majorHazardCatalogue.items;
      expect(new Set(before.map((i: any) => `${i.edition} ${i.validTo}`))).toEqual(new Set(['GB 35181-2025 2027-03-31']));
      const after = data(await t.gqlAs(f.station, `{ majorHazardCatalogue(asOf: "2027-04-01") { items { edition } } }`)).majorHazardCatalogue.items;
      expect(new Set(after.map((i: any) => i.edition))).toEqual(new Set(['GB 35181-2030']));
      // hazards found before keep their edition; 2025's item 5.4 is cited, so republishing 2025 cannot drop it
      const dropped = await publish('GB 35181-2025', '2025-11-01', ['5.1']);
      expect(error(dropped).extensions).toMatchObject({ code: 'CONFLICT', cited: expect.arrayContaining(['5.4']) });
      const refined = data(await publish('GB 35181-2025', '2025-11-01', ['5.1', '5.4', '5.7', '6.2', '6.3', '6.4', '6.7'])).publishMajorHazardCatalogue;
      expect(refined.items.every((i: any) => i.validTo === '2027-03-31')).toBe(true);
    });

    it('INS-2 (hand-over default): a hazard needing legal measures is handed over to the brigade once; its loop pauses meanwhile', async () => {
      const h = await reportHazard(f, premisesId);
      const handOver = () => t.gqlAs(f.station, `mutation($i: HandOverHazardInput!) { handOverHazard(input: $i) { status handedOverAt } }`, { i: { hazardId: h.id, reason: '拒不整改，需责令停产停业' } });
      expect(data(await handOver()).handOverHazard).toMatchObject({ status: 'REPORTED' });
      expect(codeOf(await handOver())).toBe('CONFLICT');
      // nobody moves the loop while the case is with the brigade (test/inspections/hand-overs.e2e-spec.ts: the whole case)
      expect(error(await order(f, h.id, {}, f.brigade)).message).toContain('INS-2（移交）');
    });
  });

  describe('complaints (举报投诉)', () => {
    it('INS-1, INS-2: blocked exits are checked within 24 hours; others by the end of the 3rd working day; a confirmed one becomes a hazard', async () => {
      const file = (category: string) => t.gqlAs(f.station, `mutation($i: FileComplaintInput!) { fileComplaint(input: $i) { id checkDueAt checkOverdue reporterPhoneMasked } }`, {
        i: { premisesId, receivedAt: '2027-03-10T09:30:00+08:00', channel: '12345 热线', category, content: '超市后门上锁', reporterPhone: '13800001111' },
      });
      const urgent = data(await file('BLOCKED_EXITS')).fileComplaint;
      expect(urgent.checkDueAt).toBe('2027-03-11T01:30:00.000Z');
      expect(urgent.reporterPhoneMasked).toBe('138****1111');
      // Wednesday: Thursday, Friday, Monday 03-15 ends at 24:00 Beijing time
      expect(data(await file('OTHER')).fileComplaint.checkDueAt).toBe('2027-03-15T15:59:59.999Z');
      const check = (outcome: string) => t.gqlAs(f.colleague, `mutation($i: CheckComplaintInput!) { checkComplaint(input: $i) { complaint { outcome checkedBy } hazard { status source premises { id } } } }`, {
        // INS-2: a hazard description only with CONFIRMED (complaints.e2e-spec.ts: refused with UNFOUNDED)
        i: { complaintId: urgent.id, outcome, note: '现场核实：后门上锁', hazardDescription: outcome === 'CONFIRMED' ? '安全出口上锁' : null },
      });
      const r = data(await check('CONFIRMED')).checkComplaint;
      expect(r.complaint).toMatchObject({ outcome: 'CONFIRMED', checkedBy: f.colleague.username });
      expect(r.hazard).toMatchObject({ status: 'REPORTED', source: 'COMPLAINT', premises: { id: premisesId } });
      expect(codeOf(await check('UNFOUNDED'))).toBe('CONFLICT');
    });
  });

  describe('the working-day calendar', () => {
    it('INS-2: holidays and make-up days the office loads move "N working days" deadlines', async () => {
      const load = data(await t.admins.system.gql(`mutation($i: LoadWorkingCalendarInput!) { loadWorkingCalendar(input: $i) { year loaded version days { day kind } } }`, {
        i: { year: 2027, source: '（测试数据）', days: [{ day: '2027-03-11', kind: 'HOLIDAY', name: '测试假日' }, { day: '2027-03-13', kind: 'WORKDAY' }] },
      })).loadWorkingCalendar;
      expect(load).toMatchObject({ year: 2027, loaded: true, version: 1 });
      const bad = await t.admins.system.gql(`mutation($i: LoadWorkingCalendarInput!) { loadWorkingCalendar(input: $i) { year } }`, { i: { year: 2027, days: [{ day: '2027-03-12', kind: 'WORKDAY' }] } });
      expect(error(bad).message).toContain('调休上班日须为周六或周日');
      // Wednesday 03-10: Thursday off, Friday 03-12, Saturday 03-13 worked, Monday 03-15
      expect((await reportHazard(f, premisesId)).orderDueBy).toBe('2027-03-15');
      data(await t.admins.system.gql(`mutation($i: LoadWorkingCalendarInput!) { loadWorkingCalendar(input: $i) { version } }`, { i: { year: 2027, days: [{ day: '2027-03-11', kind: 'HOLIDAY' }] } }));
      expect((await reportHazard(f, premisesId)).orderDueBy).toBe('2027-03-16');
      expect(codeOf(await t.gqlAs(f.station, `mutation { loadWorkingCalendar(input: { year: 2027, days: [] }) { year } }`))).toBe('FORBIDDEN');
      // put the calendar back: the other tests count weekends only
      data(await t.admins.system.gql(`mutation { loadWorkingCalendar(input: { year: 2027, days: [] }) { version } }`));
    });
  });

  describe('premises and their log', () => {
    it('INS-1: the log shows what happened to a premises in order, responsible-person changes included; the phone is masked', async () => {
      const id = await createPremises(f, { name: '景山镇网吧', kind: 'CROWDED_PLACE', riskLevel: 'SIGNIFICANT', keyUnit: true });
      const updated = data(await t.gqlAs(f.station, `mutation($i: UpdatePremisesInput!) { updatePremises(input: $i) { responsibleName responsiblePhoneMasked riskLevel version } }`, {
        i: { premisesId: id, responsibleName: '李经理', responsiblePhone: '13700002222', riskLevel: 'MAJOR', reason: '经营者变更' },
      })).updatePremises;
      expect(updated).toMatchObject({ responsibleName: '李经理', responsiblePhoneMasked: '137****2222', riskLevel: 'MAJOR', version: 2 });
      const h = await reportHazard(f, id, { description: '应急照明损坏' });
      data(await order(f, h.id));
      data(await reportRectification(f, h.id));
      data(await recheck(f, h.id, true));
      const log = data(await t.gqlAs(f.township, `query($p: ID!) { premisesLog(premisesId: $p) { totalCount edges { node { kind summary actor subjectId } } } }`, { p: id })).premisesLog;
      expect(log.edges.map((e: any) => e.node.kind)).toEqual(['CREATED', 'CHANGED', 'HAZARD_REPORTED', 'ORDERED', 'RECTIFICATION_REPORTED', 'HAZARD_CLOSED']);
      expect(log.edges[1].node.summary).toContain('责任人由 王店主 变更为 李经理');
      expect(log.edges[1].node.summary).toContain('风险等级由较大风险调整为重大风险');
      expect(log.edges[2].node.subjectId).toBe(h.id);
      const stored = (await t.dataSource.query(`SELECT responsible_phone_enc FROM premises WHERE responsible_phone_masked = '137****2222'`)) as { responsible_phone_enc: string }[];
      expect(stored[0].responsible_phone_enc).not.toContain('13700002222');
    });
  });

  describe('member units (INS-1: the center inspects them)', () => {
    it('INS-1: a member unit is registered once as a premises and inspected with its own checklist', async () => {
      const committee = (await t.dataSource.query(`SELECT o.id FROM organization o JOIN region r ON r.id = o.region_id WHERE r.name = '靖宇县' AND o.kind = 'COUNTY_COMMITTEE'`))[0].id;
      const unit = data(await t.admins.system.gql(`mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`, {
        i: { kind: 'MEMBER_UNIT', name: '靖宇县教育局', regionId: f.county, committeeId: Buffer.from(`Organization:${committee}`).toString('base64') },
      })).createOrganization.id;
      expect(error(await t.gqlAs(f.center, `mutation($i: CreatePremisesInput!) { createPremises(input: $i) { id } }`, {
        i: { regionId: f.county, kind: 'MEMBER_UNIT', name: '靖宇县教育局', address: '县城', responsibleName: '局长', riskLevel: 'LOW' },
      })).extensions.fields[0].field).toBe('input.memberUnitId');
      const id = await createPremises(f, { regionId: f.county, kind: 'MEMBER_UNIT', name: '靖宇县教育局', memberUnitId: unit, riskLevel: 'LOW' }, f.center);
      expect(error(await t.gqlAs(f.center, `mutation($i: CreatePremisesInput!) { createPremises(input: $i) { id } }`, {
        i: { regionId: f.county, kind: 'MEMBER_UNIT', name: '教育局（重复）', address: '县城', responsibleName: '局长', riskLevel: 'LOW', memberUnitId: unit },
      })).extensions.code).toBe('CONFLICT');
      const inspection = data(await t.gqlAs(f.center, `mutation($i: RecordInspectionInput!) { recordInspection(input: $i) { checklist { premisesKind } hazards { id } } }`, {
        i: { premisesId: id, inspectedOn: '2027-03-10', inspectors: ['指导中心甲', '指导中心乙'], results: ['MU-01', 'MU-02', 'MU-03', 'MU-04'].map((code) => ({ code, result: code === 'MU-03' ? 'FAIL' : 'PASS' })) },
      })).recordInspection;
      expect(inspection.checklist.premisesKind).toBe('MEMBER_UNIT');
      expect(inspection.hazards).toHaveLength(1);
      // a township station does not reach a county-level member unit
      expect(codeOf(await t.gqlAs(f.station, `query($p: ID!) { premisesLog(premisesId: $p) { totalCount } }`, { p: id }))).toBe('NOT_FOUND');
    });
  });

  describe('inspection plans', () => {
    it('INS-1: a plan takes listed targets and those due by the frequency policy; its progress counts inspections in the period', async () => {
      const never = await createPremises(f, { name: '从未检查的小作坊' });
      const plan = data(await t.gqlAs(f.station, `mutation($i: CreateInspectionPlanInput!) { createInspectionPlan(input: $i) { id title targets(first: 100) { totalCount edges { node { id } } } progress { targets inspected } } }`, {
        i: { regionId: f.jingshan, title: '2027 年 3 月检查计划', periodStart: '2027-03-01', periodEnd: '2027-03-31', assignees: ['张三', '李四'], premisesIds: [premisesId], includeDue: true },
      })).createInspectionPlan;
      const targets = nodes(plan.targets).map((p: any) => p.id);
      expect(plan.targets.totalCount).toBe(plan.progress.targets);
      expect(targets).toContain(premisesId);
      expect(targets).toContain(never);
      expect(plan.progress.inspected).toBe(1); // premisesId was inspected on 03-10
      data(await t.gqlAs(f.station, `mutation($i: RecordInspectionInput!) { recordInspection(input: $i) { id } }`, {
        i: { premisesId: never, planId: plan.id, inspectedOn: '2027-03-10', inspectors: ['张三', '李四'], results: [{ code: 'SV-01', result: 'PASS' }, { code: 'SV-06', result: 'PASS' }] },
      }));
      const after = data(await t.gqlAs(f.center, `{ inspectionPlans(first: 10) { edges { node { id progress { targets inspected } } } } }`)).inspectionPlans.edges.find((e: any) => e.node.id === plan.id).node;
      expect(after.progress.inspected).toBe(2);
    });
  });

  describe('INS-2: several statuses at once, the township of a hazard', () => {
    const OPEN = ['REPORTED', 'RECTIFYING', 'PENDING_RECHECK'];
    const HAZARDS = `query($r: ID, $status: HazardStatus, $statuses: [HazardStatus!], $a: String) {
      hazards(regionId: $r, status: $status, statuses: $statuses, first: 100, after: $a) { totalCount pageInfo { hasNextPage endCursor } edges { node { id status } } } }`;
    const countIn = async (where: string) => Number((await t.dataSource.query(
      `SELECT count(*)::int AS n FROM hazard h JOIN region r ON r.id = h.region_id WHERE ${where} AND r.path LIKE (SELECT path FROM region WHERE name = '靖宇县') || '%'`))[0].n);

    it('INS-2: hazards(statuses:) returns the open hazards of a county in one query', async () => {
      // one hazard in each state of the loop, so the filter has something to leave out
      const closed = await reportHazard(f, premisesId, { description: '已销号的隐患' });
      data(await order(f, closed.id));
      data(await reportRectification(f, closed.id));
      data(await recheck(f, closed.id, true));
      const pending = await reportHazard(f, premisesId, { description: '待复查的隐患' });
      data(await order(f, pending.id));
      data(await reportRectification(f, pending.id));
      const rectifying = await reportHazard(f, premisesId, { description: '整改中的隐患' });
      data(await order(f, rectifying.id));
      const reported = await reportHazard(f, premisesId, { description: '刚发现的隐患' });
      const ids: string[] = [];
      let after: string | null = null;
      let total = -1;
      do {
        const page: any = data(await t.gqlAs(f.center, HAZARDS, { r: f.county, statuses: OPEN, a: after })).hazards;
        total = page.totalCount;
        for (const { node } of page.edges) {
          expect(OPEN).toContain(node.status);
          ids.push(node.id);
        }
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      expect(total).toBe(await countIn(`h.status <> 'CLOSED'`));
      expect(ids).toHaveLength(total);
      expect(ids).toEqual(expect.arrayContaining([pending.id, rectifying.id, reported.id]));
      expect(ids).not.toContain(closed.id);
      // the same list as the three statuses one by one
      let oneByOne = 0;
      for (const status of OPEN) oneByOne += data(await t.gqlAs(f.center, HAZARDS, { r: f.county, status })).hazards.totalCount;
      expect(total).toBe(oneByOne);
    });

    it('INS-2: status and statuses together: both must hold (the intersection); an empty or an 11-item list is refused', async () => {
      const both = async (status: string, statuses: string[]) => data(await t.gqlAs(f.center, HAZARDS, { r: f.county, status, statuses })).hazards.totalCount;
      expect(await both('REPORTED', ['REPORTED', 'RECTIFYING'])).toBe(await countIn(`h.status = 'REPORTED'`));
      expect(await both('CLOSED', OPEN)).toBe(0);
      const empty = error(await t.gqlAs(f.center, HAZARDS, { statuses: [] }));
      expect(empty.extensions).toEqual({ code: 'BAD_USER_INPUT', requestId: expect.any(String), fields: [{ field: 'statuses', reason: '至少 1 项' }] });
      const many = error(await t.gqlAs(f.center, HAZARDS, { statuses: Array.from({ length: 11 }, () => 'REPORTED') }));
      expect(many.extensions.code).toBe('BAD_USER_INPUT');
      expect(many.extensions.fields[0].field).toBe('statuses');
      expect(codeOf(await t.gqlAs(f.center, HAZARDS, { statuses: ['OPEN'] }))).toBe('BAD_USER_INPUT');
    });

    it('INS-2: Hazard.township: a village\'s hazard names its township, a township\'s itself, a county-level one null; through a page and node(id:), no statement per row', async () => {
      const village = data(await t.admins.system.gql(`mutation($i: CreateRegionInput!) { createRegion(input: $i) { id } }`, { i: { parentId: f.jingshan, name: '乡镇测试村', kind: 'VILLAGE' } })).createRegion.id;
      const inVillage = await reportHazard(f, premisesId, { premisesId: undefined, regionId: village, description: '村屯柴草乱堆', foundOn: '2027-03-08' }, f.center);
      const inTownship = await reportHazard(f, premisesId, { premisesId: undefined, regionId: f.jingshan, description: '镇区电动车飞线充电', foundOn: '2027-03-08' }, f.center);
      const inCounty = await reportHazard(f, premisesId, { premisesId: undefined, regionId: f.county, description: '县直单位消防通道', foundOn: '2027-03-08' }, f.center);
      const expected: Record<string, unknown> = { [inVillage.id]: { name: '景山镇', level: 'TOWNSHIP' }, [inTownship.id]: { name: '景山镇', level: 'TOWNSHIP' }, [inCounty.id]: null };
      // through node(id:) (the field's own resolver, batched through the region loader)
      const viaNodes = data(await t.gqlAs(f.center, `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Hazard { id region { name } township { name level } } } }`, { ids: Object.keys(expected) })).nodes;
      for (const h of viaNodes) expect(h.township).toEqual(expected[h.id]);
      expect(viaNodes.find((h: any) => h.id === inVillage.id).region.name).toBe('乡镇测试村');
      expect(data(await t.gqlAs(f.center, `query($id: ID!) { node(id: $id) { ... on Hazard { township { id } } } }`, { id: inVillage.id })).node.township.id).toBe(f.jingshan);
      // through a page: joined into the page's statement, so asking for it adds none, whatever the page size (1 row or 3)
      const statementsOf = async (selection: string, first: number) => {
        const statements: string[] = [];
        const spy = await interceptQueries(t.dataSource, async (sql, next) => {
          statements.push(sql);
          return next();
        });
        try {
          return { page: data(await t.gqlAs(f.center, `query($n: Int) { hazards(first: $n, foundFrom: "2027-03-08", foundTo: "2027-03-08") { edges { node { id ${selection} } } } }`, { n: first })).hazards, statements: statements.length };
        } finally {
          spy.restore();
        }
      };
      const withTownship = await statementsOf('township { name level }', 50);
      // the only hazards found that day
      expect(Object.fromEntries(withTownship.page.edges.map((e: any) => [e.node.id, e.node.township]))).toEqual(expected);
      expect(withTownship.statements).toBe((await statementsOf('', 50)).statements);
      expect((await statementsOf('township { name level }', 1)).statements).toBe(withTownship.statements);
    });
  });

  describe('inspection plans: targets page', () => {
    it('INS-1: InspectionPlan.targets is a connection by premises name: pages after a cursor, totalCount is the plan\'s target count', async () => {
      const names = ['计划分页甲', '计划分页乙', '计划分页丙'];
      const ids = [];
      for (const name of names) ids.push(await createPremises(f, { name }));
      const plan = data(await t.gqlAs(f.station, `mutation($i: CreateInspectionPlanInput!) { createInspectionPlan(input: $i) { id } }`, {
        i: { regionId: f.jingshan, title: '分页计划', periodStart: '2027-03-01', periodEnd: '2027-03-31', assignees: ['张三'], premisesIds: ids },
      })).createInspectionPlan;
      const page = async (after: string | null) => data(await t.gqlAs(f.center, `query($id: ID!, $a: String) { node(id: $id) { ... on InspectionPlan {
        targets(first: 2, after: $a) { totalCount pageInfo { hasNextPage endCursor } edges { node { id name } } } } } }`, { id: plan.id, a: after })).node.targets;
      const first = await page(null);
      expect(first.totalCount).toBe(3);
      expect(first.pageInfo.hasNextPage).toBe(true);
      const second = await page(first.pageInfo.endCursor);
      expect(second.pageInfo.hasNextPage).toBe(false);
      const listed = [...first.edges, ...second.edges].map((e: any) => e.node.name);
      expect(listed).toHaveLength(3);
      expect([...listed].sort()).toEqual([...names].sort());
      expect(new Set(listed).size).toBe(3);
    });
  });

  describe('lists are connections, nested fields batched', () => {
    it('the SQL statement count of hazards does not grow with page size', async () => {
      // every hazard of this premises comes from an inspection: each row asks for the same nested fields
      const place = await createPremises(f, { name: '景山镇商场', kind: 'CROWDED_PLACE' });
      const failAll = ['CP-01', 'CP-02', 'CP-03', 'CP-04', 'CP-05', 'CP-06', 'CP-07'].map((code) => ({ code, result: 'FAIL' }));
      for (let i = 0; i < 3; i++) data(await recordInspection({ premisesId: place, results: failAll }));
      const count = async (first: number) => {
        const statements: string[] = [];
        const spy = await interceptQueries(t.dataSource, async (sql, next) => {
          statements.push(sql.replace(/\s+/g, ' ').slice(0, 120));
          return next();
        });
        try {
          const res = data(await t.gqlAs(f.center, `query($n: Int, $p: ID) { hazards(first: $n, premisesId: $p) { totalCount edges { node { id region { name } premises { name nextInspectionDue region { name } }
            inspection { id checklist { version } } township { name } history { edges { node { action } } } } } } }`, { n: first, p: place }));
          expect(res.hazards.edges).toHaveLength(first);
        } finally {
          spy.restore();
        }
        return statements;
      };
      const one = await count(1);
      const many = await count(20);
      // the same statements (their order may differ on a server, where batches of one level run on several connections)
      expect([...many].sort()).toEqual([...one].sort());
    });

    it('EVA-5, INS-2: outside its jurisdiction a hazard is not found, and lists leave it out', async () => {
      const other = await t.account({ role: Role.STATION, region: '靖宇镇' });
      const h = await reportHazard(f, premisesId);
      expect(codeOf(await t.gqlAs(other, `query($id: ID!) { hazard(id: $id) { id } }`, { id: h.id }))).toBe('NOT_FOUND');
      expect(codeOf(await order(f, h.id, {}, other))).toBe('NOT_FOUND');
      const listed = data(await t.gqlAs(other, `{ hazards(first: 100) { totalCount } }`)).hazards.totalCount;
      expect(listed).toBe(0);
      // the township government sees its township's hazards (dual management)
      expect(data(await t.gqlAs(f.township, `query($id: ID!) { hazard(id: $id) { id } }`, { id: h.id })).hazard.id).toBe(h.id);
    });
  });
});
