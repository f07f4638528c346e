import { Args, ArgsType, Field, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { Allow, SignedIn } from '../auth/access.decorators';
import { Permission } from '../auth/permissions';
import { mapConnection, PageArgs } from '../graphql/connection';
import { Ctx } from '../graphql/context.decorator';
import { toGlobalId } from '../graphql/global-id';
import { IsCalendarDate, NestedField } from '../graphql/input-fields';
import { CalendarDateScalar } from '../graphql/scalars';
import { RegionLevel } from '../organization/organization.enums';
import { PeriodInput } from '../graphql/period.types';
import type { RequestContext } from '../graphql/request-context';
import { periodLabel } from '../common/period';
import { RegionModel } from '../organization/organization.types';
import { PostModel } from '../personnel/personnel.types';
import { ActivityService } from './activity.service';
import { ExamService } from './exam.service';
import { PracticeService } from './practice.service';
import { ActivityKind, CourseKind, PracticeAction, PracticeReviewDecision, PracticeStatus } from './training.enums';
import {
  ActivityConnection, ActivityCountsModel, ActivityModel, AddCourseSessionInput, CourseConnection, CourseModel, CourseSessionModel, CreateCourseInput,
  CreateExamInput, ExamConnection, ExamModel, GoodPracticeConnection, GoodPracticeModel, GuidanceVisitConnection, GuidanceVisitModel, PublishGoodPracticeInput,
  RecordActivityInput, RecordAttendanceInput, RecordExamResultsInput, RecordGuidanceVisitInput, RecordPreJobExamInput, RecordVillagePledgeInput,
  ReviewGoodPracticeInput, ReviseGoodPracticeInput, SetVillageManagerInput, SetVillageTeamInput, SubmitGoodPracticeInput, TownshipCoverageConnection, TownshipCoverageModel,
  VillageGuidanceModel,
} from './training.types';
import { VillageService } from './village.service';
import { UpdatedSinceField } from '../graphql/updated-since';

@ArgsType()
class RegionPageArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: '区划（含下级），默认本辖区' }) @IsOptional() @IsString() @MaxLength(200) regionId?: string;
  @Field(() => CalendarDateScalar, { nullable: true, description: '起始日期（含）' }) @IsOptional() @IsCalendarDate() from?: string;
  @Field(() => CalendarDateScalar, { nullable: true, description: '截止日期（含）' }) @IsOptional() @IsCalendarDate() to?: string;
}
@ArgsType()
class ActivitiesArgs extends RegionPageArgs {
  @Field(() => ActivityKind, { nullable: true, description: '只看这一类活动' }) @IsOptional() @IsEnum(ActivityKind) kind?: ActivityKind;
  @UpdatedSinceField() updatedSince?: Date;
}
@ArgsType()
class CoursesArgs extends RegionPageArgs {
  @Field(() => CourseKind, { nullable: true, description: '只看这一类别' }) @IsOptional() @IsEnum(CourseKind) kind?: CourseKind;
}
@ArgsType()
class ActivityCountsArgs {
  @NestedField(() => PeriodInput, { description: '月、季度或年' }) period: PeriodInput;
  @Field(() => ID, { nullable: true, description: '县或乡镇，默认本辖区' }) @IsOptional() @IsString() @MaxLength(200) regionId?: string;
}
@ArgsType()
class CoverageArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: '县或乡镇，默认本辖区' }) @IsOptional() @IsString() @MaxLength(200) regionId?: string;
}
@ArgsType()
class PracticesArgs extends PageArgs {
  @Field(() => PracticeStatus, { nullable: true, description: '只看这一状态' }) @IsOptional() @IsEnum(PracticeStatus) status?: PracticeStatus;
  @Field(() => ID, { nullable: true, description: '区划（含下级）' }) @IsOptional() @IsString() @MaxLength(200) regionId?: string;
}


/** Activities and drills (TRN-1), courses and exams (TRN-2). */
@Resolver()
export class TrainingResolver {
  constructor(
    private readonly activityService: ActivityService,
    private readonly examService: ExamService,
  ) {}

  @Allow(Permission.TRAINING_READ)
  @Query(() => ActivityConnection, { description: '宣传、教育、培训和演练（本辖区，新的在前）' })
  async activities(@Ctx() ctx: RequestContext, @Args() args: ActivitiesArgs): Promise<ActivityConnection> {
    return mapConnection(await this.activityService.list(ctx, args, args), ActivityModel.from) as ActivityConnection;
  }

