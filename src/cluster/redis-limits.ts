// A run's call limits and retry budget held in Redis, so the workers of a BullMQ run stay within them together
// (they plug into aws/call-gate.ts and aws/retry-budget.ts through their seams). A slot is a lease in a sorted
// set scored by its expiry: a worker killed holding slots loses them when the lease runs out, never for ever.

import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ConcurrencyLimits, SharedCallSlots } from '../aws/call-gate.js';
import type { RetryAllowance } from '../aws/retry-budget.js';

/** Take a slot in both sets, or none: expired leases are dropped first; time is Redis's, one clock for all. */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[2]) then return 0 end
local ttl = tonumber(ARGV[4])
redis.call('ZADD', KEYS[1], now + ttl, ARGV[3])
redis.call('ZADD', KEYS[2], now + ttl, ARGV[3])
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
return 1`;

export interface RedisLimitsOptions {
  redis: Redis;
  /** Key prefix shared by the cluster, e.g. `evidentia:`. */
  prefix: string;
  runId: string;
  limits: ConcurrencyLimits;
  /**
   * Lifetime of a slot: longer than one HTTP attempt may take (the profile's call timeout plus a margin),
   * so a live call never loses its slot; a dead worker's slots come back after this long.
   */
  leaseMs: number;
}

/** Global and per-account call slots of one run, counted across every worker. */
export class RedisCallSlots implements SharedCallSlots {
  constructor(private readonly opts: RedisLimitsOptions) {}

  async run<T>(accountId: string, attempt: () => Promise<T>): Promise<T> {
    const { redis, prefix, runId, limits, leaseMs } = this.opts;
    const global = `${prefix}slots:${runId}:global`;
    const account = `${prefix}slots:${runId}:account:${accountId}`;
    const lease = randomUUID();
    // Polling with a short, growing, jittered wait: slots are held for one HTTP attempt (tens of ms).
    for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
      const got = await redis.eval(
        ACQUIRE,
        2,
        global,
        account,
        String(limits.global),
        String(limits.perAccount),
        lease,
        String(leaseMs),
      );
      if (got === 1) break;
      await new Promise((r) => setTimeout(r, wait / 2 + Math.random() * wait));
    }
    try {
      return await attempt();
    } finally {
      // Not waited for: the answer is on hand a round trip sooner (every call of an account's chain gains one).
      // This worker's next acquire goes on the same connection after it, so it always sees the slot free;
      // other workers see it free a round trip later, which only errs on the side of the limit.
      void redis
        .multi()
        .zrem(global, lease)
        .zrem(account, lease)
        .exec()
        .catch(() => undefined); // Redis away: the lease expires by itself.
    }
  }
}

/** Key of a run's retry budget. */
function budgetKey(prefix: string, runId: string): string {
  return `${prefix}retries:${runId}`;
}

/** Set a run's cluster-wide retry budget once (a repeated plan job keeps what is left). */
export async function initRetryBudget(
  redis: Redis,
  prefix: string,
  runId: string,
  total: number,
  ttlMs: number,
): Promise<void> {
  await redis.set(budgetKey(prefix, runId), String(total), 'PX', ttlMs, 'NX');
}

/** The run's retries, taken from one Redis counter by every worker. */
export class RedisRetryBudget implements RetryAllowance {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly runId: string,
  ) {}

  async take(): Promise<boolean> {
    // A missing key (never set, or expired) goes below zero at once: no retries rather than unlimited ones.
    return (await this.redis.decr(budgetKey(this.prefix, this.runId))) >= 0;
  }
}

/** Remove a run's limit keys once it has ended. */
export async function clearRunLimits(redis: Redis, prefix: string, runId: string): Promise<void> {
  await redis.del(budgetKey(prefix, runId), `${prefix}slots:${runId}:global`);
}
