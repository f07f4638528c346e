import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { Attachment } from '../attachments/attachment.entity';
import { PeriodKind } from '../common/period';
import { NUMERIC, Ref } from '../database/ref';
import { Organization } from '../organization/organization.entity';
import { sqlList } from '../organization/organization.enums';
import { Region } from '../organization/region.entity';
import { Person } from '../personnel/person.entity';
import type { Breakdown } from './evaluation.rules';
import { InvestigationCase } from '../inspections/fire.entity';
import { AccountabilitySubjectKind, AccountabilityStatus, Grade, ReminderKind, ScoringSide, SubjectKind } from './evaluation.enums';

const GRADES = sqlList(Object.values(Grade));
const SUBJECTS = sqlList(Object.values(SubjectKind));

/**
 * The versioned evaluation policy (EVA-1 .. EVA-4; domain defaults in version 1). A period is evaluated with the
 * version in force on its first day, and the result keeps that version: publishing one never rewrites a result.
 */
@Entity('evaluation_policy')
@Check('ck_evaluation_policy_monthly', `monthly_report_weight + monthly_appraisal_weight = 100`)
@Check('ck_evaluation_policy_quarterly', `quarterly_exam_weight + quarterly_appraisal_weight = 100`)
@Check('ck_evaluation_policy_annual', `annual_monthly_weight + annual_quarterly_weight = 100`)
@Check('ck_evaluation_policy_sides', `center_weight + township_weight = 100`)
@Check('ck_evaluation_policy_cutoffs', `0 <= competent_min AND competent_min < good_min AND good_min < excellent_min AND excellent_min <= 100`)
@Check('ck_evaluation_policy_cap', `excellent_cap_percent IS NULL OR excellent_cap_percent BETWEEN 0 AND 100`)
@Check('ck_evaluation_policy_months', `annual_min_months BETWEEN 1 AND 12`)
@Check('ck_evaluation_policy_trim', `appraisal_trim_above >= 2`)
@Check('ck_evaluation_policy_min_ballots', `appraisal_min_ballots >= 3`)
export class EvaluationPolicy {
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'pk_evaluation_policy' }) version: number;
  /** The first day of a month: periods starting on or after it use this version. */
  @Column({ type: 'date' }) effectiveFrom: string;
  @Column({ type: 'integer' }) monthlyReportWeight: number;
  @Column({ type: 'integer' }) monthlyAppraisalWeight: number;
  @Column({ type: 'integer' }) quarterlyExamWeight: number;
  @Column({ type: 'integer' }) quarterlyAppraisalWeight: number;
  @Column({ type: 'integer' }) annualMonthlyWeight: number;
  @Column({ type: 'integer' }) annualQuarterlyWeight: number;
  @Column({ type: 'integer' }) centerWeight: number;
  @Column({ type: 'integer' }) townshipWeight: number;
  @Column({ type: 'numeric', precision: 5, scale: 2, transformer: NUMERIC }) excellentMin: number;
  @Column({ type: 'numeric', precision: 5, scale: 2, transformer: NUMERIC }) goodMin: number;
  @Column({ type: 'numeric', precision: 5, scale: 2, transformer: NUMERIC }) competentMin: number;
  /** At most this share (percent, rounded down) of each kind of subject of a county is EXCELLENT in a year; null: no cap. */
  @Column({ type: 'integer', nullable: true }) excellentCapPercent: number | null;
  /** With more valid ballots than this, a subject's highest and lowest appraisal scores are dropped. */
  @Column({ type: 'integer' }) appraisalTrimAbove: number;
  /** EVA-1, EVA-2: a round is finalized only with at least this many valid ballots (anonymity; never under 3). */
  @Column({ type: 'integer', default: 3 }) appraisalMinBallots: number;
  /** A complete year: at least this many months counted (on duty on their first day); fewer: no annual grade. */
  @Column({ type: 'integer' }) annualMinMonths: number;
  /** The roles whose accounts cast democratic appraisal ballots. */
  @Column({ type: 'text', array: true }) raterRoles: string[];
  @Column({ type: 'jsonb' }) gradeLabels: Record<Grade, string>;
  @Column({ type: 'text' }) createdBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** EVA-1: a month's work report (工作述职) of a person or of a station, submitted by the station. */
