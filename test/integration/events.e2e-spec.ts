import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Role } from '../../src/kernel/permissions';
import { TransactionRunner } from '../../src/database/transaction';
import type { DatabaseConfig } from '../../src/config/app-config';
import { embeddedSeededConfig, serverUrl } from '../support/database';
import { EvaluationResult } from '../../src/evaluation/evaluation.entity';
import { PeriodKind } from '../../src/common/period';
import { SubjectKind } from '../../src/evaluation/evaluation.enums';
import { EvaluationService } from '../../src/evaluation/evaluation.service';
import { toGlobalId, fromGlobalId } from '../../src/graphql/global-id';
import { RequestContext } from '../../src/kernel/request-context';
import { MemberUnitEvaluationService } from '../../src/committees/member-units/member-unit-evaluation.service';
import { OverdueAnnouncer } from '../../src/inspections/overdue.announcer';
import { WarningService } from '../../src/inspections/warning.service';
import { EVENT_TYPE_NAMES } from '../../src/integration/event-types';
import { eventEnvelope, EventEnvelope } from '../../src/integration/outbox-order';
import { IMPORT_KINDS, ImportKind } from '../../src/office/import-kinds';
import { EvaluationFixture } from '../support/evaluation';
import { citizenIdFor } from '../support/factories';
import { createPremises, inspectionsFixture, InspectionsFixture, order, recheck, reportHazard, reportRectification } from '../support/inspections';
import { runImport, xlsxOf } from '../support/office';
import { createTestApp, data, error, TestApp } from '../support/test-app';

/**
 * Integration events (docs/events.md) written with their change: each change writes exactly one event of its type,
 * with the region, county, subject and payload the catalogue gives, in the change's transaction (with the
 * mutation's audit entry); a refused or rolled-back change writes none. The clock stands still in 2027 and moves
 * forward through the spec (deadline days end at midnight, Asia/Shanghai).
 */
/** Both databases: the outbox, its order (`pg_current_xact_id`) and the audit in one transaction on each. */
const DATABASES: [string, () => Promise<DatabaseConfig | undefined>][] = [
  ...(serverUrl() ? [['PostgreSQL server', async () => undefined] as [string, () => Promise<DatabaseConfig | undefined>]] : []),
  ['embedded PGlite', async () => embeddedSeededConfig()],
];

