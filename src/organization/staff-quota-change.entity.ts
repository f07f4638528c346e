import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Organization } from './organization.entity';

/** Append-only history of an organization's staff quota: every value it ever had, who set it and when (ORG-3). */
@Entity('staff_quota_change')
@Index('ix_staff_quota_change_org', ['organizationId', 'changedAt'])
@Check('ck_staff_quota_change_positive', `new_quota >= 1`)
export class StaffQuotaChange {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_staff_quota_change' })
  id: string;

  @Column({ type: 'uuid' })
  organizationId: string;

  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'fk_staff_quota_change_org' })
  organization?: Relation<Organization>;

  @Column({ type: 'integer', nullable: true })
  previousQuota: number | null;

  @Column({ type: 'integer' })
  newQuota: number;

  @Column({ type: 'text' })
  reason: string;

  /** The actor from the request context (an account once sign-in exists; `system:seed` for the seed). */
  @Column({ type: 'text' })
  changedBy: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  changedAt: Date;
}
