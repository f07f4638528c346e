import { registerEnum as register } from '../graphql/enums';

export enum PremisesKind {
  CROWDED_PLACE = 'CROWDED_PLACE',
  SMALL_VENUE = 'SMALL_VENUE',
  VILLAGE = 'VILLAGE',
  ENTERPRISE = 'ENTERPRISE',
  MEMBER_UNIT = 'MEMBER_UNIT',
  OTHER = 'OTHER',
}
export const PREMISES_KIND_LABELS: Record<PremisesKind, string> = {
  CROWDED_PLACE: '人员密集场所', SMALL_VENUE: '九小场所', VILLAGE: '村屯', ENTERPRISE: '企业', MEMBER_UNIT: '成员单位', OTHER: '其他',
};
register(PremisesKind, 'PremisesKind', '场所类别', PREMISES_KIND_LABELS);

/** Fire risk of a premises or a risk point: the four-level convention (低、一般、较大、重大). */
export enum RiskLevel {
  LOW = 'LOW',
  GENERAL = 'GENERAL',
  SIGNIFICANT = 'SIGNIFICANT',
  MAJOR = 'MAJOR',
}
export const RISK_LEVEL_LABELS: Record<RiskLevel, string> = { LOW: '低风险', GENERAL: '一般风险', SIGNIFICANT: '较大风险', MAJOR: '重大风险' };
register(RiskLevel, 'RiskLevel', '风险等级', RISK_LEVEL_LABELS);

export enum ItemResult {
  PASS = 'PASS',
  FAIL = 'FAIL',
  NOT_APPLICABLE = 'NOT_APPLICABLE',
}
register(ItemResult, 'ItemResult', '检查项结果', { PASS: '合格', FAIL: '不合格（生成隐患）', NOT_APPLICABLE: '不适用' });

/** INS-2: the hazard closed loop. */
export enum HazardStatus {
  REPORTED = 'REPORTED',
  RECTIFYING = 'RECTIFYING',
  PENDING_RECHECK = 'PENDING_RECHECK',
  CLOSED = 'CLOSED',
}
export const HAZARD_STATUS_LABELS: Record<HazardStatus, string> = {
  REPORTED: '已发现（待下达整改）', RECTIFYING: '整改中', PENDING_RECHECK: '已报整改（待复查）', CLOSED: '已复查销号',
};
register(HazardStatus, 'HazardStatus', '隐患状态（INS-2 闭环）', HAZARD_STATUS_LABELS);

export enum HazardSource {
  INSPECTION = 'INSPECTION',
  COMPLAINT = 'COMPLAINT',
  OTHER = 'OTHER',
}
export const HAZARD_SOURCE_LABELS: Record<HazardSource, string> = { INSPECTION: '检查发现', COMPLAINT: '举报投诉核查', OTHER: '其他' };
register(HazardSource, 'HazardSource', '隐患来源', HAZARD_SOURCE_LABELS);

/** A suspected major hazard (重大火灾隐患) on its way through the county brigade. */
export enum MajorHazardStatus {
  NONE = 'NONE',
  SUSPECTED = 'SUSPECTED',
  REPORTED = 'REPORTED',
  CONFIRMED = 'CONFIRMED',
  REJECTED = 'REJECTED',
}
export const MAJOR_HAZARD_STATUS_LABELS: Record<MajorHazardStatus, string> = {
  NONE: '一般隐患', SUSPECTED: '疑似重大隐患（待报大队）', REPORTED: '已报大队（待判定）', CONFIRMED: '确认重大隐患（挂牌督办）', REJECTED: '大队判定不构成',
};
register(MajorHazardStatus, 'MajorHazardStatus', '重大火灾隐患判定', MAJOR_HAZARD_STATUS_LABELS);

