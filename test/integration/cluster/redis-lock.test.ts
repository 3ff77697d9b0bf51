// The cluster lock on a real Redis 7: one holder per profile, renewed while its run lives, released only by
// its holder (a lease that expired cannot delete the lock another replica took since), and one replica per
// scheduled firing.

import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisCoordinator } from '../../../src/cluster/redis-coordinator.js';
import { silentLogger } from '../../../src/core/logger.js';
import { redisMissing, startRedis, type TestRedis } from '../../support/servers.js';

if (redisMissing) console.warn(`SKIPPED redis-lock tests: ${redisMissing}`);

describe.skipIf(redisMissing)('RedisCoordinator on a real Redis', () => {
  let server: TestRedis;
  let raw: Redis;
  const open: RedisCoordinator[] = [];
  beforeAll(async () => {
    server = await startRedis();
    raw = new Redis(server.url);
  });
  afterAll(async () => {
    await Promise.all(open.map((c) => c.close()));
    raw?.disconnect();
    await server?.stop();
  });

  async function coordinator(prefix: string, lockTtlMs = 30_000): Promise<RedisCoordinator> {
    const c = new RedisCoordinator({ url: server.url, logger: silentLogger(), prefix, lockTtlMs });
    await c.connect();
    open.push(c);
    return c;
  }

  it('gives a profile to one holder; the others learn which run has it; release frees it', async () => {
    const [a, b] = [await coordinator('t1:'), await coordinator('t1:')];
    const got = await a.acquire('clinic', 'run-a');
    expect(got.ok).toBe(true);
    expect(await b.acquire('clinic', 'run-b')).toEqual({ ok: false, heldBy: 'run-a' });
    expect((await b.acquire('other', 'run-c')).ok).toBe(true);
    if (got.ok) await got.lease.release();
    expect((await b.acquire('clinic', 'run-b')).ok).toBe(true);
  });

  it('renews the lock while the run lives, past its lifetime', async () => {
    const a = await coordinator('t2:', 300);
    const got = await a.acquire('clinic', 'run-a');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await raw.get('t2:run-lock:clinic')).toMatch(/ run-a$/);
    expect(got.ok && got.lease.lost).toBe(false);
    const ttl = await raw.pttl('t2:run-lock:clinic');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(300);
  });

  it('never lets an expired holder delete the lock another replica took since', async () => {
    const [a, b] = [await coordinator('t3:', 300), await coordinator('t3:', 30_000)];
    const first = await a.acquire('clinic', 'run-a');
    expect(first.ok).toBe(true);
    await raw.del('t3:run-lock:clinic'); // the lock expired (say, the replica was paused past its lifetime)
    const second = await b.acquire('clinic', 'run-b');
    expect(second.ok).toBe(true);
    await new Promise((r) => setTimeout(r, 250)); // a's renewal finds the lock is no longer its own
    expect(first.ok && first.lease.lost).toBe(true);
    if (first.ok) await first.lease.release();
    expect(await raw.get('t3:run-lock:clinic')).toMatch(/ run-b$/);
  });

  it('gives each scheduled second of a profile to exactly one of many callers', async () => {
    const cs = await Promise.all([1, 2, 3, 4, 5].map(() => coordinator('t4:')));
    const at = new Date('2026-12-07T02:00:00.000Z');
    const wins = await Promise.all(cs.map((c) => c.claimTick('clinic', at)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    // The same firing seen a little later (a slow replica, milliseconds into the second) is still taken.
    expect(await cs[0]!.claimTick('clinic', new Date(at.getTime() + 400))).toBe(false);
    expect(await cs[0]!.claimTick('clinic', new Date(at.getTime() + 60_000))).toBe(true);
    expect(await cs[1]!.claimTick('other', at)).toBe(true);
  });

  it('fails typed, naming the server without its password, when Redis cannot be reached', async () => {
    const c = new RedisCoordinator({
      url: 'redis://:canary-redis-password-0001@127.0.0.1:1',
      logger: silentLogger(),
    });
    const err = (await c.connect().catch((e: unknown) => e)) as Error & { code?: string };
    expect(err.code).toBe('CLUSTER_UNAVAILABLE');
    expect(err.message).toContain('redis://:***@127.0.0.1:1');
    expect(err.message).not.toContain('canary-redis-password');
  });
});
