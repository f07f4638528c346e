import { Grade } from '../../evaluation/evaluation.enums';
import { TaskStatus } from '../committees.enums';
import { MemberUnitSector } from '../committees.enums';
import { DUTY_CATALOGUE, dutyCatalogue } from './duty-catalogue';
import {
  campaignItems, EvaluationPart, evaluateMemberUnit, gradeOf, MemberUnitEvaluationInputs, MemberUnitEvaluationPolicy, scoredItem, splitPoints,
  supervisionItem, taskDoneWell, tasksItem,
} from './member-unit-evaluation.rules';

const POLICY: MemberUnitEvaluationPolicy = {
  version: 1, evaluationTaskWeight: 40, evaluationCampaignWeight: 20, evaluationSupervisionWeight: 20, evaluationScoredWeight: 20,
  findingDeduction: 2, excellentMin: 90, goodMin: 80, competentMin: 60,
};
const inputs = (over: Partial<MemberUnitEvaluationInputs> = {}): MemberUnitEvaluationInputs => ({
  year: 2025, today: '2026-01-10', tasks: [], campaigns: [], visits: [], scoredPart: null, ...over,
});
const task = (id: string, over: Partial<{ deadline: string; status: TaskStatus; completedOnTime: boolean | null; returnCount: number }> = {}) => ({
  id, deadline: '2025-06-30', status: TaskStatus.ACCEPTED, completedOnTime: true, returnCount: 0, ...over,
});

