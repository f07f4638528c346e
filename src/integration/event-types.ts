import type { IdKind } from '../graphql/global-id';

/**
 * The catalogue of integration events (docs/events.md gives every payload). The names are a contract other county
 * systems code against: never rename one; a new meaning gets a new name. Payload types: event-payloads.ts.
 */
export const EVENT_TYPES = {
  'hazard.reported': { label: '发现隐患（登记）', subject: 'Hazard' },
  'hazard.rectification_ordered': { label: '责令整改（下达整改通知）', subject: 'Hazard' },
  'hazard.rectification_reported': { label: '报告整改完成（待复查）', subject: 'Hazard' },
  'hazard.overdue': { label: '隐患逾期未改（整改期限当日结束时，由定时任务写入）', subject: 'Hazard' },
  'hazard.closed': { label: '隐患复查合格销号', subject: 'Hazard' },
  'hazard.reopened': { label: '隐患复查不合格或更正后重新打开', subject: 'Hazard' },
  'hazard.deadline_extended': { label: '隐患整改期限延长', subject: 'Hazard' },
  'hazard.corrected': { label: '更正隐患记录（描述、场所或所在区域）', subject: 'Hazard' },
  'major_hazard.decided': { label: '重大火灾隐患判定（是或否）', subject: 'Hazard' },
  'inspection.recorded': { label: '记录一次检查', subject: 'Inspection' },
  'warning.raised': { label: '产生预警', subject: 'Warning' },
  'warning.escalated': { label: '预警升级', subject: 'Warning' },
  'warning.resolved': { label: '预警解除', subject: 'Warning' },
  'fire.recorded': { label: '登记火灾', subject: 'FireIncident' },
  'fire.corrected': { label: '更正火灾记录', subject: 'FireIncident' },
  'investigation.opened': { label: '启动延伸调查', subject: 'Investigation' },
  'person.on_duty': { label: '人员上岗', subject: 'Person' },
  'person.left': { label: '人员离岗', subject: 'Person' },
  'activity.recorded': { label: '记录一次宣传培训活动', subject: 'Activity' },
  'evaluation.finalized': { label: '考核结果定档', subject: 'Evaluation', alsoSubject: 'MemberUnitEvaluation' },
  'accountability_case.opened': { label: '启动问责（通报县纪委监委）', subject: 'AccountabilityCase', alsoSubject: 'MemberUnitAccountabilityCase' },
  'accountability_case.withdrawn': { label: '撤销问责（考核更正后不再连续不称职）', subject: 'AccountabilityCase' },
  'accountability_case.repointed': { label: '问责案件改依更正后的考核结果（仍连续不称职）', subject: 'AccountabilityCase' },
  'task.assigned': { label: '交办任务', subject: 'Task' },
  'task.overdue': { label: '任务逾期（截止日当日结束仍未验收）', subject: 'Task' },
  'import_job.finished': { label: '批量导入结束（完成、被拒或失败）', subject: 'ImportJob' },
} as const satisfies Record<string, { label: string; subject: IdKind; alsoSubject?: IdKind }>;

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
