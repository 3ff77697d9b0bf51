// The ideal lower bound on a collection's wall time, from the same parameters as the run: no schedule can
// beat the time the calls take at the permitted concurrency, nor an account's calls at its rate limit, nor the
// order the work forces (an account's calls need its credentials, its credentials need its id, and the
// organisation's account list arrives one page after another).
//
// The calls are the minimum calls (bench/minimum-calls.ts), so the bound is the fastest any schedule of exactly
// those calls could be: it also respects the order they force among themselves — a page needs the previous
// page's token, a rule's compliance needs its name from the rule listing, its failing resources need its
// compliance (the account's `chain`, counted at the least).
//
// Every term is a lower bound by itself, so their maximum is one too. The caller's own calls (GetCallerIdentity,
// ListAccounts, AssumeRole) have their own terms: they run under the caller's credentials and gate key, outside
// the global limit (src/aws/call-gate.ts), so they are neither charged to an account's concurrency nor to the
// global term. A rate limit is the account's, though, whoever's gate a call passes: the caller's calls are
// made in the caller's account and take tokens from its bucket, before its own member calls.
//
// An account's calls here include those the world answers with an error that the plan cannot do without (a
// Security Hub task's one GetEnabledStandards where no hub is enabled: `refused` in bench/minimum-calls.ts).
// The API-call count leaves them out, as the emulator counts them failed, but each is sent, waits its call
// time in a slot, and takes a token from its account's rate like any other, so a schedule that pretended they
// cost nothing would be one no run can follow.
//
// A run across several workers (BullMQ) adds one term: each account is collected by one account job, and the
// cluster runs at most `accountJobs` of them at once (workers × cluster.queue.concurrency), so the accounts'
// job time — its AssumeRole, then its calls at per-account concurrency or its chain, whichever is longer — is
// shared among that many slots.

import type { MinimumCalls } from './minimum-calls.js';

export interface BoundInput {
  minimum: MinimumCalls;
  latencyMs: number;
  /** Calls in flight at once, in all (the profile's `concurrency.global`). */
  global: number;
  /** Calls in flight at once per account, and for the caller's own gate key (`concurrency.perAccount`). */
  perAccount: number;
  rateLimit?: { requestsPerSecond: number; burst?: number };
  /** The account the caller's credentials belong to: under a rate limit, its bucket also serves the caller's calls. */
  callerAccountId?: string;
  /**
   * AssumeRole calls in flight at once through the caller's gate; default `perAccount` (one process, one
   * gate). A cluster has a caller gate per account job: workers × queue concurrency × perAccount.
   */
  callerConcurrency?: number;
  /** Account jobs in flight at once across the cluster (workers × cluster.queue.concurrency); none: one process. */
  accountJobs?: number;
}

export type BoundTerm =
  | 'caller'
  | 'assume-role'
  | 'global'
  | 'per-account'
  | 'chain'
  | 'rate'
  | 'account-jobs';

export interface IdealBound {
  /** The bound: the largest of the terms below, in milliseconds. */
  ms: number;
  /** The term that sets it. */
  binding: BoundTerm;
  /** The account list, page after page (each page needs the previous page's token). */
  callerMs: number;
  /** The first page of the list, then every AssumeRole through the caller's gate at per-account concurrency. */
  assumeRoleMs: number;
  /** First page and one AssumeRole, then every member-account call ÷ global concurrency. */
  concurrencyMs: number;
  /** First page and its AssumeRole, then the busiest account's calls ÷ per-account concurrency. */
  perAccountMs: number;
  /** First page and its AssumeRole, then the longest chain of calls an account's collection forces. */
  chainMs: number;
  /**
   * The busiest bucket: an account's calls beyond its burst ÷ its rate limit, after the first page and its
   * AssumeRole; for the caller's account, also all its calls and the caller's beyond the burst ÷ the rate
   * (from the run's first call).
   */
  rateMs: number;
  /**
   * First page, then every account's job time — its AssumeRole, then its calls ÷ per-account concurrency or its
   * chain, whichever is longer — shared among the account jobs the cluster runs at once (0 for one process).
   */
  accountJobsMs: number;
  busiestAccount: string;
  busiestCalls: number;
}

