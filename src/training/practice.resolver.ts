import { Args, ArgsType, Field, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { Allow, SignedIn } from '../kernel/access.decorators';
import { Permission } from '../kernel/permissions';
import { mapConnection, PageArgs } from '../graphql/connection';
import { Ctx } from '../graphql/context.decorator';
import type { RequestContext } from '../kernel/request-context';
import { OrganizationService } from '../organization/organization.service';
import { RegionModel } from '../organization/region.types';
import { RegionFields } from '../organization/region-fields';
import { PracticeService } from './practice.service';
import {
  GoodPracticeConnection, GoodPracticeEventConnection, GoodPracticeEventModel, GoodPracticeModel, PublishGoodPracticeInput, ReviewGoodPracticeInput,
  ReviseGoodPracticeInput, SubmitGoodPracticeInput,
} from './practice.types';
import { PracticeAction, PracticeReviewDecision, PracticeStatus } from './training.enums';

@ArgsType()
class PracticesArgs extends PageArgs {
  @Field(() => PracticeStatus, { nullable: true, description: '只看这一状态' }) @IsOptional() @IsEnum(PracticeStatus) status?: PracticeStatus;
  @Field(() => ID, { nullable: true, description: '区划（含下级）' }) @IsOptional() @IsString() @MaxLength(200) regionId?: string;
}

/** Good practices (TRN-3): submitted, returned or accepted, published county-wide. */
@Resolver()
export class PracticeResolver {
  constructor(private readonly practices: PracticeService) {}

  // published practices are read by every account of the county; the rest by TRAINING_READ in its jurisdiction
  @SignedIn()
  @Query(() => GoodPracticeConnection, { description: '好的做法：已发布的全县可读，其余本辖区有查看权限者可读（TRN-3）' })
  async goodPractices(@Ctx() ctx: RequestContext, @Args() args: PracticesArgs): Promise<GoodPracticeConnection> {
    return mapConnection(await this.practices.list(ctx, args, args), GoodPracticeModel.from) as GoodPracticeConnection;
  }

  @Allow(Permission.PRACTICE_SUBMIT)
  @Mutation(() => GoodPracticeModel, { description: '报送好的做法（TRN-3）' })
  async submitGoodPractice(@Ctx() ctx: RequestContext, @Args('input', { description: '好的做法的内容' }) input: SubmitGoodPracticeInput): Promise<GoodPracticeModel> {
    return GoodPracticeModel.from(await this.practices.submit(ctx, input));
  }

  @Allow(Permission.PRACTICE_SUBMIT, { outside: 'NOT_FOUND' })
  @Mutation(() => GoodPracticeModel, { description: '修改被退回的好的做法并重新报送（TRN-3）' })
  async reviseGoodPractice(@Ctx() ctx: RequestContext, @Args('input', { description: '要修改的项' }) input: ReviseGoodPracticeInput): Promise<GoodPracticeModel> {
    return GoodPracticeModel.from(await this.practices.revise(ctx, input));
  }

  @Allow(Permission.PRACTICE_REVIEW, { outside: 'NOT_FOUND' })
  @Mutation(() => GoodPracticeModel, { description: '审核好的做法：退回（须写意见）或通过（TRN-3）' })
  async reviewGoodPractice(@Ctx() ctx: RequestContext, @Args('input', { description: '审核决定和意见' }) input: ReviewGoodPracticeInput): Promise<GoodPracticeModel> {
    const decision = input.decision === PracticeReviewDecision.RETURN ? PracticeAction.RETURN : PracticeAction.ACCEPT;
    return GoodPracticeModel.from(await this.practices.review(ctx, { ...input, decision }));
  }

  @Allow(Permission.PRACTICE_REVIEW, { outside: 'NOT_FOUND' })
  @Mutation(() => GoodPracticeModel, { description: '在全县发布推广好的做法（TRN-3）' })
  async publishGoodPractice(@Ctx() ctx: RequestContext, @Args('input', { description: '要发布的好的做法' }) input: PublishGoodPracticeInput): Promise<GoodPracticeModel> {
    return GoodPracticeModel.from(await this.practices.publish(ctx, input));
  }
}

@Resolver(() => GoodPracticeModel)
export class GoodPracticeFieldsResolver extends RegionFields {
  constructor(organizations: OrganizationService, private readonly practices: PracticeService) {
    super(organizations);
  }

  // whoever could read the practice (a published one: every account of the county) reads its region and history
  @SignedIn()
  @ResolveField(() => RegionModel, { description: '报送的乡镇' })
  region(@Ctx() ctx: RequestContext, @Parent() p: GoodPracticeModel): Promise<RegionModel> {
    return this.regionOf(ctx, p.row.regionId);
  }

  @SignedIn()
  @ResolveField(() => GoodPracticeEventConnection, { description: '办理记录（早的在前；退回和修改可多次往复）' })
  async events(@Ctx() ctx: RequestContext, @Parent() p: GoodPracticeModel, @Args() page: PageArgs): Promise<GoodPracticeEventConnection> {
    return mapConnection(await this.practices.events(ctx, p.row.id, page), GoodPracticeEventModel.from) as GoodPracticeEventConnection;
  }
}
