import { IdKind, toGlobalId } from '../graphql/global-id';

/**
 * The payload (`data`) of every event type, checked where it is emitted; docs/events.md documents each field.
 * Small on purpose: global ids of related records, states, levels, counts, dates ('YYYY-MM-DD', Asia/Shanghai) and
 * date-times (ISO 8601). Never a person's name, phone, id number or address, nor free text a user typed: a reader
 * that needs more follows the ids through the API, where its own permissions apply.
 */

/** A GraphQL global id (`node(id:)`). */
type GlobalId = string;
/** 'YYYY-MM-DD', a day in Asia/Shanghai. */
type CalendarDate = string;
/** ISO 8601 with offset (UTC, `Z`). */
type DateTime = string;

interface HazardPlace {
  /** The premises the hazard is at (null: a hazard recorded at a region, without premises). */
  premisesId: GlobalId | null;
}

export interface EventPayloads {
  'hazard.reported': HazardPlace & {
    source: string; inspectionId: GlobalId | null; complaintId: GlobalId | null; checklistItemCode: string | null;
    foundOn: CalendarDate; orderDueBy: CalendarDate; majorStatus: string;
  };
  'hazard.rectification_ordered': HazardPlace & { orderedOn: CalendarDate; deadline: CalendarDate; late: boolean; majorStatus: string };
  'hazard.rectification_reported': HazardPlace & { rectifiedOn: CalendarDate; recheckDueBy: CalendarDate; deadline: CalendarDate | null };
  'hazard.overdue': HazardPlace & { deadline: CalendarDate; overdueFrom: CalendarDate; majorStatus: string };
  'hazard.closed': HazardPlace & { closedAt: DateTime; majorStatus: string; closedThrough: string };
  'hazard.reopened': HazardPlace & { status: string; deadline: CalendarDate | null; previousDeadline: CalendarDate | null };
  'hazard.deadline_extended': HazardPlace & { deadline: CalendarDate; previousDeadline: CalendarDate | null };
  'hazard.corrected': HazardPlace & {
    /** The fields the correction changed (API names: description, premisesId, regionId). */
    changedFields: string[];
    /** The region the hazard was in before (the event's region when the region did not change). */
    previousRegionId: GlobalId;
    previousPremisesId: GlobalId | null;
  };
  'hand_over.created': HazardPlace & { hazardId: GlobalId; acceptDueBy: CalendarDate; hazardStatus: string };
  'hand_over.accepted': HazardPlace & { hazardId: GlobalId; caseFiled: boolean; outcomeDueBy: CalendarDate; late: boolean };
  'hand_over.returned': HazardPlace & { hazardId: GlobalId; late: boolean };
  'hand_over.concluded': HazardPlace & { hazardId: GlobalId; measures: string[]; decidedOn: CalendarDate; hazardEliminated: boolean; late: boolean };
  'major_hazard.decided': HazardPlace & { confirmed: boolean; majorStatus: string; catalogueEdition: string | null; itemCodes: string[] };
  'inspection.recorded': { premisesId: GlobalId; planId: GlobalId | null; inspectedOn: CalendarDate; items: number; failedItems: number; hazardIds: GlobalId[] };
  'warning.raised': WarningPayload;
  'warning.escalated': WarningPayload & { previousLevel: string };
  'warning.resolved': WarningPayload;
  'fire.recorded': {
    premisesId: GlobalId | null; occurredAt: DateTime; level: string; cause: string; deaths: number; injuries: number; seriousInjuries: number;
    directLossYuan: number; investigationId: GlobalId | null;
  };
  'fire.corrected': {
    premisesId: GlobalId | null; occurredAt: DateTime; level: string; previousLevel: string; cause: string; deaths: number; injuries: number; seriousInjuries: number;
    directLossYuan: number; investigationId: GlobalId | null;
    /** The fields the correction changed (API names; `level` when the fire-level rule gave another level). */
    changedFields: string[];
  };
  'investigation.opened': { fireId: GlobalId; fireLevel: string; deaths: number; reasons: string[]; openedAt: DateTime };
  'person.on_duty': { postId: GlobalId; organizationId: GlobalId; onDutyFrom: CalendarDate; priorService: boolean };
  'person.left': { postId: GlobalId; organizationId: GlobalId; fromState: string; leftOn: CalendarDate | null; leaveReason: string | null; priorService: boolean };
  'activity.recorded': { kind: string; heldOn: CalendarDate; audiences: string[]; participantCount: number };
  'evaluation.finalized': {
    /** PERSON or STATION (the EVA rules), MEMBER_UNIT (COM-4). */
    subjectKind: string;
    /** The one evaluated: a Person, or an Organization (station, member unit). */
    evaluatedId: GlobalId;
    stationId: GlobalId | null;
    periodKind: string; year: number; number: number | null; version: number;
    score: number; grade: string; policyVersion: number; correction: boolean;
  };
  'accountability_case.opened': {
    /** PERSON (EVA-6) or MEMBER_UNIT (COM-6). */
    subjectKind: string;
    personId: GlobalId | null; organizationId: GlobalId | null; year: number;
    previousResultId: GlobalId | null; resultId: GlobalId | null; investigationId: GlobalId | null; taskIds: GlobalId[];
    notifiedAt: DateTime;
  };
  'accountability_case.withdrawn': {
    /** PERSON (EVA-6). */
    subjectKind: string;
    personId: GlobalId | null; year: number; previousResultId: GlobalId | null; resultId: GlobalId | null; withdrawnAt: DateTime;
  };
  'accountability_case.repointed': {
    /** PERSON (EVA-6). */
    subjectKind: string;
    personId: GlobalId | null; year: number; status: string;
    previousResultId: GlobalId | null; resultId: GlobalId | null; formerPreviousResultId: GlobalId | null; formerResultId: GlobalId | null;
  };
  'task.assigned': {
    committeeId: GlobalId; assigneeId: GlobalId; assignedById: GlobalId; parentTaskId: GlobalId | null; source: string;
    assignedOn: CalendarDate; deadline: CalendarDate; evidenceRequired: boolean;
  };
  'task.overdue': { committeeId: GlobalId; assigneeId: GlobalId; status: string; deadline: CalendarDate; overdueFrom: CalendarDate };
  'import_job.finished': {
    kind: string; status: string; dryRun: boolean; totalRows: number; createdRecords: number; updatedRecords: number; problems: number;
    failure: string | null; finishedAt: DateTime;
  };
}

export interface WarningPayload {
  ruleCode: string;
  level: string;
  /** What the warning is about: HAZARD, TASK, COMPLAINT, RISK_POINT, TOWNSHIP_OVERDUE, TOWNSHIP_FATAL_FIRE. */
  aboutType: string;
  /** Its global id (a Hazard, Task, Complaint, RiskPoint; a Region for the township rules). */
  aboutId: GlobalId;
}

/** A related record's global id for a payload, null when there is none. */
export function globalRef(kind: IdKind, id: string | null | undefined): GlobalId | null {
  return id ? toGlobalId(kind, id) : null;
}

/** The instant a Shanghai calendar day ends (the next day's 00:00 +08:00): when a deadline day is over. */
export function dayEnd(date: CalendarDate): Date {
  return new Date(Date.parse(`${date}T00:00:00+08:00`) + 86_400_000);
}
