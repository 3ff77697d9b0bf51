// The kinds of evidence query a control can name (DESIGN.md "evidence query").

export const EVIDENCE_KINDS = [
  'config-rule',
  'config-query',
  'conformance-pack',
  'audit-manager',
  'artifact-report',
  'artifact-agreement',
  'manual',
] as const;

export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** Kinds answered by calling an AWS API (everything but manual attestations). */
export function isAutomated(kind: EvidenceKind): boolean {
  return kind !== 'manual';
}
