import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Personnel (PER-1 .. PER-9): people (personal data encrypted), posts and their transitions, deviations from the
 * principle rules, and the versioned personnel policy with the domain defaults as version 1.
 */
export class Personnel1764561600000 implements MigrationInterface {
  name = 'Personnel1764561600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE person (
        id uuid NOT NULL,
        region_id uuid NOT NULL,
        name text NOT NULL,
        gender text NOT NULL,
        birth_date date NOT NULL,
        citizen_id_enc text NOT NULL,
        citizen_id_index text NOT NULL,
        citizen_id_masked text NOT NULL,
        phone_enc text NULL,
        phone_masked text NULL,
        education text NOT NULL,
        household_region_code text NOT NULL,
        residence_region_code text NOT NULL,
        establishment_unit text NOT NULL,
        establishment_type text NOT NULL,
        communication text NULL,
        communication_note text NULL,
        other_jobs text NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL,
        CONSTRAINT pk_person PRIMARY KEY (id),
        CONSTRAINT fk_person_region FOREIGN KEY (region_id) REFERENCES region (id) ON DELETE RESTRICT,
        CONSTRAINT uq_person_citizen_id_index UNIQUE (citizen_id_index),
        CONSTRAINT ck_person_gender CHECK (gender IN ('MALE', 'FEMALE')),
        CONSTRAINT ck_person_education CHECK (education IN ('PRIMARY', 'JUNIOR_HIGH', 'SENIOR_HIGH', 'SECONDARY_VOCATIONAL',
          'JUNIOR_COLLEGE', 'BACHELOR', 'MASTER', 'DOCTOR')),
        CONSTRAINT ck_person_establishment_type CHECK (establishment_type IN ('PUBLIC_SYSTEM', 'OUTSIDE')),
        CONSTRAINT ck_person_communication CHECK (communication IS NULL OR communication IN ('GOOD', 'ADEQUATE', 'INSUFFICIENT'))
      )`);
    await q.query(`CREATE INDEX ix_person_region ON person (region_id)`);

    await q.query(`
      CREATE TABLE post (
        id uuid NOT NULL,
        person_id uuid NOT NULL,
        organization_id uuid NOT NULL,
        state text NOT NULL,
        selected_on date NULL,
        exam_score integer NULL,
        exam_on date NULL,
        on_duty_from date NULL,
        left_on date NULL,
        leave_reason text NULL,
        eligibility_policy_version integer NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL,
        CONSTRAINT pk_post PRIMARY KEY (id),
        CONSTRAINT fk_post_person FOREIGN KEY (person_id) REFERENCES person (id) ON DELETE RESTRICT,
        CONSTRAINT fk_post_organization FOREIGN KEY (organization_id) REFERENCES organization (id) ON DELETE RESTRICT,
        CONSTRAINT ck_post_state CHECK (state IN ('CANDIDATE', 'SELECTED', 'IN_TRAINING', 'EXAM_PASSED', 'EXAM_FAILED', 'ON_DUTY', 'LEFT')),
        CONSTRAINT ck_post_leave_reason CHECK (leave_reason IS NULL OR leave_reason IN ('TRANSFER', 'RESIGNATION', 'DISMISSAL')),
        CONSTRAINT ck_post_exam_score CHECK (exam_score IS NULL OR exam_score BETWEEN 0 AND 100)
      )`);
    await q.query(`CREATE INDEX ix_post_organization_state ON post (organization_id, state)`);
    await q.query(`CREATE INDEX ix_post_person ON post (person_id)`);
    // one open post per person at a time
    await q.query(`CREATE UNIQUE INDEX uq_post_person_open ON post (person_id) WHERE state <> 'LEFT'`);

    await q.query(`
      CREATE TABLE post_transition (
        id uuid NOT NULL,
        post_id uuid NOT NULL,
        from_state text NULL,
        to_state text NOT NULL,
        at timestamptz NOT NULL,
        actor text NOT NULL,
        note text NULL,
        CONSTRAINT pk_post_transition PRIMARY KEY (id),
        CONSTRAINT fk_post_transition_post FOREIGN KEY (post_id) REFERENCES post (id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX ix_post_transition_post ON post_transition (post_id, at)`);

    await q.query(`
      CREATE TABLE eligibility_deviation (
        id uuid NOT NULL,
        person_id uuid NOT NULL,
        organization_id uuid NOT NULL,
        rule text NOT NULL,
        justification text NOT NULL,
        status text NOT NULL,
        requested_by text NOT NULL,
        requested_at timestamptz NOT NULL,
        decided_by text NULL,
        decided_at timestamptz NULL,
        decision_note text NULL,
        version integer NOT NULL,
        CONSTRAINT pk_eligibility_deviation PRIMARY KEY (id),
        CONSTRAINT fk_eligibility_deviation_person FOREIGN KEY (person_id) REFERENCES person (id) ON DELETE RESTRICT,
        CONSTRAINT fk_eligibility_deviation_organization FOREIGN KEY (organization_id) REFERENCES organization (id) ON DELETE RESTRICT,
        CONSTRAINT ck_eligibility_deviation_rule CHECK (rule IN ('PER_2', 'PER_8')),
        CONSTRAINT ck_eligibility_deviation_status CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED'))
      )`);
    await q.query(`CREATE INDEX ix_eligibility_deviation_person ON eligibility_deviation (person_id, organization_id)`);
    // one pending or approved deviation per person, post and rule (two concurrent requests: one CONFLICT)
    await q.query(`CREATE UNIQUE INDEX uq_eligibility_deviation_open ON eligibility_deviation (person_id, organization_id, rule) WHERE status <> 'REJECTED'`);

    await q.query(`
      CREATE TABLE personnel_policy (
        version integer NOT NULL,
        effective_from date NOT NULL,
        min_age integer NOT NULL,
        max_age integer NOT NULL,
        min_education text NOT NULL,
        exam_pass_mark integer NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_personnel_policy PRIMARY KEY (version),
        CONSTRAINT ck_personnel_policy_ages CHECK (min_age >= 16 AND max_age <= 70 AND min_age <= max_age),
        CONSTRAINT ck_personnel_policy_pass_mark CHECK (exam_pass_mark BETWEEN 0 AND 100),
        CONSTRAINT ck_personnel_policy_education CHECK (min_education IN ('PRIMARY', 'JUNIOR_HIGH', 'SENIOR_HIGH',
          'SECONDARY_VOCATIONAL', 'JUNIOR_COLLEGE', 'BACHELOR', 'MASTER', 'DOCTOR'))
      )`);
    // the plan's values (PER-3, PER-5) and the domain default pass mark (PER-7)
    await q.query(`
      INSERT INTO personnel_policy (version, effective_from, min_age, max_age, min_education, exam_pass_mark, created_by)
      VALUES (1, '2000-01-01', 18, 45, 'SENIOR_HIGH', 60, 'system:migration')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE personnel_policy`);
    await q.query(`DROP TABLE eligibility_deviation`);
    await q.query(`DROP TABLE post_transition`);
    await q.query(`DROP TABLE post`);
    await q.query(`DROP TABLE person`);
  }
}
