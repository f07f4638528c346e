import { Check, Column, Entity, Index, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Ref } from '../database/ref';
import { sqlList } from '../organization/organization.enums';
import { Region } from '../organization/region.entity';
import { WarningLevel, WarningRuleKind, WarningStatus } from './inspections.enums';

/** An early-warning rule (INS-3), kept as data: its kind, colour and parameters. */
@Entity('warning_rule')
@Check('ck_warning_rule_kind', `kind IN (${sqlList(Object.values(WarningRuleKind))})`)
@Check('ck_warning_rule_level', `level IN (${sqlList(Object.values(WarningLevel))})`)
export class WarningRule {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_warning_rule' }) code: string;
  @Column({ type: 'text' }) kind: WarningRuleKind;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) level: WarningLevel;
  @Column({ type: 'jsonb' }) params: Record<string, unknown>;
  @Column({ type: 'boolean' }) enabled: boolean;
  @Column({ type: 'text' }) updatedBy: string;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @VersionColumn() version: number;
}

/**
 * An early warning: at most one ACTIVE per subject (a unique partial index makes a duplicate impossible even if
 * two evaluations ever overlapped); raised, escalated or lowered, resolved; acknowledged by users.
 */
@Entity('warning')
@Index('uq_warning_active_subject', ['subjectType', 'subjectId'], { unique: true, where: `status = 'ACTIVE'` })
@Index('ix_warning_region', ['regionId', 'status'])
@Index('ix_warning_raised', ['raisedAt', 'id'])
@Check('ck_warning_level', `level IN (${sqlList(Object.values(WarningLevel))})`)
@Check('ck_warning_status', `status IN (${sqlList(Object.values(WarningStatus))})`)
@Check('ck_warning_resolved', `(status = 'RESOLVED') = (resolved_at IS NOT NULL)`)
export class Warning {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_warning' }) id: string;
  @Column({ type: 'text' }) subjectType: string;
  @Column({ type: 'uuid' }) subjectId: string;
  @Column({ type: 'uuid' }) regionId: string;
  @Ref(() => Region, 'fk_warning_region', 'region_id') region?: Relation<Region>;
  @Column({ type: 'text' }) ruleCode: string;
  @Ref(() => WarningRule, 'fk_warning_rule', 'rule_code') rule?: Relation<WarningRule>;
  @Column({ type: 'text' }) level: WarningLevel;
  @Column({ type: 'text' }) status: WarningStatus;
  @Column({ type: 'text' }) message: string;
  @Column({ type: 'timestamptz' }) raisedAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) escalatedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) resolvedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) acknowledgedAt: Date | null;
  @Column({ type: 'text', nullable: true }) acknowledgedBy: string | null;
  @VersionColumn() version: number;
}
