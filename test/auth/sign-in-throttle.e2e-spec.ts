import { AuditService } from '../../src/auth/audit.service';
import { createTestApp, GqlResponse, TestApp } from '../support/test-app';

/**
 * Records of failed sign-ins (GB/T 22239-2019 8.1.4.3): anonymous failures are audited within the per-address bound.
 */
const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`;
const BOUND = 5;
const code = (res: GqlResponse) => res.body.errors?.[0]?.extensions?.code ?? null;

describe('failed sign-in handling under load, and its records (GB/T 22239-2019 8.1.4.1 b), 8.1.4.3)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { TRUST_PROXY: 'true', AUDIT_REFUSALS_PER_MINUTE: String(BOUND) } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('anonymous failed requests from one address are audited at most AUDIT_REFUSALS_PER_MINUTE a minute, then one summary', async () => {
    const from = '10.20.0.4';
    // the bound is per calendar minute (the database's clock): start well inside one
    const seconds = new Date().getSeconds();
    if (seconds >= 50) await new Promise((resolve) => setTimeout(resolve, (61 - seconds) * 1000));
    for (let k = 0; k < BOUND + 4; k++) {
      const res = await t.gql(LOGIN, { i: { username: ' ', password: 'x' } }, { authorization: '', 'x-forwarded-for': from });
      expect(code(res)).toBe('BAD_USER_INPUT');
    }
    const written = (await t.dataSource.query(`SELECT outcome, error_code FROM audit_entry WHERE address = $1 AND operation = 'login'`, [from])) as { outcome: string; error_code: string }[];
    expect(written).toHaveLength(BOUND);
    expect(written.every((e) => e.outcome === 'FAILURE' && e.error_code === 'BAD_USER_INPUT')).toBe(true);
    await t.dataSource.query(`UPDATE audit_refusal_window SET window_start = window_start - interval '2 minutes' WHERE subject = $1`, [`address:${from}`]);
    expect(await t.app.get(AuditService).flushRefusalWindows()).toBeGreaterThanOrEqual(1);
    const [summary] = (await t.dataSource.query(`SELECT summary FROM audit_entry WHERE address = $1 AND operation = 'REFUSALS_NOT_RECORDED'`, [from])) as { summary: any }[];
    expect(summary.summary.after).toMatchObject({ notRecorded: 4, recorded: BOUND });
  });
});
