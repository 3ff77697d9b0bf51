// Resolve the accounts a profile covers: an explicit list, or every ACTIVE account of the organisation
// (Organizations ListAccounts from the management account), minus exclusions. Recorded as evidence. A caller
// may hear each page's accounts as it arrives (a cluster run starts collecting them before the listing ends).

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
 * Hears the in-scope accounts of each page of the listing as it arrives, in the listing's order (an explicit
 * list: once, whole). Called one page at a time; the listing does not wait for it, but discoverAccounts resolves
 * only once every call has, and rejects with the first call's error.
 */
export type OnAccountsPage = (accounts: string[]) => Promise<void>;

/**
 * The accounts in scope. Throws RunError when the organisation cannot be listed (nothing to collect). The
 * caller's account (sts:GetCallerIdentity) only labels the listing's evidence, so the listing's first page is
 * asked beside it rather than after it.
 */
export async function discoverAccounts(
  scope: ProfileScope,
  caller: string | Promise<string>,
  ctx: CollectContext,
  onPage?: OnAccountsPage,
): Promise<DiscoveredAccounts> {
  const exclude = new Set(scope.excludeAccounts);
  if (scope.accounts !== 'organization') {
    const accounts = scope.accounts.filter((a) => !exclude.has(a));
    if (onPage && accounts.length) await onPage([...accounts]);
    return {
      accounts,
      names: {},
      outOfScope: scope.accounts.filter((a) => exclude.has(a)).map(excluded),
      records: [],
    };
  }
  // Pages are handed on in order, one at a time, while the next page is asked for.
  let delivered: Promise<void> = Promise.resolve();
  const deliver = (page: ListAccountsCommandOutput) => {
    if (!onPage) return;
    const inScope = sortPage(page, exclude, { accounts: [], names: {}, outOfScope: [] }).accounts;
    if (!inScope.length) return;
    delivered = delivered.then(() => onPage(inScope));
    delivered.catch(() => {}); // awaited below
  };
  const client = ctx.clients.organizations();
  let firstPage: Promise<ListAccountsCommandOutput> | undefined = client.send(new ListAccountsCommand({}), {
    abortSignal: ctx.signal,
  });
  // Handled where it is used; a caller that cannot be identified fails the run before that.
  firstPage.catch(() => {});
  const callerAccountId = await caller;
  let handOnFailed: { err: unknown } | undefined;
  const run = await recordPages<Record<string, never>, ListAccountsCommandOutput>(ctx, {
    taskId: 'organization',
    accountId: callerAccountId,
    region: GLOBAL_REGION,
    service: 'organizations',
    operation: 'ListAccounts',
    parameters: {},
    send: async (params, abortSignal) => {
      const first = firstPage;
      firstPage = undefined;
      const page = await (first && !('NextToken' in params)
        ? first
        : client.send(new ListAccountsCommand(params), { abortSignal }));
      deliver(page);
      return page;
    },
  }).finally(() =>
    // However the listing ended, a caller still busy with a page is done before that is told (it may clean up).
    delivered.catch((err: unknown) => {
      handOnFailed = { err };
    }),
  );
  if (run.failed) {
    const err = run.records.at(-1)?.error;
    throw new RunError(
      'ORGANIZATION_UNAVAILABLE',
      `Could not list the organisation's accounts: ${err?.code ?? 'error'}: ${err?.message ?? ''}`,
      // A page that could not be handed on either is kept as the cause, not dropped.
      { context: { accountId: callerAccountId }, ...(handOnFailed ? { cause: handOnFailed.err } : {}) },
    );
  }
  if (handOnFailed) throw handOnFailed.err;
  return { ...accountsOfPages(run.pages, exclude), records: run.records };
}

/**
 * The accounts of a whole listing, each once: in scope (sorted), their names, and those out of scope with
 * why. An organisation that changes while it is listed can name an account twice, even in two states: once
 * out of scope anywhere, it is out of scope (a cluster run that queued it early then fails PLAN_MISMATCH),
 * and the last reason given for it stands.
 */
export function accountsOfPages(
  pages: readonly ListAccountsCommandOutput[],
  exclude: ReadonlySet<string>,
): Omit<DiscoveredAccounts, 'records'> {
  const sorted: Sorted = { accounts: [], names: {}, outOfScope: [] };
  for (const page of pages) sortPage(page, exclude, sorted);
  const outOfScope = [...new Map(sorted.outOfScope.map((o) => [o.accountId, o])).values()];
  const out = new Set(outOfScope.map((o) => o.accountId));
  const accounts = [...new Set(sorted.accounts)].filter((a) => !out.has(a));
  outOfScope.sort((x, y) => x.accountId.localeCompare(y.accountId));
  return { accounts: accounts.sort(), names: sorted.names, outOfScope };
}

type Sorted = Pick<DiscoveredAccounts, 'accounts' | 'names' | 'outOfScope'>;

/** Sort one page's accounts into `into` (in scope, or out of it with why); returns `into`. */
function sortPage(page: ListAccountsCommandOutput, exclude: ReadonlySet<string>, into: Sorted): Sorted {
  for (const a of page.Accounts ?? []) {
    if (!a.Id) continue;
    if (exclude.has(a.Id)) {
      into.outOfScope.push({ ...excluded(a.Id), ...(a.Name ? { name: a.Name } : {}) });
      continue;
    }
    // `State` is the current field; `Status` (deprecated) has no CLOSED. Anything but ACTIVE cannot be
    // assessed (a suspended account's role cannot be assumed), so it is listed, with its state, not dropped.
    const state = a.State ?? a.Status;
    if (state !== undefined && state !== 'ACTIVE') {
      into.outOfScope.push({
        accountId: a.Id,
        ...(a.Name ? { name: a.Name } : {}),
        state,
        reason: `The account is ${state} in AWS Organizations, so it cannot be assessed`,
      });
      continue;
    }
    into.accounts.push(a.Id);
    if (a.Name) into.names[a.Id] = a.Name;
  }
  return into;
}

function excluded(accountId: string): OutOfScopeAccount {
  return { accountId, state: 'EXCLUDED', reason: 'Excluded by the profile (scope.excludeAccounts)' };
}
