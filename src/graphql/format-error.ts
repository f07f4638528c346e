import { HttpException } from '@nestjs/common';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { OutsideJurisdictionError } from '../kernel/outside-jurisdiction';
import { AppError, ErrorCode } from '../kernel/errors';
import { translateGraphQLMessage } from './graphql-messages';
import { ScalarValueError } from './scalars';

/** zh-CN messages for the errors graphql-js and Apollo raise before a resolver runs. */
const PROTOCOL_MESSAGES: Record<string, string> = {
  GRAPHQL_PARSE_FAILED: '查询语句语法错误',
  GRAPHQL_VALIDATION_FAILED: '查询语句不符合接口定义',
  BAD_USER_INPUT: '输入有误',
  BAD_REQUEST: '请求格式不正确',
  OPERATION_RESOLUTION_FAILURE: '无法确定要执行的操作',
  PERSISTED_QUERY_NOT_FOUND: '持久化查询不存在',
  PERSISTED_QUERY_NOT_SUPPORTED: '不支持持久化查询',
};

/** A request with nothing to run: no query, an empty one, or one of only whitespace and comments. */
export const EMPTY_QUERY_MESSAGE = '请求中没有查询语句（query 为空）';

/**
 * Apollo's refusals of a request's shape (BAD_REQUEST), in the words a person can act on. Matched by their start;
 * one not listed keeps the generic 请求格式不正确 with Apollo's text after it.
 */
const BAD_REQUEST_MESSAGES: [RegExp, string][] = [
  // Apollo says so too when the body is there but not JSON (Content-Type: application/graphql, text/plain…)
  [/^POST body missing/, '请求体缺失、为空或不是 JSON：须以 Content-Type: application/json 发送 {"query": "…", "variables": {…}}'],
  [/^GraphQL operations must contain a non-empty `query`|^No operations found/, EMPTY_QUERY_MESSAGE],
  [/^GraphQL queries must be strings/, 'query 须为字符串（GraphQL 查询语句的文本）'],
  [/^Operation batching disabled/, '不支持批量请求（JSON 数组）：每个 HTTP 请求只能包含一个操作，可用别名合并多个查询'],
  [/^`variables` in a POST body/, 'variables 须为 JSON 对象'],
  [/^`extensions` in a POST body/, 'extensions 须为 JSON 对象'],
  [/^`operationName` in a POST body must be a string/, 'operationName 须为字符串'],
  [/^This operation has been blocked as a potential Cross-Site Request Forgery/,
    '请求被当作可能的跨站请求伪造（CSRF）拦截：POST 请以 Content-Type: application/json 发送；GET 请求须加请求头 Apollo-Require-Preflight: true'],
  [/^GET requests only support query operations/, 'GET 请求只能执行查询（query）；变更（mutation）请用 POST'],
  [/^Apollo Server supports only GET\/POST requests/, '只支持 GET 和 POST 请求'],
  [/^The '.*' search parameter|^The .* search parameter/, 'GET 请求的参数不正确（query、variables、extensions 各一次，variables 为 JSON 对象）'],
];

const HTTP_CODES: Record<number, [ErrorCode, string]> = {
  400: [ErrorCode.BAD_USER_INPUT, '输入有误'],
  401: [ErrorCode.UNAUTHENTICATED, '请先登录'],
  403: [ErrorCode.FORBIDDEN, '无权执行此操作'],
  404: [ErrorCode.NOT_FOUND, '记录不存在或无权访问'],
  409: [ErrorCode.CONFLICT, '数据冲突，请刷新后重试'],
  503: [ErrorCode.SERVICE_UNAVAILABLE, '服务暂不可用，请稍后重试'],
};

/** PostgreSQL SQLSTATEs and node-postgres failures that mean "the database is not reachable now". */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300']);
const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const UNAVAILABLE_MESSAGES = /ECONNREFUSED|ECONNRESET|Connection terminated|timeout exceeded when trying to connect|Query read timeout|connect ETIMEDOUT/i;

