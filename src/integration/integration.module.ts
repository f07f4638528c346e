import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { Permission } from '../kernel/permissions';
import { can } from '../kernel/can';
import { NodeRegistry } from '../graphql/node';
import { InspectionsModule } from '../inspections/inspections.module';
import { OrganizationModule } from '../organization/organization.module';
import { WebhookDeliveryFieldsResolver, WebhookFieldsResolver, WebhookResolver } from './webhooks/webhook.resolver';
import { WebhookService } from './webhooks/webhook.service';
import { WebhookModel } from './webhooks/webhook.types';

/**
 * Integration with other county systems: webhook subscriptions (the committee office's API). The outbox's writer is
 * OutboxModule's (global, a leaf every domain uses); this module only reads the outbox. Imports: organization < auth
 * < inspections (the notice of a disabled subscription) < integration.
 */
@Module({
  imports: [OrganizationModule, AuthModule, InspectionsModule],
  providers: [WebhookService, WebhookResolver, WebhookFieldsResolver, WebhookDeliveryFieldsResolver],
})
export class IntegrationModule {
  constructor(nodes: NodeRegistry, webhooks: WebhookService) {
    // a subscription by id: the permission, its jurisdiction, not deleted
    nodes.register('Webhook', async (ctx, ids) => {
      if (!can(ctx, Permission.WEBHOOK_MANAGE)) return ids.map(() => null);
      return (await webhooks.visibleMany(ctx, ids)).map((w) => (w ? WebhookModel.from(w) : null));
    });
  }
}
