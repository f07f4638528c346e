import { Account, AccountPasswordHistory } from './auth/account.entity';
import { AuthSession } from './auth/session.entity';
import { RecoveryCode } from './auth/second-factor.entity';
import { UnmaskGrant } from './auth/unmask-grant.entity';
import { SecurityPolicy } from './auth/security-policy.entity';
import { SignInFailure } from './auth/sign-in-failure.entity';
import { ApiKey } from './auth/api-key.entity';
import { AuditEntry } from './auth/audit-entry.entity';
import { IdempotencyKey } from './database/idempotency-key.entity';
import { EligibilityDeviation } from './personnel/deviation.entity';
import { Person } from './personnel/person.entity';
import { PersonnelPolicy } from './personnel/personnel-policy.entity';
import { Post, PostTransition } from './personnel/post.entity';
import { FacilityCheck } from './organization/facility-check.entity';
import { Organization } from './organization/organization.entity';
import { Region } from './organization/region.entity';
import { CalendarDay, CalendarYear } from './inspections/calendar.entity';
import { ChecklistTemplate } from './inspections/checklist.entity';
import { Complaint } from './inspections/complaint.entity';
import { FireIncident, InvestigationCase } from './inspections/fire.entity';
import { HandOver } from './inspections/hand-over.entity';
import { Hazard, HazardEvent } from './inspections/hazard.entity';
import { Inspection, InspectionPlan, InspectionPlanTarget } from './inspections/inspection.entity';
import { MajorHazardCatalogueItem, MajorHazardThreshold } from './inspections/major-hazard.entity';
import { InspectionPolicy } from './inspections/policy.entity';
import { Premises, PremisesEvent } from './inspections/premises.entity';
import { RiskObservation, RiskPoint } from './inspections/risk-point.entity';
import { Warning, WarningRule } from './inspections/warning.entity';
import { WorkReport } from './inspections/work-report.entity';
import { StaffQuotaChange } from './organization/staff-quota-change.entity';
import { AttachmentLink, AttachmentUpload, StoredFile } from './attachments/attachment.entity';
import { Activity } from './training/activity.entity';
import { Attendance, Course, CourseSession } from './training/course.entity';
import { Exam, ExamResult } from './training/exam.entity';
import { GoodPractice, GoodPracticeEvent } from './training/practice.entity';
import { GuidanceVisit, VillageGuidance } from './training/village.entity';
import { AccountabilityCase } from './evaluation/accountability-case.entity';
import { AppraisalBallot, AppraisalBallotScore, AppraisalParticipation } from './evaluation/appraisal.entity';
import { DutyReport, DutyReportScore } from './evaluation/duty-report.entity';
import { EvaluationPeriod, EvaluationResult } from './evaluation/evaluation.entity';
import { EvaluationPolicy } from './evaluation/evaluation-policy.entity';
import { EvaluationReminder } from './evaluation/evaluation-reminder.entity';
import { ImportJob } from './office/import-job.entity';
import { RecordCorrection } from './corrections/record-correction.entity';
import {
  Campaign, CommitteePolicy, InvestigationTaskCitation, Meeting, MeetingDecision, MemberUnitDutyList, MemberUnitEvaluation, SupervisionFinding,
  SupervisionVisit, Task, TaskEvent,
} from './committees/committee.entity';
import { IntegrationEvent, Webhook, WebhookDelivery, WebhookDeliveryAttempt } from './integration/integration.entity';

/** Every entity, in one list: the root module hands it to the database (`DatabaseModule.forRoot`), which imports no domain. */
export const ENTITIES = [
  Region, Organization, StaffQuotaChange, FacilityCheck,
  Account, AccountPasswordHistory, RecoveryCode, AuthSession, ApiKey, AuditEntry, IdempotencyKey, SecurityPolicy, SignInFailure, UnmaskGrant,
  Person, Post, PostTransition, EligibilityDeviation, PersonnelPolicy,
  InspectionPolicy, CalendarYear, CalendarDay, Premises, PremisesEvent, ChecklistTemplate, InspectionPlan, InspectionPlanTarget, Inspection,
  Complaint, Hazard, HazardEvent, HandOver, MajorHazardCatalogueItem, MajorHazardThreshold, RiskPoint, RiskObservation, WarningRule, Warning,
  FireIncident, InvestigationCase, WorkReport,
  StoredFile, AttachmentUpload, AttachmentLink,
  Activity, Course, CourseSession, Attendance, Exam, ExamResult, VillageGuidance, GuidanceVisit, GoodPractice, GoodPracticeEvent,
  EvaluationPolicy, DutyReport, DutyReportScore, AppraisalBallot, AppraisalBallotScore, AppraisalParticipation, EvaluationResult, AccountabilityCase,
  EvaluationPeriod, EvaluationReminder,
  ImportJob,
  RecordCorrection,
  CommitteePolicy, Meeting, MeetingDecision, Campaign, Task, TaskEvent, MemberUnitDutyList, SupervisionVisit, SupervisionFinding, MemberUnitEvaluation,
  InvestigationTaskCitation,
  IntegrationEvent, Webhook, WebhookDelivery, WebhookDeliveryAttempt,
];
