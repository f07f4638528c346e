import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { PeriodKind } from '../common/period';
import { registerEnum } from './enums';
import { EnumField, IntField } from './input-fields';

registerEnum(PeriodKind, 'PeriodKind', '统计周期', { MONTH: '月', QUARTER: '季度', YEAR: '年' });

@ObjectType('Period', { description: '统计或报告周期' })
export class PeriodModel {
  @Field(() => PeriodKind) kind: PeriodKind;
  @Field(() => Int) year: number;
  @Field(() => Int, { description: '月 1–12、季度 1–4、年 1' }) number: number;
  @Field({ description: '如 2026年第4季度' }) label: string;
}

@InputType('PeriodInput')
export class PeriodInput {
  @EnumField(PeriodKind) kind: PeriodKind;
  @IntField(2000, 2100) year: number;
  @IntField(1, 12, { description: '月 1–12、季度 1–4、年 1' }) number: number;
}
