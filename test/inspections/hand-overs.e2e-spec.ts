import { Role } from '../../src/kernel/permissions';
import { toGlobalId } from '../../src/graphql/global-id';
import { WarningService } from '../../src/inspections/warning.service';
import { jpeg, uploaded } from '../support/files';
import {
  createPremises, HAZARD_FIELDS, inspectionsFixture, InspectionsFixture, nodes, order, recheck, reportHazard, reportRectification,
} from '../support/inspections';
import { createTestApp, data, error, GqlResponse, TestAccount, TestApp } from '../support/test-app';

/**
 * The brigade's side of a hand-over (domain defaults: stations have no enforcement power; a case needing legal
 * measures is handed over (移交) to the county brigade and tracked; INS-2, the closed loop), through the API as the
 * station, the center and the brigade use it. The clock stands at Wednesday 2027-03-10 10:00 Beijing time (no
 * calendar loaded: working days are Monday to Friday) unless a test moves it.
 */
describe('hand-overs to the county brigade (INS-2, hand-over default)', () => {
  let t: TestApp;
  let f: InspectionsFixture;
  let premisesId: string;
  let otherStation: TestAccount;
  const codeOf = (res: GqlResponse) => res.body.errors?.[0]?.extensions.code ?? null;
  const evaluate = () => t.app.get(WarningService).evaluate();

  const CASE = `id state handedOverBy reason ageDays acceptDueBy outcomeDueBy overdue acceptedBy caseFiled acceptNote returnReason
    measures { measure takenOn documentNumber amountYuan } documentNumber decidedOn hazardEliminated outcomeNote attachments { name } version
    township { name } hazard { id status closedThrough }`;
  const handOver = (hazardId: string, who: TestAccount = f.station, reason = '拒不整改，需依法处理') =>
    t.gqlAs(who, `mutation($i: HandOverHazardInput!) { handOverHazard(input: $i) { ${HAZARD_FIELDS} closedThrough handOver { ${CASE} } } }`, { i: { hazardId, reason } });
  const accept = (handOverId: string, input: Record<string, unknown> = { caseFiled: true }, who: TestAccount = f.brigade) =>
    t.gqlAs(who, `mutation($i: AcceptHandOverInput!) { acceptHandOver(input: $i) { ${CASE} } }`, { i: { handOverId, ...input } });
  const giveBack = (handOverId: string, who: TestAccount = f.brigade) =>
    t.gqlAs(who, `mutation($i: ReturnHandOverInput!) { returnHandOver(input: $i) { ${CASE} } }`, { i: { handOverId, reason: '无需采取法律措施，由工作站继续督促整改' } });
  const outcome = (handOverId: string, input: Record<string, unknown>, who: TestAccount = f.brigade) =>
    t.gqlAs(who, `mutation($i: RecordHandOverOutcomeInput!) { recordHandOverOutcome(input: $i) { ${CASE} } }`, { i: { handOverId, ...input } });
  const inbox = (args = '', who: TestAccount = f.brigade) =>
    t.gqlAs(who, `{ handOvers${args} { edges { node { id state overdue township { name } hazard { id } } } } }`);
  const hazardNode = async (id: string) => data(await t.gqlAs(f.center, `query($id: ID!) { node(id: $id) { ... on Hazard { ${HAZARD_FIELDS} closedThrough handOver { ${CASE} } } } }`, { id })).node;
  const activeWarnings = async (who: TestAccount = f.brigade) =>
    nodes(data(await t.gqlAs(who, `{ warnings(status: ACTIVE) { edges { node { subjectType subjectId level ruleCode message } } } }`)).warnings)
      .filter((w: any) => w.subjectType === 'HAND_OVER');
  const events = async (type: string, subject: string) =>
    (await t.dataSource.query(`SELECT payload FROM integration_event WHERE type = $1 AND subject_id = $2 ORDER BY seq`, [type, subject]));

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.freeze('2027-03-10T10:00:00+08:00');
    f = await inspectionsFixture(t);
    premisesId = await createPremises(f);
    otherStation = await t.account({ role: Role.STATION, region: '龙泉镇' });
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(async () => {
    t.clock.freeze('2027-03-10T10:00:00+08:00');
    await f.refresh();
  });
  /** The hazard's history, its details parsed (they are a JSON string in the API). */
  const history = (h: any) => h.history.edges.map((e: any) => ({ ...e.node, details: JSON.parse(e.node.details) }));

  /** A hazard ordered (RECTIFYING) at the fixture's premises. */
  const rectifying = async (description = '疏散通道堆放杂物') => {
    const h = await reportHazard(f, premisesId, { description });
    data(await order(f, h.id));
    return h.id as string;
  };

  it('hand-over default, INS-2: a station hands over; the brigade has it in its inbox at once, warned; the station cannot close the hazard meanwhile', async () => {
    const id = await rectifying();
    const handed = data(await handOver(id)).handOverHazard;
    // Wednesday 03-10 + 3 working days = Monday 03-15 (policy v1)
    expect(handed.handOver).toMatchObject({ state: 'PENDING', acceptDueBy: '2027-03-15', outcomeDueBy: null, overdue: false, ageDays: 0, reason: '拒不整改，需依法处理', township: { name: '景山镇' } });
    expect(handed.status).toBe('RECTIFYING');
    expect(history(handed).at(-1)).toMatchObject({ action: 'HANDED_OVER', note: '拒不整改，需依法处理', details: { acceptDueBy: '2027-03-15', handOverId: handed.handOver.id } });
    // the brigade's inbox (county-wide) and its warning, raised in the hand-over's own transaction
    expect(nodes(data(await inbox('(states: [PENDING])')).handOvers).map((n: any) => n.id)).toContain(handed.handOver.id);
    expect(await activeWarnings()).toEqual(expect.arrayContaining([expect.objectContaining({ subjectId: handed.handOver.id, level: 'BLUE', ruleCode: 'handOver.pending' })]));
    expect(await events('hand_over.created', handed.handOver.id)).toEqual([{ payload: expect.objectContaining({ acceptDueBy: '2027-03-15', hazardStatus: 'RECTIFYING', hazardId: id }) }]);
    // INS-2: the loop pauses for everyone: no re-check, no report, no extension, no second hand-over
    t.clock.freeze('2027-04-20T10:00:00+08:00');
    await f.refresh();
    for (const res of [
      await recheck(f, id, true), await recheck(f, id, false), await reportRectification(f, id),
      await t.gqlAs(f.township, `mutation($i: ExtendHazardDeadlineInput!) { extendHazardDeadline(input: $i) { deadline } }`, { i: { hazardId: id, newDeadline: '2027-05-30', reason: '需采购设备' } }),
      await handOver(id, f.center),
    ]) {
      expect(error(res)).toMatchObject({ extensions: { code: 'CONFLICT' }, message: expect.stringContaining('INS-2（移交）') });
    }
    expect((await hazardNode(id)).status).toBe('RECTIFYING');
  });

  it('hand-over default: only a station or the center hands over, never the brigade (to itself), nor a station of another township', async () => {
    const id = await rectifying();
    expect(error(await handOver(id, f.brigade)).extensions.code).toBe('FORBIDDEN');
    expect(error(await handOver(id, otherStation)).extensions.code).toBe('NOT_FOUND');
    expect(data(await handOver(id, f.center)).handOverHazard.handOver.handedOverBy).toBeTruthy();
  });

  it('hand-over default, INS-2: the brigade accepts (立案), records the outcome with measures and document numbers; the hazard closes through it', async () => {
    const id = await rectifying('消防控制室无人值守');
    const caseId = data(await handOver(id)).handOverHazard.handOver.id;
    // the station cannot act for the brigade
    expect(error(await accept(caseId, { caseFiled: true }, f.station)).extensions.code).toBe('FORBIDDEN');
    t.clock.freeze('2027-03-12T15:00:00+08:00');
    await f.refresh();
    const accepted = data(await accept(caseId, { caseFiled: true, note: '立案调查' })).acceptHandOver;
    // Friday 03-12 + 60 working days (Monday to Friday) = Friday 06-04
    expect(accepted).toMatchObject({ state: 'ACCEPTED', caseFiled: true, acceptNote: '立案调查', outcomeDueBy: '2027-06-04', overdue: false });
    expect(accepted.acceptedBy).toBeTruthy();
    // accepting resolves the "new hand-over" warning
    expect((await activeWarnings()).filter((w: any) => w.subjectId === caseId)).toEqual([]);
    expect(codeOf(await accept(caseId))).toBe('CONFLICT');
    expect(codeOf(await giveBack(caseId))).toBe('CONFLICT');
    // still paused while the brigade works the case
    expect(error(await recheck(f, id, true)).message).toContain('INS-2（移交）');

    t.clock.freeze('2027-03-25T11:00:00+08:00');
    await f.refresh();
    const measures = [
      { measure: 'CASE_FILED', takenOn: '2027-03-12', documentNumber: '靖消立字〔2027〕8号' },
      { measure: 'ORDER_CORRECTION', takenOn: '2027-03-15', documentNumber: '靖消限字〔2027〕21号' },
      { measure: 'FINE', takenOn: '2027-03-24', documentNumber: '靖消行罚决字〔2027〕12号', amountYuan: 5000 },
    ];
    const valid = { measures, documentNumber: '靖消行罚决字〔2027〕12号', decidedOn: '2027-03-24', hazardEliminated: true, note: '已落实值班制度' };
    // the outcome is validated before anything is written
    const refusals: [Record<string, unknown>, string, string][] = [
      [{ measures: measures.slice(1) }, 'input.measures', '须包含“立案”'],
      [{ measures: [...measures, { measure: 'NOT_FILED', takenOn: '2027-03-12' }] }, 'input.measures', '不能登记“不予立案”'],
      [{ measures: [measures[0], { measure: 'FINE', takenOn: '2027-03-24' }] }, 'input.measures.1.amountYuan', '罚款须填写金额'],
      [{ measures: [measures[0], measures[0]] }, 'input.measures.1.measure', '重复'],
      [{ measures: [{ ...measures[0], takenOn: '2027-03-09' }] }, 'input.measures.0.takenOn', '时间规则 T-INS-10'],
      [{ measures: [{ ...measures[0], takenOn: '2027-03-26' }] }, 'input.measures.0.takenOn', '时间规则 T-INS-10'],
      [{ decidedOn: '2027-03-11' }, 'input.decidedOn', '不能早于大队接收日期 2027-03-12'],
      [{ decidedOn: '2027-03-26' }, 'input.decidedOn', '不能晚于今天'],
    ];
    for (const [change, field, message] of refusals) {
      const e = error(await outcome(caseId, { ...valid, ...change }));
      expect({ code: e.extensions.code, field: e.extensions.fields?.[0]?.field, message: e.message }).toEqual({ code: 'BAD_USER_INPUT', field, message: expect.stringContaining(message) });
    }
    expect((await hazardNode(id)).handOver.state).toBe('ACCEPTED');

    const scan = await uploaded(t, f.brigade, '行政处罚决定书.jpg', jpeg('decision'));
    const done = data(await outcome(caseId, { ...valid, attachments: [scan] })).recordHandOverOutcome;
    expect(done).toMatchObject({
      state: 'CONCLUDED', documentNumber: '靖消行罚决字〔2027〕12号', decidedOn: '2027-03-24', hazardEliminated: true, outcomeNote: '已落实值班制度',
      measures: [
        { measure: 'CASE_FILED', takenOn: '2027-03-12', documentNumber: '靖消立字〔2027〕8号', amountYuan: null },
        { measure: 'ORDER_CORRECTION', takenOn: '2027-03-15', documentNumber: '靖消限字〔2027〕21号', amountYuan: null },
        { measure: 'FINE', takenOn: '2027-03-24', documentNumber: '靖消行罚决字〔2027〕12号', amountYuan: 5000 },
      ],
      attachments: [{ name: '行政处罚决定书.jpg' }], hazard: { id, status: 'CLOSED', closedThrough: 'HAND_OVER_OUTCOME' },
    });
    const h = await hazardNode(id);
    expect(h).toMatchObject({ status: 'CLOSED', closedThrough: 'HAND_OVER_OUTCOME', closedAt: expect.any(String) });
    expect(h.history.edges.map((e: any) => e.node.action)).toEqual(['REPORTED', 'ORDERED', 'HANDED_OVER', 'HAND_OVER_ACCEPTED', 'HAND_OVER_OUTCOME']);
    expect(history(h).at(-1)).toMatchObject({ toStatus: 'CLOSED', details: { measures: ['CASE_FILED', 'ORDER_CORRECTION', 'FINE'], fineYuan: 5000, hazardEliminated: true, late: false } });
    expect(await events('hand_over.concluded', caseId)).toEqual([{ payload: expect.objectContaining({ measures: ['CASE_FILED', 'ORDER_CORRECTION', 'FINE'], hazardEliminated: true, decidedOn: '2027-03-24' }) }]);
    expect(await events('hazard.closed', id)).toEqual([{ payload: expect.objectContaining({ closedThrough: 'HAND_OVER_OUTCOME' }) }]);
    expect(codeOf(await outcome(caseId, valid))).toBe('CONFLICT');
    // the premises log tells the case, the outcome's document with its entry (户籍化)
    const log = nodes(data(await t.gqlAs(f.station, `query($p: ID!) { premisesLog(premisesId: $p, first: 100) { edges { node { kind subjectId summary attachments { name } } } } }`, { p: premisesId })).premisesLog)
      .filter((e: any) => e.subjectId === id);
    expect(log.map((e: any) => e.kind)).toEqual(['HAZARD_REPORTED', 'ORDERED', 'HANDED_OVER', 'HAND_OVER_ACCEPTED', 'HAND_OVER_OUTCOME', 'HAZARD_CLOSED']);
    expect(log[4]).toMatchObject({ summary: expect.stringContaining('立案、责令改正、罚款 5000 元；靖消行罚决字〔2027〕12号；隐患已消除，销号'), attachments: [{ name: '行政处罚决定书.jpg' }] });
  });

  it('hand-over default: a case is read where its hazard is: a station of another township gets null from node(id:); a correction moving the hazard moves the case and its warning', async () => {
    const id = await rectifying('楼道堆放杂物');
    const caseId = data(await handOver(id)).handOverHazard.handOver.id;
    const nodeAs = async (who: TestAccount) => data(await t.gqlAs(who, `query($id: ID!) { node(id: $id) { ... on HandOver { state } } }`, { id: caseId })).node;
    const longquan = await t.account({ role: Role.STATION, region: '龙泉镇' });
    expect(await nodeAs(f.brigade)).toEqual({ state: 'PENDING' });
    expect(await nodeAs(longquan)).toBeNull();
    const warned = async (who: TestAccount) => (await activeWarnings(who)).filter((w: any) => w.subjectId === caseId).length;
    expect([await warned(f.station), await warned(longquan)]).toEqual([1, 0]);
    const version = (await hazardNode(id)).version;
    data(await t.gqlAs(f.center, `mutation($i: CorrectHazardInput!) { correctHazard(input: $i) { id } }`, {
      i: { hazardId: id, expectedVersion: version, reason: '登记时区划选错', premisesId: await createPremises(f, { regionId: toGlobalId('Region', await t.regionId('龙泉镇')) }, f.center) },
    }));
    expect(await nodeAs(longquan)).toEqual({ state: 'PENDING' });
    expect(await nodeAs(f.station)).toBeNull();
    expect([await warned(f.station), await warned(longquan)]).toEqual([0, 1]);
  });

  it('INS-3, hand-over default: a hazard with the brigade is not warned overdue to the station (it cannot act); the case has its own clock that warns', async () => {
    const h = await reportHazard(f, premisesId, { description: '配电箱周围堆放可燃物' });
    data(await order(f, h.id, { deadline: '2027-03-12' }));
    data(await handOver(h.id));
    t.clock.freeze('2027-03-20T10:00:00+08:00');
    await f.refresh();
    await evaluate();
    const warnings = nodes(data(await t.gqlAs(f.station, `{ warnings(status: ACTIVE, first: 100) { edges { node { subjectType subjectId ruleCode } } } }`)).warnings);
    expect(warnings.filter((w: any) => w.subjectId === h.id)).toEqual([]);
    expect(warnings.filter((w: any) => w.subjectType === 'HAND_OVER' && w.ruleCode === 'handOver.overdue').length).toBeGreaterThan(0);
  });

  it('hand-over default: loading a working calendar moves the clocks of the open cases counted on it, and says so in the history of the hazard', async () => {
    const id = await rectifying('安全出口锁闭');
    const caseId = data(await handOver(id)).handOverHazard.handOver.id;
    expect((await hazardNode(id)).handOver.acceptDueBy).toBe('2027-03-15');
    // Friday 03-12 and Monday 03-15 become holidays: 3 working days after Wednesday 03-10 end on Wednesday 03-17
    data(await t.admins.system.gql(`mutation($i: LoadWorkingCalendarInput!) { loadWorkingCalendar(input: $i) { recomputedClocks } }`, {
      i: { year: 2027, days: [{ day: '2027-03-12', kind: 'HOLIDAY' }, { day: '2027-03-15', kind: 'HOLIDAY' }] },
    }));
    const h = await hazardNode(id);
    expect(h.handOver).toMatchObject({ id: caseId, acceptDueBy: '2027-03-17' });
    expect(history(h).at(-1)).toMatchObject({ action: 'CLOCK_RECOMPUTED', details: { clock: 'handOver.acceptDueBy', before: '2027-03-15', after: '2027-03-17', calendarYear: 2027 } });
    data(await t.admins.system.gql(`mutation($i: LoadWorkingCalendarInput!) { loadWorkingCalendar(input: $i) { recomputedClocks } }`, { i: { year: 2027, days: [] } }));
    expect((await hazardNode(id)).handOver.acceptDueBy).toBe('2027-03-15');
  });

  it('hand-over default, INS-2: a hazard handed over as found (never ordered) closes through an eliminated outcome; 不予立案 needs its reason and excludes a fine', async () => {
    const h = await reportHazard(f, premisesId, { description: '违规住人' });
    const caseId = data(await handOver(h.id)).handOverHazard.handOver.id;
    expect(error(await accept(caseId, { caseFiled: false })).extensions.fields[0]).toMatchObject({ field: 'input.note' });
    data(await accept(caseId, { caseFiled: false, note: '情节轻微，当场整改' }));
    const base = { documentNumber: '靖消不立字〔2027〕3号', decidedOn: '2027-03-10', hazardEliminated: true };
    expect(error(await outcome(caseId, { ...base, measures: [{ measure: 'NOT_FILED', takenOn: '2027-03-10' }, { measure: 'FINE', takenOn: '2027-03-10', amountYuan: 500 }] })).message)
      .toContain('不予立案的案件不能登记罚款');
    expect(error(await outcome(caseId, { ...base, measures: [{ measure: 'CASE_FILED', takenOn: '2027-03-10' }] })).message).toContain('须包含“不予立案”');
    const done = data(await outcome(caseId, { ...base, measures: [{ measure: 'NOT_FILED', takenOn: '2027-03-10' }, { measure: 'ORDER_CORRECTION', takenOn: '2027-03-10' }] })).recordHandOverOutcome;
    expect(done.hazard).toMatchObject({ status: 'CLOSED', closedThrough: 'HAND_OVER_OUTCOME' });
  });

  it('hand-over default, INS-2: an outcome that does not eliminate the hazard sends it back to the ordinary re-check, by someone else than the reporter', async () => {
    const id = await rectifying('灭火器过期');
    const caseId = data(await handOver(id)).handOverHazard.handOver.id;
    data(await accept(caseId));
    const done = data(await outcome(caseId, {
      measures: [{ measure: 'CASE_FILED', takenOn: '2027-03-10' }, { measure: 'ORDER_CORRECTION', takenOn: '2027-03-10', documentNumber: '靖消限字〔2027〕30号' }],
      documentNumber: '靖消限字〔2027〕30号', decidedOn: '2027-03-10', hazardEliminated: false,
    })).recordHandOverOutcome;
    expect(done).toMatchObject({ state: 'CONCLUDED', hazardEliminated: false, hazard: { status: 'RECTIFYING', closedThrough: null } });
    // the loop goes on: the rectification reported, a colleague re-checks and closes it
    expect(data(await reportRectification(f, id)).reportRectification.status).toBe('PENDING_RECHECK');
    const closed = data(await recheck(f, id, true)).recheckHazard;
    expect(closed.status).toBe('CLOSED');
    expect((await hazardNode(id)).closedThrough).toBe('RECHECK');
  });

  it('hand-over default, INS-2: a returned case goes back to the loop and may be handed over again', async () => {
    const id = await rectifying('电动车室内充电');
    const first = data(await handOver(id)).handOverHazard.handOver.id;
    expect(error(await giveBack(first, f.center)).extensions.code).toBe('FORBIDDEN');
    const returned = data(await giveBack(first)).returnHandOver;
    expect(returned).toMatchObject({ state: 'RETURNED', returnReason: '无需采取法律措施，由工作站继续督促整改', hazard: { status: 'RECTIFYING' } });
    expect((await activeWarnings()).filter((w: any) => w.subjectId === first)).toEqual([]);
    expect(codeOf(await accept(first))).toBe('CONFLICT');
    // the station's loop again: the rectification reported
    expect(data(await reportRectification(f, id)).reportRectification.status).toBe('PENDING_RECHECK');
    t.clock.advance(600_000);
    await f.refresh();
    const second = data(await handOver(id, f.center, '复查发现仍未整改，需依法处理')).handOverHazard.handOver.id;
    const h = await hazardNode(id);
    // every case of the hazard, oldest first
    const cases = nodes(data(await t.gqlAs(f.station, `query($h: ID!) { handOvers(hazardId: $h) { edges { node { id state } } } }`, { h: id })).handOvers);
    expect(cases.map((c: any) => [c.id, c.state])).toEqual([[first, 'RETURNED'], [second, 'PENDING']]);
    expect(h.handOver.id).toBe(second);
    expect(h.history.edges.map((e: any) => e.node.action)).toEqual(['REPORTED', 'ORDERED', 'HANDED_OVER', 'HAND_OVER_RETURNED', 'RECTIFICATION_REPORTED', 'HANDED_OVER']);
  });

  it('hand-over default: acceptance and outcome overdue warn the brigade and the center (ORANGE), from the day after the due day in Beijing', async () => {
    const id = await rectifying('防火门损坏');
    const caseId = data(await handOver(id)).handOverHazard.handOver.id;
    const mine = async (who: TestAccount = f.brigade) => (await activeWarnings(who)).filter((w: any) => w.subjectId === caseId);
    // due Monday 03-15: on time all through that day in Beijing
    t.clock.freeze('2027-03-15T23:59:00+08:00');
    await f.refresh();
    await evaluate();
    expect(await mine()).toEqual([expect.objectContaining({ level: 'BLUE', ruleCode: 'handOver.pending' })]);
    expect(nodes(data(await inbox('(overdue: true)')).handOvers).map((n: any) => n.id)).not.toContain(caseId);
    t.clock.freeze('2027-03-16T00:01:00+08:00');
    await f.refresh();
    await evaluate();
    for (const who of [f.brigade, f.center, f.station]) {
      expect(await mine(who)).toEqual([expect.objectContaining({ level: 'ORANGE', ruleCode: 'handOver.overdue', message: expect.stringContaining('超过接收时限 1 天') })]);
    }
    expect(nodes(data(await inbox('(overdue: true)')).handOvers)).toEqual(expect.arrayContaining([expect.objectContaining({ id: caseId, overdue: true, township: { name: '景山镇' } })]));
    // a station of another township sees neither the case nor its warning
    otherStation = await t.account({ role: Role.STATION, region: '龙泉镇' });
    expect(nodes(data(await inbox('', otherStation)).handOvers).map((n: any) => n.id)).not.toContain(caseId);
    expect(await mine(otherStation)).toEqual([]);
    // accepted late: the acceptance says so; the outcome clock (60 working days from Tuesday 03-16: Tuesday 06-08) warns once it passes
    const accepted = data(await accept(caseId)).acceptHandOver;
    expect(accepted.outcomeDueBy).toBe('2027-06-08');
    expect(await events('hand_over.accepted', caseId)).toEqual([{ payload: expect.objectContaining({ late: true, caseFiled: true }) }]);
    await evaluate();
    expect(await mine()).toEqual([]);
    t.clock.freeze('2027-06-09T08:00:00+08:00');
    await f.refresh();
    await evaluate();
    expect(await mine(f.center)).toEqual([expect.objectContaining({ level: 'ORANGE', message: expect.stringContaining('超过办理时限 1 天未登记处理结果') })]);
  });

  it('hand-over default, INS-2: a suspected major hazard is decided before an outcome may close it', async () => {
    const h = await reportHazard(f, premisesId, { description: '人员密集场所安全出口数量不足', majorItemCodes: ['5.4'] });
    const caseId = data(await handOver(h.id)).handOverHazard.handOver.id;
    data(await accept(caseId));
    const input = { measures: [{ measure: 'CASE_FILED', takenOn: '2027-03-10' }], documentNumber: '靖消立字〔2027〕9号', decidedOn: '2027-03-10', hazardEliminated: true };
    expect(error(await outcome(caseId, input))).toMatchObject({ extensions: { code: 'CONFLICT', majorStatus: 'SUSPECTED' } });
    expect((await hazardNode(h.id)).handOver.state).toBe('ACCEPTED');
  });
});
