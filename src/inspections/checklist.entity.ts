import { Check, Column, CreateDateColumn, Entity, PrimaryColumn, Unique } from 'typeorm';
import { sqlList } from '../organization/organization.enums';
import { PremisesKind } from './inspections.enums';

export interface ChecklistItem {
  code: string;
  text: string;
}

/** A checklist for a premises kind; each version is kept, and an inspection keeps the version it used. */
@Entity('checklist_template')
@Unique('uq_checklist_template_kind_version', ['premisesKind', 'version'])
@Check('ck_checklist_template_kind', `premises_kind IN (${sqlList(Object.values(PremisesKind))})`)
@Check('ck_checklist_template_items', `jsonb_typeof(items) = 'array' AND jsonb_array_length(items) >= 1`)
export class ChecklistTemplate {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_checklist_template' }) id: string;
  @Column({ type: 'text' }) premisesKind: PremisesKind;
  @Column({ type: 'integer' }) version: number;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'jsonb' }) items: ChecklistItem[];
  @Column({ type: 'text' }) createdBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
