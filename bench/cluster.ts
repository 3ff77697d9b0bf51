// The cluster benchmark (`--only cluster`): one latency-bound organisation collected as one run of the BullMQ
// work queue by 1 and by N worker processes (built code), with real PostgreSQL and Redis (the test servers,
// test/support/servers.ts). The collection wall is taken from the timestamps BullMQ records on the run's
// jobs (the plan job's start to the last account job's end) and checked against the emulator's own log (first
// request's arrival to the last one's end); the bound is the ideal bound with the cluster's total concurrency.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type * as CatalogModule from '../src/catalog/index.js';
import {
  type Catalog,
  loadCatalog,
  loadProfile,
  profileFrameworks,
  yamlFilesIn,
} from '../src/catalog/index.js';
import type * as ClockModule from '../src/core/clock.js';
import type { Finding } from '../src/core/finding.js';
import type * as LoggerModule from '../src/core/logger.js';
import { packagePaths } from '../src/core/paths.js';
import { planRun } from '../src/plan/plan-run.js';
import type * as QueueModule from '../src/queue/bullmq-queue.js';
import { DEFAULT_QUEUE_SETTINGS, QUEUE_NAME, type QueueSettings } from '../src/queue/queue-settings.js';
import type * as StoreModule from '../src/store/postgres-run-store.js';
import { openRun } from '../src/store/results-file.js';
import { startPostgres, startRedis } from '../test/support/servers.js';
import { accountIds, benchWorld, type WorldParams } from './bench-world.js';
import type { ClusterWorkerInput } from './cluster-worker-process.js';
import { distModule } from './dist-module.js';
import type { ServedStats } from './emulator-process.js';
import { type IdealBound, idealBound } from './ideal-bound.js';
import { type MinimumCalls, minimumCalls } from './minimum-calls.js';
import { child, message, startEmulatorProcess } from './processes.js';

export interface ClusterScenario {
  world: WorldParams;
  global: number;
  perAccount: number;
  /** The workers' `cluster.queue` settings (account jobs at once per worker: `concurrency`). */
  queue: QueueSettings;
}

export interface ClusterResult {
  workers: number;
  status: string;
  error?: string;
  /** Plan job's start → last account job's end (BullMQ's processedOn / finishedOn), ms. */
  collectMs: number;
  /** The same stretch at the emulator: first request's arrival → last request's end, ms. */
  emulatorMs: number;
  /** queue.run() called → it returned (the run sealed and recorded), ms. */
  totalMs: number;
  /** Where the time went (BullMQ's timestamps, ms). */
  planMs: number;
  /** Plan job's end → the first account job's start (negative: account jobs start while the plan lists pages). */
  pickUpMs: number;
  /** Last account job's end → the finish job's end. */
  finishMs: number;
  /** Median account job, start to end (one account's AssumeRole, calls and evidence), ms. */
  accountJobMs: number;
  calls: number;
  served: ServedStats;
  minimum: MinimumCalls;
  bound: IdealBound;
  wallRatio: number;
  callsRatio: number;
  findings: number;
  /** Verdict of each finding, by framework, control, query, account and region. */
  verdicts: Map<string, string>;
}

/** A framework of one control per rule: config-rule evidence only, so each account needs a handful of calls. */
function frameworkYaml(rules: readonly string[]): string {
  const controls = rules.map(
    (rule, i) => `  - id: "${i + 1}"
    ref: BENCH ${i + 1}
    title: ${rule}
    summary: The managed rule ${rule} holds.
    responsibility: customer
    evidence:
      - { kind: config-rule, rule: ${rule} }`,
  );
  return `type: framework\nid: bench-cluster\nname: Cluster benchmark framework\nversion: "1"\ncontrols:\n${controls.join('\n')}\n`;
}

/** The profile the cluster collects: the whole organisation, the framework above. */
export function clusterProfileYaml(s: Pick<ClusterScenario, 'world' | 'global' | 'perAccount'>): string {
  return `type: profile
id: bench-cluster
name: Cluster benchmark
organization: { name: Benchmark Org }
frameworks: [bench-cluster]
scope:
  accounts: organization
  regions: [${s.world.regions.join(', ')}]
  role: { name: EvidentiaAuditRole }
collection:
  concurrency: { global: ${s.global}, perAccount: ${s.perAccount} }
`;
}

async function writeFiles(dir: string, s: ClusterScenario): Promise<{ framework: string; profile: string }> {
  await mkdir(dir, { recursive: true });
  const framework = join(dir, 'framework.yaml');
  const profile = join(dir, 'profile.yaml');
  await writeFile(framework, frameworkYaml(s.world.rules));
  await writeFile(profile, clusterProfileYaml(s));
  return { framework, profile };
}

async function catalogWith(framework: string): Promise<Catalog> {
  return loadCatalog({
    defaults: false,
    files: [...(await yamlFilesIn(packagePaths().evidenceLibrary)), framework],
  });
}

