import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { periodLabel } from '../common/period';
import { Connection } from '../graphql/connection';
import { toGlobalId } from '../graphql/global-id';
import { DateField, EnumField, IdField, InstantField, IntField, ListField, NumberField, TextField } from '../graphql/input-fields';
import { modelOf } from '../graphql/model';
import { Node } from '../graphql/node';
import { PeriodModel } from '../graphql/period.types';
import { CalendarDateScalar, DateTimeScalar } from '../graphql/scalars';
import { AccountabilityOutcome, FireIncident, InvestigationCase, ResponsibleParty } from './fire.entity';
import { changes } from './fire.service';
import type { FireSituation, SituationFigures, SituationMetric, SituationRow } from './fire.service';
import { FireCause, FireLevel, InvestigationReason, InvestigationStatus } from './inspections.enums';

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
