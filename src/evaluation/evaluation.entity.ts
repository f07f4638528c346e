import { Check, Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import type { Relation } from 'typeorm';
import { PeriodKind } from '../common/period';
import { NUMERIC, Ref } from '../database/ref';
import { Organization } from '../organization/organization.entity';
import { sqlList } from '../organization/organization.enums';
import { Region } from '../organization/region.entity';
import { Grade, SubjectKind } from './evaluation.enums';
import type { Breakdown } from './evaluation.rules';

const GRADES = sqlList(Object.values(Grade));
const SUBJECTS = sqlList(Object.values(SubjectKind));

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
