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

/**
 * How many distinct resources fail, from AWS's per-deployment counts and the listed resources. A rule
 * deployed twice (own + conformance pack, Security Hub, Control Tower) evaluates the same resources twice, so
 * the counts are never added: a complete listing (deduplicated by resource) is exact; otherwise the largest
 * single count is a lower bound whenever it may be short — capped at 100 by AWS, or one of several
 * deployments whose failures may or may not overlap.
 */
export function distinctFailing(
  counts: readonly number[],
  capped: boolean,
  listed: { total: number; complete: boolean },
): { count: number; atLeast: boolean } {
  const largest = Math.max(0, ...counts);
  const count = Math.max(largest, listed.total);
  if (listed.complete) return { count, atLeast: false };
  return { count, atLeast: capped || counts.length > 1 };
}