@Entity('duty_report')
// Province scale: the dutyReports connection's keyset order (an expression index, created by the migration)
@Index('ix_duty_report_month', { synchronize: false })
@Unique('uq_duty_report_subject_month', ['subjectKind', 'subjectId', 'year', 'month'])
@Index('ix_duty_report_station_month', ['stationId', 'year', 'month'])
@Check('ck_duty_report_subject', `subject_kind IN (${SUBJECTS})`)
@Check('ck_duty_report_month', `month BETWEEN 1 AND 12`)
export class DutyReport {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_duty_report' }) id: string;
  @Column({ type: 'text' }) subjectKind: SubjectKind;
  @Column({ type: 'uuid' }) subjectId: string;
  @Column({ type: 'uuid' }) stationId: string;
  @Ref(() => Organization, 'fk_duty_report_station', 'station_id') station?: Relation<Organization>;
  /** The station's township: jurisdiction. */
  @Column({ type: 'uuid' }) regionId: string;
  @Ref(() => Region, 'fk_duty_report_region', 'region_id') region?: Relation<Region>;
  @Column({ type: 'integer' }) year: number;
  @Column({ type: 'integer' }) month: number;
  @Column({ type: 'text' }) content: string;
  @Column({ type: 'jsonb' }) attachments: Attachment[];
  @Column({ type: 'text' }) submittedBy: string;
  @Column({ type: 'timestamptz' }) submittedAt: Date;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @VersionColumn() version: number;
}

/** EVA-5: one manager's score of a work report (one per side; scored again, it is replaced, audited). */
@Entity('duty_report_score')
@Check('ck_duty_report_score_side', `side IN (${sqlList(Object.values(ScoringSide))})`)
@Check('ck_duty_report_score_score', `score BETWEEN 0 AND 100`)
export class DutyReportScore {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_duty_report_score' }) reportId: string;
  @Ref(() => DutyReport, 'fk_duty_report_score_report', 'report_id') report?: Relation<DutyReport>;
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_duty_report_score' }) side: ScoringSide;
  @Column({ type: 'integer' }) score: number;
  @Column({ type: 'text', nullable: true }) comment: string | null;
  /** Why a score of a finalized month was changed. */
  @Column({ type: 'text', nullable: true }) correctionReason: string | null;
  @Column({ type: 'text' }) scoredBy: string;
  @Column({ type: 'timestamptz' }) scoredAt: Date;
  /** Raised by each re-scoring of this side (a second scorer does not silently replace the first: EVA-5). */
  @VersionColumn({ default: 1 }) version: number;
}

/**
 * A democratic appraisal ballot (民主评议) of a station's round (a month or a quarter). Anonymous: no rater, no
 * time; who has voted is kept apart in `appraisal_participation`, with nothing linking the two.
 */
@Entity('appraisal_ballot')
@Index('ix_appraisal_ballot_round', ['stationId', 'periodKind', 'year', 'number'])
@Check('ck_appraisal_ballot_period', `period_kind IN ('MONTH', 'QUARTER')`)
export class AppraisalBallot {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_appraisal_ballot' }) id: string;
  @Column({ type: 'uuid' }) stationId: string;
  @Ref(() => Organization, 'fk_appraisal_ballot_station', 'station_id') station?: Relation<Organization>;
  @Column({ type: 'text' }) periodKind: PeriodKind;
  @Column({ type: 'integer' }) year: number;
  @Column({ type: 'integer' }) number: number;
  /** Invalid: it gives every subject the same score (counted, not used). */
  @Column({ type: 'boolean' }) valid: boolean;
}

@Entity('appraisal_ballot_score')
@Check('ck_appraisal_ballot_score_subject', `subject_kind IN (${SUBJECTS})`)
@Check('ck_appraisal_ballot_score_score', `score BETWEEN 0 AND 100`)
export class AppraisalBallotScore {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_appraisal_ballot_score' }) ballotId: string;
  @Ref(() => AppraisalBallot, 'fk_appraisal_ballot_score_ballot', 'ballot_id') ballot?: Relation<AppraisalBallot>;
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_appraisal_ballot_score' }) subjectKind: SubjectKind;
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_appraisal_ballot_score' }) subjectId: string;
  @Column({ type: 'integer' }) score: number;
}

/** Who has cast a ballot in a round (one each), and on which day: never which ballot. */
@Entity('appraisal_participation')
export class AppraisalParticipation {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_appraisal_participation' }) stationId: string;
  @Ref(() => Organization, 'fk_appraisal_participation_station', 'station_id') station?: Relation<Organization>;
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_appraisal_participation' }) periodKind: PeriodKind;
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'pk_appraisal_participation' }) year: number;
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'pk_appraisal_participation' }) number: number;
  /** The rater's account (or key) id. */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_appraisal_participation' }) raterId: string;
  @Column({ type: 'text' }) raterRole: string;
  @Column({ type: 'date' }) castOn: string;
}

