// When an attestation falls due, read from its finding. The attestation evaluator states the dates in its
// reasons ("… current until 2027-03-14", "… expired on 2026-09-01"); findings carry no date field, so this
// reads exactly those phrases. test/unit/render/attestation-calendar.test.ts runs the real evaluator, so a
// change of its wording fails there instead of silently dropping the dates.

const CURRENT_UNTIL = /\bcurrent until (\d{4}-\d{2}-\d{2})\b/;
const EXPIRED_ON = /\bexpired on (\d{4}-\d{2}-\d{2})\b/;

/** The day a current (PASS) attestation must be renewed by, or null when its reason names none. */
export function renewalDate(reason: string): string | null {
  return validDay(CURRENT_UNTIL.exec(reason)?.[1]);
}

/** The day a lapsed (FAIL) attestation expired, or null when it failed for another reason. */
export function expiryDate(reason: string): string | null {
  return validDay(EXPIRED_ON.exec(reason)?.[1]);
}

function validDay(day: string | undefined): string | null {
  return day && !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) ? day : null;
}
