// The shape of a finished run. On disk: results.json (metadata, roll-ups, the evidence index; `RunSummary`)
// and findings.jsonl next to it (every finding, one JSON object per line). In memory: `RunResults`, whose
// findings are an array (small runs, tests) or a re-readable stream of the JSON-lines file (any size).

import type { ControlResult, Finding, FrameworkResult } from './finding.js';

/**
 * 2: findings moved out of results.json into findings.jsonl (a 1,000-account run makes millions of them).
 * 1: results.json held every finding; readers still accept it.
 */
export const RESULTS_SCHEMA_VERSION = 2;

/** Name of the findings file in a run folder. */
export const FINDINGS_FILE = 'findings.jsonl';

export type RunStatus = 'running' | 'completed' | 'failed' | 'aborted';

/** Counters kept while collecting; reported in results.json and by the daemon's /metrics. */
export interface RunStats {
  tasks: number;
  tasksFailed: number;
  apiCalls: number;
  /** Extra attempts the SDK made after a retryable error. */
  retries: number;
  throttles: number;
  /** Calls that failed after all retries. */
  errors: number;
  evidenceRecords: number;
  durationMs: number;
}

export interface RunMetadata {
  runId: string;
  profile: { id: string; name: string; path: string; sha256: string };
  organization: string;
  frameworks: { id: string; name: string; version: string; path: string; sha256: string }[];
  /** Evidence-library and other catalogue files the run read, hashed. */
  catalogFiles: { path: string; sha256: string }[];
  startedAt: string;
  finishedAt?: string;
  status: RunStatus;
  /** Why the run failed or was aborted. */
  error?: string;
  tool: { name: 'evidentia'; version: string };
  scope: {
    accounts: string[];
    regions: string[];
    callerAccountId?: string;
    aggregator?: string;
    /**
     * Accounts of the organisation that were not assessed, and why: SUSPENDED, PENDING_CLOSURE or CLOSED in
     * Organizations, or excluded by the profile. Listed so that no account leaves the scope silently.
     */
    outOfScope?: OutOfScopeAccount[];
    /**
     * Accounts in scope from which no evidence could be read (every call, or the role itself, failed).
     * When it holds every account that was asked anything, `collect` exits 3.
     */
    unreadable?: string[];
  };
  stats: RunStats;
}

/** An account of the organisation that the run did not assess. */
export interface OutOfScopeAccount {
  accountId: string;
  name?: string;
  /** The account's state in Organizations (`SUSPENDED`, `PENDING_CLOSURE`, `CLOSED`, …), or `EXCLUDED`. */
  state: string;
  reason: string;
}

/** An entry of the evidence index: where a record lives and what it is, without its body. */
export interface EvidenceIndexEntry {
  id: string;
  /** Relative to the run folder. */
  path: string;
  sha256: string;
  source: 'aws' | 'attestation' | 'document';
  service: string;
  operation: string;
  accountId: string;
  region: string;
  collectedAt: string;
  errorCode?: string;
}

/** What results.json holds: everything about a run but its findings. */
export interface RunSummary {
  schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  run: RunMetadata;
  frameworks: FrameworkResult[];
  controls: ControlResult[];
  evidence: EvidenceIndexEntry[];
  /** Where the findings are (relative to the run folder) and how many there are. */
  findingsFile: { path: typeof FINDINGS_FILE; count: number };
  /**
   * Managed rules that decisive evidence found not deployed somewhere in scope (identifiers, sorted): what
   * `packs generate --missing-from` deploys, known before the reports' one pass over the findings so every
   * writer can name each rule's pack. Absent from results written before it existed.
   */
  notDeployedRules?: string[];
}

/**
 * Findings that can be iterated more than once, each time from the start: an array, or a source that opens
 * the findings file afresh for every pass (so no pass holds them all).
 */
export type FindingSource = Iterable<Finding> | AsyncIterable<Finding>;

/** A whole run: its summary and its findings (an array by default; any `FindingSource` for large runs). */
export interface RunResults<F extends FindingSource = Finding[]>
  extends Omit<RunSummary, 'findingsFile' | 'schemaVersion'> {
  /** 1 when read from an older results.json that still held the findings. */
  schemaVersion: 1 | typeof RESULTS_SCHEMA_VERSION;
  findings: F;
}
