import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Corrections with history: `record_correction` keeps, field by field, what a correction of a person, a fire, a
 * hazard, a village's record or a refiled work plan replaced, with its reason (required), author and time. A fire
 * becomes versioned (a correction is a guarded update: `WHERE id AND version`); every row starts at 1.
 * Drafted from the entities, reviewed by hand.
 */
export class RecordCorrections1765425600000 implements MigrationInterface {
  name = 'RecordCorrections1765425600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "record_correction" (
        "id" uuid NOT NULL,
        "seq" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        "record_type" text NOT NULL,
        "record_id" uuid NOT NULL,
        "field" text NOT NULL,
        "old_value" jsonb,
        "new_value" jsonb,
        "reason" text NOT NULL,
        "corrected_by" text NOT NULL,
        "corrected_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "ck_record_correction_record_type" CHECK (record_type IN ('Person', 'FireIncident', 'Hazard', 'VillageGuidance', 'WorkReport')),
        CONSTRAINT "pk_record_correction" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_record_correction_record" ON "record_correction" ("record_type", "record_id", "seq") `);
    await q.query(`ALTER TABLE "fire_incident" ADD "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`);
    // default 1: rows recorded before, and rows written by SQL (bench data), start at the first version
    await q.query(`ALTER TABLE "fire_incident" ADD "version" integer NOT NULL DEFAULT 1`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "fire_incident" DROP COLUMN "version"`);
    await q.query(`ALTER TABLE "fire_incident" DROP COLUMN "updated_at"`);
    await q.query(`DROP INDEX "ix_record_correction_record"`);
    await q.query(`DROP TABLE "record_correction"`);
  }
}
