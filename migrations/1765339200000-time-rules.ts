import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The time rules (docs/time-rules.md):
 * - T-INS-3: the inspection policy holds the longest ordinary rectification deadline (domain default 30 days), and
 *   T-INS-1, T-INS-2, T-INS-5, T-INS-6 the late-record window (366 days, what the code held so far); existing
 *   versions get those values, a later version states its own.
 * - T-PER-3: a post keeps the day its pre-job training started. Posts already past that step get the day they
 *   entered training (Asia/Shanghai), or their exam day when that was earlier (an exam recorded late), so existing
 *   records keep selection <= training <= exam.
 * Reviewed by hand.
 */
export class TimeRules1765339200000 implements MigrationInterface {
  name = 'TimeRules1765339200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "inspection_policy" ADD "max_deadline_days" integer NOT NULL DEFAULT 30`);
    await q.query(`ALTER TABLE "inspection_policy" ADD "late_record_days" integer NOT NULL DEFAULT 366`);
    await q.query(`ALTER TABLE "inspection_policy" ALTER COLUMN "max_deadline_days" DROP DEFAULT`);
    await q.query(`ALTER TABLE "inspection_policy" ALTER COLUMN "late_record_days" DROP DEFAULT`);
    await q.query(`ALTER TABLE "inspection_policy" ADD CONSTRAINT "ck_inspection_policy_time_rules" CHECK (max_deadline_days >= 1 AND late_record_days >= 0)`);
    await q.query(`ALTER TABLE "post" ADD "training_started_on" date`);
    await q.query(`
      UPDATE post p SET training_started_on = LEAST(t.day, coalesce(p.exam_on, t.day))
      FROM (SELECT post_id, max((at AT TIME ZONE 'Asia/Shanghai')::date) AS day FROM post_transition WHERE to_state = 'IN_TRAINING' GROUP BY post_id) t
      WHERE t.post_id = p.id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "post" DROP COLUMN "training_started_on"`);
    await q.query(`ALTER TABLE "inspection_policy" DROP CONSTRAINT "ck_inspection_policy_time_rules"`);
    await q.query(`ALTER TABLE "inspection_policy" DROP COLUMN "late_record_days"`);
    await q.query(`ALTER TABLE "inspection_policy" DROP COLUMN "max_deadline_days"`);
  }
}
