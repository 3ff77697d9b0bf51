// A run as a BullMQ flow across three worker processes, one of them killed with SIGKILL part way: the run
// completes; its findings equal a single-process run of the same world verdict by verdict; every account's
// evidence is there once (no duplicate, none missing); an account job of the killed worker was taken again
// (BullMQ's stalled-job check); the profile's global limit held across the three processes, measured as
// the most calls the emulator was answering at once; and each worker asked STS who the caller is once (the
// plan job once more).

import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { bullPrefix } from '../../../src/queue/bullmq-queue.js';
import { QUEUE_NAME } from '../../../src/queue/queue-settings.js';
import { loadRun } from '../../../src/store/results-file.js';
import { catalogWith, runAgainst } from '../../support/run-against-emulator.js';
import { postgresMissing, redisMissing } from '../../support/servers.js';
import {
  evidenceFiles,
  FLEET_FRAMEWORK,
  type Fleet,
  fleetProfile,
  maxInFlight,
  startFleet,
  startWorkerProcess,
  verdicts,
} from './cluster-fixture.js';

const missing = postgresMissing ?? redisMissing;
if (missing) console.warn(`SKIPPED work-queue failover test: ${missing}`);

const ACCOUNTS = 200;
const GLOBAL = 4;

describe.skipIf(missing)('a run across three worker processes, one killed mid-run', () => {
  let fleet: Fleet;

  beforeAll(async () => {
    fleet = await startFleet(ACCOUNTS, GLOBAL);
    for (let i = 0; i < 3; i++) {
      fleet.workers.push(
        await startWorkerProcess({
          ...fleet.worker,
          // Short locks so a killed worker's jobs are noticed within seconds.
          queue: {
            concurrency: 4,
            lockDurationMs: 2_000,
            stalledIntervalMs: 1_000,
            maxStalledCount: 2,
            accountAttempts: 3,
          },
        }),
      );
    }
  }, 120_000);

  afterAll(() => fleet?.stop());

  it('completes with the single-process findings and every account collected exactly once', async () => {
    const { emulator, queue, store, workers, outDir } = fleet;
    const setup = await catalogWith(FLEET_FRAMEWORK, fleetProfile(GLOBAL));
    // The same world collected by one process, before any latency: the reference.
    const single = await runAgainst(emulator, setup, { outDir: join(setup.dir, 'single') });
    expect(single.outcome.status).toBe('completed');

    // Calls slow enough that the run is still collecting when the worker is killed.
    emulator.faults.setLatency(40);
    const before = emulator.requests.length;
    let killedAt: number | undefined;
    const seen: number[] = [];
    const outcome = await queue.run({
      profile: setup.profile,
      catalog: setup.catalog,
      outDir,
      clock: systemClock,
      logger: silentLogger(),
      store,
      onProgress: (p) => {
        if (p.phase !== 'collect') return;
        seen.push(p.tasksDone);
        if (killedAt === undefined && p.tasksDone >= 40) {
          killedAt = p.tasksDone;
          workers[0]!.kill('SIGKILL');
        }
      },
    });
    emulator.faults.setLatency(0);
    expect(killedAt, 'the worker was killed part way through the collection').toBeDefined();
    expect(killedAt!).toBeLessThan(ACCOUNTS);
    expect(outcome.error?.message).toBeUndefined();
    expect(outcome.status).toBe('completed');
    expect(workers[0]!.signalCode).toBe('SIGKILL');
    // Progress reached the asking process from the workers.
    expect(Math.max(...seen)).toBe(single.results!.run.stats.tasks);

    // An account job of the killed worker was given to another one by the stalled check.
    const bull = new Queue(QUEUE_NAME, {
      connection: new Redis(fleet.redis.url),
      prefix: bullPrefix('evidentia:'),
    });
    const jobs = await bull.getJobs(['completed'], 0, -1);
    await bull.close();
    const accountJobs = jobs.filter((j) => j.name === 'account' && j.data.runId === outcome.runId);
    expect(accountJobs).toHaveLength(ACCOUNTS);
    expect(accountJobs.filter((j) => j.stalledCounter > 0 || j.attemptsStarted > 1).length).toBeGreaterThan(
      0,
    );

    // Verdict by verdict, the same findings as one process.
    const results = await loadRun(outcome.dir);
    expect(verdicts(results.findings)).toEqual(verdicts(single.results!.findings));
    expect(results.frameworks).toEqual(single.results!.frameworks);

    // Every account's evidence once: as many files per account as one process wrote, each in the index.
    const clusterFiles = await evidenceFiles(outcome.dir);
    const singleFiles = await evidenceFiles(single.outcome.dir);
    expect(clusterFiles.size).toBe(ACCOUNTS);
    expect([...clusterFiles.keys()].sort()).toEqual([...singleFiles.keys()].sort());
    for (const [account, files] of singleFiles) {
      expect(clusterFiles.get(account)?.length, `evidence files of ${account}`).toBe(files.length);
    }
    const indexed = results.evidence.map((e) => e.path).sort();
    const onDisk = [...clusterFiles].flatMap(([a, fs]) => fs.map((f) => `evidence/${a}/${f}`)).sort();
    expect(onDisk).toEqual(indexed);
    expect(new Set(results.evidence.map((e) => e.id)).size).toBe(results.evidence.length);
    expect(results.run.stats.evidenceRecords).toBe(single.results!.run.stats.evidenceRecords);
    // Nothing of the cluster's bookkeeping or a killed attempt is left in the package or beside it.
    expect(await readdir(outcome.dir)).not.toContain('.cluster');
    expect((await readdir(join(outDir, 'fleet'))).filter((n) => n.endsWith('.partial'))).toEqual([]);
    expect((await store.get(outcome.runId))?.status).toBe('completed');

    // The plan job asks who the caller is, then each worker once for its account and finish jobs — not once
    // per account job (206 before the worker's memo).
    const identity = emulator.requests.slice(before).filter((r) => r.operation === 'GetCallerIdentity');
    expect(identity.length).toBeGreaterThanOrEqual(2);
    expect(identity.length).toBeLessThanOrEqual(1 + 3);

    // The global limit held across the three processes (the caller's own STS calls take no slot).
    const calls = emulator.requests.slice(before).filter((r) => r.service === 'config');
    const most = maxInFlight(calls);
    console.log(`most config calls in flight at the emulator: ${most} (limit ${GLOBAL})`);
    expect(most).toBeLessThanOrEqual(GLOBAL);
    expect(most).toBeGreaterThanOrEqual(2);
  }, 180_000);
});