export interface FormatOptions {
  stacktraces: boolean;
  /** No "Did you mean …?" in any message (introspection is off: the schema is not to be guessed from errors). */
  hideSuggestions?: boolean;
  /** GRAPHQL_MAX_TOKENS, named in the refusal of a longer document. */
  maxTokens?: number;
  /** The request's id, put in every error (`extensions.requestId`) so a user can quote it. */
  requestId?: string;
  /** Called with every error that is masked, so it is logged with the request id. */
  onUnexpected?: (error: unknown) => void;
}

/**
 * The one place that decides what an error looks like to a client: a stable `extensions.code`, a zh-CN
 * message, field details for BAD_USER_INPUT; anything unexpected is masked (logged by the caller with the
 * request id, which the response carries in `extensions.requestId`).
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown, options: FormatOptions): GraphQLFormattedError {
  // Apollo strips suggestions from validation errors only; a variable's coercion error names fields too
  if (options.hideSuggestions) formatted = { ...formatted, message: formatted.message.replace(/\s*Did you mean [^?]*\?/g, '') };
  const original = domainErrorOf(error);
  const stack = options.stacktraces ? formatted.extensions?.stacktrace : undefined;
  const base = (code: string, message: string, extra: Record<string, unknown> = {}): GraphQLFormattedError => ({
    message,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code, ...extra, ...(options.requestId ? { requestId: options.requestId } : {}), ...(stack ? { stacktrace: stack } : {}) },
  });

  if (original instanceof AppError) {
    // `http` sets the response status for Apollo; it is not for the client
    const { code: _code, http: _http, ...extra } = original.extensions;
    return base(original.code, original.message, extra);
  }
  // a target outside the jurisdiction that reached no operation's edge (outside-jurisdiction.interceptor.ts: a field
  // resolver): what @Allow answers by default
  if (original instanceof OutsideJurisdictionError) {
    return base(ErrorCode.FORBIDDEN, original.message);
  }
  if (original instanceof HttpException) {
    const mapped = HTTP_CODES[original.getStatus()];
    if (mapped) return base(mapped[0], mapped[1]);
  }
  const sqlState = sqlStateOf(original);
  // a unique constraint caught a duplicate that a concurrent write created after the service's own check
  if (sqlState === '23505') return base(ErrorCode.CONFLICT, '数据与现有记录重复，请刷新后重试');
  if ((sqlState && UNAVAILABLE_SQLSTATES.has(sqlState)) || databaseUnreachable(original)) {
    options.onUnexpected?.(original);
    return base(ErrorCode.SERVICE_UNAVAILABLE, '数据库暂不可用，请稍后重试');
  }
  const code = formatted.extensions?.code;
  // graphql-js stopped reading the document at GRAPHQL_MAX_TOKENS (Apollo calls it a syntax error; graphql 16 writes "more that")
  if (code === 'GRAPHQL_PARSE_FAILED' && /Document contains more (?:than|that) \d+ tokens/.test(formatted.message)) {
    return base(ErrorCode.QUERY_TOO_LARGE, `查询语句过长：超过 ${options.maxTokens ?? ''} 个词法单元（token）的上限；请拆分成几个请求，或把数据放进 variables`, {
      maxTokens: options.maxTokens,
    });
  }
  // a value a scalar (Date, DateTime) refused: its zh-CN reason, and for a variable the path of the field
  const refused = scalarRefusal(error);
  if (refused && code === ErrorCode.BAD_USER_INPUT) {
    const field = variablePath(formatted.message);
    return base(ErrorCode.BAD_USER_INPUT, `输入有误：${field ? `${field}：` : ''}${refused.reason}`, field ? { fields: [{ field, reason: refused.reason }] } : {});
  }
  if (refused && code === ErrorCode.GRAPHQL_VALIDATION_FAILED) {
    return base(code, `${PROTOCOL_MESSAGES[code]}：${refused.reason}`);
  }
  // errors raised by graphql-js / Apollo before any resolver ran (syntax, validation, variables)
  if (code === ErrorCode.BAD_REQUEST && (original instanceof GraphQLError || original === error)) {
    const known = BAD_REQUEST_MESSAGES.find(([pattern]) => pattern.test(formatted.message));
    if (known) return base(code, known[1]);
  }
  if (typeof code === 'string' && code in PROTOCOL_MESSAGES && (original instanceof GraphQLError || original === error)) {
    // graphql-js's own sentence in zh-CN (graphql-messages.ts); its original text stays in extensions.original
    const translated = translateGraphQLMessage(formatted.message);
    if (!translated) return base(code, `${PROTOCOL_MESSAGES[code]}：${formatted.message}`);
    const field = code === ErrorCode.BAD_USER_INPUT ? variablePath(formatted.message) : null;
    return base(code, `${PROTOCOL_MESSAGES[code]}：${translated}`, {
      original: formatted.message, ...(field ? { fields: [{ field, reason: translated }] } : {}),
    });
  }
  options.onUnexpected?.(original);
  return base(ErrorCode.INTERNAL_SERVER_ERROR, '服务器内部错误，请联系管理员并提供请求编号');
}

/**
 * Whether an error says the database cannot be reached: a network failure of node-postgres (its errno code or
 * message), looked for in the error, the value graphql-js wrapped (an error from another realm reaches it as a
 * "non-error", e.g. under Jest's VM), the driver's error and the cause. Duck-typed, for the same reason. A query
 * runner TypeORM already released counts too: it releases one when its connection breaks, and in this code base no
 * request uses a runner after its transaction ended (that would be a bug the log shows, as every masked error).
 */
