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
import { PersonModel } from './person.types';
import { PostState } from './personnel.enums';
import { PersonnelService } from './personnel.service';
import {
  PersonAtStationInput, PostConnection, PostInput, PostModel, PostTransitionConnection, PostTransitionModel, PutOnDutyInput, RecordDepartureInput,
  RecordPriorServiceInput, SelectPersonInput,
} from './post.types';

@ArgsType()
class PostsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: '区划（含下级），默认本辖区' }) @IsOptional() @IsString() @MaxLength(200) regionId?: string;
  @Field(() => PostState, { nullable: true, description: '只列出这一状态的岗位（如 EXAM_PASSED：考试合格、待上岗）' }) @IsOptional() @IsEnum(PostState) state?: PostState;
  @Field(() => ID, { nullable: true, description: '只列出这个工作站（或指导中心）的岗位' }) @IsOptional() @IsString() @MaxLength(200) organizationId?: string;
}

/** Posts and their lifecycle: candidate, selection, pre-job training, duty (PER-7, PER-9), departure, prior service. */
@Resolver()
export class PostResolver {
  constructor(private readonly service: PersonnelService) {}

  @Allow(Permission.PERSONNEL_READ)
  @Query(() => PostConnection, { description: '岗位列表（本辖区，按区划、状态、工作站筛选；由早到晚，分页）：乡镇人民政府据此查看各环节的待办人员' })
  async posts(@Ctx() ctx: RequestContext, @Args() args: PostsArgs): Promise<PostConnection> {
    const filter = { regionId: args.regionId ?? undefined, state: args.state ?? undefined, organizationId: args.organizationId ?? undefined };
    return mapConnection(await this.service.posts(ctx, filter, args), PostModel.from) as PostConnection;
  }

  @Allow(Permission.PERSONNEL_MANAGE, { outside: 'NOT_FOUND' })
  @Mutation(() => PostModel, { description: '提名人选（CANDIDATE）' })
  async proposeCandidate(@Ctx() ctx: RequestContext, @Args('input', { description: '人员和拟任的工作站（或指导中心）' }) input: PersonAtStationInput): Promise<PostModel> {
    return PostModel.from(await this.service.proposeCandidate(ctx, input));
  }

  @Allow(Permission.PERSONNEL_MANAGE, { outside: 'NOT_FOUND' })
  @Mutation(() => PostModel, { description: '选调（SELECTED）：仅当符合选调条件（不符合时 NOT_ELIGIBLE，列出未通过的规则）' })
  async selectPerson(@Ctx() ctx: RequestContext, @Args('input', { description: '选调的人员、工作站和选调日期' }) input: SelectPersonInput): Promise<PostModel> {
    return PostModel.from(await this.service.selectPerson(ctx, input));
  }

  @Allow(Permission.PRE_JOB_TRAINING_MANAGE, { outside: 'NOT_FOUND' })
  @Mutation(() => PostModel, { description: '开始岗前培训（IN_TRAINING，县消防救援大队）' })
  async startPreJobTraining(@Ctx() ctx: RequestContext, @Args('input', { description: '岗位' }) input: PostInput): Promise<PostModel> {
    return PostModel.from(await this.service.startPreJobTraining(ctx, input));
  }

  @Allow(Permission.PERSONNEL_MANAGE, { outside: 'NOT_FOUND' })
  @Mutation(() => PostModel, { description: '上岗（ON_DUTY）：须考试合格（PER-7），在岗人数不超过编制（PER-9）' })
  async putOnDuty(@Ctx() ctx: RequestContext, @Args('input', { description: '岗位和上岗日期' }) input: PutOnDutyInput): Promise<PostModel> {
    return PostModel.from(await this.service.putOnDuty(ctx, input));
  }

  @Allow(Permission.PERSONNEL_MANAGE, { outside: 'NOT_FOUND' })
  @Mutation(() => PostModel, { description: '离岗（LEFT）：调离、辞职或辞退，记日期和原因' })
  async recordDeparture(@Ctx() ctx: RequestContext, @Args('input', { description: '岗位、离岗日期、原因和说明' }) input: RecordDepartureInput): Promise<PostModel> {
    return PostModel.from(await this.service.recordDeparture(ctx, input));
  }

  @Allow(Permission.PRIOR_SERVICE_RECORD, { outside: 'NOT_FOUND' })
  @Mutation(() => PostModel, {
    description: '补录既往任职：平台启用前已在岗的人员（ON_DUTY）或其以往岗位（LEFT），记日期和原因，不经选调流程；不超编（PER-9），记入审计',
  })
  async recordPriorService(@Ctx() ctx: RequestContext, @Args('input', { description: '人员、工作站、任职日期和补录原因' }) input: RecordPriorServiceInput): Promise<PostModel> {
    return PostModel.from(await this.service.recordPriorService(ctx, input));
  }
}

@Resolver(() => PostModel)
export class PostFieldsResolver {
  constructor(
    private readonly service: PersonnelService,
    private readonly organizations: OrganizationService,
    private readonly clock: Clock,
  ) {}

  @Allow(Permission.PERSONNEL_READ)
  @ResolveField(() => PersonModel, { description: '任职的人员' })
  async person(@Ctx() ctx: RequestContext, @Parent() post: PostModel): Promise<PersonModel> {
    const row = await this.service.personById(ctx).load(post.row.personId);
    if (!row) throw new NotFoundError('人员');
    return PersonModel.from(row, this.clock.today());
  }

  @Allow(Permission.PERSONNEL_READ)
  @ResolveField(() => OrganizationModel, { description: '工作站或指导中心' })
  async organization(@Ctx() ctx: RequestContext, @Parent() post: PostModel): Promise<OrganizationModel> {
    const row = await this.organizations.organizationById(ctx).load(post.row.organizationId);
    if (!row) throw new NotFoundError('机构');
    return OrganizationModel.from(row);
  }

  @Allow(Permission.PERSONNEL_READ)
  @ResolveField(() => PostTransitionConnection, { description: '状态变更记录（由早到晚，分页；培训、考试可反复，条数不定）' })
  async transitions(@Ctx() ctx: RequestContext, @Parent() post: PostModel, @Args() page: PageArgs): Promise<PostTransitionConnection> {
    return mapConnection(await this.service.transitionPages(ctx, page).load(post.row.id), PostTransitionModel.from) as PostTransitionConnection;
  }
}
