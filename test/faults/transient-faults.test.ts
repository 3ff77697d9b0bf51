// Faults AWS recovers from, and one it does not: a throttling storm, 5xx bursts with connection resets, and
// calls slower than the timeout. Each run is compared, finding by finding, with a clean run of the same world.
// The runs are independent (an emulator each), so they run side by side.

import { beforeAll, describe, expect, it } from 'vitest';
import type { RunResults } from '../../src/core/run-result.js';
import { type Emulator, type ServiceDefinition, startEmulator } from '../../src/emulator/index.js';
import { configService } from '../../src/emulator/services/config/config-service.js';
import { stsService } from '../../src/emulator/services/sts/sts-service.js';
import { catalogWith, runAgainst } from '../support/run-against-emulator.js';
import {
  DEV,
  expectNoFaultPassed,
  expectNoPassOnFailedEvidence,
  expectSameVerdicts,
  FRAMEWORK,
  faultProfile,
  faultWorld,
  keyOf,
  PROD,
} from './fault-fixture.js';
import { throttleEveryNthCall } from './throttle-storm.js';

interface FaultyRun {
  results: RunResults;
  emulator: Emulator;
  ms: number;
}

async function runWith(
  setUp: (emulator: Emulator) => void,
  profile = faultProfile(),
  services: ServiceDefinition[] = [],
): Promise<FaultyRun> {
  const emulator = await startEmulator({ world: faultWorld(), services });
  try {
    setUp(emulator);
    const started = performance.now();
    const run = await runAgainst(emulator, await catalogWith(FRAMEWORK, profile));
    const ms = performance.now() - started;
    expect(run.outcome.error?.message ?? run.outcome.status).toBe('completed');
    return { results: run.results!, emulator, ms };
  } finally {
    await emulator.close();
  }
}

let clean: RunResults;
let storm: FaultyRun;
let bursts: FaultyRun;
let slow: FaultyRun;
let neverInTime: FaultyRun;

beforeAll(async () => {
  [clean, storm, bursts, slow, neverInTime] = await Promise.all([
    runWith(() => {}).then((r) => r.results),
    // A third of all calls, AWS Config's and STS's, throttled once each.
    runWith(() => {}, faultProfile(), [
      throttleEveryNthCall(configService()),
      throttleEveryNthCall(stsService()),
    ]),
    runWith((e) => {
      e.faults.add({ kind: 'error', status: 500, service: 'config', first: 6 });
      e.faults.add({ kind: 'error', status: 503, every: 7 });
      e.faults.add({ kind: 'reset', every: 11 });
    }),
    runWith(
      (e) => e.faults.add({ kind: 'latency', latencyMs: 2_000, service: 'config', account: PROD, first: 3 }),
      faultProfile({ callTimeoutMs: 400 }),
    ),
    runWith(
      (e) =>
        e.faults.add({
          kind: 'latency',
          latencyMs: 3_000,
          service: 'config',
          operation: 'SelectResourceConfig',
          account: DEV,
        }),
      faultProfile({ callTimeoutMs: 300, maxAttempts: 3 }),
    ),
  ]);
}, 60_000);

describe('the clean run', () => {
  it('has passing and failing findings and no errors, so the comparisons below mean something', () => {
    expect(clean.findings.filter((f) => f.status === 'ERROR')).toEqual([]);
    expect(clean.findings.some((f) => f.status === 'FAIL')).toBe(true);
    expect(clean.findings.some((f) => f.status === 'PASS')).toBe(true);
  });
});

describe('a throttling storm (a third of calls throttled)', () => {
  it('completes with every finding as in the clean run', () => {
    expectSameVerdicts(clean, storm.results);
    expectNoFaultPassed(clean, storm.results);
    expectNoPassOnFailedEvidence(storm.results);
  });

  it('retried each throttled call, and only those: retries are bounded by the throttles', () => {
    const throttled = storm.emulator.requests.filter((r) => /^Throttling/.test(r.errorCode ?? '')).length;
    // A third of the calls (GetCallerIdentity, AssumeRole and every Config call) were throttled once.
    const calls = storm.emulator.requests.length - throttled;
    expect(throttled).toBeGreaterThanOrEqual(Math.floor(calls / 3) - 2);
    const stats = storm.results.run.stats;
    expect(stats.throttles).toBe(throttled);
    expect(stats.retries).toBe(throttled);
    expect(stats.errors).toBe(0);
    // Every API call of the clean run, and no more, was made: throttling costs retries, not extra calls.
    expect(stats.apiCalls).toBe(clean.run.stats.apiCalls);
  });
});

describe('5xx bursts and connection resets', () => {
  it('retries them and reaches the clean verdicts', () => {
    const codes = bursts.emulator.requests.map((r) => r.errorCode);
    expect(codes.filter((c) => c === 'InternalFailure').length).toBe(6);
    expect(codes.filter((c) => c === 'ServiceUnavailable').length).toBeGreaterThan(3);
    expect(codes.filter((c) => c === 'ConnectionReset').length).toBeGreaterThan(2);
    expectSameVerdicts(clean, bursts.results);
    expectNoPassOnFailedEvidence(bursts.results);
    expect(bursts.results.run.stats.errors).toBe(0);
    expect(bursts.results.run.stats.retries).toBe(
      bursts.emulator.requests.filter((r) => r.status === 0 || r.status >= 500).length,
    );
  });
});

describe('calls slower than the timeout', () => {
  it('are timed out and retried, and a call that comes back in time counts', () => {
    expectSameVerdicts(clean, slow.results);
    const late = slow.emulator.requests.filter((r) => r.accountId === PROD && r.durationMs >= 2_000);
    expect(late.length).toBe(3);
    // Each of the three slowed calls was abandoned and retried. On a loaded machine another call may also
    // overrun the 400 ms timeout and be retried; either way every extra request the emulator saw is a retry,
    // and none failed for good.
    const { retries, apiCalls, errors } = slow.results.run.stats;
    expect(retries).toBeGreaterThanOrEqual(3);
    expect(retries).toBe(slow.emulator.requests.length - apiCalls);
    expect(errors).toBe(0);
  });

  it('become ERROR with the timeout as the cause when they never come back in time, and the run does not hang', () => {
    // Three attempts of 300 ms with back-off in between, not three times the 3 s the server takes.
    expect(neverInTime.ms).toBeLessThan(20_000);
    const results = neverInTime.results;
    const affected = results.findings.filter(
      (f) => f.accountId === DEV && f.queryKey === 'config-query:ebs-volumes-unencrypted',
    );
    expect(affected.length).toBe(2);
    for (const f of affected) {
      expect(f.status).toBe('ERROR');
      expect(f.reason).toMatch(/SelectResourceConfig failed with ETIMEDOUT: .*300 ms requestTimeout/);
    }
    const slowAttempts = neverInTime.emulator.requests.filter(
      (r) => r.operation === 'SelectResourceConfig' && r.accountId === DEV,
    );
    expect(slowAttempts.length).toBe(2 * 3);
    // Everything else is exactly as in the clean run.
    const others = new Set(affected.map(keyOf));
    const cleanRest = clean.findings.filter((f) => !others.has(keyOf(f)));
    const faultyRest = results.findings.filter((f) => !others.has(keyOf(f)));
    expect(faultyRest.map((f) => `${keyOf(f)} ${f.status}`).sort()).toEqual(
      cleanRest.map((f) => `${keyOf(f)} ${f.status}`).sort(),
    );
    expectNoFaultPassed(clean, results);
    expectNoPassOnFailedEvidence(results);
  });
});
