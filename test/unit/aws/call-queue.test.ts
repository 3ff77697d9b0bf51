// The call gate's one queue: never more than a key's limit or the global limit at once; of the calls that may
// start, the highest priority first and arrival order within a priority, across accounts; an account's calls
// waiting for the global limit never keep its own next call from passing them; a paced account waits without
// holding anything; the caller's own calls share the pace of the caller's account.

import { describe, expect, it } from 'vitest';
import type { PacerTime } from '../../../src/aws/account-pacer.js';
import { CALLER, CallGate } from '../../../src/aws/call-gate.js';
import { CallMetrics } from '../../../src/aws/call-metrics.js';
import { CALL_PRIORITY, callPriority, withCallPriority } from '../../../src/aws/call-priority.js';
import { CallQueue, newLane } from '../../../src/aws/call-queue.js';

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
const unpaced = { readyAt: () => Number.NEGATIVE_INFINITY, started: () => {} };
const realTime = {
  now: () => performance.now(),
  sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
};

/** A clock that moves only when told to; sleeps resolve when it passes their time. */
function manualTime(): PacerTime & { advance(ms: number): Promise<void> } {
  let t = 0;
  const sleepers: { at: number; wake: () => void }[] = [];
  return {
    now: () => t,
    sleep: (ms) => new Promise<void>((wake) => sleepers.push({ at: t + ms, wake })),
    async advance(ms) {
      t += ms;
      for (const s of sleepers.filter((x) => x.at <= t)) {
        sleepers.splice(sleepers.indexOf(s), 1);
        s.wake();
      }
      await tick();
    },
  };
}

describe('CallQueue', () => {
  it('runs at most a lane’s limit at once, higher priority first, arrival order within a priority', async () => {
    const queue = new CallQueue(10, realTime);
    const lane = newLane(2, true, unpaced);
    const log: string[] = [];
    const tasks = Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f'].map((n) => [n, gated(log, n)]));
    const results = [
      queue.run(lane, tasks.a!.run),
      queue.run(lane, tasks.b!.run),
      queue.run(lane, tasks.c!.run, 0),
      queue.run(lane, tasks.d!.run, 1),
      queue.run(lane, tasks.e!.run, 0),
      queue.run(lane, tasks.f!.run, 1),
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

  it('passes a rejection through and frees the slot; refuses a limit below one', async () => {
    const queue = new CallQueue(1, realTime);
    const lane = newLane(1, true, unpaced);
    await expect(queue.run(lane, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await queue.run(lane, async () => 'next')).toBe('next');
    expect(() => newLane(0, true, unpaced)).toThrow(/whole number/);
    expect(() => new CallQueue(0, realTime)).toThrow(/whole number/);
  });

  it('gives a free global slot to the calls that waited longest, whichever account has the longer backlog', async () => {
    // Two global slots, two per account. Account A asks four calls, then B two. Behind a per-account limit in
    // front of the global one, A's third and fourth calls would queue behind B's (each account an equal share),
    // and A's backlog would run alone at the end.
    const queue = new CallQueue(2, realTime);
    const a = newLane(2, true, unpaced);
    const b = newLane(2, true, unpaced);
    const log: string[] = [];
    const t = Object.fromEntries(['a1', 'a2', 'a3', 'a4', 'b1', 'b2'].map((n) => [n, gated(log, n)]));
    const all = [
      ...['a1', 'a2', 'a3', 'a4'].map((n) => queue.run(a, t[n]!.run)),
      ...['b1', 'b2'].map((n) => queue.run(b, t[n]!.run)),
    ];
    for (const n of ['a1', 'a2', 'a3', 'a4', 'b1', 'b2']) {
      await tick();
      t[n]!.release();
    }
    await Promise.all(all);
    expect(log).toEqual(['start a1', 'start a2', 'start a3', 'start a4', 'start b1', 'start b2']);
  });

  it("lets an account's chain call take the next global slot although its leaf calls wait for one", async () => {
    // One global slot, two per account. A's leaf a2 waits for the global slot; so does B's b1. A's chain call
    // a3 comes last, yet goes first: a2 waiting for the global limit holds none of A's own slots.
    const queue = new CallQueue(1, realTime);
    const a = newLane(2, true, unpaced);
    const b = newLane(2, true, unpaced);
    const log: string[] = [];
    const t = Object.fromEntries(['a1', 'a2', 'b1', 'a3'].map((n) => [n, gated(log, n)]));
    const all = [
      queue.run(a, t.a1!.run),
      queue.run(a, t.a2!.run),
      queue.run(b, t.b1!.run),
      queue.run(a, t.a3!.run, CALL_PRIORITY.chain),
    ];
    for (const n of ['a1', 'a3', 'a2', 'b1']) {
      await tick();
      t[n]!.release();
    }
    await Promise.all(all);
    expect(log).toEqual(['start a1', 'start a3', 'start a2', 'start b1']);
  });

  it('keeps the calls of a lane outside the global limit apart from it', async () => {
    const queue = new CallQueue(1, realTime);
    const member = newLane(4, true, unpaced);
    const caller = newLane(4, false, unpaced);
    const log: string[] = [];
    const m1 = gated(log, 'm1');
    const m2 = gated(log, 'm2');
    const c1 = gated(log, 'c1');
    const all = [queue.run(member, m1.run), queue.run(member, m2.run), queue.run(caller, c1.run)];
    await tick();
    expect(log).toEqual(['start m1', 'start c1']);
    for (const x of [m1, m2, c1]) x.release();
    await Promise.all(all);
  });

  it('holds a paced lane until its pace allows, without holding up another lane', async () => {
    const time = manualTime();
    const queue = new CallQueue(4, time);
    let next = 0;
    const pace = {
      readyAt: () => next,
      started: () => {
        next = time.now() + 100;
      },
    };
    const paced = newLane(4, true, pace);
    const free = newLane(4, true, unpaced);
    const log: string[] = [];
    const run = (lane: typeof paced, name: string) =>
      queue.run(lane, async () => {
        log.push(`${name}@${time.now()}`);
      });
    const all = [run(paced, 'p1'), run(paced, 'p2'), run(free, 'f1'), run(paced, 'p3')];
    await tick();
    expect(log).toEqual(['p1@0', 'f1@0']);
    await time.advance(100);
    expect(log).toEqual(['p1@0', 'f1@0', 'p2@100']);
    await time.advance(100);
    await Promise.all(all);
    expect(log).toEqual(['p1@0', 'f1@0', 'p2@100', 'p3@200']);
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

  it("paces the caller's own calls with the caller account's pace: AWS counts both against one limit", async () => {
    const time = manualTime();
    const gate = new CallGate({ global: 4, perAccount: 4 }, new CallMetrics(), time);
    gate.setCallerAccount('111111111111');
    const throttle = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    // Ten calls accepted over a second, half under the caller's key and half under the account's, then one
    // throttled under the caller's key: the account is paced at the ten a second it accepted.
    for (let i = 0; i < 10; i++) {
      await gate.run(i % 2 ? CALLER : '111111111111', async () => 'ok');
      await time.advance(100);
    }
    await expect(gate.run(CALLER, () => Promise.reject(throttle))).rejects.toThrow('Rate exceeded');
    expect(gate.paceOf('111111111111')).toBeGreaterThanOrEqual(9);
    expect(gate.paceOf('111111111111')).toBeLessThanOrEqual(10);
    expect(gate.paceOf(CALLER)).toBe(gate.paceOf('111111111111'));
    // A member call of another account is not paced.
    expect(gate.paceOf('222222222222')).toBeUndefined();
  });
});
