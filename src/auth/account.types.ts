import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsInt, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { Connection } from '../graphql/connection';
import { toGlobalId } from '../graphql/global-id';
import { NO_CONTROL, NOT_BLANK } from '../graphql/input-fields';
import { modelOf } from '../graphql/model';
import { Node } from '../graphql/node';
import { DateTimeScalar } from '../graphql/scalars';
import { Account } from './account.entity';
import { PASSWORD_RULE } from '../config/password-policy';
import { Role } from '../kernel/permissions';

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]{2,31}$/;

@ObjectType('Account', { implements: () => [Node], description: '账号；身份证号、手机号脱敏显示' })
export class AccountModel implements Node {
  @Field(() => ID, { description: '全局标识（可用于 node(id:)）' }) id: string;
  @Field({ description: '用户名（小写）' }) username: string;
  @Field({ description: '姓名' }) displayName: string;
  @Field(() => Role, { description: '角色；roleGranted 为 false 时是申请的角色，尚未生效' }) role: Role;
  @Field({ description: '角色是否已由安全管理员授予；为 false 时账号不能登录（双人原则：系统管理员新建，安全管理员授权）' }) roleGranted: boolean;
  @Field({ description: '是否启用' }) active: boolean;
  @Field({ description: '是否因连续登录失败而锁定中' }) locked: boolean;
  @Field(() => DateTimeScalar, { nullable: true, description: '锁定到何时' }) lockedUntil: Date | null;
  @Field({ description: '须先修改密码：由他人设置，或登录时已超过安全策略的最长使用天数' }) passwordChangeRequired: boolean;
  @Field({ description: '是否已启用双因素认证（TOTP）' }) secondFactorEnabled: boolean;
  @Field(() => String, { nullable: true, description: '身份证号（脱敏，如 220622********123X）' }) citizenIdMasked: string | null;
  @Field(() => String, { nullable: true, description: '手机号（脱敏，如 138****5678）' }) phoneMasked: string | null;
  @Field(() => DateTimeScalar, { description: '创建时间' }) createdAt: Date;
  @Field(() => Int, { description: '版本号（修改时用于防止覆盖他人的更改）' }) version: number;
  readonly row: Account;

  static from(row: Account, now: Date): AccountModel {
    return modelOf(new AccountModel(), row, {
      id: toGlobalId('Account', row.id),
      username: row.username,
      displayName: row.displayName,
      role: row.role,
      roleGranted: row.roleGranted,
      active: row.active,
      locked: row.lockedUntil !== null && row.lockedUntil > now,
      lockedUntil: row.lockedUntil !== null && row.lockedUntil > now ? row.lockedUntil : null,
      passwordChangeRequired: row.mustChangePassword,
      secondFactorEnabled: row.totpEnabledAt !== null,
      citizenIdMasked: row.citizenIdMasked,
      phoneMasked: row.phoneMasked,
      createdAt: row.createdAt,
      version: row.version,
    });
  }
}
@ObjectType('AccountConnection', { description: '账号列表' })
export class AccountConnection extends Connection(AccountModel, 'Account') {}

@ObjectType('PersonalData', { description: '未脱敏的个人信息（每次查看都记入审计日志）' })
export class PersonalDataModel {
  @Field(() => String, { nullable: true, description: '身份证号' }) citizenId: string | null;
  @Field(() => String, { nullable: true, description: '手机号' }) phone: string | null;
}

@InputType({ description: '新建账号（系统管理员）；角色待安全管理员授权后生效；密码由管理员设置，本人首次登录须修改' })
export class CreateAccountInput {
  @Field({ description: '用户名：3 至 32 位字母、数字、. _ -，不区分大小写' })
  @IsString() @Matches(USERNAME, { message: '须为 3 至 32 位字母、数字或 . _ -，以字母或数字开头' })
  username: string;
  @Field({ description: `初始密码（本人首次登录须修改）：${PASSWORD_RULE}` }) @IsString() @MaxLength(128) password: string;
  @Field({ description: '姓名' }) @IsString() @Matches(NOT_BLANK, { message: '请填写姓名' }) @Matches(NO_CONTROL, { message: '不能包含控制字符' }) @MaxLength(50)
  displayName: string;
  @Field(() => Role, { description: '申请的角色（INTEGRATION 只用于 API 密钥）；安全管理员授权（grantAccountRole）前账号不能登录' }) @IsEnum(Role) role: Role;
  @Field(() => ID, { description: '所属区划：乡镇角色为乡镇 id，县级角色为县 id' }) @IsString() @MaxLength(200) regionId: string;
  @Field(() => ID, { nullable: true, description: '所属机构；成员单位账号必填，其他角色按区划自动确定' })
  @IsOptional() @IsString() @MaxLength(200)
  organizationId?: string;
  @Field(() => String, { nullable: true, description: '身份证号（加密保存，脱敏显示）' }) @IsOptional() @IsString() @MaxLength(32)
  citizenId?: string;
  @Field(() => String, { nullable: true, description: '手机号（加密保存，脱敏显示）' }) @IsOptional() @IsString() @MaxLength(20)
  phone?: string;
}

