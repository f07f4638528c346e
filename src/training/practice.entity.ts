import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { Attachment } from '../attachments/attachment.entity';
import { Ref } from '../database/ref';
import { sqlList } from '../organization/organization.enums';
import { Region } from '../organization/region.entity';
import { PracticeAction, PracticeStatus } from './training.enums';

/**
 * TRN-3: a good practice (好的做法) of a township or station: the problem, what was done, the results. Once
 * published it is readable by every account of its county (`county_path`).
 */
@Entity('good_practice')
@Index('ix_good_practice_submitted', ['submittedAt', 'id'])
@Index('ix_good_practice_region', ['regionId', 'status'])
@Index('ix_good_practice_county_status', ['countyPath', 'status'])
@Check('ck_good_practice_status', `status IN (${sqlList(Object.values(PracticeStatus))})`)
export class GoodPractice {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_good_practice' }) id: string;
  @Column({ type: 'uuid' }) regionId: string;
  @Ref(() => Region, 'fk_good_practice_region', 'region_id') region?: Relation<Region>;
  /** The path of the county the practice belongs to: its readers once published. */
  @Column({ type: 'text' }) countyPath: string;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) problem: string;
  @Column({ type: 'text' }) actions: string;
  @Column({ type: 'text' }) results: string;
  @Column({ type: 'jsonb' }) attachments: Attachment[];
  @Column({ type: 'text' }) status: PracticeStatus;
  @Column({ type: 'text', nullable: true }) reviewComment: string | null;
  @Column({ type: 'text' }) submittedBy: string;
  @Column({ type: 'timestamptz' }) submittedAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) publishedAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @VersionColumn() version: number;
}

/** Every step of a practice: who, when, what, with comments (append-only). */
@Entity('good_practice_event')
@Index('ix_good_practice_event_practice', ['practiceId', 'at'])
@Check('ck_good_practice_event_action', `action IN (${sqlList(Object.values(PracticeAction))})`)
export class GoodPracticeEvent {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_good_practice_event' }) id: string;
  @Column({ type: 'uuid' }) practiceId: string;
  @Ref(() => GoodPractice, 'fk_good_practice_event_practice', 'practice_id') practice?: Relation<GoodPractice>;
  @Column({ type: 'text' }) action: PracticeAction;
  @Column({ type: 'text', nullable: true }) fromStatus: PracticeStatus | null;
  @Column({ type: 'text' }) toStatus: PracticeStatus;
  @Column({ type: 'text', nullable: true }) note: string | null;
  @Column({ type: 'text' }) actor: string;
  @Column({ type: 'timestamptz' }) at: Date;
}
