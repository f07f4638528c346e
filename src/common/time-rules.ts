import { BadUserInputError } from '../kernel/errors';
import { isCalendarDate, shanghaiDate } from './clock';
import { Period, periodLabel, periodRange } from './period';
import { addDays } from './working-days';

/**
 * The time rules (docs/time-rules.md): for each date and date-time input, its window relative to today
 * (Asia/Shanghai) and to the record's other dates. One check function per record; the services call it before they
 * write. Pure: "today", "now" and the policy's numbers come from the caller (the clock and the versioned policies).
 * A refusal is BAD_USER_INPUT naming the rule (`时间规则 T-PER-5：…`), with `extensions.rule` and the domain rule
 * it protects in `extensions.protects`.
 */
export interface TimeRuleBreach {
  rule: string;
  /** The domain rule the window protects (domain.md). */
  protects: string;
  /** The input field, e.g. `input.onDutyFrom`. */
  field: string;
  /** zh-CN, without the rule prefix. */
  reason: string;
}

/** The rule ids and the domain rules they protect: one row each of docs/time-rules.md. */
export const TIME_RULES = {
  'T-PER-1': 'PER-3', // birth date: in the past, the one in the citizen id
  'T-PER-2': 'PER-1', // selection date: today at the latest, a late record within the window
  'T-PER-3': 'PER-7', // training start: on or after the selection, today at the latest
  'T-PER-4': 'PER-7', // exam: on or after the training start, today at the latest
  'T-PER-5': 'PER-7', // on duty: on or after the exam, today at the latest
  'T-PER-6': 'PER-9', // departure: on or after the start, today at the latest
  'T-PER-7': 'PER-3', // prior service: on duty from the birthday of the policy's minimum age on, today at the latest; left on or after, today at the latest
  'T-INS-1': 'INS-1', // inspection day: today at the latest, within the late-record window
  'T-INS-2': 'INS-2', // hazard found: today at the latest, within the late-record window
  'T-INS-3': 'INS-2', // ordinary rectification deadline: today .. today + the policy's maximum
  'T-INS-4': 'INS-2', // extension: later than the current deadline (approver: center or township government)
  'T-INS-5': 'INS-4', // fire: not in the future, within the late-record window
  'T-INS-6': 'INS-1', // complaint received: not in the future, within the late-record window
  'T-INS-7': 'INS-5', // work plan / report period: not beyond the current one
  'T-EVA-1': 'EVA-1', // monthly work report, appraisal period: not beyond the current one
  'T-EVA-2': 'EVA-3', // finalization: the period is over
  'T-EVA-3': 'EVA-6', // accountability interview: on or after the notification, today at the latest
  'T-TRN-1': 'TRN-1', // activity: today at the latest, within the late-record window
  'T-TRN-2': 'TRN-2', // course: starts within the late-record window, ends on or after it starts, within a year ahead; sessions inside it
  'T-TRN-3': 'TRN-2', // exam: within the late-record window or a year ahead; a sitting on or after the exam day, today at the latest
  'T-ORG-1': 'ORG-4', // station office facility check: today at the latest, within the late-record window
  'T-ORG-2': 'ORG-6', // village fire safety manager appointed, pledge adopted: today at the latest
  'T-ORG-3': 'ORG-6', // guidance visit to a village: today at the latest, within the late-record window
  'T-INS-8': 'INS-6', // accountability outcome of a fire investigation: on or after the fire's day, today at the latest
  'T-INS-9': 'INS-1', // inspection plan: ends today or later, on or after its start; starts within a year ahead
  'T-INS-10': 'INS-2', // hand-over outcome: each measure's day and the decision day on or after the hand-over day, today at the latest; the decision on or after the acceptance day
  'T-POL-1': 'PER-3', // personnel policy version: effective today or later, not before the latest version
  'T-POL-2': 'EVA-3', // evaluation policy version: effective from the first day of a month after today
  'T-POL-3': 'INS-2', // major hazard catalogue edition: a new one effective today or later, after the one in force
  'T-CAL-1': 'INS-2', // working calendar: the current year, the previous one or the next one
  'T-COM-1': 'COM-1', // committee meeting day: today at the latest, within the late-record window
  'T-COM-2': 'COM-2', // task deadline: the assignment day .. + the committees' policy's maximum; a sub-task's not after its parent's
  'T-COM-3': 'COM-3', // campaign period: ends on or after it starts; starts at most 366 days back and at most 366 days ahead; lasts at most two years
  'T-COM-4': 'COM-4', // supervision visit of a member unit: today at the latest, within the late-record window
  'T-COM-5': 'COM-4', // committees' policy version: effective today or later (at most a year ahead), not before the latest version
  'T-SEC-1': 'ACCESS', // security policy version (GB/T 22239-2019 8.1.4.1, no domain rule): effective today or later (at most a year ahead), not before the latest version
  'T-COM-6': 'COM-4', // member-unit evaluation: scored for this year at the latest, finalized once its year is over
  'T-KEY-1': 'ACCESS', // API key expiry: after now, at most API_KEY_MAX_DAYS ahead (the platform's access control, no domain rule)
  'T-AUD-1': 'ACCESS', // audit period (verifyAuditChain, the trail's export): from not after to, neither after now (+ NOW_TOLERANCE_MS)
  'T-KEY-2': 'ACCESS', // unmask grant: valid through a day from today to today + UNMASK_GRANT_MAX_DAYS (GB/T 22239-2019 8.1.4.11 b)
  'T-INT-1': 'ACCESS', // updatedSince of a list: not after now (+ NOW_TOLERANCE_MS for clock skew): a poller's mark from the future would skip changes
} as const;
export type TimeRuleId = keyof typeof TIME_RULES;

