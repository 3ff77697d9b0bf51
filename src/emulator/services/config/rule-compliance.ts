// A rule's compliance as AWS Config derives it from its evaluations.

import type { EvaluationState, RuleState } from '../../world/world-state.js';

/** AWS caps the contributor count it reports at 100. */
export const CONTRIBUTOR_CAP = 100;

export interface RuleCompliance {
  ComplianceType: 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE' | 'INSUFFICIENT_DATA';
  ComplianceContributorCount?: { CappedCount: number; CapExceeded: boolean };
}

/** NON_COMPLIANT if any resource is, else COMPLIANT if any is, else NOT_APPLICABLE; INSUFFICIENT_DATA without evaluations. */
export function ruleCompliance(rule: RuleState): RuleCompliance {
  return complianceOf(rule.evaluations);
}

/** The same derivation over any set of evaluations. */
export function complianceOf(evaluations: readonly EvaluationState[]): RuleCompliance {
  if (evaluations.length === 0) return { ComplianceType: 'INSUFFICIENT_DATA' };
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
  return { ComplianceType: 'NOT_APPLICABLE' };
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
