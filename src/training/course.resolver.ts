import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow } from '../kernel/access.decorators';
import { Permission } from '../kernel/permissions';
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
import {
  AddCourseSessionInput, AttendanceConnection, AttendanceModel, CourseConnection, CourseModel, CoursesArgs, CourseSessionConnection,
  CourseSessionModel, CreateCourseInput, RecordAttendanceInput,
} from './course.types';
import { ExamService } from './exam.service';

/** Courses, their sessions and attendance (TRN-2). */
@Resolver()
export class CourseResolver {
  constructor(private readonly examService: ExamService) {}

  @Allow(Permission.TRAINING_READ)
  @Query(() => CourseConnection, { description: '培训课程（本辖区，新的在前）' })
  async courses(@Ctx() ctx: RequestContext, @Args() args: CoursesArgs): Promise<CourseConnection> {
    return mapConnection(await this.examService.courses(ctx, args, args), CourseModel.from) as CourseConnection;
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
}

@Resolver(() => CourseModel)
export class CourseFieldsResolver extends RegionFields {
  constructor(organizations: OrganizationService, private readonly exams: ExamService) {
    super(organizations);
  }

  @Allow(Permission.TRAINING_READ)
  @ResolveField(() => RegionModel, { description: '组织培训的区划' })
  region(@Ctx() ctx: RequestContext, @Parent() c: CourseModel): Promise<RegionModel> {
    return this.regionOf(ctx, c.row.regionId);
  }

  @Allow(Permission.TRAINING_READ)
  @ResolveField(() => CourseSessionConnection, { description: '课次（按上课日期，早的在前；TRN-2）' })
  async sessions(@Ctx() ctx: RequestContext, @Parent() c: CourseModel, @Args() page: PageArgs): Promise<CourseSessionConnection> {
    return mapConnection(await this.exams.sessions(ctx, c.row.id, page), CourseSessionModel.from) as CourseSessionConnection;
  }
}

@Resolver(() => CourseSessionModel)
export class CourseSessionFieldsResolver {
  constructor(private readonly exams: ExamService) {}

  @Allow(Permission.PERSONNEL_READ)
  @ResolveField(() => AttendanceConnection, { description: '考勤（只含本辖区的人员，按人员排列）' })
  async attendance(@Ctx() ctx: RequestContext, @Parent() s: CourseSessionModel, @Args() page: PageArgs): Promise<AttendanceConnection> {
    return mapConnection(await this.exams.attendance(ctx, s.row.id, page), AttendanceModel.from) as AttendanceConnection;
  }
}

@Resolver(() => AttendanceModel)
export class AttendanceFieldsResolver {
  constructor(private readonly personnel: PersonnelService, private readonly clock: Clock) {}

  @Allow(Permission.PERSONNEL_READ)
  @ResolveField(() => PersonModel, { description: '人员' })
  async person(@Ctx() ctx: RequestContext, @Parent() a: AttendanceModel): Promise<PersonModel> {
    return PersonModel.from((await this.personnel.personById(ctx).load(a.row.personId)) as Person, this.clock.today());
  }
}
