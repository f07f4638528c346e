import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum AuditOutcome {
  SUCCESS = 'SUCCESS',
  FAILURE = 'FAILURE',
  DENIED = 'DENIED',
}

/** Who did what an entry records (the CHECK below): the same kinds as the request context's actor. */
export enum AuditActorKind {
  ANONYMOUS = 'ANONYMOUS',
  ACCOUNT = 'ACCOUNT',
  API_KEY = 'API_KEY',
  SYSTEM = 'SYSTEM',
}

/**
 * The audit trail: one row per mutation (success or failure), sign-in, lock and unmasked read. Append-only:
 * triggers refuse UPDATE, TRUNCATE and any DELETE but the retention purge of rows older than the retention
 * (never under 184 days, 网络安全法 art. 21).
 */
@Entity('audit_entry')
@Index('ix_audit_entry_at', ['at', 'id'])
@Index('ix_audit_entry_actor', ['actorId', 'at'])
@Index('ix_audit_entry_target', ['targetType', 'targetId', 'at'])
@Index('ix_audit_entry_operation', ['operation', 'at'])
@Index('ix_audit_entry_scope', ['scopePath', 'id'])
@Index('uq_audit_entry_chain_seq', ['chainSeq'], { unique: true })
@Check('ck_audit_entry_outcome', `outcome IN ('SUCCESS', 'FAILURE', 'DENIED')`)
@Check('ck_audit_entry_actor_kind', `actor_kind IN ('ANONYMOUS', 'ACCOUNT', 'API_KEY', 'SYSTEM')`)
export class AuditEntry {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS', primaryKeyConstraintName: 'pk_audit_entry' })
  id: string;

  /** The database's time of the insert: the application cannot backdate an entry. */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column({ type: 'text' })
  actorKind: string;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'text' })
  actorLabel: string;

  @Column({ type: 'text', nullable: true })
  address: string | null;

  @Column({ type: 'text' })
  requestId: string;

  /** The client's own `X-Request-Id` (≤ 64 printable ASCII characters, else dropped): never the server's id. */
  @Column({ type: 'text', nullable: true })
  clientRequestId: string | null;

  @Column({ type: 'text' })
  operation: string;

  @Column({ type: 'text', nullable: true })
  targetType: string | null;

  @Column({ type: 'text', nullable: true })
  targetId: string | null;

  @Column({ type: 'text' })
  outcome: AuditOutcome;

  @Column({ type: 'text', nullable: true })
  errorCode: string | null;

  /** Before/after of what changed, never a secret (passwords, keys, codes, unmasked personal data). */
  @Column({ type: 'jsonb', nullable: true })
  summary: Record<string, unknown> | null;

  /** The region the entry belongs to (the actor's, or the account's for a sign-in), for jurisdiction. */
  @Column({ type: 'text', nullable: true })
  scopePath: string | null;

  /**
   * The entry's place in the HMAC chain (GB/T 22239-2019 8.1.4.7): gapless, from the locked chain head; null for
   * entries written before the chain existed.
   */
  @Column({ type: 'bigint', nullable: true })
  chainSeq: string | null;

  /** The MAC of the entry before it in the chain ('' for the first). */
  @Column({ type: 'text', nullable: true })
  prevMac: string | null;

  /** HMAC(AUDIT_CHAIN_KEY, prevMac + canonical content), base64url (audit-chain.ts). */
  @Column({ type: 'text', nullable: true })
  mac: string | null;
}
