import { Global, Module } from '@nestjs/common';
import { EventOutbox } from './event-outbox';

/** The outbox's writer, for every module whose changes other systems hear of (global: a leaf every module may use). */
@Global()
@Module({ providers: [EventOutbox], exports: [EventOutbox] })
export class OutboxModule {}
