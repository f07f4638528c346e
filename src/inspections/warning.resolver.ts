import { Args, ArgsType, Field, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsOptional } from 'class-validator';
import { Allow } from '../kernel/access.decorators';
import { Permission } from '../kernel/permissions';
import { mapConnection } from '../graphql/connection';
import { Ctx } from '../graphql/context.decorator';
import { BadUserInputError } from '../kernel/errors';
import type { RequestContext } from '../kernel/request-context';
import { OrganizationService } from '../organization/organization.service';
import { RegionModel } from '../organization/region.types';
import { RegionFields } from '../organization/region-fields';
import { RegionPageArgs } from './inspections.args';
import { WarningLevel, WarningStatus } from './inspections.enums';
import { WarningService } from './warning.service';
import { AcknowledgeWarningInput, UpdateWarningRuleInput, WarningConnection, WarningEvaluationModel, WarningModel, WarningRuleModel } from './warning.types';

@ArgsType()
class WarningsArgs extends RegionPageArgs {
  @Field(() => WarningStatus, { nullable: true, description: '只看此状态' }) @IsOptional() @IsEnum(WarningStatus) status?: WarningStatus;
  @Field(() => WarningLevel, { nullable: true, description: '只看此等级' }) @IsOptional() @IsEnum(WarningLevel) level?: WarningLevel;
  @Field(() => Boolean, { nullable: true, description: '只看已签收（true）或未签收（false）的' }) @IsOptional() @IsBoolean() acknowledged?: boolean;
}

/** Early warnings and their rules (INS-3). */
@Resolver()
export class WarningResolver {
  constructor(private readonly warnings: WarningService) {}

  @Allow(Permission.WARNING_READ)
  @Query(() => WarningConnection, { name: 'warnings', description: '预警（本辖区，新的在前）' })
  async warnings_(@Ctx() ctx: RequestContext, @Args() args: WarningsArgs): Promise<WarningConnection> {
    return mapConnection(await this.warnings.warnings(ctx, args, args), WarningModel.from) as WarningConnection;
  }

  @Allow(Permission.WARNING_READ)
  @Query(() => [WarningRuleModel], { description: '预警规则（系统预置，只能调整不能新增；按编号，最多 50 条）' })
  async warningRules(): Promise<WarningRuleModel[]> {
    return (await this.warnings.rules()).map(WarningRuleModel.from);
  }

  @Allow(Permission.WARNING_ACKNOWLEDGE, { outside: 'NOT_FOUND' })
  @Mutation(() => WarningModel, { description: '签收预警' })
  async acknowledgeWarning(@Ctx() ctx: RequestContext, @Args('input', { description: '要签收的预警' }) input: AcknowledgeWarningInput): Promise<WarningModel> {
    return WarningModel.from(await this.warnings.acknowledge(ctx, input));
  }

  @Allow(Permission.WARNING_RULE_MANAGE)
  @Mutation(() => WarningRuleModel, { description: '调整预警规则（等级、阈值、启停）' })
  async updateWarningRule(@Ctx() ctx: RequestContext, @Args('input', { description: '规则及要调整的等级、启停和参数' }) input: UpdateWarningRuleInput): Promise<WarningRuleModel> {
    const params = input.params ? Object.fromEntries(input.params.map((p) => [p.name, p.value])) : undefined;
    if (input.params && Object.keys(params!).length !== input.params.length) throw BadUserInputError.field('input.params', '参数重复');
    return WarningRuleModel.from(await this.warnings.updateRule(ctx, { ...input, params }));
  }

  @Allow(Permission.WARNING_RULE_MANAGE)
  @Mutation(() => WarningEvaluationModel, { description: '立即评估预警（平时由定时任务执行）' })
  async evaluateWarnings(): Promise<WarningEvaluationModel> {
    return this.warnings.evaluate();
  }
}

/** A warning's nested fields, each through a per-request DataLoader (one query per batch, never one per parent). */
@Resolver(() => WarningModel)
export class WarningFieldsResolver extends RegionFields {
  constructor(organizations: OrganizationService) {
    super(organizations);
  }

  @Allow(Permission.WARNING_READ)
  @ResolveField(() => RegionModel, { description: '预警所在区划' })
  region(@Ctx() ctx: RequestContext, @Parent() w: WarningModel): Promise<RegionModel> {
    return this.regionOf(ctx, w.row.regionId);
  }
}
