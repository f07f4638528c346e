import { CanActivate, ExecutionContext, ForbiddenException, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { AppError, ErrorCode, ForbiddenError, UnauthenticatedError } from '../graphql/errors';
import { Gate, httpContextOf } from '../graphql/request-context';
import type { HttpRequestWithContext } from '../graphql/request-context';
import type { GraphQLContext } from '../graphql/request-context';
import { ACCESS_METADATA, AccessRule } from './access.decorators';
import { Authenticator } from './authenticator';

const GATE_ERRORS: Record<Gate, [ErrorCode, string]> = {
  [Gate.SECOND_FACTOR]: [ErrorCode.SECOND_FACTOR_REQUIRED, '请先完成第二因素验证（verifySecondFactor）'],
  [Gate.PASSWORD_CHANGE]: [ErrorCode.PASSWORD_CHANGE_REQUIRED, '密码由他人设置，请先修改密码（changePassword）'],
  [Gate.SECOND_FACTOR_ENROLLMENT]: [ErrorCode.SECOND_FACTOR_ENROLLMENT_REQUIRED, '本角色须启用双因素认证，请先绑定验证器（enrollTotp、confirmTotp）'],
};

/**
 * The one global guard: every GraphQL operation and field resolver, and every HTTP route, declares its access
 * rule (access.decorators.ts); without one it is denied. Authentication runs once per request.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('AuthGuard');

  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(execution: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, [execution.getHandler(), execution.getClass()]);
    const http = execution.getType<string>() === 'http';
    if (!http && execution.getType<string>() !== 'graphql') throw new ForbiddenException();
    if (!rule) {
      this.logger.error(`${execution.getClass().name}.${execution.getHandler().name} declares no access rule: denied`);
      // an HTTP route without the GraphQL error filter still answers 403 (Nest's own exception), never a 500
      if (http) throw new ForbiddenException();
      throw new ForbiddenError('该操作未声明访问权限，已拒绝');
    }
    if (rule.kind === 'PUBLIC') return true;
    // an HTTP route (attachments) gets its request context here, as a GraphQL request gets it in its context
    const { ctx, req } = http
      ? { ctx: httpContextOf(execution.switchToHttp().getRequest<HttpRequestWithContext>()), req: execution.switchToHttp().getRequest<HttpRequestWithContext>() }
      : GqlExecutionContext.create(execution).getContext<GraphQLContext>();
    await this.authenticator.authenticate(ctx, (req as { headers?: Record<string, string | undefined> }).headers?.authorization);
    const actor = ctx.actor;
    if (actor.kind === 'ANONYMOUS') throw new UnauthenticatedError('NO_CREDENTIALS', '请先登录');
    if (actor.gate) {
      const passes = rule.kind === 'SIGNED_IN' && rule.passes.includes(actor.gate);
      if (!passes) {
        const [code, message] = GATE_ERRORS[actor.gate];
        throw new AppError(code, message);
      }
    }
    if (rule.kind === 'SIGNED_IN') {
      if (rule.accountsOnly && actor.kind !== 'ACCOUNT') throw new ForbiddenError('此操作只限账号本人，API 密钥不能使用');
      return true;
    }
    if (!actor.permissions.has(rule.permission)) throw new ForbiddenError(`无权执行此操作（需要权限 ${rule.permission}）`);
    return true;
  }
}
