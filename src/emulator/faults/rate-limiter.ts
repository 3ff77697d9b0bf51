// A token bucket per account: the benchmark's stand-in for AWS's per-account API rate limits.

import type { RateLimit } from './fault-spec.js';

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Take one token for `key`; false when the bucket is empty (the call is throttled). */
  take(key: string): boolean {
    const capacity = Math.max(1, this.limit.burst ?? Math.ceil(this.limit.requestsPerSecond));
    const t = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: capacity, at: t };
    bucket.tokens = Math.min(
      capacity,
      bucket.tokens + ((t - bucket.at) / 1000) * this.limit.requestsPerSecond,
    );
    bucket.at = t;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