/** Compute the bound. */
export function idealBound(p: BoundInput): IdealBound {
  const byAccount = sentByAccount(p.minimum);
  const [busiestAccount, busiestCalls] = Object.entries(byAccount).reduce(
    (best, e) => (e[1] > best[1] ? e : best),
    ['', 0] as [string, number],
  );
  const lat = p.latencyMs;
  const accountCalls = Object.values(byAccount).reduce((a, b) => a + b, 0);
  const { listAccountsPages, assumeRoles } = p.minimum.caller;
  // Before any member account's call: the list's first page (its id) and that account's AssumeRole.
  const ready = (listAccountsPages > 0 ? lat : 0) + (assumeRoles > 0 ? lat : 0);
  const callerMs = listAccountsPages * lat;
  const firstPage = listAccountsPages > 0 ? lat : 0;
  const assumeRoleMs = firstPage + (assumeRoles * lat) / (p.callerConcurrency ?? p.perAccount);
  const concurrencyMs = ready + (accountCalls * lat) / p.global;
  const perAccountMs = ready + (busiestCalls * lat) / p.perAccount;
  const chains = p.minimum.chainByAccount;
  const chainMs = ready + Math.max(0, ...Object.values(chains)) * lat;
  const burst = p.rateLimit ? (p.rateLimit.burst ?? Math.ceil(p.rateLimit.requestsPerSecond)) : 0;
  const rateMs = p.rateLimit ? rateTerm(p, byAccount, p.rateLimit.requestsPerSecond, burst, ready) : 0;
  // Each account's calls after its AssumeRole take at least calls ÷ per-account slots, and at least its chain.
  const jobCallTimes = Object.entries(byAccount).reduce(
    (sum, [account, calls]) => sum + Math.max(calls / p.perAccount, chains[account] ?? 0),
    0,
  );
  const accountJobsMs = p.accountJobs
    ? firstPage + (assumeRoles * lat + jobCallTimes * lat) / p.accountJobs
    : 0;
  const terms: Record<BoundTerm, number> = {
    caller: callerMs,
    'assume-role': assumeRoleMs,
    global: concurrencyMs,
    'per-account': perAccountMs,
    chain: chainMs,
    rate: rateMs,
    'account-jobs': accountJobsMs,
  };
  const [binding, ms] = (Object.entries(terms) as [BoundTerm, number][]).reduce((best, e) =>
    e[1] > best[1] ? e : best,
  );
  return {
    ms,
    binding,
    callerMs,
    assumeRoleMs,
    concurrencyMs,
    perAccountMs,
    chainMs,
    rateMs,
    accountJobsMs,
    busiestAccount,
    busiestCalls,
  };
}

/** Every member account's calls the plan sends: those answered, and those answered with an error it needs. */
function sentByAccount(m: MinimumCalls): Record<string, number> {
  const out = { ...m.byAccount };
  for (const [account, n] of Object.entries(m.refused.byAccount)) out[account] = (out[account] ?? 0) + n;
  return out;
}

/** The rate term: the slowest account bucket to hand out its tokens. */
function rateTerm(
  p: BoundInput,
  byAccount: Record<string, number>,
  perSecond: number,
  burst: number,
  ready: number,
): number {
  const beyond = (calls: number) => (Math.max(0, calls - burst) / perSecond) * 1000;
  const { identity, listAccountsPages, assumeRoles } = p.minimum.caller;
  const callerCalls = identity + listAccountsPages + assumeRoles;
  const accounts = new Set(Object.keys(byAccount));
  if (p.callerAccountId) accounts.add(p.callerAccountId);
  let worst = 0;
  for (const account of accounts) {
    const own = byAccount[account] ?? 0;
    let ms = own > 0 ? ready + beyond(own) : 0;
    if (account === p.callerAccountId) ms = Math.max(ms, beyond(own + callerCalls));
    worst = Math.max(worst, ms);
  }
  return worst;
}
