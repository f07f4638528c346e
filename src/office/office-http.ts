import { applyDecorators, ArgumentsHost, CanActivate, Catch, ExceptionFilter, ExecutionContext, ForbiddenException, HttpException, Injectable, Logger, SetMetadata, UseFilters, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Transform } from 'class-transformer';
import { ValidateBy } from 'class-validator';
import type { ValidationArguments } from 'class-validator';
import type { Response } from 'express';
import { AuditService } from '../auth/audit.service';
import { AppError, BadUserInputError, ErrorCode } from '../kernel/errors';
import { httpErrorOf } from '../graphql/http-errors';
import { httpContextOf } from '../kernel/request-context';
import type { HttpRequestWithContext, RequestContext } from '../kernel/request-context';

/** Where the office routes live: templates, exports, briefings (INS-4), charts. */
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

/** The metadata key of @OfficeQuery: the query parameters a route reads. */
export const OFFICE_QUERY = 'office:query';

/**
 * Declares the query parameters an office route reads (none: `@OfficeQuery()`); any other one — `regionId[]`,
 * `overDue`, a typo — is refused with BAD_USER_INPUT naming it, rather than ignored (the route would then answer
 * another file than the one asked for: Express's query parser keeps `regionId[]` as its own key, which
 * `@Query('regionId')` never sees). test/office/office-http.e2e-spec.ts checks that every office route declares
 * exactly what its handler reads.
 */
export const OfficeQuery = (...names: string[]) => SetMetadata(OFFICE_QUERY, names);

/** What every office controller carries: the office error shape and audit (OfficeErrorFilter) and OfficeQueryGuard. */
export const OfficeRoutes = () => applyDecorators(UseFilters(OfficeErrorFilter), UseGuards(OfficeQueryGuard));

/** The query parameters given that a route does not know, in the order given. */
export function unknownQueryParameters(query: Record<string, unknown> | undefined, known: readonly string[]): string[] {
  return Object.keys(query ?? {}).filter((name) => !known.includes(name));
}

/** The refusal of unknown query parameters: one problem per name, and a message listing what the route takes. */
export function unknownQueryError(unknown: readonly string[], known: readonly string[]): BadUserInputError {
  const shown = unknown.map((name) => (name.length > 60 ? `${name.slice(0, 60)}…` : name));
  const accepted = known.length ? `本地址可用的参数：${known.join('、')}` : '本地址不接受参数';
  return new BadUserInputError(shown.map((field) => ({ field, reason: '不认识的参数' })), `不认识的参数：${shown.join('、')}（${accepted}）`);
}

/**
 * Refuses the query parameters a route has not declared with @OfficeQuery (a route without the declaration
 * refuses every parameter: forgetting it fails loudly, never silently). Runs after authentication, so an
 * anonymous caller still gets UNAUTHENTICATED; its refusal goes through OfficeErrorFilter (shape, audit).
 */
@Injectable()
export class OfficeQueryGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const known = this.reflector.get<string[] | undefined>(OFFICE_QUERY, context.getHandler()) ?? [];
    const req = context.switchToHttp().getRequest<{ query?: Record<string, unknown> }>();
    const unknown = unknownQueryParameters(req.query, known);
    if (unknown.length) throw unknownQueryError(unknown, known);
    return true;
  }
}

/** The parameters that name what a file holds, in the fallback name's order (ids are opaque: left out). */
const FALLBACK_WORDS = ['status', 'overdue', 'major'] as const;
const FALLBACK_PERIODS: readonly [string, string][] = [['month', ''], ['period', ''], ['year', ''], ['foundFrom', 'from-'], ['foundTo', 'to-']];

/**
 * The ASCII fallback `filename="…"` (what `curl -OJ` and older clients save under): the route's last path segment
 * without its extension, the words of its filters (`status=OPEN` → `open`, `overdue=true` → `overdue`), then its
 * period parameters (month, period, year, foundFrom/foundTo) or, without any, the last date the real name carries
 * (an export's 「截至2026-12-07」), then the extension: `fire-trend-2026-12.png`, `hazards-overdue-2026-12-07.xlsx`.
 * Only `[A-Za-z0-9._-]`, at most 100 characters.
 */
