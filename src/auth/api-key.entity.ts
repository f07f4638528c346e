import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import type { Relation } from 'typeorm';
import { Region } from '../organization/region.entity';
import type { Permission } from '../kernel/permissions';

/**
 * A key for another county system: shown once at creation (`fcpk_<prefix>_<secret>`), stored as a SHA-256 hash
 * of its 256-bit secret (enough for a random secret; argon2 is for guessable passwords), found by its prefix.
 */
@Entity('api_key')
@Unique('uq_api_key_name', ['name'])
@Unique('uq_api_key_prefix', ['prefix'])
@Index('ix_api_key_region', ['regionId'])
export class ApiKey {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_api_key' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  prefix: string;

  @Column({ type: 'text' })
  secretHash: string;

  @Column({ type: 'text', array: true })
  permissions: Permission[];

  @Column({ type: 'uuid' })
  regionId: string;

  @ManyToOne(() => Region, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_id', foreignKeyConstraintName: 'fk_api_key_region' })
  region?: Relation<Region>;

  @Column({ type: 'text' })
  createdBy: string;

  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;
}
