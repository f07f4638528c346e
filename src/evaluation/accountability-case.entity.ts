import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Ref } from '../database/ref';
import { InvestigationCase } from '../inspections/fire.entity';
import { Organization } from '../organization/organization.entity';
import { sqlList } from '../organization/organization.enums';
import { Region } from '../organization/region.entity';
import { Person } from '../personnel/person.entity';
import { EvaluationResult } from './evaluation.entity';
import { AccountabilityStatus, AccountabilitySubjectKind } from './evaluation.enums';

/**
 * EVA-6: two consecutive INCOMPETENT years: interview by the assessing department and the establishment unit, report
 * to discipline. COM-6: a case against a member unit for non-implementation (工作不落实), opened by the investigating
 * office with its reason, the investigation and the tasks cited; it has no person nor evaluation results.
 */
@Entity('accountability_case')
@Index('ix_accountability_case_created', ['createdAt', 'id'])
@Unique('uq_accountability_case_person_year', ['personId', 'year'])
@Index('ix_accountability_case_region', ['regionId', 'status'])
@Index('ix_accountability_case_organization', ['organizationId'])
@Check('ck_accountability_case_status', `status IN (${sqlList(Object.values(AccountabilityStatus))})`)
@Check('ck_accountability_case_subject_kind', `subject_kind IN (${sqlList(Object.values(AccountabilitySubjectKind))})`)
@Check('ck_accountability_case_subject', `(subject_kind = 'PERSON' AND person_id IS NOT NULL AND previous_result_id IS NOT NULL AND result_id IS NOT NULL AND organization_id IS NULL AND task_ids IS NULL) OR (subject_kind = 'MEMBER_UNIT' AND organization_id IS NOT NULL AND reason IS NOT NULL AND task_ids IS NOT NULL AND person_id IS NULL AND previous_result_id IS NULL AND result_id IS NULL)`)
export class AccountabilityCase {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_accountability_case' }) id: string;
  @Column({ type: 'text', default: 'PERSON' }) subjectKind: AccountabilitySubjectKind;
  /** A person case's person (EVA-6); null for a member-unit case. */
  @Column({ type: 'uuid', nullable: true }) personId: string | null;
  @Ref(() => Person, 'fk_accountability_case_person', 'person_id', { nullable: true }) person?: Relation<Person> | null;
  /** Whom the case is about, as named when it was opened: the person's name, or the member unit's. */
  @Column({ type: 'text' }) personName: string;
  /** COM-6: a member-unit case's unit (an organization of kind MEMBER_UNIT). */
  @Column({ type: 'uuid', nullable: true }) organizationId: string | null;
  @Ref(() => Organization, 'fk_accountability_case_organization', 'organization_id', { nullable: true }) organization?: Relation<Organization> | null;
  /** COM-6: why the unit is held to account (required for a member-unit case). */
  @Column({ type: 'text', nullable: true }) reason: string | null;
  /** COM-6: the extended investigation (INS-6) the case comes from, if any. */
  @Column({ type: 'uuid', nullable: true }) investigationId: string | null;
  @Ref(() => InvestigationCase, 'fk_accountability_case_investigation', 'investigation_id', { nullable: true }) investigation?: Relation<InvestigationCase> | null;
  /** COM-6: the tasks not implemented that the case cites (committee_task ids); null for a person case. */
  @Column({ type: 'uuid', array: true, nullable: true }) taskIds: string[] | null;
  @Column({ type: 'uuid' }) regionId: string;
  @Ref(() => Region, 'fk_accountability_case_region', 'region_id') region?: Relation<Region>;
  /** The second INCOMPETENT year (EVA-6); a member-unit case: the year it was opened (Asia/Shanghai). */
  @Column({ type: 'integer' }) year: number;
  @Column({ type: 'uuid', nullable: true }) previousResultId: string | null;
  @Ref(() => EvaluationResult, 'fk_accountability_case_previous', 'previous_result_id', { nullable: true }) previousResult?: Relation<EvaluationResult> | null;
  @Column({ type: 'uuid', nullable: true }) resultId: string | null;
  @Ref(() => EvaluationResult, 'fk_accountability_case_result', 'result_id', { nullable: true }) result?: Relation<EvaluationResult> | null;
  @Column({ type: 'text' }) assessingDepartment: string;
  @Column({ type: 'text' }) establishmentUnit: string;
  @Column({ type: 'text' }) status: AccountabilityStatus;
  /** When the county discipline inspection commission was notified (the case opening). */
  @Column({ type: 'timestamptz' }) notifiedAt: Date;
  /** When `accountability_case.opened` reached the discipline commission's webhook (null: not yet, or none). */
  @Column({ type: 'timestamptz', nullable: true }) deliveredAt: Date | null;
  @Column({ type: 'date', nullable: true }) interviewedOn: string | null;
  @Column({ type: 'text', nullable: true }) interviewers: string | null;
  @Column({ type: 'text', nullable: true }) outcome: string | null;
  @Column({ type: 'text', nullable: true }) closedBy: string | null;
  @Column({ type: 'timestamptz', nullable: true }) closedAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @VersionColumn() version: number;
}
