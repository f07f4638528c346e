import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { Attachment } from '../attachments/attachment.entity';
import { NUMERIC, Ref } from '../database/ref';
import { Grade } from '../evaluation/evaluation.enums';
import { InvestigationCase } from '../inspections/fire.entity';
import { sqlList } from '../organization/organization.enums';
import { Organization } from '../organization/organization.entity';
import { Region } from '../organization/region.entity';
import {
  FindingSeverity, MeetingKind, MeetingStatus, MemberUnitEvaluationStatus, MemberUnitSector, TaskAction, TaskSource, TaskStatus,
} from './committees.enums';

/**
 * The committees' own policy (COM-2, COM-4), versioned like the other policies: a version applies from its
 * `effectiveFrom` day; a task keeps the version its deadline was checked against, a member-unit evaluation the
 * version it was computed with (changing the policy never rewrites a finalized result).
 */
@Entity('committee_policy')
@Check('ck_committee_policy_weights', `evaluation_task_weight + evaluation_campaign_weight + evaluation_supervision_weight + evaluation_scored_weight = 100`)
@Check('ck_committee_policy_grades', `excellent_min > good_min AND good_min > competent_min AND competent_min > 0 AND excellent_min <= 100`)
@Check('ck_committee_policy_deadline', `task_max_deadline_days BETWEEN 1 AND 3660`)
export class CommitteePolicy {
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'pk_committee_policy' }) version: number;
  @Column({ type: 'date' }) effectiveFrom: string;
  /** COM-2: the latest deadline a task may get, in calendar days after its assignment day. */
  @Column({ type: 'integer' }) taskMaxDeadlineDays: number;
  /** COM-4: the parts of a member unit's evaluation, in points out of 100. */
  @Column({ type: 'integer' }) evaluationTaskWeight: number;
  @Column({ type: 'integer' }) evaluationCampaignWeight: number;
  @Column({ type: 'integer' }) evaluationSupervisionWeight: number;
  @Column({ type: 'integer' }) evaluationScoredWeight: number;
  /** COM-4: points taken off the supervision part per finding (a SERIOUS one counts twice). */
  @Column({ type: 'numeric', precision: 5, scale: 2, transformer: NUMERIC }) findingDeduction: number;
  @Column({ type: 'numeric', precision: 5, scale: 2, transformer: NUMERIC }) excellentMin: number;
  @Column({ type: 'numeric', precision: 5, scale: 2, transformer: NUMERIC }) goodMin: number;
  @Column({ type: 'numeric', precision: 5, scale: 2, transformer: NUMERIC }) competentMin: number;
  @Column({ type: 'text' }) createdBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** COM-1: a meeting of a county or township fire rescue committee, with its attendees, minutes and decisions. */
@Entity('committee_meeting')
@Index('ix_committee_meeting_region', ['regionId', 'heldOn', 'id'])
@Index('ix_committee_meeting_committee', ['committeeId', 'heldOn', 'id'])
@Check('ck_committee_meeting_kind', `kind IN (${sqlList(Object.values(MeetingKind))})`)
@Check('ck_committee_meeting_status', `status IN (${sqlList(Object.values(MeetingStatus))})`)
@Check('ck_committee_meeting_published', `(status = 'PUBLISHED') = (published_at IS NOT NULL)`)
export class Meeting {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_committee_meeting' }) id: string;
  /** The committee (COUNTY_COMMITTEE or TOWNSHIP_COMMITTEE) that met. */
  @Column({ type: 'uuid' }) committeeId: string;
  @Ref(() => Organization, 'fk_committee_meeting_committee', 'committee_id') committee?: Relation<Organization>;
  /** The committee's region: the jurisdiction that reads the meeting. */
  @Column({ type: 'uuid' }) regionId: string;
  @Ref(() => Region, 'fk_committee_meeting_region', 'region_id') region?: Relation<Region>;
  @Column({ type: 'text' }) kind: MeetingKind;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'date' }) heldOn: string;
  /** Who convened and chaired it (name and post). */
  @Column({ type: 'text' }) convener: string;
  /** Member units (organizations of kind MEMBER_UNIT of this committee) that attended. */
  @Column({ type: 'uuid', array: true }) attendingUnitIds: string[];
  /** People who attended (name and unit, as written in the minutes). */
  @Column({ type: 'text', array: true }) attendees: string[];
  @Column({ type: 'text', array: true }) topics: string[];
  /** 会议纪要. */
  @Column({ type: 'text', nullable: true }) minutes: string | null;
  @Column({ type: 'jsonb' }) attachments: Attachment[];
  @Column({ type: 'text' }) status: MeetingStatus;
  @Column({ type: 'timestamptz', nullable: true }) publishedAt: Date | null;
  @Column({ type: 'text', nullable: true }) publishedBy: string | null;
  @Column({ type: 'text' }) createdBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @VersionColumn() version: number;
}

