import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { Attachment } from '../attachments/attachment.entity';
import { Ref } from '../database/ref';
import { Region } from '../organization/region.entity';
import { ItemResult } from './inspections.enums';
import { ChecklistTemplate } from './checklist.entity';
import { Premises } from './premises.entity';

/** An inspection plan for a period and region (INS-1): its targets and who is assigned. */
@Entity('inspection_plan')
@Index('ix_inspection_plan_start', ['periodStart', 'id'])
@Index('ix_inspection_plan_region', ['regionId', 'periodStart'])
@Check('ck_inspection_plan_period', `period_end >= period_start`)
export class InspectionPlan {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_inspection_plan' }) id: string;
  @Column({ type: 'uuid' }) regionId: string;
  @Ref(() => Region, 'fk_inspection_plan_region', 'region_id') region?: Relation<Region>;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'date' }) periodStart: string;
  @Column({ type: 'date' }) periodEnd: string;
  @Column({ type: 'text', array: true }) assignees: string[];
  @Column({ type: 'text' }) createdBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

@Entity('inspection_plan_target')
@Index('ix_inspection_plan_target_premises', ['premisesId'])
export class InspectionPlanTarget {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_inspection_plan_target' }) planId: string;
  @Ref(() => InspectionPlan, 'fk_inspection_plan_target_plan', 'plan_id') plan?: Relation<InspectionPlan>;
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_inspection_plan_target' }) premisesId: string;
  @Ref(() => Premises, 'fk_inspection_plan_target_premises', 'premises_id') premises?: Relation<Premises>;
}

export interface InspectionItemResult {
  code: string;
  text: string;
  result: ItemResult;
  note: string | null;
}

/** An inspection done (INS-1): its checklist version, every item's result; failed items became hazards. */
@Entity('inspection')
@Index('ix_inspection_date', ['inspectedOn', 'id'])
@Index('ix_inspection_region_date', ['regionId', 'inspectedOn'])
@Index('ix_inspection_premises', ['premisesId', 'inspectedOn'])
@Index('ix_inspection_plan', ['planId'])
@Index('ix_inspection_updated', ['updatedAt'])
@Check('ck_inspection_inspectors', `cardinality(inspectors) >= 1`)
export class Inspection {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_inspection' }) id: string;
  @Column({ type: 'uuid' }) premisesId: string;
  @Ref(() => Premises, 'fk_inspection_premises', 'premises_id') premises?: Relation<Premises>;
  @Column({ type: 'uuid' }) regionId: string;
  @Ref(() => Region, 'fk_inspection_region', 'region_id') region?: Relation<Region>;
  @Column({ type: 'uuid', nullable: true }) planId: string | null;
  @Ref(() => InspectionPlan, 'fk_inspection_plan', 'plan_id', { nullable: true }) plan?: Relation<InspectionPlan> | null;
  @Column({ type: 'uuid' }) templateId: string;
  @Ref(() => ChecklistTemplate, 'fk_inspection_template', 'template_id') template?: Relation<ChecklistTemplate>;
  @Column({ type: 'date' }) inspectedOn: string;
  @Column({ type: 'text', array: true }) inspectors: string[];
  @Column({ type: 'jsonb' }) results: InspectionItemResult[];
  @Column({ type: 'jsonb' }) attachments: Attachment[];
  @Column({ type: 'text', nullable: true }) summary: string | null;
  @Column({ type: 'integer' }) policyVersion: number;
  @Column({ type: 'text' }) recordedBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) recordedAt: Date;
  /** Moves on every change (`updatedSince` of the list): the record time until an update path changes the row. */
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
