import { registerEnum as register } from '../graphql/enums';

/** COM-1: the kinds of committee meeting. */
export enum MeetingKind {
  PLENARY = 'PLENARY',
  SPECIAL_TOPIC = 'SPECIAL_TOPIC',
}
export const MEETING_KIND_LABELS: Record<MeetingKind, string> = { PLENARY: '全体（成员单位）会议', SPECIAL_TOPIC: '专题会议' };
register(MeetingKind, 'MeetingKind', '委员会会议类别（COM-1）', MEETING_KIND_LABELS);

/** COM-1: a meeting is edited as a draft; once published it changes only by a correction with history. */
export enum MeetingStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
}
export const MEETING_STATUS_LABELS: Record<MeetingStatus, string> = { DRAFT: '草稿', PUBLISHED: '已印发' };
register(MeetingStatus, 'MeetingStatus', '会议记录状态（COM-1）', MEETING_STATUS_LABELS);

/** COM-2: a task's loop (交办 → 签收 → 办理 → 报结 → 验收 / 退回重办). */
export enum TaskStatus {
  ASSIGNED = 'ASSIGNED',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETION_REPORTED = 'COMPLETION_REPORTED',
  ACCEPTED = 'ACCEPTED',
}
export const TASK_STATUS_LABELS: Record<TaskStatus, string> = {
  ASSIGNED: '已交办（待签收）', ACKNOWLEDGED: '已签收', IN_PROGRESS: '办理中', COMPLETION_REPORTED: '已报结（待验收）', ACCEPTED: '已验收办结',
};
register(TaskStatus, 'TaskStatus', '任务状态（COM-2）', TASK_STATUS_LABELS);

/** COM-2: where a task comes from. */
export enum TaskSource {
  DECISION = 'DECISION',
  DEPLOYMENT = 'DEPLOYMENT',
  CAMPAIGN = 'CAMPAIGN',
  SUPERVISION = 'SUPERVISION',
  PASSED_ON = 'PASSED_ON',
}
export const TASK_SOURCE_LABELS: Record<TaskSource, string> = {
  DECISION: '会议议定事项', DEPLOYMENT: '上级部署', CAMPAIGN: '专项整治任务', SUPERVISION: '督导发现问题', PASSED_ON: '上级任务分解转办',
};
register(TaskSource, 'TaskSource', '任务来源（COM-2）', TASK_SOURCE_LABELS);

/** COM-2: the steps of a task's history (append-only). */
export enum TaskAction {
  ASSIGNED = 'ASSIGNED',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  PROGRESS_REPORTED = 'PROGRESS_REPORTED',
  COMPLETION_REPORTED = 'COMPLETION_REPORTED',
  ACCEPTED = 'ACCEPTED',
  RETURNED = 'RETURNED',
  PASSED_ON = 'PASSED_ON',
  CORRECTED = 'CORRECTED',
}
export const TASK_ACTION_LABELS: Record<TaskAction, string> = {
  ASSIGNED: '交办', ACKNOWLEDGED: '签收', PROGRESS_REPORTED: '报告进展', COMPLETION_REPORTED: '报告办结', ACCEPTED: '验收办结',
  RETURNED: '退回重办', PASSED_ON: '分解转办', CORRECTED: '更正',
};
register(TaskAction, 'TaskAction', '任务办理步骤（COM-2）', TASK_ACTION_LABELS);

/** COM-4: a member unit's sector (行业), which picks its default duty list (《吉林省消防安全责任实施办法》). */
export enum MemberUnitSector {
  EDUCATION = 'EDUCATION',
  CIVIL_AFFAIRS = 'CIVIL_AFFAIRS',
  HOUSING = 'HOUSING',
  MARKET_REGULATION = 'MARKET_REGULATION',
  CULTURE_TOURISM = 'CULTURE_TOURISM',
  HEALTH = 'HEALTH',
  EMERGENCY = 'EMERGENCY',
  PUBLIC_SECURITY = 'PUBLIC_SECURITY',
  TRANSPORT = 'TRANSPORT',
  NATURAL_RESOURCES = 'NATURAL_RESOURCES',
  AGRICULTURE = 'AGRICULTURE',
  COMMERCE = 'COMMERCE',
  OTHER = 'OTHER',
}
export const MEMBER_UNIT_SECTOR_LABELS: Record<MemberUnitSector, string> = {
  EDUCATION: '教育', CIVIL_AFFAIRS: '民政', HOUSING: '住房和城乡建设', MARKET_REGULATION: '市场监督管理', CULTURE_TOURISM: '文化和旅游（广电）',
  HEALTH: '卫生健康', EMERGENCY: '应急管理', PUBLIC_SECURITY: '公安', TRANSPORT: '交通运输', NATURAL_RESOURCES: '自然资源', AGRICULTURE: '农业农村',
  COMMERCE: '商务', OTHER: '其他',
};
register(MemberUnitSector, 'MemberUnitSector', '成员单位所属行业（决定默认责任清单，COM-4）', MEMBER_UNIT_SECTOR_LABELS);

/** COM-4: how serious a supervision finding is. */
export enum FindingSeverity {
  GENERAL = 'GENERAL',
  SERIOUS = 'SERIOUS',
}
export const FINDING_SEVERITY_LABELS: Record<FindingSeverity, string> = { GENERAL: '一般问题', SERIOUS: '突出问题' };
register(FindingSeverity, 'FindingSeverity', '督导发现问题的严重程度（COM-4）', FINDING_SEVERITY_LABELS);

/** COM-4: a member unit's evaluation is a draft until the evaluating office finalizes it; then it never changes. */
export enum MemberUnitEvaluationStatus {
  DRAFT = 'DRAFT',
  FINAL = 'FINAL',
}
export const MEMBER_UNIT_EVALUATION_STATUS_LABELS: Record<MemberUnitEvaluationStatus, string> = { DRAFT: '计算中（未定稿）', FINAL: '已定稿' };
register(MemberUnitEvaluationStatus, 'MemberUnitEvaluationStatus', '成员单位考评状态（COM-4）', MEMBER_UNIT_EVALUATION_STATUS_LABELS);
