// `evidentia daemon --role web|worker|all`: a web replica queues a run and no more (the run waits, planned
// by nobody, while no worker is up); a worker started later takes it and runs it; the web replica's API shows
// its progress and then the completed run; `all` does both in one process. The worker serves only /healthz
// and /readyz. An account job out of attempts fails the run (never completed short). With no work queue
// configured, a role other than `all` is bad input (exit 2, naming the flag), as is a work queue without the
// shared run store (naming `cluster.queue`); the real CLI starts as a worker.

import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { DaemonRole, DaemonSettings } from '../../../src/daemon/config/daemon-settings.js';
import { hashToken, newToken } from '../../../src/daemon/http/token-auth.js';
import { type RunningDaemon, startDaemon } from '../../../src/daemon/start-daemon.js';
import { type Emulator, startEmulator, syntheticWorld } from '../../../src/emulator/index.js';
import { BullMqQueue } from '../../../src/queue/bullmq-queue.js';
import { catalogWith } from '../../support/run-against-emulator.js';
import { runCli } from '../../support/run-cli.js';
import {
  postgresMissing,
  redisMissing,
  startPostgres,
  startRedis,
  type TestPostgres,
  type TestRedis,
} from '../../support/servers.js';
import { FLEET_FRAMEWORK, FLEET_RULES, fleetProfile } from './cluster-fixture.js';

const missing = postgresMissing ?? redisMissing;
if (missing) console.warn(`SKIPPED daemon role tests with servers: ${missing}`);

const officer = newToken();

/** A daemon configuration file (built-in retail profile) with extra YAML lines. */
async function configFile(extra: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'evidentia-role-'));
  const file = join(dir, 'daemon.yaml');
  await writeFile(
    file,
    `output: out
state: state
profiles:
  - { profile: retail, schedule: false }
http:
  port: 0
  tokens: [{ name: olivia, role: officer, sha256: ${hashToken(officer)} }]
${extra}`,
  );
  return file;
}

