import { isOverdue } from './hazard-lifecycle';
import { HandOverState, HazardStatus, MajorHazardStatus, RiskLevel, WARNING_RANK, WarningLevel, WarningRuleKind } from './inspections.enums';
import { handOverOverdue } from './hand-over-rules';
import { daysBetween } from '../common/working-days';
// COM-2's one overdue rule (a pure file, no module): the warning and the task lists agree
import { isTaskOverdue } from '../committees/tasks/task-lifecycle';
import { TaskStatus } from '../committees/committees.enums';

/**
 * INS-3, early warning: rules are data (kind, colour, parameters); this evaluates them over plain facts and says
 * which warnings should be active now, one per subject at the highest colour any rule gives it. Pure: the job
 * reads the facts and reconciles the answer with the stored warnings (raise, escalate, resolve).
 */
export interface WarningRuleSpec {
  code: string;
  kind: WarningRuleKind;
  level: WarningLevel;
  params: Record<string, unknown>;
  enabled: boolean;
  name: string;
}

export interface HazardFact {
  id: string;
  regionId: string;
  townshipId: string | null;
  description: string;
  status: HazardStatus;
  deadline: string | null;
  majorStatus: MajorHazardStatus;
}
export interface FireFact {
  id: string;
  townshipId: string | null;
  regionId: string;
  occurredOn: string;
  deaths: number;
}
export interface ComplaintFact {
  id: string;
  regionId: string;
  checkDueAt: Date;
}
export interface RiskPointFact {
  id: string;
  regionId: string;
  name: string;
  level: RiskLevel;
}
/** COM-2: an open task of a committee (not ACCEPTED) past its deadline. */
export interface TaskFact {
  id: string;
  regionId: string;
  title: string;
  assigneeName: string;
  status: TaskStatus;
  deadline: string;
  /** Its completion report, if one waits for the assigning office (a report by the deadline is not overdue). */
  completionReportedAt?: Date | null;
}
/** A hand-over case with the brigade (PENDING or ACCEPTED; domain defaults: hand-over). */
export interface HandOverFact {
  id: string;
  regionId: string;
  description: string;
  state: HandOverState;
  acceptDueBy: string;
  outcomeDueBy: string | null;
}
export interface WarningFacts {
  /** Open hazards (not CLOSED). */
  hazards: HazardFact[];
  fires: FireFact[];
  /** Complaints not yet checked. */
  complaints: ComplaintFact[];
  riskPoints: RiskPointFact[];
  /** Open committee tasks past their deadline (COM-2). */
  tasks?: TaskFact[];
  /** Hand-over cases with the brigade (PENDING or ACCEPTED). */
  handOvers?: HandOverFact[];
  townshipNames: Map<string, string>;
}

export type WarningSubject = 'HAZARD' | 'COMPLAINT' | 'RISK_POINT' | 'TOWNSHIP_OVERDUE' | 'TOWNSHIP_FATAL_FIRE' | 'TASK' | 'HAND_OVER';

/**
 * Rules whose warnings are raised by an event in the application, not by this evaluation: the webhook delivery
 * worker raises WEBHOOK_DISABLED when it disables a subscription. The periodic evaluation leaves their warnings out
 * of its reconciliation (it has no facts to keep them by) and resolves one only when its condition is gone
 * (`WarningService.resolveStaleEventWarnings`).
 */
export const EVENT_RAISED_KINDS: readonly WarningRuleKind[] = [WarningRuleKind.WEBHOOK_DISABLED];

export interface DesiredWarning {
  subjectType: WarningSubject;
  subjectId: string;
  regionId: string;
  level: WarningLevel;
  ruleCode: string;
  message: string;
}

const RISK_RANK: Record<RiskLevel, number> = { LOW: 1, GENERAL: 2, SIGNIFICANT: 3, MAJOR: 4 };
const num = (params: Record<string, unknown>, key: string, fallback: number) => (typeof params[key] === 'number' ? (params[key] as number) : fallback);
const MAJOR_STATES = [MajorHazardStatus.SUSPECTED, MajorHazardStatus.REPORTED, MajorHazardStatus.CONFIRMED];

