import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { ALL_FACILITIES, sqlList } from './organization.enums';
import { Organization } from './organization.entity';
import type { StationFacility } from './organization.enums';

/** One recorded check of one station office facility (ORG-4): what, when, by whom, and the finding. */
@Entity('facility_check')
@Index('ix_facility_check_latest', ['stationId', 'facility', 'checkedOn', 'recordedAt'])
@Check('ck_facility_check_facility', `facility IN (${sqlList(ALL_FACILITIES)})`)
export class FacilityCheck {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_facility_check' })
  id: string;

  @Column({ type: 'uuid' })
  stationId: string;

  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'station_id', foreignKeyConstraintName: 'fk_facility_check_station' })
  station?: Relation<Organization>;

  @Column({ type: 'text' })
  facility: StationFacility;

  @Column({ type: 'boolean' })
  compliant: boolean;

  /** The day of the check (Asia/Shanghai calendar date). */
  @Column({ type: 'date' })
  checkedOn: string;

  /** Name of the person who checked on site. */
  @Column({ type: 'text' })
  checkedBy: string;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'text' })
  recordedBy: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;
}
