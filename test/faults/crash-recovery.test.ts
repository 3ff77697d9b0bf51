// Crash recovery with real processes (issue 11, item 9). `evidentia collect` is SIGKILLed while it writes its
// archive, beside a second `evidentia collect` that is alive (slowed down by the emulator). A daemon started
// on the same output and state folders marks the killed run aborted and removes its `.partial` folder and
// `.tar.gz.partial` archive — and leaves the live CLI run alone, which then completes. Then a CLI run killed
// mid-collection is cleaned up by the next `evidentia collect`.

import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trialSigner } from '../../src/bundle/signers/trial-signer.js';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { packageRoot } from '../../src/core/paths.js';
import { loadDaemonConfig } from '../../src/daemon/config/load-daemon-config.js';
import { startDaemon } from '../../src/daemon/start-daemon.js';
import { demoWorld, type Emulator, startEmulator } from '../../src/emulator/index.js';
import type { RunRecord } from '../../src/store/run-store.js';
import { SqliteRunStore } from '../../src/store/sqlite-run-store.js';
import { entries, type KillOutcome, spawnWatched, type Watched } from './kill-process.js';

const CLI = join(packageRoot(), 'bin', 'evidentia.js');

let fast: Emulator;
let slow: Emulator;
let cwd: string;
let out: string;
let state: string;
let profileDir: string;

/** The run records of the shared state folder, read as another process would. */
async function runs(): Promise<RunRecord[]> {
  const store = SqliteRunStore.open(join(state, 'evidentia.db'));
  try {
    return await store.list();
  } finally {
    await store.close();
  }
}

