// Run routes: the history, one run with its progress, its files (bundle, PDF, HTML), its verification and
// its attestations. Ids are checked against the run-id pattern and every file must resolve inside the
// output folder, so no request can reach a path outside it.

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { isRunId } from '../../pipeline/run-id.js';
import type { RunRecord } from '../../store/run-store.js';
import { readRunAttestations } from '../run-attestations.js';
import { realPathInside } from '../safe-path.js';
import { badRequest, badRequestFromZod, notFound } from './api-errors.js';
import { runListQuerySchema } from './request-schemas.js';
import { runView } from './run-view.js';
import type { ServiceDeps } from './service-deps.js';

const BOTH = ['officer', 'auditor'] as const;
const OFFICER = ['officer'] as const;

interface IdParams {
  id: string;
}

/** Register the run routes. */
export function registerRunRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  app.get('/api/runs', { config: { roles: BOTH } }, async (req, reply) => {
    const q = runListQuerySchema.safeParse(req.query);
    if (!q.success) return badRequestFromZod(reply, q.error, 'query');
    const records = await deps.store.list({
      ...(q.data.profile ? { profileId: q.data.profile } : {}),
      ...(q.data.status ? { status: q.data.status } : {}),
      limit: q.data.limit,
    });
    return { runs: records.map((r) => runView(r, deps.manager.active(r.runId))) };
  });

  app.get<{ Params: IdParams }>('/api/runs/:id', { config: { roles: BOTH } }, async (req, reply) => {
    const id = req.params.id;
    if (!isRunId(id)) return badRunId(reply);
    const view = runView(await deps.store.get(id), deps.manager.active(id));
    return view ?? notFound(reply, `no run ${id}`);
  });

  const expensive = { config: { roles: BOTH }, preHandler: deps.expensive.preHandler };

  app.get<{ Params: IdParams }>('/api/runs/:id/bundle', expensive, async (req, reply) => {
    const run = await finishedRun(req.params.id, reply);
    if (!run) return reply;
    if (!run.archive) return notFound(reply, 'this run has no bundle archive');
    return sendFile(reply, run.archive, 'application/gzip', `${run.runId}.tar.gz`);
  });

  // The officers' reports, one route per format.
  for (const [file, type] of [
    ['report.pdf', 'application/pdf'],
    ['report.html', 'text/html; charset=utf-8'],
  ] as const) {
    app.get<{ Params: IdParams }>(
      `/api/runs/:id/${file}`,
      { config: { roles: OFFICER } },
      async (req, reply) => {
        const run = await finishedRun(req.params.id, reply);
        if (!run) return reply;
        return sendFile(reply, join(run.dir!, 'reports', file), type, `${run.runId}-${file}`);
      },
    );
  }

  // The same rules as `evidentia verify`, against the daemon's configured trust anchors: `ok` only with a
  // verified signer. Cached per archive and bounded (RunVerifier), rate-limited per token.
  app.get<{ Params: IdParams }>('/api/runs/:id/verify', expensive, async (req, reply) => {
    const run = await finishedRun(req.params.id, reply);
    if (!run) return reply;
    const archive = run.archive ? await realPathInside(deps.outDir, run.archive) : undefined;
    if (!archive) return notFound(reply, 'this run has no bundle archive');
    return deps.verifier.verify(archive);
  });

  app.get<{ Params: IdParams }>(
    '/api/runs/:id/attestations',
    { config: { roles: OFFICER } },
    async (req, reply) => {
      const run = await finishedRun(req.params.id, reply);
      if (!run) return reply;
      const dir = await realPathInside(deps.outDir, run.dir!);
      if (!dir) return notFound(reply, 'the run folder is gone');
      return { runId: run.runId, attestations: await readRunAttestations(dir) };
    },
  );

  /** The record of a completed run whose files are still there; otherwise answers and returns undefined. */
  async function finishedRun(id: string, reply: FastifyReply): Promise<RunRecord | undefined> {
    if (!isRunId(id)) {
      badRunId(reply);
      return undefined;
    }
    const run = await deps.store.get(id);
    if (!run && !deps.manager.active(id)) {
      notFound(reply, `no run ${id}`);
      return undefined;
    }
    if (run?.status !== 'completed' || !run.dir || deps.manager.active(id)) {
      reply
        .code(409)
        .send({ error: 'not_ready', message: `run ${id} is ${run?.status ?? 'running'}; it has no files` });
      return undefined;
    }
    if (run.prunedAt) {
      reply
        .code(410)
        .send({ error: 'gone', message: `the files of run ${id} were deleted by the retention policy` });
      return undefined;
    }
    return run;
  }

  async function sendFile(
    reply: FastifyReply,
    path: string,
    type: string,
    name: string,
  ): Promise<FastifyReply> {
    const real = await realPathInside(deps.outDir, path);
    const info = real ? await stat(real).catch(() => undefined) : undefined;
    if (!real || !info?.isFile()) return notFound(reply, 'file not found');
    return reply
      .header('content-type', type)
      .header('content-length', info.size)
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(createReadStream(real));
  }
}

function badRunId(reply: FastifyReply): FastifyReply {
  return badRequest(reply, 'id', 'expected a run id such as 20261129T020000Z-3f9a1c');
}
