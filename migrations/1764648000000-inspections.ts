import { randomUUID } from 'node:crypto';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Inspections, hazards, risk points and early warning, fires and investigations, work plans (INS-1 .. INS-6).
 * Drafted from the entities (`node dist/src/database/cli/pending-sql.js`), reviewed by hand; then the domain
 * defaults as data: inspection policy v1, checklist templates v1, the major hazard catalogue (GB 35181-2017 and
 * GB 35181-2025), the warning rules. Records of the work are append-only where history matters (hazard_event,
 * premises_event, risk_observation) and never deleted from under their history (ON DELETE RESTRICT).
 */
export class Inspections1764648000000 implements MigrationInterface {
  name = 'Inspections1764648000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "calendar_year" (
        "year" integer NOT NULL,
        "version" integer NOT NULL,
        "source" text,
        "loaded_by" text NOT NULL,
        "loaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "ck_calendar_year_range" CHECK (year BETWEEN 2000 AND 2100),
        CONSTRAINT "pk_calendar_year" PRIMARY KEY ("year")
      )`);
    await q.query(`
      CREATE TABLE "calendar_day" (
        "day" date NOT NULL,
        "year" integer NOT NULL,
        "kind" text NOT NULL,
        "name" text,
        CONSTRAINT "ck_calendar_day_year" CHECK (extract(year FROM day) = year),
        CONSTRAINT "ck_calendar_day_kind" CHECK (kind IN ('HOLIDAY', 'WORKDAY')),
        CONSTRAINT "pk_calendar_day" PRIMARY KEY ("day")
      )`);
    await q.query(`CREATE INDEX "ix_calendar_day_year" ON "calendar_day"  ("year") `);
    await q.query(`
      CREATE TABLE "premises" (
        "id" uuid NOT NULL,
        "region_id" uuid NOT NULL,
        "kind" text NOT NULL,
        "name" text NOT NULL,
        "address" text NOT NULL,
        "member_unit_id" uuid,
        "responsible_name" text NOT NULL,
        "responsible_phone_enc" text,
        "responsible_phone_masked" text,
        "risk_level" text NOT NULL,
        "key_unit" boolean NOT NULL,
        "last_inspected_on" date,
        "created_by" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "version" integer NOT NULL,
        CONSTRAINT "ck_premises_member_unit" CHECK ((kind = 'MEMBER_UNIT') = (member_unit_id IS NOT NULL)),
        CONSTRAINT "ck_premises_risk_level" CHECK (risk_level IN ('LOW', 'GENERAL', 'SIGNIFICANT', 'MAJOR')),
        CONSTRAINT "ck_premises_kind" CHECK (kind IN ('CROWDED_PLACE', 'SMALL_VENUE', 'VILLAGE', 'ENTERPRISE', 'MEMBER_UNIT', 'OTHER')),
        CONSTRAINT "pk_premises" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE UNIQUE INDEX "uq_premises_member_unit" ON "premises"  ("member_unit_id") WHERE member_unit_id IS NOT NULL`);
    await q.query(`CREATE INDEX "ix_premises_name" ON "premises"  ("name", "id") `);
    await q.query(`CREATE INDEX "ix_premises_region" ON "premises"  ("region_id") `);
    await q.query(`
      CREATE TABLE "premises_event" (
        "id" uuid NOT NULL,
        "seq" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        "premises_id" uuid NOT NULL,
        "at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "kind" text NOT NULL,
        "summary" text NOT NULL,
        "subject_type" text,
        "subject_id" uuid,
        "actor" text NOT NULL,
        CONSTRAINT "pk_premises_event" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_premises_event_premises" ON "premises_event"  ("premises_id", "seq") `);
    await q.query(`
      CREATE TABLE "checklist_template" (
        "id" uuid NOT NULL,
        "premises_kind" text NOT NULL,
        "version" integer NOT NULL,
        "title" text NOT NULL,
        "items" jsonb NOT NULL,
        "created_by" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "uq_checklist_template_kind_version" UNIQUE ("premises_kind", "version"),
        CONSTRAINT "ck_checklist_template_items" CHECK (jsonb_typeof(items) = 'array' AND jsonb_array_length(items) >= 1),
        CONSTRAINT "ck_checklist_template_kind" CHECK (premises_kind IN ('CROWDED_PLACE', 'SMALL_VENUE', 'VILLAGE', 'ENTERPRISE', 'MEMBER_UNIT', 'OTHER')),
        CONSTRAINT "pk_checklist_template" PRIMARY KEY ("id")
      )`);
    await q.query(`
      CREATE TABLE "fire_incident" (
        "id" uuid NOT NULL,
        "region_id" uuid NOT NULL,
        "premises_id" uuid,
        "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "place" text NOT NULL,
        "cause" text NOT NULL,
        "deaths" integer NOT NULL,
        "injuries" integer NOT NULL,
        "serious_injuries" integer NOT NULL,
        "direct_loss_yuan" numeric(16,2) NOT NULL,
        "burned_area" numeric(12,2),
        "level" text NOT NULL,
        "policy_version" integer NOT NULL,
        "recorded_by" text NOT NULL,
        "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "ck_fire_incident_counts" CHECK (deaths >= 0 AND injuries >= 0 AND serious_injuries >= 0 AND serious_injuries <= injuries
          AND direct_loss_yuan >= 0 AND (burned_area IS NULL OR burned_area >= 0)),
        CONSTRAINT "ck_fire_incident_level" CHECK (level IN ('GENERAL', 'LARGER', 'MAJOR', 'EXTRAORDINARY')),
        CONSTRAINT "ck_fire_incident_cause" CHECK (cause IN ('ELECTRICAL', 'CARELESS_USE', 'SMOKING', 'PLAYING', 'PRODUCTION', 'SPONTANEOUS',
          'LIGHTNING', 'ARSON', 'OTHER', 'UNDETERMINED')),
        CONSTRAINT "pk_fire_incident" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_fire_incident_time_id" ON "fire_incident"  ("occurred_at", "id") `);
    await q.query(`CREATE INDEX "ix_fire_incident_region_time" ON "fire_incident"  ("region_id", "occurred_at") `);
    await q.query(`
      CREATE TABLE "investigation_case" (
        "id" uuid NOT NULL,
        "fire_id" uuid NOT NULL,
        "region_id" uuid NOT NULL,
        "reasons" text array NOT NULL,
        "status" text NOT NULL,
        "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "cause_findings" text,
        "lessons" text,
        "responsibility_findings" text,
        "responsible_parties" jsonb NOT NULL,
        "accountability_outcomes" jsonb NOT NULL,
        "closed_at" TIMESTAMP WITH TIME ZONE,
        "closed_by" text,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "version" integer NOT NULL,
        CONSTRAINT "uq_investigation_case_fire" UNIQUE ("fire_id"),
        CONSTRAINT "ck_investigation_case_closed" CHECK ((status = 'CLOSED') = (closed_at IS NOT NULL)),
        CONSTRAINT "ck_investigation_case_status" CHECK (status IN ('OPEN', 'CLOSED')),
        CONSTRAINT "pk_investigation_case" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_investigation_case_region" ON "investigation_case"  ("region_id", "opened_at") `);
    await q.query(`
      CREATE TABLE "work_report" (
        "id" uuid NOT NULL,
        "organization_id" uuid NOT NULL,
        "region_id" uuid NOT NULL,
        "kind" text NOT NULL,
        "period_kind" text NOT NULL,
        "period_year" integer NOT NULL,
        "period_number" integer NOT NULL,
        "title" text NOT NULL,
        "content" text NOT NULL,
        "status" text NOT NULL,
        "review_comment" text,
        "submitted_by" text NOT NULL,
        "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "reviewed_by" text,
        "reviewed_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "version" integer NOT NULL,
        CONSTRAINT "ck_work_report_status" CHECK (status IN ('SUBMITTED', 'RECEIVED', 'RETURNED', 'ACCEPTED')),
        CONSTRAINT "ck_work_report_period_kind" CHECK (period_kind IN ('MONTH', 'QUARTER', 'YEAR')),
        CONSTRAINT "ck_work_report_kind" CHECK (kind IN ('PLAN', 'REPORT')),
        CONSTRAINT "pk_work_report" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_work_report_region" ON "work_report"  ("region_id", "submitted_at") `);
    await q.query(`CREATE UNIQUE INDEX "uq_work_report_period" ON "work_report"  ("organization_id", "kind", "period_kind", "period_year", "period_number") `);
    await q.query(`
      CREATE TABLE "inspection_plan" (
        "id" uuid NOT NULL,
        "region_id" uuid NOT NULL,
        "title" text NOT NULL,
        "period_start" date NOT NULL,
        "period_end" date NOT NULL,
        "assignees" text array NOT NULL,
        "created_by" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "ck_inspection_plan_period" CHECK (period_end >= period_start),
        CONSTRAINT "pk_inspection_plan" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_inspection_plan_region" ON "inspection_plan"  ("region_id", "period_start") `);
    await q.query(`
      CREATE TABLE "inspection_plan_target" (
        "plan_id" uuid NOT NULL,
        "premises_id" uuid NOT NULL,
        CONSTRAINT "pk_inspection_plan_target" PRIMARY KEY ("plan_id", "premises_id")
      )`);
    await q.query(`CREATE INDEX "ix_inspection_plan_target_premises" ON "inspection_plan_target"  ("premises_id") `);
    await q.query(`
      CREATE TABLE "inspection" (
        "id" uuid NOT NULL,
        "premises_id" uuid NOT NULL,
        "region_id" uuid NOT NULL,
        "plan_id" uuid,
        "template_id" uuid NOT NULL,
        "inspected_on" date NOT NULL,
        "inspectors" text array NOT NULL,
        "results" jsonb NOT NULL,
        "attachments" jsonb NOT NULL,
        "summary" text,
        "policy_version" integer NOT NULL,
        "recorded_by" text NOT NULL,
        "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "ck_inspection_inspectors" CHECK (cardinality(inspectors) >= 1),
        CONSTRAINT "pk_inspection" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_inspection_plan" ON "inspection"  ("plan_id") `);
    await q.query(`CREATE INDEX "ix_inspection_premises" ON "inspection"  ("premises_id", "inspected_on") `);
    await q.query(`CREATE INDEX "ix_inspection_region_date" ON "inspection"  ("region_id", "inspected_on") `);
    await q.query(`
      CREATE TABLE "complaint" (
        "id" uuid NOT NULL,
        "region_id" uuid NOT NULL,
        "premises_id" uuid,
        "received_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "channel" text NOT NULL,
        "category" text NOT NULL,
        "content" text NOT NULL,
        "reporter_phone_enc" text,
        "reporter_phone_masked" text,
        "check_due_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "checked_at" TIMESTAMP WITH TIME ZONE,
        "outcome" text,
        "check_note" text,
        "checked_by" text,
        "policy_version" integer NOT NULL,
        "recorded_by" text NOT NULL,
        "version" integer NOT NULL,
        CONSTRAINT "ck_complaint_checked" CHECK ((checked_at IS NULL) = (outcome IS NULL)),
        CONSTRAINT "ck_complaint_outcome" CHECK (outcome IS NULL OR outcome IN ('CONFIRMED', 'UNFOUNDED')),
        CONSTRAINT "ck_complaint_category" CHECK (category IN ('BLOCKED_EXITS', 'FACILITIES_OFF', 'OTHER')),
        CONSTRAINT "pk_complaint" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_complaint_open" ON "complaint"  ("check_due_at") WHERE checked_at IS NULL`);
    await q.query(`CREATE INDEX "ix_complaint_region" ON "complaint"  ("region_id", "received_at") `);
    await q.query(`
      CREATE TABLE "hazard" (
        "id" uuid NOT NULL,
        "region_id" uuid NOT NULL,
        "premises_id" uuid,
        "source" text NOT NULL,
        "inspection_id" uuid,
        "complaint_id" uuid,
        "checklist_item_code" text,
        "description" text NOT NULL,
        "found_on" date NOT NULL,
        "status" text NOT NULL,
        "order_due_by" date NOT NULL,
        "deadline" date,
        "responsible_party" text,
        "measures" text,
        "ordered_on" date,
        "recheck_due_by" date,
        "rectification_reported_by_id" uuid,
        "rectified_on" date,
        "closed_at" TIMESTAMP WITH TIME ZONE,
        "major_status" text NOT NULL,
        "major_catalogue_edition" text,
        "major_item_codes" text array,
        "major_report_due_by" date,
        "supervision_closed_at" TIMESTAMP WITH TIME ZONE,
        "handed_over_at" TIMESTAMP WITH TIME ZONE,
        "policy_version" integer NOT NULL,
        "reported_by" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "version" integer NOT NULL,
        CONSTRAINT "ck_hazard_closed" CHECK ((status = 'CLOSED') = (closed_at IS NOT NULL)),
        CONSTRAINT "ck_hazard_ordered" CHECK (status = 'REPORTED' OR (deadline IS NOT NULL AND responsible_party IS NOT NULL AND measures IS NOT NULL)),
        CONSTRAINT "ck_hazard_major_status" CHECK (major_status IN ('NONE', 'SUSPECTED', 'REPORTED', 'CONFIRMED', 'REJECTED')),
        CONSTRAINT "ck_hazard_source" CHECK (source IN ('INSPECTION', 'COMPLAINT', 'OTHER')),
        CONSTRAINT "ck_hazard_status" CHECK (status IN ('REPORTED', 'RECTIFYING', 'PENDING_RECHECK', 'CLOSED')),
        CONSTRAINT "pk_hazard" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_hazard_found_id" ON "hazard"  ("found_on", "id") `);
    await q.query(`CREATE INDEX "ix_hazard_inspection" ON "hazard"  ("inspection_id") `);
    await q.query(`CREATE INDEX "ix_hazard_premises" ON "hazard"  ("premises_id") `);
    await q.query(`CREATE INDEX "ix_hazard_status_deadline" ON "hazard"  ("status", "deadline") `);
    await q.query(`CREATE INDEX "ix_hazard_region_found" ON "hazard"  ("region_id", "found_on") `);
    await q.query(`CREATE INDEX "ix_hazard_region_deadline" ON "hazard"  ("region_id", "deadline") `);
    await q.query(`
      CREATE TABLE "hazard_event" (
        "id" uuid NOT NULL,
        "seq" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        "hazard_id" uuid NOT NULL,
        "action" text NOT NULL,
        "from_status" text,
        "to_status" text NOT NULL,
        "at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "actor_id" uuid,
        "actor" text NOT NULL,
        "note" text,
        "details" jsonb NOT NULL,
        "attachments" jsonb NOT NULL,
        CONSTRAINT "ck_hazard_event_action" CHECK (action IN ('REPORTED', 'ORDERED', 'RECTIFICATION_REPORTED', 'RECHECK_PASSED', 'RECHECK_FAILED',
          'DEADLINE_EXTENDED', 'MAJOR_SUSPECTED', 'MAJOR_REPORTED', 'MAJOR_CONFIRMED', 'MAJOR_REJECTED', 'SUPERVISION_CLOSED', 'HANDED_OVER')),
        CONSTRAINT "pk_hazard_event" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_hazard_event_hazard" ON "hazard_event"  ("hazard_id", "seq") `);
    await q.query(`
      CREATE TABLE "major_hazard_catalogue_item" (
        "id" uuid NOT NULL,
        "edition" text NOT NULL,
        "valid_from" date NOT NULL,
        "valid_to" date,
        "code" text NOT NULL,
        "kind" text NOT NULL,
        "text" text NOT NULL,
        CONSTRAINT "uq_major_hazard_catalogue_item" UNIQUE ("edition", "code"),
        CONSTRAINT "ck_major_hazard_catalogue_item_kind" CHECK (kind IN ('DIRECT', 'COMPOSITE')),
        CONSTRAINT "pk_major_hazard_catalogue_item" PRIMARY KEY ("id")
      )`);
    await q.query(`
      CREATE TABLE "major_hazard_threshold" (
        "edition" text NOT NULL,
        "premises_kind" text NOT NULL,
        "composite_count" integer NOT NULL,
        CONSTRAINT "ck_major_hazard_threshold_count" CHECK (composite_count >= 1),
        CONSTRAINT "ck_major_hazard_threshold_kind" CHECK (premises_kind IN ('CROWDED_PLACE', 'SMALL_VENUE', 'VILLAGE', 'ENTERPRISE', 'MEMBER_UNIT', 'OTHER')),
        CONSTRAINT "pk_major_hazard_threshold" PRIMARY KEY ("edition", "premises_kind")
      )`);
    await q.query(`
      CREATE TABLE "inspection_policy" (
        "version" integer NOT NULL,
        "effective_from" date NOT NULL,
        "min_inspectors" integer NOT NULL,
        "order_within_working_days" integer NOT NULL,
        "default_deadline_days" integer NOT NULL,
        "recheck_within_working_days" integer NOT NULL,
        "major_report_days" integer NOT NULL,
        "complaint_urgent_hours" integer NOT NULL,
        "complaint_other_working_days" integer NOT NULL,
        "inspection_interval_days" jsonb NOT NULL,
        "key_unit_interval_days" integer NOT NULL,
        "fire_level_thresholds" jsonb NOT NULL,
        "investigation_min_deaths" integer NOT NULL,
        "investigation_min_level" text NOT NULL,
        "created_by" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "ck_inspection_policy_min_level" CHECK (investigation_min_level IN ('GENERAL', 'LARGER', 'MAJOR', 'EXTRAORDINARY')),
        CONSTRAINT "ck_inspection_policy_positive" CHECK (min_inspectors >= 1 AND order_within_working_days >= 0 AND default_deadline_days >= 1
          AND recheck_within_working_days >= 0 AND major_report_days >= 0 AND complaint_urgent_hours >= 1 AND complaint_other_working_days >= 0
          AND key_unit_interval_days >= 1 AND investigation_min_deaths >= 1),
        CONSTRAINT "pk_inspection_policy" PRIMARY KEY ("version")
      )`);
    await q.query(`
      CREATE TABLE "risk_point" (
        "id" uuid NOT NULL,
        "region_id" uuid NOT NULL,
        "premises_id" uuid,
        "name" text NOT NULL,
        "description" text NOT NULL,
        "level" text NOT NULL,
        "created_by" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "version" integer NOT NULL,
        CONSTRAINT "ck_risk_point_level" CHECK (level IN ('LOW', 'GENERAL', 'SIGNIFICANT', 'MAJOR')),
        CONSTRAINT "pk_risk_point" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_risk_point_name" ON "risk_point"  ("name", "id") `);
    await q.query(`CREATE INDEX "ix_risk_point_region" ON "risk_point"  ("region_id") `);
    await q.query(`
      CREATE TABLE "risk_observation" (
        "id" uuid NOT NULL,
        "risk_point_id" uuid NOT NULL,
        "observed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "note" text NOT NULL,
        "level" text,
        "observed_by" text NOT NULL,
        CONSTRAINT "ck_risk_observation_level" CHECK (level IS NULL OR level IN ('LOW', 'GENERAL', 'SIGNIFICANT', 'MAJOR')),
        CONSTRAINT "pk_risk_observation" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_risk_observation_point" ON "risk_observation"  ("risk_point_id", "observed_at") `);
    await q.query(`
      CREATE TABLE "warning_rule" (
        "code" text NOT NULL,
        "kind" text NOT NULL,
        "name" text NOT NULL,
        "level" text NOT NULL,
        "params" jsonb NOT NULL,
        "enabled" boolean NOT NULL,
        "updated_by" text NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "version" integer NOT NULL,
        CONSTRAINT "ck_warning_rule_level" CHECK (level IN ('BLUE', 'YELLOW', 'ORANGE', 'RED')),
        CONSTRAINT "ck_warning_rule_kind" CHECK (kind IN ('HAZARD_DUE_SOON', 'HAZARD_OVERDUE', 'MAJOR_HAZARD_OVERDUE', 'TOWNSHIP_OVERDUE_COUNT',
          'FATAL_FIRE_RECENT', 'COMPLAINT_CHECK_DUE', 'RISK_POINT_LEVEL')),
        CONSTRAINT "pk_warning_rule" PRIMARY KEY ("code")
      )`);
    await q.query(`
      CREATE TABLE "warning" (
        "id" uuid NOT NULL,
        "subject_type" text NOT NULL,
        "subject_id" uuid NOT NULL,
        "region_id" uuid NOT NULL,
        "rule_code" text NOT NULL,
        "level" text NOT NULL,
        "status" text NOT NULL,
        "message" text NOT NULL,
        "raised_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "escalated_at" TIMESTAMP WITH TIME ZONE,
        "resolved_at" TIMESTAMP WITH TIME ZONE,
        "acknowledged_at" TIMESTAMP WITH TIME ZONE,
        "acknowledged_by" text,
        "version" integer NOT NULL,
        CONSTRAINT "ck_warning_resolved" CHECK ((status = 'RESOLVED') = (resolved_at IS NOT NULL)),
        CONSTRAINT "ck_warning_status" CHECK (status IN ('ACTIVE', 'RESOLVED')),
        CONSTRAINT "ck_warning_level" CHECK (level IN ('BLUE', 'YELLOW', 'ORANGE', 'RED')),
        CONSTRAINT "pk_warning" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_warning_raised" ON "warning"  ("raised_at", "id") `);
    await q.query(`CREATE INDEX "ix_warning_region" ON "warning"  ("region_id", "status") `);
    await q.query(`CREATE UNIQUE INDEX "uq_warning_active_subject" ON "warning"  ("subject_type", "subject_id") WHERE status = 'ACTIVE'`);
    await q.query(`ALTER TABLE "premises" ADD CONSTRAINT "fk_premises_region"
      FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "premises" ADD CONSTRAINT "fk_premises_member_unit"
      FOREIGN KEY ("member_unit_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "premises_event" ADD CONSTRAINT "fk_premises_event_premises"
      FOREIGN KEY ("premises_id") REFERENCES "premises"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "fire_incident" ADD CONSTRAINT "fk_fire_incident_region"
      FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "fire_incident" ADD CONSTRAINT "fk_fire_incident_premises"
      FOREIGN KEY ("premises_id") REFERENCES "premises"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "investigation_case" ADD CONSTRAINT "fk_investigation_case_fire"
      FOREIGN KEY ("fire_id") REFERENCES "fire_incident"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "investigation_case" ADD CONSTRAINT "fk_investigation_case_region"
      FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "work_report" ADD CONSTRAINT "fk_work_report_organization"
      FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "work_report" ADD CONSTRAINT "fk_work_report_region"
      FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "inspection_plan" ADD CONSTRAINT "fk_inspection_plan_region"
      FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "inspection_plan_target" ADD CONSTRAINT "fk_inspection_plan_target_plan"
      FOREIGN KEY ("plan_id") REFERENCES "inspection_plan"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "inspection_plan_target" ADD CONSTRAINT "fk_inspection_plan_target_premises"
      FOREIGN KEY ("premises_id") REFERENCES "premises"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "inspection" ADD CONSTRAINT "fk_inspection_premises"
      FOREIGN KEY ("premises_id") REFERENCES "premises"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "inspection" ADD CONSTRAINT "fk_inspection_region"
      FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "inspection" ADD CONSTRAINT "fk_inspection_plan"
      FOREIGN KEY ("plan_id") REFERENCES "inspection_plan"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "inspection" ADD CONSTRAINT "fk_inspection_template"
      FOREIGN KEY ("template_id") REFERENCES "checklist_template"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "complaint" ADD CONSTRAINT "fk_complaint_region"
      FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "complaint" ADD CONSTRAINT "fk_complaint_premises"
      FOREIGN KEY ("premises_id") REFERENCES "premises"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "hazard" ADD CONSTRAINT "fk_hazard_region"
      FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "hazard" ADD CONSTRAINT "fk_hazard_premises"
      FOREIGN KEY ("premises_id") REFERENCES "premises"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "hazard" ADD CONSTRAINT "fk_hazard_inspection"
      FOREIGN KEY ("inspection_id") REFERENCES "inspection"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "hazard" ADD CONSTRAINT "fk_hazard_complaint"
      FOREIGN KEY ("complaint_id") REFERENCES "complaint"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "hazard" ADD CONSTRAINT "fk_hazard_rectification_reporter"
      FOREIGN KEY ("rectification_reported_by_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "hazard_event" ADD CONSTRAINT "fk_hazard_event_hazard"
      FOREIGN KEY ("hazard_id") REFERENCES "hazard"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "risk_point" ADD CONSTRAINT "fk_risk_point_region"
      FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "risk_point" ADD CONSTRAINT "fk_risk_point_premises"
      FOREIGN KEY ("premises_id") REFERENCES "premises"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "risk_observation" ADD CONSTRAINT "fk_risk_observation_point"
      FOREIGN KEY ("risk_point_id") REFERENCES "risk_point"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "warning" ADD CONSTRAINT "fk_warning_region"
      FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "warning" ADD CONSTRAINT "fk_warning_rule"
      FOREIGN KEY ("rule_code") REFERENCES "warning_rule"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await seed(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE work_report`);
    await q.query(`DROP TABLE investigation_case`);
    await q.query(`DROP TABLE fire_incident`);
    await q.query(`DROP TABLE warning`);
    await q.query(`DROP TABLE warning_rule`);
    await q.query(`DROP TABLE risk_observation`);
    await q.query(`DROP TABLE risk_point`);
    await q.query(`DROP TABLE major_hazard_threshold`);
    await q.query(`DROP TABLE major_hazard_catalogue_item`);
    await q.query(`DROP TABLE hazard_event`);
    await q.query(`DROP TABLE hazard`);
    await q.query(`DROP TABLE complaint`);
    await q.query(`DROP TABLE inspection`);
    await q.query(`DROP TABLE inspection_plan_target`);
    await q.query(`DROP TABLE inspection_plan`);
    await q.query(`DROP TABLE inspection_policy`);
    await q.query(`DROP TABLE checklist_template`);
    await q.query(`DROP TABLE premises_event`);
    await q.query(`DROP TABLE premises`);
    await q.query(`DROP TABLE calendar_day`);
    await q.query(`DROP TABLE calendar_year`);
  }
}

