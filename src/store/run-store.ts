// The run store: every run's profile, times, status, counts and bundle location, behind an interface so
// an embedded database (the default) can later be replaced by a shared one. Evidence stays on disk.

import type { FrameworkResult } from '../core/finding.js';
import type { RunResults, RunStats, RunStatus } from '../core/run-result.js';
import type { ReportHistory } from '../render/report-history.js';

export interface RunRecord {
  runId: string;
  profileId: string;
  profileName: string;
  startedAt: string;
  finishedAt?: string;
  status: RunStatus;
  /** Why the run failed or was aborted. */
  error?: string;
  /** Final run folder (completed runs only). */
  dir?: string;
  /** The bundle archive, when one was written. */
  archive?: string;
  /** SHA-256 of the signed manifest.json. */
  manifestSha256?: string;
  frameworks?: FrameworkResult[];
  stats?: RunStats;
}

export interface RunFinish {
  status: RunStatus;
  finishedAt: string;
  error?: string;
  dir?: string;
  archive?: string;
  manifestSha256?: string;
  frameworks?: FrameworkResult[];
  stats?: RunStats;
}

export interface RunStore {
  /** Record that a run started (status `running`). */
  start(run: { runId: string; profileId: string; profileName: string; startedAt: string }): Promise<void>;
  /** Record how a run ended. */
  finish(runId: string, outcome: RunFinish): Promise<void>;
  get(runId: string): Promise<RunRecord | undefined>;
  /** Newest first. */
  list(filter?: { profileId?: string; status?: RunStatus; limit?: number }): Promise<RunRecord[]>;
  /** The history section of a new report: trend over the last runs of the profile, and changes since the previous one. */
  history(profileId: string, current: RunResults): Promise<ReportHistory | undefined>;
  close(): Promise<void>;
}
