import { registerEnumType } from '@nestjs/graphql';
import { PREMISES_KIND_LABELS, PremisesKind, RISK_LEVEL_LABELS, RiskLevel } from '../inspections/inspections.enums';
import { RegionKind } from '../organization/organization.enums';
import { CommunicationAssessment, Education, EDUCATION_LABELS, EstablishmentType, Gender } from '../personnel/personnel.enums';
import { parseDateText } from './xlsx';

/** What a spreadsheet imports: villages with their fire safety managers (ORG-6), premises (INS-1), people as candidates (PER-1). */
export enum ImportKind {
  VILLAGES = 'VILLAGES',
  PREMISES = 'PREMISES',
  CANDIDATES = 'CANDIDATES',
}
registerEnumType(ImportKind, {
  name: 'ImportKind',
  description: '导入的内容',
  valuesMap: {
    VILLAGES: { description: '村（社区）及其消防安全管理人（ORG-6）' },
    PREMISES: { description: '场所（INS-1）' },
    CANDIDATES: { description: '人选：登记人员并提名为工作站（指导中心）人选（PER-1）' },
  },
});

/** How a cell is read. */
type CellKind = { type: 'text'; maxLength: number } | { type: 'date' } | { type: 'choice'; choices: Record<string, string> } | { type: 'yesNo' };

export interface ImportColumn {
  key: string;
  header: string;
  required: boolean;
  cell: CellKind;
  /** What the template's 说明 sheet says of the column. */
  note: string;
  /** The template's example row. */
  example: string;
  /** Kept as text in Excel (IDs, phone numbers, codes: a number format would round or drop leading zeros). */
  asText?: boolean;
  /**
   * The digits of a number cell that lost its leading 0 (a column whose values may begin with 0): a phone column's
   * landline 0439-6212345 typed into a General cell becomes 4396212345. Columns without it begin with 1–9 whatever
   * is typed (GB/T 2260 codes, GB 11643 ids), so a number cell there lost no zero.
   */
  lostZero?: RegExp;
  width?: number;
}

export interface ImportKindSpec {
  kind: ImportKind;
  title: string;
  sheetName: string;
  columns: readonly ImportColumn[];
  /** The input field a service names in its errors (`input.phone`) → the column it came from. */
  fieldColumns: Record<string, string>;
  /** Rows with the same key are the same record twice in one file. */
  duplicateKey: (row: ParsedRow) => string | null;
  duplicateColumn: string;
}

export type ParsedRow = Record<string, string | boolean | null>;

/** One bad row: its spreadsheet row number (as Excel shows it), the column (null: the whole row) and why, in zh-CN. */
export interface RowProblem {
  row: number;
  column: string | null;
  reason: string;
}

const label = <T extends string>(labels: Record<T, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(labels).map(([value, text]) => [text as string, value]));

/**
 * A phone number as a number: a mobile (1 and 10 digits) is kept whole; a landline with its area code (0 + 2–3
 * digits, then 7–8 digits; 010 for Beijing) is not: its 0 is gone.
 */
const PHONE_LOST_ZERO = /^(?:[2-9]\d{8,10}|10\d{8,9})$/;

const TOWNSHIP: ImportColumn = {
  key: 'township', header: '乡镇', required: false, cell: { type: 'text', maxLength: 50 }, width: 14,
  note: '所在乡镇的名称（如“景山镇”）；在乡镇账号下导入，或导入时指定了乡镇，可不填', example: '景山镇',
};

