import { ArgsType, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ArrayMinSize, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { AccountabilityCase } from '../../evaluation/accountability-case.entity';
import { AccountabilityStatus } from '../../evaluation/evaluation.enums';
import { AccountabilityCaseProgress } from '../../evaluation/accountability-case.types';
import { Connection, PageArgs } from '../../graphql/connection';
import { toGlobalId } from '../../graphql/global-id';
import { DateField, IdField, IdListField, IntField, ListField, TextField } from '../../graphql/input-fields';
import { modelOf } from '../../graphql/model';
import { Node } from '../../graphql/node';
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

/**
 * COM-6: a case against a member unit. It shares the accountability_case table with the person cases of EVA-6
 * (subject_kind MEMBER_UNIT) but is its own GraphQL type, so the released AccountabilityCase keeps `person: Person!`.
 */
@ObjectType('MemberUnitAccountabilityCase', { implements: () => [Node], description: '成员单位问责案件：工作不落实造成严重后果（COM-6），县纪委监委可查看' })
export class MemberUnitAccountabilityCaseModel extends AccountabilityCaseProgress implements Node {
  @Field(() => ID, { description: '成员单位问责案件的全局 id' }) id: string;
  @Field({ description: '被问责成员单位的名称（立案时）' }) memberUnitName: string;
  @Field(() => Int, { description: '立案年度（北京时间）' }) year: number;
  @Field({ description: '问责原因' }) reason: string;
  @Field({ description: '立案的部门' }) openingDepartment: string;
  @Field(() => ID, { nullable: true, description: '所依据的延伸调查（未依据调查时为空）' }) investigationId: string | null;
  @Field(() => [ID], { description: '所引用的未落实任务（逾期未办结或被退回过），最多 50 个' }) taskIds: string[];
  @Field(() => DateTimeScalar, { description: '立案并通报县纪委监委的时间' }) notifiedAt: Date;

  static from(row: AccountabilityCase): MemberUnitAccountabilityCaseModel {
    return modelOf(new MemberUnitAccountabilityCaseModel(), row, {
      id: toGlobalId('MemberUnitAccountabilityCase', row.id), memberUnitName: row.personName, year: row.year, reason: row.reason ?? '',
      openingDepartment: row.assessingDepartment, investigationId: row.investigationId ? toGlobalId('Investigation', row.investigationId) : null,
      taskIds: (row.taskIds ?? []).map((t) => toGlobalId('Task', t)), status: row.status, notifiedAt: row.notifiedAt, deliveredAt: row.deliveredAt, interviewedOn: row.interviewedOn,
      interviewers: row.interviewers, outcome: row.outcome, closedBy: row.closedBy, closedAt: row.closedAt, version: row.version,
    });
  }
}

@ObjectType('MemberUnitAccountabilityCaseConnection', { description: '成员单位问责案件的分页列表（按立案时刻，新的在前）' })
export class MemberUnitAccountabilityCaseConnection extends Connection(MemberUnitAccountabilityCaseModel, 'MemberUnitAccountabilityCase') {}

@ArgsType()
export class MemberUnitAccountabilityCasesArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: '区划（含下级），默认本辖区' }) @IsOptional() @IsString() @MaxLength(200) regionId?: string;
  @Field(() => ID, { nullable: true, description: '只看这一成员单位' }) @IsOptional() @IsString() @MaxLength(200) memberUnitId?: string;
  @Field(() => AccountabilityStatus, { nullable: true, description: '只列出这一状态的' }) @IsOptional() @IsEnum(AccountabilityStatus) status?: AccountabilityStatus;
}

@InputType({ description: '登记成员单位问责案件的约谈及结果（COM-6）' })
export class RecordMemberUnitAccountabilityInterviewInput {
  @IdField({ description: '成员单位问责案件 id' }) caseId: string;
  @DateField({ description: '约谈日期' }) interviewedOn: string;
  @TextField(500, { description: '约谈人' }) interviewers: string;
  @TextField(5000, { description: '约谈结果' }) outcome: string;
  @IntField(1, 1_000_000, { optional: true, description: '读取时的版本号' }) expectedVersion?: number | null;
}