describe('COM-4 member-unit evaluation rules', () => {
  it('grades by the policy cut-offs (EVA-4), lower bounds inclusive', () => {
    expect(gradeOf(100, POLICY)).toBe(Grade.EXCELLENT);
    expect(gradeOf(90, POLICY)).toBe(Grade.EXCELLENT);
    expect(gradeOf(89.99, POLICY)).toBe(Grade.GOOD);
    expect(gradeOf(80, POLICY)).toBe(Grade.GOOD);
    expect(gradeOf(79.99, POLICY)).toBe(Grade.COMPETENT);
    expect(gradeOf(60, POLICY)).toBe(Grade.COMPETENT);
    expect(gradeOf(59.99, POLICY)).toBe(Grade.INCOMPETENT);
    expect(gradeOf(0, POLICY)).toBe(Grade.INCOMPETENT);
  });

  it('COM-2: a task earns its share only when accepted, on time and never returned', () => {
    expect(taskDoneWell(task('a'))).toBe(true);
    expect(taskDoneWell(task('a', { completedOnTime: false }))).toBe(false);
    expect(taskDoneWell(task('a', { returnCount: 1 }))).toBe(false);
    expect(taskDoneWell(task('a', { status: TaskStatus.COMPLETION_REPORTED, completedOnTime: null }))).toBe(false);
  });

  it('tasks: no task due in the year gives full marks, and says so', () => {
    const item = tasksItem(inputs({ tasks: [task('x', { deadline: '2024-12-31' }), task('y', { deadline: '2026-01-01' })] }), 40);
    expect(item).toMatchObject({ part: EvaluationPart.TASKS, points: 40, max: 40, records: [] });
    expect(item.explanation).toContain('没有到期的任务');
  });

  it('tasks: the share done well; overdue, late and returned ones count against it', () => {
    const item = tasksItem(inputs({
      tasks: [
        task('good1'), task('good2', { deadline: '2025-01-01' }), task('good3', { deadline: '2025-12-31' }),
        task('late', { completedOnTime: false }),
        task('returned', { returnCount: 2 }),
        task('overdue', { status: TaskStatus.IN_PROGRESS, completedOnTime: null }),
      ],
    }), 40);
    // 3 of 6: 40 × 3 / 6 = 20
    expect(item.points).toBe(20);
    expect(item.records.map((r) => r.id)).toEqual(['good1', 'good2', 'good3', 'late', 'returned', 'overdue']);
    expect(Object.fromEntries(item.figures.map((f) => [f.name, f.value]))).toMatchObject({ 年度内到期任务数: 6, 按期办结且未被退回: 3, 逾期未办结: 1, 逾期办结: 1, 被退回过: 1 });
  });

  it('tasks: an open task not due yet (deadline today or later) is not counted; due yesterday it is', () => {
    const today = '2025-07-01';
    const notDue = tasksItem(inputs({ today, tasks: [task('ok'), task('open', { status: TaskStatus.ASSIGNED, deadline: today, completedOnTime: null })] }), 40);
    expect(notDue.points).toBe(40);
    expect(notDue.records.map((r) => r.id)).toEqual(['ok']);
    const due = tasksItem(inputs({ today, tasks: [task('ok'), task('open', { status: TaskStatus.ASSIGNED, deadline: '2025-06-30', completedOnTime: null })] }), 40);
    expect(due.points).toBe(20);
  });

  it('tasks: rounds to 2 decimals (1 of 3 of 40 points)', () => {
    expect(tasksItem(inputs({ tasks: [task('a'), task('b', { returnCount: 1 }), task('c', { returnCount: 1 })] }), 40).points).toBe(13.33);
  });

  it('campaigns: none gives full marks in one item', () => {
    const items = campaignItems(inputs(), 20);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ part: EvaluationPart.CAMPAIGNS, points: 20, max: 20 });
    expect(items[0].explanation).toContain('没有专项整治');
  });

  it('campaigns: the weight is shared, each scored against its target and capped at it', () => {
    const items = campaignItems(inputs({
      campaigns: [
        { id: 'c1', title: '甲', targetRectificationPercent: 80, hazardsFound: 10, hazardsRectified: 4 }, // 40% of 80% → half
        { id: 'c2', title: '乙', targetRectificationPercent: 80, hazardsFound: 10, hazardsRectified: 9 }, // 90% ≥ 80% → full
        { id: 'c3', title: '丙', targetRectificationPercent: null, hazardsFound: 0, hazardsRectified: 0 }, // nothing found → full
        { id: 'c4', title: '丁', targetRectificationPercent: null, hazardsFound: 4, hazardsRectified: 3 }, // 75% of 100%
      ],
    }), 20);
    expect(items.map((i) => i.max)).toEqual([5, 5, 5, 5]);
    expect(items.map((i) => i.points)).toEqual([2.5, 5, 5, 3.75]);
    expect(items.map((i) => i.records[0].id)).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(items[2].explanation).toContain('未发现隐患');
  });

  it('campaigns: shares of whole cents add up to the weight exactly', () => {
    expect(splitPoints(20, 3)).toEqual([6.67, 6.67, 6.66]);
    expect(splitPoints(20, 3).reduce((a, b) => a + b, 0)).toBeCloseTo(20, 10);
    expect(splitPoints(20, 1)).toEqual([20]);
    expect(splitPoints(0, 2)).toEqual([0, 0]);
    const items = campaignItems(inputs({ campaigns: ['a', 'b', 'c'].map((id) => ({ id, title: id, targetRectificationPercent: 90, hazardsFound: 0, hazardsRectified: 0 })) }), 20);
    expect(items.reduce((s, i) => s + i.points, 0)).toBeCloseTo(20, 10);
  });

  it('supervision: the weight minus the deduction per finding (a serious one twice), floor 0, visits of the year only', () => {
    const visits = [
      { id: 'v1', visitedOn: '2025-03-01', generalFindings: 2, seriousFindings: 1 },
      { id: 'v2', visitedOn: '2024-12-31', generalFindings: 5, seriousFindings: 5 },
    ];
    const item = supervisionItem(inputs({ visits }), 20, 2);
    // 20 − 2 × (2 + 2 × 1) = 12
    expect(item).toMatchObject({ points: 12, max: 20, records: [{ kind: 'SupervisionVisit', id: 'v1' }] });
    expect(supervisionItem(inputs({ visits: [{ id: 'v', visitedOn: '2025-05-01', generalFindings: 3, seriousFindings: 4 }] }), 20, 2).points).toBe(0);
    expect(supervisionItem(inputs({ visits: [{ id: 'v', visitedOn: '2025-05-01', generalFindings: 10, seriousFindings: 0 }] }), 20, 2).points).toBe(0);
    expect(supervisionItem(inputs(), 20, 2).points).toBe(20);
    expect(supervisionItem(inputs({ visits: [{ id: 'v', visitedOn: '2025-05-01', generalFindings: 1, seriousFindings: 0 }] }), 20, 1.5).points).toBe(18.5);
  });

  it('scored: weight × score / 100; not scored: 0 points and said so', () => {
    expect(scoredItem(inputs({ scoredPart: 85 }), 20)).toMatchObject({ points: 17, max: 20 });
    expect(scoredItem(inputs({ scoredPart: 0 }), 20).points).toBe(0);
    expect(scoredItem(inputs({ scoredPart: 100 }), 20).points).toBe(20);
    const none = scoredItem(inputs(), 20);
    expect(none.points).toBe(0);
    expect(none.explanation).toContain('尚未评分');
  });

  it('the score is the sum of the items; a grade only once scored', () => {
    const all = inputs({
      tasks: [task('t1'), task('t2', { returnCount: 1 })],
      campaigns: [{ id: 'c', title: '整治', targetRectificationPercent: 50, hazardsFound: 4, hazardsRectified: 1 }],
      visits: [{ id: 'v', visitedOn: '2025-05-01', generalFindings: 1, seriousFindings: 1 }],
    });
    const draft = evaluateMemberUnit(all, POLICY);
    // tasks 40 × 1/2 = 20; campaign 20 × (25/50) = 10; supervision 20 − 2 × 3 = 14; scored 0
    expect(draft.items.map((i) => i.points)).toEqual([20, 10, 14, 0]);
    expect(draft).toMatchObject({ score: 44, grade: null, scored: false });
    const scored = evaluateMemberUnit({ ...all, scoredPart: 90 }, POLICY);
    expect(scored).toMatchObject({ score: 62, grade: Grade.COMPETENT, scored: true });
    const perfect = evaluateMemberUnit(inputs({ scoredPart: 100 }), POLICY);
    expect(perfect).toMatchObject({ score: 100, grade: Grade.EXCELLENT });
    expect(perfect.items.reduce((s, i) => s + i.max, 0)).toBe(100);
  });

  it('another policy version weighs the same inputs differently', () => {
    const other = { ...POLICY, version: 2, evaluationTaskWeight: 10, evaluationScoredWeight: 50, findingDeduction: 5 };
    const r = evaluateMemberUnit(inputs({ visits: [{ id: 'v', visitedOn: '2025-05-01', generalFindings: 1, seriousFindings: 0 }], scoredPart: 50 }), other);
    // tasks 10; campaigns 20; supervision 20 − 5 = 15; scored 25
    expect(r.score).toBe(70);
  });
});

describe('COM-4 duty catalogue', () => {
  it('gives every sector 3 to 6 duties with unique codes and a basis marked as a summary', () => {
    for (const sector of Object.values(MemberUnitSector)) {
      const items = dutyCatalogue(sector);
      expect(items.length).toBeGreaterThanOrEqual(3);
      expect(items.length).toBeLessThanOrEqual(6);
      expect(new Set(items.map((d) => d.code)).size).toBe(items.length);
      for (const d of items) expect(d.basis).toMatch(/摘要/);
    }
  });

  it('answers a copy: changing it leaves the catalogue alone', () => {
    const items = dutyCatalogue(MemberUnitSector.EDUCATION);
    items[0].text = '改';
    expect(DUTY_CATALOGUE.EDUCATION[0].text).not.toBe('改');
  });
});
