import { Grade } from '../../evaluation/evaluation.enums';
import { TaskStatus } from '../committees.enums';

/**
 * COM-4: the arithmetic of a member unit's annual evaluation (pure: the inputs, "today" and the committees' policy
 * come from the caller). Four parts, weighted by the policy (points out of 100):
 * - tasks: the share of the unit's tasks due in the year (deadline in the year) that were accepted, completed on
 *   time and never returned; an open task whose deadline has not passed yet is not counted; no task due: full marks;
 * - campaigns: for each campaign of its committee overlapping the year, the rectification rate of the hazards found
 *   in the campaign's scope and period on premises of the unit's sector, against the campaign's target (its
 *   `targetRectificationPercent`, else 100%), capped at the target; the part's weight is shared equally between
 *   the campaigns; no campaign, or no hazard found in one: full marks for it;
 * - supervision: the weight minus `findingDeduction` per GENERAL finding and twice that per SERIOUS finding of the
 *   visits in the year, never below 0;
 * - scored: the weight × the office's score (0–100); not scored yet: 0 points, and the evaluation cannot be final.
 * Every item of the breakdown is rounded to 2 decimals and the score is their sum, so the items add up to it.
 */
export interface MemberUnitEvaluationPolicy {
  version: number;
  evaluationTaskWeight: number;
  evaluationCampaignWeight: number;
  evaluationSupervisionWeight: number;
  evaluationScoredWeight: number;
  findingDeduction: number;
  excellentMin: number;
  goodMin: number;
  competentMin: number;
}

export interface EvaluationTaskInput {
  id: string;
  deadline: string;
  status: TaskStatus;
  completedOnTime: boolean | null;
  returnCount: number;
}
export interface EvaluationCampaignInput {
  id: string;
  title: string;
  targetRectificationPercent: number | null;
  hazardsFound: number;
  hazardsRectified: number;
}
export interface EvaluationVisitInput {
  id: string;
  visitedOn: string;
  generalFindings: number;
  seriousFindings: number;
}
export interface MemberUnitEvaluationInputs {
  year: number;
  /** Asia/Shanghai. */
  today: string;
  tasks: readonly EvaluationTaskInput[];
  campaigns: readonly EvaluationCampaignInput[];
  visits: readonly EvaluationVisitInput[];
  /** The office's score of the scored part, 0–100; null: not scored yet. */
  scoredPart: number | null;
}

export enum EvaluationPart {
  TASKS = 'TASKS',
  CAMPAIGNS = 'CAMPAIGNS',
  SUPERVISION = 'SUPERVISION',
  SCORED = 'SCORED',
}
export type EvaluationRecordKind = 'Task' | 'Campaign' | 'SupervisionVisit';

export interface EvaluationFigure {
  name: string;
  value: number;
}
export interface EvaluationPointItem {
  part: EvaluationPart;
  /** The input figures (zh-CN names). */
  figures: EvaluationFigure[];
  points: number;
  max: number;
  /** zh-CN: how the points follow from the figures. */
  explanation: string;
  /** The records counted (tasks, campaigns, visits). */
  records: { kind: EvaluationRecordKind; id: string }[];
}
export interface MemberUnitEvaluationResult {
  score: number;
  /** Null while the scored part is not scored (the score is then incomplete). */
  grade: Grade | null;
  scored: boolean;
  items: EvaluationPointItem[];
}

export const round2 = (v: number): number => Math.round((v + Number.EPSILON) * 100) / 100;

/** The year's first and last day. */
export function yearRange(year: number): { start: string; end: string } {
  return { start: `${year}-01-01`, end: `${year}-12-31` };
}

/** EVA-4 grades by the policy's cut-offs (inclusive lower bounds). */
export function gradeOf(score: number, policy: Pick<MemberUnitEvaluationPolicy, 'excellentMin' | 'goodMin' | 'competentMin'>): Grade {
  if (score >= policy.excellentMin) return Grade.EXCELLENT;
  if (score >= policy.goodMin) return Grade.GOOD;
  if (score >= policy.competentMin) return Grade.COMPETENT;
  return Grade.INCOMPETENT;
}

/** COM-2: completed on time and never returned: the only task that earns its share. */
export function taskDoneWell(t: EvaluationTaskInput): boolean {
  return t.status === TaskStatus.ACCEPTED && t.completedOnTime === true && t.returnCount === 0;
}

/** COM-4 tasks part. */
export function tasksItem(inputs: MemberUnitEvaluationInputs, weight: number): EvaluationPointItem {
  const { start, end } = yearRange(inputs.year);
  const inYear = inputs.tasks.filter((t) => t.deadline >= start && t.deadline <= end);
  // an open task whose deadline is today or later is not due yet: it neither counts for nor against the unit
  const notYetDue = inYear.filter((t) => t.status !== TaskStatus.ACCEPTED && t.deadline >= inputs.today);
  const counted = inYear.filter((t) => !notYetDue.includes(t));
  const good = counted.filter(taskDoneWell);
  const overdue = counted.filter((t) => t.status !== TaskStatus.ACCEPTED).length;
  const returned = counted.filter((t) => t.returnCount > 0).length;
  const late = counted.filter((t) => t.status === TaskStatus.ACCEPTED && t.completedOnTime !== true).length;
  const figures = [
    { name: '年度内到期任务数', value: counted.length }, { name: '按期办结且未被退回', value: good.length },
    { name: '逾期未办结', value: overdue }, { name: '逾期办结', value: late }, { name: '被退回过', value: returned },
    { name: '尚未到期（不计）', value: notYetDue.length },
  ];
  const records = counted.map((t) => ({ kind: 'Task' as const, id: t.id }));
  if (counted.length === 0) {
    return { part: EvaluationPart.TASKS, figures, points: weight, max: weight, records, explanation: `本年度没有到期的任务，按满分 ${weight} 分计` };
  }
  const points = round2((weight * good.length) / counted.length);
  return {
    part: EvaluationPart.TASKS, figures, points, max: weight, records,
    explanation: `${weight} 分 × 按期办结且未被退回 ${good.length} 项 ÷ 到期任务 ${counted.length} 项 = ${points} 分（逾期、逾期办结或被退回的任务不得分）`,
  };
}

