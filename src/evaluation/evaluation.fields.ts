import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow } from '../auth/access.decorators';
import { reaches } from '../auth/jurisdiction';
import { Permission } from '../auth/permissions';
import { Clock } from '../common/clock';
import { Ctx } from '../graphql/context.decorator';
import type { RequestContext } from '../graphql/request-context';
import { OrganizationModel } from '../organization/organization.types';
import { OrganizationService } from '../organization/organization.service';
import type { Person } from '../personnel/person.entity';
import { PersonnelService } from '../personnel/personnel.service';
import { PersonModel } from '../personnel/personnel.types';
import { EvaluationInputsService } from './evaluation-inputs.service';
import { SubjectKind } from './evaluation.enums';
import { EvaluationService } from './evaluation.service';
import { AccountabilityCaseModel, DutyReportModel, DutyReportScoreModel, EvaluationModel } from './evaluation.types';

@Resolver(() => DutyReportModel)
export class DutyReportFieldsResolver {
  constructor(private readonly inputs: EvaluationInputsService, private readonly organizations: OrganizationService, private readonly personnel: PersonnelService) {}

  @Allow(Permission.EVALUATION_READ)
  @ResolveField(() => String, { description: '述职的人员或工作站名称' })
  async subjectName(@Ctx() ctx: RequestContext, @Parent() d: DutyReportModel): Promise<string> {
    return d.row.subjectKind === SubjectKind.PERSON
      ? (await this.personnel.personById(ctx).load(d.row.subjectId))!.name
      : (await this.organizations.organizationById(ctx).load(d.row.subjectId))!.name;
  }

  @Allow(Permission.EVALUATION_READ)
  @ResolveField(() => OrganizationModel, { description: '工作站' })
  async station(@Ctx() ctx: RequestContext, @Parent() d: DutyReportModel): Promise<OrganizationModel> {
    return OrganizationModel.from((await this.organizations.organizationById(ctx).load(d.row.stationId))!);
  }

  @Allow(Permission.EVALUATION_READ)
  @ResolveField(() => [DutyReportScoreModel], { description: '评分（EVA-5），最多 2 条：指导中心、乡镇人民政府各一条' })
  async scores(@Ctx() ctx: RequestContext, @Parent() d: DutyReportModel): Promise<DutyReportScoreModel[]> {
    return (await this.inputs.scoresOf(ctx).load(d.row.id)).map(DutyReportScoreModel.from);
  }
}

@Resolver(() => EvaluationModel)
export class EvaluationFieldsResolver {
  constructor(private readonly organizations: OrganizationService) {}

  @Allow(Permission.EVALUATION_READ)
  @ResolveField(() => OrganizationModel, { description: '工作站（人员：该期所在的工作站）' })
  async station(@Ctx() ctx: RequestContext, @Parent() e: EvaluationModel): Promise<OrganizationModel> {
    return OrganizationModel.from((await this.organizations.organizationById(ctx).load(e.row.stationId))!);
  }
}

@Resolver(() => AccountabilityCaseModel)
export class AccountabilityCaseFieldsResolver {
  constructor(
    private readonly evaluations: EvaluationService,
    private readonly personnel: PersonnelService,
    private readonly organizations: OrganizationService,
    private readonly clock: Clock,
  ) {}

  @Allow(Permission.ACCOUNTABILITY_READ)
  @ResolveField(() => EvaluationModel, { nullable: true, description: '第二个不称职年度的考评结果（辖区外为空）' })
  async evaluation(@Ctx() ctx: RequestContext, @Parent() c: AccountabilityCaseModel): Promise<EvaluationModel | null> {
    return c.row.resultId ? this.visible(ctx, c.row.resultId) : null;
  }

  @Allow(Permission.ACCOUNTABILITY_READ)
  @ResolveField(() => EvaluationModel, { nullable: true, description: '上一年度（不称职）的考评结果（本人换了乡镇时，辖区外为空）' })
  async previousEvaluation(@Ctx() ctx: RequestContext, @Parent() c: AccountabilityCaseModel): Promise<EvaluationModel | null> {
    return c.row.previousResultId ? this.visible(ctx, c.row.previousResultId) : null;
  }

  /** A result inside the reader's jurisdiction, else null (a person who moved townships: the old one's result). */
  private async visible(ctx: RequestContext, id: string): Promise<EvaluationModel | null> {
    const row = (await this.evaluations.resultById(ctx).load(id))!;
    const region = await this.organizations.regionById(ctx).load(row.regionId);
    return region && reaches(ctx.actor, region.path) ? EvaluationModel.from(row) : null;
  }

  // non-null as released: this type is only ever a person case (EVA-6); a member-unit case (COM-6) is MemberUnitAccountabilityCase
  @Allow(Permission.PERSONNEL_READ)
  @ResolveField(() => PersonModel, { description: '被问责的人员' })
  async person(@Ctx() ctx: RequestContext, @Parent() c: AccountabilityCaseModel): Promise<PersonModel> {
    return PersonModel.from((await this.personnel.personById(ctx).load(c.row.personId!)) as Person, this.clock.today());
  }
}