/** A refusal of a time rule: BAD_USER_INPUT whose message and extensions name the rule. */
export class TimeRuleError extends BadUserInputError {
  constructor(readonly breach: TimeRuleBreach) {
    super([{ field: breach.field, reason: breach.reason }], `时间规则 ${breach.rule}：${breach.reason}`);
    Object.assign(this.extensions, { rule: breach.rule, protects: breach.protects });
  }
}

function breach(rule: TimeRuleId, field: string, reason: string): TimeRuleBreach {
  return { rule, protects: TIME_RULES[rule], field, reason };
}

/** Throws the first breach (the services call this before they write). */
export function assertTimeRules(breaches: readonly (TimeRuleBreach | null)[]): void {
  const first = breaches.find((b) => b !== null);
  if (first) throw new TimeRuleError(first);
}

function notADate(rule: TimeRuleId, field: string, value: string): TimeRuleBreach | null {
  return isCalendarDate(value) ? null : breach(rule, field, `${value} 不是有效的日期`);
}

// ---------- personnel (PER) ----------

/** How far back a selection may be recorded (a late record, not a backdated rule: PER-3 is judged on that day). */
export const SELECTION_LATE_DAYS = 30;

/** T-PER-1: a person's birth date is before today and is the one in the citizen id (GB 11643-1999). */
export function personDates(p: { birthDate: string; birthDateInCitizenId: string }, today: string): TimeRuleBreach | null {
  const field = 'input.birthDate';
  return notADate('T-PER-1', field, p.birthDate)
    ?? (p.birthDate >= today ? breach('T-PER-1', field, `出生日期须早于今天（${today}）`) : null)
    ?? (p.birthDate !== p.birthDateInCitizenId ? breach('T-PER-1', field, `出生日期与身份证号中的出生日期 ${p.birthDateInCitizenId} 不一致`) : null);
}

/** A post's dates (PER-1, PER-7, PER-9): selection ≤ training start ≤ exam ≤ on duty ≤ today; leaving after the start. */
export interface PostDates {
  selectedOn: string | null;
  trainingStartedOn: string | null;
  examOn: string | null;
  onDutyFrom: string | null;
}

/** T-PER-2: the selection date. */
export function selectionDate(selectedOn: string, today: string): TimeRuleBreach | null {
  const field = 'input.selectedOn';
  const earliest = addDays(today, -SELECTION_LATE_DAYS);
  return notADate('T-PER-2', field, selectedOn)
    ?? (selectedOn > today ? breach('T-PER-2', field, `选调日期不能晚于今天（${today}）`) : null)
    ?? (selectedOn < earliest ? breach('T-PER-2', field, `选调日期不能早于 ${earliest}（补录不超过 ${SELECTION_LATE_DAYS} 天）`) : null);
}

/** T-PER-3: the pre-job training starts on or after the selection (and after a failed exam when trained again). */
export function trainingStart(post: PostDates, startedOn: string, today: string): TimeRuleBreach | null {
  const field = 'input.trainingStartedOn';
  return notADate('T-PER-3', field, startedOn)
    ?? (startedOn > today ? breach('T-PER-3', field, `岗前培训开始日期不能晚于今天（${today}）`) : null)
    ?? (post.selectedOn && startedOn < post.selectedOn ? breach('T-PER-3', field, `岗前培训开始日期不能早于选调日期 ${post.selectedOn}`) : null)
    ?? (post.examOn && startedOn < post.examOn ? breach('T-PER-3', field, `再次培训的开始日期不能早于上次岗前考试日期 ${post.examOn}`) : null);
}

/** T-PER-4: the pre-job exam is taken on or after the training started (or the selection, for older posts). */
export function examDate(post: PostDates, examOn: string, today: string, field = 'input.examOn'): TimeRuleBreach | null {
  const after = post.trainingStartedOn ?? post.selectedOn;
  const what = post.trainingStartedOn ? '岗前培训开始日期' : '选调日期';
  return notADate('T-PER-4', field, examOn)
    ?? (examOn > today ? breach('T-PER-4', field, `岗前考试日期不能晚于今天（${today}）`) : null)
    ?? (after && examOn < after ? breach('T-PER-4', field, `岗前考试日期不能早于${what} ${after}`) : null);
}

/** T-PER-5: on duty on or after the exam that was passed, today at the latest. */
export function onDutyDate(post: PostDates, onDutyFrom: string, today: string): TimeRuleBreach | null {
  const field = 'input.onDutyFrom';
  return notADate('T-PER-5', field, onDutyFrom)
    ?? (onDutyFrom > today ? breach('T-PER-5', field, `上岗日期不能晚于今天（${today}）`) : null)
    ?? (post.examOn && onDutyFrom < post.examOn ? breach('T-PER-5', field, `上岗日期不能早于岗前考试日期 ${post.examOn}`) : null);
}

