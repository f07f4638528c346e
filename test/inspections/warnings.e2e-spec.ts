import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { GraphQLEnumType } from 'graphql';
import pg from 'pg';
import { Role } from '../../src/kernel/permissions';
import { WARNING_LOCK_KEY, WarningService } from '../../src/inspections/warning.service';
import { serverUrl } from '../support/database';
import { createPremises, inspectionsFixture, InspectionsFixture, order, recheck, reportHazard, reportRectification } from '../support/inspections';
import { createTestApp, data, error, TestApp } from '../support/test-app';

/** Early warning (INS-3): rules as data, a job safe with several instances, raise once / escalate / resolve, acknowledge. */
describe('risk points and early warning (INS-3)', () => {
  let t: TestApp;
  let f: InspectionsFixture;
  let premisesId: string;
  const evaluate = () => t.app.get(WarningService).evaluate();
  const active = async () => (await t.dataSource.query(`SELECT subject_type, subject_id, level, rule_code, acknowledged_at FROM warning WHERE status = 'ACTIVE' ORDER BY subject_type, level`)) as {
    subject_type: string; subject_id: string; level: string; rule_code: string; acknowledged_at: Date | null;
  }[];
  const uuidOf = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1];

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.freeze('2027-03-10T10:00:00+08:00');
    f = await inspectionsFixture(t);
    premisesId = await createPremises(f);
  });
  afterAll(async () => {
    await t?.close();
  });

  let dueSoon: string;
  let major: string;
  const lateOnes: string[] = [];

  it('INS-3: the rules are data: eleven kinds, four colours, with their parameters', async () => {
    const rules = data(await t.gqlAs(f.station, `{ warningRules { code kind level params enabled } }`)).warningRules;
    expect(rules.map((r: any) => r.code)).toEqual([
      'complaint.dueSoon', 'complaint.overdue', 'fire.fatalRecent', 'handOver.overdue', 'handOver.pending', 'hazard.dueSoon', 'hazard.majorOverdue', 'hazard.overdue',
      'riskPoint.major', 'task.overdue', 'township.overdueHazards', 'webhook.disabled',
    ]);
    // hand-overs to the brigade (test/inspections/hand-overs.e2e-spec.ts): a new case at once, a late one ORANGE
    expect(rules.find((r: any) => r.code === 'handOver.overdue')).toMatchObject({ kind: 'HAND_OVER_OVERDUE', level: 'ORANGE', params: '{"minDaysOverdue":1}' });
    // raised by the webhook delivery worker when it disables a subscription (test/integration/webhook-delivery)
    expect(rules.find((r: any) => r.code === 'webhook.disabled')).toMatchObject({ kind: 'WEBHOOK_DISABLED', level: 'ORANGE', params: '{}', enabled: true });
    expect(rules.find((r: any) => r.code === 'hazard.dueSoon')).toMatchObject({ level: 'BLUE', params: '{"withinDays":3}' });
  });

  it('INS-3: two evaluations at once raise each warning once', async () => {
    dueSoon = (await reportHazard(f, premisesId, { description: '灭火器压力不足' })).id;
    data(await order(f, dueSoon, { deadline: '2027-03-12' }));
    for (let i = 0; i < 3; i++) {
      const id = (await reportHazard(f, premisesId, { description: `逾期隐患 ${i}` })).id;
      data(await order(f, id, { deadline: '2027-03-10' }));
      lateOnes.push(id);
    }
    major = (await reportHazard(f, premisesId, { description: '安全出口数量不足', majorItemCodes: ['5.4'] })).id;
    data(await order(f, major, { deadline: '2027-03-10' }));
    const [a, b] = await Promise.all([evaluate(), evaluate()]);
    // one ran; the other either found the lock taken or ran after and found nothing new: five due within 3 days (four today)
    expect(a.raised + b.raised).toBe(5);
    const warned = await active();
    expect(warned.map((w) => w.level)).toEqual(['BLUE', 'BLUE', 'BLUE', 'BLUE', 'BLUE']);
    expect(new Set(warned.map((w) => w.subject_id))).toEqual(new Set([dueSoon, ...lateOnes, major].map(uuidOf)));
    // through the API too, concurrently
    const [x, y] = await Promise.all([t.gql(`mutation { evaluateWarnings { ran raised active } }`), t.gql(`mutation { evaluateWarnings { ran raised active } }`)]);
    expect(data(x).evaluateWarnings.raised + data(y).evaluateWarnings.raised).toBe(0);
    expect(await active()).toHaveLength(5);
  });

  it('INS-3: Warning.subjectType is the WarningSubjectType enum (subjectId the global id of that kind)', async () => {
    const warnings = data(await t.gqlAs(f.center, `{ warnings(first: 10, status: ACTIVE) { edges { node { subjectType subjectId } } } }`)).warnings.edges.map((e: any) => e.node);
    expect(warnings.map((w: any) => w.subjectType)).toEqual(['HAZARD', 'HAZARD', 'HAZARD', 'HAZARD', 'HAZARD']);
    expect(warnings.every((w: any) => Buffer.from(w.subjectId, 'base64').toString().startsWith('Hazard:'))).toBe(true);
    const values = (t.app.get(GraphQLSchemaHost).schema.getType('WarningSubjectType') as GraphQLEnumType).getValues();
    expect(values.map((v) => v.name).sort()).toEqual(['COMPLAINT', 'HAND_OVER', 'HAZARD', 'RISK_POINT', 'TASK', 'TOWNSHIP_FATAL_FIRE', 'TOWNSHIP_OVERDUE', 'WEBHOOK']);
    expect(values.every((v) => /[\u4e00-\u9fff]/.test(v.description ?? ''))).toBe(true);
  });

  (serverUrl() ? it : it.skip)('INS-3: while another instance holds the evaluation lock, an evaluation does nothing (PostgreSQL server)', async () => {
    const other = new pg.Client({ connectionString: (t.config.database as { url: string }).url });
    await other.connect();
    try {
      await other.query(`SELECT pg_advisory_lock($1)`, [WARNING_LOCK_KEY]);
      expect(await evaluate()).toMatchObject({ ran: false, raised: 0 });
      await other.query(`SELECT pg_advisory_unlock($1)`, [WARNING_LOCK_KEY]);
      expect((await evaluate()).ran).toBe(true);
    } finally {
      await other.end();
    }
  });

  it('INS-3: the next day the overdue ones escalate to YELLOW, the major one to RED, the township is raised ORANGE; the due-soon BLUE stays', async () => {
    t.clock.freeze('2027-03-11T08:00:00+08:00');
    await f.refresh();
    const r = await evaluate();
    expect(r).toMatchObject({ ran: true, raised: 1, escalated: 4, resolved: 0 });
    const byId = new Map((await active()).map((w) => [w.subject_id, w]));
    expect(byId.get(uuidOf(dueSoon))?.level).toBe('BLUE');
    for (const id of lateOnes) expect(byId.get(uuidOf(id))).toMatchObject({ level: 'YELLOW', rule_code: 'hazard.overdue' });
    expect(byId.get(uuidOf(major))).toMatchObject({ level: 'RED', rule_code: 'hazard.majorOverdue' });
    expect(byId.get(await t.regionId('景山镇'))).toMatchObject({ subject_type: 'TOWNSHIP_OVERDUE', level: 'ORANGE' });
    // run again: nothing changes
    expect(await evaluate()).toMatchObject({ raised: 0, escalated: 0, lowered: 0, resolved: 0, active: 6 });
  });

  it('INS-3: users acknowledge a warning once; an escalation asks for a new acknowledgement', async () => {
    const list = data(await t.gqlAs(f.station, `{ warnings(status: ACTIVE, first: 50) { totalCount edges { node { id subjectId level acknowledgedAt region { name } } } } }`)).warnings;
    expect(list.totalCount).toBe(6);
    const blue = list.edges.find((e: any) => e.node.subjectId === dueSoon).node;
    const ack = () => t.gqlAs(f.station, `mutation($i: AcknowledgeWarningInput!) { acknowledgeWarning(input: $i) { acknowledgedBy acknowledgedAt } }`, { i: { warningId: blue.id } });
    expect(data(await ack()).acknowledgeWarning.acknowledgedBy).toBe(f.station.username);
    expect(error(await ack()).extensions.code).toBe('CONFLICT');
    const outsider = await t.account({ role: Role.STATION, region: '龙泉镇' });
    expect(error(await t.gqlAs(outsider, `mutation($i: AcknowledgeWarningInput!) { acknowledgeWarning(input: $i) { id } }`, { i: { warningId: blue.id } })).extensions.code).toBe('NOT_FOUND');
    expect(data(await t.gqlAs(outsider, `{ warnings(first: 50) { totalCount } }`)).warnings.totalCount).toBe(0);
    // an acknowledgement of the version seen: a later version is refused
    const other = list.edges.find((e: any) => e.node.subjectId === lateOnes[0]).node;
    const stale = await t.gqlAs(f.station, `mutation($i: AcknowledgeWarningInput!) { acknowledgeWarning(input: $i) { id } }`, { i: { warningId: other.id, expectedVersion: 1 } });
    expect(error(stale).extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    // 03-13: the deadline of 03-12 passed: BLUE > YELLOW, the same warning, escalated and unacknowledged
    t.clock.freeze('2027-03-13T08:00:00+08:00');
    await f.refresh();
    expect(await evaluate()).toMatchObject({ raised: 0, escalated: 1 });
    const after = data(await t.gqlAs(f.station, `{ warnings(status: ACTIVE, first: 50) { edges { node { id subjectId level acknowledgedAt escalatedAt } } } }`)).warnings.edges.find((e: any) => e.node.subjectId === dueSoon).node;
    expect(after).toMatchObject({ id: blue.id, level: 'YELLOW', acknowledgedAt: null });
    expect(after.escalatedAt).not.toBeNull();
  });

  it('INS-3: closing the hazards resolves their warnings and the township one', async () => {
    for (const id of [...lateOnes, dueSoon]) {
      data(await reportRectification(f, id));
      data(await recheck(f, id, true));
    }
    const r = await evaluate();
    // four hazard warnings and the township's (one overdue major hazard left: below 3)
    expect(r).toMatchObject({ resolved: 5, active: 1 });
    const resolved = data(await t.gqlAs(f.center, `{ warnings(status: RESOLVED, first: 50) { totalCount edges { node { resolvedAt } } } }`)).warnings;
    expect(resolved.totalCount).toBe(5);
    expect(resolved.edges.every((e: any) => e.node.resolvedAt !== null)).toBe(true);
  });

  it('INS-3: a fatal fire warns its township RED for 30 days', async () => {
    data(await t.gqlAs(f.station, `mutation($i: RecordFireInput!) { recordFire(input: $i) { level } }`, {
      i: { regionId: f.jingshan, occurredAt: '2027-03-12T22:00:00+08:00', place: '景山镇某村民房', cause: 'ELECTRICAL', deaths: 1, injuries: 0, seriousInjuries: 0, directLossYuan: 80000 },
    }));
    expect((await evaluate()).raised).toBe(1);
    expect((await active()).find((w) => w.subject_type === 'TOWNSHIP_FATAL_FIRE')).toMatchObject({ level: 'RED', subject_id: await t.regionId('景山镇') });
    // 30 days after 03-12 (Beijing day) the fire no longer counts
    t.clock.freeze('2027-04-11T08:00:00+08:00');
    await f.refresh();
    await evaluate();
    expect((await active()).find((w) => w.subject_type === 'TOWNSHIP_FATAL_FIRE')).toBeUndefined();
  });

  it('INS-3: a rule changed by the office takes effect at the next evaluation; the station may not change rules', async () => {
    const rp = data(await t.gqlAs(f.station, `mutation($i: CreateRiskPointInput!) { createRiskPoint(input: $i) { id level } }`, {
      i: { regionId: f.jingshan, name: '景山镇加油站', description: '毗邻集贸市场', level: 'SIGNIFICANT' },
    })).createRiskPoint;
    await evaluate();
    expect((await active()).some((w) => w.subject_type === 'RISK_POINT')).toBe(false);
    const observed = data(await t.gqlAs(f.station, `mutation($i: RecordRiskObservationInput!) { recordRiskObservation(input: $i) { level version } }`, {
      i: { riskPointId: rp.id, note: '储罐区周边违规搭建', level: 'MAJOR' },
    })).recordRiskObservation;
    expect(observed).toMatchObject({ level: 'MAJOR', version: 2 });
    await evaluate();
    expect((await active()).find((w) => w.subject_type === 'RISK_POINT')).toMatchObject({ level: 'ORANGE' });
    expect(error(await t.gqlAs(f.station, `mutation { updateWarningRule(input: { code: "riskPoint.major", enabled: false }) { enabled } }`)).extensions.code).toBe('FORBIDDEN');
    const bad = await t.gql(`mutation { updateWarningRule(input: { code: "riskPoint.major", params: [{ name: "withinDays", value: 3 }] }) { enabled } }`);
    expect(error(bad).extensions.code).toBe('BAD_USER_INPUT');
    data(await t.gql(`mutation { updateWarningRule(input: { code: "riskPoint.major", level: RED }) { level version } }`));
    expect((await evaluate()).escalated).toBe(1);
    data(await t.gql(`mutation { updateWarningRule(input: { code: "riskPoint.major", enabled: false }) { enabled } }`));
    await evaluate();
    expect((await active()).some((w) => w.subject_type === 'RISK_POINT')).toBe(false);
    const history = data(await t.gqlAs(f.center, `{ riskPoints(first: 10) { edges { node { name level observations { totalCount edges { node { note level observedBy } } } } } } }`)).riskPoints.edges[0].node;
    expect(history.observations.totalCount).toBe(1);
    expect(history.observations.edges.map((e: any) => e.node)).toEqual([{ note: '储罐区周边违规搭建', level: 'MAJOR', observedBy: f.station.username }]);
  });

  it('INS-3: RiskPoint.observations is a connection: pages oldest first, after a cursor, with its totalCount', async () => {
    const rp = data(await t.gqlAs(f.station, `mutation($i: CreateRiskPointInput!) { createRiskPoint(input: $i) { id } }`, {
      i: { regionId: f.jingshan, name: '加油站（分页）', description: '监测记录多年累积', level: 'LOW' },
    })).createRiskPoint;
    for (let i = 1; i <= 5; i++) {
      data(await t.gqlAs(f.station, `mutation($i: RecordRiskObservationInput!) { recordRiskObservation(input: $i) { version } }`, { i: { riskPointId: rp.id, note: `第 ${i} 次巡查` } }));
      t.clock.advance(60_000);
    }
    const page = async (after: string | null) => data(await t.gqlAs(f.center, `query($id: ID!, $a: String) { node(id: $id) { ... on RiskPoint {
      observations(first: 2, after: $a) { totalCount pageInfo { hasNextPage endCursor } edges { node { note } } } } } }`, { id: rp.id, a: after })).node.observations;
    const notes: string[] = [];
    let after: string | null = null;
    for (;;) {
      const p: any = await page(after);
      expect(p.totalCount).toBe(5);
      expect(p.edges.length).toBeLessThanOrEqual(2);
      notes.push(...p.edges.map((e: any) => e.node.note));
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    expect(notes).toEqual(['第 1 次巡查', '第 2 次巡查', '第 3 次巡查', '第 4 次巡查', '第 5 次巡查']);
    // a forged cursor never reaches the database
    expect(error(await t.gqlAs(f.center, `query($id: ID!) { node(id: $id) { ... on RiskPoint { observations(after: "bm90IGEgY3Vyc29y") { totalCount } } } }`, { id: rp.id })).extensions)
      .toEqual({ code: 'BAD_USER_INPUT', requestId: expect.any(String), fields: [{ field: 'after', reason: '游标无效' }] });
  });

  it('INS-3: the unique index makes a second active warning for one subject impossible even outside the job', async () => {
    const [w] = await t.dataSource.query(`SELECT subject_type, subject_id, region_id, rule_code FROM warning WHERE status = 'ACTIVE' LIMIT 1`);
    await expect(t.dataSource.query(
      `INSERT INTO warning (id, subject_type, subject_id, region_id, rule_code, level, status, message, raised_at, version) VALUES (gen_random_uuid(), $1, $2, $3, $4, 'RED', 'ACTIVE', 'x', now(), 1)`,
      [w.subject_type, w.subject_id, w.region_id, w.rule_code],
    )).rejects.toThrow(/uq_warning_active_subject/);
  });

  it('INS-3: the job runs on its cron (Asia/Shanghai) without anyone asking', async () => {
    const scheduled = await createTestApp({ env: { WARNING_JOB_CRON: '* * * * * *' } });
    try {
      const g = await inspectionsFixture(scheduled);
      const p = await createPremises(g);
      const h = await reportHazard(g, p);
      data(await order(g, h.id, { deadline: scheduled.clock.today() }));
      const raised = async () => Number((await scheduled.dataSource.query(`SELECT count(*) AS n FROM warning WHERE status = 'ACTIVE'`))[0].n);
      const until = Date.now() + 10_000;
      while ((await raised()) === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
      expect(await raised()).toBe(1);
    } finally {
      await scheduled.close();
    }
  });
});
