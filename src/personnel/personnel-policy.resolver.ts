import { Args, ArgsType, Field, Mutation, Query, Resolver } from '@nestjs/graphql';
import { IsOptional, IsString } from 'class-validator';
import { Allow } from '../kernel/access.decorators';
import { Permission } from '../kernel/permissions';
import { Clock } from '../common/clock';
import { Ctx } from '../graphql/context.decorator';
import { IsCalendarDate } from '../graphql/input-fields';
import type { RequestContext } from '../kernel/request-context';
import { CalendarDateScalar } from '../graphql/scalars';
import { PersonnelPolicyModel, PublishPersonnelPolicyInput } from './personnel-policy.types';
import { PersonnelService } from './personnel.service';

@ArgsType()
class PersonnelPolicyArgs {
  @Field(() => CalendarDateScalar, { nullable: true, description: '哪一天生效的版本（北京时间），默认今天' }) @IsOptional() @IsString() @IsCalendarDate() asOf?: string;
}

/** The versioned personnel policy: the version in force on a day, and publishing the next one. */
@Resolver()
export class PersonnelPolicyResolver {
  constructor(private readonly service: PersonnelService, private readonly clock: Clock) {}

  @Allow(Permission.PERSONNEL_READ)
  @Query(() => PersonnelPolicyModel, { description: '某日生效的人员政策参数（默认今天）' })
  async personnelPolicy(@Args() args: PersonnelPolicyArgs): Promise<PersonnelPolicyModel> {
    return PersonnelPolicyModel.from(await this.service.policyOn(args.asOf ?? this.clock.today()));
  }

  @Allow(Permission.POLICY_MANAGE)
  @Mutation(() => PersonnelPolicyModel, { description: '发布人员政策新版本（已有的审查结果保留所用版本）' })
  async publishPersonnelPolicy(@Ctx() ctx: RequestContext, @Args('input', { description: '新版本的参数和生效日期' }) input: PublishPersonnelPolicyInput): Promise<PersonnelPolicyModel> {
    return PersonnelPolicyModel.from(await this.service.publishPolicy(ctx, input));
  }
}
