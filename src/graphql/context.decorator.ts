import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { GraphQLContext, RequestContext } from './request-context';

/** Injects the RequestContext into a resolver method: `@Ctx() ctx: RequestContext`. */
export const Ctx = createParamDecorator((_data: unknown, execution: ExecutionContext): RequestContext => {
  return GqlExecutionContext.create(execution).getContext<GraphQLContext>().ctx;
});
