import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The premises log tells the whole story in the order things happened (INS-1, INS-2): each entry gets its own time
 * (`occurred_at`) and the files its step carried (`attachments`); the log is read by (premises, own time, seq).
 *
 * Backfill: an inspection's entry takes the inspection's day, a hazard's the day it was found (that day's start in
 * Beijing time, or the entry's writing time when written that same day, as new entries do); a complaint's entry its
 * receipt time; a fire's first entry the fire's time; everything else (steps, changes, corrections) its writing
 * time `at`, which was the moment of the step. Complaint entries written with a UTC deadline
 * (`核查时限 2027-03-11T01:30:00.000Z`) are rewritten in Beijing time, the way new ones are written.
 */
export class PremisesLogOrder1766548800000 implements MigrationInterface {
  name = 'PremisesLogOrder1766548800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "premises_event" ADD "occurred_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "premises_event" ADD "attachments" jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`ALTER TABLE "premises_event" ALTER COLUMN "attachments" DROP DEFAULT`);
    await q.query(`UPDATE "premises_event" SET "occurred_at" = "at"`);
    const dayOf = (day: string) =>
      `CASE WHEN (e.at AT TIME ZONE 'Asia/Shanghai')::date = ${day} THEN e.at ELSE ${day}::timestamp AT TIME ZONE 'Asia/Shanghai' END`;
    await q.query(`UPDATE "premises_event" e SET "occurred_at" = ${dayOf('i.inspected_on')}
      FROM "inspection" i WHERE e.kind = 'INSPECTED' AND e.subject_type = 'Inspection' AND i.id = e.subject_id`);
    await q.query(`UPDATE "premises_event" e SET "occurred_at" = ${dayOf('h.found_on')}
      FROM "hazard" h WHERE e.kind = 'HAZARD_REPORTED' AND e.subject_type = 'Hazard' AND h.id = e.subject_id`);
    await q.query(`UPDATE "premises_event" e SET "occurred_at" = c.received_at,
        "summary" = CASE WHEN e.summary LIKE '受理举报投诉，核查时限 %'
          THEN '受理举报投诉（' || c.channel || '），核查时限 ' || to_char(c.check_due_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') || '（北京时间）'
          ELSE e.summary END
      FROM "complaint" c WHERE e.kind = 'COMPLAINT' AND e.subject_type = 'Complaint' AND c.id = e.subject_id`);
    await q.query(`UPDATE "premises_event" e SET "occurred_at" = f.occurred_at
      FROM "fire_incident" f WHERE e.kind = 'FIRE' AND e.subject_type = 'FireIncident' AND f.id = e.subject_id AND e.summary LIKE '发生火灾%'`);
    await q.query(`ALTER TABLE "premises_event" ALTER COLUMN "occurred_at" SET NOT NULL`);
    await q.query(`DROP INDEX "ix_premises_event_premises"`);
    await q.query(`CREATE INDEX "ix_premises_event_log" ON "premises_event" ("premises_id", "occurred_at", "seq")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_premises_event_log"`);
    await q.query(`CREATE INDEX "ix_premises_event_premises" ON "premises_event" ("premises_id", "seq")`);
    await q.query(`ALTER TABLE "premises_event" DROP COLUMN "attachments"`);
    await q.query(`ALTER TABLE "premises_event" DROP COLUMN "occurred_at"`);
  }
}
