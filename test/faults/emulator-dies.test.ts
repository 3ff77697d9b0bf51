// AWS (the emulator) goes away mid-run: the run must end promptly, every verdict it could not collect must be
// ERROR naming the connection failure, what was collected before stays right, and the summary says so.

import { describe, expect, it } from 'vitest';
import { runSummary } from '../../src/cli/run-summary.js';
import { type Emulator, startEmulator } from '../../src/emulator/index.js';
import { catalogWith, runAgainst } from '../support/run-against-emulator.js';
import {
  expectNoFaultPassed,
  expectNoPassOnFailedEvidence,
  FRAMEWORK,
  faultProfile,
  faultWorld,
  verdicts,
} from './fault-fixture.js';

describe('the emulator dies mid-run', () => {
  it('ends the run promptly with ERROR findings for what it could not collect, and a clear summary', async () => {
    // Three attempts per call: against a refused connection, retries only add back-off.
    const setup = await catalogWith(FRAMEWORK, faultProfile({ maxAttempts: 3 }));
    const reference = await startEmulator({ world: faultWorld() });
    const clean = (await runAgainst(reference, setup)).results!;
    const calls = reference.requests.length;
    await reference.close();

    let emulator: Emulator | undefined;
    let died: Promise<void> | undefined;
    let diedAt = 0;
    emulator = await startEmulator({
      world: faultWorld((w) => ({ ...w, latencyMs: 5 })),
      onRequest: () => {
        // Two thirds through the calls a clean run makes, the server and every open connection go away. (Half
        // way, every task can still be mid-way: an account-region asks its first calls side by side.)
        if (emulator && !died && emulator.requests.length >= Math.floor((calls * 2) / 3)) {
          diedAt = performance.now();
          died = emulator.close();
        }
      },
    });
    const run = await runAgainst(emulator, setup);
    const afterDeathMs = performance.now() - diedAt;
    await died;

    expect(run.outcome.error?.message ?? run.outcome.status).toBe('completed');
    const results = run.results!;
    // Prompt: bounded retries against a refused connection, not minutes of back-off.
    expect(afterDeathMs).toBeLessThan(20_000);

    const errors = results.findings.filter((f) => f.status === 'ERROR');
    expect(errors.length).toBeGreaterThan(0);
    for (const f of errors)
      expect(f.reason).toMatch(/ECONNREFUSED|ECONNRESET|Connection(Refused|Reset)|socket hang up/i);
    // Whatever is not ERROR was collected before the end, and is what the clean run found.
    const cleanVerdicts = verdicts(clean);
    const survived = [...verdicts(results)].filter(([, v]) => !v.startsWith('ERROR'));
    expect(survived.length).toBeGreaterThan(0);
    for (const [key, v] of survived) expect(`${key} ${v}`).toBe(`${key} ${cleanVerdicts.get(key)}`);
    expectNoFaultPassed(clean, results);
    expectNoPassOnFailedEvidence(results);

    const stats = results.run.stats;
    expect(stats.errors).toBeGreaterThan(0);
    expect(stats.tasksFailed).toBeGreaterThan(0);
    const summary = runSummary(results, run.outcome.dir);
    expect(summary).toMatch(new RegExp(`${stats.errors} failed`));
    const row = summary.split('\n').find((l) => l.startsWith('fault-matrix'));
    expect(row).toBeDefined();
    expect(summary).toMatch(/ERROR/);
  });
});