export enum HazardAction {
  REPORTED = 'REPORTED',
  ORDERED = 'ORDERED',
  RECTIFICATION_REPORTED = 'RECTIFICATION_REPORTED',
  RECHECK_PASSED = 'RECHECK_PASSED',
  RECHECK_FAILED = 'RECHECK_FAILED',
  DEADLINE_EXTENDED = 'DEADLINE_EXTENDED',
  MAJOR_SUSPECTED = 'MAJOR_SUSPECTED',
  MAJOR_REPORTED = 'MAJOR_REPORTED',
  MAJOR_CONFIRMED = 'MAJOR_CONFIRMED',
  MAJOR_REJECTED = 'MAJOR_REJECTED',
  SUPERVISION_CLOSED = 'SUPERVISION_CLOSED',
  HANDED_OVER = 'HANDED_OVER',
  HAND_OVER_ACCEPTED = 'HAND_OVER_ACCEPTED',
  HAND_OVER_RETURNED = 'HAND_OVER_RETURNED',
  HAND_OVER_OUTCOME = 'HAND_OVER_OUTCOME',
  CLOCK_RECOMPUTED = 'CLOCK_RECOMPUTED',
}
register(HazardAction, 'HazardAction', '隐患处理步骤', {
  REPORTED: '发现登记', ORDERED: '下达整改', RECTIFICATION_REPORTED: '报告整改完成', RECHECK_PASSED: '复查合格', RECHECK_FAILED: '复查不合格',
  DEADLINE_EXTENDED: '延期', MAJOR_SUSPECTED: '标记疑似重大隐患', MAJOR_REPORTED: '报告县消防救援大队', MAJOR_CONFIRMED: '大队确认（挂牌督办）',
  MAJOR_REJECTED: '大队判定不构成', SUPERVISION_CLOSED: '督办销案', HANDED_OVER: '移交县消防救援大队',
  HAND_OVER_ACCEPTED: '大队接收移交（立案或不予立案）', HAND_OVER_RETURNED: '大队退回移交', HAND_OVER_OUTCOME: '大队登记法律措施办理结果',
  CLOCK_RECOMPUTED: '按新导入的工作日历重算时限',
});

/** How a CLOSED hazard was closed (INS-2): by a passed re-check, or by the brigade's outcome of a hand-over that says it is eliminated. */
export enum HazardClosure {
  RECHECK = 'RECHECK',
  HAND_OVER_OUTCOME = 'HAND_OVER_OUTCOME',
}
register(HazardClosure, 'HazardClosure', '隐患销号方式', { RECHECK: '复查合格销号', HAND_OVER_OUTCOME: '移交大队依法处理，隐患已消除销号' });

/**
 * A hand-over (移交) to the county brigade (domain defaults: stations have no enforcement power): PENDING until the
 * brigade accepts or returns it; ACCEPTED (立案 or not) until it records the outcome of its legal measures.
 */
export enum HandOverState {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  RETURNED = 'RETURNED',
  CONCLUDED = 'CONCLUDED',
}
export const HAND_OVER_STATE_LABELS: Record<HandOverState, string> = {
  PENDING: '已移交（待大队接收）', ACCEPTED: '大队已接收（办理中）', RETURNED: '大队已退回工作站', CONCLUDED: '大队已办结（已登记处理结果）',
};
register(HandOverState, 'HandOverState', '移交案件状态', HAND_OVER_STATE_LABELS);
/** The states in which the case is with the brigade: the station's loop pauses (INS-2). */
export const OPEN_HAND_OVER_STATES: readonly HandOverState[] = [HandOverState.PENDING, HandOverState.ACCEPTED];

/** The legal measures of a hand-over's outcome (消防法, 行政处罚法): a closed list, several per case. */
export enum LegalMeasure {
  CASE_FILED = 'CASE_FILED',
  ORDER_CORRECTION = 'ORDER_CORRECTION',
  FINE = 'FINE',
  TEMPORARY_SEAL = 'TEMPORARY_SEAL',
  POLICE_TRANSFER = 'POLICE_TRANSFER',
  NOT_FILED = 'NOT_FILED',
}
export const LEGAL_MEASURE_LABELS: Record<LegalMeasure, string> = {
  CASE_FILED: '立案', ORDER_CORRECTION: '责令改正', FINE: '罚款', TEMPORARY_SEAL: '临时查封', POLICE_TRANSFER: '移送公安机关', NOT_FILED: '不予立案',
};
register(LegalMeasure, 'LegalMeasure', '法律措施', LEGAL_MEASURE_LABELS);

