import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { AttachmentInput, AttachmentModel } from '../../attachments/attachment.types';
import { Connection } from '../../graphql/connection';
import { toGlobalId } from '../../graphql/global-id';
import { BoolField, DateField, IdField, IntField, ListField, TextField } from '../../graphql/input-fields';
import { modelOf } from '../../graphql/model';
import { Node } from '../../graphql/node';
import { CalendarDateScalar, DateTimeScalar } from '../../graphql/scalars';
import { OrganizationModel } from '../../organization/organization.types';
import { Task, TaskEvent } from '../committee.entity';
import { TaskAction, TaskSource, TaskStatus } from '../committees.enums';
import { daysOverdue, isTaskOverdue } from './task-lifecycle';

@ObjectType('Task', { implements: () => [Node], description: '委员会交办的任务（COM-2）：交办、签收、办理、报结、验收或退回重办' })
export class TaskModel implements Node {
  @Field(() => ID, { description: '全局标识（用于 node(id:)）' }) id: string;
  @Field({ description: '任务名称' }) title: string;
  @Field({ description: '工作要求' }) requirement: string;
  @Field(() => TaskSource, { description: '任务来源' }) source: TaskSource;
  @Field(() => CalendarDateScalar, { description: '交办日期' }) assignedOn: string;
  @Field(() => CalendarDateScalar, { description: '办结期限（当日内办结不算逾期）' }) deadline: string;
  @Field(() => Int, { nullable: true, description: '按工作日交办时的工作日数（自交办日起按工作日历计算期限）；按日期交办为空' }) deadlineWorkingDays: number | null;
  @Field({ description: '办结时是否须附佐证材料' }) evidenceRequired: boolean;
  @Field(() => TaskStatus, { description: '状态' }) status: TaskStatus;
  @Field({ description: '是否逾期（COM-2：未验收办结且已过期限当日，北京时间）' }) overdue: boolean;
  @Field(() => Int, { nullable: true, description: '逾期天数；未逾期为空' }) daysOverdue: number | null;
  @Field(() => DateTimeScalar, { nullable: true, description: '签收时间' }) acknowledgedAt: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: '报告办结时间（退回重办后清空）' }) completionReportedAt: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: '验收办结时间' }) acceptedAt: Date | null;
  @Field(() => Boolean, { nullable: true, description: '是否按期办结（已验收且报结日不晚于期限）；未验收为空' }) completedOnTime: boolean | null;
  @Field(() => Int, { description: '被退回重办的次数' }) returnCount: number;
  @Field(() => String, { nullable: true, description: '最近一次退回的理由' }) lastReturnReason: string | null;
  @Field(() => ID, { nullable: true, description: '来源会议议定事项的全局标识（MeetingDecision）' }) decisionId: string | null;
  @Field(() => ID, { nullable: true, description: '来源专项整治的全局标识（Campaign）' }) campaignId: string | null;
  @Field(() => Int, { description: '交办时核对期限所用的委员会工作政策版本（T-COM-2）' }) policyVersion: number;
  @Field(() => Int, { description: '版本号（乐观锁，签收时可作 expectedVersion）' }) version: number;
  readonly row: Task;

  static from(row: Task, today: string): TaskModel {
    const overdue = isTaskOverdue(row, today);
    return modelOf(new TaskModel(), row, {
      id: toGlobalId('Task', row.id), title: row.title, requirement: row.requirement, source: row.source, assignedOn: row.assignedOn, deadline: row.deadline,
      deadlineWorkingDays: row.deadlineWorkingDays, evidenceRequired: row.evidenceRequired, status: row.status, overdue, daysOverdue: overdue ? daysOverdue(row, today) : null,
      acknowledgedAt: row.acknowledgedAt, completionReportedAt: row.completionReportedAt, acceptedAt: row.acceptedAt, completedOnTime: row.completedOnTime,
      returnCount: row.returnCount, lastReturnReason: row.lastReturnReason, decisionId: row.decisionId ? toGlobalId('MeetingDecision', row.decisionId) : null,
      campaignId: row.campaignId ? toGlobalId('Campaign', row.campaignId) : null, policyVersion: row.policyVersion, version: row.version,
    });
  }
}
@ObjectType('TaskConnection', { description: '任务的分页列表（Relay 连接，按期限、标识排序）' })
export class TaskConnection extends Connection(TaskModel, 'Task') {}

@ObjectType('TaskEvent', { description: '任务的一步办理记录（只增不改）' })
export class TaskEventModel {
  @Field(() => TaskAction, { description: '办理步骤' }) action: TaskAction;
  @Field(() => DateTimeScalar, { description: '时间' }) at: Date;
  @Field(() => String, { nullable: true, description: '说明、进展或退回理由' }) note: string | null;
  // each step takes at most 20
  @Field(() => [AttachmentModel], { description: '佐证材料，最多 20 个' }) attachments: AttachmentModel[];
  @Field({ description: '操作人' }) actor: string;

  static from(row: TaskEvent): TaskEventModel {
    return Object.assign(new TaskEventModel(), { action: row.action, at: row.at, note: row.note, attachments: row.attachments, actor: row.actor });
  }
}
@ObjectType('TaskEventConnection', { description: '任务办理记录的分页列表（Relay 连接，早的在前）' })
export class TaskEventConnection extends Connection(TaskEventModel, 'TaskEvent') {}

