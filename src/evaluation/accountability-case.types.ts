import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '../graphql/connection';
import { toGlobalId } from '../graphql/global-id';
import { DateField, IdField, IntField, TextField } from '../graphql/input-fields';
import { modelOf } from '../graphql/model';
import { Node } from '../graphql/node';
import { CalendarDateScalar, DateTimeScalar } from '../graphql/scalars';
import { AccountabilityCase } from './accountability-case.entity';
import { AccountabilityStatus } from './evaluation.enums';

/**
 * What every accountability case has, a person's (EVA-6) or a member unit's (COM-6): its state, its delivery to the
 * discipline commission, the interview that closes it, its version. One table, two GraphQL types.
 */
@ObjectType({ isAbstract: true })
export abstract class AccountabilityCaseProgress {
  @Field(() => AccountabilityStatus, { description: '案件状态' }) status: AccountabilityStatus;
  @Field(() => DateTimeScalar, { nullable: true, description: '送达县纪委监委订阅的时间（accountability_case.opened 推送成功时记录；尚未送达或未订阅为空）' }) deliveredAt: Date | null;
  @Field(() => CalendarDateScalar, { nullable: true, description: '约谈日期' }) interviewedOn: string | null;
  @Field(() => String, { nullable: true, description: '约谈人' }) interviewers: string | null;
  @Field(() => String, { nullable: true, description: '约谈结果' }) outcome: string | null;
  @Field(() => String, { nullable: true, description: '结案人（登记约谈结果的账号）' }) closedBy: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: '结案时刻' }) closedAt: Date | null;
  @Field(() => Int, { description: '版本号（登记约谈时作为 expectedVersion 传回）' }) version: number;
  readonly row: AccountabilityCase;
}

@ObjectType('AccountabilityCase', { implements: () => [Node], description: '连续两年不称职的问责案件（EVA-6）；成员单位的问责案件见 MemberUnitAccountabilityCase（COM-6）' })
export class AccountabilityCaseModel extends AccountabilityCaseProgress implements Node {
  @Field(() => ID, { description: '问责案件的全局 id' }) id: string;
  @Field({ description: '被问责人员的姓名' }) personName: string;
  @Field(() => Int, { description: '第二个不称职的年度' }) year: number;
  @Field({ description: '考核部门' }) assessingDepartment: string;
  @Field({ description: '编制所属单位' }) establishmentUnit: string;
  @Field(() => DateTimeScalar, { description: '通报县纪委监委的时间（立案时）' }) notifiedAt: Date;

  /** A person case (EVA-6) only: a member-unit case (COM-6) is a MemberUnitAccountabilityCase, never this type. */
  static from(row: AccountabilityCase): AccountabilityCaseModel {
    return modelOf(new AccountabilityCaseModel(), row, {
      id: toGlobalId('AccountabilityCase', row.id), personName: row.personName, year: row.year, assessingDepartment: row.assessingDepartment,
      establishmentUnit: row.establishmentUnit, status: row.status, notifiedAt: row.notifiedAt, deliveredAt: row.deliveredAt, interviewedOn: row.interviewedOn, interviewers: row.interviewers,
      outcome: row.outcome, closedBy: row.closedBy, closedAt: row.closedAt, version: row.version,
    });
  }
}
@ObjectType('AccountabilityCaseConnection', { description: '问责案件的分页列表（按立案时刻）' })
export class AccountabilityCaseConnection extends Connection(AccountabilityCaseModel, 'AccountabilityCase') {}

@InputType({ description: '登记问责约谈（EVA-6）' })
export class RecordAccountabilityInterviewInput {
  @IdField({ description: '问责案件 id' }) caseId: string;
  @DateField({ description: '约谈日期' }) interviewedOn: string;
  @TextField(500, { description: '约谈人（考核部门和编制所属单位）' }) interviewers: string;
  @TextField(5000, { description: '约谈结果' }) outcome: string;
  @IntField(1, 1_000_000, { optional: true, description: '读取时的版本号' }) expectedVersion?: number | null;
}
