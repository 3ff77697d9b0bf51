// The call gate's limit: never more than its concurrency at once; waiting work starts highest priority
// first and in arrival order within a priority; a calling chain marked `chain` passes the fan-out queued
// before it, at both of the gate's limits.

import { describe, expect, it } from 'vitest';
import { CallGate } from '../../../src/aws/call-gate.js';
import { CallMetrics } from '../../../src/aws/call-metrics.js';
import { CALL_PRIORITY, callPriority, withCallPriority } from '../../../src/aws/call-priority.js';
import { priorityLimit } from '../../../src/aws/priority-limit.js';

/** A task that waits until released by hand. */
function gated(log: string[], name: string) {
  let release!: () => void;
  const done = new Promise<void>((r) => {
    release = r;
  });
  return {
    release: () => release(),
    run: async () => {
      log.push(`start ${name}`);
      await done;
      return name;
    },
  };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('priorityLimit', () => {
  it('runs at most `concurrency` at once, higher priority first, arrival order within a priority', async () => {
    const limit = priorityLimit(2);
    const log: string[] = [];
    const tasks = Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f'].map((n) => [n, gated(log, n)]));
    const results = [
      limit(tasks.a!.run),
      limit(tasks.b!.run),
      limit(tasks.c!.run, 0),
      limit(tasks.d!.run, 1),
      limit(tasks.e!.run, 0),
      limit(tasks.f!.run, 1),
    ];
    await tick();
    expect(log).toEqual(['start a', 'start b']);
    tasks.a!.release();
    await tick();
    expect(log).toEqual(['start a', 'start b', 'start d']);
    tasks.b!.release();
    tasks.d!.release();
    await tick();
    expect(log).toEqual(['start a', 'start b', 'start d', 'start f', 'start c']);
    for (const t of Object.values(tasks)) t.release();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(log.at(-1)).toBe('start e');
  });

  it('passes a rejection through and frees the slot', async () => {
    const limit = priorityLimit(1);
    await expect(limit(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limit(async () => 'next')).toBe('next');
    expect(() => priorityLimit(0)).toThrow(/whole number/);
  });
});

describe('call priority through the gate', () => {
  it('is read from the async context the call is sent in, leaf by default', async () => {
    expect(callPriority()).toBe(CALL_PRIORITY.leaf);
    const seen = await withCallPriority(CALL_PRIORITY.chain, async () => {
      await tick();
      return callPriority();
    });
    expect(seen).toBe(CALL_PRIORITY.chain);
  });

  it("lets a chain call pass the account's leaf calls queued before it", async () => {
    const gate = new CallGate({ global: 4, perAccount: 1 }, new CallMetrics());
    const log: string[] = [];
    const first = gated(log, 'first');
    const running = gate.run('111111111111', first.run);
    const leaf = gated(log, 'leaf');
    const leafDone = gate.run('111111111111', leaf.run);
    const chain = withCallPriority(CALL_PRIORITY.chain, () =>
      gate.run('111111111111', async () => {
        log.push('start chain');
        return 'chain';
      }),
    );
    await tick();
    first.release();
    expect(await chain).toBe('chain');
    leaf.release();
    expect(await leafDone).toBe('leaf');
    expect(await running).toBe('first');
    expect(log).toEqual(['start first', 'start chain', 'start leaf']);
  });
});
