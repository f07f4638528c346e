import { TaskAction, TaskStatus } from '../committees.enums';
import { completedOnTime, daysOverdue, isTaskOverdue, taskMove, taskStepsFrom } from './task-lifecycle';

describe('task lifecycle (COM-2)', () => {
  it('COM-2: assigned > acknowledged > in progress > completion reported > returned (reopened) > reported again > accepted', () => {
    let s: TaskStatus = TaskStatus.ASSIGNED;
    const path: TaskStatus[] = [];
    for (const a of [TaskAction.ACKNOWLEDGED, TaskAction.PROGRESS_REPORTED, TaskAction.COMPLETION_REPORTED, TaskAction.RETURNED, TaskAction.COMPLETION_REPORTED, TaskAction.ACCEPTED] as const) {
      s = taskMove(s, a)!;
      path.push(s);
    }
    expect(path).toEqual([TaskStatus.ACKNOWLEDGED, TaskStatus.IN_PROGRESS, TaskStatus.COMPLETION_REPORTED, TaskStatus.IN_PROGRESS, TaskStatus.COMPLETION_REPORTED, TaskStatus.ACCEPTED]);
  });

  it('COM-2: every step from every state: accepted is final, only a reported completion is accepted or returned, passing on keeps the status', () => {
    const table = Object.fromEntries(Object.values(TaskStatus).map((s) => [s, taskStepsFrom(s)]));
    expect(table).toEqual({
      ASSIGNED: [TaskAction.ACKNOWLEDGED, TaskAction.PASSED_ON],
      ACKNOWLEDGED: [TaskAction.PROGRESS_REPORTED, TaskAction.COMPLETION_REPORTED, TaskAction.PASSED_ON],
      IN_PROGRESS: [TaskAction.PROGRESS_REPORTED, TaskAction.COMPLETION_REPORTED, TaskAction.PASSED_ON],
      COMPLETION_REPORTED: [TaskAction.ACCEPTED, TaskAction.RETURNED],
      ACCEPTED: [],
    });
    for (const s of Object.values(TaskStatus)) {
      for (const a of Object.values(TaskAction)) {
        if (a === TaskAction.ASSIGNED || a === TaskAction.CORRECTED) continue;
        expect(taskMove(s, a) !== null).toBe(table[s].includes(a));
      }
      if (table[s].includes(TaskAction.PASSED_ON)) expect(taskMove(s, TaskAction.PASSED_ON)).toBe(s);
    }
  });

  it('COM-2: overdue from the day after the deadline (Asia/Shanghai) while not accepted, whatever else its status', () => {
    for (const status of Object.values(TaskStatus)) {
      const open = status !== TaskStatus.ACCEPTED;
      expect(isTaskOverdue({ status, deadline: '2027-03-20' }, '2027-03-20')).toBe(false);
      expect(isTaskOverdue({ status, deadline: '2027-03-20' }, '2027-03-21')).toBe(open);
      expect(daysOverdue({ status, deadline: '2027-03-20' }, '2027-03-20')).toBe(0);
      expect(daysOverdue({ status, deadline: '2027-03-20' }, '2027-03-25')).toBe(open ? 5 : 0);
    }
    expect(daysOverdue({ status: TaskStatus.IN_PROGRESS, deadline: '2027-02-27' }, '2027-03-01')).toBe(2);
  });

  it('COM-2: a completion reported by the deadline and waiting for the assigning office is not overdue; a late one is', () => {
    const waiting = (at: string) => ({ status: TaskStatus.COMPLETION_REPORTED, deadline: '2027-03-20', completionReportedAt: new Date(at) });
    expect(isTaskOverdue(waiting('2027-03-20T23:59:59+08:00'), '2027-03-25')).toBe(false);
    // 2027-03-20T16:30Z is 03-21 00:30 in Beijing: reported a day late
    expect(isTaskOverdue(waiting('2027-03-20T16:30:00Z'), '2027-03-25')).toBe(true);
    expect(daysOverdue(waiting('2027-03-21T09:00:00+08:00'), '2027-03-25')).toBe(5);
  });

  it('COM-2: completed on time when the completion was reported on or before the deadline day in Beijing', () => {
    expect(completedOnTime(new Date('2027-03-20T23:59:59+08:00'), '2027-03-20')).toBe(true);
    // 2027-03-20T16:30Z is already 03-21 00:30 in Beijing
    expect(completedOnTime(new Date('2027-03-20T16:30:00Z'), '2027-03-20')).toBe(false);
    expect(completedOnTime(new Date('2027-03-21T00:00:00+08:00'), '2027-03-20')).toBe(false);
    expect(completedOnTime(new Date('2027-03-01T09:00:00+08:00'), '2027-03-20')).toBe(true);
  });
});