/** COM-1: a decision (议定事项) of a meeting, in the order of the minutes; it may become tasks (COM-2). */
@Entity('meeting_decision')
@Unique('uq_meeting_decision_seq', ['meetingId', 'seq'])
export class MeetingDecision {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_meeting_decision' }) id: string;
  @Column({ type: 'uuid' }) meetingId: string;
  @Ref(() => Meeting, 'fk_meeting_decision_meeting', 'meeting_id') meeting?: Relation<Meeting>;
  @Column({ type: 'integer' }) seq: number;
  @Column({ type: 'text' }) content: string;
}

/**
 * COM-3: a special rectification campaign (消防安全专项整治) deployed by a committee for a period and a scope.
 * Inspections and hazards count towards it by scope (region, premises kind, checklist items) and period.
 */
@Entity('campaign')
@Index('ix_campaign_region', ['regionId', 'periodStart', 'id'])
@Check('ck_campaign_period', `period_end >= period_start`)
@Check('ck_campaign_targets', `(target_inspections IS NULL OR target_inspections > 0) AND (target_rectification_percent IS NULL OR target_rectification_percent BETWEEN 1 AND 100)`)
export class Campaign {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_campaign' }) id: string;
  @Column({ type: 'uuid' }) committeeId: string;
  @Ref(() => Organization, 'fk_campaign_committee', 'committee_id') committee?: Relation<Organization>;
  @Column({ type: 'uuid' }) regionId: string;
  @Ref(() => Region, 'fk_campaign_region', 'region_id') region?: Relation<Region>;
  /** The meeting decision that deployed it, if one did. */
  @Column({ type: 'uuid', nullable: true }) decisionId: string | null;
  @Ref(() => MeetingDecision, 'fk_campaign_decision', 'decision_id', { nullable: true }) decision?: Relation<MeetingDecision> | null;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) description: string;
  @Column({ type: 'date' }) periodStart: string;
  @Column({ type: 'date' }) periodEnd: string;
  /** Regions in scope (the committee's region or townships below it). */
  @Column({ type: 'uuid', array: true }) scopeRegionIds: string[];
  /** Premises kinds in scope (PremisesKind values); empty: every kind. */
  @Column({ type: 'text', array: true }) premisesKinds: string[];
  /** Checklist item codes whose hazards count; empty: every hazard of the premises in scope. */
  @Column({ type: 'text', array: true }) hazardItemCodes: string[];
  @Column({ type: 'integer', nullable: true }) targetInspections: number | null;
  @Column({ type: 'integer', nullable: true }) targetRectificationPercent: number | null;
  @Column({ type: 'text' }) createdBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @VersionColumn() version: number;
}

/**
 * COM-2: a task (部署、交办) assigned by a committee's office to a body: a member unit, a township government or
 * committee, a station or the center. `regionId` is the assignee's region (both the assigning office and the
 * assignee reach it). A township committee passes a county task on as sub-tasks (`parentTaskId`).
 */
