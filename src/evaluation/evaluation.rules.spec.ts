import { Grade } from './evaluation.enums';
import { annual, appraisal, ballotValid, capExcellent, caseAction, gradeOf, mean, monthly, opensAccountability, PeriodEntry, PolicyParams, quarterly, weighted } from './evaluation.rules';

const POLICY: PolicyParams = {
  version: 1, monthlyReportWeight: 50, monthlyAppraisalWeight: 50, quarterlyExamWeight: 50, quarterlyAppraisalWeight: 50, annualMonthlyWeight: 40,
  annualQuarterlyWeight: 60, centerWeight: 50, townshipWeight: 50, excellentMin: 90, goodMin: 80, competentMin: 60, excellentCapPercent: 20,
  appraisalTrimAbove: 5, appraisalMinBallots: 3, annualMinMonths: 6, gradeLabels: { EXCELLENT: '优秀', GOOD: '良好', COMPETENT: '称职', INCOMPETENT: '不称职' },
};

describe('evaluation arithmetic (EVA-1 .. EVA-4)', () => {
  it('rounds half up to hundredths, exactly (no binary drift at a cut-off)', () => {
    expect(weighted([{ value: 89.75, weight: 40 }, { value: 90.17, weight: 60 }])).toBe(90); // 35.9 + 54.102 = 90.002
    expect(weighted([{ value: 0.01, weight: 50 }, { value: 0, weight: 50 }])).toBe(0.01); // 0.005 rounds up
    expect(mean([1.01, 1])).toBe(1.01); // 100.5 hundredths: half up (as a float, 1.005 is 1.00499…)
    expect(mean([80, 81, 81])).toBe(80.67);
  });

  it('EVA-4: each cut-off is the lowest score of its grade', () => {
    expect([100, 90, 89.99, 80, 79.99, 60, 59.99, 0].map((s) => gradeOf(s, POLICY))).toEqual([
      Grade.EXCELLENT, Grade.EXCELLENT, Grade.GOOD, Grade.GOOD, Grade.COMPETENT, Grade.COMPETENT, Grade.INCOMPETENT, Grade.INCOMPETENT,
    ]);
  });

  it('EVA-1: a ballot giving every subject the same score is invalid; a one-subject ballot is not', () => {
    expect(ballotValid([80, 80, 80])).toBe(false);
    expect(ballotValid([80, 80, 81])).toBe(true);
    expect(ballotValid([75])).toBe(true);
  });

  it('EVA-1: more than 5 valid ballots drop the highest and the lowest; 5 or fewer keep all', () => {
    expect(appraisal([70, 90, 80, 85, 95], 5)).toEqual({ value: 84, used: [70, 80, 85, 90, 95], dropped: [] });
    expect(appraisal([70, 90, 80, 85, 95, 60], 5)).toEqual({ value: 81.25, used: [70, 80, 85, 90], dropped: [60, 95] });
    expect(appraisal([], 5)).toBeNull();
    // a policy can never trim the last scores away: two are kept as they are, three lose their extremes at most
    expect(appraisal([70, 90], 1)).toEqual({ value: 80, used: [70, 90], dropped: [] });
    expect(appraisal([70, 90, 80], 1)).toEqual({ value: 80, used: [80], dropped: [70, 90] });
  });

  it('EVA-1, EVA-5: monthly = 50% report (center 50 / township 50) + 50% appraisal; each missing input is listed', () => {
    const r = monthly(POLICY, { reportSubmitted: true, center: 88, township: 91, appraisal: { scores: [90, 85, 87.5], invalidBallots: 1 } });
    // report (88 + 91) / 2 = 89.5; appraisal 87.5; monthly 88.5
    expect(r).toMatchObject({ kind: 'SCORED', score: 88.5, grade: Grade.GOOD });
    if (r.kind === 'SCORED') expect(r.lines.find((l) => l.path === 'appraisal')!.note).toBe('有效票 3 张；无效票 1 张（各对象同分，不计入）；3 张取平均');
    expect(monthly(POLICY, { reportSubmitted: true, center: 88, township: null, appraisal: { scores: [], invalidBallots: 2 } }))
      .toEqual({ kind: 'MISSING', missing: ['乡镇人民政府未评分（EVA-5）', '民主评议无有效票'] });
    expect(monthly(POLICY, { reportSubmitted: false, center: null, township: null, appraisal: { scores: [80, 80, 80], invalidBallots: 0 } }))
      .toEqual({ kind: 'MISSING', missing: ['工作述职未提交'] });
  });

  it('EVA-1, EVA-2: a round with fewer valid ballots than the policy\'s minimum is not counted; the refusal names the rule', () => {
    const two = monthly(POLICY, { reportSubmitted: true, center: 88, township: 91, appraisal: { scores: [90, 85], invalidBallots: 1 } });
    expect(two).toEqual({ kind: 'MISSING', missing: ['民主评议有效票 2 张，少于考评政策（第 1 版）规定的最少 3 张（EVA-1 民主评议匿名：票数不足时平均分会暴露个人评分）'] });
    expect(quarterly({ ...POLICY, appraisalMinBallots: 4 }, { exam: { value: 73, note: '' }, appraisal: { scores: [88, 88, 88], invalidBallots: 0 } }))
      .toEqual({ kind: 'MISSING', missing: ['季度民主评议有效票 3 张，少于考评政策（第 1 版）规定的最少 4 张（EVA-2 民主评议匿名：票数不足时平均分会暴露个人评分）'] });
  });

  it('EVA-2: quarterly = 50% theory exam + 50% appraisal', () => {
    expect(quarterly(POLICY, { exam: { value: 73, note: '' }, appraisal: { scores: [88, 88, 88], invalidBallots: 0 } })).toMatchObject({ score: 80.5, grade: Grade.GOOD });
    expect(quarterly(POLICY, { exam: null, appraisal: { scores: [88, 88, 88], invalidBallots: 0 } })).toEqual({ kind: 'MISSING', missing: ['本季度业务理论考试无成绩'] });
  });

  const entries = (prefix: string, n: number, score: (i: number) => number | null, excused: (i: number) => boolean): PeriodEntry[] =>
    Array.from({ length: n }, (_, i) => ({ key: `${prefix}${i + 1}`, label: `${prefix}${i + 1}`, excused: excused(i + 1), score: excused(i + 1) ? null : score(i + 1), source: null }));

  it('EVA-3: annual = 40% mean of counted months + 60% mean of counted quarters; excused periods are left out, not zeros', () => {
    // on duty from July: months 7..12 score 80, 82, 84, 86, 88, 90 (mean 85); quarters 3, 4: 70, 75 (mean 72.5)
    const r = annual(POLICY, {
      months: entries('M', 12, (m) => 80 + (m - 7) * 2, (m) => m < 7),
      quarters: entries('Q', 4, (q) => (q === 3 ? 70 : 75), (q) => q < 3),
    });
    expect(r).toMatchObject({ kind: 'SCORED', score: 77.5, grade: Grade.COMPETENT }); // 34 + 43.5
  });

  it('EVA-3: a counted period without a result blocks; fewer counted months than the policy asks: not evaluated', () => {
    const r = annual(POLICY, { months: entries('M', 12, (m) => (m === 9 ? null : 80), (m) => m < 7), quarters: entries('Q', 4, () => 80, (q) => q < 3) });
    expect(r).toEqual({ kind: 'MISSING', missing: ['M9考评未定稿'] });
    expect(annual(POLICY, { months: entries('M', 12, () => 80, (m) => m < 8), quarters: entries('Q', 4, () => 80, (q) => q < 4) }))
      .toMatchObject({ kind: 'NOT_EVALUATED' });
    // enough months but no quarter counted (on duty from 1 Feb to 31 Mar, a policy asking 1 month): not gradable, never blocking
    expect(annual({ ...POLICY, annualMinMonths: 1 }, { months: entries('M', 12, () => 80, (m) => m < 2 || m > 3), quarters: entries('Q', 4, () => null, () => true) }))
      .toEqual({ kind: 'NOT_EVALUATED', reason: '本年没有计入的季度（各季度首日均不在岗），不参加年度考评定等' });
  });

  it('EVA-4: the EXCELLENT cap keeps the best ⌊20% × n⌋, by score, then quarterly mean, then monthly mean', () => {
    const subjects = Array.from({ length: 10 }, (_, i) => ({ key: `s${i}`, score: 80, grade: Grade.GOOD, tieBreak: [0, 0] }));
    subjects[0] = { key: 's0', score: 95, grade: Grade.EXCELLENT, tieBreak: [90, 90] };
    subjects[1] = { key: 's1', score: 92, grade: Grade.EXCELLENT, tieBreak: [91, 90] };
    subjects[2] = { key: 's2', score: 92, grade: Grade.EXCELLENT, tieBreak: [92, 80] };
    const capped = capExcellent(POLICY, subjects);
    expect(capped.get('s0')!.grade).toBe(Grade.EXCELLENT);
    expect(capped.get('s2')!.grade).toBe(Grade.EXCELLENT); // ties s1 on score, better quarterly mean
    expect(capped.get('s1')).toEqual({ grade: Grade.GOOD, note: expect.stringContaining('排第 3 名') });
    expect(capped.has('s3')).toBe(false);
    // fully tied across the edge: neither keeps it
    const tied = capExcellent({ ...POLICY, excellentCapPercent: 10 }, [...subjects.slice(3), { ...subjects[1], key: 'a' }, { ...subjects[1], key: 'b' }, { ...subjects[3], key: 'c' }]);
    expect([tied.get('a')!.grade, tied.get('b')!.grade]).toEqual([Grade.GOOD, Grade.GOOD]);
    expect(capExcellent({ ...POLICY, excellentCapPercent: null }, subjects).size).toBe(0);
    // 20% of 3 is 0.6: none
    expect(capExcellent(POLICY, subjects.slice(0, 3)).get('s0')!.grade).toBe(Grade.GOOD);
  });

  it('EVA-6: only a second consecutive INCOMPETENT year opens a case', () => {
    expect(opensAccountability(Grade.INCOMPETENT, Grade.INCOMPETENT)).toBe(true);
    expect(opensAccountability(null, Grade.INCOMPETENT)).toBe(false);
    expect(opensAccountability(Grade.COMPETENT, Grade.INCOMPETENT)).toBe(false);
    expect(opensAccountability(Grade.INCOMPETENT, Grade.COMPETENT)).toBe(false);
  });

  it('EVA-6: a case follows the current results: opened once, repointed after a correction, withdrawn when a year is lifted, history kept', () => {
    const bad = (id: string) => ({ id, grade: Grade.INCOMPETENT });
    const ok = (id: string) => ({ id, grade: Grade.COMPETENT });
    const open = { status: 'OPEN' as const, previousResultId: 'y1', resultId: 'y2' };
    expect(caseAction(bad('y1'), bad('y2'), null)).toBe('OPEN');
    expect(caseAction(bad('y1'), bad('y2'), open)).toBe('KEEP');
    expect(caseAction(bad('y1'), bad('y2v2'), open)).toBe('REPOINT');
    expect(caseAction(bad('y1'), ok('y2v2'), open)).toBe('WITHDRAW');
    expect(caseAction(bad('y1'), ok('y2v2'), { ...open, status: 'CLOSED' })).toBe('KEEP');
    expect(caseAction(null, bad('y2'), null)).toBe('NONE');
    expect(caseAction(ok('y1'), bad('y2'), null)).toBe('NONE');
  });
});