/** Collect the scenario's organisation as one run across `workers` worker processes. */
export async function runCluster(s: ClusterScenario, workers: number): Promise<ClusterResult> {
  const dir = await mkdtemp(join(tmpdir(), 'evidentia-bench-cluster-'));
  const files = await writeFiles(join(dir, 'plan'), s);
  const catalog = await catalogWith(files.framework);
  const profile = await loadProfile(files.profile, catalog);
  const ids = accountIds(s.world.accounts);
  const plan = planRun({
    profile,
    frameworks: profileFrameworks(profile, catalog),
    catalog,
    accounts: ids,
    callerAccountId: ids[0] as string,
  });
  const minimum = minimumCalls(benchWorld(s.world), plan, profile.collection.maxResourcesPerFinding);
  const jobs = workers * s.queue.concurrency;
  const bound = idealBound({
    minimum,
    latencyMs: s.world.latencyMs,
    global: s.global,
    perAccount: s.perAccount,
    accountJobs: jobs,
    // Every account job makes its own clients, so its own caller gate (pipeline/staged/stage-context.ts).
    callerConcurrency: jobs * s.perAccount,
  });

  const [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
  const emulator = await startEmulatorProcess(s.world);
  const procs: ReturnType<typeof child>[] = [];
  try {
    const storeUrl = await pg.createDatabase();
    const input: ClusterWorkerInput = {
      redisUrl: redis.url,
      storeUrl,
      outDir: join(dir, 'out'),
      endpoint: emulator.url,
      accessKeyId: emulator.accessKeyId,
      secretAccessKey: emulator.secretAccessKey,
      framework: files.framework,
      profile: files.profile,
      trialKeyDir: join(dir, 'keys'),
      queue: s.queue,
    };
    for (let i = 0; i < workers; i++) procs.push(child('cluster-worker-process.ts', input));
    await Promise.all(procs.map((p) => message(p, 'ready')));

    // The replica that asks for the run, as the web role does: the built BullMqQueue and run store.
    const dist = {
      catalog: await distModule<typeof CatalogModule>('catalog/index.js'),
      clock: await distModule<typeof ClockModule>('core/clock.js'),
      logger: await distModule<typeof LoggerModule>('core/logger.js'),
      queue: await distModule<typeof QueueModule>('queue/bullmq-queue.js'),
      store: await distModule<typeof StoreModule>('store/postgres-run-store.js'),
    };
    const runCatalog = await dist.catalog.loadCatalog({
      defaults: false,
      files: [...(await dist.catalog.yamlFilesIn(packagePaths().evidenceLibrary)), files.framework],
    });
    const runProfile = await dist.catalog.loadProfile(files.profile, runCatalog);
    const store = await dist.store.PostgresRunStore.open(storeUrl);
    const queue = new dist.queue.BullMqQueue({ url: redis.url, logger: dist.logger.silentLogger() });
    await queue.connect();
    const t0 = performance.now();
    const outcome = await queue.run({
      profile: runProfile,
      catalog: runCatalog,
      outDir: join(dir, 'out'),
      clock: dist.clock.systemClock,
      logger: dist.logger.silentLogger(),
      store,
    });
    const totalMs = performance.now() - t0;
    await queue.close();
    await store.close();
    const served = await emulator.stats();

    // The run's jobs as BullMQ recorded them (the workers' clocks: one machine).
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const bull = new Queue(QUEUE_NAME, { connection, prefix: 'evidentia:bull' });
    const done = (await bull.getJobs(['completed', 'failed'], 0, -1)).filter(
      (j) => j.data.runId === outcome.runId,
    );
    await bull.close();
    connection.disconnect();
    const planJob = done.find((j) => j.name === 'plan');
    const accountJobs = done.filter((j) => j.name === 'account');
    const finishJob = done.find((j) => j.name === 'finish');
    const lastAccountEnd = Math.max(...accountJobs.map((j) => j.finishedOn ?? 0));
    const firstAccountStart = Math.min(...accountJobs.map((j) => j.processedOn ?? Infinity));
    const planStart = planJob?.processedOn ?? Number.NaN;
    const collectMs = lastAccountEnd - planStart;
    const jobTimes = accountJobs.map((j) => (j.finishedOn ?? 0) - (j.processedOn ?? 0)).sort((a, b) => a - b);

    const verdicts = new Map<string, string>();
    if (outcome.status === 'completed') {
      for await (const f of (await openRun(outcome.dir)).findings as AsyncIterable<Finding>) {
        verdicts.set(`${f.frameworkId}|${f.controlId}|${f.queryKey}|${f.accountId}|${f.region}`, f.status);
      }
    }
    const calls = served.requests - served.throttled - served.failed;
    return {
      workers,
      status: outcome.status,
      ...(outcome.error ? { error: outcome.error.message } : {}),
      collectMs,
      emulatorMs: Math.round((served.lastEndMs ?? 0) - (served.firstArrivalMs ?? 0)),
      totalMs: Math.round(totalMs),
      planMs: (planJob?.finishedOn ?? Number.NaN) - planStart,
      pickUpMs: firstAccountStart - (planJob?.finishedOn ?? Number.NaN),
      finishMs: (finishJob?.finishedOn ?? Number.NaN) - lastAccountEnd,
      accountJobMs: jobTimes[Math.floor(jobTimes.length / 2)] ?? Number.NaN,
      calls,
      served,
      minimum,
      bound,
      wallRatio: collectMs / bound.ms,
      callsRatio: calls / minimum.total,
      findings: outcome.results?.findingsFile.count ?? 0,
      verdicts,
    };
  } finally {
    for (const p of procs) if (p.connected) p.disconnect();
    await Promise.all(procs.map((p) => (p.exitCode === null ? new Promise((r) => p.once('exit', r)) : null)));
    await emulator.stop();
    await Promise.all([pg.stop(), redis.stop()]);
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The cluster scenario: 2,000 accounts (400 with --quick), one region, five rules, 100 ms a call; eight account
 * jobs per worker (the default is four: at 100 ms a call, one worker would take over four minutes).
 */
export function clusterScenario(rules: readonly string[], quick: boolean): ClusterScenario {
  return {
    world: {
      accounts: quick ? 400 : 2000,
      regions: ['us-east-1'],
      rules: rules.slice(0, 5),
      resourcesPerRule: 4,
      nonCompliantShare: 0.05,
      latencyMs: 100,
      seed: 7,
    },
    global: 96,
    perAccount: 4,
    queue: { ...DEFAULT_QUEUE_SETTINGS, concurrency: 8 },
  };
}
