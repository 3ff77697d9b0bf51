// The per-account pacer on a fake clock: unpaced until throttled, then at the rate the account accepted,
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

  it('on a throttle, paces at the rate the account accepted since its first call', async () => {
    const time = fakeTime();
    const p = new AccountPacer(time);
    await acceptOver(p, time, 20, 500);
    p.onThrottled();
    expect(p.rate).toBeCloseTo(40, 5);
    // Calls now go out 25 ms apart.
    start(p, time);
    start(p, time);
    start(p, time);
    expect(time.slept).toEqual([25, 25]);
  });

  it('ignores a throttle it cannot measure: too soon, or too few accepted calls', async () => {
    const time = fakeTime();
    const p = new AccountPacer(time);
    await acceptOver(p, time, 20, 100);
    p.onThrottled();
    expect(p.rate).toBeUndefined();
    const sparse = new AccountPacer(time);
    await acceptOver(sparse, time, 3, 900);
    sparse.onThrottled();
    expect(sparse.rate).toBeUndefined();
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

  it('probes upward by 10% per window without a throttle', async () => {
    const time = fakeTime();
    const p = new AccountPacer(time);
    await acceptOver(p, time, 10, 1000);
    p.onThrottled();
    expect(p.rate).toBeCloseTo(10, 5);
    time.t += 999;
    p.onAccepted();
    expect(p.rate).toBeCloseTo(10, 5);
    time.t += 1;
    p.onAccepted();
    expect(p.rate).toBeCloseTo(11, 5);
  });
});
