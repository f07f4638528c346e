import { Permission as P } from '../kernel/permissions';
import type { IdKind } from '../graphql/global-id';

/**
 * The catalogue of integration events (docs/events.md gives every payload). The names are a contract other county
 * systems code against: never rename one; a new meaning gets a new name. Payload types: event-payloads.ts.
 * `read`: the permission that reads the subject through the API; a reader of the `events` feed gets only the types
 * whose permission it holds (EVENT_READ alone reveals nothing its other grants would not).
 */
export const EVENT_TYPES = {
  'hazard.reported': { label: '发现隐患（登记）', subject: 'Hazard', read: P.INSPECTION_READ },
  'hazard.rectification_ordered': { label: '责令整改（下达整改通知）', subject: 'Hazard', read: P.INSPECTION_READ },
  'hazard.rectification_reported': { label: '报告整改完成（待复查）', subject: 'Hazard', read: P.INSPECTION_READ },
  'hazard.overdue': { label: '隐患逾期未改（整改期限当日结束时，由定时任务写入）', subject: 'Hazard', read: P.INSPECTION_READ },
  'hazard.closed': { label: '隐患复查合格销号', subject: 'Hazard', read: P.INSPECTION_READ },
  'hazard.reopened': { label: '隐患复查不合格或更正后重新打开', subject: 'Hazard', read: P.INSPECTION_READ },
  'hazard.deadline_extended': { label: '隐患整改期限延长', subject: 'Hazard', read: P.INSPECTION_READ },
  'hazard.corrected': { label: '更正隐患记录（描述、场所或所在区域）', subject: 'Hazard', read: P.INSPECTION_READ },
  'major_hazard.decided': { label: '重大火灾隐患判定（是或否）', subject: 'Hazard', read: P.INSPECTION_READ },
  'hand_over.created': { label: '隐患移交县消防救援大队（待接收）', subject: 'HandOver', read: P.INSPECTION_READ },
  'hand_over.accepted': { label: '大队接收移交（立案或不予立案）', subject: 'HandOver', read: P.INSPECTION_READ },
  'hand_over.returned': { label: '大队退回移交（隐患回到工作站闭环）', subject: 'HandOver', read: P.INSPECTION_READ },
  'hand_over.concluded': { label: '大队登记处理结果（法律措施；隐患消除则销号）', subject: 'HandOver', read: P.INSPECTION_READ },
  'inspection.recorded': { label: '记录一次检查', subject: 'Inspection', read: P.INSPECTION_READ },
  'warning.raised': { label: '产生预警', subject: 'Warning', read: P.WARNING_READ },
  'warning.escalated': { label: '预警升级', subject: 'Warning', read: P.WARNING_READ },
  'warning.resolved': { label: '预警解除', subject: 'Warning', read: P.WARNING_READ },
  'fire.recorded': { label: '登记火灾', subject: 'FireIncident', read: P.FIRE_READ },
  'fire.corrected': { label: '更正火灾记录', subject: 'FireIncident', read: P.FIRE_READ },
  'investigation.opened': { label: '启动延伸调查', subject: 'Investigation', read: P.INVESTIGATION_READ },
  'person.on_duty': { label: '人员上岗', subject: 'Person', read: P.PERSONNEL_READ },
  'person.left': { label: '人员离岗', subject: 'Person', read: P.PERSONNEL_READ },
  'activity.recorded': { label: '记录一次宣传培训活动', subject: 'Activity', read: P.TRAINING_READ },
  'evaluation.finalized': { label: '考核结果定档', subject: 'Evaluation', alsoSubject: 'MemberUnitEvaluation', read: P.EVALUATION_READ },
  'accountability_case.opened': { label: '启动问责（通报县纪委监委）', subject: 'AccountabilityCase', alsoSubject: 'MemberUnitAccountabilityCase', read: P.ACCOUNTABILITY_READ },
  'accountability_case.withdrawn': { label: '撤销问责（考核更正后不再连续不称职）', subject: 'AccountabilityCase', read: P.ACCOUNTABILITY_READ },
  'accountability_case.repointed': { label: '问责案件改依更正后的考核结果（仍连续不称职）', subject: 'AccountabilityCase', read: P.ACCOUNTABILITY_READ },
  'task.assigned': { label: '交办任务', subject: 'Task', read: P.COMMITTEE_READ },
  'task.overdue': { label: '任务逾期（截止日当日结束仍未验收）', subject: 'Task', read: P.COMMITTEE_READ },
  'import_job.finished': { label: '批量导入结束（完成、被拒或失败）', subject: 'ImportJob', read: P.ORGANIZATION_READ },
} as const satisfies Record<string, { label: string; subject: IdKind; alsoSubject?: IdKind; read: P }>;

export type EventType = keyof typeof EVENT_TYPES;

/** The kinds a type's subject may be: the catalogue's, or (member units' evaluations and cases) its second kind. */
export function subjectKinds(type: EventType): IdKind[] {
  const entry: { subject: IdKind; alsoSubject?: IdKind } = EVENT_TYPES[type];
  return entry.alsoSubject ? [entry.subject, entry.alsoSubject] : [entry.subject];
}

export const EVENT_TYPE_NAMES = Object.keys(EVENT_TYPES) as EventType[];

export function isEventType(name: string): name is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_TYPES, name);
}

/** The types a reader may read: those whose subject's read permission it holds (a system actor: all). */
export function readableEventTypes(canRead: (permission: P) => boolean): EventType[] {
  return EVENT_TYPE_NAMES.filter((t) => canRead(EVENT_TYPES[t].read));
}
