import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { Attachment } from '../attachments/attachment.entity';
import { Ref } from '../database/ref';
import { Organization } from '../organization/organization.entity';
import { sqlList } from '../organization/organization.enums';
import { Region } from '../organization/region.entity';
import { ScoringSide, SubjectKind } from './evaluation.enums';

const SUBJECTS = sqlList(Object.values(SubjectKind));

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
