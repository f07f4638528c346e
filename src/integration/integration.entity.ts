import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Ref } from '../database/ref';
import { sqlList } from '../organization/organization.enums';
import { Region } from '../organization/region.entity';
import { WebhookDeliveryState, WebhookRecipient, WebhookState } from './integration.enums';

/**
 * The transactional outbox: one row per change other systems hear of, inserted in the transaction of the change
 * (so it exists exactly when the change committed). Read in the order of `(txid, seq)`, and only up to the oldest
 * transaction still running (`pg_snapshot_xmin`): an event never appears behind a reader's cursor, so the `events`
 * connection and the webhook worker resume where they stopped and miss nothing.
 */
@Entity('integration_event')
@Unique('uq_integration_event_id', ['id'])
@Index('ix_integration_event_order', ['txid', 'seq'])
@Index('ix_integration_event_occurred', ['occurredAt'])
export class IntegrationEvent {
  /** The insertion number (within one transaction, the order of its events). */
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'pk_integration_event' }) seq: string;
  /** The event's public id: the Standard Webhooks `webhook-id`, the same on every attempt and redelivery. */
  @Column({ type: 'uuid' }) id: string;
  /** The writing transaction's id (`pg_current_xact_id()`, a 64-bit xid8 as bigint, set by `emit`): the order's first part. */
  @Column({ type: 'bigint' }) txid: string;
  @Column({ type: 'text' }) type: string;
  @Column({ type: 'timestamptz' }) occurredAt: Date;
  @Column({ type: 'uuid' }) regionId: string;
  @Ref(() => Region, 'fk_integration_event_region', 'region_id') region?: Relation<Region>;
  /** The region's materialized path: "inside the webhook's / reader's region" is a prefix test. */
  @Column({ type: 'text' }) regionPath: string;
  /** The county the region lies in (null above county level). */
  @Column({ type: 'uuid', nullable: true }) countyId: string | null;
  /** The subject's GraphQL global id (`Hazard:…`, base64url as the API gives it). */
  @Column({ type: 'text' }) subjectId: string;
  /** What changed, small: ids, states, dates, levels; never personal data in clear. */
  @Column({ type: 'jsonb' }) payload: Record<string, unknown>;
}

/**
 * A webhook subscription (Standard Webhooks): the events of some types inside one region, sent to a URL, signed
 * with the subscription's secret. It reads the outbox as a consumer with a cursor (`cursorTxid`, `cursorSeq`: the
 * last event it is done with), one event at a time, so a receiver gets them in order.
 */
@Entity('webhook')
@Index('ix_webhook_region', ['regionId'])
@Check('ck_webhook_state', `state IN (${sqlList(Object.values(WebhookState))})`)
@Check('ck_webhook_recipient', `recipient IN (${sqlList(Object.values(WebhookRecipient))})`)
export class Webhook {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_webhook' }) id: string;
  @Column({ type: 'text' }) url: string;
  @Column({ type: 'text', array: true }) events: string[];
  @Column({ type: 'uuid' }) regionId: string;
  @Ref(() => Region, 'fk_webhook_region', 'region_id') region?: Relation<Region>;
  @Column({ type: 'text' }) regionPath: string;
  @Column({ type: 'text' }) description: string;
  /** Who receives it: a county system, or the county discipline commission (its cases record the delivery). */
  @Column({ type: 'text' }) recipient: WebhookRecipient;
  /** The signing secret (`whsec_…`), encrypted with the field cipher: shown once, needed to sign every delivery. */
  @Column({ type: 'text' }) secretCipher: string;
  @Column({ type: 'text' }) state: WebhookState;
  @Column({ type: 'text', nullable: true }) disabledReason: string | null;
  @Column({ type: 'timestamptz', nullable: true }) disabledAt: Date | null;
  /** The outbox position the subscription is done with (created at the head: it hears of changes from then on). */
  @Column({ type: 'bigint' }) cursorTxid: string;
  @Column({ type: 'bigint' }) cursorSeq: string;
  /** The instance delivering for this subscription now, and until when (a lease: a dead instance's expires). */
  @Column({ type: 'text', nullable: true }) leaseOwner: string | null;
  @Column({ type: 'timestamptz', nullable: true }) leaseUntil: Date | null;
  @Column({ type: 'text' }) createdBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) deletedAt: Date | null;
  @VersionColumn() version: number;
}

/** One event's delivery to one subscription: retried until delivered or given up; a redelivery reopens it. */
@Entity('webhook_delivery')
@Unique('uq_webhook_delivery_event', ['webhookId', 'eventSeq'])
@Index('ix_webhook_delivery_pending', ['webhookId', 'state', 'nextAttemptAt'])
@Check('ck_webhook_delivery_state', `state IN (${sqlList(Object.values(WebhookDeliveryState))})`)
export class WebhookDelivery {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_webhook_delivery' }) id: string;
  @Column({ type: 'uuid' }) webhookId: string;
  @Ref(() => Webhook, 'fk_webhook_delivery_webhook', 'webhook_id') webhook?: Relation<Webhook>;
  @Column({ type: 'bigint' }) eventSeq: string;
  @Ref(() => IntegrationEvent, 'fk_webhook_delivery_event', 'event_seq') event?: Relation<IntegrationEvent>;
  @Column({ type: 'text' }) state: WebhookDeliveryState;
  /** Asked for by hand (`redeliverWebhookEvent`): sent out of the feed's order, before the next event. */
  @Column({ type: 'boolean', default: false }) manual: boolean;
  @Column({ type: 'integer', default: 0 }) attemptCount: number;
  @Column({ type: 'timestamptz', nullable: true }) firstAttemptAt: Date | null;
  @Column({ type: 'timestamptz' }) nextAttemptAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) deliveredAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

/** One HTTP attempt of a delivery: when, the status (null when no answer), how long, the error. */
@Entity('webhook_delivery_attempt')
@Index('ix_webhook_delivery_attempt_delivery', ['deliveryId', 'id'])
export class WebhookDeliveryAttempt {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'pk_webhook_delivery_attempt' }) id: string;
  @Column({ type: 'uuid' }) deliveryId: string;
  @Ref(() => WebhookDelivery, 'fk_webhook_delivery_attempt_delivery', 'delivery_id') delivery?: Relation<WebhookDelivery>;
  @Column({ type: 'timestamptz' }) attemptedAt: Date;
  @Column({ type: 'integer', nullable: true }) httpStatus: number | null;
  @Column({ type: 'integer' }) durationMs: number;
  @Column({ type: 'text', nullable: true }) error: string | null;
  /** The instance that made it (several may run). */
  @Column({ type: 'text' }) instance: string;
}
