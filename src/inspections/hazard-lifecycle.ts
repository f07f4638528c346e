import { rememberLabels } from '../common/labels';
import { HazardStatus } from './inspections.enums';
import { HAZARD_OVERDUE, ORDER_OVERDUE } from './overdue';

/**
 * INS-2, the hazard closed loop: REPORTED > RECTIFYING (order with deadline, responsible party, measures) >
 * PENDING_RECHECK (rectification reported with evidence) > CLOSED (re-check passed); a failed re-check returns
 * it to RECTIFYING. CLOSED is reached only through a passed re-check. Pure; the service adds the guards that
 * need data (who re-checks, deadlines).
 */
export type HazardStep = 'ORDER' | 'REPORT_RECTIFICATION' | 'RECHECK_PASS' | 'RECHECK_FAIL';

/** The steps in the words of the people who take them (messages, common/labels.ts). */
export const HAZARD_STEPS = { ORDER: 'ORDER', REPORT_RECTIFICATION: 'REPORT_RECTIFICATION', RECHECK_PASS: 'RECHECK_PASS', RECHECK_FAIL: 'RECHECK_FAIL' } as const;
rememberLabels(HAZARD_STEPS, { ORDER: '下达整改通知', REPORT_RECTIFICATION: '报告整改完成', RECHECK_PASS: '复查合格', RECHECK_FAIL: '复查不合格' });

const MOVES: Record<HazardStep, { from: readonly HazardStatus[]; to: HazardStatus }> = {
  ORDER: { from: [HazardStatus.REPORTED], to: HazardStatus.RECTIFYING },
  REPORT_RECTIFICATION: { from: [HazardStatus.RECTIFYING], to: HazardStatus.PENDING_RECHECK },
  // a re-check also follows a passed deadline without a report (defaults: "or of the deadline passing")
  RECHECK_PASS: { from: [HazardStatus.PENDING_RECHECK, HazardStatus.RECTIFYING], to: HazardStatus.CLOSED },
  RECHECK_FAIL: { from: [HazardStatus.PENDING_RECHECK, HazardStatus.RECTIFYING], to: HazardStatus.RECTIFYING },
};

export function nextStatus(from: HazardStatus, step: HazardStep): HazardStatus | null {
  const move = MOVES[step];
  return move.from.includes(from) ? move.to : null;
}

/** The steps allowed from a status (shown to clients, used in refusals). */
export function allowedSteps(from: HazardStatus): HazardStep[] {
  return (Object.keys(MOVES) as HazardStep[]).filter((s) => MOVES[s].from.includes(from));
}

/** INS-2 overdue (Asia/Shanghai): the predicate of the one declaration, HAZARD_OVERDUE (overdue.ts; SQL: `HAZARD_OVERDUE.sql`). */
export function isOverdue(status: HazardStatus, deadline: string | null, today: string): boolean {
  return HAZARD_OVERDUE.holds({ status, deadline }, today);
}

/** A rectification order not given in time (REPORTED past its order date): ORDER_OVERDUE (overdue.ts). */
export function isOrderOverdue(status: HazardStatus, orderDueBy: string | null, today: string): boolean {
  return ORDER_OVERDUE.holds({ status, orderDueBy }, today);
}

/** A rectification order given after its order date (the working-day window of the inspection policy, INS-2). */
export function isOrderedLate(orderDueBy: string, orderedOn: string | null): boolean {
  return orderedOn !== null && orderedOn > orderDueBy;
}

/**
 * A complaint checked late (INS-1): checked after its check clock (`checkedAt > checkDueAt`); one not yet checked
 * counts as late once its clock has passed (`now > checkDueAt`: however it ends, it is checked late). The SQL form,
 * `COALESCE(checked_at, now) > check_due_at`, filters `complaints(checkedLate:)`.
 */
export function isCheckedLate(checkDueAt: Date, checkedAt: Date | null, now: Date): boolean {
  return (checkedAt ?? now).getTime() > checkDueAt.getTime();
}
