import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageArgs } from '../graphql/connection';
import { IsCalendarDate } from '../graphql/input-fields';
import { CalendarDateScalar } from '../graphql/scalars';

/** Arguments shared by several concepts' queries: a page of a region's records, a day of a versioned rule set. */

@ArgsType()
export class RegionPageArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: '区划（含下级），默认本辖区' }) @IsOptional() @IsString() @MaxLength(200) regionId?: string;
}

@ArgsType()
export class AsOfArgs {
  @Field(() => CalendarDateScalar, { nullable: true, description: '日期（默认今天，北京时间）' }) @IsOptional() @IsCalendarDate() asOf?: string;
}
