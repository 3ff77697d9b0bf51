// The HTTP service for real, on a loopback port, driven over HTTP: authentication and roles, a report
// requested and its progress watched, the bundle downloaded and verified, path traversal and oversized or
// malformed bodies refused, health, readiness and metrics.

import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  archiveContents,
  parsePemCertificates,
  TRIAL_KEY_FILE,
  verifyBundle,
} from '../../../src/bundle/index.js';
import type { RunView } from '../../../src/daemon/http/run-view.js';
import { startTestDaemon, type TestDaemon } from './daemon-fixture.js';

let t: TestDaemon;
let runId: string;
const seen: RunView[] = [];
/** A chat webhook stand-in: the first delivery is refused with 503, so the notifier must retry. */
let hook: Server;
const deliveries: { status: number; body: Record<string, unknown> }[] = [];

beforeAll(async () => {
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      const status = deliveries.length === 0 ? 503 : 200;
      deliveries.push({ status, body: JSON.parse(body) as Record<string, unknown> });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
  t = await startTestDaemon({ latencyMs: 120, bodyLimitBytes: 1024, webhook: { url, format: 'slack' } });
  // Every bucket readable by no one, so control 2 passes in the first run (the last test makes it fail).
  setCompliance(
    '333333333333',
    'us-east-1',
    'S3_BUCKET_PUBLIC_READ_PROHIBITED',
    'evidentia-demo-dev-shared-assets',
    'COMPLIANT',
  );
});
afterAll(async () => {
  await t?.close();
  await new Promise<void>((r) => hook.close(() => r()));
});

/** Change one resource's verdict under one Config rule in the emulator's world. */
function setCompliance(
  accountId: string,
  region: string,
  identifier: string,
  resourceId: string,
  compliance: 'COMPLIANT' | 'NON_COMPLIANT',
): void {
  const rule = t.emulator.world.region(accountId, region)?.rules.find((r) => r.identifier === identifier);
  const evaluation = rule?.evaluations.find((e) => e.resourceId === resourceId);
  if (!evaluation)
    throw new Error(`no evaluation of ${resourceId} under ${identifier} in ${accountId} ${region}`);
  evaluation.compliance = compliance;
}

/** Request a report of the test profile and wait until it has ended. */
async function runReport(): Promise<RunView> {
  const r = await call('/api/reports', { token: t.officer, method: 'POST', body: '{"profile":"svc"}' });
  expect(r.status).toBe(202);
  const { runId: id } = (await r.json()) as { runId: string };
  for (;;) {
    const view = (await (await call(`/api/runs/${id}`, { token: t.officer })).json()) as RunView;
    if (view.status !== 'running') return view;
    await new Promise((res) => setTimeout(res, 25));
  }
}

function call(path: string, opts: { token?: string; method?: string; body?: string; type?: string } = {}) {
  return fetch(`${t.url}${path}`, {
    method: opts.method ?? 'GET',
    headers: {
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.body !== undefined ? { 'content-type': opts.type ?? 'application/json' } : {}),
    },
    ...(opts.body !== undefined ? { body: opts.body } : {}),
  });
}

