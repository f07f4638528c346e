import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A mutation request sent with an `Idempotency-Key` header (retries, docs/reliability.md): recorded in the transaction
 * of its write, so the key exists exactly when the write committed; the response is added once it is sent. A retry with
 * the same key gets that response instead of a second write. Kept 24 hours.
 */
@Entity('idempotency_key')
@Index('ix_idempotency_key_created', ['createdAt'])
export class IdempotencyKey {
  /** Whose key: `ACCOUNT:<id>` or `API_KEY:<id>`. */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_idempotency_key' })
  principal: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_idempotency_key' })
  key: string;

  /** HMAC-SHA-256 (a key derived from the data key) of the document, the operation name and the variables. */
  @Column({ type: 'text' })
  requestHash: string;

  /** The GraphQL response body as sent (JSON text: its fields in their order); null until it is, or lost. */
  @Column({ type: 'text', nullable: true })
  response: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
