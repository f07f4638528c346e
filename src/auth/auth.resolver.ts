import { Args, ArgsType, Field, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsBoolean, IsDate, IsEnum, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Clock } from '../common/clock';
import { PageArgs, mapConnection } from '../graphql/connection';
import { Ctx } from '../graphql/context.decorator';
import { NotFoundError } from '../graphql/errors';
import { Gate } from '../graphql/request-context';
import type { RequestContext } from '../graphql/request-context';
import { OrganizationService } from '../organization/organization.service';
import { OrganizationModel } from '../organization/organization.types';
import { RegionModel } from '../organization/region.types';
import { AccountService } from './account.service';
import { ALL_GATES, Allow, Public, SignedIn } from './access.decorators';
import { ApiKeyService } from './api-key.service';
import { AuditOutcome } from './audit-entry.entity';
import { AuditService } from './audit.service';
import { AuthService } from './auth.service';
import {
  AccountConnection, AccountIdInput, AuditChainVerificationModel, AccountModel, ApiKeyConnection, ApiKeyModel, AuditEntryConnection,
  AuditEntryModel, ChangePasswordInput, CreateAccountInput, CreateApiKeyInput, CreateApiKeyPayload, GrantAccountRoleInput,
  GrantUnmaskInput, LiftSignInPauseInput, LiftSignInPausePayload, LoginInput, LoginPayload, PersonalDataModel, RecoveryCodesModel, ResetAccountPasswordInput, RevokeApiKeyInput,
  RevokeUnmaskInput, TotpCodeInput, TotpEnrollmentModel, UnmaskGrantConnection, UnmaskGrantModel, UpdateAccountInput,
  VerifySecondFactorInput,
} from './auth.types';
import { Permission, Role } from './permissions';
import { UnmaskGrantService } from './unmask-grant.service';
import { DateTimeScalar } from '../graphql/scalars';

@ArgsType()
class AccountsArgs extends PageArgs {
  @Field(() => Role, { nullable: true, description: '只列出该角色的账号' }) @IsOptional() @IsEnum(Role) role?: Role;
  @Field(() => ID, { nullable: true, description: '只列出该区划（含下级）的账号' }) @IsOptional() @IsString() @MaxLength(200) regionId?: string;
  @Field(() => Boolean, { nullable: true, description: 'true 只列出启用的，false 只列出停用的；不填则都列出' }) @IsOptional() @IsBoolean() active?: boolean;
  @Field(() => Boolean, { nullable: true, description: 'false 只列出角色待安全管理员授权的账号，true 只列出已授权的；不填则都列出' })
  @IsOptional() @IsBoolean()
  roleGranted?: boolean;
  @Field(() => String, { nullable: true, description: '按身份证号精确查找（经密钥散列比对，不保存明文）' })
  @IsOptional() @IsString() @MaxLength(32)
  citizenId?: string;
  @Field(() => String, { nullable: true, description: '按手机号精确查找' }) @IsOptional() @IsString() @MaxLength(20) phone?: string;
}

@ArgsType()
class UnmaskGrantsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: '只列出该账号的授权' }) @IsOptional() @IsString() @MaxLength(200) accountId?: string;
  @Field(() => Boolean, { nullable: true, description: 'true 只列出今天有效的，false 只列出已到期或已撤销的；不填则都列出' })
  @IsOptional() @IsBoolean()
  active?: boolean;
}

@ArgsType()
class AuditLogArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: '操作者（账号或密钥的全局标识）' }) @IsOptional() @IsString() @MaxLength(200) actorId?: string;
  @Field(() => String, { nullable: true, description: '操作者名称（用户名、key:名称）' }) @IsOptional() @IsString() @MaxLength(200) actorLabel?: string;
  @Field(() => String, { nullable: true, description: '对象类型：记录的类型名，如 Account、Organization（随功能增加，不是固定的集合）' }) @IsOptional() @IsString() @MaxLength(50) targetType?: string;
  @Field(() => String, { nullable: true, description: '对象标识' }) @IsOptional() @IsString() @MaxLength(200) targetId?: string;
  @Field(() => String, { nullable: true, description: '操作，如 login、createAccount、ACCOUNT_LOCKED' })
  @IsOptional() @IsString() @Matches(/^[A-Za-z_]{1,60}$/, { message: '不是有效的操作名' })
  operation?: string;
  @Field(() => AuditOutcome, { nullable: true, description: '只列出该结果的记录' }) @IsOptional() @IsEnum(AuditOutcome) outcome?: AuditOutcome;
  @Field(() => DateTimeScalar, { nullable: true, description: '起（含）' }) @IsOptional() @IsDate() from?: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: '止（不含）' }) @IsOptional() @IsDate() to?: Date;
}

