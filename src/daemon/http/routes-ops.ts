// Operations routes, open without a token: /healthz (the process answers), /readyz (store reachable,
// schedules loaded, not shutting down) and /metrics (Prometheus text format).

import type { FastifyInstance } from 'fastify';
import type { RunRecord } from '../../store/run-store.js';
import type { ServiceDeps } from './service-deps.js';

/** Register the operations routes. */
export function registerOpsRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_req, reply) => {
    const r = await deps.readiness();
    return reply
      .code(r.ready ? 200 : 503)
      .send({ status: r.ready ? 'ready' : 'not ready', checks: r.checks });
  });

  app.get('/metrics', async (_req, reply) => {
    const latest: RunRecord[] = [];
    for (const p of deps.manager.profiles()) {
      const r = await deps.store.previousCompleted(p.id).catch(() => undefined);
      if (r) latest.push(r);
    }
    const { ready } = await deps.readiness();
    return reply
      .header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
      .send(deps.metrics.render({ activeRuns: deps.manager.activeRuns(), latestRuns: latest, ready }));
  });
}
