import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The hazard a complaint's on-site check recorded (INS-1): `Complaint.hazard` and `hazards(complaintId:)` find it by
 * `complaint_id`, through a partial index (most hazards come from inspections and have none).
 */
export class HazardComplaintIndex1766635200000 implements MigrationInterface {
  name = 'HazardComplaintIndex1766635200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "ix_hazard_complaint" ON "hazard" ("complaint_id") WHERE complaint_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_hazard_complaint"`);
  }
}
