// The Prometheus exposition: counters, the duration histogram, and per-profile gauges of the latest run.

import { describe, expect, it } from 'vitest';
import { emptyCounts } from '../../../src/core/status.js';
import { DaemonMetrics, labelText } from '../../../src/daemon/metrics.js';

describe('DaemonMetrics', () => {
  it('writes runs, durations, API counters and the latest run of each profile', () => {
    const m = new DaemonMetrics();
    m.runFinished('healthcare', 'completed', 42_000, { apiCalls: 368, retries: 2, throttles: 1, errors: 0 });
    m.runFinished('healthcare', 'failed', 1_000);
    m.httpRequests.inc({ method: 'GET', route: '/api/runs/:id', code: '200' });
    const text = m.render({
      activeRuns: [{ profileId: 'retail' }],
      ready: true,
      latestRuns: [
        {
          runId: 'r',
          profileId: 'healthcare',
          profileName: 'H',
          startedAt: '2026-11-29T02:00:00.000Z',
          finishedAt: '2026-11-29T02:01:00.000Z',
          status: 'completed',
          findings: { ...emptyCounts(), PASS: 10, FAIL: 2 },
          frameworks: [
            {
              frameworkId: 'hipaa-security',
              name: 'HIPAA',
              version: '1',
              controls: 5,
              metRatio: 0.4,
              counts: { ...emptyCounts(), PASS: 2, FAIL: 3 },
            },
          ],
        },
      ],
    });
    const lines = text.split('\n');
    expect(lines).toContain('# TYPE evidentia_runs_total counter');
    expect(lines).toContain('evidentia_runs_total{profile="healthcare",status="completed"} 1');
    expect(lines).toContain('evidentia_runs_total{profile="healthcare",status="failed"} 1');
    expect(lines).toContain(
      'evidentia_run_duration_seconds_bucket{profile="healthcare",status="completed",le="30"} 0',
    );
    expect(lines).toContain(
      'evidentia_run_duration_seconds_bucket{profile="healthcare",status="completed",le="60"} 1',
    );
    expect(lines).toContain('evidentia_run_duration_seconds_sum{profile="healthcare",status="completed"} 42');
    expect(lines).toContain('evidentia_aws_api_calls_total{profile="healthcare"} 368');
    expect(lines).toContain('evidentia_aws_throttles_total{profile="healthcare"} 1');
    expect(lines).toContain('evidentia_findings{profile="healthcare",status="FAIL"} 2');
    expect(lines).toContain(
      'evidentia_controls{profile="healthcare",framework="hipaa-security",status="FAIL"} 3',
    );
    expect(lines).toContain(
      'evidentia_framework_met_ratio{profile="healthcare",framework="hipaa-security"} 0.4',
    );
    expect(lines).toContain('evidentia_runs_in_progress{profile="retail"} 1');
    expect(lines).toContain('evidentia_http_requests_total{method="GET",route="/api/runs/:id",code="200"} 1');
    expect(text.endsWith('\n')).toBe(true);
    // Every sample line belongs to a family declared before it.
    const declared = new Set(lines.filter((l) => l.startsWith('# TYPE ')).map((l) => l.split(' ')[2]));
    for (const l of lines.filter((x) => x && !x.startsWith('#'))) {
      const name = l.split(/[{ ]/)[0]!.replace(/_(bucket|sum|count)$/, '');
      expect(declared.has(name) || declared.has(l.split(/[{ ]/)[0]!)).toBe(true);
    }
  });

  it('escapes label values', () => {
    expect(labelText({ a: 'x"y\\z\nw' })).toBe('{a="x\\"y\\\\z\\nw"}');
  });
});
