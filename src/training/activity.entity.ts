import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { Attachment } from '../attachments/attachment.entity';
import { Ref } from '../database/ref';
import { sqlList } from '../organization/organization.enums';
import { Region } from '../organization/region.entity';
import { ActivityKind } from './training.enums';

/** TRN-1: a publicity, education or training activity, or a drill (which adds scenario, duration, assessment). */
@Entity('training_activity')
@Index('ix_training_activity_date', ['heldOn', 'id'])
@Index('ix_training_activity_region_date', ['regionId', 'heldOn'])
@Index('ix_training_activity_updated', ['updatedAt'])
@Check('ck_training_activity_kind', `kind IN (${sqlList(Object.values(ActivityKind))})`)
@Check('ck_training_activity_participants', `participant_count > 0`)
@Check('ck_training_activity_drill', `(kind = 'DRILL') = (scenario IS NOT NULL AND duration_minutes IS NOT NULL AND assessment IS NOT NULL)`)
export class Activity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_training_activity' }) id: string;
  @Column({ type: 'text' }) kind: ActivityKind;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'date' }) heldOn: string;
  @Column({ type: 'uuid' }) regionId: string;
  @Ref(() => Region, 'fk_training_activity_region', 'region_id') region?: Relation<Region>;
  @Column({ type: 'text' }) organizer: string;
  @Column({ type: 'text', array: true }) audiences: string[];
  @Column({ type: 'integer' }) participantCount: number;
  @Column({ type: 'text' }) content: string;
  @Column({ type: 'jsonb' }) attachments: Attachment[];
  @Column({ type: 'text', nullable: true }) scenario: string | null;
  @Column({ type: 'integer', nullable: true }) durationMinutes: number | null;
  /** What went wrong and what to improve (a drill's written assessment). */
  @Column({ type: 'text', nullable: true }) assessment: string | null;
  @Column({ type: 'text' }) recordedBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) recordedAt: Date;
  /** Moves on every change (`updatedSince` of the list): the record time until an update path changes the row. */
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