export const IMPORT_KINDS: Record<ImportKind, ImportKindSpec> = {
  [ImportKind.VILLAGES]: {
    kind: ImportKind.VILLAGES,
    title: '村（社区）及消防安全管理人',
    sheetName: '村（社区）',
    columns: [
      TOWNSHIP,
      { key: 'name', header: '村（社区）名称', required: true, cell: { type: 'text', maxLength: 50 }, width: 18, note: '已登记的村（社区）按名称对应；未登记的将新增（须有新增区划的权限）', example: '新立村' },
      { key: 'kind', header: '类别', required: true, cell: { type: 'choice', choices: { 村: RegionKind.VILLAGE, 社区: RegionKind.COMMUNITY } }, width: 8, note: '村 或 社区', example: '村' },
      { key: 'code', header: '区划代码', required: false, cell: { type: 'text', maxLength: 12 }, asText: true, width: 16, note: '12 位统计用区划代码，可暂不填', example: '' },
      { key: 'managerName', header: '消防安全管理人', required: true, cell: { type: 'text', maxLength: 50 }, width: 14, note: 'ORG-6：每个村（居）委会确定一名消防安全管理人', example: '王建国' },
      { key: 'managerPhone', header: '管理人电话', required: true, cell: { type: 'text', maxLength: 20 }, asText: true, lostZero: PHONE_LOST_ZERO, width: 16, note: '11 位手机号码（加密存储，脱敏显示）', example: '13943900001' },
      { key: 'appointedOn', header: '确定日期', required: false, cell: { type: 'date' }, width: 12, note: 'YYYY-MM-DD，不能晚于今天', example: '2026-03-01' },
      { key: 'pledgeAdoptedOn', header: '防火公约通过日期', required: false, cell: { type: 'date' }, width: 16, note: 'ORG-6：已制定防火公约的填通过日期，不能晚于今天', example: '' },
    ],
    fieldColumns: {
      'region.parentId': '乡镇', 'region.name': '村（社区）名称', 'region.kind': '类别', 'region.code': '区划代码',
      'manager.name': '消防安全管理人', 'manager.phone': '管理人电话', 'manager.appointedOn': '确定日期', 'pledge.adoptedOn': '防火公约通过日期',
    },
    duplicateKey: (r) => (r.name ? `${String(r.township ?? '')}/${String(r.name)}` : null),
    duplicateColumn: '村（社区）名称',
  },
  [ImportKind.PREMISES]: {
    kind: ImportKind.PREMISES,
    title: '场所',
    sheetName: '场所',
    columns: [
      TOWNSHIP,
      { key: 'village', header: '村（社区）', required: false, cell: { type: 'text', maxLength: 50 }, width: 14, note: '场所在村（社区）的填其名称（须已登记）；不填则登记在乡镇', example: '' },
      { key: 'kind', header: '场所类别', required: true, cell: { type: 'choice', choices: label(PREMISES_KIND_LABELS) }, width: 14, note: Object.values(PREMISES_KIND_LABELS).join('、'), example: PREMISES_KIND_LABELS[PremisesKind.SMALL_VENUE] },
      { key: 'name', header: '场所名称', required: true, cell: { type: 'text', maxLength: 100 }, width: 24, note: '', example: '景山镇惠民超市' },
      { key: 'address', header: '地址', required: true, cell: { type: 'text', maxLength: 200 }, width: 30, note: '', example: '景山镇兴华街 12 号' },
      { key: 'memberUnit', header: '成员单位', required: false, cell: { type: 'text', maxLength: 100 }, width: 18, note: '仅“成员单位”类场所填写：已登记的成员单位名称', example: '' },
      { key: 'responsibleName', header: '消防安全责任人', required: true, cell: { type: 'text', maxLength: 50 }, width: 14, note: '', example: '李明' },
      { key: 'responsiblePhone', header: '责任人电话', required: false, cell: { type: 'text', maxLength: 20 }, asText: true, lostZero: PHONE_LOST_ZERO, width: 16, note: '11 位手机号码（加密存储，脱敏显示）', example: '13943900002' },
      { key: 'riskLevel', header: '风险等级', required: true, cell: { type: 'choice', choices: label(RISK_LEVEL_LABELS) }, width: 12, note: Object.values(RISK_LEVEL_LABELS).join('、'), example: RISK_LEVEL_LABELS[RiskLevel.GENERAL] },
      { key: 'keyUnit', header: '消防安全重点单位', required: false, cell: { type: 'yesNo' }, width: 16, note: '是 或 否（不填为否）', example: '否' },
    ],
    fieldColumns: {
      'input.regionId': '乡镇', 'input.kind': '场所类别', 'input.name': '场所名称', 'input.address': '地址', 'input.memberUnitId': '成员单位',
      'input.responsibleName': '消防安全责任人', 'input.responsiblePhone': '责任人电话', 'input.riskLevel': '风险等级', 'input.keyUnit': '消防安全重点单位',
    },
    duplicateKey: (r) => (r.name && r.address ? `${String(r.township ?? '')}/${String(r.village ?? '')}/${String(r.name)}/${String(r.address)}` : null),
    duplicateColumn: '场所名称',
  },
  [ImportKind.CANDIDATES]: {
    kind: ImportKind.CANDIDATES,
    title: '人选',
    sheetName: '人选',
    columns: [
      { ...TOWNSHIP, note: '人选所在乡镇（其消防工作站的人选）；在县账号下导入时不填，为指导中心的人选' },
      { key: 'name', header: '姓名', required: true, cell: { type: 'text', maxLength: 50 }, width: 10, note: '', example: '张伟' },
      { key: 'gender', header: '性别', required: true, cell: { type: 'choice', choices: { 男: Gender.MALE, 女: Gender.FEMALE } }, width: 6, note: 'PER-2：原则上以男性为主（女性须经批准的偏离）', example: '男' },
      { key: 'birthDate', header: '出生日期', required: true, cell: { type: 'date' }, width: 12, note: 'YYYY-MM-DD，须与身份证号一致', example: '1990-06-15' },
      { key: 'citizenId', header: '身份证号', required: true, cell: { type: 'text', maxLength: 32 }, asText: true, width: 22, note: '18 位（GB 11643-1999），请以文本格式填写，加密存储', example: '' },
      { key: 'phone', header: '联系电话', required: false, cell: { type: 'text', maxLength: 20 }, asText: true, lostZero: PHONE_LOST_ZERO, width: 16, note: '11 位手机号码（加密存储，脱敏显示）', example: '13943900003' },
      { key: 'education', header: '学历', required: true, cell: { type: 'choice', choices: label(EDUCATION_LABELS) }, width: 12, note: `PER-5：高中及以上。可选：${Object.values(EDUCATION_LABELS).join('、')}`, example: EDUCATION_LABELS[Education.SENIOR_HIGH] },
      { key: 'householdRegionCode', header: '户籍地区划代码', required: true, cell: { type: 'text', maxLength: 12 }, asText: true, width: 16, note: 'PER-4：乡镇 9 位或村居 12 位行政区划代码（GB/T 2260）', example: '220622101' },
      { key: 'residenceRegionCode', header: '常驻地区划代码', required: true, cell: { type: 'text', maxLength: 12 }, asText: true, width: 16, note: 'PER-4：乡镇 9 位或村居 12 位行政区划代码（GB/T 2260）', example: '220622101' },
      { key: 'establishmentUnit', header: '编制所属单位', required: true, cell: { type: 'text', maxLength: 100 }, width: 20, note: '', example: '景山镇人民政府' },
      { key: 'establishmentType', header: '编制类型', required: true, cell: { type: 'choice', choices: { 体制内: EstablishmentType.PUBLIC_SYSTEM, 体制外: EstablishmentType.OUTSIDE } }, width: 10, note: 'PER-1：体制内 或 体制外', example: '体制内' },
      { key: 'communication', header: '沟通协调能力评价', required: false, cell: { type: 'choice', choices: { 良好: CommunicationAssessment.GOOD, 合格: CommunicationAssessment.ADEQUATE, 不足: CommunicationAssessment.INSUFFICIENT } }, width: 16, note: 'PER-6：良好、合格 或 不足', example: '良好' },
      { key: 'communicationNote', header: '评价说明', required: false, cell: { type: 'text', maxLength: 500 }, width: 20, note: '', example: '' },
      { key: 'otherJobs', header: '其他兼职', required: false, cell: { type: 'text', maxLength: 200 }, width: 16, note: 'PER-8：原则上不得兼职；无则不填', example: '' },
    ],
    fieldColumns: {
      'input.regionId': '乡镇', 'input.name': '姓名', 'input.gender': '性别', 'input.birthDate': '出生日期', 'input.citizenId': '身份证号', 'input.phone': '联系电话',
      'input.education': '学历', 'input.householdRegionCode': '户籍地区划代码', 'input.residenceRegionCode': '常驻地区划代码', 'input.establishmentUnit': '编制所属单位',
      'input.establishmentType': '编制类型', 'input.communication': '沟通协调能力评价', 'input.communicationNote': '评价说明', 'input.otherJobs': '其他兼职',
      'input.stationId': '乡镇', 'input.personId': '姓名',
    },
    duplicateKey: (r) => (typeof r.citizenId === 'string' && r.citizenId ? r.citizenId.toUpperCase() : null),
    duplicateColumn: '身份证号',
  },
};

