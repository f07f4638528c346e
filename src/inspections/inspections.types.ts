import { PeriodInput, PeriodModel } from '../graphql/period.types';
import { AttachmentInput, AttachmentModel } from '../attachments/attachment.types';
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '../graphql/connection';
import { toGlobalId } from '../graphql/global-id';
import { BoolField, DateField, EnumField, IdField, IdListField, InstantField, IntField, ListField, MAX_LIST_ARGUMENT, NestedField, NumberField, TextField, TextListField } from '../graphql/input-fields';
import { modelOf } from '../graphql/model';
import { Node } from '../graphql/node';
import { CalendarDay, CalendarYear } from './calendar.entity';
import { AccountabilityOutcome, FireIncident, InvestigationCase, ResponsibleParty } from './fire.entity';
import { WorkReport } from './work-report.entity';
import { changes } from './fire.service';
import type { FireSituation, SituationFigures, SituationMetric, SituationRow } from './fire.service';
import { isCheckedLate, isOrderedLate, isOrderOverdue, isOverdue } from './hazard-lifecycle';
import { Complaint } from './complaint.entity';
import { Hazard, HazardEvent } from './hazard.entity';
import { MajorHazardCatalogueItem, MajorHazardThreshold } from './major-hazard.entity';
import { Inspection, InspectionItemResult, InspectionPlan } from './inspection.entity';
import {
  CalendarDayKind, CatalogueItemKind, ComplaintCategory, ComplaintOutcome, FireCause, FireLevel, HazardAction, HazardClosure, HazardSource, HazardStatus,
  InvestigationReason, InvestigationStatus, ItemResult, MajorHazardStatus, PremisesEventKind, PremisesKind, RiskLevel, WarningLevel, WarningRuleKind,
  WarningStatus, WarningSubjectType, WorkReportKind, WorkReportStatus,
} from './inspections.enums';
import { periodLabel } from '../common/period';
import { InspectionPolicy } from './policy.entity';
import { ChecklistTemplate } from './checklist.entity';
import { Premises, PremisesEvent } from './premises.entity';
import { RiskObservation, RiskPoint } from './risk-point.entity';
import { Warning, WarningRule } from './warning.entity';
import { ReviewDecision } from './work-report.service';
import { CalendarDateScalar, DateTimeScalar } from '../graphql/scalars';

registerEnumType(ReviewDecision, {
  name: 'ReviewDecision',
  description: '审阅决定（INS-5）',
  valuesMap: { RECEIVE: { description: '接收' }, RETURN: { description: '退回修改' }, ACCEPT: { description: '采纳' } },
});

/**
 * The fire situation's metrics (INS-4): GraphQL names UPPER_CASE, the TypeScript values the keys of
 * `SituationFigures` (fire.service, the office's briefing and export read those), so the API and the code each
 * keep their own spelling.
 */
export enum SituationMetricEnum {
  INCIDENTS = 'incidents', DEATHS = 'deaths', INJURIES = 'injuries', DIRECT_LOSS_YUAN = 'directLossYuan', HAZARDS_FOUND = 'hazardsFound',
  HAZARDS_RECTIFIED = 'hazardsRectified', HAZARDS_OVERDUE = 'hazardsOverdue', RECTIFICATION_RATE = 'rectificationRate', INSPECTIONS = 'inspections',
  HAND_OVERS = 'handOvers', HAND_OVERS_ACCEPTED = 'handOversAccepted', HAND_OVERS_CONCLUDED = 'handOversConcluded', HAND_OVERS_OVERDUE = 'handOversOverdue',
}
const METRIC_LABELS: Record<keyof typeof SituationMetricEnum, string> = {
  INCIDENTS: '火灾起数', DEATHS: '死亡人数', INJURIES: '受伤人数', DIRECT_LOSS_YUAN: '直接财产损失（元）', HAZARDS_FOUND: '本期发现隐患数',
  HAZARDS_RECTIFIED: '本期发现且已复查销号的隐患数', HAZARDS_OVERDUE: '逾期未整改隐患数', RECTIFICATION_RATE: '整改率（%）', INSPECTIONS: '检查次数',
  HAND_OVERS: '本期移交县消防救援大队的案件数', HAND_OVERS_ACCEPTED: '本期大队接收的移交案件数', HAND_OVERS_CONCLUDED: '本期大队办结（登记处理结果）的移交案件数',
  HAND_OVERS_OVERDUE: '逾期未接收或未办结的移交案件数（应接收或应办结日期在本期且已过）',
};
registerEnumType(SituationMetricEnum, {
  name: 'SituationMetric',
  description: '火灾形势指标（INS-4）',
  valuesMap: Object.fromEntries(Object.entries(METRIC_LABELS).map(([name, label]) => [name, { description: label }])) as never,
});

// ---------- premises and checklists ----------

@ObjectType('ChecklistItem', { description: '检查表中的一个检查项' })
export class ChecklistItemModel {
  @Field({ description: '检查项编号，如 SV-01' }) code: string;
  @Field({ description: '检查内容' }) text: string;
}

@ObjectType('ChecklistTemplate', { implements: () => [Node], description: '检查表（按场所类别，版本化；检查记录保留所用版本）' })
export class ChecklistTemplateModel implements Node {
  @Field(() => ID, { description: '全局标识' }) id: string;
  @Field(() => PremisesKind, { description: '适用的场所类别' }) premisesKind: PremisesKind;
  @Field(() => Int, { description: '版本号（同类场所从 1 递增）' }) version: number;
  @Field({ description: '检查表名称' }) title: string;
  @Field(() => [ChecklistItemModel], { description: '检查项（按发布顺序，最多 100 项）' }) items: ChecklistItemModel[];
  @Field(() => DateTimeScalar, { description: '发布时间' }) createdAt: Date;

  static from(row: ChecklistTemplate): ChecklistTemplateModel {
    return Object.assign(new ChecklistTemplateModel(), { id: toGlobalId('ChecklistTemplate', row.id), premisesKind: row.premisesKind, version: row.version, title: row.title, items: row.items, createdAt: row.createdAt });
  }
}

@ObjectType('Premises', { implements: () => [Node], description: '场所（检查对象，INS-1）；责任人电话脱敏显示' })
export class PremisesModel implements Node {
  @Field(() => ID, { description: '全局标识' }) id: string;
  @Field(() => PremisesKind, { description: '场所类别' }) kind: PremisesKind;
  @Field({ description: '名称' }) name: string;
  @Field({ description: '地址' }) address: string;
  @Field({ description: '消防安全责任人' }) responsibleName: string;
  @Field(() => String, { nullable: true, description: '责任人电话（脱敏）；未登记时为空' }) responsiblePhoneMasked: string | null;
  @Field(() => RiskLevel, { description: '火灾风险等级（决定检查频次）' }) riskLevel: RiskLevel;
  @Field({ description: '消防安全重点单位（至少每年检查一次）' }) keyUnit: boolean;
  @Field(() => CalendarDateScalar, { nullable: true, description: '最近一次检查日期；从未检查为空' }) lastInspectedOn: string | null;
  @Field(() => Int, { description: '版本号（修改时作 expectedVersion，防止覆盖他人的更改）' }) version: number;
  readonly row: Premises;

  static from(row: Premises): PremisesModel {
    return modelOf(new PremisesModel(), row, {
      id: toGlobalId('Premises', row.id), kind: row.kind, name: row.name, address: row.address, responsibleName: row.responsibleName,
      responsiblePhoneMasked: row.responsiblePhoneMasked, riskLevel: row.riskLevel, keyUnit: row.keyUnit, lastInspectedOn: row.lastInspectedOn, version: row.version,
    });
  }
}
@ObjectType('PremisesConnection', { description: '场所的分页列表（Relay 连接）' })
export class PremisesConnection extends Connection(PremisesModel, 'Premises') {}

@ObjectType('PremisesEvent', { description: '场所记录（户籍化：检查、隐患及其整改复查各步、举报及核查、火灾、信息变更），按发生时间排列' })
export class PremisesEventModel {
  @Field(() => DateTimeScalar, { description: '发生时间：举报受理时间、火灾时间、各步骤的时刻；检查、发现隐患按其日期（当天记录的为记录时刻，补录的为该日北京时间 0 时）。场所记录按它排列，相同的按记录先后' }) occurredAt: Date;
  @Field(() => DateTimeScalar, { description: '记录时间（写入这条记录的时刻）' }) at: Date;
  @Field(() => PremisesEventKind, { description: '记录类别' }) kind: PremisesEventKind;
  @Field({ description: '摘要（其中的时刻为北京时间）' }) summary: string;
  @Field(() => ID, { nullable: true, description: '相关记录（检查、隐患、举报投诉、风险点、火灾）的全局标识；场所自身的变更为空' }) subjectId: string | null;
  @Field({ description: '操作人' }) actor: string;
  @Field(() => [AttachmentModel], { description: '这一步所附的文件（整改证明、复查照片、检查附件等，最多 20 个）；可读相关记录者方可下载' }) attachments: AttachmentModel[];

