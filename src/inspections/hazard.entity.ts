import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Ref } from '../database/ref';
import { sqlList } from '../organization/organization.enums';
import { Region } from '../organization/region.entity';
import { Account } from '../auth/account.entity';
import type { Attachment } from '../attachments/attachment.entity';
import { Complaint } from './complaint.entity';
import { HazardAction, HazardClosure, HazardSource, HazardStatus, MajorHazardStatus } from './inspections.enums';
import { Inspection } from './inspection.entity';
import { Premises } from './premises.entity';

/**
 * A fire hazard (INS-2). `status` is the closed loop; `majorStatus` the way of a suspected major hazard through
 * the brigade; `handedOverAt` marks one handed to the brigade for legal measures (stations have no enforcement
 * power), tracked as a case (hand_over) during which the loop pauses. OVERDUE is derived from `deadline` and today in Asia/Shanghai, never stored.
 */
@Entity('hazard')
@Index('ix_hazard_region_found_id', ['regionId', 'foundOn', 'id'])
// Province scale: a county's hazards page filtered by status (regionalPage) and its count, index-only
@Index('ix_hazard_region_status_found', ['regionId', 'status', 'foundOn', 'id'])
@Index('ix_hazard_status_deadline', ['status', 'deadline'])
@Index('ix_hazard_region_deadline', ['regionId', 'deadline'])
@Index('ix_hazard_premises', ['premisesId'])
@Index('ix_hazard_inspection', ['inspectionId'])
// Complaint.hazard and hazards(complaintId:): the few hazards a complaint's check recorded (INS-1)
@Index('ix_hazard_complaint', ['complaintId'], { where: 'complaint_id IS NOT NULL' })
@Index('ix_hazard_found_id', ['foundOn', 'id'])
@Index('ix_hazard_updated', ['updatedAt'])
@Check('ck_hazard_status', `status IN (${sqlList(Object.values(HazardStatus))})`)
@Check('ck_hazard_source', `source IN (${sqlList(Object.values(HazardSource))})`)
@Check('ck_hazard_major_status', `major_status IN (${sqlList(Object.values(MajorHazardStatus))})`)
// a hazard the brigade's outcome closed may never have had a station's order (handed over as found, INS-2)
@Check('ck_hazard_ordered', `status = 'REPORTED' OR closed_through = 'HAND_OVER_OUTCOME' OR (deadline IS NOT NULL AND responsible_party IS NOT NULL AND measures IS NOT NULL)`)
@Check('ck_hazard_closed', `(status = 'CLOSED') = (closed_at IS NOT NULL)`)
// null on a closed hazard: closed by a re-check (rows bulk-loaded without it)
@Check('ck_hazard_closed_through', `closed_through IS NULL OR (status = 'CLOSED' AND closed_through IN (${sqlList(Object.values(HazardClosure))}))`)
@Check('ck_hazard_order_late', `order_late_working_days IS NULL OR order_late_working_days >= 0`)
export class Hazard {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_hazard' }) id: string;
  @Column({ type: 'uuid' }) regionId: string;
  @Ref(() => Region, 'fk_hazard_region', 'region_id') region?: Relation<Region>;
  @Column({ type: 'uuid', nullable: true }) premisesId: string | null;
  @Ref(() => Premises, 'fk_hazard_premises', 'premises_id', { nullable: true }) premises?: Relation<Premises> | null;
  @Column({ type: 'text' }) source: HazardSource;
  @Column({ type: 'uuid', nullable: true }) inspectionId: string | null;
  @Ref(() => Inspection, 'fk_hazard_inspection', 'inspection_id', { nullable: true }) inspection?: Relation<Inspection> | null;
  @Column({ type: 'uuid', nullable: true }) complaintId: string | null;
  @Ref(() => Complaint, 'fk_hazard_complaint', 'complaint_id', { nullable: true }) complaint?: Relation<Complaint> | null;
  @Column({ type: 'text', nullable: true }) checklistItemCode: string | null;
  @Column({ type: 'text' }) description: string;
  @Column({ type: 'date' }) foundOn: string;
  @Column({ type: 'text' }) status: HazardStatus;
  /** The rectification order is due within N working days of finding (policy). */
  @Column({ type: 'date' }) orderDueBy: string;
  @Column({ type: 'date', nullable: true }) deadline: string | null;
  @Column({ type: 'text', nullable: true }) responsibleParty: string | null;
  @Column({ type: 'text', nullable: true }) measures: string | null;
  @Column({ type: 'date', nullable: true }) orderedOn: string | null;
  /** Working days after `orderDueBy` up to `orderedOn` when the order came late (on the calendar of the order day); null otherwise. */
  @Column({ type: 'integer', nullable: true }) orderLateWorkingDays: number | null;
  /** The re-check is due within N working days of the rectification report (or of the deadline passing). */
  @Column({ type: 'date', nullable: true }) recheckDueBy: string | null;
  /** The account that reported the last rectification: it may not re-check it, even after a failed re-check (INS-2). */
  @Column({ type: 'uuid', nullable: true }) rectificationReportedById: string | null;
  @Ref(() => Account, 'fk_hazard_rectification_reporter', 'rectification_reported_by_id', { nullable: true }) rectificationReportedBy?: Relation<Account> | null;
  @Column({ type: 'date', nullable: true }) rectifiedOn: string | null;
  @Column({ type: 'timestamptz', nullable: true }) closedAt: Date | null;
  /** How it was closed: a passed re-check, or the brigade's outcome of a hand-over (INS-2). */
  @Column({ type: 'text', nullable: true }) closedThrough: HazardClosure | null;
  @Column({ type: 'text' }) majorStatus: MajorHazardStatus;
  @Column({ type: 'text', nullable: true }) majorCatalogueEdition: string | null;
  @Column({ type: 'text', array: true, nullable: true }) majorItemCodes: string[] | null;
  @Column({ type: 'date', nullable: true }) majorReportDueBy: string | null;
  @Column({ type: 'timestamptz', nullable: true }) supervisionClosedAt: Date | null;
  /** The latest hand-over to the brigade (the case itself: hand_over). */
  @Column({ type: 'timestamptz', nullable: true }) handedOverAt: Date | null;
  /** The deadline hazard.overdue was written for (integration events): a new deadline that passes is announced again. */
  @Column({ type: 'date', nullable: true }) overdueAnnouncedDeadline: string | null;
  @Column({ type: 'integer' }) policyVersion: number;
  @Column({ type: 'text' }) reportedBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @VersionColumn() version: number;
}

/** Every step of a hazard: who, when, what (append-only). */
@Entity('hazard_event')
@Index('ix_hazard_event_hazard', ['hazardId', 'seq'])
@Check('ck_hazard_event_action', `action IN (${sqlList(Object.values(HazardAction))})`)
export class HazardEvent {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_hazard_event' }) id: string;
  @Column({ type: 'bigint', generated: 'identity', generatedIdentity: 'ALWAYS' }) seq: string;
  @Column({ type: 'uuid' }) hazardId: string;
  @Ref(() => Hazard, 'fk_hazard_event_hazard', 'hazard_id') hazard?: Relation<Hazard>;
  @Column({ type: 'text' }) action: HazardAction;
  @Column({ type: 'text', nullable: true }) fromStatus: HazardStatus | null;
  @Column({ type: 'text' }) toStatus: HazardStatus;
  @Column({ type: 'timestamptz' }) at: Date;
  @Column({ type: 'uuid', nullable: true }) actorId: string | null;
  @Column({ type: 'text' }) actor: string;
  @Column({ type: 'text', nullable: true }) note: string | null;
  @Column({ type: 'jsonb' }) details: Record<string, unknown>;
  @Column({ type: 'jsonb' }) attachments: Attachment[];
}
