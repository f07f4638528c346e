import { Args, ArgsType, Field, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { Allow } from '../auth/access.decorators';
import { Permission } from '../auth/permissions';
import { can } from '../auth/work-scope';
import { Clock } from '../common/clock';
import { PageArgs, mapConnection } from '../graphql/connection';
import { IsCalendarDate } from '../graphql/input-fields';
import { CalendarDateScalar } from '../graphql/scalars';
import { Ctx } from '../graphql/context.decorator';
import { NotFoundError } from '../graphql/errors';
import type { RequestContext } from '../graphql/request-context';
import { OrganizationService } from '../organization/organization.service';
import { OrganizationModel, RegionModel } from '../organization/organization.types';
import { DeviationStatus, PostState } from './personnel.enums';
import { PersonnelService } from './personnel.service';
import {
  CreatePersonInput, DecideDeviationInput, DeviationConnection, DeviationModel, EligibilityModel, PersonAtStationInput, PersonConnection, PersonModel,
  PersonnelPolicyModel, PersonPersonalDataModel, PostConnection, PostInput, PostModel, PostTransitionConnection, PostTransitionModel,
  PublishPersonnelPolicyInput, PutOnDutyInput, RecordDepartureInput, RecordPriorServiceInput, RequestDeviationInput, RuleVerdictModel, SelectPersonInput, StaffingEntryConnection,
  StaffingEntryModel, UpdatePersonInput, UpdatePersonPayload,
} from './personnel.types';
import { CorrectionService } from '../corrections/correction.service';
import { CorrectedRecord } from '../corrections/record-correction.entity';
import { RecordCorrectionConnection, RecordCorrectionModel } from '../corrections/correction.types';
import { UpdatedSinceField } from '../graphql/updated-since';

@ArgsType()
class PeopleArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: '只列出该区划（含下级）登记的人员' }) @IsOptional() @IsString() @MaxLength(200) regionId?: string;
  @UpdatedSinceField() updatedSince?: Date;
}

@ArgsType()
class EligibilityArgs {
  @Field(() => ID, { description: '人员 id' }) @IsString() @MaxLength(200) personId: string;
  @Field(() => ID, { description: '工作站（或指导中心）' }) @IsString() @MaxLength(200) stationId: string;
  @Field(() => CalendarDateScalar, { nullable: true, description: '审查日期（北京时间），默认今天' })
  @IsOptional() @IsString() @IsCalendarDate()
  asOf?: string;
}

@ArgsType()
class DeviationsArgs extends PageArgs {
  @Field(() => DeviationStatus, { nullable: true, description: '只列出这一状态的申请' }) @IsOptional() @IsEnum(DeviationStatus) status?: DeviationStatus;
  @Field(() => ID, { nullable: true, description: '区划（含下级），默认本辖区' }) @IsOptional() @IsString() @MaxLength(200) regionId?: string;
}

@ArgsType()
class StaffingArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: '区划（含下级），默认本辖区' }) @IsOptional() @IsString() @MaxLength(200) regionId?: string;
}

@ArgsType()
class PostsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: '区划（含下级），默认本辖区' }) @IsOptional() @IsString() @MaxLength(200) regionId?: string;
  @Field(() => PostState, { nullable: true, description: '只列出这一状态的岗位（如 EXAM_PASSED：考试合格、待上岗）' }) @IsOptional() @IsEnum(PostState) state?: PostState;
  @Field(() => ID, { nullable: true, description: '只列出这个工作站（或指导中心）的岗位' }) @IsOptional() @IsString() @MaxLength(200) organizationId?: string;
}

@ArgsType()
class PersonnelPolicyArgs {
  @Field(() => CalendarDateScalar, { nullable: true, description: '哪一天生效的版本（北京时间），默认今天' }) @IsOptional() @IsString() @IsCalendarDate() asOf?: string;
}

/** People, eligibility, the onboarding lifecycle and staffing (PER-1 .. PER-9). */
@Resolver()
export class PersonnelResolver {
  constructor(
    private readonly service: PersonnelService,
    private readonly clock: Clock,
  ) {}

  @Allow(Permission.PERSONNEL_READ)
  @Query(() => PersonConnection, { description: '人员列表（本辖区；个人信息脱敏）' })
  async people(@Ctx() ctx: RequestContext, @Args() args: PeopleArgs): Promise<PersonConnection> {
    const today = this.clock.today();
    return mapConnection(await this.service.people(ctx, args, args.regionId, args.updatedSince), (p) => PersonModel.from(p, today)) as PersonConnection;
  }

  @Allow(Permission.PERSONNEL_READ, { outside: 'NOT_FOUND' })
  @Query(() => EligibilityModel, { description: '选调条件审查：PER-1 至 PER-9 逐条结论及说明' })
  async eligibility(@Ctx() ctx: RequestContext, @Args() args: EligibilityArgs): Promise<EligibilityModel> {
    const e = await this.service.eligibility(ctx, args);
    return { ...e, verdicts: e.verdicts.map(RuleVerdictModel.from) };
  }

  @Allow(Permission.PERSONNEL_READ)
  @Query(() => DeviationConnection, { description: '偏离申请（本辖区，新的在前，分页）：指导中心据此审批' })
  async deviations(@Ctx() ctx: RequestContext, @Args() args: DeviationsArgs): Promise<DeviationConnection> {
    const filter = { status: args.status ?? undefined, regionId: args.regionId ?? undefined };
    return mapConnection(await this.service.deviations(ctx, filter, args), DeviationModel.from) as DeviationConnection;
  }

