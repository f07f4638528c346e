import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ArrayMinSize } from 'class-validator';
import { toGlobalId } from '../../graphql/global-id';
import { IdField, IdListField, ListField, TextField } from '../../graphql/input-fields';
import { CalendarDateScalar, DateTimeScalar } from '../../graphql/scalars';
import { TaskStatus } from '../committees.enums';

/** A task cited by an investigation, read through SQL joins on committee_task (COM-6). */
export interface CitationRow {
  investigationId: string;
  taskId: string;
  title: string;
  deadline: string;
  status: TaskStatus;
  overdue: boolean;
  returnCount: number;
  responsibleUnitId: string;
  note: string;
  citedBy: string;
  citedAt: Date;
}

@ObjectType('TaskCitation', { description: '延伸调查引用的未落实任务（逾期或被退回）及责任单位（COM-6）' })
export class TaskCitationModel {
  @Field(() => ID, { description: '任务的全局 id' }) taskId: string;
  @Field({ description: '任务名称' }) taskTitle: string;
  @Field(() => CalendarDateScalar, { description: '办结期限' }) taskDeadline: string;
  @Field(() => TaskStatus, { description: '任务现在的状态' }) taskStatus: TaskStatus;
  @Field({ description: '现在是否逾期（未验收办结且今天已过期限，北京时间）' }) overdue: boolean;
  @Field(() => Int, { description: '被退回重办的次数' }) returnCount: number;
  @Field({ description: '引用说明' }) note: string;
  @Field({ description: '引用人' }) citedBy: string;
  @Field(() => DateTimeScalar, { description: '引用时间' }) citedAt: Date;
  readonly row: CitationRow;

  static from(row: CitationRow): TaskCitationModel {
    return Object.defineProperty(Object.assign(new TaskCitationModel(), {
      taskId: toGlobalId('Task', row.taskId), taskTitle: row.title, taskDeadline: row.deadline, taskStatus: row.status, overdue: row.overdue,
      returnCount: row.returnCount, note: row.note, citedBy: row.citedBy, citedAt: row.citedAt,
    }), 'row', { value: row, enumerable: false });
  }
}

@InputType({ description: '引用一项任务' })
export class TaskCitationInput {
  @IdField({ description: '任务（须逾期未办结或曾被退回）' }) taskId: string;
  @IdField({ optional: true, description: '责任单位（默认为任务的承办单位）' }) responsibleUnitId?: string;
  @TextField(2000, { description: '引用说明：该任务未落实与本次火灾的关系' }) note: string;
}

@InputType({ description: '延伸调查引用未落实的任务（COM-6）：只能引用逾期未办结或被退回过的任务，一次调查最多引用 50 个' })
export class CiteTasksInInvestigationInput {
  @IdField({ description: '延伸调查（须为调查中）' }) investigationId: string;
  @ListField(() => TaskCitationInput, 50, { min: 1, description: '引用的任务，1 至 50 个' }) @ArrayMinSize(1) citations: TaskCitationInput[];
}

@InputType({ description: '对成员单位立案问责（工作不落实，COM-6）' })
export class OpenMemberUnitAccountabilityCaseInput {
  @IdField({ description: '成员单位' }) memberUnitId: string;
  @TextField(2000, { description: '问责原因' }) reason: string;
  @IdField({ optional: true, description: '所依据的延伸调查' }) investigationId?: string;
  @IdListField(50, { optional: true, description: '引用的未落实任务（须逾期未办结或被退回过，承办或被认定负责的须为该单位），最多 50 个' }) taskIds?: string[];
}
