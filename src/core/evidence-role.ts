// How much one piece of evidence weighs for its control: the one rule about which findings decide a verdict.

/**
 * `decisive`: its failure means the control is not met, and the control's verdict rolls up only these.
 * `supporting`: shown with its own status in every report, never changes the control's verdict.
 */
export const EVIDENCE_ROLES = ['decisive', 'supporting'] as const;
export type EvidenceRole = (typeof EVIDENCE_ROLES)[number];

/** Whether a finding decides its control's verdict (findings written before roles existed were all decisive). */
export function isDecisive(f: { role?: EvidenceRole }): boolean {
  return f.role !== 'supporting';
}
