// The daemon's verify route under load, for real on a loopback port: configured trust anchors make `ok`
// mean a verified signer; 200 verify requests in flight leave /healthz and /readyz answering in under
// 100 ms; the result is cached per archive; a token over its budget of expensive requests gets 429.

import { spawn } from 'node:child_process';
import { utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunView } from '../../../src/daemon/http/run-view.js';
import { startTestDaemon, type TestDaemon } from './daemon-fixture.js';

let t: TestDaemon;
let run: RunView;
const EXPENSIVE_PER_MINUTE = 260;

beforeAll(async () => {
  t = await startTestDaemon({
    // The daemon signs with the trial key (no signing block in the test profile): that is the anchor.
    trustTrialKey: true,
    expensivePerMinute: EXPENSIVE_PER_MINUTE,
  });
  const r = await call('/api/reports', { token: t.officer, method: 'POST', body: '{"profile":"svc"}' });
  expect(r.status).toBe(202);
  const { runId } = (await r.json()) as { runId: string };
  for (;;) {
    run = (await (await call(`/api/runs/${runId}`, { token: t.officer })).json()) as RunView;
    if (run.status !== 'running') break;
    await new Promise((res) => setTimeout(res, 25));
  }
  expect(run.status).toBe('completed');
}, 120_000);
afterAll(async () => {
  await t?.close();
});

/** Sends 200 verify requests at once and prints how many were in flight together and what came back. */
const BURST = `
let inFlight = 0, most = 0;
const one = async () => {
  inFlight++; most = Math.max(most, inFlight);
  try {
    const r = await fetch(process.env.URL, { headers: { authorization: 'Bearer ' + process.env.TOKEN } });
    const body = await r.json();
    return { status: r.status, ok: body.ok === true };
  } finally { inFlight--; }
};
const results = await Promise.all(Array.from({ length: 200 }, one));
console.log(JSON.stringify({ inFlight: most, statuses: results.map((r) => r.status), ok: results.filter((r) => r.ok).length }));
`;

function call(path: string, opts: { token?: string; method?: string; body?: string } = {}) {
  return fetch(`${t.url}${path}`, {
    method: opts.method ?? 'GET',
    headers: {
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(opts.body !== undefined ? { body: opts.body } : {}),
  });
}

describe('GET /api/runs/:id/verify', () => {
  it('verifies the signer against the configured anchors', async () => {
    const r = await call(`/api/runs/${run.runId}/verify`, { token: t.auditor });
    expect(r.status).toBe(200);
    const report = (await r.json()) as Record<string, unknown>;
    expect(report).toMatchObject({
      ok: true,
      integrity: true,
      trust: 'verified',
      runId: run.runId,
      problems: [],
    });
  });

  it('keeps /healthz and /readyz under 100 ms while 200 verify requests are in flight', async () => {
    // A new modification time makes the archive a cache miss, so the burst starts a real verification.
    const archive = join(t.outDir, 'svc', `${run.runId}.tar.gz`);
    const now = new Date();
    await utimes(archive, now, now);
    // The 200 requests come from another process (as from other clients), so the probes below time the
    // daemon, not this process's own HTTP client.
    const burst = spawn(process.execPath, ['--input-type=module', '-e', BURST], {
      env: { ...process.env, URL: `${t.url}/api/runs/${run.runId}/verify`, TOKEN: t.auditor },
    });
    let out = '';
    burst.stdout.on('data', (d) => {
      out += d;
    });
    let done = false;
    const exited = new Promise<number | null>((resolve) =>
      burst.on('close', (code) => {
        done = true;
        resolve(code);
      }),
    );
    const health: { ms: number; status: number }[] = [];
    while (!done) {
      for (const path of ['/healthz', '/readyz']) {
        const start = performance.now();
        const r = await call(path);
        await r.arrayBuffer();
        health.push({ ms: performance.now() - start, status: r.status });
      }
      await new Promise((res) => setTimeout(res, 5));
    }
    expect(await exited).toBe(0);
    const result = JSON.parse(out) as { inFlight: number; statuses: number[]; ok: number };
    expect(result.inFlight).toBe(200);
    expect(result.statuses.every((s) => s === 200)).toBe(true);
    expect(result.ok).toBe(200);
    expect(health.length).toBeGreaterThanOrEqual(4);
    expect(health.every((h) => h.status === 200)).toBe(true);
    const worst = Math.max(...health.map((h) => h.ms));
    console.log(
      `health probes: ${health.length}, worst ${worst.toFixed(1)} ms during 200 verify requests:`,
      health.map((h) => h.ms.toFixed(0)).join(' '),
    );
    expect(worst).toBeLessThan(100);
  }, 60_000);

  it('answers 429 with Retry-After once a token has spent its budget of expensive requests', async () => {
    // A burst larger than the whole budget (the result is cached, so each request is cheap to serve).
    const burst = await Promise.all(
      Array.from({ length: EXPENSIVE_PER_MINUTE + 40 }, async () => {
        const r = await call(`/api/runs/${run.runId}/verify`, { token: t.auditor });
        const body = (await r.json()) as { error?: string };
        return { status: r.status, retryAfter: r.headers.get('retry-after'), error: body.error };
      }),
    );
    const refused = burst.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(40);
    expect(refused.every((r) => r.error === 'rate_limited' && Number(r.retryAfter) >= 1)).toBe(true);
    expect(burst.filter((r) => r.status !== 429).every((r) => r.status === 200)).toBe(true);
    // Another token has its own budget.
    const bundle = await call(`/api/runs/${run.runId}/bundle`, { token: t.officer });
    expect(bundle.status).toBe(200);
    await bundle.arrayBuffer();
  }, 60_000);
});