export function evaluateWarnings(rules: WarningRuleSpec[], facts: WarningFacts, now: Date, today: string): DesiredWarning[] {
  const best = new Map<string, DesiredWarning>();
  const offer = (w: DesiredWarning) => {
    const key = `${w.subjectType}:${w.subjectId}`;
    const current = best.get(key);
    if (!current || WARNING_RANK[w.level] > WARNING_RANK[current.level]) best.set(key, w);
  };
  for (const rule of rules.filter((r) => r.enabled)) {
    const p = rule.params;
    switch (rule.kind) {
      case WarningRuleKind.HAZARD_DUE_SOON: {
        const within = num(p, 'withinDays', 3);
        for (const h of facts.hazards) {
          if (h.status !== HazardStatus.RECTIFYING || !h.deadline || h.deadline < today) continue;
          const left = daysBetween(today, h.deadline);
          if (left <= within) offer({ subjectType: 'HAZARD', subjectId: h.id, regionId: h.regionId, level: rule.level, ruleCode: rule.code, message: `隐患“${h.description}”整改期限 ${h.deadline}，还剩 ${left} 天` });
        }
        break;
      }
      case WarningRuleKind.HAZARD_OVERDUE:
      case WarningRuleKind.MAJOR_HAZARD_OVERDUE: {
        const majorOnly = rule.kind === WarningRuleKind.MAJOR_HAZARD_OVERDUE;
        const minDays = num(p, 'minDaysOverdue', 1);
        for (const h of facts.hazards) {
          if (!isOverdue(h.status, h.deadline, today) || (majorOnly && !MAJOR_STATES.includes(h.majorStatus))) continue;
          const days = daysBetween(h.deadline!, today);
          if (days < minDays) continue;
          offer({ subjectType: 'HAZARD', subjectId: h.id, regionId: h.regionId, level: rule.level, ruleCode: rule.code, message: `${majorOnly ? '重大火灾隐患' : '隐患'}“${h.description}”已逾期 ${days} 天（期限 ${h.deadline}）` });
        }
        break;
      }
      case WarningRuleKind.TASK_OVERDUE: {
        const minDays = num(p, 'minDaysOverdue', 1);
        for (const task of facts.tasks ?? []) {
          if (!isTaskOverdue(task, today)) continue;
          const days = daysBetween(task.deadline, today);
          if (days < minDays) continue;
          offer({ subjectType: 'TASK', subjectId: task.id, regionId: task.regionId, level: rule.level, ruleCode: rule.code, message: `“${task.assigneeName}”承办的任务“${task.title}”已逾期 ${days} 天未办结（期限 ${task.deadline}）` });
        }
        break;
      }
      case WarningRuleKind.TOWNSHIP_OVERDUE_COUNT: {
        const min = num(p, 'minCount', 3);
        const counts = new Map<string, number>();
        for (const h of facts.hazards) {
          if (h.townshipId && isOverdue(h.status, h.deadline, today)) counts.set(h.townshipId, (counts.get(h.townshipId) ?? 0) + 1);
        }
        for (const [township, count] of counts) {
          if (count >= min) offer({ subjectType: 'TOWNSHIP_OVERDUE', subjectId: township, regionId: township, level: rule.level, ruleCode: rule.code, message: `${facts.townshipNames.get(township) ?? ''}逾期未整改隐患 ${count} 处（阈值 ${min}）` });
        }
        break;
      }
      case WarningRuleKind.FATAL_FIRE_RECENT: {
        const within = num(p, 'withinDays', 30);
        const deaths = new Map<string, { regionId: string; deaths: number; fires: number }>();
        for (const f of facts.fires) {
          const age = daysBetween(f.occurredOn, today);
          if (f.deaths < 1 || age < 0 || age >= within) continue;
          const key = f.townshipId ?? f.regionId;
          const agg = deaths.get(key) ?? { regionId: key, deaths: 0, fires: 0 };
          agg.deaths += f.deaths;
          agg.fires += 1;
          deaths.set(key, agg);
        }
        for (const [key, agg] of deaths) {
          offer({ subjectType: 'TOWNSHIP_FATAL_FIRE', subjectId: key, regionId: agg.regionId, level: rule.level, ruleCode: rule.code, message: `${facts.townshipNames.get(key) ?? ''}近 ${within} 天发生亡人火灾 ${agg.fires} 起，死亡 ${agg.deaths} 人` });
        }
        break;
      }
      case WarningRuleKind.COMPLAINT_CHECK_DUE: {
        const hoursBefore = num(p, 'hoursBefore', 6);
        for (const c of facts.complaints) {
          const from = c.checkDueAt.getTime() - hoursBefore * 3_600_000;
          if (now.getTime() < from) continue;
          const late = now.getTime() > c.checkDueAt.getTime();
          offer({ subjectType: 'COMPLAINT', subjectId: c.id, regionId: c.regionId, level: rule.level, ruleCode: rule.code, message: late ? '举报投诉已超过核查时限' : '举报投诉核查时限将至' });
        }
        break;
      }
      case WarningRuleKind.HAND_OVER_PENDING:
        // the brigade is told of every case it has not yet accepted or returned (raised at once by the hand-over too)
        for (const c of facts.handOvers ?? []) {
          if (c.state !== HandOverState.PENDING) continue;
          offer({ subjectType: 'HAND_OVER', subjectId: c.id, regionId: c.regionId, level: rule.level, ruleCode: rule.code, message: `隐患“${c.description}”已移交县消防救援大队，待接收（接收或退回时限 ${c.acceptDueBy}，当日内有效）` });
        }
        break;
      case WarningRuleKind.HAND_OVER_OVERDUE: {
        const minDays = num(p, 'minDaysOverdue', 1);
        for (const c of facts.handOvers ?? []) {
          const late = handOverOverdue(c, today);
          if (!late) continue;
          const due = late === 'ACCEPT' ? c.acceptDueBy : c.outcomeDueBy!;
          const days = daysBetween(due, today);
          if (days < minDays) continue;
          offer({
            subjectType: 'HAND_OVER', subjectId: c.id, regionId: c.regionId, level: rule.level, ruleCode: rule.code,
            message: late === 'ACCEPT'
              ? `移交县消防救援大队的隐患“${c.description}”超过接收时限 ${days} 天未接收（接收时限 ${due}）`
              : `移交县消防救援大队的隐患“${c.description}”超过办理时限 ${days} 天未登记处理结果（办结时限 ${due}）`,
          });
        }
        break;
      }
      case WarningRuleKind.WEBHOOK_DISABLED:
        // EVENT_RAISED_KINDS: raised by the delivery worker, never from facts
        break;
      case WarningRuleKind.RISK_POINT_LEVEL: {
        const min = (typeof p.minLevel === 'string' && p.minLevel in RISK_RANK ? p.minLevel : RiskLevel.MAJOR) as RiskLevel;
        for (const r of facts.riskPoints) {
          if (RISK_RANK[r.level] >= RISK_RANK[min]) offer({ subjectType: 'RISK_POINT', subjectId: r.id, regionId: r.regionId, level: rule.level, ruleCode: rule.code, message: `风险点“${r.name}”为${r.level === RiskLevel.MAJOR ? '重大' : '较大'}风险` });
        }
        break;
      }
    }
  }
  return [...best.values()];
}

