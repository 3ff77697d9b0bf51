// Account jobs start as their page of the organisation's listing arrives: in a world whose listing is slow
// (ten pages, each answered late), the first account job starts — by BullMQ's own timestamps — before the
// listing's last page is even asked for. A plan job done again (its worker SIGKILLed part way through the
// listing) adds no account job twice: every account has one job, the finishing job counts each once, and the
// run completes with every account's findings. A plan job queued alone, as a web replica of the previous
// version queues it, still makes the whole flow at the end (a rolling upgrade, workers first).

import { type Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { bullPrefix, type RunJobData } from '../../../src/queue/bullmq-queue.js';
import { QUEUE_NAME, type QueueSettings } from '../../../src/queue/queue-settings.js';
import { loadRun } from '../../../src/store/results-file.js';
import { catalogWith } from '../../support/run-against-emulator.js';
import { postgresMissing, redisMissing } from '../../support/servers.js';
import {
  FLEET_FRAMEWORK,
  type Fleet,
  fleetProfile,
  startFleet,
  startWorkerProcess,
  stopWorkerProcess,
} from './cluster-fixture.js';

const missing = postgresMissing ?? redisMissing;
if (missing) console.warn(`SKIPPED account-jobs-by-page tests: ${missing}`);

/** Ten pages of ListAccounts (20 accounts a page). */
const ACCOUNTS = 200;
const GLOBAL = 8;
/** Each page of the listing answered this late (nothing else is slowed). */
const PAGE_MS = 300;

describe.skipIf(missing)('account jobs queued page by page of the account listing', () => {
  let fleet: Fleet;
  let bull: Queue<RunJobData>;
  /**
   * Long locks: a worker busy sealing the run (rendering, signing) on a loaded machine must not be thought
   * stalled. Only the worker killed in the second test has short ones, so its plan job is soon taken again.
   */
  const settings: QueueSettings = {
    concurrency: 4,
    lockDurationMs: 30_000,
    stalledIntervalMs: 1_000,
    maxStalledCount: 2,
    accountAttempts: 3,
  };
  const killable: QueueSettings = { ...settings, lockDurationMs: 2_000 };

  beforeAll(async () => {
    fleet = await startFleet(ACCOUNTS, GLOBAL);
    fleet.emulator.faults.add({ kind: 'latency', operation: 'ListAccounts', latencyMs: PAGE_MS });
    bull = new Queue<RunJobData>(QUEUE_NAME, {
      connection: new Redis(fleet.redis.url, { maxRetriesPerRequest: null }),
      prefix: bullPrefix('evidentia:'),
    });
  }, 120_000);

  afterAll(async () => {
    await bull?.close();
    await fleet?.stop();
  });

  async function runJobs(runId: string): Promise<Job<RunJobData>[]> {
    const jobs = await bull.getJobs(['completed', 'failed', 'active', 'waiting', 'waiting-children'], 0, -1);
    return jobs.filter((j) => j.data.runId === runId);
  }

  const listings = (from: number) =>
    fleet.emulator.requests.slice(from).filter((r) => r.operation === 'ListAccounts');

  it('starts account jobs before the listing ends', async () => {
    const { emulator, queue, store, workers, worker, outDir } = fleet;
    workers.push(await startWorkerProcess({ ...worker, queue: settings }));
    const setup = await catalogWith(FLEET_FRAMEWORK, fleetProfile(GLOBAL));
    const before = emulator.requests.length;
    const outcome = await queue.run({
      profile: setup.profile,
      catalog: setup.catalog,
      outDir,
      clock: systemClock,
      logger: silentLogger(),
      store,
    });
    expect(outcome.error?.message).toBeUndefined();
    expect(outcome.status).toBe('completed');

    const pages = listings(before);
    expect(pages).toHaveLength(ACCOUNTS / 20);
    const lastPageAsked = Date.parse(pages.at(-1)!.time);
    const jobs = await runJobs(outcome.runId);
    const plan = jobs.find((j) => j.name === 'plan')!;
    const accounts = jobs.filter((j) => j.name === 'account');
    expect(accounts).toHaveLength(ACCOUNTS);
    const firstAccount = Math.min(...accounts.map((j) => j.processedOn!));
    // BullMQ's own timestamps: an account was being collected while the plan job still listed the organisation
    // (on the old code the first account job started only after the last page, as the plan job ended).
    expect(firstAccount).toBeLessThan(plan.finishedOn!);
    expect(firstAccount).toBeLessThan(lastPageAsked);
    expect(plan.finishedOn! - firstAccount).toBeGreaterThan(5 * PAGE_MS);
    // The plan job is the finishing job's child, beside every account job.
    const finish = jobs.find((j) => j.name === 'finish')!;
    expect(plan.parent?.id).toBe(finish.id);
    expect(await finish.getDependenciesCount()).toMatchObject({ processed: ACCOUNTS + 1 });
    const results = await loadRun(outcome.dir);
    expect(new Set(results.findings.map((f) => f.accountId)).size).toBe(ACCOUNTS);
  }, 180_000);

  it('adds no account job twice when the plan job is done again', async () => {
    const { emulator, queue, store, workers, worker, outDir } = fleet;
    const setup = await catalogWith(FLEET_FRAMEWORK, fleetProfile(GLOBAL));
    const before = emulator.requests.length;
    // One worker takes the plan job; it is SIGKILLed once account jobs of the first pages are collected,
    // while the plan job still lists the organisation. Another worker takes the plan job again.
    const first = await startWorkerProcess({ ...worker, queue: killable });
    for (const w of workers) await stopWorkerProcess(w);
    workers.length = 0;
    workers.push(first);
    let killed = false;
    let planAgain: Promise<void> | undefined;
    const outcome = await queue.run({
      profile: setup.profile,
      catalog: setup.catalog,
      outDir,
      clock: systemClock,
      logger: silentLogger(),
      store,
      onProgress: (p) => {
        if (killed || p.phase !== 'collect' || p.tasksDone < 4) return;
        killed = true;
        first.kill('SIGKILL');
        planAgain = startWorkerProcess({ ...worker, queue: settings }).then((w) => {
          workers.push(w);
        });
      },
    });
    await planAgain;
    expect(killed, 'the plan job’s worker was killed part way').toBe(true);
    expect(first.signalCode).toBe('SIGKILL');
    expect(outcome.error?.message).toBeUndefined();
    expect(outcome.status).toBe('completed');

    const jobs = await runJobs(outcome.runId);
    const plan = jobs.find((j) => j.name === 'plan')!;
    // The plan job was taken again (the stalled check) and listed the organisation from its first page again.
    expect(plan.stalledCounter + plan.attemptsStarted).toBeGreaterThan(1);
    expect(listings(before).length).toBeGreaterThan(ACCOUNTS / 20);
    const accounts = jobs.filter((j) => j.name === 'account');
    expect(accounts).toHaveLength(ACCOUNTS);
    expect(new Set(accounts.map((j) => j.data.group)).size).toBe(ACCOUNTS);
    const finish = jobs.find((j) => j.name === 'finish')!;
    expect(await finish.getDependenciesCount()).toMatchObject({ processed: ACCOUNTS + 1, unprocessed: 0 });
    const results = await loadRun(outcome.dir);
    expect(new Set(results.findings.map((f) => f.accountId)).size).toBe(ACCOUNTS);
    expect(results.run.scope.accounts).toHaveLength(ACCOUNTS);
  }, 180_000);

  it('still runs a plan job queued without its finishing job (an earlier web replica)', async () => {
    const { store } = fleet;
    const runId = '20261207T121500Z-legacy';
    const startedAt = new Date().toISOString();
    await store.start({ runId, profileId: 'fleet', profileName: 'Fleet', startedAt });
    await bull.add('plan', { runId, profileId: 'fleet', startedAt }, { jobId: `${runId}-plan` });
    for (let i = 0; i < 240; i++) {
      const status = (await store.get(runId))?.status;
      if (status !== 'running') break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const record = await store.get(runId);
    expect(record?.error).toBeUndefined();
    expect(record?.status).toBe('completed');
    const jobs = await runJobs(runId);
    expect(jobs.find((j) => j.name === 'plan')?.parent).toBeUndefined();
    const finish = jobs.find((j) => j.name === 'finish')!;
    expect(await finish.getDependenciesCount()).toMatchObject({ processed: ACCOUNTS });
    const results = await loadRun(record!.dir!);
    expect(new Set(results.findings.map((f) => f.accountId)).size).toBe(ACCOUNTS);
  }, 180_000);
});