  @Allow(Permission.TRAINING_READ)
  @Query(() => ActivityCountsModel, { description: '一个周期内各乡镇的宣传教育培训和演练次数、参加人数（TRN-1）' })
  async activityCounts(@Ctx() ctx: RequestContext, @Args() args: ActivityCountsArgs): Promise<ActivityCountsModel> {
    const rows = await this.activityService.counts(ctx, args.period, args.regionId);
    return {
      period: { ...args.period, label: periodLabel(args.period) },
      all: rows.map((r) => ({
        regionId: toGlobalId('Region', r.region.id), regionName: r.region.name, activities: r.activities, participants: r.participants,
        byKind: Object.values(ActivityKind).map((kind) => ({ kind, count: r.byKind[kind] })),
        key: { rank: r.region.level === RegionLevel.TOWNSHIP ? 0 : 1, sortOrder: r.region.sortOrder, id: r.region.id },
      })),
    };
  }

  @Allow(Permission.ACTIVITY_RECORD)
  @Mutation(() => ActivityModel, { description: '登记宣传、教育、培训或演练（TRN-1）' })
  async recordActivity(@Ctx() ctx: RequestContext, @Args('input', { description: '活动的内容、对象、人数（演练另有情景、时长和评估）' }) input: RecordActivityInput): Promise<ActivityModel> {
    return ActivityModel.from(await this.activityService.record(ctx, input));
  }

  @Allow(Permission.TRAINING_READ)
  @Query(() => CourseConnection, { description: '培训课程（本辖区，新的在前）' })
  async courses(@Ctx() ctx: RequestContext, @Args() args: CoursesArgs): Promise<CourseConnection> {
    return mapConnection(await this.examService.courses(ctx, args, args), CourseModel.from) as CourseConnection;
  }

  @Allow(Permission.TRAINING_READ)
  @Query(() => ExamConnection, { description: '考试（本辖区，新的在前）' })
  async exams(@Ctx() ctx: RequestContext, @Args() args: CoursesArgs): Promise<ExamConnection> {
    return mapConnection(await this.examService.exams(ctx, args, args), ExamModel.from) as ExamConnection;
  }

  @Allow(Permission.COURSE_MANAGE)
  @Mutation(() => CourseModel, { description: '新建培训课程（TRN-2）' })
  async createCourse(@Ctx() ctx: RequestContext, @Args('input', { description: '课程的类别、名称、组织者和起止日期' }) input: CreateCourseInput): Promise<CourseModel> {
    return CourseModel.from(await this.examService.createCourse(ctx, input));
  }

  @Allow(Permission.COURSE_MANAGE)
  @Mutation(() => CourseSessionModel, { description: '新增培训课次' })
  async addCourseSession(@Ctx() ctx: RequestContext, @Args('input', { description: '课次的日期、内容和学时' }) input: AddCourseSessionInput): Promise<CourseSessionModel> {
    return CourseSessionModel.from(await this.examService.addSession(ctx, input));
  }

  @Allow(Permission.COURSE_MANAGE)
  @Mutation(() => CourseSessionModel, { description: '登记课次考勤' })
  async recordAttendance(@Ctx() ctx: RequestContext, @Args('input', { description: '课次和每人的考勤' }) input: RecordAttendanceInput): Promise<CourseSessionModel> {
    return CourseSessionModel.from(await this.examService.recordAttendance(ctx, input));
  }

  @Allow(Permission.COURSE_MANAGE)
  @Mutation(() => ExamModel, { description: '新建考试：合格线取考试当日的人员政策（TRN-2、PER-7）' })
  async createExam(@Ctx() ctx: RequestContext, @Args('input', { description: '考试的类别、名称、日期和所属课程' }) input: CreateExamInput): Promise<ExamModel> {
    return ExamModel.from(await this.examService.createExam(ctx, input));
  }

  @Allow(Permission.COURSE_MANAGE)
  @Mutation(() => ExamModel, { description: '登记考试成绩（一次提交全部成功或全部不保存）；岗前考试成绩同时推进岗位（PER-7）' })
  async recordExamResults(@Ctx() ctx: RequestContext, @Args('input', { description: '考试和每人的成绩' }) input: RecordExamResultsInput): Promise<ExamModel> {
    return ExamModel.from(await this.examService.recordResults(ctx, input));
  }

  @Allow(Permission.PRE_JOB_TRAINING_MANAGE, { outside: 'NOT_FOUND' })
  @Mutation(() => PostModel, { description: '登记岗前考试成绩（PER-7）：记入岗前考试，达到合格线为 EXAM_PASSED，否则 EXAM_FAILED（可再培训）' })
  async recordPreJobExam(@Ctx() ctx: RequestContext, @Args('input', { description: '岗位、成绩和考试日期' }) input: RecordPreJobExamInput): Promise<PostModel> {
    return PostModel.from(await this.examService.recordPreJobExam(ctx, input));
  }
}

