// One NOT_APPLICABLE finding per control that does not apply to the run, carrying its justification, so the
// exclusion is in findings.jsonl, findings.csv and every report, not only in the profile.

import { applicabilityKey, type NotApplicableMap, notApplicableReason } from '../catalog/applicability.js';
import type { Framework } from '../catalog/types.js';
import type { Finding } from '../core/finding.js';
import { GLOBAL_REGION, ORGANIZATION_ACCOUNT } from '../core/scope.js';

/** The findings that record each not-applicable control of `frameworks`, in framework and control order. */
export function applicabilityFindings(
  frameworks: readonly Framework[],
  notApplicable: NotApplicableMap,
): Finding[] {
  const out: Finding[] = [];
  for (const fw of frameworks) {
    for (const c of fw.controls) {
      const a = notApplicable.get(applicabilityKey(fw.id, c.id));
      if (!a) continue;
      out.push({
        frameworkId: fw.id,
        controlId: c.id,
        ref: c.ref,
        queryKey: `applicability:${fw.id}:${c.id}`,
        kind: 'applicability',
        accountId: ORGANIZATION_ACCOUNT,
        region: GLOBAL_REGION,
        status: 'NOT_APPLICABLE',
        reason: notApplicableReason(a),
        resources: [],
        failingCount: 0,
        evidence: [],
        role: 'decisive',
      });
    }
  }
  return out;
}
