import { Args, ArgsType, Field, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { Allow } from '../kernel/access.decorators';
import { Permission } from '../kernel/permissions';
import { mapConnection, PageArgs } from '../graphql/connection';
import { Ctx } from '../graphql/context.decorator';
import type { RequestContext } from '../kernel/request-context';
import { OrganizationService } from '../organization/organization.service';
import { OrganizationModel } from '../organization/organization.types';
import { PersonnelService } from '../personnel/personnel.service';
import { DutyReportConnection, DutyReportModel, DutyReportScoreModel, ScoreWorkReportInput, SubmitWorkReportInput } from './duty-report.types';
import { EvaluationInputsService } from './evaluation-inputs.service';
import { ScoringSide, SubjectKind } from './evaluation.enums';

@ArgsType()
class DutyReportsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: '区划（含下级），默认本辖区' }) @IsOptional() @IsString() @MaxLength(200) regionId?: string;
  @Field(() => Int, { nullable: true, description: '只列出这一年的' }) @IsOptional() @IsInt() @Min(2000) @Max(2100) year?: number;
  @Field(() => Int, { nullable: true, description: '只列出这一月的（1–12）' }) @IsOptional() @IsInt() @Min(1) @Max(12) month?: number;
  @Field(() => ScoringSide, { nullable: true, description: '只列出这一方尚未评分的' }) @IsOptional() @IsEnum(ScoringSide) unscoredBy?: ScoringSide;
}

/** Monthly work reports (EVA-1) and their two scores (EVA-5: the guidance center and the township government). */
@Resolver()
export class DutyReportResolver {
  constructor(private readonly inputs: EvaluationInputsService) {}

  @Allow(Permission.EVALUATION_READ)
  @Query(() => DutyReportConnection, { description: '月度工作述职（本辖区）' })
  async dutyReports(@Ctx() ctx: RequestContext, @Args() args: DutyReportsArgs): Promise<DutyReportConnection> {
    return mapConnection(await this.inputs.reports(ctx, args, args), DutyReportModel.from) as DutyReportConnection;
  }

  @Allow(Permission.EVALUATION_REPORT_SUBMIT, { outside: 'NOT_FOUND' })
  @Mutation(() => DutyReportModel, { description: '提交月度工作述职（EVA-1）' })
  async submitWorkReport(@Ctx() ctx: RequestContext, @Args('input', { description: '述职的对象、月份和内容' }) input: SubmitWorkReportInput): Promise<DutyReportModel> {
    return DutyReportModel.from(await this.inputs.submitReport(ctx, input));
  }

  @Allow(Permission.EVALUATION_SCORE, { outside: 'NOT_FOUND' })
  @Mutation(() => DutyReportModel, { description: '为工作述职评分（EVA-5：指导中心、乡镇人民政府各评一次）' })
  async scoreWorkReport(@Ctx() ctx: RequestContext, @Args('input', { description: '述职、分数和评语' }) input: ScoreWorkReportInput): Promise<DutyReportModel> {
    return DutyReportModel.from(await this.inputs.scoreReport(ctx, input));
  }
}

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
