import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The versioned security policy (GB/T 22239-2019 8.1.4.1 a), b), d)) with its first version in force since 2000, the
 * failed sign-in counts shared by every instance (per username and address, and per address), and the session
 * revoke reason SUPERSEDED (a newer sign-in beyond the policy's session limit).
 */
export class SecurityPolicy1766808000000 implements MigrationInterface {
  name = 'SecurityPolicy1766808000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "security_policy" (
        "version" integer NOT NULL,
        "effective_from" date NOT NULL,
        "password_max_age_days" integer NOT NULL,
        "password_history" integer NOT NULL,
        "max_sessions" integer NOT NULL,
        "delay_after_failures" integer NOT NULL,
        "delay_base_seconds" integer NOT NULL,
        "delay_max_seconds" integer NOT NULL,
        "lock_after_failures" integer NOT NULL,
        "lock_minutes" integer NOT NULL,
        "account_lock_after_failures" integer NOT NULL,
        "known_address_days" integer NOT NULL,
        "address_delay_after_failures" integer NOT NULL,
        "address_lock_after_failures" integer NOT NULL,
        "second_factor_roles" text array NOT NULL,
        "created_by" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "ck_security_policy_thresholds" CHECK (delay_after_failures < lock_after_failures
          AND address_delay_after_failures < address_lock_after_failures AND lock_after_failures < account_lock_after_failures),
        CONSTRAINT "ck_security_policy_ranges" CHECK (password_max_age_days BETWEEN 30 AND 180 AND password_history BETWEEN 0 AND 24
          AND max_sessions BETWEEN 1 AND 10),
        CONSTRAINT "pk_security_policy" PRIMARY KEY ("version")
      )`);
    await q.query(`INSERT INTO security_policy (version, effective_from, password_max_age_days, password_history, max_sessions,
       delay_after_failures, delay_base_seconds, delay_max_seconds, lock_after_failures, lock_minutes, account_lock_after_failures,
       known_address_days, address_delay_after_failures, address_lock_after_failures, second_factor_roles, created_by)
     VALUES (1, '2000-01-01', 90, 5, 3, 3, 1, 60, 5, 30, 50, 90, 10, 100,
       ARRAY['SYSTEM_ADMIN', 'SECURITY_ADMIN', 'AUDIT_ADMIN', 'CENTER', 'BRIGADE', 'DISCIPLINE', 'COMMITTEE_OFFICE'], 'system:migration')`);
    await q.query(`
      CREATE TABLE "sign_in_failure" (
        "username" text NOT NULL,
        "address" text NOT NULL,
        "failures" integer NOT NULL DEFAULT '0',
        "last_failure_at" TIMESTAMP WITH TIME ZONE,
        "locked_until" TIMESTAMP WITH TIME ZONE,
        "last_success_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "pk_sign_in_failure" PRIMARY KEY ("username", "address")
      )`);
    await q.query(`ALTER TABLE auth_session DROP CONSTRAINT ck_auth_session_revoke_reason`);
    await q.query(`ALTER TABLE auth_session ADD CONSTRAINT ck_auth_session_revoke_reason CHECK (revoke_reason IS NULL OR revoke_reason IN (
      'LOGOUT', 'IDLE', 'PASSWORD_CHANGED', 'ACCOUNT_CHANGED', 'SECOND_FACTOR_RESET', 'LOCKED', 'SUPERSEDED'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE auth_session SET revoke_reason = 'LOGOUT' WHERE revoke_reason = 'SUPERSEDED'`);
    await q.query(`ALTER TABLE auth_session DROP CONSTRAINT ck_auth_session_revoke_reason`);
    await q.query(`ALTER TABLE auth_session ADD CONSTRAINT ck_auth_session_revoke_reason CHECK (revoke_reason IS NULL OR revoke_reason IN (
      'LOGOUT', 'IDLE', 'PASSWORD_CHANGED', 'ACCOUNT_CHANGED', 'SECOND_FACTOR_RESET', 'LOCKED'))`);
    await q.query(`DROP TABLE "sign_in_failure"`);
    await q.query(`DROP TABLE "security_policy"`);
  }
}
