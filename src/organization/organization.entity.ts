import {
  Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique,
  UpdateDateColumn, VersionColumn,
} from 'typeorm';
import type { Relation } from 'typeorm';
import { OrganizationKind, sqlList } from './organization.enums';
import { Region } from './region.entity';

/**
 * An organization of the fire work system, seated in a region. `parentId` is the organization it is
 * set up on (依托): the center on the county committee office (ORG-1), a station on its township committee (ORG-2).
 */
@Entity('organization')
@Index('ix_organization_name', ['name', 'id'])
@Unique('uq_organization_region_kind_name', ['regionId', 'kind', 'name'])
@Index('ix_organization_region_kind', ['regionId', 'kind'])
@Index('uq_organization_single_per_region', ['regionId', 'kind'], {
  unique: true,
  where: `kind <> 'MEMBER_UNIT' AND kind <> 'GOVERNMENT_FIRE_STATION'`,
})
@Check('ck_organization_kind', `kind IN (${sqlList(Object.values(OrganizationKind))})`)
@Check('ck_organization_quota', `(kind IN ('GUIDANCE_CENTER', 'FIRE_WORK_STATION')) = (staff_quota IS NOT NULL)`)
@Check('ck_organization_station_quota', `kind <> 'FIRE_WORK_STATION' OR staff_quota BETWEEN 2 AND 3`)
@Check('ck_organization_center_quota', `kind <> 'GUIDANCE_CENTER' OR staff_quota >= 1`)
export class Organization {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_organization' })
  id: string;

  @Column({ type: 'text' })
  kind: OrganizationKind;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'uuid' })
  regionId: string;

  @ManyToOne(() => Region, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_id', foreignKeyConstraintName: 'fk_organization_region' })
  region?: Relation<Region>;

  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => Organization, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'fk_organization_parent' })
  parent?: Relation<Organization> | null;

  /** Staff quota (编制/定员): the center and the stations only; see ORG-1, ORG-3. */
  @Column({ type: 'integer', nullable: true })
  staffQuota: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