  static from(row: PremisesEvent): PremisesEventModel {
    return Object.assign(new PremisesEventModel(), {
      occurredAt: row.occurredAt, at: row.at, kind: row.kind as PremisesEventKind, summary: row.summary, actor: row.actor, attachments: row.attachments,
      subjectId: row.subjectType && row.subjectId ? toGlobalId(row.subjectType as never, row.subjectId) : null,
    });
  }
}
@ObjectType('PremisesEventConnection', { description: '场所记录的分页列表（Relay 连接）' })
export class PremisesEventConnection extends Connection(PremisesEventModel, 'PremisesEvent') {}

@InputType({ description: '登记场所' })
export class CreatePremisesInput {
  @IdField({ description: '所在区划（县、乡镇或村）' }) regionId: string;
  @EnumField(PremisesKind, { description: '场所类别' }) kind: PremisesKind;
  @TextField(100, { description: '名称（最多 100 字）' }) name: string;
  @TextField(200, { description: '地址（最多 200 字）' }) address: string;
  @IdField({ optional: true, description: '成员单位类场所：对应的成员单位（机构 id）' }) memberUnitId?: string;
  @TextField(50, { description: '消防安全责任人' }) responsibleName: string;
  @TextField(20, { optional: true, description: '责任人电话' }) responsiblePhone?: string;
  @EnumField(RiskLevel, { description: '火灾风险等级' }) riskLevel: RiskLevel;
  @BoolField({ optional: true, description: '消防安全重点单位（默认否）' }) keyUnit?: boolean;
}

@InputType({ description: '修改场所（责任人、风险等级等变更记入场所记录）；未给出的字段不变' })
export class UpdatePremisesInput {
  @IdField({ description: '场所' }) premisesId: string;
  @IntField(1, 2_147_483_647, { optional: true, description: '读取时的版本（乐观锁）' }) expectedVersion?: number;
  @TextField(100, { optional: true, description: '新名称' }) name?: string;
  @TextField(200, { optional: true, description: '新地址' }) address?: string;
  @TextField(50, { optional: true, description: '新的消防安全责任人' }) responsibleName?: string;
  @TextField(20, { optional: true, description: '新的责任人电话' }) responsiblePhone?: string;
  @EnumField(RiskLevel, { optional: true, description: '新的风险等级' }) riskLevel?: RiskLevel;
  @BoolField({ optional: true, description: '是否为消防安全重点单位' }) keyUnit?: boolean;
  @TextField(500, { description: '变更原因' }) reason: string;
}

@InputType('ChecklistItemInput', { description: '检查表中的一个检查项' })
export class ChecklistItemInput {
  @TextField(20, { description: '检查项编号（表内唯一）' }) code: string;
  @TextField(300, { description: '检查内容' }) text: string;
}

@InputType({ description: '发布检查表新版本' })
export class PublishChecklistTemplateInput {
  @EnumField(PremisesKind, { description: '适用的场所类别' }) premisesKind: PremisesKind;
  @TextField(100, { description: '检查表名称' }) title: string;
  @ListField(() => ChecklistItemInput, 100, { min: 1, description: '检查项（1 至 100 项）' }) items: ChecklistItemInput[];
}

// ---------- inspections ----------

@ObjectType('InspectionItemResult', { description: '一个检查项的结果（保留检查时的检查项内容）' })
export class InspectionItemResultModel {
  @Field({ description: '检查项编号' }) code: string;
  @Field({ description: '检查内容（检查时所用版本）' }) text: string;
  @Field(() => ItemResult, { description: '结果' }) result: ItemResult;
  @Field(() => String, { nullable: true, description: '说明；无说明时为空' }) note: string | null;

  static from(r: InspectionItemResult): InspectionItemResultModel {
    return Object.assign(new InspectionItemResultModel(), r);
  }
}

@ObjectType('Inspection', { implements: () => [Node], description: '检查记录（INS-1）：不合格项在同一事务中生成隐患' })
export class InspectionModel implements Node {
  @Field(() => ID, { description: '全局标识' }) id: string;
  @Field(() => CalendarDateScalar, { description: '检查日期' }) inspectedOn: string;
  @Field(() => [String], { description: '检查人员（最多 10 人）' }) inspectors: string[];
  @Field(() => [InspectionItemResultModel], { description: '每个检查项的结果（检查表的全部检查项，最多 100 项）' }) results: InspectionItemResultModel[];
  @Field(() => [AttachmentModel], { description: '附件（最多 20 个）' }) attachments: AttachmentModel[];
  @Field(() => String, { nullable: true, description: '检查小结；未填写时为空' }) summary: string | null;
  @Field(() => Int, { description: '所用检查政策版本' }) policyVersion: number;
  @Field({ description: '登记人' }) recordedBy: string;
  @Field(() => DateTimeScalar, { description: '登记时间' }) recordedAt: Date;
  readonly row: Inspection;

  static from(row: Inspection): InspectionModel {
    return modelOf(new InspectionModel(), row, {
      id: toGlobalId('Inspection', row.id), inspectedOn: row.inspectedOn, inspectors: row.inspectors, results: row.results.map(InspectionItemResultModel.from),
      attachments: row.attachments, summary: row.summary, policyVersion: row.policyVersion, recordedBy: row.recordedBy, recordedAt: row.recordedAt,
    });
  }
}
@ObjectType('InspectionConnection', { description: '检查记录的分页列表（Relay 连接）' })
export class InspectionConnection extends Connection(InspectionModel, 'Inspection') {}

@ObjectType('InspectionPlanProgress', { description: '检查计划进度' })
export class InspectionPlanProgressModel {
  @Field(() => Int, { description: '检查对象数' }) targets: number;
  @Field(() => Int, { description: '计划期内已检查的对象数' }) inspected: number;
}

@ObjectType('InspectionPlan', { implements: () => [Node], description: '检查计划（周期、区划、对象、人员）' })
export class InspectionPlanModel implements Node {
  @Field(() => ID, { description: '全局标识' }) id: string;
  @Field({ description: '计划名称' }) title: string;
  @Field(() => CalendarDateScalar, { description: '计划开始日期' }) periodStart: string;
  @Field(() => CalendarDateScalar, { description: '计划结束日期（含）' }) periodEnd: string;
  @Field(() => [String], { description: '承担检查的人员（最多 20 人）' }) assignees: string[];
  @Field({ description: '制定人' }) createdBy: string;
  readonly row: InspectionPlan;

  static from(row: InspectionPlan): InspectionPlanModel {
    return modelOf(new InspectionPlanModel(), row, {
      id: toGlobalId('InspectionPlan', row.id), title: row.title, periodStart: row.periodStart, periodEnd: row.periodEnd, assignees: row.assignees, createdBy: row.createdBy,
    });
  }
}
@ObjectType('InspectionPlanConnection', { description: '检查计划的分页列表（Relay 连接）' })
export class InspectionPlanConnection extends Connection(InspectionPlanModel, 'InspectionPlan') {}

@InputType({ description: '制定检查计划' })
export class CreateInspectionPlanInput {
  @IdField({ description: '计划区划' }) regionId: string;
  @TextField(100, { description: '计划名称' }) title: string;
  @DateField({ description: '开始日期' }) periodStart: string;
  @DateField({ description: '结束日期（含；不早于开始日期）' }) periodEnd: string;
  @TextListField(20, 50, { min: 1, description: '承担检查的人员（1 至 20 人）' }) assignees: string[];
  @IdListField(MAX_LIST_ARGUMENT, { optional: true, description: '检查对象（场所，最多 100 个）' }) premisesIds?: string[];
  @BoolField({ optional: true, description: '同时纳入按频次规定在本期到期（或从未检查）的场所' }) includeDue?: boolean;
}

@InputType('ItemResultInput', { description: '一个检查项的结果' })
export class ItemResultInput {
  @TextField(20, { description: '检查项编号' }) code: string;
  @EnumField(ItemResult, { description: '结果' }) result: ItemResult;
  @TextField(500, { optional: true, description: '说明' }) note?: string;
  @TextField(500, { optional: true, description: '不合格项：隐患描述（默认为检查项内容和说明）' }) hazardDescription?: string;
}

