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

/** Median and range of repeated measurements. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  n: number;
}

/** Median (the mean of the middle two for an even count), minimum and maximum of `values`. */
export function spread(values: readonly number[]): Spread {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, n: 0 };
  const mid = v.length >> 1;
  const median = v.length % 2 ? (v[mid] as number) : ((v[mid - 1] as number) + (v[mid] as number)) / 2;
  return { median, min: v[0] as number, max: v[v.length - 1] as number, n: v.length };
}

/** `1.05× (1.02–1.09)`, or the single value when there is one run. */
function range(sp: Spread, fmt: (n: number) => string): string {
  if (!sp.n) return 'n/a';
  return sp.n === 1 || sp.min === sp.max
    ? fmt(sp.median)
    : `${fmt(sp.median)} (${fmt(sp.min)}–${fmt(sp.max)})`;
}

const TERM: Record<string, string> = {
  caller: 'the account list, page by page',
  'assume-role': 'AssumeRole through the caller gate',
  global: 'global concurrency',
  'per-account': 'per-account concurrency',
  chain: 'calls that wait for each other',
  rate: 'rate limit',
  'account-jobs': 'account jobs at once',
};

/** The representative run of a set of repeats: the one whose wall ratio is the median's nearest. */
export function medianRun(runs: readonly ScenarioResult[]): ScenarioResult {
  const m = spread(runs.map((r) => r.wallRatio)).median;
  return runs.reduce((best, r) => (Math.abs(r.wallRatio - m) < Math.abs(best.wallRatio - m) ? r : best));
}

/** Wall time against the ideal bound, and calls against the minimum, for the speed scenarios (each repeated). */
export function speedTable(scenarios: readonly (readonly ScenarioResult[])[]): string {
  return table(
    [
      'scenario',
      'accounts × regions',
      'latency',
      'rate limit',
      'concurrency (global/account)',
      'runs',
      'collection wall, median (min–max)',
      'ideal bound (binding term)',
      'wall ÷ ideal, median (min–max)',
      'API calls at the emulator',
      'minimum',
      'calls ÷ minimum',
      'retries (median)',
      'throttled (median)',
    ],
    scenarios.map((runs) => {
      const r = medianRun(runs);
      const w = r.scenario.world;
      const b = r.bound;
      return [
        r.scenario.name,
        `${w.accounts} × ${w.regions.length}`,
        `${w.latencyMs} ms`,
        w.rateLimit
          ? `${w.rateLimit.requestsPerSecond}/s (burst ${w.rateLimit.burst ?? w.rateLimit.requestsPerSecond})`
          : '—',
        `${r.scenario.profile.global}/${r.scenario.profile.perAccount}`,
        String(runs.length),
        range(spread(runs.map((x) => x.report.collectMs)), s),
        `${s(b.ms)} (${TERM[b.binding] ?? b.binding})`,
        range(spread(runs.map((x) => x.wallRatio)), x),
        range(spread(runs.map((x) => x.calls)), String),
        String(r.minimum.total),
        range(spread(runs.map((x) => x.callsRatio)), x),
        String(spread(runs.map((x) => x.report.stats?.retries ?? 0)).median),
        String(spread(runs.map((x) => x.report.stats?.throttles ?? 0)).median),
      ];
    }),
  );
}

const mib = (n: number) => `${Math.round(n)} MiB`;

/** Memory and time as the organisation grows, whole runs, each size repeated. */
export function scaleTable(sizes: readonly (readonly ScenarioResult[])[]): string {
  return table(
    [
      'accounts × regions',
      'runs (completed)',
      'findings',
      'calls ÷ minimum',
      'collection',
      'render',
      'bundle',
      'peak memory, whole run (kernel VmHWM)',
      'cgroup peak',
      'render ÷ findings pass (≤ 3)',
      'bundle ÷ tar -czf (≤ 1.5)',
      'outcome',
    ],
    sizes.map((runs) => {
      const first = runs[0] as ScenarioResult;
      const done = runs.filter((r) => r.report.status === 'completed');
      const outcomes = [
        ...new Set(
          runs.map((r) => (r.report.error ? `${r.report.status}: ${r.report.error}` : r.report.status)),
        ),
      ];
      const cg = runs.filter((r) => r.report.cgroupPeakMb !== undefined);
      return [
        `${first.scenario.world.accounts} × ${first.scenario.world.regions.length}`,
        `${runs.length} (${done.length})`,
        done.length ? String(done[0]?.report.findings) : '—',
        range(spread(runs.map((r) => r.callsRatio)), x),
        range(spread(runs.map((r) => r.report.collectMs)), s),
        done.length ? range(spread(done.map((r) => r.report.renderMs)), s) : '—',
        done.length ? range(spread(done.map((r) => r.report.bundleMs)), s) : '—',
        range(spread(runs.map((r) => r.report.peakRssMb)), mib),
        cg.length ? range(spread(cg.map((r) => r.report.cgroupPeakMb as number)), mib) : 'n/a',
        range(spread(done.flatMap((r) => (r.floors ? [r.floors.renderRatio] : []))), x),
        range(spread(done.flatMap((r) => (r.floors ? [r.floors.bundleRatio] : []))), x),
        outcomes.join('; '),
      ];
    }),
  );
}

/** Render and bundle time of the largest run, per finding, with the floors they are held to. */
export function perFinding(r: ScenarioResult): string {
  const n = Math.max(1, r.report.findings);
  const us = (ms: number) => `${((ms * 1000) / n).toFixed(1)} µs`;
  const floors = r.floors
    ? ` The plain pass over findings.jsonl took ${s(r.floors.findingsPassMs)} (${us(r.floors.findingsPassMs)} per finding); \`tar -czf\` of the run folder took ${s(r.floors.tarMs)}.`
    : '';
  return `Largest run (${r.scenario.world.accounts} accounts × ${r.scenario.world.regions.length} regions, ${r.report.findings} findings): render ${s(r.report.renderMs)} (${us(r.report.renderMs)} per finding), bundle ${s(r.report.bundleMs)} (${us(r.report.bundleMs)} per finding).${floors}`;
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
