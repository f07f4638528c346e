import { Args, ArgsType, Field, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { Allow } from '../kernel/access.decorators';
import { reaches } from '../kernel/jurisdiction';
import { Permission } from '../kernel/permissions';
import { Clock } from '../common/clock';
import { mapConnection, PageArgs } from '../graphql/connection';
import { Ctx } from '../graphql/context.decorator';
import type { RequestContext } from '../kernel/request-context';
import { OrganizationService } from '../organization/organization.service';
import type { Person } from '../personnel/person.entity';
import { PersonnelService } from '../personnel/personnel.service';
import { PersonModel } from '../personnel/person.types';
import { AccountabilityCaseConnection, AccountabilityCaseModel, RecordAccountabilityInterviewInput } from './accountability-case.types';
import { AccountabilityStatus } from './evaluation.enums';
import { EvaluationService } from './evaluation.service';
import { EvaluationModel } from './evaluation.types';

@ArgsType()
class CasesArgs extends PageArgs {
  @Field(() => AccountabilityStatus, { nullable: true, description: '只列出这一状态的' }) @IsOptional() @IsEnum(AccountabilityStatus) status?: AccountabilityStatus;
  @Field(() => Int, { nullable: true, description: '只列出第二个不称职年度为这一年的' }) @IsOptional() @IsInt() @Min(2000) @Max(2100) year?: number;
  @Field(() => ID, { nullable: true, description: '区划（含下级），默认本辖区' }) @IsOptional() @IsString() @MaxLength(200) regionId?: string;
}

/** Cases of people incompetent two years running (EVA-6) and their interviews. */
@Resolver()
export class AccountabilityCaseResolver {
  constructor(private readonly service: EvaluationService) {}

  @Allow(Permission.ACCOUNTABILITY_READ)
  @Query(() => AccountabilityCaseConnection, { description: '连续两年不称职的问责案件（EVA-6）' })
  async accountabilityCases(@Ctx() ctx: RequestContext, @Args() args: CasesArgs): Promise<AccountabilityCaseConnection> {
    return mapConnection(await this.service.cases(ctx, args, args), AccountabilityCaseModel.from) as AccountabilityCaseConnection;
  }

  @Allow(Permission.ACCOUNTABILITY_MANAGE, { outside: 'NOT_FOUND' })
  @Mutation(() => AccountabilityCaseModel, { description: '登记问责约谈及结果（EVA-6）' })
  async recordAccountabilityInterview(@Ctx() ctx: RequestContext, @Args('input', { description: '案件、约谈日期、约谈人和结果' }) input: RecordAccountabilityInterviewInput): Promise<AccountabilityCaseModel> {
    return AccountabilityCaseModel.from(await this.service.recordInterview(ctx, input));
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
