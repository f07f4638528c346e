import { Args, ArgsType, Field, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { Clock } from '../common/clock';
import { mapConnection, PageArgs } from '../graphql/connection';
import { Ctx } from '../graphql/context.decorator';
import { NotFoundError } from '../kernel/errors';
import type { RequestContext } from '../kernel/request-context';
import { OrganizationService } from '../organization/organization.service';
import { OrganizationModel } from '../organization/organization.types';
import { RegionModel } from '../organization/region.types';
import { ALL_GATES, Allow, SignedIn } from '../kernel/access.decorators';
import { AccountService } from './account.service';
import {
  AccountConnection, AccountIdInput, AccountModel, CreateAccountInput, GrantAccountRoleInput, PersonalDataModel, ResetAccountPasswordInput,
  UpdateAccountInput,
} from './account.types';
import { Permission, Role } from '../kernel/permissions';

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

/**
 * Account administration, within the jurisdiction, split between the administrators (GB/T 22239-2019 8.1.4.2 d):
 * the SYSTEM_ADMIN creates and changes accounts, the SECURITY_ADMIN grants roles; who resets whose password or second
 * factor, and unlocks whom, is the separation table (src/auth/admin-separation.ts).
 */
@Resolver()
export class AccountResolver {
  constructor(private readonly accounts: AccountService, private readonly clock: Clock) {}

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
