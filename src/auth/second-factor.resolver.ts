import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Clock } from '../common/clock';
import { Ctx } from '../graphql/context.decorator';
import { Gate } from '../kernel/request-context';
import type { RequestContext } from '../kernel/request-context';
import { SignedIn } from '../kernel/access.decorators';
import { AccountModel } from './account.types';
import { AuthService } from './auth.service';
import { RecoveryCodesModel, TotpCodeInput, TotpEnrollmentModel } from './second-factor.types';

/** One's own second factor (TOTP): enrolling, confirming, disabling, new recovery codes. */
@Resolver()
export class SecondFactorResolver {
  constructor(private readonly auth: AuthService, private readonly clock: Clock) {}

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
