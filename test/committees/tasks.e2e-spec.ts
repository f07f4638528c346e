import { randomUUID } from 'node:crypto';
import { AuthService } from '../../src/auth/auth.service';
import { Role } from '../../src/kernel/permissions';
import { toGlobalId } from '../../src/graphql/global-id';
import { RequestContext } from '../../src/kernel/request-context';
import { WarningService } from '../../src/inspections/warning.service';
import { uploaded } from '../support/files';
import { getFile, readXlsx } from '../support/office';
import { createTestApp, data, error, GqlResponse, TestAccount, TestApp } from '../support/test-app';

/**
 * COM-2: tasks assigned by a committee (交办), the assignee's loop (签收、进展、报结 with evidence), the assigning
 * office's check (验收 or 退回重办), a township passing a county task on (分解转办) with the county's roll-up, the
 * ledger and its export, the overdue warning; deadlines under time rule T-COM-2; member units see only their own
 * tasks (COM-5).
 */
describe('committee tasks (COM-2, T-COM-2)', () => {
  let t: TestApp;
  const org = async (region: string, kind: string) =>
    ((await t.dataSource.query(`SELECT o.id FROM organization o JOIN region r ON r.id = o.region_id WHERE r.name = $1 AND o.kind = $2`, [region, kind])) as { id: string }[])[0].id;
  const gid = (id: string) => toGlobalId('Organization', id);
  const uuidOf = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1];
  const counts = async () => (await t.dataSource.query(
    `SELECT (SELECT count(*)::int FROM committee_task) AS tasks, (SELECT count(*)::int FROM committee_task_event) AS events,
            (SELECT count(*)::int FROM supervision_finding WHERE task_id IS NOT NULL) AS findings`)) [0] as { tasks: number; events: number; findings: number };
  const signIn = async (a: TestAccount) => {
    const { accessToken } = await t.app.get(AuthService).startSession(RequestContext.system('test'), a.id);
    a.token = accessToken;
    a.headers = { authorization: `Bearer ${accessToken}` };
  };

  const TASK = `id title status source overdue daysOverdue deadline deadlineWorkingDays assignedOn evidenceRequired returnCount lastReturnReason completionReportedAt
    acceptedAt completedOnTime policyVersion version decisionId campaignId assignee { id name } committee { id kind } assignedBy { id kind } region { name }`;
  const assign = (input: Record<string, unknown>, who: TestAccount | null = null): Promise<GqlResponse> => (who
    ? t.gqlAs(who, `mutation($i: AssignTaskInput!) { assignTask(input: $i) { ${TASK} } }`, { i: input })
    : t.gql(`mutation($i: AssignTaskInput!) { assignTask(input: $i) { ${TASK} } }`, { i: input }));
  const step = (who: TestAccount | null, mutation: string, input: Record<string, unknown>): Promise<GqlResponse> => {
    const type = { acknowledgeTask: 'AcknowledgeTaskInput', reportTaskProgress: 'ReportTaskProgressInput', completeTask: 'CompleteTaskInput', acceptTask: 'AcceptTaskInput', returnTask: 'ReturnTaskInput', passOnTask: 'PassOnTaskInput' }[mutation];
    const q = `mutation($i: ${type}!) { ${mutation}(input: $i) { ${TASK} } }`;
    return who ? t.gqlAs(who, q, { i: input }) : t.gql(q, { i: input });
  };
  /** A refusal that names its rule and writes nothing. */
  const refused = async (run: () => Promise<GqlResponse>, code: string, message: string | RegExp) => {
    const before = await counts();
    const e = error(await run());
    expect(e.extensions.code).toBe(code);
    if (typeof message === 'string') expect(e.message).toContain(message);
    else expect(e.message).toMatch(message);
    expect(await counts()).toEqual(before);
    return e;
  };

  let countyCommittee: string;
  let center: string;
  let townshipCommittee: string;
  let townshipGovernment: string;
  let station: string;
  let emergency: string; // a county member unit
  let education: string; // another county member unit
  let townshipUnit: string; // a member unit of 景山镇's committee
  let emergencyAccount: TestAccount;
  let educationAccount: TestAccount;
  let townshipUnitAccount: TestAccount;
  let centerAccount: TestAccount;
  let government: TestAccount;
  let stationAccount: TestAccount;
  let photo: { sha256: string; name: string };

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.freeze('2027-03-10T10:00:00+08:00');
    countyCommittee = await org('靖宇县', 'COUNTY_COMMITTEE');
    center = await org('靖宇县', 'GUIDANCE_CENTER');
    townshipCommittee = await org('景山镇', 'TOWNSHIP_COMMITTEE');
    townshipGovernment = await org('景山镇', 'TOWNSHIP_GOVERNMENT');
    station = await org('景山镇', 'FIRE_WORK_STATION');
    const unit = async (name: string, region: string, committee: string) => uuidOf(data(await t.admins.system.gql(`mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`, {
      i: { kind: 'MEMBER_UNIT', name, regionId: toGlobalId('Region', await t.regionId(region)), committeeId: gid(committee) },
    })).createOrganization.id);
    emergency = await unit('县应急管理局', '靖宇县', countyCommittee);
    education = await unit('县教育局', '靖宇县', countyCommittee);
    townshipUnit = await unit('景山镇中心校', '景山镇', townshipCommittee);
    emergencyAccount = await t.account({ role: Role.MEMBER_UNIT, organizationId: gid(emergency) });
    educationAccount = await t.account({ role: Role.MEMBER_UNIT, organizationId: gid(education) });
    townshipUnitAccount = await t.account({ role: Role.MEMBER_UNIT, region: '景山镇', organizationId: gid(townshipUnit) });
    centerAccount = await t.account({ role: Role.CENTER });
    government = await t.account({ role: Role.TOWNSHIP_GOVERNMENT, region: '景山镇' });
    stationAccount = await t.account({ role: Role.STATION, region: '景山镇' });
    photo = await uploaded(t, emergencyAccount, '整改台账.png');
  });
  afterAll(async () => {
    await t?.close();
  });

  let loopTask: any;
  it('COM-2: the full loop: assigned, acknowledged, progress, completion with evidence, accepted on time; every step a TaskEvent', async () => {
    loopTask = data(await assign({ assigneeId: gid(emergency), title: '开展汛期前消防安全检查', requirement: '检查本系统重点单位并报送台账', deadline: '2027-03-31' })).assignTask;
    expect(loopTask).toMatchObject({
      status: 'ASSIGNED', source: 'DEPLOYMENT', assignedOn: '2027-03-10', deadline: '2027-03-31', deadlineWorkingDays: null, evidenceRequired: true, overdue: false, daysOverdue: null,
      policyVersion: 1, assignee: { name: '县应急管理局' }, committee: { id: gid(countyCommittee), kind: 'COUNTY_COMMITTEE' }, assignedBy: { kind: 'COUNTY_COMMITTEE_OFFICE' }, region: { name: '靖宇县' },
    });
    const ack = data(await step(emergencyAccount, 'acknowledgeTask', { taskId: loopTask.id, expectedVersion: loopTask.version })).acknowledgeTask;
    expect(ack.status).toBe('ACKNOWLEDGED');
    // optimistic locking: the version read before the acknowledgement is stale now
    expect(error(await step(emergencyAccount, 'reportTaskProgress', { taskId: loopTask.id, note: '已检查 3 家', expectedVersion: loopTask.version })).extensions).toMatchObject({ code: 'CONFLICT', currentVersion: ack.version });
    expect(data(await step(emergencyAccount, 'reportTaskProgress', { taskId: loopTask.id, note: '已检查 3 家', attachments: [photo] })).reportTaskProgress.status).toBe('IN_PROGRESS');
    await refused(() => step(emergencyAccount, 'completeTask', { taskId: loopTask.id, note: '已全部检查' }), 'BAD_USER_INPUT', 'COM-2：该任务要求附佐证材料');
    const done = data(await step(emergencyAccount, 'completeTask', { taskId: loopTask.id, note: '已全部检查', attachments: [photo] })).completeTask;
    expect(done.status).toBe('COMPLETION_REPORTED');
    expect(done.completionReportedAt).not.toBeNull();
    const accepted = data(await step(null, 'acceptTask', { taskId: loopTask.id, note: '材料齐全' })).acceptTask;
    expect(accepted).toMatchObject({ status: 'ACCEPTED', completedOnTime: true, overdue: false });
    const events = data(await t.gql(`query($id: ID!) { node(id: $id) { ... on Task { events(first: 20) { totalCount edges { node { action note actor attachments { name sha256 } } } } } } }`, { id: loopTask.id })).node.events;
    expect(events.edges.map((e: any) => e.node.action)).toEqual(['ASSIGNED', 'ACKNOWLEDGED', 'PROGRESS_REPORTED', 'COMPLETION_REPORTED', 'ACCEPTED']);
    expect(events.edges[3].node).toMatchObject({ note: '已全部检查', actor: emergencyAccount.username, attachments: [{ sha256: photo.sha256 }] });
    // accepted is final
    await refused(() => step(null, 'returnTask', { taskId: loopTask.id, reason: '再看看' }), 'CONFLICT', 'COM-2：任务状态为“已验收办结”');
    // the evidence is readable through the task by the assigning office
    expect((await getFile(t, t.office, `/attachments/${photo.sha256}`)).status).toBe(200);
  });

  let centerTask: any;
  it('COM-2: return and reopen: the office returns a reported completion with its reason; reported again late, it is accepted as late', async () => {
    // 3 working days from Wednesday 2027-03-10: Monday 2027-03-15
    centerTask = data(await assign({ assigneeId: gid(center), title: '督导成员单位履职', requirement: '对县直成员单位开展一次督导', deadlineWorkingDays: 3, evidenceRequired: false })).assignTask;
    expect(centerTask).toMatchObject({ deadline: '2027-03-15', deadlineWorkingDays: 3, evidenceRequired: false, assignee: { id: gid(center) } });
    await refused(() => step(centerAccount, 'completeTask', { taskId: centerTask.id, note: '已完成' }), 'CONFLICT', /COM-2：任务状态为“已交办（待签收）”，不能报告办结/);
    data(await step(centerAccount, 'acknowledgeTask', { taskId: centerTask.id }));
    data(await step(centerAccount, 'completeTask', { taskId: centerTask.id, note: '已完成督导' }));
    const returned = data(await step(null, 'returnTask', { taskId: centerTask.id, reason: '缺少督导记录' })).returnTask;
    expect(returned).toMatchObject({ status: 'IN_PROGRESS', returnCount: 1, lastReturnReason: '缺少督导记录', completionReportedAt: null });
    t.clock.freeze('2027-03-16T09:00:00+08:00');
    await signIn(centerAccount);
    const late = data(await t.gqlAs(centerAccount, `query($id: ID!) { node(id: $id) { ... on Task { overdue daysOverdue } } }`, { id: centerTask.id })).node;
    expect(late).toEqual({ overdue: true, daysOverdue: 1 });
    data(await step(centerAccount, 'completeTask', { taskId: centerTask.id, note: '补充了督导记录' }));
    expect(data(await step(null, 'acceptTask', { taskId: centerTask.id })).acceptTask).toMatchObject({ status: 'ACCEPTED', completedOnTime: false, returnCount: 1, overdue: false });
    t.clock.freeze('2027-03-10T10:00:00+08:00');
    for (const a of [emergencyAccount, educationAccount, townshipUnitAccount, centerAccount, government, stationAccount]) await signIn(a);
  });

  let countyToTownship: any;
  let subTask: any;
  it('COM-2: a township government passes a county task on to its station and member unit; the county sees the sub-tasks and the roll-up', async () => {
    countyToTownship = data(await assign({ assigneeId: gid(townshipGovernment), title: '春季防火专项检查', requirement: '组织本乡镇成员单位和工作站开展检查', deadline: '2027-04-10' })).assignTask;
    expect(countyToTownship.region.name).toBe('景山镇');
    data(await step(government, 'acknowledgeTask', { taskId: countyToTownship.id }));
    const passOn = (assigneeId: string, deadline: string) => step(government, 'passOnTask', { taskId: countyToTownship.id, assigneeId: gid(assigneeId), deadline });
    const e = await refused(() => passOn(station, '2027-04-11'), 'BAD_USER_INPUT', '时间规则 T-COM-2：分解转办的任务期限不能晚于上级任务的期限 2027-04-10');
    expect(e.extensions).toMatchObject({ rule: 'T-COM-2', protects: 'COM-2' });
    // the station of another township is not the township's own
    await refused(() => passOn(emergency, '2027-04-01'), 'FORBIDDEN', '超出本账号的管辖范围');
    subTask = data(await passOn(station, '2027-04-05')).passOnTask;
    expect(subTask).toMatchObject({ source: 'PASSED_ON', title: '春季防火专项检查', deadline: '2027-04-05', committee: { id: gid(townshipCommittee) }, assignedBy: { id: gid(townshipGovernment) }, assignee: { id: gid(station) } });
    const unitTask = data(await passOn(townshipUnit, '2027-04-10')).passOnTask;
    // the station carries out its part; the township (its committee's office) accepts it
    data(await step(stationAccount, 'acknowledgeTask', { taskId: subTask.id }));
    data(await step(stationAccount, 'completeTask', { taskId: subTask.id, note: '已检查 12 家', attachments: [await uploaded(t, stationAccount)] }));
    expect(data(await step(government, 'acceptTask', { taskId: subTask.id })).acceptTask.status).toBe('ACCEPTED');
    const parent = data(await t.gql(`query($id: ID!) { node(id: $id) { ... on Task { status rollUp { total accepted open overdue } subTasks(first: 10) { totalCount edges { node { id assignee { name } status parentTask { id } } } }
      events(first: 10) { edges { node { action } } } } } }`, { id: countyToTownship.id })).node;
    expect(parent.status).toBe('ACKNOWLEDGED');
    expect(parent.rollUp).toEqual({ total: 2, accepted: 1, open: 1, overdue: 0 });
    expect(parent.subTasks.edges.map((e: any) => e.node.id)).toEqual([subTask.id, unitTask.id]);
    expect(parent.subTasks.edges[0].node.parentTask.id).toBe(countyToTownship.id);
    expect(parent.events.edges.map((e: any) => e.node.action)).toEqual(['ASSIGNED', 'ACKNOWLEDGED', 'PASSED_ON', 'PASSED_ON']);
    // the township member unit sees only its own sub-task
    const own = data(await t.gqlAs(townshipUnitAccount, `{ tasks(first: 50) { edges { node { id } } } }`)).tasks.edges.map((e: any) => e.node.id);
    expect(own).toEqual([unitTask.id]);
    // a task to the township committee is the township government's own too: it acknowledges and passes it on
    const toCommittee = data(await assign({ assigneeId: gid(townshipCommittee), title: '乡镇委员会专题研究', requirement: '召开专题会议研究部署', deadline: '2027-04-01' })).assignTask;
    expect(data(await step(government, 'acknowledgeTask', { taskId: toCommittee.id })).acknowledgeTask.status).toBe('ACKNOWLEDGED');
    expect(data(await step(government, 'passOnTask', { taskId: toCommittee.id, assigneeId: gid(station), deadline: '2027-03-25', title: '工作站配合研究' })).passOnTask).toMatchObject({ title: '工作站配合研究', source: 'PASSED_ON' });
    // the station is no assignee of the committee's task
    await refused(() => step(stationAccount, 'acknowledgeTask', { taskId: countyToTownship.id }), 'FORBIDDEN', 'COM-2：只有承办单位');
    // listed by parent
    const byParent = data(await t.gql(`query($p: ID) { tasks(parentTaskId: $p, first: 10) { totalCount } }`, { p: countyToTownship.id })).tasks.totalCount;
    expect(byParent).toBe(2);
  });

  it('COM-2: every refusal names its rule in zh-CN and writes nothing', async () => {
    const base = { title: '任务', requirement: '要求', deadline: '2027-03-20' };
    // not in the committee's region: the township's committee office is no assignee; a township committee assigns no township government
    const townshipOffice = await org('景山镇', 'TOWNSHIP_COMMITTEE_OFFICE');
    await refused(() => assign({ ...base, assigneeId: gid(townshipOffice) }), 'BAD_USER_INPUT', 'COM-2：承办单位不在本委员会辖区内');
    await refused(() => assign({ ...base, assigneeId: gid(townshipGovernment) }, government), 'BAD_USER_INPUT', 'COM-2：承办单位不在本委员会辖区内');
    // a member unit of another committee
    await refused(() => assign({ ...base, assigneeId: gid(townshipUnit) }), 'BAD_USER_INPUT', 'COM-2：“景山镇中心校”是“景山镇消防救援委员会”的成员单位');
    // T-COM-2: before the assignment day, beyond the policy's maximum (version 1: 180 days)
    let e = await refused(() => assign({ ...base, assigneeId: gid(emergency), deadline: '2027-03-09' }), 'BAD_USER_INPUT', '时间规则 T-COM-2：任务期限不能早于交办日期（2027-03-10）');
    expect(e.extensions.rule).toBe('T-COM-2');
    expect(data(await assign({ ...base, assigneeId: gid(emergency), deadline: '2027-09-06' })).assignTask.deadline).toBe('2027-09-06');
    e = await refused(() => assign({ ...base, assigneeId: gid(emergency), deadline: '2027-09-07' }), 'BAD_USER_INPUT', '时间规则 T-COM-2：任务期限不能晚于 2027-09-06（委员会工作政策第 1 版：至多交办后 180 天）');
    // both or neither of deadline / deadlineWorkingDays
    await refused(() => assign({ ...base, assigneeId: gid(emergency), deadlineWorkingDays: 5 }), 'BAD_USER_INPUT', 'COM-2：办结期限须按日期');
    await refused(() => assign({ title: '任务', requirement: '要求', assigneeId: gid(emergency) }), 'BAD_USER_INPUT', 'COM-2：办结期限须按日期');
    // a decision of an unpublished meeting, of another committee's; a campaign of another committee
    const meeting = async (committee: string, region: string, status: string) => {
      const id = randomUUID();
      await t.dataSource.query(
        `INSERT INTO committee_meeting (id, committee_id, region_id, kind, title, held_on, convener, attending_unit_ids, attendees, topics, minutes, attachments, status, published_at, published_by, created_by, version)
         VALUES ($1, $2, $3, 'PLENARY', '全体会议', '2027-03-01', '县长', '{}', '{}', '{防火}', '纪要', '[]', $4, $5, NULL, 'test', 1)`,
        [id, committee, await t.regionId(region), status, status === 'PUBLISHED' ? new Date() : null]);
      const decision = randomUUID();
      await t.dataSource.query(`INSERT INTO meeting_decision (id, meeting_id, seq, content) VALUES ($1, $2, 1, '开展检查')`, [decision, id]);
      return toGlobalId('MeetingDecision', decision);
    };
    await refused(async () => assign({ ...base, assigneeId: gid(emergency), decisionId: await meeting(countyCommittee, '靖宇县', 'DRAFT') }), 'BAD_USER_INPUT', 'COM-2：须为本委员会已印发会议的议定事项');
    await refused(async () => assign({ ...base, assigneeId: gid(emergency), decisionId: await meeting(townshipCommittee, '景山镇', 'PUBLISHED') }), 'BAD_USER_INPUT', 'COM-2：须为本委员会已印发会议的议定事项');
    const decided = data(await assign({ ...base, assigneeId: gid(emergency), decisionId: await meeting(countyCommittee, '靖宇县', 'PUBLISHED') })).assignTask;
    expect(decided.source).toBe('DECISION');
    const campaign = randomUUID();
    await t.dataSource.query(
      `INSERT INTO campaign (id, committee_id, region_id, title, description, period_start, period_end, scope_region_ids, premises_kinds, hazard_item_codes, created_by, version)
       VALUES ($1, $2, $3, '乡镇整治', '整治', '2027-03-01', '2027-05-31', $4, '{}', '{}', 'test', 1)`, [campaign, townshipCommittee, await t.regionId('景山镇'), [await t.regionId('景山镇')]]);
    await refused(() => assign({ ...base, assigneeId: gid(emergency), campaignId: toGlobalId('Campaign', campaign) }), 'BAD_USER_INPUT', 'COM-2：须为本委员会部署的专项整治');
    // a supervision finding becomes a task once, in the same transaction as the task
    const visit = randomUUID();
    const finding = randomUUID();
    await t.dataSource.query(
      `INSERT INTO supervision_visit (id, member_unit_id, region_id, visitor_organization_id, visited_on, visitors, summary, attachments, recorded_by) VALUES ($1, $2, $3, $4, '2027-03-05', '{张三}', '督导', '[]', 'test')`,
      [visit, education, await t.regionId('靖宇县'), center]);
    await t.dataSource.query(`INSERT INTO supervision_finding (id, visit_id, seq, description, severity) VALUES ($1, $2, 1, '未落实责任清单', 'GENERAL')`, [finding, visit]);
    const fromFinding = data(await assign({ ...base, assigneeId: gid(education), findingId: toGlobalId('SupervisionFinding', finding) })).assignTask;
    expect(fromFinding.source).toBe('SUPERVISION');
    expect((await t.dataSource.query(`SELECT task_id FROM supervision_finding WHERE id = $1`, [finding]))[0].task_id).toBe(uuidOf(fromFinding.id));
    await refused(() => assign({ ...base, assigneeId: gid(education), findingId: toGlobalId('SupervisionFinding', finding) }), 'BAD_USER_INPUT', 'COM-2：该督导发现的问题已交办任务');
    // only the assignee acts on its side; only the assigning committee's side accepts
    await refused(() => step(centerAccount, 'acknowledgeTask', { taskId: fromFinding.id }), 'FORBIDDEN', 'COM-2：只有承办单位可以签收、报告进展和办结该任务');
    await refused(() => step(emergencyAccount, 'acknowledgeTask', { taskId: fromFinding.id }), 'NOT_FOUND', '任务不存在或无权访问');
    data(await step(government, 'completeTask', { taskId: countyToTownship.id, note: '已完成', attachments: [await uploaded(t, government)] }));
    await refused(() => step(government, 'acceptTask', { taskId: countyToTownship.id }), 'FORBIDDEN', 'COM-2：只有交办该任务的“靖宇县消防救援委员会”');
    // a sub-task is passed on only from a task assigned to a township government or committee
    await refused(() => step(government, 'passOnTask', { taskId: subTask.id, assigneeId: gid(townshipUnit), deadline: '2027-03-20' }), 'BAD_USER_INPUT', 'COM-2：只有交办给乡镇政府或乡镇消防救援委员会的任务可以分解转办');
  });

  it('COM-2: the tasks list filters by status, returned, assignee and committee, by deadline then id', async () => {
    const ids = async (args: string) => data(await t.gql(`{ tasks(${args}, first: 100) { edges { node { id deadline status returnCount } } } }`)).tasks.edges.map((e: any) => e.node);
    const returned = await ids('returned: true');
    expect(returned.map((n: any) => n.id)).toEqual([centerTask.id]);
    expect((await ids('statuses: [ACCEPTED]')).every((n: any) => n.status === 'ACCEPTED')).toBe(true);
    const all = await ids('statuses: [ASSIGNED, ACKNOWLEDGED, IN_PROGRESS, COMPLETION_REPORTED, ACCEPTED]');
    expect(all.map((n: any) => n.deadline)).toEqual([...all.map((n: any) => n.deadline)].sort());
    const township = await ids(`committeeId: "${gid(townshipCommittee)}"`);
    expect(township.length).toBeGreaterThanOrEqual(3);
    expect((await ids(`assigneeId: "${gid(station)}"`)).length).toBe(2);
  });

  it('COM-5: a member unit sees only its own tasks: lists, nodes and the ledger', async () => {
    const mine = data(await t.gqlAs(emergencyAccount, `{ tasks(first: 50) { totalCount edges { node { assignee { id } } } } }`)).tasks;
    expect(mine.totalCount).toBeGreaterThan(0);
    expect(mine.edges.every((e: any) => e.node.assignee.id === gid(emergency))).toBe(true);
    const theirs = data(await t.gql(`query($a: ID) { tasks(assigneeId: $a, first: 1) { edges { node { id } } } }`, { a: gid(education) })).tasks.edges[0].node.id;
    expect(data(await t.gqlAs(emergencyAccount, `query($id: ID!) { node(id: $id) { id } }`, { id: theirs })).node).toBeNull();
    const ledger = data(await t.gqlAs(emergencyAccount, `{ taskLedger(year: 2027) { total rows { assignee { id } total } } }`)).taskLedger;
    expect(ledger.rows.map((r: any) => r.assignee.id)).toEqual([gid(emergency)]);
    expect(ledger.total).toBe(mine.totalCount);
  });

  it('COM-2: jurisdiction: 抚松县 is outside — its office lists none of these tasks, reads no node, assigns to none of these units', async () => {
    const city = (await t.dataSource.query(`SELECT id, path FROM region WHERE name = '白山市'`))[0] as { id: string; path: string };
    const county = randomUUID();
    await t.dataSource.query(`INSERT INTO region (id, parent_id, level, kind, name, code, path, sort_order, version) VALUES ($1, $2, 'COUNTY', NULL, '抚松县', '220621', $3, 9, 1)`, [county, city.id, `${city.path}${county}/`]);
    await t.dataSource.query(`INSERT INTO organization (id, kind, name, region_id, parent_id, staff_quota, version) VALUES ($1, 'COUNTY_COMMITTEE_OFFICE', '抚松县消防救援委员会办公室', $2, NULL, NULL, 1), ($3, 'COUNTY_COMMITTEE', '抚松县消防救援委员会', $2, NULL, NULL, 1)`,
      [randomUUID(), county, randomUUID()]);
    const outsider = await t.account({ role: Role.COMMITTEE_OFFICE, region: '抚松县' });
    expect(data(await t.gqlAs(outsider, `{ tasks(first: 50) { totalCount } }`)).tasks.totalCount).toBe(0);
    expect(data(await t.gqlAs(outsider, `{ taskLedger { total rows { total } } }`)).taskLedger).toEqual({ total: 0, rows: [] });
    expect(data(await t.gqlAs(outsider, `query($id: ID!) { node(id: $id) { id } }`, { id: loopTask.id })).node).toBeNull();
    await refused(() => assign({ title: '任务', requirement: '要求', deadline: '2027-03-20', assigneeId: gid(emergency) }, outsider), 'FORBIDDEN', '超出本账号的管辖范围');
    await refused(() => step(outsider, 'returnTask', { taskId: loopTask.id, reason: '不合格' }), 'NOT_FOUND', '任务不存在或无权访问');
    expect(error(await t.gqlAs(outsider, `query($r: ID) { tasks(regionId: $r) { totalCount } }`, { r: toGlobalId('Region', await t.regionId('景山镇')) })).extensions.code).toBe('FORBIDDEN');
  });

  it('COM-2: overdue tasks raise a TASK_OVERDUE warning the county office reads; accepting the task resolves it', async () => {
    const late = data(await assign({ assigneeId: gid(education), title: '学校消防设施排查', requirement: '排查全县中小学', deadline: '2027-03-12' })).assignTask;
    const evaluate = () => t.app.get(WarningService).evaluate();
    await evaluate();
    const warningOf = async () => (await t.dataSource.query(`SELECT subject_type, level, status, message, region_id FROM warning WHERE subject_id = $1 ORDER BY raised_at DESC LIMIT 1`, [uuidOf(late.id)]))[0];
    expect(await warningOf()).toBeUndefined();
    // 2027-03-13: overdue by 1 day (minDaysOverdue 1)
    t.clock.freeze('2027-03-13T08:00:00+08:00');
    for (const a of [educationAccount, emergencyAccount]) await signIn(a);
    await evaluate();
    expect(await warningOf()).toMatchObject({ subject_type: 'TASK', level: 'ORANGE', status: 'ACTIVE', message: '“县教育局”承办的任务“学校消防设施排查”已逾期 1 天未办结（期限 2027-03-12）', region_id: await t.regionId('靖宇县') });
    const seen = data(await t.gql(`{ warnings(status: ACTIVE, first: 50) { edges { node { subjectType subjectId message } } } }`)).warnings.edges.map((e: any) => e.node);
    expect(seen).toContainEqual({ subjectType: 'TASK', subjectId: late.id, message: expect.stringContaining('学校消防设施排查') });
    expect(data(await t.gql(`{ tasks(overdue: true, first: 50) { edges { node { id daysOverdue } } } }`)).tasks.edges.map((e: any) => e.node)).toContainEqual({ id: late.id, daysOverdue: 1 });
    data(await step(educationAccount, 'acknowledgeTask', { taskId: late.id }));
    data(await step(educationAccount, 'completeTask', { taskId: late.id, note: '已排查', attachments: [await uploaded(t, educationAccount)] }));
    // reported but not accepted: still open, still warned
    await evaluate();
    expect((await warningOf()).status).toBe('ACTIVE');
    expect(data(await step(null, 'acceptTask', { taskId: late.id })).acceptTask).toMatchObject({ status: 'ACCEPTED', completedOnTime: false });
    await evaluate();
    expect((await warningOf()).status).toBe('RESOLVED');
  });

  it('COM-2: the ledger counts open, overdue, on time, late and returned per assignee; tasks.xlsx holds the same figures', async () => {
    const ledger = data(await t.gql(`{ taskLedger(year: 2027) { year total open overdue completedOnTime completedLate returned rows { assignee { name } total open overdue completedOnTime completedLate returned } } }`)).taskLedger;
    const rowOf = (name: string) => ledger.rows.find((r: any) => r.assignee.name === name);
    expect(rowOf('县消防工作服务指导中心') ?? ledger.rows.find((r: any) => r.assignee.name.includes('指导中心'))).toMatchObject({ total: 1, completedLate: 1, returned: 1, open: 0 });
    expect(rowOf('县教育局')).toMatchObject({ completedLate: 1 });
    expect(ledger.total).toBe(ledger.rows.reduce((s: number, r: any) => s + r.total, 0));
    expect(ledger.completedOnTime).toBeGreaterThanOrEqual(2);
    const file = await getFile(t, t.office, '/office/exports/tasks.xlsx?year=2027');
    expect(file.status).toBe(200);
    const sheets = await readXlsx(file.bytes);
    const summary = sheets.get('承办单位汇总')!;
    const header = summary.findIndex((r) => r[0] === '承办单位');
    const body = summary.slice(header + 1);
    const total = body.find((r) => r[0] === '合计')!;
    expect(total.slice(1, 7).map(Number)).toEqual([ledger.total, ledger.open, ledger.overdue, ledger.completedOnTime, ledger.completedLate, ledger.returned]);
    for (const r of ledger.rows) {
      const line = body.find((x) => x[0] === r.assignee.name)!;
      expect(line.slice(1, 7).map(Number)).toEqual([r.total, r.open, r.overdue, r.completedOnTime, r.completedLate, r.returned]);
    }
    const list = sheets.get('任务清单')!;
    const listHeader = list.findIndex((r) => r[0] === '任务名称');
    expect(list.slice(listHeader + 1)).toHaveLength(ledger.total);
    expect(list.some((r) => r[0] === '学校消防设施排查' && r[4] === '已验收办结' && r[7] === '否')).toBe(true);
    expect(summary.some((r) => r.some((c) => String(c).includes(`共 ${ledger.rows.length} 条`)))).toBe(true);
    // a member unit exports only its own row
    const ownFile = await getFile(t, emergencyAccount, '/office/exports/tasks.xlsx?year=2027');
    expect(ownFile.status).toBe(200);
    const own = await readXlsx(ownFile.bytes);
    expect(own.get('承办单位汇总')!.filter((r) => r[0] === '县应急管理局')).toHaveLength(1);
    expect(own.get('承办单位汇总')!.some((r) => r[0] === '县教育局')).toBe(false);
  });
  it('COM-2: a completion reported by the deadline waits for the office without being overdue or warned; the wait is the office\'s', async () => {
    t.clock.freeze('2027-03-18T09:00:00+08:00');
    for (const a of [educationAccount]) await signIn(a);
    const task = data(await assign({ assigneeId: gid(education), title: '校园消防演练', requirement: '组织一次疏散演练', deadline: '2027-03-19' })).assignTask;
    data(await step(educationAccount, 'acknowledgeTask', { taskId: task.id }));
    data(await step(educationAccount, 'completeTask', { taskId: task.id, note: '已演练', attachments: [await uploaded(t, educationAccount)] }));
    // three days after the deadline, not yet accepted
    t.clock.freeze('2027-03-22T09:00:00+08:00');
    await t.app.get(WarningService).evaluate();
    expect(data(await t.gql(`query($id: ID!) { node(id: $id) { ... on Task { status overdue daysOverdue } } }`, { id: task.id })).node).toEqual({ status: 'COMPLETION_REPORTED', overdue: false, daysOverdue: null });
    expect(data(await t.gql(`{ tasks(overdue: true, first: 100) { edges { node { id } } } }`)).tasks.edges.map((e: any) => e.node.id)).not.toContain(task.id);
    expect(await t.dataSource.query(`SELECT 1 FROM warning WHERE subject_id = $1`, [uuidOf(task.id)])).toEqual([]);
    expect(data(await step(null, 'acceptTask', { taskId: task.id })).acceptTask).toMatchObject({ status: 'ACCEPTED', completedOnTime: true });
  });
});
