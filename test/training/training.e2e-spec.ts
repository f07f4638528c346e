import { Role } from '../../src/kernel/permissions';
import { toGlobalId } from '../../src/graphql/global-id';
import { citizenIdFor } from '../support/factories';
import { interceptQueries } from '../support/queries';
import { createTestApp, data, error, TestAccount, TestApp } from '../support/test-app';

/** The nodes of a connection's page. */
const nodes = (conn: { edges: { node: any }[] }): any[] => conn.edges.map((e) => e.node);

/** TRN-1 activities and drills, TRN-2 courses and the one exam model (PER-7, EVA-2). */
describe('training: activities, drills, courses, exams', () => {
  let t: TestApp;
  let station: TestAccount;
  let center: TestAccount;
  let brigade: TestAccount;
  let gov: TestAccount;
  let jingshan: string;
  let longquan: string;
  let county: string;
  let stationId: string;
  let seq = 0;

  beforeAll(async () => {
    t = await createTestApp();
    station = await t.account({ role: Role.STATION, region: '景山镇' });
    gov = await t.account({ role: Role.TOWNSHIP_GOVERNMENT, region: '景山镇' });
    center = await t.account({ role: Role.CENTER });
    brigade = await t.account({ role: Role.BRIGADE });
    jingshan = toGlobalId('Region', await t.regionId('景山镇'));
    longquan = toGlobalId('Region', await t.regionId('龙泉镇'));
    county = toGlobalId('Region', await t.regionId('靖宇县'));
    const rows = (await t.dataSource.query(`SELECT o.id FROM organization o JOIN region r ON r.id = o.region_id WHERE r.name = '景山镇' AND o.kind = 'FIRE_WORK_STATION'`)) as { id: string }[];
    stationId = toGlobalId('Organization', rows[0].id);
  });
  afterAll(async () => {
    await t?.close();
  });

  const activity = (who: TestAccount, over: Record<string, unknown>) =>
    t.gqlAs(who, `mutation($i: RecordActivityInput!) { recordActivity(input: $i) { id kind scenario durationMinutes assessment participantCount } }`, {
      i: { kind: 'PUBLICITY', title: '消防宣传', heldOn: '2026-10-10', regionId: jingshan, organizer: '景山镇消防工作站', audiences: ['VILLAGERS'], participantCount: 20, content: '讲解用火用电', ...over },
    });
  const person = async () => {
    const birthDate = '1990-06-15';
    return data(await t.gqlAs(gov, `mutation($i: CreatePersonInput!) { createPerson(input: $i) { id } }`, {
      i: {
        name: `学员${++seq}`, gender: 'MALE', birthDate, citizenId: citizenIdFor(birthDate, true, seq), education: 'SENIOR_HIGH', householdRegionCode: '220622101',
        residenceRegionCode: '220622101', establishmentUnit: '景山镇人民政府', establishmentType: 'PUBLIC_SYSTEM', communication: 'GOOD', regionId: jingshan,
      },
    })).createPerson.id as string;
  };
  /** A person selected and in pre-job training (PER-7) since a day (default today), with the post's id. */
  const trainee = async (since = t.clock.today()) => {
    const personId = await person();
    const post = data(await t.gqlAs(gov, `mutation($i: SelectPersonInput!) { selectPerson(input: $i) { id } }`, { i: { personId, stationId, selectedOn: since } })).selectPerson.id;
    data(await t.gqlAs(brigade, `mutation($i: PostInput!) { startPreJobTraining(input: $i) { state } }`, { i: { postId: post, trainingStartedOn: since } }));
    return { personId, postId: post as string };
  };
  const createExam = (who: TestAccount, over: Record<string, unknown>) =>
    t.gqlAs(who, `mutation($i: CreateExamInput!) { createExam(input: $i) { id kind passMark policyVersion quarter { label } } }`, {
      i: { kind: 'QUARTERLY_THEORY', title: '第四季度业务理论考试', heldOn: t.clock.today(), regionId: county, ...over },
    });
  const results = (who: TestAccount, examId: string, entries: Record<string, unknown>[]) =>
    t.gqlAs(who, `mutation($i: RecordExamResultsInput!) { recordExamResults(input: $i) { id results { edges { node { score passed satOn person { name } } } } } }`, { i: { examId, results: entries } });

  describe('TRN-1 activities and drills', () => {
    it('TRN-1: a drill must carry scenario, duration and written assessment; other activities must not', async () => {
      const drill = error(await activity(station, { kind: 'DRILL' }));
      expect(drill.extensions.fields.map((f: { field: string }) => f.field).sort()).toEqual(['input.assessment', 'input.durationMinutes', 'input.scenario']);
      const publicity = error(await activity(station, { scenario: '商铺起火' }));
      expect(publicity.extensions.fields).toEqual([{ field: 'input.scenario', reason: '只有演练填写此项' }]);
      const ok = data(await activity(station, { kind: 'DRILL', scenario: '沿街商铺电动车充电起火', durationMinutes: 45, assessment: '报警延迟 3 分钟；灭火器压力不足' })).recordActivity;
      expect(ok).toMatchObject({ kind: 'DRILL', durationMinutes: 45, assessment: '报警延迟 3 分钟；灭火器压力不足' });
      expect(error(await activity(station, { heldOn: '2099-01-01' })).extensions.fields[0].field).toBe('input.heldOn');
      expect(error(await activity(station, { audiences: [] })).extensions.code).toBe('BAD_USER_INPUT');
      expect(error(await activity(station, { regionId: longquan })).extensions.code).toBe('FORBIDDEN');
    });

    it('TRN-1: activities filter by kind and period; counts come per township and period, zero rows included', async () => {
      data(await activity(station, { title: '九月宣传', heldOn: '2026-09-05', participantCount: 10 }));
      data(await activity(station, { kind: 'TRAINING', title: '十一月培训', heldOn: '2026-11-02', participantCount: 35, audiences: ['ENTERPRISES', 'PLACE_STAFF'] }));
      const village = data(await t.admins.system.gql(`mutation($i: CreateRegionInput!) { createRegion(input: $i) { id } }`, { i: { parentId: jingshan, name: '景山村', kind: 'VILLAGE' } })).createRegion.id;
      data(await activity(station, { kind: 'EDUCATION', title: '进村教育', heldOn: '2026-11-20', participantCount: 50, regionId: village }));
      const counts = data(await t.gqlAs(center, `{ activityCounts(period: { kind: QUARTER, year: 2026, number: 4 }) { period { label } rows { totalCount edges { node { regionName activities participants byKind { kind count } } } } } }`)).activityCounts;
      const q4 = { ...counts, rows: nodes(counts.rows) };
      expect(q4.period.label).toBe('2026年第4季度');
      expect(q4.rows).toHaveLength(8);
      expect(counts.rows.totalCount).toBe(8);
      const js = q4.rows.find((r: { regionName: string }) => r.regionName === '景山镇');
      // the 10-10 drill (20), the 11-02 training (35), the 11-20 education in a village of 景山镇 (50); not 09-05's publicity
      expect(js).toMatchObject({ activities: 3, participants: 105 });
      expect(Object.fromEntries(js.byKind.map((k: { kind: string; count: number }) => [k.kind, k.count]))).toEqual({ PUBLICITY: 0, EDUCATION: 1, TRAINING: 1, DRILL: 1 });
      expect(q4.rows.find((r: { regionName: string }) => r.regionName === '龙泉镇')).toMatchObject({ activities: 0, participants: 0 });
      const september = nodes(data(await t.gqlAs(station, `{ activityCounts(period: { kind: MONTH, year: 2026, number: 9 }) { rows { edges { node { regionName activities } } } } }`)).activityCounts.rows);
      expect(september).toEqual([{ regionName: '景山镇', activities: 1 }]);
      const drills = data(await t.gqlAs(gov, `{ activities(kind: DRILL) { totalCount edges { node { kind region { name } } } } }`)).activities;
      expect(drills.totalCount).toBe(1);
      const november = data(await t.gqlAs(gov, `{ activities(from: "2026-11-01", to: "2026-11-30") { edges { node { title } } } }`)).activities.edges.map((e: any) => e.node.title);
      expect(november).toEqual(['进村教育', '十一月培训']);
      expect(error(await t.gqlAs(station, `query($r: ID) { activityCounts(regionId: $r, period: { kind: MONTH, year: 2026, number: 13 }) { period { label } } }`, { r: jingshan })).extensions.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('TRN-2 courses and exams', () => {
    it('TRN-2: courses have sessions and attendance; attendance entered again is corrected, not doubled', async () => {
      const course = data(await t.gqlAs(center, `mutation($i: CreateCourseInput!) { createCourse(input: $i) { id kind } }`, {
        i: { kind: 'QUARTERLY_THEORY', title: '第四季度业务理论培训', regionId: jingshan, organizer: '指导中心', startsOn: '2026-11-01', endsOn: '2026-11-30' },
      })).createCourse;
      expect(error(await t.gqlAs(center, `mutation($i: AddCourseSessionInput!) { addCourseSession(input: $i) { id } }`, { i: { courseId: course.id, heldOn: '2026-12-05', topic: '消防法', hours: 2 } })).extensions.fields[0].field).toBe('input.heldOn');
      const session = data(await t.gqlAs(center, `mutation($i: AddCourseSessionInput!) { addCourseSession(input: $i) { id hours } }`, { i: { courseId: course.id, heldOn: '2026-11-10', topic: '消防法', hours: 2.5, teacher: '刘教官' } })).addCourseSession;
      expect(session.hours).toBe(2.5);
      expect(error(await t.gqlAs(center, `mutation($i: AddCourseSessionInput!) { addCourseSession(input: $i) { id } }`, { i: { courseId: course.id, heldOn: '2026-11-10', topic: '消防法', hours: 2.25 } })).extensions.fields[0].field).toBe('input.hours');
      const a = await person();
      const b = await person();
      data(await t.gqlAs(center, `mutation($i: RecordAttendanceInput!) { recordAttendance(input: $i) { id } }`, { i: { sessionId: session.id, entries: [{ personId: a, status: 'PRESENT' }, { personId: b, status: 'ABSENT' }] } }));
      data(await t.gqlAs(center, `mutation($i: RecordAttendanceInput!) { recordAttendance(input: $i) { id } }`, { i: { sessionId: session.id, entries: [{ personId: b, status: 'EXCUSED', note: '病假' }] } }));
      const read = data(await t.gqlAs(center, `query($id: ID!) { node(id: $id) { ... on Course { sessions { edges { node { topic attendance { totalCount edges { node { status note person { name } } } } } } } } } }`, { id: course.id })).node;
      const sessionRead = nodes(read.sessions)[0];
      expect(sessionRead.attendance.totalCount).toBe(2);
      expect(nodes(sessionRead.attendance).map((x: any) => x.status).sort()).toEqual(['EXCUSED', 'PRESENT']);
      // station staff read their township's courses, not persons' attendance (PERSONNEL_READ)
      expect(nodes(data(await t.gqlAs(station, `query($id: ID!) { node(id: $id) { ... on Course { sessions { edges { node { topic } } } } } }`, { id: course.id })).node.sessions)).toEqual([{ topic: '消防法' }]);
      expect(error(await t.gqlAs(station, `query($id: ID!) { node(id: $id) { ... on Course { sessions { edges { node { attendance { edges { node { status } } } } } } } } }`, { id: course.id })).extensions.code).toBe('FORBIDDEN');
    });

    it('TRN-2, PER-7: an exam takes the pass mark of the policy on its day; at the mark passes, below fails; a later policy never changes it', async () => {
      const exam = data(await createExam(center, {})).createExam;
      expect(exam).toMatchObject({ kind: 'QUARTERLY_THEORY', passMark: 60, policyVersion: 1, quarter: { label: '2026年第4季度' } });
      const [a, b] = [await person(), await person()];
      const rec = data(await results(center, exam.id, [{ personId: a, score: 60 }, { personId: b, score: 59 }])).recordExamResults;
      expect(nodes(rec.results).map((r: any) => [r.score, r.passed])).toEqual([[60, true], [59, false]]);
      // a stricter policy from tomorrow on: exams from then take 70; today's keeps 60
      const tomorrow = new Date(Date.parse(`${t.clock.today()}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      data(await t.gql(`mutation($i: PublishPersonnelPolicyInput!) { publishPersonnelPolicy(input: $i) { version } }`, { i: { effectiveFrom: tomorrow, minAge: 18, maxAge: 45, minEducation: 'SENIOR_HIGH', examPassMark: 70 } }));
      expect(data(await createExam(center, { heldOn: tomorrow, title: '补考' })).createExam).toMatchObject({ passMark: 70, policyVersion: 2 });
      expect(data(await t.gqlAs(center, `query($id: ID!) { node(id: $id) { ... on Exam { passMark results { edges { node { passed } } } } } }`, { id: exam.id })).node).toEqual({ passMark: 60, results: { edges: [{ node: { passed: true } }, { node: { passed: false } }] } });
    });

    it('TRN-2: results are saved all or none; a person has one result per exam; sat-on dates are checked', async () => {
      const exam = data(await createExam(center, { title: '测验' })).createExam;
      const [a, b] = [await person(), await person()];
      data(await results(center, exam.id, [{ personId: a, score: 88 }]));
      const again = error(await results(center, exam.id, [{ personId: b, score: 90 }, { personId: a, score: 70 }]));
      expect(again.extensions.code).toBe('CONFLICT');
      const read = data(await t.gqlAs(center, `query($id: ID!) { node(id: $id) { ... on Exam { results { edges { node { score } } } } } }`, { id: exam.id })).node;
      expect(nodes(read.results)).toEqual([{ score: 88 }]);
      expect(error(await results(center, exam.id, [{ personId: b, score: 101 }])).extensions.code).toBe('BAD_USER_INPUT');
      expect(error(await results(center, exam.id, [{ personId: b, score: 80, satOn: '2020-01-01' }])).extensions.fields[0].field).toBe('input.results[0].satOn');
      expect(error(await results(center, exam.id, [{ personId: b, score: 80 }, { personId: b, score: 81 }])).extensions.fields[0].field).toBe('input.results[1].personId');
    });

    it('PER-7: the pre-job exam is the brigade\'s: the center may not hold one, and its results move the posts', async () => {
      expect(error(await createExam(center, { kind: 'PRE_JOB', title: '岗前考试' })).extensions.code).toBe('FORBIDDEN');
      const exam = data(await createExam(brigade, { kind: 'PRE_JOB', title: '岗前考试（第一期）' })).createExam;
      const [x, y] = [await trainee(), await trainee()];
      data(await results(brigade, exam.id, [{ personId: x.personId, score: 75 }, { personId: y.personId, score: 40 }]));
      const postOf = async (p: { personId: string }) => data(await t.gqlAs(gov, `query($id: ID!) { node(id: $id) { ... on Person { posts { edges { node { state examScore } } } } } }`, { id: p.personId })).node.posts.edges[0].node;
      const posts = await Promise.all([x, y].map(postOf));
      expect(posts).toEqual([{ state: 'EXAM_PASSED', examScore: 75 }, { state: 'EXAM_FAILED', examScore: 40 }]);
      // someone not in training: the whole batch is refused and nothing is kept
      const [z, w] = [await trainee(), await person()];
      expect(error(await results(brigade, exam.id, [{ personId: z.personId, score: 80 }, { personId: w, score: 80 }])).extensions.code).toBe('CONFLICT');
      expect((await postOf(z)).state).toBe('IN_TRAINING');
    });

    it('PER-7: recordPreJobExam (kept from the personnel issue) records a result in that day\'s pre-job exam, which persons\' examResults show', async () => {
      // an exam day 16 days back, the two selected and trained that day (T-PER-2 .. T-PER-4)
      const day = new Date(Date.parse(`${t.clock.today()}T00:00:00Z`) - 16 * 86_400_000).toISOString().slice(0, 10);
      const [x, y] = [await trainee(day), await trainee(day)];
      const passed = data(await t.gqlAs(brigade, `mutation($i: RecordPreJobExamInput!) { recordPreJobExam(input: $i) { state examScore examOn } }`, { i: { postId: x.postId, score: 61, examOn: day } })).recordPreJobExam;
      expect(passed).toEqual({ state: 'EXAM_PASSED', examScore: 61, examOn: day });
      data(await t.gqlAs(brigade, `mutation($i: RecordPreJobExamInput!) { recordPreJobExam(input: $i) { state } }`, { i: { postId: y.postId, score: 30, examOn: day } }));
      const exams = data(await t.gqlAs(brigade, `{ exams(kind: PRE_JOB, from: "${day}", to: "${day}") { edges { node { title passMark results { edges { node { score passed person { name } } } } } } } }`)).exams.edges;
      expect(exams).toHaveLength(1);
      expect(nodes(exams[0].node.results).map((r: any) => [r.score, r.passed])).toEqual([[61, true], [30, false]]);
      const mine = nodes(data(await t.gqlAs(gov, `query($id: ID!) { node(id: $id) { ... on Person { examResults { edges { node { score passed satOn exam { kind title } } } } } } }`, { id: x.personId })).node.examResults);
      expect(mine).toEqual([{ score: 61, passed: true, satOn: day, exam: { kind: 'PRE_JOB', title: `岗前培训考试（${day}）` } }]);
      // y re-trained and examined again the same day: a new sitting (补考), the first result stays
      data(await t.gqlAs(brigade, `mutation($i: PostInput!) { startPreJobTraining(input: $i) { state } }`, { i: { postId: y.postId, trainingStartedOn: day } }));
      expect(data(await t.gqlAs(brigade, `mutation($i: RecordPreJobExamInput!) { recordPreJobExam(input: $i) { state } }`, { i: { postId: y.postId, score: 72, examOn: day } })).recordPreJobExam.state).toBe('EXAM_PASSED');
      const ys = nodes(data(await t.gqlAs(gov, `query($id: ID!) { node(id: $id) { ... on Person { examResults { edges { node { score passed exam { title } } } } } } }`, { id: y.personId })).node.examResults);
      expect(ys.map((r: any) => [r.exam.title, r.score, r.passed]).sort()).toEqual([[`岗前培训考试（${day}）`, 30, false], [`岗前培训考试（${day}，补考）`, 72, true]]);
      // an exam named must be a pre-job exam of the person's county
      const z = await trainee();
      const quarterly = data(await createExam(center, { title: '季度考试' })).createExam.id;
      expect(error(await t.gqlAs(brigade, `mutation($i: RecordPreJobExamInput!) { recordPreJobExam(input: $i) { state } }`, { i: { postId: z.postId, score: 80, examOn: t.clock.today(), examId: quarterly } })).extensions.fields[0]).toEqual({ field: 'input.examId', reason: '须为岗前考试' });
      const township = data(await createExam(brigade, { kind: 'PRE_JOB', title: '乡镇岗前考试', regionId: jingshan })).createExam.id;
      expect(error(await t.gqlAs(brigade, `mutation($i: RecordPreJobExamInput!) { recordPreJobExam(input: $i) { state } }`, { i: { postId: z.postId, score: 80, examOn: t.clock.today(), examId: township } })).extensions.fields[0]).toEqual({ field: 'input.examId', reason: '须为本人所在县的岗前考试' });
      // the same post again: CONFLICT, nothing changes
      expect(error(await t.gqlAs(brigade, `mutation($i: RecordPreJobExamInput!) { recordPreJobExam(input: $i) { state } }`, { i: { postId: x.postId, score: 90, examOn: day } })).extensions.code).toBe('CONFLICT');
    });
  });

  describe('the contract a typed client reads (Date scalar, connections)', () => {
    it('TRN-2: exam results page by first/after, highest score first, with the total', async () => {
      const exam = data(await createExam(center, { title: '分页测验' })).createExam;
      const people = [await person(), await person(), await person()];
      data(await results(center, exam.id, people.map((personId, i) => ({ personId, score: 70 + i * 10 }))));
      const page = (after?: string) => t.gqlAs(center, `query($id: ID!, $after: String) { node(id: $id) { ... on Exam { results(first: 2, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { score } } } } } }`, { id: exam.id, after });
      const first = data(await page()).node.results;
      expect(first).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
      expect(nodes(first).map((r) => r.score)).toEqual([90, 80]);
      const second = data(await page(first.pageInfo.endCursor)).node.results;
      expect(nodes(second).map((r) => r.score)).toEqual([70]);
      expect(second.pageInfo.hasNextPage).toBe(false);
      const forged = error(await page('bm90IGEgY3Vyc29y'));
      expect(forged.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'after', reason: '游标无效' }] });
    });

    it('TRN-2: exam results of many exams come from the same statements as of one (batched, not a query per exam)', async () => {
      for (let i = 0; i < 3; i++) {
        const exam = data(await createExam(center, { title: `批量考试${i}`, heldOn: '2026-10-0' + (i + 1) })).createExam;
        data(await results(center, exam.id, [{ personId: await person(), score: 66 }]));
      }
      const run = async (n: number) => {
        const statements: string[] = [];
        const spy = await interceptQueries(t.dataSource, async (sql, next) => {
          statements.push(sql.replace(/\s+/g, ' ').slice(0, 120));
          return next();
        });
        try {
          const res = data(await t.gqlAs(center, `query($n: Int) { exams(first: $n, from: "2026-10-01", to: "2026-10-03") { edges { node { title results(first: 5) { totalCount edges { node { score person { name } } } } } } } }`, { n }));
          expect(res.exams.edges).toHaveLength(n);
          expect(res.exams.edges.every((e: any) => e.node.results.totalCount === 1 && e.node.results.edges.length === 1)).toBe(true);
        } finally {
          spy.restore();
        }
        return statements.sort();
      };
      expect(await run(3)).toEqual(await run(1));
    });

    it('TRN-2: calendar dates are the Date scalar; an impossible date is refused with BAD_USER_INPUT naming the field', async () => {
      const refused = error(await t.gqlAs(center, `mutation($input: CreateExamInput!) { createExam(input: $input) { id } }`, {
        input: { kind: 'QUARTERLY_THEORY', title: '不存在的日子', heldOn: '2026-02-30', regionId: county },
      }));
      expect(refused.extensions.code).toBe('BAD_USER_INPUT');
      expect(refused.extensions.fields[0].field).toBe('input.heldOn');
      const window = error(await t.gqlAs(center, `query($from: Date) { exams(from: $from) { totalCount } }`, { from: '2026-02-30' }));
      expect(window.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'from' }] });
      // a String variable no longer fits the argument: the schema says Date
      expect(error(await t.gqlAs(center, `query($from: String) { exams(from: $from) { totalCount } }`, { from: '2026-01-01' })).extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      const type = data(await t.gqlAs(center, `{ __type(name: "Exam") { fields { name type { kind name ofType { name } } } } }`)).__type.fields;
      expect(type.find((f: any) => f.name === 'heldOn').type.ofType.name).toBe('Date');
    });

    it('TRN-2: a course\'s sessions page in date order', async () => {
      const course = data(await t.gqlAs(center, `mutation($i: CreateCourseInput!) { createCourse(input: $i) { id } }`, {
        i: { kind: 'OTHER', title: '分页课程', regionId: jingshan, organizer: '指导中心', startsOn: '2026-09-01', endsOn: '2026-09-30' },
      })).createCourse;
      for (const heldOn of ['2026-09-20', '2026-09-02', '2026-09-11']) {
        data(await t.gqlAs(center, `mutation($i: AddCourseSessionInput!) { addCourseSession(input: $i) { id } }`, { i: { courseId: course.id, heldOn, topic: heldOn, hours: 1 } }));
      }
      const read = (after?: string) => t.gqlAs(center, `query($id: ID!, $after: String) { node(id: $id) { ... on Course { sessions(first: 2, after: $after) { totalCount pageInfo { endCursor } edges { node { heldOn } } } } } }`, { id: course.id, after });
      const one = data(await read()).node.sessions;
      expect(one.totalCount).toBe(3);
      expect(nodes(one).map((x) => x.heldOn)).toEqual(['2026-09-02', '2026-09-11']);
      expect(nodes(data(await read(one.pageInfo.endCursor)).node.sessions).map((x) => x.heldOn)).toEqual(['2026-09-20']);
    });

    it('TRN-1: activityCounts rows page by first/after (townships in their order)', async () => {
      const read = (after?: string) => t.gqlAs(center, `query($after: String) { activityCounts(period: { kind: YEAR, year: 2026, number: 1 }) { rows(first: 5, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { regionName } } } } }`, { after });
      const one = data(await read()).activityCounts.rows;
      expect(one).toMatchObject({ totalCount: 8, pageInfo: { hasNextPage: true } });
      const two = data(await read(one.pageInfo.endCursor)).activityCounts.rows;
      expect(two.pageInfo.hasNextPage).toBe(false);
      const names = [...nodes(one), ...nodes(two)].map((r) => r.regionName);
      expect(names).toHaveLength(8);
      expect(new Set(names).size).toBe(8);
    });
  });
});
