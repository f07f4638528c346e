import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ANONYMOUS, RequestContext } from '../kernel/request-context';
import { AuditService } from './audit.service';

/** Set on a request whose refusal the GraphQL audit plugin already recorded (or that it saw at all). */
export const AUDIT_SEEN = Symbol('auditSeen');

type AuditedRequest = Request & { id?: unknown; clientRequestId?: string | null; [AUDIT_SEEN]?: boolean };

/** Marks a request the GraphQL pipeline reached: its refusals are the audit plugin's. */
export function markAuditSeen(req: unknown): void {
  if (req && typeof req === 'object') (req as AuditedRequest)[AUDIT_SEEN] = true;
}

/**
 * Requests to /graphql refused before GraphQL saw them (GB/T 22239-2019 8.1.4.3 a): a body that is not JSON or too
 * large, a method refused in production, Apollo's CSRF prevention, an empty body. Each leaves an anonymous DENIED
 * entry with the address, within the per-address bound of AuditService.recordRefusals (a flood cannot fill the disk).
 * Written after the answer is sent; a failure to write is logged, never the client's problem.
 */
export function auditRefusedRequests(audit: AuditService): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    res.on('finish', () => {
      const r = req as AuditedRequest;
      if (r[AUDIT_SEEN] || res.statusCode < 400 || res.statusCode >= 500) return;
      const ctx = new RequestContext(String(r.id ?? 'unknown'), ANONYMOUS, req.ip ?? null, req.get('user-agent') ?? null);
      ctx.clientRequestId = r.clientRequestId ?? null;
      const contentType = req.get('content-type');
      audit.track(audit.recordRefusals(ctx, [{
        operation: '（未解析）', outcome: 'DENIED', errorCode: STATUS_CODES[res.statusCode] ?? 'BAD_REQUEST',
        targetType: null, targetId: null,
        after: { stage: 'HTTP', method: req.method.slice(0, 10), status: res.statusCode, contentType: contentType ? contentType.slice(0, 100) : null },
      }], 'HTTP'), ctx.requestId);
    });
    next();
  };
}

/** The code an HTTP status of such a refusal stands for (the answer's own `extensions.code`). */
const STATUS_CODES: Record<number, string> = {
  401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 413: 'PAYLOAD_TOO_LARGE', 428: 'BAD_REQUEST', 429: 'TOO_MANY_REQUESTS',
};
