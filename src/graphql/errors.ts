import { GraphQLError } from 'graphql';

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
}

/** One offending input field and why, in zh-CN. `field` is the path inside the arguments, e.g. `input.code`. */
export interface FieldProblem {
  field: string;
  reason: string;
}

/** A domain error: its code and zh-CN message reach the client as they are. */
export class AppError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    extra: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { code, ...extra } });
    this.name = 'AppError';
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

function summarize(fields: FieldProblem[]): string {
  if (fields.length === 0) return '输入有误';
  return `输入有误：${fields.map((f) => `${f.field}：${f.reason}`).join('；')}`;
}
