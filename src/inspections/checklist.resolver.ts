import { Args, ArgsType, Field, Mutation, Query, Resolver } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsOptional } from 'class-validator';
import { Allow } from '../kernel/access.decorators';
import { Permission } from '../kernel/permissions';
import { Ctx } from '../graphql/context.decorator';
import type { RequestContext } from '../kernel/request-context';
import { ChecklistTemplateModel, PublishChecklistTemplateInput } from './checklist.types';
import { PremisesKind } from './inspections.enums';
import { PremisesService } from './premises.service';

@ArgsType()
class ChecklistArgs {
  @Field(() => PremisesKind, { nullable: true, description: '只看此类场所的检查表' }) @IsOptional() @IsEnum(PremisesKind) premisesKind?: PremisesKind;
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: '列出所有版本（默认只列现行版本）' }) @IsOptional() @IsBoolean() allVersions?: boolean;
}

/** Checklist templates, versioned per premises kind (INS-1). */
@Resolver()
export class ChecklistResolver {
  constructor(private readonly premises: PremisesService) {}

  @Allow(Permission.INSPECTION_READ)
  @Query(() => [ChecklistTemplateModel], {
    description: '检查表：默认各类场所的现行版本（每类一项，最多 6 项）；allVersions 时含历次发布的版本（按类别、版本排序，每次发布才增加一项）',
  })
  async checklistTemplates(@Args() args: ChecklistArgs): Promise<ChecklistTemplateModel[]> {
    return (await this.premises.templates(args.premisesKind, args.allVersions ?? false)).map(ChecklistTemplateModel.from);
  }

  @Allow(Permission.CHECKLIST_MANAGE)
  @Mutation(() => ChecklistTemplateModel, { description: '发布检查表新版本（已有检查记录保留原版本）' })
  async publishChecklistTemplate(@Ctx() ctx: RequestContext, @Args('input', { description: '新版本检查表' }) input: PublishChecklistTemplateInput): Promise<ChecklistTemplateModel> {
    return ChecklistTemplateModel.from(await this.premises.publishTemplate(ctx, input));
  }
}
