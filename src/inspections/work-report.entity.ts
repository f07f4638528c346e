import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { PeriodKind } from '../common/period';
import { Ref } from '../database/ref';
import { Organization } from '../organization/organization.entity';
import { sqlList } from '../organization/organization.enums';
import { Region } from '../organization/region.entity';
import { WorkReportKind, WorkReportStatus } from './inspections.enums';

/** A station's work plan or report to the committee for a period (INS-5), and the center's review. */
@Entity('work_report')
@Index('ix_work_report_submitted', ['submittedAt', 'id'])
@Index('uq_work_report_period', ['organizationId', 'kind', 'periodKind', 'periodYear', 'periodNumber'], { unique: true })
@Index('ix_work_report_region', ['regionId', 'submittedAt'])
@Check('ck_work_report_kind', `kind IN (${sqlList(Object.values(WorkReportKind))})`)
@Check('ck_work_report_period_kind', `period_kind IN (${sqlList(Object.values(PeriodKind))})`)
@Check('ck_work_report_status', `status IN (${sqlList(Object.values(WorkReportStatus))})`)
export class WorkReport {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_work_report' }) id: string;
  @Column({ type: 'uuid' }) organizationId: string;
  @Ref(() => Organization, 'fk_work_report_organization', 'organization_id') organization?: Relation<Organization>;
  @Column({ type: 'uuid' }) regionId: string;
  @Ref(() => Region, 'fk_work_report_region', 'region_id') region?: Relation<Region>;
  @Column({ type: 'text' }) kind: WorkReportKind;
  @Column({ type: 'text' }) periodKind: PeriodKind;
  @Column({ type: 'integer' }) periodYear: number;
  @Column({ type: 'integer' }) periodNumber: number;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) content: string;
  @Column({ type: 'text' }) status: WorkReportStatus;
  @Column({ type: 'text', nullable: true }) reviewComment: string | null;
  @Column({ type: 'text' }) submittedBy: string;
  @Column({ type: 'timestamptz' }) submittedAt: Date;
  @Column({ type: 'text', nullable: true }) reviewedBy: string | null;
  @Column({ type: 'timestamptz', nullable: true }) reviewedAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @VersionColumn() version: number;
}
