// Evidentia's verdicts in Security Hub's vocabulary. Compliance.Status is read against AWS's own definitions:
// PASSED "check passed", FAILED "check failed", WARNING "some information is missing or this check is not
// supported for your configuration", NOT_AVAILABLE "check could not be performed due to a service outage, API
// error, or because the result … was NOT_APPLICABLE". Only a met control (isMet) ever becomes PASSED.

import type { Severity } from '../../core/severity.js';
import type { Status } from '../../core/status.js';

export type ComplianceStatus = 'PASSED' | 'FAILED' | 'WARNING' | 'NOT_AVAILABLE';
export type SeverityLabel = 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';

/** Compliance.Status for every verdict (typed over all of them, so a new status breaks the build until mapped). */
export const COMPLIANCE_STATUS: Record<Status, ComplianceStatus> = {
  PASS: 'PASSED',
  // Met by AWS's side of the shared model, backed by a current Artifact report: met, as in every report.
  INHERITED: 'PASSED',
  FAIL: 'FAILED',
  // The evidence could not be read (an API error): AWS's own words for NOT_AVAILABLE.
  ERROR: 'NOT_AVAILABLE',
  // Nothing to evaluate (rule not deployed, no data): information is missing, so WARNING.
  NOT_EVALUATED: 'WARNING',
  // Awaiting a person's attestation: information is missing, so WARNING.
  MANUAL: 'WARNING',
  // Declared out of scope: Security Hub reports a NOT_APPLICABLE evaluation as NOT_AVAILABLE.
  NOT_APPLICABLE: 'NOT_AVAILABLE',
};

const LABEL_OF: Record<Severity, SeverityLabel> = {
  critical: 'CRITICAL',
  high: 'HIGH',
  medium: 'MEDIUM',
  low: 'LOW',
};

/**
 * Severity label: a failing control keeps its check's severity (MEDIUM when none is set); an unproven one is
 * MEDIUM ("must be addressed but not urgently": collect the evidence); met and not-applicable ones are
 * INFORMATIONAL ("no issue was found").
 */
export function severityLabel(status: Status, severity: Severity | undefined): SeverityLabel {
  if (status === 'FAIL') return severity ? LABEL_OF[severity] : 'MEDIUM';
  if (status === 'PASS' || status === 'INHERITED' || status === 'NOT_APPLICABLE') return 'INFORMATIONAL';
  return 'MEDIUM';
}