@InputType({ description: '登记检查（INS-1）' })
export class RecordInspectionInput {
  @IdField({ description: '被检查的场所' }) premisesId: string;
  @IdField({ optional: true, description: '所属检查计划' }) planId?: string;
  @DateField({ description: '检查日期（不晚于今天，不早于 366 天前）' }) inspectedOn: string;
  @TextListField(10, 50, { min: 1, description: '检查人员（默认政策：不少于 2 人）' }) inspectors: string[];
  @IdField({ optional: true, description: '检查表版本（默认为该类场所的现行版本）' }) templateId?: string;
  @ListField(() => ItemResultInput, MAX_LIST_ARGUMENT, { min: 1, description: '每个检查项的结果' }) results: ItemResultInput[];
  @ListField(() => AttachmentInput, 20, { optional: true, description: '附件（最多 20 个）' }) attachments?: AttachmentInput[];
  @TextField(1000, { optional: true, description: '检查小结' }) summary?: string;
}

// ---------- hazards ----------

@ObjectType('HazardEvent', { description: '隐患处理记录（谁、何时、做了什么；只增不改）' })
export class HazardEventModel {
  @Field(() => HazardAction, { description: '处理步骤' }) action: HazardAction;
  @Field(() => HazardStatus, { nullable: true, description: '处理前的状态；发现登记时为空' }) fromStatus: HazardStatus | null;
  @Field(() => HazardStatus, { description: '处理后的状态' }) toStatus: HazardStatus;
  @Field(() => DateTimeScalar, { description: '处理时间' }) at: Date;
  @Field({ description: '操作人' }) actor: string;
  @Field(() => String, { nullable: true, description: '说明、原因' }) note: string | null;
  @Field({ description: '细节（JSON）：期限、延期前后、审批人、所用政策版本等' }) details: string;
  @Field(() => [AttachmentModel], { description: '附件（整改证明、复查照片等，最多 20 个）' }) attachments: AttachmentModel[];

  static from(row: HazardEvent): HazardEventModel {
    return Object.assign(new HazardEventModel(), {
      action: row.action, fromStatus: row.fromStatus, toStatus: row.toStatus, at: row.at, actor: row.actor, note: row.note, details: JSON.stringify(row.details), attachments: row.attachments,
    });
  }
}
@ObjectType('HazardEventConnection', { description: '隐患处理记录的分页列表（Relay 连接）' })
export class HazardEventConnection extends Connection(HazardEventModel, 'HazardEvent') {}

@ObjectType('Hazard', { implements: () => [Node], description: '火灾隐患（INS-2 闭环）；逾期按北京时间由整改期限判定' })
export class HazardModel implements Node {
  @Field(() => ID, { description: '全局标识' }) id: string;
  @Field(() => HazardSource, { description: '来源' }) source: HazardSource;
  @Field({ description: '隐患描述' }) description: string;
  @Field(() => CalendarDateScalar, { description: '发现日期' }) foundOn: string;
  @Field(() => HazardStatus, { description: '状态' }) status: HazardStatus;
  @Field({ description: '逾期：整改中且整改期限已过（北京时间）' }) overdue: boolean;
  @Field(() => CalendarDateScalar, { description: '应下达整改的日期（发现后 N 个工作日）' }) orderDueBy: string;
  @Field({ description: '整改通知逾期未下达' }) orderOverdue: boolean;
  @Field({ description: '整改通知逾期下达：下达日期晚于应下达日期（发现后 N 个工作日内，N 见检查政策）' }) orderedLate: boolean;
  @Field(() => Int, {
    nullable: true,
    description: '整改通知逾期下达的工作日数（应下达日期之后至下达日期，按下达时的工作日历；在非工作日下达可为 0）；按期下达或未下达为空',
  })
  orderLateWorkingDays: number | null;
  @Field(() => CalendarDateScalar, { nullable: true, description: '整改期限；下达整改前为空' }) deadline: string | null;
  @Field(() => String, { nullable: true, description: '整改责任主体；下达整改前为空' }) responsibleParty: string | null;
  @Field(() => String, { nullable: true, description: '整改措施；下达整改前为空' }) measures: string | null;
  @Field(() => CalendarDateScalar, { nullable: true, description: '下达整改的日期；下达前为空' }) orderedOn: string | null;
  @Field(() => CalendarDateScalar, { nullable: true, description: '应复查日期；报告整改完成前为空' }) recheckDueBy: string | null;
  @Field(() => CalendarDateScalar, { nullable: true, description: '报告整改完成日期' }) rectifiedOn: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: '销号时间（复查合格，或移交大队办结且隐患已消除）；未销号为空' }) closedAt: Date | null;
  @Field(() => HazardClosure, { nullable: true, description: '销号方式：复查合格，或县消防救援大队办结移交案件且隐患已消除；未销号为空' }) closedThrough: HazardClosure | null;
  @Field(() => String, { nullable: true, description: '来源检查项编号' }) checklistItemCode: string | null;
  @Field(() => MajorHazardStatus, { description: '重大火灾隐患判定状态' }) majorStatus: MajorHazardStatus;
  @Field(() => String, { nullable: true, description: '所依据的判定标准版本' }) majorCatalogueEdition: string | null;
  @Field(() => [String], { nullable: true, description: '引用的判定项编号（最多 30 项）；一般隐患为空' }) majorItemCodes: string[] | null;
  @Field(() => CalendarDateScalar, { nullable: true, description: '应报告大队的日期（发现后 2 日）' }) majorReportDueBy: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: '督办销案时间' }) supervisionClosedAt: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: '移交县消防救援大队的时间' }) handedOverAt: Date | null;
  @Field(() => Int, { description: '登记时所用检查政策版本（期限按此计算）' }) policyVersion: number;
  @Field({ description: '登记人' }) reportedBy: string;
  @Field(() => Int, { description: '版本号（操作时作 expectedVersion，防止覆盖他人的更改）' }) version: number;
  readonly row: Hazard;

  static from(row: Hazard, today: string): HazardModel {
    return modelOf(new HazardModel(), row, {
      id: toGlobalId('Hazard', row.id), source: row.source, description: row.description, foundOn: row.foundOn, status: row.status,
      overdue: isOverdue(row.status, row.deadline, today), orderDueBy: row.orderDueBy, orderOverdue: isOrderOverdue(row.status, row.orderDueBy, today),
      orderedLate: isOrderedLate(row.orderDueBy, row.orderedOn), orderLateWorkingDays: isOrderedLate(row.orderDueBy, row.orderedOn) ? row.orderLateWorkingDays : null,
      deadline: row.deadline, responsibleParty: row.responsibleParty, measures: row.measures, orderedOn: row.orderedOn, recheckDueBy: row.recheckDueBy,
      rectifiedOn: row.rectifiedOn, closedAt: row.closedAt, closedThrough: row.closedThrough ?? (row.status === HazardStatus.CLOSED ? HazardClosure.RECHECK : null), checklistItemCode: row.checklistItemCode, majorStatus: row.majorStatus,
      majorCatalogueEdition: row.majorCatalogueEdition, majorItemCodes: row.majorItemCodes, majorReportDueBy: row.majorReportDueBy,
      supervisionClosedAt: row.supervisionClosedAt, handedOverAt: row.handedOverAt, policyVersion: row.policyVersion, reportedBy: row.reportedBy, version: row.version,
    });
  }
}
@ObjectType('HazardConnection', { description: '隐患的分页列表（Relay 连接）' })
export class HazardConnection extends Connection(HazardModel, 'Hazard') {}

@InputType({ description: '登记隐患（指明场所或区划）' })
export class ReportHazardInput {
  @IdField({ optional: true, description: '所在场所（与 regionId 二选一）' }) premisesId?: string;
  @IdField({ optional: true, description: '无场所时：所在区划' }) regionId?: string;
  @TextField(1000, { description: '隐患描述' }) description: string;
  @DateField({ description: '发现日期（不晚于今天，不早于 366 天前）' }) foundOn: string;
  @TextListField(30, 20, { optional: true, description: '疑似重大火灾隐患：引用的判定项编号（发现日生效的 GB 35181 版本，最多 30 项）' }) majorItemCodes?: string[];
  @ListField(() => AttachmentInput, 20, { optional: true, description: '附件（最多 20 个）' }) attachments?: AttachmentInput[];
}

