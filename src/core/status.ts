// The verdict vocabulary shared by every stage, and the one rule about which verdicts count as met.

/** Every verdict a finding, a control or a framework can carry. */
export const STATUSES = [
  'PASS',
  'FAIL',
  'ERROR',
  'NOT_EVALUATED',
  'MANUAL',
  'INHERITED',
  'NOT_APPLICABLE',
] as const;

export type Status = (typeof STATUSES)[number];

/**
 * Only these ever count as a control being met (DESIGN.md: "Only PASS and a current INHERITED"). NOT_APPLICABLE
 * is neither met nor failing: it leaves the control out of the share met (`metRatio`) and out of `--fail-on`.
 */
export function isMet(status: Status): boolean {
  return status === 'PASS' || status === 'INHERITED';
}

/**
 * How bad a status is when several findings roll up into one control verdict: the highest rank wins.
 * A FAIL outranks an ERROR (we know something is wrong), an ERROR outranks NOT_EVALUATED (we tried and
 * could not tell), and anything unproven outranks a pass.
 */
export const STATUS_RANK: Record<Status, number> = {
  FAIL: 6,
  ERROR: 5,
  NOT_EVALUATED: 4,
  MANUAL: 3,
  PASS: 2,
  INHERITED: 1,
  NOT_APPLICABLE: 0,
};

/** One-line meaning of each status, for reports and docs. */
export const STATUS_MEANING: Record<Status, string> = {
  PASS: 'Evidence shows the control is met',
  FAIL: 'Evidence shows the control is not met',
  ERROR: 'Evidence could not be collected; the control is unproven',
  NOT_EVALUATED: 'Nothing was evaluated (rule not deployed, no data); the control is unproven',
  MANUAL: 'Awaiting a manual attestation',
  INHERITED: "Met by AWS's side of the shared responsibility model, backed by a current AWS Artifact report",
  NOT_APPLICABLE:
    'Does not apply: declared not applicable in the profile (with its justification and approver) or outside the entity the organisation is; never counted as met (a check that only found no resource in scope leaves its control Not evaluated)',
};

/** The worst of several statuses (for roll-ups); NOT_APPLICABLE when there is nothing. */
export function worstStatus(statuses: Iterable<Status>): Status {
  let worst: Status = 'NOT_APPLICABLE';
  for (const s of statuses) if (STATUS_RANK[s] > STATUS_RANK[worst]) worst = s;
  return worst;
}

/** An empty per-status counter. */
export function emptyCounts(): Record<Status, number> {
  return { PASS: 0, FAIL: 0, ERROR: 0, NOT_EVALUATED: 0, MANUAL: 0, INHERITED: 0, NOT_APPLICABLE: 0 };
}
