import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { ClockModule } from './common/clock';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { ENTITIES } from './entities';
import { AppGraphQLModule } from './graphql/graphql.module';
import { HealthModule } from './health/health.module';
import { LoggingModule } from './logging.module';
import { AuthModule } from './auth/auth.module';
import { OrganizationModule } from './organization/organization.module';
import { PersonnelModule } from './personnel/personnel.module';
import { InspectionsModule } from './inspections/inspections.module';
import { AttachmentsModule } from './attachments/attachments.module';
import { TrainingModule } from './training/training.module';
import { EvaluationModule } from './evaluation/evaluation.module';
import { OfficeModule } from './office/office.module';
import { CommitteesModule } from './committees/committees.module';
import { OutboxModule } from './integration/outbox.module';
import { IntegrationModule } from './integration/integration.module';
import { EventFeedModule } from './integration/event-feed.module';
import { WebhookDeliveryModule } from './integration/webhooks/webhook-delivery.module';

/** Imports the modules; no providers of its own. */
@Module({
  imports: [
    AppConfigModule,
    LoggingModule,
    ClockModule,
    // the scheduler's registry (the early-warning and evaluation jobs register themselves there)
    ScheduleModule.forRoot(),
    DatabaseModule.forRoot(ENTITIES),
    // the transactional outbox's writer (integration events), used by the domain modules below
    OutboxModule,
    AppGraphQLModule,
    HealthModule,
    OrganizationModule,
    AuthModule,
    AttachmentsModule,
    PersonnelModule,
    TrainingModule,
    InspectionsModule,
    EvaluationModule,
    CommitteesModule,
    OfficeModule,
    // webhook subscriptions (reads the outbox the modules above write)
    IntegrationModule,
    // the integration events read by polling (`events`)
    EventFeedModule,
    // delivers the outbox to webhook subscriptions (a worker on every instance) and purges old events
    WebhookDeliveryModule,
  ],
})
export class AppModule {}