// ---- the domain defaults as this migration inserted them ----
// Written out here rather than imported from src/: a migration is frozen once applied, so editing today's constants
// (a checklist, a warning rule, the fire-level bounds) must never change what a fresh database gets from it.

/** Checklists v1 per premises kind (消防安全检查要点; the center publishes later versions). */
const CHECKLISTS: Record<string, { title: string; items: { code: string; text: string }[] }> = {
  CROWDED_PLACE: { title: '人员密集场所消防安全检查表', items: [
    { code: 'CP-01', text: '安全出口、疏散通道畅通，未锁闭、堵塞' },
    { code: 'CP-02', text: '应急照明、疏散指示标志完好有效' },
    { code: 'CP-03', text: '火灾自动报警、自动喷水灭火系统正常运行' },
    { code: 'CP-04', text: '灭火器配置齐全、在有效期内' },
    { code: 'CP-05', text: '消防控制室值班人员持证在岗' },
    { code: 'CP-06', text: '电气线路敷设规范，无私拉乱接' },
    { code: 'CP-07', text: '开展防火巡查、检查并有记录' },
  ] },
  SMALL_VENUE: { title: '九小场所消防安全检查表', items: [
    { code: 'SV-01', text: '未违规住人（“三合一”）' },
    { code: 'SV-02', text: '安全出口、疏散通道畅通' },
    { code: 'SV-03', text: '配置灭火器并会使用' },
    { code: 'SV-04', text: '电气线路规范，无电动自行车室内充电' },
    { code: 'SV-05', text: '安装独立式感烟火灾探测报警器' },
  ] },
  VILLAGE: { title: '村屯消防安全检查表', items: [
    { code: 'VL-01', text: '明确消防安全管理人（ORG-6）' },
    { code: 'VL-02', text: '制定防火公约（ORG-6）' },
    { code: 'VL-03', text: '消防水源、消防通道可用' },
    { code: 'VL-04', text: '柴草、可燃物堆放与建筑保持安全距离' },
    { code: 'VL-05', text: '志愿消防队或微型消防站器材完好（如设）' },
  ] },
  ENTERPRISE: { title: '企业消防安全检查表', items: [
    { code: 'EN-01', text: '落实消防安全责任制，明确消防安全责任人、管理人' },
    { code: 'EN-02', text: '易燃易爆危险品按规定储存、使用' },
    { code: 'EN-03', text: '消防设施、器材完好有效' },
    { code: 'EN-04', text: '安全出口、疏散通道畅通' },
    { code: 'EN-05', text: '动火作业审批管理' },
    { code: 'EN-06', text: '员工消防安全培训和应急疏散演练' },
  ] },
  MEMBER_UNIT: { title: '成员单位消防工作检查表（INS-1）', items: [
    { code: 'MU-01', text: '落实行业部门消防安全监管职责' },
    { code: 'MU-02', text: '本单位办公场所消防设施完好' },
    { code: 'MU-03', text: '开展本系统消防安全检查并有记录' },
    { code: 'MU-04', text: '组织消防宣传教育培训' },
  ] },
  OTHER: { title: '通用消防安全检查表', items: [
    { code: 'GN-01', text: '安全出口、疏散通道畅通' },
    { code: 'GN-02', text: '消防设施、器材完好有效' },
    { code: 'GN-03', text: '电气线路、用火用电安全' },
  ] },
};

