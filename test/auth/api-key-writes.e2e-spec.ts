import { randomUUID } from 'node:crypto';
import { Permission, Role, ROLE_PERMISSIONS } from '../../src/kernel/permissions';
import { fromGlobalId, toGlobalId } from '../../src/graphql/global-id';
import { PremisesService } from '../../src/inspections/premises.service';
import { RequestContext } from '../../src/kernel/request-context';
import { png } from '../support/files';
import { createTestApp, data, error, GqlResponse, TestAccount, TestApp } from '../support/test-app';

/**
 * API keys that write, within bounds: the office grants a county system write permissions (hazards and their
 * rectification, inspections, fires, activities) and reads of staffing and evaluations; each acts only inside the
 * key's region, every write is audited as the key, carries an Idempotency-Key, and a key never signs a re-check.
 */
describe('API keys that write, within bounds', () => {
  let t: TestApp;
  let township: string;
  let otherTownship: string;
  let station: TestAccount;
  const CREATE_KEY = `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret apiKey { id name permissions } } }`;
  const REPORT = `mutation($i: ReportHazardInput!) { reportHazard(input: $i) { id status reportedBy } }`;
  const WRITER: Permission[] = [
    Permission.INSPECTION_READ, Permission.INSPECTION_RECORD, Permission.ATTACHMENT_UPLOAD, Permission.FIRE_READ, Permission.FIRE_RECORD,
    Permission.TRAINING_READ, Permission.ACTIVITY_RECORD,
  ];
  const code = (res: GqlResponse) => res.body.errors?.[0]?.extensions?.code ?? null;
  const createKey = async (name: string, permissions: Permission[], regionId: string) => {
    const k = data(await t.admins.security.gql(CREATE_KEY, { i: { name, permissions, regionId } })).createApiKey;
    return { id: fromGlobalId(k.apiKey.id, 'ApiKey', 'id'), name: k.apiKey.name as string, headers: { authorization: `Bearer ${k.secret}` }, token: k.secret as string };
  };
  /** A key's request; `retryKey` is the Idempotency-Key (none: the header is left out). */
  const asKey = (key: { headers: Record<string, string> }, query: string, variables?: Record<string, unknown>, retryKey: string | null = randomUUID()) =>
    t.gql(query, variables, { ...key.headers, ...(retryKey ? { 'idempotency-key': retryKey } : {}) });
  const premisesIn = async (regionId: string, name: string) =>
    toGlobalId('Premises', (await t.app.get(PremisesService).create(RequestContext.system('test'), {
      regionId, kind: 'SMALL_VENUE' as never, name, address: '中心街 8 号', responsibleName: '店主', riskLevel: 'GENERAL' as never,
    })).id);
  const hazardsDescribed = async (description: string) =>
    ((await t.dataSource.query(`SELECT count(*)::int AS n FROM hazard WHERE description = $1`, [description])) as { n: number }[])[0].n;

  beforeAll(async () => {
    t = await createTestApp();
    township = toGlobalId('Region', await t.regionId('景山镇'));
    const [other] = (await t.dataSource.query(`SELECT r.id FROM region r JOIN region c ON c.id = r.parent_id WHERE c.name = '靖宇县' AND r.level = 'TOWNSHIP' AND r.name <> '景山镇' ORDER BY r.sort_order LIMIT 1`)) as { id: string }[];
    otherTownship = toGlobalId('Region', other.id);
    station = await t.account({ role: Role.STATION, region: '景山镇' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a write without Idempotency-Key is refused before it runs (428); with one it is done once, a retry replayed, audited as the key', async () => {
    const key = await createKey('景山镇网格化平台', WRITER, township);
    const input = { i: { premisesId: await premisesIn(township, '网格超市'), description: '网格员发现：安全出口堵塞', foundOn: t.clock.today() } };

    const refused = await asKey(key, REPORT, input, null);
    expect(refused.status).toBe(428);
    const e = error(refused);
    expect(e.extensions.code).toBe('BAD_REQUEST');
    expect(e.extensions.reason).toBe('IDEMPOTENCY_KEY_REQUIRED');
    expect(e.message).toContain('Idempotency-Key');
    expect(e.message).toMatch(/UUID/);
    expect(e.message).toMatch(/重发.*安全/);
    expect(await hazardsDescribed('网格员发现：安全出口堵塞')).toBe(0);
    // a key's queries need no header
    expect(data(await asKey(key, `{ hazards(first: 1) { totalCount } }`, undefined, null)).hazards.totalCount).toBeGreaterThanOrEqual(0);

    const retryKey = randomUUID();
    const first = await asKey(key, REPORT, input, retryKey);
    const hazard = data(first).reportHazard;
    expect(hazard.status).toBe('REPORTED');
    expect(hazard.reportedBy).toBe(`key:${key.name}`);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await asKey(key, REPORT, input, retryKey);
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(JSON.stringify(again.body)).toBe(JSON.stringify(first.body));
    expect(await hazardsDescribed('网格员发现：安全出口堵塞')).toBe(1);

    // audited as the key, in the write's own transaction: one SUCCESS entry naming the hazard
    const entries = (await t.dataSource.query(
      `SELECT actor_kind, actor_id, actor_label, outcome, target_type FROM audit_entry WHERE operation = 'reportHazard' AND target_id = $1`,
      [fromGlobalId(hazard.id, 'Hazard', 'id')],
    )) as Record<string, string>[];
    expect(entries).toEqual([{ actor_kind: 'API_KEY', actor_id: key.id, actor_label: `key:${key.name}`, outcome: 'SUCCESS', target_type: 'Hazard' }]);
    const [event] = (await t.dataSource.query(`SELECT actor, actor_id FROM hazard_event WHERE hazard_id = $1`, [fromGlobalId(hazard.id, 'Hazard', 'id')])) as { actor: string; actor_id: string | null }[];
    expect(event).toEqual({ actor: `key:${key.name}`, actor_id: null });
  });

  it('each write acts only inside the key\'s region; a key without the permission is refused the write', async () => {
    const key = await createKey('景山镇网格化平台二', WRITER, township);
    const outside = await asKey(key, REPORT, { i: { premisesId: await premisesIn(otherTownship, '邻镇超市'), description: '邻镇的隐患', foundOn: t.clock.today() } });
    expect(code(outside)).toBe('NOT_FOUND');
    const outsideRegion = await asKey(key, REPORT, { i: { regionId: otherTownship, description: '邻镇的隐患', foundOn: t.clock.today() } });
    expect(code(outsideRegion)).toBe('FORBIDDEN');
    const fire = { regionId: otherTownship, occurredAt: new Date(t.clock.now().getTime() - 60_000).toISOString(), place: '柴草垛', cause: 'CARELESS_USE', deaths: 0, injuries: 0, seriousInjuries: 0, directLossYuan: 300 };
    expect(code(await asKey(key, `mutation($i: RecordFireInput!) { recordFire(input: $i) { id } }`, { i: fire }))).toBe('FORBIDDEN');
    expect(await hazardsDescribed('邻镇的隐患')).toBe(0);

    // inside: a fire and an activity, recorded by the key (no station or organization of its own is needed)
    const recorded = data(await asKey(key, `mutation($i: RecordFireInput!) { recordFire(input: $i) { level region { name } } }`, { i: { ...fire, regionId: township } })).recordFire;
    expect(recorded.region.name).toBe('景山镇');
    const activity = data(await asKey(key, `mutation($i: RecordActivityInput!) { recordActivity(input: $i) { id region { name } } }`, {
      i: { kind: 'PUBLICITY', title: '入户宣传', heldOn: t.clock.today(), regionId: township, organizer: '网格员', audiences: ['VILLAGERS'], participantCount: 12, content: '冬季防火' },
    })).recordActivity;
    expect(activity.region.name).toBe('景山镇');
    const [row] = (await t.dataSource.query(`SELECT recorded_by FROM training_activity WHERE id = $1`, [fromGlobalId(activity.id, 'Activity', 'id')])) as { recorded_by: string }[];
    expect(row.recorded_by).toBe(`key:${key.name}`);

    // a key granted reads only: the write is FORBIDDEN naming the permission, and nothing is written
    const reader = await createKey('只读看板', [Permission.INSPECTION_READ], township);
    const denied = await asKey(reader, REPORT, { i: { regionId: township, description: '只读密钥的隐患', foundOn: t.clock.today() } });
    expect(code(denied)).toBe('FORBIDDEN');
    expect(error(denied).extensions.permission).toBe('INSPECTION_RECORD');
    expect(await hazardsDescribed('只读密钥的隐患')).toBe(0);
  });

  it('INS-2: a key drives the rectification with evidence it uploads, but never signs the re-check; a person does', async () => {
    const key = await createKey('整改对接', WRITER, township);
    const hazardId = data(await asKey(key, REPORT, { i: { regionId: township, description: '灭火器过期', foundOn: t.clock.today() } })).reportHazard.id;
    expect(data(await asKey(key, `mutation($i: OrderRectificationInput!) { orderRectification(input: $i) { status } }`, {
      i: { hazardId, responsibleParty: '村委会', measures: '更换灭火器' },
    })).orderRectification.status).toBe('RECTIFYING');
    const uploaded = await t.upload({ token: key.token } as TestAccount, png('key-evidence'), '整改后.png');
    expect(uploaded.status).toBe(201);
    expect(data(await asKey(key, `mutation($i: ReportRectificationInput!) { reportRectification(input: $i) { status } }`, {
      i: { hazardId, note: '已更换', evidence: [{ sha256: uploaded.body.sha256, name: '整改后.png' }] },
    })).reportRectification.status).toBe('PENDING_RECHECK');

    const RECHECK = `mutation($i: RecheckHazardInput!) { recheckHazard(input: $i) { status } }`;
    const refused = await asKey(key, RECHECK, { i: { hazardId, passed: true } });
    expect(code(refused)).toBe('FORBIDDEN');
    expect(error(refused).extensions.reason).toBe('API_KEY_NOT_ALLOWED');
    expect(error(refused).message).toMatch(/API 密钥不能复查/);
    expect(data(await t.gql(`{ hazard(id: "${hazardId}") { status } }`)).hazard.status).toBe('PENDING_RECHECK');
    // the station's person re-checks (the key reported the rectification, so no account is its reporter)
    expect(data(await t.gql(RECHECK, { i: { hazardId, passed: true } }, station.headers)).recheckHazard.status).toBe('CLOSED');
  });

  it('reads of staffing, people and evaluations are granted one by one, inside the key\'s region only', async () => {
    const staffing = await createKey('编制看板', [Permission.STAFFING_READ], township);
    const STAFFING = `query($r: ID) { staffing(regionId: $r) { edges { node { organizationName onDuty vacancies } } } }`;
    const rows = data(await asKey(staffing, STAFFING, { r: township }, null)).staffing.edges;
    expect(rows.map((e: any) => e.node.organizationName)).toEqual(['景山镇消防工作站']);
    expect(code(await asKey(staffing, STAFFING, { r: otherTownship }, null))).toBe('FORBIDDEN');
    expect(code(await asKey(staffing, `{ people(first: 1) { totalCount } }`, undefined, null))).toBe('FORBIDDEN');
    expect(code(await asKey(staffing, `{ evaluations { totalCount } }`, undefined, null))).toBe('FORBIDDEN');

    const people = await createKey('人员看板', [Permission.PERSONNEL_READ, Permission.EVALUATION_READ], township);
    expect(data(await asKey(people, `{ people(first: 1) { totalCount } evaluations { totalCount } }`, undefined, null)).people.totalCount).toBeGreaterThanOrEqual(0);
    expect(code(await asKey(people, `query($r: ID) { people(regionId: $r, first: 1) { totalCount } }`, { r: otherTownship }, null))).toBe('FORBIDDEN');
  });

  it('createApiKey refuses what a key can never hold and lists what can be granted', async () => {
    const refused = error(await t.admins.security.gql(CREATE_KEY, { i: { name: '越权写入', permissions: ['INSPECTION_RECORD', 'PERSONNEL_MANAGE', 'HAZARD_DEADLINE_APPROVE'], regionId: township } }));
    expect(refused.extensions.code).toBe('BAD_USER_INPUT');
    const reason = refused.extensions.fields[0].reason as string;
    expect(reason).toContain('不能授予：PERSONNEL_MANAGE、HAZARD_DEADLINE_APPROVE');
    for (const p of ROLE_PERMISSIONS[Role.INTEGRATION]) expect(reason).toContain(p);
    expect(ROLE_PERMISSIONS[Role.INTEGRATION]).toEqual(expect.arrayContaining([
      Permission.INSPECTION_RECORD, Permission.FIRE_RECORD, Permission.ACTIVITY_RECORD, Permission.PERSONNEL_READ, Permission.STAFFING_READ, Permission.EVALUATION_READ,
    ]));
  });
});
