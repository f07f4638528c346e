import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsString, Matches, MaxLength } from 'class-validator';
import { UNMASK_GRANT_MAX_DAYS } from '../common/time-rules';
import { Connection } from '../graphql/connection';
import { toGlobalId } from '../graphql/global-id';
import { DateField, NO_CONTROL, NOT_BLANK } from '../graphql/input-fields';
import { modelOf } from '../graphql/model';
import { CalendarDateScalar, DateTimeScalar } from '../graphql/scalars';
import { UnmaskGrant } from './unmask-grant.entity';

@ObjectType('UnmaskGrant', { description: '查看未脱敏个人信息的授权：安全管理员授予业务账号，限期、写明事由；到期或撤销后失效' })
export class UnmaskGrantModel {
  @Field(() => ID, { description: '全局标识' }) id: string;
  @Field(() => ID, { description: '被授权的账号（全局标识）' }) accountId: string;
  @Field(() => CalendarDateScalar, { description: '有效期至（北京时间，含当日）' }) until: string;
  @Field({ description: '事由' }) reason: string;
  @Field({ description: '授权人（用户名）' }) grantedBy: string;
  @Field(() => DateTimeScalar, { description: '授权时间' }) grantedAt: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: '撤销时间；未撤销时为空' }) revokedAt: Date | null;
  @Field(() => String, { nullable: true, description: '撤销人；未撤销时为空' }) revokedBy: string | null;
  @Field({ description: '今天（北京时间）是否有效：未撤销且未过期' }) active: boolean;
  readonly row: UnmaskGrant;

  static from(row: UnmaskGrant, today: string): UnmaskGrantModel {
    return modelOf(new UnmaskGrantModel(), row, {
      id: toGlobalId('UnmaskGrant', row.id),
      accountId: toGlobalId('Account', row.accountId),
      until: row.until,
      reason: row.reason,
      grantedBy: row.grantedBy,
      grantedAt: row.grantedAt,
      revokedAt: row.revokedAt,
      revokedBy: row.revokedBy,
      active: row.revokedAt === null && row.until >= today,
    });
  }
}
@ObjectType('UnmaskGrantConnection', { description: '查看个人信息的授权列表（新的授权时间在后）' })
export class UnmaskGrantConnection extends Connection(UnmaskGrantModel, 'UnmaskGrant') {}

@InputType({ description: `授予账号在限定期限内查看未脱敏个人信息的权利（安全管理员）` })
export class GrantUnmaskInput {
  @Field(() => ID, { description: '被授权的业务账号' }) @IsString() @MaxLength(200) accountId: string;
  @DateField({ description: `有效期至（北京时间，含当日）：今天至 ${UNMASK_GRANT_MAX_DAYS} 天后（时间规则 T-KEY-2）` })
  until: string;
  @Field({ description: '事由（如办理的案件、核查的名单）' })
  @IsString() @Matches(NOT_BLANK, { message: '请填写事由' }) @Matches(NO_CONTROL, { message: '不能包含控制字符' }) @MaxLength(200)
  reason: string;
}

@InputType({ description: '撤销查看个人信息的授权（立即失效）' })
export class RevokeUnmaskInput {
  @Field(() => ID, { description: '授权' }) @IsString() @MaxLength(200) id: string;
}
