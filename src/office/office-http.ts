import { ArgumentsHost, Catch, ExceptionFilter, ForbiddenException, HttpException, Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { AuditService } from '../auth/audit.service';
import { AppError, ErrorCode } from '../graphql/errors';
import { httpErrorOf } from '../graphql/http-errors';
import { httpContextOf } from '../graphql/request-context';
import type { HttpRequestWithContext, RequestContext } from '../graphql/request-context';

/** Where the office routes live: templates, exports, briefings (issue 10), charts. */
export const OFFICE_PATH = 'office';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A generated file: its bytes, a Chinese file name and its media type. */
export interface OfficeFile {
  filename: string;
  mediaType: string;
  buffer: Buffer;
}

/** The audit operation of an office route: `/office/exports/hazards.xlsx` is `exportHazards`, `/office/charts/fire-trend.png` `drawChartFireTrend`. */
export function officeOperation(path: string): string {
  const [, , group = '', file = ''] = path.split('?')[0].split('/');
  const name = file.replace(/\.[a-z]+$/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  const verb = group === 'exports' ? 'export' : group === 'templates' ? 'downloadTemplate' : group === 'briefings' ? 'generateBriefing' : group === 'charts' ? 'drawChart' : group;
  return `${verb}${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

/**
 * A value of RFC 5987 `filename*` (UTF-8, percent-encoded): encodeURIComponent leaves ' ( ) * as they are, which
 * its attr-char does not allow (a 「'」 would even end the value early for a strict parser).
 */
export function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Sends a generated file as a download (RFC 6266 file name, so a Chinese name survives), and audits it. */
export async function sendOfficeFile(res: Response, ctx: RequestContext, audit: AuditService, file: OfficeFile, after: Record<string, unknown>): Promise<void> {
  const req = res.req as unknown as HttpRequestWithContext & { path: string };
  await audit.record(ctx, [{ operation: officeOperation(req.path), outcome: 'SUCCESS', targetType: 'OfficeFile', targetId: null, after: { filename: file.filename, bytes: file.buffer.length, ...after } }]);
  const ascii = file.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  res.status(200).set({
    'Content-Type': file.mediaType,
    'Content-Length': String(file.buffer.length),
    'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${rfc5987(file.filename)}`,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
  });
  res.end(file.buffer);
}

/**
 * Errors of the office routes in the GraphQL error shape with the HTTP status of their code; failures and
 * denials are audited (an export is a read of many records at once: who tried matters as much as who got it).
 */
@Catch()
@Injectable()
export class OfficeErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Office');

  constructor(private readonly audit: AuditService) {}

  /** The audit entry is written before the answer leaves, so whoever reads the trail after a refusal finds it. */
  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<HttpRequestWithContext & { path: string }>();
    const error = exception instanceof ForbiddenException ? new AppError(ErrorCode.FORBIDDEN, '没有权限') : exception instanceof HttpException && exception.getStatus() === 404 ? new AppError(ErrorCode.NOT_FOUND, '没有这个文件') : exception;
    const { code, status, body } = httpErrorOf(req, error, (e) => this.logger.error({ err: e, requestId: req.id }, 'unexpected error in an office request'));
    const denied = code === ErrorCode.UNAUTHENTICATED || code === ErrorCode.FORBIDDEN;
    await this.audit.record(httpContextOf(req), [{ operation: officeOperation(req.path), outcome: denied ? 'DENIED' : 'FAILURE', errorCode: code }])
      .catch((e: unknown) => this.logger.error({ err: e, requestId: req.id }, 'audit entry of a failed office request not written'));
    if (res.headersSent) res.destroy();
    else res.status(status).json(body);
  }
}