/** Splits `weight` points into `n` shares of whole cents that add up to it exactly (the first shares take the remainder). */
export function splitPoints(weight: number, n: number): number[] {
  const cents = Math.round(weight * 100);
  const base = Math.floor(cents / n);
  return Array.from({ length: n }, (_, i) => (base + (i < cents - base * n ? 1 : 0)) / 100);
}

/** COM-4 campaigns part: one item per campaign (the weight shared equally), or one item when there is none. */
export function campaignItems(inputs: MemberUnitEvaluationInputs, weight: number): EvaluationPointItem[] {
  if (inputs.campaigns.length === 0) {
    return [{ part: EvaluationPart.CAMPAIGNS, figures: [{ name: '本年度专项整治数', value: 0 }], points: weight, max: weight, records: [], explanation: `本年度所属委员会没有专项整治，按满分 ${weight} 分计` }];
  }
  const shares = splitPoints(weight, inputs.campaigns.length);
  return inputs.campaigns.map((c, i) => {
    const target = c.targetRectificationPercent ?? 100;
    const max = shares[i];
    const share = max;
    const figures = [{ name: '本行业场所发现隐患', value: c.hazardsFound }, { name: '已整改销号', value: c.hazardsRectified }, { name: '整改率目标（%）', value: target }];
    const records = [{ kind: 'Campaign' as const, id: c.id }];
    if (c.hazardsFound === 0) {
      return { part: EvaluationPart.CAMPAIGNS, figures, points: max, max, records, explanation: `“${c.title}”：本行业场所未发现隐患，按该项满分 ${max} 分计` };
    }
    const rate = (c.hazardsRectified / c.hazardsFound) * 100;
    const achieved = Math.min(1, rate / target);
    const points = round2(share * achieved);
    figures.push({ name: '整改率（%）', value: round2(rate) });
    return {
      part: EvaluationPart.CAMPAIGNS, figures, points, max, records,
      explanation: `“${c.title}”：整改率 ${round2(rate)}%，目标 ${target}%，${max} 分 × ${rate >= target ? '达到目标' : `${round2(rate)} ÷ ${target}`} = ${points} 分`,
    };
  });
}

/** COM-4 supervision part. */
export function supervisionItem(inputs: MemberUnitEvaluationInputs, weight: number, findingDeduction: number): EvaluationPointItem {
  const { start, end } = yearRange(inputs.year);
  const visits = inputs.visits.filter((v) => v.visitedOn >= start && v.visitedOn <= end);
  const general = visits.reduce((s, v) => s + v.generalFindings, 0);
  const serious = visits.reduce((s, v) => s + v.seriousFindings, 0);
  const deduction = findingDeduction * (general + 2 * serious);
  const points = round2(Math.max(0, weight - deduction));
  return {
    part: EvaluationPart.SUPERVISION, max: weight, points,
    figures: [{ name: '督导检查次数', value: visits.length }, { name: '一般问题', value: general }, { name: '突出问题', value: serious }, { name: '每个问题扣分', value: findingDeduction }],
    records: visits.map((v) => ({ kind: 'SupervisionVisit' as const, id: v.id })),
    explanation: `${weight} 分 − ${findingDeduction} 分 × （一般问题 ${general} + 2 × 突出问题 ${serious}） = ${points} 分${weight - deduction < 0 ? '（扣完为止）' : ''}`,
  };
}

/** COM-4 scored part. */
export function scoredItem(inputs: MemberUnitEvaluationInputs, weight: number): EvaluationPointItem {
  if (inputs.scoredPart === null) {
    return { part: EvaluationPart.SCORED, figures: [], points: 0, max: weight, records: [], explanation: '评分部分尚未评分（评分后方可定稿）' };
  }
  const points = round2((weight * inputs.scoredPart) / 100);
  return {
    part: EvaluationPart.SCORED, figures: [{ name: '评分（百分制）', value: inputs.scoredPart }], points, max: weight, records: [],
    explanation: `${weight} 分 × ${inputs.scoredPart} ÷ 100 = ${points} 分`,
  };
}

/** COM-4: a member unit's evaluation of a year under a policy version. */
export function evaluateMemberUnit(inputs: MemberUnitEvaluationInputs, policy: MemberUnitEvaluationPolicy): MemberUnitEvaluationResult {
  const items = [
    tasksItem(inputs, policy.evaluationTaskWeight),
    ...campaignItems(inputs, policy.evaluationCampaignWeight),
    supervisionItem(inputs, policy.evaluationSupervisionWeight, policy.findingDeduction),
    scoredItem(inputs, policy.evaluationScoredWeight),
  ];
  const score = round2(items.reduce((s, i) => s + i.points, 0));
  const scored = inputs.scoredPart !== null;
  return { score, grade: scored ? gradeOf(score, policy) : null, scored, items };
}
