import { Injectable } from '@nestjs/common';
import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow } from '../../kernel/access.decorators';
import { Permission } from '../../kernel/permissions';
import { Clock } from '../../common/clock';
import { mapConnection } from '../../graphql/connection';
import { Ctx } from '../../graphql/context.decorator';
import { NodeRegistry } from '../../graphql/node';
import type { RequestContext } from '../../kernel/request-context';
import { OrganizationModel } from '../../organization/organization.types';
import { RegionModel } from '../../organization/region.types';
import { OrganizationService } from '../../organization/organization.service';
import { RegionFields } from '../../organization/region-fields';
import { CampaignService } from './campaign.service';
import { CampaignConnection, CampaignModel, CampaignProgressModel, CampaignsArgs, DeployCampaignInput } from './campaign.types';

/** COM-3: special rectification campaigns: deployment, the list, the progress. */
@Resolver()
export class CampaignResolver {
  constructor(private readonly service: CampaignService, private readonly clock: Clock) {}

  @Allow(Permission.CAMPAIGN_DEPLOY)
  @Mutation(() => CampaignModel, { description: '部署消防安全专项整治（COM-3；期间按时间规则 T-COM-3）' })
  async deployCampaign(@Ctx() ctx: RequestContext, @Args('input', { description: '名称、期间、范围、目标和部署依据' }) input: DeployCampaignInput): Promise<CampaignModel> {
    return CampaignModel.from(await this.service.deploy(ctx, input), this.clock.today());
  }

  @Allow(Permission.COMMITTEE_READ)
  @Query(() => CampaignConnection, { description: '专项整治（开始日期新的在前）：部署在本辖区的，和整治范围在本辖区内或覆盖本辖区的（如县委员会部署到本乡镇或全县的）；成员单位只看本委员会部署的（COM-3、COM-5）' })
  async campaigns(@Ctx() ctx: RequestContext, @Args() args: CampaignsArgs): Promise<CampaignConnection> {
    const today = this.clock.today();
    return mapConnection(await this.service.list(ctx, args, args), (c) => CampaignModel.from(c, today)) as CampaignConnection;
  }

  @Allow(Permission.COMMITTEE_READ, { outside: 'NOT_FOUND' })
  @Query(() => CampaignProgressModel, { description: '专项整治进度（COM-3）：按范围和期间统计，口径同火灾形势；乡镇账号查看县委员会部署到本乡镇的，只统计本辖区内的部分；成员单位只看本单位一行（COM-5）' })
  async campaignProgress(@Ctx() ctx: RequestContext, @Args('campaignId', { type: () => ID, description: '专项整治' }) campaignId: string): Promise<CampaignProgressModel> {
    return CampaignProgressModel.from(await this.service.progress(ctx, campaignId));
  }
}

@Resolver(() => CampaignModel)
export class CampaignFieldsResolver extends RegionFields {
  constructor(organizations: OrganizationService) {
    super(organizations);
  }

  @Allow(Permission.COMMITTEE_READ)
  @ResolveField(() => OrganizationModel, { description: '部署的委员会' })
  async committee(@Ctx() ctx: RequestContext, @Parent() c: CampaignModel): Promise<OrganizationModel> {
    return OrganizationModel.from((await this.organizations.organizationById(ctx).load(c.row.committeeId))!);
  }

  @Allow(Permission.COMMITTEE_READ)
  @ResolveField(() => RegionModel, { description: '委员会的辖区' })
  region(@Ctx() ctx: RequestContext, @Parent() c: CampaignModel): Promise<RegionModel> {
    return this.regionOf(ctx, c.row.regionId);
  }

  @Allow(Permission.COMMITTEE_READ)
  @ResolveField(() => [RegionModel], { description: '整治范围（委员会辖区或其下的乡镇、村），至多 100 个' })
  async scopeRegions(@Ctx() ctx: RequestContext, @Parent() c: CampaignModel): Promise<RegionModel[]> {
    return Promise.all(c.row.scopeRegionIds.map((id) => this.regionOf(ctx, id)));
  }
}

/** node(id:) for campaigns: what the actor may read (COM-5: a member unit its own committee's), else null. */
@Injectable()
export class CampaignNodes {
  constructor(nodes: NodeRegistry, campaigns: CampaignService, clock: Clock) {
    nodes.register('Campaign', async (ctx, ids) => (await campaigns.visible(ctx, ids)).map((c) => (c ? CampaignModel.from(c, clock.today()) : null)));
  }
}
