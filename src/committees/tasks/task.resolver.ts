import { Args, ArgsType, Field, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ArrayMaxSize, IsBoolean, IsEnum, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { Allow } from '../../kernel/access.decorators';
import { Permission } from '../../kernel/permissions';
import { mapConnection, PageArgs } from '../../graphql/connection';
import { Ctx } from '../../graphql/context.decorator';
import type { RequestContext } from '../../kernel/request-context';
import { OrganizationModel } from '../../organization/organization.types';
import { RegionModel } from '../../organization/region.types';
import { OrganizationService } from '../../organization/organization.service';
import { RegionFields } from '../../organization/region-fields';
import { NotFoundError } from '../../kernel/errors';
import { TaskStatus } from '../committees.enums';
import { TaskService } from './task.service';
import { CampaignModel } from '../campaigns/campaign.types';
import { MeetingDecisionModel } from '../meetings/meeting.types';
import {
  AcceptTaskInput, AcknowledgeTaskInput, AssignTaskInput, CompleteTaskInput, PassOnTaskInput, ReportTaskProgressInput, ReturnTaskInput, TaskConnection,
  TaskEventConnection, TaskEventModel, TaskLedgerModel, TaskModel, TaskRollUpModel,
} from './task.types';

@ArgsType()
class TasksArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: '承办单位所在区划（含下级），默认本辖区' }) @IsOptional() @IsString() @MaxLength(200) regionId?: string;
  @Field(() => ID, { nullable: true, description: '交办的委员会' }) @IsOptional() @IsString() @MaxLength(200) committeeId?: string;
  @Field(() => ID, { nullable: true, description: '承办单位' }) @IsOptional() @IsString() @MaxLength(200) assigneeId?: string;
  @Field(() => [TaskStatus], { nullable: true, description: '只看这些状态（至多 5 个）' }) @IsOptional() @ArrayMaxSize(5) @IsEnum(TaskStatus, { each: true }) statuses?: TaskStatus[];
  @Field(() => Boolean, { nullable: true, description: '是：只看逾期未办结的；否：只看未逾期的' }) @IsOptional() @IsBoolean() overdue?: boolean;
  @Field(() => Boolean, { nullable: true, description: '是：只看曾被退回重办的；否：只看未被退回的' }) @IsOptional() @IsBoolean() returned?: boolean;
  @Field(() => ID, { nullable: true, description: '来源专项整治' }) @IsOptional() @IsString() @MaxLength(200) campaignId?: string;
  @Field(() => ID, { nullable: true, description: '来源会议议定事项' }) @IsOptional() @IsString() @MaxLength(200) decisionId?: string;
  @Field(() => ID, { nullable: true, description: '上级任务（看其分解转办的下级任务）' }) @IsOptional() @IsString() @MaxLength(200) parentTaskId?: string;
}

@ArgsType()
class TaskLedgerArgs {
  @Field(() => ID, { nullable: true, description: '县或乡镇（含下级），默认本辖区' }) @IsOptional() @IsString() @MaxLength(200) regionId?: string;
  @Field(() => ID, { nullable: true, description: '交办的委员会' }) @IsOptional() @IsString() @MaxLength(200) committeeId?: string;
  @Field(() => Int, { nullable: true, description: '年度（按交办日期），默认今年' }) @IsOptional() @IsInt() @Min(2000) @Max(2100) year?: number;
}

/** COM-2: tasks assigned by the committees, their loop and the ledger. */
@Resolver()
export class TaskResolver {
  constructor(private readonly service: TaskService) {}

  @Allow(Permission.COMMITTEE_READ)
  @Query(() => TaskConnection, { description: '委员会交办的任务（本辖区，按期限先后；成员单位只看本单位的任务，COM-2、COM-5）' })
  async tasks(@Ctx() ctx: RequestContext, @Args() args: TasksArgs): Promise<TaskConnection> {
    const today = this.service.today();
    return mapConnection(await this.service.list(ctx, args, args), (t) => TaskModel.from(t, today)) as TaskConnection;
  }

  @Allow(Permission.COMMITTEE_READ)
  @Query(() => TaskLedgerModel, { description: '任务台账（COM-2）：按区划或委员会、年度统计未办结、逾期、按期办结、逾期办结和退回重办的任务，分承办单位' })
  async taskLedger(@Ctx() ctx: RequestContext, @Args() args: TaskLedgerArgs): Promise<TaskLedgerModel> {
    const ledger = await this.service.ledger(ctx, args);
    return { ...ledger, rows: ledger.rows.map((r) => ({ ...r, assignee: OrganizationModel.from(r.assignee) })) };
  }

