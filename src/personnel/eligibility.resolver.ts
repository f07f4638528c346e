import { Args, ArgsType, Field, ID, Query, Resolver } from '@nestjs/graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Allow } from '../kernel/access.decorators';
import { Permission } from '../kernel/permissions';
import { Ctx } from '../graphql/context.decorator';
import { IsCalendarDate } from '../graphql/input-fields';
import type { RequestContext } from '../kernel/request-context';
import { CalendarDateScalar } from '../graphql/scalars';
import { EligibilityModel, RuleVerdictModel } from './eligibility.types';
import { PersonnelService } from './personnel.service';

@ArgsType()
class EligibilityArgs {
  @Field(() => ID, { description: '人员 id' }) @IsString() @MaxLength(200) personId: string;
  @Field(() => ID, { description: '工作站（或指导中心）' }) @IsString() @MaxLength(200) stationId: string;
  @Field(() => CalendarDateScalar, { nullable: true, description: '审查日期（北京时间），默认今天' })
  @IsOptional() @IsString() @IsCalendarDate()
  asOf?: string;
}

/** The eligibility check (PER-1 .. PER-9), rule by rule. */
@Resolver()
export class EligibilityResolver {
  constructor(private readonly service: PersonnelService) {}

  @Allow(Permission.PERSONNEL_READ, { outside: 'NOT_FOUND' })
  @Query(() => EligibilityModel, { description: '选调条件审查：PER-1 至 PER-9 逐条结论及说明' })
  async eligibility(@Ctx() ctx: RequestContext, @Args() args: EligibilityArgs): Promise<EligibilityModel> {
    const e = await this.service.eligibility(ctx, args);
    return { ...e, verdicts: e.verdicts.map(RuleVerdictModel.from) };
  }
}
