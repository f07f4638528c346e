import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Account } from './account.entity';

/**
 * A SECURITY_ADMIN's grant of the right to read an account's-worth of personal data unmasked (PERSONAL_DATA_UNMASK)
 * for a limited period and a reason (GB/T 22239-2019 8.1.4.11 b, least privilege): active from its grant through
 * `until` (a Beijing day, inclusive, T-KEY-2) unless revoked. Kept after it ends: the record of who could read what.
 */
@Entity('unmask_grant')
@Index('ix_unmask_grant_account', ['accountId', 'until'])
export class UnmaskGrant {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_unmask_grant' })
  id: string;

  @Column({ type: 'uuid' })
  accountId: string;

  @ManyToOne(() => Account, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'fk_unmask_grant_account' })
  account?: Relation<Account>;

  /** The last day (Asia/Shanghai) the grant is valid. */
  @Column({ type: 'date' })
  until: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'text' })
  grantedBy: string;

  @Column({ type: 'timestamptz' })
  grantedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  revokedBy: string | null;
}
