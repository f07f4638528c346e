import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Integration events: the deadline a hazard's and a committee task's overdue event was written for, so the
 * scheduled announcement writes hazard.overdue and task.overdue once per record and deadline (an extended deadline
 * that passes again is announced again). No backfill: hazards and tasks overdue now are announced at the first run.
 */
export class OverdueAnnouncements1766116800000 implements MigrationInterface {
  name = 'OverdueAnnouncements1766116800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "hazard" ADD "overdue_announced_deadline" date`);
    await q.query(`ALTER TABLE "committee_task" ADD "overdue_announced_deadline" date`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "committee_task" DROP COLUMN "overdue_announced_deadline"`);
    await q.query(`ALTER TABLE "hazard" DROP COLUMN "overdue_announced_deadline"`);
  }
}