/**
 * The major hazard catalogue as data, abridged: item codes and short summaries of the direct items and composite
 * elements (摘要，以标准原文为准). The committee office completes each edition from the standard's text.
 */
const CATALOGUE = [
  { edition: 'GB 35181-2017', validFrom: '2018-07-01', validTo: '2025-10-31', items: [
    ['5.1', 'DIRECT', '易燃易爆危险品的工厂、仓库、专用车站码头、储罐区未设置在城市边缘或相对独立的安全地带'],
    ['5.2', 'DIRECT', '甲、乙类厂房设置在建筑的地下、半地下室'],
    ['5.3', 'DIRECT', '甲、乙类厂房、库房或丙类厂房与人员密集场所、住宅或宿舍混合设置在同一建筑内'],
    ['5.4', 'DIRECT', '公共娱乐场所、商店、地下人员密集场所的安全出口数量不足或其总净宽度小于规定值的 80%'],
    ['5.5', 'DIRECT', '旅馆、休闲娱乐、医院、养老等场所未按规定设置自动喷水灭火系统或火灾自动报警系统'],
    ['5.7', 'DIRECT', '在人员密集场所违反规定使用、储存或销售易燃易爆危险品'],
    ['5.9', 'DIRECT', '人员密集场所的居住场所采用燃烧性能低于 A 级的彩钢夹芯板搭建'],
    ['6.2', 'COMPOSITE', '防火分隔不符合要求（防火分区、防火墙、防火门等）'],
    ['6.3', 'COMPOSITE', '安全疏散设施及灭火救援条件不符合要求（疏散通道、安全出口、消防车道等）'],
    ['6.4', 'COMPOSITE', '消防给水及灭火设施不符合要求'],
    ['6.5', 'COMPOSITE', '防烟排烟设施不符合要求'],
    ['6.6', 'COMPOSITE', '消防供电不符合要求'],
    ['6.7', 'COMPOSITE', '火灾自动报警系统不符合要求'],
    ['6.8', 'COMPOSITE', '消防安全管理不符合要求'],
  ] },
  { edition: 'GB 35181-2025', validFrom: '2025-11-01', validTo: null, items: [
    ['5.1', 'DIRECT', '易燃易爆危险品场所选址、布置不符合规定且未设置在相对独立的安全地带'],
    ['5.2', 'DIRECT', '甲、乙类厂房设置在建筑的地下或半地下'],
    ['5.3', 'DIRECT', '甲、乙类生产储存场所与人员密集场所、居住场所设置在同一建筑内'],
    ['5.4', 'DIRECT', '人员密集场所安全出口数量不足或其总净宽度明显小于规定值'],
    ['5.5', 'DIRECT', '规定应设置的自动灭火系统或火灾自动报警系统未设置'],
    ['5.6', 'DIRECT', '在人员密集场所违规使用、储存或销售易燃易爆危险品'],
    ['5.7', 'DIRECT', '人员密集场所、居住场所采用燃烧性能不符合规定的夹芯材料搭建'],
    ['6.1', 'COMPOSITE', '总平面布置不符合要求（防火间距、消防车道、救援场地）'],
    ['6.2', 'COMPOSITE', '防火分隔不符合要求'],
    ['6.3', 'COMPOSITE', '安全疏散不符合要求'],
    ['6.4', 'COMPOSITE', '消防给水及灭火设施不符合要求'],
    ['6.5', 'COMPOSITE', '防烟排烟设施不符合要求'],
    ['6.6', 'COMPOSITE', '消防供配电不符合要求'],
    ['6.7', 'COMPOSITE', '火灾自动报警系统不符合要求'],
    ['6.8', 'COMPOSITE', '消防安全管理不符合要求'],
  ] },
] as const;