  @Allow(Permission.PERSONNEL_READ)
  @Query(() => PostConnection, { description: '岗位列表（本辖区，按区划、状态、工作站筛选；由早到晚，分页）：乡镇人民政府据此查看各环节的待办人员' })
  async posts(@Ctx() ctx: RequestContext, @Args() args: PostsArgs): Promise<PostConnection> {
    const filter = { regionId: args.regionId ?? undefined, state: args.state ?? undefined, organizationId: args.organizationId ?? undefined };
    return mapConnection(await this.service.posts(ctx, filter, args), PostModel.from) as PostConnection;
  }

  @Allow(Permission.STAFFING_READ)
  @Query(() => StaffingEntryConnection, { description: '配备情况：指导中心和各工作站的编制、在岗、在途、空岗、偏离（按区划排列，分页）' })
  async staffing(@Ctx() ctx: RequestContext, @Args() args: StaffingArgs): Promise<StaffingEntryConnection> {
    return mapConnection(await this.service.staffingPage(ctx, args, args.regionId ?? undefined), StaffingEntryModel.from) as StaffingEntryConnection;
  }

  @Allow(Permission.PERSONNEL_READ)
  @Query(() => PersonnelPolicyModel, { description: '某日生效的人员政策参数（默认今天）' })
  async personnelPolicy(@Args() args: PersonnelPolicyArgs): Promise<PersonnelPolicyModel> {
    return PersonnelPolicyModel.from(await this.service.policyOn(args.asOf ?? this.clock.today()));
  }

  @Allow(Permission.PERSONAL_DATA_UNMASK, { outside: 'NOT_FOUND' })
  @Query(() => PersonPersonalDataModel, { description: '查看人员未脱敏的身份证号、手机号（每次记入审计日志）' })
  personPersonalData(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID, description: '人员 id' }) id: string): Promise<PersonPersonalDataModel> {
    return this.service.revealPersonalData(ctx, id);
  }

  @Allow(Permission.PERSONNEL_MANAGE)
  @Mutation(() => PersonModel, { description: '登记人员（身份证号按 GB 11643-1999 校验，须与出生日期、性别一致）' })
  async createPerson(@Ctx() ctx: RequestContext, @Args('input', { description: '要登记的人员' }) input: CreatePersonInput): Promise<PersonModel> {
    return PersonModel.from(await this.service.createPerson(ctx, input), this.clock.today());
  }

  @Allow(Permission.PERSONNEL_MANAGE, { outside: 'NOT_FOUND' })
  @Mutation(() => UpdatePersonPayload, { description: '更正人员记录（须写明原因，按读取时的版本；每处更正保留原值，重新审查选调条件 PER-1 至 PER-9；可补录 PER-6 评价）' })
  async updatePerson(@Ctx() ctx: RequestContext, @Args('input', { description: '人员、版本、原因和要更正的项' }) input: UpdatePersonInput): Promise<UpdatePersonPayload> {
    const { person, eligibility } = await this.service.updatePerson(ctx, input);
    return { person: PersonModel.from(person, this.clock.today()), eligibility: eligibility ? { ...eligibility, verdicts: eligibility.verdicts.map(RuleVerdictModel.from) } : null };
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

  @Allow(Permission.POLICY_MANAGE)
  @Mutation(() => PersonnelPolicyModel, { description: '发布人员政策新版本（已有的审查结果保留所用版本）' })
  async publishPersonnelPolicy(@Ctx() ctx: RequestContext, @Args('input', { description: '新版本的参数和生效日期' }) input: PublishPersonnelPolicyInput): Promise<PersonnelPolicyModel> {
    return PersonnelPolicyModel.from(await this.service.publishPolicy(ctx, input));
  }
}

@Resolver(() => PersonModel)
export class PersonFieldsResolver {
  constructor(
    private readonly service: PersonnelService,
    private readonly organizations: OrganizationService,
    private readonly history: CorrectionService,
  ) {}

  @Allow(Permission.PERSONNEL_READ)
  @ResolveField(() => RecordCorrectionConnection, { description: '更正记录：每处更正的原值、新值、原因、更正人和时间（由早到晚，分页）' })
  async corrections(@Ctx() ctx: RequestContext, @Parent() p: PersonModel, @Args() page: PageArgs): Promise<RecordCorrectionConnection> {
    return mapConnection(await this.history.pages(ctx, CorrectedRecord.PERSON, page).load(p.row.id), RecordCorrectionModel.from) as RecordCorrectionConnection;
  }

  @Allow(Permission.PERSONNEL_READ)
  @ResolveField(() => Int, { nullable: true, description: '今天的周岁年龄：仅对有权查看未脱敏个人信息的账号显示，其他账号为空（见 ageBand）' })
  age(@Ctx() ctx: RequestContext, @Parent() p: PersonModel): number | null {
    // an exact age beside the masked id leaves a few dozen possible ids: the band only, unless the caller may unmask
    return can(ctx, Permission.PERSONAL_DATA_UNMASK) ? p.exactAge : null;
  }

  @Allow(Permission.PERSONNEL_READ)
  @ResolveField(() => RegionModel, { description: '登记的区划' })
  async region(@Ctx() ctx: RequestContext, @Parent() p: PersonModel): Promise<RegionModel> {
    const row = await this.organizations.regionById(ctx).load(p.row.regionId);
    if (!row) throw new NotFoundError('行政区划');
    return RegionModel.from(row);
  }

  @Allow(Permission.PERSONNEL_READ)
  @ResolveField(() => PostConnection, { description: '岗位（含已结束的，由早到晚，分页）' })
  async posts(@Ctx() ctx: RequestContext, @Parent() p: PersonModel, @Args() page: PageArgs): Promise<PostConnection> {
    return mapConnection(await this.service.postPages(ctx, page).load(p.row.id), PostModel.from) as PostConnection;
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
