import { HandOverState, HazardStatus, MajorHazardStatus, RiskLevel, WarningLevel, WarningRuleKind } from './inspections.enums';
import { TaskStatus } from '../committees/committees.enums';
import { evaluateWarnings, HazardFact, planWarnings, TaskFact, WarningFacts, WarningRuleSpec } from './warning.rules';

const rule = (code: string, kind: WarningRuleKind, level: WarningLevel, params: Record<string, unknown> = {}): WarningRuleSpec => ({ code, kind, level, params, enabled: true, name: code });
const RULES = [
  rule('hazard.dueSoon', WarningRuleKind.HAZARD_DUE_SOON, WarningLevel.BLUE, { withinDays: 3 }),
  rule('hazard.overdue', WarningRuleKind.HAZARD_OVERDUE, WarningLevel.YELLOW),
  rule('hazard.majorOverdue', WarningRuleKind.MAJOR_HAZARD_OVERDUE, WarningLevel.RED),
  rule('township.overdue', WarningRuleKind.TOWNSHIP_OVERDUE_COUNT, WarningLevel.ORANGE, { minCount: 2 }),
  rule('fire.fatal', WarningRuleKind.FATAL_FIRE_RECENT, WarningLevel.RED, { withinDays: 30 }),
  rule('complaint.dueSoon', WarningRuleKind.COMPLAINT_CHECK_DUE, WarningLevel.YELLOW, { hoursBefore: 6 }),
  rule('complaint.overdue', WarningRuleKind.COMPLAINT_CHECK_DUE, WarningLevel.ORANGE, { hoursBefore: 0 }),
  rule('risk.major', WarningRuleKind.RISK_POINT_LEVEL, WarningLevel.ORANGE, { minLevel: 'MAJOR' }),
];
const TODAY = '2026-11-29';
const NOW = new Date('2026-11-29T04:00:00Z'); // 12:00 in Beijing
const hazard = (id: string, deadline: string | null, extra: Partial<HazardFact> = {}): HazardFact => ({
  id, regionId: 't1', townshipId: 't1', description: id, status: HazardStatus.RECTIFYING, deadline, majorStatus: MajorHazardStatus.NONE, ...extra,
});
const facts = (f: Partial<WarningFacts>): WarningFacts => ({ hazards: [], fires: [], complaints: [], riskPoints: [], townshipNames: new Map([['t1', '景山镇']]), ...f });
const levelOf = (ws: ReturnType<typeof evaluateWarnings>, id: string) => ws.find((w) => w.subjectId === id)?.level ?? null;

