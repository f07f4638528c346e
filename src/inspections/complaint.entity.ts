import { Check, Column, Entity, Index, PrimaryColumn, VersionColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Ref } from '../database/ref';
import { sqlList } from '../organization/organization.enums';
import { Region } from '../organization/region.entity';
import { ComplaintCategory, ComplaintOutcome } from './inspections.enums';
import { Premises } from './premises.entity';

/** A public complaint or report (举报投诉): a hazard source with an on-site check clock. */
@Entity('complaint')
@Index('ix_complaint_received', ['receivedAt', 'id'])
@Index('ix_complaint_region', ['regionId', 'receivedAt'])
@Index('ix_complaint_open', ['checkDueAt'], { where: 'checked_at IS NULL' })
@Check('ck_complaint_category', `category IN (${sqlList(Object.values(ComplaintCategory))})`)
@Check('ck_complaint_outcome', `outcome IS NULL OR outcome IN (${sqlList(Object.values(ComplaintOutcome))})`)
@Check('ck_complaint_checked', `(checked_at IS NULL) = (outcome IS NULL)`)
export class Complaint {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_complaint' }) id: string;
  @Column({ type: 'uuid' }) regionId: string;
  @Ref(() => Region, 'fk_complaint_region', 'region_id') region?: Relation<Region>;
  @Column({ type: 'uuid', nullable: true }) premisesId: string | null;
  @Ref(() => Premises, 'fk_complaint_premises', 'premises_id', { nullable: true }) premises?: Relation<Premises> | null;
  @Column({ type: 'timestamptz' }) receivedAt: Date;
  @Column({ type: 'text' }) channel: string;
  @Column({ type: 'text' }) category: ComplaintCategory;
  @Column({ type: 'text' }) content: string;
  @Column({ type: 'text', nullable: true }) reporterPhoneEnc: string | null;
  @Column({ type: 'text', nullable: true }) reporterPhoneMasked: string | null;
  @Column({ type: 'timestamptz' }) checkDueAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) checkedAt: Date | null;
  @Column({ type: 'text', nullable: true }) outcome: ComplaintOutcome | null;
  @Column({ type: 'text', nullable: true }) checkNote: string | null;
  @Column({ type: 'text', nullable: true }) checkedBy: string | null;
  @Column({ type: 'integer' }) policyVersion: number;
  @Column({ type: 'text' }) recordedBy: string;
  @VersionColumn() version: number;
}
