/** Stable error codes in `extensions.code`; other county systems branch on these, so never rename one. */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
  GRAPHQL_PARSE_FAILED = 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED = 'GRAPHQL_VALIDATION_FAILED',
  BAD_REQUEST = 'BAD_REQUEST',
  /** The operation to run cannot be chosen: several in the document and no `operationName`, or no operation of that name. */
  OPERATION_RESOLUTION_FAILURE = 'OPERATION_RESOLUTION_FAILURE',
  /** The document has more tokens than GRAPHQL_MAX_TOKENS; `extensions.maxTokens` (a body over 1 MB is PAYLOAD_TOO_LARGE). */
  QUERY_TOO_LARGE = 'QUERY_TOO_LARGE',
  /** PER-1 .. PER-8: the person does not meet the rules for selection; `extensions.failedRules` says which. */
  NOT_ELIGIBLE = 'NOT_ELIGIBLE',
  /** Sign-in attempts from this address are over the limit; `extensions.retryAfterSeconds` says when to retry. */
  TOO_MANY_REQUESTS = 'TOO_MANY_REQUESTS',
  /** The account must change the password someone else set before anything but changePassword, me, logout. */
  PASSWORD_CHANGE_REQUIRED = 'PASSWORD_CHANGE_REQUIRED',
  /** The session must pass its second factor (verifySecondFactor) first. */
  SECOND_FACTOR_REQUIRED = 'SECOND_FACTOR_REQUIRED',
  /** The account's role requires a second factor: enrol one (enrollTotp, confirmTotp) first. */
  SECOND_FACTOR_ENROLLMENT_REQUIRED = 'SECOND_FACTOR_ENROLLMENT_REQUIRED',
  /** An upload is larger than ATTACHMENT_MAX_MB; `extensions.maxBytes` says the limit. */
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  /** An upload's content is not an accepted kind of file (photo, PDF, office document). */
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  /**
   * An upload's content is refused as unsafe: a PDF with JavaScript, actions that launch programs or embedded files,
   * or a virus clamd found (GB/T 22239-2019 8.1.4.5); `extensions.reason`, `extensions.markers` or `extensions.signature`.
   */
  UNSAFE_FILE = 'UNSAFE_FILE',
  /** EVA-3, EVA-5: required inputs of an evaluation are missing; `extensions.missing` lists them per subject. */
  EVALUATION_INCOMPLETE = 'EVALUATION_INCOMPLETE',
  /** The operation selects fields nested deeper than GRAPHQL_MAX_DEPTH; `extensions.depth`, `extensions.maxDepth`. */
  QUERY_TOO_DEEP = 'QUERY_TOO_DEEP',
  /** The request's estimated cost is above GRAPHQL_MAX_COST; `extensions.cost`, `extensions.maxCost`. */
  QUERY_TOO_COSTLY = 'QUERY_TOO_COSTLY',
}

/** One offending input field and why, in zh-CN. `field` is the path inside the arguments, e.g. `input.code`. */
export interface FieldProblem {
  field: string;
  reason: string;
}

/**
 * A domain error: its code and zh-CN message reach the client as they are. It knows nothing of GraphQL: the edge
 * maps it. graphql-js (a resolver's error) and Apollo (a plugin's) wrap it in a GraphQLError that keeps its
 * `extensions`; src/graphql/format-error.ts writes the client's answer from it, src/graphql/http-errors.ts the
 * HTTP status of an HTTP route's.
 */
export class AppError extends Error {
  /** `code` and the details a client branches on (`fields`, `reason`, `retryAfterSeconds`…); `http` is for Apollo. */
  readonly extensions: Record<string, unknown>;

  constructor(
    readonly code: ErrorCode,
    message: string,
    extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.extensions = { code, ...extra };
  }
}

export class BadUserInputError extends AppError {
  constructor(readonly fields: FieldProblem[], message = summarize(fields)) {
    super(ErrorCode.BAD_USER_INPUT, message, { fields });
  }
  static field(field: string, reason: string): BadUserInputError {
    return new BadUserInputError([{ field, reason }]);
  }
}

/**
 * A second-factor code or recovery code that did not match: BAD_USER_INPUT on its field, with `extensions.reason`
 * SECOND_FACTOR_FAILED so the audit trail (and the security report) tell a failed sign-in step from a mistyped form.
 */
export class SecondFactorFailedError extends BadUserInputError {
  constructor(field: string) {
    super([{ field, reason: '动态码或恢复码不正确' }]);
    this.extensions.reason = 'SECOND_FACTOR_FAILED';
  }
}

export class NotFoundError extends AppError {
  constructor(what = '记录') {
    super(ErrorCode.NOT_FOUND, `${what}不存在或无权访问`);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super(ErrorCode.CONFLICT, message, extra);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = '无权执行此操作') {
    super(ErrorCode.FORBIDDEN, message);
  }
}

/** Why a request is not authenticated; clients branch on `extensions.reason`. */
export type UnauthenticatedReason =
  | 'NO_CREDENTIALS' | 'MALFORMED' | 'TOKEN_INVALID' | 'TOKEN_EXPIRED' | 'SESSION_REVOKED' | 'SESSION_IDLE'
  | 'SESSION_EXPIRED' | 'ACCOUNT_DISABLED' | 'API_KEY_INVALID' | 'API_KEY_REVOKED' | 'API_KEY_EXPIRED'
  | 'LOGIN_FAILED' | 'SESSION_SUPERSEDED' | 'ROLE_NOT_GRANTED';

export class UnauthenticatedError extends AppError {
  constructor(readonly reason: UnauthenticatedReason, message = '请先登录') {
    super(ErrorCode.UNAUTHENTICATED, message, { reason });
  }
}

/**
 * Too many requests; `extensions.retryAfterSeconds` is the wait, sent as the `Retry-After` header of the HTTP 429
 * answer (http-errors.ts).
 */
export class TooManyRequestsError extends AppError {
  /** `retryAfterSeconds` in the extensions: the HTTP layer answers 429 with Retry-After from it. */
  constructor(retryAfterSeconds: number, message = `登录尝试过于频繁，请 ${retryAfterSeconds} 秒后再试`) {
    super(ErrorCode.TOO_MANY_REQUESTS, message, { retryAfterSeconds });
  }
}

function summarize(fields: FieldProblem[]): string {
  if (fields.length === 0) return '输入有误';
  return `输入有误：${fields.map((f) => `${f.field}：${f.reason}`).join('；')}`;
}
