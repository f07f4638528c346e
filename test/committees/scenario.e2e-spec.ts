import mammoth from 'mammoth';
import { AuthService } from '../../src/auth/auth.service';
import { Role } from '../../src/kernel/permissions';
import type { DatabaseConfig } from '../../src/config/app-config';
import { toGlobalId } from '../../src/graphql/global-id';
import { RequestContext } from '../../src/kernel/request-context';
import { WarningService } from '../../src/inspections/warning.service';
import { embeddedSeededConfig, serverUrl } from '../support/database';
import { jpeg, uploaded } from '../support/files';
import { nodes, order, recheck, reportRectification, inspectionsFixture, InspectionsFixture } from '../support/inspections';
import { getFile, readXlsx } from '../support/office';
import { createTestApp, data, error, TestAccount, TestApp } from '../support/test-app';

/**
 * The committees at work, end to end (COM-1 .. COM-6), as a county would run a November campaign on small places
 * (九小场所), on both databases (the PostgreSQL server when DATABASE_URL is set, and the embedded PGlite):
 * the county committee meets and decides (COM-1); it deploys the campaign in three townships (COM-3) and assigns
 * tasks to them and to the market regulation bureau (COM-2); the township committees pass them on; the stations'
 * inspections count towards the campaign; one task goes overdue and raises a warning; the bureau's account sees
 * only its own tasks, premises and hazards (COM-5); the year's member-unit evaluation grades the bureau with a
 * breakdown (COM-4); an investigation cites the overdue task (COM-6). Everything through the API, the clock moved.
 */
const DATABASES: [string, () => Promise<DatabaseConfig | undefined>][] = [
  ...(serverUrl() ? [['PostgreSQL server', async () => undefined] as [string, () => Promise<DatabaseConfig | undefined>]] : []),
  ['embedded PGlite', async () => embeddedSeededConfig()],
];