export enum CatalogueItemKind {
  DIRECT = 'DIRECT',
  COMPOSITE = 'COMPOSITE',
}
register(CatalogueItemKind, 'CatalogueItemKind', '重大火灾隐患判定项类别', { DIRECT: '直接判定要素', COMPOSITE: '综合判定要素' });

/** Complaint categories: the first two must be checked on site within 24 hours. */
export enum ComplaintCategory {
  BLOCKED_EXITS = 'BLOCKED_EXITS',
  FACILITIES_OFF = 'FACILITIES_OFF',
  OTHER = 'OTHER',
}
register(ComplaintCategory, 'ComplaintCategory', '举报投诉类别', {
  BLOCKED_EXITS: '封闭、堵塞安全出口或疏散通道（24 小时内核查）', FACILITIES_OFF: '消防设施停用、损坏（24 小时内核查）', OTHER: '其他（3 个工作日内核查）',
});

export enum ComplaintOutcome {
  CONFIRMED = 'CONFIRMED',
  UNFOUNDED = 'UNFOUNDED',
}
register(ComplaintOutcome, 'ComplaintOutcome', '举报核查结论', { CONFIRMED: '属实（登记隐患）', UNFOUNDED: '不属实' });

export enum WarningLevel {
  BLUE = 'BLUE',
  YELLOW = 'YELLOW',
  ORANGE = 'ORANGE',
  RED = 'RED',
}
export const WARNING_RANK: Record<WarningLevel, number> = { BLUE: 1, YELLOW: 2, ORANGE: 3, RED: 4 };
register(WarningLevel, 'WarningLevel', '预警等级（四色）', { BLUE: '蓝色', YELLOW: '黄色', ORANGE: '橙色', RED: '红色' });

export enum WarningStatus {
  ACTIVE = 'ACTIVE',
  RESOLVED = 'RESOLVED',
}
register(WarningStatus, 'WarningStatus', '预警状态', { ACTIVE: '生效中', RESOLVED: '已解除' });

/** What a warning rule looks at; its thresholds are the rule's parameters (data, not code). */
export enum WarningRuleKind {
  HAZARD_DUE_SOON = 'HAZARD_DUE_SOON',
  HAZARD_OVERDUE = 'HAZARD_OVERDUE',
  MAJOR_HAZARD_OVERDUE = 'MAJOR_HAZARD_OVERDUE',
  TOWNSHIP_OVERDUE_COUNT = 'TOWNSHIP_OVERDUE_COUNT',
  FATAL_FIRE_RECENT = 'FATAL_FIRE_RECENT',
  COMPLAINT_CHECK_DUE = 'COMPLAINT_CHECK_DUE',
  RISK_POINT_LEVEL = 'RISK_POINT_LEVEL',
  TASK_OVERDUE = 'TASK_OVERDUE',
  WEBHOOK_DISABLED = 'WEBHOOK_DISABLED',
  HAND_OVER_PENDING = 'HAND_OVER_PENDING',
  HAND_OVER_OVERDUE = 'HAND_OVER_OVERDUE',
}
register(WarningRuleKind, 'WarningRuleKind', '预警规则类型', {
  HAZARD_DUE_SOON: '隐患整改期限将至', HAZARD_OVERDUE: '隐患逾期未整改', MAJOR_HAZARD_OVERDUE: '重大隐患逾期', TOWNSHIP_OVERDUE_COUNT: '乡镇逾期隐患过多',
  FATAL_FIRE_RECENT: '近期发生亡人火灾', COMPLAINT_CHECK_DUE: '举报核查时限将至或已过', RISK_POINT_LEVEL: '风险点等级达到阈值',
  TASK_OVERDUE: '委员会交办任务逾期未办结（COM-2）',
  WEBHOOK_DISABLED: '事件订阅推送连续失败，已自动停用（由推送服务发出，订阅重新启用后解除）',
  HAND_OVER_PENDING: '新移交案件待县消防救援大队接收（接收或退回后解除）',
  HAND_OVER_OVERDUE: '移交案件超过接收时限或办理时限（检查政策的工作日数）',
});

