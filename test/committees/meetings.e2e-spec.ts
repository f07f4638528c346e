import { Role } from '../../src/kernel/permissions';
import { createTestApp, data, error, GqlResponse, TestAccount, TestApp } from '../support/test-app';
import { committeesWorld, CommitteesWorld, insertTask, memberUnit } from './support';

/**
 * Committee meetings (COM-1) and the committees' policy (T-COM-5), through the API. The clock stands at Wednesday
 * 2027-03-10 10:00 Beijing time unless a test moves it.
 */
describe('committee meetings (COM-1) and the committees policy', () => {
  let t: TestApp;
  let w: CommitteesWorld;
  let unitA: string;
  let unitB: string;
  let townshipUnit: string;
  let government: TestAccount;
  let unitAAccount: TestAccount;
  let unitBAccount: TestAccount;
  let outsider: TestAccount;
  const codeOf = (res: GqlResponse) => res.body.errors?.[0]?.extensions.code ?? null;
  const count = async (table: string) => Number(((await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`)) as { n: number }[])[0].n);

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.freeze('2027-03-10T10:00:00+08:00');
    w = await committeesWorld(t);
    unitA = await memberUnit(t, '县应急管理局', w.county, w.countyCommittee);
    unitB = await memberUnit(t, '县教育局', w.county, w.countyCommittee);
    townshipUnit = await memberUnit(t, '景山镇派出所', w.township, w.townshipCommittee);
    government = await t.account({ role: Role.TOWNSHIP_GOVERNMENT, region: '景山镇' });
    unitAAccount = await t.account({ role: Role.MEMBER_UNIT, organizationId: unitA });
    unitBAccount = await t.account({ role: Role.MEMBER_UNIT, organizationId: unitB });
    outsider = await t.account({ role: Role.COMMITTEE_OFFICE, region: '抚松县' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const MEETING = `id kind title heldOn convener attendees topics minutes status version publishedAt committee { name } region { name }
    attendingUnits { name } decisions { id seq content meeting { title } }`;
  const record = (input: Record<string, unknown>, who: TestAccount | null = null) => {
    const i = { kind: 'PLENARY', title: '2027年第一次全体成员会议', heldOn: '2027-03-10', convener: '王县长（委员会主任）', topics: ['部署春季防火'], ...input };
    const q = `mutation($i: RecordMeetingInput!) { recordMeeting(input: $i) { ${MEETING} } }`;
    return who ? t.gqlAs(who, q, { i }) : t.gql(q, { i });
  };
  const update = (i: Record<string, unknown>, who: TestAccount | null = null) => {
    const q = `mutation($i: UpdateMeetingInput!) { updateMeeting(input: $i) { ${MEETING} } }`;
    return who ? t.gqlAs(who, q, { i }) : t.gql(q, { i });
  };
  const publish = (meetingId: string, expectedVersion: number) =>
    t.gql(`mutation($i: PublishMeetingInput!) { publishMeeting(input: $i) { ${MEETING} } }`, { i: { meetingId, expectedVersion } });
  const correct = (i: Record<string, unknown>) =>
    t.gql(`mutation($i: CorrectMeetingInput!) { correctMeeting(input: $i) { ${MEETING} corrections { edges { node { field oldValue newValue reason correctedBy } } } } }`, { i });
  const listAs = async (who: TestAccount | null, args = '') => {
    const q = `{ meetings${args ? `(${args})` : ''} { edges { node { id title status } } } }`;
    return (who ? t.gqlAs(who, q) : t.gql(q));
  };
  const published = async (input: Record<string, unknown> = {}) => {
    const m = data(await record({ minutes: '会议纪要全文', ...input })).recordMeeting;
    return data(await publish(m.id, m.version)).publishMeeting;
  };

  describe('COM-1: recording a meeting', () => {
    it('COM-1: the county office records a draft of its county committee with member units and decisions in order', async () => {
      const m = data(await record({ attendingUnitIds: [unitA, unitB, unitA], attendees: ['张局长（应急局）', '李局长（教育局）'], decisions: ['开展春季火灾防控专项整治', ' 各成员单位 3 月底前报送责任清单 '] })).recordMeeting;
      expect(m).toMatchObject({
        status: 'DRAFT', publishedAt: null, version: 1, committee: { name: '靖宇县消防救援委员会' }, region: { name: '靖宇县' },
        attendingUnits: [{ name: '县应急管理局' }, { name: '县教育局' }],
      });
      expect(m.decisions.map((d: any) => [d.seq, d.content, d.meeting.title])).toEqual([
        [1, '开展春季火灾防控专项整治', '2027年第一次全体成员会议'], [2, '各成员单位 3 月底前报送责任清单', '2027年第一次全体成员会议'],
      ]);
    });

    it('COM-1: the township government records for its township committee; it may attend its own member units only', async () => {
      const m = data(await record({ kind: 'SPECIAL_TOPIC', title: '景山镇冬春火灾防控专题会', attendingUnitIds: [townshipUnit] }, government)).recordMeeting;
      expect(m).toMatchObject({ kind: 'SPECIAL_TOPIC', committee: { name: '景山镇消防救援委员会' }, region: { name: '景山镇' }, attendingUnits: [{ name: '景山镇派出所' }] });
      const e = error(await record({ attendingUnitIds: [unitA] }, government));
      expect(e.extensions.code).toBe('BAD_USER_INPUT');
      expect(e.message).toContain('COM-1：“县应急管理局”不是景山镇消防救援委员会的成员单位');
    });

    it('COM-1: refuses a member unit of another committee, and writes nothing', async () => {
      const [meetings, decisions] = [await count('committee_meeting'), await count('meeting_decision')];
      const e = error(await record({ attendingUnitIds: [unitA, townshipUnit], decisions: ['不应写入'] }));
      expect(e.extensions.code).toBe('BAD_USER_INPUT');
      expect(e.extensions.fields).toEqual([{ field: 'input.attendingUnitIds[1]', reason: 'COM-1：“景山镇派出所”不是靖宇县消防救援委员会的成员单位，不能列为参会单位' }]);
      expect([await count('committee_meeting'), await count('meeting_decision')]).toEqual([meetings, decisions]);
    });

    it('COM-1: an explicit committee must be a committee the actor reaches', async () => {
      const township = data(await record({ committeeId: w.townshipCommittee, title: '县里代记乡镇会议' })).recordMeeting;
      expect(township.committee.name).toBe('景山镇消防救援委员会');
      expect(codeOf(await record({ committeeId: w.outsideCommittee }))).toBe('FORBIDDEN');
      const e = error(await record({ committeeId: w.station }));
      expect(e.extensions.code).toBe('BAD_USER_INPUT');
      expect(e.message).toContain('COM-1：“景山镇消防工作站”不是县或乡镇消防救援委员会');
      // a township account does not reach the county committee
      expect(codeOf(await record({ committeeId: w.countyCommittee }, government))).toBe('FORBIDDEN');
    });

    it('T-COM-1: the meeting day is today at the latest, within 366 days back', async () => {
      const tomorrow = error(await record({ heldOn: '2027-03-11' }));
      expect(tomorrow.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'T-COM-1', protects: 'COM-1' });
      expect(tomorrow.message).toBe('时间规则 T-COM-1：会议日期不能晚于今天（2027-03-10）');
      expect(data(await record({ heldOn: '2026-03-09' })).recordMeeting.heldOn).toBe('2026-03-09');
      const tooOld = error(await record({ heldOn: '2026-03-08' }));
      expect(tooOld.message).toBe('时间规则 T-COM-1：会议日期不能早于 2026-03-09（补录不超过 366 天）');
    });

    it('T-COM-1: at 00:30 Beijing time (still the day before in UTC) today is the Beijing day', async () => {
      t.clock.freeze('2027-03-11T00:30:00+08:00');
      try {
        expect(data(await record({ heldOn: '2027-03-11' })).recordMeeting.heldOn).toBe('2027-03-11');
        expect(error(await record({ heldOn: '2027-03-12' })).extensions.rule).toBe('T-COM-1');
      } finally {
        t.clock.freeze('2027-03-10T10:00:00+08:00');
      }
    });

    it('COM-1: a member unit may not record a meeting', async () => {
      expect(codeOf(await record({}, unitAAccount))).toBe('FORBIDDEN');
    });
  });

  describe('COM-1: drafts, publishing and corrections', () => {
    it('COM-1: a draft is edited under its version; decisions replace the list', async () => {
      const m = data(await record({ decisions: ['一', '二', '三'] })).recordMeeting;
      const edited = data(await update({ meetingId: m.id, expectedVersion: 1, title: '改后的会议名称', decisions: ['一（修改）', '二'], attendingUnitIds: [unitB] })).updateMeeting;
      expect(edited).toMatchObject({ title: '改后的会议名称', version: 2, attendingUnits: [{ name: '县教育局' }] });
      expect(edited.decisions.map((d: any) => `${d.seq}:${d.content}`)).toEqual(['1:一（修改）', '2:二']);
      expect(edited.decisions[0].id).toBe(m.decisions[0].id);
      const stale = error(await update({ meetingId: m.id, expectedVersion: 1, title: '旧版本' }));
      expect(stale.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    });

    it('COM-1: a decision already turned into a task cannot be removed from the draft', async () => {
      const m = data(await record({ decisions: ['交办事项'] })).recordMeeting;
      await insertTask(t, w, { assigneeId: unitA, title: '落实交办事项', assignedOn: '2027-03-10', deadline: '2027-04-10', decisionId: m.decisions[0].id });
      const e = error(await update({ meetingId: m.id, expectedVersion: 1, decisions: [] }));
      expect(e.message).toContain('COM-1：第 1 项议定事项已交办任务或部署专项整治，不能删除');
      const after = data(await t.gql(`query($id: ID!) { node(id: $id) { ... on Meeting { version decisions { content } } } }`, { id: m.id })).node;
      expect(after).toEqual({ version: 1, decisions: [{ content: '交办事项' }] });
    });

    it('COM-1: publishing needs the minutes and a topic; then the meeting changes only by correction', async () => {
      const m = data(await record({ topics: [] })).recordMeeting;
      const e = error(await publish(m.id, 1));
      expect(e.extensions.code).toBe('BAD_USER_INPUT');
      expect(e.message).toContain('COM-1：印发前须填写会议纪要');
      expect(e.message).toContain('COM-1：印发前须至少有一项议题');
      const ready = data(await update({ meetingId: m.id, expectedVersion: 1, minutes: '纪要', topics: ['议题一'] })).updateMeeting;
      const done = data(await publish(m.id, ready.version)).publishMeeting;
      expect(done).toMatchObject({ status: 'PUBLISHED', version: 3 });
      expect(done.publishedAt).toBeTruthy();
      const again = error(await update({ meetingId: m.id, expectedVersion: 3, title: '印发后修改' }));
      expect(again.extensions.code).toBe('CONFLICT');
      expect(again.message).toBe('COM-1：会议记录已印发，只能通过更正（correctMeeting，须写明原因）修改');
      expect(error(await publish(m.id, 3)).extensions.code).toBe('CONFLICT');
    });

    it('COM-1: a published meeting is corrected with its reason; the history keeps each old value', async () => {
      const m = await published({ decisions: ['三月底前完成排查'], attendingUnitIds: [unitA] });
      const corrections = await count('record_correction');
      expect(error(await correct({ meetingId: m.id, expectedVersion: m.version, reason: '  ', title: 'x' })).extensions.code).toBe('BAD_USER_INPUT');
      expect(error(await correct({ meetingId: m.id, expectedVersion: m.version, reason: '无变化', title: m.title })).message).toContain('没有要更正的内容');
      const fixed = data(await correct({
        meetingId: m.id, expectedVersion: m.version, reason: '纪要印发稿与会议记录核对后更正', heldOn: '2027-03-09', attendingUnitIds: [unitA, unitB],
        decisionCorrections: [{ decisionId: m.decisions[0].id, content: '四月十日前完成排查' }],
      })).correctMeeting;
      expect(fixed).toMatchObject({ status: 'PUBLISHED', heldOn: '2027-03-09', version: m.version + 1, attendingUnits: [{ name: '县应急管理局' }, { name: '县教育局' }] });
      expect(fixed.decisions[0].content).toBe('四月十日前完成排查');
      const history = fixed.corrections.edges.map((e: any) => e.node);
      expect(history.map((h: any) => h.field)).toEqual(['heldOn', 'attendingUnitIds', 'decisions[1].content']);
      expect(history[0]).toMatchObject({ oldValue: '"2027-03-10"', newValue: '"2027-03-09"', reason: '纪要印发稿与会议记录核对后更正', correctedBy: 'office' });
      expect(JSON.parse(history[1].newValue)).toEqual([unitA, unitB]);
      expect(history[2]).toMatchObject({ oldValue: '"三月底前完成排查"', newValue: '"四月十日前完成排查"' });
      expect(await count('record_correction')).toBe(corrections + 3);
    });

    it('COM-1: refused corrections write nothing (a draft, a decision of another meeting, a unit of another committee, T-COM-1)', async () => {
      const draft = data(await record({ decisions: ['草稿事项'] })).recordMeeting;
      const m = await published({ decisions: ['事项'] });
      const before = [await count('record_correction'), await count('meeting_decision')];
      const onDraft = error(await correct({ meetingId: draft.id, expectedVersion: 1, reason: '更正', title: '新' }));
      expect(onDraft.message).toContain('COM-1：会议记录尚未印发');
      const foreign = error(await correct({ meetingId: m.id, expectedVersion: m.version, reason: '更正', decisionCorrections: [{ decisionId: draft.decisions[0].id, content: '改' }] }));
      expect(foreign.message).toContain('COM-1：不是本次会议的议定事项');
      expect(error(await correct({ meetingId: m.id, expectedVersion: m.version, reason: '更正', attendingUnitIds: [townshipUnit] })).message).toContain('COM-1：');
      expect(error(await correct({ meetingId: m.id, expectedVersion: m.version, reason: '更正', heldOn: '2027-03-11' })).extensions.rule).toBe('T-COM-1');
      expect([await count('record_correction'), await count('meeting_decision')]).toEqual(before);
      const still = data(await t.gql(`query($id: ID!) { node(id: $id) { ... on Meeting { version title } } }`, { id: m.id })).node;
      expect(still).toEqual({ version: m.version, title: m.title });
    });
  });

  describe('COM-5: what a member unit reads; jurisdiction', () => {
    it('COM-5: a member unit lists only the published meetings its unit attended (drafts and others hidden)', async () => {
      const attended = await published({ title: '应急局参加的会议', attendingUnitIds: [unitA], decisions: ['应急局牵头'] });
      const draft = data(await record({ title: '应急局参加的草稿', attendingUnitIds: [unitA], decisions: ['草稿事项'] })).recordMeeting;
      const other = await published({ title: '教育局参加的会议', attendingUnitIds: [unitB] });
      const titlesOf = async (who: TestAccount) => data(await listAs(who, 'first: 100')).meetings.edges.map((e: any) => e.node.title);
      const seenByA = await titlesOf(unitAAccount);
      expect(seenByA).toContain('应急局参加的会议');
      expect(seenByA).not.toContain('应急局参加的草稿');
      expect(seenByA).not.toContain('教育局参加的会议');
      expect(data(await listAs(unitAAccount, 'first: 100')).meetings.edges.every((e: any) => e.node.status === 'PUBLISHED')).toBe(true);
      expect(await titlesOf(unitBAccount)).toContain('教育局参加的会议');
      expect(await titlesOf(unitBAccount)).not.toContain('应急局参加的会议');
      const node = (id: string, who: TestAccount) => t.gqlAs(who, `query($id: ID!) { node(id: $id) { id } }`, { id });
      expect(data(await node(attended.id, unitAAccount)).node).toEqual({ id: attended.id });
      expect(data(await node(draft.id, unitAAccount)).node).toBeNull();
      expect(data(await node(other.id, unitAAccount)).node).toBeNull();
      // a decision reads as its meeting does
      expect(data(await node(draft.decisions[0]?.id ?? attended.decisions[0].id, unitAAccount)).node).toBeNull();
      expect(data(await node(attended.decisions[0].id, unitAAccount)).node).toEqual({ id: attended.decisions[0].id });
      // the office reads drafts and every meeting of its county, filtered by status and committee
      const drafts = data(await listAs(null, `first: 100, status: DRAFT, committeeId: "${w.countyCommittee}"`)).meetings.edges.map((e: any) => e.node.title);
      expect(drafts).toContain('应急局参加的草稿');
      expect(drafts).not.toContain('应急局参加的会议');
    });

    it('jurisdiction: another county (抚松县) neither lists nor changes 靖宇县 meetings', async () => {
      const m = data(await record({ title: '靖宇县内部会议' })).recordMeeting;
      expect(data(await listAs(outsider, 'first: 100')).meetings.edges.map((e: any) => e.node.title)).not.toContain('靖宇县内部会议');
      expect(codeOf(await listAs(outsider, `regionId: "${w.county}"`))).toBe('FORBIDDEN');
      expect(codeOf(await update({ meetingId: m.id, expectedVersion: 1, title: '越权修改' }, outsider))).toBe('NOT_FOUND');
      expect(data(await t.gqlAs(outsider, `query($id: ID!) { node(id: $id) { id } }`, { id: m.id })).node).toBeNull();
      // the township government reaches its township's meetings, not the county's
      expect(codeOf(await update({ meetingId: m.id, expectedVersion: 1, title: '乡镇修改县里会议' }, government))).toBe('NOT_FOUND');
    });
  });

  describe("the committees' policy (T-COM-5)", () => {
    const POLICY = { taskMaxDeadlineDays: 90, evaluationTaskWeight: 40, evaluationCampaignWeight: 20, evaluationSupervisionWeight: 20, evaluationScoredWeight: 20, findingDeduction: 2, excellentMin: 90, goodMin: 80, competentMin: 60 };
    const publishPolicy = (input: Record<string, unknown>, who: TestAccount | null = null) => {
      const q = `mutation($i: PublishCommitteePolicyInput!) { publishCommitteePolicy(input: $i) { version effectiveFrom taskMaxDeadlineDays createdBy } }`;
      return who ? t.gqlAs(who, q, { i: { ...POLICY, ...input } }) : t.gql(q, { i: { ...POLICY, ...input } });
    };
    const policyOn = async (asOf?: string) => data(await t.gql(`query($d: Date) { committeePolicy(asOf: $d) { version effectiveFrom taskMaxDeadlineDays } }`, { d: asOf ?? null })).committeePolicy;

    it('T-COM-5: a version takes effect today or later, never before the latest; the version in force answers each day', async () => {
      expect(await policyOn()).toEqual({ version: 1, effectiveFrom: '2000-01-01', taskMaxDeadlineDays: 180 });
      const past = error(await publishPolicy({ effectiveFrom: '2027-03-09' }));
      expect(past.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'T-COM-5' });
      expect(past.message).toBe('时间规则 T-COM-5：生效日期不能早于今天（2027-03-10）：新版本不溯及既往');
      expect(data(await publishPolicy({ effectiveFrom: '2027-04-01' })).publishCommitteePolicy).toMatchObject({ version: 2, effectiveFrom: '2027-04-01', createdBy: 'office' });
      const before = error(await publishPolicy({ effectiveFrom: '2027-03-20' }));
      expect(before.message).toBe('时间规则 T-COM-5：不能早于现行版本的生效日期 2027-04-01');
      expect(data(await publishPolicy({ effectiveFrom: '2027-04-01', taskMaxDeadlineDays: 60 })).publishCommitteePolicy.version).toBe(3);
      expect((await policyOn('2027-03-31')).version).toBe(1);
      expect(await policyOn('2027-04-01')).toEqual({ version: 3, effectiveFrom: '2027-04-01', taskMaxDeadlineDays: 60 });
    });

    it('COM-4: the four parts make 100 and the grade lines rise; nothing is written on refusal; only the office publishes', async () => {
      const versions = await count('committee_policy');
      const weights = error(await publishPolicy({ effectiveFrom: '2027-05-01', evaluationScoredWeight: 30 }));
      expect(weights.message).toContain('COM-4：四项考评权重之和须为 100（现为 110）');
      expect(error(await publishPolicy({ effectiveFrom: '2027-05-01', goodMin: 95 })).message).toContain('COM-4：须满足 0 < 称职线 < 良好线 < 优秀线 ≤ 100');
      expect(codeOf(await publishPolicy({ effectiveFrom: '2027-05-01' }, government))).toBe('FORBIDDEN');
      expect(await count('committee_policy')).toBe(versions);
    });
  });
});
