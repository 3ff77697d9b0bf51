// Resolve the accounts a profile covers: an explicit list, or every ACTIVE account of the organisation
// (Organizations ListAccounts from the management account), minus exclusions. Recorded as evidence.

import { ListAccountsCommand, type ListAccountsCommandOutput } from '@aws-sdk/client-organizations';
import type { ProfileScope } from '../catalog/types.js';
import { RunError } from '../core/errors.js';
import type { EvidenceRecord } from '../core/evidence-record.js';
import type { OutOfScopeAccount } from '../core/run-result.js';
import { GLOBAL_REGION } from '../core/scope.js';
import type { CollectContext } from './collect-context.js';
import { recordPages } from './record-call.js';

export interface DiscoveredAccounts {
  accounts: string[];
  /** Name per account, when Organizations told us. */
  names: Record<string, string>;
  /** Accounts left out, with their state: not ACTIVE in Organizations, or excluded by the profile. */
  outOfScope: OutOfScopeAccount[];
  records: EvidenceRecord[];
}

/**
 * The accounts in scope. Throws RunError when the organisation cannot be listed (nothing to collect). The
 * caller's account (sts:GetCallerIdentity) only labels the listing's evidence, so the listing's first page is
 * asked beside it rather than after it.
 */
export async function discoverAccounts(
  scope: ProfileScope,
  caller: string | Promise<string>,
  ctx: CollectContext,
): Promise<DiscoveredAccounts> {
  const exclude = new Set(scope.excludeAccounts);
  if (scope.accounts !== 'organization') {
    return {
      accounts: scope.accounts.filter((a) => !exclude.has(a)),
      names: {},
      outOfScope: scope.accounts.filter((a) => exclude.has(a)).map(excluded),
      records: [],
    };
  }
  const client = ctx.clients.organizations();
  let firstPage: Promise<ListAccountsCommandOutput> | undefined = client.send(new ListAccountsCommand({}), {
    abortSignal: ctx.signal,
  });
  // Handled where it is used; a caller that cannot be identified fails the run before that.
  firstPage.catch(() => {});
  const callerAccountId = await caller;
  const run = await recordPages<Record<string, never>, ListAccountsCommandOutput>(ctx, {
    taskId: 'organization',
    accountId: callerAccountId,
    region: GLOBAL_REGION,
    service: 'organizations',
    operation: 'ListAccounts',
    parameters: {},
    send: (params, abortSignal) => {
      const first = firstPage;
      firstPage = undefined;
      return first && !('NextToken' in params)
        ? first
        : client.send(new ListAccountsCommand(params), { abortSignal });
    },
  });
  if (run.failed) {
    const err = run.records.at(-1)?.error;
    throw new RunError(
      'ORGANIZATION_UNAVAILABLE',
      `Could not list the organisation's accounts: ${err?.code ?? 'error'}: ${err?.message ?? ''}`,
      {
        context: { accountId: callerAccountId },
      },
    );
  }
  const names: Record<string, string> = {};
  const accounts: string[] = [];
  const outOfScope: OutOfScopeAccount[] = [];
  for (const page of run.pages) {
    for (const a of page.Accounts ?? []) {
      if (!a.Id) continue;
      if (exclude.has(a.Id)) {
        outOfScope.push({ ...excluded(a.Id), ...(a.Name ? { name: a.Name } : {}) });
        continue;
      }
      // `State` is the current field; `Status` (deprecated) has no CLOSED. Anything but ACTIVE cannot be
      // assessed (a suspended account's role cannot be assumed), so it is listed, with its state, not dropped.
      const state = a.State ?? a.Status;
      if (state !== undefined && state !== 'ACTIVE') {
        outOfScope.push({
          accountId: a.Id,
          ...(a.Name ? { name: a.Name } : {}),
          state,
          reason: `The account is ${state} in AWS Organizations, so it cannot be assessed`,
        });
        continue;
      }
      accounts.push(a.Id);
      if (a.Name) names[a.Id] = a.Name;
    }
  }
  outOfScope.sort((x, y) => x.accountId.localeCompare(y.accountId));
  return { accounts: accounts.sort(), names, outOfScope, records: run.records };
}

function excluded(accountId: string): OutOfScopeAccount {
  return { accountId, state: 'EXCLUDED', reason: 'Excluded by the profile (scope.excludeAccounts)' };
}
