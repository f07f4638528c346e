import type { GraphQLSchema } from 'graphql';
import type { AuditEntry } from '../auth/audit-entry.entity';
import type { SheetCell, SheetColumn } from './xlsx';

/**
 * The audit trail's export as an auditor prints and reads it (GB/T 22239-2019 8.1.4.3 c: the records are for
 * analysis, so they print readably): ten columns that fit an A4 landscape page's width at about 9 pt, the
 * operation by its Chinese name beside its identifier, the summary as 「键：值」 lines, and every value the chain's
 * verification needs (time, sequence, the whole MAC: 43 characters of base64url) kept, the long ones wrapped in narrow columns.
 */

/** One entry as the export reads it (AuditEntry's fields). */
export type AuditTrailEntry = Pick<AuditEntry,
  'at' | 'actorKind' | 'actorLabel' | 'address' | 'requestId' | 'clientRequestId' | 'operation' | 'targetType' | 'targetId'
  | 'outcome' | 'errorCode' | 'summary' | 'chainSeq' | 'mac'>;

/**
 * The columns: widths are exact (`maxWidth` = `width`), so the table is 163 character units wide whatever the rows
 * hold; long values (request ids, the 64-digit MAC, the summary) wrap inside their column.
 */
export const AUDIT_TRAIL_COLUMNS: readonly SheetColumn[] = [
  { header: '时间', kind: 'dateTime', width: 17, maxWidth: 17 },
  { header: '操作者', width: 14, maxWidth: 14 },
  { header: '地址', width: 13, maxWidth: 13 },
  { header: '操作', width: 18, maxWidth: 18 },
  { header: '结果', width: 13, maxWidth: 13 },
  { header: '对象', width: 14, maxWidth: 14 },
  { header: '摘要', width: 36, maxWidth: 36 },
  { header: '请求标识', width: 14, maxWidth: 14 },
  { header: '链序号', width: 8, maxWidth: 8 },
  { header: '链认证码（HMAC）', width: 16, maxWidth: 16 },
];

const ACTOR_WORDS: Record<string, string> = { ACCOUNT: '账号', API_KEY: '密钥', SYSTEM: '系统', ANONYMOUS: '未登录' };
const OUTCOME_WORDS: Record<string, string> = { SUCCESS: '成功', FAILURE: '失败', DENIED: '拒绝' };

/** Operations that are not GraphQL fields: events, office routes, uploads (what the schema cannot name). */
const OPERATION_WORDS: Record<string, string> = {
  ACCOUNT_LOCKED: '账号锁定',
  PASSWORD_EXPIRED: '密码过期',
  SIGN_IN_PAUSED: '登录暂停',
  REFUSALS_NOT_RECORDED: '未逐条记录的拒绝',
  createFirstAdmin: '创建首个管理员',
  uploadAttachment: '上传附件',
  importVillagesFinished: '村（社区）导入结束',
  importPremisesFinished: '场所导入结束',
  importCandidatesFinished: '候选人导入结束',
  exportStaffing: '导出人员配备情况',
  exportHazards: '导出隐患清单',
  exportFireSituation: '导出火灾形势',
  exportVillageCoverage: '导出村（社区）覆盖情况',
  exportTasks: '导出任务台账',
  exportAuditTrail: '导出审计记录',
  exportEvaluations: '导出考评结果',
  exportCampaignProgress: '导出专项整治进度',
  generateBriefingFireSituation: '生成消防安全形势通报',
  drawChartFireTrend: '绘制火灾趋势图',
  drawChartTownships: '绘制各乡镇对比图',
};

/** The Chinese of the keys a summary commonly holds (the services' `before` / `after`); any other key as it is. */
const KEY_WORDS: Record<string, string> = {
  id: '标识', name: '名称', title: '标题', status: '状态', state: '状态', version: '版本', level: '级别', kind: '类别',
  reason: '理由', username: '用户名', displayName: '显示名', role: '角色', roleGranted: '授予角色', permissions: '权限',
  regionId: '区划', region: '区划', scopeRegionIds: '管辖区划', organizationId: '机构', parentId: '上级', personId: '人员',
  assigneeId: '承办单位', memberUnitId: '成员单位', sectorUnitId: '行业部门', taskIds: '任务', heldOn: '举行日期',
  deadline: '期限', year: '年度', month: '月份', period: '期间', periodStart: '期间起', periodEnd: '期间止', score: '得分',
  grade: '等次', policyVersion: '政策版本', majorStatus: '重大隐患状态', riskLevel: '风险等级', responsibleName: '责任人',
  secondFactor: '双因素认证', lockedUntil: '锁定至', until: '截至', validFrom: '生效日期', revokedAt: '撤销时间',
  handedOverAt: '移交时间', visitedOn: '走访日期', selectedOn: '选定日期', leftOn: '离岗日期', leaveReason: '离岗原因',
  onDutyFrom: '到岗日期', staffQuota: '编制人数', returnCount: '退回次数', checkDueAt: '复查时间', citizenId: '身份证号',
  masked: '已遮蔽', code: '代码', url: '地址', events: '事件', fields: '字段', input: '输入', dryRun: '试运行',
  totalRows: '总行数', updated: '更新', unchanged: '未变', outcome: '结果', source: '来源', subject: '对象',
  subjectKind: '对象类别', passMark: '合格分', participantCount: '参加人数', premisesKind: '场所类别', sector: '行业',
  rule: '规则', params: '参数', items: '条目', filename: '文件名', bytes: '字节数', from: '开始时间', to: '结束时间',
  stage: '阶段', message: '说明', notRecorded: '未逐条记录', recorded: '已逐条记录', windowStart: '时间窗起点',
  campaignId: '专项整治', committeeId: '委员会', premisesId: '场所', overdue: '逾期', major: '重大隐患',
  foundFrom: '发现日期起', foundTo: '发现日期止', documentNumber: '文号', issueNumber: '期号', recipients: '主送',
  deaths: '死亡人数', injuries: '受伤人数', investigationId: '延伸调查', hazardId: '隐患', fireId: '火灾', category: '类别',
  answer: '结果', description: '描述', deadlineDays: '期限天数', number: '编号', note: '备注', comment: '意见',
};

