import { Args, ArgsType, Field, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { Allow } from '../kernel/access.decorators';
import { Permission } from '../kernel/permissions';
import { PeriodKind, periodLabel } from '../common/period';
import { mapConnection, PageArgs } from '../graphql/connection';
import { Ctx } from '../graphql/context.decorator';
import type { RequestContext } from '../kernel/request-context';
import { OrganizationService } from '../organization/organization.service';
import { OrganizationModel } from '../organization/organization.types';
import { RegionModel } from '../organization/region.types';
import { AccountabilityCaseModel } from './accountability-case.types';
import { Grade } from './evaluation.enums';
import { EvaluationService } from './evaluation.service';
import { EvaluationBreakdownModel, EvaluationConnection, EvaluationModel, FinalizeEvaluationInput, FinalizeEvaluationPayload } from './evaluation.types';
import { subjectGlobalId } from './roster';

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
class BreakdownArgs {
  @Field(() => ID, { description: '考评结果 id' }) @IsString() @MaxLength(200) id: string;
}

/** Results (EVA-3, EVA-4, EVA-6): finalization with its breakdowns and corrections, the results and their breakdowns. */
@Resolver()
export class EvaluationResolver {
  constructor(private readonly service: EvaluationService) {}

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
