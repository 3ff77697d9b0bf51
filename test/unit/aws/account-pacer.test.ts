// The per-account pacer on a fake clock: unpaced until throttled, then at the rate the account accepted (a
// guess, its burst a second, when throttled too soon to measure one),
// spacing calls by that pace, lowering it on later throttles and probing upward while none come.

import { describe, expect, it } from 'vitest';
import { AccountPacer, DEFAULT_PACER_SETTINGS, type PacerTime } from '../../../src/aws/account-pacer.js';

/** A clock that only moves when told to, and whose sleeps move it. */
function fakeTime(): PacerTime & { t: number; slept: number[] } {
  const time = {
    t: 0,
    slept: [] as number[],
    now: () => time.t,
    sleep: async (ms: number) => {
      time.slept.push(ms);
      time.t += ms;
    },
  };
  return time;
}

/** Start a call as the call queue does: once the pace allows it (the clock moved on to then). */
function start(p: AccountPacer, time: ReturnType<typeof fakeTime>): void {
  const at = p.readyAt();
  if (at > time.t) {
    time.slept.push(at - time.t);
    time.t = at;
  }
  p.started();
}

/** `n` calls accepted, evenly over `ms` milliseconds. */
async function acceptOver(p: AccountPacer, time: ReturnType<typeof fakeTime>, n: number, ms: number) {
  for (let i = 0; i < n; i++) {
    start(p, time);
    time.t += ms / n;
    p.onAccepted();
  }
}

describe('AccountPacer', () => {
  it('never waits while the account has not been throttled', async () => {
    const time = fakeTime();
    const p = new AccountPacer(time);
    await acceptOver(p, time, 50, 100);
    expect(time.slept).toEqual([]);
    expect(p.rate).toBeUndefined();
  });

  it('on a first throttle, paces at the calls accepted in the last window per window, its burst included', async () => {
    const time = fakeTime();
    const p = new AccountPacer(time);
    await acceptOver(p, time, 20, 500);
    p.onThrottled();
    expect(p.rate).toBeCloseTo(20, 5);
    // Calls now go out 50 ms apart.
    start(p, time);
    start(p, time);
    start(p, time);
    expect(time.slept).toEqual([50, 50]);
  });

  it('ignores a throttle with too few accepted calls to say anything', async () => {
    const time = fakeTime();
    const sparse = new AccountPacer(time);
    await acceptOver(sparse, time, 3, 900);
    sparse.onThrottled();
    expect(sparse.rate).toBeUndefined();
  });

  it('throttled within its first window: paces at its burst a second until a throttle can measure the rate', async () => {
    const time = fakeTime();
    const p = new AccountPacer(time);
    // The burst: 12 calls in 60 ms, then a throttle (measured over those 60 ms: 200 a second).
    await acceptOver(p, time, 12, 60);
    p.onThrottled();
    expect(p.rate).toBeCloseTo(12, 5);
    // 300 ms later, 3 more accepted (the account's 10 a second): measured, no longer a guess.
    await acceptOver(p, time, 3, 300);
    p.onThrottled();
    expect(p.rate).toBeCloseTo(10, 5);
  });

  it('lifts a guessed pace that a whole window brought no throttle to', async () => {
    const time = fakeTime();
    const p = new AccountPacer(time);
    await acceptOver(p, time, 10, 50);
    p.onThrottled();
    expect(p.rate).toBeCloseTo(10, 5);
    await acceptOver(p, time, 10, 1000);
    expect(p.rate).toBeUndefined();
    // The next throttle paces at the calls of the last window: about ten.
    p.onThrottled();
    expect(p.rate).toBeGreaterThanOrEqual(10);
    expect(p.rate).toBeLessThanOrEqual(11);
  });

  it('lowers the pace to what was accepted since the last change, never raises it on a throttle', async () => {
    const time = fakeTime();
    const p = new AccountPacer(time);
    await acceptOver(p, time, 30, 1000);
    p.onThrottled();
    expect(p.rate).toBeCloseTo(30, 5);
    // 200 ms later: too soon to measure again.
    await acceptOver(p, time, 2, 200);
    p.onThrottled();
    expect(p.rate).toBeCloseTo(30, 5);
    // Another 300 ms at 10 accepted calls a second: the account's real limit.
    await acceptOver(p, time, 3, 300);
    p.onThrottled();
    expect(p.rate).toBeCloseTo(10, 5);
    // Nothing accepted since: the slowest pace.
    time.t += 400;
    p.onThrottled();
    expect(p.rate).toBe(DEFAULT_PACER_SETTINGS.minRate);
  });

  it('probes upward by 10% per window at the full pace without a throttle', async () => {
    const time = fakeTime();
    const p = new AccountPacer(time);
    await acceptOver(p, time, 10, 1000);
    p.onThrottled();
    expect(p.rate).toBeCloseTo(10, 5);
    await acceptOver(p, time, 9, 999);
    expect(p.rate).toBeCloseTo(10, 5);
    time.t += 1;
    p.onAccepted();
    expect(p.rate).toBeCloseTo(11, 5);
  });

  it('measures at the time a throttled call was sent, however late its answer came back', async () => {
    const time = fakeTime();
    const p = new AccountPacer(time);
    await acceptOver(p, time, 10, 1000);
    p.onThrottled();
    expect(p.rate).toBeCloseTo(10, 5);
    // A call sent 50 ms after that change, its throttle answered 400 ms later: too soon after the change to
    // measure anything, so the pace stands (measured at its answer, one call in 450 ms would say 2 a second).
    const sent = time.t + 50;
    time.t += 100;
    p.onAccepted(time.t);
    time.t += 350;
    p.onThrottled(sent);
    expect(p.rate).toBeCloseTo(10, 5);
  });

  it('does not probe upward while the account sends fewer calls than its pace allows', async () => {
    const time = fakeTime();
    const p = new AccountPacer(time);
    await acceptOver(p, time, 10, 1000);
    p.onThrottled();
    expect(p.rate).toBeCloseTo(10, 5);
    // Two calls in the next second, not the ten the pace allows: the pace stays.
    await acceptOver(p, time, 2, 1000);
    expect(p.rate).toBeCloseTo(10, 5);
    // A second at the full pace: probed upward.
    await acceptOver(p, time, 10, 1000);
    expect(p.rate).toBeCloseTo(11, 5);
  });
});