export interface StoredWarning {
  id: string;
  subjectType: string;
  subjectId: string;
  level: WarningLevel;
}

export interface WarningPlan {
  raise: DesiredWarning[];
  escalate: { id: string; to: DesiredWarning }[];
  /** A lower colour than stored: the warning is kept, at the lower colour. */
  lower: { id: string; to: DesiredWarning }[];
  resolve: string[];
}

/** What to write: raise the new, escalate the worse, lower the better, resolve the gone; the rest stays as it is. */
export function planWarnings(active: StoredWarning[], desired: DesiredWarning[]): WarningPlan {
  const byKey = new Map(active.map((a) => [`${a.subjectType}:${a.subjectId}`, a]));
  const plan: WarningPlan = { raise: [], escalate: [], lower: [], resolve: [] };
  const seen = new Set<string>();
  for (const d of desired) {
    const key = `${d.subjectType}:${d.subjectId}`;
    seen.add(key);
    const a = byKey.get(key);
    if (!a) plan.raise.push(d);
    else if (WARNING_RANK[d.level] > WARNING_RANK[a.level]) plan.escalate.push({ id: a.id, to: d });
    else if (WARNING_RANK[d.level] < WARNING_RANK[a.level]) plan.lower.push({ id: a.id, to: d });
  }
  for (const [key, a] of byKey) if (!seen.has(key)) plan.resolve.push(a.id);
  return plan;
}
