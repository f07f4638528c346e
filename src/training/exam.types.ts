import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { PeriodKind, periodLabel } from '../common/period';
import { Connection } from '../graphql/connection';
import { toGlobalId } from '../graphql/global-id';
import { DateField, EnumField, IdField, IntField, ListField, MAX_LIST_ARGUMENT, TextField } from '../graphql/input-fields';
import { modelOf } from '../graphql/model';
import { Node } from '../graphql/node';
import { PeriodModel } from '../graphql/period.types';
import { CalendarDateScalar } from '../graphql/scalars';
import { Exam, ExamResult } from './exam.entity';
import { CourseKind } from './training.enums';

@ObjectType('Exam', { implements: () => [Node], description: '考试（TRN-2）：岗前考试（PER-7）和季度业务理论考试（EVA-2）同一模型' })
export class ExamModel implements Node {
  @Field(() => ID, { description: '全局标识（用于 node(id:)）' }) id: string;
  @Field(() => CourseKind, { description: '考试类别' }) kind: CourseKind;
  @Field({ description: '考试名称' }) title: string;
  @Field(() => CalendarDateScalar, { description: '考试日期' }) heldOn: string;
  @Field(() => Int, { description: '合格线（考试当日人员政策的岗前考试合格线）' }) passMark: number;
  @Field(() => Int, { description: '合格线所依据的人员政策版本' }) policyVersion: number;
  @Field(() => PeriodModel, { nullable: true, description: '季度业务理论考试所属季度' }) quarter: PeriodModel | null;
  @Field({ description: '创建人' }) createdBy: string;
  readonly row: Exam;

  static from(row: Exam): ExamModel {
    const q = row.kind === CourseKind.QUARTERLY_THEORY ? { kind: PeriodKind.QUARTER, year: Number(row.heldOn.slice(0, 4)), number: Math.ceil(Number(row.heldOn.slice(5, 7)) / 3) } : null;
    return modelOf(new ExamModel(), row, {
      id: toGlobalId('Exam', row.id), kind: row.kind, title: row.title, heldOn: row.heldOn, passMark: row.passMark, policyVersion: row.policyVersion,
      quarter: q ? { ...q, label: periodLabel(q) } : null, createdBy: row.createdBy,
    });
  }
}
@ObjectType('ExamConnection', { description: '考试的分页列表（Relay 连接，按游标向后翻页）' })
export class ExamConnection extends Connection(ExamModel, 'Exam') {}

@ObjectType('ExamResult', { description: '考试成绩' })
export class ExamResultModel {
  @Field(() => ID, { description: '标识' }) id: string;
  @Field(() => Int, { description: '成绩（0–100 整数）' }) score: number;
  @Field({ description: '是否达到合格线' }) passed: boolean;
  @Field(() => CalendarDateScalar, { description: '参考日期（补考时晚于考试日期）' }) satOn: string;
  @Field({ description: '登记人' }) recordedBy: string;
  readonly row: ExamResult;

  static from(row: ExamResult): ExamResultModel {
    return modelOf(new ExamResultModel(), row, { id: toGlobalId('ExamResult', row.id), score: row.score, passed: row.passed, satOn: row.satOn, recordedBy: row.recordedBy });
  }
}
@ObjectType('ExamResultConnection', { description: '考试成绩的分页列表（Relay 连接，按游标向后翻页）' })
export class ExamResultConnection extends Connection(ExamResultModel, 'ExamResult') {}

@InputType({ description: '新建考试：合格线取考试当日人员政策（PER-7）；岗前考试由县消防救援大队组织' })
export class CreateExamInput {
  @EnumField(CourseKind, { description: '考试类别（岗前考试须有 PRE_JOB_TRAINING_MANAGE 权限）' }) kind: CourseKind;
  @TextField(200, { description: '考试名称' }) title: string;
  @IdField({ optional: true, description: '所属培训课程（类别须相同）' }) courseId?: string;
  @IdField({ optional: true, description: '组织考试的区划（县或乡镇），默认课程的或本账号的' }) regionId?: string;
  @DateField({ description: '考试日期' }) heldOn: string;
}

@InputType('ExamResultEntryInput', { description: '一人的考试成绩' })
export class ExamResultEntryInput {
  @IdField({ description: '人员' }) personId: string;
  @IntField(0, 100, { description: '成绩 0 至 100' }) score: number;
  @DateField({ optional: true, description: '参考日期（补考时填写，默认考试日期）' }) satOn?: string;
}

@InputType({ description: '登记考试成绩；岗前考试的成绩同时决定岗位为考试合格或不合格（PER-7）' })
export class RecordExamResultsInput {
  @IdField({ description: '考试' }) examId: string;
  @ListField(() => ExamResultEntryInput, MAX_LIST_ARGUMENT, { min: 1, description: '成绩，至少 1 人，最多 100 人（更多人分几次登记）' }) results: ExamResultEntryInput[];
}

@InputType({ description: '登记岗前考试成绩（县消防救援大队，PER-7）' })
export class RecordPreJobExamInput {
  // the fields of personnel's PostInput (the post and its version), described for this operation
  @IdField({ description: '处于岗前培训中的岗位' }) postId: string;
  @IntField(1, 2_000_000_000, { optional: true, description: '读取岗位时的版本号（不符则为 CONFLICT）' }) expectedVersion?: number;
  @IntField(0, 100, { description: '成绩 0 至 100' }) score: number;
  @DateField({ description: '考试日期（不早于岗前培训开始日期，不晚于今天：时间规则 T-PER-4）' }) examOn: string;
  @IdField({ optional: true, description: '岗前考试（不填则为当日的岗前考试，没有则新建）' }) examId?: string;
}
