import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Ref } from '../database/ref';
import { sqlList } from '../organization/organization.enums';
import { Region } from '../organization/region.entity';
import { RiskLevel } from './inspections.enums';
import { Premises } from './premises.entity';

/** A registered fire risk point (INS-3): a place or a condition, with a level that monitoring may change. */
@Entity('risk_point')
@Index('ix_risk_point_region', ['regionId'])
@Index('ix_risk_point_name', ['name', 'id'])
@Check('ck_risk_point_level', `level IN (${sqlList(Object.values(RiskLevel))})`)
export class RiskPoint {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_risk_point' }) id: string;
  @Column({ type: 'uuid' }) regionId: string;
  @Ref(() => Region, 'fk_risk_point_region', 'region_id') region?: Relation<Region>;
  @Column({ type: 'uuid', nullable: true }) premisesId: string | null;
  @Ref(() => Premises, 'fk_risk_point_premises', 'premises_id', { nullable: true }) premises?: Relation<Premises> | null;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) description: string;
  @Column({ type: 'text' }) level: RiskLevel;
  @Column({ type: 'text' }) createdBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @VersionColumn() version: number;
}

/** A monitoring note on a risk point over time; it may change the point's level (append-only). */
@Entity('risk_observation')
@Index('ix_risk_observation_point', ['riskPointId', 'observedAt'])
@Check('ck_risk_observation_level', `level IS NULL OR level IN (${sqlList(Object.values(RiskLevel))})`)
export class RiskObservation {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_risk_observation' }) id: string;
  @Column({ type: 'uuid' }) riskPointId: string;
  @Ref(() => RiskPoint, 'fk_risk_observation_point', 'risk_point_id') riskPoint?: Relation<RiskPoint>;
  @Column({ type: 'timestamptz' }) observedAt: Date;
  @Column({ type: 'text' }) note: string;
  /** The new level when the observation changed it. */
  @Column({ type: 'text', nullable: true }) level: RiskLevel | null;
  @Column({ type: 'text' }) observedBy: string;
}
