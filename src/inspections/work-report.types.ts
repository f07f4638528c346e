import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { periodLabel } from '../common/period';
import { Connection } from '../graphql/connection';
import { toGlobalId } from '../graphql/global-id';
import { EnumField, IdField, IntField, NestedField, TextField } from '../graphql/input-fields';
import { modelOf } from '../graphql/model';
import { Node } from '../graphql/node';
import { PeriodInput, PeriodModel } from '../graphql/period.types';
import { DateTimeScalar } from '../graphql/scalars';
import { WorkReportKind, WorkReportStatus } from './inspections.enums';
import { WorkReport } from './work-report.entity';
import { ReviewDecision } from './work-report.service';

registerEnumType(ReviewDecision, {
  name: 'ReviewDecision',
  description: '审阅决定（INS-5）',
  valuesMap: { RECEIVE: { description: '接收' }, RETURN: { description: '退回修改' }, ACCEPT: { description: '采纳' } },
});

@ObjectType('WorkReport', { implements: () => [Node], description: '工作站的工作计划或报告（INS-5）' })
export class WorkReportModel implements Node {
  @Field(() => ID, { description: '全局标识' }) id: string;
  @Field(() => WorkReportKind, { description: '计划或报告' }) kind: WorkReportKind;
  @Field(() => PeriodModel, { description: '所属周期' }) period: PeriodModel;
  @Field({ description: '标题' }) title: string;
  @Field({ description: '正文' }) content: string;
  @Field(() => WorkReportStatus, { description: '审阅状态' }) status: WorkReportStatus;
  @Field(() => String, { nullable: true, description: '审阅意见' }) reviewComment: string | null;
  @Field({ description: '报送人' }) submittedBy: string;
  @Field(() => DateTimeScalar, { description: '报送时间' }) submittedAt: Date;
  @Field(() => String, { nullable: true, description: '审阅人；未审阅为空' }) reviewedBy: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: '审阅时间；未审阅为空' }) reviewedAt: Date | null;
  @Field(() => Int, { description: '版本号（审阅时作 expectedVersion）' }) version: number;
  readonly row: WorkReport;

  static from(row: WorkReport): WorkReportModel {
    const period = { kind: row.periodKind, year: row.periodYear, number: row.periodNumber };
    return modelOf(new WorkReportModel(), row, {
      id: toGlobalId('WorkReport', row.id), kind: row.kind, period: { ...period, label: periodLabel(period) }, title: row.title, content: row.content,
      status: row.status, reviewComment: row.reviewComment, submittedBy: row.submittedBy, submittedAt: row.submittedAt, reviewedBy: row.reviewedBy,
      reviewedAt: row.reviewedAt, version: row.version,
    });
  }
}
@ObjectType('WorkReportConnection', { description: '工作计划和报告的分页列表（Relay 连接）' })
export class WorkReportConnection extends Connection(WorkReportModel, 'WorkReport') {}

@InputType({ description: '报送工作计划或报告（被退回的可重新报送）' })
export class FileWorkReportInput {
  @IdField({ description: '工作站' }) stationId: string;
  @EnumField(WorkReportKind, { description: '计划或报告' }) kind: WorkReportKind;
  @NestedField(() => PeriodInput, { description: '所属周期' }) period: PeriodInput;
  @TextField(100, { description: '标题' }) title: string;
  @TextField(20000, { description: '正文（最多 20000 字）' }) content: string;
}

@InputType({ description: '审阅工作计划或报告（指导中心）' })
export class ReviewWorkReportInput {
  @IdField({ description: '工作计划或报告' }) reportId: string;
  @EnumField(ReviewDecision, { description: '审阅决定' }) decision: ReviewDecision;
  @TextField(2000, { optional: true, description: '意见；退回时必填' }) comment?: string;
  @IntField(1, 2_147_483_647, { optional: true, description: '读取时的版本（乐观锁）' }) expectedVersion?: number;
}
