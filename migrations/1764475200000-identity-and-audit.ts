import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts, sessions, second factors, API keys (GB/T 22239-2019 8.1.4.1, 8.1.4.2) and the append-only audit trail. The
 * audit table refuses UPDATE and TRUNCATE for everyone and DELETE except the retention purge, which may only remove
 * rows older than the retention it declares and never younger than 184 days (网络安全法 art. 21): row triggers do not
 * see TRUNCATE, hence the statement trigger. Where the deployment has its own database roles, also revoke the
 * rights from the application's role (docs/authorization.md).
 */
export class IdentityAndAudit1764475200000 implements MigrationInterface {
  name = 'IdentityAndAudit1764475200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE account (
        id uuid NOT NULL,
        username text NOT NULL,
        display_name text NOT NULL,
        role text NOT NULL,
        region_id uuid NOT NULL,
        organization_id uuid NULL,
        active boolean NOT NULL DEFAULT true,
        password_hash text NOT NULL,
        must_change_password boolean NOT NULL,
        password_changed_at timestamptz NOT NULL,
        failed_attempts integer NOT NULL DEFAULT 0,
        locked_until timestamptz NULL,
        totp_secret_enc text NULL,
        totp_enabled_at timestamptz NULL,
        totp_last_step bigint NULL,
        citizen_id_enc text NULL,
        citizen_id_index text NULL,
        citizen_id_masked text NULL,
        phone_enc text NULL,
        phone_index text NULL,
        phone_masked text NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL,
        CONSTRAINT pk_account PRIMARY KEY (id),
        CONSTRAINT fk_account_region FOREIGN KEY (region_id) REFERENCES region (id) ON DELETE RESTRICT,
        CONSTRAINT fk_account_organization FOREIGN KEY (organization_id) REFERENCES organization (id) ON DELETE RESTRICT,
        CONSTRAINT uq_account_username UNIQUE (username),
        CONSTRAINT uq_account_citizen_id_index UNIQUE (citizen_id_index),
        CONSTRAINT ck_account_role CHECK (role IN ('COMMITTEE_OFFICE', 'CENTER', 'TOWNSHIP_GOVERNMENT', 'STATION',
          'BRIGADE', 'DISCIPLINE', 'MEMBER_UNIT')),
        CONSTRAINT ck_account_username CHECK (username = lower(username))
      )`);
    await q.query(`CREATE INDEX ix_account_region ON account (region_id)`);

    await q.query(`
      CREATE TABLE account_password_history (
        id uuid NOT NULL,
        account_id uuid NOT NULL,
        password_hash text NOT NULL,
        set_at timestamptz NOT NULL,
        CONSTRAINT pk_account_password_history PRIMARY KEY (id),
        CONSTRAINT fk_account_password_history_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX ix_account_password_history_account ON account_password_history (account_id, set_at)`);

    await q.query(`
      CREATE TABLE recovery_code (
        id uuid NOT NULL,
        account_id uuid NOT NULL,
        code_hash text NOT NULL,
        used_at timestamptz NULL,
        created_at timestamptz NOT NULL,
        CONSTRAINT pk_recovery_code PRIMARY KEY (id),
        CONSTRAINT fk_recovery_code_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE,
        CONSTRAINT uq_recovery_code_hash UNIQUE (code_hash)
      )`);
    await q.query(`CREATE INDEX ix_recovery_code_account ON recovery_code (account_id)`);

    await q.query(`
      CREATE TABLE auth_session (
        id uuid NOT NULL,
        account_id uuid NOT NULL,
        token_id uuid NOT NULL,
        created_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        second_factor_at timestamptz NULL,
        revoked_at timestamptz NULL,
        revoke_reason text NULL,
        address text NULL,
        user_agent text NULL,
        CONSTRAINT pk_auth_session PRIMARY KEY (id),
        CONSTRAINT fk_auth_session_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE,
        CONSTRAINT ck_auth_session_revoke_reason CHECK (revoke_reason IS NULL OR revoke_reason IN ('LOGOUT', 'IDLE',
          'PASSWORD_CHANGED', 'ACCOUNT_CHANGED', 'SECOND_FACTOR_RESET', 'LOCKED'))
      )`);
    await q.query(`CREATE INDEX ix_auth_session_account ON auth_session (account_id)`);

    await q.query(`
      CREATE TABLE api_key (
        id uuid NOT NULL,
        name text NOT NULL,
        prefix text NOT NULL,
        secret_hash text NOT NULL,
        permissions text[] NOT NULL,
        region_id uuid NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NULL,
        revoked_at timestamptz NULL,
        last_used_at timestamptz NULL,
        CONSTRAINT pk_api_key PRIMARY KEY (id),
        CONSTRAINT fk_api_key_region FOREIGN KEY (region_id) REFERENCES region (id) ON DELETE RESTRICT,
        CONSTRAINT uq_api_key_name UNIQUE (name),
        CONSTRAINT uq_api_key_prefix UNIQUE (prefix)
      )`);
    await q.query(`CREATE INDEX ix_api_key_region ON api_key (region_id)`);

    await q.query(`
      CREATE TABLE audit_entry (
        id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        actor_kind text NOT NULL,
        actor_id uuid NULL,
        actor_label text NOT NULL,
        address text NULL,
        request_id text NOT NULL,
        operation text NOT NULL,
        target_type text NULL,
        target_id text NULL,
        outcome text NOT NULL,
        error_code text NULL,
        summary jsonb NULL,
        scope_path text NULL,
        CONSTRAINT pk_audit_entry PRIMARY KEY (id),
        CONSTRAINT ck_audit_entry_outcome CHECK (outcome IN ('SUCCESS', 'FAILURE', 'DENIED')),
        CONSTRAINT ck_audit_entry_actor_kind CHECK (actor_kind IN ('ANONYMOUS', 'ACCOUNT', 'API_KEY', 'SYSTEM'))
      )`);
    await q.query(`CREATE INDEX ix_audit_entry_at ON audit_entry (at, id)`);
    await q.query(`CREATE INDEX ix_audit_entry_actor ON audit_entry (actor_id, at)`);
    await q.query(`CREATE INDEX ix_audit_entry_target ON audit_entry (target_type, target_id, at)`);
    await q.query(`CREATE INDEX ix_audit_entry_operation ON audit_entry (operation, at)`);

    // append-only: no UPDATE; DELETE only by the retention purge, of rows older than max(184, declared) days
    await q.query(`
      CREATE FUNCTION audit_entry_guard() RETURNS trigger LANGUAGE plpgsql AS $fn$
      DECLARE
        retention integer;
      BEGIN
        IF TG_OP = 'DELETE' AND TG_LEVEL = 'ROW' THEN
          retention := nullif(current_setting('fcp.audit_retention_days', true), '')::integer;
          IF retention IS NOT NULL AND OLD.at < now() - make_interval(days => greatest(retention, 184)) THEN
            RETURN OLD;
          END IF;
        END IF;
        RAISE EXCEPTION 'audit_entry is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $fn$`);
    await q.query(`
      CREATE TRIGGER audit_entry_no_update_delete BEFORE UPDATE OR DELETE ON audit_entry
      FOR EACH ROW EXECUTE FUNCTION audit_entry_guard()`);
    await q.query(`
      CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
      FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_guard()`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_entry FROM PUBLIC`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_entry`);
    await q.query(`DROP FUNCTION audit_entry_guard()`);
    await q.query(`DROP TABLE api_key`);
    await q.query(`DROP TABLE auth_session`);
    await q.query(`DROP TABLE recovery_code`);
    await q.query(`DROP TABLE account_password_history`);
    await q.query(`DROP TABLE account`);
  }
}