export function asciiFileName(path: string, filename: string, params: Record<string, unknown>): string {
  const segment = path.split('?')[0].split('/').filter(Boolean).at(-1) ?? 'file';
  const dot = segment.lastIndexOf('.');
  const base = dot > 0 ? segment.slice(0, dot) : segment;
  const extension = (/\.([A-Za-z0-9]{1,8})$/.exec(filename)?.[1] ?? (dot > 0 ? segment.slice(dot + 1) : '')).toLowerCase();
  const parts: string[] = [base];
  for (const key of FALLBACK_WORDS) {
    const v = params[key];
    if (v === true) parts.push(key);
    else if (typeof v === 'string' && /^[A-Za-z_]{1,40}$/.test(v)) parts.push(v.toLowerCase().replace(/_/g, '-'));
  }
  const periods = FALLBACK_PERIODS.flatMap(([key, prefix]) => {
    const v = params[key];
    return (typeof v === 'string' || typeof v === 'number') && /^[A-Za-z0-9-]{1,20}$/.test(String(v)) ? [`${prefix}${v}`] : [];
  });
  const asOf = filename.match(/\d{4}-\d{2}-\d{2}/g)?.at(-1);
  parts.push(...(periods.length ? periods : asOf ? [asOf] : []));
  const stem = parts.join('-').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/-{2,}/g, '-').slice(0, 90).replace(/^[-.]+|[-.]+$/g, '') || 'file';
  return extension ? `${stem}.${extension}` : stem;
}

/**
 * Sends a generated file as a download (RFC 6266: the Chinese name in `filename*`, a readable ASCII one in
 * `filename`, see asciiFileName), and audits it. `after` holds the route's parameters (audited, and the fallback
 * name's filters and period).
 */
export async function sendOfficeFile(res: Response, ctx: RequestContext, audit: AuditService, file: OfficeFile, after: Record<string, unknown>): Promise<void> {
  const req = res.req as unknown as HttpRequestWithContext & { path: string };
  await audit.record(ctx, [{ operation: officeOperation(req.path), outcome: 'SUCCESS', targetType: 'OfficeFile', targetId: null, after: { filename: file.filename, bytes: file.buffer.length, ...after } }]);
  const ascii = asciiFileName(req.path, file.filename, after);
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
    const { code, status, body, headers } = httpErrorOf(req, error, (e) => this.logger.error({ err: e, requestId: req.id }, 'unexpected error in an office request'));
    const denied = code === ErrorCode.UNAUTHENTICATED || code === ErrorCode.FORBIDDEN;
    const event = { operation: officeOperation(req.path), outcome: denied ? 'DENIED' as const : 'FAILURE' as const, errorCode: code };
    // a refusal within the per-actor bound of the trail (GB/T 22239-2019 8.1.4.3 a), a failure as it is
    await (denied ? this.audit.recordRefusals(httpContextOf(req), [event]) : this.audit.record(httpContextOf(req), [event]))
      .catch((e: unknown) => this.logger.error({ err: e, requestId: req.id }, 'audit entry of a failed office request not written'));
    if (res.headersSent) res.destroy();
    else res.status(status).set(headers).json(body);
  }
}

/** An instant with its offset, as the API's DateTime takes it. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
/**
 * The same with its offset's 「+」 arrived as a space: a 「+」 typed unencoded in a query string is a space
 * (application/x-www-form-urlencoded), and the documents' own example `2026-12-01T00:00:00+08:00` is what people
 * type. Only this exact shape (one space, then hh:mm, at the end): a space anywhere else is still refused.
 */
const INSTANT_PLUS_AS_SPACE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?) (\d{2}:\d{2})$/;

/** A query parameter's instant with the 「+」 of its offset restored when it arrived as a space; anything else as given. */
export function queryInstant(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const m = INSTANT_PLUS_AS_SPACE.exec(value);
  return m ? `${m[1]}+${m[2]}` : value;
}

/**
 * A required date-time query parameter of an office route (`from`, `to`): an instant with its offset, the offset's
 * 「+」 restored when it arrived as a space (queryInstant). One reason per parameter: missing, repeated, or not an
 * instant, each with an example written as it goes into an address (「+」 as %2B).
 */
export const QueryInstant = (example: string) =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) => queryInstant(value)),
    ValidateBy({
      name: 'isQueryInstant',
      validator: {
        validate: (v: unknown) => typeof v === 'string' && INSTANT.test(v),
        defaultMessage: (args?: ValidationArguments) => {
          const hint = `带时区的时间，如 ${example.replace('+', '%2B')}（地址中的「+」写作 %2B）`;
          if (args?.value === undefined || args.value === '') return `必填：${hint}`;
          if (typeof args.value !== 'string') return '只能给一次';
          return `须为${hint}`;
        },
      },
    }),
  );

/** A query parameter given once as text, or absent; anything else (repeated, nested) is BAD_USER_INPUT. */
export function singleParam(name: string, value: unknown, reason: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length > 200) throw BadUserInputError.field(name, reason);
  return value;
}