@Entity('committee_task')
@Index('ix_committee_task_region', ['regionId', 'deadline', 'id'])
@Index('ix_committee_task_assignee', ['assigneeId', 'deadline', 'id'])
@Index('ix_committee_task_committee', ['committeeId', 'deadline', 'id'])
@Index('ix_committee_task_parent', ['parentTaskId'])
@Index('ix_committee_task_campaign', ['campaignId'])
@Check('ck_committee_task_status', `status IN (${sqlList(Object.values(TaskStatus))})`)
@Check('ck_committee_task_source', `source IN (${sqlList(Object.values(TaskSource))})`)
@Check('ck_committee_task_deadline', `deadline >= assigned_on`)
@Check('ck_committee_task_accepted', `(status = 'ACCEPTED') = (accepted_at IS NOT NULL)`)
@Check('ck_committee_task_parent', `(source = 'PASSED_ON') = (parent_task_id IS NOT NULL)`)
export class Task {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_committee_task' }) id: string;
  /** The committee whose ledger (台账) holds the task. */
  @Column({ type: 'uuid' }) committeeId: string;
  @Ref(() => Organization, 'fk_committee_task_committee', 'committee_id') committee?: Relation<Organization>;
  /** The office that assigned it (the committee's office, or the township government for a township committee). */
  @Column({ type: 'uuid' }) assignedById: string;
  @Ref(() => Organization, 'fk_committee_task_assigned_by', 'assigned_by_id') assignedBy?: Relation<Organization>;
  @Column({ type: 'uuid' }) assigneeId: string;
  @Ref(() => Organization, 'fk_committee_task_assignee', 'assignee_id') assignee?: Relation<Organization>;
  @Column({ type: 'uuid' }) regionId: string;
  @Ref(() => Region, 'fk_committee_task_region', 'region_id') region?: Relation<Region>;
  @Column({ type: 'text' }) source: TaskSource;
  @Column({ type: 'uuid', nullable: true }) decisionId: string | null;
  @Ref(() => MeetingDecision, 'fk_committee_task_decision', 'decision_id', { nullable: true }) decision?: Relation<MeetingDecision> | null;
  @Column({ type: 'uuid', nullable: true }) campaignId: string | null;
  @Ref(() => Campaign, 'fk_committee_task_campaign', 'campaign_id', { nullable: true }) campaign?: Relation<Campaign> | null;
  @Column({ type: 'uuid', nullable: true }) parentTaskId: string | null;
  @Ref(() => Task, 'fk_committee_task_parent', 'parent_task_id', { nullable: true }) parentTask?: Relation<Task> | null;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) requirement: string;
  @Column({ type: 'date' }) assignedOn: string;
  @Column({ type: 'date' }) deadline: string;
  /** Set when the deadline was given in working days (counted on the working calendar from `assignedOn`). */
  @Column({ type: 'integer', nullable: true }) deadlineWorkingDays: number | null;
  /** The deadline task.overdue was written for (integration events): announced once per deadline. */
  @Column({ type: 'date', nullable: true }) overdueAnnouncedDeadline: string | null;
  @Column({ type: 'boolean' }) evidenceRequired: boolean;
  @Column({ type: 'text' }) status: TaskStatus;
  @Column({ type: 'integer' }) policyVersion: number;
  @Column({ type: 'timestamptz', nullable: true }) acknowledgedAt: Date | null;
  /** The last completion report (a returned task's report is cleared when it is reopened). */
  @Column({ type: 'timestamptz', nullable: true }) completionReportedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) acceptedAt: Date | null;
  /** Accepted and its accepted completion was reported on or before the deadline day (Asia/Shanghai). */
  @Column({ type: 'boolean', nullable: true }) completedOnTime: boolean | null;
  @Column({ type: 'integer', default: 0 }) returnCount: number;
  @Column({ type: 'text', nullable: true }) lastReturnReason: string | null;
  @Column({ type: 'text' }) createdBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @VersionColumn() version: number;
}

