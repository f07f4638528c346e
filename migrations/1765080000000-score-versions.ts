import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lost updates (GB/T 22239-2019 8.1.4.7): a work report's score of one side (EVA-5) carries a version, so a second
 * scorer of the same side who did not see the first score is told (`expectedScoreVersion`) instead of replacing it
 * silently. Existing scores start at version 1. Drafted from the entity (`pending-sql.js`), reviewed by hand.
 */
export class ScoreVersions1765080000000 implements MigrationInterface {
  name = 'ScoreVersions1765080000000';

  async up(q: QueryRunner): Promise<void> {
    // the default stays: a score inserted without a version (older code paths, SQL fixtures) starts at 1
    await q.query(`ALTER TABLE "duty_report_score" ADD "version" integer NOT NULL DEFAULT 1`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "duty_report_score" DROP COLUMN "version"`);
  }
}
