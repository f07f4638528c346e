import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retries (docs/reliability.md): a mutation sent with an `Idempotency-Key` header records the key in its own
 * transaction and its response once sent (as JSON text, so it comes back with its fields in order); a retry with the
 * key gets the response back instead of writing again. Rows older than 24 hours are purged. Drafted from the entity
 * (`node dist/src/database/cli/pending-sql.js`), reviewed by hand.
 */
export class IdempotencyKeys1764993600000 implements MigrationInterface {
  name = 'IdempotencyKeys1764993600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "idempotency_key" (
      "principal" text NOT NULL,
      "key" text NOT NULL,
      "request_hash" text NOT NULL,
      "response" text,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_idempotency_key" PRIMARY KEY ("principal", "key"))`);
    await q.query(`CREATE INDEX "ix_idempotency_key_created" ON "idempotency_key" ("created_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "idempotency_key"`);
  }
}
