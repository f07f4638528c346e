import { CanActivate, ExecutionContext, ForbiddenException, Injectable, Logger } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { AppError, ForbiddenError, UnauthenticatedError } from '../kernel/errors';
import { httpContextOf } from '../kernel/request-context';
import type { HttpRequestWithContext, RequestContext } from '../kernel/request-context';
import type { GraphQLContext } from '../kernel/request-context';
import { ACCESS_METADATA, AccessRule } from '../kernel/access.decorators';
import { refusalOf } from './access-decision';
import { collectOperationsFrom } from './access-matrix';
import { Authenticator } from './authenticator';
import { FieldRules, payloadRefusal, refusedMutationFields } from './payload-access';

/**
 * The one global guard: every GraphQL operation and field resolver, and every HTTP route, declares its access
 * rule (access.decorators.ts); without one it is denied. Authentication runs once per request.
 *
 * A mutation never writes and then answers an error for a field its caller may not read: before the first root
 * field of a mutation operation runs, the whole selection is checked against the same rules (payload-access.ts),
 * and an operation selecting any refused field is refused whole, every root field answering the same refusal.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('AuthGuard');
  private fieldRules: FieldRules | null = null;
  /** The verdict on each request's mutation operation, reached once (by its first root field). */
  private readonly verdicts = new WeakMap<RequestContext, AppError | null>();

  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
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
    const gql = http ? null : GqlExecutionContext.create(execution);
    const info = gql?.getInfo<GraphQLResolveInfo>();
    const rootMutation = info !== undefined && info.path.prev === undefined && info.operation.operation === 'mutation';
    if (rule.kind === 'PUBLIC' && !rootMutation) return true;
    // an HTTP route (attachments) gets its request context here, as a GraphQL request gets it in its context
    const { ctx, req } = gql
      ? gql.getContext<GraphQLContext>()
      : { ctx: httpContextOf(execution.switchToHttp().getRequest<HttpRequestWithContext>()), req: execution.switchToHttp().getRequest<HttpRequestWithContext>() };
    const header = (req as { headers?: Record<string, string | undefined> }).headers?.authorization;
    if (rule.kind === 'PUBLIC') {
      // a public mutation (login) still must not answer an error for a field its payload selects
      try {
        await this.authenticator.authenticate(ctx, header);
      } catch {
        return true;
      }
    } else {
      await this.authenticator.authenticate(ctx, header);
      if (ctx.actor.kind === 'ANONYMOUS') throw new UnauthenticatedError('NO_CREDENTIALS', '请先登录');
      const refusal = refusalOf(rule, ctx.actor);
      if (refusal) throw refusal;
    }
    if (rootMutation && info) {
      const verdict = this.verdictOf(ctx, info);
      if (verdict) throw verdict;
    }
    return true;
  }

  private verdictOf(ctx: RequestContext, info: GraphQLResolveInfo): AppError | null {
    if (!this.verdicts.has(ctx)) {
      this.fieldRules ??= new Map(collectOperationsFrom(this.discovery, this.scanner, this.reflector)
        .filter((o) => o.rule !== undefined).map((o) => [o.name, o.rule!]));
      const found = refusedMutationFields(info.schema, info.operation, info.fragments, info.variableValues, this.fieldRules, ctx.actor);
      this.verdicts.set(ctx, found.length > 0 ? payloadRefusal(found) : null);
    }
    return this.verdicts.get(ctx) ?? null;
  }
}
