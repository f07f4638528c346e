import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { sqlList } from '../organization/organization.enums';
import { Organization } from '../organization/organization.entity';
import { Region } from '../organization/region.entity';
import { CommunicationAssessment, DeviationStatus, Education, EstablishmentType, Gender, LeaveReason, PostState, PrincipleRule } from './personnel.enums';

/**
 * A person proposed for (or holding) a post. Citizen ID and phone are stored encrypted, found by keyed hash,
 * shown masked (as accounts' are). `regionId` is the region whose government proposed the person: jurisdiction.
 */
@Entity('person')
@Index('ix_person_name', ['name', 'id'])
// one record per id and registering region: outside the caller's jurisdiction a duplicate is registered silently (no id oracle)
@Unique('uq_person_citizen_id_region', ['citizenIdIndex', 'regionId'])
@Index('ix_person_region', ['regionId'])
@Index('ix_person_updated', ['updatedAt'])
@Check('ck_person_gender', `gender IN (${sqlList(Object.values(Gender))})`)
@Check('ck_person_education', `education IN (${sqlList(Object.values(Education))})`)
@Check('ck_person_establishment_type', `establishment_type IN (${sqlList(Object.values(EstablishmentType))})`)
@Check('ck_person_communication', `communication IS NULL OR communication IN (${sqlList(Object.values(CommunicationAssessment))})`)
export class Person {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_person' }) id: string;
  @Column({ type: 'uuid' }) regionId: string;
  @ManyToOne(() => Region, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_id', foreignKeyConstraintName: 'fk_person_region' })
  region?: Relation<Region>;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) gender: Gender;
  @Column({ type: 'date' }) birthDate: string;
  @Column({ type: 'text' }) citizenIdEnc: string;
  @Column({ type: 'text' }) citizenIdIndex: string;
  @Column({ type: 'text' }) citizenIdMasked: string;
  @Column({ type: 'text', nullable: true }) phoneEnc: string | null;
  @Column({ type: 'text', nullable: true }) phoneMasked: string | null;
  @Column({ type: 'text' }) education: Education;
  @Column({ type: 'text' }) householdRegionCode: string;
  @Column({ type: 'text' }) residenceRegionCode: string;
  @Column({ type: 'text' }) establishmentUnit: string;
  @Column({ type: 'text' }) establishmentType: EstablishmentType;
  @Column({ type: 'text', nullable: true }) communication: CommunicationAssessment | null;
  @Column({ type: 'text', nullable: true }) communicationNote: string | null;
  @Column({ type: 'text', nullable: true }) otherJobs: string | null;
  @Column({ type: 'text' }) createdBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @VersionColumn() version: number;
}

/** A person's post at a station (or the center) over a period; never overwritten: LEFT ends it, history stays. */
@Entity('post')
@Index('ix_post_organization_state', ['organizationId', 'state'])
@Index('ix_post_person', ['personId'])
@Index('ix_post_person_created', ['personId', 'createdAt', 'id'])
@Index('ix_post_created', ['createdAt', 'id'])
@Index('uq_post_person_open', ['personId'], { unique: true, where: `state <> 'LEFT'` })
@Check('ck_post_state', `state IN (${sqlList(Object.values(PostState))})`)
@Check('ck_post_leave_reason', `leave_reason IS NULL OR leave_reason IN (${sqlList(Object.values(LeaveReason))})`)
@Check('ck_post_exam_score', `exam_score IS NULL OR exam_score BETWEEN 0 AND 100`)
@Check('ck_post_prior_service', `prior_service = (prior_service_reason IS NOT NULL)`)
export class Post {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_post' }) id: string;
  @Column({ type: 'uuid' }) personId: string;
  @ManyToOne(() => Person, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'fk_post_person' })
  person?: Relation<Person>;
  @Column({ type: 'uuid' }) organizationId: string;
  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'fk_post_organization' })
  organization?: Relation<Organization>;
  @Column({ type: 'text' }) state: PostState;
  @Column({ type: 'date', nullable: true }) selectedOn: string | null;
  @Column({ type: 'integer', nullable: true }) examScore: number | null;
  /** The day the pre-job training started (T-PER-3); null on posts that never started it. */
  @Column({ type: 'date', nullable: true }) trainingStartedOn: string | null;
  @Column({ type: 'date', nullable: true }) examOn: string | null;
  @Column({ type: 'date', nullable: true }) onDutyFrom: string | null;
  @Column({ type: 'date', nullable: true }) leftOn: string | null;
  @Column({ type: 'text', nullable: true }) leaveReason: LeaveReason | null;
  @Column({ type: 'integer', nullable: true }) eligibilityPolicyVersion: number | null;
  /** Recorded as prior service: on duty before the platform, not through its selection flow (with the reason why). */
  @Column({ type: 'boolean', default: false }) priorService: boolean;
  @Column({ type: 'text', nullable: true }) priorServiceReason: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @VersionColumn() version: number;
}

/** Every move of a post, who made it, when and why (append-only). */
@Entity('post_transition')
@Index('ix_post_transition_post', ['postId', 'at'])
export class PostTransition {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_post_transition' }) id: string;
  @Column({ type: 'uuid' }) postId: string;
  @ManyToOne(() => Post, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'post_id', foreignKeyConstraintName: 'fk_post_transition_post' })
  post?: Relation<Post>;
  @Column({ type: 'text', nullable: true }) fromState: PostState | null;
  @Column({ type: 'text' }) toState: PostState;
  @Column({ type: 'timestamptz' }) at: Date;
  @Column({ type: 'text' }) actor: string;
  @Column({ type: 'text', nullable: true }) note: string | null;
}

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

/** The versioned parameters of PER-3, PER-5, PER-7 (domain defaults: 18..45, 高中, pass mark 60). */
@Entity('personnel_policy')
@Check('ck_personnel_policy_ages', `min_age >= 16 AND max_age <= 70 AND min_age <= max_age`)
@Check('ck_personnel_policy_pass_mark', `exam_pass_mark BETWEEN 0 AND 100`)
@Check('ck_personnel_policy_education', `min_education IN (${sqlList(Object.values(Education))})`)
export class PersonnelPolicy {
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'pk_personnel_policy' }) version: number;
  @Column({ type: 'date' }) effectiveFrom: string;
  @Column({ type: 'integer' }) minAge: number;
  @Column({ type: 'integer' }) maxAge: number;
  @Column({ type: 'text' }) minEducation: Education;
  @Column({ type: 'integer' }) examPassMark: number;
  @Column({ type: 'text' }) createdBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
