import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Prior service and the views people need:
 * - a post recorded as prior service (on duty before the platform, PER-7 not re-run) says so, with its reason;
 * - `posts` pages every post in reach by (created_at, id);
 * - a hazard keeps how many working days late its rectification order was given (null: in time or not ordered),
 *   filled here for hazards ordered late before (counted on the calendar in the database, Monday to Friday
 *   where no year was loaded);
 * - loading a working calendar records CLOCK_RECOMPUTED on each open hazard whose clock it moved.
 * Drafted from the entities, reviewed by hand.
 */
export class PriorServiceAndViews1765684800000 implements MigrationInterface {
  name = 'PriorServiceAndViews1765684800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE post ADD COLUMN prior_service boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE post ADD COLUMN prior_service_reason text`);
    await q.query(`ALTER TABLE post ADD CONSTRAINT ck_post_prior_service CHECK (prior_service = (prior_service_reason IS NOT NULL))`);
    await q.query(`CREATE INDEX IF NOT EXISTS ix_post_created ON post (created_at, id)`);

    await q.query(`ALTER TABLE hazard ADD COLUMN order_late_working_days integer`);
    await q.query(`ALTER TABLE hazard ADD CONSTRAINT ck_hazard_order_late CHECK (order_late_working_days IS NULL OR order_late_working_days >= 0)`);
    // working days after the due day up to the order day (a holiday off, a make-up workday on, else Monday to Friday)
    await q.query(`
      UPDATE hazard h SET order_late_working_days = (
        SELECT count(*)::int FROM generate_series((h.order_due_by + 1)::timestamp, h.ordered_on::timestamp, interval '1 day') AS g(d)
        LEFT JOIN calendar_day c ON c.day = g.d::date
        WHERE CASE c.kind WHEN 'HOLIDAY' THEN false WHEN 'WORKDAY' THEN true ELSE extract(isodow FROM g.d) < 6 END)
      WHERE h.ordered_on IS NOT NULL AND h.ordered_on > h.order_due_by`);

    await q.query(`ALTER TABLE hazard_event DROP CONSTRAINT ck_hazard_event_action`);
    await q.query(`ALTER TABLE hazard_event ADD CONSTRAINT ck_hazard_event_action CHECK (action IN (
      'REPORTED', 'ORDERED', 'RECTIFICATION_REPORTED', 'RECHECK_PASSED', 'RECHECK_FAILED', 'DEADLINE_EXTENDED', 'MAJOR_SUSPECTED',
      'MAJOR_REPORTED', 'MAJOR_CONFIRMED', 'MAJOR_REJECTED', 'SUPERVISION_CLOSED', 'HANDED_OVER', 'CLOCK_RECOMPUTED'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM hazard_event WHERE action = 'CLOCK_RECOMPUTED'`);
    await q.query(`ALTER TABLE hazard_event DROP CONSTRAINT ck_hazard_event_action`);
    await q.query(`ALTER TABLE hazard_event ADD CONSTRAINT ck_hazard_event_action CHECK (action IN (
      'REPORTED', 'ORDERED', 'RECTIFICATION_REPORTED', 'RECHECK_PASSED', 'RECHECK_FAILED', 'DEADLINE_EXTENDED', 'MAJOR_SUSPECTED',
      'MAJOR_REPORTED', 'MAJOR_CONFIRMED', 'MAJOR_REJECTED', 'SUPERVISION_CLOSED', 'HANDED_OVER'))`);
    await q.query(`ALTER TABLE hazard DROP CONSTRAINT ck_hazard_order_late`);
    await q.query(`ALTER TABLE hazard DROP COLUMN order_late_working_days`);
    await q.query(`DROP INDEX IF EXISTS ix_post_created`);
    await q.query(`ALTER TABLE post DROP CONSTRAINT ck_post_prior_service`);
    await q.query(`ALTER TABLE post DROP COLUMN prior_service_reason`);
    await q.query(`ALTER TABLE post DROP COLUMN prior_service`);
  }
}
