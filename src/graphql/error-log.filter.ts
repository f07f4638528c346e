import { ArgumentsHost, Catch } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { GqlContextType } from '@nestjs/graphql';

/**
 * Errors of GraphQL resolvers go to Apollo as they are: `formatGraphQLError` turns them into the client's answer
 * and logs the unexpected ones, once, with the request id. Without this filter Nest's handler for non-HTTP
 * contexts logs every error at level "error" with its stack, so each refusal (FORBIDDEN, NOT_FOUND, a validation
 * error) raised a false alarm and each unexpected error was logged twice (found by the load run, issue 9).
 * HTTP routes keep Nest's own handling (BaseExceptionFilter).
 */
@Catch()
export class GraphQLErrorPassThrough extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): void {
    // thrown on, not returned: a returned error would become the resolver's value, and plugins that watch resolvers
    // (the audit trail) would see a success
    if (host.getType<GqlContextType>() === 'graphql') throw exception;
    super.catch(exception, host);
  }
}
