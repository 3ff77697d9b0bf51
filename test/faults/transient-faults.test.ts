// Faults AWS recovers from, and one it does not: a throttling storm, 5xx bursts with connection resets, and
// calls slower than the timeout. Each run is compared, finding by finding, with a clean run of the same world.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResults } from '../../src/core/run-result.js';
import { type Emulator, startEmulator } from '../../src/emulator/index.js';
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

let clean: RunResults;

async function runWith(
  setUp: (emulator: Emulator) => void,
  profile = faultProfile(),
): Promise<{ results: RunResults; emulator: Emulator; ms: number }> {
  const emulator = await startEmulator({ world: faultWorld() });
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

beforeAll(async () => {
  clean = (await runWith(() => {})).results;
  expect(clean.findings.filter((f) => f.status === 'ERROR')).toEqual([]);
  expect(clean.findings.some((f) => f.status === 'FAIL')).toBe(true);
  expect(clean.findings.some((f) => f.status === 'PASS')).toBe(true);
});

describe('a throttling storm (every third call throttled)', () => {
  let run: Awaited<ReturnType<typeof runWith>>;
  beforeAll(async () => {
    run = await runWith((e) => e.faults.add({ kind: 'throttle', every: 3 }));
  });
  afterAll(() => {});

  it('completes with every finding as in the clean run', () => {
    expectSameVerdicts(clean, run.results);
    expectNoPassOnFailedEvidence(run.results);
  });

  it('retried each throttled call, and only those: retries are bounded by the throttles', () => {
    const throttled = run.emulator.requests.filter((r) => /^Throttling/.test(r.errorCode ?? '')).length;
    const total = run.emulator.requests.length;
    expect(throttled).toBeGreaterThanOrEqual(Math.floor(total / 3) - 1);
    const stats = run.results.run.stats;
    expect(stats.throttles).toBe(throttled);
    expect(stats.retries).toBe(throttled);
    expect(stats.errors).toBe(0);
    // Every API call of the clean run, and no more, was made: throttling costs retries, not extra calls.
    expect(stats.apiCalls).toBe(clean.run.stats.apiCalls);
  });
});

describe('5xx bursts and connection resets', () => {
  let run: Awaited<ReturnType<typeof runWith>>;
  beforeAll(async () => {
    run = await runWith((e) => {
      e.faults.add({ kind: 'error', status: 500, service: 'config', first: 6 });
      e.faults.add({ kind: 'error', status: 503, every: 7 });
      e.faults.add({ kind: 'reset', every: 11 });
    });
  });

  it('retries them and reaches the clean verdicts', () => {
    const codes = run.emulator.requests.map((r) => r.errorCode);
    expect(codes.filter((c) => c === 'InternalFailure').length).toBe(6);
    expect(codes.filter((c) => c === 'ServiceUnavailable').length).toBeGreaterThan(3);
    expect(codes.filter((c) => c === 'ConnectionReset').length).toBeGreaterThan(2);
    expectSameVerdicts(clean, run.results);
    expectNoPassOnFailedEvidence(run.results);
    expect(run.results.run.stats.errors).toBe(0);
    expect(run.results.run.stats.retries).toBe(
      run.emulator.requests.filter((r) => r.status === 0 || r.status >= 500).length,
    );
  });
});

describe('calls slower than the timeout', () => {
  it('are timed out and retried, and a call that comes back in time counts', async () => {
    const run = await runWith(
      (e) => e.faults.add({ kind: 'latency', latencyMs: 2_000, service: 'config', account: PROD, first: 3 }),
      faultProfile({ callTimeoutMs: 400 }),
    );
    expectSameVerdicts(clean, run.results);
    expect(run.results.run.stats.retries).toBeGreaterThanOrEqual(3);
  });

  it('become ERROR with the timeout as the cause when they never come back in time, and the run does not hang', async () => {
    const run = await runWith(
      (e) =>
        e.faults.add({
          kind: 'latency',
          latencyMs: 3_000,
          service: 'config',
          operation: 'SelectResourceConfig',
          account: DEV,
        }),
      faultProfile({ callTimeoutMs: 300, maxAttempts: 3 }),
    );
    // Three attempts of 300 ms with back-off in between: seconds, not the 3 s × attempts the server would take.
    expect(run.ms).toBeLessThan(20_000);
    const affected = run.results.findings.filter(
      (f) => f.accountId === DEV && f.queryKey === 'config-query:ebs-volumes-unencrypted',
    );
    expect(affected.length).toBe(2);
    for (const f of affected) {
      expect(f.status).toBe('ERROR');
      expect(f.reason).toMatch(/SelectResourceConfig failed with ETIMEDOUT: .*300 ms requestTimeout/);
    }
    const slowAttempts = run.emulator.requests.filter(
      (r) => r.operation === 'SelectResourceConfig' && r.accountId === DEV,
    );
    expect(slowAttempts.length).toBe(2 * 3);
    // Everything else is exactly as in the clean run.
    const others = new Set(affected.map(keyOf));
    const cleanRest = clean.findings.filter((f) => !others.has(keyOf(f)));
    const faultyRest = run.results.findings.filter((f) => !others.has(keyOf(f)));
    expect(faultyRest.map((f) => `${keyOf(f)} ${f.status}`).sort()).toEqual(
      cleanRest.map((f) => `${keyOf(f)} ${f.status}`).sort(),
    );
    expectNoFaultPassed(clean, run.results);
    expectNoPassOnFailedEvidence(run.results);
  });
});
