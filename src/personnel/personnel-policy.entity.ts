import { Check, Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { sqlList } from '../organization/organization.enums';
import { Education } from './personnel.enums';

/** The versioned parameters of PER-3, PER-5, PER-7 (domain defaults: 18..45, 高中, pass mark 60). */
@Entity('personnel_policy')
@Check('ck_personnel_policy_ages', `min_age >= 16 AND max_age <= 70 AND min_age <= max_age`)
@Check('ck_personnel_policy_pass_mark', `exam_pass_mark BETWEEN 0 AND 100`)
@Check('ck_personnel_policy_education', `min_education IN (${sqlList(Object.values(Education))})`)
export class PersonnelPolicy {
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'pk_personnel_policy' }) version: number;
  @Column({ type: 'date' }) effectiveFrom: string;
  @Column({ type: 'integer' }) minAge: number;
  @Column({ type: 'integer' }) maxAge: number;
  @Column({ type: 'text' }) minEducation: Education;
  @Column({ type: 'integer' }) examPassMark: number;
  @Column({ type: 'text' }) createdBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
