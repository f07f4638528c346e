import { Args, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow, SignedIn } from '../auth/access.decorators';
import { regionVisible } from '../auth/jurisdiction';
import { can } from '../auth/work-scope';
import { Permission } from '../auth/permissions';
import { Clock } from '../common/clock';
import { memoryPage } from '../graphql/child-pages';
import { mapConnection, PageArgs } from '../graphql/connection';
import type { OrderKey } from '../graphql/connection';
import { Ctx } from '../graphql/context.decorator';
import type { RequestContext } from '../graphql/request-context';
import { RegionConnection, RegionModel } from '../organization/organization.types';
import { OrganizationService } from '../organization/organization.service';
import { RegionFields } from '../organization/region-fields';
import type { Person } from '../personnel/person.entity';
import { PersonnelService } from '../personnel/personnel.service';
import { PersonModel } from '../personnel/personnel.types';
import { ExamService } from './exam.service';
import { CorrectionService } from '../corrections/correction.service';
import { CorrectedRecord } from '../corrections/record-correction.entity';
import { RecordCorrectionConnection, RecordCorrectionModel } from '../corrections/correction.types';
import { PracticeService } from './practice.service';
import {
  ActivityCountConnection, ActivityCountModel, ActivityCountsModel, ActivityModel, AttendanceConnection, AttendanceModel, CourseModel, CourseSessionConnection,
  CourseSessionModel, ExamModel, ExamResultConnection, ExamResultModel, GoodPracticeEventConnection, GoodPracticeEventModel, GoodPracticeModel, GuidanceVisitModel,
  TeamShortfallConnection, TeamShortfallModel, TownshipCoverageModel, VillageGuidanceModel,
} from './training.types';

/** Rows of a per-township figure: townships first by their order, then the regions above a township (the county's own). */
const COUNT_ORDER: OrderKey<ActivityCountModel>[] = [
  { expr: 'rank', type: 'int', value: (r) => r.key.rank },
  { expr: 'sort_order', type: 'int', value: (r) => r.key.sortOrder },
  { expr: 'id', type: 'uuid', value: (r) => r.key.id },
];
/** A township's villages in their order (region's sort order, then id). */
const VILLAGE_ORDER: OrderKey<RegionModel>[] = [
  { expr: 'sort_order', type: 'int', value: (v) => v.row.sortOrder },
  { expr: 'id', type: 'uuid', value: (v) => v.row.id },
];
const SHORTFALL_ORDER: OrderKey<TeamShortfallModel>[] = VILLAGE_ORDER.map((o) => ({ expr: o.expr, type: o.type as 'int' | 'uuid', value: (s: TeamShortfallModel) => o.value!(s.village) }));


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

@Resolver(() => VillageGuidanceModel)
export class VillageGuidanceFieldsResolver extends RegionFields {
  constructor(organizations: OrganizationService, private readonly history: CorrectionService) {
    super(organizations);
  }

  @Allow(Permission.TRAINING_READ)
  @ResolveField(() => RecordCorrectionConnection, { description: '更正记录：替换已登记的管理人、公约、队伍时保留的原值、新值、原因、更正人和时间（由早到晚，分页）' })
  async corrections(@Ctx() ctx: RequestContext, @Parent() g: VillageGuidanceModel, @Args() page: PageArgs): Promise<RecordCorrectionConnection> {
    return mapConnection(await this.history.pages(ctx, CorrectedRecord.VILLAGE_GUIDANCE, page).load(g.row.villageId), RecordCorrectionModel.from) as RecordCorrectionConnection;
  }

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
  @ResolveField(() => GoodPracticeEventConnection, { description: '办理记录（早的在前；退回和修改可多次往复）' })
  async events(@Ctx() ctx: RequestContext, @Parent() p: GoodPracticeModel, @Args() page: PageArgs): Promise<GoodPracticeEventConnection> {
    return mapConnection(await this.practices.events(ctx, p.row.id, page), GoodPracticeEventModel.from) as GoodPracticeEventConnection;
  }
}

// The per-township figures are computed whole for the page of their parent; these fields page what is in memory.
@Resolver(() => ActivityCountsModel)
export class ActivityCountsFieldsResolver {
  @Allow(Permission.TRAINING_READ)
  @ResolveField(() => ActivityCountConnection, { description: '各乡镇一行（没有活动的为 0），县本级有活动时另有一行，排在乡镇之后（TRN-1）' })
  rows(@Parent() c: ActivityCountsModel, @Args() page: PageArgs): ActivityCountConnection {
    return memoryPage(c.all, page, COUNT_ORDER) as ActivityCountConnection;
  }
}

@Resolver(() => TownshipCoverageModel)
export class TownshipCoverageFieldsResolver {
  @Allow(Permission.TRAINING_READ)
  @ResolveField(() => RegionConnection, { description: '缺消防安全管理人的村（社区），按村的排序' })
  lackingManager(@Parent() c: TownshipCoverageModel, @Args() page: PageArgs): RegionConnection {
    return memoryPage(c.lists.lackingManager, page, VILLAGE_ORDER) as RegionConnection;
  }

  @Allow(Permission.TRAINING_READ)
  @ResolveField(() => RegionConnection, { description: '缺防火公约的村（社区），按村的排序' })
  lackingPledge(@Parent() c: TownshipCoverageModel, @Args() page: PageArgs): RegionConnection {
    return memoryPage(c.lists.lackingPledge, page, VILLAGE_ORDER) as RegionConnection;
  }

  @Allow(Permission.TRAINING_READ)
  @ResolveField(() => RegionConnection, { description: '没有消防队伍的村（社区），按村的排序' })
  lackingTeam(@Parent() c: TownshipCoverageModel, @Args() page: PageArgs): RegionConnection {
    return memoryPage(c.lists.lackingTeam, page, VILLAGE_ORDER) as RegionConnection;
  }

  @Allow(Permission.TRAINING_READ)
  @ResolveField(() => TeamShortfallConnection, { description: '队伍不达标的村（社区）（微型消防站缺站长或经培训队员不足 5 人），按村的排序' })
  shortTeams(@Parent() c: TownshipCoverageModel, @Args() page: PageArgs): TeamShortfallConnection {
    return memoryPage(c.lists.shortTeams, page, SHORTFALL_ORDER) as TeamShortfallConnection;
  }
}
