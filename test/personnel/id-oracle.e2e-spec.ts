import { RequestContext } from '../../src/kernel/request-context';
import { UnmaskGrantService } from '../../src/auth/unmask-grant.service';
import { addDays as addCalendarDays } from '../../src/common/working-days';
import { Role } from '../../src/kernel/permissions';
import { parseGlobalId, toGlobalId } from '../../src/graphql/global-id';
import { ageOn } from '../../src/personnel/eligibility.rules';
import { citizenIdFor } from '../support/factories';
import { IMPORT_KINDS, ImportKind } from '../../src/office/import-kinds';
import { runImport, xlsxOf } from '../support/office';
import { createTestApp, data, error, TestAccount, TestApp } from '../support/test-app';

/**
 * No citizen-id oracle (GB 11643-1999 ids are sensitive personal data, domain defaults): "该身份证号的人员已登记" is
 * answered only for a record inside the caller's jurisdiction, or to whoever may unmask; elsewhere the person is
 * registered again in the caller's region without telling. Every check is audited. Beside a masked id the age is a
 * 5-year band unless the caller may unmask. PER-1: the township government registers its candidates.
 */
const CANDIDATE_HEADERS = IMPORT_KINDS[ImportKind.CANDIDATES].columns.map((c) => c.header);

describe('personnel: no citizen-id oracle (PER-1)', () => {
  let t: TestApp;
  let jingshanGov: TestAccount;
  let longquanGov: TestAccount;
  let fusongGov: TestAccount;
  let fusongOffice: TestAccount;
  let jingshan: string;
  let longquan: string;
  let fusong: string;
  let cityPath: string;
  let countyPath: string;
  const PERSON = `id name ageBand age citizenIdMasked region { name }`;
  const create = (who: TestAccount, regionId: string, citizenId: string, name: string, birthDate = '1990-06-15') =>
    t.gqlAs(who, `mutation($i: CreatePersonInput!) { createPerson(input: $i) { ${PERSON} } }`, {
      i: {
        name, gender: 'MALE', birthDate, citizenId, education: 'SENIOR_HIGH', householdRegionCode: '220622101', residenceRegionCode: '220622101',
        establishmentUnit: '乡镇人民政府', establishmentType: 'PUBLIC_SYSTEM', communication: 'GOOD', regionId,
      },
    });
  const checks = async () => (await t.dataSource.query(
    `SELECT actor_label, target_id, scope_path, summary FROM audit_entry WHERE operation = 'citizenIdDuplicateCheck' ORDER BY id`,
  )) as { actor_label: string; target_id: string; scope_path: string; summary: { after: Record<string, unknown> } }[];

  beforeAll(async () => {
    t = await createTestApp();
    jingshanGov = await t.account({ role: Role.TOWNSHIP_GOVERNMENT, region: '景山镇' });
    longquanGov = await t.account({ role: Role.TOWNSHIP_GOVERNMENT, region: '龙泉镇' });
    jingshan = toGlobalId('Region', await t.regionId('景山镇'));
    longquan = toGlobalId('Region', await t.regionId('龙泉镇'));
    // another county of the city, outside the county office's jurisdiction
    [{ path: cityPath }] = (await t.dataSource.query(`SELECT path FROM region WHERE name = '白山市'`)) as { path: string }[];
    [{ path: countyPath }] = (await t.dataSource.query(`SELECT path FROM region WHERE name = '靖宇县'`)) as { path: string }[];
    const [{ id: city }] = (await t.dataSource.query(`SELECT id FROM region WHERE name = '白山市'`)) as { id: string }[];
    const county = '6f1c1a8e-0000-4000-8000-0000000000a1';
    const township = '6f1c1a8e-0000-4000-8000-0000000000a2';
    await t.dataSource.query(
      `INSERT INTO region (id, parent_id, level, kind, name, code, path, sort_order, version) VALUES
       ($1, $2, 'COUNTY', NULL, '抚松县', '220621', $3, 9, 1), ($4, $1, 'TOWNSHIP', 'TOWN', '抚松镇', NULL, $5, 1, 1)`,
      [county, city, `${cityPath}${county}/`, township, `${cityPath}${county}/${township}/`],
    );
    await t.dataSource.query(
      `INSERT INTO organization (id, kind, name, region_id, parent_id, staff_quota, version) VALUES
       ('6f1c1a8e-0000-4000-8000-0000000000b0', 'COUNTY_COMMITTEE_OFFICE', '抚松县消防救援委员会办公室', $1, NULL, NULL, 1),
       ('6f1c1a8e-0000-4000-8000-0000000000b1', 'TOWNSHIP_GOVERNMENT', '抚松镇人民政府', $2, NULL, NULL, 1)`,
      [county, township],
    );
    fusong = toGlobalId('Region', township);
    fusongGov = await t.account({ role: Role.TOWNSHIP_GOVERNMENT, region: '抚松镇' });
    fusongOffice = await t.account({ role: Role.COMMITTEE_OFFICE, region: '抚松县' });
    // the offices read unmasked through a SECURITY_ADMIN's grant (GB/T 22239-2019 8.1.4.11 b); 抚松县's through the service
    await t.grantUnmask(t.office);
    await t.app.get(UnmaskGrantService).grant(RequestContext.system('test'), { accountId: fusongOffice.globalId, until: addCalendarDays(t.clock.today(), 30), reason: '测试' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('PER-1: inside the jurisdiction a registered id is told; from another township it is registered there without telling, and both checks are audited', async () => {
    const id = citizenIdFor('1990-06-15', true, 11);
    const first = data(await create(jingshanGov, jingshan, id, '孙一')).createPerson;
    expect(error(await create(jingshanGov, jingshan, id, '孙一')).message).toBe('该身份证号的人员已登记');
    // 龙泉镇 is told nothing: its answer is the record it registered, in its own region, with its own name
    const second = data(await create(longquanGov, longquan, id, '孙一（龙泉）')).createPerson;
    expect(second).toMatchObject({ name: '孙一（龙泉）', region: { name: '龙泉镇' } });
    expect(second.id).not.toBe(first.id);
    // now it is 龙泉镇's own record: told
    expect(error(await create(longquanGov, longquan, id, '孙一')).extensions.code).toBe('CONFLICT');
    // the county office (in reach of both) is told
    expect(error(await create(t.office, jingshan, id, '孙一')).message).toBe('该身份证号的人员已登记');

    const rows = await checks();
    const masked = first.citizenIdMasked;
    expect(rows.map((r) => [r.actor_label, r.summary.after.answer])).toEqual([
      [jingshanGov.username, 'NONE'], [jingshanGov.username, 'DUPLICATE'], [longquanGov.username, 'NONE'], [longquanGov.username, 'NONE'],
      [longquanGov.username, 'DUPLICATE'], [t.office.username, 'DUPLICATE'],
    ]);
    for (const r of rows) expect(r.summary.after.citizenId).toBe(masked);
    // the link between the two records lies where both townships are in reach (the county), not in 龙泉镇's
    const link = rows[3];
    expect(link.summary.after.registeredElsewhere).toEqual([expect.any(String)]);
    expect(link.scope_path).toBe(countyPath);
    const longquanPath = ((await t.dataSource.query(`SELECT path FROM region WHERE name = '龙泉镇'`)) as { path: string }[])[0].path;
    expect(rows[2].scope_path).toBe(longquanPath);
    expect(rows[2].summary.after).toEqual({ citizenId: masked, answer: 'NONE' });
    // the county office reads both in its audit log
    const seen = data(await t.admins.audit.gql(`{ auditLog(operation: "citizenIdDuplicateCheck", first: 100) { totalCount } }`)).auditLog.totalCount;
    expect(seen).toBe(6);

    // one person, one post (PER-9's roster): the record 龙泉镇 registered again cannot be proposed while the
    // 景山镇 record holds an open post; the refusal tells nothing of where
    const stationOf = async (name: string) => toGlobalId('Organization', ((await t.dataSource.query(
      `SELECT o.id FROM organization o JOIN region r ON r.id = o.region_id WHERE r.name = $1 AND o.kind = 'FIRE_WORK_STATION'`, [name])) as { id: string }[])[0].id);
    const propose = (who: TestAccount, personId: string, stationId: string) =>
      t.gqlAs(who, `mutation($i: PersonAtStationInput!) { proposeCandidate(input: $i) { id state } }`, { i: { personId, stationId } });
    expect(data(await propose(jingshanGov, first.id, await stationOf('景山镇'))).proposeCandidate.state).toBe('CANDIDATE');
    const refused = error(await propose(longquanGov, second.id, await stationOf('龙泉镇')));
    expect(refused.extensions.code).toBe('CONFLICT');
    expect(refused.message).not.toContain('景山');
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM post WHERE person_id = $1`, [parseGlobalId(second.id)!.id])).toEqual([{ n: 0 }]);
  });

  it('PER-1: another county learns nothing; its committee office, which may unmask, is told; the link lies with the city, out of both counties\' audit logs', async () => {
    const id = citizenIdFor('1985-02-10', true, 12);
    data(await create(jingshanGov, jingshan, id, '钱二', '1985-02-10'));
    data(await create(fusongGov, fusong, id, '钱二', '1985-02-10'));
    // the unmask permission tells, even outside the jurisdiction (the record is 抚松镇's own now: take a third id)
    const third = citizenIdFor('1986-03-11', true, 13);
    data(await create(jingshanGov, jingshan, third, '李三', '1986-03-11'));
    expect(error(await create(fusongOffice, fusong, third, '李三', '1986-03-11')).message).toBe('该身份证号的人员已登记');
    const link = (await checks()).find((r) => r.summary.after.registeredElsewhere && r.actor_label === fusongGov.username)!;
    expect(link.scope_path).toBe(cityPath);
    const inJingyu = data(await t.admins.audit.gql(`{ auditLog(operation: "citizenIdDuplicateCheck", first: 100) { edges { node { actorLabel summary } } } }`)).auditLog.edges;
    expect(inJingyu.filter((e: any) => JSON.parse(e.node.summary).after.registeredElsewhere && e.node.actorLabel === fusongGov.username)).toEqual([]);
  });

  it('PER-1: importCandidates (dry run) tells a duplicate of its own township only, and audits each check', async () => {
    const elsewhere = citizenIdFor('1991-04-04', true, 14);
    const own = citizenIdFor('1992-05-05', true, 15);
    data(await create(jingshanGov, jingshan, elsewhere, '周四', '1991-04-04'));
    data(await create(longquanGov, longquan, own, '吴五', '1992-05-05'));
    const row = (name: string, id: string) => ['', name, '男', `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`, id, '13943900051', '高中', '220622101', '220622101', '龙泉镇人民政府', '体制内', '良好', '', ''];
    const before = (await checks()).length;
    const job = await runImport(t, longquanGov, 'importCandidates', await xlsxOf('人选', CANDIDATE_HEADERS, [row('周四', elsewhere), row('吴五', own)]), { dryRun: true });
    expect(job.status).toBe('REJECTED');
    // row 2 (registered in 景山镇) passes as new; row 3 (龙泉镇's own) is told
    expect(job.problems).toEqual([{ row: 3, column: null, reason: '该身份证号的人员已登记' }]);
    const audited = (await checks()).slice(before);
    expect(audited.map((r) => [r.actor_label, r.summary.after.answer, !!r.summary.after.registeredElsewhere])).toEqual([
      [longquanGov.username, 'NONE', false], [longquanGov.username, 'NONE', true], [longquanGov.username, 'DUPLICATE', false],
    ]);
  });

  it('PER-1: beside the masked id the age is a 5-year band; the exact age only for whoever may unmask', async () => {
    const id = citizenIdFor('1988-08-08', true, 16);
    const created = data(await create(jingshanGov, jingshan, id, '郑六', '1988-08-08')).createPerson;
    const age = ageOn('1988-08-08', t.clock.today());
    const low = Math.floor(age / 5) * 5;
    expect(created).toMatchObject({ age: null, ageBand: `${low}–${low + 4}岁`, citizenIdMasked: `${id.slice(0, 6)}********${id.slice(14)}` });
    const read = `query($id: ID!) { node(id: $id) { ... on Person { age ageBand } } }`;
    expect(data(await t.gqlAs(jingshanGov, read, { id: created.id })).node).toEqual({ age: null, ageBand: `${low}–${low + 4}岁` });
    expect(data(await t.gql(read, { id: created.id })).node).toEqual({ age, ageBand: `${low}–${low + 4}岁` });

    // PER-3's verdict names no exact age, and is read for today only: a verdict for any day would find the birthday
    const [{ id: station }] = (await t.dataSource.query(
      `SELECT o.id FROM organization o JOIN region r ON r.id = o.region_id WHERE r.name = '景山镇' AND o.kind = 'FIRE_WORK_STATION'`)) as { id: string }[];
    const eligibility = `query($p: ID!, $s: ID!, $d: Date) { eligibility(personId: $p, stationId: $s, asOf: $d) { verdicts { rule verdict explanation } } }`;
    const vars = { p: created.id, s: toGlobalId('Organization', station) };
    const per3 = (r: any) => r.eligibility.verdicts.find((v: { rule: string }) => v.rule === 'PER_3');
    expect(per3(data(await t.gqlAs(jingshanGov, eligibility, vars))).explanation).not.toMatch(/\d+ 周岁（/);
    expect(per3(data(await t.gqlAs(jingshanGov, eligibility, vars))).explanation).toContain('年龄在要求范围内');
    const yesterday = new Date(Date.parse(`${t.clock.today()}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const dated = await t.gqlAs(jingshanGov, eligibility, { ...vars, d: yesterday });
    expect(error(dated).extensions!.code).toBe('BAD_USER_INPUT');
    expect(per3(data(await t.gql(eligibility, { ...vars, d: yesterday }))).explanation).toMatch(/年满 \d+ 周岁/);
  });
});