/** Points per printed line of the sheet's wrapped rows (its many-line cells mix Chinese and digits). */
export const AUDIT_TRAIL_LINE_HEIGHT = 17;

/** The deepest a summary's value is written out; deeper objects are written as 「…」. */
const MAX_DEPTH = 4;

/** A key by its Chinese where it has one, else as it is. */
export function keyWord(key: string): string {
  return KEY_WORDS[key] ?? key;
}

/** A summary value as text without JSON's braces and quotes: lists by 「、」, objects as 「键 值，键 值」. */
function valueText(value: unknown, depth = 0): string {
  if (value === null || value === undefined) return '（空）';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'string') return value === '' ? '（空）' : value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (depth >= MAX_DEPTH) return '…';
  if (Array.isArray(value)) return value.length === 0 ? '（无）' : value.map((v) => valueText(v, depth + 1)).join(Array.isArray(value) && value.some((v) => v && typeof v === 'object') ? '；' : '、');
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length === 0 ? '（无）' : entries.map(([k, v]) => `${keyWord(k)} ${valueText(v, depth + 1)}`).join('，');
  }
  return String(value as never);
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * An entry's summary as lines of 「键：值」: `after` and `before` (what the services note) merged key by key, a
 * changed value as 「旧 → 新」; any other top-level key likewise. Empty for no summary.
 */
export function auditSummaryText(summary: Record<string, unknown> | null | undefined): string {
  if (!summary) return '';
  const { before, after, ...rest } = summary;
  const lines: string[] = [];
  const b = isRecord(before) ? before : before === undefined ? {} : { before };
  const a = isRecord(after) ? after : after === undefined ? {} : { after };
  for (const key of [...new Set([...Object.keys(b), ...Object.keys(a)])]) {
    const was = key in b ? valueText(b[key], 1) : null;
    const now = key in a ? valueText(a[key], 1) : null;
    const text = was === null ? now! : now === null ? `${was} → （删除）` : was === now ? now : `${was} → ${now}`;
    lines.push(`${keyWord(key)}：${text}`);
  }
  for (const [key, v] of Object.entries(rest)) lines.push(`${keyWord(key)}：${valueText(v, 1)}`);
  return lines.join('\n');
}

/** The first clause of a field's description (up to 「：」「（」「；」「。」), as the operation's name. */
function firstClause(description: string): string {
  return description.split(/[：（；。\n]/)[0].trim();
}

/**
 * The Chinese name of each operation from the schema's descriptions of the root fields (Mutation, Query,
 * Subscription), or from OPERATION_WORDS for what is not a field; null when neither knows it (a client's own
 * operation name).
 */
export function operationNamer(schema: GraphQLSchema | null): (operation: string) => string | null {
  const fields = new Map<string, string>();
  for (const type of [schema?.getQueryType(), schema?.getMutationType(), schema?.getSubscriptionType()]) {
    for (const field of Object.values(type?.getFields() ?? {})) {
      const words = field.description ? firstClause(field.description) : '';
      if (words && !fields.has(field.name)) fields.set(field.name, words);
    }
  }
  return (operation) => {
    const known = OPERATION_WORDS[operation] ?? fields.get(operation);
    if (known) return known;
    // several root fields of one request, as the audit plugin joins them
    const parts = operation.split(',');
    if (parts.length > 1 && parts.every((p) => fields.has(p) || OPERATION_WORDS[p])) return parts.map((p) => OPERATION_WORDS[p] ?? fields.get(p)).join('、');
    return null;
  };
}

/** One entry as the row of AUDIT_TRAIL_COLUMNS. */
export function auditTrailRow(e: AuditTrailEntry, nameOf: (operation: string) => string | null): SheetCell[] {
  const name = nameOf(e.operation);
  return [
    e.at,
    `${e.actorLabel}\n（${ACTOR_WORDS[e.actorKind] ?? e.actorKind}）`,
    e.address ?? '',
    name ? `${name}\n${e.operation}` : e.operation,
    [OUTCOME_WORDS[e.outcome] ?? e.outcome, e.errorCode].filter(Boolean).join('\n'),
    [e.targetType, e.targetId].filter(Boolean).join('\n'),
    auditSummaryText(e.summary),
    [e.requestId, e.clientRequestId ? `客户端：${e.clientRequestId}` : ''].filter(Boolean).join('\n'),
    e.chainSeq ?? '',
    e.mac ?? '',
  ];
}
