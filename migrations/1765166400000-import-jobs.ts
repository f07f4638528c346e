import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Spreadsheet imports (docs/office.md): one row per import with its progress and outcome (every bad row with its row
 * number, column and reason). Drafted from the entity (`node dist/src/database/cli/pending-sql.js`), reviewed by hand.
 */
export class ImportJobs1765166400000 implements MigrationInterface {
  name = 'ImportJobs1765166400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "import_job" (
      "id" uuid NOT NULL,
      "kind" text NOT NULL,
      "dry_run" boolean NOT NULL,
      "status" text NOT NULL,
      "file_sha256" text NOT NULL,
      "scope_region_id" uuid NOT NULL,
      "scope_path" text NOT NULL,
      "actor_id" uuid,
      "actor_label" text NOT NULL,
      "total_rows" integer NOT NULL,
      "processed_rows" integer NOT NULL DEFAULT '0',
      "created_records" integer NOT NULL DEFAULT '0',
      "updated_records" integer NOT NULL DEFAULT '0',
      "problems" jsonb NOT NULL DEFAULT '[]',
      "failure" text,
      "started_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "finished_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "ck_import_job_status" CHECK (status IN ('RUNNING', 'VALIDATED', 'REJECTED', 'COMPLETED', 'FAILED')),
      CONSTRAINT "ck_import_job_kind" CHECK (kind IN ('VILLAGES', 'PREMISES', 'CANDIDATES')),
      CONSTRAINT "pk_import_job" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_import_job_scope_started" ON "import_job" ("scope_path", "started_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "import_job"`);
  }
}
