import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Organization } from '../organization/organization.entity';
import { sqlList } from '../organization/organization.enums';
import { Person } from './person.entity';
import { LeaveReason, PostState } from './personnel.enums';

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
