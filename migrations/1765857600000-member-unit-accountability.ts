import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * COM-6: an accountability case can be opened against a member unit (non-implementation), not only a person (EVA-6):
 * its subject kind, the unit, the reason, the investigation and the tasks it cites. A person case keeps its person and
 * both results (the CHECK says which columns each kind fills); existing rows are person cases.
 */
export class MemberUnitAccountability1765857600000 implements MigrationInterface {
  name = 'MemberUnitAccountability1765857600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "accountability_case" ADD "subject_kind" text NOT NULL DEFAULT 'PERSON'`);
    await q.query(`ALTER TABLE "accountability_case" ADD "organization_id" uuid`);
    await q.query(`ALTER TABLE "accountability_case" ADD "reason" text`);
    await q.query(`ALTER TABLE "accountability_case" ADD "investigation_id" uuid`);
    await q.query(`ALTER TABLE "accountability_case" ADD "task_ids" uuid array`);
    await q.query(`ALTER TABLE "accountability_case" ALTER COLUMN "person_id" DROP NOT NULL`);
    await q.query(`ALTER TABLE "accountability_case" ALTER COLUMN "previous_result_id" DROP NOT NULL`);
    await q.query(`ALTER TABLE "accountability_case" ALTER COLUMN "result_id" DROP NOT NULL`);
    await q.query(`CREATE INDEX "ix_accountability_case_organization" ON "accountability_case" ("organization_id")`);
    await q.query(`ALTER TABLE "accountability_case" ADD CONSTRAINT "ck_accountability_case_subject_kind" CHECK (subject_kind IN ('PERSON', 'MEMBER_UNIT'))`);
    await q.query(`ALTER TABLE "accountability_case" ADD CONSTRAINT "ck_accountability_case_subject" CHECK (
      (subject_kind = 'PERSON' AND person_id IS NOT NULL AND previous_result_id IS NOT NULL AND result_id IS NOT NULL
        AND organization_id IS NULL AND task_ids IS NULL)
      OR (subject_kind = 'MEMBER_UNIT' AND organization_id IS NOT NULL AND reason IS NOT NULL AND task_ids IS NOT NULL
        AND person_id IS NULL AND previous_result_id IS NULL AND result_id IS NULL))`);
    await q.query(`ALTER TABLE "accountability_case" ADD CONSTRAINT "fk_accountability_case_organization"
      FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "accountability_case" ADD CONSTRAINT "fk_accountability_case_investigation"
      FOREIGN KEY ("investigation_id") REFERENCES "investigation_case"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "accountability_case" WHERE subject_kind = 'MEMBER_UNIT'`);
    await q.query(`ALTER TABLE "accountability_case" DROP CONSTRAINT "fk_accountability_case_investigation"`);
    await q.query(`ALTER TABLE "accountability_case" DROP CONSTRAINT "fk_accountability_case_organization"`);
    await q.query(`ALTER TABLE "accountability_case" DROP CONSTRAINT "ck_accountability_case_subject"`);
    await q.query(`ALTER TABLE "accountability_case" DROP CONSTRAINT "ck_accountability_case_subject_kind"`);
    await q.query(`DROP INDEX "ix_accountability_case_organization"`);
    await q.query(`ALTER TABLE "accountability_case" ALTER COLUMN "result_id" SET NOT NULL`);
    await q.query(`ALTER TABLE "accountability_case" ALTER COLUMN "previous_result_id" SET NOT NULL`);
    await q.query(`ALTER TABLE "accountability_case" ALTER COLUMN "person_id" SET NOT NULL`);
    await q.query(`ALTER TABLE "accountability_case" DROP COLUMN "task_ids"`);
    await q.query(`ALTER TABLE "accountability_case" DROP COLUMN "investigation_id"`);
    await q.query(`ALTER TABLE "accountability_case" DROP COLUMN "reason"`);
    await q.query(`ALTER TABLE "accountability_case" DROP COLUMN "organization_id"`);
    await q.query(`ALTER TABLE "accountability_case" DROP COLUMN "subject_kind"`);
  }
}
