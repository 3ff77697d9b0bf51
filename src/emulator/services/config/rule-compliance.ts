// A rule's compliance as AWS Config derives it from its evaluations. At rule level AWS answers only COMPLIANT,
// NON_COMPLIANT or INSUFFICIENT_DATA: its model says Config "does not support the NOT_APPLICABLE value for the
// Compliance data type", so a rule whose evaluations are all NOT_APPLICABLE (no resource in scope) is
// INSUFFICIENT_DATA, exactly like a rule that has not evaluated anything yet.

import type { EvaluationState, RuleState } from '../../world/world-state.js';

/** AWS caps the contributor count it reports at 100. */
export const CONTRIBUTOR_CAP = 100;

export interface RuleCompliance {
  ComplianceType: 'COMPLIANT' | 'NON_COMPLIANT' | 'INSUFFICIENT_DATA';
  ComplianceContributorCount?: { CappedCount: number; CapExceeded: boolean };
}

/** NON_COMPLIANT if any resource is, else COMPLIANT if any is, else INSUFFICIENT_DATA (none, or all NOT_APPLICABLE). */
export function ruleCompliance(rule: RuleState): RuleCompliance {
  return complianceOf(rule.evaluations);
}

/** The same derivation over any set of evaluations. */
export function complianceOf(evaluations: readonly EvaluationState[]): RuleCompliance {
  const failing = evaluations.filter((e) => e.compliance === 'NON_COMPLIANT').length;
  if (failing > 0) {
    return {
      ComplianceType: 'NON_COMPLIANT',
      ComplianceContributorCount: {
        CappedCount: Math.min(failing, CONTRIBUTOR_CAP),
        CapExceeded: failing > CONTRIBUTOR_CAP,
      },
    };
  }
  if (evaluations.some((e) => e.compliance === 'COMPLIANT')) return { ComplianceType: 'COMPLIANT' };
  return { ComplianceType: 'INSUFFICIENT_DATA' };
}

/** Evaluations in a stable order (resource type, then id). */
export function sortedEvaluations(rule: RuleState): EvaluationState[] {
  return [...rule.evaluations].sort((a, b) =>
    a.resourceType === b.resourceType
      ? a.resourceId < b.resourceId
        ? -1
        : a.resourceId > b.resourceId
          ? 1
          : 0
      : a.resourceType < b.resourceType
        ? -1
        : 1,
  );
}
