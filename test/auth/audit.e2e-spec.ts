import { chainMac, ChainedContent } from '../../src/auth/audit-chain';
import { AuditService } from '../../src/auth/audit.service';
import { KEY_MATERIAL, KeyMaterial } from '../../src/auth/key-material';
import { Role } from '../../src/kernel/permissions';
import { createTestApp, data, GqlResponse, TEST_PASSWORD, TestApp } from '../support/test-app';

const code = (res: GqlResponse) => res.body.errors?.[0]?.extensions?.code ?? null;
const AUDIT = `query($op: String, $actor: ID, $outcome: AuditOutcome, $from: DateTime, $to: DateTime, $target: String, $first: Int, $after: String) {
  auditLog(operation: $op, actorId: $actor, outcome: $outcome, from: $from, to: $to, targetId: $target, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id at actorKind actorId actorLabel address requestId clientRequestId operation targetType targetId outcome errorCode summary } }
  }
}`;

describe('audit trail (GB/T 22239-2019 8.1.4.3)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });
  const audit = async (vars: Record<string, unknown>) => data(await t.admins.audit.gql(AUDIT, vars)).auditLog;

  it('a successful mutation is recorded with actor, address, request id, target and a before/after summary', async () => {
    const station = data(await t.gql(`{ stations(first: 1) { edges { node { id staffQuota } } } }`)).stations.edges[0].node;
    const res = await t.gql(
      `mutation($i: ChangeStaffQuotaInput!) { changeStaffQuota(input: $i) { staffQuota } }`,
      { i: { organizationId: station.id, staffQuota: station.staffQuota === 2 ? 3 : 2, reason: '县编办〔2026〕9号' } },
      { 'x-request-id': 'audit-test-0001' },
    );
    data(res);
    const [entry] = (await audit({ op: 'changeStaffQuota' })).edges.map((e: any) => e.node);
    expect(entry).toMatchObject({
      actorKind: 'ACCOUNT', actorId: t.office.globalId, actorLabel: 'office', requestId: res.headers['x-request-id'], clientRequestId: 'audit-test-0001',
      operation: 'changeStaffQuota', targetType: 'Organization', outcome: 'SUCCESS', errorCode: null,
    });
    expect(entry.address).toMatch(/127\.0\.0\.1/);
    expect(JSON.parse(entry.summary).after).toMatchObject({ reason: '县编办〔2026〕9号' });
  });

  it('failed and denied mutations are recorded too, and change nothing else', async () => {
    const station = await t.account({ role: Role.STATION });
    await t.admins.system.account(); // made before counting
    const before = (await t.dataSource.query(`SELECT count(*)::int AS n FROM account`)) as { n: number }[];
    expect(code(await t.gql(`mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }`, {
      i: { username: 'denied-one', password: 'Denied-Passw0rd', displayName: '张三', role: 'STATION', regionId: 'UmVnaW9uOjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMA==' },
    }, station.headers))).toBe('FORBIDDEN');
    expect(code(await t.admins.system.gql(`mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }`, {
      i: { username: 'bad-one', password: 'short', displayName: '张三', role: 'STATION', regionId: 'UmVnaW9uOjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMA==' },
    }))).toBe('BAD_USER_INPUT');
    expect(code(await t.gql(`mutation { logout }`, undefined, { authorization: '' }))).toBe('UNAUTHENTICATED');
    const after = (await t.dataSource.query(`SELECT count(*)::int AS n FROM account`)) as { n: number }[];
    expect(after[0].n).toBe(before[0].n);

    const denied = (await audit({ op: 'createAccount', outcome: 'DENIED' })).edges.map((e: any) => e.node);
    expect(denied[0]).toMatchObject({ actorLabel: station.username, errorCode: 'FORBIDDEN' });
    const failed = (await audit({ op: 'createAccount', outcome: 'FAILURE' })).edges.map((e: any) => e.node);
    expect(failed[0]).toMatchObject({ actorLabel: 'test-sysadmin', errorCode: 'BAD_USER_INPUT' });
    const anonymous = (await audit({ op: 'logout', outcome: 'DENIED' })).edges.map((e: any) => e.node);
    expect(anonymous[0]).toMatchObject({ actorKind: 'ANONYMOUS', actorLabel: 'anonymous', errorCode: 'UNAUTHENTICATED' });
  });

  it('sign-ins are recorded as the account (or the attempted username), never with the password', async () => {
    const a = await t.account();
    data(await t.gql(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { username: a.username, password: a.password } }, { authorization: '' }));
    await t.gql(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { username: a.username, password: 'Secret-Wrong-1' } }, { authorization: '' });
    await t.gql(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { username: 'ghost', password: 'Secret-Wrong-2' } }, { authorization: '' });
    const entries = (await audit({ op: 'login', first: 3 })).edges.map((e: any) => e.node);
    // a failed sign-in keeps what was typed only masked (and as a keyed hash): GB/T 22239-2019 8.1.4.3
    const mask = (u: string) => `${u[0]}***${u[u.length - 1]}`;
    expect(entries.map((e: any) => [e.outcome, e.actorLabel, JSON.parse(e.summary).after.username ?? JSON.parse(e.summary).after.usernameMasked])).toEqual([
      ['FAILURE', 'anonymous', 'g***t'],
      ['FAILURE', 'anonymous', mask(a.username)],
      ['SUCCESS', a.username, a.username],
    ]);
    const all = (await t.dataSource.query(`SELECT summary::text AS s FROM audit_entry`)) as { s: string | null }[];
    for (const secret of [a.password, TEST_PASSWORD, 'Secret-Wrong-1', 'Secret-Wrong-2']) {
      expect(all.filter((r) => r.s?.includes(secret))).toEqual([]);
    }
  });

  it('auditLog filters by actor, target, operation and time, pages newest first', async () => {
    const a = await t.account();
    for (let k = 0; k < 3; k++) {
      data(await t.admins.system.gql(`mutation($i: UpdateAccountInput!) { updateAccount(input: $i) { id } }`, { i: { id: a.globalId, displayName: `改名${k}` } }));
    }
    const byTarget = await audit({ target: a.id, op: 'updateAccount', first: 2 });
    expect(byTarget.totalCount).toBe(3);
    expect(byTarget.pageInfo.hasNextPage).toBe(true);
    expect(byTarget.edges.map((e: any) => JSON.parse(e.node.summary).after.displayName)).toEqual(['改名2', '改名1']);
    const rest = await audit({ target: a.id, op: 'updateAccount', first: 2, after: byTarget.pageInfo.endCursor });
    expect(rest.edges.map((e: any) => JSON.parse(e.node.summary).after.displayName)).toEqual(['改名0']);
    expect((await audit({ actor: (await t.admins.system.account()).globalId, target: a.id })).totalCount).toBe(3);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await audit({ from: future })).totalCount).toBe(0);
    expect((await audit({ to: future, target: a.id })).totalCount).toBe(3);
  });

  it('the database refuses UPDATE, DELETE and TRUNCATE on the audit table', async () => {
    await t.gql(`mutation { logout }`, undefined, { authorization: '' });
    const [row] = (await t.dataSource.query(`SELECT id FROM audit_entry ORDER BY id LIMIT 1`)) as { id: string }[];
    await expect(t.dataSource.query(`UPDATE audit_entry SET outcome = 'SUCCESS' WHERE id = $1`, [row.id])).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(`DELETE FROM audit_entry WHERE id = $1`, [row.id])).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(`TRUNCATE audit_entry`)).rejects.toThrow(/append-only/);
    // even a purge that declares a short retention cannot remove anything younger than 184 days
    await t.dataSource.query(`INSERT INTO audit_entry (at, actor_kind, actor_label, request_id, operation, outcome) VALUES (now() - interval '100 days', 'SYSTEM', 'system:test', 'r', 'old', 'SUCCESS')`);
    await expect(
      t.dataSource.transaction(async (m) => {
        await m.query(`SELECT set_config('fcp.audit_retention_days', '10', true)`);
        await m.query(`DELETE FROM audit_entry WHERE operation = 'old'`);
      }),
    ).rejects.toThrow(/append-only/);
    expect(((await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_entry WHERE id = $1`, [row.id])) as { n: number }[])[0].n).toBe(1);
  });

  it('the retention purge removes only entries older than AUDIT_RETENTION_DAYS (at least 184)', async () => {
    await t.dataSource.query(`INSERT INTO audit_entry (at, actor_kind, actor_label, request_id, operation, outcome) VALUES
      (now() - interval '200 days', 'SYSTEM', 'system:test', 'r', 'purge-old', 'SUCCESS'),
      (now() - interval '183 days', 'SYSTEM', 'system:test', 'r', 'purge-young', 'SUCCESS')`);
    expect(t.config.auth.auditRetentionDays).toBe(184);
    expect(await t.app.get(AuditService).purgeExpired()).toBeGreaterThanOrEqual(1);
    const left = (await t.dataSource.query(`SELECT operation FROM audit_entry WHERE operation LIKE 'purge-%'`)) as { operation: string }[];
    expect(left.map((r) => r.operation)).toEqual(['purge-young']);
  });

  describe('the retention purge and the chain (8.1.4.7)', () => {
    const DAY = 86_400_000;
    const VERIFY = `query($from: DateTime!, $to: DateTime!) { verifyAuditChain(from: $from, to: $to) { intact checkedCount firstBreak { sequence reason } } }`;
    const verify = async () => data(await t.admins.audit.gql(VERIFY, { from: new Date(Date.now() - 150 * DAY).toISOString(), to: new Date().toISOString() })).verifyAuditChain;
    const chained = async () => ((await t.dataSource.query(`SELECT chain_seq::text AS seq FROM audit_entry WHERE chain_seq IS NOT NULL ORDER BY chain_seq`)) as { seq: string }[]).map((r) => r.seq);
    const purgedThrough = async () => ((await t.dataSource.query(`SELECT purged_through::text AS p FROM audit_chain_head`)) as { p: string }[])[0].p;

    /**
     * Gives chained entries another `at` (days before now) and chains the trail again with the key, as the writer
     * would have: the MACs cover `at`, so this is how entries whose `at` order differs from their chain order (a
     * transaction that started first but took the head lock later) are made here.
     */
    const rechainWithAt = async (daysAgo: Record<string, number>) => {
      const key = t.app.get<KeyMaterial>(KEY_MATERIAL).auditChainKey;
      await t.dataSource.transaction(async (m) => {
        await m.query(`SELECT 1 FROM audit_chain_head WHERE id = 1 FOR UPDATE`);
        await m.query(`ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_update_delete`);
        for (const [seq, days] of Object.entries(daysAgo)) {
          await m.query(`UPDATE audit_entry SET at = date_trunc('milliseconds', now()) - make_interval(days => $2::integer) WHERE chain_seq = $1`, [seq, days]);
        }
        const rows = (await m.query(`SELECT chain_seq::text AS "chainSeq", floor(extract(epoch FROM at) * 1000000)::bigint::text AS "atMicros",
            actor_kind AS "actorKind", actor_id::text AS "actorId", actor_label AS "actorLabel", address, request_id AS "requestId",
            client_request_id AS "clientRequestId", operation, target_type AS "targetType", target_id AS "targetId", outcome,
            error_code AS "errorCode", summary, scope_path AS "scopePath", prev_mac AS "prevMac"
          FROM audit_entry WHERE chain_seq IS NOT NULL ORDER BY chain_seq`)) as (ChainedContent & { prevMac: string })[];
        let prev = rows[0].prevMac;
        for (const row of rows) {
          const mac = chainMac(key, prev, row);
          await m.query(`UPDATE audit_entry SET prev_mac = $2, mac = $3 WHERE chain_seq = $1`, [row.chainSeq, prev, mac]);
          prev = mac;
        }
        await m.query(`UPDATE audit_chain_head SET mac = $1 WHERE id = 1`, [prev]);
        await m.query(`ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_no_update_delete`);
      });
    };
    /** Deletes one chained entry behind the purge's back, runs `check`, puts the entry back. */
    const without = async (seq: string, check: () => Promise<void>) => {
      await t.dataSource.query(`DROP TABLE IF EXISTS saved_entry`);
      await t.dataSource.query(`CREATE TABLE saved_entry AS SELECT * FROM audit_entry WHERE chain_seq = $1`, [seq]);
      await t.dataSource.query(`ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_update_delete`);
      await t.dataSource.query(`DELETE FROM audit_entry WHERE chain_seq = $1`, [seq]);
      await t.dataSource.query(`ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_no_update_delete`);
      try {
        await check();
      } finally {
        await t.dataSource.query(`INSERT INTO audit_entry OVERRIDING SYSTEM VALUE SELECT * FROM saved_entry`);
        await t.dataSource.query(`DROP TABLE saved_entry`);
      }
    };

    it('deletes a prefix of the chain: an old entry chained after a younger one stays, and the rest verifies intact', async () => {
      const a = await t.account();
      for (let k = 0; k < 6; k++) {
        data(await t.admins.system.gql(`mutation($i: UpdateAccountInput!) { updateAccount(input: $i) { id } }`, { i: { id: a.globalId, displayName: `链${k}` } }));
      }
      const s = (await chained()).slice(0, 6);
      // s[3] is within the retention, s[4] past it though chained after s[3]
      await rechainWithAt({ [s[0]]: 200, [s[1]]: 200, [s[2]]: 200, [s[3]]: 100, [s[4]]: 200 });
      expect(await verify()).toMatchObject({ intact: true, firstBreak: null });

      await t.app.get(AuditService).purgeExpired();
      const left = await chained();
      expect(left[0]).toBe(s[3]);
      expect(left).toContain(s[4]);
      expect(await purgedThrough()).toBe(s[2]);
      const v = await verify();
      expect(v).toMatchObject({ intact: true, firstBreak: null });
      expect(v.checkedCount).toBe(left.length);

      // an entry really deleted above the purge is still reported
      await without(s[5], async () => {
        expect(await verify()).toMatchObject({ intact: false, firstBreak: { sequence: s[5], reason: 'MISSING' } });
      });
      expect((await verify()).intact).toBe(true);

      // a gap a purge by `at` alone left below purged_through (before purges cut prefixes) is no break
      await without(s[4], async () => {
        await t.dataSource.query(`UPDATE audit_chain_head SET purged_through = $1`, [s[4]]);
        expect(await verify()).toMatchObject({ intact: true, firstBreak: null });
        await t.dataSource.query(`UPDATE audit_chain_head SET purged_through = $1`, [s[2]]);
      });
      expect((await verify()).intact).toBe(true);
    });
  });

  it('AuditEntry.actorKind is the AuditActorKind enum: every kind the database allows, each with its zh-CN term', async () => {
    const type = data(await t.gql(`{ entry: __type(name: "AuditEntry") { fields { name type { ofType { name kind } } } }
      kinds: __type(name: "AuditActorKind") { description enumValues { name description } } }`));
    expect(type.entry.fields.find((f: any) => f.name === 'actorKind').type.ofType).toEqual({ name: 'AuditActorKind', kind: 'ENUM' });
    expect(type.kinds.enumValues.map((v: any) => v.name).sort()).toEqual(['ACCOUNT', 'ANONYMOUS', 'API_KEY', 'SYSTEM']);
    expect(type.kinds.enumValues.every((v: any) => /[\u4e00-\u9fff]/.test(v.description))).toBe(true);
    // a SYSTEM entry (a job, the command line) reads back as its enum value
    await t.dataSource.query(`INSERT INTO audit_entry (actor_kind, actor_label, request_id, operation, outcome, scope_path)
      VALUES ('SYSTEM', 'system:test', 'r', 'actorKindProbe', 'SUCCESS', (SELECT path FROM region WHERE name = '靖宇县'))`);
    const [entry] = (await audit({ op: 'actorKindProbe' })).edges.map((e: any) => e.node);
    expect(entry).toMatchObject({ actorKind: 'SYSTEM', actorLabel: 'system:test', outcome: 'SUCCESS' });
  });

  it('only the committee office reads the audit trail', async () => {
    const center = await t.account({ role: Role.CENTER });
    expect(code(await t.gql(`{ auditLog { totalCount } }`, undefined, center.headers))).toBe('FORBIDDEN');
  });
});
