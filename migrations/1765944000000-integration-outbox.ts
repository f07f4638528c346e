import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Integration: the transactional outbox (`integration_event`, ordered by the writing transaction's id and the
 * insertion number), webhook subscriptions reading it with a cursor and a lease, their deliveries and each HTTP
 * attempt; and when an accountability case or an extended investigation reached the discipline commission.
 */
export class IntegrationOutbox1765944000000 implements MigrationInterface {
  name = 'IntegrationOutbox1765944000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "integration_event" (
        "seq" BIGSERIAL NOT NULL,
        "id" uuid NOT NULL,
        "txid" bigint NOT NULL,
        "type" text NOT NULL,
        "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "region_id" uuid NOT NULL,
        "region_path" text NOT NULL,
        "county_id" uuid,
        "subject_id" text NOT NULL,
        "payload" jsonb NOT NULL,
        CONSTRAINT "uq_integration_event_id" UNIQUE ("id"),
        CONSTRAINT "pk_integration_event" PRIMARY KEY ("seq")
      )`);
    await q.query(`CREATE INDEX "ix_integration_event_occurred" ON "integration_event"("occurred_at")`);
    await q.query(`CREATE INDEX "ix_integration_event_order" ON "integration_event"("txid", "seq")`);
    await q.query(`
      CREATE TABLE "webhook" (
        "id" uuid NOT NULL,
        "url" text NOT NULL,
        "events" text array NOT NULL,
        "region_id" uuid NOT NULL,
        "region_path" text NOT NULL,
        "description" text NOT NULL,
        "recipient" text NOT NULL,
        "secret_cipher" text NOT NULL,
        "state" text NOT NULL,
        "disabled_reason" text,
        "disabled_at" TIMESTAMP WITH TIME ZONE,
        "cursor_txid" bigint NOT NULL,
        "cursor_seq" bigint NOT NULL,
        "lease_owner" text,
        "lease_until" TIMESTAMP WITH TIME ZONE,
        "created_by" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "deleted_at" TIMESTAMP WITH TIME ZONE,
        "version" integer NOT NULL,
        CONSTRAINT "ck_webhook_recipient" CHECK (recipient IN ('COUNTY_SYSTEM', 'DISCIPLINE_COMMISSION')),
        CONSTRAINT "ck_webhook_state" CHECK (state IN ('ACTIVE', 'DISABLED')),
        CONSTRAINT "pk_webhook" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_webhook_region" ON "webhook"("region_id")`);
    await q.query(`
      CREATE TABLE "webhook_delivery" (
        "id" uuid NOT NULL,
        "webhook_id" uuid NOT NULL,
        "event_seq" bigint NOT NULL,
        "state" text NOT NULL,
        "manual" boolean NOT NULL DEFAULT false,
        "attempt_count" integer NOT NULL DEFAULT '0',
        "first_attempt_at" TIMESTAMP WITH TIME ZONE,
        "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "delivered_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "uq_webhook_delivery_event" UNIQUE ("webhook_id", "event_seq"),
        CONSTRAINT "ck_webhook_delivery_state" CHECK (state IN ('PENDING', 'DELIVERED', 'FAILED')),
        CONSTRAINT "pk_webhook_delivery" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_webhook_delivery_pending" ON "webhook_delivery"("webhook_id", "state", "next_attempt_at")`);
    await q.query(`
      CREATE TABLE "webhook_delivery_attempt" (
        "id" BIGSERIAL NOT NULL,
        "delivery_id" uuid NOT NULL,
        "attempted_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "http_status" integer,
        "duration_ms" integer NOT NULL,
        "error" text,
        "instance" text NOT NULL,
        CONSTRAINT "pk_webhook_delivery_attempt" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_webhook_delivery_attempt_delivery" ON "webhook_delivery_attempt"("delivery_id", "id")`);
    await q.query(`ALTER TABLE "investigation_case" ADD "delivered_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "accountability_case" ADD "delivered_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "integration_event" ADD CONSTRAINT "fk_integration_event_region"
      FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "webhook" ADD CONSTRAINT "fk_webhook_region"
      FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "webhook_delivery" ADD CONSTRAINT "fk_webhook_delivery_webhook"
      FOREIGN KEY ("webhook_id") REFERENCES "webhook"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "webhook_delivery" ADD CONSTRAINT "fk_webhook_delivery_event"
      FOREIGN KEY ("event_seq") REFERENCES "integration_event"("seq") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "webhook_delivery_attempt" ADD CONSTRAINT "fk_webhook_delivery_attempt_delivery"
      FOREIGN KEY ("delivery_id") REFERENCES "webhook_delivery"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "webhook_delivery_attempt"`);
    await q.query(`DROP TABLE "webhook_delivery"`);
    await q.query(`DROP TABLE "webhook"`);
    await q.query(`DROP TABLE "integration_event"`);
    await q.query(`ALTER TABLE "accountability_case" DROP COLUMN "delivered_at"`);
    await q.query(`ALTER TABLE "investigation_case" DROP COLUMN "delivered_at"`);
  }
}
