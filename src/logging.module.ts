import { Module } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG } from './config/app-config';
import type { AppConfig } from './config/app-config';
import { statementsOf } from './database/statement-count';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * Structured JSON logs (pino) with a request id on every line: the caller's `X-Request-Id` when it is
 * well-formed, else a new UUID; echoed in the response header. Readable (pino-pretty) in development.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      // nestjs-pino 4 (5 declares Node 22) types these two as required
      imports: [],
      providers: [],
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.log.level,
          transport: config.log.pretty ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:standard' } } : undefined,
          genReqId: (req: IncomingMessage, res: ServerResponse) => {
            const incoming = req.headers['x-request-id'];
            const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
            res.setHeader('X-Request-Id', id);
            return id;
          },
          redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
          // the SQL statements the request issued (statement-count.ts), on its completion line
          customSuccessObject: (_req: IncomingMessage, res: ServerResponse, value: Record<string, unknown>) => ({ ...value, sqlStatements: statementsOf(res) }),
          customErrorObject: (_req: IncomingMessage, res: ServerResponse, _err: Error, value: Record<string, unknown>) => ({ ...value, sqlStatements: statementsOf(res) }),
          customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
            err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
          autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/health/') || (req.url ?? '').startsWith('/graphiql/assets/') },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
