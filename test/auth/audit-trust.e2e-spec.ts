import request from 'supertest';
import { AuditService } from '../../src/auth/audit.service';
import { LOGIN_USERNAME_CONTEXT } from '../../src/auth/auth.service';
import { FieldCipher } from '../../src/auth/key-material';
import { Role } from '../../src/kernel/permissions';
import { toGlobalId } from '../../src/graphql/global-id';
import { getFile, readXlsx } from '../support/office';
import { createTestApp, data, GqlResponse, TestAccount, TestApp } from '../support/test-app';

const code = (res: GqlResponse) => res.body.errors?.[0]?.extensions?.code ?? null;
const AUDIT = `query($op: String, $first: Int) { auditLog(operation: $op, first: $first) {
  totalCount edges { node { id actorKind actorLabel address requestId clientRequestId operation outcome errorCode summary scopePath chainSequence mac } } } }`;
const VERIFY = `query($from: DateTime!, $to: DateTime!) { verifyAuditChain(from: $from, to: $to) {
  intact checkedCount unchainedCount firstBreak { sequence entryId at reason } } }`;

interface Row {
  id: string; actor_kind: string; actor_id: string | null; actor_label: string; address: string | null; request_id: string;
  client_request_id: string | null; operation: string; outcome: string; error_code: string | null; summary: any; scope_path: string | null;
  chain_seq: string | null; mac: string | null;
}

/**
 * An audit trail a reader can trust (GB/T 22239-2019 8.1.4.3 安全审计 a)–d), 8.1.4.7 数据完整性): refusals audited
 * within a bound, typed usernames never kept, entries scoped to the auditor's jurisdiction, server request ids, an
 * HMAC chain that shows an altered or deleted entry, and the trail's export.
 */
