import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Permission } from '../auth/permissions';
import { regionalNodes } from '../auth/work-scope';
import { NodeRegistry } from '../graphql/node';
import { OrganizationModule } from '../organization/organization.module';
import { OrganizationService } from '../organization/organization.service';
import { EventFeedResolver } from './event-feed.resolver';
import { EventFeedService } from './event-feed.service';
import { IntegrationEventModel } from './event-feed.types';
import { IntegrationEvent } from './integration.entity';

/** The `events` feed: the outbox read by systems that poll (the webhook worker pushes the same events). */
@Module({
  imports: [OrganizationModule],
  providers: [EventFeedService, EventFeedResolver],
})
export class EventFeedModule {
  constructor(nodes: NodeRegistry, dataSource: DataSource, organizations: OrganizationService) {
    nodes.register('IntegrationEvent', regionalNodes(dataSource, organizations, IntegrationEvent, Permission.EVENT_READ, IntegrationEventModel.from));
  }
}