/** Composite elements that make a suspected major hazard (人员密集场所 3, others 4). */
const THRESHOLDS: Record<string, number> = { CROWDED_PLACE: 3, SMALL_VENUE: 4, VILLAGE: 4, ENTERPRISE: 4, MEMBER_UNIT: 4, OTHER: 4 };

/** The 2007 fire-level bounds (生产安全事故等级) as policy v1 stored them: a level is reached by deaths, serious injuries or loss. */
const FIRE_LEVEL_THRESHOLDS = {
  LARGER: { deaths: 3, seriousInjuries: 10, lossYuan: 10_000_000 },
  MAJOR: { deaths: 10, seriousInjuries: 50, lossYuan: 50_000_000 },
  EXTRAORDINARY: { deaths: 30, seriousInjuries: 100, lossYuan: 100_000_000 },
};

/** The early-warning rules v1 (INS-3): four colours, parameters as data. */
const WARNING_RULES: { code: string; kind: string; name: string; level: string; params: Record<string, unknown> }[] = [
  { code: 'hazard.dueSoon', kind: 'HAZARD_DUE_SOON', name: '隐患整改期限 3 天内到期', level: 'BLUE', params: { withinDays: 3 } },
  { code: 'hazard.overdue', kind: 'HAZARD_OVERDUE', name: '隐患逾期未整改', level: 'YELLOW', params: { minDaysOverdue: 1 } },
  { code: 'hazard.majorOverdue', kind: 'MAJOR_HAZARD_OVERDUE', name: '重大火灾隐患逾期', level: 'RED', params: { minDaysOverdue: 1 } },
  { code: 'township.overdueHazards', kind: 'TOWNSHIP_OVERDUE_COUNT', name: '一个乡镇逾期隐患 3 处以上', level: 'ORANGE', params: { minCount: 3 } },
  { code: 'fire.fatalRecent', kind: 'FATAL_FIRE_RECENT', name: '近 30 天发生亡人火灾', level: 'RED', params: { withinDays: 30 } },
  { code: 'complaint.dueSoon', kind: 'COMPLAINT_CHECK_DUE', name: '举报投诉核查时限 6 小时内到期', level: 'YELLOW', params: { hoursBefore: 6 } },
  { code: 'complaint.overdue', kind: 'COMPLAINT_CHECK_DUE', name: '举报投诉超过核查时限', level: 'ORANGE', params: { hoursBefore: 0 } },
  { code: 'riskPoint.major', kind: 'RISK_POINT_LEVEL', name: '重大风险点', level: 'ORANGE', params: { minLevel: 'MAJOR' } },
];

