import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Appraisal anonymity and no citizen-id oracle.
 * - EVA-1, EVA-2: the evaluation policy names the fewest valid ballots a round needs to be finalized
 *   (`appraisal_min_ballots`, default 3, never under 3: with fewer, a subject's mean tells a rater what the others
 *   gave). Versions already published get the default.
 * - A citizen id is unique per registering region (township or county) instead of deployment-wide: a person already
 *   registered outside the caller's jurisdiction is registered again, silently, in the caller's region, so that the
 *   answer to createPerson / importCandidates tells nothing about other regions (docs/api.md, "重复身份证号").
 */
export class AppraisalAnonymityAndIdOracle1765598400000 implements MigrationInterface {
  name = 'AppraisalAnonymityAndIdOracle1765598400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "evaluation_policy" ADD "appraisal_min_ballots" integer NOT NULL DEFAULT 3`);
    await q.query(`ALTER TABLE "evaluation_policy" ADD CONSTRAINT "ck_evaluation_policy_min_ballots" CHECK (appraisal_min_ballots >= 3)`);
    await q.query(`ALTER TABLE "person" DROP CONSTRAINT "uq_person_citizen_id_index"`);
    await q.query(`ALTER TABLE "person" ADD CONSTRAINT "uq_person_citizen_id_region" UNIQUE ("citizen_id_index", "region_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    // refuses (unique violation) once an id is registered in two regions: those records are merged by hand first
    await q.query(`ALTER TABLE "person" DROP CONSTRAINT "uq_person_citizen_id_region"`);
    await q.query(`ALTER TABLE "person" ADD CONSTRAINT "uq_person_citizen_id_index" UNIQUE ("citizen_id_index")`);
    await q.query(`ALTER TABLE "evaluation_policy" DROP CONSTRAINT "ck_evaluation_policy_min_ballots"`);
    await q.query(`ALTER TABLE "evaluation_policy" DROP COLUMN "appraisal_min_ballots"`);
  }
}
