// The report view model: everything any renderer shows, computed once, bounded in size whatever the run.

import type { EvidenceKind } from '../core/evidence-kind.js';
import type { EvidenceRole } from '../core/evidence-role.js';
import type { ControlApplicability } from '../core/finding.js';
import type { Responsibility } from '../core/responsibility.js';
import type { Severity } from '../core/severity.js';
import type { Status } from '../core/status.js';
import type { Capped } from './capped.js';
import type { TimeText } from './format.js';

/** One status with its count, in display order (zero counts included, so charts line up). */
export interface StatusCount {
  status: Status;
  label: string;
  color: string;
  count: number;
}

export interface FrameworkRef {
  id: string;
  name: string;
  version: string;
  publisher: string | null;
}

export interface CoverView {
  title: string;
  organisation: string;
  profile: { id: string; name: string };
  frameworks: FrameworkRef[];
  period: { start: TimeText | null; end: TimeText; label: string };
  runId: string;
  runStatus: string;
  startedAt: TimeText;
  finishedAt: TimeText | null;
  generatedAt: TimeText;
  signer: { subject: string; fingerprintSha256: string } | null;
  scope: { accounts: number; regions: string[]; aggregator: string | null };
  tool: string;
  /**
   * Accounts of the organisation the run did not assess (SUSPENDED, PENDING_CLOSURE, CLOSED, or excluded by
   * the profile), with their state: shown on the cover so that no account leaves the scope silently.
   */
  outOfScopeAccounts: OutOfScopeAccountView[];
  /** Accounts in scope from which no evidence at all could be read (their role refused, every call failed). */
  unreadableAccounts: string[];
}

export interface OutOfScopeAccountView {
  accountId: string;
  name: string | null;
  state: string;
  reason: string;
}

export interface FrameworkSummary {
  id: string;
  name: string;
  version: string;
  controls: number;
  counts: StatusCount[];
  /** Controls met (PASS, INHERITED) ÷ controls that apply; computed here from the control verdicts. */
  metRatio: number;
  metPercent: string;
  met: number;
  applicable: number;
  failing: number;
  /** ERROR + NOT_EVALUATED + MANUAL: neither met nor shown to fail. */
  unproven: number;
}

/** A control in the "top failing" chart. */
export interface TopFailingControl {
  frameworkId: string;
  controlId: string;
  ref: string;
  title: string;
  severity: Severity | null;
  accounts: number;
  failingResources: number;
  /** `failingResources` as printed: `at least 100` when it is a lower bound. */
  failingResourcesText: string;
  anchor: string;
}

export interface SummaryView {
  frameworks: FrameworkSummary[];
  totals: {
    controls: number;
    met: number;
    applicable: number;
    metPercent: string;
    failing: number;
    unproven: number;
    counts: StatusCount[];
  };
  topFailing: Capped<TopFailingControl>;
  attention: {
    failingControls: number;
    accountsWithErrors: number;
    errorFindings: number;
    notEvaluatedFindings: number;
    attestationsAwaiting: number;
    controlsWithoutEvidence: number;
  };
}

/** A control named in a list, with its verdict. */
export interface ControlBrief {
  frameworkId: string;
  controlId: string;
  ref: string;
  title: string;
  status: Status;
  statusLabel: string;
  statusColor: string;
  anchor: string;
}

/** The Artifact report (or agreement) that proves an AWS-side control, and how it stood in this run. */
export interface ArtifactProofView {
  queryKey: string;
  kind: EvidenceKind;
  title: string;
  status: Status;
  statusLabel: string;
  statusColor: string;
  reason: string;
}

export interface AwsControlView extends ControlBrief {
  proofs: ArtifactProofView[];
}

export interface ResponsibilityBucket {
  responsibility: Responsibility;
  label: string;
  total: number;
  met: number;
  failing: number;
  unproven: number;
  counts: StatusCount[];
}

export interface ResponsibilityView {
  frameworkId: string;
  name: string;
  buckets: ResponsibilityBucket[];
  aws: AwsControlView[];
  customer: ControlBrief[];
  shared: ControlBrief[];
}

/** One evidence query a control names, as shown in the control table. */
export interface EvidenceRefView {
  key: string;
  kind: EvidenceKind;
  /** The rule, query or report id (for manual attestations, the attestation title). */
  id: string;
  /** Library title, or `Attestation: <title>`. */
  title: string;
  /** decisive: decides the control's verdict; supporting: shown with its own status, never deciding. */
  role: EvidenceRole;
  /** Why this evidence bears on the control, when the catalogue says. */
  rationale: string | null;
}

