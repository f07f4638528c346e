import { Grade } from './evaluation.enums';

/**
 * The score arithmetic of EVA-1 .. EVA-4 as pure functions: plain values in (the policy, the inputs), plain values
 * out (score, grade, and every line of the breakdown). No database, no clock.
 *
 * Exactness: scores are kept in hundredths of a point as integers. A weighted sum is Σ value × weight% and a mean is
 * Σ / n, each rounded half up to hundredths once, where it is computed; what is stored is what the next step uses.
 */
export interface PolicyParams {
  version: number;
  monthlyReportWeight: number;
  monthlyAppraisalWeight: number;
  quarterlyExamWeight: number;
  quarterlyAppraisalWeight: number;
  annualMonthlyWeight: number;
  annualQuarterlyWeight: number;
  centerWeight: number;
  townshipWeight: number;
  excellentMin: number;
  goodMin: number;
  competentMin: number;
  excellentCapPercent: number | null;
  appraisalTrimAbove: number;
  /** The fewest valid ballots a round needs (anonymity: no mean of one or two ballots is ever shown). */
  appraisalMinBallots: number;
  annualMinMonths: number;
  gradeLabels: Record<Grade, string>;
}

/** One line of a breakdown: an input, a weight or an intermediate value (`path` says where it sits). */
export interface BreakdownLine {
  path: string;
  label: string;
  /** Percent, where the line is weighted into its parent. */
  weight: number | null;
  value: number | null;
  note: string | null;
}

export interface Breakdown {
  policyVersion: number;
  lines: BreakdownLine[];
  score: number;
  grade: Grade;
  notes: string[];
}

export type Outcome =
  | { kind: 'SCORED'; score: number; grade: Grade; lines: BreakdownLine[]; notes: string[] }
  /** Required inputs are missing: finalization is refused and these are listed. */
  | { kind: 'MISSING'; missing: string[] }
  /** Not evaluated this period (an incomplete year): why. */
  | { kind: 'NOT_EVALUATED'; reason: string };

// ---------- exact arithmetic in hundredths ----------

const cents = (points: number): number => Math.round(points * 100);
const points = (c: number): number => c / 100;
/** Half up, for non-negative integers: round(a / b). */
const divide = (a: number, b: number): number => Math.floor((2 * a + b) / (2 * b));

/** Σ value × weight% rounded half up to hundredths (weights in percent, summing to 100). */
export function weighted(parts: { value: number; weight: number }[]): number {
  return points(divide(parts.reduce((s, p) => s + cents(p.value) * p.weight, 0), 100));
}

/** The mean rounded half up to hundredths. */
export function mean(values: number[]): number {
  return points(divide(values.reduce((s, v) => s + cents(v), 0), values.length));
}

// ---------- grades (EVA-4) ----------

export function gradeOf(score: number, p: Pick<PolicyParams, 'excellentMin' | 'goodMin' | 'competentMin'>): Grade {
  if (score >= p.excellentMin) return Grade.EXCELLENT;
  if (score >= p.goodMin) return Grade.GOOD;
  if (score >= p.competentMin) return Grade.COMPETENT;
  return Grade.INCOMPETENT;
}

// ---------- democratic appraisal (EVA-1, EVA-2) ----------

/** Domain default: a ballot giving every subject the same score is invalid (a ballot of one subject cannot be). */
export function ballotValid(scores: number[]): boolean {
  return scores.length < 2 || scores.some((s) => s !== scores[0]);
}

/**
 * A subject's appraisal score from the valid ballots' scores for it: with more than `trimAbove` of them, the
 * highest and the lowest are dropped (one each); the mean of the rest. Null without a valid ballot.
 */
export function appraisal(scores: number[], trimAbove: number): { value: number; used: number[]; dropped: number[] } | null {
  if (scores.length === 0) return null;
  const sorted = [...scores].sort((a, b) => a - b);
  // never trims the last score away (the policy's floor is 2; this holds whatever it says)
  const trim = sorted.length > Math.max(trimAbove, 2);
  const used = trim ? sorted.slice(1, -1) : sorted;
  return { value: mean(used), used, dropped: trim ? [sorted[0], sorted[sorted.length - 1]] : [] };
}

export interface AppraisalInput {
  /** This subject's scores on the valid ballots of the round. */
  scores: number[];
  invalidBallots: number;
}

/**
 * Why a round cannot be counted yet: no valid ballot, or fewer than the policy's minimum (EVA-1, EVA-2 anonymity:
 * a mean of one ballot is that ballot, and of two tells each rater the other's scores). Null when it can.
 */
export function appraisalShortfall(p: PolicyParams, a: AppraisalInput, label: string, rule: string): string | null {
  if (a.scores.length === 0) return `${label}无有效票`;
  if (a.scores.length < p.appraisalMinBallots) {
    return `${label}有效票 ${a.scores.length} 张，少于考评政策（第 ${p.version} 版）规定的最少 ${p.appraisalMinBallots} 张（${rule} 民主评议匿名：票数不足时平均分会暴露个人评分）`;
  }
  return null;
}

