// The daemon's Prometheus metrics, written in the text exposition format (version 0.0.4) without a client
// library: runs by status, run duration, AWS API calls, retries and throttles, findings and controls by
// status of each profile's latest run, scheduled ticks, HTTP requests and webhook deliveries.

import { STATUSES } from '../core/status.js';
import type { RunRecord } from '../store/run-store.js';

type Labels = Record<string, string>;

/** Upper bounds of the run-duration histogram, in seconds. */
const DURATION_BUCKETS = [5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200];

class Counter {
  private readonly values = new Map<string, { labels: Labels; value: number }>();

  inc(labels: Labels, by = 1): void {
    const key = labelText(labels);
    const v = this.values.get(key);
    if (v) v.value += by;
    else this.values.set(key, { labels, value: by });
  }

  samples(): { labels: Labels; value: number }[] {
    return [...this.values.values()];
  }
}

class Histogram {
  private readonly series = new Map<
    string,
    { labels: Labels; buckets: number[]; sum: number; count: number }
  >();

  observe(labels: Labels, value: number): void {
    const key = labelText(labels);
    let s = this.series.get(key);
    if (!s) {
      s = { labels, buckets: DURATION_BUCKETS.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    DURATION_BUCKETS.forEach((le, i) => {
      if (value <= le) s.buckets[i]! += 1;
    });
    s.sum += value;
    s.count += 1;
  }

  lines(name: string): string[] {
    const out: string[] = [];
    for (const s of this.series.values()) {
      DURATION_BUCKETS.forEach((le, i) => {
        out.push(`${name}_bucket${labelText({ ...s.labels, le: String(le) })} ${s.buckets[i]}`);
      });
      out.push(`${name}_bucket${labelText({ ...s.labels, le: '+Inf' })} ${s.count}`);
      out.push(`${name}_sum${labelText(s.labels)} ${s.sum}`);
      out.push(`${name}_count${labelText(s.labels)} ${s.count}`);
    }
    return out;
  }
}

/** What the exposition reads at scrape time. */
export interface MetricsSnapshot {
  activeRuns: { profileId: string }[];
  /** The newest completed run of each profile. */
  latestRuns: RunRecord[];
  ready: boolean;
}

export class DaemonMetrics {
  readonly runs = new Counter();
  readonly runDuration = new Histogram();
  readonly apiCalls = new Counter();
  readonly apiRetries = new Counter();
  readonly apiThrottles = new Counter();
  readonly apiErrors = new Counter();
  readonly scheduleTicks = new Counter();
  readonly httpRequests = new Counter();
  readonly webhooks = new Counter();

  /** Record a finished run. */
  runFinished(
    profileId: string,
    status: string,
    durationMs: number,
    stats?: { apiCalls: number; retries: number; throttles: number; errors: number },
  ): void {
    this.runs.inc({ profile: profileId, status });
    this.runDuration.observe({ profile: profileId, status }, durationMs / 1000);
    if (stats) {
      this.apiCalls.inc({ profile: profileId }, stats.apiCalls);
      this.apiRetries.inc({ profile: profileId }, stats.retries);
      this.apiThrottles.inc({ profile: profileId }, stats.throttles);
      this.apiErrors.inc({ profile: profileId }, stats.errors);
    }
  }

  /** The exposition text. */
  render(snapshot: MetricsSnapshot): string {
    const out: string[] = [];
    const family = (name: string, type: string, help: string, lines: string[]) => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...lines);
    };
    const counterLines = (name: string, c: Counter) =>
      c.samples().map((s) => `${name}${labelText(s.labels)} ${s.value}`);
    family('evidentia_up', 'gauge', '1 while the daemon runs.', ['evidentia_up 1']);
    family('evidentia_ready', 'gauge', '1 when the run store is reachable and the schedules are loaded.', [
      `evidentia_ready ${snapshot.ready ? 1 : 0}`,
    ]);
    family(
      'evidentia_runs_total',
      'counter',
      'Runs ended since the daemon started, by profile and status.',
      counterLines('evidentia_runs_total', this.runs),
    );
    family(
      'evidentia_run_duration_seconds',
      'histogram',
      'Wall time of runs, by profile and status.',
      this.runDuration.lines('evidentia_run_duration_seconds'),
    );
    const active = new Map<string, number>();
    for (const r of snapshot.activeRuns) active.set(r.profileId, (active.get(r.profileId) ?? 0) + 1);
    family(
      'evidentia_runs_in_progress',
      'gauge',
      'Runs in progress, by profile.',
      [...active].map(([p, n]) => `evidentia_runs_in_progress${labelText({ profile: p })} ${n}`),
    );
    family(
      'evidentia_aws_api_calls_total',
      'counter',
      'AWS API calls made by finished runs.',
      counterLines('evidentia_aws_api_calls_total', this.apiCalls),
    );
    family(
      'evidentia_aws_retries_total',
      'counter',
      'Extra attempts after retryable AWS errors.',
      counterLines('evidentia_aws_retries_total', this.apiRetries),
    );
    family(
      'evidentia_aws_throttles_total',
      'counter',
      'AWS calls answered with throttling.',
      counterLines('evidentia_aws_throttles_total', this.apiThrottles),
    );
    family(
      'evidentia_aws_errors_total',
      'counter',
      'AWS calls that failed after every retry.',
      counterLines('evidentia_aws_errors_total', this.apiErrors),
    );
    const findings: string[] = [];
    const controls: string[] = [];
    const met: string[] = [];
    const finished: string[] = [];
    for (const r of snapshot.latestRuns) {
      for (const status of STATUSES) {
        if (r.findings)
          findings.push(
            `evidentia_findings${labelText({ profile: r.profileId, status })} ${r.findings[status]}`,
          );
      }
      for (const f of r.frameworks ?? []) {
        for (const status of STATUSES) {
          controls.push(
            `evidentia_controls${labelText({ profile: r.profileId, framework: f.frameworkId, status })} ${f.counts[status]}`,
          );
        }
        met.push(
          `evidentia_framework_met_ratio${labelText({ profile: r.profileId, framework: f.frameworkId })} ${f.metRatio}`,
        );
      }
      if (r.finishedAt)
        finished.push(
          `evidentia_last_completed_run_timestamp_seconds${labelText({ profile: r.profileId })} ${Date.parse(r.finishedAt) / 1000}`,
        );
    }
    family(
      'evidentia_findings',
      'gauge',
      "Findings by status in each profile's latest completed run.",
      findings,
    );
    family(
      'evidentia_controls',
      'gauge',
      "Controls by status, per framework, in each profile's latest completed run.",
      controls,
    );
    family(
      'evidentia_framework_met_ratio',
      'gauge',
      "Controls met / controls that apply, in each profile's latest completed run.",
      met,
    );
    family(
      'evidentia_last_completed_run_timestamp_seconds',
      'gauge',
      'When each profile last completed a run.',
      finished,
    );
    family(
      'evidentia_schedule_ticks_total',
      'counter',
      'Scheduled ticks, by profile and outcome (started, skipped-busy, refused, claimed-elsewhere).',
      counterLines('evidentia_schedule_ticks_total', this.scheduleTicks),
    );
    family(
      'evidentia_http_requests_total',
      'counter',
      'HTTP requests, by method, route and status code.',
      counterLines('evidentia_http_requests_total', this.httpRequests),
    );
    family(
      'evidentia_webhook_deliveries_total',
      'counter',
      'Webhook notifications, by result.',
      counterLines('evidentia_webhook_deliveries_total', this.webhooks),
    );
    return `${out.join('\n')}\n`;
  }
}

/** `{a="x",b="y"}`, with values escaped as the format requires; empty when there are no labels. */
export function labelText(labels: Labels): string {
  const parts = Object.entries(labels).map(
    ([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')}"`,
  );
  return parts.length ? `{${parts.join(',')}}` : '';
}