function databaseUnreachable(error: unknown): boolean {
  const e = error as { thrownValue?: unknown; driverError?: unknown; cause?: unknown } | null | undefined;
  return [error, e?.thrownValue, e?.driverError, e?.cause].some((c) => {
    const { code, message, name } = (c ?? {}) as { code?: unknown; message?: unknown; name?: unknown };
    return (typeof code === 'string' && UNAVAILABLE_ERRNOS.has(code)) || (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message))
      // TypeORM releases a query runner whose connection broke (the server went away between two statements); a
      // statement of the same transaction then finds the runner (or, through its manager, its provider) released.
      // Still logged by onUnexpected, so a manager used after its transaction ended shows in the log.
      || name === 'QueryRunnerAlreadyReleasedError' || name === 'QueryRunnerProviderAlreadyReleasedError';
  });
}

/**
 * The error to answer from. The kernel's errors (AppError, OutsideJurisdictionError) are no GraphQLError: graphql-js wraps a resolver's in one with a
 * path (unwrapResolverError takes it out), Apollo a plugin's (didResolveOperation, responseForOperation) in one
 * without, which unwrapResolverError leaves alone; both wrappers keep its message and extensions.
 */
function domainErrorOf(error: unknown): unknown {
  const original = unwrapResolverError(error);
  const inner = original instanceof GraphQLError ? original.originalError : undefined;
  return inner instanceof AppError || inner instanceof OutsideJurisdictionError ? inner : original;
}

/** The SQLSTATE of a database error (TypeORM's QueryFailedError keeps the driver's error), if any. */
function sqlStateOf(error: unknown): string | undefined {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null | undefined;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** The scalar refusal behind a coercion or validation error, if any (graphql-js and Apollo each wrap it once). */
function scalarRefusal(error: unknown): ScalarValueError | null {
  let e = error as { originalError?: unknown } | null | undefined;
  for (let i = 0; i < 4 && e; i++) {
    if (e instanceof ScalarValueError) return e;
    e = e.originalError as typeof e;
  }
  return null;
}

/** `input.deadline` from graphql-js's `Variable "$input" got invalid value … at "input.deadline"; …` (or the variable). */
function variablePath(message: string): string | null {
  const m = /^Variable "\$(\w+)" got invalid value [\s\S]*?(?: at "([^"]+)")?; /.exec(message);
  return m ? (m[2] ?? m[1]) : null;
}
