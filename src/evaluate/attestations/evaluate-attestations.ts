// Manual attestations, until attestation files are read: every procedural control awaits its owner.
// (Reading attestations from the attestation folder replaces this; see issue "Evidence beyond Config".)

import type { QueryResult } from '../../core/finding.js';
import type { AttestationsTask } from '../../plan/types.js';

/** MANUAL for every item: no attestation has been recorded, so the owner must be chased. */
export function evaluateAttestationsAwaiting(task: AttestationsTask): QueryResult[] {
  return task.items.map((item) => ({
    queryKey: `manual:${item.frameworkId}:${item.controlId}`,
    kind: 'manual',
    accountId: task.accountId,
    region: task.region,
    status: 'MANUAL',
    reason: `Awaiting attestation: ${item.title} (owner: ${item.ownerContact ?? item.owner})`,
    resources: [],
    failingCount: 0,
    evidence: [],
  }));
}
