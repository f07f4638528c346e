import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import type { Relation } from 'typeorm';
import { Ref } from '../database/ref';
import { sqlList } from '../organization/organization.enums';
import { Region } from '../organization/region.entity';
import { Person } from '../personnel/person.entity';
import { Post } from '../personnel/post.entity';
import { Course } from './course.entity';
import { CourseKind } from './training.enums';

/**
 * TRN-2: one exam model for the brigade's pre-job exam (PER-7, read by the personnel lifecycle) and the
 * quarterly theory exam (EVA-2, read by evaluation). The pass mark is the policy's on the exam day, kept here.
 */
@Entity('exam')
@Index('ix_exam_held', ['heldOn', 'id'])
@Index('ix_exam_kind_held', ['kind', 'heldOn'])
@Check('ck_exam_kind', `kind IN (${sqlList(Object.values(CourseKind))})`)
@Check('ck_exam_pass_mark', `pass_mark BETWEEN 0 AND 100`)
export class Exam {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_exam' }) id: string;
  @Column({ type: 'text' }) kind: CourseKind;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'uuid', nullable: true }) courseId: string | null;
  @Ref(() => Course, 'fk_exam_course', 'course_id', { nullable: true }) course?: Relation<Course> | null;
  @Column({ type: 'uuid' }) regionId: string;
  @Ref(() => Region, 'fk_exam_region', 'region_id') region?: Relation<Region>;
  @Column({ type: 'date' }) heldOn: string;
  @Column({ type: 'integer' }) passMark: number;
  /** The personnel policy version the pass mark came from. */
  @Column({ type: 'integer' }) policyVersion: number;
  @Column({ type: 'text' }) createdBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** A person's result in an exam: score (whole points 0–100), passed against the exam's pass mark, sat on. */
@Entity('exam_result')
@Unique('uq_exam_result_person', ['examId', 'personId'])
@Index('ix_exam_result_person', ['personId', 'satOn'])
@Check('ck_exam_result_score', `score BETWEEN 0 AND 100`)
export class ExamResult {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_exam_result' }) id: string;
  @Column({ type: 'uuid' }) examId: string;
  @Ref(() => Exam, 'fk_exam_result_exam', 'exam_id') exam?: Relation<Exam>;
  @Column({ type: 'uuid' }) personId: string;
  @Ref(() => Person, 'fk_exam_result_person', 'person_id') person?: Relation<Person>;
  /** The post a pre-job result moved (PER-7). */
  @Column({ type: 'uuid', nullable: true }) postId: string | null;
  @Ref(() => Post, 'fk_exam_result_post', 'post_id', { nullable: true }) post?: Relation<Post> | null;
  @Column({ type: 'integer' }) score: number;
  @Column({ type: 'boolean' }) passed: boolean;
  @Column({ type: 'date' }) satOn: string;
  @Column({ type: 'text' }) recordedBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) recordedAt: Date;
}
