import { applyDecorators } from '@nestjs/common';
import { Field, Float, ID, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsBoolean, IsDate, IsEnum, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinDate, ValidateBy,
  ValidateNested,
} from 'class-validator';
import { isCalendarDate } from '../common/clock';
import { CalendarDateScalar, DateTimeScalar } from './scalars';

/** The longest list any argument may carry (8.1.4.4 d): inputs declare at most this, and query-cost.ts refuses longer. */
export const MAX_LIST_ARGUMENT = 100;

/**
 * Input field decorators: the GraphQL field and its class-validator bounds in one place, so every input states
 * its limits the same way (and the zh-CN messages of the validation pipe apply).
 */
interface Opts {
  description?: string;
  optional?: boolean;
}
/** Text that is not only spaces (it is stored trimmed). */
export const NOT_BLANK = /\S/;
/** Text without control characters (a name, a reason). */
export const NO_CONTROL = /^[^\u0000-\u001f\u007f]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const opt = (o: Opts) => (o.optional ? [IsOptional()] : []);

export const TextField = (max: number, o: Opts = {}) =>
  applyDecorators(Field(() => String, { nullable: o.optional, description: o.description }), ...opt(o), IsString(), MaxLength(max),
    ...(o.optional ? [] : [Matches(NOT_BLANK, { message: '不能为空' })]));

/** A real calendar date written YYYY-MM-DD (2026-02-30 is refused here, not by a database cast error). */
export const IsCalendarDate = () =>
  ValidateBy({ name: 'isCalendarDate', validator: { validate: (v) => typeof v === 'string' && DATE.test(v) && isCalendarDate(v), defaultMessage: () => '须为有效的日期（YYYY-MM-DD）' } });

export const DateField = (o: Opts = {}) =>
  applyDecorators(Field(() => CalendarDateScalar, { nullable: o.optional, description: o.description ?? '日期' }), ...opt(o), IsString(),
    IsCalendarDate());

/** Records of the work begin in 2000 (the policies' first version); an earlier instant is a typo. */
const EARLIEST = new Date('2000-01-01T00:00:00+08:00');
export const InstantField = (o: Opts = {}) =>
  applyDecorators(Field(() => DateTimeScalar, { nullable: o.optional, description: o.description }), ...opt(o), IsDate(),
    MinDate(EARLIEST, { message: '不能早于 2000-01-01' }));

export const IdField = (o: Opts = {}) =>
  applyDecorators(Field(() => ID, { nullable: o.optional, description: o.description }), ...opt(o), IsString(), MaxLength(200));

export const IntField = (min: number, max: number, o: Opts = {}) =>
  applyDecorators(Field(() => Int, { nullable: o.optional, description: o.description }), ...opt(o), IsInt(), Min(min), Max(max));

/**
 * A finite number with at most two decimals (money, areas). Not class-validator's `IsNumber({ maxDecimalPlaces })`:
 * it throws a TypeError on a number JSON writes in exponent form (`-6e-323`), which became a 500 (found by the
 * hostile-input test; GB/T 22239-2019 8.1.4.4 d: never a 5xx for what a client sends).
 */
const HasAtMostTwoDecimals = () =>
  ValidateBy({
    name: 'atMostTwoDecimals',
    validator: {
      validate: (v: unknown) => typeof v === 'number' && Number.isFinite(v) && Number(v.toFixed(2)) === v,
      defaultMessage: () => '必须是数字，最多两位小数',
    },
  });

export const NumberField = (min: number, max: number, o: Opts = {}) =>
  applyDecorators(Field(() => Float, { nullable: o.optional, description: o.description }), ...opt(o), HasAtMostTwoDecimals(), Min(min), Max(max));

export const BoolField = (o: Opts = {}) =>
  applyDecorators(Field(() => Boolean, { nullable: o.optional, description: o.description }), ...opt(o), IsBoolean());

export const EnumField = (values: object, o: Opts = {}) =>
  applyDecorators(Field(() => values, { nullable: o.optional, description: o.description }), ...opt(o), IsEnum(values));

/** A list bound above MAX_LIST_ARGUMENT would promise what the request limit refuses: caught at start. */
function listMax(max: number): number {
  if (max > MAX_LIST_ARGUMENT) throw new Error(`a list argument may hold at most ${MAX_LIST_ARGUMENT} items, not ${max}`);
  return max;
}

/** A list of nested inputs, each validated. */
export const ListField = (type: () => new () => object, max: number, o: Opts & { min?: number } = {}) =>
  applyDecorators(Field(() => [type()], { nullable: o.optional, description: o.description }), ...opt(o), ArrayMaxSize(listMax(max)),
    ...(o.min ? [ArrayMinSize(o.min)] : []), ValidateNested({ each: true }), Type(type));

/** A list of strings, each bounded. */
export const TextListField = (maxItems: number, maxLength: number, o: Opts & { min?: number } = {}) =>
  applyDecorators(Field(() => [String], { nullable: o.optional, description: o.description }), ...opt(o), ArrayMaxSize(listMax(maxItems)),
    ...(o.min ? [ArrayMinSize(o.min)] : []), IsString({ each: true }), MaxLength(maxLength, { each: true }), Matches(NOT_BLANK, { each: true, message: '不能有空项' }));

export const IdListField = (maxItems: number, o: Opts = {}) =>
  applyDecorators(Field(() => [ID], { nullable: o.optional, description: o.description }), ...opt(o), ArrayMaxSize(listMax(maxItems)),
    IsString({ each: true }), MaxLength(200, { each: true }));

/** One nested input object, validated. */
export const NestedField = (type: () => new () => object, o: Opts = {}) =>
  applyDecorators(Field(type, { nullable: o.optional, description: o.description }), ...opt(o), ValidateNested(), Type(type));

/** A SHA-256 digest in hexadecimal. */
export const Sha256Field = (o: Opts = {}) =>
  applyDecorators(Field(() => String, { nullable: o.optional, description: o.description ?? 'SHA-256 摘要（64 位十六进制）' }), ...opt(o), IsString(),
    Matches(/^[0-9a-f]{64}$/i, { message: '须为 64 位十六进制的 SHA-256 摘要' }));
