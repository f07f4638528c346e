import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, VersionColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Organization } from '../organization/organization.entity';
import { sqlList } from '../organization/organization.enums';
import { Person } from './person.entity';
import { DeviationStatus, PrincipleRule } from './personnel.enums';

/** PER-2, PER-8: a written justification for deviating from a principle rule, approved (or not) by the center. */
@Entity('eligibility_deviation')
@Index('ix_eligibility_deviation_person', ['personId', 'organizationId'])
@Index('ix_eligibility_deviation_requested', ['requestedAt', 'id'])
@Index('uq_eligibility_deviation_open', ['personId', 'organizationId', 'rule'], { unique: true, where: `status <> 'REJECTED'` })
@Check('ck_eligibility_deviation_rule', `rule IN (${sqlList(Object.values(PrincipleRule))})`)
@Check('ck_eligibility_deviation_status', `status IN (${sqlList(Object.values(DeviationStatus))})`)
export class EligibilityDeviation {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_eligibility_deviation' }) id: string;
  @Column({ type: 'uuid' }) personId: string;
  @ManyToOne(() => Person, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'fk_eligibility_deviation_person' })
  person?: Relation<Person>;
  @Column({ type: 'uuid' }) organizationId: string;
  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'fk_eligibility_deviation_organization' })
  organization?: Relation<Organization>;
  @Column({ type: 'text' }) rule: PrincipleRule;
  @Column({ type: 'text' }) justification: string;
  @Column({ type: 'text' }) status: DeviationStatus;
  @Column({ type: 'text' }) requestedBy: string;
  @Column({ type: 'timestamptz' }) requestedAt: Date;
  @Column({ type: 'text', nullable: true }) decidedBy: string | null;
  @Column({ type: 'timestamptz', nullable: true }) decidedAt: Date | null;
  @Column({ type: 'text', nullable: true }) decisionNote: string | null;
  @VersionColumn() version: number;
}
