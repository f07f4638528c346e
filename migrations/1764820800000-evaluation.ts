import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Evaluation (EVA-1 .. EVA-6): the versioned evaluation policy (version 1 holds the domain defaults), monthly work
 * reports and their two scores (EVA-5), anonymous appraisal ballots with participation kept apart, finalized
 * results with their breakdowns and versions, accountability cases, and the job's periods and reminders. Drafted
 * from the entities (`node dist/src/database/cli/pending-sql.js`), reviewed by hand.
 */
export class Evaluation1764820800000 implements MigrationInterface {
  name = 'Evaluation1764820800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "evaluation_policy" (
        "version" integer NOT NULL,
        "effective_from" date NOT NULL,
        "monthly_report_weight" integer NOT NULL,
        "monthly_appraisal_weight" integer NOT NULL,
        "quarterly_exam_weight" integer NOT NULL,
        "quarterly_appraisal_weight" integer NOT NULL,
        "annual_monthly_weight" integer NOT NULL,
        "annual_quarterly_weight" integer NOT NULL,
        "center_weight" integer NOT NULL,
        "township_weight" integer NOT NULL,
        "excellent_min" numeric(5,2) NOT NULL,
        "good_min" numeric(5,2) NOT NULL,
        "competent_min" numeric(5,2) NOT NULL,
        "excellent_cap_percent" integer,
        "appraisal_trim_above" integer NOT NULL,
        "annual_min_months" integer NOT NULL,
        "rater_roles" text array NOT NULL,
        "grade_labels" jsonb NOT NULL,
        "created_by" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "ck_evaluation_policy_trim" CHECK (appraisal_trim_above >= 2),
        CONSTRAINT "ck_evaluation_policy_months" CHECK (annual_min_months BETWEEN 1 AND 12),
        CONSTRAINT "ck_evaluation_policy_cap" CHECK (excellent_cap_percent IS NULL OR excellent_cap_percent BETWEEN 0 AND 100),
        CONSTRAINT "ck_evaluation_policy_cutoffs" CHECK (0 <= competent_min AND competent_min < good_min AND good_min < excellent_min AND excellent_min <= 100),
        CONSTRAINT "ck_evaluation_policy_sides" CHECK (center_weight + township_weight = 100),
        CONSTRAINT "ck_evaluation_policy_annual" CHECK (annual_monthly_weight + annual_quarterly_weight = 100),
        CONSTRAINT "ck_evaluation_policy_quarterly" CHECK (quarterly_exam_weight + quarterly_appraisal_weight = 100),
        CONSTRAINT "ck_evaluation_policy_monthly" CHECK (monthly_report_weight + monthly_appraisal_weight = 100),
        CONSTRAINT "pk_evaluation_policy" PRIMARY KEY ("version")
      )`);
    await q.query(`
      CREATE TABLE "duty_report" (
        "id" uuid NOT NULL,
        "subject_kind" text NOT NULL,
        "subject_id" uuid NOT NULL,
        "station_id" uuid NOT NULL,
        "region_id" uuid NOT NULL,
        "year" integer NOT NULL,
        "month" integer NOT NULL,
        "content" text NOT NULL,
        "attachments" jsonb NOT NULL,
        "submitted_by" text NOT NULL,
        "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "version" integer NOT NULL,
        CONSTRAINT "uq_duty_report_subject_month" UNIQUE ("subject_kind", "subject_id", "year", "month"),
        CONSTRAINT "ck_duty_report_month" CHECK (month BETWEEN 1 AND 12),
        CONSTRAINT "ck_duty_report_subject" CHECK (subject_kind IN ('PERSON', 'STATION')),
        CONSTRAINT "pk_duty_report" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_duty_report_station_month" ON "duty_report"  ("station_id", "year", "month")`);
    await q.query(`
      CREATE TABLE "duty_report_score" (
        "report_id" uuid NOT NULL,
        "side" text NOT NULL,
        "score" integer NOT NULL,
        "comment" text,
        "correction_reason" text,
        "scored_by" text NOT NULL,
        "scored_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "ck_duty_report_score_score" CHECK (score BETWEEN 0 AND 100),
        CONSTRAINT "ck_duty_report_score_side" CHECK (side IN ('CENTER', 'TOWNSHIP')),
        CONSTRAINT "pk_duty_report_score" PRIMARY KEY ("report_id", "side")
      )`);
    await q.query(`
      CREATE TABLE "appraisal_ballot" (
        "id" uuid NOT NULL,
        "station_id" uuid NOT NULL,
        "period_kind" text NOT NULL,
        "year" integer NOT NULL,
        "number" integer NOT NULL,
        "valid" boolean NOT NULL,
        CONSTRAINT "ck_appraisal_ballot_period" CHECK (period_kind IN ('MONTH', 'QUARTER')),
        CONSTRAINT "pk_appraisal_ballot" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_appraisal_ballot_round" ON "appraisal_ballot"  ("station_id", "period_kind", "year", "number")`);
    await q.query(`
      CREATE TABLE "appraisal_ballot_score" (
        "ballot_id" uuid NOT NULL,
        "subject_kind" text NOT NULL,
        "subject_id" uuid NOT NULL,
        "score" integer NOT NULL,
        CONSTRAINT "ck_appraisal_ballot_score_score" CHECK (score BETWEEN 0 AND 100),
        CONSTRAINT "ck_appraisal_ballot_score_subject" CHECK (subject_kind IN ('PERSON', 'STATION')),
        CONSTRAINT "pk_appraisal_ballot_score" PRIMARY KEY ("ballot_id", "subject_kind", "subject_id")
      )`);
    await q.query(`
      CREATE TABLE "appraisal_participation" (
        "station_id" uuid NOT NULL,
        "period_kind" text NOT NULL,
        "year" integer NOT NULL,
        "number" integer NOT NULL,
        "rater_id" text NOT NULL,
        "rater_role" text NOT NULL,
        "cast_on" date NOT NULL,
        CONSTRAINT "pk_appraisal_participation" PRIMARY KEY ("station_id", "period_kind", "year", "number", "rater_id")
      )`);
    await q.query(`
      CREATE TABLE "evaluation_result" (
        "id" uuid NOT NULL,
        "subject_kind" text NOT NULL,
        "subject_id" uuid NOT NULL,
        "subject_name" text NOT NULL,
        "station_id" uuid NOT NULL,
        "region_id" uuid NOT NULL,
        "period_kind" text NOT NULL,
        "year" integer NOT NULL,
        "number" integer NOT NULL,
        "version" integer NOT NULL,
        "current" boolean NOT NULL,
        "score" numeric(5,2) NOT NULL,
        "grade" text NOT NULL,
        "grade_label" text NOT NULL,
        "policy_version" integer NOT NULL,
        "breakdown" jsonb NOT NULL,
        "correction_reason" text,
        "finalized_by" text NOT NULL,
        "finalized_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "uq_evaluation_result_version" UNIQUE ("subject_kind", "subject_id", "period_kind", "year", "number", "version"),
        CONSTRAINT "ck_evaluation_result_correction" CHECK (version = 1 OR correction_reason IS NOT NULL),
        CONSTRAINT "ck_evaluation_result_score" CHECK (score BETWEEN 0 AND 100),
        CONSTRAINT "ck_evaluation_result_grade" CHECK (grade IN ('EXCELLENT', 'GOOD', 'COMPETENT', 'INCOMPETENT')),
        CONSTRAINT "ck_evaluation_result_subject" CHECK (subject_kind IN ('PERSON', 'STATION')),
        CONSTRAINT "pk_evaluation_result" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_evaluation_result_region" ON "evaluation_result"  ("region_id", "period_kind", "year")`);
    await q.query(`CREATE UNIQUE INDEX "uq_evaluation_result_current" ON "evaluation_result"
      ("subject_kind", "subject_id", "period_kind", "year", "number") WHERE current`);
    await q.query(`
      CREATE TABLE "accountability_case" (
        "id" uuid NOT NULL,
        "person_id" uuid NOT NULL,
        "person_name" text NOT NULL,
        "region_id" uuid NOT NULL,
        "year" integer NOT NULL,
        "previous_result_id" uuid NOT NULL,
        "result_id" uuid NOT NULL,
        "assessing_department" text NOT NULL,
        "establishment_unit" text NOT NULL,
        "status" text NOT NULL,
        "notified_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "interviewed_on" date,
        "interviewers" text,
        "outcome" text,
        "closed_by" text,
        "closed_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "version" integer NOT NULL,
        CONSTRAINT "uq_accountability_case_person_year" UNIQUE ("person_id", "year"),
        CONSTRAINT "ck_accountability_case_status" CHECK (status IN ('OPEN', 'CLOSED', 'WITHDRAWN')),
        CONSTRAINT "pk_accountability_case" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_accountability_case_region" ON "accountability_case"  ("region_id", "status")`);
    await q.query(`
      CREATE TABLE "evaluation_period" (
        "period_kind" text NOT NULL,
        "year" integer NOT NULL,
        "number" integer NOT NULL,
        "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "opened_by" text NOT NULL,
        CONSTRAINT "ck_evaluation_period_kind" CHECK (period_kind IN ('MONTH', 'QUARTER')),
        CONSTRAINT "pk_evaluation_period" PRIMARY KEY ("period_kind", "year", "number")
      )`);
    await q.query(`
      CREATE TABLE "evaluation_reminder" (
        "id" uuid NOT NULL,
        "station_id" uuid NOT NULL,
        "region_id" uuid NOT NULL,
        "period_kind" text NOT NULL,
        "year" integer NOT NULL,
        "number" integer NOT NULL,
        "kind" text NOT NULL,
        "audience" text NOT NULL,
        "subjects" jsonb NOT NULL,
        "reminded_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "uq_evaluation_reminder" UNIQUE ("station_id", "period_kind", "year", "number", "kind"),
        CONSTRAINT "ck_evaluation_reminder_kind" CHECK (kind IN ('REPORT_MISSING', 'CENTER_SCORE_MISSING', 'TOWNSHIP_SCORE_MISSING', 'APPRAISAL_MISSING')),
        CONSTRAINT "pk_evaluation_reminder" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_evaluation_reminder_region" ON "evaluation_reminder"  ("region_id")`);
    await q.query(`ALTER TABLE "duty_report" ADD CONSTRAINT "fk_duty_report_station"
      FOREIGN KEY ("station_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "duty_report" ADD CONSTRAINT "fk_duty_report_region"
      FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "duty_report_score" ADD CONSTRAINT "fk_duty_report_score_report"
      FOREIGN KEY ("report_id") REFERENCES "duty_report"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "appraisal_ballot" ADD CONSTRAINT "fk_appraisal_ballot_station"
      FOREIGN KEY ("station_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "appraisal_ballot_score" ADD CONSTRAINT "fk_appraisal_ballot_score_ballot"
      FOREIGN KEY ("ballot_id") REFERENCES "appraisal_ballot"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "appraisal_participation" ADD CONSTRAINT "fk_appraisal_participation_station"
      FOREIGN KEY ("station_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "evaluation_result" ADD CONSTRAINT "fk_evaluation_result_station"
      FOREIGN KEY ("station_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "evaluation_result" ADD CONSTRAINT "fk_evaluation_result_region"
      FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "accountability_case" ADD CONSTRAINT "fk_accountability_case_person"
      FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "accountability_case" ADD CONSTRAINT "fk_accountability_case_region"
      FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "accountability_case" ADD CONSTRAINT "fk_accountability_case_previous"
      FOREIGN KEY ("previous_result_id") REFERENCES "evaluation_result"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "accountability_case" ADD CONSTRAINT "fk_accountability_case_result"
      FOREIGN KEY ("result_id") REFERENCES "evaluation_result"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "evaluation_reminder" ADD CONSTRAINT "fk_evaluation_reminder_station"
      FOREIGN KEY ("station_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "evaluation_reminder" ADD CONSTRAINT "fk_evaluation_reminder_region"
      FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    // the domain defaults (../shared/domain.md), in force from the start
    await q.query(`
      INSERT INTO evaluation_policy (version, effective_from, monthly_report_weight, monthly_appraisal_weight, quarterly_exam_weight,
        quarterly_appraisal_weight, annual_monthly_weight, annual_quarterly_weight, center_weight, township_weight, excellent_min, good_min,
        competent_min, excellent_cap_percent, appraisal_trim_above, annual_min_months, rater_roles, grade_labels, created_by)
      VALUES (1, '2000-01-01', 50, 50, 50, 50, 40, 60, 50, 50, 90, 80, 60, 20, 5, 6, ARRAY['CENTER', 'TOWNSHIP_GOVERNMENT', 'MEMBER_UNIT'],
        '{"EXCELLENT": "优秀", "GOOD": "良好", "COMPETENT": "称职", "INCOMPETENT": "不称职"}', 'system:migration')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE evaluation_reminder`);
    await q.query(`DROP TABLE evaluation_period`);
    await q.query(`DROP TABLE accountability_case`);
    await q.query(`DROP TABLE evaluation_result`);
    await q.query(`DROP TABLE appraisal_participation`);
    await q.query(`DROP TABLE appraisal_ballot_score`);
    await q.query(`DROP TABLE appraisal_ballot`);
    await q.query(`DROP TABLE duty_report_score`);
    await q.query(`DROP TABLE duty_report`);
    await q.query(`DROP TABLE evaluation_policy`);
  }
}
