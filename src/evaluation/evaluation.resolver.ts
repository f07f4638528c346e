import { Args, ArgsType, Field, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { Allow } from '../auth/access.decorators';
import { Permission } from '../auth/permissions';
import { Clock } from '../common/clock';
import { PeriodKind, periodLabel } from '../common/period';
import { mapConnection, PageArgs } from '../graphql/connection';
import { Ctx } from '../graphql/context.decorator';
import { toGlobalId } from '../graphql/global-id';
import { IsCalendarDate, NestedField } from '../graphql/input-fields';
import { CalendarDateScalar } from '../graphql/scalars';
import { PeriodInput } from '../graphql/period.types';
import type { RequestContext } from '../graphql/request-context';
import { RegionModel } from '../organization/organization.types';
import { EvaluationInputsService } from './evaluation-inputs.service';
import { EvaluationPolicyService } from './evaluation-policy.service';
import { AccountabilityStatus, Grade, ScoringSide } from './evaluation.enums';
import { EvaluationService } from './evaluation.service';
import {
  AccountabilityCaseConnection, AccountabilityCaseModel, AppraisalReceiptModel, AppraisalRoundModel, subjectGlobalId, CastAppraisalBallotInput, DutyReportConnection, DutyReportModel,
  EvaluationBreakdownModel, EvaluationConnection, EvaluationModel, EvaluationPolicyModel, EvaluationReminderConnection, EvaluationReminderModel, FinalizeEvaluationInput,
  FinalizeEvaluationPayload, PublishEvaluationPolicyInput, RecordAccountabilityInterviewInput, ScoreWorkReportInput, SubmitWorkReportInput,
} from './evaluation.types';

@ArgsType()
class EvaluationsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: '考评对象：人员或工作站' }) @IsOptional() @IsString() @MaxLength(200) subjectId?: string;
  @Field(() => PeriodKind, { nullable: true, description: '只列出这一种周期（月、季度或年）' }) @IsOptional() @IsEnum(PeriodKind) periodKind?: PeriodKind;
  @Field(() => Int, { nullable: true, description: '只列出这一年的' }) @IsOptional() @IsInt() @Min(2000) @Max(2100) year?: number;
  @Field(() => Grade, { nullable: true, description: '只列出这一等次的' }) @IsOptional() @IsEnum(Grade) grade?: Grade;
  @Field(() => ID, { nullable: true, description: '区划（含下级），默认本辖区' }) @IsOptional() @IsString() @MaxLength(200) regionId?: string;
  @Field(() => Boolean, { nullable: true, description: '包括已被更正的旧版本' }) @IsOptional() @IsBoolean() includeSuperseded?: boolean;
}
@ArgsType()
class DutyReportsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: '区划（含下级），默认本辖区' }) @IsOptional() @IsString() @MaxLength(200) regionId?: string;
  @Field(() => Int, { nullable: true, description: '只列出这一年的' }) @IsOptional() @IsInt() @Min(2000) @Max(2100) year?: number;
  @Field(() => Int, { nullable: true, description: '只列出这一月的（1–12）' }) @IsOptional() @IsInt() @Min(1) @Max(12) month?: number;
  @Field(() => ScoringSide, { nullable: true, description: '只列出这一方尚未评分的' }) @IsOptional() @IsEnum(ScoringSide) unscoredBy?: ScoringSide;
}
@ArgsType()
class CasesArgs extends PageArgs {
  @Field(() => AccountabilityStatus, { nullable: true, description: '只列出这一状态的' }) @IsOptional() @IsEnum(AccountabilityStatus) status?: AccountabilityStatus;
  @Field(() => Int, { nullable: true, description: '只列出第二个不称职年度为这一年的' }) @IsOptional() @IsInt() @Min(2000) @Max(2100) year?: number;
  @Field(() => ID, { nullable: true, description: '区划（含下级），默认本辖区' }) @IsOptional() @IsString() @MaxLength(200) regionId?: string;
}
@ArgsType()
class RemindersArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: '区划（含下级），默认本辖区' }) @IsOptional() @IsString() @MaxLength(200) regionId?: string;
  @Field(() => Boolean, { nullable: true, description: '只看应由本账号角色办理的' }) @IsOptional() @IsBoolean() mine?: boolean;
}
@ArgsType()
class PolicyArgs {
  @Field(() => CalendarDateScalar, { nullable: true, description: '哪一天生效的版本（北京时间），默认今天' }) @IsOptional() @IsCalendarDate() asOf?: string;
}
@ArgsType()
class RoundArgs {
  @Field(() => ID, { description: '工作站 id' }) @IsString() @MaxLength(200) stationId: string;
  @NestedField(() => PeriodInput, { description: '月或季度' }) period: PeriodInput;
}
@ArgsType()
class BreakdownArgs {
  @Field(() => ID, { description: '考评结果 id' }) @IsString() @MaxLength(200) id: string;
}

/** EVA-1 .. EVA-6: the evaluation's operations. The names the issue fixed are kept exactly. */
@Resolver()
export class EvaluationResolver {
  constructor(
    private readonly inputs: EvaluationInputsService,
    private readonly service: EvaluationService,
    private readonly policies: EvaluationPolicyService,
    private readonly clock: Clock,
  ) {}

