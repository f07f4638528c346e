import { Role } from '../src/kernel/permissions';
import { parseGlobalId, toGlobalId } from '../src/graphql/global-id';
import { citizenIdFor } from './support/factories';
import { createPremises, HAZARD_FIELDS, InspectionsFixture, inspectionsFixture, order, reportRectification } from './support/inspections';
import { createTestApp, data, error, GqlResponse, TestAccount, TestApp } from './support/test-app';

/**
 * docs/time-rules.md, one test (or more) per row, both sides of every boundary. "Today" is fixed by the test clock
 * at 2027-03-15 00:30 Beijing time, which is still 2027-03-14 in UTC: every day below is an Asia/Shanghai day.
 */
const NOW = '2027-03-15T00:30:00+08:00';
const TODAY = '2027-03-15';
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** A refusal by the time rule `rule`: BAD_USER_INPUT, the rule in the zh-CN message and in `extensions.rule`. */
function refusedBy(res: GqlResponse, rule: string, field?: string): string {
  const e = error(res);
  expect(e.extensions.code).toBe('BAD_USER_INPUT');
  expect(e.extensions.rule).toBe(rule);
  expect(e.message).toMatch(new RegExp(`^时间规则 ${rule}：`));
  if (field) expect(e.extensions.fields).toEqual([expect.objectContaining({ field })]);
  return e.message;
}