describe('audit trail a reader can trust (GB/T 22239-2019 8.1.4.3, 8.1.4.7)', () => {
  let t: TestApp;
  let auditAdmin: TestAccount;
  beforeAll(async () => {
    t = await createTestApp();
    auditAdmin = await t.account({ role: Role.AUDIT_ADMIN });
  });
  afterAll(async () => {
    await t?.close();
  });
  const rows = async (where: string, params: unknown[] = []) =>
    (await t.dataSource.query(`SELECT * FROM audit_entry WHERE ${where} ORDER BY id`, params)) as Row[];
  const pathOf = async (name: string) => ((await t.dataSource.query(`SELECT path FROM region WHERE name = $1`, [name])) as { path: string }[])[0].path;
  /** An auditor of a township: no role holding AUDIT_LOG_READ sits in a township yet, so one is moved there. */
  const townshipAuditor = async (name: string) => {
    const a = await t.account({ role: Role.AUDIT_ADMIN });
    await t.dataSource.query(`UPDATE account SET region_id = $2 WHERE id = $1`, [a.id, await t.regionId(name)]);
    return a;
  };
  const hourAgo = () => new Date(Date.now() - 3_600_000).toISOString();
  const now = () => new Date().toISOString();

  describe('8.1.4.3 a): refused operations and reads leave an entry', () => {
    it('a station calling auditLog: DENIED with the operation, FORBIDDEN, the station and its region', async () => {
      const station = await t.account({ role: Role.STATION });
      expect(code(await t.gql(`{ auditLog { totalCount } }`, undefined, station.headers))).toBe('FORBIDDEN');
      const [entry] = await rows(`operation = 'auditLog' AND actor_id = $1`, [station.id]);
      expect(entry).toMatchObject({ actor_kind: 'ACCOUNT', actor_label: station.username, outcome: 'DENIED', error_code: 'FORBIDDEN', scope_path: await pathOf('景山镇') });
    });

    it('another township\'s regionId: the refusal names the region asked for', async () => {
      const station = await t.account({ role: Role.STATION, region: '景山镇' });
      const other = toGlobalId('Region', await t.regionId('靖宇镇'));
      const res = await t.gql(`query($r: ID) { hazards(regionId: $r) { totalCount } }`, { r: other }, station.headers);
      expect(code(res)).toBe('FORBIDDEN');
      const [entry] = await rows(`operation = 'hazards' AND actor_id = $1`, [station.id]);
      expect(entry).toMatchObject({ outcome: 'DENIED', error_code: 'FORBIDDEN' });
      expect(entry.summary.after.regionId).toBe(other);
    });

    it('node() probing a record out of reach answers null and is audited with the id probed', async () => {
      // a township government reads accounts (ACCOUNT_READ) of its township only
      const township = await t.account({ role: Role.TOWNSHIP_GOVERNMENT, region: '景山镇' });
      const elsewhere = await t.account({ role: Role.STATION, region: '靖宇镇' });
      const res = await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: elsewhere.globalId }, township.headers);
      expect(data(res).node).toBeNull();
      const [entry] = await rows(`operation = 'node' AND actor_id = $1`, [township.id]);
      expect(entry).toMatchObject({ outcome: 'DENIED', error_code: 'OUT_OF_JURISDICTION' });
      expect(entry.summary.after.refused).toEqual([{ path: await pathOf('靖宇镇'), nodeId: elsewhere.id }]);
      // a node one may see is no refusal
      data(await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: township.globalId }, township.headers));
      expect(await rows(`operation = 'node' AND actor_id = $1`, [township.id])).toHaveLength(1);
    });

    it('requests refused before execution: parse and validation errors, unauthenticated calls', async () => {
      const station = await t.account({ role: Role.STATION });
      const parse = await t.gql(`{ auditLog {`, undefined, { authorization: '', 'x-request-id': 'parse-probe' });
      expect(code(parse)).toBe('GRAPHQL_PARSE_FAILED');
      const [p] = await rows(`client_request_id = 'parse-probe'`);
      expect(p).toMatchObject({ actor_kind: 'ANONYMOUS', actor_label: 'anonymous', outcome: 'DENIED', error_code: 'GRAPHQL_PARSE_FAILED' });
      expect(p.address).toMatch(/127\.0\.0\.1/);
      // a valid credential on a refused request still names its holder
      expect(code(await t.gql(`query Probe { noSuchField }`, undefined, station.headers))).toBe('GRAPHQL_VALIDATION_FAILED');
      const [v] = await rows(`operation = 'Probe' AND actor_id = $1`, [station.id]);
      expect(v).toMatchObject({ outcome: 'DENIED', error_code: 'GRAPHQL_VALIDATION_FAILED' });
      expect(code(await t.gql(`{ auditLog { totalCount } }`, undefined, { authorization: '', 'x-request-id': 'unauth-probe' }))).toBe('UNAUTHENTICATED');
      const [u] = await rows(`client_request_id = 'unauth-probe'`);
      expect(u).toMatchObject({ actor_kind: 'ANONYMOUS', operation: 'auditLog', outcome: 'DENIED', error_code: 'UNAUTHENTICATED' });
    });

    it('requests refused before GraphQL sees them (not JSON, empty, a GET without the CSRF header) leave an anonymous entry each; GraphQL\'s own refusals are not written twice', async () => {
      const http = () => request(t.app.getHttpServer());
      const probes = [
        await http().post('/graphql').set({ 'content-type': 'application/json', 'x-request-id': 'http-probe-json' }).send('{"query": '),
        await http().post('/graphql').set({ 'content-type': 'application/json', 'x-request-id': 'http-probe-empty' }).send(''),
        await http().get('/graphql').query({ query: '{ __typename }' }).set({ 'x-request-id': 'http-probe-get' }),
      ];
      expect(probes.map((p) => p.status)).toEqual([400, 400, 400]);
      // the entry is written once the answer has gone out
      await t.app.get(AuditService).settled();
      // written after their answers, each on its own: in any order
      const entries = (await rows(`client_request_id LIKE 'http-probe-%'`)).sort((a, b) => String(a.client_request_id).localeCompare(String(b.client_request_id)));
      expect(entries.map((e) => [e.client_request_id, e.actor_kind, e.operation, e.outcome, e.error_code])).toEqual([
        ['http-probe-empty', 'ANONYMOUS', '（未解析）', 'DENIED', 'BAD_REQUEST'],
        ['http-probe-get', 'ANONYMOUS', '（未解析）', 'DENIED', 'BAD_REQUEST'],
        ['http-probe-json', 'ANONYMOUS', '（未解析）', 'DENIED', 'BAD_REQUEST'],
      ]);
      expect(entries[0].summary.after).toMatchObject({ stage: 'HTTP', status: 400 });
      expect(entries[0].address).toMatch(/127\.0\.0\.1/);
      // a parse error is GraphQL's refusal: one entry, the plugin's
      await t.gql(`{ auditLog {`, undefined, { authorization: '', 'x-request-id': 'http-probe-parse' });
      await t.app.get(AuditService).settled();
      expect(await rows(`client_request_id = 'http-probe-parse'`)).toHaveLength(1);
    });

    it('a flood is bounded: N entries a minute per actor, then one entry 「另有 k 次被拒绝的请求未逐条记录」', async () => {
      const flooder = await t.account({ role: Role.STATION });
      const limit = t.config.auth.auditRefusalsPerMinute;
      for (let k = 0; k < limit + 5; k++) await t.gql(`{ auditLog {`, undefined, flooder.headers);
      expect(await rows(`actor_id = $1 AND outcome = 'DENIED'`, [flooder.id])).toHaveLength(limit);
      // the minute ends (moved back here rather than waited for); whichever instance closes it writes the summary
      await t.dataSource.query(`UPDATE audit_refusal_window SET window_start = window_start - interval '2 minutes' WHERE subject = $1`, [`ACCOUNT:${flooder.id}`]);
      expect(await t.app.get(AuditService).flushRefusalWindows()).toBeGreaterThanOrEqual(1);
      const [summary] = await rows(`actor_id = $1 AND operation = 'REFUSALS_NOT_RECORDED'`, [flooder.id]);
      expect(summary.summary.after).toMatchObject({ message: '另有 5 次被拒绝的请求未逐条记录', notRecorded: 5, recorded: limit });
      expect(await t.app.get(AuditService).flushRefusalWindows()).toBe(0);
    });
  });

  it('8.1.4.3: a failed sign-in keeps the typed username only as a keyed hash and a masked form', async () => {
    const typed = 'Secret-Typed-Passw0rd';
    await t.gql(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { username: typed, password: 'whatever-1' } }, { authorization: '', 'x-request-id': 'typed-probe' });
    const [entry] = await rows(`client_request_id = 'typed-probe'`);
    const lower = typed.toLowerCase();
    expect(entry.summary.after).toEqual({ usernameMasked: 's***d', usernameHash: t.app.get(FieldCipher).index(lower, LOGIN_USERNAME_CONTEXT) });
    const text = JSON.stringify(await t.dataSource.query(`SELECT * FROM audit_entry`)).toLowerCase();
    expect(text).not.toContain(lower);
  });

  it('8.1.4.3: an auditor reads only the entries of their jurisdiction; entries with no region are the deployment county\'s', async () => {
    const township = await townshipAuditor('景山镇');
    const here = await t.account({ role: Role.STATION, region: '景山镇' });
    const there = await t.account({ role: Role.STATION, region: '靖宇镇' });
    await t.gql(`{ auditLog { totalCount } }`, undefined, here.headers);
    await t.gql(`{ auditLog { totalCount } }`, undefined, there.headers);
    await t.gql(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { username: 'nobody-here', password: 'whatever-1' } }, { authorization: '' });
    const seen = async (who: TestAccount) => (data(await t.gqlAs(who, AUDIT, { first: 100 })).auditLog.edges as any[]).map((e) => e.node);
    const byTownship = await seen(township);
    expect(byTownship.some((e) => e.actorLabel === here.username)).toBe(true);
    expect(byTownship.some((e) => e.actorLabel === there.username)).toBe(false);
    expect(byTownship.some((e) => e.operation === 'login' && JSON.parse(e.summary ?? '{}').after?.usernameMasked === 'n***e')).toBe(false);
    const townshipPath = await pathOf('景山镇');
    expect(byTownship.length).toBeGreaterThan(0);
    expect(byTownship.every((e) => e.scopePath.startsWith(townshipPath))).toBe(true);
    const byCounty = await seen(auditAdmin);
    expect(byCounty.some((e) => e.actorLabel === there.username)).toBe(true);
    const ghost = byCounty.find((e) => e.operation === 'login' && JSON.parse(e.summary ?? '{}').after?.usernameMasked === 'n***e');
    expect(ghost?.scopePath).toBe(await pathOf('靖宇县'));
    // an entry with no region at all is the top region's only
    await t.dataSource.query(`INSERT INTO audit_entry (actor_kind, actor_label, request_id, operation, outcome) VALUES ('ANONYMOUS', 'anonymous', 'r', 'noRegionProbe', 'DENIED')`);
    expect(data(await t.gqlAs(auditAdmin, AUDIT, { op: 'noRegionProbe' })).auditLog.totalCount).toBe(0);
    const province = await t.account({ role: Role.AUDIT_ADMIN, region: '吉林省' });
    expect(data(await t.gqlAs(province, AUDIT, { op: 'noRegionProbe' })).auditLog.totalCount).toBe(1);
  });

  it('8.1.4.3 d): the request id is the server\'s; a client\'s X-Request-Id is kept apart, only when ≤ 64 printable ASCII', async () => {
    const cases: [string, string | null][] = [['my trace 01', 'my trace 01'], ['x'.repeat(64), 'x'.repeat(64)], ['x'.repeat(65), null], ['caf\u00e9-01', null], ['a\tb', null]];
    for (const [sent, kept] of cases) {
      const res = await t.gql(`mutation { logout }`, undefined, { authorization: '', 'x-request-id': sent });
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const [entry] = await rows(`request_id = $1`, [res.headers['x-request-id']]);
      expect(entry.client_request_id).toBe(kept);
    }
  });

  describe('8.1.4.7: the HMAC chain', () => {
    it('entries appended concurrently form one gapless chain, verified intact', async () => {
      const a = await t.account();
      await Promise.all(Array.from({ length: 8 }, (_, k) =>
        t.gql(`mutation($i: UpdateAccountInput!) { updateAccount(input: $i) { id } }`, { i: { id: a.globalId, displayName: `并发${k}` } })));
      const [chain] = (await t.dataSource.query(`SELECT count(*)::int AS n, min(chain_seq)::int AS lo, max(chain_seq)::int AS hi FROM audit_entry WHERE chain_seq IS NOT NULL`)) as { n: number; lo: number; hi: number }[];
      expect(chain.hi - chain.lo + 1).toBe(chain.n);
      const v = data(await t.gqlAs(auditAdmin, VERIFY, { from: hourAgo(), to: now() })).verifyAuditChain;
      expect(v).toMatchObject({ intact: true, firstBreak: null });
      expect(v.checkedCount).toBeGreaterThanOrEqual(8);
    });

    it('T-AUD-1: the period is checked as a time rule', async () => {
      const reversed = await t.gqlAs(auditAdmin, VERIFY, { from: now(), to: hourAgo() });
      expect(code(reversed)).toBe('BAD_USER_INPUT');
      expect(reversed.body.errors?.[0]?.extensions?.rule).toBe('T-AUD-1');
      const future = await t.gqlAs(auditAdmin, VERIFY, { from: hourAgo(), to: new Date(Date.now() + 3_600_000).toISOString() });
      expect(future.body.errors?.[0]?.extensions?.rule).toBe('T-AUD-1');
      const station = await t.account({ role: Role.STATION });
      expect(code(await t.gqlAs(station, VERIFY, { from: hourAgo(), to: now() }))).toBe('FORBIDDEN');
    });

    it('the export: A4 landscape, caption with the period, the check and 「共 N 条」, each row with its chain MAC', async () => {
      const from = hourAgo();
      const to = now();
      const res = await getFile(t, auditAdmin, `/office/exports/audit-trail.xlsx?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
      expect(res.status).toBe(200);
      expect(decodeURIComponent(res.headers['content-disposition'])).toContain('靖宇县');
      expect(decodeURIComponent(res.headers['content-disposition'])).toContain('审计记录');
      const sheet = (await readXlsx(res.bytes)).get('审计记录')!;
      expect(sheet[0][0]).toBe('靖宇县审计记录');
      expect(sheet[1][0]).toContain('防篡改链校验：完整');
      const n = Number(/共 (\d+) 条/.exec(sheet[2][0])![1]);
      expect(sheet.length - 4).toBe(n);
      const macs = new Set((await rows(`mac IS NOT NULL`)).map((r) => r.mac));
      expect(sheet.slice(4).filter((r) => macs.has(r[9])).length).toBeGreaterThan(0);
      const ExcelJS = (await import('exceljs')).default;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.bytes as never);
      expect(wb.getWorksheet('审计记录')!.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9 });
      expect((await getFile(t, await t.account({ role: Role.STATION }), `/office/exports/audit-trail.xlsx?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`)).status).toBe(403);
      expect((await getFile(t, auditAdmin, `/office/exports/audit-trail.xlsx?from=${encodeURIComponent(to)}&to=${encodeURIComponent(from)}`)).status).toBe(400);
    });

    it('an entry altered with SQL is reported as the first broken entry, in the query and the export', async () => {
      const [victim] = (await t.dataSource.query(`SELECT id::text, chain_seq::text AS seq, actor_label FROM audit_entry WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC OFFSET 3 LIMIT 1`)) as { id: string; seq: string; actor_label: string }[];
      const alter = async (label: string) => {
        await t.dataSource.query(`ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_update_delete`);
        await t.dataSource.query(`UPDATE audit_entry SET actor_label = $2 WHERE id = $1`, [victim.id, label]);
        await t.dataSource.query(`ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_no_update_delete`);
      };
      await alter('mallory');
      const v = data(await t.gqlAs(auditAdmin, VERIFY, { from: hourAgo(), to: now() })).verifyAuditChain;
      expect(v).toMatchObject({ intact: false, firstBreak: { sequence: victim.seq, entryId: victim.id, reason: 'ALTERED' } });
      const from = hourAgo();
      const sheet = (await readXlsx((await getFile(t, auditAdmin, `/office/exports/audit-trail.xlsx?from=${encodeURIComponent(from)}&to=${encodeURIComponent(now())}`)).bytes)).get('审计记录')!;
      expect(sheet[1][0]).toContain(`防篡改链校验：未通过，自第 ${victim.seq} 条起记录被改动`);
      await alter(victim.actor_label);
      expect(data(await t.gqlAs(auditAdmin, VERIFY, { from: hourAgo(), to: now() })).verifyAuditChain.intact).toBe(true);
    });

    it('a deleted entry is reported as missing', async () => {
      const [victim] = (await t.dataSource.query(`SELECT id::text, chain_seq::text AS seq FROM audit_entry WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC OFFSET 5 LIMIT 1`)) as { id: string; seq: string }[];
      await t.dataSource.query(`ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_update_delete`);
      await t.dataSource.query(`DELETE FROM audit_entry WHERE id = $1`, [victim.id]);
      await t.dataSource.query(`ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_no_update_delete`);
      const v = data(await t.gqlAs(auditAdmin, VERIFY, { from: hourAgo(), to: now() })).verifyAuditChain;
      expect(v).toMatchObject({ intact: false, firstBreak: { sequence: victim.seq, entryId: null, reason: 'MISSING' } });
    });
  });
});
