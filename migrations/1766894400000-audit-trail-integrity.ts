import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An audit trail a reader can trust (GB/T 22239-2019 8.1.4.3 安全审计, 8.1.4.7 数据完整性):
 * - `client_request_id`: a client's `X-Request-Id`, kept apart from the server's own `request_id`;
 * - `chain_seq`, `prev_mac`, `mac`: each entry chained to the one before by an HMAC keyed with AUDIT_CHAIN_KEY, the
 *   chain's head one locked row (`audit_chain_head`), so appends from several instances are serialized;
 * - `audit_refusal_window`: refusals counted per actor (or address) and minute, shared by every instance;
 * - existing failed sign-ins: the typed username is masked here in SQL (first and last character) and the raw text
 *   dropped; the keyed hash needs the application's key, which SQL does not have, so old entries carry none.
 * Entries written before this migration have no MAC: the chain starts with the first entry written after it.
 */
export class AuditTrailIntegrity1766894400000 implements MigrationInterface {
  name = 'AuditTrailIntegrity1766894400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_entry ADD COLUMN client_request_id text NULL`);
    await q.query(`ALTER TABLE audit_entry ADD COLUMN chain_seq bigint NULL`);
    await q.query(`ALTER TABLE audit_entry ADD COLUMN prev_mac text NULL`);
    await q.query(`ALTER TABLE audit_entry ADD COLUMN mac text NULL`);
    await q.query(`CREATE UNIQUE INDEX uq_audit_entry_chain_seq ON audit_entry (chain_seq)`);
    await q.query(`CREATE INDEX ix_audit_entry_scope ON audit_entry (scope_path, id)`);
    await q.query(`
      CREATE TABLE audit_chain_head (
        id smallint NOT NULL,
        seq bigint NOT NULL DEFAULT 0,
        mac text NOT NULL DEFAULT '',
        purged_through bigint NOT NULL DEFAULT 0,
        CONSTRAINT pk_audit_chain_head PRIMARY KEY (id),
        CONSTRAINT ck_audit_chain_head_one CHECK (id = 1)
      )`);
    await q.query(`INSERT INTO audit_chain_head (id) VALUES (1)`);
    await q.query(`
      CREATE TABLE audit_refusal_window (
        subject text NOT NULL,
        window_start timestamptz NOT NULL,
        refused integer NOT NULL,
        actor jsonb NOT NULL,
        CONSTRAINT pk_audit_refusal_window PRIMARY KEY (subject, window_start)
      )`);
    // the one rewrite of history this trail ever allows, done by the schema owner: the typed username of failed
    // sign-ins (where passwords typed into the wrong field land) becomes its masked form
    await q.query(`ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_update_delete`);
    await q.query(`
      UPDATE audit_entry
         SET summary = jsonb_set(summary, '{after}', ((summary->'after') - 'username') || jsonb_build_object('usernameMasked',
               CASE WHEN char_length(summary->'after'->>'username') <= 1 THEN '*'
                    WHEN char_length(summary->'after'->>'username') = 2 THEN left(summary->'after'->>'username', 1) || '*'
                    ELSE left(summary->'after'->>'username', 1) || '***' || right(summary->'after'->>'username', 1) END))
       WHERE operation = 'login' AND outcome <> 'SUCCESS' AND (summary->'after') ? 'username'`);
    await q.query(`ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_no_update_delete`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_refusal_window`);
    await q.query(`DROP TABLE audit_chain_head`);
    await q.query(`DROP INDEX ix_audit_entry_scope`);
    await q.query(`DROP INDEX uq_audit_entry_chain_seq`);
    await q.query(`ALTER TABLE audit_entry DROP COLUMN mac`);
    await q.query(`ALTER TABLE audit_entry DROP COLUMN prev_mac`);
    await q.query(`ALTER TABLE audit_entry DROP COLUMN chain_seq`);
    await q.query(`ALTER TABLE audit_entry DROP COLUMN client_request_id`);
  }
}