@ArgsType()
class AuditPeriodArgs {
  @Field(() => DateTimeScalar, { description: '时段起（含）' }) @IsDate() from: Date;
  @Field(() => DateTimeScalar, { description: '时段止（不含）；不能早于起、不能晚于现在' }) @IsDate() to: Date;
}

/** Sign-in, sessions, the second factor and one's own password. */
@Resolver()
export class SessionResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly accounts: AccountService,
    private readonly clock: Clock,
  ) {}

  @Public()
  @Mutation(() => LoginPayload, { description: '登录；按安全策略处理失败：同一用户名在同一地址连续失败后须等待、再失败则暂停（TOO_MANY_REQUESTS，extensions.retryAfterSeconds 为须等待的秒数）；成功登录不计次数；一个请求只能登录一次' })
  login(@Ctx() ctx: RequestContext, @Args('input', { description: '用户名和密码' }) input: LoginInput): Promise<LoginPayload> {
    return this.auth.login(ctx, input);
  }

  @SignedIn({ accountsOnly: true, passes: [Gate.SECOND_FACTOR] })
  @Mutation(() => LoginPayload, { description: '第二因素验证（TOTP 动态码或恢复码）；成功后换发新令牌' })
  verifySecondFactor(@Ctx() ctx: RequestContext, @Args('input', { description: '动态码或恢复码（二选一）' }) input: VerifySecondFactorInput): Promise<LoginPayload> {
    return this.auth.verifySecondFactor(ctx, input);
  }

  @SignedIn({ accountsOnly: true, passes: [Gate.SECOND_FACTOR_ENROLLMENT] })
  @Mutation(() => LoginPayload, { description: '换发访问令牌（同一登录，旧令牌作废）；不超过登录的最长时限' })
  refreshSession(@Ctx() ctx: RequestContext): Promise<LoginPayload> {
    return this.auth.refresh(ctx);
  }

  @SignedIn({ accountsOnly: true, passes: ALL_GATES })
  @Mutation(() => Boolean, { description: '退出登录（令牌立即失效）' })
  logout(@Ctx() ctx: RequestContext): Promise<boolean> {
    return this.auth.logout(ctx);
  }

  @SignedIn({ accountsOnly: true, passes: ALL_GATES })
  @Query(() => AccountModel, { description: '当前登录的账号' })
  async me(@Ctx() ctx: RequestContext): Promise<AccountModel> {
    const account = await this.accounts.accountById(ctx).load(ctx.actor.id!);
    if (!account) throw new NotFoundError('账号');
    return AccountModel.from(account, this.clock.now());
  }

  @SignedIn({ accountsOnly: true, passes: [Gate.PASSWORD_CHANGE, Gate.SECOND_FACTOR_ENROLLMENT] })
  @Mutation(() => AccountModel, { description: '修改本人密码；本人的其他登录随之失效' })
  async changePassword(@Ctx() ctx: RequestContext, @Args('input', { description: '当前密码和新密码' }) input: ChangePasswordInput): Promise<AccountModel> {
    return AccountModel.from(await this.auth.changePassword(ctx, input), this.clock.now());
  }

  @SignedIn({ accountsOnly: true, passes: [Gate.SECOND_FACTOR_ENROLLMENT] })
  @Mutation(() => TotpEnrollmentModel, { description: '开始绑定 TOTP 验证器' })
  enrollTotp(@Ctx() ctx: RequestContext): Promise<TotpEnrollmentModel> {
    return this.auth.enrollTotp(ctx);
  }

  @SignedIn({ accountsOnly: true, passes: [Gate.SECOND_FACTOR_ENROLLMENT] })
  @Mutation(() => RecoveryCodesModel, { description: '用一个动态码确认绑定，启用双因素认证，返回恢复码' })
  async confirmTotp(@Ctx() ctx: RequestContext, @Args('input', { description: '动态码' }) input: TotpCodeInput): Promise<RecoveryCodesModel> {
    return { recoveryCodes: await this.auth.confirmTotp(ctx, input.code) };
  }

  @SignedIn({ accountsOnly: true })
  @Mutation(() => AccountModel, { description: '停用本人的双因素认证（角色要求时不可停用）' })
  async disableTotp(@Ctx() ctx: RequestContext, @Args('input', { description: '动态码或一个恢复码' }) input: TotpCodeInput): Promise<AccountModel> {
    return AccountModel.from(await this.auth.disableTotp(ctx, input.code), this.clock.now());
  }

  @SignedIn({ accountsOnly: true })
  @Mutation(() => RecoveryCodesModel, { description: '重新生成恢复码（旧的全部作废）' })
  async regenerateRecoveryCodes(@Ctx() ctx: RequestContext, @Args('input', { description: '动态码或一个恢复码' }) input: TotpCodeInput): Promise<RecoveryCodesModel> {
    return { recoveryCodes: await this.auth.regenerateRecoveryCodes(ctx, input.code) };
  }
}

