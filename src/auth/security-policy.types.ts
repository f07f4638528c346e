import { ArgsType, Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ArrayMaxSize, IsOptional, IsString, MaxLength } from 'class-validator';
import { DateField, IntField, IsCalendarDate } from '../graphql/input-fields';
import { CalendarDateScalar, DateTimeScalar } from '../graphql/scalars';
import { SecurityPolicy } from './security-policy.entity';

@ObjectType('SecurityPolicy', { description: '安全策略（版本化，GB/T 22239-2019 8.1.4.1 身份鉴别）：密码有效期和历史、同时在线数、登录失败处理、须用双因素认证的角色' })
export class SecurityPolicyModel {
  @Field(() => Int, { description: '版本号' }) version: number;
  @Field(() => CalendarDateScalar, { description: '生效日期' }) effectiveFrom: string;
  @Field(() => Int, { description: '密码最长使用天数：超过后下次登录须先修改密码' }) passwordMaxAgeDays: number;
  @Field(() => Int, { description: '新密码不能与最近几次的密码相同（含当前密码；0 为不检查）' }) passwordHistory: number;
  @Field(() => Int, { description: '每个账号同时在线的登录数上限；再登录时结束最早的一个' }) maxSessions: number;
  @Field(() => Int, { description: '同一用户名在同一地址连续失败几次后，每次再试须等待（1 秒、2 秒、4 秒……）' }) delayAfterFailures: number;
  @Field(() => Int, { description: '首次等待的秒数（此后每次加倍）' }) delayBaseSeconds: number;
  @Field(() => Int, { description: '每次等待的最长秒数' }) delayMaxSeconds: number;
  @Field(() => Int, { description: '同一用户名在同一地址连续失败几次后，该地址暂停该用户名的登录' }) lockAfterFailures: number;
  @Field(() => Int, { description: '暂停（锁定）的分钟数；失败记录在最后一次失败后保留同样长的时间' }) lockMinutes: number;
  @Field(() => Int, { description: '账号从各地址累计连续失败几次后锁定账号（从常用地址用正确密码仍可登录）' }) accountLockAfterFailures: number;
  @Field(() => Int, { description: '成功登录过的地址在多少天内算常用地址' }) knownAddressDays: number;
  @Field(() => Int, { description: '同一地址（所有用户名合计）失败几次后，每次再试须等待' }) addressDelayAfterFailures: number;
  @Field(() => Int, { description: '同一地址（所有用户名合计）失败几次后暂停该地址的登录' }) addressLockAfterFailures: number;
  @Field(() => [String], { description: '须使用双因素认证的角色（角色名称，如 CENTER；最多 20 个）' }) secondFactorRoles: string[];
  @Field({ description: '须用双因素认证的角色是否由部署配置 MFA_REQUIRED_ROLES 指定（此时以配置为准，不以本版本为准）' }) secondFactorRolesOverridden: boolean;
  @Field({ description: '发布人' }) createdBy: string;
  @Field(() => DateTimeScalar, { description: '发布时间' }) createdAt: Date;

  static from(row: SecurityPolicy, secondFactorRoles: readonly string[], overridden: boolean): SecurityPolicyModel {
    return Object.assign(new SecurityPolicyModel(), row, { secondFactorRoles: [...secondFactorRoles], secondFactorRolesOverridden: overridden });
  }
}

@ArgsType()
export class SecurityPolicyArgs {
  @Field(() => CalendarDateScalar, { nullable: true, description: '哪一天生效的版本（默认今天）' }) @IsOptional() @IsCalendarDate() asOf?: string;
}

@InputType({ description: '安全策略的新版本：今天或以后生效，不早于现行版本（时间规则 T-SEC-1）' })
export class PublishSecurityPolicyInput {
  @DateField({ description: '生效日期（今天或以后，不早于现行版本的生效日期）' }) effectiveFrom: string;
  @IntField(30, 180, { description: '密码最长使用天数（30–180）' }) passwordMaxAgeDays: number;
  @IntField(0, 24, { description: '新密码不能与最近几次的密码相同（0–24，含当前密码；0 为不检查）' }) passwordHistory: number;
  @IntField(1, 10, { description: '每个账号同时在线的登录数上限（1–10）' }) maxSessions: number;
  @IntField(1, 10, { description: '同一用户名在同一地址连续失败几次后开始等待（1–10）' }) delayAfterFailures: number;
  @IntField(1, 60, { description: '首次等待的秒数（1–60，此后每次加倍）' }) delayBaseSeconds: number;
  @IntField(1, 3600, { description: '每次等待的最长秒数（1–3600）' }) delayMaxSeconds: number;
  @IntField(3, 20, { description: '同一用户名在同一地址连续失败几次后暂停（3–20，须大于开始等待的次数）' }) lockAfterFailures: number;
  @IntField(1, 1440, { description: '暂停（锁定）的分钟数（1–1440）' }) lockMinutes: number;
  @IntField(10, 1000, { description: '账号从各地址累计连续失败几次后锁定账号（10–1000，须大于同一地址暂停的次数）' }) accountLockAfterFailures: number;
  @IntField(1, 365, { description: '成功登录过的地址在多少天内算常用地址（1–365）' }) knownAddressDays: number;
  @IntField(3, 1000, { description: '同一地址（所有用户名合计）失败几次后开始等待（3–1000）' }) addressDelayAfterFailures: number;
  @IntField(5, 10000, { description: '同一地址（所有用户名合计）失败几次后暂停该地址（5–10000，须大于开始等待的次数）' }) addressLockAfterFailures: number;
  @Field(() => [String], { description: '须使用双因素认证的角色（角色名称，发布时核对，如 CENTER、COMMITTEE_OFFICE；最多 20 个）' })
  @IsString({ each: true }) @MaxLength(40, { each: true }) @ArrayMaxSize(20)
  secondFactorRoles: string[];
}