/** One evidence check of a control as it stood in this run (a row of the evidence-detail report). */
export interface EvidenceCheckView extends EvidenceRefView {
  /** Worst status over the check's findings; null when the check produced no finding at all. */
  status: Status | null;
  statusLabel: string;
  statusColor: string;
  /** Findings by status (non-zero only). */
  counts: StatusCount[];
  findings: number;
  failingResources: number;
  /** Accounts with a finding of this check, and (capped) those at the worst status. */
  accounts: number;
  worstAccounts: Capped<string>;
  /** The reason of one finding at the worst status (or why nothing was found). */
  reason: string;
  /** For a managed rule the run found not deployed: the generated conformance pack that would deploy it. */
  deployPack: string | null;
}

export interface ControlRowView extends ControlBrief {
  responsibility: Responsibility;
  responsibilityLabel: string;
  reason: string;
  severity: Severity | null;
  evidence: EvidenceRefView[];
  /** Each evidence check with its own verdict, in catalogue order. */
  checks: EvidenceCheckView[];

  /** Non-zero counts of decisive findings by status (the ones the verdict rolls up). */
  findingCounts: StatusCount[];
  /** Non-zero counts of supporting findings by status: reported, never deciding. */
  supportingCounts: StatusCount[];
  /** Why the control is NOT_APPLICABLE (declared, or outside the profile's entity); null when it applies. */
  applicability: ControlApplicability | null;
}

export interface ControlGroupView {
  id: string | null;
  title: string | null;
  controls: ControlRowView[];
}

export interface FrameworkControlsView {
  id: string;
  name: string;
  version: string;
  publisher: string | null;
  description: string | null;
  anchor: string;
  groups: ControlGroupView[];
  controls: number;
}

export interface ResourceView {
  accountId: string;
  region: string;
  resourceType: string;
  resourceId: string;
  annotation: string | null;
}

export interface AccountFailures {
  accountId: string;
  regions: string[];
  failingCount: number;
  /** `failingCount` as printed: `at least 100` when it is a lower bound. */
  failingCountText: string;
}

export interface FailingQueryView {
  queryKey: string;
  kind: EvidenceKind;
  title: string;
  severity: Severity | null;
  remediation: string | null;
  docs: string | null;
  failingCount: number;
  /** True when `failingCount` is a lower bound ("at least"): some scope's count was capped and not fully listed. */
  failingCountAtLeast: boolean;
  /** `failingCount` as printed: `at least 100` when it is a lower bound. */
  failingCountText: string;
  /** How the query weighs for this control: a supporting query's failure is shown but did not fail it. */
  role: EvidenceRole;
  /** Scopes (account × region) where the query failed. */
  scopes: number;
  accounts: Capped<AccountFailures>;
  resources: Capped<ResourceView>;
  /** Distinct reasons, for failures that name no resource (e.g. a stale report). */
  reasons: Capped<string>;
}

/** The person who answers for a control (top risks): never its responsibility, which names a party. */
export interface ControlOwnerView {
  /** The person the profile maps the role to (e-mail addresses lower-cased), or `unassigned`. */
  person: string;
  /** The role the person was found through; null when unassigned. */
  role: string | null;
  /** Set when the owner is a fallback (no mapped role on the control's manual evidence): why. */
  note: string | null;
}

export interface FailingControlView {
  frameworkId: string;
  frameworkName: string;
  controlId: string;
  ref: string;
  title: string;
  summary: string | null;
  responsibility: Responsibility;
  responsibilityLabel: string;
  severity: Severity | null;
  /** Who answers for the control (see ControlOwnerView). */
  owner: ControlOwnerView;
  anchor: string;
  accounts: number;
  regions: string[];
  failingResources: number;
  /** True when `failingResources` is a lower bound ("at least"). */
  failingResourcesAtLeast: boolean;
  /** `failingResources` as every renderer prints it: `at least 100` when it is a lower bound. */
  failingResourcesText: string;
  queries: FailingQueryView[];
  /** Accounts with a failing finding (capped), for the HTML account filter. */
  accountIds: string[];
}

export interface AttestationView {
  frameworkId: string;
  controlId: string;
  ref: string;
  title: string;
  /** What must be attested (the manual evidence titles). */
  attestation: string;
  owner: string;
  ownerContact: string | null;
  maxAgeDays: number | null;
  reason: string;
  anchor: string;
}

