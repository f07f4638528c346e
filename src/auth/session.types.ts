import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { NOT_BLANK } from '../graphql/input-fields';
import { DateTimeScalar } from '../graphql/scalars';
import { PASSWORD_RULE } from '../config/password-policy';

@ObjectType('LoginPayload', { description: '登录结果：访问令牌放在 Authorization: Bearer 请求头中' })
export class LoginPayload {
  @Field({ description: '访问令牌（签名令牌，短期有效）' }) accessToken: string;
  @Field(() => DateTimeScalar, { description: '令牌到期时间；到期前可用 refreshSession 换新令牌' }) expiresAt: Date;
  @Field({ description: '须先通过第二因素验证（verifySecondFactor）' }) secondFactorRequired: boolean;
  @Field({ description: '须先修改密码（changePassword）：由他人设置，或登录时已超过安全策略的最长使用天数' }) passwordChangeRequired: boolean;
  @Field({ description: '本角色须启用双因素认证，须先绑定（enrollTotp、confirmTotp）' }) secondFactorEnrollmentRequired: boolean;
}

@ObjectType('LiftSignInPausePayload', { description: '解除某地址的登录暂停的结果' })
export class LiftSignInPausePayload {
  @Field({ description: '地址（与审计日志 SIGN_IN_PAUSED 记录中的 address 相同）' }) address: string;
  @Field({ description: '解除前该地址有正在生效的登录暂停（全部用户名合计的，或某个用户名的）' }) wasPaused: boolean;
  @Field(() => DateTimeScalar, { nullable: true, description: '解除前的暂停最晚到何时；没有暂停时为空' }) pausedUntil: Date | null;
  @Field(() => Int, { description: '清零的该地址全部用户名合计的登录失败次数（尚在计数期内的）' }) failuresCleared: number;
}

@InputType({ description: '登录' })
export class LoginInput {
  @Field({ description: '用户名（不区分大小写）' }) @IsString() @MaxLength(64) @Matches(NOT_BLANK, { message: '请填写用户名' }) username: string;
  @Field({ description: '密码' }) @IsString() @MaxLength(128) @MinLength(1, { message: '请填写密码' }) password: string;
}

@InputType({ description: '第二因素验证：TOTP 动态码或一个恢复码' })
export class VerifySecondFactorInput {
  @Field(() => String, { nullable: true, description: '验证器应用显示的 6 位动态码' })
  @IsOptional() @IsString() @Matches(/^\d{6}$/, { message: '须为 6 位数字' })
  code?: string;
  @Field(() => String, { nullable: true, description: '恢复码（每个只能用一次）' })
  @IsOptional() @IsString() @MaxLength(32)
  recoveryCode?: string;
}

@InputType({ description: '修改本人密码' })
export class ChangePasswordInput {
  @Field({ description: '当前密码' }) @IsString() @MaxLength(128) @MinLength(1, { message: '请填写当前密码' }) currentPassword: string;
  @Field({ description: `新密码：${PASSWORD_RULE}；不与安全策略规定的最近几次（securityPolicy.passwordHistory）相同` })
  @IsString() @MaxLength(128)
  newPassword: string;
}

@InputType({ description: '解除登录暂停的地址' })
export class LiftSignInPauseInput {
  @Field({ description: '客户端地址（IPv4 或 IPv6，与审计日志 SIGN_IN_PAUSED 记录中的 address 相同）' })
  @IsString() @Matches(/^\s*[0-9A-Za-z:.%_-]{1,64}\s*$/, { message: '不是有效的地址：请填写审计日志登录暂停记录中的 address（IPv4 或 IPv6）' })
  address: string;
}
