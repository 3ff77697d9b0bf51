// The Redis limits of a run, on a real Redis: a slot held by a worker that died (its attempt never ends) comes
// back when its lease runs out; the global limit holds for callers on separate connections; the retry budget
// is one counter, so separate workers together get exactly the budget.

import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initRetryBudget, RedisCallSlots, RedisRetryBudget } from '../../../src/cluster/redis-limits.js';
import { redisMissing, startRedis, type TestRedis } from '../../support/servers.js';

if (redisMissing) console.warn(`SKIPPED redis-limits tests: ${redisMissing}`);

describe.skipIf(redisMissing)('a run’s limits in Redis', () => {
  let server: TestRedis;
  const clients: Redis[] = [];
  beforeAll(async () => {
    server = await startRedis();
    for (let i = 0; i < 3; i++) clients.push(new Redis(server.url));
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.quit()));
    await server?.stop();
  });

  const slots = (i: number, runId: string, global: number, leaseMs = 10_000) =>
    new RedisCallSlots({
      redis: clients[i]!,
      prefix: 'evidentia:',
      runId,
      limits: { global, perAccount: 2 },
      leaseMs,
    });

  it('holds the global limit across connections and counts per account too', async () => {
    let now = 0;
    let most = 0;
    const attempt = async () => {
      now += 1;
      most = Math.max(most, now);
      await new Promise((r) => setTimeout(r, 20));
      now -= 1;
    };
    const all = Array.from({ length: 30 }, (_, k) => slots(k % 3, 'run-a', 3).run(`acct-${k % 10}`, attempt));
    await Promise.all(all);
    expect(most).toBeLessThanOrEqual(3);
    expect(most).toBeGreaterThanOrEqual(2);
    // Per account: two at most, even with room globally.
    let inAccount = 0;
    let mostInAccount = 0;
    const one = async () => {
      inAccount += 1;
      mostInAccount = Math.max(mostInAccount, inAccount);
      await new Promise((r) => setTimeout(r, 20));
      inAccount -= 1;
    };
    await Promise.all(Array.from({ length: 9 }, (_, k) => slots(k % 3, 'run-b', 10).run('acct-x', one)));
    expect(mostInAccount).toBeLessThanOrEqual(2);
  });

  it('gives a dead holder’s slot back when its lease runs out', async () => {
    // The holder's attempt never ends (its process was killed): only the lease frees the slot.
    void slots(0, 'run-c', 1, 400).run('acct', () => new Promise<never>(() => undefined));
    await new Promise((r) => setTimeout(r, 50));
    const t0 = performance.now();
    await slots(1, 'run-c', 1, 400).run('acct', async () => undefined);
    const waited = performance.now() - t0;
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(3_000);
  });

  it('shares one retry budget between workers', async () => {
    await initRetryBudget(clients[0]!, 'evidentia:', 'run-d', 25, 60_000);
    // A second plan job (repeated after a stall) does not refill it.
    await initRetryBudget(clients[1]!, 'evidentia:', 'run-d', 25, 60_000);
    const budgets = clients.map((c) => new RedisRetryBudget(c, 'evidentia:', 'run-d'));
    const taken = await Promise.all(Array.from({ length: 60 }, (_, k) => budgets[k % 3]!.take()));
    expect(taken.filter(Boolean)).toHaveLength(25);
    // A run whose budget was never set gets no retries rather than unlimited ones.
    expect(await new RedisRetryBudget(clients[0]!, 'evidentia:', 'run-unset').take()).toBe(false);
  });
});
