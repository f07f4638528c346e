import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Clock } from '../common/clock';
import { Ctx } from '../graphql/context.decorator';
import { NotFoundError } from '../kernel/errors';
import { Gate } from '../kernel/request-context';
import type { RequestContext } from '../kernel/request-context';
import { ALL_GATES, Allow, Public, SignedIn } from '../kernel/access.decorators';
import { AccountService } from './account.service';
import { AccountModel } from './account.types';
import { AuthService } from './auth.service';
import { Permission } from '../kernel/permissions';
import { ChangePasswordInput, LiftSignInPauseInput, LiftSignInPausePayload, LoginInput, LoginPayload, VerifySecondFactorInput } from './session.types';

/** Sign-in and sessions: login, the second factor at sign-in, refresh, logout, the signed-in account and its own password. */
@Resolver()
export class SessionResolver {
  constructor(private readonly auth: AuthService, private readonly accounts: AccountService, private readonly clock: Clock) {}

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
}

/** Lifting the pause on an address after too many failed sign-ins (GB/T 22239-2019 8.1.4.1 b). */
@Resolver()
export class SignInPauseResolver {
  constructor(private readonly auth: AuthService) {}

  @Allow(Permission.ACCOUNT_UNLOCK)
  @Mutation(() => LiftSignInPausePayload, {
    description: '解除某个地址因登录失败过多造成的暂停（安全管理员）：该地址全部用户名合计的失败次数和各用户名在该地址的暂停一并清零；如一个办公室共用的出口地址被暂停。账号的锁定用 unlockAccount',
  })
  async liftSignInPause(@Ctx() ctx: RequestContext, @Args('input', { description: '地址' }) input: LiftSignInPauseInput): Promise<LiftSignInPausePayload> {
    return this.auth.liftSignInPause(ctx, input.address);
  }
}