/**
 * Account administration, within the jurisdiction, split between the administrators (GB/T 22239-2019 8.1.4.2 d):
 * the SYSTEM_ADMIN creates and changes accounts, the SECURITY_ADMIN grants roles and unmask rights; who resets
 * whose password or second factor, and unlocks whom, is the separation table (src/auth/admin-separation.ts).
 */
@Resolver()
export class AccountAdminResolver {
  constructor(
    private readonly accounts: AccountService,
    private readonly grants: UnmaskGrantService,
    private readonly clock: Clock,
    private readonly auth: AuthService,
  ) {}

  @Allow(Permission.ACCOUNT_READ)
  @Query(() => AccountConnection, { name: 'accounts', description: '账号列表（本辖区；个人信息脱敏）' })
  async listAccounts(@Ctx() ctx: RequestContext, @Args() args: AccountsArgs): Promise<AccountConnection> {
    const now = this.clock.now();
    return mapConnection(await this.accounts.accounts(ctx, args, args), (a) => AccountModel.from(a, now)) as AccountConnection;
  }

  @Allow(Permission.PERSONAL_DATA_UNMASK, { outside: 'NOT_FOUND' })
  @Query(() => PersonalDataModel, { description: '查看账号未脱敏的身份证号、手机号（须有安全管理员授予的有效授权，并能查看该账号：“查看账号”的权限且在本辖区内；每次记入审计日志）' })
  accountPersonalData(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID, description: '账号' }) id: string): Promise<PersonalDataModel> {
    return this.accounts.revealPersonalData(ctx, id);
  }

  @Allow(Permission.ACCOUNT_MANAGE)
  @Mutation(() => AccountModel, { description: '新建账号；角色待安全管理员授权（grantAccountRole）后才能登录；密码由管理员设置，本人首次登录须修改' })
  async createAccount(@Ctx() ctx: RequestContext, @Args('input', { description: '新账号的信息' }) input: CreateAccountInput): Promise<AccountModel> {
    return AccountModel.from(await this.accounts.createAccount(ctx, input), this.clock.now());
  }

  @Allow(Permission.ACCOUNT_MANAGE, { outside: 'NOT_FOUND' })
  @Mutation(() => AccountModel, { description: '修改账号（姓名、启用、区划、个人信息）；改区划或机构收回其角色授权，待安全管理员重新授予（ADM-8）；角色改用 grantAccountRole' })
  async updateAccount(@Ctx() ctx: RequestContext, @Args('input', { description: '账号和要修改的项' }) input: UpdateAccountInput): Promise<AccountModel> {
    return AccountModel.from(await this.accounts.updateAccount(ctx, input), this.clock.now());
  }

  @Allow(Permission.PASSWORD_RESET, { outside: 'NOT_FOUND' })
  @Mutation(() => AccountModel, { description: '重置他人密码（三权分立表：业务账号由系统管理员，管理员由另一类管理员）；其登录全部失效，下次登录须修改' })
  async resetAccountPassword(@Ctx() ctx: RequestContext, @Args('input', { description: '账号和新密码' }) input: ResetAccountPasswordInput): Promise<AccountModel> {
    return AccountModel.from(await this.accounts.resetPassword(ctx, input), this.clock.now());
  }

  @Allow(Permission.ACCOUNT_UNLOCK, { outside: 'NOT_FOUND' })
  @Mutation(() => AccountModel, { description: '解除因连续登录失败造成的锁定（安全管理员；安全管理员账号由系统管理员解锁）' })
  async unlockAccount(@Ctx() ctx: RequestContext, @Args('input', { description: '账号' }) input: AccountIdInput): Promise<AccountModel> {
    return AccountModel.from(await this.accounts.unlock(ctx, input.id), this.clock.now());
  }

  @Allow(Permission.ACCOUNT_UNLOCK)
  @Mutation(() => LiftSignInPausePayload, {
    description: '解除某个地址因登录失败过多造成的暂停（安全管理员）：该地址全部用户名合计的失败次数和各用户名在该地址的暂停一并清零；如一个办公室共用的出口地址被暂停。账号的锁定用 unlockAccount',
  })
  async liftSignInPause(@Ctx() ctx: RequestContext, @Args('input', { description: '地址' }) input: LiftSignInPauseInput): Promise<LiftSignInPausePayload> {
    return this.auth.liftSignInPause(ctx, input.address);
  }

  @Allow(Permission.SECOND_FACTOR_RESET, { outside: 'NOT_FOUND' })
  @Mutation(() => AccountModel, { description: '重置双因素认证（验证器丢失时；安全管理员，安全管理员账号由系统管理员）；其登录全部失效' })
  async resetSecondFactor(@Ctx() ctx: RequestContext, @Args('input', { description: '账号' }) input: AccountIdInput): Promise<AccountModel> {
    return AccountModel.from(await this.accounts.resetSecondFactor(ctx, input.id), this.clock.now());
  }

  @Allow(Permission.ROLE_GRANT, { outside: 'NOT_FOUND' })
  @Mutation(() => AccountModel, { description: '授予账号申请的角色，或变更其角色（安全管理员，双人原则；不能授予本人）；角色变更时其登录全部失效' })
  async grantAccountRole(@Ctx() ctx: RequestContext, @Args('input', { description: '账号和角色' }) input: GrantAccountRoleInput): Promise<AccountModel> {
    return AccountModel.from(await this.accounts.grantRole(ctx, input), this.clock.now());
  }

  @Allow(Permission.UNMASK_GRANT)
  @Query(() => UnmaskGrantConnection, { description: '查看个人信息的授权（本辖区的账号）' })
  async unmaskGrants(@Ctx() ctx: RequestContext, @Args() args: UnmaskGrantsArgs): Promise<UnmaskGrantConnection> {
    const today = this.clock.today();
    return mapConnection(await this.grants.list(ctx, args, args), (g) => UnmaskGrantModel.from(g, today)) as UnmaskGrantConnection;
  }

  @Allow(Permission.UNMASK_GRANT, { outside: 'NOT_FOUND' })
  @Mutation(() => UnmaskGrantModel, { description: '授予账号在限定期限内查看未脱敏个人信息的权利（安全管理员；须写明事由，至多 90 天）' })
  async grantUnmask(@Ctx() ctx: RequestContext, @Args('input', { description: '账号、有效期和事由' }) input: GrantUnmaskInput): Promise<UnmaskGrantModel> {
    return UnmaskGrantModel.from(await this.grants.grant(ctx, input), this.clock.today());
  }

  @Allow(Permission.UNMASK_GRANT, { outside: 'NOT_FOUND' })
  @Mutation(() => UnmaskGrantModel, { description: '撤销查看个人信息的授权（立即失效）' })
  async revokeUnmask(@Ctx() ctx: RequestContext, @Args('input', { description: '授权' }) input: RevokeUnmaskInput): Promise<UnmaskGrantModel> {
    return UnmaskGrantModel.from(await this.grants.revoke(ctx, input.id), this.clock.today());
  }
}

