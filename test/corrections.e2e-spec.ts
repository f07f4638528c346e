import { Role } from '../src/kernel/permissions';
import { toGlobalId } from '../src/graphql/global-id';
import { citizenIdFor } from './support/factories';
import { createPremises, inspectionsFixture, InspectionsFixture, nodes, reportHazard } from './support/inspections';
import { createTestApp, data, error, GqlResponse, TestAccount, TestApp } from './support/test-app';

const code = (res: GqlResponse) => res.body.errors?.[0]?.extensions?.code ?? null;
const CORRECTIONS = `corrections(first: 100) { totalCount edges { node { field oldValue newValue reason correctedBy correctedAt } } }`;
const PERSON = `id name version education communication phoneMasked householdRegionCode ${CORRECTIONS}`;
const ELIGIBILITY = `asOf eligibleForSelection verdicts { rule verdict explanation }`;
const verdictOf = (e: { verdicts: { rule: string; verdict: string }[] }, rule: string) => e.verdicts.find((v) => v.rule === rule.replace('-', '_'))?.verdict;

/** Corrections with history: people (PER-2 .. PER-8 facts), fires (INS-4, INS-6), hazards (INS-2), villages (ORG-6), refiled plans (INS-5). */
describe('corrections with history', () => {
  let t: TestApp;
  let f: InspectionsFixture;
  let gov: TestAccount;
  let otherGov: TestAccount;
  let station: TestAccount;
  let center: TestAccount;
  let jingshan: string;
  let longquan: string;
  let jingshanStation: string;
  let seq = 0;

  beforeAll(async () => {
    t = await createTestApp();
    f = await inspectionsFixture(t);
    gov = f.township;
    station = f.station;
    center = f.center;
    otherGov = await t.account({ role: Role.TOWNSHIP_GOVERNMENT, region: '龙泉镇' });
    jingshan = f.jingshan;
    longquan = toGlobalId('Region', await t.regionId('龙泉镇'));
    const rows = (await t.dataSource.query(`SELECT o.id FROM organization o JOIN region r ON r.id = o.region_id WHERE r.name = '景山镇' AND o.kind = 'FIRE_WORK_STATION'`)) as { id: string }[];
    jingshanStation = toGlobalId('Organization', rows[0].id);
  });
  afterAll(async () => {
    await t?.close();
  });

  const person = async (over: Record<string, unknown> = {}) => {
    const birthDate = '1990-06-15';
    return data(await t.gqlAs(gov, `mutation($i: CreatePersonInput!) { createPerson(input: $i) { ${PERSON} } }`, {
      i: {
        name: `更正人员${++seq}`, gender: 'MALE', birthDate, citizenId: citizenIdFor(birthDate, true, 500 + seq), phone: '13900001111', education: 'SENIOR_HIGH',
        householdRegionCode: '220622101', residenceRegionCode: '220622101', establishmentUnit: '景山镇人民政府', establishmentType: 'PUBLIC_SYSTEM', regionId: jingshan, ...over,
      },
    })).createPerson;
  };
  const update = (who: TestAccount, input: Record<string, unknown>) =>
    t.gqlAs(who, `mutation($i: UpdatePersonInput!) { updatePerson(input: $i) { person { ${PERSON} } eligibility { ${ELIGIBILITY} } } }`, { i: input });
  const readPerson = async (id: string) => data(await t.gqlAs(gov, `query($id: ID!) { node(id: $id) { ... on Person { ${PERSON} } } }`, { id })).node;

  describe('updatePerson', () => {
    it('PER-6: a missing assessment is added by a correction; the verdict is recomputed and the selection then passes', async () => {
      const p = await person();
      expect(p.communication).toBeNull();
      data(await t.gqlAs(gov, `mutation($i: PersonAtStationInput!) { proposeCandidate(input: $i) { state } }`, { i: { personId: p.id, stationId: jingshanStation } }));
      const refused = await t.gqlAs(gov, `mutation($i: SelectPersonInput!) { selectPerson(input: $i) { state } }`, { i: { personId: p.id, stationId: jingshanStation, selectedOn: t.clock.today() } });
      expect(code(refused)).toBe('NOT_ELIGIBLE');
      expect(error(refused).message).toContain('PER-6');

      const res = data(await update(gov, { id: p.id, expectedVersion: p.version, reason: '补录沟通协调能力评价', communication: 'GOOD' })).updatePerson;
      expect(res.person).toMatchObject({ communication: 'GOOD', version: p.version + 1 });
      // PER-1 .. PER-9 computed again for the open post, as of today
      expect(res.eligibility.asOf).toBe(t.clock.today());
      expect(verdictOf(res.eligibility, 'PER-6')).toBe('PASS');
      expect(verdictOf(res.eligibility, 'PER-3')).toBe('PASS');
      expect(res.eligibility.eligibleForSelection).toBe(true);
      expect(nodes(res.person.corrections)).toEqual([
        expect.objectContaining({ field: 'communication', oldValue: null, newValue: '"GOOD"', reason: '补录沟通协调能力评价' }),
      ]);
      const selected = data(await t.gqlAs(gov, `mutation($i: SelectPersonInput!) { selectPerson(input: $i) { state } }`, { i: { personId: p.id, stationId: jingshanStation, selectedOn: t.clock.today() } }));
      expect(selected.selectPerson.state).toBe('SELECTED');
    });

    it('PER-4, PER-5: correcting education and household codes recomputes those verdicts; each field keeps its old value', async () => {
      const p = await person({ communication: 'GOOD' });
      data(await t.gqlAs(gov, `mutation($i: PersonAtStationInput!) { proposeCandidate(input: $i) { state } }`, { i: { personId: p.id, stationId: jingshanStation } }));
      const res = data(await update(gov, { id: p.id, expectedVersion: p.version, reason: '档案核对：初中学历，户籍在龙泉镇', education: 'JUNIOR_HIGH', householdRegionCode: '220622104' })).updatePerson;
      expect(verdictOf(res.eligibility, 'PER-5')).toBe('FAIL');
      expect(verdictOf(res.eligibility, 'PER-4')).toBe('FAIL');
      expect(res.eligibility.eligibleForSelection).toBe(false);
      expect(nodes(res.person.corrections).map((c: any) => [c.field, c.oldValue, c.newValue])).toEqual([
        ['education', '"SENIOR_HIGH"', '"JUNIOR_HIGH"'],
        ['householdRegionCode', '"220622101"', '"220622104"'],
      ]);
      // no open post: nothing to judge, no verdict
      const lone = await person({ communication: 'GOOD' });
      expect(data(await update(gov, { id: lone.id, expectedVersion: lone.version, reason: '改名', name: '张三丰' })).updatePerson).toMatchObject({ person: { name: '张三丰' }, eligibility: null });
    });

    it('a correction is versioned: a stale version is a CONFLICT with the current one, and nothing is written', async () => {
      const p = await person({ communication: 'GOOD' });
      data(await update(gov, { id: p.id, expectedVersion: p.version, reason: '姓名录入错误', name: '李四' }));
      const stale = await update(gov, { id: p.id, expectedVersion: p.version, reason: '姓名录入错误', name: '王五' });
      expect(code(stale)).toBe('CONFLICT');
      expect(error(stale).extensions.currentVersion).toBe(p.version + 1);
      const now = await readPerson(p.id);
      expect(now).toMatchObject({ name: '李四', version: p.version + 1 });
      expect(now.corrections.totalCount).toBe(1);
    });

    it('refuses before writing: no reason, no change, a gender the citizen id contradicts (PER-2), a bad phone', async () => {
      const p = await person({ communication: 'GOOD' });
      const cases: [Record<string, unknown>, string][] = [
        [{ reason: '   ', name: '赵六' }, 'input.reason'],
        [{ reason: '核对', name: p.name, education: 'SENIOR_HIGH' }, 'input'],
        [{ reason: '核对', gender: 'FEMALE' }, 'input.gender'],
        [{ reason: '核对', phone: '12345' }, 'input.phone'],
      ];
      for (const [input, field] of cases) {
        const res = await update(gov, { id: p.id, expectedVersion: p.version, ...input });
        expect(code(res)).toBe('BAD_USER_INPUT');
        expect(error(res).extensions.fields.map((x: { field: string }) => x.field)).toContain(field);
      }
      const now = await readPerson(p.id);
      expect(now.version).toBe(p.version);
      expect(now.corrections.totalCount).toBe(0);
    });

    it('a phone is corrected unmasked and kept masked in the history; the correction is audited', async () => {
      const p = await person({ communication: 'GOOD' });
      const res = data(await update(gov, { id: p.id, expectedVersion: p.version, reason: '更换手机号', phone: '13812345678' })).updatePerson;
      expect(res.person.phoneMasked).toBe('138****5678');
      expect(nodes(res.person.corrections)).toEqual([expect.objectContaining({ field: 'phone', oldValue: '"139****1111"', newValue: '"138****5678"' })]);
      const stored = JSON.stringify(await t.dataSource.query(`SELECT old_value, new_value FROM record_correction WHERE field = 'phone'`));
      expect(stored).not.toContain('13812345678');
      expect(stored).not.toContain('13900001111');
      const audit = data(await t.admins.audit.gql(`{ auditLog(operation: "updatePerson", first: 5) { edges { node { operation outcome targetType } } } }`)).auditLog;
      expect(nodes(audit)).toContainEqual({ operation: 'updatePerson', outcome: 'SUCCESS', targetType: 'Person' });
    });

    it('who may: the roles that register people, inside their jurisdiction (a station is FORBIDDEN, another township NOT_FOUND)', async () => {
      const p = await person({ communication: 'GOOD' });
      expect(code(await update(station, { id: p.id, expectedVersion: p.version, reason: '核对', name: '钱七' }))).toBe('FORBIDDEN');
      expect(code(await update(otherGov, { id: p.id, expectedVersion: p.version, reason: '核对', name: '钱七' }))).toBe('NOT_FOUND');
      expect(data(await update(t.office, { id: p.id, expectedVersion: p.version, reason: '核对', name: '钱七' })).updatePerson.person.name).toBe('钱七');
    });
  });

  describe('correctFire', () => {
    const FIRE = `id level version deaths directLossYuan investigation { id status } ${CORRECTIONS}`;
    const record = async (over: Record<string, unknown> = {}) =>
      data(await t.gqlAs(center, `mutation($i: RecordFireInput!) { recordFire(input: $i) { ${FIRE} } }`, {
        i: { regionId: jingshan, occurredAt: new Date(t.clock.now().getTime() - 3_600_000).toISOString(), place: '柴草垛', cause: 'CARELESS_USE', deaths: 0, injuries: 0, seriousInjuries: 0, directLossYuan: 500, ...over },
      })).recordFire;
    const correct = (input: Record<string, unknown>, who = center, fields = FIRE) => t.gqlAs(who, `mutation($i: CorrectFireInput!) { correctFire(input: $i) { ${fields} } }`, { i: input });

    it('INS-4, INS-6: a corrected death toll recomputes the level (fire-level rule at its boundary) and opens the extended investigation', async () => {
      const fire = await record();
      expect(fire).toMatchObject({ level: 'GENERAL', version: 1, investigation: null });
      // 2 deaths: still 一般 (< 3), but any death opens the investigation
      const two = data(await correct({ fireId: fire.id, expectedVersion: 1, reason: '医院通报：2 人死亡', deaths: 2 })).correctFire;
      expect(two).toMatchObject({ level: 'GENERAL', version: 2, deaths: 2, investigation: { status: 'OPEN' } });
      // 3 deaths: 较大
      const three = data(await correct({ fireId: fire.id, expectedVersion: 2, reason: '核实后 3 人死亡', deaths: 3 })).correctFire;
      expect(three).toMatchObject({ level: 'LARGER', version: 3, investigation: { id: two.investigation.id } });
      expect(nodes(three.corrections).map((c: any) => [c.field, c.oldValue, c.newValue, c.reason])).toEqual([
        ['deaths', '0', '2', '医院通报：2 人死亡'],
        ['deaths', '2', '3', '核实后 3 人死亡'],
        ['level', '"GENERAL"', '"LARGER"', '核实后 3 人死亡'],
      ]);
    });

    it('INS-4, INS-6: a loss of ¥10 m is 较大, one fen less is 一般 (the investigation opened stays); a stale version or a missing reason changes nothing', async () => {
      const fire = await record();
      expect(data(await correct({ fireId: fire.id, expectedVersion: 1, reason: '评估报告', directLossYuan: 10_000_000 })).correctFire.level).toBe('LARGER');
      expect(data(await correct({ fireId: fire.id, expectedVersion: 2, reason: '评估报告更正', directLossYuan: 9_999_999.99 })).correctFire.level).toBe('GENERAL');
      expect(code(await correct({ fireId: fire.id, expectedVersion: 1, reason: '再改', deaths: 1 }))).toBe('CONFLICT');
      expect(code(await correct({ fireId: fire.id, expectedVersion: 3, reason: ' ', deaths: 1 }))).toBe('BAD_USER_INPUT');
      expect(code(await correct({ fireId: fire.id, expectedVersion: 3, reason: '核对', injuries: 1, seriousInjuries: 2 }))).toBe('BAD_USER_INPUT');
      const now = data(await t.gqlAs(center, `query($id: ID!) { node(id: $id) { ... on FireIncident { ${FIRE} } } }`, { id: fire.id })).node;
      // INS-6: opened when the correction made it 较大; closing it is the investigation's own decision
      expect(now).toMatchObject({ version: 3, deaths: 0, level: 'GENERAL', investigation: { status: 'OPEN' } });
      expect(now.corrections.totalCount).toBe(4);
    });

    it('T-INS-5 (INS-4): a corrected fire time keeps the window of a new record: not in the future, not before the late-record window', async () => {
      const fire = await record();
      const future = new Date(t.clock.now().getTime() + 3_600_000).toISOString();
      const res = await correct({ fireId: fire.id, expectedVersion: 1, reason: '核对起火时间', occurredAt: future });
      expect(code(res)).toBe('BAD_USER_INPUT');
      expect(error(res).extensions!.rule).toBe('T-INS-5');
      const longAgo = new Date(t.clock.now().getTime() - 400 * 86_400_000).toISOString();
      expect(error(await correct({ fireId: fire.id, expectedVersion: 1, reason: '核对起火时间', occurredAt: longAgo })).extensions!.rule).toBe('T-INS-5');
      const earlier = new Date(t.clock.now().getTime() - 2 * 3_600_000).toISOString();
      expect(data(await correct({ fireId: fire.id, expectedVersion: 1, reason: '核对起火时间', occurredAt: earlier })).correctFire.version).toBe(2);
    });

    it('who may: those who record fires, inside their jurisdiction (another township NOT_FOUND, the government FORBIDDEN)', async () => {
      const fire = await record();
      const other = await t.account({ role: Role.STATION, region: '龙泉镇' });
      expect(code(await correct({ fireId: fire.id, expectedVersion: 1, reason: '核对', place: '草垛' }, other, 'id'))).toBe('NOT_FOUND');
      expect(code(await correct({ fireId: fire.id, expectedVersion: 1, reason: '核对', place: '草垛' }, gov, 'id'))).toBe('FORBIDDEN');
      expect(data(await correct({ fireId: fire.id, expectedVersion: 1, reason: '核对', place: '草垛' }, station, 'id version')).correctFire.version).toBe(2);
    });
  });

  describe('hazards: the premises and the region must agree', () => {
    const HAZARD = `id description version region { name } premises { name } ${CORRECTIONS}`;
    const correct = (input: Record<string, unknown>, who = station) => t.gqlAs(who, `mutation($i: CorrectHazardInput!) { correctHazard(input: $i) { ${HAZARD} } }`, { i: input });
    const hazardCount = async () => Number(((await t.dataSource.query(`SELECT count(*)::int AS n FROM hazard`)) as { n: number }[])[0].n);

    it('INS-2: a hazard at a 景山镇 premises with the region 龙泉镇 is refused on report, naming the rule; nothing is written', async () => {
      const premisesId = await createPremises(f);
      const before = await hazardCount();
      const res = await t.gqlAs(center, `mutation($i: ReportHazardInput!) { reportHazard(input: $i) { id } }`, { i: { premisesId, regionId: longquan, description: '通道堆物', foundOn: t.clock.today() } });
      expect(code(res)).toBe('BAD_USER_INPUT');
      expect(error(res).extensions.fields[0].field).toBe('input.regionId');
      expect(error(res).message).toContain('场所与区划须一致');
      expect(error(res).message).toContain('龙泉镇');
      expect(await hazardCount()).toBe(before);
      // the premises' own township (or the county above it) agrees
      expect(data(await t.gqlAs(center, `mutation($i: ReportHazardInput!) { reportHazard(input: $i) { region { name } } }`, { i: { premisesId, regionId: jingshan, description: '通道堆物', foundOn: t.clock.today() } })).reportHazard.region.name).toBe('景山镇');
      // the same rule for a fire
      const fire = await t.gqlAs(center, `mutation($i: RecordFireInput!) { recordFire(input: $i) { id } }`, {
        i: { premisesId, regionId: longquan, occurredAt: new Date(t.clock.now().getTime() - 60_000).toISOString(), place: '仓库', cause: 'ELECTRICAL', deaths: 0, injuries: 0, seriousInjuries: 0, directLossYuan: 100 },
      });
      expect(error(fire).message).toContain('场所与区划须一致');
    });

    it('INS-2: correctHazard changes the description and premises with a reason, keeps the old values, and refuses a disagreeing region', async () => {
      const first = await createPremises(f, { name: '景山镇粮库' });
      const second = await createPremises(f, { name: '景山镇农贸市场' });
      const h = await reportHazard(f, first);
      const corrected = data(await correct({ hazardId: h.id, expectedVersion: h.version, reason: '登记时场所选错', description: '市场安全出口锁闭', premisesId: second })).correctHazard;
      expect(corrected).toMatchObject({ description: '市场安全出口锁闭', version: h.version + 1, premises: { name: '景山镇农贸市场' }, region: { name: '景山镇' } });
      expect(nodes(corrected.corrections).map((c: any) => [c.field, c.oldValue, c.newValue])).toEqual([
        ['description', '"疏散通道堆放杂物"', '"市场安全出口锁闭"'],
        ['premisesId', JSON.stringify(first), JSON.stringify(second)],
      ]);
      const refused = await correct({ hazardId: h.id, expectedVersion: corrected.version, reason: '改区划', premisesId: first, regionId: longquan }, center);
      expect(code(refused)).toBe('BAD_USER_INPUT');
      expect(error(refused).message).toContain('场所与区划须一致');
      expect(code(await correct({ hazardId: h.id, expectedVersion: h.version, reason: '再改', description: '旧版本' }))).toBe('CONFLICT');
      expect(code(await correct({ hazardId: h.id, expectedVersion: corrected.version, reason: '', description: '无原因' }))).toBe('BAD_USER_INPUT');
      const now = data(await t.gqlAs(station, `query($id: ID!) { node(id: $id) { ... on Hazard { ${HAZARD} } } }`, { id: h.id })).node;
      expect(now).toMatchObject({ description: '市场安全出口锁闭', version: corrected.version, premises: { name: '景山镇农贸市场' } });
      expect(now.corrections.totalCount).toBe(2);
    });
  });

  describe('INS-5: a refiled plan starts a fresh review', () => {
    it('INS-5: after a return, refiling clears the review comment and reviewer; the old review stays in the history', async () => {
      const REPORT = `id status title reviewComment reviewedBy reviewedAt version ${CORRECTIONS}`;
      const [year, month] = t.clock.today().split('-').map(Number);
      const period = { kind: 'MONTH', year, number: month };
      const filed = data(await t.gqlAs(station, `mutation($i: FileWorkReportInput!) { fileWorkReport(input: $i) { ${REPORT} } }`, { i: { stationId: jingshanStation, kind: 'PLAN', period, title: '三月计划', content: '初稿' } })).fileWorkReport;
      const returned = data(await t.gqlAs(center, `mutation($i: ReviewWorkReportInput!) { reviewWorkReport(input: $i) { ${REPORT} } }`, { i: { reportId: filed.id, decision: 'RETURN', comment: '补充隐患整改安排' } })).reviewWorkReport;
      expect(returned).toMatchObject({ status: 'RETURNED', reviewComment: '补充隐患整改安排' });
      expect(returned.reviewedBy).toBeTruthy();
      const refiled = data(await t.gqlAs(station, `mutation($i: FileWorkReportInput!) { fileWorkReport(input: $i) { ${REPORT} } }`, { i: { stationId: jingshanStation, kind: 'PLAN', period, title: '三月计划', content: '修改稿' } })).fileWorkReport;
      expect(refiled).toMatchObject({ id: filed.id, status: 'SUBMITTED', reviewComment: null, reviewedBy: null, reviewedAt: null, version: returned.version + 1 });
      const history = nodes(refiled.corrections);
      expect(history.map((c: any) => c.field)).toEqual(['content', 'review']);
      expect(JSON.parse(history[1].oldValue)).toMatchObject({ status: 'RETURNED', comment: '补充隐患整改安排', reviewedBy: returned.reviewedBy });
      expect(history[1].reason).toContain('补充隐患整改安排');
      // refiling what is not returned stays a CONFLICT
      expect(code(await t.gqlAs(station, `mutation($i: FileWorkReportInput!) { fileWorkReport(input: $i) { id } }`, { i: { stationId: jingshanStation, kind: 'PLAN', period, title: '三月计划', content: '三稿' } }))).toBe('CONFLICT');
    });
  });

  describe('ORG-6: a village record keeps what a correction replaced', () => {
    it('ORG-6: the first entry needs no reason; replacing a recorded manager or team needs one and keeps the old values', async () => {
      const v = data(await t.admins.system.gql(`mutation($i: CreateRegionInput!) { createRegion(input: $i) { id } }`, { i: { parentId: jingshan, name: '更正村', kind: 'VILLAGE' } })).createRegion.id;
      const G = `managerName managerPhoneMasked teamKind version ${CORRECTIONS}`;
      const mutate = (name: string, input: Record<string, unknown>) =>
        t.gqlAs(station, `mutation($i: ${name[0].toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $i) { ${G} } }`, { i: { villageId: v, ...input } });
      expect(data(await mutate('setVillageManager', { name: '李支书', phone: '13800138000' })).setVillageManager).toMatchObject({ managerName: '李支书', corrections: { totalCount: 0 } });
      const noReason = await mutate('setVillageManager', { name: '王主任', phone: '13900139000' });
      expect(code(noReason)).toBe('BAD_USER_INPUT');
      expect(error(noReason).extensions.fields[0].field).toBe('input.reason');
      expect(error(noReason).message).toContain('管理人姓名');
      const replaced = data(await mutate('setVillageManager', { name: '王主任', phone: '13900139000', reason: '村委会换届' })).setVillageManager;
      expect(replaced).toMatchObject({ managerName: '王主任', managerPhoneMasked: '139****9000', version: 2 });
      expect(nodes(replaced.corrections).map((c: any) => [c.field, c.oldValue, c.newValue, c.reason])).toEqual([
        ['managerName', '"李支书"', '"王主任"', '村委会换届'],
        ['managerPhone', '"138****8000"', '"139****9000"', '村委会换届'],
      ]);
      // a team: first entry free, a replacement with its reason
      data(await mutate('setVillageTeam', { kind: 'VOLUNTEER_TEAM', head: '赵队长', members: [{ name: '甲', trained: true }] }));
      expect(code(await mutate('setVillageTeam', { kind: 'NONE' }))).toBe('BAD_USER_INPUT');
      const team = data(await mutate('setVillageTeam', { kind: 'NONE', reason: '队伍解散' })).setVillageTeam;
      expect(team.teamKind).toBe('NONE');
      expect(nodes(team.corrections).filter((c: any) => c.reason === '队伍解散').map((c: any) => c.field)).toEqual(['teamKind', 'teamHead', 'teamMembers']);
    });
  });
});
