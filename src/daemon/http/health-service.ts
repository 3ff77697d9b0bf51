// The only HTTP a `--role worker` process serves: /healthz (the process answers) and /readyz (its store and
// Redis answer, it is not shutting down), so a container healthcheck works the same for every role. No API,
// no page, no tokens: a worker holds nothing a user asks for.

import Fastify, { type FastifyInstance } from 'fastify';
import type { Readiness } from './service-deps.js';

export function createHealthService(readiness: () => Promise<Readiness>): FastifyInstance {
  const app = Fastify({ logger: false });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const r = await readiness();
    return reply
      .code(r.ready ? 200 : 503)
      .send({ status: r.ready ? 'ready' : 'not ready', checks: r.checks });
  });
  return app;
}
