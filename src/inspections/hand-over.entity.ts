import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Ref } from '../database/ref';
import { sqlList } from '../organization/organization.enums';
import { Region } from '../organization/region.entity';
import type { Attachment } from '../attachments/attachment.entity';
import { Hazard } from './hazard.entity';
import { HandOverState, LegalMeasure } from './inspections.enums';

/** One legal measure of a hand-over's outcome: what, on which day, under which document (文书编号). */
export interface MeasureTaken {
  measure: LegalMeasure;
  takenOn: string;
  documentNumber: string | null;
  /** FINE only: the amount in yuan. */
  amountYuan: number | null;
}

/**
 * A hand-over (移交) of a hazard to the county brigade, a case with two sides (domain defaults: stations have no
 * enforcement power; a case needing legal measures is handed over and tracked). The station or the center hands
 * over; the brigade accepts it (立案 or not) or returns it; an accepted case ends with the outcome of its legal
 * measures. While a case is PENDING or ACCEPTED the hazard's own loop pauses (INS-2): at most one such case per
 * hazard. The clocks are working days of the inspection policy the case was handed over under.
 */
@Entity('hand_over')
@Index('uq_hand_over_open_hazard', ['hazardId'], { unique: true, where: `state IN ('PENDING', 'ACCEPTED')` })
@Index('ix_hand_over_hazard', ['hazardId', 'handedOverAt'])
@Index('ix_hand_over_region', ['regionId', 'handedOverAt', 'id'])
@Index('ix_hand_over_open', ['state', 'acceptDueBy'], { where: `state IN ('PENDING', 'ACCEPTED')` })
@Check('ck_hand_over_state', `state IN (${sqlList(Object.values(HandOverState))})`)
@Check('ck_hand_over_accepted', `(state IN ('ACCEPTED', 'CONCLUDED')) = (accepted_at IS NOT NULL AND case_filed IS NOT NULL AND outcome_due_by IS NOT NULL)`)
@Check('ck_hand_over_returned', `(state = 'RETURNED') = (returned_at IS NOT NULL AND return_reason IS NOT NULL)`)
@Check('ck_hand_over_concluded', `(state = 'CONCLUDED') = (concluded_at IS NOT NULL AND hazard_eliminated IS NOT NULL AND document_number IS NOT NULL AND decided_on IS NOT NULL)`)
@Check('ck_hand_over_measures', `jsonb_typeof(measures) = 'array'`)
export class HandOver {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_hand_over' }) id: string;
  @Column({ type: 'uuid' }) hazardId: string;
  @Ref(() => Hazard, 'fk_hand_over_hazard', 'hazard_id') hazard?: Relation<Hazard>;
  /** The hazard's region (kept with it when the hazard is corrected): the case's jurisdiction. */
  @Column({ type: 'uuid' }) regionId: string;
  @Ref(() => Region, 'fk_hand_over_region', 'region_id') region?: Relation<Region>;
  @Column({ type: 'text' }) state: HandOverState;
  @Column({ type: 'timestamptz' }) handedOverAt: Date;
  @Column({ type: 'uuid', nullable: true }) handedOverById: string | null;
  @Column({ type: 'text' }) handedOverBy: string;
  @Column({ type: 'text' }) reason: string;
  /** The brigade accepts or returns it by this day (N working days after the hand-over, policy). */
  @Column({ type: 'date' }) acceptDueBy: string;
  @Column({ type: 'integer' }) policyVersion: number;
  @Column({ type: 'timestamptz', nullable: true }) acceptedAt: Date | null;
  @Column({ type: 'text', nullable: true }) acceptedBy: string | null;
  /** 立案 (true) or 不予立案 (false), decided on acceptance. */
  @Column({ type: 'boolean', nullable: true }) caseFiled: boolean | null;
  @Column({ type: 'text', nullable: true }) acceptNote: string | null;
  /** The brigade records its outcome by this day (M working days after acceptance, policy). */
  @Column({ type: 'date', nullable: true }) outcomeDueBy: string | null;
  @Column({ type: 'timestamptz', nullable: true }) returnedAt: Date | null;
  @Column({ type: 'text', nullable: true }) returnedBy: string | null;
  @Column({ type: 'text', nullable: true }) returnReason: string | null;
  @Column({ type: 'timestamptz', nullable: true }) concludedAt: Date | null;
  @Column({ type: 'text', nullable: true }) concludedBy: string | null;
  @Column({ type: 'jsonb', default: () => `'[]'` }) measures: MeasureTaken[];
  /** The decision's document number (e.g. 靖消行罚决字〔2027〕12号). */
  @Column({ type: 'text', nullable: true }) documentNumber: string | null;
  @Column({ type: 'date', nullable: true }) decidedOn: string | null;
  @Column({ type: 'boolean', nullable: true }) hazardEliminated: boolean | null;
  @Column({ type: 'text', nullable: true }) outcomeNote: string | null;
  @Column({ type: 'jsonb', default: () => `'[]'` }) attachments: Attachment[];
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @VersionColumn() version: number;
}