/** COM-2: one step of a task (append-only): who, when, what was said and the evidence attached. */
@Entity('committee_task_event')
@Index('ix_committee_task_event_task', ['taskId', 'seq'])
@Check('ck_committee_task_event_action', `action IN (${sqlList(Object.values(TaskAction))})`)
export class TaskEvent {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_committee_task_event' }) id: string;
  @Column({ type: 'bigint', generated: 'identity', generatedIdentity: 'ALWAYS' }) seq: string;
  @Column({ type: 'uuid' }) taskId: string;
  @Ref(() => Task, 'fk_committee_task_event_task', 'task_id') task?: Relation<Task>;
  @Column({ type: 'text' }) action: TaskAction;
  @Column({ type: 'timestamptz' }) at: Date;
  @Column({ type: 'text', nullable: true }) note: string | null;
  @Column({ type: 'jsonb' }) attachments: Attachment[];
  @Column({ type: 'text' }) actor: string;
}

/** COM-4: a version of a member unit's duty list (责任清单); the latest is in force, the earlier are kept. */
@Entity('member_unit_duty_list')
@Unique('uq_member_unit_duty_list_version', ['memberUnitId', 'version'])
@Check('ck_member_unit_duty_list_sector', `sector IN (${sqlList(Object.values(MemberUnitSector))})`)
@Check('ck_member_unit_duty_list_duties', `jsonb_typeof(duties) = 'array' AND jsonb_array_length(duties) >= 1`)
export class MemberUnitDutyList {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_member_unit_duty_list' }) id: string;
  @Column({ type: 'uuid' }) memberUnitId: string;
  @Ref(() => Organization, 'fk_member_unit_duty_list_unit', 'member_unit_id') memberUnit?: Relation<Organization>;
  @Column({ type: 'uuid' }) regionId: string;
  @Ref(() => Region, 'fk_member_unit_duty_list_region', 'region_id') region?: Relation<Region>;
  @Column({ type: 'integer' }) version: number;
  @Column({ type: 'text' }) sector: MemberUnitSector;
  /** The duties: `{ code, text, basis }` (basis: the article of the provincial rules it comes from). */
  @Column({ type: 'jsonb' }) duties: { code: string; text: string; basis: string | null }[];
  /** Why this version (the default catalogue loaded, or what was changed). */
  @Column({ type: 'text' }) note: string;
  @Column({ type: 'text' }) createdBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** COM-4: a supervision visit (督导检查) of a member unit by the center (county units) or the station (township units). */
@Entity('supervision_visit')
@Index('ix_supervision_visit_unit', ['memberUnitId', 'visitedOn', 'id'])
@Index('ix_supervision_visit_region', ['regionId', 'visitedOn', 'id'])
export class SupervisionVisit {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_supervision_visit' }) id: string;
  @Column({ type: 'uuid' }) memberUnitId: string;
  @Ref(() => Organization, 'fk_supervision_visit_unit', 'member_unit_id') memberUnit?: Relation<Organization>;
  @Column({ type: 'uuid' }) regionId: string;
  @Ref(() => Region, 'fk_supervision_visit_region', 'region_id') region?: Relation<Region>;
  /** The center or the station that visited. */
  @Column({ type: 'uuid' }) visitorOrganizationId: string;
  @Ref(() => Organization, 'fk_supervision_visit_visitor', 'visitor_organization_id') visitorOrganization?: Relation<Organization>;
  @Column({ type: 'date' }) visitedOn: string;
  @Column({ type: 'text', array: true }) visitors: string[];
  @Column({ type: 'text' }) summary: string;
  @Column({ type: 'jsonb' }) attachments: Attachment[];
  @Column({ type: 'text' }) recordedBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) recordedAt: Date;
}

