import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsDate, IsEnum, IsInt, IsOptional, IsString, Matches, MaxLength, Min,
  MinLength,
} from 'class-validator';
import { Connection } from '../graphql/connection';
import { toGlobalId } from '../graphql/global-id';
import { modelOf } from '../graphql/model';
import { Node } from '../graphql/node';
import { Account, UnmaskGrant } from './account.entity';
import { ApiKey } from './api-key.entity';
import { AuditChainBreak } from './audit-chain';
import { AuditActorKind, AuditEntry, AuditOutcome } from './audit-entry.entity';
import type { ChainVerification } from './audit.service';
import { Permission, PERMISSION_LABELS, Role, ROLE_LABELS, ROLE_PERMISSIONS } from './permissions';
import { CalendarDateScalar, DateTimeScalar } from '../graphql/scalars';
import { UNMASK_GRANT_MAX_DAYS } from '../common/time-rules';
import { DateField } from '../graphql/input-fields';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-policy';
import { RECOVERY_CODE_COUNT } from './totp';

/** What an API key can hold at most: INTEGRATION's permissions, each once (ApiKeyService checks and dedupes). */
const API_KEY_MAX_PERMISSIONS = ROLE_PERMISSIONS[Role.INTEGRATION].length;
const PASSWORD_RULE = `${PASSWORD_MIN_LENGTH} 至 ${PASSWORD_MAX_LENGTH} 个字符，含大写字母、小写字母、数字、符号中的至少 3 类；不含用户名`;

registerEnumType(Role, {
  name: 'Role',
  description: '角色：决定账号拥有的权限（见 docs/authorization.md）',
  valuesMap: Object.fromEntries(Object.values(Role).map((r) => [r, { description: ROLE_LABELS[r] }])),
});
registerEnumType(Permission, {
  name: 'Permission',
  description: '权限：一类操作的许可，只在本账号（密钥）的管辖范围内有效',
  valuesMap: Object.fromEntries(Object.values(Permission).map((p) => [p, { description: PERMISSION_LABELS[p] }])),
});
registerEnumType(AuditOutcome, {
  name: 'AuditOutcome',
  description: '操作结果',
  valuesMap: {
    SUCCESS: { description: '成功' },
    FAILURE: { description: '失败（输入有误、冲突等）' },
    DENIED: { description: '被拒绝（未登录、无权限、超出管辖范围、须先改密码等）' },
  },
});
registerEnumType(AuditActorKind, {
  name: 'AuditActorKind',
  description: '操作者类别',
  valuesMap: {
    ANONYMOUS: { description: '未登录者（如登录失败的尝试）' },
    ACCOUNT: { description: '账号' },
    API_KEY: { description: '对接系统的 API 密钥' },
    SYSTEM: { description: '系统（定时任务、命令行）' },
  },
});

// ---------- objects ----------

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

@ObjectType('PersonalData', { description: '未脱敏的个人信息（每次查看都记入审计日志）' })
export class PersonalDataModel {
  @Field(() => String, { nullable: true, description: '身份证号' }) citizenId: string | null;
  @Field(() => String, { nullable: true, description: '手机号' }) phone: string | null;
}

@ObjectType('LoginPayload', { description: '登录结果：访问令牌放在 Authorization: Bearer 请求头中' })
export class LoginPayload {
  @Field({ description: '访问令牌（签名令牌，短期有效）' }) accessToken: string;
  @Field(() => DateTimeScalar, { description: '令牌到期时间；到期前可用 refreshSession 换新令牌' }) expiresAt: Date;
  @Field({ description: '须先通过第二因素验证（verifySecondFactor）' }) secondFactorRequired: boolean;
  @Field({ description: '须先修改密码（changePassword）：由他人设置，或登录时已超过安全策略的最长使用天数' }) passwordChangeRequired: boolean;
  @Field({ description: '本角色须启用双因素认证，须先绑定（enrollTotp、confirmTotp）' }) secondFactorEnrollmentRequired: boolean;
}

