import type { Response } from 'express';
import { AppError, ErrorCode } from '../kernel/errors';
import { formatGraphQLError } from './format-error';
import type { HttpRequestWithContext } from '../kernel/request-context';

/** The HTTP status of each error code, for the routes outside GraphQL (attachments, office files). */
export const HTTP_STATUS: Partial<Record<string, number>> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.BAD_REQUEST]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.SECOND_FACTOR_REQUIRED]: 403,
  [ErrorCode.PASSWORD_CHANGE_REQUIRED]: 403,
  [ErrorCode.SECOND_FACTOR_ENROLLMENT_REQUIRED]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.PAYLOAD_TOO_LARGE]: 413,
  [ErrorCode.UNSUPPORTED_MEDIA_TYPE]: 415,
  [ErrorCode.UNSAFE_FILE]: 422,
  [ErrorCode.TOO_MANY_REQUESTS]: 429,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
};

/**
 * The wait before a retry when a TOO_MANY_REQUESTS error does not say (`extensions.retryAfterSeconds`): the window
 * of the sign-in limiter (auth.service.ts, one minute).
 */
export const RETRY_AFTER_FALLBACK_SECONDS = 60;

/**
 * The `Retry-After` of an answer (RFC 9110 10.2.3, whole seconds), or null when none of its errors is
 * TOO_MANY_REQUESTS: the longest `extensions.retryAfterSeconds` the limiters put there, else the fallback.
 */
export function retryAfterOf(errors: readonly { extensions?: Record<string, unknown> }[] | undefined): number | null {
  const limited = (errors ?? []).filter((e) => e.extensions?.code === ErrorCode.TOO_MANY_REQUESTS);
  if (limited.length === 0) return null;
  const given = limited
    .map((e) => e.extensions?.retryAfterSeconds)
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0)
    .map((v) => Math.ceil(v));
  return given.length > 0 ? Math.max(...given) : RETRY_AFTER_FALLBACK_SECONDS;
}

/** An error of an HTTP route as its response: the status of its code, its headers (Retry-After) and the GraphQL error shape (`{ errors: [{ message, extensions: { code } }] }`). */
export function httpErrorOf(req: HttpRequestWithContext, error: unknown, onUnexpected: (e: unknown) => void): { code: string; status: number; body: unknown; headers: Record<string, string> } {
  const formatted = formatGraphQLError({ message: '' }, error, { stacktraces: false, onUnexpected, requestId: String(req.id ?? '') });
  const code = String(formatted.extensions?.code);
  const retryAfter = retryAfterOf([formatted as { extensions?: Record<string, unknown> }]);
  return {
    code, status: HTTP_STATUS[code] ?? 500, body: { errors: [{ message: formatted.message, extensions: formatted.extensions }] },
    headers: retryAfter === null ? {} : { 'Retry-After': String(retryAfter) },
  };
}

/**
 * Sends an error of an HTTP route (anything unexpected masked, with the request id, and handed to `onUnexpected`).
 * Returns the code sent, or null when the response had already started (the connection is then dropped).
 */
export function sendHttpError(res: Response, req: HttpRequestWithContext, error: unknown, onUnexpected: (e: unknown) => void): string | null {
  const { code, status, body, headers } = httpErrorOf(req, error, onUnexpected);
  if (res.headersSent) {
    res.destroy();
    return null;
  }
  res.status(status).set(headers).json(body);
  return code;
}

/**
 * Express error handler for /graphql: a body that is not JSON, or is over the body limit, is answered in the
 * GraphQL error shape with a code and the request id (body-parser fails before Apollo sees the request).
 */
export function graphqlBodyErrors(limitBytes: number) {
  return (err: unknown, req: HttpRequestWithContext, res: Response, next: (err?: unknown) => void): void => {
    const e = err as { type?: string; status?: number } | null;
    if (!e || typeof e.status !== 'number' || e.status >= 500 || res.headersSent) return next(err);
    const tooLarge = e.type === 'entity.too.large';
    const error = tooLarge
      ? new AppError(ErrorCode.PAYLOAD_TOO_LARGE, `请求体过大：查询与变量合计不能超过 ${Math.round(limitBytes / 1024)} KB；请拆分成几个请求`, { maxBytes: limitBytes })
      : new AppError(ErrorCode.BAD_REQUEST, '请求体须为 JSON 对象：{"query": "…", "variables": {…}}');
    const { body } = httpErrorOf(req, error, () => undefined);
    res.status(tooLarge ? 413 : 400).json(body);
  };
}
