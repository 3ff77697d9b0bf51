// The one Finding shape every evidence source produces, and the roll-ups built from findings.

import type { EvidenceKind } from './evidence-kind.js';
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
  /** Ids of the evidence records this verdict was read from. */
  evidence: string[];
}

/** One control × evidence query × scope verdict: a QueryResult joined to one control that uses the query. */
export interface Finding extends QueryResult {
  frameworkId: string;
  controlId: string;
  ref: string;
  severity?: Severity;
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
  /** Highest severity among the control's failing findings. */
  severity?: Severity;
  counts: Record<Status, number>;
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