@ObjectType('TotpEnrollment', { description: 'TOTP 绑定信息：用验证器应用扫描 otpauthUri（或手工输入 secret），再用 confirmTotp 确认' })
export class TotpEnrollmentModel {
  @Field({ description: 'Base32 密钥（只显示这一次）' }) secret: string;
  @Field({ description: 'otpauth:// 链接（RFC 6238：SHA1，6 位，30 秒）' }) otpauthUri: string;
}

/**
 * Named `RecoveryCodeSet`, not `RecoveryCodes`: its field `recoveryCodes` (a name clients code against) would
 * start with the type's name (no-typename-prefix). An output type only, so queries that select the field are
 * unchanged; only a fragment on the old type name or a generated type name changes.
 */
@ObjectType('RecoveryCodeSet', { description: '一组恢复码：每个只能用一次，只显示这一次，请妥善保存' })
export class RecoveryCodesModel {
  @Field(() => [String], { description: `恢复码（如 k7xq-2m9p-hc4d），共 ${RECOVERY_CODE_COUNT} 个，最多 ${RECOVERY_CODE_COUNT} 个；重新生成后旧的全部作废` })
  recoveryCodes: string[];
}

@ObjectType('ApiKey', { description: '对接系统的 API 密钥' })
export class ApiKeyModel {
  @Field(() => ID, { description: '全局标识' }) id: string;
  @Field({ description: '名称（对接系统）' }) name: string;
  @Field({ description: '密钥前缀（用于辨认，不是密钥本身）' }) prefix: string;
  @Field(() => [Permission], { description: `授予的权限（在 INTEGRATION 角色的权限之内，不重复，最多 ${API_KEY_MAX_PERMISSIONS} 项），只在密钥的区划（含下级）内有效；写入类权限的每次变更须带 Idempotency-Key 请求头` })
  permissions: Permission[];
  @Field(() => DateTimeScalar, { description: '创建时间' }) createdAt: Date;
  @Field({ description: '创建人' }) createdBy: string;
  @Field(() => DateTimeScalar, { nullable: true, description: '到期时间；为空（早先创建、未设到期时间的密钥）则长期有效，直到吊销' }) expiresAt: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: '吊销时间；未吊销时为空' }) revokedAt: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: '最近使用时间（精确到分钟）' }) lastUsedAt: Date | null;
  readonly row: ApiKey;

  static from(row: ApiKey): ApiKeyModel {
    return modelOf(new ApiKeyModel(), row, {
      id: toGlobalId('ApiKey', row.id),
      name: row.name,
      prefix: row.prefix,
      permissions: row.permissions,
      createdAt: row.createdAt,
      createdBy: row.createdBy,
      expiresAt: row.expiresAt,
      revokedAt: row.revokedAt,
      lastUsedAt: row.lastUsedAt,
    });
  }
}

@ObjectType('ApiKeyConnection', { description: 'API 密钥列表' })
export class ApiKeyConnection extends Connection(ApiKeyModel, 'ApiKey') {}

@ObjectType('CreateApiKeyPayload', { description: '新建的 API 密钥；secret 只显示这一次' })
export class CreateApiKeyPayload {
  @Field(() => ApiKeyModel, { description: '新建的密钥' }) apiKey: ApiKeyModel;
  @Field({ description: '完整密钥，放在 Authorization: Bearer 请求头中；系统只保存其散列' }) secret: string;
}

