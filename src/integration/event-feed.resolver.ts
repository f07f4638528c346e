import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow } from '../kernel/access.decorators';
import { Permission } from '../kernel/permissions';
import { Ctx } from '../graphql/context.decorator';
import type { RequestContext } from '../kernel/request-context';
import { RegionModel } from '../organization/region.types';
import { RegionFields } from '../organization/region-fields';
import { OrganizationService } from '../organization/organization.service';
import { EventFeedService } from './event-feed.service';
import { EventsArgs, EventPage, IntegrationEventConnection, IntegrationEventModel } from './event-feed.types';

@Resolver(() => IntegrationEventModel)
export class EventFeedResolver extends RegionFields {
  constructor(organizations: OrganizationService, private readonly feed: EventFeedService) {
    super(organizations);
  }

  @Allow(Permission.EVENT_READ)
  @Query(() => IntegrationEventConnection, {
    description:
      '对接事件（本辖区，按提交顺序）：无公网地址的系统据此轮询，保存 resumeCursor，下次作为 after 继续，不漏不重。' +
      '不给 after 时从最早的事件读起；first: 0 且不给 after 时只返回当前位置（resumeCursor），从此刻开始接收而不重放历史。' +
      '只返回已发布的事件：仍在进行中的事务之后提交的事件，等它结束后才出现（docs/integration.md）',
  })
  events(@Ctx() ctx: RequestContext, @Args() args: EventsArgs): Promise<EventPage> {
    return this.feed.page(ctx, args);
  }

  @Allow(Permission.EVENT_READ)
  @ResolveField(() => RegionModel, { description: '事件所属区划' })
  region(@Ctx() ctx: RequestContext, @Parent() e: IntegrationEventModel): Promise<RegionModel> {
    return this.regionOf(ctx, e.row.regionId);
  }

  @Allow(Permission.EVENT_READ)
  @ResolveField(() => RegionModel, { nullable: true, description: '事件所属区划所在的县（县级以上区划的事件为 null）' })
  async county(@Ctx() ctx: RequestContext, @Parent() e: IntegrationEventModel): Promise<RegionModel | null> {
    return e.row.countyId ? this.regionOf(ctx, e.row.countyId) : null;
  }
}
