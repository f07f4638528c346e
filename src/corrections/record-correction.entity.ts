import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { sqlList } from '../organization/organization.enums';

/** The kinds of record a correction can keep the history of (the `recordType` column). */
export enum CorrectedRecord {
  PERSON = 'Person',
  FIRE_INCIDENT = 'FireIncident',
  HAZARD = 'Hazard',
  VILLAGE_GUIDANCE = 'VillageGuidance',
  WORK_REPORT = 'WorkReport',
  MEETING = 'Meeting',
  TASK = 'Task',
}

/**
 * One field of a record as a correction replaced it: the value before and after (JSON), why (zh-CN, required),
 * who and when. Append-only; a correction of several fields writes one row per field, in the order of `seq`.
 */
@Entity('record_correction')
@Index('ix_record_correction_record', ['recordType', 'recordId', 'seq'])
@Check('ck_record_correction_record_type', `record_type IN (${sqlList(Object.values(CorrectedRecord))})`)
export class RecordCorrection {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_record_correction' }) id: string;
  @Column({ type: 'bigint', generated: 'identity', generatedIdentity: 'ALWAYS' }) seq: string;
  @Column({ type: 'text' }) recordType: CorrectedRecord;
  @Column({ type: 'uuid' }) recordId: string;
  @Column({ type: 'text' }) field: string;
  @Column({ type: 'jsonb', nullable: true }) oldValue: unknown;
  @Column({ type: 'jsonb', nullable: true }) newValue: unknown;
  @Column({ type: 'text' }) reason: string;
  @Column({ type: 'text' }) correctedBy: string;
  @Column({ type: 'timestamptz' }) correctedAt: Date;
}
