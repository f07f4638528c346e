import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { httpContextOf } from '../kernel/request-context';
import type { GraphQLContext, HttpRequestWithContext, RequestContext } from '../kernel/request-context';

/** Injects the RequestContext into a resolver method or an HTTP route: `@Ctx() ctx: RequestContext`. */
export const Ctx = createParamDecorator((_data: unknown, execution: ExecutionContext): RequestContext => {
  if (execution.getType<string>() === 'http') return httpContextOf(execution.switchToHttp().getRequest<HttpRequestWithContext>());
  return GqlExecutionContext.create(execution).getContext<GraphQLContext>().ctx;
});
