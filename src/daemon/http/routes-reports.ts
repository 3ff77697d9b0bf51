// Report routes: the profiles one may run (with schedule, running run and last run), and the request for a
// report now (officers only): 202 with the run id, 409 while the profile's previous run is still going.

import type { FastifyInstance } from 'fastify';
import { NotFoundError, RunError } from '../../core/errors.js';
import { NotAcceptingError, ProfileBusyError } from '../run-manager.js';
import { badRequest, badRequestFromZod } from './api-errors.js';
import { reportRequestSchema } from './request-schemas.js';
import type { ServiceDeps } from './service-deps.js';

/** Register `/api/profiles` and `/api/reports`. */
export function registerReportRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  app.get('/api/profiles', { config: { roles: ['officer', 'auditor'] } }, async (req) => {
    const profiles = [];
    for (const p of deps.manager.profiles()) {
      const running = deps.manager.runningFor(p.id);
      const [last] = await deps.store.list({ profileId: p.id, limit: 1 });
      const next = deps.nextRun(p.id);
      profiles.push({
        id: p.id,
        name: p.name,
        organization: p.organization.name,
        frameworks: [...p.frameworks, ...(p.industryFramework ? [p.industryFramework.id] : [])],
        nextRun: next ? next.toISOString() : null,
        running: running ? { runId: running.runId, progress: running.progress } : null,
        lastRun:
          last && !(running && last.runId === running.runId)
            ? { runId: last.runId, status: last.status, finishedAt: last.finishedAt ?? null }
            : null,
      });
    }
    return { session: req.principal ?? null, profiles };
  });

  app.post('/api/reports', { config: { roles: ['officer'] } }, async (req, reply) => {
    if (
      req.body === undefined ||
      req.body === null ||
      typeof req.body !== 'object' ||
      Array.isArray(req.body)
    ) {
      return badRequest(reply, 'body', 'expected a JSON object such as {"profile": "healthcare"}');
    }
    const parsed = reportRequestSchema.safeParse(req.body);
    if (!parsed.success) return badRequestFromZod(reply, parsed.error);
    try {
      const run = await deps.manager.start(parsed.data.profile, {
        trigger: 'api',
        ...(req.principal ? { requestedBy: req.principal.name } : {}),
      });
      const id = encodeURIComponent(run.runId);
      return reply
        .code(202)
        .header('location', `/api/runs/${id}`)
        .send({ runId: run.runId, status: 'running', links: { self: `/api/runs/${id}` } });
    } catch (err) {
      if (err instanceof NotFoundError) {
        const known = deps.manager.profiles().map((p) => p.id);
        return badRequest(
          reply,
          'profile',
          `unknown profile '${parsed.data.profile}' (known: ${known.join(', ')})`,
        );
      }
      if (err instanceof ProfileBusyError) {
        return reply.code(409).send({ error: 'busy', message: err.message, runId: err.runningRunId });
      }
      if (err instanceof RunError && err.code === 'CLUSTER_UNAVAILABLE') {
        // The cluster lock cannot be taken, so starting would risk a second run elsewhere.
        return reply.code(503).send({ error: 'cluster_unavailable', message: err.message });
      }
      if (err instanceof NotAcceptingError) {
        return reply.code(503).send({ error: 'shutting_down', message: err.message });
      }
      throw err;
    }
  });
}