/** API keys (SECURITY_ADMIN) and the audit trail (AUDIT_ADMIN). */
@Resolver()
export class IntegrationAdminResolver {
  constructor(
    private readonly keys: ApiKeyService,
    private readonly audit: AuditService,
  ) {}

  @Allow(Permission.API_KEY_MANAGE)
  @Query(() => ApiKeyConnection, { description: 'API 密钥列表（本辖区）' })
  async apiKeys(@Ctx() ctx: RequestContext, @Args() args: PageArgs): Promise<ApiKeyConnection> {
    return mapConnection(await this.keys.list(ctx, args), ApiKeyModel.from) as ApiKeyConnection;
  }

  @Allow(Permission.API_KEY_MANAGE)
  @Mutation(() => CreateApiKeyPayload, { description: '新建 API 密钥；完整密钥只返回这一次' })
  async createApiKey(@Ctx() ctx: RequestContext, @Args('input', { description: '名称、权限、区划和到期时间' }) input: CreateApiKeyInput): Promise<CreateApiKeyPayload> {
    const { key, secret } = await this.keys.create(ctx, input);
    return { apiKey: ApiKeyModel.from(key), secret };
  }

  @Allow(Permission.API_KEY_MANAGE, { outside: 'NOT_FOUND' })
  @Mutation(() => ApiKeyModel, { description: '吊销 API 密钥（立即失效）' })
  async revokeApiKey(@Ctx() ctx: RequestContext, @Args('input', { description: '密钥' }) input: RevokeApiKeyInput): Promise<ApiKeyModel> {
    return ApiKeyModel.from(await this.keys.revoke(ctx, input.id));
  }

