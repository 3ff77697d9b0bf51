// Fault selection and triggers, seeded probabilities, and the per-account token bucket.

import { describe, expect, it } from 'vitest';
import { FaultController } from '../../../../src/emulator/faults/fault-controller.js';
import { RateLimiter } from '../../../../src/emulator/faults/rate-limiter.js';
import { SeededRandom } from '../../../../src/emulator/seeded-random.js';

const call = {
  service: 'config',
  operation: 'DescribeConfigRules',
  accountId: '111111111111',
  region: 'us-east-1',
};

function outcomes(faults: FaultController, n: number, target = call): string[] {
  return Array.from({ length: n }, () => {
    const d = faults.decide(target);
    return d.reset ? 'reset' : (d.failure?.kind ?? 'ok');
  });
}

describe('FaultController', () => {
  it('fires on the first N, every Nth, and after N matching calls', () => {
    expect(outcomes(new FaultController(new SeededRandom(1), [{ kind: 'throttle', first: 2 }]), 4)).toEqual([
      'throttle',
      'throttle',
      'ok',
      'ok',
    ]);
    expect(outcomes(new FaultController(new SeededRandom(1), [{ kind: 'error', every: 3 }]), 6)).toEqual([
      'ok',
      'ok',
      'error',
      'ok',
      'ok',
      'error',
    ]);
    expect(outcomes(new FaultController(new SeededRandom(1), [{ kind: 'reset', after: 2 }]), 4)).toEqual([
      'ok',
      'ok',
      'reset',
      'reset',
    ]);
  });

  it('selects by service, operation, account and region, counting only selected calls', () => {
    const faults = new FaultController(new SeededRandom(1), [
      { kind: 'access-denied', account: '222222222222', first: 1 },
    ]);
    expect(outcomes(faults, 2)).toEqual(['ok', 'ok']);
    const other = { ...call, accountId: '222222222222' };
    expect(outcomes(faults, 2, other)).toEqual(['access-denied', 'ok']);
    expect(faults.list()[0]).toMatchObject({ matched: 2, fired: 1 });
    const byRegion = new FaultController(new SeededRandom(1), [
      { kind: 'expired-token', region: 'eu-west-1' },
    ]);
    expect(outcomes(byRegion, 1)).toEqual(['ok']);
    expect(outcomes(byRegion, 1, { ...call, region: 'eu-west-1' })).toEqual(['expired-token']);
  });

  it('repeats the same probabilistic pattern for the same seed', () => {
    const run = (seed: number) =>
      outcomes(new FaultController(new SeededRandom(seed), [{ kind: 'throttle', probability: 0.3 }]), 40);
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
    const fired = run(7).filter((o) => o === 'throttle').length;
    expect(fired).toBeGreaterThan(3);
    expect(fired).toBeLessThan(25);
  });

  it('adds latency from faults to the fixed latency and can be changed at run time', () => {
    const faults = new FaultController(new SeededRandom(1), [
      { kind: 'latency', latencyMs: 40, operation: 'DescribeConfigRules' },
    ]);
    faults.setLatency(5);
    expect(faults.decide(call)).toEqual({ delayMs: 45, reset: false });
    expect(faults.decide({ ...call, operation: 'SelectResourceConfig' }).delayMs).toBe(5);
    const id = faults.add({ kind: 'throttle' });
    expect(faults.decide(call).failure?.kind).toBe('throttle');
    expect(faults.remove(id)).toBe(true);
    faults.clear();
    expect(faults.decide(call)).toEqual({ delayMs: 5, reset: false });
    expect(() => faults.add({ kind: 'throttle', first: 1, after: 1 })).toThrow(/at most one/);
  });

  it('throttles an account that exceeds its rate limit', () => {
    let now = 0;
    const faults = new FaultController(new SeededRandom(1), [], () => now);
    faults.setRateLimit({ requestsPerSecond: 2, burst: 2 });
    expect(outcomes(faults, 3)).toEqual(['ok', 'ok', 'throttle']);
    expect(faults.decide({ ...call, accountId: '222222222222' }).failure).toBeUndefined();
    now = 500;
    expect(outcomes(faults, 2)).toEqual(['ok', 'throttle']);
  });
});

describe('RateLimiter', () => {
  it('refills at the configured rate up to the burst', () => {
    let now = 0;
    const limiter = new RateLimiter({ requestsPerSecond: 10 }, () => now);
    const takes = () => Array.from({ length: 12 }, () => limiter.take('a')).filter(Boolean).length;
    expect(takes()).toBe(10);
    now = 250;
    expect(takes()).toBe(2);
    now = 10_000;
    expect(takes()).toBe(10);
  });
});