  @Allow(Permission.EVALUATION_READ)
  @Query(() => EvaluationPolicyModel, { description: '某日生效的考评政策（默认今天）' })
  async evaluationPolicy(@Args() args: PolicyArgs): Promise<EvaluationPolicyModel> {
    return EvaluationPolicyModel.from(await this.policies.on(args.asOf ?? this.clock.today()));
  }

  @Allow(Permission.EVALUATION_POLICY_MANAGE)
  @Mutation(() => EvaluationPolicyModel, { description: '发布考评政策新版本（只对以后的周期生效，已定稿的结果不变）' })
  async publishEvaluationPolicy(@Ctx() ctx: RequestContext, @Args('input', { description: '新版本的参数和生效日期' }) input: PublishEvaluationPolicyInput): Promise<EvaluationPolicyModel> {
    return EvaluationPolicyModel.from(await this.policies.publish(ctx, input));
  }

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

  @Allow(Permission.APPRAISAL_VOTE)
  @Mutation(() => AppraisalReceiptModel, { description: '民主评议投票（匿名，EVA-1、EVA-2）' })
  async castAppraisalBallot(@Ctx() ctx: RequestContext, @Args('input', { description: '工作站、周期和每个对象的评分' }) input: CastAppraisalBallotInput): Promise<AppraisalReceiptModel> {
    const r = await this.inputs.castBallot(ctx, input);
    return {
      stationId: toGlobalId('Organization', r.station.id), stationName: r.station.name, period: { ...r.period, label: periodLabel(r.period) }, valid: r.valid, ballots: r.ballots,
      message: r.valid ? '投票成功' : '已投票，但各对象分数相同，按规定为无效票，不计入评议结果',
    };
  }

  @Allow(Permission.APPRAISAL_VOTE)
  @Query(() => AppraisalRoundModel, { description: '民主评议的一轮：须评分的对象、已投票数、本人是否已投（EVA-1、EVA-2）' })
  async appraisalRound(@Ctx() ctx: RequestContext, @Args() args: RoundArgs): Promise<AppraisalRoundModel> {
    const r = await this.inputs.round(ctx, args.stationId, args.period);
    return {
      stationId: toGlobalId('Organization', r.station.id), stationName: r.station.name, period: { ...r.period, label: periodLabel(r.period) },
      subjects: r.subjects.map((x) => ({ subjectId: subjectGlobalId(x.kind, x.id), subjectKind: x.kind, name: x.name })), ballots: r.ballots, voted: r.voted, closed: r.closed,
    };
  }

  @Allow(Permission.EVALUATION_FINALIZE)
  @Mutation(() => FinalizeEvaluationPayload, { description: '考评定稿：计算得分和等次、保存计算明细并锁定；更正须填写理由（EVA-3、EVA-4、EVA-6）' })
  async finalizeEvaluation(@Ctx() ctx: RequestContext, @Args('input', { description: '周期、范围和（更正时的）理由' }) input: FinalizeEvaluationInput): Promise<FinalizeEvaluationPayload> {
    const r = await this.service.finalize(ctx, input);
    return {
      period: { ...r.period, label: periodLabel(r.period) }, scope: RegionModel.from(r.scope), evaluations: r.written.map(EvaluationModel.from), unchanged: r.unchanged,
      notEvaluated: r.notEvaluated.map((n) => ({ subjectId: subjectGlobalId(n.subject.kind, n.subject.id), subjectName: n.subject.name, reason: n.reason })),
      accountabilityCases: r.opened.map(AccountabilityCaseModel.from),
    };
  }

  @Allow(Permission.EVALUATION_READ)
  @Query(() => EvaluationConnection, { description: '考评结果（本辖区；默认只列现行版本）' })
  async evaluations(@Ctx() ctx: RequestContext, @Args() args: EvaluationsArgs): Promise<EvaluationConnection> {
    return mapConnection(await this.service.list(ctx, args, args), EvaluationModel.from) as EvaluationConnection;
  }

  @Allow(Permission.EVALUATION_READ, { outside: 'NOT_FOUND' })
  @Query(() => EvaluationBreakdownModel, { description: '考评结果的计算明细：每项输入、权重和中间值' })
  async evaluationBreakdown(@Ctx() ctx: RequestContext, @Args() args: BreakdownArgs): Promise<EvaluationBreakdownModel> {
    return EvaluationBreakdownModel.from(await this.service.result(ctx, args.id, 'id'));
  }

  @Allow(Permission.EVALUATION_READ)
  @Query(() => EvaluationReminderConnection, { description: '考评提醒（定时任务生成；按周期、再按事项，分页）' })
  async evaluationReminders(@Ctx() ctx: RequestContext, @Args() args: RemindersArgs): Promise<EvaluationReminderConnection> {
    return mapConnection(await this.inputs.reminders(ctx, args, args), EvaluationReminderModel.from) as EvaluationReminderConnection;
  }

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
