import { Args, ArgsType, Field, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Allow } from '../kernel/access.decorators';
import { Permission } from '../kernel/permissions';
import { mapConnection, PageArgs } from '../graphql/connection';
import { Ctx } from '../graphql/context.decorator';
import type { RequestContext } from '../kernel/request-context';
import { DeviationConnection, DeviationModel } from './deviation.types';
import { PersonnelService } from './personnel.service';
import { StaffingEntryConnection, StaffingEntryModel } from './staffing.types';

@ArgsType()
class StaffingArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: '区划（含下级），默认本辖区' }) @IsOptional() @IsString() @MaxLength(200) regionId?: string;
}

/** Staffing: the guidance center's and each station's quota, posts on duty and under way, vacancies, deviations. */
@Resolver()
export class StaffingResolver {
  constructor(private readonly service: PersonnelService) {}

  @Allow(Permission.STAFFING_READ)
  @Query(() => StaffingEntryConnection, { description: '配备情况：指导中心和各工作站的编制、在岗、在途、空岗、偏离（按区划排列，分页）' })
  async staffing(@Ctx() ctx: RequestContext, @Args() args: StaffingArgs): Promise<StaffingEntryConnection> {
    return mapConnection(await this.service.staffingPage(ctx, args, args.regionId ?? undefined), StaffingEntryModel.from) as StaffingEntryConnection;
  }
}

@Resolver(() => StaffingEntryModel)
export class StaffingEntryFieldsResolver {
  constructor(private readonly service: PersonnelService) {}

  // who the deviations are for is personnel data: a station reads its staffing, not this (PERSONNEL_READ)
  @Allow(Permission.PERSONNEL_READ)
  @ResolveField(() => DeviationConnection, { description: '本单位未结束岗位人员的已批准偏离（PER-2、PER-8；新的在前，分页；需查看人员的权限）' })
  async deviationsInForce(@Ctx() ctx: RequestContext, @Parent() e: StaffingEntryModel, @Args() page: PageArgs): Promise<DeviationConnection> {
    return mapConnection(await this.service.deviationInForcePages(ctx, page).load(e.row.organization.id), DeviationModel.from) as DeviationConnection;
  }
}