describe('daemon --role without a work queue', () => {
  it('is bad input naming --role (exit 2), before anything starts', async () => {
    const file = await configFile('');
    const r = await runCli(['daemon', '--config', file, '--role', 'worker']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--role');
    expect(r.stderr).toContain('cluster');
    const bad = await runCli(['daemon', '--config', file, '--role', 'cook']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--role\b.*expected one of web, worker, all, got 'cook'/);
  });

  it('refuses cluster.queue without the shared run store, naming the field', async () => {
    const file = await configFile('cluster: { redis: { url: "redis://127.0.0.1:1" }, queue: {} }\n');
    const r = await runCli(['daemon', '--config', file, '--role', 'worker']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/daemon\.yaml:\d+:\d+: cluster\.queue: needs the shared run store/);
  });
});

describe.skipIf(missing)('a web replica and a worker sharing PostgreSQL, Redis and the output folder', () => {
  let pg: TestPostgres;
  let redis: TestRedis;
  let emulator: Emulator;
  let storeUrl: string;
  let shared: string;
  const daemons: RunningDaemon[] = [];

  beforeAll(async () => {
    [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
    storeUrl = await pg.createDatabase();
    emulator = await startEmulator({
      world: syntheticWorld({ accounts: 12, regions: ['us-east-1'], rules: FLEET_RULES }),
    });
    emulator.faults.setLatency(20);
    shared = await mkdtemp(join(tmpdir(), 'evidentia-roles-'));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(daemons.map((d) => d.stop({ graceMs: 0 })));
    await emulator?.close();
    await Promise.all([pg?.stop(), redis?.stop()]);
  });

  async function start(role: DaemonRole): Promise<RunningDaemon> {
    const setup = await catalogWith(FLEET_FRAMEWORK, fleetProfile(4));
    const settings: DaemonSettings = {
      source: `${role} replica`,
      outDir: join(shared, 'out'),
      stateDir: join(shared, `state-${role}`),
      endpoint: emulator.url,
      catalog: setup.catalog,
      profiles: [{ profile: setup.profile }],
      retention: {},
      graceMs: 5_000,
      http: {
        enabled: true,
        host: '127.0.0.1',
        port: 0,
        bodyLimitBytes: 1024,
        tokens: [{ name: 'olivia', role: 'officer', sha256: hashToken(officer) }],
      },
      notify: { expiringWithinDays: 30, attempts: 1 },
      store: { kind: 'postgres', url: storeUrl },
      cluster: {
        redis: { url: redis.url },
        queue: {
          concurrency: 4,
          lockDurationMs: 5_000,
          stalledIntervalMs: 2_000,
          maxStalledCount: 1,
          accountAttempts: 2,
        },
      },
      role,
    };
    const { accessKeyId, secretAccessKey } = emulator.credentials;
    const d = await startDaemon({
      settings,
      clock: systemClock,
      logger: silentLogger(),
      credentials: async () => ({ accessKeyId, secretAccessKey }),
    });
    daemons.push(d);
    return d;
  }

  const auth = { authorization: `Bearer ${officer}` };
  type RunView = { status: string; progress?: { phase: string; tasksDone: number; tasksTotal: number } };

  async function view(web: RunningDaemon, runId: string): Promise<RunView> {
    const res = await fetch(`${web.url}/api/runs/${runId}`, { headers: auth });
    expect(res.status).toBe(200);
    return (await res.json()) as RunView;
  }

  it('queues on the web replica, runs on the worker, and the web replica shows it to the end', async () => {
    const web = await start('web');
    const posted = await fetch(`${web.url}/api/reports`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ profile: 'fleet' }),
    });
    expect(posted.status).toBe(202);
    const { runId } = (await posted.json()) as { runId: string };
    // No worker yet: the web replica runs nothing itself, the run waits in the queue.
    await new Promise((r) => setTimeout(r, 2_500));
    const waiting = await view(web, runId);
    expect(waiting.status).toBe('running');
    expect(waiting.progress?.phase).toBe('discover');
    expect(waiting.progress?.tasksTotal).toBe(0);

    const worker = await start('worker');
    // The worker serves health only: no API, no page.
    expect((await fetch(`${worker.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${worker.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { checks: Record<string, string> }).checks).toMatchObject({
      store: 'ok',
      cluster: 'ok',
    });
    expect((await fetch(`${worker.url}/api/runs`, { headers: auth })).status).toBe(404);

    // Progress reaches the web replica from the worker while it collects.
    const phases = new Set<string>();
    let last: RunView = waiting;
    for (let i = 0; i < 600 && last.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      last = await view(web, runId);
      if (last.progress && last.progress.tasksDone > 0) phases.add(last.progress.phase);
    }
    expect(last.status).toBe('completed');
    expect([...phases]).toContain('collect');
    // Crash recovery of a restarted web replica leaves alone a run the queue carries, and only that.
    const follower = new BullMqQueue({ url: redis.url, logger: silentLogger() });
    await follower.connect();
    expect(await follower.carries(runId)).toBe(true);
    expect(await follower.carries('20261207T000000Z-000000')).toBe(false);
    await follower.close();
    const bundle = await fetch(`${web.url}/api/runs/${runId}/bundle`, { headers: auth });
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toContain('gzip');
  }, 120_000);

  it('runs a queued run in one process with --role all (web and worker together)', async () => {
    // Only the all-in-one replica from now on.
    await Promise.all(daemons.splice(0).map((d) => d.stop({ graceMs: 0 })));
    const both = await start('all');
    const posted = await fetch(`${both.url}/api/reports`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ profile: 'fleet' }),
    });
    expect(posted.status).toBe(202);
    const { runId } = (await posted.json()) as { runId: string };
    await both.manager.whenIdle();
    expect((await view(both, runId)).status).toBe('completed');
  }, 120_000);

  it('fails the run, never completes it, when an account job runs out of attempts', async () => {
    const both = daemons[0]!;
    // The plan job's GetCallerIdentity succeeds; every account job's is refused: each fails twice.
    const fault = emulator.faults.add({
      kind: 'access-denied',
      service: 'sts',
      operation: 'GetCallerIdentity',
      after: 1,
    });
    try {
      const posted = await fetch(`${both.url}/api/reports`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ profile: 'fleet' }),
      });
      expect(posted.status).toBe(202);
      const { runId } = (await posted.json()) as { runId: string };
      await both.manager.whenIdle();
      const record = await both.store.get(runId);
      expect(record?.status).toBe('failed');
      expect(record?.error).toMatch(/^account \d{12} could not be collected: /);
      expect(record?.archive).toBeUndefined();
      expect(existsSync(join(shared, 'out', 'fleet', `.${runId}.partial`))).toBe(false);
      expect(existsSync(join(shared, 'out', 'fleet', runId))).toBe(false);
      // The run's other account jobs, retried after it ended, leave nothing behind either.
      await new Promise((r) => setTimeout(r, 2_500));
      expect(existsSync(join(shared, 'out', 'fleet', `.${runId}.partial`))).toBe(false);
    } finally {
      emulator.faults.remove(fault);
    }
  }, 120_000);

  it('the real CLI starts as a worker and answers /readyz', async () => {
    const file = await configFile(
      `store: { kind: postgres, url: "${storeUrl}" }\ncluster: { redis: { url: "${redis.url}" }, queue: {} }\n`,
    );
    const { spawn } = await import('node:child_process');
    const { packageRoot } = await import('../../../src/core/paths.js');
    const child = spawn(
      process.execPath,
      [join(packageRoot(), 'bin', 'evidentia.js'), 'daemon', '--config', file, '--role', 'worker'],
      { env: { ...process.env, EVIDENTIA_LOG_LEVEL: 'warn' } },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      for (let i = 0; i < 300 && !/Health: (\S+)\/healthz/.test(out); i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(out).toContain('Role: worker');
      const url = /Health: (\S+)\/healthz/.exec(out)?.[1];
      expect(url).toBeDefined();
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 60_000);
});
