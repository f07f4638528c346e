import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { Attachment } from '../attachments/attachment.entity';
import { Ref } from '../database/ref';
import { sqlList } from '../organization/organization.enums';
import { Region } from '../organization/region.entity';
import { TeamKind } from './training.enums';
import type { TeamMember } from './village.rules';

export interface Equipment {
  name: string;
  quantity: number;
}

/**
 * ORG-6 for one village or residential community (a VILLAGE region): its fire safety manager (phone stored
 * encrypted, shown masked), its fire prevention pledge, its team with members and equipment.
 */
@Entity('village_guidance')
@Check('ck_village_guidance_team_kind', `team_kind IN (${sqlList(Object.values(TeamKind))})`)
export class VillageGuidance {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_village_guidance' }) villageId: string;
  @Ref(() => Region, 'fk_village_guidance_village', 'village_id') village?: Relation<Region>;
  @Column({ type: 'text', nullable: true }) managerName: string | null;
  @Column({ type: 'text', nullable: true }) managerPhoneEnc: string | null;
  @Column({ type: 'text', nullable: true }) managerPhoneMasked: string | null;
  @Column({ type: 'date', nullable: true }) managerAppointedOn: string | null;
  @Column({ type: 'date', nullable: true }) pledgeAdoptedOn: string | null;
  @Column({ type: 'jsonb' }) pledgeAttachments: Attachment[];
  @Column({ type: 'text' }) teamKind: TeamKind;
  @Column({ type: 'text', nullable: true }) teamName: string | null;
  @Column({ type: 'text', nullable: true }) teamHead: string | null;
  @Column({ type: 'jsonb' }) teamMembers: TeamMember[];
  @Column({ type: 'jsonb' }) equipment: Equipment[];
  @Column({ type: 'text' }) updatedBy: string;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @VersionColumn() version: number;
}

/** A station's guidance visit to a village (ORG-6). */
@Entity('guidance_visit')
@Index('ix_guidance_visit_date', ['visitedOn', 'id'])
@Index('ix_guidance_visit_village', ['villageId', 'visitedOn'])
export class GuidanceVisit {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_guidance_visit' }) id: string;
  @Column({ type: 'uuid' }) villageId: string;
  @Ref(() => Region, 'fk_guidance_visit_village', 'village_id') village?: Relation<Region>;
  @Column({ type: 'date' }) visitedOn: string;
  @Column({ type: 'text', array: true }) visitors: string[];
  @Column({ type: 'text' }) content: string;
  @Column({ type: 'text', nullable: true }) findings: string | null;
  @Column({ type: 'jsonb' }) attachments: Attachment[];
  @Column({ type: 'text' }) recordedBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) recordedAt: Date;
}
