import { overdueClock } from '../common/overdue-clock';
import { HandOverState, HazardStatus } from './inspections.enums';

/**
 * The overdue rules of the inspections, each declared once (common/overdue-clock.ts): the predicates of the API's
 * fields and the warnings, and the SQL of the lists, counts, exports and jobs, come from these declarations.
 */

/**
 * INS-2, a hazard overdue: ordered (RECTIFYING: not yet reported rectified) and its deadline day over (Asia/Shanghai).
 * A deadline of 2026-11-29 is met all through that day in Beijing; the hazard is overdue from 2026-11-30 00:00 +08:00.
 */
export const HAZARD_OVERDUE = overdueClock({
  rule: 'INS-2',
  legs: [{ name: 'RECTIFICATION', status: 'status', runsIn: [HazardStatus.RECTIFYING], due: 'deadline' }],
});

/** INS-2, a rectification order not given in time: REPORTED past its order day (`orderDueBy`, Asia/Shanghai). */
export const ORDER_OVERDUE = overdueClock({
  rule: 'INS-2',
  legs: [{ name: 'ORDER', status: 'status', runsIn: [HazardStatus.REPORTED], due: 'orderDueBy' }],
});

/**
 * A hand-over to the county brigade overdue (INS-2, Asia/Shanghai): a PENDING case whose accept day is over (ACCEPT),
 * an ACCEPTED one whose outcome day is over (OUTCOME). A case due 2027-03-15 is on time all through that day in
 * Beijing. Returned and concluded cases are never overdue.
 */
export const HAND_OVER_OVERDUE = overdueClock({
  rule: 'INS-2',
  legs: [
    { name: 'ACCEPT', status: 'state', runsIn: [HandOverState.PENDING], due: 'acceptDueBy' },
    { name: 'OUTCOME', status: 'state', runsIn: [HandOverState.ACCEPTED], due: 'outcomeDueBy' },
  ],
});

/**
 * INS-4, a deadline missed (the fire situation's and COM-3 campaigns' `hazardsOverdue`, counted in the period of the
 * deadline once that day has passed): HAZARD_OVERDUE as it stood the day after the deadline, read from the dates that
 * stay — neither reported rectified (`rectifiedOn`) nor closed (`closedAt`, its Beijing day) on or before the deadline.
 */
export const HAZARD_DEADLINE_MISSED = overdueClock({
  rule: 'INS-4',
  instants: ['closedAt'],
  legs: [{ name: 'DEADLINE', due: 'deadline', metBy: { at: ['closedAt', 'rectifiedOn'] } }],
});

/**
 * A hand-over's due day missed (the fire situation's `handOversOverdue`): HAND_OVER_OVERDUE as it stood the day after
 * the due day — neither accepted nor returned by the accept day (ACCEPT), no outcome by the outcome day (OUTCOME).
 */
export const HAND_OVER_DAY_MISSED = overdueClock({
  rule: 'INS-2',
  instants: ['acceptedAt', 'returnedAt', 'concludedAt'],
  legs: [
    { name: 'ACCEPT', due: 'acceptDueBy', metBy: { at: ['acceptedAt', 'returnedAt'] } },
    { name: 'OUTCOME', due: 'outcomeDueBy', metBy: { at: 'concludedAt' } },
  ],
});