function appraisalLines(p: PolicyParams, a: AppraisalInput, weight: number, label: string): { line: BreakdownLine; value: number } | null {
  const result = a.scores.length >= p.appraisalMinBallots ? appraisal(a.scores, p.appraisalTrimAbove) : null;
  if (!result) return null;
  // counts only: the individual scores of anonymous ballots are never shown (with few ballots they would tell who gave what)
  const parts = [`有效票 ${a.scores.length} 张`];
  if (a.invalidBallots) parts.push(`无效票 ${a.invalidBallots} 张（各对象同分，不计入）`);
  parts.push(result.dropped.length ? `去掉一个最高分、一个最低分，其余 ${result.used.length} 张取平均` : `${result.used.length} 张取平均`);
  return { value: result.value, line: { path: 'appraisal', label, weight, value: result.value, note: parts.join('；') } };
}

function scored(p: PolicyParams, score: number, lines: BreakdownLine[], notes: string[] = []): Outcome {
  return { kind: 'SCORED', score, grade: gradeOf(score, p), lines, notes };
}

// ---------- monthly (EVA-1, EVA-5) ----------

export interface MonthlyInput {
  reportSubmitted: boolean;
  center: number | null;
  township: number | null;
  appraisal: AppraisalInput;
}

/** EVA-1: work report (the center's and the township government's scores, EVA-5) and democratic appraisal. */
export function monthly(p: PolicyParams, input: MonthlyInput): Outcome {
  const missing: string[] = [];
  if (!input.reportSubmitted) missing.push('工作述职未提交');
  else {
    if (input.center === null) missing.push('指导中心未评分（EVA-5）');
    if (input.township === null) missing.push('乡镇人民政府未评分（EVA-5）');
  }
  const a = appraisalLines(p, input.appraisal, p.monthlyAppraisalWeight, '民主评议');
  const short = appraisalShortfall(p, input.appraisal, '民主评议', 'EVA-1');
  if (short) missing.push(short);
  if (missing.length) return { kind: 'MISSING', missing };
  const report = weighted([{ value: input.center!, weight: p.centerWeight }, { value: input.township!, weight: p.townshipWeight }]);
  const score = weighted([{ value: report, weight: p.monthlyReportWeight }, { value: a!.value, weight: p.monthlyAppraisalWeight }]);
  return scored(p, score, [
    { path: 'report', label: '工作述职', weight: p.monthlyReportWeight, value: report, note: null },
    { path: 'report.center', label: '指导中心评分', weight: p.centerWeight, value: input.center, note: null },
    { path: 'report.township', label: '乡镇人民政府评分', weight: p.townshipWeight, value: input.township, note: null },
    a!.line,
  ]);
}

// ---------- quarterly (EVA-2) ----------

export interface QuarterlyInput {
  /** The theory exam score (a person's result; a station's: the mean of its members'), with where it came from. */
  exam: { value: number; note: string } | null;
  appraisal: AppraisalInput;
}

/** EVA-2: the theory exam and the quarterly democratic appraisal. */
export function quarterly(p: PolicyParams, input: QuarterlyInput): Outcome {
  const missing: string[] = [];
  if (!input.exam) missing.push('本季度业务理论考试无成绩');
  const a = appraisalLines(p, input.appraisal, p.quarterlyAppraisalWeight, '季度民主评议');
  const short = appraisalShortfall(p, input.appraisal, '季度民主评议', 'EVA-2');
  if (short) missing.push(short);
  if (missing.length) return { kind: 'MISSING', missing };
  const score = weighted([{ value: input.exam!.value, weight: p.quarterlyExamWeight }, { value: a!.value, weight: p.quarterlyAppraisalWeight }]);
  return scored(p, score, [
    { path: 'exam', label: '业务理论考试', weight: p.quarterlyExamWeight, value: input.exam!.value, note: input.exam!.note },
    a!.line,
  ]);
}

// ---------- annual (EVA-3) ----------

export interface PeriodEntry {
  /** e.g. 2027-07 or 2027-Q3 */
  key: string;
  label: string;
  /** Not counted: the subject was not on duty on its first day (excused, not zero). */
  excused: boolean;
  /** The finalized score, when there is one. */
  score: number | null;
  /** The result (and its version) the score came from. */
  source: string | null;
}

/**
 * EVA-3: the finalized monthly and quarterly results roll up: weight × mean of the counted months + weight × mean
 * of the counted quarters. Excused periods are left out (not zeros); a counted period without a result blocks.
 */
