import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { PeriodKind, periodLabel } from '../common/period';
import { registerEnum } from './enums';
import { EnumField, IntField } from './input-fields';

registerEnum(PeriodKind, 'PeriodKind', '统计周期', { MONTH: '月', QUARTER: '季度', YEAR: '年' });

@ObjectType('Period', { description: '统计或报告周期' })
export class PeriodModel {
  @Field(() => PeriodKind, { description: '周期类别：月、季度或年' }) kind: PeriodKind;
  @Field(() => Int, { description: '年份' }) year: number;
  @Field(() => Int, { description: '月 1–12、季度 1–4、年 1' }) number: number;
  @Field({ description: '如 2026年第4季度' }) label: string;
}

/** The Period of a kind, year and number, with its label. */
export const periodModel = (kind: PeriodKind, year: number, number: number): PeriodModel => ({ kind, year, number, label: periodLabel({ kind, year, number }) });

@InputType('PeriodInput', { description: '统计或报告周期：月、季度或年' })
export class PeriodInput {
  @EnumField(PeriodKind, { description: '周期类别：月、季度或年' }) kind: PeriodKind;
  @IntField(2000, 2100, { description: '年份（2000 至 2100）' }) year: number;
  @IntField(1, 12, { description: '月 1–12、季度 1–4、年 1' }) number: number;
}
