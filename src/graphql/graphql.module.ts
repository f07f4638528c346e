import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Global, Logger, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { Request } from 'express';
import { APP_CONFIG } from '../config/app-config';
import type { AppConfig } from '../config/app-config';
import { ConsoleController } from './console/console.controller';
import { GraphQLErrorPassThrough } from './error-log.filter';
import { ErrorCode } from './errors';
import { formatGraphQLError } from './format-error';
import { NodeRegistry, NodeResolver } from './node';
import { MAX_LIST_ARGUMENT } from './input-fields';
import { answerPreloadedFields } from './preloaded';
import { queryLimitsPlugin } from './query-cost';
import { DateTimeScalar } from './scalars';
import { ANONYMOUS, GraphQLContext, RequestContext } from './request-context';
import { AppValidationPipe } from './validation.pipe';

const logger = new Logger('GraphQL');

/** Adds the request id to masked errors, so a user can quote it and an operator can find the log line. */
const requestIdPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, contextValue }) {
        if (response.body.kind !== 'single') return;
        for (const error of response.body.singleResult.errors ?? []) {
          const code = error.extensions?.code;
          if (code === ErrorCode.INTERNAL_SERVER_ERROR || code === ErrorCode.SERVICE_UNAVAILABLE) {
            (error.extensions as Record<string, unknown>).requestId = contextValue.ctx.requestId;
          }
        }
      },
    };
  },
};

/** Errors of a well-formed request whose document or variables are wrong (GraphQL over HTTP, §6.4.1). */
const DOCUMENT_ERRORS = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']);

/**
 * GraphQL over HTTP: a client that accepts only `application/json` (not `application/graphql-response+json`)
 * SHOULD get 200 for parse, validation and variable errors; Apollo answers 400 to everyone.
 */
const legacyJsonStatusPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ request, response }) {
        if (response.body.kind !== 'single' || response.http.status !== 400) return;
        const accept = request.http?.headers.get('accept') ?? '';
        if (accept.includes('application/graphql-response+json')) return;
        const errors = response.body.singleResult.errors ?? [];
        if (errors.length > 0 && errors.every((e) => DOCUMENT_ERRORS.has(String(e.extensions?.code)))) {
          response.http.status = 200;
        }
      },
    };
  },
};

/**
 * One code-first GraphQL schema over Apollo Server 5. Introspection, stack traces and the console are set
 * from configuration here, never left to Apollo's NODE_ENV defaults; Apollo's CDN landing page is disabled.
 */
@Global()
@Module({
  imports: [
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): ApolloDriverConfig => ({
        path: '/graphql',
        // built in memory; `npm run schema:print` writes schema.gql and a test compares the two
        autoSchemaFile: true,
        sortSchema: true,
        // every instant is our DateTime (an offset required), every calendar date our Date (scalars.ts)
        buildSchemaOptions: { scalarsMap: [{ type: Date, scalar: DateTimeScalar }] },
        playground: false,
        graphiql: false,
        introspection: config.graphql.introspection,
        includeStacktraceInErrorResponses: config.graphql.stacktraces,
        csrfPrevention: true,
        autoTransformHttpErrors: false,
        // the global auth guard also runs on field resolvers, each of which declares its access rule
        fieldResolverEnhancers: ['guards'],
        transformSchema: answerPreloadedFields,
        // Nest loads Apollo's ESM build and this file its CommonJS one: same objects, two type declarations
        plugins: [
          // no HTTP cache hints are set, so Apollo's cache-control plugin would only wrap every field resolver
          ApolloServerPluginLandingPageDisabled(), ApolloServerPluginCacheControlDisabled(), requestIdPlugin, legacyJsonStatusPlugin,
          queryLimitsPlugin({ maxDepth: config.graphql.maxDepth, maxCost: config.graphql.maxCost, maxListLength: MAX_LIST_ARGUMENT }),
        ] as unknown as ApolloDriverConfig['plugins'],
        context: ({ req }: { req: Request & { id?: unknown } }): GraphQLContext => ({
          req,
          ctx: new RequestContext(String(req.id ?? 'unknown'), ANONYMOUS, req.ip ?? null, req.get('user-agent') ?? null),
        }),
        formatError: (formatted, error) =>
          formatGraphQLError(formatted, error, {
            stacktraces: config.graphql.stacktraces,
            onUnexpected: (e) => logger.error({ err: e }, 'unexpected error in a GraphQL request'),
          }),
      }),
    }),
  ],
  controllers: [ConsoleController],
  providers: [NodeRegistry, NodeResolver, { provide: APP_PIPE, useClass: AppValidationPipe }, { provide: APP_FILTER, useClass: GraphQLErrorPassThrough }],
  exports: [NodeRegistry],
})
export class AppGraphQLModule {}
