import { randomUUID } from 'node:crypto';
import type { QueryRunner } from 'typeorm';
import { DEFAULT_FIRE_LEVEL_THRESHOLDS } from '../fire-level';
import { CatalogueItemKind, PremisesKind, WarningLevel, WarningRuleKind } from '../inspections.enums';
import type { ChecklistItem } from '../premises.entity';

/** Checklists v1 per premises kind (消防安全检查要点; the center publishes later versions). */
export const CHECKLISTS: Record<PremisesKind, { title: string; items: ChecklistItem[] }> = {
  CROWDED_PLACE: { title: '人员密集场所消防安全检查表', items: [
    { code: 'CP-01', text: '安全出口、疏散通道畅通，未锁闭、堵塞' },
    { code: 'CP-02', text: '应急照明、疏散指示标志完好有效' },
    { code: 'CP-03', text: '火灾自动报警、自动喷水灭火系统正常运行' },
    { code: 'CP-04', text: '灭火器配置齐全、在有效期内' },
    { code: 'CP-05', text: '消防控制室值班人员持证在岗' },
    { code: 'CP-06', text: '电气线路敷设规范，无私拉乱接' },
    { code: 'CP-07', text: '开展防火巡查、检查并有记录' },
  ] },
  SMALL_VENUE: { title: '九小场所消防安全检查表', items: [
    { code: 'SV-01', text: '未违规住人（“三合一”）' },
    { code: 'SV-02', text: '安全出口、疏散通道畅通' },
    { code: 'SV-03', text: '配置灭火器并会使用' },
    { code: 'SV-04', text: '电气线路规范，无电动自行车室内充电' },
    { code: 'SV-05', text: '安装独立式感烟火灾探测报警器' },
  ] },
  VILLAGE: { title: '村屯消防安全检查表', items: [
    { code: 'VL-01', text: '明确消防安全管理人（ORG-6）' },
    { code: 'VL-02', text: '制定防火公约（ORG-6）' },
    { code: 'VL-03', text: '消防水源、消防通道可用' },
    { code: 'VL-04', text: '柴草、可燃物堆放与建筑保持安全距离' },
    { code: 'VL-05', text: '志愿消防队或微型消防站器材完好（如设）' },
  ] },
  ENTERPRISE: { title: '企业消防安全检查表', items: [
    { code: 'EN-01', text: '落实消防安全责任制，明确消防安全责任人、管理人' },
    { code: 'EN-02', text: '易燃易爆危险品按规定储存、使用' },
    { code: 'EN-03', text: '消防设施、器材完好有效' },
    { code: 'EN-04', text: '安全出口、疏散通道畅通' },
    { code: 'EN-05', text: '动火作业审批管理' },
    { code: 'EN-06', text: '员工消防安全培训和应急疏散演练' },
  ] },
  MEMBER_UNIT: { title: '成员单位消防工作检查表（INS-1）', items: [
    { code: 'MU-01', text: '落实行业部门消防安全监管职责' },
    { code: 'MU-02', text: '本单位办公场所消防设施完好' },
    { code: 'MU-03', text: '开展本系统消防安全检查并有记录' },
    { code: 'MU-04', text: '组织消防宣传教育培训' },
  ] },
  OTHER: { title: '通用消防安全检查表', items: [
    { code: 'GN-01', text: '安全出口、疏散通道畅通' },
    { code: 'GN-02', text: '消防设施、器材完好有效' },
    { code: 'GN-03', text: '电气线路、用火用电安全' },
  ] },
};

/**
 * The major hazard catalogue as data, abridged: item codes and short summaries of the direct items and composite
 * elements (摘要，以标准原文为准). The committee office completes each edition from the standard's text.
 */
