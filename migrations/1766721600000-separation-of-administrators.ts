import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The separation of administrators (三权分立, GB/T 22239-2019 8.1.4.2 c and 8.1.10): the roles SYSTEM_ADMIN,
 * SECURITY_ADMIN and AUDIT_ADMIN; an account's role granted or only requested (`role_granted`, ADM-4: existing
 * accounts were granted theirs); an administrator account carries no organization (ADM-5); time-limited unmask
 * grants (T-KEY-2) replace the role permission PERSONAL_DATA_UNMASK.
 */
export class SeparationOfAdministrators1766721600000 implements MigrationInterface {
  name = 'SeparationOfAdministrators1766721600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "account" DROP CONSTRAINT "ck_account_role"`);
    await q.query(`ALTER TABLE "account" ADD CONSTRAINT "ck_account_role" CHECK (role IN (
      'COMMITTEE_OFFICE', 'CENTER', 'TOWNSHIP_GOVERNMENT', 'STATION', 'BRIGADE', 'DISCIPLINE', 'MEMBER_UNIT', 'SYSTEM_ADMIN',
      'SECURITY_ADMIN', 'AUDIT_ADMIN'))`);
    await q.query(`ALTER TABLE "account" ADD CONSTRAINT "ck_account_admin_organization"
      CHECK (role NOT IN ('SYSTEM_ADMIN', 'SECURITY_ADMIN', 'AUDIT_ADMIN') OR organization_id IS NULL)`);
    await q.query(`ALTER TABLE "account" ADD "role_granted" boolean NOT NULL DEFAULT true`);
    await q.query(`CREATE TABLE "unmask_grant" (
        "id" uuid NOT NULL,
        "account_id" uuid NOT NULL,
        "until" date NOT NULL,
        "reason" text NOT NULL,
        "granted_by" text NOT NULL,
        "granted_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "revoked_at" TIMESTAMP WITH TIME ZONE,
        "revoked_by" text,
        CONSTRAINT "pk_unmask_grant" PRIMARY KEY ("id"),
        CONSTRAINT "fk_unmask_grant_account" FOREIGN KEY ("account_id") REFERENCES "account" ("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "ix_unmask_grant_account" ON "unmask_grant" ("account_id", "until")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "unmask_grant"`);
    await q.query(`ALTER TABLE "account" DROP COLUMN "role_granted"`);
    await q.query(`ALTER TABLE "account" DROP CONSTRAINT "ck_account_admin_organization"`);
    await q.query(`DELETE FROM "account" WHERE role IN ('SYSTEM_ADMIN', 'SECURITY_ADMIN', 'AUDIT_ADMIN')`);
    await q.query(`ALTER TABLE "account" DROP CONSTRAINT "ck_account_role"`);
    await q.query(`ALTER TABLE "account" ADD CONSTRAINT "ck_account_role" CHECK (role IN (
      'COMMITTEE_OFFICE', 'CENTER', 'TOWNSHIP_GOVERNMENT', 'STATION', 'BRIGADE', 'DISCIPLINE', 'MEMBER_UNIT'))`);
  }
}
