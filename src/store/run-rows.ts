// The rows both run stores keep (SQLite and PostgreSQL share one schema), and how a row becomes a RunRecord:
// one mapping, so the two stores cannot drift apart.

import type { FrameworkResult } from '../core/finding.js';
import type { RunStats, RunStatus } from '../core/run-result.js';
import type { Status } from '../core/status.js';
import type { RunDigest } from './run-digest.js';
import { readRunFolderFacts } from './run-folder-facts.js';
import type { RunFinish, RunRecord, RunStart, RunTrigger } from './run-store.js';

export interface RunRow {
  run_id: string;
  profile_id: string;
  profile_name: string;
  started_at: string;
  finished_at: string | null;
  status: RunStatus;
  error: string | null;
  trigger: string | null;
  requested_by: string | null;
  dir: string | null;
  archive: string | null;
  manifest_sha256: string | null;
  stats_json: string | null;
  findings_json: string | null;
  pruned_at: string | null;
  owner_pid: number | null;
  owner_host: string | null;
  owner_start: string | null;
  work_dir: string | null;
}

export interface FrameworkRow {
  framework_id: string;
  name: string;
  version: string;
  controls: number;
  met_ratio: number;
  counts_json: string;
}

export interface ResourceRow {
  account_id: string;
  region: string;
  resource_type: string;
  resource_id: string;
  annotation: string | null;
}

/** A framework roll-up row as the store hands it out. */
export function frameworkResultOf(f: FrameworkRow): FrameworkResult {
  return {
    frameworkId: f.framework_id,
    name: f.name,
    version: f.version,
    controls: f.controls,
    metRatio: f.met_ratio,
    counts: JSON.parse(f.counts_json) as Record<Status, number>,
  };
}

/** A run row as a RunRecord; `frameworks` are the run's roll-ups, read only for completed runs. */
export function runRecordOf(row: RunRow, frameworks?: FrameworkResult[]): RunRecord {
  const rec: RunRecord = {
    runId: row.run_id,
    profileId: row.profile_id,
    profileName: row.profile_name,
    startedAt: row.started_at,
    status: row.status,
  };
  if (row.finished_at) rec.finishedAt = row.finished_at;
  if (row.error) rec.error = row.error;
  if (row.trigger) rec.trigger = row.trigger as RunTrigger;
  if (row.requested_by) rec.requestedBy = row.requested_by;
  if (row.dir) rec.dir = row.dir;
  if (row.archive) rec.archive = row.archive;
  if (row.manifest_sha256) rec.manifestSha256 = row.manifest_sha256;
  if (row.stats_json) rec.stats = JSON.parse(row.stats_json) as RunStats;
  if (row.findings_json) rec.findings = JSON.parse(row.findings_json) as Record<Status, number>;
  if (row.pruned_at) rec.prunedAt = row.pruned_at;
  if (row.owner_pid !== null && row.owner_host !== null) {
    rec.owner = { pid: row.owner_pid, host: row.owner_host };
    if (row.owner_start) rec.owner.processStart = row.owner_start;
  }
  if (row.work_dir) rec.workDir = row.work_dir;
  if (frameworks) rec.frameworks = frameworks;
  return rec;
}

/** The values of a new `runs` row, in the column order both stores insert: run_id, profile_id, profile_name,
 * started_at, trigger, requested_by, owner_pid, owner_host, owner_start, work_dir. */
export function runStartValues(run: RunStart): (string | number | null)[] {
  return [
    run.runId,
    run.profileId,
    run.profileName,
    run.startedAt,
    run.trigger ?? null,
    run.requestedBy ?? null,
    run.owner?.pid ?? null,
    run.owner?.host ?? null,
    run.owner?.processStart ?? null,
    run.workDir ?? null,
  ];
}

/**
 * What a finished run writes: the digest (from the outcome, or read from a completed run's folder) and the
 * `runs` values in the column order both stores update: status, finished_at, error, dir, archive,
 * manifest_sha256, stats_json, findings_json.
 */
export async function runFinishRow(
  outcome: RunFinish,
): Promise<{ digest: RunDigest | undefined; values: (string | null)[] }> {
  const facts =
    outcome.status === 'completed' && outcome.dir && !outcome.digest
      ? await readRunFolderFacts(outcome.dir)
      : undefined;
  const digest = outcome.digest ?? facts?.digest;
  return {
    digest,
    values: [
      outcome.status,
      outcome.finishedAt,
      outcome.error ?? null,
      outcome.dir ?? null,
      outcome.archive ?? facts?.archive ?? null,
      outcome.manifestSha256 ?? facts?.manifestSha256 ?? null,
      outcome.stats ? JSON.stringify(outcome.stats) : null,
      digest ? JSON.stringify(digest.findings) : null,
    ],
  };
}
