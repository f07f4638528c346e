import { Args, ArgsType, Field, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { IsInt, Max, Min } from 'class-validator';
import { Allow, SignedIn } from '../kernel/access.decorators';
import { Permission } from '../kernel/permissions';
import { Ctx } from '../graphql/context.decorator';
import type { RequestContext } from '../kernel/request-context';
import { LoadWorkingCalendarInput, WorkingCalendarModel } from './calendar.types';
import { InspectionPolicyService } from './policy.service';

@ArgsType()
class YearArgs {
  @Field(() => Int, { description: '年份（2000 至 2100）' }) @IsInt() @Min(2000) @Max(2100) year: number;
}

/** The working-day calendar the clocks count on. */
@Resolver()
export class CalendarResolver {
  constructor(private readonly policies: InspectionPolicyService) {}

  @SignedIn()
  @Query(() => WorkingCalendarModel, { description: '年度工作日历' })
  async workingCalendar(@Args() args: YearArgs): Promise<WorkingCalendarModel> {
    const { year, days } = await this.policies.year(args.year);
    return WorkingCalendarModel.from(args.year, year, days);
  }

  @Allow(Permission.CALENDAR_MANAGE)
  @Mutation(() => WorkingCalendarModel, { description: '导入年度工作日历（法定节假日、调休上班日）；同时重算受影响的未完成隐患时限（recomputedClocks）' })
  async loadWorkingCalendar(@Ctx() ctx: RequestContext, @Args('input', { description: '年份及其全部特殊日' }) input: LoadWorkingCalendarInput): Promise<WorkingCalendarModel> {
    const saved = await this.policies.loadYear(ctx, input);
    const { days } = await this.policies.year(input.year);
    return WorkingCalendarModel.from(input.year, saved.year, days, saved.recomputedClocks);
  }
}
