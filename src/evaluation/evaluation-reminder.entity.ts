import { Check, Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import type { Relation } from 'typeorm';
import { PeriodKind } from '../common/period';
import { Ref } from '../database/ref';
import { Organization } from '../organization/organization.entity';
import { sqlList } from '../organization/organization.enums';
import { Region } from '../organization/region.entity';
import { ReminderKind } from './evaluation.enums';

/** What is still missing for a station's open period, and who is to act: rewritten by each run of the job. */
@Entity('evaluation_reminder')
@Unique('uq_evaluation_reminder', ['stationId', 'periodKind', 'year', 'number', 'kind'])
@Index('ix_evaluation_reminder_region', ['regionId'])
@Index('ix_evaluation_reminder_period', ['year', 'periodKind', 'number', 'kind', 'id'])
@Check('ck_evaluation_reminder_kind', `kind IN (${sqlList(Object.values(ReminderKind))})`)
export class EvaluationReminder {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_evaluation_reminder' }) id: string;
  @Column({ type: 'uuid' }) stationId: string;
  @Ref(() => Organization, 'fk_evaluation_reminder_station', 'station_id') station?: Relation<Organization>;
  @Column({ type: 'uuid' }) regionId: string;
  @Ref(() => Region, 'fk_evaluation_reminder_region', 'region_id') region?: Relation<Region>;
  @Column({ type: 'text' }) periodKind: PeriodKind;
  @Column({ type: 'integer' }) year: number;
  @Column({ type: 'integer' }) number: number;
  @Column({ type: 'text' }) kind: ReminderKind;
  /** Whom it is for: the role that is to act. */
  @Column({ type: 'text' }) audience: string;
  /** The subjects concerned (names). */
  @Column({ type: 'jsonb' }) subjects: string[];
  @Column({ type: 'timestamptz' }) remindedAt: Date;
}
