// The run store: every run's profile, times, status, counts and bundle location, behind an interface so
// an embedded database (the default, sqlite-run-store.ts) can later be replaced by a shared one.

import type { FrameworkResult } from '../core/finding.js';
import type { FindingSource, RunResults, RunStats, RunStatus } from '../core/run-result.js';
import type { Status } from '../core/status.js';
import type { ReportHistory } from '../render/report-history.js';
import type { RunDiff } from './run-diff.js';
import type { RunDigest } from './run-digest.js';

/** What started a run. */
export type RunTrigger = 'schedule' | 'api' | 'cli';

/**
 * The process that runs a run, so a later process can tell a run whose process was killed (its record says
 * `running` for ever) from one that is still going: same host, and the pid is gone or now names a process that
 * started at another time (src/core/process-identity.ts).
 */
export interface RunOwner {
  pid: number;
  host: string;
  /** When the process started, as the system counts it (boot id and start tick on Linux); absent elsewhere. */
  processStart?: string;
}

export interface RunStart {
  runId: string;
  profileId: string;
  profileName: string;
  startedAt: string;
  trigger?: RunTrigger;
  /** Name of the token (or user) that asked for the run. */
  requestedBy?: string;
  owner?: RunOwner;
  /** The run's temporary folder (`.<run-id>.partial`), removed if its process dies. */
  workDir?: string;
}

export interface RunRecord {
  runId: string;
  profileId: string;
  profileName: string;
  startedAt: string;
  finishedAt?: string;
  status: RunStatus;
  /** Why the run failed or was aborted. */
  error?: string;
  trigger?: RunTrigger;
  requestedBy?: string;
  /** Final run folder (completed runs only). */
  dir?: string;
  /** The bundle archive, when one was written. */
  archive?: string;
  /** SHA-256 of the signed manifest.json. */
  manifestSha256?: string;
  frameworks?: FrameworkResult[];
  stats?: RunStats;
  /** Findings per status (completed runs). */
  findings?: Record<Status, number>;
  /** When the retention policy deleted the run's files (the record stays). */
  prunedAt?: string;
  /** The process that ran it (recorded since schema 2). */
  owner?: RunOwner;
  workDir?: string;
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
  /** What the store keeps for diffs, when the caller has it already (else it is read from `dir`). */
  digest?: RunDigest;
}

export interface RunFilter {
  profileId?: string;
  status?: RunStatus;
  limit?: number;
}

export interface RunStore {
  /** Record that a run started (status `running`). */
  start(run: RunStart): Promise<void>;
  /**
   * Record how a run ended. For a completed run with a `dir` and no `digest`, the store reads what it keeps
   * for diffs (control verdicts, failing resources, finding counts) from the folder's results and findings,
   * and fills `archive` and `manifestSha256` from the folder when they are not given.
   */
  finish(runId: string, outcome: RunFinish): Promise<void>;
  get(runId: string): Promise<RunRecord | undefined>;
  /** Newest first. */
  list(filter?: RunFilter): Promise<RunRecord[]>;
  /** The history section of a new report: trend over the last runs of the profile, and changes since the previous one. */
  history(
    profileId: string,
    current: RunResults<FindingSource>,
    digest?: RunDigest,
  ): Promise<ReportHistory | undefined>;
  /** What changed from one completed run to another. */
  diff(fromRunId: string, toRunId: string): Promise<RunDiff>;
  /** The newest completed run of a profile that started before `runId` (or the newest of all). */
  previousCompleted(profileId: string, beforeRunId?: string): Promise<RunRecord | undefined>;
  /** Record that the retention policy deleted a run's files. */
  markPruned(runId: string, at: string): Promise<void>;
  /** Mark one run aborted if it is still `running` (its process is gone); false when it was not running. */
  abandon(runId: string, at: string, reason: string): Promise<boolean>;
  /** Throws when the store cannot be read (readiness probe). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The store as one run sees it: `start` also records what started the run and who asked for it. */
export function withRunStart(store: RunStore, extra: Pick<RunStart, 'trigger' | 'requestedBy'>): RunStore {
  return {
    start: (r) => store.start({ ...r, ...extra }),
    finish: (id, o) => store.finish(id, o),
    get: (id) => store.get(id),
    list: (f) => store.list(f),
    history: (p, c, d) => store.history(p, c, d),
    diff: (a, b) => store.diff(a, b),
    previousCompleted: (p, b) => store.previousCompleted(p, b),
    markPruned: (id, at) => store.markPruned(id, at),
    abandon: (id, at, reason) => store.abandon(id, at, reason),
    ping: () => store.ping(),
    close: () => store.close(),
  };
}