describe.each(DATABASES)('the committees at work, end to end (COM-1 .. COM-6) on the %s', (_name, database) => {
  let t: TestApp;
  let f: InspectionsFixture;
  const at = (day: string) => `${day}T10:00:00+08:00`;
  const gid = (type: Parameters<typeof toGlobalId>[0], id: string) => toGlobalId(type, id);
  const accounts: TestAccount[] = [];
  const account = async (spec: Parameters<TestApp['account']>[0]) => {
    const a = await t.account(spec);
    accounts.push(a);
    return a;
  };
  /** Moves the clock and gives every account a new session (the idle limit passed). */
  const moveTo = async (instant: string) => {
    t.clock.freeze(instant);
    await f.refresh();
    for (const a of accounts) {
      const { accessToken } = await t.app.get(AuthService).startSession(RequestContext.system('test'), a.id);
      a.token = accessToken;
      a.headers = { authorization: `Bearer ${accessToken}` };
    }
  };
  const orgId = async (kind: string, region: string) =>
    gid('Organization', (await t.dataSource.query(`SELECT o.id FROM organization o JOIN region r ON r.id = o.region_id WHERE o.kind = $1 AND r.name = $2`, [kind, region]))[0].id);

  const ids: Record<string, string> = {};
  const who: Record<string, TestAccount> = {};
  const TASK = `id title status overdue daysOverdue deadline returnCount completedOnTime assignee { name } source version`;

  /** A task step as someone (the committee office through `t.gql`, which signs it in again after the clock moved). */
  const task = async (as: TestAccount, mutation: string, input: Record<string, unknown>) => {
    const query = `mutation($i: ${mutation[0].toUpperCase()}${mutation.slice(1)}Input!) { ${mutation}(input: $i) { ${TASK} } }`;
    return data(as === t.office ? await t.gql(query, { i: input }) : await t.gqlAs(as, query, { i: input }))[mutation];
  };

  beforeAll(async () => {
    const config = await database();
    t = await createTestApp(config ? { database: config } : {});
    t.clock.freeze(at('2026-10-28'));
    f = await inspectionsFixture(t);
    ids.county = gid('Region', await t.regionId('靖宇县'));
    for (const name of ['景山镇', '濛江乡', '龙泉镇', '靖宇镇']) ids[name] = gid('Region', await t.regionId(name));
    ids.countyCommittee = await orgId('COUNTY_COMMITTEE', '靖宇县');
    const CREATE = `mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`;
    ids.bureau = data(await t.admins.system.gql(CREATE, { i: { kind: 'MEMBER_UNIT', name: '靖宇县市场监督管理局', regionId: ids.county, committeeId: ids.countyCommittee } })).createOrganization.id;
    ids.education = data(await t.admins.system.gql(CREATE, { i: { kind: 'MEMBER_UNIT', name: '靖宇县教育局', regionId: ids.county, committeeId: ids.countyCommittee } })).createOrganization.id;
    ids.jingshanCommittee = await orgId('TOWNSHIP_COMMITTEE', '景山镇');
    ids.jingshanSchool = data(await t.admins.system.gql(CREATE, { i: { kind: 'MEMBER_UNIT', name: '景山镇中心学校', regionId: ids['景山镇'], committeeId: ids.jingshanCommittee } })).createOrganization.id;
    for (const name of ['景山镇', '濛江乡', '龙泉镇']) {
      ids[`gov:${name}`] = await orgId('TOWNSHIP_GOVERNMENT', name);
      ids[`station:${name}`] = await orgId('FIRE_WORK_STATION', name);
      who[`gov:${name}`] = await account({ role: Role.TOWNSHIP_GOVERNMENT, region: name });
      who[`station:${name}`] = await account({ role: Role.STATION, region: name });
    }
    who.bureau = await account({ role: Role.MEMBER_UNIT, region: '靖宇县', organizationId: ids.bureau });
    who.education = await account({ role: Role.MEMBER_UNIT, region: '靖宇县', organizationId: ids.education });
    who.center = f.center;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('COM-1: the county committee meets on the small places, with the bureau, and publishes its minutes and decisions', async () => {
    const meeting = data(await t.gql(`mutation($i: RecordMeetingInput!) { recordMeeting(input: $i) { id status decisions { id seq content } version } }`, {
      i: {
        kind: 'SPECIAL_TOPIC', title: '九小场所消防安全专项整治专题会议', heldOn: '2026-10-28', convener: '县消防救援委员会副主任 张某',
        attendingUnitIds: [ids.bureau], attendees: ['县市场监督管理局 李某', '县消委办 王某'], topics: ['部署十一月九小场所消防安全专项整治'],
        minutes: '会议研究部署十一月在景山镇、濛江乡、龙泉镇开展九小场所消防安全专项整治。',
        decisions: ['十一月在景山镇、濛江乡、龙泉镇开展九小场所消防安全专项整治', '县市场监督管理局督促九小场所经营者落实消防安全主体责任'],
      },
    })).recordMeeting;
    expect(meeting.status).toBe('DRAFT');
    expect(meeting.decisions.map((d: any) => d.seq)).toEqual([1, 2]);
    ids.meeting = meeting.id;
    ids.decision1 = meeting.decisions[0].id;
    ids.decision2 = meeting.decisions[1].id;
    const published = data(await t.gql(`mutation($i: PublishMeetingInput!) { publishMeeting(input: $i) { status publishedAt } }`, { i: { meetingId: meeting.id, expectedVersion: meeting.version } })).publishMeeting;
    expect(published.status).toBe('PUBLISHED');
    // COM-1: a member unit of another committee (景山镇's school) did not attend a county meeting: refused, nothing written
    const before = Number((await t.dataSource.query(`SELECT count(*) AS n FROM committee_meeting`))[0].n);
    const e = error(await t.gql(`mutation($i: RecordMeetingInput!) { recordMeeting(input: $i) { id } }`, {
      i: { kind: 'PLENARY', title: '全体会议', heldOn: '2026-10-28', convener: '主任', attendingUnitIds: [ids.jingshanSchool], attendees: [], topics: ['年度工作'] },
    }));
    expect(e.extensions.code).toBe('BAD_USER_INPUT');
    expect(e.message).toContain('COM-1');
    expect(Number((await t.dataSource.query(`SELECT count(*) AS n FROM committee_meeting`))[0].n)).toBe(before);
  });

  it('COM-3: the committee deploys the November campaign on small places in three townships', async () => {
    const campaign = data(await t.gql(`mutation($i: DeployCampaignInput!) { deployCampaign(input: $i) { id phase scopeRegions { name } periodStart periodEnd } }`, {
      i: {
        title: '九小场所消防安全专项整治', description: '排查整治九小场所消防安全隐患', periodStart: '2026-11-01', periodEnd: '2026-11-30',
        scopeRegionIds: [ids['景山镇'], ids['濛江乡'], ids['龙泉镇']], premisesKinds: ['SMALL_VENUE'], targetInspections: 4, targetRectificationPercent: 50,
        decisionId: ids.decision1,
      },
    })).deployCampaign;
    expect(campaign).toMatchObject({ phase: 'PLANNED', periodStart: '2026-11-01', periodEnd: '2026-11-30' });
    expect(campaign.scopeRegions.map((r: any) => r.name).sort()).toEqual(['景山镇', '濛江乡', '龙泉镇'].sort());
    ids.campaign = campaign.id;
    // COM-3: a period that ends before it starts is refused naming its rule
    const e = error(await t.gql(`mutation($i: DeployCampaignInput!) { deployCampaign(input: $i) { id } }`, {
      i: { title: '错误', description: '错误', periodStart: '2026-11-30', periodEnd: '2026-11-01' },
    }));
    expect(e.message).toMatch(/T-COM-3|COM-3/);
  });

  it('COM-2: the committee assigns tasks to the three townships and the bureau; bad deadlines and assignees are refused', async () => {
    for (const name of ['景山镇', '濛江乡', '龙泉镇']) {
      const created = await task(t.office, 'assignTask', {
        assigneeId: ids[`gov:${name}`], title: `${name}九小场所专项整治`, requirement: '排查辖区九小场所，十一月二十日前报送整治情况', deadline: '2026-11-20',
        campaignId: ids.campaign,
      });
      expect(created).toMatchObject({ status: 'ASSIGNED', source: 'CAMPAIGN', overdue: false });
      ids[`task:${name}`] = created.id;
    }
    const bureauTask = await task(t.office, 'assignTask', {
      assigneeId: ids.bureau, title: '督促九小场所经营者落实主体责任', requirement: '十一月二十日前报送督促情况及佐证材料', deadline: '2026-11-20', decisionId: ids.decision2,
    });
    expect(bureauTask).toMatchObject({ source: 'DECISION', assignee: { name: '靖宇县市场监督管理局' } });
    ids.bureauTask = bureauTask.id;

    const count = async () => Number((await t.dataSource.query(`SELECT count(*) AS n FROM committee_task`))[0].n);
    const before = await count();
    const refusals = [
      { deadline: '2026-10-27', expect: 'T-COM-2' },
      { deadline: '2027-12-31', expect: 'T-COM-2' },
      { assigneeId: ids.jingshanSchool, expect: 'COM-2' },
    ];
    for (const r of refusals) {
      const e = error(await t.gql(`mutation($i: AssignTaskInput!) { assignTask(input: $i) { id } }`, {
        i: { assigneeId: r.assigneeId ?? ids.bureau, title: '错误任务', requirement: '错误', deadline: r.deadline ?? '2026-11-20' },
      }));
      expect(e.extensions.code).toBe('BAD_USER_INPUT');
      expect(e.message).toContain(r.expect);
    }
    expect(await count()).toBe(before);
  });

  it('COM-2: the township committees acknowledge and pass their tasks on to their stations', async () => {
    for (const name of ['景山镇', '濛江乡', '龙泉镇']) {
      await task(who[`gov:${name}`], 'acknowledgeTask', { taskId: ids[`task:${name}`] });
      const sub = await task(who[`gov:${name}`], 'passOnTask', {
        taskId: ids[`task:${name}`], assigneeId: ids[`station:${name}`], deadline: '2026-11-18', requirement: '逐户排查本乡镇九小场所',
      });
      expect(sub).toMatchObject({ source: 'PASSED_ON', status: 'ASSIGNED' });
      ids[`sub:${name}`] = sub.id;
    }
    // the county sees the roll-up
    const rollUp = data(await t.gql(`query($id: ID!) { node(id: $id) { ... on Task { rollUp { total accepted open overdue } subTasks(first: 10) { totalCount } } } }`, { id: ids['task:景山镇'] })).node;
    expect(rollUp).toEqual({ rollUp: { total: 1, accepted: 0, open: 1, overdue: 0 }, subTasks: { totalCount: 1 } });
  });

  it('COM-3: the stations inspect small places in November; what is in scope counts towards the campaign', async () => {
    await moveTo(at('2026-11-10'));
    const premises = async (as: TestAccount, region: string, name: string, kind = 'SMALL_VENUE') =>
      data(await t.gqlAs(as, `mutation($i: CreatePremisesInput!) { createPremises(input: $i) { id } }`, {
        i: { regionId: ids[region], kind, name, address: `${region}中心街`, responsibleName: '业主', responsiblePhone: '13912345678', riskLevel: 'GENERAL' },
      })).createPremises.id;
    ids.pJ1 = await premises(who['station:景山镇'], '景山镇', '景山镇平价超市');
    ids.pJ2 = await premises(who['station:景山镇'], '景山镇', '景山镇小饭店');
    ids.pM1 = await premises(who['station:濛江乡'], '濛江乡', '濛江乡小旅馆');
    ids.pL1 = await premises(who['station:龙泉镇'], '龙泉镇', '龙泉镇网吧');
    ids.pJCrowded = await premises(who['station:景山镇'], '景山镇', '景山镇影剧院', 'CROWDED_PLACE');
    const stationJingyu = await account({ role: Role.STATION, region: '靖宇镇' });
    ids.pOutside = await premises(stationJingyu, '靖宇镇', '靖宇镇小超市');
    // the bureau supervises the small places' sector (COM-5)
    for (const [p, station] of [[ids.pJ1, '景山镇'], [ids.pJ2, '景山镇'], [ids.pM1, '濛江乡'], [ids.pL1, '龙泉镇']]) {
      data(await t.gqlAs(who[`station:${station}`], `mutation($i: SetPremisesSectorUnitInput!) { setPremisesSectorUnit(input: $i) { id } }`, { i: { premisesId: p, sectorUnitId: ids.bureau } }));
    }
    const SV = ['SV-01', 'SV-02', 'SV-03', 'SV-04', 'SV-05'];
    const inspect = async (as: TestAccount, premisesId: string, failed: string[]) =>
      data(await t.gqlAs(as, `mutation($i: RecordInspectionInput!) { recordInspection(input: $i) { id hazards { id } } }`, {
        i: { premisesId, inspectedOn: '2026-11-10', inspectors: ['张三', '李四'], results: SV.map((code) => ({ code, result: failed.includes(code) ? 'FAIL' : 'PASS', note: failed.includes(code) ? '现场发现问题' : null })) },
      })).recordInspection;
    const j1 = await inspect(who['station:景山镇'], ids.pJ1, ['SV-02']);
    await inspect(who['station:景山镇'], ids.pJ2, []);
    const m1 = await inspect(who['station:濛江乡'], ids.pM1, ['SV-03']);
    await inspect(who['station:龙泉镇'], ids.pL1, []);
    // outside the scope: another township, another kind
    await inspect(stationJingyu, ids.pOutside, ['SV-02']);
    ids.hazardJ1 = j1.hazards[0].id;
    ids.hazardM1 = m1.hazards[0].id;
    // 景山镇's hazard is rectified and closed; 濛江乡's is still being rectified
    data(await order(f, ids.hazardJ1, { deadline: '2026-11-15' }, who['station:景山镇']));
    data(await reportRectification(f, ids.hazardJ1, who['station:景山镇']));
    data(await recheck(f, ids.hazardJ1, true, f.colleague));
    data(await order(f, ids.hazardM1, { deadline: '2026-11-25' }, who['station:濛江乡']));

    const progress = data(await t.gql(`query($id: ID!) { campaignProgress(campaignId: $id) {
      totals { premisesInScope premisesInspected inspections hazardsFound hazardsRectified rectificationRate inspectionTargetPercent }
      byTownship { region { name } figures { inspections hazardsFound hazardsRectified } }
      byMemberUnit { memberUnit { name } figures { inspections hazardsFound hazardsRectified } } tasks { total accepted open overdue } } }`, { id: ids.campaign })).campaignProgress;
    expect(progress.totals).toMatchObject({ premisesInScope: 4, premisesInspected: 4, inspections: 4, hazardsFound: 2, hazardsRectified: 1, rectificationRate: 50, inspectionTargetPercent: 100 });
    const byTownship = Object.fromEntries(progress.byTownship.map((r: any) => [r.region.name, r.figures]));
    expect(byTownship).toEqual({
      景山镇: { inspections: 2, hazardsFound: 1, hazardsRectified: 1 },
      濛江乡: { inspections: 1, hazardsFound: 1, hazardsRectified: 0 },
      龙泉镇: { inspections: 1, hazardsFound: 0, hazardsRectified: 0 },
    });
    expect(progress.byMemberUnit).toEqual([{ memberUnit: { name: '靖宇县市场监督管理局' }, figures: { inspections: 4, hazardsFound: 2, hazardsRectified: 1 } }]);
    // the three county tasks of the campaign and the three the townships passed on with it
    expect(progress.tasks).toEqual({ total: 6, accepted: 0, open: 6, overdue: 0 });
  });

  it('COM-2: stations and townships report with evidence and are accepted; the bureau is returned once, then accepted on time', async () => {
    await moveTo(at('2026-11-17'));
    for (const name of ['景山镇', '濛江乡']) {
      await task(who[`station:${name}`], 'acknowledgeTask', { taskId: ids[`sub:${name}`] });
      const evidence = [await uploaded(t, who[`station:${name}`], '排查台账.jpg', jpeg())];
      await task(who[`station:${name}`], 'completeTask', { taskId: ids[`sub:${name}`], note: '已排查全部九小场所', attachments: evidence });
      await task(who[`gov:${name}`], 'acceptTask', { taskId: ids[`sub:${name}`] });
      const govEvidence = [await uploaded(t, who[`gov:${name}`], '整治情况报告.jpg', jpeg())];
      await task(who[`gov:${name}`], 'completeTask', { taskId: ids[`task:${name}`], note: '本乡镇专项整治已完成', attachments: govEvidence });
      const accepted = await task(t.office, 'acceptTask', { taskId: ids[`task:${name}`] });
      expect(accepted).toMatchObject({ status: 'ACCEPTED', completedOnTime: true });
    }
    // COM-2: evidence required: a completion without it is refused, nothing changes
    const e = error(await t.gqlAs(who.bureau, `mutation($i: CompleteTaskInput!) { completeTask(input: $i) { id } }`, { i: { taskId: ids.bureauTask, note: '已完成', attachments: [] } }));
    expect(e.message).toContain('COM-2');
    await task(who.bureau, 'acknowledgeTask', { taskId: ids.bureauTask });
    await task(who.bureau, 'reportTaskProgress', { taskId: ids.bureauTask, note: '已约谈 12 家经营者', attachments: [] });
    await task(who.bureau, 'completeTask', { taskId: ids.bureauTask, note: '已完成督促', attachments: [await uploaded(t, who.bureau, '督促记录.jpg', jpeg())] });
    const returned = await task(t.office, 'returnTask', { taskId: ids.bureauTask, reason: '佐证材料不全，请补充约谈记录' });
    expect(returned).toMatchObject({ status: 'IN_PROGRESS', returnCount: 1 });
    await moveTo(at('2026-11-20'));
    await task(who.bureau, 'completeTask', { taskId: ids.bureauTask, note: '已补充约谈记录', attachments: [await uploaded(t, who.bureau, '约谈记录.jpg', jpeg())] });
    expect(await task(t.office, 'acceptTask', { taskId: ids.bureauTask })).toMatchObject({ status: 'ACCEPTED', completedOnTime: true, returnCount: 1 });
  });

  it('COM-2: 龙泉镇\'s task goes overdue and raises a warning to the committee office', async () => {
    await moveTo(at('2026-11-23'));
    await t.app.get(WarningService).evaluate();
    const overdue = data(await t.gql(`query { tasks(overdue: true, first: 20) { totalCount edges { node { id daysOverdue assignee { name } } } } }`)).tasks;
    expect(nodes(overdue).map((n: any) => n.id).sort()).toEqual([ids['task:龙泉镇'], ids['sub:龙泉镇']].sort());
    expect(nodes(overdue).find((n: any) => n.id === ids['task:龙泉镇']).daysOverdue).toBe(3);
    const warnings = data(await t.gql(`query { warnings(first: 50) { edges { node { subjectType subjectId level message ruleCode } } } }`)).warnings;
    const taskWarning = nodes(warnings).find((w: any) => w.ruleCode === 'task.overdue' && w.subjectId === ids['task:龙泉镇']);
    expect(taskWarning).toMatchObject({ subjectType: 'TASK', level: 'ORANGE' });
    expect(taskWarning.message).toContain('龙泉镇');
  });

  it('COM-2: the task ledger and its .xlsx agree: 4 tasks, 3 on time, 1 overdue, 1 returned', async () => {
    // the county committee's own ledger: the four tasks it assigned (the townships' sub-tasks are in theirs)
    const ledger = data(await t.gql(`query($c: ID) { taskLedger(committeeId: $c, year: 2026) { total open overdue completedOnTime completedLate returned rows { assignee { name } total overdue } } }`, { c: ids.countyCommittee })).taskLedger;
    expect(ledger).toMatchObject({ total: 4, open: 1, overdue: 1, completedOnTime: 3, completedLate: 0, returned: 1 });
    expect(ledger.rows.find((r: any) => r.assignee.name.startsWith('龙泉镇'))).toMatchObject({ total: 1, overdue: 1 });
    const file = await getFile(t, t.office, `/office/exports/tasks.xlsx?committeeId=${encodeURIComponent(ids.countyCommittee)}&year=2026`);
    expect(file.status).toBe(200);
    const text = [...(await readXlsx(file.bytes)).values()].flat().flat().join('|');
    expect(text).toContain('龙泉镇九小场所专项整治');
    expect(text).toContain('靖宇县市场监督管理局');
    // the campaign's progress workbook and the month's briefing carry the same work
    const progress = await getFile(t, t.office, `/office/exports/campaign-progress.xlsx?campaignId=${encodeURIComponent(ids.campaign)}`);
    expect(progress.status).toBe(200);
    expect([...(await readXlsx(progress.bytes)).keys()].length).toBeGreaterThanOrEqual(2);
    const briefing = await getFile(t, t.office, `/office/briefings/fire-situation.docx?month=2026-11&regionId=${encodeURIComponent(ids.county)}`);
    expect(briefing.status).toBe(200);
    const { value } = await mammoth.extractRawText({ buffer: briefing.bytes });
    expect(value).toContain('委员会交办任务和专项整治');
    expect(value).toContain('九小场所消防安全专项整治');
    expect(value).toContain('龙泉镇九小场所专项整治');
  });

  it('COM-5: the bureau\'s account sees only its tasks, the premises of its sector and the hazards found there', async () => {
    const mine = data(await t.gqlAs(who.bureau, `{ tasks(first: 50) { totalCount edges { node { id } } } }`)).tasks;
    expect(nodes(mine).map((n: any) => n.id)).toEqual([ids.bureauTask]);
    const premises = data(await t.gqlAs(who.bureau, `{ sectorPremises(first: 50) { totalCount edges { node { name } } } }`)).sectorPremises;
    expect(nodes(premises).map((n: any) => n.name).sort()).toEqual(['景山镇小饭店', '景山镇平价超市', '濛江乡小旅馆', '龙泉镇网吧'].sort());
    const hazards = data(await t.gqlAs(who.bureau, `{ sectorHazards(first: 50) { totalCount edges { node { status premisesName } } } }`)).sectorHazards;
    expect(nodes(hazards).map((h: any) => [h.premisesName, h.status]).sort()).toEqual([['景山镇平价超市', 'CLOSED'], ['濛江乡小旅馆', 'RECTIFYING']]);
    // another unit's account sees none of it
    expect(data(await t.gqlAs(who.education, `{ tasks(first: 50) { totalCount } }`)).tasks.totalCount).toBe(0);
    expect(data(await t.gqlAs(who.education, `{ sectorHazards(first: 50) { totalCount } }`)).sectorHazards.totalCount).toBe(0);
    expect(data(await t.gqlAs(who.education, `query($id: ID!) { node(id: $id) { id } }`, { id: ids.bureauTask })).node).toBeNull();
  });

  it('COM-4: after the year ends, the bureau\'s evaluation grades it with a breakdown traced to its inputs', async () => {
    await moveTo(at('2027-01-05'));
    const visit = data(await t.gqlAs(who.center, `mutation($i: RecordSupervisionVisitInput!) { recordSupervisionVisit(input: $i) { id findings { id } } }`, {
      i: { memberUnitId: ids.bureau, visitedOn: '2027-01-05', visitors: ['指导中心 赵某', '指导中心 钱某'], summary: '督导年度消防工作', findings: [] },
    })).recordSupervisionVisit;
    expect(visit.findings).toEqual([]);
    data(await t.gqlAs(who.center, `mutation($i: ScoreMemberUnitInput!) { scoreMemberUnit(input: $i) { scoredPart } }`, { i: { memberUnitId: ids.bureau, year: 2026, scoredPart: 90, comment: '配合专项整治积极' } }));
    const final = data(await t.gqlAs(who.center, `mutation($i: FinalizeMemberUnitEvaluationInput!) { finalizeMemberUnitEvaluation(input: $i) { status score grade breakdown { part points max } } }`, {
      i: { memberUnitId: ids.bureau, year: 2026 },
    })).finalizeMemberUnitEvaluation;
    expect(final.status).toBe('FINAL');
    expect(['EXCELLENT', 'GOOD', 'COMPETENT', 'INCOMPETENT']).toContain(final.grade);
    // every point traced: the parts add up to the score
    const sum = final.breakdown.reduce((s: number, b: any) => s + b.points, 0);
    expect(Math.round(sum * 100) / 100).toBeCloseTo(final.score, 2);
    const read = data(await t.gqlAs(who.bureau, `{ memberUnitEvaluations(year: 2026, first: 10) { totalCount edges { node { memberUnit { name } grade status } } } }`)).memberUnitEvaluations;
    expect(nodes(read)).toEqual([{ memberUnit: { name: '靖宇县市场监督管理局' }, grade: final.grade, status: 'FINAL' }]);
  });

  it('COM-6: an investigation of a fatal fire in 龙泉镇 cites the overdue task and its unit', async () => {
    const fire = data(await t.gqlAs(who['station:龙泉镇'], `mutation($i: RecordFireInput!) { recordFire(input: $i) { id } }`, {
      i: { regionId: ids['龙泉镇'], occurredAt: '2027-01-04T20:00:00+08:00', place: '龙泉镇网吧', cause: 'ELECTRICAL', deaths: 1, injuries: 0, seriousInjuries: 0, directLossYuan: 30000 },
    })).recordFire;
    // INS-6: a death opens the extended investigation, which the committee office leads
    const investigationId = data(await t.gql(`query($id: ID!) { node(id: $id) { ... on FireIncident { investigation { id } } } }`, { id: fire.id })).node.investigation.id;
    const cited = data(await t.gql(`mutation($i: CiteTasksInInvestigationInput!) { citeTasksInInvestigation(input: $i) { citedTasks { taskId overdue responsibleUnit { name } note } } }`, {
      i: { investigationId, citations: [{ taskId: ids['task:龙泉镇'], note: '专项整治任务逾期未落实' }] },
    })).citeTasksInInvestigation;
    expect(cited.citedTasks).toEqual([{ taskId: ids['task:龙泉镇'], overdue: true, responsibleUnit: { name: expect.stringContaining('龙泉镇') }, note: '专项整治任务逾期未落实' }]);
    // COM-6: a task done on time cannot be cited as not implemented
    const e = error(await t.gql(`mutation($i: CiteTasksInInvestigationInput!) { citeTasksInInvestigation(input: $i) { id } }`, {
      i: { investigationId, citations: [{ taskId: ids['task:景山镇'], note: '错误' }] },
    }));
    expect(e.message).toContain('COM-6');
  });
});
