import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageArgs } from '../graphql/connection';
import { IsCalendarDate } from '../graphql/input-fields';
import { CalendarDateScalar } from '../graphql/scalars';

/** The page arguments the training lists share: a region (with what lies under it) and a date range. */
@ArgsType()
export class RegionPageArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: '区划（含下级），默认本辖区' }) @IsOptional() @IsString() @MaxLength(200) regionId?: string;
  @Field(() => CalendarDateScalar, { nullable: true, description: '起始日期（含）' }) @IsOptional() @IsCalendarDate() from?: string;
  @Field(() => CalendarDateScalar, { nullable: true, description: '截止日期（含）' }) @IsOptional() @IsCalendarDate() to?: string;
}
