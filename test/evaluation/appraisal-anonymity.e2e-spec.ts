import { Role } from '../../src/kernel/permissions';
import { fromGlobalId } from '../../src/graphql/global-id';
import { EvaluationFixture } from '../support/evaluation';
import { createTestApp, data, error, TestAccount, TestApp } from '../support/test-app';

/**
 * EVA-1, EVA-2: democratic appraisal ballots are anonymous (domain defaults). A round is finalized only with the
 * policy's minimum of valid ballots (default 3), the breakdown shows aggregates only, and the committee office,
 * which holds every audit permission (and the unmask permission), cannot tell from the audit trail, the ballot rows
 * or the answers how one person voted.
 */
describe('evaluation: appraisal anonymity (EVA-1, EVA-2)', () => {
  let t: TestApp;
  let f: EvaluationFixture;
  let a: string; // 周一
  let b: string; // 吴二
  let s: string; // the station
  let unitA: TestAccount;
  let unitB: TestAccount;
  const february = { kind: 'MONTH' as const, year: 2027, number: 2 };
  const AUDIT = `query($op: String) { auditLog(operation: $op, first: 100) { totalCount edges { node { at actorKind actorId actorLabel address requestId operation targetType targetId outcome errorCode summary } } } }`;
  const entries = async (op: string) => (data(await t.admins.audit.gql(AUDIT, { op })).auditLog.edges as { node: any }[]).map((e) => e.node);

  beforeAll(async () => {
    t = await createTestApp();
    f = await new EvaluationFixture(t, '龙泉镇').init();
    unitA = await f.account(Role.MEMBER_UNIT);
    unitB = await f.account(Role.MEMBER_UNIT);
    await f.at('2027-01-04T09:00:00+08:00');
    a = (await f.staff('周一', '2027-01-04')).personId;
    b = (await f.staff('吴二', '2027-01-04')).personId;
    s = f.stationId;
    await f.at('2027-03-02T09:00:00+08:00');
    for (const id of [s, a, b]) {
      const reportId = data(await f.submit(id, 2027, 2)).submitWorkReport.id;
      data(await f.score(f.center, reportId, 80));
      data(await f.score(f.gov, reportId, 80));
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('EVA-1: a round with 2 valid ballots (and an invalid one) is not finalized, the refusal names the rule; with 3 it is, and the breakdown shows counts and the mean only', async () => {
    expect(data(await t.gql(`{ evaluationPolicy { version appraisalMinBallots } }`)).evaluationPolicy).toEqual({ version: 1, appraisalMinBallots: 3 });
    data(await f.ballot(f.center, february, { [s]: 80, [a]: 90, [b]: 70 }));
    data(await f.ballot(f.gov, february, { [s]: 70, [a]: 60, [b]: 85 }));
    expect(data(await f.ballot(unitA, february, { [s]: 75, [a]: 75, [b]: 75 })).castAppraisalBallot.valid).toBe(false);
    const refused = error(await f.finalize(february));
    expect(refused.extensions.code).toBe('EVALUATION_INCOMPLETE');
    expect(refused.message).toContain('民主评议有效票 2 张，少于考评政策（第 1 版）规定的最少 3 张（EVA-1 民主评议匿名');
    expect(refused.extensions.missing).toHaveLength(3);
    expect(data(await t.gqlAs(f.center, `{ evaluations { totalCount } }`)).evaluations.totalCount).toBe(0);

    data(await f.ballot(unitB, february, { [s]: 90, [a]: 75, [b]: 85 }));
    const written = Object.fromEntries((data(await f.finalize(february)).finalizeEvaluation.evaluations as any[]).map((e) => [e.subjectId, e]));
    // A: appraisal (90 + 60 + 75) / 3 = 75; report 80: (80 + 75) / 2 = 77.5
    expect(written[a]).toMatchObject({ score: 77.5 });
    const breakdown = await f.breakdown(written[a].id);
    expect(breakdown.lines.find((l: any) => l.path === 'appraisal')).toMatchObject({ value: 75, note: '有效票 3 张；无效票 1 张（各对象同分，不计入）；3 张取平均' });
    // no single ballot's score for A anywhere in the breakdown
    for (const single of [90, 60]) expect(breakdown.lines.map((l: any) => l.value)).not.toContain(single);
  });

  it('EVA-1: the committee office, with every audit permission, reads that ballots were cast in the round, never by whom with which scores', async () => {
    const voters = [f.center, f.gov, unitA, unitB];
    const casts = (await entries('castAppraisalBallot')).filter((e) => e.outcome === 'SUCCESS');
    expect(casts).toHaveLength(4);
    for (const e of casts) {
      expect(e).toMatchObject({ actorKind: 'ANONYMOUS', actorId: null, actorLabel: '匿名评议人', address: null, targetType: 'Organization', targetId: fromGlobalId(s, 'Organization', 's') });
      // the round only: no scores, no validity, no ballot
      expect(JSON.parse(e.summary)).toEqual({ after: { appraisal: '2027年2月' } });
      for (const v of voters) expect(JSON.stringify(e)).not.toContain(v.username);
    }
    // each entry's request id is its own: it joins no other entry of the voter (nor the voter's log lines)
    const all = (await t.dataSource.query(`SELECT request_id, operation FROM audit_entry`)) as { request_id: string; operation: string }[];
    for (const e of casts) expect(all.filter((x) => x.request_id === e.requestId)).toEqual([{ request_id: e.requestId, operation: 'castAppraisalBallot' }]);
    // nothing in the whole trail holds a ballot's scores next to anyone
    const summaries = ((await t.dataSource.query(`SELECT summary::text AS s FROM audit_entry WHERE summary IS NOT NULL`)) as { s: string }[]).map((r) => r.s);
    expect(summaries.filter((x) => x.includes('"scores"') || x.includes('"valid"'))).toEqual([]);
  });

  it('EVA-1: the request id a voter sends is not recorded, timestamps join no ballot row, and a second try names the voter but no score', async () => {
    const march = { kind: 'MONTH' as const, year: 2027, number: 3 };
    await f.at('2027-04-01T10:00:00+08:00');
    const requestId = 'vote-request-0001';
    const res = await t.gql(`mutation($i: CastAppraisalBallotInput!) { castAppraisalBallot(input: $i) { valid ballots } }`,
      { i: { stationId: s, period: march, scores: [{ subjectId: s, score: 88 }, { subjectId: a, score: 66 }, { subjectId: b, score: 77 }] } },
      { authorization: `Bearer ${f.gov.token}`, 'x-request-id': requestId });
    expect(data(res).castAppraisalBallot).toEqual({ valid: true, ballots: 1 });
    // neither the server's id of the request nor the client's own joins the ballot's entry to it
    expect(((await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_entry WHERE request_id = $1 OR client_request_id = $2`, [res.headers['x-request-id'], requestId])) as { n: number }[])[0].n).toBe(0);
    // the ballot rows hold no time, no rater, no request: nothing to join an entry's time or request id with
    const columns = async (table: string) => ((await t.dataSource.query(`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1 ORDER BY column_name`, [table])) as { column_name: string; data_type: string }[]);
    for (const table of ['appraisal_ballot', 'appraisal_ballot_score']) {
      const cols = await columns(table);
      expect(cols.filter((c) => /time|date/.test(c.data_type) || /rater|request|account|actor|_at$|_on$|_by$/.test(c.column_name))).toEqual([]);
    }
    // the receipt names no ballot
    const receipt = data(await t.gql(`{ __type(name: "AppraisalReceipt") { fields { name } } }`)).__type.fields.map((x: any) => x.name);
    expect(receipt).not.toContain('id');
    // a second ballot is refused: that entry names the voter (nothing was written) and holds no score
    expect(error(await f.ballot(f.gov, march, { [s]: 10, [a]: 20, [b]: 30 })).extensions.code).toBe('CONFLICT');
    const failed = (await entries('castAppraisalBallot')).filter((e) => e.outcome === 'FAILURE');
    expect(failed).toEqual([expect.objectContaining({ actorLabel: f.gov.username, errorCode: 'CONFLICT', summary: null })]);
  });

  it('EVA-1: a ballot travels alone: with another operation in the request it is refused before anything is written', async () => {
    const march = { kind: 'MONTH' as const, year: 2027, number: 3 };
    const before = ((await t.dataSource.query(`SELECT count(*)::int AS n FROM appraisal_ballot`)) as { n: number }[])[0].n;
    const res = await t.gqlAs(unitA, `mutation($i: CastAppraisalBallotInput!) { castAppraisalBallot(input: $i) { valid } logout }`,
      { i: { stationId: s, period: march, scores: [{ subjectId: s, score: 88 }, { subjectId: a, score: 66 }, { subjectId: b, score: 77 }] } });
    expect(res.body.errors?.[0]).toMatchObject({ message: expect.stringContaining('民主评议投票须单独提交'), extensions: { code: 'BAD_REQUEST' } });
    expect(((await t.dataSource.query(`SELECT count(*)::int AS n FROM appraisal_ballot`)) as { n: number }[])[0].n).toBe(before);
  });
});