@InputType({ description: '更正隐患记录：描述、场所（须写明原因；每处保留原值）；场所与区划不一致的拒绝' })
export class CorrectHazardInput {
  @IdField({ description: '隐患' }) hazardId: string;
  @IntField(1, 2_147_483_647, { description: '读取时的版本号（乐观锁：已被他人修改时 CONFLICT，附当前版本）' }) expectedVersion: number;
  @TextField(500, { description: '更正原因（必填）' }) reason: string;
  @TextField(1000, { optional: true, description: '隐患描述' }) description?: string;
  @IdField({ optional: true, description: '所在场所（隐患的区划随之改为场所所在区划）' }) premisesId?: string;
  @IdField({ optional: true, description: '所在区划：无场所的隐患改区划；有场所时须为场所所在区划或其上级，否则拒绝' }) regionId?: string;
}

@InputType({ description: '针对一个隐患的操作' })
export class HazardRefInput {
  @IdField({ description: '隐患' }) hazardId: string;
  @IntField(1, 2_147_483_647, { optional: true, description: '读取时的版本（乐观锁）' }) expectedVersion?: number;
}

@InputType({ description: '下达整改（REPORTED > RECTIFYING）' })
export class OrderRectificationInput extends HazardRefInput {
  @DateField({ optional: true, description: '整改期限（默认：政策规定的天数）' }) deadline?: string;
  @TextField(200, { description: '整改责任主体' }) responsibleParty: string;
  @TextField(1000, { description: '整改措施' }) measures: string;
}

@InputType({ description: '报告整改完成（RECTIFYING > PENDING_RECHECK），须附证明材料' })
export class ReportRectificationInput extends HazardRefInput {
  @TextField(1000, { description: '整改情况' }) note: string;
  @ListField(() => AttachmentInput, 20, { min: 1, description: '整改证明材料（1 至 20 个）' }) evidence: AttachmentInput[];
}

@InputType({ description: '复查（合格 > CLOSED；不合格 > RECTIFYING）：须由报告整改者以外的人员' })
export class RecheckHazardInput extends HazardRefInput {
  @BoolField({ description: '复查是否合格' }) passed: boolean;
  @TextField(1000, { optional: true, description: '复查意见；不合格时必填原因' }) note?: string;
  @DateField({ optional: true, description: '不合格时可设新的整改期限' }) newDeadline?: string;
  @ListField(() => AttachmentInput, 20, { optional: true, description: '附件（最多 20 个）' }) attachments?: AttachmentInput[];
}

@InputType({ description: '批准延期（记录原因和批准人）' })
export class ExtendHazardDeadlineInput extends HazardRefInput {
  @DateField({ description: '新的整改期限（晚于现期限，不早于今天）' }) newDeadline: string;
  @TextField(1000, { description: '延期原因' }) reason: string;
}

@InputType({ description: '疑似重大火灾隐患报告县消防救援大队' })
export class ReportMajorHazardInput extends HazardRefInput {
  @TextField(1000, { optional: true, description: '报告说明' }) note?: string;
}

@InputType({ description: '县消防救援大队判定疑似重大火灾隐患' })
export class DecideMajorHazardInput extends HazardRefInput {
  @BoolField({ description: '确认（挂牌督办）或判定不构成' }) confirm: boolean;
  @TextField(1000, { description: '判定意见' }) note: string;
}

@InputType({ description: '移交县消防救援大队（需要采取法律措施的）' })
export class HandOverHazardInput extends HazardRefInput {
  @TextField(1000, { description: '移交原因' }) reason: string;
}

@ObjectType('MajorHazardCatalogueItem', { description: '重大火灾隐患判定项' })
export class MajorHazardCatalogueItemModel {
  @Field({ description: '判定标准版本，如 GB 35181-2025' }) edition: string;
  @Field({ description: '条款编号，如 5.4' }) code: string;
  @Field(() => CatalogueItemKind, { description: '直接判定要素或综合判定要素' }) kind: CatalogueItemKind;
  @Field({ description: '判定要素（标准原文）' }) text: string;
  @Field(() => CalendarDateScalar, { description: '该版本生效日期' }) validFrom: string;
  @Field(() => CalendarDateScalar, { nullable: true, description: '该版本停止适用的日期（含）；现行版本为空' }) validTo: string | null;

  static from(row: MajorHazardCatalogueItem): MajorHazardCatalogueItemModel {
    return Object.assign(new MajorHazardCatalogueItemModel(), { edition: row.edition, code: row.code, kind: row.kind, text: row.text, validFrom: row.validFrom, validTo: row.validTo });
  }
}

@ObjectType('MajorHazardThreshold', { description: '综合判定：构成疑似重大隐患所需的综合判定要素数' })
export class MajorHazardThresholdModel {
  @Field({ description: '判定标准版本' }) edition: string;
  @Field(() => PremisesKind, { description: '场所类别' }) premisesKind: PremisesKind;
  @Field(() => Int, { description: '构成疑似重大火灾隐患所需的综合判定要素数' }) compositeCount: number;

  static from(row: MajorHazardThreshold): MajorHazardThresholdModel {
    return Object.assign(new MajorHazardThresholdModel(), row);
  }
}

@ObjectType('MajorHazardCatalogue', { description: '某日生效的重大火灾隐患判定标准' })
export class MajorHazardCatalogueModel {
  @Field(() => [MajorHazardCatalogueItemModel], { description: '判定项（按条款编号，一个版本最多 100 项）' }) items: MajorHazardCatalogueItemModel[];
  @Field(() => [MajorHazardThresholdModel], { description: '各类场所的综合判定阈值（每类场所一项，最多 10 项）' }) thresholds: MajorHazardThresholdModel[];
}

@InputType('CatalogueItemInput', { description: '重大火灾隐患判定项' })
export class CatalogueItemInput {
  @TextField(20, { description: '条款编号，如 5.4' }) code: string;
  @EnumField(CatalogueItemKind, { description: '直接判定要素或综合判定要素' }) kind: CatalogueItemKind;
  @TextField(1000, { description: '判定要素（标准原文）' }) text: string;
}

@InputType('CatalogueThresholdInput', { description: '一类场所的综合判定阈值' })
export class CatalogueThresholdInput {
  @EnumField(PremisesKind, { description: '场所类别' }) premisesKind: PremisesKind;
  @IntField(1, 50, { description: '构成疑似重大火灾隐患所需的综合判定要素数' }) compositeCount: number;
}

@InputType({ description: '发布（或补全）重大火灾隐患判定标准的一个版本' })
export class PublishMajorHazardCatalogueInput {
  @TextField(50, { description: '版本，如 GB 35181-2025' }) edition: string;
  @DateField({ description: '生效日期' }) validFrom: string;
  @ListField(() => CatalogueItemInput, MAX_LIST_ARGUMENT, { min: 1, description: '判定项（1 至 100 项，条款编号不重复）' }) items: CatalogueItemInput[];
  @ListField(() => CatalogueThresholdInput, 10, { min: 1, description: '各类场所的综合判定阈值（每类场所一项）' }) thresholds: CatalogueThresholdInput[];
}

// ---------- complaints ----------

@ObjectType('Complaint', { implements: () => [Node], description: '举报投诉；举报人电话脱敏显示' })
export class ComplaintModel implements Node {
  @Field(() => ID, { description: '全局标识' }) id: string;
  @Field(() => DateTimeScalar, { description: '受理时间' }) receivedAt: Date;
  @Field({ description: '受理渠道（登记时填写的文字，如电话、来信、网络、12345 热线）' }) channel: string;
  @Field(() => ComplaintCategory, { description: '类别（决定核查时限）' }) category: ComplaintCategory;
  @Field({ description: '举报内容' }) content: string;
  @Field(() => String, { nullable: true, description: '举报人电话（脱敏）；匿名为空' }) reporterPhoneMasked: string | null;
  @Field(() => DateTimeScalar, { description: '核查时限' }) checkDueAt: Date;
  @Field({ description: '未核查且已过核查时限' }) checkOverdue: boolean;
  @Field(() => DateTimeScalar, { nullable: true, description: '核查时间；未核查为空' }) checkedAt: Date | null;
  @Field({ description: '超时核查（INS-1）：已核查的，核查时间晚于核查时限；未核查的，现在已过核查时限（无论何时核查都已超时）' }) checkedLate: boolean;
  @Field(() => ComplaintOutcome, { nullable: true, description: '核查结论；未核查为空' }) outcome: ComplaintOutcome | null;
  @Field(() => String, { nullable: true, description: '核查情况' }) checkNote: string | null;
  @Field(() => String, { nullable: true, description: '核查人' }) checkedBy: string | null;
  @Field(() => Int, { description: '版本号' }) version: number;
  readonly row: Complaint;