  @Allow(Permission.AUDIT_LOG_READ)
  @Query(() => AuditEntryConnection, { description: '审计日志（本辖区，新的在前）' })
  async auditLog(@Ctx() ctx: RequestContext, @Args() args: AuditLogArgs): Promise<AuditEntryConnection> {
    const page = await this.audit.list(ctx, args, args);
    await this.audit.recordRead(ctx, 'auditLog', { ...args });
    return mapConnection(page, AuditEntryModel.from) as AuditEntryConnection;
  }

  @Allow(Permission.AUDIT_LOG_READ)
  @Query(() => AuditChainVerificationModel, {
    description: '校验一个时段的审计记录是否完整、未被改动或删除（防篡改链，GB/T 22239-2019 8.1.4.7）；时段不能晚于现在（时间规则 T-AUD-1）',
  })
  async verifyAuditChain(@Ctx() ctx: RequestContext, @Args() args: AuditPeriodArgs): Promise<AuditChainVerificationModel> {
    const verification = await this.audit.verify(ctx, args.from, args.to);
    await this.audit.recordRead(ctx, 'verifyAuditChain', { from: args.from, to: args.to });
    return AuditChainVerificationModel.from(verification);
  }
}

@Resolver(() => AccountModel)
export class AccountFieldsResolver {
  constructor(private readonly organizations: OrganizationService) {}

  @SignedIn({ passes: ALL_GATES })
  @ResolveField(() => RegionModel, { description: '所属区划' })
  async region(@Ctx() ctx: RequestContext, @Parent() a: AccountModel): Promise<RegionModel> {
    const row = await this.organizations.regionById(ctx).load(a.row.regionId);
    if (!row) throw new NotFoundError('行政区划');
    return RegionModel.from(row);
  }

  @SignedIn({ passes: ALL_GATES })
  @ResolveField(() => OrganizationModel, { nullable: true, description: '所属机构' })
  async organization(@Ctx() ctx: RequestContext, @Parent() a: AccountModel): Promise<OrganizationModel | null> {
    if (!a.row.organizationId) return null;
    const row = await this.organizations.organizationById(ctx).load(a.row.organizationId);
    return row ? OrganizationModel.from(row) : null;
  }
}
