// The one constructor of a QueryResult: every evaluator builds its verdicts here, so a verdict always carries its
// scope, its reason and the ids of the evidence it was read from.

import { parseQueryKey } from '../catalog/types.js';
import type { EvidenceRecord } from '../core/evidence-record.js';
import type { QueryResult } from '../core/finding.js';
import type { Status } from '../core/status.js';

/** Where a verdict applies: one account and region (or an aggregator's home scope). */
export interface VerdictScope {
  accountId: string;
  region: string;
}

/** A verdict for `queryKey` (`<kind>:<id>`) in `scope`, citing `evidence`; failing resources go in `extra`. */
export function verdict(
  queryKey: string,
  scope: VerdictScope,
  status: Status,
  reason: string,
  evidence: readonly EvidenceRecord[],
  extra: Partial<
    Pick<QueryResult, 'resources' | 'failingCount' | 'failingCountAtLeast' | 'notDeployed'>
  > = {},
): QueryResult {
  const out: QueryResult = {
    queryKey,
    kind: parseQueryKey(queryKey).kind,
    accountId: scope.accountId,
    region: scope.region,
    status,
    reason,
    resources: extra.resources ?? [],
    failingCount: extra.failingCount ?? 0,
    evidence: evidence.map((r) => r.id),
  };
  if (extra.failingCountAtLeast) out.failingCountAtLeast = true;
  if (extra.notDeployed) out.notDeployed = true;
  return out;
}