@ObjectType('AuditEntry', { description: '审计记录（只增不改）' })
export class AuditEntryModel {
  @Field(() => ID, { description: '标识（按记录的先后递增）' }) id: string;
  @Field(() => DateTimeScalar, { description: '记录时间（数据库写入的时刻）' }) at: Date;
  @Field(() => AuditActorKind, { description: '操作者类别' }) actorKind: AuditActorKind;
  @Field(() => ID, { nullable: true, description: '账号或密钥的全局标识' }) actorId: string | null;
  @Field({ description: '用户名、key:密钥名 或 system:任务' }) actorLabel: string;
  @Field(() => String, { nullable: true, description: '客户端地址' }) address: string | null;
  @Field({ description: '请求标识：服务器生成（与服务日志、错误中的 requestId 和响应头 X-Request-Id 对应）' }) requestId: string;
  @Field(() => String, { nullable: true, description: '客户端自带的请求标识（请求头 X-Request-Id，不超过 64 个可打印 ASCII 字符，否则不记录）' })
  clientRequestId: string | null;
  @Field({ description: '操作（GraphQL 字段名，或 ACCOUNT_LOCKED 等事件）' }) operation: string;
  @Field(() => String, {
    nullable: true,
    description: '对象类型：记录的类型名，如 Account、Organization、Hazard（随功能增加，不是固定的集合）；无具体对象时为空',
  })
  targetType: string | null;
  @Field(() => String, { nullable: true, description: '对象标识；无具体对象时为空' }) targetId: string | null;
  @Field(() => AuditOutcome, { description: '结果' }) outcome: AuditOutcome;
  @Field(() => String, { nullable: true, description: '失败时的错误码' }) errorCode: string | null;
  @Field(() => String, { nullable: true, description: '变更前后摘要（JSON，不含密码、密钥等机密）' }) summary: string | null;
  @Field(() => String, { nullable: true, description: '所属区划的路径（审计员按管辖范围查看）' }) scopePath: string | null;
  @Field(() => String, { nullable: true, description: '防篡改链中的序号（连续递增；链启用之前的记录为空）' }) chainSequence: string | null;
  @Field(() => String, { nullable: true, description: '防篡改链的消息认证码（HMAC，覆盖本条内容和上一条的认证码）' }) mac: string | null;

  static from(row: AuditEntry): AuditEntryModel {
    const m = new AuditEntryModel();
    const kind = row.actorKind === 'ACCOUNT' ? 'Account' : row.actorKind === 'API_KEY' ? 'ApiKey' : null;
    Object.assign(m, {
      id: row.id,
      at: row.at,
      actorKind: row.actorKind as AuditActorKind,
      actorId: kind && row.actorId ? toGlobalId(kind, row.actorId) : null,
      actorLabel: row.actorLabel,
      address: row.address,
      requestId: row.requestId,
      clientRequestId: row.clientRequestId,
      operation: row.operation,
      targetType: row.targetType,
      targetId: row.targetId,
      outcome: row.outcome,
      errorCode: row.errorCode,
      summary: row.summary ? JSON.stringify(row.summary) : null,
      scopePath: row.scopePath,
      chainSequence: row.chainSeq,
      mac: row.mac,
    });
    return m;
  }
}

registerEnumType(AuditChainBreak, {
  name: 'AuditChainBreak',
  description: '审计记录防篡改链断开的原因',
  valuesMap: {
    ALTERED: { description: '被改动：该条记录的内容与其认证码不符' },
    MISSING: { description: '缺失：该序号的记录已被删除' },
    RELINKED: { description: '链接不符：该条记录与前一条的认证码对不上（前后有记录被删除或替换）' },
  },
});

@ObjectType('AuditChainBreakPoint', { description: '防篡改链第一个断开之处' })
export class AuditChainBreakPointModel {
  @Field({ description: '链中的序号' }) sequence: string;
  @Field(() => ID, { nullable: true, description: '该条记录的标识（已被删除时为空）' }) entryId: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: '该条记录的时间（已被删除时为空）' }) at: Date | null;
  @Field(() => AuditChainBreak, { description: '断开的原因' }) reason: AuditChainBreak;
}

@ObjectType('AuditChainVerification', { description: '审计记录防篡改链的校验结果（GB/T 22239-2019 8.1.4.7）' })
export class AuditChainVerificationModel {
  @Field(() => DateTimeScalar, { description: '校验的时段起（含）' }) from: Date;
  @Field(() => DateTimeScalar, { description: '校验的时段止（不含）' }) to: Date;
  @Field({ description: '该时段的记录是否完整、未被改动或删除' }) intact: boolean;
  @Field(() => Int, { description: '校验的记录条数' }) checkedCount: number;
  @Field(() => Int, { description: '该时段中防篡改链启用之前写入、无认证码可校验的记录条数' }) unchainedCount: number;
  @Field(() => AuditChainBreakPointModel, { nullable: true, description: '第一个断开之处；完整时为空' }) firstBreak: AuditChainBreakPointModel | null;

