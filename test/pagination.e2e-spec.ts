import { Role } from '../src/kernel/permissions';
import { createTestApp, data, error, TestAccount, TestApp } from './support/test-app';

/**
 * Province scale (docs/performance.md): connections are keyset-paginated. A county's hazards page is read region by
 * region (work-scope.ts regionalPage); a province's walks the table's order index. Both must list the same rows in the
 * same order.
 */
describe('keyset pagination of a county and of the province', () => {
  let t: TestApp;
  let province: TestAccount;
  beforeAll(async () => {
    t = await createTestApp();
    const jingshan = await t.regionId('景山镇');
    const [{ path }] = await t.dataSource.query(`SELECT path FROM region WHERE id = $1`, [jingshan]);
    // a village of 景山镇, so that rows sit at three levels: the county, townships and a village
    await t.dataSource.query(`INSERT INTO region (id, parent_id, level, kind, name, path, version) VALUES (md5('pv')::uuid, $1, 'VILLAGE', 'VILLAGE', '测试村', $2 || md5('pv')::uuid || '/', 1)`, [jingshan, path]);
    const county = await t.regionId('靖宇县');
    const jingyu = await t.regionId('靖宇镇');
    // 90 hazards over four regions, found on only six distinct days: most of the order is decided by the id
    await t.dataSource.query(`
      INSERT INTO hazard (id, region_id, source, description, found_on, status, order_due_by, deadline, responsible_party, measures, ordered_on, closed_at, major_status, policy_version, reported_by, version)
      SELECT md5('ph' || g)::uuid, (ARRAY[$1, $2, $3, md5('pv')::uuid])[1 + g % 4], 'OTHER', '隐患' || g, current_date - (g % 6), s.status, current_date,
             current_date + 30, '责任人', '措施', current_date, CASE WHEN s.status = 'CLOSED' THEN now() END, 'NONE', 1, 'test', 1
      FROM generate_series(1, 90) g CROSS JOIN LATERAL (SELECT (ARRAY['RECTIFYING', 'CLOSED', 'RECTIFYING'])[1 + g % 3] AS status) s`,
    [county, jingshan, jingyu]);
    // another county of 白山市 with a township and hazards of its own: Jingyu's accounts must never page into them
    await t.dataSource.query(`
      INSERT INTO region (id, parent_id, level, name, path, version)
      SELECT md5('oc')::uuid, c.id, 'COUNTY', '测试县', c.path || md5('oc')::uuid || '/', 1 FROM region c WHERE c.name = '白山市'`);
    await t.dataSource.query(`
      INSERT INTO region (id, parent_id, level, kind, name, path, version)
      SELECT md5('ot')::uuid, c.id, 'TOWNSHIP', 'TOWN', '测试镇', c.path || md5('ot')::uuid || '/', 1 FROM region c WHERE c.id = md5('oc')::uuid`);
    await t.dataSource.query(`
      INSERT INTO hazard (id, region_id, source, description, found_on, status, order_due_by, deadline, responsible_party, measures, ordered_on, major_status, policy_version, reported_by, version)
      SELECT md5('oh' || g)::uuid, md5('ot')::uuid, 'OTHER', '外县隐患' || g, current_date - (g % 6), 'RECTIFYING', current_date, current_date + 30, '责任人', '措施', current_date, 'NONE', 1, 'test', 1
      FROM generate_series(1, 40) g`);
    province = await t.account({ role: Role.COMMITTEE_OFFICE, region: '吉林省' });
  });
  afterAll(async () => {
    await t.close();
  });

  /** Every id of a list (`hazards` unless named), page by page through the cursors. */
  async function allPages(who: TestAccount, filter: string, first: number, list = 'hazards'): Promise<string[]> {
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = data(await t.gqlAs(who, `query($after: String) { ${list}(first: ${first}, after: $after${filter}) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`, { after }))[list];
      ids.push(...page.edges.map((e: any) => e.node.id));
      if (!page.pageInfo.hasNextPage) return ids;
      after = page.pageInfo.endCursor;
    }
  }
  /** The hazards of a region's subtree in the page order, as SQL has them. */
  const expected = async (region: string, status?: string) => (await t.dataSource.query(
    `SELECT h.id FROM hazard h JOIN region r ON r.id = h.region_id WHERE r.path LIKE (SELECT path FROM region WHERE name = $1) || '%'
     ${status ? 'AND h.status = $2' : ''} ORDER BY h.found_on DESC, h.id DESC`, status ? [region, status] : [region],
  )).map((r: { id: string }) => Buffer.from(`Hazard:${r.id}`).toString('base64'));

  it('a county account (read region by region) and a province account (the order index) page through the same rows in the same order, each once', async () => {
    const jingyu = await expected('靖宇县');
    expect(jingyu).toHaveLength(90);
    expect(await allPages(t.office, '', 7)).toEqual(jingyu);
    const county = Buffer.from(`Region:${await t.regionId('靖宇县')}`).toString('base64');
    expect(await allPages(province, `, regionId: "${county}"`, 11)).toEqual(jingyu);
    // the province's own page: both counties
    const all = await expected('吉林省');
    expect(all).toHaveLength(130);
    expect(await allPages(province, '', 7)).toEqual(all);
  });

  it('with a status filter, and for a township with its village', async () => {
    expect(await allPages(t.office, ', status: RECTIFYING', 8)).toEqual(await expected('靖宇县', 'RECTIFYING'));
    expect(await allPages(province, ', status: RECTIFYING', 8)).toEqual(await expected('吉林省', 'RECTIFYING'));
    const jingshan = await t.regionId('景山镇');
    const inTownship = await expected('景山镇');
    expect(inTownship.length).toBeGreaterThan(30);
    expect(await allPages(t.office, `, regionId: "${Buffer.from(`Region:${jingshan}`).toString('base64')}"`, 9)).toEqual(inTownship);
  });

  it('a township account naming its county sees its township only (scope and jurisdiction both apply)', async () => {
    const station = await t.account({ role: Role.STATION, region: '景山镇' });
    const county = Buffer.from(`Region:${await t.regionId('靖宇县')}`).toString('base64');
    const own = await expected('景山镇');
    expect(own.length).toBeGreaterThan(30);
    expect(await allPages(station, `, regionId: "${county}"`, 10)).toEqual(own);
    expect(await allPages(station, '', 10)).toEqual(own);
  });

  it('activities are paged the same way (any regional list can be: regionalPage)', async () => {
    await t.dataSource.query(`
      INSERT INTO training_activity (id, kind, title, held_on, region_id, organizer, audiences, participant_count, content, attachments, recorded_by)
      SELECT md5('pa' || g)::uuid, 'PUBLICITY', '宣传' || g, current_date - (g % 4), (ARRAY[md5('ot')::uuid, $1::uuid, md5('pv')::uuid])[1 + g % 3], '工作站', ARRAY['VILLAGERS'], 10, '内容', '[]', 'test'
      FROM generate_series(1, 45) g`, [await t.regionId('景山镇')]);
    const sql = async (region: string) => (await t.dataSource.query(
      `SELECT a.id FROM training_activity a JOIN region r ON r.id = a.region_id WHERE r.path LIKE (SELECT path FROM region WHERE name = $1) || '%' ORDER BY a.held_on DESC, a.id DESC`, [region],
    )).map((r: { id: string }) => Buffer.from(`Activity:${r.id}`).toString('base64'));
    const jingyu = await sql('靖宇县');
    expect(jingyu).toHaveLength(30);
    expect(await allPages(t.office, '', 4, 'activities')).toEqual(jingyu);
    expect(await allPages(province, '', 4, 'activities')).toEqual(await sql('吉林省'));
  });

  it('a forged cursor is BAD_USER_INPUT on both paths', async () => {
    for (const who of [t.office, province]) {
      const e = error(await t.gqlAs(who, `{ hazards(first: 5, after: "${Buffer.from('["2026-01-01","nope"]').toString('base64url')}") { totalCount } }`));
      expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'after', reason: '游标无效' }] });
    }
  });

  it('a committee office account may belong to the province or a city (one deployment serves a province); other roles stay in a county', async () => {
    expect(data(await t.gqlAs(province, `{ me { username } }`)).me.username).toBe(province.username);
    // the province's system administrator sits there too (GB/T 22239-2019 8.1.5)
    const provinceAdmin = await t.account({ role: Role.SYSTEM_ADMIN, region: '吉林省' });
    const e = error(await t.gqlAs(provinceAdmin, `mutation($r: ID!) { createAccount(input: { username: "center-at-province", password: "Test-Passw0rd-9", displayName: "x", role: CENTER, regionId: $r }) { id } }`,
      { r: Buffer.from(`Region:${await t.regionId('吉林省')}`).toString('base64') }));
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'input.regionId', reason: '该角色的账号须属于县' }] });
    const city = data(await t.gqlAs(provinceAdmin, `mutation($r: ID!) { createAccount(input: { username: "office-at-city", password: "Test-Passw0rd-9", displayName: "市消委办", role: COMMITTEE_OFFICE, regionId: $r }) { id username } }`,
      { r: Buffer.from(`Region:${await t.regionId('白山市')}`).toString('base64') }));
    expect(city.createAccount.username).toBe('office-at-city');
  });
});
