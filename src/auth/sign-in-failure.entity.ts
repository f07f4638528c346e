import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Failed sign-in counts, shared by every instance (GB/T 22239-2019 8.1.4.1 b)): one row per username and address,
 * and one per address for all usernames (`usernameHash` = ''). The username is kept only as its keyed hash
 * (FieldCipher.index under 'audit.login_username', as the failed sign-in's audit entry): a password typed into the
 * username field is never stored (8.1.4.3). `lastSuccessAt` marks an address known for a username. Rows with no
 * live failure and no success within knownAddressDays are purged daily (SignInFailurePurgeJob).
 */
@Entity('sign_in_failure')
export class SignInFailure {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_sign_in_failure' }) usernameHash: string;
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_sign_in_failure' }) address: string;
  @Column({ type: 'integer', default: 0 }) failures: number;
  @Column({ type: 'timestamptz', nullable: true }) lastFailureAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) lockedUntil: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) lastSuccessAt: Date | null;
}