  @Allow(Permission.TASK_ASSIGN)
  @Mutation(() => TaskModel, { description: '交办任务（COM-2）：承办单位须在本委员会辖区内，期限按 T-COM-2' })
  async assignTask(@Ctx() ctx: RequestContext, @Args('input', { description: '承办单位、任务内容、期限和来源' }) input: AssignTaskInput): Promise<TaskModel> {
    return TaskModel.from(await this.service.assign(ctx, input), this.service.today());
  }

  @Allow(Permission.TASK_REPORT, { outside: 'NOT_FOUND' })
  @Mutation(() => TaskModel, { description: '承办单位签收任务（COM-2）' })
  async acknowledgeTask(@Ctx() ctx: RequestContext, @Args('input', { description: '要签收的任务' }) input: AcknowledgeTaskInput): Promise<TaskModel> {
    return TaskModel.from(await this.service.acknowledge(ctx, input), this.service.today());
  }

  @Allow(Permission.TASK_REPORT, { outside: 'NOT_FOUND' })
  @Mutation(() => TaskModel, { description: '承办单位报告任务进展（COM-2）' })
  async reportTaskProgress(@Ctx() ctx: RequestContext, @Args('input', { description: '进展情况和材料' }) input: ReportTaskProgressInput): Promise<TaskModel> {
    return TaskModel.from(await this.service.reportProgress(ctx, input), this.service.today());
  }

  @Allow(Permission.TASK_REPORT, { outside: 'NOT_FOUND' })
  @Mutation(() => TaskModel, { description: '承办单位报告任务办结（COM-2）：要求佐证材料的须附文件，报结后待交办方验收' })
  async completeTask(@Ctx() ctx: RequestContext, @Args('input', { description: '办结情况和佐证材料' }) input: CompleteTaskInput): Promise<TaskModel> {
    return TaskModel.from(await this.service.complete(ctx, input), this.service.today());
  }

  @Allow(Permission.TASK_ASSIGN, { outside: 'NOT_FOUND' })
  @Mutation(() => TaskModel, { description: '交办方验收办结报告结的任务（COM-2）：按报结日是否不晚于期限记为按期或逾期办结' })
  async acceptTask(@Ctx() ctx: RequestContext, @Args('input', { description: '要验收的任务和意见' }) input: AcceptTaskInput): Promise<TaskModel> {
    return TaskModel.from(await this.service.accept(ctx, input), this.service.today());
  }

  @Allow(Permission.TASK_ASSIGN, { outside: 'NOT_FOUND' })
  @Mutation(() => TaskModel, { description: '交办方退回报结的任务重办（COM-2）：任务回到办理中，退回次数加一' })
  async returnTask(@Ctx() ctx: RequestContext, @Args('input', { description: '要退回的任务和理由' }) input: ReturnTaskInput): Promise<TaskModel> {
    return TaskModel.from(await this.service.return(ctx, input), this.service.today());
  }

  @Allow(Permission.TASK_ASSIGN, { outside: 'NOT_FOUND' })
  @Mutation(() => TaskModel, { description: '乡镇将县里交办的任务分解转办给本乡镇的成员单位或工作站（COM-2），答复新建的下级任务' })
  async passOnTask(@Ctx() ctx: RequestContext, @Args('input', { description: '上级任务、承办单位和期限（不晚于上级任务的期限）' }) input: PassOnTaskInput): Promise<TaskModel> {
    return TaskModel.from(await this.service.passOn(ctx, input), this.service.today());
  }
}

@Resolver(() => TaskModel)
export class TaskFieldsResolver extends RegionFields {
  constructor(organizations: OrganizationService, private readonly tasks: TaskService) {
    super(organizations);
  }

  private async organization(ctx: RequestContext, id: string): Promise<OrganizationModel> {
    const row = await this.organizations.organizationById(ctx).load(id);
    if (!row) throw new NotFoundError('组织机构');
    return OrganizationModel.from(row);
  }

  @Allow(Permission.COMMITTEE_READ)
  @ResolveField(() => OrganizationModel, { description: '交办的委员会（其台账记载此任务）' })
  committee(@Ctx() ctx: RequestContext, @Parent() t: TaskModel): Promise<OrganizationModel> {
    return this.organization(ctx, t.row.committeeId);
  }