/** The headers of a sheet that do not match the template: missing required columns and columns it does not know. */
export function headerProblems(spec: ImportKindSpec, headers: readonly string[]): string[] {
  const known = new Set(spec.columns.map((c) => c.header));
  const present = new Set(headers);
  return [
    ...spec.columns.filter((c) => c.required && !present.has(c.header)).map((c) => `缺少必填列“${c.header}”`),
    ...headers.filter((h) => !known.has(h)).map((h) => `模板中没有“${h}”列（请使用下载的模板）`),
    ...headers.filter((h, i) => headers.indexOf(h) !== i).map((h) => `“${h}”列出现了不止一次`),
  ];
}

/**
 * A cell's text as quoted in a problem: at most 20 characters, and a run of 7 or more digits (an ID or a phone
 * number typed into the wrong column) masked: problems are read by every importer of the region.
 */
export function quoted(text: string): string {
  const masked = text.replace(/\d{7,}[\dXx]?/g, (m) => `${m.slice(0, 3)}${'*'.repeat(m.length - 5)}${m.slice(-2)}`);
  return masked.length > 20 ? `${masked.slice(0, 20)}…` : masked;
}

const SET_AS_TEXT = '请把此列设置为“文本”格式后重新填写号码';
/** A number written in scientific notation (2.20622E+17), as a spreadsheet shows a long number and a clerk copies it. */
const SCIENTIFIC = /^[+-]?\d+(?:\.\d+)?[eE][+-]?\d+$/;

