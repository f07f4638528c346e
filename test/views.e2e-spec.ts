import { Role } from '../src/kernel/permissions';
import { toGlobalId } from '../src/graphql/global-id';
import { citizenIdFor } from './support/factories';
import { createPremises, inspectionsFixture, InspectionsFixture, nodes, order, reportHazard, reportRectification } from './support/inspections';
import { createTestApp, data, error, GqlResponse, TestAccount, TestApp } from './support/test-app';

/**
 * The views people need: the `posts` list by region, state and station (who waits at each step, PER-1 .. PER-9),
 * `node(id:)` for a post, a station's own staffing and vacancies (ORG-3), a hazard ordered late (INS-2's order
 * window), and a working calendar load that recomputes the open clocks it changes (INS-2). The clock starts at
 * Wednesday 2027-03-10 10:00 Beijing time; no calendar year is loaded (Monday to Friday) until the last tests.
 */
describe('views: posts, Post nodes, a station\'s staffing, late orders, recomputed clocks', () => {
  let t: TestApp;
  let f: InspectionsFixture;
  let gov: TestAccount;
  let station: TestAccount;
  let otherGov: TestAccount;
  let center: TestAccount;
  let stationId: string;
  let otherStationId: string;
  let township: string;
  let otherTownship: string;
  const posts: Record<string, string> = {};
  let seq = 0;
  const codeOf = (res: GqlResponse) => res.body.errors?.[0]?.extensions.code ?? null;

  const stationIn = async (name: string) => toGlobalId('Organization', ((await t.dataSource.query(
    `SELECT o.id FROM organization o JOIN region r ON r.id = o.region_id WHERE r.name = $1 AND o.kind = 'FIRE_WORK_STATION'`, [name],
  )) as { id: string }[])[0].id);
  const person = async (name: string, who: TestAccount, regionId: string): Promise<string> => {
    const birthDate = '1991-08-20';
    return data(await t.gqlAs(who, `mutation($i: CreatePersonInput!) { createPerson(input: $i) { id } }`, {
      i: {
        name, gender: 'MALE', birthDate, citizenId: citizenIdFor(birthDate, true, ++seq + 200), education: 'SENIOR_HIGH', householdRegionCode: '220622101',
        residenceRegionCode: '220622101', establishmentUnit: '乡镇人民政府', establishmentType: 'PUBLIC_SYSTEM', communication: 'GOOD', regionId,
      },
    })).createPerson.id;
  };
  const postsQuery = (who: TestAccount, args: Record<string, unknown>) =>
    t.gqlAs(who, `query($r: ID, $s: PostState, $o: ID, $first: Int, $after: String) {
      posts(regionId: $r, state: $s, organizationId: $o, first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { id state priorService person { name } organization { name } } } } }`, args);

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.freeze('2027-03-10T10:00:00+08:00');
    f = await inspectionsFixture(t);
    gov = f.township;
    station = f.station;
    center = f.center;
    otherGov = await t.account({ role: Role.TOWNSHIP_GOVERNMENT, region: '龙泉镇' });
    township = f.jingshan;
    otherTownship = toGlobalId('Region', await t.regionId('龙泉镇'));
    stationId = await stationIn('景山镇');
    otherStationId = await stationIn('龙泉镇');

    // 景山镇: a candidate, a selected person, one who passed the exam (waits to go on duty), one on duty (prior service)
    const a = await person('甲人选', gov, township);
    posts.candidate = data(await t.gqlAs(gov, `mutation($i: PersonAtStationInput!) { proposeCandidate(input: $i) { id } }`, { i: { personId: a, stationId } })).proposeCandidate.id;
    const b = await person('乙选调', gov, township);
    posts.selected = data(await t.gqlAs(gov, `mutation($i: SelectPersonInput!) { selectPerson(input: $i) { id } }`, { i: { personId: b, stationId, selectedOn: '2027-03-10' } })).selectPerson.id;
    const c = await person('丙待上岗', gov, township);
    posts.passed = data(await t.gqlAs(gov, `mutation($i: SelectPersonInput!) { selectPerson(input: $i) { id } }`, { i: { personId: c, stationId, selectedOn: '2027-03-10' } })).selectPerson.id;
    data(await t.gqlAs(f.brigade, `mutation($i: PostInput!) { startPreJobTraining(input: $i) { state } }`, { i: { postId: posts.passed } }));
    data(await t.gqlAs(f.brigade, `mutation($i: RecordPreJobExamInput!) { recordPreJobExam(input: $i) { state } }`, { i: { postId: posts.passed, score: 82, examOn: '2027-03-10' } }));
    const d = await person('丁在岗', gov, township);
    posts.onDuty = data(await t.gqlAs(gov, `mutation($i: RecordPriorServiceInput!) { recordPriorService(input: $i) { id } }`, {
      i: { personId: d, stationId, onDutyFrom: '2025-04-01', reason: '平台启用前已在岗' },
    })).recordPriorService.id;
    // 龙泉镇: one candidate
    const e = await person('戊龙泉', otherGov, otherTownship);
    posts.other = data(await t.gqlAs(otherGov, `mutation($i: PersonAtStationInput!) { proposeCandidate(input: $i) { id } }`, { i: { personId: e, stationId: otherStationId } })).proposeCandidate.id;
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  describe('posts: who waits at each step', () => {
    it('PER-7: a township government lists its posts by state: who passed the exam and waits to go on duty', async () => {
      const waiting = data(await postsQuery(gov, { s: 'EXAM_PASSED' })).posts;
      expect(waiting.totalCount).toBe(1);
      expect(nodes(waiting)).toEqual([{ id: posts.passed, state: 'EXAM_PASSED', priorService: false, person: { name: '丙待上岗' }, organization: { name: expect.stringContaining('景山镇') } }]);
      const onDuty = nodes(data(await postsQuery(gov, { s: 'ON_DUTY' })).posts);
      expect(onDuty.map((p) => [p.person.name, p.priorService])).toEqual([['丁在岗', true]]);
      // all of its township, oldest first; never another township's
      const all = data(await postsQuery(gov, {})).posts;
      expect(all.totalCount).toBe(4);
      expect(nodes(all).map((p) => p.id)).toEqual([posts.candidate, posts.selected, posts.passed, posts.onDuty]);
    });

    it('filters by region and by station inside the jurisdiction; outside it answers FORBIDDEN; a station (no PERSONNEL_READ) is refused', async () => {
      expect(data(await postsQuery(center, {})).posts.totalCount).toBe(5);
      expect(data(await postsQuery(center, { r: otherTownship })).posts.totalCount).toBe(1);
      expect(nodes(data(await postsQuery(center, { o: otherStationId })).posts).map((p) => p.id)).toEqual([posts.other]);
      expect(data(await postsQuery(center, { o: stationId, s: 'CANDIDATE' })).posts.totalCount).toBe(1);
      expect(codeOf(await postsQuery(gov, { r: otherTownship }))).toBe('FORBIDDEN');
      expect(codeOf(await postsQuery(gov, { o: otherStationId }))).toBe('FORBIDDEN');
      expect(codeOf(await postsQuery(station, {}))).toBe('FORBIDDEN');
      expect(error(await postsQuery(gov, { after: 'not-a-cursor' })).extensions.fields[0].field).toBe('after');
    });

    it('pages with first: 1, 2 and 100 find every post exactly once, also with equal creation times', async () => {
      // two posts created in the same instant (written by SQL, microseconds kept)
      await t.dataSource.query(`UPDATE post SET created_at = '2027-03-10 10:00:00.123456+08' WHERE id = ANY($1)`, [[posts.selected, posts.passed].map((g) => Buffer.from(g, 'base64').toString().split(':')[1])]);
      for (const first of [1, 2, 100]) {
        const seen: string[] = [];
        let after: string | null = null;
        for (let i = 0; i < 10; i++) {
          const page: any = data(await postsQuery(center, { first, after })).posts;
          seen.push(...nodes(page).map((p: any) => p.id));
          if (!page.pageInfo.hasNextPage) break;
          after = page.pageInfo.endCursor;
        }
        expect(seen.sort()).toEqual(Object.values(posts).sort());
      }
    });
  });

  describe('node(id:) for a post', () => {
    it('resolves a post for whoever may read its person, and null for anyone else', async () => {
      const q = (who: TestAccount) => t.gqlAs(who, `query($id: ID!) { node(id: $id) { id ... on Post { state person { name } } } }`, { id: posts.passed });
      expect(data(await q(gov)).node).toEqual({ id: posts.passed, state: 'EXAM_PASSED', person: { name: '丙待上岗' } });
      expect(data(await q(center)).node).toMatchObject({ id: posts.passed });
      expect(data(await q(otherGov)).node).toBeNull();
      expect(data(await q(station)).node).toBeNull();
      const many = data(await t.gqlAs(gov, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [posts.candidate, posts.other] })).nodes;
      expect(many).toEqual([{ id: posts.candidate }, null]);
    });
  });

  describe('a station\'s own staffing', () => {
    it('ORG-3: a station reads its own staffing and vacancies, and nothing else', async () => {
      const mine = data(await t.gqlAs(station, `{ staffing { totalCount edges { node { organizationId staffQuota onDuty vacancies pipeline { state count } } } } }`)).staffing;
      expect(mine.totalCount).toBe(1);
      expect(nodes(mine)[0]).toEqual({
        organizationId: stationId, staffQuota: 2, onDuty: 1, vacancies: 1,
        pipeline: [{ state: 'CANDIDATE', count: 1 }, { state: 'SELECTED', count: 1 }, { state: 'IN_TRAINING', count: 0 }, { state: 'EXAM_PASSED', count: 1 }, { state: 'EXAM_FAILED', count: 0 }],
      });
      expect(data(await t.gqlAs(station, `query($r: ID) { staffing(regionId: $r) { totalCount } }`, { r: township })).staffing.totalCount).toBe(1);
      expect(codeOf(await t.gqlAs(station, `query($r: ID) { staffing(regionId: $r) { totalCount } }`, { r: f.county }))).toBe('FORBIDDEN');
      expect(codeOf(await t.gqlAs(station, `query($r: ID) { staffing(regionId: $r) { totalCount } }`, { r: otherTownship }))).toBe('FORBIDDEN');
    });

    it('whose deviations are in force stays personnel data: the station is refused deviationsInForce, the township government reads it', async () => {
      const q = `{ staffing { edges { node { onDuty deviationsInForce { totalCount } } } } }`;
      expect(codeOf(await t.gqlAs(station, q))).toBe('FORBIDDEN');
      expect(nodes(data(await t.gqlAs(gov, q)).staffing)[0].deviationsInForce.totalCount).toBe(0);
    });
  });

  describe('hazards: an order given late says so; a calendar load recomputes the open clocks', () => {
    const LATE = `id orderDueBy orderedOn orderOverdue orderedLate orderLateWorkingDays status version`;
    let premisesId: string;
    const hazards: Record<string, any> = {};
    const at = async (instant: string) => {
      t.clock.freeze(instant);
      await f.refresh();
    };
    const hazard = async (id: string) => data(await t.gqlAs(f.station, `query($id: ID!) { node(id: $id) { ... on Hazard {
      ${LATE} recheckDueBy history(first: 100) { edges { node { action fromStatus toStatus details } } } } } }`, { id })).node;

    beforeAll(async () => {
      premisesId = await createPremises(f);
    });

    it('INS-2: an order after its 3-working-day window is orderedLate, with how many working days late; in time it is not', async () => {
      // found Wednesday 03-10: the order is due Monday 03-15
      hazards.late = await reportHazard(f, premisesId, { foundOn: '2027-03-10' });
      expect(hazards.late.orderDueBy).toBe('2027-03-15');
      await at('2027-03-16T09:00:00+08:00');
      hazards.friday = await reportHazard(f, premisesId); // found Tuesday 03-16: due Friday 03-19
      expect(hazards.friday.orderDueBy).toBe('2027-03-19');
      await at('2027-03-17T09:00:00+08:00');
      const before = await hazard(hazards.late.id);
      expect(before).toMatchObject({ orderOverdue: true, orderedLate: false, orderLateWorkingDays: null });
      // ordered Wednesday 03-17: Tuesday and Wednesday late
      const late = data(await order(f, hazards.late.id)).orderRectification;
      expect(await hazard(late.id)).toMatchObject({ orderedOn: '2027-03-17', orderOverdue: false, orderedLate: true, orderLateWorkingDays: 2 });
      // found and ordered the same day: in time
      hazards.inTime = await reportHazard(f, premisesId);
      data(await order(f, hazards.inTime.id));
      expect(await hazard(hazards.inTime.id)).toMatchObject({ orderedOn: '2027-03-17', orderedLate: false, orderLateWorkingDays: null });
      // due Friday 03-19, ordered Friday: in time (the due day itself is inside the window)
      await at('2027-03-19T17:00:00+08:00');
      hazards.dueDay = await reportHazard(f, premisesId, { foundOn: '2027-03-16' });
      data(await order(f, hazards.dueDay.id));
      expect(await hazard(hazards.dueDay.id)).toMatchObject({ orderDueBy: '2027-03-19', orderedLate: false, orderLateWorkingDays: null });
      // due Friday 03-19, ordered Saturday 03-20: late, by no working day
      await at('2027-03-20T09:00:00+08:00');
      data(await order(f, hazards.friday.id));
      expect(await hazard(hazards.friday.id)).toMatchObject({ orderedOn: '2027-03-20', orderedLate: true, orderLateWorkingDays: 0 });
    });

    it('INS-2: loading a calendar recomputes the order and re-check dates of open hazards it changes, records CLOCK_RECOMPUTED, and says how many', async () => {
      // open clocks: found Friday 03-19 (order due Wednesday 03-24), found 2026-12-30 (due 2027-01-04), a rectification
      // reported Saturday 03-20 (re-check due Wednesday 03-24)
      hazards.reported = await reportHazard(f, premisesId, { foundOn: '2027-03-19' });
      expect(hazards.reported.orderDueBy).toBe('2027-03-24');
      hazards.newYear = await reportHazard(f, premisesId, { foundOn: '2026-12-30' });
      expect(hazards.newYear.orderDueBy).toBe('2027-01-04');
      const pending = data(await reportRectification(f, hazards.inTime.id)).reportRectification;
      expect(pending).toMatchObject({ status: 'PENDING_RECHECK', recheckDueBy: '2027-03-24' });
      const versionBefore = (await hazard(hazards.reported.id)).version;

      const load = (days: { day: string; kind: string }[]) => t.admins.system.gql(`mutation($i: LoadWorkingCalendarInput!) { loadWorkingCalendar(input: $i) { year version recomputedClocks } }`, {
        i: { year: 2027, source: '（测试数据）', days },
      });
      // New Year's Day and Tuesday 03-23 off
      const loaded = data(await load([{ day: '2027-01-01', kind: 'HOLIDAY' }, { day: '2027-03-23', kind: 'HOLIDAY' }])).loadWorkingCalendar;
      expect(loaded).toEqual({ year: 2027, version: 1, recomputedClocks: 3 });

      const reported = await hazard(hazards.reported.id);
      expect(reported).toMatchObject({ orderDueBy: '2027-03-25', status: 'REPORTED', version: versionBefore + 1 });
      const step = nodes(reported.history).at(-1);
      expect(step).toMatchObject({ action: 'CLOCK_RECOMPUTED', fromStatus: 'REPORTED', toStatus: 'REPORTED' });
      expect(JSON.parse(step.details)).toEqual({ clock: 'orderDueBy', before: '2027-03-24', after: '2027-03-25', calendarYear: 2027, calendarVersion: 1, calendarLoaded: false });
      expect((await hazard(hazards.newYear.id)).orderDueBy).toBe('2027-01-05');
      const recheck = await hazard(hazards.inTime.id);
      expect(recheck.recheckDueBy).toBe('2027-03-25');
      expect(JSON.parse(nodes(recheck.history).at(-1).details)).toMatchObject({ clock: 'recheckDueBy', before: '2027-03-24', after: '2027-03-25' });
      // steps already taken keep the dates they were judged by: the late order stays 2 working days late
      expect(await hazard(hazards.late.id)).toMatchObject({ orderDueBy: '2027-03-15', orderedLate: true, orderLateWorkingDays: 2 });

      // the same calendar again changes nothing
      expect(data(await load([{ day: '2027-01-01', kind: 'HOLIDAY' }, { day: '2027-03-23', kind: 'HOLIDAY' }])).loadWorkingCalendar).toEqual({ year: 2027, version: 2, recomputedClocks: 0 });
      // the query of a calendar does not answer a count
      expect(data(await t.gql(`{ workingCalendar(year: 2027) { version recomputedClocks } }`)).workingCalendar).toEqual({ version: 2, recomputedClocks: null });
      // back to weekends only: the clocks move back
      expect(data(await load([])).loadWorkingCalendar.recomputedClocks).toBe(3);
      expect((await hazard(hazards.reported.id)).orderDueBy).toBe('2027-03-24');
    });
  });
});
