import { Role } from '../../src/kernel/permissions';
import { fromGlobalId, toGlobalId } from '../../src/graphql/global-id';
import { EvaluationFixture } from '../support/evaluation';
import { createTestApp, data, error, TestApp } from '../support/test-app';

/**
 * EVA-3, EVA-4, EVA-6 through the API: two years of 靖宇镇's station and three staff, the annual roll-up, the
 * EXCELLENT cap and accountability, every expected score worked out here by hand. Scores are the same every month
 * for a subject (center = township = appraisal), so the arithmetic stays readable:
 *   张甲 95 every month; theory exam 95            -> months 95, quarters 95
 *   王乙 50 every month; theory exam 40            -> months 50, quarters (40 + 50) / 2 = 45
 *   赵丙 (from 2027-08-01) 70, exam 70; in 2028 92  -> months 70 / 92, quarters 70 / 92
 *   the station 85 every month; exam = its staff's mean
 */
describe('evaluation: annual roll-up, EXCELLENT cap, accountability (EVA-3, EVA-4, EVA-6)', () => {
  let t: TestApp;
  let f: EvaluationFixture;
  let s: string;
  let zhang: { personId: string; postId: string };
  let wang: { personId: string; postId: string };
  let zhao: { personId: string; postId: string };
  let year2027: Record<string, any>;

  const same = (score: number) => ({ center: score, township: score, appraisal: score });

  beforeAll(async () => {
    t = await createTestApp();
    f = await new EvaluationFixture(t, '靖宇镇').init();
    s = f.stationId;
    // T-PER-5: on duty today at the latest
    await f.at('2027-07-01T09:00:00+08:00');
    zhang = await f.staff('张甲', '2027-07-01');
    wang = await f.staff('王乙', '2027-07-01', '靖宇县农业农村局');
    await f.at('2027-08-01T09:00:00+08:00');
    zhao = await f.staff('赵丙', '2027-08-01');
    // version 2, for 2028 on: EXCELLENT capped at 50% instead of 20%
    data(await t.gql(`mutation($i: PublishEvaluationPolicyInput!) { publishEvaluationPolicy(input: $i) { version } }`, {
      i: {
        effectiveFrom: '2028-01-01', monthlyReportWeight: 50, monthlyAppraisalWeight: 50, quarterlyExamWeight: 50, quarterlyAppraisalWeight: 50, annualMonthlyWeight: 40,
        annualQuarterlyWeight: 60, centerWeight: 50, townshipWeight: 50, excellentMin: 90, goodMin: 80, competentMin: 60, excellentCapPercent: 50, appraisalTrimAbove: 5,
        annualMinMonths: 6, raterRoles: ['CENTER', 'TOWNSHIP_GOVERNMENT', 'MEMBER_UNIT'],
      },
    }));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('EVA-3: a year rolls up only when every counted month and quarter is finalized; what is missing is listed', async () => {
    await f.at('2028-01-05T09:00:00+08:00');
    for (let month = 7; month <= 12; month++) {
      const results = await f.month(2027, month, {
        [s]: same(85), [zhang.personId]: same(95), [wang.personId]: same(50), ...(month >= 8 ? { [zhao.personId]: same(70) } : {}),
      });
      expect(Object.keys(results)).toHaveLength(month >= 8 ? 4 : 3); // 赵丙 is excused in July
    }
    const q3 = await f.quarter(2027, 3, '2027-09-20', { [zhang.personId]: 95, [wang.personId]: 40 }, { [s]: 85, [zhang.personId]: 95, [wang.personId]: 50 });
    expect(q3[s].score).toBe(76.25); // exam (95 + 40) / 2 = 67.5; (67.5 + 85) / 2
    expect(q3[wang.personId].score).toBe(45);
    const blocked = error(await f.finalize({ kind: 'YEAR', year: 2027, number: 1 }));
    expect(blocked.extensions.code).toBe('EVALUATION_INCOMPLETE');
    expect(blocked.extensions.missing.map((m: any) => [m.subjectName, m.items])).toEqual([
      ['靖宇镇消防工作站', ['2027年第4季度考评未定稿']], ['王乙', ['2027年第4季度考评未定稿']], ['张甲', ['2027年第4季度考评未定稿']],
    ]);
    // the year is finalized for the whole county (the cap ranks the county)
    expect(error(await f.finalize({ kind: 'YEAR', year: 2027, number: 1 }, { regionId: f.township })).extensions.fields[0].field).toBe('input.regionId');
    const q4 = await f.quarter(2027, 4, '2027-12-10', { [zhang.personId]: 95, [wang.personId]: 40, [zhao.personId]: 70 },
      { [s]: 85, [zhang.personId]: 95, [wang.personId]: 50, [zhao.personId]: 70 });
    expect(q4[s].score).toBe(76.67); // exam (95 + 40 + 70) / 3 = 68.33; (68.33 + 85) / 2 = 76.665, half up
  });

  it('EVA-4: in the second year the cap (50% of three) keeps the best one EXCELLENT; finalized before the first year, no case yet', async () => {
    await f.at('2028-07-05T09:00:00+08:00');
    for (const post of [zhang, wang, zhao]) {
      data(await t.gqlAs(f.gov, `mutation($i: RecordDepartureInput!) { recordDeparture(input: $i) { state } }`, { i: { postId: post.postId, leftOn: '2028-07-01', reason: 'RESIGNATION', note: '合同期满' } }));
    }
    for (let month = 1; month <= 6; month++) {
      await f.month(2028, month, { [s]: same(85), [zhang.personId]: same(95), [wang.personId]: same(50), [zhao.personId]: same(92) });
    }
    for (const [q, examOn] of [[1, '2028-03-20'], [2, '2028-06-15']] as const) {
      const r = await f.quarter(2028, q, examOn, { [zhang.personId]: 95, [wang.personId]: 40, [zhao.personId]: 92 },
        { [s]: 85, [zhang.personId]: 95, [wang.personId]: 50, [zhao.personId]: 92 });
      expect(r[s].score).toBe(80.34); // exam (95 + 40 + 92) / 3 = 75.67; (75.67 + 85) / 2 = 80.335, half up
    }
    // EVA-3: nobody is put on duty back into a finalized month (its roster is closed): June is, from 06-01
    // (selected, examined and on duty 2028-06-01, recorded on 07-01: the last day T-PER-2's 30-day window allows)
    await f.at('2028-07-01T09:00:00+08:00');
    const backdated = await f.staff('孙戊', '2028-06-01', undefined, '2028-06-01').catch((e: Error) => e.message);
    expect(String(backdated)).toContain('2028年6月的考评已定稿，上岗日期须晚于 2028-06-01');
    // July to December: nobody was on duty on the first day, so nothing to evaluate
    await f.at('2029-01-05T09:00:00+08:00');
    expect(error(await f.finalize({ kind: 'MONTH', year: 2028, number: 9 })).extensions.code).toBe('CONFLICT');
    const r = data(await f.finalize({ kind: 'YEAR', year: 2028, number: 1 })).finalizeEvaluation;
    const y = Object.fromEntries(r.evaluations.map((e: any) => [e.subjectId, e]));
    expect(y[zhang.personId]).toMatchObject({ score: 95, grade: 'EXCELLENT', policyVersion: 2 });
    expect(y[zhao.personId]).toMatchObject({ score: 92, grade: 'GOOD' });
    expect((await f.breakdown(y[zhao.personId].id)).notes).toEqual(['优秀比例上限 50%：参评 3 个，至多 1 个；按得分（同分比季度平均分、再比月度平均分）排第 2 名，超出上限，定为良好']);
    expect(y[wang.personId]).toMatchObject({ score: 47, grade: 'INCOMPETENT' });
    // the station: Jan-Jun counted; 40% x 85 + 60% x 80.34 = 82.204, 82.2
    expect(y[s]).toMatchObject({ score: 82.2, grade: 'GOOD' });
    // 2027 is not finalized yet: no second year to compare with
    expect(r.accountabilityCases).toEqual([]);
  });

  it('EVA-3, EVA-4, EVA-6: annual = 40% monthly mean + 60% quarterly mean over counted periods; months before the on-duty date are excused; 20% of two is none EXCELLENT; the earlier INCOMPETENT year finalized last opens the case', async () => {
    const r = data(await f.finalize({ kind: 'YEAR', year: 2027, number: 1 })).finalizeEvaluation;
    year2027 = Object.fromEntries(r.evaluations.map((e: any) => [e.subjectId, e]));
    // 张甲: 40% x 95 + 60% x 95 = 95, EXCELLENT by score, but the cap allows floor(20% x 2 people) = 0
    expect(year2027[zhang.personId]).toMatchObject({ score: 95, grade: 'GOOD', policyVersion: 1 });
    // 王乙: 40% x 50 + 60% x 45 = 47
    expect(year2027[wang.personId]).toMatchObject({ score: 47, grade: 'INCOMPETENT' });
    // the station: 40% x 85 + 60% x (76.25 + 76.67) / 2 = 34 + 60% x 76.46 = 79.876, half up 79.88
    expect(year2027[s]).toMatchObject({ score: 79.88, grade: 'COMPETENT' });
    // 赵丙: on duty on the first day of 5 months only
    expect(r.notEvaluated).toEqual([{ subjectId: zhao.personId, subjectName: '赵丙', reason: '本年在岗计入 5 个月，不足 6 个月，不参加年度考评定等' }]);
    // 王乙: 2027 and 2028 INCOMPETENT: one case, for 2028, whichever year was finalized first; the commission notified
    expect(r.accountabilityCases).toEqual([{
      id: expect.any(String), personName: '王乙', year: 2028, status: 'OPEN', establishmentUnit: '靖宇县农业农村局', assessingDepartment: '靖宇县消防工作服务指导中心',
    }]);
    // its integration event, written by the finalization: ids and the year, never the name or the unit (docs/events.md)
    const events = (await t.dataSource.query(`SELECT subject_id, payload FROM integration_event WHERE type = 'accountability_case.opened'`)) as { subject_id: string; payload: Record<string, unknown> }[];
    expect(events).toEqual([{ subject_id: r.accountabilityCases[0].id, payload: expect.objectContaining({ subjectKind: 'PERSON', personId: wang.personId, organizationId: null, year: 2028 }) }]);
    expect(JSON.stringify(events)).not.toMatch(/王乙|农业农村局/);
    const breakdown = await f.breakdown(year2027[zhang.personId].id);
    const line = (path: string) => breakdown.lines.find((l: any) => l.path === path);
    expect(line('monthly')).toMatchObject({ weight: 40, value: 95, note: '计入 6 个月' });
    expect(line('monthly.2027-03')).toMatchObject({ value: null, note: '未在岗，免于考评（不计入）' });
    expect(line('monthly.2027-07')).toMatchObject({ value: 95, note: '第 1 版结果，考评政策第 1 版' });
    expect(line('quarterly')).toMatchObject({ weight: 60, value: 95, note: '计入 2 个季度' });
    expect(line('quarterly.2027-Q2')).toMatchObject({ value: null });
    expect(line('cap').note).toBe('优秀比例上限 20%：参评 2 个，至多 0 个；按得分（同分比季度平均分、再比月度平均分）排第 1 名，超出上限，定为良好');
    expect(breakdown.notes).toEqual([line('cap').note]);
    expect(error(await f.finalize({ kind: 'YEAR', year: 2027, number: 1 })).extensions.code).toBe('CONFLICT');
  });

  it('EVA-6: correcting the year again never opens a second case; the discipline commission reads the case, the center records the interview', async () => {
    // March: the center's score of 王乙 corrected down to 40, the month and the year re-finalized with reasons
    // the 2027 result is untouched by policy version 2
    expect(data(await t.gqlAs(f.center, `query($id: ID!) { node(id: $id) { ... on Evaluation { grade policyVersion version } } }`, { id: year2027[zhang.personId].id })).node)
      .toEqual({ grade: 'GOOD', policyVersion: 1, version: 1 });
    const march = data(await t.gqlAs(f.center, `query($y: Int, $m: Int) { dutyReports(year: $y, month: $m) { edges { node { id subjectId } } } }`, { y: 2028, m: 3 }))
      .dutyReports.edges.map((e: any) => e.node).find((n: any) => n.subjectId === wang.personId).id;
    data(await f.score(f.center, march, 40, { correctionReason: '复核发现漏报隐患 2 处' }));
    const month = data(await f.finalize({ kind: 'MONTH', year: 2028, number: 3 }, { correctionReason: '评分更正' })).finalizeEvaluation;
    expect(month.evaluations.map((e: any) => [e.subjectName, e.score, e.version])).toEqual([['王乙', 47.5, 2]]); // report 45, appraisal 50
    const year = data(await f.finalize({ kind: 'YEAR', year: 2028, number: 1 }, { correctionReason: '3 月评分更正' })).finalizeEvaluation;
    // monthly mean (5 x 50 + 47.5) / 6 = 49.58; 40% x 49.58 + 60% x 45 = 46.832, 46.83; the others unchanged
    expect(year.evaluations.map((e: any) => [e.subjectName, e.score, e.grade, e.version])).toEqual([['王乙', 46.83, 'INCOMPETENT', 2]]);
    expect(year.unchanged).toBe(3);
    expect(year.accountabilityCases).toEqual([]);
    // the same case, on the corrected 2028 result: accountability_case.repointed (docs/events.md), in the correction's transaction
    const repointed = (await t.dataSource.query(`SELECT subject_id, region_id, payload, txid::text AS txid FROM integration_event WHERE type LIKE 'accountability_case.%' AND type <> 'accountability_case.opened'`)) as
      { subject_id: string; region_id: string; payload: Record<string, unknown>; txid: string }[];
    const caseRow = (await t.dataSource.query(`SELECT id, region_id, previous_result_id, result_id FROM accountability_case WHERE person_id = $1`, [fromGlobalId(wang.personId, 'Person', 'p')])) as
      { id: string; region_id: string; previous_result_id: string; result_id: string }[];
    expect(caseRow).toHaveLength(1);
    expect(caseRow[0].result_id).toBe(fromGlobalId(year.evaluations[0].id, 'Evaluation', 'e'));
    expect(repointed).toEqual([{
      subject_id: toGlobalId('AccountabilityCase', caseRow[0].id), region_id: caseRow[0].region_id, txid: expect.any(String), payload: {
        subjectKind: 'PERSON', personId: wang.personId, year: 2028, status: 'OPEN', previousResultId: year2027[wang.personId].id, resultId: year.evaluations[0].id,
        formerPreviousResultId: year2027[wang.personId].id, formerResultId: expect.not.stringMatching(`^${year.evaluations[0].id}$`),
      },
    }]);
    expect(JSON.stringify(repointed)).not.toMatch(/王乙|农业农村局|3 月评分更正/);
    const discipline = await f.account(Role.DISCIPLINE);
    const cases = data(await t.gqlAs(discipline, `{ accountabilityCases { totalCount edges { node { id personName year status notifiedAt person { name }
      evaluation { score grade } previousEvaluation { period { label } grade } } } } }`)).accountabilityCases;
    expect(cases.totalCount).toBe(1);
    // the case follows the corrected (current) result
    expect(cases.edges[0].node).toMatchObject({ personName: '王乙', year: 2028, status: 'OPEN', person: { name: '王乙' }, evaluation: { score: 46.83, grade: 'INCOMPETENT' }, previousEvaluation: { period: { label: '2027年' }, grade: 'INCOMPETENT' } });
    const interview = `mutation($i: RecordAccountabilityInterviewInput!) { recordAccountabilityInterview(input: $i) { status interviewedOn interviewers outcome } }`;
    const input = { caseId: cases.edges[0].node.id, interviewedOn: '2029-01-05', interviewers: '指导中心主任、县农业农村局分管负责人', outcome: '诫勉谈话，调整岗位' };
    expect(error(await t.gqlAs(discipline, interview, { i: input })).extensions.code).toBe('FORBIDDEN');
    // T-EVA-3: the interview on or after the day the case was notified (2029-01-05), today at the latest
    expect(error(await t.gqlAs(f.center, interview, { i: { ...input, interviewedOn: '2029-01-06' } })).extensions).toMatchObject({ rule: 'T-EVA-3', protects: 'EVA-6', fields: [expect.objectContaining({ field: 'input.interviewedOn' })] });
    expect(error(await t.gqlAs(f.center, interview, { i: { ...input, interviewedOn: '2029-01-04' } })).message).toBe('时间规则 T-EVA-3：约谈日期不能早于问责通知日期 2029-01-05');
    // EVA-6: the interview's day is the Date scalar, in and out: a day that does not exist is refused where it is written
    expect(error(await t.gqlAs(f.center, interview, { i: { ...input, interviewedOn: '2029-02-30' } })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field: 'i.interviewedOn' })] });
    expect(data(await t.gqlAs(f.center, interview, { i: input })).recordAccountabilityInterview).toEqual({ status: 'CLOSED', interviewedOn: '2029-01-05', interviewers: input.interviewers, outcome: input.outcome });
    expect(error(await t.gqlAs(f.center, interview, { i: input })).extensions.code).toBe('CONFLICT');
    // a township outside sees no case
    const other = await t.account({ role: Role.TOWNSHIP_GOVERNMENT, region: '龙泉镇' });
    expect(data(await t.gqlAs(other, `{ accountabilityCases { totalCount } }`)).accountabilityCases.totalCount).toBe(0);
  });
});
