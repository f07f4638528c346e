import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { PeriodKind } from '../common/period';
import { Ref } from '../database/ref';
import { Organization } from '../organization/organization.entity';
import { sqlList } from '../organization/organization.enums';
import { SubjectKind } from './evaluation.enums';

const SUBJECTS = sqlList(Object.values(SubjectKind));

/**
 * A democratic appraisal ballot (民主评议) of a station's round (a month or a quarter). Anonymous: no rater, no
 * time; who has voted is kept apart in `appraisal_participation`, with nothing linking the two.
 */
@Entity('appraisal_ballot')
@Index('ix_appraisal_ballot_round', ['stationId', 'periodKind', 'year', 'number'])
@Check('ck_appraisal_ballot_period', `period_kind IN ('MONTH', 'QUARTER')`)
export class AppraisalBallot {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_appraisal_ballot' }) id: string;
  @Column({ type: 'uuid' }) stationId: string;
  @Ref(() => Organization, 'fk_appraisal_ballot_station', 'station_id') station?: Relation<Organization>;
  @Column({ type: 'text' }) periodKind: PeriodKind;
  @Column({ type: 'integer' }) year: number;
  @Column({ type: 'integer' }) number: number;
  /** Invalid: it gives every subject the same score (counted, not used). */
  @Column({ type: 'boolean' }) valid: boolean;
}

@Entity('appraisal_ballot_score')
@Check('ck_appraisal_ballot_score_subject', `subject_kind IN (${SUBJECTS})`)
@Check('ck_appraisal_ballot_score_score', `score BETWEEN 0 AND 100`)
export class AppraisalBallotScore {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_appraisal_ballot_score' }) ballotId: string;
  @Ref(() => AppraisalBallot, 'fk_appraisal_ballot_score_ballot', 'ballot_id') ballot?: Relation<AppraisalBallot>;
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_appraisal_ballot_score' }) subjectKind: SubjectKind;
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_appraisal_ballot_score' }) subjectId: string;
  @Column({ type: 'integer' }) score: number;
}

/** Who has cast a ballot in a round (one each), and on which day: never which ballot. */
@Entity('appraisal_participation')
export class AppraisalParticipation {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_appraisal_participation' }) stationId: string;
  @Ref(() => Organization, 'fk_appraisal_participation_station', 'station_id') station?: Relation<Organization>;
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_appraisal_participation' }) periodKind: PeriodKind;
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'pk_appraisal_participation' }) year: number;
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'pk_appraisal_participation' }) number: number;
  /** The rater's account (or key) id. */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_appraisal_participation' }) raterId: string;
  @Column({ type: 'text' }) raterRole: string;
  @Column({ type: 'date' }) castOn: string;
}
