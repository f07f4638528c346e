import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import type { AppConfig } from '../config/app-config';
import { AppError, ErrorCode } from '../kernel/errors';
import { httpErrorOf } from './http-errors';
import type { HttpRequestWithContext } from '../kernel/request-context';

/** One year, subdomains included (OWASP HTTP Strict Transport Security cheat sheet). */
export const HSTS_VALUE = 'max-age=31536000; includeSubDomains';

/**
 * The policy of every answer that sets none of its own (JSON, files): nothing may load from it, no page may frame
 * it. The console page (graphql/console) and attachment downloads set their own, each with `frame-ancestors 'none'`.
 */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export const GET_REFUSED_MESSAGE =
  'GraphQL 接口只接受 POST 请求：请以 POST 发送 {"query": "…", "variables": {…}}（Content-Type: application/json）。' +
  '查询写在网址里（GET）会被代理服务器和浏览器记录、缓存，生产环境已关闭';

/**
 * The security headers of every answer (GB/T 22239-2019 8.1.4.4 入侵防范; OWASP Secure Headers), by helmet:
 * - `Strict-Transport-Security` only when the request came over TLS: `req.secure`, which believes
 *   `X-Forwarded-Proto: https` only from the proxies TRUST_PROXY names (Express `trust proxy`); on plain HTTP a
 *   browser ignores it anyway, and a LAN deployment without TLS must not be told to upgrade.
 * - `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`, `X-Frame-Options: DENY` and
 *   `Content-Security-Policy` with `frame-ancestors 'none'` (clickjacking), helmet's cross-origin isolation headers.
 * - `Cache-Control: no-store` unless a route says otherwise: answers carry personal data and are read with a
 *   credential; only the console's static files (public, versioned by ETag) are cacheable.
 * X-Powered-By is switched off in configureApp.
 */
export function securityHeaders(): RequestHandler {
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
    },
    strictTransportSecurity: false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.secure) res.setHeader('Strict-Transport-Security', HSTS_VALUE);
    res.setHeader('Cache-Control', 'no-store');
    headers(req, res, next);
  };
}

/**
 * GraphQL over GET in production (config.graphql.getQueries false: NODE_ENV=production, or unset with a server database): 405 with `Allow: POST` and a zh-CN error in
 * the GraphQL shape, code BAD_REQUEST (as Apollo refuses other methods). A query in a URL ends up in proxy and
 * access logs and in caches (OWASP REST/GraphQL cheat sheets; GB/T 22239-2019 8.1.4.8 数据保密性). Elsewhere GET
 * stays (GraphQL over HTTP requires it) and is answered `no-store` like POST. OPTIONS is left to the stack.
 */
export function graphqlMethodGuard(config: AppConfig): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (config.graphql.getQueries || req.method === 'POST' || req.method === 'OPTIONS') return next();
    const { body } = httpErrorOf(req as HttpRequestWithContext, new AppError(ErrorCode.BAD_REQUEST, GET_REFUSED_MESSAGE, { method: req.method }), () => undefined);
    res.status(405).set('Allow', 'POST').json(body);
  };
}
