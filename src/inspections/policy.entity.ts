import { Check, Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { FireLevelThresholds } from './fire-level';
import { FireLevel, RiskLevel } from './inspections.enums';
import { sqlList } from '../organization/organization.enums';

/**
 * The inspections policy (domain defaults, versioned): each version takes effect on a date and is never changed;
 * hazards, inspections, complaints and fires record the version they were judged with.
 */
@Entity('inspection_policy')
@Check('ck_inspection_policy_positive', `min_inspectors >= 1 AND order_within_working_days >= 0 AND default_deadline_days >= 1 AND recheck_within_working_days >= 0 AND major_report_days >= 0 AND complaint_urgent_hours >= 1 AND complaint_other_working_days >= 0 AND key_unit_interval_days >= 1 AND investigation_min_deaths >= 1`)
@Check('ck_inspection_policy_time_rules', `max_deadline_days >= 1 AND late_record_days >= 0`)
@Check('ck_inspection_policy_hand_over', `hand_over_accept_working_days >= 1 AND hand_over_outcome_working_days >= 1`)
@Check('ck_inspection_policy_min_level', `investigation_min_level IN (${sqlList(Object.values(FireLevel))})`)
export class InspectionPolicy {
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'pk_inspection_policy' }) version: number;
  @Column({ type: 'date' }) effectiveFrom: string;
  /** 消防监督检查规定 art. 14: at least 2 inspectors. */
  @Column({ type: 'integer' }) minInspectors: number;
  @Column({ type: 'integer' }) orderWithinWorkingDays: number;
  @Column({ type: 'integer' }) defaultDeadlineDays: number;
  /** T-INS-3: the longest ordinary rectification deadline, days after the order; longer only by an extension. */
  @Column({ type: 'integer' }) maxDeadlineDays: number;
  /** T-INS-1, T-INS-2, T-INS-5, T-INS-6: how many days back an inspection, hazard, fire or complaint may be recorded. */
  @Column({ type: 'integer' }) lateRecordDays: number;
  @Column({ type: 'integer' }) recheckWithinWorkingDays: number;
  @Column({ type: 'integer' }) majorReportDays: number;
  @Column({ type: 'integer' }) complaintUrgentHours: number;
  @Column({ type: 'integer' }) complaintOtherWorkingDays: number;
  /** A hand-over is accepted or returned by the brigade within N working days (domain defaults, hand-over). */
  @Column({ type: 'integer' }) handOverAcceptWorkingDays: number;
  /** The brigade records the outcome of an accepted hand-over within M working days of accepting it. */
  @Column({ type: 'integer' }) handOverOutcomeWorkingDays: number;
  /** Days between inspections by risk level. */
  @Column({ type: 'jsonb' }) inspectionIntervalDays: Record<RiskLevel, number>;
  /** Key units (消防安全重点单位) at least this often (yearly). */
  @Column({ type: 'integer' }) keyUnitIntervalDays: number;
  @Column({ type: 'jsonb' }) fireLevelThresholds: FireLevelThresholds;
  @Column({ type: 'integer' }) investigationMinDeaths: number;
  @Column({ type: 'text' }) investigationMinLevel: FireLevel;
  @Column({ type: 'text' }) createdBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
