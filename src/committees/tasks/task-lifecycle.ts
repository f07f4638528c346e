import { shanghaiDate } from '../../common/clock';
import { overdueClock } from '../../common/overdue-clock';
import { daysBetween } from '../../common/working-days';
import { TaskAction, TaskStatus } from '../committees.enums';

/**
 * COM-2, a task's loop: ASSIGNED (交办) > ACKNOWLEDGED (签收) > IN_PROGRESS (进展) > COMPLETION_REPORTED (报结)
 * > ACCEPTED (验收办结); the assigning office may return a reported completion, which reopens the task
 * (IN_PROGRESS). ACCEPTED is final. A township passes a county task on (分解转办) without changing its status.
 * Pure: the service adds the guards that need data (who acts, evidence, versions).
 */
export type TaskStep = Exclude<TaskAction, TaskAction.ASSIGNED | TaskAction.CORRECTED>;

const MOVES: Record<TaskStep, { from: readonly TaskStatus[]; to: TaskStatus | 'SAME' }> = {
  ACKNOWLEDGED: { from: [TaskStatus.ASSIGNED], to: TaskStatus.ACKNOWLEDGED },
  PROGRESS_REPORTED: { from: [TaskStatus.ACKNOWLEDGED, TaskStatus.IN_PROGRESS], to: TaskStatus.IN_PROGRESS },
  COMPLETION_REPORTED: { from: [TaskStatus.ACKNOWLEDGED, TaskStatus.IN_PROGRESS], to: TaskStatus.COMPLETION_REPORTED },
  ACCEPTED: { from: [TaskStatus.COMPLETION_REPORTED], to: TaskStatus.ACCEPTED },
  RETURNED: { from: [TaskStatus.COMPLETION_REPORTED], to: TaskStatus.IN_PROGRESS },
  // passing on keeps the county task's own status: the township still answers for it
  PASSED_ON: { from: [TaskStatus.ASSIGNED, TaskStatus.ACKNOWLEDGED, TaskStatus.IN_PROGRESS], to: 'SAME' },
};

export const TASK_STEPS = Object.keys(MOVES) as TaskStep[];

/** The status after a step, or null when the step is not allowed from `from`. */
export function taskMove(from: TaskStatus, step: TaskStep): TaskStatus | null {
  const move = MOVES[step];
  if (!move.from.includes(from)) return null;
  return move.to === 'SAME' ? from : move.to;
}

/** The steps allowed from a status (used in refusals). */
export function taskStepsFrom(from: TaskStatus): TaskStep[] {
  return TASK_STEPS.filter((s) => MOVES[s].from.includes(from));
}

/** The assignee's steps (TASK_REPORT); the others are the assigning side's (TASK_ASSIGN). */
export const ASSIGNEE_STEPS: readonly TaskStep[] = [TaskAction.ACKNOWLEDGED, TaskAction.PROGRESS_REPORTED, TaskAction.COMPLETION_REPORTED, TaskAction.PASSED_ON];

/**
 * COM-2 overdue (Asia/Shanghai), declared once (common/overdue-clock.ts): not accepted and its deadline day is over,
 * unless its completion was reported by the deadline and waits for the assigning office (the delay is then the
 * office's, not the assignee's). A deadline of 2027-03-20 is met all through that day in Beijing; the task is overdue
 * from 2027-03-21 00:00 +08:00. `isTaskOverdue`, `taskOverdueSql` and `taskOverdueAtSql` are this declaration's.
 */
export const TASK_OVERDUE = overdueClock({
  rule: 'COM-2',
  instants: ['completionReportedAt'],
  legs: [{
    name: 'TASK', status: 'status', stopsIn: [TaskStatus.ACCEPTED], due: 'deadline',
    metBy: { status: [TaskStatus.COMPLETION_REPORTED], at: 'completionReportedAt' },
  }],
});

export function isTaskOverdue(task: { status: TaskStatus; deadline: string; completionReportedAt?: Date | null }, today: string): boolean {
  return TASK_OVERDUE.holds(task, today);
}

/** `isTaskOverdue` in SQL, over the task table's alias and a date parameter (`:today`, `$2::date`). */
export function taskOverdueSql(alias: string, today: string): string {
  return TASK_OVERDUE.sql(alias, today);
}

/**
 * COM-2 overdue as it stood at the start of `day` (Asia/Shanghai; `moment` is that instant): the task assigned before
 * the day, its status the one its last status step before the moment left (the loop of MOVES: RETURNED reopens to
 * IN_PROGRESS; PASSED_ON and CORRECTED keep it), its completion reported as of then; the deadline is the task's own
 * (a correction after the moment is not undone). A task without steps (loaded in bulk) is read as assigned. The rule
 * is TASK_OVERDUE's, over the status and the completion report rebuilt from the steps.
 */
export function taskOverdueAtSql(alias: string, day: string, moment: string): string {
  const last = `(SELECT CASE e.action WHEN 'PROGRESS_REPORTED' THEN 'IN_PROGRESS' WHEN 'RETURNED' THEN 'IN_PROGRESS' ELSE e.action END
      FROM committee_task_event e WHERE e.task_id = ${alias}.id AND e.at < ${moment}
        AND e.action IN ('ASSIGNED', 'ACKNOWLEDGED', 'PROGRESS_REPORTED', 'COMPLETION_REPORTED', 'ACCEPTED', 'RETURNED')
      ORDER BY e.seq DESC LIMIT 1)`;
  const reported = `(SELECT max(e.at) FROM committee_task_event e WHERE e.task_id = ${alias}.id AND e.at < ${moment} AND e.action = 'COMPLETION_REPORTED')`;
  return `(${alias}.assigned_on < ${day} AND ${TASK_OVERDUE.sql({ alias, fields: { status: `coalesce(${last}, 'ASSIGNED')`, completionReportedAt: reported } }, day)})`;
}

/** Whole days past the deadline of an overdue task; 0 when it is not overdue. */
export function daysOverdue(task: { status: TaskStatus; deadline: string; completionReportedAt?: Date | null }, today: string): number {
  return isTaskOverdue(task, today) ? daysBetween(task.deadline, today) : 0;
}

/** COM-2: completed on time when the accepted completion was reported on or before the deadline day (Asia/Shanghai). */
export function completedOnTime(completionReportedAt: Date, deadline: string): boolean {
  return shanghaiDate(completionReportedAt) <= deadline;
}