describe('early warning rules (INS-3)', () => {

  it('hand-over default: a case waiting for the brigade is BLUE, ORANGE once past its accept or outcome day (minDaysOverdue); returned and concluded ones never', () => {
    const rules = [
      rule('handOver.pending', WarningRuleKind.HAND_OVER_PENDING, WarningLevel.BLUE),
      rule('handOver.overdue', WarningRuleKind.HAND_OVER_OVERDUE, WarningLevel.ORANGE, { minDaysOverdue: 1 }),
    ];
    const c = (id: string, state: HandOverState, acceptDueBy: string, outcomeDueBy: string | null = null) => ({ id, regionId: 't1', description: `隐患${id}`, state, acceptDueBy, outcomeDueBy });
    const ws = evaluateWarnings(rules, facts({ handOvers: [
      c('new', HandOverState.PENDING, TODAY), c('late', HandOverState.PENDING, '2026-11-27'),
      c('working', HandOverState.ACCEPTED, '2026-11-01', TODAY), c('slow', HandOverState.ACCEPTED, '2026-11-01', '2026-11-28'),
      c('back', HandOverState.RETURNED, '2026-11-01'), c('done', HandOverState.CONCLUDED, '2026-11-01', '2026-11-02'),
    ] }), NOW, TODAY);
    expect(Object.fromEntries(ws.map((w) => [w.subjectId, w.level]))).toEqual({ new: 'BLUE', late: 'ORANGE', slow: 'ORANGE' });
    expect(ws.find((w) => w.subjectId === 'late')).toMatchObject({ subjectType: 'HAND_OVER', ruleCode: 'handOver.overdue', message: '移交县消防救援大队的隐患“隐患late”超过接收时限 2 天未接收（接收时限 2026-11-27）' });
    expect(ws.find((w) => w.subjectId === 'slow')?.message).toBe('移交县消防救援大队的隐患“隐患slow”超过办理时限 1 天未登记处理结果（办结时限 2026-11-28）');
  });

  it('COM-2: an open task overdue by at least minDaysOverdue is ORANGE, naming the task, the assignee and the days; an accepted one never', () => {
    const task = (id: string, deadline: string, status = TaskStatus.IN_PROGRESS): TaskFact => ({ id, regionId: 't1', title: `任务${id}`, assigneeName: '县应急管理局', status, deadline });
    const rules = [rule('task.overdue', WarningRuleKind.TASK_OVERDUE, WarningLevel.ORANGE, { minDaysOverdue: 2 })];
    const ws = evaluateWarnings(rules, facts({ tasks: [
      task('due', TODAY), task('one', '2026-11-28'), task('two', '2026-11-27', TaskStatus.ASSIGNED), task('reported', '2026-11-20', TaskStatus.COMPLETION_REPORTED),
      task('accepted', '2026-11-01', TaskStatus.ACCEPTED),
    ] }), NOW, TODAY);
    expect(ws.map((w) => w.subjectId).sort()).toEqual(['reported', 'two']);
    expect(ws.find((w) => w.subjectId === 'two')).toMatchObject({ subjectType: 'TASK', level: 'ORANGE', regionId: 't1', message: '“县应急管理局”承办的任务“任务two”已逾期 2 天未办结（期限 2026-11-27）' });
  });
  it('INS-3: due within 3 days is BLUE, overdue YELLOW, an overdue major hazard RED; one warning per hazard', () => {
    const ws = evaluateWarnings(RULES, facts({ hazards: [
      hazard('soon', '2026-12-02'), hazard('later', '2026-12-03'), hazard('today', TODAY), hazard('late', '2026-11-28'),
      hazard('major', '2026-11-20', { majorStatus: MajorHazardStatus.CONFIRMED }), hazard('done', '2026-11-01', { status: HazardStatus.PENDING_RECHECK }),
    ] }), NOW, TODAY);
    expect(levelOf(ws, 'soon')).toBe('BLUE');
    expect(levelOf(ws, 'later')).toBeNull();
    expect(levelOf(ws, 'today')).toBe('BLUE');
    expect(levelOf(ws, 'late')).toBe('YELLOW');
    expect(levelOf(ws, 'major')).toBe('RED');
    expect(levelOf(ws, 'done')).toBeNull();
    expect(ws.filter((w) => w.subjectType === 'HAZARD')).toHaveLength(4);
    // two overdue hazards in one township reach the township threshold
    expect(ws.find((w) => w.subjectType === 'TOWNSHIP_OVERDUE')).toMatchObject({ subjectId: 't1', level: 'ORANGE' });
  });

  it('INS-3: a fatal fire in the last 30 days warns RED for its township; 30 days later it does not', () => {
    const fire = { id: 'f', townshipId: 't1', regionId: 't1', occurredOn: '2026-10-31', deaths: 1 };
    expect(evaluateWarnings(RULES, facts({ fires: [fire] }), NOW, TODAY)[0]).toMatchObject({ subjectType: 'TOWNSHIP_FATAL_FIRE', level: 'RED' });
    expect(evaluateWarnings(RULES, facts({ fires: [{ ...fire, occurredOn: '2026-10-30' }] }), NOW, TODAY)).toEqual([]);
    expect(evaluateWarnings(RULES, facts({ fires: [{ ...fire, deaths: 0 }] }), NOW, TODAY)).toEqual([]);
  });

  it('INS-3: a complaint warns YELLOW 6 hours before its check is due and ORANGE after', () => {
    const c = (hours: number) => ({ id: 'c', regionId: 't1', checkDueAt: new Date(NOW.getTime() + hours * 3_600_000) });
    expect(evaluateWarnings(RULES, facts({ complaints: [c(7)] }), NOW, TODAY)).toEqual([]);
    expect(evaluateWarnings(RULES, facts({ complaints: [c(5)] }), NOW, TODAY)[0].level).toBe('YELLOW');
    expect(evaluateWarnings(RULES, facts({ complaints: [c(-1)] }), NOW, TODAY)[0].level).toBe('ORANGE');
  });

  it('INS-3: a disabled rule raises nothing; a major risk point warns', () => {
    const rules = RULES.map((r) => (r.code === 'risk.major' ? { ...r, enabled: false } : r));
    const rp = { id: 'r', regionId: 't1', name: '加油站', level: RiskLevel.MAJOR };
    expect(evaluateWarnings(rules, facts({ riskPoints: [rp] }), NOW, TODAY)).toEqual([]);
    expect(evaluateWarnings(RULES, facts({ riskPoints: [rp, { ...rp, id: 'g', level: RiskLevel.GENERAL }] }), NOW, TODAY)).toHaveLength(1);
  });

  it('INS-3: the plan raises once, escalates, lowers and resolves', () => {
    const d = (id: string, level: WarningLevel) => ({ subjectType: 'HAZARD' as const, subjectId: id, regionId: 't1', level, ruleCode: 'x', message: '' });
    const plan = planWarnings(
      [{ id: 'w1', subjectType: 'HAZARD', subjectId: 'a', level: WarningLevel.BLUE }, { id: 'w2', subjectType: 'HAZARD', subjectId: 'b', level: WarningLevel.RED },
        { id: 'w3', subjectType: 'HAZARD', subjectId: 'c', level: WarningLevel.YELLOW }, { id: 'w4', subjectType: 'HAZARD', subjectId: 'd', level: WarningLevel.YELLOW }],
      [d('a', WarningLevel.YELLOW), d('b', WarningLevel.YELLOW), d('c', WarningLevel.YELLOW), d('e', WarningLevel.BLUE)],
    );
    expect(plan.raise.map((r) => r.subjectId)).toEqual(['e']);
    expect(plan.escalate.map((e) => e.id)).toEqual(['w1']);
    expect(plan.lower.map((e) => e.id)).toEqual(['w2']);
    expect(plan.resolve).toEqual(['w4']);
  });
});