/** A request sent exactly as written (fetch would normalise `..` away). */
function raw(path: string, token: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(t.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: hostname, port, path, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        let body = '';
        res.on('data', (d) => {
          body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('authentication', () => {
  it('answers 401 and nothing else without a token, with a wrong one, or for an unknown path', async () => {
    for (const r of [
      await call('/api/runs'),
      await call('/api/runs', { token: 'evd_wrong' }),
      await call('/api/profiles', { token: `${t.officer}x` }),
      await call('/api/no-such-route'),
      await fetch(`${t.url}/api/runs`, { headers: { authorization: `Basic ${t.officer}` } }),
    ]) {
      expect(r.status).toBe(401);
      expect(r.headers.get('www-authenticate')).toBe('Bearer realm="evidentia"');
      expect(await r.json()).toEqual({ error: 'unauthorized' });
    }
  });

  it('answers 403 and nothing else for the wrong role', async () => {
    const r = await call('/api/reports', { token: t.auditor, method: 'POST', body: '{"profile":"svc"}' });
    expect(r.status).toBe(403);
    expect(await r.json()).toEqual({ error: 'forbidden' });
    expect(t.daemon.manager.activeRuns()).toEqual([]);
  });

  it('lets both roles list profiles, and says who is signed in', async () => {
    const r = await call('/api/profiles', { token: t.auditor });
    expect(r.status).toBe(200);
    const body = (await r.json()) as { session: unknown; profiles: { id: string }[] };
    expect(body.session).toEqual({ name: 'audrey', role: 'auditor' });
    expect(body.profiles.map((p) => p.id)).toEqual(['svc']);
  });
});

describe('a report requested over HTTP', () => {
  it('starts with 202 and a run id, refuses a second run of the profile with 409, and reports progress', async () => {
    const r = await call('/api/reports', { token: t.officer, method: 'POST', body: '{"profile":"svc"}' });
    expect(r.status).toBe(202);
    const started = (await r.json()) as { runId: string; status: string };
    runId = started.runId;
    expect(started.status).toBe('running');
    expect(r.headers.get('location')).toBe(`/api/runs/${runId}`);

    const again = await call('/api/reports', { token: t.officer, method: 'POST', body: '{"profile":"svc"}' });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: 'busy', runId });

    for (;;) {
      const view = (await (await call(`/api/runs/${runId}`, { token: t.auditor })).json()) as RunView;
      seen.push(view);
      if (view.status !== 'running') break;
      await new Promise((res) => setTimeout(res, 25));
    }
    const last = seen[seen.length - 1]!;
    expect(last.status).toBe('completed');
    expect(last.requestedBy).toBe('olivia');
    expect(last.files).toEqual({ bundle: true, pdf: true, html: true });
    const collecting = seen.filter((v) => v.status === 'running' && v.progress?.phase === 'collect');
    expect(collecting.length).toBeGreaterThan(0);
    expect(
      collecting.some((v) => v.progress!.tasksTotal > 0 && v.progress!.tasksDone < v.progress!.tasksTotal),
    ).toBe(true);
    const done = seen.map((v) => v.progress?.tasksDone ?? 0);
    expect(done).toEqual([...done].sort((a, b) => a - b));
  }, 60_000);

  it('serves the bundle to an auditor, and it verifies', async () => {
    const r = await call(`/api/runs/${runId}/bundle`, { token: t.auditor });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/gzip');
    expect(r.headers.get('content-disposition')).toBe(`attachment; filename="${runId}.tar.gz"`);
    const file = join(await mkdtemp(join(tmpdir(), 'evidentia-dl-')), 'bundle.tar.gz');
    await writeFile(file, Buffer.from(await r.arrayBuffer()));
    const trialKey = await readFile(join(t.stateDir, 'keys', TRIAL_KEY_FILE), 'utf8');
    const report = await verifyBundle(await archiveContents(file), { trust: parsePemCertificates(trialKey) });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.runId).toBe(runId);

    // This daemon has no trust anchors configured: intact, but the signer is not verified, so not ok.
    const v = await call(`/api/runs/${runId}/verify`, { token: t.auditor });
    expect(await v.json()).toMatchObject({ ok: false, integrity: true, trust: 'not-verified', runId });
  });

  it('signs with the trial key in its state folder, not in the working directory (issue 11)', async () => {
    const key = await readFile(join(t.stateDir, 'keys', 'trial-signer.pem'), 'utf8');
    const signer = await readFile(join(t.outDir, 'svc', runId, 'signer.pem'), 'utf8');
    expect(key).toContain(signer.trim());
  });

  it('serves the PDF and HTML to officers only', async () => {
    const pdf = await call(`/api/runs/${runId}/report.pdf`, { token: t.officer });
    expect(pdf.status).toBe(200);
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const html = await call(`/api/runs/${runId}/report.html`, { token: t.officer });
    expect(await html.text()).toContain('<html');
    expect((await call(`/api/runs/${runId}/report.pdf`, { token: t.auditor })).status).toBe(403);
  });

  it('announces the finished run on the webhook, retrying a refused delivery', async () => {
    for (let i = 0; i < 200 && deliveries.length < 2; i++) await new Promise((r) => setTimeout(r, 25));
    expect(deliveries.map((d) => d.status)).toEqual([503, 200]);
    const text = String(deliveries[1]!.body.text);
    expect(text).toBe(`Evidentia: Service test (Example Service Org), run ${runId} completed`);
    expect(JSON.stringify(deliveries[1]!.body.blocks)).toContain('First recorded run of this profile.');
  });

  it('lists the run in the history with its counts, and its attestations awaiting their owner', async () => {
    const list = (await (await call('/api/runs?profile=svc', { token: t.officer })).json()) as {
      runs: RunView[];
    };
    expect(list.runs.map((r) => r.runId)).toEqual([runId]);
    expect(list.runs[0]!.frameworks[0]).toMatchObject({ id: 'svc-framework', controls: 3 });
    const a = (await (await call(`/api/runs/${runId}/attestations`, { token: t.officer })).json()) as {
      attestations: { controlId: string; status: string; ownerContact: string }[];
    };
    expect(a.attestations).toEqual([
      expect.objectContaining({
        controlId: '3',
        status: 'MANUAL',
        owner: 'security-officer',
        ownerContact: 'ciso@example.org',
      }),
    ]);
  });
});

describe('requests that are refused', () => {
  it('refuses run ids that try to leave the output folder', async () => {
    for (const path of [
      '/api/runs/..%2F..%2F..%2Fetc%2Fpasswd/bundle',
      '/api/runs/%2e%2e/report.pdf',
      '/api/runs/..%2Fsvc/report.html',
      `/api/runs/${'a'.repeat(300)}`,
    ]) {
      const r = await raw(path, t.officer);
      expect(r.status, path).toBeGreaterThanOrEqual(400);
      expect(r.status, path).toBeLessThan(500);
      expect(r.body).not.toContain('root:');
    }
    const r = await raw('/api/runs/..%2F..%2Fetc%2Fpasswd/bundle', t.officer);
    expect(JSON.parse(r.body)).toEqual({
      error: 'bad_request',
      field: 'id',
      message: 'id: expected a run id such as 20261129T020000Z-3f9a1c',
    });
    const dots = await raw('/api/runs/../../../../etc/passwd', t.officer);
    expect(dots.status).toBe(404);
    expect(dots.body).not.toContain('root:');
  });

  it('refuses an oversized body with 413', async () => {
    const r = await call('/api/reports', {
      token: t.officer,
      method: 'POST',
      body: JSON.stringify({ profile: 'svc', padding: 'x'.repeat(4096) }),
    });
    expect(r.status).toBe(413);
    expect(await r.json()).toEqual({
      error: 'payload_too_large',
      message: 'the request body is larger than 1024 bytes',
    });
  });

  it('refuses malformed and invalid bodies with a 400 naming the field', async () => {
    const cases: [string, string | undefined, unknown][] = [
      ['{"profile":', undefined, { field: 'body', message: 'body: not valid JSON' }],
      ['{}', undefined, { field: 'profile' }],
      ['{"profile":42}', undefined, { field: 'profile', message: 'profile: expected a profile id (string)' }],
      ['{"profile":"../../etc"}', undefined, { field: 'profile' }],
      [
        '{"profile":"nope"}',
        undefined,
        { field: 'profile', message: "profile: unknown profile 'nope' (known: svc)" },
      ],
      ['{"profile":"svc","extra":1}', undefined, { field: 'extra', message: 'extra: unknown field' }],
      ['[1,2]', undefined, { field: 'body' }],
    ];
    for (const [body, type, expected] of cases) {
      const r = await call('/api/reports', {
        token: t.officer,
        method: 'POST',
        body,
        ...(type ? { type } : {}),
      });
      expect(r.status, body).toBe(400);
      expect(await r.json(), body).toMatchObject({ error: 'bad_request', ...(expected as object) });
    }
    expect((await call('/api/runs?limit=9999', { token: t.officer })).status).toBe(400);
    expect(await (await call('/api/runs?profile=svc&sort=x', { token: t.officer })).json()).toMatchObject({
      field: 'query.sort',
    });
    const xml = await call('/api/reports', {
      token: t.officer,
      method: 'POST',
      body: '<x/>',
      type: 'application/xml',
    });
    expect(xml.status).toBe(400);
    expect(await xml.json()).toMatchObject({ error: 'bad_request', field: 'body' });
  });

  it('answers 404 for a well-formed id that is not a run', async () => {
    const r = await call('/api/runs/20200101T000000Z-000000/bundle', { token: t.officer });
    expect(r.status).toBe(404);
  });
});

describe('operations endpoints', () => {
  it('serves health, readiness and Prometheus metrics without a token', async () => {
    expect(await (await call('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await call('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      checks: { store: 'ok', schedules: 'ok', accepting: 'ok' },
    });
    const metrics = await call('/metrics');
    expect(metrics.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await metrics.text();
    expect(text).toContain('evidentia_runs_total{profile="svc",status="completed"} 1');
    expect(text).toMatch(/evidentia_aws_api_calls_total\{profile="svc"\} [1-9]\d*/);
    expect(text).toMatch(/evidentia_findings\{profile="svc",status="FAIL"\} [1-9]/);
    expect(text).toContain('evidentia_http_requests_total{method="POST",route="/api/reports",code="413"} 1');
  });

  it('serves the web page with a nonce-based content security policy', async () => {
    const r = await call('/');
    const csp = r.headers.get('content-security-policy') ?? '';
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("default-src 'none'");
    const html = await r.text();
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(html).not.toMatch(/(src|href)="https?:/);
  });
});

describe('the history section of a report made by the daemon', () => {
  it('shows the trend and what changed since the previous run: a control newly failing, a new failing resource', async () => {
    t.emulator.faults.setLatency(0);
    setCompliance(
      '222222222222',
      'us-east-1',
      'S3_BUCKET_PUBLIC_READ_PROHIBITED',
      'evidentia-demo-prod-patient-records',
      'NON_COMPLIANT',
    );
    const second = await runReport();
    expect(second.status).toBe('completed');

    const html = await (await call(`/api/runs/${second.runId}/report.html`, { token: t.officer })).text();
    const section = /<section id="history"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    expect(section).not.toBe('');
    // The trend: the first run and this one.
    expect(section.match(/<circle /g)).toHaveLength(2);
    expect(section).toContain(runId);
    const failing = /Newly failing \((\d+)\)<\/h3>\s*<ul class="briefs">([\s\S]*?)<\/ul>/.exec(section);
    expect(failing?.[1]).toBe('1');
    expect(failing?.[2]).toContain('Buckets refuse public reads');
    expect(section).toContain('New failing resources (1)');
    expect(section).toContain('<code>evidentia-demo-prod-patient-records</code>');
    expect(section).not.toContain('evidentia-demo-dev-shared-assets');

    // The store says the same, and the webhook announced the regression.
    const diff = await t.daemon.store.diff(runId, second.runId);
    expect(diff.newlyFailing).toEqual([{ frameworkId: 'svc-framework', controlId: '2' }]);
    for (let i = 0; i < 200 && deliveries.length < 3; i++) await new Promise((r) => setTimeout(r, 25));
    expect(JSON.stringify(deliveries[2]?.body)).toContain('Buckets refuse public reads');
  }, 60_000);
});