  static from(row: Complaint, now: Date): ComplaintModel {
    return modelOf(new ComplaintModel(), row, {
      id: toGlobalId('Complaint', row.id), receivedAt: row.receivedAt, channel: row.channel, category: row.category, content: row.content,
      reporterPhoneMasked: row.reporterPhoneMasked, checkDueAt: row.checkDueAt, checkOverdue: row.checkedAt === null && now > row.checkDueAt,
      checkedAt: row.checkedAt, checkedLate: isCheckedLate(row.checkDueAt, row.checkedAt, now), outcome: row.outcome, checkNote: row.checkNote, checkedBy: row.checkedBy, version: row.version,
    });
  }
}
@ObjectType('ComplaintConnection', { description: '举报投诉的分页列表（Relay 连接）' })
export class ComplaintConnection extends Connection(ComplaintModel, 'Complaint') {}

@InputType({ description: '受理举报投诉' })
export class FileComplaintInput {
  @IdField({ optional: true, description: '被举报的场所（与 regionId 二选一）' }) premisesId?: string;
  @IdField({ optional: true, description: '无场所时：所在区划' }) regionId?: string;
  @InstantField({ description: '受理时间（不晚于现在）' }) receivedAt: Date;
  @TextField(50, { description: '受理渠道（电话、来信、网络等）' }) channel: string;
  @EnumField(ComplaintCategory, { description: '类别（决定核查时限）' }) category: ComplaintCategory;
  @TextField(2000, { description: '举报内容' }) content: string;
  @TextField(20, { optional: true, description: '举报人电话（加密保存，脱敏显示）' }) reporterPhone?: string;
}

@InputType({ description: '核查举报投诉（属实则登记隐患）' })
export class CheckComplaintInput {
  @IdField({ description: '举报投诉' }) complaintId: string;
  @EnumField(ComplaintOutcome, { description: '核查结论' }) outcome: ComplaintOutcome;
  @TextField(1000, { description: '核查情况' }) note: string;
  @TextField(1000, { optional: true, description: '属实时：隐患描述（必填）' }) hazardDescription?: string;
}

@ObjectType('CheckComplaintPayload', { description: '核查举报投诉的结果' })
export class CheckComplaintPayload {
  @Field(() => ComplaintModel, { description: '核查后的举报投诉' }) complaint: ComplaintModel;
  @Field(() => HazardModel, { nullable: true, description: '属实时登记的隐患；不属实为空' }) hazard: HazardModel | null;
}

// ---------- risk points and warnings ----------

@ObjectType('RiskObservation', { description: '风险点监测记录' })
export class RiskObservationModel {
  @Field(() => DateTimeScalar, { description: '监测时间' }) observedAt: Date;
  @Field({ description: '监测情况' }) note: string;
  @Field(() => RiskLevel, { nullable: true, description: '此次调整后的等级；未调整为空' }) level: RiskLevel | null;
  @Field({ description: '记录人' }) observedBy: string;

  static from(row: RiskObservation): RiskObservationModel {
    return Object.assign(new RiskObservationModel(), { observedAt: row.observedAt, note: row.note, level: row.level, observedBy: row.observedBy });
  }
}
@ObjectType('RiskObservationConnection', { description: '风险点监测记录的分页列表（Relay 连接）' })
export class RiskObservationConnection extends Connection(RiskObservationModel, 'RiskObservation') {}

@ObjectType('RiskPoint', { implements: () => [Node], description: '火灾风险点（INS-3）' })
export class RiskPointModel implements Node {
  @Field(() => ID, { description: '全局标识' }) id: string;
  @Field({ description: '名称' }) name: string;
  @Field({ description: '风险描述' }) description: string;
  @Field(() => RiskLevel, { description: '当前风险等级' }) level: RiskLevel;
  @Field(() => Int, { description: '版本号（记录监测时作 expectedVersion）' }) version: number;
  readonly row: RiskPoint;

  static from(row: RiskPoint): RiskPointModel {
    return modelOf(new RiskPointModel(), row, { id: toGlobalId('RiskPoint', row.id), name: row.name, description: row.description, level: row.level, version: row.version });
  }
}
@ObjectType('RiskPointConnection', { description: '风险点的分页列表（Relay 连接）' })
export class RiskPointConnection extends Connection(RiskPointModel, 'RiskPoint') {}

@InputType({ description: '登记风险点' })
export class CreateRiskPointInput {
  @IdField({ optional: true, description: '所在场所（与 regionId 二选一）' }) premisesId?: string;
  @IdField({ optional: true, description: '无场所时：所在区划' }) regionId?: string;
  @TextField(100, { description: '名称' }) name: string;
  @TextField(1000, { description: '风险描述' }) description: string;
  @EnumField(RiskLevel, { description: '风险等级' }) level: RiskLevel;
}

@InputType({ description: '风险点监测记录（可调整等级）' })
export class RecordRiskObservationInput {
  @IdField({ description: '风险点' }) riskPointId: string;
  @IntField(1, 2_147_483_647, { optional: true, description: '读取时的版本（乐观锁）' }) expectedVersion?: number;
  @TextField(1000, { description: '监测情况' }) note: string;
  @EnumField(RiskLevel, { optional: true, description: '调整后的等级；不调整则不填' }) level?: RiskLevel;
}

@ObjectType('Warning', { implements: () => [Node], description: '预警（INS-3）：同一对象只有一条生效预警，升级、降级或解除' })
export class WarningModel implements Node {
  @Field(() => ID, { description: '全局标识' }) id: string;
  @Field(() => WarningSubjectType, { description: '预警对象类别' }) subjectType: WarningSubjectType;
  @Field(() => ID, { description: '预警对象的全局标识（隐患、举报、风险点、任务、事件订阅或乡镇区划）' }) subjectId: string;
  @Field(() => WarningLevel, { description: '预警等级' }) level: WarningLevel;
  @Field(() => WarningStatus, { description: '状态' }) status: WarningStatus;
  @Field({ description: '预警内容' }) message: string;
  @Field({ description: '触发的规则（WarningRule.code）' }) ruleCode: string;
  @Field(() => DateTimeScalar, { description: '发出时间' }) raisedAt: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: '最近一次升级时间' }) escalatedAt: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: '解除时间；生效中为空' }) resolvedAt: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: '签收时间；未签收（或升级后待重新签收）为空' }) acknowledgedAt: Date | null;
  @Field(() => String, { nullable: true, description: '签收人' }) acknowledgedBy: string | null;
  @Field(() => Int, { description: '版本号（签收时作 expectedVersion）' }) version: number;
  readonly row: Warning;

  static from(row: Warning): WarningModel {
    const kind = ({ HAZARD: 'Hazard', COMPLAINT: 'Complaint', RISK_POINT: 'RiskPoint', TASK: 'Task', WEBHOOK: 'Webhook', HAND_OVER: 'HandOver' } as const)[row.subjectType as 'HAZARD'] ?? 'Region';
    return modelOf(new WarningModel(), row, {
      id: toGlobalId('Warning', row.id), subjectType: row.subjectType as WarningSubjectType, subjectId: toGlobalId(kind, row.subjectId), level: row.level, status: row.status,
      message: row.message, ruleCode: row.ruleCode, raisedAt: row.raisedAt, escalatedAt: row.escalatedAt, resolvedAt: row.resolvedAt,
      acknowledgedAt: row.acknowledgedAt, acknowledgedBy: row.acknowledgedBy, version: row.version,
    });
  }
}
@ObjectType('WarningConnection', { description: '预警的分页列表（Relay 连接）' })
export class WarningConnection extends Connection(WarningModel, 'Warning') {}

@ObjectType('WarningRule', { description: '预警规则（数据，可调整）' })
export class WarningRuleModel {
  @Field({ description: '规则编号（系统预置，如 hazard.overdue）' }) code: string;
  @Field(() => WarningRuleKind, { description: '规则类型' }) kind: WarningRuleKind;
  @Field({ description: '名称' }) name: string;
  @Field(() => WarningLevel, { description: '触发时的预警等级' }) level: WarningLevel;
  @Field({ description: '参数（JSON），如 {"withinDays":3}；可调整的参数名即其中的键' }) params: string;
  @Field({ description: '是否启用' }) enabled: boolean;
  @Field({ description: '最近调整人' }) updatedBy: string;
  @Field(() => Int, { description: '版本号（调整时作 expectedVersion）' }) version: number;

  static from(row: WarningRule): WarningRuleModel {
    return Object.assign(new WarningRuleModel(), { code: row.code, kind: row.kind, name: row.name, level: row.level, params: JSON.stringify(row.params), enabled: row.enabled, updatedBy: row.updatedBy, version: row.version });
  }
}

