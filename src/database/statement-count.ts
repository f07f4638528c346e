import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger as TypeOrmLogger } from 'typeorm';
import { APP_CONFIG } from '../config/app-config';
import type { AppConfig } from '../config/app-config';
import { RequestScope, requestScope, runInRequestScope } from './request-scope';

const TALLY = Symbol('sqlStatements');

/** The response header that carries the count when `SQL_STATS_HEADER` is on (benchmarks, tests). */
export const STATEMENT_HEADER = 'X-SQL-Statements';

/** The count of the request a response belongs to (for the request log line), or undefined outside one. */
export function statementsOf(res: ServerResponse): number | undefined {
  return (res as ServerResponse & { [TALLY]?: RequestScope })[TALLY]?.statements;
}

/**
 * TypeORM calls `logQuery` before every statement it sends, whatever `logging` says: this logger counts it
 * against the request running it (statements of jobs and start-up belong to no request). Errors and slow
 * queries are reported by the code that runs them, so the other methods stay quiet as `logging: false` was.
 */
export class StatementCountingLogger implements TypeOrmLogger {
  logQuery(): void {
    const scope = requestScope();
    if (scope) scope.statements += 1;
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

/**
 * Opens the request scope (request-scope.ts) for each HTTP request, and with it the statement count
 * (docs/performance.md: a request must not issue more statements as its page grows).
 * Runs after the body parsers, so the whole request — guard, resolvers, DataLoader batches, the audit write —
 * runs inside it. With `SQL_STATS_HEADER` on, the count is sent in `X-SQL-Statements` as the response starts.
 */
@Injectable()
export class StatementCountMiddleware implements NestMiddleware {
  private readonly header: boolean;
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.header = config.sqlStatsHeader;
  }

  use(_req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void {
    const scope: RequestScope = { statements: 0 };
    (res as ServerResponse & { [TALLY]?: RequestScope })[TALLY] = scope;
    if (this.header) {
      const writeHead = res.writeHead;
      res.writeHead = function (this: ServerResponse, ...args: Parameters<ServerResponse['writeHead']>) {
        if (!this.headersSent) this.setHeader(STATEMENT_HEADER, String(scope.statements));
        return writeHead.apply(this, args);
      } as ServerResponse['writeHead'];
    }
    res.once('close', () => {
      for (const run of scope.afterResponse?.splice(0) ?? []) run();
    });
    runInRequestScope(scope, next);
  }
}
