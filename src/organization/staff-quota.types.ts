import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { Connection } from '../graphql/connection';
import { toGlobalId } from '../graphql/global-id';
import { NOT_BLANK } from '../graphql/input-fields';
import { DateTimeScalar } from '../graphql/scalars';
import { GLOBAL_ID } from './graphql-texts';
import { StaffQuotaChange } from './staff-quota-change.entity';

@ObjectType('StaffQuotaChange', { description: '编制变更记录（只增不改）' })
export class StaffQuotaChangeModel {
  @Field(() => ID, { description: '标识' }) id: string;
  @Field(() => Int, { nullable: true, description: '变更前编制；首次设定时为空' }) previousQuota: number | null;
  @Field(() => Int, { description: '变更后编制' }) newQuota: number;
  @Field({ description: '变更原因或依据' }) reason: string;
  @Field({ description: '操作人' }) changedBy: string;
  @Field(() => DateTimeScalar, { description: '变更时间' }) changedAt: Date;

  static from(row: StaffQuotaChange): StaffQuotaChangeModel {
    return Object.assign(new StaffQuotaChangeModel(), {
      id: toGlobalId('StaffQuotaChange', row.id), previousQuota: row.previousQuota, newQuota: row.newQuota, reason: row.reason,
      changedBy: row.changedBy, changedAt: row.changedAt,
    });
  }
}
@ObjectType({ description: '编制变更记录的分页列表（由早到晚）' })
export class StaffQuotaChangeConnection extends Connection(StaffQuotaChangeModel, 'StaffQuotaChange') {}

@InputType({ description: '调整编制人数（ORG-1、ORG-3）；每次调整留有记录' })
export class ChangeStaffQuotaInput {
  @Field(() => ID, { description: '指导中心或工作站' }) @IsString() @MaxLength(200) @IsNotEmpty(GLOBAL_ID)
  organizationId: string;

  @Field(() => Int, { description: '新的编制人数；工作站 2 至 3 人' }) @IsInt() @Min(1)
  staffQuota: number;

  @Field({ description: '调整原因或依据（如文件文号）' })
  @IsString() @Matches(NOT_BLANK, { message: '请填写调整原因或依据' }) @MaxLength(500)
  reason: string;

  @Field(() => Int, { nullable: true, description: '读取时的版本号；与当前版本不符则拒绝（CONFLICT）' })
  @IsOptional() @IsInt() @Min(1)
  expectedVersion?: number;
}
