import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { Attachment } from '../attachments/attachment.entity';
import { Ref } from '../database/ref';
import { sqlList } from '../organization/organization.enums';
import { Organization } from '../organization/organization.entity';
import { Region } from '../organization/region.entity';
import { PremisesKind, RiskLevel } from './inspections.enums';

/**
 * A place inspected (INS-1): a crowded place, a small venue, a village, an enterprise, a member unit (the center
 * inspects those) or another. The responsible person's phone is personal data: stored encrypted, shown masked.
 */
@Entity('premises')
@Index('ix_premises_region', ['regionId'])
@Index('ix_premises_sector_unit', ['sectorUnitId'])
@Index('ix_premises_name', ['name', 'id'])
@Index('ix_premises_updated', ['updatedAt'])
@Index('uq_premises_member_unit', ['memberUnitId'], { unique: true, where: 'member_unit_id IS NOT NULL' })
@Check('ck_premises_kind', `kind IN (${sqlList(Object.values(PremisesKind))})`)
@Check('ck_premises_risk_level', `risk_level IN (${sqlList(Object.values(RiskLevel))})`)
@Check('ck_premises_member_unit', `(kind = 'MEMBER_UNIT') = (member_unit_id IS NOT NULL)`)
export class Premises {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_premises' }) id: string;
  @Column({ type: 'uuid' }) regionId: string;
  @Ref(() => Region, 'fk_premises_region', 'region_id') region?: Relation<Region>;
  @Column({ type: 'text' }) kind: PremisesKind;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) address: string;
  @Column({ type: 'uuid', nullable: true }) memberUnitId: string | null;
  @Ref(() => Organization, 'fk_premises_member_unit', 'member_unit_id', { nullable: true }) memberUnit?: Relation<Organization> | null;
  /**
   * The member unit supervising the premises' sector (行业主管部门, 管行业必须管安全; COM-5): it reads the premises and
   * the hazards found there. Distinct from `memberUnitId` (a member unit's own premises).
   */
  @Column({ type: 'uuid', nullable: true }) sectorUnitId: string | null;
  @Ref(() => Organization, 'fk_premises_sector_unit', 'sector_unit_id', { nullable: true }) sectorUnit?: Relation<Organization> | null;
  @Column({ type: 'text' }) responsibleName: string;
  @Column({ type: 'text', nullable: true }) responsiblePhoneEnc: string | null;
  @Column({ type: 'text', nullable: true }) responsiblePhoneMasked: string | null;
  @Column({ type: 'text' }) riskLevel: RiskLevel;
  /** 消防安全重点单位: inspected at least yearly whatever the risk level. */
  @Column({ type: 'boolean' }) keyUnit: boolean;
  @Column({ type: 'date', nullable: true }) lastInspectedOn: string | null;
  @Column({ type: 'text' }) createdBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @VersionColumn() version: number;
}

/**
 * The log of a premises (户籍化: its whole history): inspections, hazards and every step of their closed loop,
 * complaints and their checks, fires, changes (append-only). Listed by `occurredAt` (when the thing happened),
 * then `seq` (the order of writing).
 */
@Entity('premises_event')
@Index('ix_premises_event_log', ['premisesId', 'occurredAt', 'seq'])
export class PremisesEvent {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_premises_event' }) id: string;
  /** Strictly increasing order of writing: the log's tie-break after `occurredAt`, and the cursor's last key. */
  @Column({ type: 'bigint', generated: 'identity', generatedIdentity: 'ALWAYS' }) seq: string;
  @Column({ type: 'uuid' }) premisesId: string;
  @Ref(() => Premises, 'fk_premises_event_premises', 'premises_id') premises?: Relation<Premises>;
  /** When the entry was written. */
  @Column({ type: 'timestamptz' }) at: Date;
  /**
   * When the thing happened (its own time): a complaint's receipt, a fire's time, a step's moment; for a record of a
   * day (an inspection, a hazard found), that day's start in Beijing time, or the writing time when written that day.
   */
  @Column({ type: 'timestamptz' }) occurredAt: Date;
  @Column({ type: 'text' }) kind: string;
  @Column({ type: 'text' }) summary: string;
  @Column({ type: 'text', nullable: true }) subjectType: string | null;
  @Column({ type: 'uuid', nullable: true }) subjectId: string | null;
  @Column({ type: 'text' }) actor: string;
  /** The files the step carried (evidence, photos), as its record keeps them: readable by whoever reads that record. */
  @Column({ type: 'jsonb' }) attachments: Attachment[];
}
