import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `updatedSince` on the main lists: inspections and training activities get the `updated_at` the other four
 * (hazard, premises, fire_incident, person) have, backfilled from their record time (the best time each row was
 * last written: neither was ever edited); each of the six lists gets an index on `updated_at`, so a poller asking for
 * the last minutes' changes reads those rows, not the region's whole list.
 */
export class UpdatedSince1766376000000 implements MigrationInterface {
  name = 'UpdatedSince1766376000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['inspection', 'training_activity']) {
      await q.query(`ALTER TABLE "${table}" ADD "updated_at" TIMESTAMP WITH TIME ZONE`);
      await q.query(`UPDATE "${table}" SET "updated_at" = "recorded_at"`);
      await q.query(`ALTER TABLE "${table}" ALTER COLUMN "updated_at" SET DEFAULT now()`);
      await q.query(`ALTER TABLE "${table}" ALTER COLUMN "updated_at" SET NOT NULL`);
    }
    await q.query(`CREATE INDEX "ix_person_updated" ON "person" ("updated_at")`);
    await q.query(`CREATE INDEX "ix_premises_updated" ON "premises" ("updated_at")`);
    await q.query(`CREATE INDEX "ix_fire_incident_updated" ON "fire_incident" ("updated_at")`);
    await q.query(`CREATE INDEX "ix_inspection_updated" ON "inspection" ("updated_at")`);
    await q.query(`CREATE INDEX "ix_hazard_updated" ON "hazard" ("updated_at")`);
    await q.query(`CREATE INDEX "ix_training_activity_updated" ON "training_activity" ("updated_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const name of ['person', 'premises', 'fire_incident', 'inspection', 'hazard', 'training_activity']) await q.query(`DROP INDEX "ix_${name}_updated"`);
    await q.query(`ALTER TABLE "training_activity" DROP COLUMN "updated_at"`);
    await q.query(`ALTER TABLE "inspection" DROP COLUMN "updated_at"`);
  }
}