/** One person's attestations awaiting action, counted over every control (not only the capped list). */
export interface AttestationOwnerView {
  /** The e-mail address (lower-cased) when the owner has one, else the owner as written. */
  owner: string;
  /** The profile's roles that map to this person, when they differ from `owner`. */
  roles: string[];
  /** Controls awaiting this person's attestation. */
  controls: number;
  /** The distinct renewal cadences of those attestations, ascending. */
  cadenceDays: number[];
  /** The first few controls, in the list's order. */
  examples: { controlId: string; title: string }[];
}

/** awaited: never recorded; lapsed: expired or its document changed; unreadable: the folder could not be read. */
export type AttestationDueState = 'awaited' | 'lapsed' | 'unreadable' | 'current';

/** One attestation a control relies on, with when it is due and who must give it. */
export interface AttestationDueView {
  frameworkId: string;
  controlId: string;
  ref: string;
  title: string;
  anchor: string;
  /** What must be attested (the manual evidence titles). */
  attestation: string;
  /** The person the profile maps the role to (e-mail lower-cased), else the role, else `unassigned`. */
  owner: string;
  role: string | null;
  state: AttestationDueState;
  /** `YYYY-MM-DD`: the evidence date for awaited/unreadable ones, the expiry for lapsed, the renewal for current; null when a current one's date is not known. */
  due: string | null;
  /** `now`, `14 Mar 2027`, or `date not recorded`. */
  dueText: string;
  /** For a lapsed attestation: the day it expired, when before the evidence date. */
  overdueSince: string | null;
  maxAgeDays: number | null;
}

/** One month of the attestation calendar: how many current attestations fall due in it, and whose. */
export interface AttestationMonthView {
  /** `YYYY-MM`. */
  month: string;
  /** `Mar 2027`. */
  label: string;
  due: number;
  owners: string[];
}

export interface AttestationCalendarView {
  /** The evidence date (`YYYY-MM-DD`) the calendar counts from. */
  asOf: string;
  asOfText: string;
  /** Awaited, lapsed and unreadable attestations: due now, grouped by person. */
  dueNow: Capped<AttestationDueView>;
  /** Current attestations by renewal date. */
  upcoming: Capped<AttestationDueView>;
  /** CALENDAR_MONTHS months from the evidence date's month, with the renewals in each. */
  months: AttestationMonthView[];
  /** Current attestations due after the last month shown. */
  later: number;
  /** Current attestations whose renewal date their finding does not state. */
  undated: number;
  /** Every attestation the run asked for. */
  total: number;
}

/** Unproven findings sharing one cause (the reason with account ids and regions blanked). */
export interface UnprovenCauseView {
  status: 'ERROR' | 'NOT_EVALUATED';
  statusLabel: string;
  statusColor: string;
  cause: string;
  /** One of the actual reasons, unblanked. */
  example: string;
  findings: number;
  accounts: Capped<string>;
  regions: string[];
  /** Titles of the evidence queries affected. */
  queries: Capped<string>;
  controls: number;
  /** For a "rule not deployed" cause: the generated conformance pack that would deploy the rule. */
  deployPack: string | null;
}

export interface UnprovenView {
  errorFindings: number;
  notEvaluatedFindings: number;
  accountsWithErrors: number;
  /** ERROR causes first, then NOT_EVALUATED, each by number of findings. */
  causes: Capped<UnprovenCauseView>;
  /** Controls with no finding at all (nothing was collected for them). */
  withoutEvidence: Capped<ControlBrief>;
}

export interface TrendPoint {
  runId: string;
  finishedAt: TimeText;
  metRatio: number;
  metPercent: string;
  current: boolean;
}

export interface HistoryView {
  frameworks: { id: string; name: string; points: TrendPoint[]; delta: string | null }[];
  changes: {
    newlyFailing: Capped<ControlBrief>;
    newlyPassing: Capped<ControlBrief>;
    newResources: Capped<ResourceView>;
  } | null;
}

export interface EvidenceEntryView {
  id: string;
  path: string;
  sha256: string;
  source: string;
  operation: string;
  accountId: string;
  region: string;
  collectedAt: string;
  errorCode: string | null;
}

export interface AppendixView {
  entries: Capped<EvidenceEntryView>;
  bySource: { source: string; count: number }[];
  failedCalls: number;
}

/** A control the run did not assess because it does not apply, with why and who said so. */
export interface NotApplicableView extends ControlBrief {
  frameworkName: string;
  applicability: ControlApplicability;
}

