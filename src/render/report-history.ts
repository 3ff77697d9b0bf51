// Past runs of the same profile, as the run store will hand them to the report (filled by a later task).

import type { ResourceRef } from '../core/finding.js';
import type { Status } from '../core/status.js';

/** One framework's standing in one earlier run. */
export interface HistoryFrameworkPoint {
  id: string;
  metRatio: number;
  counts: Record<Status, number>;
}

/** One earlier (or the current) run of the profile. */
export interface HistoryRun {
  runId: string;
  /** ISO-8601. */
  finishedAt: string;
  frameworks: HistoryFrameworkPoint[];
}

/** A control, named by framework and control id. */
export interface HistoryControlRef {
  frameworkId: string;
  controlId: string;
}

/** What changed since the previous run. */
export interface HistoryChanges {
  newlyFailing: HistoryControlRef[];
  newlyPassing: HistoryControlRef[];
  newResources: ResourceRef[];
}

/** Optional input to the report: the trend of earlier runs and what changed since the last one. */
export interface ReportHistory {
  runs: HistoryRun[];
  changes?: HistoryChanges;
}