@InputType('RuleParamInput', { description: '预警规则的一个参数' })
export class RuleParamInput {
  @TextField(50, { description: '参数名：该规则 params（JSON）中已有的键' }) name: string;
  @IntField(0, 3650, { description: '参数值（0 至 3650 的整数）' }) value: number;
}

@InputType({ description: '调整预警规则；未给出的字段不变' })
export class UpdateWarningRuleInput {
  @TextField(50, { description: '规则编号' }) code: string;
  @IntField(1, 2_147_483_647, { optional: true, description: '读取时的版本（乐观锁）' }) expectedVersion?: number;
  @EnumField(WarningLevel, { optional: true, description: '新的预警等级' }) level?: WarningLevel;
  @BoolField({ optional: true, description: '启用或停用' }) enabled?: boolean;
  @ListField(() => RuleParamInput, 10, { optional: true, description: '要调整的参数（最多 10 个，参数名不重复）' }) params?: RuleParamInput[];
}

@InputType({ description: '签收预警' })
export class AcknowledgeWarningInput {
  @IdField({ description: '预警' }) warningId: string;
  @IntField(1, 2_147_483_647, { optional: true, description: '看到的版本：预警在此期间升级时不签收（CONFLICT）' }) expectedVersion?: number;
}

@ObjectType('WarningEvaluation', { description: '一次预警评估的结果' })
export class WarningEvaluationModel {
  @Field({ description: '是否执行（另一实例正在评估时不执行）' }) ran: boolean;
  @Field(() => Int, { description: '新发出的预警数' }) raised: number;
  @Field(() => Int, { description: '升级的预警数' }) escalated: number;
  @Field(() => Int, { description: '降级的预警数' }) lowered: number;
  @Field(() => Int, { description: '解除的预警数' }) resolved: number;
  @Field(() => Int, { description: '评估后生效的预警数' }) active: number;
}

// ---------- calendar and policy ----------

@ObjectType('CalendarDay', { description: '工作日历中的特殊日（法定节假日或调休上班日）' })
export class CalendarDayModel {
  @Field(() => CalendarDateScalar, { description: '日期' }) day: string;
  @Field(() => CalendarDayKind, { description: '节假日或调休上班日' }) kind: CalendarDayKind;
  @Field(() => String, { nullable: true, description: '节日名称' }) name: string | null;

  static from(row: CalendarDay): CalendarDayModel {
    return Object.assign(new CalendarDayModel(), { day: row.day, kind: row.kind, name: row.name });
  }
}

@ObjectType('WorkingCalendar', { description: '年度工作日历（法定节假日、调休上班日）；未导入的年份只按周末计算' })
export class WorkingCalendarModel {
  @Field(() => Int, { description: '年份' }) year: number;
  @Field({ description: '县消委办是否已导入该年' }) loaded: boolean;
  @Field(() => Int, { nullable: true, description: '版本号（每次导入加一）；未导入为空' }) version: number | null;
  @Field(() => String, { nullable: true, description: '依据（如国务院办公厅通知文号）' }) source: string | null;
  @Field(() => String, { nullable: true, description: '导入人' }) loadedBy: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: '导入时间' }) loadedAt: Date | null;
  @Field(() => [CalendarDayModel], { description: '特殊日（按日期，最多 100 天）' }) days: CalendarDayModel[];
  @Field(() => Int, {
    nullable: true,
    description: '本次导入重算的未完成时限个数（待下达整改隐患的应下达日期、待复查隐患的应复查日期；每个记一条 CLOCK_RECOMPUTED 处理记录）；仅导入时返回，查询时为空',
  })
  recomputedClocks: number | null;

  static from(year: number, row: CalendarYear | null, days: CalendarDay[], recomputedClocks: number | null = null): WorkingCalendarModel {
    return Object.assign(new WorkingCalendarModel(), {
      year, loaded: row !== null, version: row?.version ?? null, source: row?.source ?? null, loadedBy: row?.loadedBy ?? null, loadedAt: row?.loadedAt ?? null,
      days: days.map(CalendarDayModel.from), recomputedClocks,
    });
  }
}

@InputType('CalendarDayInput', { description: '一个特殊日' })
export class CalendarDayInput {
  @DateField({ description: '日期（须在所导入的年份内）' }) day: string;
  @EnumField(CalendarDayKind, { description: '节假日或调休上班日' }) kind: CalendarDayKind;
  @TextField(50, { optional: true, description: '节日名称' }) name?: string;
}

@InputType({ description: '导入年度工作日历（整年替换，版本加一）' })
export class LoadWorkingCalendarInput {
  @IntField(2000, 2100, { description: '年份' }) year: number;
  @TextField(200, { optional: true, description: '依据' }) source?: string;
  @ListField(() => CalendarDayInput, MAX_LIST_ARGUMENT, { description: '该年的全部特殊日（最多 100 天）' }) days: CalendarDayInput[];
}

@ObjectType('InspectionPolicy', { description: '检查政策参数（版本化；各记录保留所用版本）' })
export class InspectionPolicyModel {
  @Field(() => Int, { description: '版本号' }) version: number;
  @Field(() => CalendarDateScalar, { description: '生效日期' }) effectiveFrom: string;
  @Field(() => Int, { description: '检查人员下限' }) minInspectors: number;
  @Field(() => Int, { description: '发现后 N 个工作日内下达整改' }) orderWithinWorkingDays: number;
  @Field(() => Int, { description: '一般隐患默认整改期限（天）' }) defaultDeadlineDays: number;
  @Field(() => Int, { description: '一般隐患整改期限上限（下达整改之日起的天数；更长须延期审批：时间规则 T-INS-3）' }) maxDeadlineDays: number;
  @Field(() => Int, { description: '检查、隐患、火灾、举报的补录期限（天；时间规则 T-INS-1、T-INS-2、T-INS-5、T-INS-6）' }) lateRecordDays: number;
  @Field(() => Int, { description: '报告整改或期限届满后 N 个工作日内复查' }) recheckWithinWorkingDays: number;
  @Field(() => Int, { description: '疑似重大隐患 N 日内报告大队' }) majorReportDays: number;
  @Field(() => Int, { description: '堵塞出口、停用设施类举报 N 小时内核查' }) complaintUrgentHours: number;
  @Field(() => Int, { description: '其他举报 N 个工作日内核查' }) complaintOtherWorkingDays: number;
  @Field(() => Int, { description: '移交案件：县消防救援大队在移交后 N 个工作日内接收或退回' }) handOverAcceptWorkingDays: number;
  @Field(() => Int, { description: '移交案件：县消防救援大队在接收后 N 个工作日内登记处理结果' }) handOverOutcomeWorkingDays: number;
  @Field({ description: '各风险等级的检查间隔天数（JSON，键为 RiskLevel 的值）' }) inspectionIntervalDays: string;
  @Field(() => Int, { description: '重点单位检查间隔上限（天）' }) keyUnitIntervalDays: number;
  @Field({ description: '火灾等级阈值（JSON）' }) fireLevelThresholds: string;
  @Field(() => Int, { description: '死亡人数达到此数的火灾启动延伸调查（INS-6）' }) investigationMinDeaths: number;
  @Field(() => FireLevel, { description: '达到此等级的火灾启动延伸调查（INS-6）' }) investigationMinLevel: FireLevel;

  static from(row: InspectionPolicy): InspectionPolicyModel {
    return Object.assign(new InspectionPolicyModel(), {
      ...row, inspectionIntervalDays: JSON.stringify(row.inspectionIntervalDays), fireLevelThresholds: JSON.stringify(row.fireLevelThresholds),
      createdBy: undefined, createdAt: undefined,
    });
  }
}

// ---------- fires and investigations ----------

@ObjectType('FireIncident', { implements: () => [Node], description: '火灾（INS-4）；等级按死亡、重伤和直接损失计算' })
export class FireIncidentModel implements Node {
  @Field(() => ID, { description: '全局标识' }) id: string;
  @Field(() => DateTimeScalar, { description: '起火时间' }) occurredAt: Date;
  @Field({ description: '起火地点' }) place: string;
  @Field(() => FireCause, { description: '起火原因类别' }) cause: FireCause;
  @Field(() => Int, { description: '死亡人数' }) deaths: number;
  @Field(() => Int, { description: '受伤人数' }) injuries: number;
  @Field(() => Int, { description: '其中重伤' }) seriousInjuries: number;
  @Field(() => Float, { description: '直接财产损失（元）' }) directLossYuan: number;
  @Field(() => Float, { nullable: true, description: '过火面积（平方米）' }) burnedArea: number | null;
  @Field(() => FireLevel, { description: '火灾等级' }) level: FireLevel;
  @Field(() => Int, { description: '定级所用检查政策版本' }) policyVersion: number;
  @Field({ description: '登记人' }) recordedBy: string;
  @Field(() => Int, { description: '版本号（每次更正加 1；更正时作 expectedVersion）' }) version: number;
  readonly row: FireIncident;