/** Village guidance (ORG-6) and good practices (TRN-3). */
@Resolver()
export class OutreachResolver {
  constructor(
    private readonly villages: VillageService,
    private readonly practices: PracticeService,
  ) {}

  @Allow(Permission.TRAINING_READ)
  @Query(() => VillageGuidanceModel, { description: '一个村（社区）的消防安全管理人、防火公约和消防队伍（ORG-6）' })
  async villageGuidance(@Ctx() ctx: RequestContext, @Args('villageId', { type: () => ID, description: '村（社区）' }) villageId: string): Promise<VillageGuidanceModel> {
    return VillageGuidanceModel.from(await this.villages.guidance(ctx, villageId));
  }

  @Allow(Permission.TRAINING_READ)
  @Query(() => GuidanceVisitConnection, { description: '对村（社区）的指导记录（本辖区，新的在前）' })
  async guidanceVisits(@Ctx() ctx: RequestContext, @Args() args: RegionPageArgs): Promise<GuidanceVisitConnection> {
    return mapConnection(await this.villages.visits(ctx, args, args), GuidanceVisitModel.from) as GuidanceVisitConnection;
  }

  @Allow(Permission.TRAINING_READ)
  @Query(() => TownshipCoverageConnection, { description: '各乡镇村（社区）消防工作覆盖情况：有管理人、公约、队伍的数量和缺项名单，按乡镇的排序（ORG-6）' })
  async villageCoverage(@Ctx() ctx: RequestContext, @Args() args: CoverageArgs): Promise<TownshipCoverageConnection> {
    return mapConnection(await this.villages.coveragePage(ctx, args, args.regionId), (c): TownshipCoverageModel => {
      const { township, lackingManager, lackingPledge, lackingTeam, shortTeams, ...counts } = c;
      const model = Object.assign(new TownshipCoverageModel(), { ...counts, township: RegionModel.from(township) });
      const lists = {
        lackingManager: lackingManager.map(RegionModel.from), lackingPledge: lackingPledge.map(RegionModel.from), lackingTeam: lackingTeam.map(RegionModel.from),
        shortTeams: shortTeams.map((s) => ({ village: RegionModel.from(s.village), problems: s.problems })),
      };
      return Object.defineProperty(model, 'lists', { value: lists, enumerable: false });
    }) as TownshipCoverageConnection;
  }

  @Allow(Permission.VILLAGE_GUIDANCE_MANAGE)
  @Mutation(() => VillageGuidanceModel, { description: '登记村（社区）消防安全管理人（ORG-6）' })
  async setVillageManager(@Ctx() ctx: RequestContext, @Args('input', { description: '村（社区）和管理人的姓名、电话' }) input: SetVillageManagerInput): Promise<VillageGuidanceModel> {
    return VillageGuidanceModel.from(await this.villages.setManager(ctx, input));
  }

  @Allow(Permission.VILLAGE_GUIDANCE_MANAGE)
  @Mutation(() => VillageGuidanceModel, { description: '登记村（社区）防火公约（ORG-6）' })
  async recordVillagePledge(@Ctx() ctx: RequestContext, @Args('input', { description: '村（社区）和公约的通过日期、文本' }) input: RecordVillagePledgeInput): Promise<VillageGuidanceModel> {
    return VillageGuidanceModel.from(await this.villages.recordPledge(ctx, input));
  }

  @Allow(Permission.VILLAGE_GUIDANCE_MANAGE)
  @Mutation(() => VillageGuidanceModel, { description: '登记村（社区）消防队伍（ORG-6）' })
  async setVillageTeam(@Ctx() ctx: RequestContext, @Args('input', { description: '村（社区）和队伍的类别、队员、装备' }) input: SetVillageTeamInput): Promise<VillageGuidanceModel> {
    return VillageGuidanceModel.from(await this.villages.setTeam(ctx, input));
  }

  @Allow(Permission.VILLAGE_GUIDANCE_MANAGE)
  @Mutation(() => GuidanceVisitModel, { description: '登记对村（社区）的指导（ORG-6）' })
  async recordGuidanceVisit(@Ctx() ctx: RequestContext, @Args('input', { description: '村（社区）和指导的日期、人员、内容' }) input: RecordGuidanceVisitInput): Promise<GuidanceVisitModel> {
    return GuidanceVisitModel.from(await this.villages.recordVisit(ctx, input));
  }

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
