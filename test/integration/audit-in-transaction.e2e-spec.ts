import { fromGlobalId } from '../../src/graphql/global-id';
import { createPremises, inspectionsFixture, InspectionsFixture } from '../support/inspections';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * A mutation field is one transaction: its change, its outbox events and its audit entry commit together, or
 * none of them does (mutation-transaction.interceptor.ts). An audit store that refuses the entry undoes the change.
 */
describe('a mutation and its audit entry commit together', () => {
  let t: TestApp;
  let f: InspectionsFixture;

  beforeAll(async () => {
    t = await createTestApp();
    f = await inspectionsFixture(t);
  });
  afterAll(async () => {
    await t.dataSource.query(`DROP TRIGGER IF EXISTS test_refuse_audit ON audit_entry`);
    await t.dataSource.query(`DROP FUNCTION IF EXISTS test_refuse_audit()`);
    await t.close();
  });

  it('writes the change and its SUCCESS entry in one transaction', async () => {
    const id = fromGlobalId(await createPremises(f), 'Premises', 'id');
    const entries = await t.dataSource.query(`SELECT outcome, actor_label FROM audit_entry WHERE operation = 'createPremises' AND target_id = $1`, [id]);
    expect(entries).toEqual([{ outcome: 'SUCCESS', actor_label: f.station.username }]);
  });

  it('writes nothing when the audit entry cannot be written: no change without its entry', async () => {
    await t.dataSource.query(`CREATE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.operation = 'createPremises' AND NEW.outcome = 'SUCCESS' THEN RAISE EXCEPTION 'audit store refuses'; END IF; RETURN NEW; END $$`);
    await t.dataSource.query(`CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_entry FOR EACH ROW EXECUTE FUNCTION test_refuse_audit()`);
    try {
      const [{ n: before }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM premises`);
      const res = await t.gqlAs(f.station, `mutation($i: CreatePremisesInput!) { createPremises(input: $i) { id } }`, {
        i: { regionId: f.jingshan, kind: 'SMALL_VENUE', name: '审计失败时的场所', address: '景山镇中心街 2 号', responsibleName: '王店主', responsiblePhone: '13912345678', riskLevel: 'GENERAL' },
      });
      expect(res.body.data?.createPremises ?? null).toBeNull();
      expect(res.body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      // the answer is an error, and indeed nothing was written: the premises is not there
      const [{ n: after }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM premises`);
      expect(after).toBe(before);
      expect(await t.dataSource.query(`SELECT 1 FROM premises WHERE name = '审计失败时的场所'`)).toEqual([]);
      // the refusal itself is on record, after the response
      const failures = await t.dataSource.query(`SELECT outcome FROM audit_entry WHERE operation = 'createPremises' AND outcome <> 'SUCCESS'`);
      expect(failures).toEqual([{ outcome: 'FAILURE' }]);
    } finally {
      await t.dataSource.query(`DROP TRIGGER test_refuse_audit ON audit_entry`);
      await t.dataSource.query(`DROP FUNCTION test_refuse_audit()`);
    }
  });

  it('leaves nothing of a field that fails after writing (its savepoints roll back with it)', async () => {
    const [{ n: before }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_entry WHERE outcome = 'SUCCESS'`);
    const res = await t.gqlAs(f.station, `mutation($i: CreatePremisesInput!) { createPremises(input: $i) { id } }`, {
      i: { regionId: f.county, kind: 'SMALL_VENUE', name: '县城的场所', address: '县城 1 号', responsibleName: '王店主', responsiblePhone: '13912345678', riskLevel: 'GENERAL' },
    });
    expect(res.body.errors?.[0]?.extensions?.code).toBeDefined();
    const [{ n: after }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_entry WHERE outcome = 'SUCCESS'`);
    expect(after).toBe(before);
  });

  it('keeps a sign-in failure on record: sign-in steps keep their own transactions', async () => {
    const res = await t.gqlAs(null, `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { username: f.station.username, password: 'Secret-Wrong-1' } });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const [row] = await t.dataSource.query(`SELECT failed_attempts FROM account WHERE username = $1`, [f.station.username]);
    expect(Number(row.failed_attempts)).toBe(1);
  });
});