  static from(row: FireIncident): FireIncidentModel {
    return modelOf(new FireIncidentModel(), row, {
      id: toGlobalId('FireIncident', row.id), occurredAt: row.occurredAt, place: row.place, cause: row.cause, deaths: row.deaths, injuries: row.injuries,
      seriousInjuries: row.seriousInjuries, directLossYuan: row.directLossYuan, burnedArea: row.burnedArea, level: row.level, policyVersion: row.policyVersion, recordedBy: row.recordedBy,
      version: row.version,
    });
  }
}
@ObjectType('FireIncidentConnection', { description: '火灾的分页列表（Relay 连接）' })
export class FireIncidentConnection extends Connection(FireIncidentModel, 'FireIncident') {}

@InputType({ description: '登记火灾' })
export class RecordFireInput {
  @IdField({ optional: true, description: '起火场所（与 regionId 二选一）' }) premisesId?: string;
  @IdField({ optional: true, description: '无场所时：所在区划' }) regionId?: string;
  @InstantField({ description: '起火时间' }) occurredAt: Date;
  @TextField(200, { description: '起火地点' }) place: string;
  @EnumField(FireCause, { description: '起火原因类别' }) cause: FireCause;
  @IntField(0, 10000, { description: '死亡人数' }) deaths: number;
  @IntField(0, 10000, { description: '受伤人数' }) injuries: number;
  @IntField(0, 10000, { description: '其中重伤' }) seriousInjuries: number;
  @NumberField(0, 1e13, { description: '直接财产损失（元，最多两位小数）' }) directLossYuan: number;
  @NumberField(0, 1e8, { optional: true, description: '过火面积（平方米）' }) burnedArea?: number;
}

@InputType({ description: '更正火灾记录（须写明原因；只改所填的项，每处保留原值；等级按更正后的数据重新计算）' })
export class CorrectFireInput {
  @IdField({ description: '火灾' }) fireId: string;
  @IntField(1, 2_147_483_647, { description: '读取时的版本号（乐观锁：已被他人修改时 CONFLICT，附当前版本）' }) expectedVersion: number;
  @TextField(500, { description: '更正原因（必填）' }) reason: string;
  @InstantField({ optional: true, description: '起火时间' }) occurredAt?: Date;
  @TextField(200, { optional: true, description: '起火地点' }) place?: string;
  @EnumField(FireCause, { optional: true, description: '起火原因类别' }) cause?: FireCause;
  @IntField(0, 10000, { optional: true, description: '死亡人数' }) deaths?: number;
  @IntField(0, 10000, { optional: true, description: '受伤人数' }) injuries?: number;
  @IntField(0, 10000, { optional: true, description: '其中重伤' }) seriousInjuries?: number;
  @NumberField(0, 1e13, { optional: true, description: '直接财产损失（元，最多两位小数）' }) directLossYuan?: number;
  @NumberField(0, 1e8, { optional: true, description: '过火面积（平方米）' }) burnedArea?: number;
}

@ObjectType('ResponsibleParty', { description: '责任主体' })
export class ResponsiblePartyModel {
  @Field({ description: '姓名或名称' }) name: string;
  @Field({ description: '所在单位' }) organization: string;
  @Field({ description: '应负的责任' }) responsibility: string;
}
@InputType('ResponsiblePartyInput', { description: '责任主体' })
export class ResponsiblePartyInput {
  @TextField(50, { description: '姓名或名称' }) name: string;
  @TextField(100, { description: '所在单位' }) organization: string;
  @TextField(500, { description: '应负的责任' }) responsibility: string;
}
@ObjectType('AccountabilityOutcome', { description: '问责结果' })
export class AccountabilityOutcomeModel {
  @Field({ description: '被问责的主体' }) party: string;
  @Field({ description: '问责结果' }) outcome: string;
  @Field(() => CalendarDateScalar, { description: '决定日期' }) decidedOn: string;
}
@InputType('AccountabilityOutcomeInput', { description: '问责结果' })
export class AccountabilityOutcomeInput {
  @TextField(50, { description: '被问责的主体' }) party: string;
  @TextField(500, { description: '问责结果' }) outcome: string;
  @DateField({ description: '决定日期' }) decidedOn: string;
}

@ObjectType('Investigation', { implements: () => [Node], description: '火灾延伸调查（INS-6，一案三查：原因、教训、责任）' })
export class InvestigationModel implements Node {
  @Field(() => ID, { description: '全局标识' }) id: string;
  @Field(() => [InvestigationReason], { description: '启动原因（最多 2 项）' }) reasons: InvestigationReason[];
  @Field(() => InvestigationStatus, { description: '状态' }) status: InvestigationStatus;
  @Field(() => DateTimeScalar, { description: '启动时间' }) openedAt: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: '送达县纪委监委订阅的时间（investigation.opened 推送成功时记录；尚未送达或未订阅为空）' }) deliveredAt: Date | null;
  @Field(() => String, { nullable: true, description: '原因调查结论' }) causeFindings: string | null;
  @Field(() => String, { nullable: true, description: '教训总结' }) lessons: string | null;
  @Field(() => String, { nullable: true, description: '责任调查结论' }) responsibilityFindings: string | null;
  @Field(() => [ResponsiblePartyModel], { description: '责任主体（最多 50 个）' }) responsibleParties: ResponsibleParty[];
  @Field(() => [AccountabilityOutcomeModel], { description: '问责结果（最多 50 项）' }) accountabilityOutcomes: AccountabilityOutcome[];
  @Field(() => DateTimeScalar, { nullable: true, description: '结案时间；调查中为空' }) closedAt: Date | null;
  @Field(() => String, { nullable: true, description: '结案人' }) closedBy: string | null;
  @Field(() => Int, { description: '版本号（修改时作 expectedVersion）' }) version: number;
  readonly row: InvestigationCase;

  static from(row: InvestigationCase): InvestigationModel {
    return modelOf(new InvestigationModel(), row, {
      id: toGlobalId('Investigation', row.id), reasons: row.reasons as InvestigationReason[], status: row.status, openedAt: row.openedAt, deliveredAt: row.deliveredAt,
      causeFindings: row.causeFindings, lessons: row.lessons, responsibilityFindings: row.responsibilityFindings, responsibleParties: row.responsibleParties,
      accountabilityOutcomes: row.accountabilityOutcomes, closedAt: row.closedAt, closedBy: row.closedBy, version: row.version,
    });
  }
}
@ObjectType('InvestigationConnection', { description: '延伸调查的分页列表（Relay 连接）' })
export class InvestigationConnection extends Connection(InvestigationModel, 'Investigation') {}

@InputType({ description: '记录延伸调查的结论、责任主体和问责结果（给出的字段整体替换）' })
export class UpdateInvestigationInput {
  @IdField({ description: '延伸调查' }) investigationId: string;
  @IntField(1, 2_147_483_647, { optional: true, description: '读取时的版本（乐观锁）' }) expectedVersion?: number;
  @TextField(5000, { optional: true, description: '原因调查结论' }) causeFindings?: string;
  @TextField(5000, { optional: true, description: '教训总结' }) lessons?: string;
  @TextField(5000, { optional: true, description: '责任调查结论' }) responsibilityFindings?: string;
  @ListField(() => ResponsiblePartyInput, 50, { optional: true, description: '责任主体（最多 50 个，整体替换）' }) responsibleParties?: ResponsiblePartyInput[];
  @ListField(() => AccountabilityOutcomeInput, 50, { optional: true, description: '问责结果（最多 50 项，整体替换）' }) accountabilityOutcomes?: AccountabilityOutcomeInput[];
}

@InputType({ description: '延伸调查结案（须三项结论齐全）' })
export class CloseInvestigationInput {
  @IdField({ description: '延伸调查' }) investigationId: string;
  @IntField(1, 2_147_483_647, { optional: true, description: '读取时的版本（乐观锁）' }) expectedVersion?: number;
}

// ---------- the fire situation ----------

