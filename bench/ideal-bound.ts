// The ideal lower bound on a collection's wall time, from the same parameters as the run: no schedule can
// beat the time the calls take at the permitted concurrency, nor an account's calls at its rate limit.

import type { MinimumCalls } from './minimum-calls.js';

export interface BoundInput {
  minimum: MinimumCalls;
  latencyMs: number;
  /** Calls in flight at once, in all (the profile's `concurrency.global`). */
  global: number;
  /** Calls in flight at once per account (`concurrency.perAccount`). */
  perAccount: number;
  rateLimit?: { requestsPerSecond: number; burst?: number };
}

export interface IdealBound {
  /** The bound: the largest of the terms below, in milliseconds. */
  ms: number;
  /** Total calls × latency ÷ global concurrency. */
  concurrencyMs: number;
  /** Busiest account's calls × latency ÷ per-account concurrency. */
  perAccountMs: number;
  /** Busiest account's calls beyond its burst ÷ its rate limit. */
  rateMs: number;
  busiestAccount: string;
  busiestCalls: number;
}

/** Compute the bound. */
export function idealBound(p: BoundInput): IdealBound {
  const [busiestAccount, busiestCalls] = Object.entries(p.minimum.byAccount).reduce(
    (best, e) => (e[1] > best[1] ? e : best),
    ['', 0] as [string, number],
  );
  const concurrencyMs = (p.minimum.total * p.latencyMs) / p.global;
  const perAccountMs = (busiestCalls * p.latencyMs) / p.perAccount;
  const burst = p.rateLimit ? (p.rateLimit.burst ?? Math.ceil(p.rateLimit.requestsPerSecond)) : 0;
  const rateMs = p.rateLimit ? (Math.max(0, busiestCalls - burst) / p.rateLimit.requestsPerSecond) * 1000 : 0;
  return {
    ms: Math.max(concurrencyMs, perAccountMs, rateMs),
    concurrencyMs,
    perAccountMs,
    rateMs,
    busiestAccount,
    busiestCalls,
  };
}
