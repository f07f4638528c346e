import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The committees at work (COM-1 .. COM-6): the committees' policy (version 1: a task's deadline at most 180 days
 * after its assignment; a member unit's evaluation 40 tasks + 20 campaigns + 20 supervision + 20 scored, 2 points
 * off per finding, grades at 90/80/60 as EVA-4), meetings and their decisions, campaigns, tasks and their steps,
 * member units' duty lists, supervision visits and findings, member-unit evaluations, investigations citing tasks;
 * a premises' sector unit (行业主管部门, COM-5); the TASK_OVERDUE warning rule; corrections of meetings and tasks.
 * Drafted from the entities, reviewed by hand.
 */
export class CommitteesAtWork1765771200000 implements MigrationInterface {
  name = 'CommitteesAtWork1765771200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "committee_policy" (
        "version" integer NOT NULL,
        "effective_from" date NOT NULL,
        "task_max_deadline_days" integer NOT NULL,
        "evaluation_task_weight" integer NOT NULL,
        "evaluation_campaign_weight" integer NOT NULL,
        "evaluation_supervision_weight" integer NOT NULL,
        "evaluation_scored_weight" integer NOT NULL,
        "finding_deduction" numeric(5,2) NOT NULL,
        "excellent_min" numeric(5,2) NOT NULL,
        "good_min" numeric(5,2) NOT NULL,
        "competent_min" numeric(5,2) NOT NULL,
        "created_by" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "ck_committee_policy_deadline" CHECK (task_max_deadline_days BETWEEN 1 AND 3660),
        CONSTRAINT "ck_committee_policy_grades" CHECK (excellent_min > good_min AND good_min > competent_min AND competent_min > 0 AND excellent_min <= 100),
        CONSTRAINT "ck_committee_policy_weights" CHECK (evaluation_task_weight + evaluation_campaign_weight + evaluation_supervision_weight
          + evaluation_scored_weight = 100),
        CONSTRAINT "pk_committee_policy" PRIMARY KEY ("version")
      )`);
    await q.query(`
      CREATE TABLE "committee_meeting" (
        "id" uuid NOT NULL,
        "committee_id" uuid NOT NULL,
        "region_id" uuid NOT NULL,
        "kind" text NOT NULL,
        "title" text NOT NULL,
        "held_on" date NOT NULL,
        "convener" text NOT NULL,
        "attending_unit_ids" uuid array NOT NULL,
        "attendees" text array NOT NULL,
        "topics" text array NOT NULL,
        "minutes" text,
        "attachments" jsonb NOT NULL,
        "status" text NOT NULL,
        "published_at" TIMESTAMP WITH TIME ZONE,
        "published_by" text,
        "created_by" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "version" integer NOT NULL,
        CONSTRAINT "ck_committee_meeting_published" CHECK ((status = 'PUBLISHED') = (published_at IS NOT NULL)),
        CONSTRAINT "ck_committee_meeting_status" CHECK (status IN ('DRAFT', 'PUBLISHED')),
        CONSTRAINT "ck_committee_meeting_kind" CHECK (kind IN ('PLENARY', 'SPECIAL_TOPIC')),
        CONSTRAINT "pk_committee_meeting" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_committee_meeting_committee" ON "committee_meeting"("committee_id", "held_on", "id") `);
    await q.query(`CREATE INDEX "ix_committee_meeting_region" ON "committee_meeting"("region_id", "held_on", "id") `);
    await q.query(`
      CREATE TABLE "meeting_decision" (
        "id" uuid NOT NULL,
        "meeting_id" uuid NOT NULL,
        "seq" integer NOT NULL,
        "content" text NOT NULL,
        CONSTRAINT "uq_meeting_decision_seq" UNIQUE ("meeting_id", "seq"),
        CONSTRAINT "pk_meeting_decision" PRIMARY KEY ("id")
      )`);
    await q.query(`
      CREATE TABLE "campaign" (
        "id" uuid NOT NULL,
        "committee_id" uuid NOT NULL,
        "region_id" uuid NOT NULL,
        "decision_id" uuid,
        "title" text NOT NULL,
        "description" text NOT NULL,
        "period_start" date NOT NULL,
        "period_end" date NOT NULL,
        "scope_region_ids" uuid array NOT NULL,
        "premises_kinds" text array NOT NULL,
        "hazard_item_codes" text array NOT NULL,
        "target_inspections" integer,
        "target_rectification_percent" integer,
        "created_by" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "version" integer NOT NULL,
        CONSTRAINT "ck_campaign_targets" CHECK ((target_inspections IS NULL OR target_inspections > 0)
          AND (target_rectification_percent IS NULL OR target_rectification_percent BETWEEN 1 AND 100)),
        CONSTRAINT "ck_campaign_period" CHECK (period_end >= period_start),
        CONSTRAINT "pk_campaign" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_campaign_region" ON "campaign"("region_id", "period_start", "id") `);
    await q.query(`
      CREATE TABLE "committee_task" (
        "id" uuid NOT NULL,
        "committee_id" uuid NOT NULL,
        "assigned_by_id" uuid NOT NULL,
        "assignee_id" uuid NOT NULL,
        "region_id" uuid NOT NULL,
        "source" text NOT NULL,
        "decision_id" uuid,
        "campaign_id" uuid,
        "parent_task_id" uuid,
        "title" text NOT NULL,
        "requirement" text NOT NULL,
        "assigned_on" date NOT NULL,
        "deadline" date NOT NULL,
        "deadline_working_days" integer,
        "evidence_required" boolean NOT NULL,
        "status" text NOT NULL,
        "policy_version" integer NOT NULL,
        "acknowledged_at" TIMESTAMP WITH TIME ZONE,
        "completion_reported_at" TIMESTAMP WITH TIME ZONE,
        "accepted_at" TIMESTAMP WITH TIME ZONE,
        "completed_on_time" boolean,
        "return_count" integer NOT NULL DEFAULT '0',
        "last_return_reason" text,
        "created_by" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "version" integer NOT NULL,
        CONSTRAINT "ck_committee_task_parent" CHECK ((source = 'PASSED_ON') = (parent_task_id IS NOT NULL)),
        CONSTRAINT "ck_committee_task_accepted" CHECK ((status = 'ACCEPTED') = (accepted_at IS NOT NULL)),
        CONSTRAINT "ck_committee_task_deadline" CHECK (deadline >= assigned_on),
        CONSTRAINT "ck_committee_task_source" CHECK (source IN ('DECISION', 'DEPLOYMENT', 'CAMPAIGN', 'SUPERVISION', 'PASSED_ON')),
        CONSTRAINT "ck_committee_task_status" CHECK (status IN ('ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS', 'COMPLETION_REPORTED', 'ACCEPTED')),
        CONSTRAINT "pk_committee_task" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_committee_task_campaign" ON "committee_task"("campaign_id") `);
    await q.query(`CREATE INDEX "ix_committee_task_parent" ON "committee_task"("parent_task_id") `);
    await q.query(`CREATE INDEX "ix_committee_task_committee" ON "committee_task"("committee_id", "deadline", "id") `);
    await q.query(`CREATE INDEX "ix_committee_task_assignee" ON "committee_task"("assignee_id", "deadline", "id") `);
    await q.query(`CREATE INDEX "ix_committee_task_region" ON "committee_task"("region_id", "deadline", "id") `);
    await q.query(`
      CREATE TABLE "committee_task_event" (
        "id" uuid NOT NULL,
        "seq" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        "task_id" uuid NOT NULL,
        "action" text NOT NULL,
        "at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "note" text,
        "attachments" jsonb NOT NULL,
        "actor" text NOT NULL,
        CONSTRAINT "ck_committee_task_event_action" CHECK (action IN ('ASSIGNED', 'ACKNOWLEDGED', 'PROGRESS_REPORTED', 'COMPLETION_REPORTED',
          'ACCEPTED', 'RETURNED', 'PASSED_ON', 'CORRECTED')),
        CONSTRAINT "pk_committee_task_event" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_committee_task_event_task" ON "committee_task_event"("task_id", "seq") `);
    await q.query(`
      CREATE TABLE "member_unit_duty_list" (
        "id" uuid NOT NULL,
        "member_unit_id" uuid NOT NULL,
        "region_id" uuid NOT NULL,
        "version" integer NOT NULL,
        "sector" text NOT NULL,
        "duties" jsonb NOT NULL,
        "note" text NOT NULL,
        "created_by" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "uq_member_unit_duty_list_version" UNIQUE ("member_unit_id", "version"),
        CONSTRAINT "ck_member_unit_duty_list_duties" CHECK (jsonb_typeof(duties) = 'array' AND jsonb_array_length(duties) >= 1),
        CONSTRAINT "ck_member_unit_duty_list_sector" CHECK (sector IN ('EDUCATION', 'CIVIL_AFFAIRS', 'HOUSING', 'MARKET_REGULATION',
          'CULTURE_TOURISM', 'HEALTH', 'EMERGENCY', 'PUBLIC_SECURITY', 'TRANSPORT', 'NATURAL_RESOURCES', 'AGRICULTURE', 'COMMERCE', 'OTHER')),
        CONSTRAINT "pk_member_unit_duty_list" PRIMARY KEY ("id")
      )`);
    await q.query(`
      CREATE TABLE "supervision_visit" (
        "id" uuid NOT NULL,
        "member_unit_id" uuid NOT NULL,
        "region_id" uuid NOT NULL,
        "visitor_organization_id" uuid NOT NULL,
        "visited_on" date NOT NULL,
        "visitors" text array NOT NULL,
        "summary" text NOT NULL,
        "attachments" jsonb NOT NULL,
        "recorded_by" text NOT NULL,
        "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_supervision_visit" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_supervision_visit_region" ON "supervision_visit"("region_id", "visited_on", "id") `);
    await q.query(`CREATE INDEX "ix_supervision_visit_unit" ON "supervision_visit"("member_unit_id", "visited_on", "id") `);
    await q.query(`
      CREATE TABLE "supervision_finding" (
        "id" uuid NOT NULL,
        "visit_id" uuid NOT NULL,
        "seq" integer NOT NULL,
        "description" text NOT NULL,
        "severity" text NOT NULL,
        "duty_code" text,
        "task_id" uuid,
        CONSTRAINT "uq_supervision_finding_seq" UNIQUE ("visit_id", "seq"),
        CONSTRAINT "ck_supervision_finding_severity" CHECK (severity IN ('GENERAL', 'SERIOUS')),
        CONSTRAINT "pk_supervision_finding" PRIMARY KEY ("id")
      )`);
    await q.query(`
      CREATE TABLE "member_unit_evaluation" (
        "id" uuid NOT NULL,
        "member_unit_id" uuid NOT NULL,
        "region_id" uuid NOT NULL,
        "year" integer NOT NULL,
        "policy_version" integer NOT NULL,
        "status" text NOT NULL,
        "scored_part" numeric(5,2),
        "scored_comment" text,
        "scored_by" text,
        "score" numeric(5,2),
        "grade" text,
        "breakdown" jsonb,
        "finalized_at" TIMESTAMP WITH TIME ZONE,
        "finalized_by" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "version" integer NOT NULL,
        CONSTRAINT "uq_member_unit_evaluation_year" UNIQUE ("member_unit_id", "year"),
        CONSTRAINT "ck_member_unit_evaluation_final" CHECK ((status = 'FINAL') = (finalized_at IS NOT NULL AND grade IS NOT NULL AND score IS NOT NULL)),
        CONSTRAINT "ck_member_unit_evaluation_grade" CHECK (grade IS NULL OR grade IN ('EXCELLENT', 'GOOD', 'COMPETENT', 'INCOMPETENT')),
        CONSTRAINT "ck_member_unit_evaluation_status" CHECK (status IN ('DRAFT', 'FINAL')),
        CONSTRAINT "pk_member_unit_evaluation" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_member_unit_evaluation_region" ON "member_unit_evaluation"("region_id", "year", "id") `);
    await q.query(`
      CREATE TABLE "investigation_task_citation" (
        "investigation_id" uuid NOT NULL,
        "task_id" uuid NOT NULL,
        "responsible_unit_id" uuid NOT NULL,
        "note" text NOT NULL,
        "cited_by" text NOT NULL,
        "cited_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_investigation_task_citation" PRIMARY KEY ("investigation_id", "task_id")
      )`);
    await q.query(`ALTER TABLE "premises" ADD "sector_unit_id" uuid`);
    await q.query(`CREATE INDEX "ix_premises_sector_unit" ON "premises"("sector_unit_id") `);
    await q.query(`ALTER TABLE "premises" ADD CONSTRAINT "fk_premises_sector_unit"
      FOREIGN KEY ("sector_unit_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "committee_meeting" ADD CONSTRAINT "fk_committee_meeting_committee"
      FOREIGN KEY ("committee_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "committee_meeting" ADD CONSTRAINT "fk_committee_meeting_region"
      FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "meeting_decision" ADD CONSTRAINT "fk_meeting_decision_meeting"
      FOREIGN KEY ("meeting_id") REFERENCES "committee_meeting"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "campaign" ADD CONSTRAINT "fk_campaign_committee"
      FOREIGN KEY ("committee_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "campaign" ADD CONSTRAINT "fk_campaign_region"
      FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "campaign" ADD CONSTRAINT "fk_campaign_decision"
      FOREIGN KEY ("decision_id") REFERENCES "meeting_decision"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "committee_task" ADD CONSTRAINT "fk_committee_task_committee"
      FOREIGN KEY ("committee_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "committee_task" ADD CONSTRAINT "fk_committee_task_assigned_by"
      FOREIGN KEY ("assigned_by_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "committee_task" ADD CONSTRAINT "fk_committee_task_assignee"
      FOREIGN KEY ("assignee_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "committee_task" ADD CONSTRAINT "fk_committee_task_region"
      FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "committee_task" ADD CONSTRAINT "fk_committee_task_decision"
      FOREIGN KEY ("decision_id") REFERENCES "meeting_decision"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "committee_task" ADD CONSTRAINT "fk_committee_task_campaign"
      FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "committee_task" ADD CONSTRAINT "fk_committee_task_parent"
      FOREIGN KEY ("parent_task_id") REFERENCES "committee_task"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "committee_task_event" ADD CONSTRAINT "fk_committee_task_event_task"
      FOREIGN KEY ("task_id") REFERENCES "committee_task"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "member_unit_duty_list" ADD CONSTRAINT "fk_member_unit_duty_list_unit"
      FOREIGN KEY ("member_unit_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "member_unit_duty_list" ADD CONSTRAINT "fk_member_unit_duty_list_region"
      FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "supervision_visit" ADD CONSTRAINT "fk_supervision_visit_unit"
      FOREIGN KEY ("member_unit_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "supervision_visit" ADD CONSTRAINT "fk_supervision_visit_region"
      FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "supervision_visit" ADD CONSTRAINT "fk_supervision_visit_visitor"
      FOREIGN KEY ("visitor_organization_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "supervision_finding" ADD CONSTRAINT "fk_supervision_finding_visit"
      FOREIGN KEY ("visit_id") REFERENCES "supervision_visit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "supervision_finding" ADD CONSTRAINT "fk_supervision_finding_task"
      FOREIGN KEY ("task_id") REFERENCES "committee_task"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "member_unit_evaluation" ADD CONSTRAINT "fk_member_unit_evaluation_unit"
      FOREIGN KEY ("member_unit_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "member_unit_evaluation" ADD CONSTRAINT "fk_member_unit_evaluation_region"
      FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "investigation_task_citation" ADD CONSTRAINT "fk_investigation_task_citation_investigation"
      FOREIGN KEY ("investigation_id") REFERENCES "investigation_case"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "investigation_task_citation" ADD CONSTRAINT "fk_investigation_task_citation_task"
      FOREIGN KEY ("task_id") REFERENCES "committee_task"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "investigation_task_citation" ADD CONSTRAINT "fk_investigation_task_citation_unit"
      FOREIGN KEY ("responsible_unit_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`INSERT INTO committee_policy (version, effective_from, task_max_deadline_days, evaluation_task_weight, evaluation_campaign_weight,
       evaluation_supervision_weight, evaluation_scored_weight, finding_deduction, excellent_min, good_min, competent_min, created_by)
     VALUES (1, '2000-01-01', 180, 40, 20, 20, 20, 2, 90, 80, 60, 'system:migration')`);

    await q.query(`ALTER TABLE warning_rule DROP CONSTRAINT ck_warning_rule_kind`);
    await q.query(`ALTER TABLE warning_rule ADD CONSTRAINT ck_warning_rule_kind CHECK (kind IN (
      'HAZARD_DUE_SOON', 'HAZARD_OVERDUE', 'MAJOR_HAZARD_OVERDUE', 'TOWNSHIP_OVERDUE_COUNT', 'FATAL_FIRE_RECENT', 'COMPLAINT_CHECK_DUE',
      'RISK_POINT_LEVEL', 'TASK_OVERDUE'))`);
    await q.query(`INSERT INTO warning_rule (code, kind, name, level, params, enabled, updated_by, version)
     VALUES ('task.overdue', 'TASK_OVERDUE', '委员会交办任务逾期未办结', 'ORANGE', '{"minDaysOverdue": 1}', true, 'system:migration', 1)`);

    await q.query(`ALTER TABLE record_correction DROP CONSTRAINT ck_record_correction_record_type`);
    await q.query(`ALTER TABLE record_correction ADD CONSTRAINT ck_record_correction_record_type CHECK (record_type IN (
      'Person', 'FireIncident', 'Hazard', 'VillageGuidance', 'WorkReport', 'Meeting', 'Task'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM record_correction WHERE record_type IN ('Meeting', 'Task')`);
    await q.query(`ALTER TABLE record_correction DROP CONSTRAINT ck_record_correction_record_type`);
    await q.query(`ALTER TABLE record_correction ADD CONSTRAINT ck_record_correction_record_type CHECK (record_type IN (
      'Person', 'FireIncident', 'Hazard', 'VillageGuidance', 'WorkReport'))`);
    await q.query(`DELETE FROM warning WHERE rule_code IN (SELECT code FROM warning_rule WHERE kind = 'TASK_OVERDUE')`);
    await q.query(`DELETE FROM warning_rule WHERE kind = 'TASK_OVERDUE'`);
    await q.query(`ALTER TABLE warning_rule DROP CONSTRAINT ck_warning_rule_kind`);
    await q.query(`ALTER TABLE warning_rule ADD CONSTRAINT ck_warning_rule_kind CHECK (kind IN (
      'HAZARD_DUE_SOON', 'HAZARD_OVERDUE', 'MAJOR_HAZARD_OVERDUE', 'TOWNSHIP_OVERDUE_COUNT', 'FATAL_FIRE_RECENT', 'COMPLAINT_CHECK_DUE',
      'RISK_POINT_LEVEL'))`);
    await q.query(`ALTER TABLE premises DROP CONSTRAINT fk_premises_sector_unit`);
    await q.query(`DROP INDEX ix_premises_sector_unit`);
    await q.query(`ALTER TABLE premises DROP COLUMN sector_unit_id`);
    await q.query(`DROP TABLE investigation_task_citation`);
    await q.query(`DROP TABLE member_unit_evaluation`);
    await q.query(`DROP TABLE supervision_finding`);
    await q.query(`DROP TABLE supervision_visit`);
    await q.query(`DROP TABLE member_unit_duty_list`);
    await q.query(`DROP TABLE committee_task_event`);
    await q.query(`DROP TABLE committee_task`);
    await q.query(`DROP TABLE campaign`);
    await q.query(`DROP TABLE meeting_decision`);
    await q.query(`DROP TABLE committee_meeting`);
    await q.query(`DROP TABLE committee_policy`);
  }
}