describe('time rules (docs/time-rules.md)', () => {
  let t: TestApp;
  let f: InspectionsFixture;
  let gov: TestAccount;
  let brigade: TestAccount;
  let jingshan: string;
  let station: string;
  let seq = 0;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.freeze(NOW);
    f = await inspectionsFixture(t);
    gov = f.township;
    brigade = f.brigade;
    jingshan = toGlobalId('Region', await t.regionId('景山镇'));
    const rows = (await t.dataSource.query(`SELECT o.id FROM organization o JOIN region r ON r.id = o.region_id WHERE r.name = '景山镇' AND o.kind = 'FIRE_WORK_STATION'`)) as { id: string }[];
    station = toGlobalId('Organization', rows[0].id);
  });
  afterAll(async () => {
    await t?.close();
  });

  // ---------- personnel ----------
  const POST = 'id state selectedOn trainingStartedOn examOn onDutyFrom leftOn version';
  const createPerson = (birthDate: string, citizenBirth = birthDate) =>
    t.gqlAs(gov, `mutation($i: CreatePersonInput!) { createPerson(input: $i) { id ageBand } }`, {
      i: {
        name: `时间${++seq}`, gender: 'MALE', birthDate, citizenId: citizenIdFor(citizenBirth, true, seq + 700), education: 'SENIOR_HIGH',
        householdRegionCode: '220622101', residenceRegionCode: '220622101', establishmentUnit: '景山镇人民政府', establishmentType: 'PUBLIC_SYSTEM',
        communication: 'GOOD', regionId: jingshan,
      },
    });
  const person = async () => data(await createPerson('1990-06-15')).createPerson.id as string;
  const select = (personId: string, selectedOn: string) =>
    t.gqlAs(gov, `mutation($i: SelectPersonInput!) { selectPerson(input: $i) { ${POST} } }`, { i: { personId, stationId: station, selectedOn } });
  const train = (postId: string, trainingStartedOn?: string) =>
    t.gqlAs(brigade, `mutation($i: PostInput!) { startPreJobTraining(input: $i) { ${POST} } }`, { i: { postId, ...(trainingStartedOn ? { trainingStartedOn } : {}) } });
  const exam = (postId: string, examOn: string) =>
    t.gqlAs(brigade, `mutation($i: RecordPreJobExamInput!) { recordPreJobExam(input: $i) { ${POST} } }`, { i: { postId, score: 80, examOn } });
  const onDuty = (postId: string, onDutyFrom: string) =>
    t.gqlAs(gov, `mutation($i: PutOnDutyInput!) { putOnDuty(input: $i) { ${POST} } }`, { i: { postId, onDutyFrom } });
  const leave = (postId: string, leftOn: string) =>
    t.gqlAs(gov, `mutation($i: RecordDepartureInput!) { recordDeparture(input: $i) { ${POST} } }`, { i: { postId, leftOn, reason: 'RESIGNATION', note: '辞职' } });
  /** A post selected, trained and examined on the given days. */
  const post = async (selectedOn: string, trainingStartedOn?: string, examOn?: string) => {
    const id = data(await select(await person(), selectedOn)).selectPerson.id as string;
    if (trainingStartedOn) data(await train(id, trainingStartedOn));
    if (examOn) data(await exam(id, examOn));
    return id;
  };

  describe('personnel (PER-1, PER-3, PER-7, PER-9)', () => {
    it('T-PER-1 (PER-3): a birth date is before today: yesterday accepted, today and 2030 refused', async () => {
      // the age shows as a band to a caller who may not unmask (PER-1, no id oracle)
      expect(data(await createPerson(addDays(TODAY, -1))).createPerson.ageBand).toBe('0–4岁');
      expect(refusedBy(await createPerson(TODAY), 'T-PER-1', 'input.birthDate')).toBe(`时间规则 T-PER-1：出生日期须早于今天（${TODAY}）`);
      refusedBy(await createPerson('2030-01-01'), 'T-PER-1');
    });

    it('T-PER-1 (PER-3): a birth date other than the citizen id\'s is refused', async () => {
      expect(refusedBy(await createPerson('1990-06-15', '1990-06-16'), 'T-PER-1', 'input.birthDate')).toContain('与身份证号中的出生日期 1990-06-16 不一致');
    });

    it('T-PER-2 (PER-1): selection today accepted, tomorrow refused; 30 days back accepted, 31 refused', async () => {
      const p = await person();
      refusedBy(await select(p, addDays(TODAY, 1)), 'T-PER-2', 'input.selectedOn');
      refusedBy(await select(p, addDays(TODAY, -31)), 'T-PER-2', 'input.selectedOn');
      expect(data(await select(p, addDays(TODAY, -30))).selectPerson).toMatchObject({ state: 'SELECTED', selectedOn: addDays(TODAY, -30) });
      expect(data(await select(await person(), TODAY)).selectPerson).toMatchObject({ state: 'SELECTED', selectedOn: TODAY });
    });

    it('T-PER-3 (PER-7): training starts on or after the selection, today at the latest; today by default', async () => {
      const selected = addDays(TODAY, -10);
      const id = await post(selected);
      refusedBy(await train(id, addDays(selected, -1)), 'T-PER-3', 'input.trainingStartedOn');
      refusedBy(await train(id, addDays(TODAY, 1)), 'T-PER-3', 'input.trainingStartedOn');
      expect(data(await train(id, selected)).startPreJobTraining).toMatchObject({ state: 'IN_TRAINING', trainingStartedOn: selected });
      const other = await post(TODAY);
      expect(data(await train(other)).startPreJobTraining).toMatchObject({ state: 'IN_TRAINING', trainingStartedOn: TODAY });
    });

    it('T-PER-4 (PER-7): the exam on or after the training start, today at the latest; an exam before the selection is refused', async () => {
      const trained = addDays(TODAY, -7);
      const id = await post(addDays(TODAY, -10), trained);
      refusedBy(await exam(id, addDays(trained, -1)), 'T-PER-4', 'input.examOn');
      refusedBy(await exam(id, addDays(TODAY, -20)), 'T-PER-4', 'input.examOn'); // before the selection, too
      refusedBy(await exam(id, addDays(TODAY, 1)), 'T-PER-4', 'input.examOn');
      expect(data(await exam(id, trained)).recordPreJobExam).toMatchObject({ state: 'EXAM_PASSED', examOn: trained });
      const other = await post(TODAY, TODAY);
      expect(data(await exam(other, TODAY)).recordPreJobExam).toMatchObject({ state: 'EXAM_PASSED', examOn: TODAY });
    });

    it('T-PER-5 (PER-7): on duty on or after the exam, today at the latest (2099 refused); T-PER-6: leaving on or after it, today at the latest', async () => {
      const examined = addDays(TODAY, -5);
      const id = await post(addDays(TODAY, -10), addDays(TODAY, -8), examined);
      refusedBy(await onDuty(id, addDays(examined, -1)), 'T-PER-5', 'input.onDutyFrom');
      expect(refusedBy(await onDuty(id, addDays(TODAY, 1)), 'T-PER-5', 'input.onDutyFrom')).toBe(`时间规则 T-PER-5：上岗日期不能晚于今天（${TODAY}）`);
      refusedBy(await onDuty(id, '2099-01-01'), 'T-PER-5');
      expect(data(await onDuty(id, examined)).putOnDuty).toMatchObject({ state: 'ON_DUTY', onDutyFrom: examined });
      refusedBy(await leave(id, addDays(examined, -1)), 'T-PER-6', 'input.leftOn');
      refusedBy(await leave(id, addDays(TODAY, 1)), 'T-PER-6', 'input.leftOn');
      expect(data(await leave(id, examined)).recordDeparture).toMatchObject({ state: 'LEFT', leftOn: examined });
      // the other side of "today": on duty and leaving today
      const other = await post(TODAY, TODAY, TODAY);
      expect(data(await onDuty(other, TODAY)).putOnDuty).toMatchObject({ state: 'ON_DUTY', onDutyFrom: TODAY });
      expect(data(await leave(other, TODAY)).recordDeparture).toMatchObject({ state: 'LEFT', leftOn: TODAY });
    });

    it('PER-7: the issue\'s case: selected today, an exam and a duty start before it are refused', async () => {
      const id = await post(TODAY, TODAY);
      refusedBy(await exam(id, addDays(TODAY, -350)), 'T-PER-4');
      data(await exam(id, TODAY));
      refusedBy(await onDuty(id, addDays(TODAY, -345)), 'T-PER-5');
      const rows = (await t.dataSource.query(`SELECT state, on_duty_from FROM post WHERE id = $1`, [parseGlobalId(id)!.id])) as { state: string; on_duty_from: string | null }[];
      expect(rows[0]).toMatchObject({ state: 'EXAM_PASSED', on_duty_from: null });
    });
  });

  // ---------- inspections ----------
  describe('inspections, hazards, fires, complaints (INS-1, INS-2, INS-4)', () => {
    let premisesId: string;
    const SV = ['SV-01', 'SV-02', 'SV-03', 'SV-04', 'SV-05'].map((code) => ({ code, result: 'PASS' }));
    const inspect = (inspectedOn: string) =>
      t.gqlAs(f.station, `mutation($i: RecordInspectionInput!) { recordInspection(input: $i) { id inspectedOn } }`, {
        i: { premisesId, inspectedOn, inspectors: ['张三', '李四'], results: SV },
      });
    const report = (foundOn: string) =>
      t.gqlAs(f.station, `mutation($i: ReportHazardInput!) { reportHazard(input: $i) { id foundOn } }`, { i: { premisesId, description: '疏散通道堆放杂物', foundOn } });
    const hazard = async () => data(await report(TODAY)).reportHazard.id as string;
    const fire = (occurredAt: string) =>
      t.gqlAs(f.station, `mutation($i: RecordFireInput!) { recordFire(input: $i) { id occurredAt } }`, {
        i: { regionId: f.jingshan, occurredAt, place: '景山镇某仓库', cause: 'ELECTRICAL', deaths: 0, injuries: 0, seriousInjuries: 0, directLossYuan: 1000 },
      });
    const complaint = (receivedAt: string) =>
      t.gqlAs(f.station, `mutation($i: FileComplaintInput!) { fileComplaint(input: $i) { id } }`, {
        i: { regionId: f.jingshan, receivedAt, channel: '12345', category: 'OTHER', content: '楼道堆物' },
      });
    const EARLIEST = addDays(TODAY, -366);

    beforeAll(async () => {
      premisesId = await createPremises(f);
    });

    it('T-INS-1 (INS-1): an inspection today accepted, tomorrow refused; 366 days back accepted, 367 refused', async () => {
      expect(data(await inspect(TODAY)).recordInspection.inspectedOn).toBe(TODAY);
      refusedBy(await inspect(addDays(TODAY, 1)), 'T-INS-1', 'input.inspectedOn');
      expect(data(await inspect(EARLIEST)).recordInspection.inspectedOn).toBe(EARLIEST);
      expect(refusedBy(await inspect(addDays(EARLIEST, -1)), 'T-INS-1')).toContain(`检查日期不能早于 ${EARLIEST}（补录不超过 366 天，检查政策第 1 版）`);
    });

    it('T-INS-2 (INS-2): a hazard found today accepted, tomorrow refused; 366 days back accepted, 367 refused', async () => {
      expect(data(await report(TODAY)).reportHazard.foundOn).toBe(TODAY);
      refusedBy(await report(addDays(TODAY, 1)), 'T-INS-2', 'input.foundOn');
      expect(data(await report(EARLIEST)).reportHazard.foundOn).toBe(EARLIEST);
      refusedBy(await report(addDays(EARLIEST, -1)), 'T-INS-2', 'input.foundOn');
    });

    it('T-INS-3 (INS-2): an ordinary deadline from today to 30 days on (policy maximum); 31 days, 2099 and yesterday refused', async () => {
      const h = await hazard();
      refusedBy(await order(f, h, { deadline: addDays(TODAY, 31) }), 'T-INS-3', 'input.deadline');
      const far = refusedBy(await order(f, h, { deadline: '2099-01-01' }), 'T-INS-3');
      expect(far).toBe(`时间规则 T-INS-3：一般隐患整改期限不能晚于 ${addDays(TODAY, 30)}（检查政策第 1 版：至多 30 天；更长须由指导中心或乡镇政府延期）`);
      refusedBy(await order(f, h, { deadline: addDays(TODAY, -1) }), 'T-INS-3');
      expect(data(await order(f, h, { deadline: addDays(TODAY, 30) })).orderRectification).toMatchObject({ status: 'RECTIFYING', deadline: addDays(TODAY, 30) });
      expect(data(await order(f, await hazard(), { deadline: TODAY })).orderRectification.deadline).toBe(TODAY);
      // no deadline given: the policy's default (30 days), inside the maximum
      expect(data(await order(f, await hazard())).orderRectification.deadline).toBe(addDays(TODAY, 30));
    });

    it('T-INS-3 (INS-2): a failed re-check\'s new deadline is an ordinary one too: 30 days accepted, 31 refused', async () => {
      const h = await hazard();
      data(await order(f, h, { deadline: TODAY }));
      data(await reportRectification(f, h));
      const recheck = (newDeadline: string) => t.gqlAs(f.colleague, `mutation($i: RecheckHazardInput!) { recheckHazard(input: $i) { ${HAZARD_FIELDS} } }`, {
        i: { hazardId: h, passed: false, note: '通道仍有杂物', newDeadline },
      });
      refusedBy(await recheck(addDays(TODAY, 31)), 'T-INS-3', 'input.newDeadline');
      expect(data(await recheck(addDays(TODAY, 30))).recheckHazard).toMatchObject({ status: 'RECTIFYING', deadline: addDays(TODAY, 30) });
    });

    it('T-INS-4 (INS-2): longer only by an extension the center or the township government approves, later than the current deadline', async () => {
      const h = await hazard();
      data(await order(f, h, { deadline: addDays(TODAY, 30) }));
      const extend = (who: TestAccount, newDeadline: string) => t.gqlAs(who, `mutation($i: ExtendHazardDeadlineInput!) { extendHazardDeadline(input: $i) { deadline } }`, {
        i: { hazardId: h, newDeadline, reason: '需采购消防设备' },
      });
      expect(error(await extend(f.station, '2099-01-01')).extensions.code).toBe('FORBIDDEN');
      refusedBy(await extend(f.center, addDays(TODAY, 30)), 'T-INS-4', 'input.newDeadline');
      expect(data(await extend(f.center, addDays(TODAY, 31))).extendHazardDeadline.deadline).toBe(addDays(TODAY, 31));
      expect(data(await extend(gov, '2027-12-31')).extendHazardDeadline.deadline).toBe('2027-12-31');
    });

    it('T-INS-9 (INS-1): a plan ends today or later, not before its start, and starts at most 366 days ahead', async () => {
      const plan = (periodStart: string, periodEnd: string) => t.gqlAs(f.station, `mutation($i: CreateInspectionPlanInput!) { createInspectionPlan(input: $i) { id } }`, {
        i: { regionId: f.jingshan, title: `计划${++seq}`, periodStart, periodEnd, assignees: ['张三', '李四'], premisesIds: [premisesId] },
      });
      refusedBy(await plan('2027-03-01', addDays(TODAY, -1)), 'T-INS-9', 'input.periodEnd');
      refusedBy(await plan(TODAY, addDays(TODAY, -1)), 'T-INS-9', 'input.periodEnd');
      refusedBy(await plan(addDays(TODAY, 367), addDays(TODAY, 400)), 'T-INS-9', 'input.periodStart');
      data(await plan('2027-03-01', TODAY));
      data(await plan(addDays(TODAY, 366), addDays(TODAY, 366)));
    });

    it('T-INS-5 (INS-4): a fire up to a minute after now accepted, later refused; from 366 days back (Beijing day) accepted, earlier refused', async () => {
      expect(data(await fire('2027-03-15T00:31:00+08:00')).recordFire.id).toBeTruthy();
      expect(refusedBy(await fire('2027-03-15T00:31:01+08:00'), 'T-INS-5', 'input.occurredAt')).toBe('时间规则 T-INS-5：起火时间不能晚于现在');
      expect(data(await fire(`${EARLIEST}T00:00:00+08:00`)).recordFire.id).toBeTruthy();
      refusedBy(await fire(`${addDays(EARLIEST, -1)}T23:59:59+08:00`), 'T-INS-5', 'input.occurredAt');
    });

    it('T-INS-6 (INS-1): a complaint received up to a minute after now accepted, later refused; 366 days back accepted, earlier refused', async () => {
      expect(data(await complaint('2027-03-15T00:31:00+08:00')).fileComplaint.id).toBeTruthy();
      refusedBy(await complaint('2027-03-15T00:31:01+08:00'), 'T-INS-6', 'input.receivedAt');
      expect(data(await complaint(`${EARLIEST}T00:00:00+08:00`)).fileComplaint.id).toBeTruthy();
      refusedBy(await complaint(`${addDays(EARLIEST, -1)}T23:59:59+08:00`), 'T-INS-6', 'input.receivedAt');
    });
  });

  // ---------- records of work done ----------
  describe('activities, facility checks, villages, accountability outcomes (TRN-1, ORG-4, ORG-6, INS-6)', () => {
    const RECORD_EARLIEST = addDays(TODAY, -366);

    it('T-TRN-1 (TRN-1): an activity today accepted, tomorrow refused; 366 days back accepted, 367 refused', async () => {
      const activity = (heldOn: string) => t.gqlAs(f.station, `mutation($i: RecordActivityInput!) { recordActivity(input: $i) { heldOn } }`, {
        i: { kind: 'PUBLICITY', title: '消防宣传', heldOn, regionId: jingshan, organizer: '景山镇消防工作站', audiences: ['VILLAGERS'], participantCount: 20, content: '讲解用火用电' },
      });
      expect(data(await activity(TODAY)).recordActivity.heldOn).toBe(TODAY);
      expect(refusedBy(await activity(addDays(TODAY, 1)), 'T-TRN-1', 'input.heldOn')).toBe(`时间规则 T-TRN-1：活动日期不能晚于今天（${TODAY}）`);
      expect(data(await activity(RECORD_EARLIEST)).recordActivity.heldOn).toBe(RECORD_EARLIEST);
      expect(refusedBy(await activity(addDays(RECORD_EARLIEST, -1)), 'T-TRN-1', 'input.heldOn')).toBe(`时间规则 T-TRN-1：活动日期不能早于 ${RECORD_EARLIEST}（补录不超过 366 天）`);
      expect(error(await activity(addDays(TODAY, 1))).extensions.protects).toBe('TRN-1');
    });

    it('T-TRN-2 (TRN-2): a course starts at most 366 days back, ends on or after its start, at most 366 days ahead; sessions inside it', async () => {
      const course = (startsOn: string, endsOn: string) => t.gqlAs(f.center, `mutation($i: CreateCourseInput!) { createCourse(input: $i) { id } }`, {
        i: { kind: 'OTHER', title: '消防法规培训', regionId: jingshan, organizer: '指导中心', startsOn, endsOn },
      });
      refusedBy(await course(addDays(RECORD_EARLIEST, -1), TODAY), 'T-TRN-2', 'input.startsOn');
      refusedBy(await course(TODAY, addDays(TODAY, -1)), 'T-TRN-2', 'input.endsOn');
      refusedBy(await course(TODAY, addDays(TODAY, 367)), 'T-TRN-2', 'input.endsOn');
      data(await course(RECORD_EARLIEST, addDays(TODAY, 366)));
      const id = data(await course(TODAY, addDays(TODAY, 2))).createCourse.id as string;
      const session = (heldOn: string) => t.gqlAs(f.center, `mutation($i: AddCourseSessionInput!) { addCourseSession(input: $i) { id } }`, { i: { courseId: id, heldOn, topic: '消防法', hours: 2 } });
      refusedBy(await session(addDays(TODAY, -1)), 'T-TRN-2', 'input.heldOn');
      refusedBy(await session(addDays(TODAY, 3)), 'T-TRN-2', 'input.heldOn');
      data(await session(TODAY));
      data(await session(addDays(TODAY, 2)));
    });

    it('T-TRN-3 (TRN-2): an exam at most 366 days back or ahead; a sitting on or after the exam day, today at the latest', async () => {
      const county = toGlobalId('Region', await t.regionId('靖宇县'));
      const exam = (heldOn: string) => t.gqlAs(f.center, `mutation($i: CreateExamInput!) { createExam(input: $i) { id } }`, { i: { kind: 'OTHER', title: `考试${++seq}`, heldOn, regionId: county } });
      refusedBy(await exam(addDays(RECORD_EARLIEST, -1)), 'T-TRN-3', 'input.heldOn');
      refusedBy(await exam(addDays(TODAY, 367)), 'T-TRN-3', 'input.heldOn');
      data(await exam(addDays(TODAY, 366)));
      const held = addDays(TODAY, -3);
      const id = data(await exam(held)).createExam.id as string;
      const result = async (satOn: string) => t.gqlAs(f.center, `mutation($i: RecordExamResultsInput!) { recordExamResults(input: $i) { id } }`, {
        i: { examId: id, results: [{ personId: await person(), score: 80, satOn }] },
      });
      refusedBy(await result(addDays(held, -1)), 'T-TRN-3', 'input.results[0].satOn');
      refusedBy(await result(addDays(TODAY, 1)), 'T-TRN-3', 'input.results[0].satOn');
      data(await result(held));
      data(await result(TODAY));
    });

    it('T-ORG-1 (ORG-4): a facility check today accepted, tomorrow refused; 366 days back accepted, 367 refused', async () => {
      const check = (checkedOn: string) => t.gql(`mutation($i: RecordFacilityCheckInput!) { recordFacilityCheck(input: $i) { checkedOn } }`, {
        i: { stationId: station, facility: 'PRINTING', compliant: true, checkedOn, checkedBy: '张三' },
      });
      expect(data(await check(TODAY)).recordFacilityCheck.checkedOn).toBe(TODAY);
      refusedBy(await check(addDays(TODAY, 1)), 'T-ORG-1', 'input.checkedOn');
      expect(data(await check(RECORD_EARLIEST)).recordFacilityCheck.checkedOn).toBe(RECORD_EARLIEST);
      refusedBy(await check(addDays(RECORD_EARLIEST, -1)), 'T-ORG-1', 'input.checkedOn');
    });

    it('T-ORG-2, T-ORG-3 (ORG-6): a manager appointed and a pledge adopted today at the latest (years back accepted); a guidance visit within 366 days', async () => {
      const village = data(await t.admins.system.gql(`mutation($i: CreateRegionInput!) { createRegion(input: $i) { id } }`, { i: { parentId: jingshan, name: `时间村${++seq}`, kind: 'VILLAGE' } })).createRegion.id as string;
      const send = (name: string, input: Record<string, unknown>) =>
        t.gqlAs(f.station, `mutation($i: ${name[0].toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $i) { __typename } }`, { i: { villageId: village, ...input } });
      const manager = (appointedOn: string) => send('setVillageManager', { name: '李支书', phone: '13800138000', appointedOn, reason: '核实任命文件后更正' });
      const pledge = (adoptedOn: string) => send('recordVillagePledge', { adoptedOn, reason: '核实村民会议记录后更正' });
      const visit = (visitedOn: string) => send('recordGuidanceVisit', { visitedOn, visitors: ['站长'], content: '指导制定防火公约' });
      refusedBy(await manager(addDays(TODAY, 1)), 'T-ORG-2', 'input.appointedOn');
      data(await manager(TODAY));
      data(await manager('2015-06-01')); // a village's standing state, recorded when the platform starts
      expect(refusedBy(await pledge(addDays(TODAY, 1)), 'T-ORG-2', 'input.adoptedOn')).toBe(`时间规则 T-ORG-2：防火公约通过日期不能晚于今天（${TODAY}）`);
      data(await pledge(TODAY));
      data(await pledge('2015-06-01'));
      refusedBy(await visit(addDays(TODAY, 1)), 'T-ORG-3', 'input.visitedOn');
      data(await visit(TODAY));
      data(await visit(RECORD_EARLIEST));
      expect(refusedBy(await visit(addDays(RECORD_EARLIEST, -1)), 'T-ORG-3', 'input.visitedOn')).toBe(`时间规则 T-ORG-3：指导日期不能早于 ${RECORD_EARLIEST}（补录不超过 366 天）`);
    });

    it('T-INS-8 (INS-6): an accountability outcome is decided on or after the fire\'s Beijing day, today at the latest', async () => {
      const fireDay = addDays(TODAY, -10);
      const fire = data(await t.gqlAs(f.station, `mutation($i: RecordFireInput!) { recordFire(input: $i) { id } }`, {
        i: { regionId: f.jingshan, occurredAt: `${fireDay}T00:10:00+08:00`, place: '景山镇某民房', cause: 'ELECTRICAL', deaths: 1, injuries: 0, seriousInjuries: 0, directLossYuan: 1000 },
      })).recordFire.id as string;
      const caseId = data(await t.gqlAs(f.center, `query($id: ID!) { node(id: $id) { ... on FireIncident { investigation { id } } } }`, { id: fire })).node.investigation.id as string;
      const decide = (...days: string[]) => t.gqlAs(f.center, `mutation($i: UpdateInvestigationInput!) { updateInvestigation(input: $i) { accountabilityOutcomes { decidedOn } } }`, {
        i: { investigationId: caseId, accountabilityOutcomes: days.map((decidedOn, n) => ({ party: `责任人${n + 1}`, outcome: '诫勉谈话', decidedOn })) },
      });
      // the fire started 00:10 Beijing time, still the day before in UTC: that UTC day is refused
      expect(refusedBy(await decide(fireDay, addDays(fireDay, -1)), 'T-INS-8', 'input.accountabilityOutcomes[1].decidedOn')).toBe(`时间规则 T-INS-8：问责决定日期不能早于起火日期 ${fireDay}`);
      refusedBy(await decide(addDays(TODAY, 1)), 'T-INS-8', 'input.accountabilityOutcomes[0].decidedOn');
      expect(data(await decide(fireDay, TODAY)).updateInvestigation.accountabilityOutcomes).toEqual([{ decidedOn: fireDay }, { decidedOn: TODAY }]);
    });
  });

  // ---------- periods ----------
  describe('periods of plans, reports and evaluations (INS-5, EVA-1, EVA-3)', () => {
    const file = (kind: string, period: Record<string, unknown>) =>
      t.gqlAs(f.station, `mutation($i: FileWorkReportInput!) { fileWorkReport(input: $i) { id status } }`, {
        i: { stationId: station, kind, period, title: '工作计划或报告', content: '内容' },
      });

    it('T-INS-7 (INS-5): a plan or report for the current month accepted, next month refused; this year accepted, 2030 refused', async () => {
      expect(data(await file('REPORT', { kind: 'MONTH', year: 2027, number: 3 })).fileWorkReport.status).toBeTruthy();
      expect(refusedBy(await file('REPORT', { kind: 'MONTH', year: 2027, number: 4 }), 'T-INS-7', 'input.period'))
        .toBe(`时间规则 T-INS-7：2027年4月尚未开始：工作计划、报告的周期不能晚于本期（今天 ${TODAY}）`);
      expect(data(await file('PLAN', { kind: 'YEAR', year: 2027, number: 1 })).fileWorkReport.status).toBeTruthy();
      refusedBy(await file('PLAN', { kind: 'YEAR', year: 2030, number: 1 }), 'T-INS-7');
      refusedBy(await file('PLAN', { kind: 'QUARTER', year: 2027, number: 2 }), 'T-INS-7');
    });

    it('T-EVA-1 (EVA-1): a monthly work report for the current month accepted, next month refused', async () => {
      const submit = (month: number) => t.gqlAs(f.station, `mutation($i: SubmitWorkReportInput!) { submitWorkReport(input: $i) { id } }`, {
        i: { subjectId: station, year: 2027, month, content: '本月完成检查和宣传' },
      });
      refusedBy(await submit(4), 'T-EVA-1', 'input.month');
      const current = await submit(3);
      expect(current.body.errors?.[0]?.extensions?.rule).toBeUndefined();
    });

    it('T-EVA-2 (EVA-3): a period is finalized once over: March refused on 03-31, accepted on 04-01; April refused on 04-01', async () => {
      const finalize = (who: TestAccount, number: number) => t.gqlAs(who, `mutation($i: FinalizeEvaluationInput!) { finalizeEvaluation(input: $i) { unchanged } }`, {
        i: { period: { kind: 'MONTH', year: 2027, number }, regionId: f.jingshan },
      });
      t.clock.freeze('2027-03-31T23:30:00+08:00');
      const center = await t.account({ role: Role.CENTER });
      expect(refusedBy(await finalize(center, 3), 'T-EVA-2', 'input.period')).toBe('时间规则 T-EVA-2：2027年3月尚未结束（至 2027-03-31），结束后方可定稿');
      t.clock.freeze('2027-04-01T00:30:00+08:00');
      const later = await t.account({ role: Role.CENTER });
      refusedBy(await finalize(later, 4), 'T-EVA-2');
      const march = await finalize(later, 3);
      expect(march.body.errors?.[0]?.extensions?.rule).toBeUndefined();
    });
  });

  // ---------- versions, the calendar, API keys ----------
  describe('policy versions, the catalogue, the working calendar, API keys', () => {
    beforeAll(() => t.clock.freeze(NOW)); // the periods above moved the clock to April

    it('T-POL-1 (PER-3): a personnel policy takes effect today or later, never retroactively: yesterday refused, today accepted', async () => {
      const publish = (effectiveFrom: string) => t.gql(`mutation($i: PublishPersonnelPolicyInput!) { publishPersonnelPolicy(input: $i) { effectiveFrom } }`, {
        i: { effectiveFrom, minAge: 18, maxAge: 45, minEducation: 'SENIOR_HIGH', examPassMark: 60 },
      });
      expect(refusedBy(await publish(addDays(TODAY, -1)), 'T-POL-1', 'input.effectiveFrom')).toBe(`时间规则 T-POL-1：生效日期不能早于今天（${TODAY}）：新版本不溯及既往`);
      expect(data(await publish(TODAY)).publishPersonnelPolicy.effectiveFrom).toBe(TODAY);
    });

    it('T-SEC-1 (GB/T 22239-2019 8.1.4.1): a security policy takes effect today or later, never retroactively: yesterday refused, today accepted', async () => {
      const publish = (effectiveFrom: string) => t.admins.security.gql(`mutation($i: PublishSecurityPolicyInput!) { publishSecurityPolicy(input: $i) { effectiveFrom } }`, {
        i: {
          effectiveFrom, passwordMaxAgeDays: 90, passwordHistory: 5, maxSessions: 3, delayAfterFailures: 3, delayBaseSeconds: 1, delayMaxSeconds: 60,
          lockAfterFailures: 5, lockMinutes: 30, accountLockAfterFailures: 50, knownAddressDays: 90, addressDelayAfterFailures: 10, addressLockAfterFailures: 100,
          secondFactorRoles: ['COMMITTEE_OFFICE'],
        },
      });
      expect(refusedBy(await publish(addDays(TODAY, -1)), 'T-SEC-1', 'input.effectiveFrom')).toBe(`时间规则 T-SEC-1：生效日期不能早于今天（${TODAY}）：新版本不溯及既往`);
      expect(refusedBy(await publish(addDays(TODAY, 367)), 'T-SEC-1', 'input.effectiveFrom')).toContain('至多提前 366 天发布');
      expect(data(await publish(TODAY)).publishSecurityPolicy.effectiveFrom).toBe(TODAY);
    });

    it('T-POL-2 (EVA-3): an evaluation policy takes effect on the first of a month after today: 03-01 refused, 04-01 accepted', async () => {
      const publish = (effectiveFrom: string) => t.gql(`mutation($i: PublishEvaluationPolicyInput!) { publishEvaluationPolicy(input: $i) { effectiveFrom } }`, {
        i: {
          effectiveFrom, monthlyReportWeight: 50, monthlyAppraisalWeight: 50, quarterlyExamWeight: 50, quarterlyAppraisalWeight: 50, annualMonthlyWeight: 40,
          annualQuarterlyWeight: 60, centerWeight: 50, townshipWeight: 50, excellentMin: 90, goodMin: 80, competentMin: 60, excellentCapPercent: 20, appraisalTrimAbove: 5,
          annualMinMonths: 6, raterRoles: ['CENTER'],
        },
      });
      refusedBy(await publish('2027-03-01'), 'T-POL-2', 'input.effectiveFrom');
      expect(data(await publish('2027-04-01')).publishEvaluationPolicy.effectiveFrom).toBe('2027-04-01');
    });

    it('T-CAL-1 (INS-2): the working calendar of 2026, 2027 or 2028 is loaded; 2025 and 2029 refused', async () => {
      const load = (year: number) => t.admins.system.gql(`mutation($i: LoadWorkingCalendarInput!) { loadWorkingCalendar(input: $i) { year } }`, { i: { year, days: [] } });
      expect(refusedBy(await load(2025), 'T-CAL-1', 'input.year')).toBe(`时间规则 T-CAL-1：只能载入 2026 至 2028 年的工作日历（今天 ${TODAY}）`);
      refusedBy(await load(2029), 'T-CAL-1', 'input.year');
      expect(data(await load(2026)).loadWorkingCalendar.year).toBe(2026);
      expect(data(await load(2028)).loadWorkingCalendar.year).toBe(2028);
    });

    it('T-KEY-1: an API key expires after now, 366 days ahead at the longest; without a date, in 366 days', async () => {
      const create = (expiresAt?: string) => t.admins.security.gql(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { apiKey { expiresAt } } }`, {
        i: { name: `密钥${++seq}`, permissions: ['ORGANIZATION_READ'], regionId: jingshan, ...(expiresAt ? { expiresAt } : {}) },
      });
      const now = Date.parse(NOW);
      const at = (ms: number) => new Date(now + ms).toISOString();
      refusedBy(await create(at(0)), 'T-KEY-1', 'input.expiresAt');
      expect(Date.parse(data(await create(at(1000))).createApiKey.apiKey.expiresAt)).toBe(now + 1000);
      const longest = 366 * 86_400_000;
      expect(Date.parse(data(await create(at(longest))).createApiKey.apiKey.expiresAt)).toBe(now + longest);
      refusedBy(await create(at(longest + 1000)), 'T-KEY-1', 'input.expiresAt');
      expect(Date.parse(data(await create()).createApiKey.apiKey.expiresAt)).toBe(now + longest);
    });

    it('T-AUD-1: an audit period runs from ≤ to, neither after now beyond a minute of clock skew', async () => {
      const auditAdmin = await t.account({ role: Role.AUDIT_ADMIN });
      const verify = (from: string, to: string) =>
        t.gqlAs(auditAdmin, `query($from: DateTime!, $to: DateTime!) { verifyAuditChain(from: $from, to: $to) { intact } }`, { from, to });
      const now = Date.parse(NOW);
      const at = (ms: number) => new Date(now + ms).toISOString();
      expect(data(await verify(at(-86_400_000), at(0))).verifyAuditChain.intact).toBe(true);
      data(await verify(at(-86_400_000), at(60_000)));
      refusedBy(await verify(at(-86_400_000), at(61_000)), 'T-AUD-1', 'to');
      expect(refusedBy(await verify(at(0), at(-1000)), 'T-AUD-1', 'to')).toBe('时间规则 T-AUD-1：结束时间不能早于开始时间');
      refusedBy(await verify(at(61_000), at(61_000)), 'T-AUD-1', 'from');
    });

    it('T-KEY-2: an unmask grant is valid through today at the earliest, today + 90 days at the latest (Beijing days)', async () => {
      const grant = (until: string) => t.admins.security.gql(`mutation($i: GrantUnmaskInput!) { grantUnmask(input: $i) { until } }`, {
        i: { accountId: t.office.globalId, until, reason: '时间规则' },
      });
      const today = t.clock.today();
      refusedBy(await grant(addDays(today, -1)), 'T-KEY-2', 'input.until');
      expect(data(await grant(today)).grantUnmask.until).toBe(today);
      expect(data(await grant(addDays(today, 90))).grantUnmask.until).toBe(addDays(today, 90));
      refusedBy(await grant(addDays(today, 91)), 'T-KEY-2', 'input.until');
    });

    it('T-POL-3 (INS-2): a new major hazard catalogue edition takes effect today or later: yesterday refused, today accepted', async () => {
      const thresholds = ['CROWDED_PLACE', 'SMALL_VENUE', 'VILLAGE', 'ENTERPRISE', 'MEMBER_UNIT', 'OTHER'].map((premisesKind) => ({ premisesKind, compositeCount: 3 }));
      const publish = (validFrom: string) => t.admins.system.gql(`mutation($i: PublishMajorHazardCatalogueInput!) { publishMajorHazardCatalogue(input: $i) { items { validFrom } } }`, {
        i: { edition: 'GB 35181-2030', validFrom, items: [{ code: '5.1', kind: 'DIRECT', text: '条款 5.1' }], thresholds },
      });
      expect(refusedBy(await publish(addDays(TODAY, -1)), 'T-POL-3', 'input.validFrom')).toBe(`时间规则 T-POL-3：新版本的生效日期不能早于今天（${TODAY}）：不溯及既往`);
      expect(data(await publish(TODAY)).publishMajorHazardCatalogue.items).toEqual([{ validFrom: TODAY }]);
    });
    it('T-COM-3 (COM-3): a campaign ends on or after it starts, starts 366 days back .. 366 days ahead, lasts at most two years', async () => {
      const deploy = (periodStart: string, periodEnd: string) => t.gql(`mutation($i: DeployCampaignInput!) { deployCampaign(input: $i) { periodStart } }`, {
        i: { title: `整治${++seq}`, description: '时间规则', periodStart, periodEnd },
      });
      refusedBy(await deploy(TODAY, addDays(TODAY, -1)), 'T-COM-3', 'input.periodEnd');
      refusedBy(await deploy(addDays(TODAY, -367), TODAY), 'T-COM-3', 'input.periodStart');
      refusedBy(await deploy(addDays(TODAY, 367), addDays(TODAY, 400)), 'T-COM-3', 'input.periodStart');
      refusedBy(await deploy(TODAY, '2029-03-16'), 'T-COM-3', 'input.periodEnd');
      expect(data(await deploy(TODAY, TODAY)).deployCampaign.periodStart).toBe(TODAY);
      data(await deploy(addDays(TODAY, -366), TODAY));
      data(await deploy(addDays(TODAY, 366), addDays(TODAY, 366)));
      data(await deploy(TODAY, '2029-03-15'));
    });
  });
});
