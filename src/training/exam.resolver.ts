import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow } from '../kernel/access.decorators';
import { regionVisible } from '../kernel/jurisdiction';
import { Permission } from '../kernel/permissions';
import { can } from '../kernel/can';
import { Clock } from '../common/clock';
import { mapConnection, PageArgs } from '../graphql/connection';
import { Ctx } from '../graphql/context.decorator';
import type { RequestContext } from '../kernel/request-context';
import { OrganizationService } from '../organization/organization.service';
import { RegionModel } from '../organization/region.types';
import { RegionFields } from '../organization/region-fields';
import type { Person } from '../personnel/person.entity';
import { PersonnelService } from '../personnel/personnel.service';
import { PersonModel } from '../personnel/person.types';
import { PostModel } from '../personnel/post.types';
import { CourseModel, CoursesArgs } from './course.types';
import { ExamService } from './exam.service';
import { CreateExamInput, ExamConnection, ExamModel, ExamResultConnection, ExamResultModel, RecordExamResultsInput, RecordPreJobExamInput } from './exam.types';

/** Exams and their results (TRN-2), and the pre-job exam that moves a post on (PER-7). */
@Resolver()
export class ExamResolver {
  constructor(private readonly examService: ExamService) {}

  @Allow(Permission.TRAINING_READ)
  @Query(() => ExamConnection, { description: '考试（本辖区，新的在前）' })
  async exams(@Ctx() ctx: RequestContext, @Args() args: CoursesArgs): Promise<ExamConnection> {
    return mapConnection(await this.examService.exams(ctx, args, args), ExamModel.from) as ExamConnection;
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

@Resolver(() => ExamModel)
export class ExamFieldsResolver extends RegionFields {
  constructor(organizations: OrganizationService, private readonly exams: ExamService) {
    super(organizations);
  }

  @Allow(Permission.TRAINING_READ)
  @ResolveField(() => RegionModel, { description: '组织考试的区划' })
  region(@Ctx() ctx: RequestContext, @Parent() e: ExamModel): Promise<RegionModel> {
    return this.regionOf(ctx, e.row.regionId);
  }

  @Allow(Permission.TRAINING_READ)
  @ResolveField(() => CourseModel, { nullable: true, description: '所属培训课程' })
  async course(@Ctx() ctx: RequestContext, @Parent() e: ExamModel): Promise<CourseModel | null> {
    const row = e.row.courseId ? await this.exams.courseById(ctx).load(e.row.courseId) : undefined;
    return row ? CourseModel.from(row) : null;
  }

  @Allow(Permission.PERSONNEL_READ)
  @ResolveField(() => ExamResultConnection, { description: '成绩（只含本辖区的人员，高分在前；TRN-2）' })
  async results(@Ctx() ctx: RequestContext, @Parent() e: ExamModel, @Args() page: PageArgs): Promise<ExamResultConnection> {
    return mapConnection(await this.exams.examResults(ctx, e.row.id, page), ExamResultModel.from) as ExamResultConnection;
  }
}

@Resolver(() => ExamResultModel)
export class ExamResultFieldsResolver {
  constructor(private readonly exams: ExamService, private readonly personnel: PersonnelService, private readonly organizations: OrganizationService, private readonly clock: Clock) {}

  @Allow(Permission.PERSONNEL_READ)
  @ResolveField(() => PersonModel, { description: '人员' })
  async person(@Ctx() ctx: RequestContext, @Parent() r: ExamResultModel): Promise<PersonModel> {
    return PersonModel.from((await this.personnel.personById(ctx).load(r.row.personId)) as Person, this.clock.today());
  }

  // the exam to TRAINING_READ holders whose jurisdiction reaches it or lies under it (a township's person sat the
  // county's exam), else null
  @Allow(Permission.PERSONNEL_READ)
  @ResolveField(() => ExamModel, { nullable: true, description: '考试（无权查看时为空）' })
  async exam(@Ctx() ctx: RequestContext, @Parent() r: ExamResultModel): Promise<ExamModel | null> {
    const exam = await this.exams.examById(ctx).load(r.row.examId);
    if (!exam || !can(ctx, Permission.TRAINING_READ)) return null;
    const region = await this.organizations.regionById(ctx).load(exam.regionId);
    return region && regionVisible(ctx.actor, region.path) ? ExamModel.from(exam) : null;
  }
}

@Resolver(() => PersonModel)
export class PersonExamFieldsResolver {
  constructor(private readonly exams: ExamService) {}

  @Allow(Permission.PERSONNEL_READ)
  @ResolveField(() => ExamResultConnection, { description: '考试成绩（岗前考试、季度业务理论考试等，按参考日期新的在前；TRN-2）' })
  async examResults(@Ctx() ctx: RequestContext, @Parent() p: PersonModel, @Args() page: PageArgs): Promise<ExamResultConnection> {
    return mapConnection(await this.exams.personResults(ctx, p.row.id, page), ExamResultModel.from) as ExamResultConnection;
  }
}
