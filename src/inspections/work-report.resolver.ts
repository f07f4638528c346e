import { Args, ArgsType, Field, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsEnum, IsOptional } from 'class-validator';
import { Allow } from '../kernel/access.decorators';
import { Permission } from '../kernel/permissions';
import { CorrectionService } from '../corrections/correction.service';
import { RecordCorrectionConnection, RecordCorrectionModel } from '../corrections/correction.types';
import { CorrectedRecord } from '../corrections/record-correction.entity';
import { mapConnection, PageArgs } from '../graphql/connection';
import { Ctx } from '../graphql/context.decorator';
import { NotFoundError } from '../kernel/errors';
import type { RequestContext } from '../kernel/request-context';
import { OrganizationService } from '../organization/organization.service';
import { OrganizationModel } from '../organization/organization.types';
import { RegionPageArgs } from './inspections.args';
import { WorkReportKind, WorkReportStatus } from './inspections.enums';
import { WorkReportService } from './work-report.service';
import { FileWorkReportInput, ReviewWorkReportInput, WorkReportConnection, WorkReportModel } from './work-report.types';

@ArgsType()
class WorkReportsArgs extends RegionPageArgs {
  @Field(() => WorkReportStatus, { nullable: true, description: '只看此审阅状态' }) @IsOptional() @IsEnum(WorkReportStatus) status?: WorkReportStatus;
  @Field(() => WorkReportKind, { nullable: true, description: '只看计划或只看报告' }) @IsOptional() @IsEnum(WorkReportKind) kind?: WorkReportKind;
}

/** Stations' work plans and reports, and the center's review (INS-5). */
@Resolver()
export class WorkReportResolver {
  constructor(private readonly reports: WorkReportService) {}

  @Allow(Permission.WORK_REPORT_READ)
  @Query(() => WorkReportConnection, { description: '工作计划和报告（本辖区，新的在前）' })
  async workReports(@Ctx() ctx: RequestContext, @Args() args: WorkReportsArgs): Promise<WorkReportConnection> {
    return mapConnection(await this.reports.list(ctx, args, args), WorkReportModel.from) as WorkReportConnection;
  }

  @Allow(Permission.WORK_REPORT_FILE)
  @Mutation(() => WorkReportModel, { description: '报送工作计划或报告（INS-5）' })
  async fileWorkReport(@Ctx() ctx: RequestContext, @Args('input', { description: '工作计划或报告' }) input: FileWorkReportInput): Promise<WorkReportModel> {
    return WorkReportModel.from(await this.reports.file(ctx, input));
  }

  @Allow(Permission.WORK_REPORT_REVIEW, { outside: 'NOT_FOUND' })
  @Mutation(() => WorkReportModel, { description: '审阅工作计划或报告：接收、退回（附意见）、采纳' })
  async reviewWorkReport(@Ctx() ctx: RequestContext, @Args('input', { description: '审阅决定和意见' }) input: ReviewWorkReportInput): Promise<WorkReportModel> {
    return WorkReportModel.from(await this.reports.review(ctx, input));
  }
}

/** A work report's nested fields, each through a per-request DataLoader (one query per batch, never one per parent). */
@Resolver(() => WorkReportModel)
export class WorkReportFieldsResolver {
  constructor(private readonly organizations: OrganizationService, private readonly history: CorrectionService) {}

  @Allow(Permission.WORK_REPORT_READ)
  @ResolveField(() => RecordCorrectionConnection, { description: '重新报送的记录：退回后重新报送时被替换的标题、正文和上一轮审阅（状态、意见、审阅人、时间），由早到晚，分页' })
  async corrections(@Ctx() ctx: RequestContext, @Parent() w: WorkReportModel, @Args() page: PageArgs): Promise<RecordCorrectionConnection> {
    return mapConnection(await this.history.pages(ctx, CorrectedRecord.WORK_REPORT, page).load(w.row.id), RecordCorrectionModel.from) as RecordCorrectionConnection;
  }

  @Allow(Permission.WORK_REPORT_READ)
  @ResolveField(() => OrganizationModel, { description: '报送的工作站' })
  async station(@Ctx() ctx: RequestContext, @Parent() w: WorkReportModel): Promise<OrganizationModel> {
    const row = await this.organizations.organizationById(ctx).load(w.row.organizationId);
    if (!row) throw new NotFoundError('工作站');
    return OrganizationModel.from(row);
  }
}
