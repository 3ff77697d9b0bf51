// The kinds of evidence query a control can name (DESIGN.md "evidence query").

export const EVIDENCE_KINDS = [
  'config-rule',
  'config-query',
  'conformance-pack',
  'audit-manager',
  'artifact-report',
  'artifact-agreement',
  'securityhub-control',
  'securityhub-findings',
  'manual',
  // Not a query a control can name: the kind of the one finding that records a control's declared
  // non-applicability (a profile's Statement of Applicability, or an entity the control does not apply to).
  'applicability',
] as const;

export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** Kinds answered by calling an AWS API (everything but manual attestations and applicability records). */
export function isAutomated(kind: EvidenceKind): boolean {
  return kind !== 'manual' && kind !== 'applicability';
}
