import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { taskOverdueSql } from '../committees/tasks/task-lifecycle';
import { TransactionRunner } from '../database/transaction';
import { EventOutbox } from '../integration/event-outbox';
import { dayEnd, globalRef } from '../integration/event-payloads';
import { addDays } from '../common/working-days';
import { HAZARD_OVERDUE } from './overdue';

export interface Announced {
  hazards: number;
  tasks: number;
}

/**
 * hazard.overdue and task.overdue: written once a deadline day has ended (Asia/Shanghai), once per record and
 * deadline. Each row remembers the deadline it was announced for (`overdue_announced_deadline`), set in the same
 * statement that picks it: an extended deadline that passes again is announced again, a hazard closed or reported
 * rectified in time never is, and two runners at once announce each deadline once (the second finds the row set).
 * Run by the midnight job, at start and by every warning evaluation, so a missed midnight only delays it.
 */
@Injectable()
export class OverdueAnnouncer {
  constructor(
    private readonly clock: Clock,
    private readonly tx: TransactionRunner,
    private readonly outbox: EventOutbox,
  ) {}

  run(): Promise<Announced> {
    return this.tx.run((m) => this.announce(m));
  }

  async announce(m: EntityManager): Promise<Announced> {
    const today = this.clock.today();
    // INS-2: overdue = ordered (RECTIFYING: not reported rectified), its deadline day over (HAZARD_OVERDUE)
    const hazards: { id: string; region_id: string; premises_id: string | null; deadline: string; major_status: string }[] = await m.query(
      `WITH due AS (
         UPDATE hazard SET overdue_announced_deadline = deadline
          WHERE ${HAZARD_OVERDUE.sql('', '$1::date')} AND overdue_announced_deadline IS DISTINCT FROM deadline
          RETURNING id, region_id, premises_id, to_char(deadline, 'YYYY-MM-DD') AS deadline, major_status)
       SELECT * FROM due ORDER BY deadline, id`,
      [today],
    );
    for (const h of hazards) {
      await this.outbox.emit(m, {
        type: 'hazard.overdue', regionId: h.region_id, subjectId: h.id, occurredAt: dayEnd(h.deadline),
        payload: { premisesId: globalRef('Premises', h.premises_id), deadline: h.deadline, overdueFrom: addDays(h.deadline, 1), majorStatus: h.major_status },
      });
    }
    // COM-2: TASK_OVERDUE, the rule of isTaskOverdue, in its SQL form
    const tasks: { id: string; region_id: string; committee_id: string; assignee_id: string; status: string; deadline: string }[] = await m.query(
      `WITH due AS (
         UPDATE committee_task t SET overdue_announced_deadline = t.deadline
          WHERE ${taskOverdueSql('t', '$1::date')} AND t.overdue_announced_deadline IS DISTINCT FROM t.deadline
          RETURNING t.id, t.region_id, t.committee_id, t.assignee_id, t.status, to_char(t.deadline, 'YYYY-MM-DD') AS deadline)
       SELECT * FROM due ORDER BY deadline, id`,
      [today],
    );
    for (const t of tasks) {
      await this.outbox.emit(m, {
        type: 'task.overdue', regionId: t.region_id, subjectId: t.id, occurredAt: dayEnd(t.deadline),
        payload: {
          committeeId: globalRef('Organization', t.committee_id)!, assigneeId: globalRef('Organization', t.assignee_id)!, status: t.status,
          deadline: t.deadline, overdueFrom: addDays(t.deadline, 1),
        },
      });
    }
    return { hazards: hazards.length, tasks: tasks.length };
  }
}
