import { Args, ArgsType, Field, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { Clock } from '../common/clock';
import { mapConnection, PageArgs } from '../graphql/connection';
import { Ctx } from '../graphql/context.decorator';
import type { RequestContext } from '../kernel/request-context';
import { Allow } from '../kernel/access.decorators';
import { Permission } from '../kernel/permissions';
import { UnmaskGrantService } from './unmask-grant.service';
import { GrantUnmaskInput, RevokeUnmaskInput, UnmaskGrantConnection, UnmaskGrantModel } from './unmask-grant.types';

@ArgsType()
class UnmaskGrantsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: '只列出该账号的授权' }) @IsOptional() @IsString() @MaxLength(200) accountId?: string;
  @Field(() => Boolean, { nullable: true, description: 'true 只列出今天有效的，false 只列出已到期或已撤销的；不填则都列出' })
  @IsOptional() @IsBoolean()
  active?: boolean;
}

/** Grants to read personal data unmasked: a SECURITY_ADMIN gives them to business accounts, for a reason and a limited time. */
@Resolver()
export class UnmaskGrantResolver {
  constructor(private readonly grants: UnmaskGrantService, private readonly clock: Clock) {}

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
