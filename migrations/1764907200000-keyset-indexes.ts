import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Performance at province scale (docs/performance.md): every connection is keyset-paginated on an index of its order
 * (the order's columns, then the id), and a county's hazards page is read region by region. Which query each index
 * serves is listed beside it and in docs/performance.md. Drafted from the entities
 * (`node dist/src/database/cli/pending-sql.js`), reviewed by hand; the duty-report index is on an expression,
 * which TypeORM cannot declare, so the entity names it with `synchronize: false`.
 *
 * A migration runs in a transaction, so these are built with a write lock on each table (about a second for a
 * million hazards here). On a large live database an operator may first build them with CREATE INDEX CONCURRENTLY
 * under the same names: every statement here is IF NOT EXISTS / IF EXISTS, so the migration then only records itself.
 */
export class KeysetIndexes1764907200000 implements MigrationInterface {
  name = 'KeysetIndexes1764907200000';

  async up(q: QueryRunner): Promise<void> {
    // hazards: a county's or township's page, read per region (work-scope.ts regionalPage), unfiltered or by status;
    // the status index also answers the page's totalCount with an index-only scan. fireSituation's "hazards found in
    // the period" per region uses the first one.
    // replaces (region_id, found_on): the id makes the order total
    await q.query(`CREATE INDEX IF NOT EXISTS "ix_hazard_region_found_id" ON "hazard" ("region_id", "found_on", "id")`);
    await q.query(`DROP INDEX IF EXISTS "ix_hazard_region_found"`);
    await q.query(`CREATE INDEX IF NOT EXISTS "ix_hazard_region_status_found" ON "hazard" ("region_id", "status", "found_on", "id")`);
    // one index per connection whose keyset order had none (the connection in the comment)
    await q.query(`CREATE INDEX IF NOT EXISTS "ix_region_level_order" ON "region" ("level", "sort_order", "id")`); // regions(level:)
    await q.query(`CREATE INDEX IF NOT EXISTS "ix_region_order" ON "region" ("sort_order", "id")`); // regions, unfiltered
    await q.query(`CREATE INDEX IF NOT EXISTS "ix_organization_name" ON "organization" ("name", "id")`); // organizations, stations
    await q.query(`CREATE INDEX IF NOT EXISTS "ix_person_name" ON "person" ("name", "id")`); // people
    await q.query(`CREATE INDEX IF NOT EXISTS "ix_investigation_case_opened" ON "investigation_case" ("opened_at", "id")`); // investigations
    await q.query(`CREATE INDEX IF NOT EXISTS "ix_work_report_submitted" ON "work_report" ("submitted_at", "id")`); // workReports
    await q.query(`CREATE INDEX IF NOT EXISTS "ix_inspection_plan_start" ON "inspection_plan" ("period_start", "id")`); // inspectionPlans
    await q.query(`CREATE INDEX IF NOT EXISTS "ix_inspection_date" ON "inspection" ("inspected_on", "id")`); // inspections
    await q.query(`CREATE INDEX IF NOT EXISTS "ix_complaint_received" ON "complaint" ("received_at", "id")`); // complaints
    await q.query(`CREATE INDEX IF NOT EXISTS "ix_training_activity_date" ON "training_activity" ("held_on", "id")`); // activities
    await q.query(`CREATE INDEX IF NOT EXISTS "ix_course_start" ON "course" ("starts_on", "id")`); // courses
    await q.query(`CREATE INDEX IF NOT EXISTS "ix_exam_held" ON "exam" ("held_on", "id")`); // exams
    await q.query(`CREATE INDEX IF NOT EXISTS "ix_good_practice_submitted" ON "good_practice" ("submitted_at", "id")`); // goodPractices
    await q.query(`CREATE INDEX IF NOT EXISTS "ix_guidance_visit_date" ON "guidance_visit" ("visited_on", "id")`); // guidanceVisits
    await q.query(`CREATE INDEX IF NOT EXISTS "ix_evaluation_result_finalized" ON "evaluation_result" ("finalized_at", "id")`); // evaluations
    await q.query(`CREATE INDEX IF NOT EXISTS "ix_accountability_case_created" ON "accountability_case" ("created_at", "id")`); // accountabilityCases
    await q.query(`CREATE INDEX IF NOT EXISTS "ix_duty_report_month" ON "duty_report" ((year * 100 + month), "id")`); // dutyReports
  }

  async down(q: QueryRunner): Promise<void> {
    for (const name of [
      'ix_duty_report_month', 'ix_accountability_case_created', 'ix_evaluation_result_finalized', 'ix_guidance_visit_date',
      'ix_good_practice_submitted', 'ix_exam_held', 'ix_course_start', 'ix_training_activity_date', 'ix_complaint_received',
      'ix_inspection_date', 'ix_inspection_plan_start', 'ix_work_report_submitted', 'ix_investigation_case_opened',
      'ix_person_name', 'ix_organization_name', 'ix_region_order', 'ix_region_level_order', 'ix_hazard_region_status_found',
      'ix_hazard_region_found_id',
    ]) {
      await q.query(`DROP INDEX IF EXISTS "${name}"`);
    }
    await q.query(`CREATE INDEX IF NOT EXISTS "ix_hazard_region_found" ON "hazard" ("region_id", "found_on")`);
  }
}
