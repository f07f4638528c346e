import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-overs to the county brigade as cases with two sides (domain defaults: stations have no enforcement power; a
 * case needing legal measures is handed over and tracked): `hand_over` (one open case per hazard), how a hazard was
 * closed (`closed_through`: a passed re-check, or the brigade's outcome), the two clocks in the inspection policy
 * (accept within 3 working days, outcome within 60: the policy was silent, every existing version gets the
 * defaults), and the two warning rules. A hazard handed over before this migration becomes an open PENDING case
 * (its clock counted from the day it was handed over, on plain weekdays: the brigade sees it in its inbox).
 */
export class HandOverCases1766462400000 implements MigrationInterface {
  name = 'HandOverCases1766462400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "inspection_policy" ADD "hand_over_accept_working_days" integer NOT NULL DEFAULT 3`);
    await q.query(`ALTER TABLE "inspection_policy" ADD "hand_over_outcome_working_days" integer NOT NULL DEFAULT 60`);
    await q.query(`ALTER TABLE "inspection_policy" ALTER COLUMN "hand_over_accept_working_days" DROP DEFAULT`);
    await q.query(`ALTER TABLE "inspection_policy" ALTER COLUMN "hand_over_outcome_working_days" DROP DEFAULT`);
    await q.query(`ALTER TABLE "inspection_policy" ADD CONSTRAINT "ck_inspection_policy_hand_over"
      CHECK (hand_over_accept_working_days >= 1 AND hand_over_outcome_working_days >= 1)`);

    await q.query(`ALTER TABLE "hazard" ADD "closed_through" text`);
    await q.query(`UPDATE "hazard" SET "closed_through" = 'RECHECK' WHERE status = 'CLOSED'`);
    await q.query(`ALTER TABLE "hazard" DROP CONSTRAINT "ck_hazard_ordered"`);
    await q.query(`ALTER TABLE "hazard" ADD CONSTRAINT "ck_hazard_ordered"
      CHECK (status = 'REPORTED' OR closed_through = 'HAND_OVER_OUTCOME'
        OR (deadline IS NOT NULL AND responsible_party IS NOT NULL AND measures IS NOT NULL))`);
    await q.query(`ALTER TABLE "hazard" ADD CONSTRAINT "ck_hazard_closed_through"
      CHECK (closed_through IS NULL OR (status = 'CLOSED' AND closed_through IN ('RECHECK', 'HAND_OVER_OUTCOME')))`);

    await q.query(`
      CREATE TABLE "hand_over" (
        "id" uuid NOT NULL,
        "hazard_id" uuid NOT NULL,
        "region_id" uuid NOT NULL,
        "state" text NOT NULL,
        "handed_over_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "handed_over_by_id" uuid,
        "handed_over_by" text NOT NULL,
        "reason" text NOT NULL,
        "accept_due_by" date NOT NULL,
        "policy_version" integer NOT NULL,
        "accepted_at" TIMESTAMP WITH TIME ZONE,
        "accepted_by" text,
        "case_filed" boolean,
        "accept_note" text,
        "outcome_due_by" date,
        "returned_at" TIMESTAMP WITH TIME ZONE,
        "returned_by" text,
        "return_reason" text,
        "concluded_at" TIMESTAMP WITH TIME ZONE,
        "concluded_by" text,
        "measures" jsonb NOT NULL DEFAULT '[]',
        "document_number" text,
        "decided_on" date,
        "hazard_eliminated" boolean,
        "outcome_note" text,
        "attachments" jsonb NOT NULL DEFAULT '[]',
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "version" integer NOT NULL,
        CONSTRAINT "pk_hand_over" PRIMARY KEY ("id"),
        CONSTRAINT "ck_hand_over_state" CHECK (state IN ('PENDING', 'ACCEPTED', 'RETURNED', 'CONCLUDED')),
        CONSTRAINT "ck_hand_over_accepted" CHECK ((state IN ('ACCEPTED', 'CONCLUDED'))
          = (accepted_at IS NOT NULL AND case_filed IS NOT NULL AND outcome_due_by IS NOT NULL)),
        CONSTRAINT "ck_hand_over_returned" CHECK ((state = 'RETURNED') = (returned_at IS NOT NULL AND return_reason IS NOT NULL)),
        CONSTRAINT "ck_hand_over_concluded" CHECK ((state = 'CONCLUDED')
          = (concluded_at IS NOT NULL AND hazard_eliminated IS NOT NULL AND document_number IS NOT NULL AND decided_on IS NOT NULL)),
        CONSTRAINT "ck_hand_over_measures" CHECK (jsonb_typeof(measures) = 'array'),
        CONSTRAINT "fk_hand_over_hazard" FOREIGN KEY ("hazard_id") REFERENCES "hazard"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT "fk_hand_over_region" FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await q.query(`CREATE UNIQUE INDEX "uq_hand_over_open_hazard" ON "hand_over" ("hazard_id") WHERE state IN ('PENDING', 'ACCEPTED')`);
    await q.query(`CREATE INDEX "ix_hand_over_hazard" ON "hand_over" ("hazard_id", "handed_over_at")`);
    await q.query(`CREATE INDEX "ix_hand_over_region" ON "hand_over" ("region_id", "handed_over_at", "id")`);
    await q.query(`CREATE INDEX "ix_hand_over_open" ON "hand_over" ("state", "accept_due_by") WHERE state IN ('PENDING', 'ACCEPTED')`);
    // the flags of before: each becomes a case waiting for the brigade (3 weekdays after the day it was handed over)
    await q.query(`INSERT INTO hand_over (id, hazard_id, region_id, state, handed_over_at, handed_over_by, reason, accept_due_by, policy_version, version)
      SELECT
        gen_random_uuid(),
        h.id,
        h.region_id,
        'PENDING',
        h.handed_over_at,
        coalesce(e.actor, 'system:migration'),
        coalesce(e.note, '（迁移前移交，原因见隐患记录）'),
        (SELECT d::date FROM generate_series((h.handed_over_at AT TIME ZONE 'Asia/Shanghai')::date + 1,
            (h.handed_over_at AT TIME ZONE 'Asia/Shanghai')::date + 10, interval '1 day') d
          WHERE extract(isodow FROM d) < 6 ORDER BY d OFFSET 2 LIMIT 1),
        h.policy_version,
        1
      FROM hazard h
      LEFT JOIN LATERAL (SELECT actor, note FROM hazard_event WHERE hazard_id = h.id AND action = 'HANDED_OVER' ORDER BY seq DESC LIMIT 1) e ON true
      WHERE h.handed_over_at IS NOT NULL AND h.status <> 'CLOSED'`);

    await q.query(`ALTER TABLE hazard_event DROP CONSTRAINT ck_hazard_event_action`);
    await q.query(`ALTER TABLE hazard_event ADD CONSTRAINT ck_hazard_event_action CHECK (action IN (
      'REPORTED', 'ORDERED', 'RECTIFICATION_REPORTED', 'RECHECK_PASSED', 'RECHECK_FAILED', 'DEADLINE_EXTENDED', 'MAJOR_SUSPECTED',
      'MAJOR_REPORTED', 'MAJOR_CONFIRMED', 'MAJOR_REJECTED', 'SUPERVISION_CLOSED', 'HANDED_OVER', 'HAND_OVER_ACCEPTED',
      'HAND_OVER_RETURNED', 'HAND_OVER_OUTCOME', 'CLOCK_RECOMPUTED'))`);
    await q.query(`ALTER TABLE warning_rule DROP CONSTRAINT ck_warning_rule_kind`);
    await q.query(`ALTER TABLE warning_rule ADD CONSTRAINT ck_warning_rule_kind CHECK (kind IN (
      'HAZARD_DUE_SOON', 'HAZARD_OVERDUE', 'MAJOR_HAZARD_OVERDUE', 'TOWNSHIP_OVERDUE_COUNT', 'FATAL_FIRE_RECENT', 'COMPLAINT_CHECK_DUE',
      'RISK_POINT_LEVEL', 'TASK_OVERDUE', 'WEBHOOK_DISABLED', 'HAND_OVER_PENDING', 'HAND_OVER_OVERDUE'))`);
    await q.query(`INSERT INTO warning_rule (code, kind, name, level, params, enabled, updated_by, version) VALUES
      ('handOver.pending', 'HAND_OVER_PENDING', '新移交案件待县消防救援大队接收', 'BLUE', '{}', true, 'system:migration', 1),
      ('handOver.overdue', 'HAND_OVER_OVERDUE', '移交案件超过接收或办理时限', 'ORANGE', '{"minDaysOverdue": 1}', true, 'system:migration', 1)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM warning WHERE rule_code IN (SELECT code FROM warning_rule WHERE kind IN ('HAND_OVER_PENDING', 'HAND_OVER_OVERDUE'))`);
    await q.query(`DELETE FROM warning_rule WHERE kind IN ('HAND_OVER_PENDING', 'HAND_OVER_OVERDUE')`);
    await q.query(`ALTER TABLE warning_rule DROP CONSTRAINT ck_warning_rule_kind`);
    await q.query(`ALTER TABLE warning_rule ADD CONSTRAINT ck_warning_rule_kind CHECK (kind IN (
      'HAZARD_DUE_SOON', 'HAZARD_OVERDUE', 'MAJOR_HAZARD_OVERDUE', 'TOWNSHIP_OVERDUE_COUNT', 'FATAL_FIRE_RECENT', 'COMPLAINT_CHECK_DUE',
      'RISK_POINT_LEVEL', 'TASK_OVERDUE', 'WEBHOOK_DISABLED'))`);
    await q.query(`DELETE FROM hazard_event WHERE action IN ('HAND_OVER_ACCEPTED', 'HAND_OVER_RETURNED', 'HAND_OVER_OUTCOME')`);
    await q.query(`ALTER TABLE hazard_event DROP CONSTRAINT ck_hazard_event_action`);
    await q.query(`ALTER TABLE hazard_event ADD CONSTRAINT ck_hazard_event_action CHECK (action IN (
      'REPORTED', 'ORDERED', 'RECTIFICATION_REPORTED', 'RECHECK_PASSED', 'RECHECK_FAILED', 'DEADLINE_EXTENDED', 'MAJOR_SUSPECTED',
      'MAJOR_REPORTED', 'MAJOR_CONFIRMED', 'MAJOR_REJECTED', 'SUPERVISION_CLOSED', 'HANDED_OVER', 'CLOCK_RECOMPUTED'))`);
    // the release before knows a hand-over only as the hazard's flag "with the brigade": a case returned is no longer
    // with it, and the brigade's steps in the premises log read as hand-over entries there
    await q.query(`UPDATE hazard h SET handed_over_at = NULL WHERE handed_over_at IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM hand_over o WHERE o.hazard_id = h.id AND o.state IN ('PENDING', 'ACCEPTED'))
      AND EXISTS (SELECT 1 FROM hand_over o WHERE o.hazard_id = h.id AND o.state = 'RETURNED' AND o.handed_over_at = h.handed_over_at)`);
    await q.query(`UPDATE premises_event SET kind = 'HANDED_OVER' WHERE kind IN ('HAND_OVER_ACCEPTED', 'HAND_OVER_RETURNED', 'HAND_OVER_OUTCOME')`);
    await q.query(`DROP TABLE "hand_over"`);
    // a hazard closed by an outcome cannot be told apart afterwards: it stays closed, as a re-check would have closed it
    await q.query(`ALTER TABLE "hazard" DROP CONSTRAINT "ck_hazard_closed_through"`);
    await q.query(`ALTER TABLE "hazard" DROP CONSTRAINT "ck_hazard_ordered"`);
    await q.query(`UPDATE "hazard" SET
        deadline = coalesce(deadline, (closed_at AT TIME ZONE 'Asia/Shanghai')::date),
        responsible_party = coalesce(responsible_party, '（移交大队处理）'),
        measures = coalesce(measures, '（移交大队处理）')
      WHERE closed_through = 'HAND_OVER_OUTCOME'`);
    await q.query(`ALTER TABLE "hazard" ADD CONSTRAINT "ck_hazard_ordered"
      CHECK (status = 'REPORTED' OR (deadline IS NOT NULL AND responsible_party IS NOT NULL AND measures IS NOT NULL))`);
    await q.query(`ALTER TABLE "hazard" DROP COLUMN "closed_through"`);
    await q.query(`ALTER TABLE "inspection_policy" DROP CONSTRAINT "ck_inspection_policy_hand_over"`);
    await q.query(`ALTER TABLE "inspection_policy" DROP COLUMN "hand_over_outcome_working_days"`);
    await q.query(`ALTER TABLE "inspection_policy" DROP COLUMN "hand_over_accept_working_days"`);
  }
}
