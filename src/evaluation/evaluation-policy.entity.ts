import { Check, Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { NUMERIC } from '../database/ref';
import { Grade } from './evaluation.enums';

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