/**
 * EVA-3, EVA-4: a finalized evaluation of a subject for a month, quarter or year: score, grade, the policy version and the
 * breakdown it was computed with. Never updated but to mark it superseded: a correction is a new version.
 */
@Entity('evaluation_result')
@Index('ix_evaluation_result_finalized', ['finalizedAt', 'id'])
@Unique('uq_evaluation_result_version', ['subjectKind', 'subjectId', 'periodKind', 'year', 'number', 'version'])
@Index('uq_evaluation_result_current', ['subjectKind', 'subjectId', 'periodKind', 'year', 'number'], { unique: true, where: `current` })
@Index('ix_evaluation_result_region', ['regionId', 'periodKind', 'year'])
@Check('ck_evaluation_result_subject', `subject_kind IN (${SUBJECTS})`)
@Check('ck_evaluation_result_grade', `grade IN (${GRADES})`)
@Check('ck_evaluation_result_score', `score BETWEEN 0 AND 100`)
@Check('ck_evaluation_result_correction', `version = 1 OR correction_reason IS NOT NULL`)
export class EvaluationResult {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_evaluation_result' }) id: string;
  @Column({ type: 'text' }) subjectKind: SubjectKind;
  @Column({ type: 'uuid' }) subjectId: string;
  /** Whom the result is about, as named when it was finalized. */
  @Column({ type: 'text' }) subjectName: string;
  @Column({ type: 'uuid' }) stationId: string;
  @Ref(() => Organization, 'fk_evaluation_result_station', 'station_id') station?: Relation<Organization>;
  @Column({ type: 'uuid' }) regionId: string;
  @Ref(() => Region, 'fk_evaluation_result_region', 'region_id') region?: Relation<Region>;
  @Column({ type: 'text' }) periodKind: PeriodKind;
  @Column({ type: 'integer' }) year: number;
  @Column({ type: 'integer' }) number: number;
  @Column({ type: 'integer' }) version: number;
  @Column({ type: 'boolean' }) current: boolean;
  @Column({ type: 'numeric', precision: 5, scale: 2, transformer: NUMERIC }) score: number;
  @Column({ type: 'text' }) grade: Grade;
  /** The grade's label in the policy used (labels are configurable). */
  @Column({ type: 'text' }) gradeLabel: string;
  @Column({ type: 'integer' }) policyVersion: number;
  @Column({ type: 'jsonb' }) breakdown: Breakdown;
  @Column({ type: 'text', nullable: true }) correctionReason: string | null;
  @Column({ type: 'text' }) finalizedBy: string;
  @Column({ type: 'timestamptz' }) finalizedAt: Date;
}

/**
 * EVA-6: two consecutive INCOMPETENT years: interview by the assessing department and the establishment unit, report
 * to discipline. COM-6: a case against a member unit for non-implementation (工作不落实), opened by the investigating
 * office with its reason, the investigation and the tasks cited; it has no person nor evaluation results.
 */
