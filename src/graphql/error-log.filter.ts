import { ArgumentsHost, Catch, NotFoundException } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { GqlContextType } from '@nestjs/graphql';
import type { Response } from 'express';
import { AppError, ErrorCode } from '../kernel/errors';
import { sendHttpError } from './http-errors';
import type { HttpRequestWithContext } from '../kernel/request-context';

/**
 * Errors of GraphQL resolvers go to Apollo as they are: `formatGraphQLError` turns them into the client's answer
 * and logs the unexpected ones, once, with the request id. Without this filter Nest's handler for non-HTTP
 * contexts logs every error at level "error" with its stack, so each refusal (FORBIDDEN, NOT_FOUND, a validation
 * error) raised a false alarm and each unexpected error was logged twice (found by the load run, docs/reliability.md).
 * HTTP routes keep Nest's own handling (BaseExceptionFilter), except a path no route serves: a zh-CN NOT_FOUND in
 * the error shape of the HTTP routes (unmatchedRouteError) rather than Express's English 「Cannot GET /x」.
 */
@Catch()
export class GraphQLErrorPassThrough extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): void {
    // thrown on, not returned: a returned error would become the resolver's value, and plugins that watch resolvers
    // (the audit trail) would see a success
    if (host.getType<GqlContextType>() === 'graphql') throw exception;
    if (host.getType() === 'http' && exception instanceof NotFoundException) {
      const req = host.switchToHttp().getRequest<HttpRequestWithContext & { method: string; path: string; originalUrl: string }>();
      // no route matched: Nest's not-found handler throws exactly this (`req.route` cannot tell, a wildcard middleware
      // sets it); answered in the error shape of the HTTP routes, in zh-CN, rather than in English
      if (exception.message === `Cannot ${req.method} ${req.originalUrl}`) {
        sendHttpError(host.switchToHttp().getResponse<Response>(), req, unmatchedRouteError(req.method, req.path), () => undefined);
        return;
      }
    }
    super.catch(exception, host);
  }
}

/** The answer to a path no route serves: what was asked and where to look (the office files: docs/office.md). */
export function unmatchedRouteError(method: string, path: string): AppError {
  const shown = path.length > 200 ? `${path.slice(0, 200)}…` : path;
  const hint = shown === '/office' || shown.startsWith('/office/') ? '可用的文件见 docs/office.md' : 'GraphQL 接口在 /graphql，其他地址见 docs/api.md';
  return new AppError(ErrorCode.NOT_FOUND, `没有这个地址：${method} ${shown}；${hint}`);
}
