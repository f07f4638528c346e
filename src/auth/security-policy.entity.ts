import { Check, Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * The security policy (versioned like the personnel, evaluation and committees' policies; T-SEC-1: a version takes
 * effect today or later, never retroactively). GB/T 22239-2019 8.1.4.1 身份鉴别: a) periodic password change and
 * no reuse, b) failed sign-in handling and concurrent sessions, d) two factors for the roles that must use them.
 */
@Entity('security_policy')
@Check('ck_security_policy_ranges', `password_max_age_days BETWEEN 30 AND 180 AND password_history BETWEEN 0 AND 24 AND max_sessions BETWEEN 1 AND 10`)
@Check('ck_security_policy_thresholds', `delay_after_failures < lock_after_failures AND address_delay_after_failures < address_lock_after_failures AND lock_after_failures < account_lock_after_failures`)
export class SecurityPolicy {
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'pk_security_policy' }) version: number;
  @Column({ type: 'date' }) effectiveFrom: string;
  /** a): a password older than this must be changed at the next sign-in. */
  @Column({ type: 'integer' }) passwordMaxAgeDays: number;
  /** a): a new password may not be one of the last N (the current one included); 0 turns the check off. */
  @Column({ type: 'integer' }) passwordHistory: number;
  /** b): live sessions per account; a new sign-in beyond it ends the oldest. */
  @Column({ type: 'integer' }) maxSessions: number;
  /** b): failures of one username from one address before each further attempt waits (1 s, 2 s, 4 s…). */
  @Column({ type: 'integer' }) delayAfterFailures: number;
  @Column({ type: 'integer' }) delayBaseSeconds: number;
  @Column({ type: 'integer' }) delayMaxSeconds: number;
  /** b): failures of one username from one address that refuse that pair for lockMinutes. */
  @Column({ type: 'integer' }) lockAfterFailures: number;
  @Column({ type: 'integer' }) lockMinutes: number;
  /** b): consecutive failures of an account from all addresses that lock it (a known address still passes). */
  @Column({ type: 'integer' }) accountLockAfterFailures: number;
  /** How long an address stays known for an account after a complete sign-in from it. */
  @Column({ type: 'integer' }) knownAddressDays: number;
  /** b): failures from one address, all usernames together (password spraying): delays, then refusal. */
  @Column({ type: 'integer' }) addressDelayAfterFailures: number;
  @Column({ type: 'integer' }) addressLockAfterFailures: number;
  /** d): roles (names of `Role` values, checked when published) that must use a second factor. */
  @Column({ type: 'text', array: true }) secondFactorRoles: string[];
  @Column({ type: 'text' }) createdBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
