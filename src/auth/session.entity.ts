import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Account } from './account.entity';

/** A sign-in: the token carries its id; revoked by logout, a password change, deactivation, idling or a newer sign-in beyond the policy's maxSessions (SUPERSEDED). */
@Entity('auth_session')
@Index('ix_auth_session_account', ['accountId'])
@Check('ck_auth_session_revoke_reason', `revoke_reason IS NULL OR revoke_reason IN ('LOGOUT', 'IDLE', 'PASSWORD_CHANGED', 'ACCOUNT_CHANGED', 'SECOND_FACTOR_RESET', 'LOCKED', 'SUPERSEDED')`)
export class AuthSession {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_auth_session' })
  id: string;

  @Column({ type: 'uuid' })
  accountId: string;

  @ManyToOne(() => Account, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'fk_auth_session_account' })
  account?: Relation<Account>;

  /** The id (`jti`) of the one token that is current: refreshing replaces it, the old token stops working. */
  @Column({ type: 'uuid' })
  tokenId: string;

  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  lastSeenAt: Date;

  /** Absolute end (SESSION_MAX_HOURS): refreshing never extends a session past it. */
  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  /** When this session passed the second factor; null while it must (or need not). */
  @Column({ type: 'timestamptz', nullable: true })
  secondFactorAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  revokeReason: string | null;

  @Column({ type: 'text', nullable: true })
  address: string | null;

  @Column({ type: 'text', nullable: true })
  userAgent: string | null;
}