describe.each(DATABASES)('integration events written with the change, on the %s', (_name, database) => {
  let t: TestApp;
  let f: EvaluationFixture;
  let ins: InspectionsFixture;
  let jingshan: string;
  let county: string;
  let premisesId: string;
  let zhang: { personId: string; postId: string };
  let taskId: string;
  /** Every event of the spec, for the checks at the end. */
  const seen: (EventEnvelope & { txid: string })[] = [];
  let mark = '0';

  /** The events written since the last call, oldest first. */
  const take = async (): Promise<(EventEnvelope & { txid: string })[]> => {
    const rows = (await t.dataSource.query(
      `SELECT id, seq::text AS seq, txid::text AS txid, type, occurred_at, region_id, county_id, subject_id, payload FROM integration_event WHERE seq > $1 ORDER BY seq`, [mark],
    )) as { id: string; seq: string; txid: string; type: string; occurred_at: Date; region_id: string; county_id: string | null; subject_id: string; payload: Record<string, unknown> }[];
    if (rows.length) mark = rows[rows.length - 1].seq;
    const events = rows.map((r) => ({
      ...eventEnvelope({ id: r.id, type: r.type, occurredAt: r.occurred_at, regionId: r.region_id, countyId: r.county_id, subjectId: r.subject_id, payload: r.payload }),
      txid: r.txid,
    }));
    seen.push(...events);
    return events;
  };
  /** The one event of a type among `events` (fails on none or more). */
  const one = (events: (EventEnvelope & { txid: string })[], type: string, subjectId?: string) => {
    const got = events.filter((e) => e.type === type && (subjectId === undefined || e.subjectId === subjectId));
    expect(got.map((e) => e.type)).toEqual([type]);
    return got[0];
  };
  /** The mutation's SUCCESS audit entry was inserted by the transaction that wrote the event (xmin = its xid). */
  const auditedWith = async (event: { txid: string }, operation: string) => {
    const [{ n }] = (await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_entry WHERE operation = $1 AND outcome = 'SUCCESS' AND xmin::text::bigint = $2::bigint % 4294967296`, [operation, event.txid],
    )) as { n: number }[];
    expect(n).toBeGreaterThanOrEqual(1);
  };
  const at = async (instant: string) => {
    await f.at(instant);
    await ins.refresh();
  };
  const region = (id: string) => ({ regionId: id, countyId: county });

  beforeAll(async () => {
    const config = await database();
    t = await createTestApp(config ? { database: config } : {});
    f = await new EvaluationFixture(t, '景山镇').init();
    ins = await inspectionsFixture(t);
    jingshan = ins.jingshan;
    county = ins.county;
    await at('2027-01-04T09:00:00+08:00');
    await take();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('person.on_duty and person.left: a post put on duty, a prior-service spell on duty and left; a refused step writes nothing', async () => {
    zhang = await f.staff('张一', '2027-01-04');
    const onDuty = one(await take(), 'person.on_duty');
    expect(onDuty).toMatchObject({ ...region(jingshan), subjectId: zhang.personId, data: { postId: zhang.postId, organizationId: f.stationId, onDutyFrom: '2027-01-04', priorService: false } });
    await auditedWith(onDuty, 'putOnDuty');

    expect(error(await t.gqlAs(f.gov, `mutation($i: PutOnDutyInput!) { putOnDuty(input: $i) { state } }`, { i: { postId: zhang.postId, onDutyFrom: '2027-01-04' } })).extensions.code).toBe('CONFLICT');
    expect(await take()).toEqual([]);

    const wang = data(await t.gqlAs(f.gov, `mutation($i: CreatePersonInput!) { createPerson(input: $i) { id } }`, {
      i: {
        name: '王五', gender: 'MALE', birthDate: '1988-05-20', citizenId: citizenIdFor('1988-05-20', true, 901), education: 'SENIOR_HIGH', householdRegionCode: '220622101',
        residenceRegionCode: '220622101', establishmentUnit: '景山镇人民政府', establishmentType: 'PUBLIC_SYSTEM', communication: 'GOOD', regionId: f.township,
      },
    })).createPerson.id as string;
    expect(await take()).toEqual([]);
    const post = data(await t.gqlAs(f.gov, `mutation($i: RecordPriorServiceInput!) { recordPriorService(input: $i) { id } }`, {
      i: { personId: wang, stationId: f.stationId, onDutyFrom: '2026-03-01', leftOn: '2026-12-31', leaveReason: 'RESIGNATION', reason: '平台启用前已在岗' },
    })).recordPriorService.id as string;
    const events = await take();
    expect(events.map((e) => e.type)).toEqual(['person.on_duty', 'person.left']);
    expect(events[0]).toMatchObject({ ...region(jingshan), subjectId: wang, data: { postId: post, organizationId: f.stationId, onDutyFrom: '2026-03-01', priorService: true } });
    expect(events[1]).toMatchObject({ ...region(jingshan), subjectId: wang, data: { postId: post, fromState: 'ON_DUTY', leftOn: '2026-12-31', leaveReason: 'RESIGNATION', priorService: true } });
    expect(events[1].txid).toBe(events[0].txid);
    await auditedWith(events[1], 'recordPriorService');
  });

  it('the hazard loop: reported, ordered, rectification reported, reopened by a failed re-check, closed by a passed one; a refused step writes nothing', async () => {
    premisesId = await createPremises(ins);
    const h = await reportHazard(ins, premisesId);
    const reported = one(await take(), 'hazard.reported');
    expect(reported).toMatchObject({
      ...region(jingshan), subjectId: h.id,
      data: { premisesId, source: 'OTHER', inspectionId: null, complaintId: null, checklistItemCode: null, foundOn: '2027-01-04', orderDueBy: h.orderDueBy, majorStatus: 'NONE' },
    });
    await auditedWith(reported, 'reportHazard');

    data(await order(ins, h.id, { deadline: '2027-01-10' }));
    const ordered = one(await take(), 'hazard.rectification_ordered');
    expect(ordered).toMatchObject({ ...region(jingshan), subjectId: h.id, data: { premisesId, orderedOn: '2027-01-04', deadline: '2027-01-10', late: false, majorStatus: 'NONE' } });
    await auditedWith(ordered, 'orderRectification');

    // INS-2: no re-check before the deadline without a report: refused, nothing written
    expect(error(await recheck(ins, h.id, false)).extensions.code).toBe('CONFLICT');
    expect(await take()).toEqual([]);

    const rectified = data(await reportRectification(ins, h.id)).reportRectification;
    const reportedDone = one(await take(), 'hazard.rectification_reported');
    expect(reportedDone).toMatchObject({ subjectId: h.id, data: { premisesId, rectifiedOn: '2027-01-04', recheckDueBy: rectified.recheckDueBy, deadline: '2027-01-10' } });
    await auditedWith(reportedDone, 'reportRectification');

    data(await recheck(ins, h.id, false, ins.colleague, { newDeadline: '2027-01-12' }));
    const reopened = one(await take(), 'hazard.reopened');
    expect(reopened).toMatchObject({ ...region(jingshan), subjectId: h.id, data: { premisesId, status: 'RECTIFYING', deadline: '2027-01-12', previousDeadline: '2027-01-10' } });
    await auditedWith(reopened, 'recheckHazard');

    data(await reportRectification(ins, h.id));
    await take();
    const closedHazard = data(await recheck(ins, h.id, true)).recheckHazard;
    const closed = one(await take(), 'hazard.closed');
    expect(closed).toMatchObject({ ...region(jingshan), subjectId: h.id, data: { premisesId, closedAt: new Date(closedHazard.closedAt).toISOString(), majorStatus: 'NONE' } });
    await auditedWith(closed, 'recheckHazard');
  });

  it('an inspection with a failed item, a complaint confirmed on site and a major hazard decided by the brigade', async () => {
    const inspection = data(await t.gqlAs(ins.station, `mutation($i: RecordInspectionInput!) { recordInspection(input: $i) { id hazards { id } } }`, {
      i: {
        premisesId, inspectedOn: '2027-01-04', inspectors: ['张三', '李四'],
        results: ['SV-01', 'SV-02', 'SV-03', 'SV-04', 'SV-05'].map((code) => ({ code, result: code === 'SV-02' ? 'FAIL' : 'PASS', ...(code === 'SV-02' ? { hazardDescription: '后门通道堆放纸箱' } : {}) })),
      },
    })).recordInspection;
    const events = await take();
    expect(events.map((e) => e.type)).toEqual(['hazard.reported', 'inspection.recorded']);
    expect(events[0]).toMatchObject({ subjectId: inspection.hazards[0].id, data: { premisesId, source: 'INSPECTION', inspectionId: inspection.id, checklistItemCode: 'SV-02' } });
    expect(events[1]).toMatchObject({ ...region(jingshan), subjectId: inspection.id, data: { premisesId, planId: null, inspectedOn: '2027-01-04', items: 5, failedItems: 1, hazardIds: [inspection.hazards[0].id] } });
    expect(events[1].txid).toBe(events[0].txid);
    await auditedWith(events[1], 'recordInspection');

    const complaint = data(await t.gqlAs(ins.station, `mutation($i: FileComplaintInput!) { fileComplaint(input: $i) { id } }`, {
      i: { premisesId, receivedAt: t.clock.now().toISOString(), channel: '来电', category: 'BLOCKED_EXITS', content: '超市后门上锁', reporterPhone: '13700001111' },
    })).fileComplaint;
    expect(await take()).toEqual([]);
    const checked = data(await t.gqlAs(ins.station, `mutation($i: CheckComplaintInput!) { checkComplaint(input: $i) { hazard { id } } }`, {
      i: { complaintId: complaint.id, outcome: 'CONFIRMED', note: '属实', hazardDescription: '后门上锁' },
    })).checkComplaint;
    const fromComplaint = one(await take(), 'hazard.reported');
    expect(fromComplaint).toMatchObject({ ...region(jingshan), subjectId: checked.hazard.id, data: { premisesId, source: 'COMPLAINT', complaintId: complaint.id } });
    await auditedWith(fromComplaint, 'checkComplaint');

    const major = await reportHazard(ins, premisesId, { description: '违规储存汽油', majorItemCodes: ['5.1'] });
    expect(one(await take(), 'hazard.reported').data).toMatchObject({ majorStatus: 'SUSPECTED' });
    data(await t.gqlAs(ins.station, `mutation($i: ReportMajorHazardInput!) { reportMajorHazard(input: $i) { majorStatus } }`, { i: { hazardId: major.id } }));
    expect(await take()).toEqual([]);
    data(await t.gqlAs(ins.brigade, `mutation($i: DecideMajorHazardInput!) { decideMajorHazard(input: $i) { majorStatus } }`, { i: { hazardId: major.id, confirm: true, note: '确认挂牌督办' } }));
    const decided = one(await take(), 'major_hazard.decided');
    expect(decided).toMatchObject({ ...region(jingshan), subjectId: major.id, data: { premisesId, confirmed: true, majorStatus: 'CONFIRMED', catalogueEdition: 'GB 35181-2025', itemCodes: ['5.1'] } });
    await auditedWith(decided, 'decideMajorHazard');
  });

  it('hand_over.*: handed over, returned, handed over again, accepted, concluded closing the hazard (INS-2, hand-over default), each with its step', async () => {
    const h = await reportHazard(ins, premisesId, { description: '拒不清理通道' });
    one(await take(), 'hazard.reported');
    const CASE = `handOver { id state acceptDueBy outcomeDueBy }`;
    const handOver = async (reason: string) => data(await t.gqlAs(ins.station, `mutation($i: HandOverHazardInput!) { handOverHazard(input: $i) { ${CASE} } }`, { i: { hazardId: h.id, reason } })).handOverHazard.handOver;
    const first = await handOver('需责令改正');
    const events = await take();
    const created = one(events, 'hand_over.created');
    expect(created).toMatchObject({ ...region(jingshan), subjectId: first.id, data: { premisesId, hazardId: h.id, acceptDueBy: first.acceptDueBy, hazardStatus: 'REPORTED' } });
    // the brigade's warning is raised in the same transaction
    expect(one(events, 'warning.raised').txid).toBe(created.txid);
    await auditedWith(created, 'handOverHazard');
    data(await t.gqlAs(ins.brigade, `mutation($i: ReturnHandOverInput!) { returnHandOver(input: $i) { state } }`, { i: { handOverId: first.id, reason: '工作站可督促整改' } }));
    const back = await take();
    expect(one(back, 'hand_over.returned')).toMatchObject({ subjectId: first.id, data: { premisesId, hazardId: h.id, late: false } });
    expect(one(back, 'warning.resolved').txid).toBe(one(back, 'hand_over.returned').txid);
    const second = await handOver('拒不整改');
    one(await take(), 'hand_over.created', second.id);
    const accepted = data(await t.gqlAs(ins.brigade, `mutation($i: AcceptHandOverInput!) { acceptHandOver(input: $i) { outcomeDueBy } }`, { i: { handOverId: second.id, caseFiled: true } })).acceptHandOver;
    expect(one(await take(), 'hand_over.accepted')).toMatchObject({ subjectId: second.id, data: { premisesId, hazardId: h.id, caseFiled: true, outcomeDueBy: accepted.outcomeDueBy, late: false } });
    data(await t.gqlAs(ins.brigade, `mutation($i: RecordHandOverOutcomeInput!) { recordHandOverOutcome(input: $i) { state } }`, { i: {
      handOverId: second.id, measures: [{ measure: 'CASE_FILED', takenOn: t.clock.today() }, { measure: 'FINE', takenOn: t.clock.today(), amountYuan: 3000 }],
      documentNumber: '靖消行罚决字〔2027〕2号', decidedOn: t.clock.today(), hazardEliminated: true, note: '罚款已缴纳',
    } }));
    const concluded = await take();
    const done = one(concluded, 'hand_over.concluded');
    expect(done).toMatchObject({ subjectId: second.id, data: { premisesId, hazardId: h.id, measures: ['CASE_FILED', 'FINE'], decidedOn: t.clock.today(), hazardEliminated: true, late: false } });
    expect(one(concluded, 'hazard.closed')).toMatchObject({ subjectId: h.id, txid: done.txid, data: { closedThrough: 'HAND_OVER_OUTCOME' } });
    await auditedWith(done, 'recordHandOverOutcome');
  });

  it('fire.recorded and investigation.opened (INS-6) in the one transaction of a fatal fire', async () => {
    const fire = data(await t.gqlAs(ins.center, `mutation($i: RecordFireInput!) { recordFire(input: $i) { id level occurredAt investigation { id } } }`, {
      i: { regionId: jingshan, occurredAt: new Date(t.clock.now().getTime() - 3_600_000).toISOString(), place: '李家柴草垛', cause: 'CARELESS_USE', deaths: 1, injuries: 0, seriousInjuries: 0, directLossYuan: 500 },
    })).recordFire;
    const events = await take();
    expect(events.map((e) => e.type).sort()).toEqual(['fire.recorded', 'investigation.opened']);
    const recorded = one(events, 'fire.recorded');
    const opened = one(events, 'investigation.opened');
    expect(recorded).toMatchObject({
      ...region(jingshan), subjectId: fire.id,
      data: { premisesId: null, occurredAt: new Date(fire.occurredAt).toISOString(), level: fire.level, cause: 'CARELESS_USE', deaths: 1, injuries: 0, seriousInjuries: 0, directLossYuan: 500, investigationId: fire.investigation.id },
    });
    expect(opened).toMatchObject({ ...region(jingshan), subjectId: fire.investigation.id, data: { fireId: fire.id, fireLevel: fire.level, deaths: 1, reasons: ['DEATHS'] } });
    expect(opened.txid).toBe(recorded.txid);
    await auditedWith(recorded, 'recordFire');
  });

  it('fire.corrected: a correction that makes a fire fatal writes investigation.opened and fire.corrected with the same level and deaths; a refused one writes nothing', async () => {
    const fire = data(await t.gqlAs(ins.center, `mutation($i: RecordFireInput!) { recordFire(input: $i) { id level occurredAt } }`, {
      i: { regionId: jingshan, occurredAt: new Date(t.clock.now().getTime() - 3_600_000).toISOString(), place: '王家仓房', cause: 'ELECTRICAL', deaths: 0, injuries: 0, seriousInjuries: 0, directLossYuan: 500 },
    })).recordFire;
    expect(one(await take(), 'fire.recorded').data).toMatchObject({ deaths: 0, investigationId: null });
    const correct = (i: Record<string, unknown>) => t.gqlAs(ins.center, `mutation($i: CorrectFireInput!) { correctFire(input: $i) { level version investigation { id } } }`, { i: { fireId: fire.id, reason: '医院通报：1 人死亡', ...i } });
    // nothing to correct: refused, nothing written
    expect(error(await correct({ expectedVersion: 1, deaths: 0 })).extensions.code).toBe('BAD_USER_INPUT');
    expect(await take()).toEqual([]);
    const corrected = data(await correct({ expectedVersion: 1, deaths: 1, injuries: 2, directLossYuan: 800 })).correctFire;
    const events = await take();
    expect(events.map((e) => e.type)).toEqual(['investigation.opened', 'fire.corrected']);
    const [opened, changed] = events;
    expect(changed).toMatchObject({
      ...region(jingshan), subjectId: fire.id,
      data: {
        premisesId: null, occurredAt: new Date(fire.occurredAt).toISOString(), level: corrected.level, previousLevel: fire.level, cause: 'ELECTRICAL', deaths: 1, injuries: 2, seriousInjuries: 0,
        directLossYuan: 800, investigationId: corrected.investigation.id, changedFields: ['deaths', 'injuries', 'directLossYuan'],
      },
    });
    expect(opened).toMatchObject({ subjectId: corrected.investigation.id, data: { fireId: fire.id, fireLevel: changed.data.level, deaths: changed.data.deaths, reasons: ['DEATHS'] } });
    expect(changed.txid).toBe(opened.txid);
    await auditedWith(changed, 'correctFire');
    // a later correction keeps the investigation opened before and opens none
    data(await correct({ expectedVersion: 2, cause: 'CARELESS_USE', reason: '调查认定起火原因' }));
    expect((await take()).map((e) => [e.type, e.data.investigationId, e.data.changedFields])).toEqual([['fire.corrected', corrected.investigation.id, ['cause']]]);
  });

  it('hazard.corrected: a hazard moved to a premises of another township is told in the township it left and in the one it reached, in one transaction', async () => {
    const longquan = toGlobalId('Region', await t.regionId('龙泉镇'));
    const elsewhere = await createPremises(ins, { regionId: longquan, name: '龙泉镇农资店', address: '龙泉镇农资店' }, await t.account({ role: Role.STATION, region: '龙泉镇' }));
    const h = await reportHazard(ins, premisesId, { description: '配电箱线路老化' });
    await take();
    const correct = (i: Record<string, unknown>) => t.gqlAs(ins.center, `mutation($i: CorrectHazardInput!) { correctHazard(input: $i) { version } }`, { i: { hazardId: h.id, reason: '登记时场所选错', ...i } });
    expect(error(await correct({ expectedVersion: 1, premisesId })).extensions.code).toBe('BAD_USER_INPUT');
    expect(await take()).toEqual([]);
    data(await correct({ expectedVersion: 1, premisesId: elsewhere }));
    const events = await take();
    expect(events.map((e) => [e.type, e.regionId])).toEqual([['hazard.corrected', jingshan], ['hazard.corrected', longquan]]);
    for (const e of events) {
      expect(e).toMatchObject({ countyId: county, subjectId: h.id, data: { premisesId: elsewhere, changedFields: ['premisesId', 'regionId'], previousRegionId: jingshan, previousPremisesId: premisesId } });
      expect(e.txid).toBe(events[0].txid);
    }
    await auditedWith(events[0], 'correctHazard');
    // a correction within the place (the description): one event, in its region
    data(await correct({ expectedVersion: 2, description: '配电箱线路老化裸露', reason: '补充描述' }));
    expect(one(await take(), 'hazard.corrected')).toMatchObject({ ...region(longquan), subjectId: h.id, data: { premisesId: elsewhere, changedFields: ['description'], previousRegionId: longquan, previousPremisesId: elsewhere } });
  });

  it('activity.recorded; a mutation that fails after writing (its audit entry refused) leaves neither the change nor the event', async () => {
    const input = { kind: 'PUBLICITY', title: '入户宣传', heldOn: '2027-01-04', regionId: jingshan, organizer: '工作站', audiences: ['VILLAGERS'], participantCount: 30, content: '入户宣传用火用电' };
    const activity = data(await t.gqlAs(ins.station, `mutation($i: RecordActivityInput!) { recordActivity(input: $i) { id } }`, { i: input })).recordActivity;
    const recorded = one(await take(), 'activity.recorded');
    expect(recorded).toMatchObject({ ...region(jingshan), subjectId: activity.id, data: { kind: 'PUBLICITY', heldOn: '2027-01-04', audiences: ['VILLAGERS'], participantCount: 30 } });
    await auditedWith(recorded, 'recordActivity');

    // the audit entry is the transaction's last insert: refused, the activity and its event go with it
    await t.dataSource.query(`CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.operation = 'recordActivity' AND NEW.outcome = 'SUCCESS' THEN RAISE EXCEPTION 'audit refused'; END IF; RETURN NEW; END $$`);
    await t.dataSource.query(`CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_entry FOR EACH ROW EXECUTE FUNCTION refuse_audit()`);
    try {
      const failed = await t.gqlAs(ins.station, `mutation($i: RecordActivityInput!) { recordActivity(input: $i) { id } }`, { i: { ...input, title: '未能记录的宣传' } });
      expect(failed.body.errors?.length).toBe(1);
    } finally {
      await t.dataSource.query(`DROP TRIGGER refuse_audit ON audit_entry`);
      await t.dataSource.query(`DROP FUNCTION refuse_audit()`);
    }
    expect(await t.dataSource.query(`SELECT id FROM training_activity WHERE title = '未能记录的宣传'`)).toEqual([]);
    expect(await take()).toEqual([]);
  });

  it('task.assigned; a member unit evaluation finalized and a member unit accountability case opened', async () => {
    const [committee] = (await t.dataSource.query(`SELECT o.id FROM organization o JOIN region r ON r.id = o.region_id WHERE o.kind = 'COUNTY_COMMITTEE' AND r.name = '靖宇县'`)) as { id: string }[];
    const committeeId = toGlobalId('Organization', committee.id);
    taskId = data(await t.gql(`mutation($i: AssignTaskInput!) { assignTask(input: $i) { id } }`, {
      i: { committeeId, assigneeId: f.stationId, title: '清理楼道杂物', requirement: '一周内清理完毕', deadline: '2027-01-20' },
    })).assignTask.id;
    const assigned = one(await take(), 'task.assigned');
    expect(assigned).toMatchObject({
      ...region(jingshan), subjectId: taskId,
      data: { committeeId, assigneeId: f.stationId, assignedById: expect.any(String), parentTaskId: null, source: 'DEPLOYMENT', assignedOn: '2027-01-04', deadline: '2027-01-20', evidenceRequired: true },
    });
    await auditedWith(assigned, 'assignTask');

    const unit = data(await t.admins.system.gql(`mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`, {
      i: { kind: 'MEMBER_UNIT', name: '县应急管理局', regionId: county, committeeId },
    })).createOrganization.id as string;
    await t.app.get(MemberUnitEvaluationService).score(RequestContext.system('test'), { memberUnitId: unit, year: 2026, scoredPart: 80 });
    await take();
    const evaluation = data(await t.gqlAs(ins.center, `mutation($i: FinalizeMemberUnitEvaluationInput!) { finalizeMemberUnitEvaluation(input: $i) { id score grade policyVersion } }`, {
      i: { memberUnitId: unit, year: 2026 },
    })).finalizeMemberUnitEvaluation;
    const finalized = one(await take(), 'evaluation.finalized');
    expect(finalized).toMatchObject({
      ...region(county), subjectId: evaluation.id,
      data: { subjectKind: 'MEMBER_UNIT', evaluatedId: unit, stationId: null, periodKind: 'YEAR', year: 2026, number: null, version: 1, score: evaluation.score, grade: evaluation.grade, policyVersion: evaluation.policyVersion, correction: false },
    });
    await auditedWith(finalized, 'finalizeMemberUnitEvaluation');

    const opened = data(await t.gql(`mutation($i: OpenMemberUnitAccountabilityCaseInput!) { openMemberUnitAccountabilityCase(input: $i) { id } }`, {
      i: { memberUnitId: unit, reason: '工作不落实' },
    })).openMemberUnitAccountabilityCase;
    const caseEvent = one(await take(), 'accountability_case.opened');
    expect(caseEvent).toMatchObject({
      regionId: county, subjectId: opened.id,
      data: { subjectKind: 'MEMBER_UNIT', personId: null, organizationId: unit, year: 2027, previousResultId: null, resultId: null, investigationId: null, taskIds: [] },
    });
    await auditedWith(caseEvent, 'openMemberUnitAccountabilityCase');
    // a second case for the same unit is refused (COM-6): nothing written
    expect(error(await t.gql(`mutation($i: OpenMemberUnitAccountabilityCaseInput!) { openMemberUnitAccountabilityCase(input: $i) { id } }`, { i: { memberUnitId: unit, reason: '再次立案' } })).extensions.code).toBe('CONFLICT');
    expect(await take()).toEqual([]);
  });

  it('accountability_case.repointed and .withdrawn (EVA-6): a case kept on corrected results, then withdrawn when a correction ends the two INCOMPETENT years', async () => {
    // two finalized INCOMPETENT years of 张一 (2025, 2026) as the annual finalization leaves them; its case step
    // (syncCases, run by finalizeEvaluation of a year and its corrections) is driven directly: a whole year of inputs
    // is the annual spec's business
    const person = fromGlobalId(zhang.personId, 'Person', 'p');
    const [station] = (await t.dataSource.query(`SELECT o.id, o.region_id FROM organization o WHERE o.id = $1`, [fromGlobalId(f.stationId, 'Organization', 's')])) as { id: string; region_id: string }[];
    const result = async (year: number, version: number, grade: string): Promise<EvaluationResult> => {
      const repo = t.dataSource.getRepository(EvaluationResult);
      await repo.update({ subjectId: person, periodKind: PeriodKind.YEAR, year, current: true }, { current: false });
      return repo.save(repo.create({
        id: randomUUID(), subjectKind: SubjectKind.PERSON, subjectId: person, subjectName: '张一', stationId: station.id, regionId: station.region_id, periodKind: PeriodKind.YEAR,
        year, number: 1, version, current: true, score: grade === 'INCOMPETENT' ? 50 : 70, grade: grade as never, gradeLabel: grade, policyVersion: 1, breakdown: { policyVersion: 1, lines: [], notes: [] } as never,
        correctionReason: version > 1 ? '年度考评更正' : null, finalizedBy: 'test', finalizedAt: t.clock.now(),
      }));
    };
    const sync = (written: EvaluationResult) => t.app.get(TransactionRunner).run((m) =>
      (t.app.get(EvaluationService) as unknown as { syncCases(m: EntityManager, ctx: RequestContext, w: EvaluationResult[], dept: string, reason: string | null): Promise<unknown> })
        .syncCases(m, RequestContext.system('test'), [written], '县消防工作服务指导中心', written.correctionReason));
    const y2025 = await result(2025, 1, 'INCOMPETENT');
    const first = await result(2026, 1, 'INCOMPETENT');
    await sync(first);
    const opened = one(await take(), 'accountability_case.opened');
    expect(opened).toMatchObject({ ...region(jingshan), data: { subjectKind: 'PERSON', personId: zhang.personId, year: 2026, resultId: toGlobalId('Evaluation', first.id) } });

    const second = await result(2026, 2, 'INCOMPETENT');
    await sync(second);
    const repointed = one(await take(), 'accountability_case.repointed');
    expect(repointed).toMatchObject({
      ...region(jingshan), subjectId: opened.subjectId,
      data: {
        subjectKind: 'PERSON', personId: zhang.personId, year: 2026, status: 'OPEN', previousResultId: toGlobalId('Evaluation', y2025.id), resultId: toGlobalId('Evaluation', second.id),
        formerPreviousResultId: toGlobalId('Evaluation', y2025.id), formerResultId: toGlobalId('Evaluation', first.id),
      },
    });

    const third = await result(2026, 3, 'COMPETENT');
    await sync(third);
    const withdrawn = one(await take(), 'accountability_case.withdrawn');
    expect(withdrawn).toMatchObject({
      ...region(jingshan), subjectId: opened.subjectId,
      data: { subjectKind: 'PERSON', personId: zhang.personId, year: 2026, previousResultId: toGlobalId('Evaluation', y2025.id), resultId: toGlobalId('Evaluation', second.id), withdrawnAt: t.clock.now().toISOString() },
    });
    expect((await t.dataSource.query(`SELECT status FROM accountability_case WHERE id = $1`, [fromGlobalId(opened.subjectId, 'AccountabilityCase', 'c')]))[0].status).toBe('WITHDRAWN');
    // withdrawn once: the same result again changes nothing
    await sync(third);
    expect(await take()).toEqual([]);
  });

  it('import_job.finished: once for a rejected import (its rows undone, no other event) and once for a completed one', async () => {
    const headers = IMPORT_KINDS[ImportKind.VILLAGES].columns.map((c) => c.header);
    const row = ['景山镇', '新立村', '村', '', '王新', '13943900011', '', ''];
    data(await t.gql(`{ me { username } }`)); // the office signs in again after the clock moved (t.office's token)
    const rejected = await runImport(t, t.office, 'importVillages', await xlsxOf('村（社区）', headers, [row, row]), { regionId: jingshan });
    expect(rejected.status).toBe('REJECTED');
    const ended = one(await take(), 'import_job.finished');
    expect(ended).toMatchObject({
      ...region(jingshan), subjectId: rejected.id,
      data: { kind: 'VILLAGES', status: 'REJECTED', dryRun: false, totalRows: 2, problems: rejected.problemCount, failure: null, finishedAt: new Date(rejected.finishedAt).toISOString() },
    });
    expect(await t.dataSource.query(`SELECT id FROM region WHERE name = '新立村'`)).toEqual([]);

    // the village is registered by the system administrator (regions are configuration data, 8.1.4.2 d)); the
    // office's import then records its manager
    data(await t.admins.system.gql(`mutation($i: CreateRegionInput!) { createRegion(input: $i) { id } }`, { i: { parentId: jingshan, name: '新立村', kind: 'VILLAGE' } }));
    const completed = await runImport(t, t.office, 'importVillages', await xlsxOf('村（社区）', headers, [row]), { regionId: jingshan });
    expect(completed).toMatchObject({ status: 'COMPLETED', problems: [] });
    const done = one(await take(), 'import_job.finished');
    expect(done).toMatchObject({ ...region(jingshan), subjectId: completed.id, data: { kind: 'VILLAGES', status: 'COMPLETED', totalRows: 1, createdRecords: 0, problems: 0 } }); // the village existed
    expect(await t.dataSource.query(`SELECT id FROM region WHERE name = '新立村'`)).toHaveLength(1);
  });

  it('evaluation.finalized for each result of a month: the station and its person', async () => {
    await at('2027-03-02T09:00:00+08:00');
    const written = await f.month(2027, 2, { [f.stationId]: { center: 90, township: 90, appraisal: 90 }, [zhang.personId]: { center: 85, township: 85, appraisal: 85 } });
    const events = (await take()).filter((e) => e.type === 'evaluation.finalized');
    expect(events).toHaveLength(2);
    for (const [subject, kind] of [[f.stationId, 'STATION'], [zhang.personId, 'PERSON']] as const) {
      const result = written[subject];
      const e = one(events, 'evaluation.finalized', result.id);
      expect(e).toMatchObject({
        ...region(jingshan),
        data: { subjectKind: kind, evaluatedId: subject, stationId: f.stationId, periodKind: 'MONTH', year: 2027, number: 2, version: 1, score: result.score, grade: result.grade, policyVersion: result.policyVersion, correction: false },
      });
      await auditedWith(e, 'finalizeEvaluation');
    }
  });

  it('warnings raised, escalated and resolved; hazard.overdue and task.overdue once when the deadline day ends, again after an extended deadline passes, never for a hazard reported in time', async () => {
    const announce = () => t.app.get(OverdueAnnouncer).run();
    const evaluate = () => t.app.get(WarningService).evaluate();
    const late = await reportHazard(ins, premisesId, { description: '灭火器压力不足' });
    data(await order(ins, late.id, { deadline: '2027-03-05' }));
    const inTime = await reportHazard(ins, premisesId, { description: '插线板私拉乱接' });
    data(await order(ins, inTime.id, { deadline: '2027-03-05' }));
    data(await reportRectification(ins, inTime.id));
    await take();
    const warningOf = async (subjectId: string) => toGlobalId('Warning', ((await t.dataSource.query(`SELECT id FROM warning WHERE subject_id = $1 ORDER BY raised_at DESC LIMIT 1`, [subjectId])) as { id: string }[])[0].id);

    // 03-02: the hazard is due within 3 days (BLUE); the task (deadline 01-20) is overdue: its event is written by
    // the evaluation's catch-up, once, dated when its deadline day ended
    await evaluate();
    let events = await take();
    const taskOverdue = one(events, 'task.overdue');
    expect(taskOverdue).toMatchObject({ ...region(jingshan), subjectId: taskId, timestamp: '2027-01-20T16:00:00.000Z', data: { assigneeId: f.stationId, status: 'ASSIGNED', deadline: '2027-01-20', overdueFrom: '2027-01-21' } });
    const hazardWarning = await warningOf(fromGlobalId(late.id, 'Hazard', 'h'));
    expect(one(events, 'warning.raised', hazardWarning)).toMatchObject({ ...region(jingshan), data: { ruleCode: 'hazard.dueSoon', level: 'BLUE', aboutType: 'HAZARD', aboutId: late.id } });
    const taskWarning = await warningOf(fromGlobalId(taskId, 'Task', 't'));
    expect(one(events, 'warning.raised', taskWarning).data).toMatchObject({ aboutType: 'TASK', aboutId: taskId });
    expect(events.filter((e) => e.type === 'hazard.overdue')).toEqual([]);

    // the last second of the deadline day: not overdue yet
    await at('2027-03-05T23:59:59+08:00');
    await announce();
    expect((await take()).filter((e) => e.type.endsWith('.overdue'))).toEqual([]);

    // a few seconds after midnight: once, and not again on the next run
    await at('2027-03-06T00:00:05+08:00');
    await announce();
    events = await take();
    expect(events.map((e) => e.type)).toEqual(['hazard.overdue']);
    expect(events[0]).toMatchObject({ ...region(jingshan), subjectId: late.id, timestamp: '2027-03-05T16:00:00.000Z', data: { premisesId, deadline: '2027-03-05', overdueFrom: '2027-03-06', majorStatus: 'NONE' } });
    await announce();
    await evaluate();
    events = await take();
    expect(events.filter((e) => e.type.endsWith('.overdue'))).toEqual([]);
    // INS-3: one day overdue: the BLUE warning rises to YELLOW (a new level: escalated)
    expect(one(events, 'warning.escalated', hazardWarning).data).toMatchObject({ ruleCode: 'hazard.overdue', level: 'YELLOW', previousLevel: 'BLUE', aboutId: late.id });

    // an extension moves the deadline: the warning is resolved; when the new deadline day ends, a second event
    data(await t.gqlAs(ins.township, `mutation($i: ExtendHazardDeadlineInput!) { extendHazardDeadline(input: $i) { deadline } }`, { i: { hazardId: late.id, newDeadline: '2027-03-12', reason: '配件待购' } }));
    const extended = one(await take(), 'hazard.deadline_extended');
    expect(extended).toMatchObject({ ...region(jingshan), subjectId: late.id, data: { premisesId, deadline: '2027-03-12', previousDeadline: '2027-03-05' } });
    await auditedWith(extended, 'extendHazardDeadline');
    await evaluate();
    events = await take();
    expect(one(events, 'warning.resolved', hazardWarning).data).toMatchObject({ ruleCode: 'hazard.overdue', level: 'YELLOW', aboutId: late.id });
    await at('2027-03-13T00:00:05+08:00');
    await evaluate();
    events = await take();
    expect(one(events, 'hazard.overdue', late.id).data).toMatchObject({ deadline: '2027-03-12', overdueFrom: '2027-03-13' });
    expect(events.filter((e) => e.type === 'task.overdue')).toEqual([]);

    data(await recheck(ins, inTime.id, true));
    await take();
    const perHazard = seen.filter((e) => e.type === 'hazard.overdue');
    expect(perHazard.map((e) => e.subjectId)).toEqual([late.id, late.id]);
  });

  it('every catalogue type was written; no payload holds a name, a phone, an id number or text a user typed', () => {
    expect([...new Set(seen.map((e) => e.type))].sort()).toEqual([...EVENT_TYPE_NAMES].sort());
    const payloads = JSON.stringify(seen.map((e) => e.data));
    const personal = ['张一', '王五', citizenIdFor('1988-05-20', true, 901), '王店主', '13912345678', '13700001111', '王新', '13943900011', '张三', '李四',
      '李家柴草垛', '王家仓房', '医院通报', '年度考评更正', '疏散通道堆放杂物', '配电箱线路老化', '登记时场所选错', '后门上锁', '后门通道堆放纸箱', '清理楼道杂物', '工作不落实', '入户宣传', '确认挂牌督办', '配件待购', '拒不清理通道', '需责令改正', '工作站可督促整改', '拒不整改', '靖消行罚决字', '罚款已缴纳'];
    for (const text of personal) expect({ text, found: payloads.includes(text) }).toEqual({ text, found: false });
    // and the staff's citizen ids as stored (masked) never leak either: none of their digits runs appear
    expect(payloads).not.toMatch(/\d{15,18}/);
  });
});
