import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module';
import { InspectionsModule } from '../../inspections/inspections.module';
import { EventRetentionJob } from '../event-retention.job';
import { WebhookWorker } from './webhook-worker';

/**
 * Delivery of the outbox to webhook subscriptions (the worker) and the outbox's retention. Above the domains: it
 * reads the field cipher (auth) for the signing secrets and raises the committee office's warning (inspections).
 */
@Module({
  imports: [AuthModule, InspectionsModule],
  providers: [WebhookWorker, EventRetentionJob],
  exports: [WebhookWorker],
})
export class WebhookDeliveryModule {}