  @Allow(Permission.COMMITTEE_READ)
  @ResolveField(() => OrganizationModel, { description: '交办单位（委员会办公室，乡镇为乡镇政府）' })
  assignedBy(@Ctx() ctx: RequestContext, @Parent() t: TaskModel): Promise<OrganizationModel> {
    return this.organization(ctx, t.row.assignedById);
  }

  @Allow(Permission.COMMITTEE_READ)
  @ResolveField(() => OrganizationModel, { description: '承办单位' })
  assignee(@Ctx() ctx: RequestContext, @Parent() t: TaskModel): Promise<OrganizationModel> {
    return this.organization(ctx, t.row.assigneeId);
  }

  @Allow(Permission.COMMITTEE_READ)
  @ResolveField(() => RegionModel, { description: '承办单位所在区划' })
  region(@Ctx() ctx: RequestContext, @Parent() t: TaskModel): Promise<RegionModel> {
    return this.regionOf(ctx, t.row.regionId);
  }

  @Allow(Permission.COMMITTEE_READ)
  @ResolveField(() => TaskModel, { nullable: true, description: '上级任务（分解转办的来源）；看不到时为空' })
  async parentTask(@Ctx() ctx: RequestContext, @Parent() t: TaskModel): Promise<TaskModel | null> {
    if (!t.row.parentTaskId) return null;
    const [parent] = await this.tasks.visible(ctx, [t.row.parentTaskId]);
    return parent ? TaskModel.from(parent, this.tasks.today()) : null;
  }

  @Allow(Permission.COMMITTEE_READ)
  @ResolveField(() => TaskConnection, { description: '分解转办的下级任务（按期限先后）' })
  async subTasks(@Ctx() ctx: RequestContext, @Parent() t: TaskModel, @Args() page: PageArgs): Promise<TaskConnection> {
    const today = this.tasks.today();
    return mapConnection(await this.tasks.subTasks(ctx, page).load(t.row.id), (s) => TaskModel.from(s, today)) as TaskConnection;
  }

  @Allow(Permission.COMMITTEE_READ)
  @ResolveField(() => TaskRollUpModel, { description: '下级任务汇总：总数、已验收、未办结、逾期' })
  async rollUp(@Ctx() ctx: RequestContext, @Parent() t: TaskModel): Promise<TaskRollUpModel> {
    return (await this.tasks.rollUp(ctx).load(t.row.id)) ?? { total: 0, accepted: 0, open: 0, overdue: 0 };
  }

  @Allow(Permission.COMMITTEE_READ)
  @ResolveField(() => TaskEventConnection, { description: '办理记录（早的在前，只增不改）' })
  async events(@Ctx() ctx: RequestContext, @Parent() t: TaskModel, @Args() page: PageArgs): Promise<TaskEventConnection> {
    return mapConnection(await this.tasks.events(ctx, page).load(t.row.id), TaskEventModel.from) as TaskEventConnection;
  }
}

/** COM-2 with COM-3: the tasks deployed with a campaign. */
@Resolver(() => CampaignModel)
export class CampaignTasksFieldResolver {
  constructor(private readonly service: TaskService) {}

  @Allow(Permission.COMMITTEE_READ)
  @ResolveField(() => TaskConnection, { description: '随专项整治交办的任务（按期限先后；成员单位只见本单位的）' })
  async tasks(@Ctx() ctx: RequestContext, @Parent() c: CampaignModel, @Args() page: PageArgs): Promise<TaskConnection> {
    const today = this.service.today();
    return mapConnection(await this.service.tasksOf(ctx, 'campaign', page).load(c.row.id), (t) => TaskModel.from(t, today)) as TaskConnection;
  }
}

/** COM-1 with COM-2: the tasks a decision became. */
@Resolver(() => MeetingDecisionModel)
export class DecisionTasksFieldResolver {
  constructor(private readonly service: TaskService) {}

  @Allow(Permission.COMMITTEE_READ)
  @ResolveField(() => TaskConnection, { description: '据此议定事项交办的任务（按期限先后；成员单位只见本单位的）' })
  async tasks(@Ctx() ctx: RequestContext, @Parent() d: MeetingDecisionModel, @Args() page: PageArgs): Promise<TaskConnection> {
    const today = this.service.today();
    return mapConnection(await this.service.tasksOf(ctx, 'decision', page).load(d.row.id), (t) => TaskModel.from(t, today)) as TaskConnection;
  }
}