  static from(v: ChainVerification): AuditChainVerificationModel {
    return Object.assign(new AuditChainVerificationModel(), {
      from: v.from, to: v.to, intact: v.intact, checkedCount: v.checked, unchainedCount: v.unchained, firstBreak: v.firstBreak,
    });
  }
}

@ObjectType('LiftSignInPausePayload', { description: '解除某地址的登录暂停的结果' })
export class LiftSignInPausePayload {
  @Field({ description: '地址（与审计日志 SIGN_IN_PAUSED 记录中的 address 相同）' }) address: string;
  @Field({ description: '解除前该地址有正在生效的登录暂停（全部用户名合计的，或某个用户名的）' }) wasPaused: boolean;
  @Field(() => DateTimeScalar, { nullable: true, description: '解除前的暂停最晚到何时；没有暂停时为空' }) pausedUntil: Date | null;
  @Field(() => Int, { description: '清零的该地址全部用户名合计的登录失败次数（尚在计数期内的）' }) failuresCleared: number;
}

@ObjectType('AuditEntryConnection', { description: '审计记录（新的在前）' })
export class AuditEntryConnection extends Connection(AuditEntryModel, 'AuditEntry') {}

// ---------- inputs ----------

const NOT_BLANK = /\S/;
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]{2,31}$/;
const NO_CONTROL = /^[^\u0000-\u001f\u007f]+$/;

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

@InputType({ description: '输入动态码确认' })
export class TotpCodeInput {
  @Field({ description: '验证器应用显示的 6 位动态码（停用、重新生成恢复码时也可填恢复码）' })
  @IsString() @MaxLength(32) @Matches(NOT_BLANK, { message: '请填写动态码' })
  code: string;
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

@InputType({ description: '解除登录暂停的地址' })
export class LiftSignInPauseInput {
  @Field({ description: '客户端地址（IPv4 或 IPv6，与审计日志 SIGN_IN_PAUSED 记录中的 address 相同）' })
  @IsString() @Matches(/^\s*[0-9A-Za-z:.%_-]{1,64}\s*$/, { message: '不是有效的地址：请填写审计日志登录暂停记录中的 address（IPv4 或 IPv6）' })
  address: string;
}

@InputType({ description: '指定账号' })
export class AccountIdInput {
  @Field(() => ID, { description: '账号' }) @IsString() @MaxLength(200) id: string;
}

@InputType({ description: '新建 API 密钥（安全管理员）' })
export class CreateApiKeyInput {
  @Field({ description: '名称：对接的系统' }) @IsString() @Matches(NOT_BLANK, { message: '请填写名称' }) @Matches(NO_CONTROL, { message: '不能包含控制字符' }) @MaxLength(100)
  name: string;
  @Field(() => [Permission], { description: `授予的权限（须在 INTEGRATION 角色的权限之内，共 ${API_KEY_MAX_PERMISSIONS} 项，含登记隐患、检查、火灾、活动等写入权限；重复的只算一次）` })
  @IsArray() @ArrayMinSize(1, { message: '至少授予一项权限' }) @ArrayMaxSize(50) @IsEnum(Permission, { each: true })
  permissions: Permission[];
  @Field(() => ID, { description: '可访问的区划（含下级）' }) @IsString() @MaxLength(200) regionId: string;
  @Field(() => DateTimeScalar, { nullable: true, description: '到期时间：晚于现在，至多 366 天后（时间规则 T-KEY-1）；不填则为 366 天后' })
  @IsOptional() @IsDate()
  expiresAt?: Date;
}

@InputType({ description: '吊销 API 密钥' })
export class RevokeApiKeyInput {
  @Field(() => ID, { description: '密钥' }) @IsString() @MaxLength(200) id: string;
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
