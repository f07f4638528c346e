import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { sqlList } from '../organization/organization.enums';
import { Region } from '../organization/region.entity';
import { CommunicationAssessment, Education, EstablishmentType, Gender } from './personnel.enums';

/**
 * A person proposed for (or holding) a post. Citizen ID and phone are stored encrypted, found by keyed hash,
 * shown masked (as accounts' are). `regionId` is the region whose government proposed the person: jurisdiction.
 */
@Entity('person')
@Index('ix_person_name', ['name', 'id'])
// one record per id and registering region: outside the caller's jurisdiction a duplicate is registered silently (no id oracle)
@Unique('uq_person_citizen_id_region', ['citizenIdIndex', 'regionId'])
@Index('ix_person_region', ['regionId'])
@Index('ix_person_updated', ['updatedAt'])
@Check('ck_person_gender', `gender IN (${sqlList(Object.values(Gender))})`)
@Check('ck_person_education', `education IN (${sqlList(Object.values(Education))})`)
@Check('ck_person_establishment_type', `establishment_type IN (${sqlList(Object.values(EstablishmentType))})`)
@Check('ck_person_communication', `communication IS NULL OR communication IN (${sqlList(Object.values(CommunicationAssessment))})`)
export class Person {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_person' }) id: string;
  @Column({ type: 'uuid' }) regionId: string;
  @ManyToOne(() => Region, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_id', foreignKeyConstraintName: 'fk_person_region' })
  region?: Relation<Region>;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) gender: Gender;
  @Column({ type: 'date' }) birthDate: string;
  @Column({ type: 'text' }) citizenIdEnc: string;
  @Column({ type: 'text' }) citizenIdIndex: string;
  @Column({ type: 'text' }) citizenIdMasked: string;
  @Column({ type: 'text', nullable: true }) phoneEnc: string | null;
  @Column({ type: 'text', nullable: true }) phoneMasked: string | null;
  @Column({ type: 'text' }) education: Education;
  @Column({ type: 'text' }) householdRegionCode: string;
  @Column({ type: 'text' }) residenceRegionCode: string;
  @Column({ type: 'text' }) establishmentUnit: string;
  @Column({ type: 'text' }) establishmentType: EstablishmentType;
  @Column({ type: 'text', nullable: true }) communication: CommunicationAssessment | null;
  @Column({ type: 'text', nullable: true }) communicationNote: string | null;
  @Column({ type: 'text', nullable: true }) otherJobs: string | null;
  @Column({ type: 'text' }) createdBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @VersionColumn() version: number;
}
