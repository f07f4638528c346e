import { Args, ArgsType, Field, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { Allow } from '../kernel/access.decorators';
import { Permission } from '../kernel/permissions';
import { Clock } from '../common/clock';
import { mapConnection, PageArgs } from '../graphql/connection';
import { Ctx } from '../graphql/context.decorator';
import { NotFoundError } from '../kernel/errors';
import type { RequestContext } from '../kernel/request-context';
import { OrganizationService } from '../organization/organization.service';
import { OrganizationModel } from '../organization/organization.types';
import { DecideDeviationInput, DeviationConnection, DeviationModel, RequestDeviationInput } from './deviation.types';
import { PersonModel } from './person.types';
import { DeviationStatus } from './personnel.enums';
import { PersonnelService } from './personnel.service';

@ArgsType()
class DeviationsArgs extends PageArgs {
  @Field(() => DeviationStatus, { nullable: true, description: '只列出这一状态的申请' }) @IsOptional() @IsEnum(DeviationStatus) status?: DeviationStatus;
  @Field(() => ID, { nullable: true, description: '区划（含下级），默认本辖区' }) @IsOptional() @IsString() @MaxLength(200) regionId?: string;
}

/** Deviations from the principle rules (PER-2, PER-8): requested in writing, decided by the guidance center. */
@Resolver()
export class DeviationResolver {
  constructor(private readonly service: PersonnelService) {}

  @Allow(Permission.PERSONNEL_READ)
  @Query(() => DeviationConnection, { description: '偏离申请（本辖区，新的在前，分页）：指导中心据此审批' })
  async deviations(@Ctx() ctx: RequestContext, @Args() args: DeviationsArgs): Promise<DeviationConnection> {
    const filter = { status: args.status ?? undefined, regionId: args.regionId ?? undefined };
    return mapConnection(await this.service.deviations(ctx, filter, args), DeviationModel.from) as DeviationConnection;
  }

  @Allow(Permission.PERSONNEL_MANAGE, { outside: 'NOT_FOUND' })
  @Mutation(() => DeviationModel, { description: '申请偏离原则性规则（PER-2、PER-8），须书面理由，待指导中心审批' })
  async requestDeviation(@Ctx() ctx: RequestContext, @Args('input', { description: '人员、工作站、规则和书面理由' }) input: RequestDeviationInput): Promise<DeviationModel> {
    return DeviationModel.from(await this.service.requestDeviation(ctx, input));
  }

  @Allow(Permission.DEVIATION_APPROVE, { outside: 'NOT_FOUND' })
  @Mutation(() => DeviationModel, { description: '审批偏离申请（指导中心）' })
  async decideDeviation(@Ctx() ctx: RequestContext, @Args('input', { description: '偏离申请和审批意见' }) input: DecideDeviationInput): Promise<DeviationModel> {
    return DeviationModel.from(await this.service.decideDeviation(ctx, input));
  }
}

@Resolver(() => DeviationModel)
export class DeviationFieldsResolver {
  constructor(
    private readonly service: PersonnelService,
    private readonly organizations: OrganizationService,
    private readonly clock: Clock,
  ) {}

  @Allow(Permission.PERSONNEL_READ)
  @ResolveField(() => PersonModel, { description: '申请偏离的人员' })
  async person(@Ctx() ctx: RequestContext, @Parent() d: DeviationModel): Promise<PersonModel> {
    const row = await this.service.personById(ctx).load(d.row.personId);
    if (!row) throw new NotFoundError('人员');
    return PersonModel.from(row, this.clock.today());
  }

  @Allow(Permission.PERSONNEL_READ)
  @ResolveField(() => OrganizationModel, { description: '拟任的工作站或指导中心' })
  async station(@Ctx() ctx: RequestContext, @Parent() d: DeviationModel): Promise<OrganizationModel> {
    const row = await this.organizations.organizationById(ctx).load(d.row.organizationId);
    if (!row) throw new NotFoundError('机构');
    return OrganizationModel.from(row);
  }
}