/**
 * T-PER-7: a prior-service spell (staff on duty before the platform): on duty from the birthday of the personnel
 * policy's minimum age (PER-3's floor, 18 by default: nobody was selected younger) to today at the latest; the leaving day on or after it, today at the latest.
 */
export function priorServiceDates(birthDate: string, onDutyFrom: string, leftOn: string | null, today: string, minAge: number): TimeRuleBreach | null {
  const adult = `${String(Number(birthDate.slice(0, 4)) + minAge).padStart(4, '0')}${birthDate.slice(4)}`;
  // born on 29 February: that birthday is 1 March of a common year
  const eighteen = adult.endsWith('-02-29') && !isLeap(Number(adult.slice(0, 4))) ? `${adult.slice(0, 4)}-03-01` : adult;
  return notADate('T-PER-7', 'input.onDutyFrom', onDutyFrom)
    ?? (onDutyFrom > today ? breach('T-PER-7', 'input.onDutyFrom', `既往任职的上岗日期不能晚于今天（${today}）`) : null)
    ?? (onDutyFrom < eighteen ? breach('T-PER-7', 'input.onDutyFrom', `既往任职的上岗日期不能早于该人员年满 ${minAge} 周岁之日 ${eighteen}`) : null)
    ?? (leftOn === null ? null : notADate('T-PER-7', 'input.leftOn', leftOn))
    ?? (leftOn !== null && leftOn > today ? breach('T-PER-7', 'input.leftOn', `离岗日期不能晚于今天（${today}）`) : null)
    ?? (leftOn !== null && leftOn < onDutyFrom ? breach('T-PER-7', 'input.leftOn', `离岗日期不能早于上岗日期 ${onDutyFrom}`) : null);
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** T-PER-6: leaving on or after the post began (on duty, else selected), today at the latest. */
export function departureDate(post: PostDates, leftOn: string, today: string): TimeRuleBreach | null {
  const field = 'input.leftOn';
  const start = post.onDutyFrom ?? post.selectedOn;
  return notADate('T-PER-6', field, leftOn)
    ?? (leftOn > today ? breach('T-PER-6', field, `离岗日期不能晚于今天（${today}）`) : null)
    ?? (start && leftOn < start ? breach('T-PER-6', field, `离岗日期不能早于${post.onDutyFrom ? '上岗日期' : '选调日期'} ${start}`) : null);
}

// ---------- inspections (INS) ----------

/** What the inspection policy in force says about time (versioned: inspection_policy). */
export interface InspectionTimePolicy {
  version: number;
  /** The longest ordinary rectification deadline, in days after the order (domain default 30). */
  maxDeadlineDays: number;
  /** How far back an inspection, a hazard, a fire or a complaint may be recorded, in days. */
  lateRecordDays: number;
}

function pastDay(rule: TimeRuleId, field: string, what: string, day: string, today: string, policy: InspectionTimePolicy): TimeRuleBreach | null {
  const earliest = addDays(today, -policy.lateRecordDays);
  return notADate(rule, field, day)
    ?? (day > today ? breach(rule, field, `${what}不能晚于今天（${today}）`) : null)
    ?? (day < earliest ? breach(rule, field, `${what}不能早于 ${earliest}（补录不超过 ${policy.lateRecordDays} 天，检查政策第 ${policy.version} 版）`) : null);
}

/** T-INS-1: the day of an inspection. */
export function inspectionDate(inspectedOn: string, today: string, policy: InspectionTimePolicy): TimeRuleBreach | null {
  return pastDay('T-INS-1', 'input.inspectedOn', '检查日期', inspectedOn, today, policy);
}

/** T-INS-2: the day a hazard was found. */
export function hazardFoundDate(foundOn: string, today: string, policy: InspectionTimePolicy): TimeRuleBreach | null {
  return pastDay('T-INS-2', 'input.foundOn', '隐患发现日期', foundOn, today, policy);
}

/**
 * T-INS-3: a rectification deadline (an order, or a failed re-check's new one): not before today; for an ordinary
 * hazard at most the policy's maximum after today. A confirmed major hazard (supervised by the brigade, 挂牌督办)
 * is not an ordinary one: its deadline has no such maximum.
 */
export function ordinaryDeadline(deadline: string, today: string, policy: InspectionTimePolicy, field = 'input.deadline', confirmedMajor = false): TimeRuleBreach | null {
  const latest = addDays(today, policy.maxDeadlineDays);
  return notADate('T-INS-3', field, deadline)
    ?? (deadline < today ? breach('T-INS-3', field, `整改期限不能早于今天（${today}）`) : null)
    ?? (!confirmedMajor && deadline > latest
      ? breach('T-INS-3', field, `一般隐患整改期限不能晚于 ${latest}（检查政策第 ${policy.version} 版：至多 ${policy.maxDeadlineDays} 天；更长须由指导中心或乡镇政府延期）`)
      : null);
}

/** T-INS-4: an extension (approved by the center or the township government) moves the deadline later, not into the past. */
export function extendedDeadline(newDeadline: string, current: string | null, today: string): TimeRuleBreach | null {
  const field = 'input.newDeadline';
  return notADate('T-INS-4', field, newDeadline)
    ?? (newDeadline < today ? breach('T-INS-4', field, `延期后的期限不能早于今天（${today}）`) : null)
    ?? (current && newDeadline <= current ? breach('T-INS-4', field, `延期后的期限须晚于现期限 ${current}`) : null);
}

/** Clock skew tolerated for a moment "now" (a client's clock a little ahead). */
export const NOW_TOLERANCE_MS = 60_000;

function pastMoment(rule: TimeRuleId, field: string, what: string, at: Date, now: Date, policy: InspectionTimePolicy): TimeRuleBreach | null {
  if (Number.isNaN(at.getTime())) return breach(rule, field, '不是有效的时间');
  if (at.getTime() > now.getTime() + NOW_TOLERANCE_MS) return breach(rule, field, `${what}不能晚于现在`);
  const today = shanghaiDate(now);
  const earliest = addDays(today, -policy.lateRecordDays);
  const day = shanghaiDate(at);
  return day < earliest ? breach(rule, field, `${what}不能早于 ${earliest}（北京时间；补录不超过 ${policy.lateRecordDays} 天，检查政策第 ${policy.version} 版）`) : null;
}

/** T-INS-5: when a fire started. */
export function fireTime(occurredAt: Date, now: Date, policy: InspectionTimePolicy): TimeRuleBreach | null {
  return pastMoment('T-INS-5', 'input.occurredAt', '起火时间', occurredAt, now, policy);
}

/** T-INS-6: when a complaint was received. */
export function complaintTime(receivedAt: Date, now: Date, policy: InspectionTimePolicy): TimeRuleBreach | null {
  return pastMoment('T-INS-6', 'input.receivedAt', '受理时间', receivedAt, now, policy);
}

// ---------- periods (INS-5, EVA) ----------

function notBeyondCurrent(rule: TimeRuleId, field: string, what: string, period: Period, today: string): TimeRuleBreach | null {
  const { start } = periodRange(period);
  return start > today ? breach(rule, field, `${periodLabel(period)}尚未开始：${what}的周期不能晚于本期（今天 ${today}）`) : null;
}

/** T-INS-7: a station's work plan or report (INS-5) is for the current period or an earlier one. */
export function workReportPeriod(period: Period, today: string): TimeRuleBreach | null {
  return notBeyondCurrent('T-INS-7', 'input.period', '工作计划、报告', period, today);
}

/** T-EVA-1: a monthly work report (述职) or an appraisal ballot is for the current period or an earlier one. */
export function evaluationInputPeriod(period: Period, today: string, field = 'input.period'): TimeRuleBreach | null {
  return notBeyondCurrent('T-EVA-1', field, '考评', period, today);
}

/** T-EVA-2: a period is finalized once it is over (its last day before today). */
export function finalizationPeriod(period: Period, today: string): TimeRuleBreach | null {
  const { end } = periodRange(period);
  return end >= today ? breach('T-EVA-2', 'input.period', `${periodLabel(period)}尚未结束（至 ${end}），结束后方可定稿`) : null;
}

// ---------- records of what was done (TRN, ORG, EVA-6, INS-6) ----------

/**
 * How far back an activity, a facility check or a guidance visit may be recorded, in days: the inspection policy's
 * default `lateRecordDays` (a year and a day), so that every record of work done has the same late-record window.
 */
export const RECORD_LATE_DAYS = 366;

function doneDay(rule: TimeRuleId, field: string, what: string, day: string, today: string, lateDays: number | null = RECORD_LATE_DAYS): TimeRuleBreach | null {
  const earliest = lateDays === null ? null : addDays(today, -lateDays);
  return notADate(rule, field, day)
    ?? (day > today ? breach(rule, field, `${what}不能晚于今天（${today}）`) : null)
    ?? (earliest && day < earliest ? breach(rule, field, `${what}不能早于 ${earliest}（补录不超过 ${lateDays} 天）`) : null);
}

/** T-TRN-1: the day of a publicity, education or training activity or a drill. */
export function activityDate(heldOn: string, today: string): TimeRuleBreach | null {
  return doneDay('T-TRN-1', 'input.heldOn', '活动日期', heldOn, today);
}

/** T-ORG-1: the day a station office facility was checked. */
export function facilityCheckDate(checkedOn: string, today: string): TimeRuleBreach | null {
  return doneDay('T-ORG-1', 'input.checkedOn', '检查日期', checkedOn, today);
}

/**
 * T-ORG-2: a village's fire safety manager was appointed, its pledge adopted, today at the latest. No late-record
 * window: a village's standing state (a manager appointed years ago) is recorded when the platform starts.
 */
export function villageStateDate(field: 'input.appointedOn' | 'input.adoptedOn', day: string, today: string): TimeRuleBreach | null {
  return doneDay('T-ORG-2', field, field === 'input.appointedOn' ? '任命日期' : '防火公约通过日期', day, today, null);
}

/** T-ORG-3: the day of a guidance visit to a village. */
export function guidanceVisitDate(visitedOn: string, today: string): TimeRuleBreach | null {
  return doneDay('T-ORG-3', 'input.visitedOn', '指导日期', visitedOn, today);
}

/** T-COM-4: the day of a supervision visit of a member unit (COM-4). */
export function supervisionVisitDate(visitedOn: string, today: string): TimeRuleBreach | null {
  return doneDay('T-COM-4', 'input.visitedOn', '督导检查日期', visitedOn, today);
}

/** T-COM-6: a member unit's evaluation of a year is finalized once the year is over (its last day before today). */
/** T-COM-6: the year a member unit is scored for: this year (Asia/Shanghai) at the latest. */
export function memberUnitScoreYear(year: number, today: string): TimeRuleBreach | null {
  return year > Number(today.slice(0, 4)) ? breach('T-COM-6', 'input.year', `${year}年尚未开始，不能评分（今天 ${today}）`) : null;
}

export function memberUnitEvaluationYear(year: number, today: string): TimeRuleBreach | null {
  const end = `${year}-12-31`;
  return end >= today ? breach('T-COM-6', 'input.year', `${year}年尚未结束（至 ${end}），结束后方可定稿`) : null;
}

/** T-EVA-3: the interview of an accountability case: on or after the Beijing day it was notified, today at the latest. */
export function interviewDate(interviewedOn: string, notifiedAt: Date, today: string): TimeRuleBreach | null {
  const field = 'input.interviewedOn';
  const notified = shanghaiDate(notifiedAt);
  return doneDay('T-EVA-3', field, '约谈日期', interviewedOn, today, null)
    ?? (interviewedOn < notified ? breach('T-EVA-3', field, `约谈日期不能早于问责通知日期 ${notified}`) : null);
}

/**
 * T-INS-10: the dates of a hand-over's outcome (the brigade's legal measures): each measure's day and the decision
 * day on or after the Beijing day the hazard was handed over, today at the latest; the decision on or after the
 * day the brigade accepted the case.
 */
export function handOverOutcomeDates(
  input: { decidedOn: string; measures: readonly { takenOn: string }[] }, handedOverAt: Date, acceptedAt: Date, today: string,
): TimeRuleBreach | null {
  const handedOn = shanghaiDate(handedOverAt);
  const acceptedOn = shanghaiDate(acceptedAt);
  for (const [i, m] of input.measures.entries()) {
    const field = `input.measures.${i}.takenOn`;
    const b = doneDay('T-INS-10', field, '措施日期', m.takenOn, today, null)
      ?? (m.takenOn < handedOn ? breach('T-INS-10', field, `措施日期不能早于移交日期 ${handedOn}`) : null);
    if (b) return b;
  }
  return doneDay('T-INS-10', 'input.decidedOn', '处理决定日期', input.decidedOn, today, null)
    ?? (input.decidedOn < acceptedOn ? breach('T-INS-10', 'input.decidedOn', `处理决定日期不能早于大队接收日期 ${acceptedOn}`) : null);
}

/** T-INS-8: an accountability outcome of a fire investigation: on or after the fire's Beijing day, today at the latest. */
export function outcomeDecisionDate(decidedOn: string, fireOccurredAt: Date, today: string, field: string): TimeRuleBreach | null {
  const fireDay = shanghaiDate(fireOccurredAt);
  return doneDay('T-INS-8', field, '问责决定日期', decidedOn, today, null)
    ?? (decidedOn < fireDay ? breach('T-INS-8', field, `问责决定日期不能早于起火日期 ${fireDay}`) : null);
}

/** T-COM-1: the day a committee met (COM-1): today at the latest, within the late-record window of records of work done. */
export function meetingDate(heldOn: string, today: string, field = 'input.heldOn'): TimeRuleBreach | null {
  return doneDay('T-COM-1', field, '会议日期', heldOn, today);
}

// ---------- versioned policies and catalogues ----------
// A new version takes effect today or later, never retroactively: what was judged under the version in force on
// its day (an eligibility, a score, a major-hazard determination) is never judged again by a later version.

/** T-POL-1: a personnel policy version takes effect today or later, not before the latest version's date. */
export function personnelPolicyDate(effectiveFrom: string, latest: string | null, today: string): TimeRuleBreach | null {
  const field = 'input.effectiveFrom';
  return notADate('T-POL-1', field, effectiveFrom)
    ?? (effectiveFrom < today ? breach('T-POL-1', field, `生效日期不能早于今天（${today}）：新版本不溯及既往`) : null)
    ?? (latest && effectiveFrom < latest ? breach('T-POL-1', field, `不能早于现行版本的生效日期 ${latest}`) : null);
}

/** T-COM-5: a committees' policy version (task deadlines, member-unit evaluation) takes effect today or later, not before the latest. */
export function committeePolicyDate(effectiveFrom: string, latest: string | null, today: string): TimeRuleBreach | null {
  return versionPublishedAhead('T-COM-5', effectiveFrom, latest, today);
}

/**
 * A policy version's date: today or later, not before the latest version's, and at most a year ahead (a version far
 * ahead would hold back every later one, as plans are).
 */
function versionPublishedAhead(rule: TimeRuleId, effectiveFrom: string, latest: string | null, today: string): TimeRuleBreach | null {
  const field = 'input.effectiveFrom';
  return notADate(rule, field, effectiveFrom)
    ?? (effectiveFrom < today ? breach(rule, field, `生效日期不能早于今天（${today}）：新版本不溯及既往`) : null)
    ?? (latest && effectiveFrom < latest ? breach(rule, field, `不能早于现行版本的生效日期 ${latest}`) : null)
    ?? (effectiveFrom > addDays(today, PLAN_AHEAD_DAYS) ? breach(rule, field, `生效日期不能晚于 ${addDays(today, PLAN_AHEAD_DAYS)}（至多提前 ${PLAN_AHEAD_DAYS} 天发布）`) : null);
}

/** T-SEC-1: a security policy version (GB/T 22239-2019 8.1.4.1) takes effect today or later, not before the latest, at most a year ahead. */
export function securityPolicyDate(effectiveFrom: string, latest: string | null, today: string): TimeRuleBreach | null {
  return versionPublishedAhead('T-SEC-1', effectiveFrom, latest, today);
}

/**
 * T-POL-2: an evaluation policy version takes effect on the first day of a month after today, so that every period
 * it applies to starts after it was published (no score already computed can change), not before the latest version.
 */
export function evaluationPolicyDate(effectiveFrom: string, latest: string | null, today: string): TimeRuleBreach | null {
  const field = 'input.effectiveFrom';
  return notADate('T-POL-2', field, effectiveFrom)
    ?? (effectiveFrom <= today ? breach('T-POL-2', field, `只能对以后的周期生效（须晚于今天 ${today}）`) : null)
    ?? (latest && effectiveFrom < latest ? breach('T-POL-2', field, `不能早于最新版本的生效日期 ${latest}`) : null);
}

/**
 * T-POL-3: a new edition of the major hazard catalogue takes effect after the edition in force and today or later
 * (hazards found before keep the edition they were judged by). Republishing an edition keeps its date.
 */
export function catalogueEditionDate(validFrom: string, current: { edition: string; validFrom: string } | null, today: string): TimeRuleBreach | null {
  const field = 'input.validFrom';
  return notADate('T-POL-3', field, validFrom)
    ?? (current && validFrom <= current.validFrom ? breach('T-POL-3', field, `须晚于现行版本 ${current.edition} 的生效日期 ${current.validFrom}`) : null)
    ?? (validFrom < today ? breach('T-POL-3', field, `新版本的生效日期不能早于今天（${today}）：不溯及既往`) : null);
}

// ---------- the working calendar and API keys ----------

/**
 * T-CAL-1: the working calendar (its working days time rectification orders and re-checks, INS-2) is loaded for the
 * current year, the next one (published by the State Council late in the year before) or the previous one (a
 * correction); an older year would change deadlines long past, a later one is not yet published.
 */
export function calendarYear(year: number, today: string): TimeRuleBreach | null {
  const current = Number(today.slice(0, 4));
  return year < current - 1 || year > current + 1
    ? breach('T-CAL-1', 'input.year', `只能载入 ${current - 1} 至 ${current + 1} 年的工作日历（今天 ${today}）`)
    : null;
}

/** The longest life of an API key, in days: a key is renewed at least once a year. */
export const API_KEY_MAX_DAYS = 366;

/** T-KEY-1: an API key expires after now and at most API_KEY_MAX_DAYS days from now. */
export function apiKeyExpiry(expiresAt: Date, now: Date): TimeRuleBreach | null {
  const field = 'input.expiresAt';
  const latest = new Date(now.getTime() + API_KEY_MAX_DAYS * 86_400_000);
  if (Number.isNaN(expiresAt.getTime())) return breach('T-KEY-1', field, '不是有效的时间');
  if (expiresAt.getTime() <= now.getTime()) return breach('T-KEY-1', field, '到期时间须晚于现在');
  return expiresAt.getTime() > latest.getTime() ? breach('T-KEY-1', field, `到期时间不能晚于 ${latest.toISOString()}（密钥有效期至多 ${API_KEY_MAX_DAYS} 天）`) : null;
}

/** The longest unmask grant, in days (GB/T 22239-2019 8.1.4.11 b, least privilege: a right for a piece of work). */
export const UNMASK_GRANT_MAX_DAYS = 90;

/**
 * T-KEY-2: an unmask grant is valid through `until` (a Beijing day, inclusive): today at the earliest (the rest of
 * today), today + UNMASK_GRANT_MAX_DAYS at the latest.
 */
export function unmaskGrantUntil(until: string, today: string): TimeRuleBreach | null {
  const field = 'input.until';
  if (until < today) return breach('T-KEY-2', field, `有效期不能早于今天（${today}）`);
  const latest = addDays(today, UNMASK_GRANT_MAX_DAYS);
  return until > latest ? breach('T-KEY-2', field, `有效期不能晚于 ${latest}（查看个人信息的授权至多 ${UNMASK_GRANT_MAX_DAYS} 天）`) : null;
}

/**
 * T-INT-1: `updatedSince` of a list (a poller's last mark) is not after now, beyond the clock skew tolerated: a mark
 * from a client clock running ahead would make every later poll skip the changes made until that time.
 */
export function updatedSinceTime(since: Date, now: Date, field = 'updatedSince'): TimeRuleBreach | null {
  if (Number.isNaN(since.getTime())) return breach('T-INT-1', field, '不是有效的时间');
  return since.getTime() > now.getTime() + NOW_TOLERANCE_MS
    ? breach('T-INT-1', field, `updatedSince 不能晚于现在（${now.toISOString()}，允许 ${NOW_TOLERANCE_MS / 1000} 秒时钟误差）：请传上次查询时记下的时间`)
    : null;
}

// ---------- courses and exams (TRN-2) ----------

/** How far ahead a course or an exam may be planned, in days. */
export const PLAN_AHEAD_DAYS = 366;

/** T-TRN-2: a course starts at most RECORD_LATE_DAYS back, ends on or after its start and at most PLAN_AHEAD_DAYS ahead. */
export function courseDates(startsOn: string, endsOn: string, today: string): TimeRuleBreach | null {
  const earliest = addDays(today, -RECORD_LATE_DAYS);
  const latest = addDays(today, PLAN_AHEAD_DAYS);
  return notADate('T-TRN-2', 'input.startsOn', startsOn) ?? notADate('T-TRN-2', 'input.endsOn', endsOn)
    ?? (startsOn < earliest ? breach('T-TRN-2', 'input.startsOn', `课程开始日期不能早于 ${earliest}（补录不超过 ${RECORD_LATE_DAYS} 天）`) : null)
    ?? (endsOn < startsOn ? breach('T-TRN-2', 'input.endsOn', `课程结束日期不能早于开始日期 ${startsOn}`) : null)
    ?? (endsOn > latest ? breach('T-TRN-2', 'input.endsOn', `课程结束日期不能晚于 ${latest}（至多提前 ${PLAN_AHEAD_DAYS} 天安排）`) : null);
}

/** T-TRN-2: a session of a course is held inside the course's dates. */
export function sessionDate(heldOn: string, course: { startsOn: string; endsOn: string }): TimeRuleBreach | null {
  return notADate('T-TRN-2', 'input.heldOn', heldOn)
    ?? (heldOn < course.startsOn || heldOn > course.endsOn ? breach('T-TRN-2', 'input.heldOn', `上课日期须在课程期间 ${course.startsOn} 至 ${course.endsOn}`) : null);
}

/** T-TRN-3: an exam is held at most RECORD_LATE_DAYS back and announced at most PLAN_AHEAD_DAYS ahead. */
export function examDay(heldOn: string, today: string): TimeRuleBreach | null {
  const field = 'input.heldOn';
  const earliest = addDays(today, -RECORD_LATE_DAYS);
  const latest = addDays(today, PLAN_AHEAD_DAYS);
  return notADate('T-TRN-3', field, heldOn)
    ?? (heldOn < earliest ? breach('T-TRN-3', field, `考试日期不能早于 ${earliest}（补录不超过 ${RECORD_LATE_DAYS} 天）`) : null)
    ?? (heldOn > latest ? breach('T-TRN-3', field, `考试日期不能晚于 ${latest}（至多提前 ${PLAN_AHEAD_DAYS} 天安排）`) : null);
}

/** T-TRN-3: a result's sitting date is on or after the exam day (a make-up sitting), today at the latest. */
export function sittingDate(satOn: string, examHeldOn: string, today: string, field: string): TimeRuleBreach | null {
  return notADate('T-TRN-3', field, satOn)
    ?? (satOn < examHeldOn ? breach('T-TRN-3', field, `参考日期不能早于考试日期 ${examHeldOn}`) : null)
    ?? (satOn > today ? breach('T-TRN-3', field, `参考日期不能晚于今天（${today}，考试尚未举行）`) : null);
}

/**
 * T-INS-9: a plan of inspections is for work still to do: it ends today or later and not before it starts, and
 * starts at most PLAN_AHEAD_DAYS ahead (a plan for the current month may start before today).
 */
export function inspectionPlanPeriod(periodStart: string, periodEnd: string, today: string): TimeRuleBreach | null {
  const latest = addDays(today, PLAN_AHEAD_DAYS);
  return notADate('T-INS-9', 'input.periodStart', periodStart) ?? notADate('T-INS-9', 'input.periodEnd', periodEnd)
    ?? (periodEnd < periodStart ? breach('T-INS-9', 'input.periodEnd', `计划结束日期不能早于开始日期 ${periodStart}`) : null)
    ?? (periodEnd < today ? breach('T-INS-9', 'input.periodEnd', `计划结束日期不能早于今天（${today}）：已结束的期间无需再作计划`) : null)
    ?? (periodStart > latest ? breach('T-INS-9', 'input.periodStart', `计划开始日期不能晚于 ${latest}（至多提前 ${PLAN_AHEAD_DAYS} 天安排）`) : null);
}

// ---------- committees (COM) ----------

/** What the committees' policy in force says about a task's deadline (versioned: committee_policy). */
export interface TaskDeadlinePolicy {
  version: number;
  /** The latest deadline a task may get, in calendar days after its assignment day. */
  taskMaxDeadlineDays: number;
}

/**
 * T-COM-2: a task's deadline: not before its assignment day (today), at most the committees' policy's
 * `taskMaxDeadlineDays` after it; a sub-task passed on (分解转办) not after its parent's deadline. A deadline given in
 * working days is counted first (on the working calendar, from the assignment day) and judged the same way.
 */
export function taskDeadline(deadline: string, assignedOn: string, policy: TaskDeadlinePolicy, field = 'input.deadline', parentDeadline: string | null = null): TimeRuleBreach | null {
  const latest = addDays(assignedOn, policy.taskMaxDeadlineDays);
  return notADate('T-COM-2', field, deadline)
    ?? (deadline < assignedOn ? breach('T-COM-2', field, `任务期限不能早于交办日期（${assignedOn}）`) : null)
    ?? (deadline > latest ? breach('T-COM-2', field, `任务期限不能晚于 ${latest}（委员会工作政策第 ${policy.version} 版：至多交办后 ${policy.taskMaxDeadlineDays} 天）`) : null)
    ?? (parentDeadline !== null && deadline > parentDeadline ? breach('T-COM-2', field, `分解转办的任务期限不能晚于上级任务的期限 ${parentDeadline}`) : null);
}

// ---------- special rectification campaigns (COM-3) ----------

/** The longest campaign, in years after its start day. */
export const CAMPAIGN_MAX_YEARS = 2;

/** The same day `years` later (29 February: 28 February of a common year, so the span is never longer). */
export function addYears(day: string, years: number): string {
  const shifted = `${String(Number(day.slice(0, 4)) + years).padStart(4, '0')}${day.slice(4)}`;
  return isCalendarDate(shifted) ? shifted : `${shifted.slice(0, 8)}28`;
}

/**
 * T-COM-3: a campaign's period ends on or after it starts, starts at most RECORD_LATE_DAYS back (a campaign already
 * under way is recorded late) and at most PLAN_AHEAD_DAYS ahead, and ends at most CAMPAIGN_MAX_YEARS after it starts.
 */
export function campaignPeriod(periodStart: string, periodEnd: string, today: string): TimeRuleBreach | null {
  const earliest = addDays(today, -RECORD_LATE_DAYS);
  const latest = addDays(today, PLAN_AHEAD_DAYS);
  return notADate('T-COM-3', 'input.periodStart', periodStart) ?? notADate('T-COM-3', 'input.periodEnd', periodEnd)
    ?? (periodEnd < periodStart ? breach('T-COM-3', 'input.periodEnd', `整治结束日期不能早于开始日期 ${periodStart}`) : null)
    ?? (periodStart < earliest ? breach('T-COM-3', 'input.periodStart', `整治开始日期不能早于 ${earliest}（补录不超过 ${RECORD_LATE_DAYS} 天）`) : null)
    ?? (periodStart > latest ? breach('T-COM-3', 'input.periodStart', `整治开始日期不能晚于 ${latest}（至多提前 ${PLAN_AHEAD_DAYS} 天部署）`) : null)
    ?? (periodEnd > addYears(periodStart, CAMPAIGN_MAX_YEARS)
      ? breach('T-COM-3', 'input.periodEnd', `整治结束日期不能晚于 ${addYears(periodStart, CAMPAIGN_MAX_YEARS)}（一次专项整治至多 ${CAMPAIGN_MAX_YEARS} 年）`) : null);
}

/**
 * T-AUD-1: the period of an audit check or export (GB/T 22239-2019 8.1.4.3): `from` not after `to`, neither after now
 * beyond the clock skew tolerated (a period in the future has nothing to check and would read as "intact").
 */
export function auditPeriod(from: Date, to: Date, now: Date, fields: { from: string; to: string } = { from: 'from', to: 'to' }, maxDays?: number): TimeRuleBreach | null {
  if (Number.isNaN(from.getTime())) return breach('T-AUD-1', fields.from, '不是有效的时间');
  if (Number.isNaN(to.getTime())) return breach('T-AUD-1', fields.to, '不是有效的时间');
  if (from.getTime() > now.getTime() + NOW_TOLERANCE_MS) return breach('T-AUD-1', fields.from, `开始时间不能晚于现在（允许 ${NOW_TOLERANCE_MS / 1000} 秒时钟误差）`);
  if (to.getTime() > now.getTime() + NOW_TOLERANCE_MS) return breach('T-AUD-1', fields.to, `结束时间不能晚于现在（允许 ${NOW_TOLERANCE_MS / 1000} 秒时钟误差）`);
  if (from.getTime() > to.getTime()) return breach('T-AUD-1', fields.to, '结束时间不能早于开始时间');
  // a report over the whole retention in one request would read every entry: the caller asks period by period
  if (maxDays !== undefined && to.getTime() - from.getTime() > maxDays * 86_400_000) return breach('T-AUD-1', fields.to, `时段不能超过 ${maxDays} 天`);
  return null;
}