@ObjectType('SituationFigures', { description: '一个周期的指标' })
export class SituationFiguresModel {
  @Field(() => Int, { description: '火灾起数' }) incidents: number;
  @Field(() => Int, { description: '死亡人数' }) deaths: number;
  @Field(() => Int, { description: '受伤人数' }) injuries: number;
  @Field(() => Float, { description: '直接财产损失（元）' }) directLossYuan: number;
  @Field(() => Int, { description: '本期发现隐患' }) hazardsFound: number;
  @Field(() => Int, { description: '本期发现且于期末前复查销号的隐患' }) hazardsRectified: number;
  @Field(() => Int, { description: '整改期限在本期且已过、未按期整改的隐患' }) hazardsOverdue: number;
  @Field(() => Float, { nullable: true, description: '整改率（%）= 整改 / 发现；无发现时为空' }) rectificationRate: number | null;
  @Field(() => Int, { description: '检查次数' }) inspections: number;
  @Field(() => Int, { description: '本期移交县消防救援大队的案件（按移交时间的北京日期）' }) handOvers: number;
  @Field(() => Int, { description: '本期大队接收（立案或不予立案）的移交案件（按接收时间的北京日期，不论何时移交）' }) handOversAccepted: number;
  @Field(() => Int, { description: '本期大队登记处理结果（办结）的移交案件（按办结时间的北京日期，不论何时移交）' }) handOversConcluded: number;
  @Field(() => Int, {
    description: '逾期的移交案件：应接收日期在本期且已过、当天结束时仍未接收或退回的，或应办结日期在本期且已过、当天结束时仍未登记处理结果的（与逾期隐患同样按期限所在周期计，'
      + '按查询时的记录计算；本期未结束时只计已过的日期；两个日期都在本期的案件计一件）',
  }) handOversOverdue: number;
}

@ObjectType('MetricChange', { description: '指标变化：本期值、基期值、增减和增减百分比（基期为 0 时百分比为空）' })
export class MetricChangeModel {
  @Field(() => SituationMetricEnum, { description: '指标' }) metric: SituationMetric;
  @Field(() => Float, { nullable: true, description: '本期值；整改率无发现时为空' }) value: number | null;
  @Field(() => Float, { nullable: true, description: '基期值；整改率无发现时为空' }) base: number | null;
  @Field(() => Float, { nullable: true, description: '增减（本期 - 基期）' }) delta: number | null;
  @Field(() => Float, { nullable: true, description: '增减百分比；基期为 0 时为空' }) percent: number | null;
}

@ObjectType('SituationRow', { description: '一个乡镇（或合计、县直）的火灾形势' })
export class SituationRowModel {
  @Field(() => ID, { nullable: true, description: '乡镇区划；合计或县直为空' }) townshipId: string | null;
  @Field({ description: '乡镇名称，或“合计”“县直”' }) townshipName: string;
  @Field(() => SituationFiguresModel, { description: '本期' }) current: SituationFigures;
  @Field(() => SituationFiguresModel, { description: '上一周期' }) previousPeriod: SituationFigures;
  @Field(() => SituationFiguresModel, { description: '上年同期' }) samePeriodLastYear: SituationFigures;
  @Field(() => [MetricChangeModel], { description: '环比：每个指标一项（最多 13 项）' }) periodOnPeriod: MetricChangeModel[];
  @Field(() => [MetricChangeModel], { description: '同比：每个指标一项（最多 13 项）' }) yearOnYear: MetricChangeModel[];

  static from(row: SituationRow): SituationRowModel {
    return Object.assign(new SituationRowModel(), {
      townshipId: row.townshipId ? toGlobalId('Region', row.townshipId) : null, townshipName: row.townshipName, current: row.current,
      previousPeriod: row.previous, samePeriodLastYear: row.lastYear,
      periodOnPeriod: changes(row.current, row.previous), yearOnYear: changes(row.current, row.lastYear),
    });
  }
}

@ObjectType('FireSituation', { description: '火灾形势分析（INS-4）：月、季度或年，分乡镇，含同比、环比' })
export class FireSituationModel {
  @Field(() => ID, { description: '分析的区划（县或乡镇）' }) regionId: string;
  @Field({ description: '区划名称' }) regionName: string;
  @Field(() => PeriodModel, { description: '统计周期' }) period: PeriodModel;
  @Field(() => CalendarDateScalar, { description: '统计期第一天（北京时间）' }) start: string;
  @Field(() => CalendarDateScalar, { description: '统计期最后一天（含，北京时间；同期可比时为今日）' }) end: string;
  @Field({ description: '是否按同期可比统计（sameDays 且统计周期尚未结束）：本期至今日，基期取到相同的日历位置' }) sameDays: boolean;
  @Field(() => CalendarDateScalar, { description: '环比基期第一天（北京时间）' }) previousPeriodStart: string;
  @Field(() => CalendarDateScalar, { description: '环比基期最后一天（含，北京时间）' }) previousPeriodEnd: string;
  @Field(() => CalendarDateScalar, { description: '同比基期第一天（北京时间）' }) samePeriodLastYearStart: string;
  @Field(() => CalendarDateScalar, { description: '同比基期最后一天（含，北京时间）' }) samePeriodLastYearEnd: string;
  @Field(() => SituationRowModel, { description: '合计' }) total: SituationRowModel;
  @Field(() => [SituationRowModel], { description: '各乡镇一行，县级记录另列“县直”一行（行数最多为该区划的乡镇数 + 1）' }) townships: SituationRowModel[];

  static from(s: FireSituation): FireSituationModel {
    return Object.assign(new FireSituationModel(), {
      regionId: toGlobalId('Region', s.region.id), regionName: s.region.name, period: { ...s.period, label: periodLabel(s.period) }, start: s.range.start, end: s.range.end,
      sameDays: s.sameDays, previousPeriodStart: s.previousRange.start, previousPeriodEnd: s.previousRange.end,
      samePeriodLastYearStart: s.lastYearRange.start, samePeriodLastYearEnd: s.lastYearRange.end,
      total: SituationRowModel.from(s.total), townships: s.townships.map(SituationRowModel.from),
    });
  }
}

// ---------- work plans and reports ----------

@ObjectType('WorkReport', { implements: () => [Node], description: '工作站的工作计划或报告（INS-5）' })
export class WorkReportModel implements Node {
  @Field(() => ID, { description: '全局标识' }) id: string;
  @Field(() => WorkReportKind, { description: '计划或报告' }) kind: WorkReportKind;
  @Field(() => PeriodModel, { description: '所属周期' }) period: PeriodModel;
  @Field({ description: '标题' }) title: string;
  @Field({ description: '正文' }) content: string;
  @Field(() => WorkReportStatus, { description: '审阅状态' }) status: WorkReportStatus;
  @Field(() => String, { nullable: true, description: '审阅意见' }) reviewComment: string | null;
  @Field({ description: '报送人' }) submittedBy: string;
  @Field(() => DateTimeScalar, { description: '报送时间' }) submittedAt: Date;
  @Field(() => String, { nullable: true, description: '审阅人；未审阅为空' }) reviewedBy: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: '审阅时间；未审阅为空' }) reviewedAt: Date | null;
  @Field(() => Int, { description: '版本号（审阅时作 expectedVersion）' }) version: number;
  readonly row: WorkReport;

  static from(row: WorkReport): WorkReportModel {
    const period = { kind: row.periodKind, year: row.periodYear, number: row.periodNumber };
    return modelOf(new WorkReportModel(), row, {
      id: toGlobalId('WorkReport', row.id), kind: row.kind, period: { ...period, label: periodLabel(period) }, title: row.title, content: row.content,
      status: row.status, reviewComment: row.reviewComment, submittedBy: row.submittedBy, submittedAt: row.submittedAt, reviewedBy: row.reviewedBy,
      reviewedAt: row.reviewedAt, version: row.version,
    });
  }
}
@ObjectType('WorkReportConnection', { description: '工作计划和报告的分页列表（Relay 连接）' })
export class WorkReportConnection extends Connection(WorkReportModel, 'WorkReport') {}

@InputType({ description: '报送工作计划或报告（被退回的可重新报送）' })
export class FileWorkReportInput {
  @IdField({ description: '工作站' }) stationId: string;
  @EnumField(WorkReportKind, { description: '计划或报告' }) kind: WorkReportKind;
  @NestedField(() => PeriodInput, { description: '所属周期' }) period: PeriodInput;
  @TextField(100, { description: '标题' }) title: string;
  @TextField(20000, { description: '正文（最多 20000 字）' }) content: string;
}

@InputType({ description: '审阅工作计划或报告（指导中心）' })
export class ReviewWorkReportInput {
  @IdField({ description: '工作计划或报告' }) reportId: string;
  @EnumField(ReviewDecision, { description: '审阅决定' }) decision: ReviewDecision;
  @TextField(2000, { optional: true, description: '意见；退回时必填' }) comment?: string;
  @IntField(1, 2_147_483_647, { optional: true, description: '读取时的版本（乐观锁）' }) expectedVersion?: number;
}
