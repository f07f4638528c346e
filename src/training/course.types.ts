import { ArgsType, Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsEnum, IsOptional } from 'class-validator';
import { Connection } from '../graphql/connection';
import { toGlobalId } from '../graphql/global-id';
import { DateField, EnumField, IdField, ListField, MAX_LIST_ARGUMENT, NumberField, TextField } from '../graphql/input-fields';
import { modelOf } from '../graphql/model';
import { Node } from '../graphql/node';
import { CalendarDateScalar } from '../graphql/scalars';
import { Attendance, Course, CourseSession } from './course.entity';
import { RegionPageArgs } from './region-page-args';
import { AttendanceStatus, CourseKind } from './training.enums';

@ObjectType('Course', { implements: () => [Node], description: '培训课程（TRN-2）' })
export class CourseModel implements Node {
  @Field(() => ID, { description: '全局标识（用于 node(id:)）' }) id: string;
  @Field(() => CourseKind, { description: '培训类别' }) kind: CourseKind;
  @Field({ description: '课程名称' }) title: string;
  @Field({ description: '组织者' }) organizer: string;
  @Field(() => CalendarDateScalar, { description: '开始日期' }) startsOn: string;
  @Field(() => CalendarDateScalar, { description: '结束日期' }) endsOn: string;
  @Field(() => String, { nullable: true, description: '课程说明' }) description: string | null;
  @Field({ description: '创建人' }) createdBy: string;
  readonly row: Course;

  static from(row: Course): CourseModel {
    return modelOf(new CourseModel(), row, {
      id: toGlobalId('Course', row.id), kind: row.kind, title: row.title, organizer: row.organizer, startsOn: row.startsOn, endsOn: row.endsOn,
      description: row.description, createdBy: row.createdBy,
    });
  }
}
@ObjectType('CourseConnection', { description: '培训课程的分页列表（Relay 连接，按游标向后翻页）' })
export class CourseConnection extends Connection(CourseModel, 'Course') {}

@ObjectType('CourseSession', { description: '培训课次' })
export class CourseSessionModel {
  @Field(() => ID, { description: '标识（登记考勤时用）' }) id: string;
  @Field(() => CalendarDateScalar, { description: '上课日期' }) heldOn: string;
  @Field({ description: '内容' }) topic: string;
  @Field({ description: '学时' }) hours: number;
  @Field(() => String, { nullable: true, description: '授课人' }) teacher: string | null;
  readonly row: CourseSession;

  static from(row: CourseSession): CourseSessionModel {
    return modelOf(new CourseSessionModel(), row, { id: toGlobalId('CourseSession', row.id), heldOn: row.heldOn, topic: row.topic, hours: row.hours, teacher: row.teacher });
  }
}
@ObjectType('CourseSessionConnection', { description: '培训课次的分页列表（Relay 连接，按游标向后翻页）' })
export class CourseSessionConnection extends Connection(CourseSessionModel, 'CourseSession') {}

@ObjectType('Attendance', { description: '一人一个课次的考勤' })
export class AttendanceModel {
  @Field(() => AttendanceStatus, { description: '出勤、缺勤或请假' }) status: AttendanceStatus;
  @Field(() => String, { nullable: true, description: '备注（如请假原因）' }) note: string | null;
  @Field({ description: '登记人' }) recordedBy: string;
  readonly row: Attendance;

  static from(row: Attendance): AttendanceModel {
    return modelOf(new AttendanceModel(), row, { status: row.status, note: row.note, recordedBy: row.recordedBy });
  }
}
@ObjectType('AttendanceConnection', { description: '考勤的分页列表（Relay 连接，按游标向后翻页）' })
export class AttendanceConnection extends Connection(AttendanceModel, 'Attendance') {}

@InputType({ description: '新建培训课程；岗前培训由县消防救援大队组织（PER-7）' })
export class CreateCourseInput {
  @EnumField(CourseKind, { description: '培训类别（岗前培训须有 PRE_JOB_TRAINING_MANAGE 权限）' }) kind: CourseKind;
  @TextField(200, { description: '课程名称' }) title: string;
  @IdField({ optional: true, description: '组织培训的区划（县或乡镇），默认本账号所在区划' }) regionId?: string;
  @TextField(200, { description: '组织者' }) organizer: string;
  @DateField({ description: '开始日期' }) startsOn: string;
  @DateField({ description: '结束日期（不早于开始日期）' }) endsOn: string;
  @TextField(5000, { optional: true, description: '课程说明' }) description?: string;
}

@InputType({ description: '新增培训课次' })
export class AddCourseSessionInput {
  @IdField({ description: '培训课程' }) courseId: string;
  @DateField({ description: '上课日期（在课程期间内）' }) heldOn: string;
  @TextField(200, { description: '内容' }) topic: string;
  @NumberField(0.5, 24, { description: '学时' }) hours: number;
  @TextField(100, { optional: true, description: '授课人' }) teacher?: string;
}

@InputType('AttendanceEntryInput', { description: '一人的考勤' })
export class AttendanceEntryInput {
  @IdField({ description: '人员' }) personId: string;
  @EnumField(AttendanceStatus, { description: '出勤、缺勤或请假' }) status: AttendanceStatus;
  @TextField(500, { optional: true, description: '备注（如请假原因）' }) note?: string;
}

@InputType({ description: '登记一个课次的考勤（同一人再次登记即更正）' })
export class RecordAttendanceInput {
  @IdField({ description: '培训课次' }) sessionId: string;
  @ListField(() => AttendanceEntryInput, MAX_LIST_ARGUMENT, { min: 1, description: '考勤，至少 1 人，最多 100 人（更多人分几次登记）' }) entries: AttendanceEntryInput[];
}

@ArgsType()
export class CoursesArgs extends RegionPageArgs {
  @Field(() => CourseKind, { nullable: true, description: '只看这一类别' }) @IsOptional() @IsEnum(CourseKind) kind?: CourseKind;
}
