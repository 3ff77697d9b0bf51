// Which accounts the run could read at all: the difference between "some evidence is missing" and "no account
// answered" (a run that read nothing must not look like a completed assessment: `collect` exits 3).

import type { EvidenceIndexEntry } from '../core/run-result.js';

export interface AccountReach {
  /** Accounts the run asked something of (AWS calls scoped to the account, AssumeRole included). */
  asked: string[];
  /** Of those, the accounts where nothing but AssumeRole succeeded: no evidence could be read from them. */
  unreadable: string[];
}

/**
 * Read the evidence index: an account is read when at least one AWS call scoped to it (other than STS and
 * Organizations, which prove access, not evidence) succeeded.
 */
export function accountReach(
  accounts: readonly string[],
  evidence: readonly Pick<EvidenceIndexEntry, 'source' | 'service' | 'accountId' | 'errorCode'>[],
): AccountReach {
  const inScope = new Set(accounts);
  const asked = new Set<string>();
  const read = new Set<string>();
  for (const e of evidence) {
    if (e.source !== 'aws' || e.service === 'organizations' || !inScope.has(e.accountId)) continue;
    asked.add(e.accountId);
    if (e.service !== 'sts' && e.errorCode === undefined) read.add(e.accountId);
  }
  const sorted = [...asked].sort();
  return { asked: sorted, unreadable: sorted.filter((a) => !read.has(a)) };
}

/** True when the run asked accounts for evidence and not one of them answered. */
export function noAccountRead(reach: AccountReach): boolean {
  return reach.asked.length > 0 && reach.unreadable.length === reach.asked.length;
}