@InputType({ description: '修改账号（系统管理员）；改区划或停用会使其现有登录失效；改区划或机构还会收回其角色授权，须安全管理员重新授予（ADM-8）；每类管理员至少保留一个可用账号（ADM-7）；角色改用 grantAccountRole' })
export class UpdateAccountInput {
  @Field(() => ID, { description: '账号' }) @IsString() @MaxLength(200) id: string;
  @Field(() => String, { nullable: true, description: '姓名；不填则不改' }) @IsOptional() @IsString() @Matches(NOT_BLANK, { message: '请填写姓名' }) @Matches(NO_CONTROL, { message: '不能包含控制字符' }) @MaxLength(50)
  displayName?: string;
  @Field(() => Boolean, { nullable: true, description: '启用或停用；不填则不改；不能停用最后一个可用的某类管理员账号（ADM-7）' }) @IsOptional() @IsBoolean() active?: boolean;
  @Field(() => Role, {
    nullable: true,
    description: '角色：已不能在此修改（填与现角色不同的值被拒绝，FORBIDDEN）；不填则不改',
    deprecationReason: '改用 grantAccountRole（安全管理员授予或变更角色，三权分立）',
  })
  @IsOptional() @IsEnum(Role)
  role?: Role;
  @Field(() => ID, { nullable: true, description: '所属区划：乡镇角色为乡镇 id，县级角色为县 id；不填则不改；改变则收回角色授权，待安全管理员重新授予后方可登录（ADM-8）' }) @IsOptional() @IsString() @MaxLength(200) regionId?: string;
  @Field(() => ID, { nullable: true, description: '所属机构（成员单位账号）；不填则不改；改变则收回角色授权，待安全管理员重新授予后方可登录（ADM-8）' }) @IsOptional() @IsString() @MaxLength(200) organizationId?: string;
  @Field(() => String, { nullable: true, description: '身份证号；空字符串表示清除' }) @IsOptional() @IsString() @MaxLength(32)
  citizenId?: string;
  @Field(() => String, { nullable: true, description: '手机号；空字符串表示清除' }) @IsOptional() @IsString() @MaxLength(20)
  phone?: string;
  @Field(() => Int, { nullable: true, description: '读取时的版本号：已被他人修改则拒绝（CONFLICT）' })
  @IsOptional() @IsInt() @Min(1)
  expectedVersion?: number;
}

@InputType({ description: '重置他人密码（业务账号由系统管理员；管理员由另一类管理员，见三权分立表）；本人下次登录须修改' })
export class ResetAccountPasswordInput {
  @Field(() => ID, { description: '账号' }) @IsString() @MaxLength(200) id: string;
  @Field({ description: `新密码（本人下次登录须修改）：${PASSWORD_RULE}` }) @IsString() @MaxLength(128) newPassword: string;
}

@InputType({ description: '指定账号' })
export class AccountIdInput {
  @Field(() => ID, { description: '账号' }) @IsString() @MaxLength(200) id: string;
}

@InputType({ description: '授予或变更账号的角色（安全管理员；不能授予本人）' })
export class GrantAccountRoleInput {
  @Field(() => ID, { description: '账号' }) @IsString() @MaxLength(200) accountId: string;
  @Field(() => Role, { description: '授予的角色：确认申请的角色，或改为同类的另一角色（管理员账号和业务账号不能互改）' }) @IsEnum(Role) role: Role;
  @Field(() => ID, { nullable: true, description: '所属成员单位：改为成员单位角色时必填' }) @IsOptional() @IsString() @MaxLength(200)
  organizationId?: string;
  @Field(() => Int, { nullable: true, description: '读取时的版本号：已被他人修改则拒绝（CONFLICT）' })
  @IsOptional() @IsInt() @Min(1)
  expectedVersion?: number;
}