@ObjectType('TaskRollUp', { description: '分解转办的下级任务汇总（COM-2）' })
export class TaskRollUpModel {
  @Field(() => Int, { description: '下级任务数' }) total: number;
  @Field(() => Int, { description: '已验收办结' }) accepted: number;
  @Field(() => Int, { description: '未办结' }) open: number;
  @Field(() => Int, { description: '逾期未办结' }) overdue: number;
}

/** The figures of a set of tasks (COM-2), shared by the ledger and each of its rows. */
@ObjectType({ isAbstract: true })
abstract class TaskFiguresModel {
  @Field(() => Int, { description: '任务数' }) total: number;
  @Field(() => Int, { description: '未办结' }) open: number;
  @Field(() => Int, { description: '逾期未办结' }) overdue: number;
  @Field(() => Int, { description: '按期办结' }) completedOnTime: number;
  @Field(() => Int, { description: '逾期办结' }) completedLate: number;
  @Field(() => Int, { description: '曾被退回重办的任务数' }) returned: number;
}

@ObjectType('TaskLedgerRow', { description: '任务台账的一行：一个承办单位的任务情况' })
export class TaskLedgerRowModel extends TaskFiguresModel {
  @Field(() => OrganizationModel, { description: '承办单位' }) assignee: OrganizationModel;
}

@ObjectType('TaskLedger', { description: '任务台账（COM-2）：按委员会或区划、年度（交办日期所在年）统计' })
export class TaskLedgerModel extends TaskFiguresModel {
  @Field(() => Int, { description: '年度' }) year: number;
  @Field(() => [TaskLedgerRowModel], { description: '按承办单位（至多 500 个，按名称排序）' }) rows: TaskLedgerRowModel[];
}

@InputType({ description: '交办任务（COM-2）：期限按日期或按工作日二选一' })
export class AssignTaskInput {
  @IdField({ optional: true, description: '交办的委员会；默认本账号所在的县或乡镇消防救援委员会' }) committeeId?: string;
  @IdField({ description: '承办单位（本委员会的成员单位；县委员会另可交办乡镇政府或乡镇委员会、工作站、指导中心；乡镇委员会另可交办本乡镇工作站）' }) assigneeId: string;
  @TextField(200, { description: '任务名称' }) title: string;
  @TextField(5000, { description: '工作要求' }) requirement: string;
  @DateField({ optional: true, description: '办结期限（与 deadlineWorkingDays 二选一，T-COM-2）' }) deadline?: string;
  @IntField(1, 366, { optional: true, description: '自交办日起的工作日数（与 deadline 二选一，按工作日历计算）' }) deadlineWorkingDays?: number;
  @BoolField({ optional: true, description: '办结时是否须附佐证材料，默认是' }) evidenceRequired?: boolean;
  @IdField({ optional: true, description: '来源：本委员会已印发会议的议定事项' }) decisionId?: string;
  @IdField({ optional: true, description: '来源：本委员会部署的专项整治' }) campaignId?: string;
  @IdField({ optional: true, description: '来源：督导检查发现的问题（尚未交办）' }) findingId?: string;
}

@InputType({ description: '签收任务' })
export class AcknowledgeTaskInput {
  @IdField({ description: '任务' }) taskId: string;
  @IntField(1, 2_000_000_000, { optional: true, description: '读取时的版本号（不符则为 CONFLICT）' }) expectedVersion?: number;
}

@InputType({ description: '报告任务进展（可附材料）' })
export class ReportTaskProgressInput {
  @IdField({ description: '任务' }) taskId: string;
  @TextField(5000, { description: '进展或办结情况' }) note: string;
  @ListField(() => AttachmentInput, 20, { optional: true, description: '佐证材料，最多 20 个' }) attachments?: AttachmentInput[];
  @IntField(1, 2_000_000_000, { optional: true, description: '读取时的版本号（不符则为 CONFLICT）' }) expectedVersion?: number;
}

@InputType({ description: '报告任务办结（要求佐证材料的任务须至少附 1 个文件）' })
export class CompleteTaskInput extends ReportTaskProgressInput {}

@InputType({ description: '验收办结任务' })
export class AcceptTaskInput {
  @IdField({ description: '任务' }) taskId: string;
  @TextField(2000, { optional: true, description: '验收意见' }) note?: string;
  @IntField(1, 2_000_000_000, { optional: true, description: '读取时的版本号（不符则为 CONFLICT）' }) expectedVersion?: number;
}

@InputType({ description: '退回重办任务（须写明理由）' })
export class ReturnTaskInput {
  @IdField({ description: '任务' }) taskId: string;
  @TextField(2000, { description: '退回理由' }) reason: string;
  @IntField(1, 2_000_000_000, { optional: true, description: '读取时的版本号（不符则为 CONFLICT）' }) expectedVersion?: number;
}

@InputType({ description: '乡镇将县里交办的任务分解转办给本乡镇的成员单位或工作站' })
export class PassOnTaskInput {
  @IdField({ description: '县里交办给本乡镇政府或乡镇委员会的任务' }) taskId: string;
  @IdField({ description: '承办单位（本乡镇委员会的成员单位或本乡镇工作站）' }) assigneeId: string;
  @TextField(200, { optional: true, description: '任务名称，默认同上级任务' }) title?: string;
  @TextField(5000, { optional: true, description: '工作要求，默认同上级任务' }) requirement?: string;
  @DateField({ description: '办结期限（不晚于上级任务的期限，T-COM-2）' }) deadline: string;
  @BoolField({ optional: true, description: '办结时是否须附佐证材料，默认同上级任务' }) evidenceRequired?: boolean;
}
