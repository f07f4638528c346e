import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Global, Logger, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { Request } from 'express';
import { Kind } from 'graphql';
import type { OperationDefinitionNode } from 'graphql';
import { APP_CONFIG } from '../config/app-config';
import { currentRequestId } from '../logging.module';
import type { AppConfig } from '../config/app-config';
import { ConsoleController } from './console/console.controller';
import { GraphQLErrorPassThrough } from './error-log.filter';
import { AppError, ErrorCode } from '../kernel/errors';
import { EMPTY_QUERY_MESSAGE, formatGraphQLError } from './format-error';
import { NodeRegistry, NodeResolver } from './node';
import { MAX_LIST_ARGUMENT } from './input-fields';
import { answerPreloadedFields } from './preloaded';
import { describeRootTypes } from './root-types';
import { queryLimitsPlugin } from './query-cost';
import { DateTimeScalar } from './scalars';
import { ANONYMOUS, GraphQLContext, RequestContext } from '../kernel/request-context';
import { AppValidationPipe } from './validation.pipe';
import { retryAfterOf } from './http-errors';

const logger = new Logger('GraphQL');

/**
 * The operation to run must be chosen before anything else looks at it (GraphQL over HTTP: a request error,
 * HTTP 400): several operations and no `operationName`, or a name the document does not hold (GraphiQL sends the
 * old tab's name when a query is pasted over it). graphql-js would only find out while executing, after every
 * plugin assumed an operation.
 */
const operationChoicePlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, document, request }) {
        if (operation?.operation === 'subscription') {
          throw new AppError(ErrorCode.BAD_REQUEST, '本接口不支持订阅（subscription）操作；请用查询（query）定期读取', { http: { status: 400 } });
        }
        if (operation) return;
        const names = document.definitions
          .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
          .map((d) => d.name?.value ?? '（未命名）');
        const listed = names.length > 0 ? `文档中的操作：${names.join('、')}` : '文档中没有操作';
        const message = request.operationName
          ? `找不到名为“${request.operationName.slice(0, 100)}”的操作（${listed}）；请把 operationName 改为其中之一，或不传`
          : `文档包含 ${names.length} 个操作（${names.join('、')}），请用 operationName 指明执行哪一个`;
        throw new AppError(ErrorCode.OPERATION_RESOLUTION_FAILURE, message, { operations: names.slice(0, 20), http: { status: 400 } });
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
      async willSendResponse({ request, response, document }) {
        if (response.body.kind !== 'single' || response.http.status !== 400) return;
        // Nothing to run is no request at all, whatever graphql-js calls it: a document of only whitespace, commas
        // and comments (a syntax error to it), or only fragments (a validation error): 400 for every client.
        const blank = typeof request.query === 'string' && request.query.replace(/#[^\n\r]*|[\s,\uFEFF]/g, '') === '';
        const noOperation = !blank && document !== undefined && !document.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION);
        if (blank || noOperation) {
          const [first] = response.body.singleResult.errors ?? [];
          if (first) {
            response.body.singleResult.errors = [{
              message: blank ? EMPTY_QUERY_MESSAGE : '文档中没有可执行的操作（query 或 mutation），只有片段（fragment）',
              extensions: { ...first.extensions, code: blank ? ErrorCode.BAD_REQUEST : ErrorCode.OPERATION_RESOLUTION_FAILURE },
            }];
          }
          return;
        }
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
 * TOO_MANY_REQUESTS is HTTP 429 with `Retry-After` in seconds (RFC 6585, RFC 9110 10.2.3): a client or proxy that
 * knows nothing of GraphQL still backs off. The wait is the error's `extensions.retryAfterSeconds` (the limiter's),
 * else RETRY_AFTER_FALLBACK_SECONDS. An answer that also carries data keeps its status (GraphQL over HTTP: a
 * partial success is not a request error).
 */
const tooManyRequestsPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        const { errors, data } = response.body.singleResult;
        const retryAfter = retryAfterOf(errors as { extensions?: Record<string, unknown> }[] | undefined);
        if (retryAfter === null) return;
        const answered = data && Object.values(data).some((v) => v !== null && v !== undefined);
        if (answered) return;
        response.http.status = 429;
        response.http.headers.set('retry-after', String(retryAfter));
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
        // no "Did you mean …?" in validation errors when the schema is not open to introspection
        hideSchemaDetailsFromClientErrors: !config.graphql.introspection,
        // a document longer than this many tokens is refused while parsing (QUERY_TOO_LARGE in format-error.ts)
        parseOptions: config.graphql.maxTokens > 0 ? { maxTokens: config.graphql.maxTokens } : {},
        includeStacktraceInErrorResponses: config.graphql.stacktraces,
        csrfPrevention: true,
        autoTransformHttpErrors: false,
        // Nest would reset to 200 every answer with a `data` key, the 429 of tooManyRequestsPlugin included; no
        // resolver error here carries `extensions.http` (only plugins' refusals before execution do)
        preserveHttpStatusForExecutionErrors: false,
        // the global auth guard also runs on field resolvers, each of which declares its access rule
        fieldResolverEnhancers: ['guards'],
        transformSchema: (schema) => describeRootTypes(answerPreloadedFields(schema)),
        // Nest loads Apollo's ESM build and this file its CommonJS one: same objects, two type declarations
        plugins: [
          // no HTTP cache hints are set, so Apollo's cache-control plugin would only wrap every field resolver
          ApolloServerPluginLandingPageDisabled(), ApolloServerPluginCacheControlDisabled(), operationChoicePlugin, legacyJsonStatusPlugin,
          tooManyRequestsPlugin,
          queryLimitsPlugin({ maxDepth: config.graphql.maxDepth, maxCost: config.graphql.maxCost, maxListLength: MAX_LIST_ARGUMENT }),
        ] as unknown as ApolloDriverConfig['plugins'],
        context: ({ req }: { req: Request & { id?: unknown; clientRequestId?: string | null } }): GraphQLContext => {
          const ctx = new RequestContext(String(req.id ?? 'unknown'), ANONYMOUS, req.ip ?? null, req.get('user-agent') ?? null);
          ctx.clientRequestId = req.clientRequestId ?? null;
          return { req, ctx };
        },
        formatError: (formatted, error) =>
          formatGraphQLError(formatted, error, {
            stacktraces: config.graphql.stacktraces,
            maxTokens: config.graphql.maxTokens,
            hideSuggestions: !config.graphql.introspection,
            // every error names its request, refusals before the pipeline (CSRF, batches, an empty body) included
            requestId: currentRequestId(),
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