const CATALOGUE = [
  { edition: 'GB 35181-2017', validFrom: '2018-07-01', validTo: '2025-10-31', items: [
    ['5.1', 'DIRECT', '易燃易爆危险品的工厂、仓库、专用车站码头、储罐区未设置在城市边缘或相对独立的安全地带'],
    ['5.2', 'DIRECT', '甲、乙类厂房设置在建筑的地下、半地下室'],
    ['5.3', 'DIRECT', '甲、乙类厂房、库房或丙类厂房与人员密集场所、住宅或宿舍混合设置在同一建筑内'],
    ['5.4', 'DIRECT', '公共娱乐场所、商店、地下人员密集场所的安全出口数量不足或其总净宽度小于规定值的 80%'],
    ['5.5', 'DIRECT', '旅馆、休闲娱乐、医院、养老等场所未按规定设置自动喷水灭火系统或火灾自动报警系统'],
    ['5.7', 'DIRECT', '在人员密集场所违反规定使用、储存或销售易燃易爆危险品'],
    ['5.9', 'DIRECT', '人员密集场所的居住场所采用燃烧性能低于 A 级的彩钢夹芯板搭建'],
    ['6.2', 'COMPOSITE', '防火分隔不符合要求（防火分区、防火墙、防火门等）'],
    ['6.3', 'COMPOSITE', '安全疏散设施及灭火救援条件不符合要求（疏散通道、安全出口、消防车道等）'],
    ['6.4', 'COMPOSITE', '消防给水及灭火设施不符合要求'],
    ['6.5', 'COMPOSITE', '防烟排烟设施不符合要求'],
    ['6.6', 'COMPOSITE', '消防供电不符合要求'],
    ['6.7', 'COMPOSITE', '火灾自动报警系统不符合要求'],
    ['6.8', 'COMPOSITE', '消防安全管理不符合要求'],
  ] },
  { edition: 'GB 35181-2025', validFrom: '2025-11-01', validTo: null, items: [
    ['5.1', 'DIRECT', '易燃易爆危险品场所选址、布置不符合规定且未设置在相对独立的安全地带'],
    ['5.2', 'DIRECT', '甲、乙类厂房设置在建筑的地下或半地下'],
    ['5.3', 'DIRECT', '甲、乙类生产储存场所与人员密集场所、居住场所设置在同一建筑内'],
    ['5.4', 'DIRECT', '人员密集场所安全出口数量不足或其总净宽度明显小于规定值'],
    ['5.5', 'DIRECT', '规定应设置的自动灭火系统或火灾自动报警系统未设置'],
    ['5.6', 'DIRECT', '在人员密集场所违规使用、储存或销售易燃易爆危险品'],
    ['5.7', 'DIRECT', '人员密集场所、居住场所采用燃烧性能不符合规定的夹芯材料搭建'],
    ['6.1', 'COMPOSITE', '总平面布置不符合要求（防火间距、消防车道、救援场地）'],
    ['6.2', 'COMPOSITE', '防火分隔不符合要求'],
    ['6.3', 'COMPOSITE', '安全疏散不符合要求'],
    ['6.4', 'COMPOSITE', '消防给水及灭火设施不符合要求'],
    ['6.5', 'COMPOSITE', '防烟排烟设施不符合要求'],
    ['6.6', 'COMPOSITE', '消防供配电不符合要求'],
    ['6.7', 'COMPOSITE', '火灾自动报警系统不符合要求'],
    ['6.8', 'COMPOSITE', '消防安全管理不符合要求'],
  ] },
] as const;

/** Composite elements that make a suspected major hazard (人员密集场所 3, others 4). */
const THRESHOLDS: Record<PremisesKind, number> = { CROWDED_PLACE: 3, SMALL_VENUE: 4, VILLAGE: 4, ENTERPRISE: 4, MEMBER_UNIT: 4, OTHER: 4 };

