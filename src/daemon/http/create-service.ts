// The HTTP service (fastify 5): security headers and bearer-token checks on every request, role checks per
// route, a size limit on bodies, one JSON error shape, and metrics for every answer.

import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import type { Role } from '../config/daemon-config-schema.js';
import { badRequest, forbidden, notFound, unauthorized, urlError } from './api-errors.js';
import { registerOpsRoutes } from './routes-ops.js';
import { registerReportRoutes } from './routes-reports.js';
import { registerRunRoutes } from './routes-runs.js';
import type { ServiceDeps } from './service-deps.js';
import type { Principal } from './token-auth.js';
import { registerWebPage } from './web-page.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Roles allowed on the route; absent: the route is open (page, health, metrics). */
    roles?: readonly Role[];
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** Paths served without a token. Everything else, even an unknown path, needs one first. */
const OPEN_PATHS = new Set(['/', '/favicon.ico', '/healthz', '/readyz', '/metrics']);
/** Longest path parameter (a run id is far shorter). */
const MAX_PARAM_LENGTH = 200;

/** Build the service (not yet listening). */
export function createService(deps: ServiceDeps, opts: { pageHtml?: string } = {}): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: deps.bodyLimitBytes,
    requestTimeout: 30_000,
    return503OnClosing: true,
    // On shutdown (after the runs have drained) close every connection, including open progress streams and
    // idle keep-alive sockets, so SIGTERM ends the process promptly.
    forceCloseConnections: true,
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: MAX_PARAM_LENGTH },
    // A URL the router cannot decode (`/api/runs/%`) or a path segment over the limit gets our error shape,
    // not the framework's own body; the hooks have not run, so the security headers are set here too.
    frameworkErrors: (err, _req, reply) => {
      securityHeaders(reply);
      return urlError(
        reply,
        err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'too-long' : 'malformed',
        MAX_PARAM_LENGTH,
      );
    },
  });
  app.decorateRequest('principal', undefined);
  // Bodies are JSON only: anything else is a 400 naming `body`, not a string for the routes to puzzle over.
  app.removeContentTypeParser('text/plain');

  app.addHook('onRequest', async (req, reply) => {
    securityHeaders(reply);
    const path = req.url.split('?')[0] ?? '';
    if (OPEN_PATHS.has(path)) return;
    const auth = deps.auth.authenticate(req.headers.authorization);
    if (!auth.ok) return unauthorized(reply);
    req.principal = auth.principal;
    const roles = req.routeOptions.config.roles;
    if (roles && !roles.includes(auth.principal.role)) return forbidden(reply);
  });

  app.addHook('onResponse', async (req, reply) => {
    deps.metrics.httpRequests.inc({
      method: req.method,
      route: req.routeOptions.url ?? 'unmatched',
      code: String(reply.statusCode),
    });
    deps.logger.debug(
      { method: req.method, url: req.routeOptions.url, status: reply.statusCode, who: req.principal?.name },
      'http request',
    );
  });

  app.setNotFoundHandler((_req, reply) => notFound(reply));

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const status = err.statusCode ?? 500;
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).send({
        error: 'payload_too_large',
        message: `the request body is larger than ${deps.bodyLimitBytes} bytes`,
      });
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      const type =
        String(req.headers['content-type'] ?? '')
          .split(';')[0]
          ?.trim() || 'none';
      return badRequest(
        reply,
        'body',
        `expected a JSON object sent as application/json, got content type ${JSON.stringify(type.slice(0, 80))}`,
      );
    }
    if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      return reply.code(400).send({
        error: 'bad_request',
        field: 'body',
        message:
          err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? 'body: empty, expected JSON' : 'body: not valid JSON',
      });
    }
    if (status >= 400 && status < 500) {
      return reply.code(status).send({ error: 'bad_request', message: err.message });
    }
    deps.logger.error({ url: req.routeOptions.url, err: err.message }, 'http handler failed');
    return reply.code(500).send({ error: 'internal', message: 'internal error (see the daemon log)' });
  });

  registerWebPage(app, opts.pageHtml);
  registerOpsRoutes(app, deps);
  registerReportRoutes(app, deps);
  registerRunRoutes(app, deps);
  return app;
}

function securityHeaders(reply: FastifyReply): void {
  reply
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY')
    .header('cache-control', 'no-store');
}
