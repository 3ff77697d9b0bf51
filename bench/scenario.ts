// One benchmark scenario: a world and a profile; run it (emulator and collector in their own processes) and
// put the measurements next to what the plan needs at least and how fast it could go at best.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Catalog, profileFrameworks } from '../src/catalog/index.js';
import { planRun } from '../src/plan/plan-run.js';
import { type ProfileParams, writeProfile } from './bench-profile.js';
import { accountIds, benchWorld, type WorldParams } from './bench-world.js';
import type { CollectReport } from './collect-process.js';
import type { ServedStats } from './emulator-process.js';
import { type IdealBound, idealBound } from './ideal-bound.js';
import { type MinimumCalls, minimumCalls } from './minimum-calls.js';
import { collectInChild, startEmulatorProcess } from './processes.js';

export interface Scenario {
  name: string;
  world: WorldParams;
  profile: ProfileParams;
  /** Heap limit of the measured process, MiB (default HEAP_LIMIT_MB). */
  heapMb?: number;
}

export interface ScenarioResult {
  scenario: Scenario;
  report: CollectReport;
  served: ServedStats;
  minimum: MinimumCalls;
  bound: IdealBound;
  /** API calls made: the run's count, or (a run that did not complete) what the emulator answered. */
  calls: number;
  /** Collection wall time ÷ ideal bound. */
  wallRatio: number;
  /** API calls made ÷ the minimum the plan needs. */
  callsRatio: number;
  /** The scenario's working folder (already removed unless `keep`). */
  workDir: string;
}

/** Run one scenario. The output folder is removed afterwards unless `keep`. */
export async function runScenario(s: Scenario, catalog: Catalog, keep = false): Promise<ScenarioResult> {
  const dir = await mkdtemp(join(tmpdir(), 'evidentia-bench-'));
  try {
    const profile = await writeProfile(join(dir, 'plan'), s.profile, catalog);
    const ids = accountIds(s.world.accounts);
    const plan = planRun({
      profile,
      frameworks: profileFrameworks(profile, catalog),
      catalog,
      accounts: ids,
      callerAccountId: ids[0] as string,
    });
    const minimum = minimumCalls(benchWorld(s.world), plan, profile.collection.maxResourcesPerFinding);
    const bound = idealBound({
      minimum,
      latencyMs: s.world.latencyMs,
      global: s.profile.global,
      perAccount: s.profile.perAccount,
      ...(s.world.rateLimit ? { rateLimit: s.world.rateLimit } : {}),
    });

    const emulator = await startEmulatorProcess(s.world);
    let report: CollectReport;
    let served: ServedStats;
    try {
      report = await collectInChild(
        {
          endpoint: emulator.url,
          accessKeyId: emulator.accessKeyId,
          secretAccessKey: emulator.secretAccessKey,
          dir: join(dir, 'run'),
          profile: s.profile,
        },
        s.heapMb,
      );
      served = await emulator.stats();
    } finally {
      await emulator.stop();
    }
    // A run that did not complete has no stats: count what the emulator answered, throttles aside.
    const calls = report.stats?.apiCalls ?? served.requests - served.throttled;
    return {
      scenario: s,
      report,
      served,
      calls,
      minimum,
      bound,
      wallRatio: bound.ms > 0 ? report.collectMs / bound.ms : Number.NaN,
      callsRatio: calls / minimum.total,
      workDir: dir,
    };
  } finally {
    if (!keep) await rm(dir, { recursive: true, force: true });
  }
}
