// One benchmark scenario: a world and a profile; run it (emulator and collector in their own processes) and
// put the measurements next to what the plan needs at least and how fast it could go at best.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type Catalog, profileFrameworks } from '../src/catalog/index.js';
import { planRun } from '../src/plan/plan-run.js';
import { type ProfileParams, writeProfile } from './bench-profile.js';
import { accountIds, benchWorld, type WorldParams } from './bench-world.js';
import type { CollectReport } from './collect-process.js';
import type { ServedStats } from './emulator-process.js';
import { type IdealBound, idealBound } from './ideal-bound.js';
import { type MinimumCalls, minimumCalls } from './minimum-calls.js';
import { collectInChild, floorPass, startEmulatorProcess } from './processes.js';

export interface Scenario {
  name: string;
  world: WorldParams;
  profile: ProfileParams;
  /** Heap limit of the measured process, MiB (default HEAP_LIMIT_MB). */
  heapMb?: number;
  /** Also time the floors rendering and bundling are compared with (scale runs). */
  floors?: boolean;
}

/** The floors a run's rendering and bundling are held to, timed right after the run on its own output. */
export interface Floors {
  /** One plain pass that reads findings.jsonl and parses each line, in a fresh process (ms). */
  findingsPassMs: number;
  /** `tar -czf` of the finished run folder (ms). */
  tarMs: number;
  /** Rendering every format ÷ the findings pass (target ≤ 3). */
  renderRatio: number;
  /** Signing and archiving the package ÷ tar -czf of the same folder (target ≤ 1.5). */
  bundleRatio: number;
}

export interface ScenarioResult {
  scenario: Scenario;
  report: CollectReport;
  served: ServedStats;
  minimum: MinimumCalls;
  bound: IdealBound;
  /** API calls answered by the emulator (requests less throttled and failed attempts): counted outside the run. */
  calls: number;
  floors?: Floors;
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
      // The emulator's credentials are the management account's (the first), as the plan above assumes.
      callerAccountId: ids[0] as string,
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
    // Counted at the emulator, not by the run: every answered call, throttled and failed attempts aside.
    const calls = served.requests - served.throttled - served.failed;
    const floors = s.floors && report.status === 'completed' ? await measureFloors(report) : undefined;
    return {
      scenario: s,
      report,
      served,
      calls,
      ...(floors ? { floors } : {}),
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

async function measureFloors(report: CollectReport): Promise<Floors> {
  const findingsPassMs = await floorPass(join(report.dir, 'findings.jsonl'));
  const archive = join(await mkdtemp(join(tmpdir(), 'evidentia-bench-tar-')), 'run.tar.gz');
  const t0 = performance.now();
  const tar = spawn('tar', ['-czf', archive, '-C', report.dir, '.'], { stdio: 'inherit' });
  const [code] = (await once(tar, 'exit')) as [number | null];
  const tarMs = performance.now() - t0;
  await rm(dirname(archive), { recursive: true, force: true });
  if (code !== 0) throw new Error(`tar -czf exited with ${code}`);
  return {
    findingsPassMs,
    tarMs,
    renderRatio: report.renderMs / findingsPassMs,
    bundleRatio: report.bundleMs / tarMs,
  };
}
