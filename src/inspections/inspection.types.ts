import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { AttachmentInput, AttachmentModel } from '../attachments/attachment.types';
import { Connection } from '../graphql/connection';
import { toGlobalId } from '../graphql/global-id';
import { BoolField, DateField, EnumField, IdField, IdListField, ListField, MAX_LIST_ARGUMENT, TextField, TextListField } from '../graphql/input-fields';
import { modelOf } from '../graphql/model';
import { Node } from '../graphql/node';
import { CalendarDateScalar, DateTimeScalar } from '../graphql/scalars';
import { Inspection, InspectionItemResult, InspectionPlan } from './inspection.entity';
import { ItemResult } from './inspections.enums';

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
