import type { Response } from 'express';
import { ErrorCode } from './errors';
import { formatGraphQLError } from './format-error';
import type { HttpRequestWithContext } from './request-context';

/** The HTTP status of each error code, for the routes outside GraphQL (attachments, office files). */
export const HTTP_STATUS: Partial<Record<string, number>> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.SECOND_FACTOR_REQUIRED]: 403,
  [ErrorCode.PASSWORD_CHANGE_REQUIRED]: 403,
  [ErrorCode.SECOND_FACTOR_ENROLLMENT_REQUIRED]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.PAYLOAD_TOO_LARGE]: 413,
  [ErrorCode.UNSUPPORTED_MEDIA_TYPE]: 415,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
};

/** An error of an HTTP route as its response: the status of its code and the GraphQL error shape (`{ errors: [{ message, extensions: { code } }] }`). */
export function httpErrorOf(req: HttpRequestWithContext, error: unknown, onUnexpected: (e: unknown) => void): { code: string; status: number; body: unknown } {
  const formatted = formatGraphQLError({ message: '' }, error, { stacktraces: false, onUnexpected });
  const code = String(formatted.extensions?.code);
  const extensions = code === ErrorCode.INTERNAL_SERVER_ERROR || code === ErrorCode.SERVICE_UNAVAILABLE ? { ...formatted.extensions, requestId: String(req.id ?? '') } : formatted.extensions;
  return { code, status: HTTP_STATUS[code] ?? 500, body: { errors: [{ message: formatted.message, extensions }] } };
}

/**
 * Sends an error of an HTTP route (anything unexpected masked, with the request id, and handed to `onUnexpected`).
 * Returns the code sent, or null when the response had already started (the connection is then dropped).
 */
export function sendHttpError(res: Response, req: HttpRequestWithContext, error: unknown, onUnexpected: (e: unknown) => void): string | null {
  const { code, status, body } = httpErrorOf(req, error, onUnexpected);
  if (res.headersSent) {
    res.destroy();
    return null;
  }
  res.status(status).json(body);
  return code;
}
