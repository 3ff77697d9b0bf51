// Shared parts of the work-queue tests: a 200-account synthetic organisation, a two-rule framework and its
// profile written to files (worker processes load them), worker processes started from
// fixtures/queue-worker.mjs against the built package, and the fleet — servers, emulator, store and queue.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../../../src/core/finding.js';
import { silentLogger } from '../../../src/core/logger.js';
import { type Emulator, startEmulator, syntheticWorld } from '../../../src/emulator/index.js';
import { BullMqQueue } from '../../../src/queue/bullmq-queue.js';
import type { QueueSettings } from '../../../src/queue/queue-settings.js';
import { PostgresRunStore } from '../../../src/store/postgres-run-store.js';
import { startPostgres, startRedis, type TestPostgres, type TestRedis } from '../../support/servers.js';

export const FLEET_FRAMEWORK = `type: framework
id: fleet-framework
name: Fleet test framework
version: "1"
controls:
  - id: "1"
    ref: FLEET 1
    title: EBS volumes are encrypted
    summary: Every EBS volume is encrypted at rest.
    responsibility: customer
    evidence:
      - { kind: config-rule, rule: ENCRYPTED_VOLUMES }
  - id: "2"
    ref: FLEET 2
    title: Buckets refuse public reads
    summary: No bucket can be read by anyone.
    responsibility: customer
    evidence:
      - { kind: config-rule, rule: S3_BUCKET_PUBLIC_READ_PROHIBITED }
`;

export const FLEET_RULES = ['ENCRYPTED_VOLUMES', 'S3_BUCKET_PUBLIC_READ_PROHIBITED'];

/** The profile: the whole organisation, one region, a global limit low enough to be measured. */
export function fleetProfile(global: number): string {
  return `type: profile
id: fleet
name: Fleet
organization: { name: Fleet Org }
frameworks: [fleet-framework]
scope:
  accounts: organization
  regions: [us-east-1]
  role: { name: EvidentiaAuditRole }
collection:
  concurrency: { global: ${global}, perAccount: 2 }
`;
}

export interface WorkerConfig {
  redisUrl: string;
  storeUrl: string;
  outDir: string;
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  framework: string;
  profile: string;
  trialKeyDir: string;
  queue: QueueSettings;
}

/** Write the framework and profile files; returns their paths. */
export async function writeFleetFiles(
  global: number,
): Promise<{ dir: string; framework: string; profile: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'evidentia-fleet-'));
  const framework = join(dir, 'framework.yaml');
  const profile = join(dir, 'profile.yaml');
  await writeFile(framework, FLEET_FRAMEWORK);
  await writeFile(profile, fleetProfile(global));
  return { dir, framework, profile };
}

/** Start a worker process; resolves once it takes jobs. */
export async function startWorkerProcess(cfg: WorkerConfig): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'fixtures', 'queue-worker.mjs')], {
    env: { ...process.env, EVIDENTIA_TEST_WORKER: JSON.stringify(cfg) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start: ${err}`)), 30_000);
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited (${code}) before it was ready: ${err}`));
    });
  });
  return child;
}

/** Stop a worker process (SIGTERM) and wait for it to go. */
export async function stopWorkerProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await gone;
  clearTimeout(timer);
}

/** Each finding's verdict by framework, control, query, account and region. */
export function verdicts(findings: readonly Finding[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of findings) {
    const key = `${f.frameworkId}|${f.controlId}|${f.queryKey}|${f.accountId}|${f.region}`;
    if (out.has(key)) throw new Error(`two findings for ${key}`);
    out.set(key, f.status);
  }
  return out;
}

/** Evidence files under a run folder, per account (`evidence/<account>/<region>/<id>.json`). */
export async function evidenceFiles(runDir: string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const root = join(runDir, 'evidence');
  for (const account of await readdir(root)) {
    const files: string[] = [];
    for (const region of await readdir(join(root, account))) {
      for (const f of await readdir(join(root, account, region))) files.push(`${region}/${f}`);
    }
    out.set(account, files.sort());
  }
  return out;
}

/** Most requests the emulator was answering at once, from its log (arrival time and duration). */
export function maxInFlight(entries: readonly { time: string; durationMs: number }[]): number {
  const edges: [number, number][] = [];
  for (const e of entries) {
    const start = Date.parse(e.time);
    edges.push([start, 1], [start + e.durationMs, -1]);
  }
  // Ends before starts at the same instant: a request that ended as another arrived did not overlap it.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let max = 0;
  for (const [, d] of edges) {
    now += d;
    max = Math.max(max, now);
  }
  return max;
}

/** A cluster under test: real PostgreSQL and Redis, the emulator's fleet, the asking replica's queue. */
export interface Fleet {
  redis: TestRedis;
  emulator: Emulator;
  store: PostgresRunStore;
  /** The asking replica's work queue (as the web role has it). */
  queue: BullMqQueue;
  /** The output folder every process shares (a shared volume in a deployment). */
  outDir: string;
  /** A worker process's configuration but its queue settings. */
  worker: Omit<WorkerConfig, 'queue'>;
  /** Worker processes started by the test; stopped with the fleet. */
  workers: ChildProcess[];
  stop(): Promise<void>;
}

/** Start the servers, the emulator serving `accounts` accounts, the store and the queue. */
export async function startFleet(accounts: number, global: number): Promise<Fleet> {
  const servers: { pg?: TestPostgres; redis?: TestRedis; emulator?: Emulator } = {};
  const workers: ChildProcess[] = [];
  let store: PostgresRunStore | undefined;
  let queue: BullMqQueue | undefined;
  const stop = async () => {
    await Promise.all(workers.map((w) => stopWorkerProcess(w)));
    await queue?.close();
    await store?.close();
    await servers.emulator?.close();
    await Promise.all([servers.pg?.stop(), servers.redis?.stop()]);
  };
  try {
    [servers.pg, servers.redis] = await Promise.all([startPostgres(), startRedis()]);
    const emulator = await startEmulator({
      world: syntheticWorld({ accounts, regions: ['us-east-1'], rules: FLEET_RULES }),
    });
    servers.emulator = emulator;
    const storeUrl = await servers.pg.createDatabase();
    store = await PostgresRunStore.open(storeUrl);
    const files = await writeFleetFiles(global);
    const shared = await mkdtemp(join(tmpdir(), 'evidentia-shared-'));
    queue = new BullMqQueue({ url: servers.redis.url, logger: silentLogger(), pollMs: 500 });
    await queue.connect();
    const outDir = join(shared, 'out');
    return {
      redis: servers.redis,
      emulator,
      store,
      queue,
      outDir,
      worker: {
        redisUrl: servers.redis.url,
        storeUrl,
        outDir,
        endpoint: emulator.url,
        credentials: emulator.credentials,
        framework: files.framework,
        profile: files.profile,
        trialKeyDir: join(shared, 'keys'),
      },
      workers,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
