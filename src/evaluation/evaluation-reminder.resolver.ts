import { Args, ArgsType, Field, ID, Query, Resolver } from '@nestjs/graphql';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { Allow } from '../kernel/access.decorators';
import { Permission } from '../kernel/permissions';
import { mapConnection, PageArgs } from '../graphql/connection';
import { Ctx } from '../graphql/context.decorator';
import type { RequestContext } from '../kernel/request-context';
import { EvaluationInputsService } from './evaluation-inputs.service';
import { EvaluationReminderConnection, EvaluationReminderModel } from './evaluation-reminder.types';

@ArgsType()
class RemindersArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: '区划（含下级），默认本辖区' }) @IsOptional() @IsString() @MaxLength(200) regionId?: string;
  @Field(() => Boolean, { nullable: true, description: '只看应由本账号角色办理的' }) @IsOptional() @IsBoolean() mine?: boolean;
}

/** The reminders the evaluation job writes: who has yet to submit or score. */
@Resolver()
export class EvaluationReminderResolver {
  constructor(private readonly inputs: EvaluationInputsService) {}

  @Allow(Permission.EVALUATION_READ)
  @Query(() => EvaluationReminderConnection, { description: '考评提醒（定时任务生成；按周期、再按事项，分页）' })
  async evaluationReminders(@Ctx() ctx: RequestContext, @Args() args: RemindersArgs): Promise<EvaluationReminderConnection> {
    return mapConnection(await this.inputs.reminders(ctx, args, args), EvaluationReminderModel.from) as EvaluationReminderConnection;
  }
}