@Entity('accountability_case')
@Index('ix_accountability_case_created', ['createdAt', 'id'])
@Unique('uq_accountability_case_person_year', ['personId', 'year'])
@Index('ix_accountability_case_region', ['regionId', 'status'])
@Index('ix_accountability_case_organization', ['organizationId'])
@Check('ck_accountability_case_status', `status IN (${sqlList(Object.values(AccountabilityStatus))})`)
@Check('ck_accountability_case_subject_kind', `subject_kind IN (${sqlList(Object.values(AccountabilitySubjectKind))})`)
@Check('ck_accountability_case_subject', `(subject_kind = 'PERSON' AND person_id IS NOT NULL AND previous_result_id IS NOT NULL AND result_id IS NOT NULL AND organization_id IS NULL AND task_ids IS NULL) OR (subject_kind = 'MEMBER_UNIT' AND organization_id IS NOT NULL AND reason IS NOT NULL AND task_ids IS NOT NULL AND person_id IS NULL AND previous_result_id IS NULL AND result_id IS NULL)`)
export class AccountabilityCase {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_accountability_case' }) id: string;
  @Column({ type: 'text', default: 'PERSON' }) subjectKind: AccountabilitySubjectKind;
  /** A person case's person (EVA-6); null for a member-unit case. */
  @Column({ type: 'uuid', nullable: true }) personId: string | null;
  @Ref(() => Person, 'fk_accountability_case_person', 'person_id', { nullable: true }) person?: Relation<Person> | null;
  /** Whom the case is about, as named when it was opened: the person's name, or the member unit's. */
  @Column({ type: 'text' }) personName: string;
  /** COM-6: a member-unit case's unit (an organization of kind MEMBER_UNIT). */
  @Column({ type: 'uuid', nullable: true }) organizationId: string | null;
  @Ref(() => Organization, 'fk_accountability_case_organization', 'organization_id', { nullable: true }) organization?: Relation<Organization> | null;
  /** COM-6: why the unit is held to account (required for a member-unit case). */
  @Column({ type: 'text', nullable: true }) reason: string | null;
  /** COM-6: the extended investigation (INS-6) the case comes from, if any. */
  @Column({ type: 'uuid', nullable: true }) investigationId: string | null;
  @Ref(() => InvestigationCase, 'fk_accountability_case_investigation', 'investigation_id', { nullable: true }) investigation?: Relation<InvestigationCase> | null;
  /** COM-6: the tasks not implemented that the case cites (committee_task ids); null for a person case. */
  @Column({ type: 'uuid', array: true, nullable: true }) taskIds: string[] | null;
  @Column({ type: 'uuid' }) regionId: string;
  @Ref(() => Region, 'fk_accountability_case_region', 'region_id') region?: Relation<Region>;
  /** The second INCOMPETENT year (EVA-6); a member-unit case: the year it was opened (Asia/Shanghai). */
  @Column({ type: 'integer' }) year: number;
  @Column({ type: 'uuid', nullable: true }) previousResultId: string | null;
  @Ref(() => EvaluationResult, 'fk_accountability_case_previous', 'previous_result_id', { nullable: true }) previousResult?: Relation<EvaluationResult> | null;
  @Column({ type: 'uuid', nullable: true }) resultId: string | null;
  @Ref(() => EvaluationResult, 'fk_accountability_case_result', 'result_id', { nullable: true }) result?: Relation<EvaluationResult> | null;
  @Column({ type: 'text' }) assessingDepartment: string;
  @Column({ type: 'text' }) establishmentUnit: string;
  @Column({ type: 'text' }) status: AccountabilityStatus;
  /** When the county discipline inspection commission was notified (the case opening). */
  @Column({ type: 'timestamptz' }) notifiedAt: Date;
  /** When `accountability_case.opened` reached the discipline commission's webhook (null: not yet, or none). */
  @Column({ type: 'timestamptz', nullable: true }) deliveredAt: Date | null;
  @Column({ type: 'date', nullable: true }) interviewedOn: string | null;
  @Column({ type: 'text', nullable: true }) interviewers: string | null;
  @Column({ type: 'text', nullable: true }) outcome: string | null;
  @Column({ type: 'text', nullable: true }) closedBy: string | null;
  @Column({ type: 'timestamptz', nullable: true }) closedAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @VersionColumn() version: number;
}

/** A month or quarter opened by the evaluation job at its start (idempotent; several instances may try). */
@Entity('evaluation_period')
@Check('ck_evaluation_period_kind', `period_kind IN ('MONTH', 'QUARTER')`)
export class EvaluationPeriod {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_evaluation_period' }) periodKind: PeriodKind;
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'pk_evaluation_period' }) year: number;
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'pk_evaluation_period' }) number: number;
  @Column({ type: 'timestamptz' }) openedAt: Date;
  @Column({ type: 'text' }) openedBy: string;
}

/** What is still missing for a station's open period, and who is to act: rewritten by each run of the job. */
@Entity('evaluation_reminder')
@Unique('uq_evaluation_reminder', ['stationId', 'periodKind', 'year', 'number', 'kind'])
@Index('ix_evaluation_reminder_region', ['regionId'])
@Index('ix_evaluation_reminder_period', ['year', 'periodKind', 'number', 'kind', 'id'])
@Check('ck_evaluation_reminder_kind', `kind IN (${sqlList(Object.values(ReminderKind))})`)
export class EvaluationReminder {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_evaluation_reminder' }) id: string;
  @Column({ type: 'uuid' }) stationId: string;
  @Ref(() => Organization, 'fk_evaluation_reminder_station', 'station_id') station?: Relation<Organization>;
  @Column({ type: 'uuid' }) regionId: string;
  @Ref(() => Region, 'fk_evaluation_reminder_region', 'region_id') region?: Relation<Region>;
  @Column({ type: 'text' }) periodKind: PeriodKind;
  @Column({ type: 'integer' }) year: number;
  @Column({ type: 'integer' }) number: number;
  @Column({ type: 'text' }) kind: ReminderKind;
  /** Whom it is for: the role that is to act. */
  @Column({ type: 'text' }) audience: string;
  /** The subjects concerned (names). */
  @Column({ type: 'jsonb' }) subjects: string[];
  @Column({ type: 'timestamptz' }) remindedAt: Date;
}
