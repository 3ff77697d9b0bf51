// The plan: the deduplicated, batched units of collection work a profile needs.

import type {
  ArtifactAgreementQuery,
  ArtifactReportQuery,
  AuditManagerQuery,
  ConformancePackQuery,
  SecurityHubControlQuery,
  SecurityHubFindingsQuery,
} from '../catalog/types.js';

interface TaskBase {
  /** Stable and unique within a plan, e.g. `config-rules/111111111111/us-east-1`. */
  id: string;
  accountId: string;
  region: string;
}

/** An advanced query as planned: the library id, the SQL with profile parameters filled in, the expectation. */
export interface ConfigQuerySpec {
  queryId: string;
  expression: string;
  expect: 'none' | 'some';
  /** Evaluated once per account, in the home region (queries over global resources and inventories). */
  global: boolean;
}

/**
 * Everything AWS Config must answer in one account and region: the recorder's status (so nothing passes
 * where Config is not recording), every managed rule the profile needs (the collector batches the calls)
 * and every advanced query.
 */
export interface ConfigTask extends TaskBase {
  kind: 'config';
  /** Managed rule identifiers (Source.SourceIdentifier), sorted. */
  rules: string[];
  queries: ConfigQuerySpec[];
}

/** The same, for every account and region at once, read through a Config aggregator. */
export interface ConfigAggregateTask extends TaskBase {
  kind: 'config-aggregate';
  aggregatorName: string;
  /** Rules evaluated in every region. */
  rules: string[];
  /** Rules evaluated only in the home region (global resources such as IAM). */
  globalRules: string[];
  queries: ConfigQuerySpec[];
  accounts: string[];
  regions: string[];
  homeRegion: string;
}

export interface ConformancePackTask extends TaskBase {
  kind: 'conformance-pack';
  packs: ConformancePackQuery[];
}

/** AWS's audit reports (one task per run: they are the same for every customer). */
export interface ArtifactReportsTask extends TaskBase {
  kind: 'artifact-reports';
  reports: ArtifactReportQuery[];
  /** Accept each matched report's term and download the document into the bundle. */
  download: boolean;
}

/** The agreements (e.g. the HIPAA BAA) one account has accepted. */
export interface ArtifactAgreementsTask extends TaskBase {
  kind: 'artifact-agreements';
  agreements: ArtifactAgreementQuery[];
}

export interface AuditManagerTask extends TaskBase {
  kind: 'audit-manager';
  query: AuditManagerQuery;
}

/** What Security Hub must answer in one account and region: the state of its controls and its active findings. */
export interface SecurityHubTask extends TaskBase {
  kind: 'securityhub';
  /** Controls by id, sorted. */
  controls: SecurityHubControlQuery[];
  /** Finding conditions, sorted by id. */
  findings: SecurityHubFindingsQuery[];
  /**
   * Set when read through the delegated administrator (the task's account) in its aggregation region (the
   * task's region): the member accounts and regions its verdicts are for.
   */
  aggregated?: { accounts: string[]; regions: string[] };
}

/** Manual attestations: read from the attestation folder, not from AWS. */
export interface AttestationsTask extends TaskBase {
  kind: 'attestations';
  /** Attestation folder, relative to the profile file (`evidence.attestations.dir`). */
  dir: string;
  items: AttestationItem[];
}

export interface AttestationItem {
  frameworkId: string;
  controlId: string;
  title: string;
  /** Role or e-mail from the framework; `ownerContact` is who the profile maps it to. */
  owner: string;
  ownerContact?: string;
  maxAgeDays: number;
}

export type Task =
  | ConfigTask
  | ConfigAggregateTask
  | ConformancePackTask
  | ArtifactReportsTask
  | ArtifactAgreementsTask
  | AuditManagerTask
  | SecurityHubTask
  | AttestationsTask;

export type TaskKind = Task['kind'];

export interface Plan {
  tasks: Task[];
  accounts: string[];
  regions: string[];
  homeRegion: string;
  /** Account whose own credentials run organisation-level calls (Organizations, Artifact reports, Audit Manager). */
  callerAccountId: string;
  /** Distinct evidence queries the profile needs (each collected once per scope, whatever uses it). */
  queryKeys: string[];
}
