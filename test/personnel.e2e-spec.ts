import { Role } from '../src/kernel/permissions';
import { parseGlobalId, toGlobalId } from '../src/graphql/global-id';
import { citizenIdFor, yearsBefore } from './support/factories';
import { interceptQueries } from './support/queries';
import { createTestApp, data, error, GqlResponse, TestAccount, TestApp } from './support/test-app';

const code = (res: GqlResponse) => res.body.errors?.[0]?.extensions?.code ?? null;
const PERSON = `id name citizenIdMasked phoneMasked age ageBand gender`;
const POST = `id state allowedNextStates selectedOn examScore onDutyFrom eligibilityPolicyVersion version`;
/** Calendar arithmetic on YYYY-MM-DD (UTC midnight: no time zone enters). */
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('personnel: eligibility, selection, pre-job exam, quota (PER-1 .. PER-9)', () => {
  let t: TestApp;
  let gov: TestAccount;
  let center: TestAccount;
  let brigade: TestAccount;
  let jingshan: string;
  let jingshanStation: string;
  let seq = 0;
  let TODAY: string;

  beforeAll(async () => {
    t = await createTestApp();
    TODAY = t.clock.today();
    gov = await t.account({ role: Role.TOWNSHIP_GOVERNMENT, region: '景山镇' });
    center = await t.account({ role: Role.CENTER });
    brigade = await t.account({ role: Role.BRIGADE });
    jingshan = toGlobalId('Region', await t.regionId('景山镇'));
    const rows = (await t.dataSource.query(`SELECT o.id FROM organization o JOIN region r ON r.id = o.region_id WHERE r.name = '景山镇' AND o.kind = 'FIRE_WORK_STATION'`)) as { id: string }[];
    jingshanStation = toGlobalId('Organization', rows[0].id);
  });
  afterAll(async () => {
    await t?.close();
  });

  const createPerson = async (over: Record<string, unknown> = {}, who: TestAccount = gov) => {
    const birthDate = (over.birthDate as string) ?? '1990-06-15';
    const male = (over.gender ?? 'MALE') === 'MALE';
    const input = {
      name: `人员${++seq}`, gender: 'MALE', birthDate, citizenId: citizenIdFor(birthDate, male, seq), phone: '13900001111', education: 'SENIOR_HIGH',
      householdRegionCode: '220622101', residenceRegionCode: '220622101', establishmentUnit: '景山镇人民政府', establishmentType: 'PUBLIC_SYSTEM',
      communication: 'GOOD', regionId: jingshan, ...over,
    };
    return t.gql(`mutation($i: CreatePersonInput!) { createPerson(input: $i) { ${PERSON} } }`, { i: input }, who.headers);
  };
  const person = async (over: Record<string, unknown> = {}) => data(await createPerson(over)).createPerson;
  // the township government by default; the committee office (which may unmask) for another day or the exact age
  const eligibility = async (personId: string, asOf?: string, stationId = jingshanStation, who: TestAccount = gov) =>
    data(await t.gql(`query($p: ID!, $s: ID!, $d: Date) { eligibility(personId: $p, stationId: $s, asOf: $d) { asOf policyVersion eligibleForSelection eligibleForDuty verdicts { rule verdict explanation stage deviation { justification approvedBy } } } }`,
      { p: personId, s: stationId, d: asOf ?? TODAY }, who.headers)).eligibility;
  const select = (personId: string, selectedOn?: string, stationId = jingshanStation) =>
    t.gql(`mutation($i: SelectPersonInput!) { selectPerson(input: $i) { ${POST} } }`, { i: { personId, stationId, selectedOn: selectedOn ?? TODAY } }, gov.headers);
  const op = (name: string, input: Record<string, unknown>, who: TestAccount) =>
    t.gql(`mutation($i: ${name[0].toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $i) { ${POST} } }`, { i: input }, who.headers);
  const train = (postId: string) => t.gql(`mutation($i: PostInput!) { startPreJobTraining(input: $i) { ${POST} } }`, { i: { postId } }, brigade.headers);
  const exam = (postId: string, score: number) => op('recordPreJobExam', { postId, score, examOn: TODAY }, brigade);
  const onDuty = (postId: string) => op('putOnDuty', { postId, onDutyFrom: TODAY }, gov);
  /** A person selected, trained and passed: ready to go on duty. */
  const passed = async () => {
    const p = await person();
    const post = data(await select(p.id)).selectPerson;
    data(await train(post.id));
    return data(await exam(post.id, 80)).recordPreJobExam;
  };

  describe('people and citizen IDs (GB 11643-1999)', () => {
    it("the standard's own example 11010519491231002X is valid: born 1949-12-31, sequence digit 2 (even: female, §4.2.3)", async () => {
      const ok = data(await createPerson({ citizenId: '11010519491231002X', birthDate: '1949-12-31', gender: 'FEMALE', householdRegionCode: '110105001', residenceRegionCode: '110105001' })).createPerson;
      expect(ok).toMatchObject({ gender: 'FEMALE', citizenIdMasked: '110105********002X', phoneMasked: '139****1111' });
      // beside the masked id a township government sees a 5-year band, not the age (test/personnel/id-oracle.e2e-spec.ts)
      expect(ok).toMatchObject({ age: null, ageBand: expect.stringMatching(/^(75–79|80–84)岁$/) });
      // the birth date is as personal as the ID (with the mask it would complete it): unmasked reads only, audited
      await t.grantUnmask(t.office); // 8.1.4.11 b): the office reads unmasked under a security administrator's grant
      const unmasked = data(await t.gql(`query($id: ID!) { personPersonalData(id: $id) { citizenId birthDate } }`, { id: ok.id })).personPersonalData;
      expect(unmasked).toEqual({ citizenId: '11010519491231002X', birthDate: '1949-12-31' });
      expect(t.gql(`query($id: ID!) { personPersonalData(id: $id) { citizenId } }`, { id: ok.id }, gov.headers).then(code)).resolves.toBe('FORBIDDEN');
      const male = error(await createPerson({ citizenId: '11010519491231002X', birthDate: '1949-12-31', gender: 'MALE' }));
      expect(male.extensions.fields[0]).toMatchObject({ field: 'input.gender' });
      const raw = JSON.stringify(await t.dataSource.query(`SELECT * FROM person WHERE name = $1`, [ok.name]));
      expect(raw).not.toContain('11010519491231002X');
      expect(raw).not.toContain('13900001111');
    });

    it('refuses a wrong check digit, a 31 February, a birth date that differs from the ID, and a second record of one ID', async () => {
      const good = citizenIdFor('1990-06-15', true, 77);
      const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
      expect(error(await createPerson({ citizenId: wrongCheck })).extensions.fields[0]).toMatchObject({ field: 'input.citizenId', reason: '校验码不正确' });
      expect(error(await createPerson({ citizenId: '220622199002310011', birthDate: '1990-02-28' })).extensions.fields[0]).toMatchObject({ reason: '出生日期无效' });
      expect(error(await createPerson({ citizenId: good, birthDate: '1990-06-16' })).extensions.fields[0].field).toBe('input.birthDate');
      data(await createPerson({ citizenId: good }));
      expect(code(await createPerson({ citizenId: good }))).toBe('CONFLICT');
    });
  });

  describe('eligibility', () => {
    it('PER-1 .. PER-9: each rule with its verdict and the values used; PER-7 and PER-9 gate duty only', async () => {
      const p = await person();
      const e = await eligibility(p.id);
      expect(e.verdicts.map((v: any) => v.rule)).toEqual(['PER_1', 'PER_2', 'PER_3', 'PER_4', 'PER_5', 'PER_6', 'PER_8', 'PER_7', 'PER_9']);
      expect(e).toMatchObject({ asOf: TODAY, policyVersion: 1, eligibleForSelection: true, eligibleForDuty: false });
      // no exact age beside the masked id for the government (it may not unmask); the office reads it
      expect(e.verdicts.find((v: any) => v.rule === 'PER_3').explanation).toBe(`至 ${TODAY} 年龄在要求范围内（要求 18 至 45 周岁）`);
      expect((await eligibility(p.id, TODAY, jingshanStation, t.office)).verdicts.find((v: any) => v.rule === 'PER_3').explanation)
        .toMatch(new RegExp(`^至 ${TODAY} 年满 \\d+ 周岁（要求 18 至 45 周岁）$`));
      expect(e.verdicts.find((v: any) => v.rule === 'PER_7')).toMatchObject({ verdict: 'FAIL', stage: 'DUTY' });
    });

    it('PER-3: 18 and 45 on the selection date pass; 17 (a day short) and 46 fail', async () => {
      const tomorrow = addDays(TODAY, 1);
      const at18 = await person({ birthDate: yearsBefore(TODAY, 18) });
      const at45 = await person({ birthDate: yearsBefore(tomorrow, 46) }); // 46 only tomorrow: 45 on the selection date
      const short = await person({ birthDate: yearsBefore(tomorrow, 18) }); // 18 only tomorrow
      const at46 = await person({ birthDate: yearsBefore(TODAY, 46) });
      const per3 = async (id: string) => (await eligibility(id, TODAY, jingshanStation, t.office)).verdicts.find((v: any) => v.rule === 'PER_3');
      expect(await per3(at18.id)).toMatchObject({ verdict: 'PASS', explanation: expect.stringContaining('年满 18 周岁') });
      expect(await per3(at45.id)).toMatchObject({ verdict: 'PASS', explanation: expect.stringContaining('年满 45 周岁') });
      expect(await per3(short.id)).toMatchObject({ verdict: 'FAIL', explanation: expect.stringContaining('年满 17 周岁') });
      expect(await per3(at46.id)).toMatchObject({ verdict: 'FAIL', explanation: expect.stringContaining('年满 46 周岁') });
      const refused = error(await select(at46.id));
      expect(refused.extensions.code).toBe('NOT_ELIGIBLE');
      expect(refused.extensions.failedRules.map((r: any) => r.rule)).toEqual(['PER-3']);
      // the selection date is today or a recent day (a late record), never a future or far-back date chosen to pass
      expect(error(await select(at18.id, addDays(TODAY, 1))).extensions.fields[0].field).toBe('input.selectedOn');
      expect(error(await select(at46.id, addDays(TODAY, -31))).extensions.fields[0].field).toBe('input.selectedOn');
    });

    it('a person goes only to the station of the township where registered (county-registered: the center)', async () => {
      const p = await person();
      const rows = (await t.dataSource.query(`SELECT o.id FROM organization o JOIN region r ON r.id = o.region_id WHERE r.name = '靖宇镇' AND o.kind = 'FIRE_WORK_STATION'`)) as { id: string }[];
      const elsewhere = toGlobalId('Organization', rows[0].id);
      const res = await t.gql(`mutation($i: SelectPersonInput!) { selectPerson(input: $i) { id } }`, { i: { personId: p.id, stationId: elsewhere, selectedOn: TODAY } });
      expect(error(res).extensions.fields[0].field).toBe('input.stationId');
    });

    it('PER-1, PER-4, PER-5, PER-6 block selection', async () => {
      for (const [over, rule] of [
        [{ establishmentType: 'OUTSIDE' }, 'PER-1'], [{ householdRegionCode: '220621101' }, 'PER-4'],
        [{ education: 'JUNIOR_HIGH' }, 'PER-5'], [{ communication: null }, 'PER-6'],
      ] as const) {
        const p = await person(over);
        const refused = error(await select(p.id));
        expect([refused.extensions.code, refused.extensions.failedRules.map((r: any) => r.rule)]).toEqual(['NOT_ELIGIBLE', [rule]]);
      }
    });

    it('PER-2, PER-8: a deviation needs a written justification the center approves; the verdict shows the approval', async () => {
      const p = await person({ gender: 'FEMALE', otherJobs: '村妇联主任' });
      expect(error(await select(p.id)).extensions.failedRules.map((r: any) => r.rule)).toEqual(['PER-2', 'PER-8']);
      const request = (rule: string, justification: string) =>
        t.gql(`mutation($i: RequestDeviationInput!) { requestDeviation(input: $i) { id status } }`, { i: { personId: p.id, stationId: jingshanStation, rule, justification } }, gov.headers);
      const d2 = data(await request('PER_2', '熟悉本镇情况，群众工作经验丰富')).requestDeviation;
      const d8 = data(await request('PER_8', '村妇联主任为兼任，不占用工作时间')).requestDeviation;
      expect(code(await request('PER_2', '再次申请'))).toBe('CONFLICT');
      const pending = data(await t.gql(`{ deviations(status: PENDING, first: 100) { edges { node { id rule person { name } station { name } } } } }`, undefined, center.headers))
        .deviations.edges.map((e: any) => e.node);
      expect(pending.filter((d: any) => d.person.name === p.name).map((d: any) => [d.rule, d.station.name]).sort()).toEqual([['PER_2', '景山镇消防工作站'], ['PER_8', '景山镇消防工作站']]);
      const decide = (id: string, approve: boolean, who: TestAccount) =>
        t.gql(`mutation($i: DecideDeviationInput!) { decideDeviation(input: $i) { status decidedBy } }`, { i: { deviationId: id, approve } }, who.headers);
      expect(code(await decide(d2.id, true, gov))).toBe('FORBIDDEN'); // only the center approves
      expect(data(await decide(d2.id, true, center)).decideDeviation).toEqual({ status: 'APPROVED', decidedBy: center.username });
      expect(code(await decide(d2.id, false, center))).toBe('CONFLICT'); // decided once
      expect(error(await select(p.id)).extensions.failedRules.map((r: any) => r.rule)).toEqual(['PER-8']);
      data(await decide(d8.id, true, center));
      const e = await eligibility(p.id);
      expect(e.verdicts.find((v: any) => v.rule === 'PER_2')).toMatchObject({ verdict: 'DEVIATION', deviation: { justification: '熟悉本镇情况，群众工作经验丰富', approvedBy: center.username } });
      expect(data(await select(p.id)).selectPerson.state).toBe('SELECTED');
      const staffing = data(await t.gql(`query($r: ID) { staffing(regionId: $r) { edges { node { organizationName deviationsInForce { totalCount edges { node { rule status } } } } } } }`,
        { r: jingshan }, gov.headers)).staffing.edges.map((e: any) => e.node);
      expect(staffing[0].deviationsInForce.edges.map((d: any) => d.node.rule).sort()).toEqual(['PER_2', 'PER_8']);
      expect(staffing[0].deviationsInForce.totalCount).toBe(2);
    });
  });

  describe('onboarding lifecycle', () => {
    it('CANDIDATE > SELECTED > IN_TRAINING > EXAM_FAILED > IN_TRAINING > EXAM_PASSED > ON_DUTY > LEFT, with its history', async () => {
      const p = await person();
      const candidate = data(await t.gql(`mutation($i: PersonAtStationInput!) { proposeCandidate(input: $i) { ${POST} } }`, { i: { personId: p.id, stationId: jingshanStation } }, gov.headers)).proposeCandidate;
      expect(candidate).toMatchObject({ state: 'CANDIDATE', allowedNextStates: ['SELECTED', 'LEFT'] });
      expect(data(await select(p.id)).selectPerson).toMatchObject({ id: candidate.id, state: 'SELECTED', selectedOn: TODAY, eligibilityPolicyVersion: 1 });
      data(await train(candidate.id));
      expect(data(await exam(candidate.id, 59)).recordPreJobExam).toMatchObject({ state: 'EXAM_FAILED', examScore: 59 });
      // PER-7: a failed exam does not go on duty, but may be trained again
      expect(code(await onDuty(candidate.id))).toBe('CONFLICT');
      data(await train(candidate.id));
      expect(data(await exam(candidate.id, 60)).recordPreJobExam.state).toBe('EXAM_PASSED');
      expect(data(await onDuty(candidate.id)).putOnDuty).toMatchObject({ state: 'ON_DUTY', onDutyFrom: TODAY });
      const left = data(await op('recordDeparture', { postId: candidate.id, leftOn: TODAY, reason: 'TRANSFER', note: '调县应急管理局' }, gov)).recordDeparture;
      expect(left).toMatchObject({ state: 'LEFT', allowedNextStates: [] });
      const history = data(await t.gql(`query($id: ID!) { node(id: $id) { ... on Person { posts { edges { node { transitions { edges { node { fromState toState actor } } } } } } } } }`, { id: p.id }, gov.headers))
        .node.posts.edges[0].node.transitions.edges.map((e: any) => e.node);
      expect(history.map((h: any) => h.toState)).toEqual(['CANDIDATE', 'SELECTED', 'IN_TRAINING', 'EXAM_FAILED', 'IN_TRAINING', 'EXAM_PASSED', 'ON_DUTY', 'LEFT']);
      expect(history.find((h: any) => h.toState === 'EXAM_PASSED').actor).toBe(brigade.username);
    });

    it('each refused transition answers CONFLICT with the allowed next states', async () => {
      const p = await person();
      const post = data(await select(p.id)).selectPerson;
      const refused = error(await onDuty(post.id));
      expect(refused.extensions).toMatchObject({ code: 'CONFLICT', state: 'SELECTED', allowedNextStates: ['IN_TRAINING', 'LEFT'] });
      expect(error(await exam(post.id, 90)).extensions).toMatchObject({ code: 'CONFLICT', allowedNextStates: ['IN_TRAINING', 'LEFT'] });
      data(await op('recordDeparture', { postId: post.id, leftOn: TODAY, reason: 'RESIGNATION', note: '本人辞职' }, gov));
      for (const attempt of [train(post.id), onDuty(post.id), exam(post.id, 70)]) {
        expect(error(await attempt).extensions).toMatchObject({ code: 'CONFLICT', state: 'LEFT', allowedNextStates: [] });
      }
      // only the brigade trains and examines; the township government cannot record a score
      const other = await passed();
      expect(code(await op('recordPreJobExam', { postId: other.id, score: 99, examOn: '2026-11-20' }, gov))).toBe('FORBIDDEN');
    });

    it('every move the lifecycle does not allow is refused through the API, from every state', async () => {
      const reach = async (state: string) => {
        const p = await person();
        const post = data(await t.gql(`mutation($i: PersonAtStationInput!) { proposeCandidate(input: $i) { id } }`, { i: { personId: p.id, stationId: jingshanStation } }, gov.headers)).proposeCandidate;
        const path: Record<string, (() => Promise<unknown>)[]> = {
          CANDIDATE: [],
          SELECTED: [() => select(p.id)],
          IN_TRAINING: [() => select(p.id), () => train(post.id)],
          EXAM_FAILED: [() => select(p.id), () => train(post.id), () => exam(post.id, 10)],
          EXAM_PASSED: [() => select(p.id), () => train(post.id), () => exam(post.id, 90)],
          LEFT: [() => op('recordDeparture', { postId: post.id, leftOn: TODAY, reason: 'RESIGNATION', note: '辞职' }, gov)],
        };
        for (const step of path[state]) data((await step()) as GqlResponse);
        return { personId: p.id, postId: post.id };
      };
      const moves: Record<string, (x: { personId: string; postId: string }) => Promise<GqlResponse>> = {
        SELECTED: (x) => select(x.personId),
        IN_TRAINING: (x) => train(x.postId),
        EXAM_PASSED: (x) => exam(x.postId, 90),
        ON_DUTY: (x) => onDuty(x.postId),
        LEFT: (x) => op('recordDeparture', { postId: x.postId, leftOn: TODAY, reason: 'TRANSFER', note: '调离' }, gov),
      };
      const allowed: Record<string, string[]> = {
        CANDIDATE: ['SELECTED', 'LEFT'], SELECTED: ['IN_TRAINING', 'LEFT'], IN_TRAINING: ['EXAM_PASSED', 'LEFT'],
        EXAM_FAILED: ['IN_TRAINING', 'LEFT'], EXAM_PASSED: ['ON_DUTY', 'LEFT'], LEFT: [],
      };
      let refusedCount = 0;
      for (const from of Object.keys(allowed)) {
        for (const [to, move] of Object.entries(moves)) {
          if (allowed[from].includes(to) || (from === 'LEFT' && to === 'SELECTED')) continue; // after LEFT, selection opens a new post
          const res = await move(await reach(from));
          expect([from, to, error(res).extensions.code, error(res).extensions.state]).toEqual([from, to, 'CONFLICT', from]);
          refusedCount++;
        }
      }
      expect(refusedCount).toBe(19); // 3 from each of the first five states, 4 from LEFT
    });

    it('PER-9: two parallel requests for the last free post: exactly one goes on duty', async () => {
      // 景山镇's station has 2 posts: fill one, then race two passed people for the other
      const first = await passed();
      data(await onDuty(first.id));
      const [a, b] = [await passed(), await passed()];
      const results = await Promise.all([onDuty(a.id), onDuty(b.id)]);
      const won = results.filter((r) => !r.body.errors);
      const lost = results.filter((r) => r.body.errors);
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(error(lost[0]).extensions).toMatchObject({ code: 'CONFLICT', staffQuota: 2, onDuty: 2 });
      expect(error(lost[0]).message).toContain('PER-9');
      const staffing = data(await t.gql(`query($r: ID) { staffing(regionId: $r) { edges { node { staffQuota onDuty vacancies pipeline { state count } } } } }`, { r: jingshan }, gov.headers)).staffing.edges[0].node;
      expect(staffing).toMatchObject({ staffQuota: 2, onDuty: 2, vacancies: 0 });
      expect(staffing.pipeline.find((s: any) => s.state === 'EXAM_PASSED').count).toBeGreaterThanOrEqual(1);
    });

    it('PER-9: a quota is never lowered below the staff on duty', async () => {
      const quota = (staffQuota: number) =>
        t.gql(`mutation($i: ChangeStaffQuotaInput!) { changeStaffQuota(input: $i) { staffQuota } }`, { i: { organizationId: jingshanStation, staffQuota, reason: '调整' } });
      data(await quota(3));
      data(await onDuty((await passed()).id)); // 3 on duty
      const refused = error(await quota(2));
      expect(refused.extensions.fields[0]).toMatchObject({ field: 'input.staffQuota', reason: 'PER-9：在岗 3 人，编制不能少于在岗人数' });
    });
  });

  describe('staffing and policy', () => {
    it('staffing: the center sees the center and all 8 stations, vacancies included; a township government and its station only their own', async () => {
      const all = data(await t.gql(`{ staffing { edges { node { organizationName townshipName staffQuota onDuty vacancies } } } }`, undefined, center.headers)).staffing.edges.map((e: any) => e.node);
      expect(all).toHaveLength(9);
      expect(all.find((e: any) => e.organizationName === '靖宇县消防工作服务指导中心')).toMatchObject({ staffQuota: 4, onDuty: 0, vacancies: 4, townshipName: null });
      expect(all.find((e: any) => e.townshipName === '靖宇镇')).toMatchObject({ staffQuota: 3, vacancies: 3 });
      const own = data(await t.gql(`{ staffing { edges { node { townshipName } } } }`, undefined, gov.headers)).staffing.edges;
      expect(own).toEqual([{ node: { townshipName: '景山镇' } }]);
      const station = await t.account({ role: Role.STATION, region: '景山镇' });
      // a station reads its own station's entry only (ORG-3: its vacancies), never the center or another station
      expect(data(await t.gql(`{ staffing { totalCount edges { node { townshipName } } } }`, undefined, station.headers)).staffing)
        .toEqual({ totalCount: 1, edges: [{ node: { townshipName: '景山镇' } }] });
    });

    it('a new policy version applies from its date; a selection keeps the version it was checked with', async () => {
      const p = await person({ birthDate: '1985-01-01' }); // 41
      const selected = data(await select(p.id)).selectPerson;
      expect(selected.eligibilityPolicyVersion).toBe(1);
      expect(code(await t.gql(`mutation { publishPersonnelPolicy(input: { effectiveFrom: "2099-12-01", minAge: 18, maxAge: 40, minEducation: SENIOR_HIGH, examPassMark: 60 }) { version } }`, undefined, gov.headers))).toBe('FORBIDDEN');
      const from = addDays(TODAY, 2);
      expect(error(await t.gql(`mutation($d: Date!) { publishPersonnelPolicy(input: { effectiveFrom: $d, minAge: 18, maxAge: 40, minEducation: SENIOR_HIGH, examPassMark: 60 }) { version } }`, { d: addDays(TODAY, -1) })).extensions.fields[0].field).toBe('input.effectiveFrom');
      const v2 = data(await t.gql(`mutation($d: Date!) { publishPersonnelPolicy(input: { effectiveFrom: $d, minAge: 18, maxAge: 40, minEducation: SENIOR_HIGH, examPassMark: 60 }) { version maxAge } }`, { d: from })).publishPersonnelPolicy;
      expect(v2).toEqual({ version: 2, maxAge: 40 });
      const later = await eligibility(p.id, addDays(TODAY, 3), jingshanStation, t.office);
      expect(later.policyVersion).toBe(2);
      expect(later.verdicts.find((v: any) => v.rule === 'PER_3').verdict).toBe('FAIL');
      expect((await eligibility(p.id, TODAY)).policyVersion).toBe(1);
      const again = data(await t.gql(`query($id: ID!) { node(id: $id) { ... on Person { posts { edges { node { eligibilityPolicyVersion } } } } } }`, { id: p.id }, gov.headers)).node.posts.edges[0].node;
      expect(again.eligibilityPolicyVersion).toBe(1);
    });
  });

  describe('the contract: calendar dates, enums, connections', () => {
    const personInput = (over: Record<string, unknown> = {}) => {
      const birthDate = '1991-03-08';
      return {
        name: `人员${++seq}`, gender: 'MALE', birthDate, citizenId: citizenIdFor(birthDate, true, seq), education: 'SENIOR_HIGH',
        householdRegionCode: '220622101', residenceRegionCode: '220622101', establishmentUnit: '景山镇人民政府', establishmentType: 'PUBLIC_SYSTEM',
        communication: 'GOOD', regionId: jingshan, ...over,
      };
    };

    it('PER-3: a birth date of 2026-02-30 is refused with BAD_USER_INPUT naming input.birthDate', async () => {
      const res = await t.gql(`mutation($input: CreatePersonInput!) { createPerson(input: $input) { id } }`, { input: personInput({ birthDate: '2026-02-30' }) }, gov.headers);
      expect(error(res).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field: 'input.birthDate' })] });
    });

    it('PER-3: dates are the Date scalar in and out: birthDate, selectedOn, eligibility asOf, policy effectiveFrom', async () => {
      const schema = (await t.gql(`{ __type(name: "Post") { fields { name type { name ofType { name } } } } }`)).body.data.__type.fields;
      const typeOf = (name: string) => { const f = schema.find((x: any) => x.name === name); return f.type.name ?? f.type.ofType.name; };
      expect(['selectedOn', 'examOn', 'onDutyFrom', 'leftOn'].map(typeOf)).toEqual(['Date', 'Date', 'Date', 'Date']);
      // a day that does not exist never reaches the rules: refused where it is written
      const asOf = await t.gql(`query($p: ID!, $s: ID!, $asOf: Date) { eligibility(personId: $p, stationId: $s, asOf: $asOf) { asOf } }`,
        { p: (await person()).id, s: jingshanStation, asOf: '2027-02-29' }, gov.headers);
      expect(error(asOf).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field: 'asOf' })] });
      // before, a malformed asOf of personnelPolicy silently meant "today"
      const policy = (d: string) => t.gql(`query($d: Date) { personnelPolicy(asOf: $d) { version effectiveFrom } }`, { d }, gov.headers);
      expect(error(await policy('2026-13-01')).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field: 'd' })] });
      expect(data(await policy(TODAY)).personnelPolicy.effectiveFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    });

    it('PER-1 .. PER-9: a verdict names its rule and its stage with enums (EligibilityRule, EligibilityStage), each value described', async () => {
      const enumOf = async (name: string) => (await t.gql(`query($n: String!) { __type(name: $n) { description enumValues { name description } } }`, { n: name })).body.data.__type;
      const rules = await enumOf('EligibilityRule');
      expect(rules.enumValues.map((v: any) => v.name)).toEqual(['PER_1', 'PER_2', 'PER_3', 'PER_4', 'PER_5', 'PER_6', 'PER_7', 'PER_8', 'PER_9']);
      expect(rules.enumValues.find((v: any) => v.name === 'PER_3').description).toContain('18 至 45 周岁');
      const stages = await enumOf('EligibilityStage');
      expect(stages.enumValues.map((v: any) => [v.name, Boolean(v.description)])).toEqual([['DUTY', true], ['SELECTION', true]]);
      const e = await eligibility((await person()).id);
      expect(e.verdicts.filter((v: any) => v.stage === 'DUTY').map((v: any) => v.rule)).toEqual(['PER_7', 'PER_9']);
    });

    it('PER-2, PER-8: deviations is a connection: newest first, paged by first/after, with its total', async () => {
      const names: string[] = [];
      for (let i = 0; i < 3; i++) {
        const p = await person({ otherJobs: '村会计' });
        names.push(p.name);
        data(await t.gql(`mutation($i: RequestDeviationInput!) { requestDeviation(input: $i) { id } }`,
          { i: { personId: p.id, stationId: jingshanStation, rule: 'PER_8', justification: '兼任村会计，不占用工作时间' } }, gov.headers));
      }
      const page = async (after?: string) => data(await t.gql(`query($after: String) { deviations(status: PENDING, regionId: "${jingshan}", first: 2, after: $after) {
        totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { person { name } } } } }`, { after }, center.headers)).deviations;
      const one = await page();
      expect(one.edges).toHaveLength(2);
      expect(one.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
      const pending = one.totalCount as number;
      expect(pending).toBeGreaterThanOrEqual(3);
      const seen: string[] = one.edges.map((e: any) => e.node.person.name);
      let cursor = one.pageInfo.endCursor;
      for (let more = one.pageInfo.hasNextPage; more;) {
        const next = await page(cursor);
        seen.push(...next.edges.map((e: any) => e.node.person.name));
        ({ hasNextPage: more, endCursor: cursor } = next.pageInfo);
      }
      expect(seen).toHaveLength(pending);
      expect(new Set(seen).size).toBe(pending);
      expect(seen.slice(0, 3)).toEqual([...names].reverse()); // newest first
      expect(code(await t.gql(`{ deviations(after: "forged") { totalCount } }`, undefined, center.headers))).toBe('BAD_USER_INPUT');
    });

    it('staffing is a connection: the center pages through the center and the 8 stations without a repeat', async () => {
      const q = `query($after: String) { staffing(first: 4, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { organizationName } } } }`;
      const names: string[] = [];
      let after: string | undefined;
      let pages = 0;
      for (;;) {
        const page = data(await t.gql(q, { after }, center.headers)).staffing;
        expect(page.totalCount).toBe(9);
        names.push(...page.edges.map((e: any) => e.node.organizationName));
        pages++;
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect([pages, names.length, new Set(names).size]).toEqual([3, 9, 9]);
      expect(names[0]).toBe('靖宇县消防工作服务指导中心'); // the county's center before its townships
    });

    it("Person.posts and Post.transitions are connections, read for a whole page of people in a fixed number of statements", async () => {
      const p = await person();
      const post = data(await select(p.id)).selectPerson;
      data(await train(post.id));
      data(await exam(post.id, 50));
      data(await train(post.id)); // EXAM_FAILED > IN_TRAINING may repeat: a post's history has no fixed length
      const history = (first: number, after?: string) => t.gql(`query($id: ID!, $first: Int, $after: String) { node(id: $id) { ... on Person {
        posts(first: 1) { totalCount edges { node { transitions(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { toState } } } } } } } } }`,
      { id: p.id, first, after }, gov.headers);
      const first = data(await history(3)).node.posts;
      expect(first.totalCount).toBe(1);
      const t1 = first.edges[0].node.transitions;
      // selection opens the post as a CANDIDATE, then selects it
      expect([t1.totalCount, t1.pageInfo.hasNextPage, t1.edges.map((e: any) => e.node.toState)]).toEqual([5, true, ['CANDIDATE', 'SELECTED', 'IN_TRAINING']]);
      const t2 = data(await history(3, t1.pageInfo.endCursor)).node.posts.edges[0].node.transitions;
      expect([t2.pageInfo.hasNextPage, t2.edges.map((e: any) => e.node.toState)]).toEqual([false, ['EXAM_FAILED', 'IN_TRAINING']]);
      // the batching: posts and transitions of 20 people cost the same statements as of 1
      const count = async (n: number) => {
        let statements = 0;
        const spy = await interceptQueries(t.dataSource, (sql, next) => { if (/^\s*SELECT/i.test(sql)) statements++; return next(); });
        try {
          data(await t.gql(`query($n: Int) { people(first: $n) { edges { node { posts(first: 2) { edges { node { state transitions(first: 10) { totalCount edges { node { toState } } } } } } } } } }`, { n }, gov.headers));
        } finally {
          spy.restore();
        }
        return statements;
      };
      // the first person by name has a post, and so do others after it: one person's page asks every nested list too
      for (const name of ['人员000', '人员001', '人员002']) data(await select((await person({ name })).id));
      expect(await count(20)).toBe(await count(1));
    });

    it("Person.posts pages one post at a time to the end: created_at's microseconds are in the cursor", async () => {
      const p = await person();
      data(await select(p.id));
      // two earlier posts, ended, created by the database's now() (microseconds) as every post is
      const [{ id: postId }] = await t.dataSource.query(`SELECT id FROM post WHERE person_id = $1`, [parseGlobalId(p.id)!.id]);
      for (let i = 0; i < 2; i++) {
        await t.dataSource.query(`
          INSERT INTO post (id, person_id, organization_id, state, selected_on, left_on, leave_reason, created_at, version)
          SELECT gen_random_uuid(), person_id, organization_id, 'LEFT', selected_on, selected_on, 'RESIGNATION', now() - make_interval(secs => 10 - $2::int) + interval '123 microseconds', 1
          FROM post WHERE id = $1`, [postId, i]);
      }
      const seen: string[] = [];
      let after: string | null = null;
      for (let pages = 0; pages < 10; pages++) {
        const page: any = data(await t.gql(`query($id: ID!, $after: String) { node(id: $id) { ... on Person { posts(first: 1, after: $after) {
          totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } } } }`, { id: p.id, after }, gov.headers)).node.posts;
        expect(page.totalCount).toBe(3);
        seen.push(...page.edges.map((e: any) => e.node.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect([seen.length, new Set(seen).size]).toEqual([3, 3]);
    });

    it('PER-9: a late on-duty date is refused when the station was already full that day (by date, not only now)', async () => {
      const longquanGov = await t.account({ role: Role.TOWNSHIP_GOVERNMENT, region: '龙泉镇' });
      const longquan = toGlobalId('Region', await t.regionId('龙泉镇'));
      const rows = (await t.dataSource.query(`SELECT o.id FROM organization o JOIN region r ON r.id = o.region_id WHERE r.name = '龙泉镇' AND o.kind = 'FIRE_WORK_STATION'`)) as { id: string }[];
      const station = toGlobalId('Organization', rows[0].id);
      const ready = async () => {
        const p = data(await t.gql(`mutation($i: CreatePersonInput!) { createPerson(input: $i) { id } }`, { i: personInput({ regionId: longquan, establishmentUnit: '龙泉镇人民政府' }) }, longquanGov.headers)).createPerson;
        const post = data(await t.gql(`mutation($i: SelectPersonInput!) { selectPerson(input: $i) { id } }`, { i: { personId: p.id, stationId: station, selectedOn: addDays(TODAY, -25) } }, longquanGov.headers)).selectPerson;
        // selection <= training <= exam (T-PER-3, T-PER-4)
        data(await t.gql(`mutation($i: PostInput!) { startPreJobTraining(input: $i) { id } }`, { i: { postId: post.id, trainingStartedOn: addDays(TODAY, -22) } }, brigade.headers));
        data(await op('recordPreJobExam', { postId: post.id, score: 80, examOn: addDays(TODAY, -20) }, brigade));
        return post.id as string;
      };
      const duty = (postId: string, from: string) => op('putOnDuty', { postId, onDutyFrom: from }, longquanGov);
      const [a, b, c] = [await ready(), await ready(), await ready()];
      data(await duty(a, addDays(TODAY, -10)));
      data(await duty(b, addDays(TODAY, -10))); // 龙泉镇: quota 2, full
      data(await op('recordDeparture', { postId: a, leftOn: TODAY, reason: 'TRANSFER', note: '调离' }, longquanGov));
      // now one post is free, but five days ago both were on duty: a third person then would exceed the quota
      const refused = error(await duty(c, addDays(TODAY, -5)));
      expect(refused.extensions).toMatchObject({ code: 'CONFLICT', staffQuota: 2, onDuty: 2 });
      expect(refused.message).toContain('PER-9');
      expect(data(await duty(c, TODAY)).putOnDuty.state).toBe('ON_DUTY');
    });
  });
});
