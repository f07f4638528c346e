import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow, SignedIn } from '../auth/access.decorators';
import { reaches, regionVisible } from '../auth/jurisdiction';
import { can } from '../auth/work-scope';
import { Permission } from '../auth/permissions';
import { Clock } from '../common/clock';
import { Ctx } from '../graphql/context.decorator';
import type { RequestContext } from '../graphql/request-context';
import { RegionModel } from '../organization/organization.types';
import { OrganizationService } from '../organization/organization.service';
import { RegionFields } from '../organization/region-fields';
import type { Person } from '../personnel/person.entity';
import { PersonnelService } from '../personnel/personnel.service';
import { PersonModel } from '../personnel/personnel.types';
import { ExamService } from './exam.service';
import { PracticeService } from './practice.service';
import {
  ActivityModel, AttendanceModel, CourseModel, CourseSessionModel, ExamModel, ExamResultModel, GoodPracticeEventModel, GoodPracticeModel, GuidanceVisitModel,
  VillageGuidanceModel,
} from './training.types';


/** The people of rows the actor may see (persons are personal data: only inside the jurisdiction), in one batch. */
async function visibleRows<R extends { personId: string }>(ctx: RequestContext, personnel: PersonnelService, organizations: OrganizationService, rows: R[]): Promise<R[]> {
  const people = await personnel.personById(ctx).loadMany(rows.map((r) => r.personId));
  const regions = await organizations.regionById(ctx).loadMany(people.map((p) => (p && !(p instanceof Error) ? p.regionId : '')));
  return rows.filter((_r, i) => {
    const g = regions[i];
    return g && !(g instanceof Error) && reaches(ctx.actor, g.path);
  });
}

@Resolver(() => ActivityModel)
export class ActivityFieldsResolver extends RegionFields {
  @Allow(Permission.TRAINING_READ)
  @ResolveField(() => RegionModel, { description: '活动所在区划' })
  region(@Ctx() ctx: RequestContext, @Parent() a: ActivityModel): Promise<RegionModel> {
    return this.regionOf(ctx, a.row.regionId);
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
  @ResolveField(() => [CourseSessionModel], { description: '课次' })
  async sessions(@Ctx() ctx: RequestContext, @Parent() c: CourseModel): Promise<CourseSessionModel[]> {
    return (await this.exams.sessionsOf(ctx).load(c.row.id)).map(CourseSessionModel.from);
  }
}

@Resolver(() => CourseSessionModel)
export class CourseSessionFieldsResolver {
  constructor(private readonly exams: ExamService, private readonly personnel: PersonnelService, private readonly organizations: OrganizationService) {}

  @Allow(Permission.PERSONNEL_READ)
  @ResolveField(() => [AttendanceModel], { description: '考勤（本辖区的人员）' })
  async attendance(@Ctx() ctx: RequestContext, @Parent() s: CourseSessionModel): Promise<AttendanceModel[]> {
    return (await visibleRows(ctx, this.personnel, this.organizations, await this.exams.attendanceOf(ctx).load(s.row.id))).map(AttendanceModel.from);
  }
}

@Resolver(() => AttendanceModel)
export class AttendanceFieldsResolver {
  constructor(private readonly personnel: PersonnelService, private readonly clock: Clock) {}

  @Allow(Permission.PERSONNEL_READ)
  @ResolveField(() => PersonModel)
  async person(@Ctx() ctx: RequestContext, @Parent() a: AttendanceModel): Promise<PersonModel> {
    return PersonModel.from((await this.personnel.personById(ctx).load(a.row.personId)) as Person, this.clock.today());
  }
}

@Resolver(() => ExamModel)
export class ExamFieldsResolver extends RegionFields {
  constructor(organizations: OrganizationService, private readonly exams: ExamService, private readonly personnel: PersonnelService) {
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
  @ResolveField(() => [ExamResultModel], { description: '成绩（本辖区的人员，高分在前）' })
  async results(@Ctx() ctx: RequestContext, @Parent() e: ExamModel): Promise<ExamResultModel[]> {
    return (await visibleRows(ctx, this.personnel, this.organizations, await this.exams.resultsOfExam(ctx).load(e.row.id))).map(ExamResultModel.from);
  }
}

@Resolver(() => ExamResultModel)
export class ExamResultFieldsResolver {
  constructor(private readonly exams: ExamService, private readonly personnel: PersonnelService, private readonly organizations: OrganizationService, private readonly clock: Clock) {}

  @Allow(Permission.PERSONNEL_READ)
  @ResolveField(() => PersonModel)
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
  @ResolveField(() => [ExamResultModel], { description: '考试成绩（岗前考试、季度业务理论考试等，新的在前；TRN-2）' })
  async examResults(@Ctx() ctx: RequestContext, @Parent() p: PersonModel): Promise<ExamResultModel[]> {
    return (await this.exams.resultsOfPerson(ctx).load(p.row.id)).map(ExamResultModel.from);
  }
}

@Resolver(() => VillageGuidanceModel)
export class VillageGuidanceFieldsResolver extends RegionFields {
  @Allow(Permission.TRAINING_READ)
  @ResolveField(() => RegionModel, { description: '村（社区）' })
  village(@Ctx() ctx: RequestContext, @Parent() g: VillageGuidanceModel): Promise<RegionModel> {
    return this.regionOf(ctx, g.row.villageId);
  }
}

@Resolver(() => GuidanceVisitModel)
export class GuidanceVisitFieldsResolver extends RegionFields {
  @Allow(Permission.TRAINING_READ)
  @ResolveField(() => RegionModel, { description: '村（社区）' })
  village(@Ctx() ctx: RequestContext, @Parent() v: GuidanceVisitModel): Promise<RegionModel> {
    return this.regionOf(ctx, v.row.villageId);
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
  @ResolveField(() => [GoodPracticeEventModel], { description: '办理记录' })
  async events(@Ctx() ctx: RequestContext, @Parent() p: GoodPracticeModel): Promise<GoodPracticeEventModel[]> {
    return (await this.practices.eventsOf(ctx).load(p.row.id)).map(GoodPracticeEventModel.from);
  }
}
