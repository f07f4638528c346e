import { Global, Inject, Injectable, LoggerService, Module } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger as Pino } from 'pino';
import { pinoHttp } from 'pino-http';
import type { HttpLogger } from 'pino-http';
import { APP_CONFIG } from './config/app-config';
import type { AppConfig } from './config/app-config';
import { statementsOf } from './database/statement-count';

/** A client's own request id worth keeping: 1–64 printable ASCII characters (GB/T 22239-2019 8.1.4.3 d). */
const CLIENT_REQUEST_ID = /^[\x20-\x7e]{1,64}$/;

/** The client's `X-Request-Id` when it is one to keep, else null (dropped). */
export function clientRequestIdOf(req: IncomingMessage): string | null {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && CLIENT_REQUEST_ID.test(incoming) ? incoming : null;
}

/** The request being served: its id and logger (pino-http's child with the id), for every log line it causes. */
const currentRequest = new AsyncLocalStorage<{ id: string; log: Pino }>();

/** The id of the request being served (`X-Request-Id`), for error bodies written far from the request object. */
export function currentRequestId(): string | undefined {
  return currentRequest.getStore()?.id;
}

/**
 * Structured JSON logs (pino) with a request id on every line: always a UUID the server made (a client cannot
 * choose the id the trail and the logs are joined by, GB/T 22239-2019 8.1.4.3 d), answered in the response's
 * `X-Request-Id`; the client's own `X-Request-Id`, when ≤ 64 printable ASCII characters, rides along as
 * `clientRequestId` (in the log lines and the audit trail), else is dropped. Readable (pino-pretty) in development.
 *
 * Nest's loggers (`new Logger('Audit')`) write through `AppLogger` into the request's pino child, so a service's
 * line carries the request id too. This is what nestjs-pino does; it is kept here in a few lines because
 * nestjs-pino 5 declares Node 22 only and 4 is CommonJS, which Jest's ESM mode on Node 20 cannot load beside Nest 12.
 */
@Injectable()
export class AppLogger implements LoggerService {
  /** pino-http: one completion line per request, and `req.log` carrying the request id. */
  readonly http: HttpLogger;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.http = pinoHttp<IncomingMessage, ServerResponse, never>({
      level: config.log.level,
      transport: config.log.pretty ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:standard' } } : undefined,
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const id = randomUUID();
        (req as IncomingMessage & { clientRequestId?: string | null }).clientRequestId = clientRequestIdOf(req);
        res.setHeader('X-Request-Id', id);
        return id;
      },
      customProps: (req: IncomingMessage) => {
        const client = (req as IncomingMessage & { clientRequestId?: string | null }).clientRequestId;
        return client ? { clientRequestId: client } : {};
      },
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
      // the SQL statements the request issued (statement-count.ts), on its completion line
      customSuccessObject: (_req: IncomingMessage, res: ServerResponse, value: Record<string, unknown>) => ({ ...value, sqlStatements: statementsOf(res) }),
      customErrorObject: (_req: IncomingMessage, res: ServerResponse, _err: Error, value: Record<string, unknown>) => ({ ...value, sqlStatements: statementsOf(res) }),
      customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error): 'error' | 'warn' | 'info' =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/health/') || (req.url ?? '').startsWith('/graphiql/assets/') },
    });
  }

  /** Express middleware: logs the request and runs the rest of it with its logger current. */
  readonly middleware = (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    this.http(req, res, () => {
      const { id, log } = req as IncomingMessage & { id: unknown; log: Pino };
      currentRequest.run({ id: String(id), log }, next);
    });
  };

  private get logger(): Pino {
    return currentRequest.getStore()?.log ?? this.http.logger;
  }

  verbose(message: unknown, ...rest: unknown[]): void { this.call('trace', message, rest); }
  debug(message: unknown, ...rest: unknown[]): void { this.call('debug', message, rest); }
  log(message: unknown, ...rest: unknown[]): void { this.call('info', message, rest); }
  warn(message: unknown, ...rest: unknown[]): void { this.call('warn', message, rest); }
  error(message: unknown, ...rest: unknown[]): void { this.call('error', message, rest); }
  fatal(message: unknown, ...rest: unknown[]): void { this.call('fatal', message, rest); }

  /**
   * Nest passes the logger's context last: `logger.error({ err }, 'text')` from `new Logger('Audit')` arrives as
   * (`{ err }`, 'text', 'Audit'). An object first is pino's merge object; Nest's exception handler passes
   * (message, stack, context), which becomes an error with that stack.
   */
  private call(level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal', message: unknown, rest: unknown[]): void {
    const fields: Record<string, unknown> = {};
    let params = rest;
    if (rest.length > 0) {
      fields.context = rest.at(-1);
      params = rest.slice(0, -1);
    }
    const log = this.logger;
    if (message instanceof Error) {
      log[level]({ ...fields, err: message }, ...(params as [string]));
    } else if (message !== null && typeof message === 'object') {
      log[level]({ ...fields, ...message }, ...(params as [string]));
    } else if (level === 'error' && params.length === 1 && typeof params[0] === 'string' && /\n\s+at /.test(params[0])) {
      const err = new Error(String(message));
      err.stack = params[0];
      log[level]({ ...fields, err });
    } else {
      log[level](fields, String(message), ...(params as []));
    }
  }
}

@Global()
@Module({ providers: [AppLogger], exports: [AppLogger] })
export class LoggingModule {}