/** The early-warning rules v1 (INS-3): four colours, parameters as data. */
export const WARNING_RULES: { code: string; kind: WarningRuleKind; name: string; level: WarningLevel; params: Record<string, unknown> }[] = [
  { code: 'hazard.dueSoon', kind: WarningRuleKind.HAZARD_DUE_SOON, name: '隐患整改期限 3 天内到期', level: WarningLevel.BLUE, params: { withinDays: 3 } },
  { code: 'hazard.overdue', kind: WarningRuleKind.HAZARD_OVERDUE, name: '隐患逾期未整改', level: WarningLevel.YELLOW, params: { minDaysOverdue: 1 } },
  { code: 'hazard.majorOverdue', kind: WarningRuleKind.MAJOR_HAZARD_OVERDUE, name: '重大火灾隐患逾期', level: WarningLevel.RED, params: { minDaysOverdue: 1 } },
  { code: 'township.overdueHazards', kind: WarningRuleKind.TOWNSHIP_OVERDUE_COUNT, name: '一个乡镇逾期隐患 3 处以上', level: WarningLevel.ORANGE, params: { minCount: 3 } },
  { code: 'fire.fatalRecent', kind: WarningRuleKind.FATAL_FIRE_RECENT, name: '近 30 天发生亡人火灾', level: WarningLevel.RED, params: { withinDays: 30 } },
  { code: 'complaint.dueSoon', kind: WarningRuleKind.COMPLAINT_CHECK_DUE, name: '举报投诉核查时限 6 小时内到期', level: WarningLevel.YELLOW, params: { hoursBefore: 6 } },
  { code: 'complaint.overdue', kind: WarningRuleKind.COMPLAINT_CHECK_DUE, name: '举报投诉超过核查时限', level: WarningLevel.ORANGE, params: { hoursBefore: 0 } },
  { code: 'riskPoint.major', kind: WarningRuleKind.RISK_POINT_LEVEL, name: '重大风险点', level: WarningLevel.ORANGE, params: { minLevel: 'MAJOR' } },
];

export async function seedInspections(q: QueryRunner): Promise<void> {
  await q.query(
    `INSERT INTO inspection_policy (version, effective_from, min_inspectors, order_within_working_days, default_deadline_days,
       recheck_within_working_days, major_report_days, complaint_urgent_hours, complaint_other_working_days, inspection_interval_days,
       key_unit_interval_days, fire_level_thresholds, investigation_min_deaths, investigation_min_level, created_by)
     VALUES (1, '2000-01-01', 2, 3, 30, 3, 2, 24, 3, $1, 365, $2, 1, 'LARGER', 'system:migration')`,
    [JSON.stringify({ LOW: 365, GENERAL: 180, SIGNIFICANT: 90, MAJOR: 30 }), JSON.stringify(DEFAULT_FIRE_LEVEL_THRESHOLDS)],
  );
  for (const [kind, c] of Object.entries(CHECKLISTS)) {
    await q.query(`INSERT INTO checklist_template (id, premises_kind, version, title, items, created_by) VALUES ($1, $2, 1, $3, $4, 'system:migration')`,
      [randomUUID(), kind, c.title, JSON.stringify(c.items)]);
  }
  for (const edition of CATALOGUE) {
    for (const [code, kind, text] of edition.items) {
      await q.query(`INSERT INTO major_hazard_catalogue_item (id, edition, valid_from, valid_to, code, kind, text) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [randomUUID(), edition.edition, edition.validFrom, edition.validTo, code, kind satisfies `${CatalogueItemKind}`, `${text}（摘要，以标准原文为准）`]);
    }
    for (const [kind, count] of Object.entries(THRESHOLDS)) {
      await q.query(`INSERT INTO major_hazard_threshold (edition, premises_kind, composite_count) VALUES ($1, $2, $3)`, [edition.edition, kind, count]);
    }
  }
  for (const r of WARNING_RULES) {
    await q.query(`INSERT INTO warning_rule (code, kind, name, level, params, enabled, updated_by, version) VALUES ($1, $2, $3, $4, $5, true, 'system:migration', 1)`,
      [r.code, r.kind, r.name, r.level, JSON.stringify(r.params)]);
  }
}
