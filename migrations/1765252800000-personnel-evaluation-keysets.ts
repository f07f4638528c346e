import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The lists of personnel and evaluation that became Relay connections get an index of their keyset order (the
 * order's columns, then the id), as every connection has: `deviations` (newest first), a person's `posts`, and
 * `evaluationReminders` (by period, then kind). A post's `transitions` use ix_post_transition_post (post_id, at).
 * Drafted from the entities, reviewed by hand.
 */
export class PersonnelEvaluationKeysets1765252800000 implements MigrationInterface {
  name = 'PersonnelEvaluationKeysets1765252800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS "ix_eligibility_deviation_requested" ON "eligibility_deviation" ("requested_at", "id")`); // deviations
    await q.query(`CREATE INDEX IF NOT EXISTS "ix_post_person_created" ON "post" ("person_id", "created_at", "id")`); // Person.posts
    await q.query(`CREATE INDEX IF NOT EXISTS "ix_evaluation_reminder_period" ON "evaluation_reminder"
      ("year", "period_kind", "number", "kind", "id")`); // evaluationReminders
  }

  async down(q: QueryRunner): Promise<void> {
    for (const name of ['ix_evaluation_reminder_period', 'ix_post_person_created', 'ix_eligibility_deviation_requested']) {
      await q.query(`DROP INDEX IF EXISTS "${name}"`);
    }
  }
}
