import { Permission, Role } from '../../src/kernel/permissions';
import { CommitteeAccountabilityService } from '../../src/committees/accountability/accountability.service';
import { toGlobalId } from '../../src/graphql/global-id';
import { RequestContext } from '../../src/kernel/request-context';
import { FireService } from '../../src/inspections/fire.service';
import { createTestApp, data, error, GqlResponse, TestAccount, TestApp } from '../support/test-app';
import { committeesWorld, CommitteesWorld, insertTask, memberUnit } from './support';

/**
 * COM-6: an extended investigation (INS-6) cites the tasks not implemented — overdue or returned — and the units
 * responsible; a case is opened against a member unit. Tasks are rows written directly (their API is built apart).
 * The clock stands at 2027-03-10 10:00 Beijing time.
 */
describe('COM-6: investigations citing tasks, member-unit accountability', () => {
  let t: TestApp;
  let w: CommitteesWorld;
  let unit: string;
  let otherUnit: string;
  let overdue: string;
  let returned: string;
  let onTrack: string;
  let acceptedLate: string;
  let otherUnitsOverdue: string;
  let station: TestAccount;
  let discipline: TestAccount;
  let outsider: TestAccount;
  const codeOf = (res: GqlResponse) => res.body.errors?.[0]?.extensions.code ?? null;
  const count = async (table: string) => Number(((await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`)) as { n: number }[])[0].n);

  const investigation = async (regionId: string) => {
    const { investigation: inv } = await t.app.get(FireService).record(RequestContext.system('test'), {
      regionId, occurredAt: new Date('2027-03-09T20:00:00+08:00'), place: '民房', cause: 'ELECTRICAL' as never, deaths: 1, injuries: 0, seriousInjuries: 0, directLossYuan: 1000,
    });
    return toGlobalId('Investigation', inv!.id);
  };

  const raw = (globalId: string) => Buffer.from(globalId, 'base64').toString('utf8').split(':')[1];
  /** An EVA-6 person case of 景山镇 (two INCOMPETENT years), written through SQL as the evaluation would write it. */
  const personCaseRow = async (): Promise<string> => {
    const [person] = (await t.dataSource.query(
      `INSERT INTO person (id, region_id, name, gender, birth_date, citizen_id_enc, citizen_id_index, citizen_id_masked, education, household_region_code,
         residence_region_code, establishment_unit, establishment_type, created_by, version)
       VALUES (gen_random_uuid(), $1, '王问责', 'MALE', '1990-01-01', 'x', md5(random()::text), '220622********0000', 'SENIOR_HIGH', '220622', '220622', '景山镇人民政府', 'PUBLIC_SYSTEM', 'test', 1) RETURNING id`,
      [raw(w.township)],
    )) as { id: string }[];
    const result = async (year: number) => ((await t.dataSource.query(
      `INSERT INTO evaluation_result (id, subject_kind, subject_id, subject_name, station_id, region_id, period_kind, year, number, version, current, score, grade,
         grade_label, policy_version, breakdown, finalized_by, finalized_at)
       VALUES (gen_random_uuid(), 'PERSON', $1, '王问责', $2, $3, 'YEAR', $4, 1, 1, true, 50, 'INCOMPETENT', '不称职', 1, '{}', 'test', now()) RETURNING id`,
      [person.id, raw(w.station), raw(w.township), year],
    )) as { id: string }[])[0].id;
    const [row] = (await t.dataSource.query(
      `INSERT INTO accountability_case (id, person_id, person_name, region_id, year, previous_result_id, result_id, assessing_department, establishment_unit, status, notified_at, version)
       VALUES (gen_random_uuid(), $1, '王问责', $2, 2026, $3, $4, '景山镇人民政府', '景山镇人民政府', 'OPEN', now(), 1) RETURNING id`,
      [person.id, raw(w.township), await result(2025), await result(2026)],
    )) as { id: string }[];
    return row.id;
  };

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.freeze('2027-03-10T10:00:00+08:00');
    w = await committeesWorld(t);
    unit = await memberUnit(t, '县住房和城乡建设局', w.county, w.countyCommittee);
    otherUnit = await memberUnit(t, '县市场监督管理局', w.county, w.countyCommittee);
    overdue = await insertTask(t, w, { assigneeId: unit, title: '排查自建房电气线路', assignedOn: '2027-02-01', deadline: '2027-03-09' });
    returned = await insertTask(t, w, { assigneeId: unit, title: '整改老旧小区消防通道', assignedOn: '2027-02-01', deadline: '2027-04-30', returnCount: 1 });
    onTrack = await insertTask(t, w, { assigneeId: unit, title: '开展消防宣传', assignedOn: '2027-03-01', deadline: '2027-03-10' });
    acceptedLate = await insertTask(t, w, { assigneeId: unit, title: '报送责任清单', assignedOn: '2027-01-01', deadline: '2027-01-31', status: 'ACCEPTED' });
    otherUnitsOverdue = await insertTask(t, w, { assigneeId: otherUnit, title: '检查市场', assignedOn: '2027-02-01', deadline: '2027-03-01' });
    station = await t.account({ role: Role.STATION, region: '景山镇' });
    discipline = await t.account({ role: Role.DISCIPLINE });
    outsider = await t.account({ role: Role.COMMITTEE_OFFICE, region: '抚松县' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const cite = (i: Record<string, unknown>, who: TestAccount | null = null) => {
    const q = `mutation($i: CiteTasksInInvestigationInput!) { citeTasksInInvestigation(input: $i) { id status
      citedTasks { taskId taskTitle taskDeadline taskStatus overdue returnCount note citedBy responsibleUnit { name } } } }`;
    return who ? t.gqlAs(who, q, { i }) : t.gql(q, { i });
  };
  const open = (i: Record<string, unknown>, who: TestAccount | null = null) => {
    const q = `mutation($i: OpenMemberUnitAccountabilityCaseInput!) { openMemberUnitAccountabilityCase(input: $i) {
      id memberUnitName year status reason investigationId taskIds openingDepartment memberUnit { name } region { name } interviewedOn version } }`;
    return who ? t.gqlAs(who, q, { i }) : t.gql(q, { i });
  };

  it('COM-6: cites an overdue and a returned task; the responsible unit defaults to the assignee', async () => {
    const inv = await investigation(w.township);
    const res = data(await cite({ investigationId: inv, citations: [
      { taskId: overdue, note: '期限已过仍未排查起火建筑' },
      { taskId: returned, note: '整改被退回', responsibleUnitId: otherUnit },
    ] })).citeTasksInInvestigation;
    expect(res.status).toBe('OPEN');
    const byTitle = (title: string) => res.citedTasks.find((c: any) => c.taskTitle === title);
    expect(byTitle('排查自建房电气线路')).toEqual({ taskId: overdue, taskTitle: '排查自建房电气线路', taskDeadline: '2027-03-09', taskStatus: 'IN_PROGRESS', overdue: true, returnCount: 0, note: '期限已过仍未排查起火建筑', citedBy: 'office', responsibleUnit: { name: '县住房和城乡建设局' } });
    expect(res.citedTasks.map((c: any) => [c.taskTitle, c.overdue, c.returnCount, c.responsibleUnit.name]).sort()).toEqual([
      ['排查自建房电气线路', true, 0, '县住房和城乡建设局'], ['整改老旧小区消防通道', false, 1, '县市场监督管理局'],
    ]);
    // the discipline commission reads the investigation's citations as it reads investigations
    const read = data(await t.gqlAs(discipline, `{ investigations(first: 50) { edges { node { id citedTasks { taskTitle } } } } }`)).investigations.edges.find((e: any) => e.node.id === inv);
    expect(read.node.citedTasks).toHaveLength(2);
  });

  it('COM-6: refuses a task neither overdue nor returned (due today, or accepted), and writes nothing of the call', async () => {
    const inv = await investigation(w.township);
    const before = await count('investigation_task_citation');
    const e = error(await cite({ investigationId: inv, citations: [
      { taskId: overdue, note: '逾期' }, { taskId: onTrack, note: '今天到期' }, { taskId: acceptedLate, note: '已验收' },
    ] }));
    expect(e.extensions.code).toBe('BAD_USER_INPUT');
    expect(e.extensions.fields).toEqual([
      { field: 'input.citations[1].taskId', reason: 'COM-6：任务“开展消防宣传”未到期限（2027-03-10）且未被退回过，不属于工作不落实，不能引用' },
      { field: 'input.citations[2].taskId', reason: 'COM-6：任务“报送责任清单”已验收办结且未被退回过，不属于工作不落实，不能引用' },
    ]);
    expect(await count('investigation_task_citation')).toBe(before);
  });

  it('COM-6: a task is cited once per investigation; a closed investigation cites nothing more', async () => {
    const inv = await investigation(w.township);
    data(await cite({ investigationId: inv, citations: [{ taskId: overdue, note: '逾期' }] }));
    expect(error(await cite({ investigationId: inv, citations: [{ taskId: overdue, note: '再次' }] })).message).toContain('COM-6：该任务已被本次调查引用');
    expect(error(await cite({ investigationId: inv, citations: [{ taskId: returned, note: '甲' }, { taskId: returned, note: '乙' }] })).message).toContain('重复');
    await t.app.get(FireService).updateInvestigation(RequestContext.system('test'), { investigationId: inv, causeFindings: '电气', lessons: '检查', responsibilityFindings: '住建局' });
    await t.app.get(FireService).closeInvestigation(RequestContext.system('test'), { investigationId: inv });
    const closed = error(await cite({ investigationId: inv, citations: [{ taskId: returned, note: '结案后' }] }));
    expect(closed.extensions.code).toBe('CONFLICT');
    expect(closed.message).toBe('COM-6：延伸调查已结案，不能再引用任务');
  });

  it('COM-6: permission INVESTIGATION_MANAGE; another county (抚松县) reaches neither the investigation nor the tasks', async () => {
    const inv = await investigation(w.township);
    expect(codeOf(await cite({ investigationId: inv, citations: [{ taskId: overdue, note: '站' }] }, station))).toBe('FORBIDDEN');
    expect(codeOf(await cite({ investigationId: inv, citations: [{ taskId: overdue, note: '外县' }] }, outsider))).toBe('NOT_FOUND');
    const outside = await investigation(w.outsideTownship);
    const e = error(await cite({ investigationId: outside, citations: [{ taskId: overdue, note: '外县调查引用本县任务' }] }, outsider));
    expect(e.extensions.fields).toEqual([{ field: 'input.citations[0].taskId', reason: '交办任务不存在或无权访问' }]);
  });

  it('COM-6: opens a case against a member unit, a MemberUnitAccountabilityCase; accountabilityCases (EVA-6) never lists it', async () => {
    const inv = await investigation(w.township);
    data(await cite({ investigationId: inv, citations: [{ taskId: otherUnitsOverdue, note: '市场检查未落实', responsibleUnitId: unit }] }));
    const c = data(await open({ memberUnitId: unit, reason: '排查任务逾期未落实，致亡人火灾', investigationId: inv, taskIds: [overdue, returned, otherUnitsOverdue] })).openMemberUnitAccountabilityCase;
    expect(c).toMatchObject({
      memberUnitName: '县住房和城乡建设局', year: 2027, status: 'OPEN', reason: '排查任务逾期未落实，致亡人火灾', investigationId: inv,
      openingDepartment: '靖宇县消防救援委员会办公室', memberUnit: { name: '县住房和城乡建设局' }, region: { name: '靖宇县' }, interviewedOn: null, version: 1,
    });
    expect(c.taskIds.sort()).toEqual([overdue, returned, otherUnitsOverdue].sort());
    expect(Buffer.from(c.id, 'base64').toString('utf8')).toMatch(/^MemberUnitAccountabilityCase:/);
    const rawId = Buffer.from(c.id, 'base64').toString('utf8').split(':')[1];
    const personCase = await personCaseRow();
    // the shared table holds it (subject_kind MEMBER_UNIT), but the person cases' list, type and node never answer it
    const persons = Number(((await t.dataSource.query(`SELECT count(*)::int AS n FROM accountability_case WHERE subject_kind = 'PERSON'`)) as { n: number }[])[0].n);
    for (const who of [discipline, null]) {
      const listed = data(who ? await t.gqlAs(who, `{ accountabilityCases(first: 100) { totalCount edges { node { id person { name } } } } }`) : await t.gql(`{ accountabilityCases(first: 100) { totalCount edges { node { id person { name } } } } }`)).accountabilityCases;
      expect(listed.totalCount).toBe(persons);
      expect(listed.edges.map((e: any) => Buffer.from(e.node.id, 'base64').toString('utf8').split(':')[1])).not.toContain(rawId);
      // the EVA-6 case beside it is listed with its person, non-null as released
      expect(listed.edges.map((e: any) => e.node)).toContainEqual({ id: toGlobalId('AccountabilityCase', personCase), person: { name: '王问责' } });
    }
    expect(persons).toBeGreaterThanOrEqual(1);
    const asPersonCase = toGlobalId('AccountabilityCase', rawId);
    expect(data(await t.gqlAs(discipline, `query($id: ID!) { node(id: $id) { id } }`, { id: asPersonCase })).node).toBeNull();
    // the discipline commission (DISCIPLINE) reads it through memberUnitAccountabilityCases and node(id:)
    const units = data(await t.gqlAs(discipline, `query($u: ID) { memberUnitAccountabilityCases(memberUnitId: $u, first: 50) { totalCount edges { node { id memberUnit { name } reason status taskIds } } } }`, { u: unit })).memberUnitAccountabilityCases;
    const read = units.edges.map((e: any) => e.node).find((n: any) => n.id === c.id);
    expect({ ...read, taskIds: [...read.taskIds].sort() }).toEqual({ id: c.id, memberUnit: { name: '县住房和城乡建设局' }, reason: '排查任务逾期未落实，致亡人火灾', status: 'OPEN', taskIds: [...c.taskIds].sort() });
    expect(data(await t.gqlAs(discipline, `query($u: ID) { memberUnitAccountabilityCases(memberUnitId: $u) { totalCount } }`, { u: otherUnit })).memberUnitAccountabilityCases.totalCount).toBe(0);
    const node = data(await t.gqlAs(discipline, `query($id: ID!) { node(id: $id) { ... on MemberUnitAccountabilityCase { memberUnitName status } } }`, { id: c.id })).node;
    expect(node).toEqual({ memberUnitName: '县住房和城乡建设局', status: 'OPEN' });
    // another county sees none of it
    expect(data(await t.gqlAs(outsider, `{ memberUnitAccountabilityCases { totalCount } }`)).memberUnitAccountabilityCases.totalCount).toBe(0);
    expect(data(await t.gqlAs(outsider, `query($id: ID!) { node(id: $id) { id } }`, { id: c.id })).node).toBeNull();
  });

  it('COM-6: a member unit\'s case is interviewed with recordMemberUnitAccountabilityInterview; the person cases\' mutation refuses it', async () => {
    const c = data(await open({ memberUnitId: otherUnit, reason: '市场检查逾期未落实', taskIds: [otherUnitsOverdue] })).openMemberUnitAccountabilityCase;
    const rawId = Buffer.from(c.id, 'base64').toString('utf8').split(':')[1];
    const center = await t.account({ role: Role.CENTER });
    const input = { interviewedOn: '2027-03-10', interviewers: '县消防救援委员会办公室', outcome: '责令书面检查', expectedVersion: c.version };
    // the EVA-6 mutation (its answer is a person's AccountabilityCase) takes no unit case, under either id kind
    const personMutation = `mutation($i: RecordAccountabilityInterviewInput!) { recordAccountabilityInterview(input: $i) { status } }`;
    expect(codeOf(await t.gqlAs(center, personMutation, { i: { ...input, caseId: c.id } }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gqlAs(center, personMutation, { i: { ...input, caseId: toGlobalId('AccountabilityCase', rawId) } }))).toBe('NOT_FOUND');
    const unitMutation = `mutation($i: RecordMemberUnitAccountabilityInterviewInput!) { recordMemberUnitAccountabilityInterview(input: $i) {
      id status interviewedOn interviewers outcome closedBy version memberUnit { name } } }`;
    expect(codeOf(await t.gqlAs(discipline, unitMutation, { i: { ...input, caseId: c.id } }))).toBe('FORBIDDEN');
    const early = error(await t.gqlAs(center, unitMutation, { i: { ...input, caseId: c.id, interviewedOn: '2027-03-09' } }));
    expect(early.message).toContain('约谈日期不能早于问责通知日期 2027-03-10');
    const closed = data(await t.gqlAs(center, unitMutation, { i: { ...input, caseId: c.id } })).recordMemberUnitAccountabilityInterview;
    expect(closed).toEqual({ id: c.id, status: 'CLOSED', interviewedOn: '2027-03-10', interviewers: '县消防救援委员会办公室', outcome: '责令书面检查', closedBy: center.username, version: 2, memberUnit: { name: '县市场监督管理局' } });
    expect(error(await t.gqlAs(center, unitMutation, { i: { ...input, caseId: c.id, expectedVersion: 2 } })).extensions.code).toBe('CONFLICT');
    const listed = data(await t.gqlAs(discipline, `query($u: ID) { memberUnitAccountabilityCases(memberUnitId: $u, status: CLOSED) { edges { node { id outcome } } } }`, { u: otherUnit })).memberUnitAccountabilityCases;
    expect(listed.edges.map((e: any) => e.node)).toEqual([{ id: c.id, outcome: '责令书面检查' }]);
  });

  it('COM-5: a member unit\'s account holding ACCOUNTABILITY_READ would read only its own unit\'s cases (the list filters, a node of another answers null)', async () => {
    const mine = data(await open({ memberUnitId: unit, reason: '本单位' })).openMemberUnitAccountabilityCase;
    const theirs = data(await open({ memberUnitId: otherUnit, reason: '他单位' })).openMemberUnitAccountabilityCase;
    const [county] = (await t.dataSource.query(`SELECT id, path FROM region WHERE name = '靖宇县'`)) as { id: string; path: string }[];
    const own = Buffer.from(unit, 'base64').toString('utf8').split(':')[1];
    const ctx = new RequestContext('test-member-unit', {
      ...RequestContext.system('x').actor, kind: 'ACCOUNT', label: 'unit', role: Role.MEMBER_UNIT, regionId: county.id, regionPath: county.path,
      organizationId: own, permissions: new Set([Permission.ACCOUNTABILITY_READ]),
    });
    const service = t.app.get(CommitteeAccountabilityService);
    const page = await service.unitCases(ctx, { first: 100 }, {});
    const ids = page.edges.map((e) => e.node.id);
    const raw = (g: string) => Buffer.from(g, 'base64').toString('utf8').split(':')[1];
    expect(ids).toContain(raw(mine.id));
    expect(ids).not.toContain(raw(theirs.id));
    expect(page.edges.every((e) => e.node.organizationId === own)).toBe(true);
    expect((await service.unitCases(ctx, { first: 100 }, { memberUnitId: otherUnit })).edges).toEqual([]);
    expect((await service.visibleUnitCases(ctx, [raw(mine.id), raw(theirs.id)])).map((r) => r?.id ?? null)).toEqual([raw(mine.id), null]);
  });

  it('COM-6: refuses a case against a body that is not a member unit, or citing tasks not overdue or of another unit; writes nothing', async () => {
    const before = await count('accountability_case');
    const notUnit = error(await open({ memberUnitId: w.station, reason: '工作站' }));
    expect(notUnit.message).toContain('COM-6：“景山镇消防工作站”不是消防救援委员会成员单位');
    const e = error(await open({ memberUnitId: unit, reason: '依据不足', taskIds: [onTrack, otherUnitsOverdue] }));
    expect(e.extensions.fields).toEqual([
      { field: 'input.taskIds[0]', reason: 'COM-6：任务“开展消防宣传”既未逾期也未被退回过，不能作为问责依据' },
      { field: 'input.taskIds[1]', reason: 'COM-6：任务“检查市场”的承办单位不是“县住房和城乡建设局”，调查也未认定其负责' },
    ]);
    expect(codeOf(await open({ memberUnitId: unit, reason: '站' }, station))).toBe('FORBIDDEN');
    expect(codeOf(await open({ memberUnitId: unit, reason: '外县' }, outsider))).toBe('NOT_FOUND');
    expect(await count('accountability_case')).toBe(before);
  });
});