export function annual(p: PolicyParams, input: { months: PeriodEntry[]; quarters: PeriodEntry[] }): Outcome {
  const months = input.months.filter((m) => !m.excused);
  const quarters = input.quarters.filter((q) => !q.excused);
  if (months.length < p.annualMinMonths) {
    return { kind: 'NOT_EVALUATED', reason: `本年在岗计入 ${months.length} 个月，不足 ${p.annualMinMonths} 个月，不参加年度考评定等` };
  }
  if (quarters.length === 0) return { kind: 'NOT_EVALUATED', reason: '本年没有计入的季度（各季度首日均不在岗），不参加年度考评定等' };
  const missing = [...months, ...quarters].filter((e) => e.score === null).map((e) => `${e.label}考评未定稿`);
  if (missing.length) return { kind: 'MISSING', missing };
  const monthlyMean = mean(months.map((m) => m.score!));
  const quarterlyMean = mean(quarters.map((q) => q.score!));
  const score = weighted([{ value: monthlyMean, weight: p.annualMonthlyWeight }, { value: quarterlyMean, weight: p.annualQuarterlyWeight }]);
  const entry = (prefix: string) => (e: PeriodEntry): BreakdownLine => ({
    path: `${prefix}.${e.key}`, label: e.label, weight: null, value: e.excused ? null : e.score, note: e.excused ? '未在岗，免于考评（不计入）' : e.source,
  });
  return scored(p, score, [
    { path: 'monthly', label: '月度考评平均分', weight: p.annualMonthlyWeight, value: monthlyMean, note: `计入 ${months.length} 个月` },
    ...input.months.map(entry('monthly')),
    { path: 'quarterly', label: '季度考评平均分', weight: p.annualQuarterlyWeight, value: quarterlyMean, note: `计入 ${quarters.length} 个季度` },
    ...input.quarters.map(entry('quarterly')),
  ]);
}

// ---------- the EXCELLENT cap (EVA-4) ----------

export interface Ranked {
  key: string;
  score: number;
  grade: Grade;
  /** Tie-breakers after the score, higher first: the quarterly mean, then the monthly mean. */
  tieBreak: number[];
}

/**
 * EVA-4: at most ⌊cap% × n⌋ of the n subjects evaluated are EXCELLENT. Those scoring EXCELLENT are ranked by
 * score, then by the tie-breakers; the ones beyond the cap become GOOD. Subjects tied on every key across the
 * cap's edge are treated alike: none of them keeps EXCELLENT (the cap is a ceiling). Returns a note for each
 * subject the cap touched or ranked.
 */
export function capExcellent(p: PolicyParams, subjects: Ranked[]): Map<string, { grade: Grade; note: string }> {
  const out = new Map<string, { grade: Grade; note: string }>();
  if (p.excellentCapPercent === null) return out;
  const allowed = Math.floor((subjects.length * p.excellentCapPercent) / 100);
  const candidates = subjects.filter((s) => s.grade === Grade.EXCELLENT);
  const keyOf = (s: Ranked) => [s.score, ...s.tieBreak];
  const compare = (a: Ranked, b: Ranked) => {
    const x = keyOf(a);
    const y = keyOf(b);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return y[i] - x[i];
    return 0;
  };
  const ranked = [...candidates].sort(compare);
  const limit = `${p.gradeLabels.EXCELLENT}比例上限 ${p.excellentCapPercent}%：参评 ${subjects.length} 个，至多 ${allowed} 个`;
  ranked.forEach((s) => {
    const rank = ranked.filter((o) => compare(o, s) < 0).length + 1;
    const tiedGroupEnd = ranked.filter((o) => compare(o, s) <= 0).length;
    const keeps = tiedGroupEnd <= allowed;
    const tied = tiedGroupEnd - rank > 0 ? `（与 ${tiedGroupEnd - rank} 个对象得分、季度平均分、月度平均分均相同，同等对待）` : '';
    out.set(s.key, keeps
      ? { grade: Grade.EXCELLENT, note: `${limit}；按得分（同分比季度平均分、再比月度平均分）排第 ${rank} 名${tied}，保留${p.gradeLabels.EXCELLENT}` }
      : { grade: Grade.GOOD, note: `${limit}；按得分（同分比季度平均分、再比月度平均分）排第 ${rank} 名${tied}，超出上限，定为${p.gradeLabels.GOOD}` });
  });
  return out;
}

/** EVA-6: the second of two consecutive INCOMPETENT years opens an accountability case. */
export function opensAccountability(previousYear: Grade | null, thisYear: Grade | null): boolean {
  return previousYear === Grade.INCOMPETENT && thisYear === Grade.INCOMPETENT;
}

export type CaseAction = 'OPEN' | 'REPOINT' | 'WITHDRAW' | 'KEEP' | 'NONE';

/**
 * EVA-6, whenever a year is finalized or corrected: what becomes of the case for a pair of consecutive years, given
 * their current results and the case already there. Two INCOMPETENT years: open one, or point it at the current
 * results. Otherwise an open case is withdrawn (a correction lifted a year); a closed one stays as history.
 */
export function caseAction(
  before: { id: string; grade: Grade } | null,
  after: { id: string; grade: Grade } | null,
  existing: { status: 'OPEN' | 'CLOSED' | 'WITHDRAWN'; previousResultId: string; resultId: string } | null,
): CaseAction {
  if (before && after && opensAccountability(before.grade, after.grade)) {
    if (!existing) return 'OPEN';
    return existing.previousResultId === before.id && existing.resultId === after.id ? 'KEEP' : 'REPOINT';
  }
  if (!existing) return 'NONE';
  return existing.status === 'OPEN' ? 'WITHDRAW' : 'KEEP';
}
