// What a Config compliance type means as a verdict — shared by the per-account and the aggregator paths.

import type { Status } from '../../core/status.js';

/** COMPLIANT → PASS, NON_COMPLIANT → FAIL, NOT_APPLICABLE → NOT_APPLICABLE, anything else (INSUFFICIENT_DATA, none) → NOT_EVALUATED. */
export function statusOfCompliance(type: string | undefined): Status {
  switch (type) {
    case 'COMPLIANT':
      return 'PASS';
    case 'NON_COMPLIANT':
      return 'FAIL';
    case 'NOT_APPLICABLE':
      return 'NOT_APPLICABLE';
    default:
      return 'NOT_EVALUATED';
  }
}

/** The reason of a FAIL verdict for a rule. */
export function failReason(
  count: number,
  atLeast: boolean,
  label: string,
  where: string,
  extra = '',
): string {
  return `${atLeast ? 'at least ' : ''}${count} resource${count === 1 ? ' is' : 's are'} NON_COMPLIANT with ${label} in ${where}${extra}`;
}
