import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { DateField, EnumField, IntField, ListField, MAX_LIST_ARGUMENT, TextField } from '../graphql/input-fields';
import { CalendarDateScalar, DateTimeScalar } from '../graphql/scalars';
import { CalendarDay, CalendarYear } from './calendar.entity';
import { CalendarDayKind } from './inspections.enums';

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
