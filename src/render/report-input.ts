// What a report is built from: a finished run, the catalogue and profile it ran with, and optional extras.

import type { Catalog, Profile } from '../catalog/types.js';
import type { FindingSource, RunResults } from '../core/run-result.js';
import type { ReportHistory } from './report-history.js';

/** Who signs the package (shown on the cover); the signing itself is the bundle's job. */
export interface SignerInfo {
  subject: string;
  /** Hex SHA-256 of the signing certificate (DER). */
  fingerprintSha256: string;
}

/**
 * Caps that keep the view model (and so every report) bounded whatever the size of the run. Counts are
 * always exact; only the lists are cut, each with "and N more".
 */
export interface ReportLimits {
  /** Controls in the executive summary's "top failing" chart. */
  topFailing: number;
  /** Failing controls described in detail, worst first. */
  failingControls: number;
  /** Further failing controls listed in one line each after the detailed ones. */
  failingBriefs: number;
  /** Failing resources listed per evidence query of a failing control. */
  resourcesPerQuery: number;
  /** Accounts listed (with their failing counts) per evidence query of a failing control. */
  accountsPerQuery: number;
  /** Attestations awaiting action. */
  attestations: number;
  /** Groups (accounts with errors, queries not evaluated, controls without evidence) in "unproven". */
  unprovenGroups: number;
  /** Distinct reasons quoted per group. */
  reasonsPerGroup: number;
  /** Evidence files indexed in the appendix (the bundle manifest always lists every file). */
  evidenceEntries: number;
  /** Runs shown in the history trend, the current one included. */
  historyRuns: number;
  /** Entries of each "what changed" list. */
  historyChanges: number;
  /** Accounts offered in the HTML account filter. */
  filterAccounts: number;
}

export const DEFAULT_LIMITS: ReportLimits = {
  topFailing: 10,
  failingControls: 20,
  failingBriefs: 300,
  resourcesPerQuery: 8,
  accountsPerQuery: 8,
  attestations: 200,
  unprovenGroups: 40,
  reasonsPerGroup: 3,
  evidenceEntries: 2000,
  historyRuns: 12,
  historyChanges: 25,
  filterAccounts: 1000,
};

/** The limits a report is built with: the defaults, with the input's own over them. */
export function reportLimits(input: Pick<ReportInput, 'limits'>): ReportLimits {
  return { ...DEFAULT_LIMITS, ...input.limits };
}

export interface ReportInput<F extends FindingSource = FindingSource> {
  /** The run; its findings are read in passes (the view model's scan, the CSV, OSCAL), never all held. */
  results: RunResults<F>;
  catalog: Catalog;
  profile: Profile;
  history?: ReportHistory;
  signer?: SignerInfo;
  limits?: Partial<ReportLimits>;
  /** When the report is generated; default: when the run finished (so the same run renders the same report). */
  generatedAt?: string;
}
