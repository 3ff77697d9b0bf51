// Which controls each evidence query serves: the join from query verdicts to findings.

import { applicabilityKey, type NotApplicableMap } from '../catalog/applicability.js';
import { type Catalog, type Framework, queryKeyOf } from '../catalog/types.js';
import type { EvidenceRole } from '../core/evidence-role.js';
import type { Finding, QueryResult } from '../core/finding.js';
import type { Severity } from '../core/severity.js';

export interface ControlUse {
  frameworkId: string;
  controlId: string;
  ref: string;
  /** How the control's evidence reference weighs this query. */
  role: EvidenceRole;
  severity?: Severity;
}

/** queryKey → every control (in every framework of the run) that names it. */
export type FindingIndex = ReadonlyMap<string, readonly ControlUse[]>;

/**
 * Build the index for the frameworks of one run. Controls in `notApplicable` are left out: their evidence is
 * neither collected nor reported for them (each gets one NOT_APPLICABLE finding instead, `applicabilityFindings`).
 */
export function buildFindingIndex(
  frameworks: readonly Framework[],
  catalog: Catalog,
  notApplicable: NotApplicableMap = new Map(),
): FindingIndex {
  const index = new Map<string, ControlUse[]>();
  for (const fw of frameworks) {
    for (const control of fw.controls) {
      if (notApplicable.has(applicabilityKey(fw.id, control.id))) continue;
      for (const ref of control.evidence) {
        const key = queryKeyOf(ref, control);
        const q = catalog.queries.get(key);
        const use: ControlUse = {
          frameworkId: fw.id,
          controlId: control.id,
          ref: control.ref,
          role: ref.role,
        };
        if (q) use.severity = q.severity;
        const list = index.get(key) ?? [];
        list.push(use);
        index.set(key, list);
      }
    }
  }
  return index;
}

/** One finding per control that uses the verdict's query, weighed as that control's reference says. */
export function toFindings(result: QueryResult, index: FindingIndex): Finding[] {
  return (index.get(result.queryKey) ?? []).map((use) => {
    const f: Finding = {
      frameworkId: use.frameworkId,
      controlId: use.controlId,
      ref: use.ref,
      queryKey: result.queryKey,
      kind: result.kind,
      accountId: result.accountId,
      region: result.region,
      status: result.status,
      reason: result.reason,
      resources: result.resources,
      failingCount: result.failingCount,
      evidence: result.evidence,
      role: use.role,
    };
    if (result.failingCountAtLeast) f.failingCountAtLeast = true;
    if (result.notDeployed) f.notDeployed = true;
    if (use.severity) f.severity = use.severity;
    return f;
  });
}
