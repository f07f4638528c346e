import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { NUMERIC, Ref } from '../database/ref';
import { sqlList } from '../organization/organization.enums';
import { Region } from '../organization/region.entity';
import { Person } from '../personnel/person.entity';
import { AttendanceStatus, CourseKind } from './training.enums';

/** TRN-2: a course (the brigade's pre-job training, the quarterly theory training, others) with its sessions. */
@Entity('course')
@Index('ix_course_start', ['startsOn', 'id'])
@Index('ix_course_region_start', ['regionId', 'startsOn'])
@Check('ck_course_kind', `kind IN (${sqlList(Object.values(CourseKind))})`)
@Check('ck_course_dates', `ends_on >= starts_on`)
export class Course {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_course' }) id: string;
  @Column({ type: 'text' }) kind: CourseKind;
  @Column({ type: 'text' }) title: string;
  /** The organizer's region (the county for the brigade's and the center's courses). */
  @Column({ type: 'uuid' }) regionId: string;
  @Ref(() => Region, 'fk_course_region', 'region_id') region?: Relation<Region>;
  @Column({ type: 'text' }) organizer: string;
  @Column({ type: 'date' }) startsOn: string;
  @Column({ type: 'date' }) endsOn: string;
  @Column({ type: 'text', nullable: true }) description: string | null;
  @Column({ type: 'text' }) createdBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

@Entity('course_session')
@Index('ix_course_session_course', ['courseId', 'heldOn'])
@Check('ck_course_session_hours', `hours > 0 AND hours <= 24`)
export class CourseSession {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_course_session' }) id: string;
  @Column({ type: 'uuid' }) courseId: string;
  @Ref(() => Course, 'fk_course_session_course', 'course_id') course?: Relation<Course>;
  @Column({ type: 'date' }) heldOn: string;
  @Column({ type: 'text' }) topic: string;
  @Column({ type: 'numeric', precision: 4, scale: 1, transformer: NUMERIC }) hours: number;
  @Column({ type: 'text', nullable: true }) teacher: string | null;
  @Column({ type: 'text' }) createdBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** Who attended a session (one row per person; recorded again, it is replaced). */
@Entity('course_attendance')
@Index('ix_course_attendance_person', ['personId'])
@Check('ck_course_attendance_status', `status IN (${sqlList(Object.values(AttendanceStatus))})`)
export class Attendance {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_course_attendance' }) sessionId: string;
  @Ref(() => CourseSession, 'fk_course_attendance_session', 'session_id') session?: Relation<CourseSession>;
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_course_attendance' }) personId: string;
  @Ref(() => Person, 'fk_course_attendance_person', 'person_id') person?: Relation<Person>;
  @Column({ type: 'text' }) status: AttendanceStatus;
  @Column({ type: 'text', nullable: true }) note: string | null;
  @Column({ type: 'text' }) recordedBy: string;
  @Column({ type: 'timestamptz' }) recordedAt: Date;
}
