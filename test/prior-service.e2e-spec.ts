import { Role } from '../src/kernel/permissions';
import { fromGlobalId, toGlobalId } from '../src/graphql/global-id';
import { EvaluationFixture } from './support/evaluation';
import { citizenIdFor } from './support/factories';
import { createTestApp, data, error, GqlResponse, TestAccount, TestApp } from './support/test-app';

/**
 * Prior service (history that really happened): staff on duty before the platform, and their past posts, recorded
 * by the township government or the committee office with dates and a reason, audited; PER-9 holds on every day of
 * a spell; the first year's evaluation (EVA-1, EVA-3) then counts them. The clock stands at Sunday 2027-01-10
 * 10:00 Beijing time until the last test.
 */
describe('prior service (PER-7, PER-9, EVA-1, EVA-3)', () => {
  let t: TestApp;
  let gov: TestAccount;
  let station: TestAccount;
  let center: TestAccount;
  let otherGov: TestAccount;
  let stationId: string;
  let township: string;
  let seq = 0;
  const codeOf = (res: GqlResponse) => res.body.errors?.[0]?.extensions.code ?? null;
  const POST = `id state priorService priorServiceReason selectedOn examOn onDutyFrom leftOn leaveReason version
    person { name } organization { name } transitions(first: 10) { edges { node { fromState toState note } } }`;

  const person = async (name: string, who: TestAccount = gov, regionId = township): Promise<string> => {
    const birthDate = '1988-04-12';
    return data(await t.gqlAs(who, `mutation($i: CreatePersonInput!) { createPerson(input: $i) { id } }`, {
      i: {
        name, gender: 'MALE', birthDate, citizenId: citizenIdFor(birthDate, true, ++seq + 100), education: 'SENIOR_HIGH', householdRegionCode: '220622101',
        residenceRegionCode: '220622101', establishmentUnit: '景山镇人民政府', establishmentType: 'PUBLIC_SYSTEM', communication: 'GOOD', regionId,
      },
    })).createPerson.id;
  };
  const record = (input: Record<string, unknown>, who: TestAccount = gov) =>
    t.gqlAs(who, `mutation($i: RecordPriorServiceInput!) { recordPriorService(input: $i) { ${POST} } }`, {
      i: { stationId, reason: '平台启用前经乡镇人民政府选调，已通过大队岗前培训考试', ...input },
    });

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.freeze('2027-01-10T10:00:00+08:00');
    gov = await t.account({ role: Role.TOWNSHIP_GOVERNMENT, region: '景山镇' });
    station = await t.account({ role: Role.STATION, region: '景山镇' });
    center = await t.account({ role: Role.CENTER });
    otherGov = await t.account({ role: Role.TOWNSHIP_GOVERNMENT, region: '龙泉镇' });
    township = toGlobalId('Region', await t.regionId('景山镇'));
    const rows = (await t.dataSource.query(
      `SELECT o.id FROM organization o JOIN region r ON r.id = o.region_id WHERE r.name = '景山镇' AND o.kind = 'FIRE_WORK_STATION'`,
    )) as { id: string }[];
    stationId = toGlobalId('Organization', rows[0].id);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('records a person on duty since before the platform: ON_DUTY from that date, marked prior service with its reason, no selection or exam invented', async () => {
    const personId = await person('王既往');
    const post = data(await record({ personId, onDutyFrom: '2024-05-01' })).recordPriorService;
    expect(post).toMatchObject({
      state: 'ON_DUTY', priorService: true, priorServiceReason: '平台启用前经乡镇人民政府选调，已通过大队岗前培训考试', selectedOn: null, examOn: null,
      onDutyFrom: '2024-05-01', leftOn: null, person: { name: '王既往' }, organization: { name: expect.stringContaining('景山镇') },
    });
    expect(post.transitions.edges.map((e: any) => e.node)).toEqual([
      { fromState: null, toState: 'ON_DUTY', note: '既往任职：平台启用前经乡镇人民政府选调，已通过大队岗前培训考试' },
    ]);
    // audited: who recorded it, the dates and the reason
    const audit = data(await t.admins.audit.gql(`query($id: String) { auditLog(operation: "recordPriorService", targetId: $id) { edges { node { outcome actorLabel targetType summary } } } }`, {
      id: fromGlobalId(post.id, 'Post', 'id'),
    })).auditLog.edges.map((e: any) => e.node);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ outcome: 'SUCCESS', actorLabel: gov.username, targetType: 'Post' });
    expect(audit[0].summary).toContain('2024-05-01');
    expect(audit[0].summary).toContain('平台启用前经乡镇人民政府选调');
    // an ordinary post says it is not prior service
    const fresh = await person('赵新人');
    const candidate = data(await t.gqlAs(gov, `mutation($i: PersonAtStationInput!) { proposeCandidate(input: $i) { priorService priorServiceReason } }`, { i: { personId: fresh, stationId } })).proposeCandidate;
    expect(candidate).toEqual({ priorService: false, priorServiceReason: null });
  });

  it('records a past post (LEFT on its leaving day, with the reason of leaving) and then the same person\'s current one', async () => {
    const personId = await person('李两段');
    const past = data(await record({ personId, onDutyFrom: '2019-03-01', leftOn: '2022-06-30', leaveReason: 'TRANSFER' })).recordPriorService;
    expect(past).toMatchObject({ state: 'LEFT', priorService: true, onDutyFrom: '2019-03-01', leftOn: '2022-06-30', leaveReason: 'TRANSFER' });
    expect(past.transitions.edges.map((e: any) => [e.node.fromState, e.node.toState])).toEqual([[null, 'ON_DUTY'], ['ON_DUTY', 'LEFT']]);
    // the day of leaving is no longer on duty: a spell starting that day does not overlap
    const current = data(await record({ personId, onDutyFrom: '2022-06-30' })).recordPriorService;
    expect(current).toMatchObject({ state: 'ON_DUTY', onDutyFrom: '2022-06-30' });
    // a spell overlapping one already recorded is refused
    const overlap = error(await record({ personId, onDutyFrom: '2020-01-01', leftOn: '2021-01-01' }));
    expect(overlap.extensions.code).toBe('CONFLICT');
    expect(overlap.message).toContain('不能重叠');
    // one open post at a time
    expect(error(await record({ personId, onDutyFrom: '2018-01-01' })).extensions.code).toBe('CONFLICT');
  });

  it('PER-9: a post put on duty may not overlap the same person\'s prior-service spell (never on duty at two posts on one day)', async () => {
    // 濛江乡: a station of its own, so the quota of the other tests' stations stays as they expect
    const brigade = await t.account({ role: Role.BRIGADE });
    const mjGov = await t.account({ role: Role.TOWNSHIP_GOVERNMENT, region: '濛江乡' });
    const [{ id: mjStation }] = (await t.dataSource.query(
      `SELECT o.id FROM organization o JOIN region r ON r.id = o.region_id WHERE r.name = '濛江乡' AND o.kind = 'FIRE_WORK_STATION'`)) as { id: string }[];
    const mjStationId = toGlobalId('Organization', mjStation);
    const personId = await person('王重叠', mjGov, toGlobalId('Region', await t.regionId('濛江乡')));
    // on duty until 2027-01-08, before the platform
    data(await record({ personId, stationId: mjStationId, onDutyFrom: '2026-05-01', leftOn: '2027-01-08', leaveReason: 'TRANSFER' }, mjGov));
    const postId = data(await t.gqlAs(mjGov, `mutation($i: SelectPersonInput!) { selectPerson(input: $i) { id } }`, {
      i: { personId, stationId: mjStationId, selectedOn: '2027-01-02' } })).selectPerson.id as string;
    data(await t.gqlAs(brigade, `mutation($i: PostInput!) { startPreJobTraining(input: $i) { state } }`, { i: { postId, trainingStartedOn: '2027-01-03' } }));
    data(await t.gqlAs(brigade, `mutation($i: RecordPreJobExamInput!) { recordPreJobExam(input: $i) { state } }`, { i: { postId, score: 80, examOn: '2027-01-04' } }));
    const duty = (onDutyFrom: string) => t.gqlAs(mjGov, `mutation($i: PutOnDutyInput!) { putOnDuty(input: $i) { state onDutyFrom } }`, { i: { postId, onDutyFrom } });
    const overlap = error(await duty('2027-01-07'));
    expect(overlap.extensions.code).toBe('CONFLICT');
    expect(overlap.message).toContain('不能重叠');
    // the day of leaving is no longer on duty
    expect(data(await duty('2027-01-08')).putOnDuty).toEqual({ state: 'ON_DUTY', onDutyFrom: '2027-01-08' });
  });

  it('dates: not in the future; leftOn not before onDutyFrom (equal is accepted); a reason is required', async () => {
    const personId = await person('周日期');
    const future = error(await record({ personId, onDutyFrom: '2027-01-11' }));
    expect(future.extensions.code).toBe('BAD_USER_INPUT');
    expect(future.extensions).toMatchObject({ rule: 'T-PER-7', protects: 'PER-3' });
    expect(future.extensions.fields[0]).toEqual({ field: 'input.onDutyFrom', reason: '既往任职的上岗日期不能晚于今天（2027-01-10）' });
    // T-PER-7: not before the 18th birthday (born 1988-04-12; the day itself is accepted: the time-rules unit spec)
    const young = error(await record({ personId, onDutyFrom: '2006-04-11', leftOn: '2007-01-01', leaveReason: 'TRANSFER' }));
    expect(young.message).toBe('时间规则 T-PER-7：既往任职的上岗日期不能早于该人员年满 18 周岁之日 2006-04-12');
    expect(error(await record({ personId, onDutyFrom: '2016-01-01', leftOn: '2027-01-11' })).extensions.fields[0].field).toBe('input.leftOn');
    const backwards = error(await record({ personId, onDutyFrom: '2016-01-02', leftOn: '2016-01-01' }));
    expect(backwards.extensions.fields[0]).toEqual({ field: 'input.leftOn', reason: '离岗日期不能早于上岗日期 2016-01-02' });
    expect(error(await record({ personId, onDutyFrom: '2016-01-01', reason: '   ' })).extensions.code).toBe('BAD_USER_INPUT');
    expect(error(await record({ personId, onDutyFrom: '2016-01-01', leaveReason: 'TRANSFER' })).extensions.fields[0].field).toBe('input.leaveReason');
    // today is not the future; a spell ending the day it starts is accepted (to >= from)
    expect(data(await record({ personId, onDutyFrom: '2027-01-10', leftOn: '2027-01-10', leaveReason: 'RESIGNATION' })).recordPriorService.state).toBe('LEFT');
    // nothing refused was written
    const posts = data(await t.gqlAs(gov, `query($id: ID!) { node(id: $id) { ... on Person { posts { totalCount } } } }`, { id: personId })).node.posts.totalCount;
    expect(posts).toBe(1);
  });

  it('PER-9: prior service counts against the quota on every day of its spell; staffing shows the posts filled', async () => {
    // 景山镇's station (quota 2) has 王既往 from 2024-05-01 and 李两段 from 2022-06-30 on duty
    const third = await person('孙超编');
    const e = error(await record({ personId: third, onDutyFrom: '2023-01-01' }));
    expect(e.extensions.code).toBe('CONFLICT');
    expect(e.message).toContain('PER-9');
    // a past spell that ended before the second one started fits (only 李两段's first post then)
    expect(data(await record({ personId: third, onDutyFrom: '2017-01-01', leftOn: '2019-03-01', leaveReason: 'RESIGNATION' })).recordPriorService.state).toBe('LEFT');
    const staffing = data(await t.gqlAs(gov, `query($r: ID) { staffing(regionId: $r) { edges { node { onDuty vacancies } } } }`, { r: township })).staffing.edges[0].node;
    expect(staffing).toEqual({ onDuty: 2, vacancies: 0 });
  });

  it('who may record: the township government (its township) and the committee office; not the station, the center or another township', async () => {
    const personId = await person('吴权限');
    expect(codeOf(await record({ personId, onDutyFrom: '2015-01-01', leftOn: '2015-06-01' }, station))).toBe('FORBIDDEN');
    expect(codeOf(await record({ personId, onDutyFrom: '2015-01-01', leftOn: '2015-06-01' }, center))).toBe('FORBIDDEN');
    expect(codeOf(await record({ personId, onDutyFrom: '2015-01-01', leftOn: '2015-06-01' }, otherGov))).toBe('NOT_FOUND');
    expect(data(await t.gql(`mutation($i: RecordPriorServiceInput!) { recordPriorService(input: $i) { state priorService } }`, {
      i: { personId, stationId, onDutyFrom: '2015-01-01', leftOn: '2015-06-01', reason: '县消委办据档案补录' },
    })).recordPriorService).toEqual({ state: 'LEFT', priorService: true });
  });

  it('EVA-1, EVA-3: the first year\'s evaluation counts a person recorded as prior service (selection cannot be back-dated to do it)', async () => {
    const f = await new EvaluationFixture(t, '龙泉镇').init();
    await f.at('2027-01-10T10:00:00+08:00');
    const veteran = await person('郑老站员', f.gov, f.township);
    // the selection flow cannot say he was there on 2027-01-01: a selection is at most 30 days back, and then training and exam follow
    expect(error(await t.gqlAs(f.gov, `mutation($i: SelectPersonInput!) { selectPerson(input: $i) { id } }`, {
      i: { personId: veteran, stationId: f.stationId, selectedOn: '2025-06-01' },
    })).extensions.code).toBe('BAD_USER_INPUT');
    data(await t.gqlAs(f.gov, `mutation($i: RecordPriorServiceInput!) { recordPriorService(input: $i) { state } }`, {
      i: { personId: veteran, stationId: f.stationId, onDutyFrom: '2025-06-01', reason: '2025 年经乡镇人民政府选调到岗' },
    }));
    await f.at('2027-02-03T09:00:00+08:00');
    const results = await f.month(2027, 1, {
      [veteran]: { center: 90, township: 90, appraisal: 90 },
      [f.stationId]: { center: 80, township: 80, appraisal: 80 },
    });
    expect(results[veteran]).toMatchObject({ subjectKind: 'PERSON', subjectName: '郑老站员', period: { label: '2027年1月' }, score: 90, grade: 'EXCELLENT' });
    expect(results[f.stationId]).toMatchObject({ subjectKind: 'STATION', score: 80, grade: 'GOOD' });
  });
});