/** A supporting evidence query of a control, with its own status (worst over the scopes it ran in). */
export interface SupportingEvidenceView {
  queryKey: string;
  kind: EvidenceKind;
  title: string;
  rationale: string | null;
  status: Status;
  statusLabel: string;
  statusColor: string;
  /** Findings (scopes) of the query for this control, and how many failed. */
  findings: number;
  failing: number;
}

/** A control with supporting evidence: its verdict (from decisive evidence only) and the supporting queries. */
export interface SupportedControlView extends ControlBrief {
  supporting: SupportingEvidenceView[];
}

/** One row of the Statement of Applicability: an ISO/IEC 27001:2022 Annex A control. */
export interface SoaEntryView extends ControlBrief {
  /** The Annex A theme (group id), e.g. `organizational`. */
  theme: string | null;
  applicable: boolean;
  /** Why the control is excluded (the profile's declaration), or why it is included. */
  justification: string;
  approver: string | null;
  date: string | null;
  /** The control's verdict in this run: its implementation status as far as the evidence shows. */
  reason: string;
  evidence: EvidenceRefView[];
}

/** The Statement of Applicability of an ISO/IEC 27001:2022 run (also written as reports/statement-of-applicability.csv). */
export interface SoaView {
  frameworkId: string;
  name: string;
  version: string;
  entries: SoaEntryView[];
  applicable: number;
  excluded: number;
  /** Verdicts of the applicable controls, in display order. */
  counts: StatusCount[];
}

/**
 * Where a control's findings are: the worst status of its findings in each account (sorted by account), so
 * a filter on "status S in account A" answers from the findings themselves; and the regions.
 */
export interface ControlScopeView {
  anchor: string;
  accountStatus: { accountId: string; status: Status }[];
  regions: string[];
}

/** One conformance pack `packs generate --missing-from` this run would write. */
export interface DeployPackView {
  name: string;
  /** `every region`, or `home region` for rules on global resources. */
  reach: string;
  rules: number;
  /** Controls with a finding this run could not evaluate because one of the pack's rules is not deployed. */
  controls: number;
  /** The managed rule identifiers (capped). */
  ruleIds: Capped<string>;
}

/** "What to deploy": the managed rules the run found missing, as the packs that would deploy them. */
export interface DeployView {
  /** Missing managed rules, and the deciding findings they left NOT EVALUATED. */
  missingRules: number;
  findings: number;
  /** Distinct controls with such a finding. */
  controls: number;
  packs: DeployPackView[];
  /** The commands that generate exactly these packs, show what deploying them changes, and deploy them. */
  generate: string;
  dryRun: string;
  deploy: string;
  /** Set when the packs could not be planned (a catalogue problem): said, never hidden. */
  problem: string | null;
  /** Every missing rule's pack, by rule identifier (findings.csv names it on each such finding). */
  packOfRule: Record<string, string>;
}

export interface ReportView {
  cover: CoverView;
  legend: { status: Status; label: string; color: string; meaning: string }[];
  summary: SummaryView;
  responsibility: ResponsibilityView[];
  frameworks: FrameworkControlsView[];
  /** The worst failing controls in detail. */
  failing: Capped<FailingControlView>;
  /** The failing controls after those, one line each (same order). */
  failingRest: Capped<TopFailingControl>;
  attestations: Capped<AttestationView>;
  /** Per person, over every attestation awaiting action (exact counts, whatever `attestations` is capped at). */
  attestationOwners: AttestationOwnerView[];
  /** Every attestation with when it is due (awaited and lapsed now; current ones on renewal), by month. */
  attestationCalendar: AttestationCalendarView;
  unproven: UnprovenView;
  /** Null when the run found every managed rule it needs deployed. */
  deploy: DeployView | null;
  history: HistoryView | null;
  appendix: AppendixView;
  filters: {
    frameworks: { id: string; name: string }[];
    accounts: Capped<string>;
    /** Per control (by anchor), for the accounts listed above only (so bounded like them). */
    controls: ControlScopeView[];
  };
  /** Every NOT_APPLICABLE-by-declaration control, with its justification (never capped: the profile lists them). */
  notApplicable: NotApplicableView[];
  /** Controls with supporting evidence and how it stood: shown with its status, never part of the verdict. */
  supporting: Capped<SupportedControlView>;
  /** The Statement of Applicability, when the run includes ISO/IEC 27001:2022; null otherwise. */
  soa: SoaView | null;
}
