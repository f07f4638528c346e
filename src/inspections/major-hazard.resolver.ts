import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow } from '../kernel/access.decorators';
import { Permission } from '../kernel/permissions';
import { Clock } from '../common/clock';
import { Ctx } from '../graphql/context.decorator';
import type { RequestContext } from '../kernel/request-context';
import { HazardService } from './hazard.service';
import { AsOfArgs } from './inspections.args';
import { MajorHazardCatalogueItemModel, MajorHazardCatalogueModel, MajorHazardThresholdModel, PublishMajorHazardCatalogueInput } from './major-hazard.types';

/** The major fire hazard determination catalogue (GB 35181), versioned by edition. */
@Resolver()
export class MajorHazardCatalogueResolver {
  constructor(private readonly hazards: HazardService, private readonly clock: Clock) {}

  @Allow(Permission.INSPECTION_READ)
  @Query(() => MajorHazardCatalogueModel, { description: '某日生效的重大火灾隐患判定标准（默认今天）' })
  async majorHazardCatalogue(@Args() args: AsOfArgs): Promise<MajorHazardCatalogueModel> {
    const c = await this.hazards.catalogue(args.asOf ?? this.clock.today());
    return { items: c.items.map(MajorHazardCatalogueItemModel.from), thresholds: c.thresholds.map(MajorHazardThresholdModel.from) };
  }

  @Allow(Permission.CATALOGUE_MANAGE)
  @Mutation(() => MajorHazardCatalogueModel, { description: '发布（或补全）重大火灾隐患判定标准版本：新版本自生效日起适用，上一版本于前一日止；已被隐患引用的判定项不能删除' })
  async publishMajorHazardCatalogue(@Ctx() ctx: RequestContext, @Args('input', { description: '判定标准版本、判定项和阈值' }) input: PublishMajorHazardCatalogueInput): Promise<MajorHazardCatalogueModel> {
    const c = await this.hazards.publishCatalogue(ctx, input);
    return { items: c.items.map(MajorHazardCatalogueItemModel.from), thresholds: c.thresholds.map(MajorHazardThresholdModel.from) };
  }
}
