import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Clock } from '../common/clock';
import { Ctx } from '../graphql/context.decorator';
import type { RequestContext } from '../kernel/request-context';
import { Allow, SignedIn } from '../kernel/access.decorators';
import { Permission } from '../kernel/permissions';
import { SecurityPolicyService } from './security-policy.service';
import { PublishSecurityPolicyInput, SecurityPolicyArgs, SecurityPolicyModel } from './security-policy.types';

/** The versioned security policy (GB/T 22239-2019 8.1.4.1; T-SEC-1). */
@Resolver()
export class SecurityPolicyResolver {
  constructor(private readonly policies: SecurityPolicyService, private readonly clock: Clock) {}

  // every signed-in account may read the rules it signs in under (password age, session limit, failure handling)
  @SignedIn()
  @Query(() => SecurityPolicyModel, { description: '某日生效的安全策略（默认今天）' })
  async securityPolicy(@Args() args: SecurityPolicyArgs): Promise<SecurityPolicyModel> {
    const policy = await this.policies.on(args.asOf ?? this.clock.today());
    return SecurityPolicyModel.from(policy, this.policies.secondFactorRoles(policy), this.policies.secondFactorRolesOverridden);
  }

  @Allow(Permission.SECURITY_POLICY_MANAGE)
  @Mutation(() => SecurityPolicyModel, { description: '发布安全策略新版本（今天或以后生效，不溯及既往：T-SEC-1）' })
  async publishSecurityPolicy(@Ctx() ctx: RequestContext, @Args('input', { description: '新版本的参数和生效日期' }) input: PublishSecurityPolicyInput): Promise<SecurityPolicyModel> {
    const policy = await this.policies.publish(ctx, input);
    return SecurityPolicyModel.from(policy, this.policies.secondFactorRoles(policy), this.policies.secondFactorRolesOverridden);
  }
}
