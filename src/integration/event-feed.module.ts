import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Permission } from '../kernel/permissions';
import { regionalNodes } from '../auth/work-scope';
import { can } from '../kernel/can';
import { NodeRegistry } from '../graphql/node';
import { OrganizationModule } from '../organization/organization.module';
import { OrganizationService } from '../organization/organization.service';
import { EventFeedResolver } from './event-feed.resolver';
import { EventFeedService } from './event-feed.service';
import { IntegrationEventModel } from './event-feed.types';
import { EVENT_TYPES, isEventType } from './event-types';
import { IntegrationEvent } from './integration.entity';

/** The `events` feed: the outbox read by systems that poll (the webhook worker pushes the same events). */
@Module({
  imports: [OrganizationModule],
  providers: [EventFeedService, EventFeedResolver],
})
export class EventFeedModule {
  constructor(nodes: NodeRegistry, dataSource: DataSource, organizations: OrganizationService) {
    const inRegion = regionalNodes(dataSource, organizations, IntegrationEvent, Permission.EVENT_READ, IntegrationEventModel.from);
    // as in the feed: an event whose subject the reader may not read is not found
    nodes.register('IntegrationEvent', async (ctx, ids) => (await inRegion(ctx, ids)).map((node) => {
      const type = (node as IntegrationEventModel | null)?.type;
      return node && type && isEventType(type) && can(ctx, EVENT_TYPES[type].read) ? node : null;
    }));
  }
}
