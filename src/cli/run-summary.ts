// The short human summary printed after a run: per framework, controls by status, and where results are.

import type { RunSummary } from '../core/run-result.js';
import { STATUSES } from '../core/status.js';
import { table } from './commands/frameworks.js';

/** Text summary of a finished run. */
export function runSummary(results: Pick<RunSummary, 'run' | 'frameworks'>, dir: string): string {
  const rows = results.frameworks.map((f) => [
    f.frameworkId,
    `${Math.round(f.metRatio * 100)}%`,
    ...STATUSES.map((s) => String(f.counts[s])),
  ]);
  const s = results.run.stats;
  return [
    `Run ${results.run.runId} · ${results.run.profile.name} · ${results.run.scope.accounts.length} account(s) × ${results.run.scope.regions.length} region(s)`,
    table(['FRAMEWORK', 'MET', ...STATUSES], rows).trimEnd(),
    `${s.apiCalls} API calls, ${s.retries} retries, ${s.throttles} throttled, ${s.errors} failed · ${s.evidenceRecords} evidence records · ${(s.durationMs / 1000).toFixed(1)} s`,
    `Results: ${dir}`,
    '',
  ].join('\n');
}
