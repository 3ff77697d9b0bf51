// The benchmark's results as Markdown: the tables docs/benchmarks.md carries, and the console prints.

import type { ScenarioResult } from './scenario.js';

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const x = (r: number) => (Number.isFinite(r) ? `${r.toFixed(2)}×` : 'n/a');

function table(head: string[], rows: string[][]): string {
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

/** Wall time against the ideal bound, and calls against the minimum, for the speed scenarios. */
export function speedTable(results: readonly ScenarioResult[]): string {
  return table(
    [
      'scenario',
      'accounts × regions',
      'latency',
      'rate limit',
      'concurrency (global/account)',
      'collection wall',
      'ideal bound (binding term)',
      'wall ÷ ideal',
      'API calls',
      'minimum',
      'calls ÷ minimum',
      'retries',
      'throttled',
    ],
    results.map((r) => {
      const w = r.scenario.world;
      const b = r.bound;
      const term =
        b.ms === b.rateMs
          ? 'rate limit'
          : b.ms === b.perAccountMs
            ? 'per-account concurrency'
            : 'global concurrency';
      return [
        r.scenario.name,
        `${w.accounts} × ${w.regions.length}`,
        `${w.latencyMs} ms`,
        w.rateLimit
          ? `${w.rateLimit.requestsPerSecond}/s (burst ${w.rateLimit.burst ?? w.rateLimit.requestsPerSecond})`
          : '—',
        `${r.scenario.profile.global}/${r.scenario.profile.perAccount}`,
        s(r.report.collectMs),
        `${s(b.ms)} (${term})`,
        x(r.wallRatio),
        String(r.calls),
        String(r.minimum.total),
        x(r.callsRatio),
        String(r.report.stats?.retries ?? 0),
        String(r.report.stats?.throttles ?? 0),
      ];
    }),
  );
}

/** Memory and time as the organisation grows, whole runs. A stage a run did not finish reads `failed`. */
export function scaleTable(results: readonly ScenarioResult[]): string {
  return table(
    [
      'accounts × regions',
      'API calls',
      'calls ÷ minimum',
      'evidence records',
      'findings',
      'collection',
      'render',
      'bundle',
      'retained heap after collection',
      'peak RSS: collection',
      'peak RSS: reports',
      'peak RSS: bundle',
      'peak RSS: whole run',
      'outcome',
    ],
    results.map((r) => {
      const done = r.report.status === 'completed';
      return [
        `${r.scenario.world.accounts} × ${r.scenario.world.regions.length}`,
        String(r.calls),
        x(r.callsRatio),
        r.report.stats ? String(r.report.stats.evidenceRecords) : '—',
        done ? String(r.report.findings) : '—',
        s(r.report.collectMs),
        done ? s(r.report.renderMs) : `failed after ${s(r.report.renderMs + r.report.writeMs)}`,
        done ? s(r.report.bundleMs) : '—',
        `${r.report.retainedHeapMb} MiB`,
        `${r.report.collectRssMb} MiB`,
        done ? `${r.report.reportsRssMb} MiB` : '—',
        done ? `${r.report.bundleRssMb} MiB` : '—',
        `${r.report.peakRssMb} MiB`,
        r.report.error ? `${r.report.status}: ${r.report.error}` : r.report.status,
      ];
    }),
  );
}

/** Render and bundle time of the largest run, per finding. */
export function perFinding(r: ScenarioResult): string {
  const n = Math.max(1, r.report.findings);
  const us = (ms: number) => `${((ms * 1000) / n).toFixed(1)} µs`;
  return `Largest run (${r.scenario.world.accounts} accounts × ${r.scenario.world.regions.length} regions, ${r.report.findings} findings): render ${s(r.report.renderMs)} (${us(r.report.renderMs)} per finding), bundle ${s(r.report.bundleMs)} (${us(r.report.bundleMs)} per finding).`;
}

/** Where actual calls differ from the minimum, per operation (attempts the emulator served, less throttles). */
export function excessCalls(r: ScenarioResult): string {
  const ops = new Set([...Object.keys(r.minimum.byOperation), ...Object.keys(r.served.byOperation)]);
  const rows = [...ops]
    .map((op) => [op, r.served.byOperation[op] ?? 0, r.minimum.byOperation[op] ?? 0] as const)
    .filter(([, a, m]) => a !== m)
    .map(([op, a, m]) => [op, String(a), String(m)]);
  return rows.length
    ? table(['operation', 'HTTP attempts', 'minimum calls'], rows)
    : 'Every operation: attempts = minimum.';
}
