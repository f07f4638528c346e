import {
  Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique,
  UpdateDateColumn, VersionColumn,
} from 'typeorm';
import type { Relation } from 'typeorm';
import { RegionKind, RegionLevel, sqlList } from './organization.enums';

/**
 * A node of the administrative region tree: province > city > county > township > village.
 * `path` is the materialized path of ids (`/<province>/<city>/.../<self>/`): "is X inside region R" is
 * `x.path LIKE r.path || '%'`, served by a text_pattern_ops index.
 */
@Entity('region')
@Index('ix_region_level_order', ['level', 'sortOrder', 'id'])
@Index('ix_region_order', ['sortOrder', 'id'])
@Unique('uq_region_code', ['code'])
@Unique('uq_region_path', ['path'])
@Unique('uq_region_parent_name', ['parentId', 'name'])
@Index('ix_region_path_prefix', ['path'])
@Index('ix_region_parent', ['parentId', 'sortOrder'])
@Check('ck_region_level', `level IN (${sqlList(Object.values(RegionLevel))})`)
@Check('ck_region_kind', `kind IS NULL OR kind IN (${sqlList(Object.values(RegionKind))})`)
@Check('ck_region_root', `(level = 'PROVINCE') = (parent_id IS NULL)`)
// GB/T 2260 code shape by level (region-code.ts checks the province and the parent's prefix)
@Check('ck_region_code_shape', `code IS NULL OR code ~ CASE level WHEN 'PROVINCE' THEN '^[0-9]{2}0000$' WHEN 'CITY' THEN '^[0-9]{4}00$' WHEN 'COUNTY' THEN '^[0-9]{6}$' WHEN 'TOWNSHIP' THEN '^[0-9]{9}$' ELSE '^[0-9]{12}$' END`)
export class Region {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_region' })
  id: string;

  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => Region, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'fk_region_parent' })
  parent?: Relation<Region> | null;

  @Column({ type: 'text' })
  level: RegionLevel;

  @Column({ type: 'text', nullable: true })
  kind: RegionKind | null;

  @Column({ type: 'text' })
  name: string;

  /** Administrative division code (GB/T 2260: province and city written 6 digits, region-code.ts); empty until set. */
  @Column({ type: 'text', nullable: true })
  code: string | null;

  @Column({ type: 'text' })
  path: string;

  @Column({ type: 'integer', default: 0 })
  sortOrder: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