/** 2007 classification of fires (生产安全事故等级). */
export enum FireLevel {
  GENERAL = 'GENERAL',
  LARGER = 'LARGER',
  MAJOR = 'MAJOR',
  EXTRAORDINARY = 'EXTRAORDINARY',
}
export const FIRE_LEVEL_RANK: Record<FireLevel, number> = { GENERAL: 1, LARGER: 2, MAJOR: 3, EXTRAORDINARY: 4 };
export const FIRE_LEVEL_LABELS: Record<FireLevel, string> = { GENERAL: '一般火灾', LARGER: '较大火灾', MAJOR: '重大火灾', EXTRAORDINARY: '特别重大火灾' };
register(FireLevel, 'FireLevel', '火灾等级', FIRE_LEVEL_LABELS);

export enum FireCause {
  ELECTRICAL = 'ELECTRICAL',
  CARELESS_USE = 'CARELESS_USE',
  SMOKING = 'SMOKING',
  PLAYING = 'PLAYING',
  PRODUCTION = 'PRODUCTION',
  SPONTANEOUS = 'SPONTANEOUS',
  LIGHTNING = 'LIGHTNING',
  ARSON = 'ARSON',
  OTHER = 'OTHER',
  UNDETERMINED = 'UNDETERMINED',
}
register(FireCause, 'FireCause', '起火原因类别', {
  ELECTRICAL: '电气', CARELESS_USE: '生活用火不慎', SMOKING: '吸烟', PLAYING: '玩火', PRODUCTION: '生产作业', SPONTANEOUS: '自燃',
  LIGHTNING: '雷击', ARSON: '放火', OTHER: '其他', UNDETERMINED: '原因不明',
});

export enum InvestigationReason {
  DEATHS = 'DEATHS',
  LEVEL = 'LEVEL',
}
register(InvestigationReason, 'InvestigationReason', '延伸调查启动原因（INS-6）', { DEATHS: '亡人火灾', LEVEL: '较大及以上火灾' });

export enum InvestigationStatus {
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}
register(InvestigationStatus, 'InvestigationStatus', '延伸调查状态', { OPEN: '调查中', CLOSED: '已结案' });


export enum WorkReportKind {
  PLAN = 'PLAN',
  REPORT = 'REPORT',
}
register(WorkReportKind, 'WorkReportKind', '工作计划或报告（INS-5）', { PLAN: '工作计划', REPORT: '工作报告' });

export enum WorkReportStatus {
  SUBMITTED = 'SUBMITTED',
  RECEIVED = 'RECEIVED',
  RETURNED = 'RETURNED',
  ACCEPTED = 'ACCEPTED',
}
register(WorkReportStatus, 'WorkReportStatus', '计划、报告审阅状态', { SUBMITTED: '已报送', RECEIVED: '已接收', RETURNED: '退回修改', ACCEPTED: '已采纳' });

export enum CalendarDayKind {
  HOLIDAY = 'HOLIDAY',
  WORKDAY = 'WORKDAY',
}
register(CalendarDayKind, 'CalendarDayKind', '工作日历特殊日', { HOLIDAY: '法定节假日（休息）', WORKDAY: '调休上班日' });