async function seed(q: QueryRunner): Promise<void> {
  await q.query(
    `INSERT INTO inspection_policy (version, effective_from, min_inspectors, order_within_working_days, default_deadline_days,
       recheck_within_working_days, major_report_days, complaint_urgent_hours, complaint_other_working_days, inspection_interval_days,
       key_unit_interval_days, fire_level_thresholds, investigation_min_deaths, investigation_min_level, created_by)
     VALUES (1, '2000-01-01', 2, 3, 30, 3, 2, 24, 3, $1, 365, $2, 1, 'LARGER', 'system:migration')`,
    [JSON.stringify({ LOW: 365, GENERAL: 180, SIGNIFICANT: 90, MAJOR: 30 }), JSON.stringify(FIRE_LEVEL_THRESHOLDS)],
  );
  for (const [kind, c] of Object.entries(CHECKLISTS)) {
    await q.query(`INSERT INTO checklist_template (id, premises_kind, version, title, items, created_by) VALUES ($1, $2, 1, $3, $4, 'system:migration')`,
      [randomUUID(), kind, c.title, JSON.stringify(c.items)]);
  }
  for (const edition of CATALOGUE) {
    for (const [code, kind, text] of edition.items) {
      await q.query(`INSERT INTO major_hazard_catalogue_item (id, edition, valid_from, valid_to, code, kind, text) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [randomUUID(), edition.edition, edition.validFrom, edition.validTo, code, kind, `${text}（摘要，以标准原文为准）`]);
    }
    for (const [kind, count] of Object.entries(THRESHOLDS)) {
      await q.query(`INSERT INTO major_hazard_threshold (edition, premises_kind, composite_count) VALUES ($1, $2, $3)`, [edition.edition, kind, count]);
    }
  }
  for (const r of WARNING_RULES) {
    await q.query(`INSERT INTO warning_rule (code, kind, name, level, params, enabled, updated_by, version)
      VALUES ($1, $2, $3, $4, $5, true, 'system:migration', 1)`,
      [r.code, r.kind, r.name, r.level, JSON.stringify(r.params)]);
  }
}
