// The benchmark's ideal bound: the caller's own calls have their own terms and are never charged to an
// account or to the global limit, and each term is what its comment says.

import { describe, expect, it } from 'vitest';
import { idealBound } from '../../../bench/ideal-bound.js';
import type { MinimumCalls } from '../../../bench/minimum-calls.js';

function minimum(
  byAccount: Record<string, number>,
  caller: MinimumCalls['caller'],
  chainByAccount: Record<string, number> = {},
  refusedByAccount: Record<string, number> = {},
): MinimumCalls {
  const accountCalls = Object.values(byAccount).reduce((a, b) => a + b, 0);
  return {
    total: accountCalls + caller.identity + caller.listAccountsPages + caller.assumeRoles,
    byOperation: {},
    byAccount,
    chainByAccount,
    caller,
    refused: { byOperation: {}, byAccount: refusedByAccount },
  };
}

describe('idealBound', () => {
  it('charges member-account calls to the global and per-account terms, and nothing of the caller', () => {
    const b = idealBound({
      minimum: minimum({ a: 100, b: 60 }, { identity: 1, listAccountsPages: 1, assumeRoles: 2 }),
      latencyMs: 100,
      global: 16,
      perAccount: 4,
    });
    // 160 account calls × 100 ms ÷ 16, after one list page and one AssumeRole (200 ms).
    expect(b.concurrencyMs).toBe(200 + 1000);
    // busiest account: 100 calls × 100 ms ÷ 4.
    expect(b.perAccountMs).toBe(200 + 2500);
    expect(b.binding).toBe('per-account');
    expect(b.ms).toBe(2700);
    expect(b.busiestAccount).toBe('a');
  });

  it('counts the calls the world answers with an error that the plan needs: a slot, a call time and a token each', () => {
    const caller = { identity: 1, listAccountsPages: 1, assumeRoles: 2 };
    const input = {
      latencyMs: 100,
      global: 16,
      perAccount: 4,
      rateLimit: { requestsPerSecond: 10, burst: 10 },
    };
    const without = idealBound({ ...input, minimum: minimum({ a: 100, b: 60 }, caller) });
    // Each account-region without a Security Hub: one GetEnabledStandards, answered InvalidAccessException.
    const b = idealBound({ ...input, minimum: minimum({ a: 100, b: 60 }, caller, {}, { a: 2, b: 2 }) });
    expect(b.concurrencyMs).toBe(without.concurrencyMs + (4 * 100) / 16);
    expect(b.perAccountMs).toBe(without.perAccountMs + (2 * 100) / 4);
    expect(b.rateMs).toBe(without.rateMs + (2 / 10) * 1000);
    expect(b.busiestCalls).toBe(102);
    // An account with only such calls is still an account the bound waits for.
    expect(idealBound({ ...input, minimum: minimum({}, caller, {}, { c: 30 }) }).perAccountMs).toBe(
      200 + (30 * 100) / 4,
    );
  });

  it('an organisation listed page by page binds on the caller once pages outweigh the work', () => {
    const b = idealBound({
      minimum: minimum({ a: 4 }, { identity: 1, listAccountsPages: 50, assumeRoles: 1 }),
      latencyMs: 10,
      global: 16,
      perAccount: 4,
    });
    expect(b.callerMs).toBe(500);
    expect(b.binding).toBe('caller');
  });

  it('AssumeRole for many accounts goes through the caller gate at per-account concurrency', () => {
    const b = idealBound({
      minimum: minimum(Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`acct${i}`, 1])), {
        identity: 1,
        listAccountsPages: 20,
        assumeRoles: 400,
      }),
      latencyMs: 100,
      global: 64,
      perAccount: 8,
    });
    expect(b.assumeRoleMs).toBe(100 + (400 * 100) / 8);
    expect(b.binding).toBe('assume-role');
  });

  it('the rate term counts only calls beyond the burst, after the account is ready', () => {
    const b = idealBound({
      minimum: minimum({ a: 110 }, { identity: 1, listAccountsPages: 1, assumeRoles: 1 }),
      latencyMs: 20,
      global: 16,
      perAccount: 4,
      rateLimit: { requestsPerSecond: 10, burst: 10 },
    });
    expect(b.rateMs).toBe(40 + 10_000);
    expect(b.binding).toBe('rate');
  });

  it("under a rate limit the caller's own calls take tokens from the caller account's bucket", () => {
    // Caller in account a: 1 identity + 1 list page + 4 AssumeRoles = 6 calls from a's bucket, before and
    // beside a's own 76. Without them the term would be 40 + 6,600 ms (the old, too low bound).
    const input = {
      minimum: minimum({ a: 76, b: 76 }, { identity: 1, listAccountsPages: 1, assumeRoles: 4 }),
      latencyMs: 20,
      global: 16,
      perAccount: 4,
      rateLimit: { requestsPerSecond: 10, burst: 10 },
    };
    expect(idealBound(input).rateMs).toBe(40 + 6600);
    expect(idealBound({ ...input, callerAccountId: 'a' }).rateMs).toBe(7200);
    // A caller outside the member accounts has a bucket of its own: 6 calls fit its burst.
    expect(idealBound({ ...input, callerAccountId: 'z' }).rateMs).toBe(40 + 6600);
  });

  it("a cluster shares the accounts' job time among its account jobs at once, never lowering other terms", () => {
    const accounts = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`acct${i}`, 6]));
    const caller = { identity: 1, listAccountsPages: 6, assumeRoles: 120 };
    const one = idealBound({ minimum: minimum(accounts, caller), latencyMs: 100, global: 96, perAccount: 4 });
    const cluster = idealBound({
      minimum: minimum(accounts, caller),
      latencyMs: 100,
      global: 96,
      perAccount: 4,
      accountJobs: 12,
      callerConcurrency: 48,
    });
    // One page, then 120 × (one AssumeRole + 6 calls ÷ 4) × 100 ms ÷ 12 jobs.
    expect(cluster.accountJobsMs).toBe(100 + (120 * 100 + (720 * 100) / 4) / 12);
    expect(cluster.binding).toBe('account-jobs');
    expect(cluster.ms).toBe(2600);
    // The other terms are the one-process terms (AssumeRole aside, through 48 gates' worth of slots).
    expect(cluster.concurrencyMs).toBe(one.concurrencyMs);
    expect(cluster.perAccountMs).toBe(one.perAccountMs);
    expect(cluster.callerMs).toBe(one.callerMs);
    expect(cluster.assumeRoleMs).toBe(100 + (120 * 100) / 48);
    expect(one.accountJobsMs).toBe(0);
    expect(one.assumeRoleMs).toBe(100 + (120 * 100) / 4);
  });

  it('an account job takes at least its chain of calls that wait for each other', () => {
    // 120 accounts of 5 calls: ÷ 4 slots is 1.25 call times, but half of them chain 3 calls (listing →
    // compliance → failing resources) and the other half 2.
    const accounts = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`acct${i}`, 5]));
    const chains = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`acct${i}`, i % 2 ? 3 : 2]));
    const caller = { identity: 1, listAccountsPages: 6, assumeRoles: 120 };
    const input = { latencyMs: 100, global: 96, perAccount: 4, accountJobs: 12, callerConcurrency: 48 };
    const b = idealBound({ ...input, minimum: minimum(accounts, caller, chains) });
    expect(b.accountJobsMs).toBe(100 + (120 * 100 + (60 * 3 + 60 * 2) * 100) / 12);
    expect(b.binding).toBe('account-jobs');
    // Without chains, calls ÷ slots alone.
    const flat = idealBound({ ...input, minimum: minimum(accounts, caller) });
    expect(flat.accountJobsMs).toBe(100 + (120 * 100 + (600 * 100) / 4) / 12);
    // One process: the longest chain after the first page and an AssumeRole.
    const one = idealBound({
      minimum: minimum({ a: 2 }, { identity: 1, listAccountsPages: 1, assumeRoles: 1 }, { a: 7 }),
      latencyMs: 100,
      global: 96,
      perAccount: 4,
    });
    expect(one.chainMs).toBe(200 + 700);
    expect(one.binding).toBe('chain');
  });

  it('more account jobs at once lower the account-jobs term, until another term binds', () => {
    const accounts = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`acct${i}`, 6]));
    const caller = { identity: 1, listAccountsPages: 6, assumeRoles: 120 };
    const b = idealBound({
      minimum: minimum(accounts, caller),
      latencyMs: 100,
      global: 16,
      perAccount: 4,
      accountJobs: 1000,
      callerConcurrency: 4000,
    });
    expect(b.accountJobsMs).toBeLessThan(b.concurrencyMs);
    expect(b.binding).toBe('global');
  });
});
