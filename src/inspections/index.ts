/**
 * What other domains read of the inspections without their module: the overdue rules (INS-2), declared once in
 * overdue.ts, as predicates and as SQL.
 */
export { HAND_OVER_DAY_MISSED, HAND_OVER_OVERDUE, HAZARD_DEADLINE_MISSED, HAZARD_OVERDUE, ORDER_OVERDUE } from './overdue';
export { isOrderOverdue, isOverdue } from './hazard-lifecycle';
