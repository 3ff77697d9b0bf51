// The one Finding shape every evidence source produces, and the roll-ups built from findings.

import type { EvidenceKind } from './evidence-kind.js';
import type { EvidenceRole } from './evidence-role.js';
import type { Responsibility } from './responsibility.js';
import type { Severity } from './severity.js';
import type { Status } from './status.js';

/** A resource named by evidence, usually one that fails a check. */
export interface ResourceRef {
  accountId: string;
  region: string;
  resourceType: string;
  resourceId: string;
  /** Why this resource is listed, when the source says (e.g. a Config annotation). */
  annotation?: string;
}

/**
 * The verdict of one evidence query in one scope, before it is joined to controls.
 * A query shared by many controls is evaluated once and yields one QueryResult per scope.
 */
export interface QueryResult {
  /** `<kind>:<id>`, e.g. `config-rule:ENCRYPTED_VOLUMES`. */
  queryKey: string;
  kind: EvidenceKind;
  accountId: string;
  region: string;
  status: Status;
  reason: string;
  /** Failing (or, for inventories, matching) resources; capped, see `failingCount`. */
  resources: ResourceRef[];
  /** How many resources failed in total, even when `resources` was capped. */
  failingCount: number;
  /**
   * Set when `failingCount` is a lower bound: AWS capped its count (at 100) and the failing resources could
   * not all be listed, so "at least `failingCount`" is all the evidence shows. Absent means exact.
   */
  failingCountAtLeast?: true;
  /**
   * Set on a NOT_EVALUATED managed-rule verdict when the rule is not deployed in the scope at all (as opposed to
   * deployed but not yet evaluated), so reports can name the conformance pack that would deploy it.
   */
  notDeployed?: true;
  /** Ids of the evidence records this verdict was read from. */
  evidence: string[];
}

/** One control × evidence query × scope verdict: a QueryResult joined to one control that uses the query. */
export interface Finding extends QueryResult {
  frameworkId: string;
  controlId: string;
  ref: string;
  severity?: Severity;
  /**
   * How the evidence weighs for this control (the control's evidence reference says): only `decisive` findings
   * decide the control's verdict; `supporting` ones keep their own status and are reported, nothing more.
   * Every finding this version writes carries it; findings files written before roles existed lack it, and
   * readers treat a missing role as decisive (`isDecisive`).
   */
  role?: EvidenceRole;
}

/** Why a control is NOT_APPLICABLE for this run: declared in the profile, or outside the entity the profile is. */
export interface ControlApplicability {
  /** `profile`: the profile's `notApplicable` declaration; `entity`: the control's `appliesTo` excludes the profile's entity. */
  source: 'profile' | 'entity';
  justification: string;
  /** Who approved the exclusion (profile declarations). */
  approver?: string;
  /** When it was approved, `YYYY-MM-DD` (profile declarations). */
  date?: string;
  /** The entity the profile declares for this framework, when it declares one. */
  entity?: string;
}

/** A control's verdict over all of its findings. */
export interface ControlResult {
  frameworkId: string;
  controlId: string;
  ref: string;
  title: string;
  responsibility: Responsibility;
  status: Status;
  reason: string;
  /** Highest severity among the control's failing decisive findings. */
  severity?: Severity;
  /** Decisive findings by status: the ones the verdict was rolled up from. */
  counts: Record<Status, number>;
  /** Supporting findings by status: reported with their own status, never part of the verdict. */
  supportingCounts?: Record<Status, number>;
  /** Present when the control is NOT_APPLICABLE by declaration: why, and who approved it. */
  applicability?: ControlApplicability;
}

/** A framework's roll-up: how many controls are in each status. */
export interface FrameworkResult {
  frameworkId: string;
  name: string;
  version: string;
  controls: number;
  counts: Record<Status, number>;
  /** Controls met ÷ controls that apply (NOT_APPLICABLE excluded); 0 when none apply. */
  metRatio: number;
}
