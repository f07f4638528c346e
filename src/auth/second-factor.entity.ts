import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import type { Relation } from 'typeorm';
import { Account } from './account.entity';

/** Single-use recovery codes of the second factor, stored as keyed hashes. */
@Entity('recovery_code')
@Unique('uq_recovery_code_hash', ['codeHash'])
@Index('ix_recovery_code_account', ['accountId'])
export class RecoveryCode {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_recovery_code' })
  id: string;

  @Column({ type: 'uuid' })
  accountId: string;

  @ManyToOne(() => Account, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'fk_recovery_code_account' })
  account?: Relation<Account>;

  @Column({ type: 'text' })
  codeHash: string;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @Column({ type: 'timestamptz' })
  createdAt: Date;
}
