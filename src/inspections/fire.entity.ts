import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { NUMERIC, Ref } from '../database/ref';
import { sqlList } from '../organization/organization.enums';
import { Region } from '../organization/region.entity';
import { FireCause, FireLevel, InvestigationStatus } from './inspections.enums';
import { Premises } from './premises.entity';

/** A fire (INS-4): its level is computed from deaths, serious injuries and loss with the policy of its day. */
@Entity('fire_incident')
@Index('ix_fire_incident_region_time', ['regionId', 'occurredAt'])
@Index('ix_fire_incident_time_id', ['occurredAt', 'id'])
@Index('ix_fire_incident_updated', ['updatedAt'])
@Check('ck_fire_incident_cause', `cause IN (${sqlList(Object.values(FireCause))})`)
@Check('ck_fire_incident_level', `level IN (${sqlList(Object.values(FireLevel))})`)
@Check('ck_fire_incident_counts', `deaths >= 0 AND injuries >= 0 AND serious_injuries >= 0 AND serious_injuries <= injuries AND direct_loss_yuan >= 0 AND (burned_area IS NULL OR burned_area >= 0)`)
export class FireIncident {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_fire_incident' }) id: string;
  @Column({ type: 'uuid' }) regionId: string;
  @Ref(() => Region, 'fk_fire_incident_region', 'region_id') region?: Relation<Region>;
  @Column({ type: 'uuid', nullable: true }) premisesId: string | null;
  @Ref(() => Premises, 'fk_fire_incident_premises', 'premises_id', { nullable: true }) premises?: Relation<Premises> | null;
  @Column({ type: 'timestamptz' }) occurredAt: Date;
  @Column({ type: 'text' }) place: string;
  @Column({ type: 'text' }) cause: FireCause;
  @Column({ type: 'integer' }) deaths: number;
  @Column({ type: 'integer' }) injuries: number;
  @Column({ type: 'integer' }) seriousInjuries: number;
  @Column({ type: 'numeric', precision: 16, scale: 2, transformer: NUMERIC }) directLossYuan: number;
  @Column({ type: 'numeric', precision: 12, scale: 2, nullable: true, transformer: NUMERIC }) burnedArea: number | null;
  @Column({ type: 'text' }) level: FireLevel;
  @Column({ type: 'integer' }) policyVersion: number;
  @Column({ type: 'text' }) recordedBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) recordedAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  /** Default 1: rows written by SQL (bench data, statistics fixtures) start at the first version too. */
  @VersionColumn({ default: 1 }) version: number;
}

export interface ResponsibleParty {
  name: string;
  organization: string;
  responsibility: string;
}
export interface AccountabilityOutcome {
  party: string;
  outcome: string;
  decidedOn: string;
}

/** An extended fire investigation (火灾延伸调查, 一案三查: cause, lessons, responsibility), opened by the fire (INS-6). */
@Entity('investigation_case')
@Index('ix_investigation_case_opened', ['openedAt', 'id'])
@Unique('uq_investigation_case_fire', ['fireId'])
@Index('ix_investigation_case_region', ['regionId', 'openedAt'])
@Check('ck_investigation_case_status', `status IN (${sqlList(Object.values(InvestigationStatus))})`)
@Check('ck_investigation_case_closed', `(status = 'CLOSED') = (closed_at IS NOT NULL)`)
export class InvestigationCase {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_investigation_case' }) id: string;
  @Column({ type: 'uuid' }) fireId: string;
  @Ref(() => FireIncident, 'fk_investigation_case_fire', 'fire_id') fire?: Relation<FireIncident>;
  @Column({ type: 'uuid' }) regionId: string;
  @Ref(() => Region, 'fk_investigation_case_region', 'region_id') region?: Relation<Region>;
  @Column({ type: 'text', array: true }) reasons: string[];
  @Column({ type: 'text' }) status: InvestigationStatus;
  @Column({ type: 'timestamptz' }) openedAt: Date;
  /** When `investigation.opened` reached the discipline commission's webhook (null: not yet, or none). */
  @Column({ type: 'timestamptz', nullable: true }) deliveredAt: Date | null;
  @Column({ type: 'text', nullable: true }) causeFindings: string | null;
  @Column({ type: 'text', nullable: true }) lessons: string | null;
  @Column({ type: 'text', nullable: true }) responsibilityFindings: string | null;
  @Column({ type: 'jsonb' }) responsibleParties: ResponsibleParty[];
  @Column({ type: 'jsonb' }) accountabilityOutcomes: AccountabilityOutcome[];
  @Column({ type: 'timestamptz', nullable: true }) closedAt: Date | null;
  @Column({ type: 'text', nullable: true }) closedBy: string | null;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @VersionColumn() version: number;
}
