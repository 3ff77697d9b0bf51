// The shape of a finished run as written to results.json: metadata, roll-ups, every finding, the evidence index.

import type { ControlResult, Finding, FrameworkResult } from './finding.js';

export const RESULTS_SCHEMA_VERSION = 1;

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
  scope: { accounts: string[]; regions: string[]; callerAccountId?: string; aggregator?: string };
  stats: RunStats;
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

export interface RunResults {
  schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  run: RunMetadata;
  frameworks: FrameworkResult[];
  controls: ControlResult[];
  findings: Finding[];
  evidence: EvidenceIndexEntry[];
}
