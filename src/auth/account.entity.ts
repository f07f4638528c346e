import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Organization } from '../organization/organization.entity';
import { sqlList } from '../organization/organization.enums';
import { Region } from '../organization/region.entity';
import { ACCOUNT_ROLES, ADMIN_ROLES, Role } from '../kernel/permissions';

/**
 * A person's account. The password is an argon2id hash; citizen ID and phone are stored encrypted
 * (`*_enc`), found through a keyed hash (`*_index`) and shown masked (`*_masked`).
 */
@Entity('account')
@Unique('uq_account_username', ['username'])
@Unique('uq_account_citizen_id_index', ['citizenIdIndex'])
@Index('ix_account_region', ['regionId'])
@Check('ck_account_role', `role IN (${sqlList(ACCOUNT_ROLES)})`)
@Check('ck_account_username', `username = lower(username)`)
// an administrator account is never a business account as well (ADM-5)
@Check('ck_account_admin_organization', `role NOT IN (${sqlList(ADMIN_ROLES)}) OR organization_id IS NULL`)
export class Account {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_account' })
  id: string;

  /** Lower case: `Zhang` and `zhang` are one name. */
  @Column({ type: 'text' })
  username: string;

  @Column({ type: 'text' })
  displayName: string;

  @Column({ type: 'text' })
  role: Role;

  /**
   * False while the role is only requested (an account a SYSTEM_ADMIN created): it cannot sign in until a
   * SECURITY_ADMIN grants the role (two-person rule, GB/T 22239-2019 8.1.4.2 c; ADM-4).
   */
  @Column({ type: 'boolean', default: true })
  roleGranted: boolean;

  @Column({ type: 'uuid' })
  regionId: string;

  @ManyToOne(() => Region, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_id', foreignKeyConstraintName: 'fk_account_region' })
  region?: Relation<Region>;

  @Column({ type: 'uuid', nullable: true })
  organizationId: string | null;

  @ManyToOne(() => Organization, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'fk_account_organization' })
  organization?: Relation<Organization> | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'text' })
  passwordHash: string;

  /** Set when someone else set the password (creation, reset, the first administrator). */
  @Column({ type: 'boolean' })
  mustChangePassword: boolean;

  @Column({ type: 'timestamptz' })
  passwordChangedAt: Date;

  @Column({ type: 'integer', default: 0 })
  failedAttempts: number;

  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  /** The TOTP secret, encrypted; `totpEnabledAt` is set once the account confirmed a code from it. */
  @Column({ type: 'text', nullable: true })
  totpSecretEnc: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  totpEnabledAt: Date | null;

  /** The last TOTP time step accepted: a code is never accepted twice (RFC 6238 §5.2). */
  @Column({ type: 'bigint', nullable: true })
  totpLastStep: string | null;

  @Column({ type: 'text', nullable: true })
  citizenIdEnc: string | null;

  @Column({ type: 'text', nullable: true })
  citizenIdIndex: string | null;

  @Column({ type: 'text', nullable: true })
  citizenIdMasked: string | null;

  @Column({ type: 'text', nullable: true })
  phoneEnc: string | null;

  @Column({ type: 'text', nullable: true })
  phoneIndex: string | null;

  @Column({ type: 'text', nullable: true })
  phoneMasked: string | null;

  @Column({ type: 'text' })
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}

/** The last hashes of an account's passwords (the current one included): a new one may not repeat them. */
@Entity('account_password_history')
@Index('ix_account_password_history_account', ['accountId', 'setAt'])
export class AccountPasswordHistory {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_account_password_history' })
  id: string;

  @Column({ type: 'uuid' })
  accountId: string;

  @ManyToOne(() => Account, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'fk_account_password_history_account' })
  account?: Relation<Account>;

  @Column({ type: 'text' })
  passwordHash: string;

  @Column({ type: 'timestamptz' })
  setAt: Date;
}