/** What a premises log entry records (premises_event.kind; hazard steps logged on the premises keep their HazardAction name). */
export enum PremisesEventKind {
  CREATED = 'CREATED',
  CHANGED = 'CHANGED',
  INSPECTED = 'INSPECTED',
  HAZARD_REPORTED = 'HAZARD_REPORTED',
  ORDERED = 'ORDERED',
  RECTIFICATION_REPORTED = 'RECTIFICATION_REPORTED',
  RECHECK_FAILED = 'RECHECK_FAILED',
  HAZARD_CLOSED = 'HAZARD_CLOSED',
  DEADLINE_EXTENDED = 'DEADLINE_EXTENDED',
  MAJOR_REPORTED = 'MAJOR_REPORTED',
  MAJOR_CONFIRMED = 'MAJOR_CONFIRMED',
  MAJOR_REJECTED = 'MAJOR_REJECTED',
  HANDED_OVER = 'HANDED_OVER',
  HAND_OVER_ACCEPTED = 'HAND_OVER_ACCEPTED',
  HAND_OVER_RETURNED = 'HAND_OVER_RETURNED',
  HAND_OVER_OUTCOME = 'HAND_OVER_OUTCOME',
  COMPLAINT = 'COMPLAINT',
  COMPLAINT_CHECKED = 'COMPLAINT_CHECKED',
  RISK_POINT = 'RISK_POINT',
  FIRE = 'FIRE',
}
register(PremisesEventKind, 'PremisesEventKind', '场所记录类别', {
  CREATED: '登记场所', CHANGED: '场所信息变更（责任人、风险等级等）', INSPECTED: '检查', HAZARD_REPORTED: '发现隐患',
  ORDERED: '下达整改（期限、责任人）', RECTIFICATION_REPORTED: '报告整改完成（附整改证明）', RECHECK_FAILED: '复查不合格（原因、新期限）',
  HAZARD_CLOSED: '隐患复查销号', DEADLINE_EXTENDED: '整改延期', MAJOR_REPORTED: '疑似重大火灾隐患报县消防救援大队',
  MAJOR_CONFIRMED: '重大火灾隐患挂牌督办', MAJOR_REJECTED: '大队判定不构成重大火灾隐患', HANDED_OVER: '隐患移交县消防救援大队',
  HAND_OVER_ACCEPTED: '县消防救援大队接收移交', HAND_OVER_RETURNED: '县消防救援大队退回移交', HAND_OVER_OUTCOME: '县消防救援大队办理结果（法律措施）',
  COMPLAINT: '受理举报投诉', COMPLAINT_CHECKED: '举报投诉现场核查（结论；属实的登记为隐患）', RISK_POINT: '登记风险点', FIRE: '发生火灾',
});

/** What a warning is about (INS-3): one record, or a township's aggregate. */
export enum WarningSubjectType {
  HAZARD = 'HAZARD',
  COMPLAINT = 'COMPLAINT',
  RISK_POINT = 'RISK_POINT',
  TOWNSHIP_OVERDUE = 'TOWNSHIP_OVERDUE',
  TOWNSHIP_FATAL_FIRE = 'TOWNSHIP_FATAL_FIRE',
  TASK = 'TASK',
  WEBHOOK = 'WEBHOOK',
  HAND_OVER = 'HAND_OVER',
}
register(WarningSubjectType, 'WarningSubjectType', '预警对象类别（INS-3）', {
  HAZARD: '隐患（subjectId 为隐患）', COMPLAINT: '举报投诉（subjectId 为举报投诉）', RISK_POINT: '风险点（subjectId 为风险点）',
  TOWNSHIP_OVERDUE: '乡镇逾期隐患过多（subjectId 为乡镇区划）', TOWNSHIP_FATAL_FIRE: '乡镇近期发生亡人火灾（subjectId 为乡镇区划）',
  TASK: '委员会交办任务逾期未办结（subjectId 为任务，COM-2）',
  WEBHOOK: '事件订阅推送失败已停用（subjectId 为事件订阅）',
  HAND_OVER: '移交县消防救援大队的案件待接收或逾期（subjectId 为移交案件）',
});
