import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attachments (uploaded files, content-addressed, linked to the records that carry them) and training (TRN-1 ..
 * TRN-3, ORG-6): activities and drills, courses, sessions and attendance, the one exam model (PER-7, EVA-2),
 * village guidance and visits, good practices. Drafted from the entities (`node dist/src/database/cli/pending-sql.js`),
 * reviewed by hand. Attachments recorded before this migration keep the reference they were given.
 */
export class AttachmentsAndTraining1764734400000 implements MigrationInterface {
  name = 'AttachmentsAndTraining1764734400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "stored_file" (
        "sha256" text NOT NULL,
        "size_bytes" integer NOT NULL,
        "media_type" text NOT NULL,
        "extension" text NOT NULL,
        "stored_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "ck_stored_file_size" CHECK (size_bytes > 0),
        CONSTRAINT "ck_stored_file_sha256" CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        CONSTRAINT "pk_stored_file" PRIMARY KEY ("sha256")
      )`);
    await q.query(`
      CREATE TABLE "attachment_upload" (
        "id" uuid NOT NULL,
        "sha256" text NOT NULL,
        "name" text NOT NULL,
        "uploader_id" text,
        "uploaded_by" text NOT NULL,
        "uploaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_attachment_upload" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_attachment_upload_file_uploader" ON "attachment_upload"  ("sha256", "uploader_id") `);
    await q.query(`
      CREATE TABLE "attachment_link" (
        "id" uuid NOT NULL,
        "sha256" text NOT NULL,
        "owner_kind" text NOT NULL,
        "owner_id" uuid NOT NULL,
        "linked_by" text NOT NULL,
        "linked_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_attachment_link" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_attachment_link_owner" ON "attachment_link"  ("owner_kind", "owner_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_attachment_link" ON "attachment_link"  ("sha256", "owner_kind", "owner_id") `);
    await q.query(`
      CREATE TABLE "training_activity" (
        "id" uuid NOT NULL,
        "kind" text NOT NULL,
        "title" text NOT NULL,
        "held_on" date NOT NULL,
        "region_id" uuid NOT NULL,
        "organizer" text NOT NULL,
        "audiences" text array NOT NULL,
        "participant_count" integer NOT NULL,
        "content" text NOT NULL,
        "attachments" jsonb NOT NULL,
        "scenario" text,
        "duration_minutes" integer,
        "assessment" text,
        "recorded_by" text NOT NULL,
        "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "ck_training_activity_drill" CHECK ((kind = 'DRILL') = (scenario IS NOT NULL AND duration_minutes IS NOT NULL AND assessment IS NOT NULL)),
        CONSTRAINT "ck_training_activity_participants" CHECK (participant_count > 0),
        CONSTRAINT "ck_training_activity_kind" CHECK (kind IN ('PUBLICITY', 'EDUCATION', 'TRAINING', 'DRILL')),
        CONSTRAINT "pk_training_activity" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_training_activity_region_date" ON "training_activity"  ("region_id", "held_on") `);
    await q.query(`
      CREATE TABLE "course" (
        "id" uuid NOT NULL,
        "kind" text NOT NULL,
        "title" text NOT NULL,
        "region_id" uuid NOT NULL,
        "organizer" text NOT NULL,
        "starts_on" date NOT NULL,
        "ends_on" date NOT NULL,
        "description" text,
        "created_by" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "ck_course_dates" CHECK (ends_on >= starts_on),
        CONSTRAINT "ck_course_kind" CHECK (kind IN ('PRE_JOB', 'QUARTERLY_THEORY', 'OTHER')),
        CONSTRAINT "pk_course" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_course_region_start" ON "course"  ("region_id", "starts_on") `);
    await q.query(`
      CREATE TABLE "course_session" (
        "id" uuid NOT NULL,
        "course_id" uuid NOT NULL,
        "held_on" date NOT NULL,
        "topic" text NOT NULL,
        "hours" numeric(4,1) NOT NULL,
        "teacher" text,
        "created_by" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "ck_course_session_hours" CHECK (hours > 0 AND hours <= 24),
        CONSTRAINT "pk_course_session" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_course_session_course" ON "course_session"  ("course_id", "held_on") `);
    await q.query(`
      CREATE TABLE "course_attendance" (
        "session_id" uuid NOT NULL,
        "person_id" uuid NOT NULL,
        "status" text NOT NULL,
        "note" text,
        "recorded_by" text NOT NULL,
        "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "ck_course_attendance_status" CHECK (status IN ('PRESENT', 'ABSENT', 'EXCUSED')),
        CONSTRAINT "pk_course_attendance" PRIMARY KEY ("session_id", "person_id")
      )`);
    await q.query(`CREATE INDEX "ix_course_attendance_person" ON "course_attendance"  ("person_id") `);
    await q.query(`
      CREATE TABLE "exam" (
        "id" uuid NOT NULL,
        "kind" text NOT NULL,
        "title" text NOT NULL,
        "course_id" uuid,
        "region_id" uuid NOT NULL,
        "held_on" date NOT NULL,
        "pass_mark" integer NOT NULL,
        "policy_version" integer NOT NULL,
        "created_by" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "ck_exam_pass_mark" CHECK (pass_mark BETWEEN 0 AND 100),
        CONSTRAINT "ck_exam_kind" CHECK (kind IN ('PRE_JOB', 'QUARTERLY_THEORY', 'OTHER')),
        CONSTRAINT "pk_exam" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_exam_kind_held" ON "exam"  ("kind", "held_on") `);
    await q.query(`
      CREATE TABLE "exam_result" (
        "id" uuid NOT NULL,
        "exam_id" uuid NOT NULL,
        "person_id" uuid NOT NULL,
        "post_id" uuid,
        "score" integer NOT NULL,
        "passed" boolean NOT NULL,
        "sat_on" date NOT NULL,
        "recorded_by" text NOT NULL,
        "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "uq_exam_result_person" UNIQUE ("exam_id", "person_id"),
        CONSTRAINT "ck_exam_result_score" CHECK (score BETWEEN 0 AND 100),
        CONSTRAINT "pk_exam_result" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_exam_result_person" ON "exam_result"  ("person_id", "sat_on") `);
    await q.query(`
      CREATE TABLE "good_practice" (
        "id" uuid NOT NULL,
        "region_id" uuid NOT NULL,
        "county_path" text NOT NULL,
        "title" text NOT NULL,
        "problem" text NOT NULL,
        "actions" text NOT NULL,
        "results" text NOT NULL,
        "attachments" jsonb NOT NULL,
        "status" text NOT NULL,
        "review_comment" text,
        "submitted_by" text NOT NULL,
        "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "published_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "version" integer NOT NULL,
        CONSTRAINT "ck_good_practice_status" CHECK (status IN ('SUBMITTED', 'RETURNED', 'ACCEPTED', 'PUBLISHED')),
        CONSTRAINT "pk_good_practice" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_good_practice_county_status" ON "good_practice"  ("county_path", "status") `);
    await q.query(`CREATE INDEX "ix_good_practice_region" ON "good_practice"  ("region_id", "status") `);
    await q.query(`
      CREATE TABLE "good_practice_event" (
        "id" uuid NOT NULL,
        "practice_id" uuid NOT NULL,
        "action" text NOT NULL,
        "from_status" text,
        "to_status" text NOT NULL,
        "note" text,
        "actor" text NOT NULL,
        "at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "ck_good_practice_event_action" CHECK (action IN ('SUBMIT', 'REVISE', 'RETURN', 'ACCEPT', 'PUBLISH')),
        CONSTRAINT "pk_good_practice_event" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_good_practice_event_practice" ON "good_practice_event"  ("practice_id", "at") `);
    await q.query(`
      CREATE TABLE "village_guidance" (
        "village_id" uuid NOT NULL,
        "manager_name" text,
        "manager_phone_enc" text,
        "manager_phone_masked" text,
        "manager_appointed_on" date,
        "pledge_adopted_on" date,
        "pledge_attachments" jsonb NOT NULL,
        "team_kind" text NOT NULL,
        "team_name" text,
        "team_head" text,
        "team_members" jsonb NOT NULL,
        "equipment" jsonb NOT NULL,
        "updated_by" text NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "version" integer NOT NULL,
        CONSTRAINT "ck_village_guidance_team_kind" CHECK (team_kind IN ('VOLUNTEER_TEAM', 'MICRO_STATION', 'NONE')),
        CONSTRAINT "pk_village_guidance" PRIMARY KEY ("village_id")
      )`);
    await q.query(`
      CREATE TABLE "guidance_visit" (
        "id" uuid NOT NULL,
        "village_id" uuid NOT NULL,
        "visited_on" date NOT NULL,
        "visitors" text array NOT NULL,
        "content" text NOT NULL,
        "findings" text,
        "attachments" jsonb NOT NULL,
        "recorded_by" text NOT NULL,
        "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_guidance_visit" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_guidance_visit_village" ON "guidance_visit"  ("village_id", "visited_on") `);
    await q.query(`ALTER TABLE "attachment_upload" ADD CONSTRAINT "fk_attachment_upload_file"
      FOREIGN KEY ("sha256") REFERENCES "stored_file"("sha256") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "attachment_link" ADD CONSTRAINT "fk_attachment_link_file"
      FOREIGN KEY ("sha256") REFERENCES "stored_file"("sha256") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "training_activity" ADD CONSTRAINT "fk_training_activity_region"
      FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "course" ADD CONSTRAINT "fk_course_region"
      FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "course_session" ADD CONSTRAINT "fk_course_session_course"
      FOREIGN KEY ("course_id") REFERENCES "course"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "course_attendance" ADD CONSTRAINT "fk_course_attendance_session"
      FOREIGN KEY ("session_id") REFERENCES "course_session"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "course_attendance" ADD CONSTRAINT "fk_course_attendance_person"
      FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "exam" ADD CONSTRAINT "fk_exam_course"
      FOREIGN KEY ("course_id") REFERENCES "course"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "exam" ADD CONSTRAINT "fk_exam_region"
      FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "exam_result" ADD CONSTRAINT "fk_exam_result_exam"
      FOREIGN KEY ("exam_id") REFERENCES "exam"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "exam_result" ADD CONSTRAINT "fk_exam_result_person"
      FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "exam_result" ADD CONSTRAINT "fk_exam_result_post"
      FOREIGN KEY ("post_id") REFERENCES "post"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "good_practice" ADD CONSTRAINT "fk_good_practice_region"
      FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "good_practice_event" ADD CONSTRAINT "fk_good_practice_event_practice"
      FOREIGN KEY ("practice_id") REFERENCES "good_practice"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "village_guidance" ADD CONSTRAINT "fk_village_guidance_village"
      FOREIGN KEY ("village_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "guidance_visit" ADD CONSTRAINT "fk_guidance_visit_village"
      FOREIGN KEY ("village_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE guidance_visit`);
    await q.query(`DROP TABLE village_guidance`);
    await q.query(`DROP TABLE good_practice_event`);
    await q.query(`DROP TABLE good_practice`);
    await q.query(`DROP TABLE exam_result`);
    await q.query(`DROP TABLE exam`);
    await q.query(`DROP TABLE course_attendance`);
    await q.query(`DROP TABLE course_session`);
    await q.query(`DROP TABLE course`);
    await q.query(`DROP TABLE training_activity`);
    await q.query(`DROP TABLE attachment_link`);
    await q.query(`DROP TABLE attachment_upload`);
    await q.query(`DROP TABLE stored_file`);
  }
}
