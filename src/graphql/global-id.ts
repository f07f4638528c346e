import { BadUserInputError } from '../kernel/errors';

/**
 * Relay global ids: base64 of `Type:uuid`. Every region (a Township too) is `Region:…`; every organization
 * (a Station, the GuidanceCenter too) is `Organization:…`, so one id is accepted wherever its kind is asked.
 */
export type IdKind = 'Region' | 'Organization' | 'FacilityCheck' | 'StaffQuotaChange' | 'Account' | 'ApiKey' | 'Person' | 'Post' | 'Deviation'
  | 'Premises' | 'PremisesEvent' | 'ChecklistTemplate' | 'InspectionPlan' | 'Inspection' | 'Hazard' | 'Complaint' | 'RiskPoint' | 'Warning' | 'FireIncident'
  | 'Investigation' | 'WorkReport' | 'Activity' | 'Course' | 'CourseSession' | 'Exam' | 'ExamResult' | 'VillageGuidance' | 'GuidanceVisit' | 'GoodPractice'
  | 'DutyReport' | 'Evaluation' | 'AccountabilityCase' | 'MemberUnitAccountabilityCase' | 'ImportJob'
  | 'Meeting' | 'MeetingDecision' | 'Task' | 'Campaign' | 'SupervisionFinding' | 'MemberUnitDutyList' | 'SupervisionVisit' | 'MemberUnitEvaluation'
  | 'Webhook' | 'WebhookDelivery' | 'IntegrationEvent' | 'HandOver' | 'UnmaskGrant';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function toGlobalId(kind: IdKind, id: string): string {
  return Buffer.from(`${kind}:${id}`, 'utf8').toString('base64');
}

export function parseGlobalId(globalId: string): { kind: string; id: string } | undefined {
  if (typeof globalId !== 'string' || globalId.length > 200 || !/^[A-Za-z0-9+/]+={0,2}$/.test(globalId)) return undefined;
  const decoded = Buffer.from(globalId, 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i <= 0) return undefined;
  const kind = decoded.slice(0, i);
  const id = decoded.slice(i + 1);
  return UUID.test(id) ? { kind, id } : undefined;
}

/** Decodes a global id of the expected kind or raises BAD_USER_INPUT naming the field. */
export function fromGlobalId(globalId: string, kind: IdKind, field: string): string {
  const parsed = parseGlobalId(globalId);
  if (!parsed || parsed.kind !== kind) {
    throw BadUserInputError.field(field, `不是有效的${KIND_LABELS[kind]}标识`);
  }
  return parsed.id;
}

const KIND_LABELS: Record<IdKind, string> = {
  Region: '行政区划',
  Organization: '组织机构',
  FacilityCheck: '设施检查记录',
  StaffQuotaChange: '编制变更记录',
  Account: '账号',
  ApiKey: 'API 密钥',
  Person: '人员',
  Post: '岗位',
  Deviation: '偏离申请',
  Premises: '场所',
  PremisesEvent: '场所记录',
  ChecklistTemplate: '检查表',
  InspectionPlan: '检查计划',
  Inspection: '检查记录',
  Hazard: '隐患',
  Complaint: '举报投诉',
  HandOver: '移交案件',
  UnmaskGrant: '查看个人信息的授权',
  RiskPoint: '风险点',
  Warning: '预警',
  FireIncident: '火灾',
  Investigation: '延伸调查',
  Meeting: '委员会会议',
  MeetingDecision: '会议议定事项',
  Task: '交办任务',
  WorkReport: '工作计划或报告',
  Activity: '宣传培训演练活动',
  Course: '培训课程',
  CourseSession: '培训课次',
  Exam: '考试',
  ExamResult: '考试成绩',
  VillageGuidance: '村（社区）消防工作',
  GuidanceVisit: '指导记录',
  GoodPractice: '好的做法',
  DutyReport: '工作述职',
  Evaluation: '考评结果',
  AccountabilityCase: '问责案件',
  MemberUnitAccountabilityCase: '成员单位问责案件',
  ImportJob: '导入任务',
  Campaign: '专项整治',
  SupervisionFinding: '督导发现的问题',
  MemberUnitDutyList: '成员单位责任清单',
  SupervisionVisit: '督导检查记录',
  MemberUnitEvaluation: '成员单位考评',
  Webhook: '事件订阅',
  WebhookDelivery: '推送记录',
  IntegrationEvent: '对接事件',
};