/** COM-4: a finding of a supervision visit; it may become a task (its `taskId`). */
@Entity('supervision_finding')
@Unique('uq_supervision_finding_seq', ['visitId', 'seq'])
@Check('ck_supervision_finding_severity', `severity IN (${sqlList(Object.values(FindingSeverity))})`)
export class SupervisionFinding {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_supervision_finding' }) id: string;
  @Column({ type: 'uuid' }) visitId: string;
  @Ref(() => SupervisionVisit, 'fk_supervision_finding_visit', 'visit_id') visit?: Relation<SupervisionVisit>;
  @Column({ type: 'integer' }) seq: number;
  @Column({ type: 'text' }) description: string;
  @Column({ type: 'text' }) severity: FindingSeverity;
  /** The duty (code of the duty list in force) it concerns, if any. */
  @Column({ type: 'text', nullable: true }) dutyCode: string | null;
  @Column({ type: 'uuid', nullable: true }) taskId: string | null;
  @Ref(() => Task, 'fk_supervision_finding_task', 'task_id', { nullable: true }) task?: Relation<Task> | null;
}

/**
 * COM-4: a member unit's evaluation of a year, in the four grades of EVA-4: computed from tasks on time, campaign
 * results and supervision findings, plus a part scored by the evaluating office; `breakdown` traces every point to
 * its input. Once FINAL it never changes (a policy change never rewrites it).
 */
@Entity('member_unit_evaluation')
@Unique('uq_member_unit_evaluation_year', ['memberUnitId', 'year'])
@Index('ix_member_unit_evaluation_region', ['regionId', 'year', 'id'])
@Check('ck_member_unit_evaluation_status', `status IN (${sqlList(Object.values(MemberUnitEvaluationStatus))})`)
@Check('ck_member_unit_evaluation_grade', `grade IS NULL OR grade IN (${sqlList(Object.values(Grade))})`)
@Check('ck_member_unit_evaluation_final', `(status = 'FINAL') = (finalized_at IS NOT NULL AND grade IS NOT NULL AND score IS NOT NULL)`)
export class MemberUnitEvaluation {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_member_unit_evaluation' }) id: string;
  @Column({ type: 'uuid' }) memberUnitId: string;
  @Ref(() => Organization, 'fk_member_unit_evaluation_unit', 'member_unit_id') memberUnit?: Relation<Organization>;
  @Column({ type: 'uuid' }) regionId: string;
  @Ref(() => Region, 'fk_member_unit_evaluation_region', 'region_id') region?: Relation<Region>;
  @Column({ type: 'integer' }) year: number;
  @Column({ type: 'integer' }) policyVersion: number;
  @Column({ type: 'text' }) status: MemberUnitEvaluationStatus;
  /** The part scored by the evaluating office, 0–100 (weighted by the policy). */
  @Column({ type: 'numeric', precision: 5, scale: 2, nullable: true, transformer: NUMERIC }) scoredPart: number | null;
  @Column({ type: 'text', nullable: true }) scoredComment: string | null;
  @Column({ type: 'text', nullable: true }) scoredBy: string | null;
  @Column({ type: 'numeric', precision: 5, scale: 2, nullable: true, transformer: NUMERIC }) score: number | null;
  @Column({ type: 'text', nullable: true }) grade: Grade | null;
  @Column({ type: 'jsonb', nullable: true }) breakdown: Record<string, unknown> | null;
  @Column({ type: 'timestamptz', nullable: true }) finalizedAt: Date | null;
  @Column({ type: 'text', nullable: true }) finalizedBy: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @VersionColumn() version: number;
}

/** COM-6: an extended investigation (INS-6) citing a task not implemented, and the unit responsible. */
@Entity('investigation_task_citation')
export class InvestigationTaskCitation {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_investigation_task_citation' }) investigationId: string;
  @Ref(() => InvestigationCase, 'fk_investigation_task_citation_investigation', 'investigation_id') investigation?: Relation<InvestigationCase>;
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_investigation_task_citation' }) taskId: string;
  @Ref(() => Task, 'fk_investigation_task_citation_task', 'task_id') task?: Relation<Task>;
  /** The unit held responsible (the task's assignee unless said otherwise). */
  @Column({ type: 'uuid' }) responsibleUnitId: string;
  @Ref(() => Organization, 'fk_investigation_task_citation_unit', 'responsible_unit_id') responsibleUnit?: Relation<Organization>;
  @Column({ type: 'text' }) note: string;
  @Column({ type: 'text' }) citedBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) citedAt: Date;
}
