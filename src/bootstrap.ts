import { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppLogger } from './logging.module';
import { WebhookWorker } from './integration/webhooks/webhook-worker';
import { APP_CONFIG } from './config/app-config';
import { graphqlBodyErrors } from './graphql/http-errors';
import { MAX_JSON_BODY_BYTES } from './graphql/query-cost';
import { graphqlMethodGuard, securityHeaders } from './graphql/http-hardening';
import { AuditService } from './auth/audit.service';
import { auditRefusedRequests } from './auth/refused-request-audit';
import type { AppConfig } from './config/app-config';

/** What main.ts and the test app share: logger, body limits, proxy and header settings. */
export function configureApp(app: NestExpressApplication): AppConfig {
  const logger = app.get(AppLogger);
  app.useLogger(logger);
  app.use(logger.middleware);
  app.disable('x-powered-by');
  const config = app.get<AppConfig>(APP_CONFIG);
  // the client address (rate limits, audit) and the scheme (HSTS) come from X-Forwarded-* only through proxies named here
  app.set('trust proxy', config.auth.trustProxy);
  // security headers and no-store on every answer; GraphQL over GET off in production (common/http-hardening.ts)
  app.use(securityHeaders());
  // requests refused before GraphQL sees them are audited too, within the per-address bound (8.1.4.3 a)
  app.use('/graphql', auditRefusedRequests(app.get(AuditService)));
  app.use('/graphql', graphqlMethodGuard(config));
  app.useBodyParser('json', { limit: MAX_JSON_BODY_BYTES });
  // a body that is not JSON or over the limit: the GraphQL error shape, a code and the request id
  app.use('/graphql', graphqlBodyErrors(MAX_JSON_BODY_BYTES));
  return config;
}

/**
 * Graceful shutdown on SIGTERM/SIGINT: stop accepting connections, let in-flight requests finish, then close
 * the database (the embedded one too); forced exit after SHUTDOWN_TIMEOUT_MS.
 */
export function closeOnSignals(app: INestApplication, config: AppConfig, log: (msg: string) => void): void {
  let closing = false;
  const close = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    log(`${signal} received: finishing in-flight requests, then closing`);
    const force = setTimeout(() => {
      log(`shutdown took longer than ${config.shutdownTimeoutMs} ms: exiting`);
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    // the webhook worker starts no attempt the shutdown's bound could cut off (its leases are given back below)
    try {
      app.get(WebhookWorker, { strict: false }).stopClaiming();
    } catch {
      // an application without the worker (a command of the CLI)
    }
    // first stop taking connections and let in-flight requests finish (Nest would stop Apollo before closing
    // the HTTP server, failing requests caught in between); then the modules and the database close
    const server = app.getHttpServer() as Server;
    new Promise<void>((resolve) => server.close(() => resolve()))
      .then(() => app.close())
      .then(
      () => {
        log('shutdown complete');
        process.exit(0);
      },
      (error: unknown) => {
        log(`shutdown failed: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', close);
  process.once('SIGINT', close);
}