/** A number as a spreadsheet's General format shows one too long for its cell: 2.20622E+17. */
function generalFormat(n: number): string {
  const [mantissa, exponent] = n.toExponential(5).split('e');
  return `${mantissa.replace(/\.?0+$/, '')}E${Number(exponent) < 0 ? '-' : '+'}${String(Math.abs(Number(exponent))).padStart(2, '0')}`;
}

/**
 * What a spreadsheet did to an id, phone or code of a text column (null: nothing): stored it as a number that lost
 * its last digits (more than 15) or became a fraction, stored it as a number that lost its leading 0, or left it
 * in scientific notation (typed or pasted as shown). Each says so, and how to avoid it: the column as 文本.
 */
function spreadsheetAccident(col: ImportColumn, text: string, number: number | undefined): string | null {
  if (!col.asText) return null;
  if (number !== undefined) {
    if (Math.abs(number) >= 1e15) return `该单元格被表格软件存成了数字（显示为 ${generalFormat(number)}），超过 15 位的号码末尾几位已变成 0：${SET_AS_TEXT}`;
    if (!Number.isInteger(number)) return `该单元格被表格软件存成了带小数的数字（${quoted(text)}），已不是原来的号码：${SET_AS_TEXT}`;
    if (col.lostZero?.test(String(number))) return `该单元格被表格软件存成了数字（${quoted(text)}），号码开头的 0 已丢失：${SET_AS_TEXT}`;
    return null; // a whole number within 15 digits is what was typed
  }
  if (SCIENTIFIC.test(text)) return `该单元格是科学计数法（${quoted(text)}），号码已被表格软件改写、末尾几位已丢失：${SET_AS_TEXT}`;
  return null;
}

/**
 * One row's cells read by the template's columns: the values, and what is wrong with each cell. A bad cell's
 * value is null (a text too long keeps its text): the row's other checks still run on the rest (import.service.ts).
 * `numbers`: the cells the spreadsheet holds as numbers (xlsx.ts sheetRows).
 */
export function parseRow(spec: ImportKindSpec, rowNumber: number, cells: ReadonlyMap<string, string>, numbers: ReadonlyMap<string, number> = new Map()): { values: ParsedRow; problems: RowProblem[] } {
  const values: ParsedRow = {};
  const problems: RowProblem[] = [];
  for (const col of spec.columns) {
    const text = (cells.get(col.header) ?? '').trim();
    // an id, phone or code the spreadsheet program changed: its digits are gone, say so (not 校验码不正确)
    const accident = spreadsheetAccident(col, text, numbers.get(col.header));
    if (accident) {
      problems.push({ row: rowNumber, column: col.header, reason: accident });
      values[col.key] = null;
      continue;
    }
    if (text === '') {
      if (col.required) problems.push({ row: rowNumber, column: col.header, reason: '必填' });
      values[col.key] = null;
      continue;
    }
    const cell = col.cell;
    if (cell.type === 'text') {
      if (text.length > cell.maxLength) problems.push({ row: rowNumber, column: col.header, reason: `长度不能超过 ${cell.maxLength} 个字符` });
      values[col.key] = text;
    } else if (cell.type === 'date') {
      const date = parseDateText(text);
      if (!date) problems.push({ row: rowNumber, column: col.header, reason: `“${quoted(text)}”不是有效的日期（YYYY-MM-DD）` });
      values[col.key] = date;
    } else if (cell.type === 'choice') {
      const value = cell.choices[text] ?? (Object.values(cell.choices).includes(text.toUpperCase()) ? text.toUpperCase() : undefined);
      if (!value) problems.push({ row: rowNumber, column: col.header, reason: `“${quoted(text)}”不是可选的取值（${Object.keys(cell.choices).join('、')}）` });
      values[col.key] = value ?? null;
    } else {
      const yes = ['是', 'Y', 'YES', 'TRUE', '1'].includes(text.toUpperCase());
      const no = ['否', 'N', 'NO', 'FALSE', '0'].includes(text.toUpperCase());
      if (!yes && !no) problems.push({ row: rowNumber, column: col.header, reason: `“${quoted(text)}”须为“是”或“否”` });
      values[col.key] = yes;
    }
  }
  return { values, problems };
}

/** The column of a service's field error (`input.phone` → 管理人电话); null when the error is about the row. */
export function columnOf(spec: ImportKindSpec, field: string | undefined): string | null {
  if (!field) return null;
  // `row.<key>`: the importer's own finding about a cell (a township not found, a code that differs)
  if (field.startsWith('row.')) return spec.columns.find((c) => c.key === field.slice(4))?.header ?? null;
  return spec.fieldColumns[field] ?? spec.fieldColumns[field.replace(/\[\d+\].*$/, '')] ?? null;
}