async function until<T>(what: string, get: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await get();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const collect = (emulator: Emulator): Watched =>
  spawnWatched(
    [CLI, 'collect', '--profile', 'kill.yaml', '--endpoint', emulator.url, '--out', out, '--state', state],
    {
      cwd,
      env: {
        AWS_ACCESS_KEY_ID: emulator.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: emulator.credentials.secretAccessKey,
        AWS_REGION: 'us-east-1',
        EVIDENTIA_LOG_LEVEL: 'warn',
      },
      timeoutMs: 90_000,
    },
  );

let live: Watched;
let liveRun: RunRecord;
let killed: KillOutcome;
let killedPid: number | undefined;
let killedRun: RunRecord;
let beforeDaemon: { killedFolder: boolean; killedArchive: boolean };
let afterDaemon: { runs: RunRecord[]; killedFolder: boolean; killedArchive: boolean; liveFolder: boolean };
let liveEnd: KillOutcome;

beforeAll(async () => {
  fast = await startEmulator({ world: demoWorld() });
  slow = await startEmulator({ world: demoWorld() });
  slow.faults.setLatency(400);
  cwd = await mkdtemp(join(tmpdir(), 'evidentia-recover-'));
  out = join(cwd, 'out');
  state = join(cwd, 'state');
  profileDir = join(out, 'kill');
  await writeFile(
    join(cwd, 'kill.yaml'),
    `type: profile
id: kill
name: Killed and recovered
organization: { name: Demo }
frameworks: [gdpr]
scope:
  accounts: ['222222222222']
  regions: [us-east-1]
  role: { name: EvidentiaAuditRole }
`,
  );
  await writeFile(
    join(cwd, 'daemon.yaml'),
    `output: out
state: state
endpoint: ${fast.url}
profiles:
  - { profile: kill.yaml, schedule: false }
http: { enabled: false }
`,
  );
  // One trial key for every process here, made once (and smaller).
  await trialSigner({ dir: join(state, 'keys'), clock: systemClock, modulusLength: 2048 });

  // 1. A live CLI run, slowed down so that it is still collecting through what follows.
  live = collect(slow);
  liveRun = await until('the live run to be recorded', async () =>
    (await runs()).find((r) => r.status === 'running'),
  );

  // 2. Another CLI run, SIGKILLed while it writes its archive under the temporary name.
  const victim = collect(fast);
  killedPid = victim.child.pid;
  killed = await victim.killWhen(
    () => entries(profileDir).some((n) => n.endsWith('.tar.gz.partial')),
    profileDir,
  );
  killedRun = (await runs()).find((r) => r.runId !== liveRun.runId)!;
  const temporaries = () => ({
    killedFolder: existsSync(join(profileDir, `.${killedRun.runId}.partial`)),
    killedArchive: existsSync(join(profileDir, `${killedRun.runId}.tar.gz.partial`)),
  });
  beforeDaemon = temporaries();

  // 3. A daemon starts on the same folders while the live run goes on.
  const daemon = await startDaemon({
    settings: await loadDaemonConfig(join(cwd, 'daemon.yaml')),
    clock: systemClock,
    logger: silentLogger(),
  });
  await daemon.stop({ graceMs: 0 });
  afterDaemon = {
    runs: await runs(),
    ...temporaries(),
    liveFolder: existsSync(join(profileDir, `.${liveRun.runId}.partial`)),
  };

  // 4. The live run was left alone: it finishes.
  liveEnd = await live.killWhen(() => false);
}, 120_000);
afterAll(async () => {
  live?.child.kill('SIGKILL');
  await fast?.close();
  await slow?.close();
});

describe('a daemon starting beside a killed CLI run and a live one', () => {
  it('the killed run left its temporary folder and archive, and its record says running', () => {
    expect(killed.killed).toBe(true);
    expect(killed.signal).toBe('SIGKILL');
    expect(beforeDaemon).toEqual({ killedFolder: true, killedArchive: true });
    expect(killedRun.status).toBe('running');
    expect(killedRun.owner?.pid).toBe(killedPid);
  });

  it('marks the killed run aborted and removes its .partial folder and .tar.gz.partial archive', () => {
    const record = afterDaemon.runs.find((r) => r.runId === killedRun.runId);
    expect(record).toMatchObject({
      status: 'aborted',
      error: expect.stringMatching(/^the process that ran it \(pid \d+ on .*\) ended without finishing it/),
    });
    expect(afterDaemon.killedFolder).toBe(false);
    expect(afterDaemon.killedArchive).toBe(false);
  });

  it('leaves the live CLI run alone, which then completes', async () => {
    expect(afterDaemon.runs.find((r) => r.runId === liveRun.runId)?.status).toBe('running');
    expect(afterDaemon.liveFolder).toBe(true);
    expect(liveEnd.killed).toBe(false);
    expect(liveEnd.stderr).toBe('');
    expect(liveEnd.code).toBe(0);
    const done = (await runs()).find((r) => r.runId === liveRun.runId);
    expect(done?.status).toBe('completed');
    expect(done?.dir && existsSync(done.dir)).toBe(true);
  });
});

describe('the next `evidentia collect` after a killed one', () => {
  it('marks the killed run aborted, removes its .partial folder, and completes its own run', async () => {
    const victim = collect(fast);
    // plan.json is written after the run is recorded: kill it while it collects.
    const k = await victim.killWhen(
      () =>
        entries(profileDir).some(
          (n) => n.startsWith('.') && n.endsWith('.partial') && existsSync(join(profileDir, n, 'plan.json')),
        ),
      profileDir,
    );
    expect(k.killed).toBe(true);
    const dead = await until('the killed run to be recorded', async () =>
      (await runs()).find((r) => r.status === 'running'),
    );
    expect(existsSync(join(profileDir, `.${dead.runId}.partial`))).toBe(true);

    const next = await collect(fast).killWhen(() => false);
    expect(next.code).toBe(0);
    const after = await runs();
    expect(after.find((r) => r.runId === dead.runId)).toMatchObject({ status: 'aborted' });
    expect(after.filter((r) => r.status === 'running')).toEqual([]);
    expect(entries(profileDir).filter((n) => n.endsWith('.partial'))).toEqual([]);
  }, 90_000);
});
