// The process is killed with SIGKILL while it writes the bundle: nothing it leaves looks like a finished
// bundle, the next run succeeds and verifies, and the run store stays consistent. Two real processes are
// killed, side by side: `evidentia collect` while it renders and signs the reports, and `evidentia daemon`
// (which records runs in its SQLite store) while it writes the archive. The next runs are the same CLI and
// daemon code, in process: `main()` and `startDaemon()` on the same folders.

import { existsSync } from 'node:fs';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_KEYS_DIR, folderContents, trialSigner, verifyBundle } from '../../src/bundle/index.js';
import { main } from '../../src/cli/main.js';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { packageRoot } from '../../src/core/paths.js';
import { loadDaemonConfig } from '../../src/daemon/config/load-daemon-config.js';
import { hashToken, newToken } from '../../src/daemon/http/token-auth.js';
import { startDaemon } from '../../src/daemon/start-daemon.js';
import { demoWorld, type Emulator, startEmulator } from '../../src/emulator/index.js';
import type { RunRecord } from '../../src/store/run-store.js';
import { capture } from '../support/capture-stream.js';
import { entries, type KillOutcome, partialRunDir, spawnWatched } from './kill-process.js';

const CLI = join(packageRoot(), 'bin', 'evidentia.js');

/** What a kill left under a profile's output folder. */
interface Left {
  /** Entries that are not hidden as unfinished (there must be none). */
  finished: string[];
  /**
   * The run's temporary folder, if any: `sealed` (a whole signed bundle, killed after sealing and before the
   * move) or `unsealed` (fails verification) — never a half that verifies.
   */
  partial: 'sealed' | 'unsealed' | 'none';
  /** Problems verification found in an unsealed folder. */
  problems: number;
  archivePartial: boolean;
}

async function leftUnder(profileDir: string): Promise<Left> {
  const names = entries(profileDir);
  const finished = names.filter((n) => !n.endsWith('.partial'));
  const archivePartial = names.some((n) => n.endsWith('.tar.gz.partial'));
  const partial = partialRunDir(profileDir);
  if (!partial) return { finished, partial: 'none', problems: 0, archivePartial };
  const report = await verifyBundle(await folderContents(partial));
  return {
    finished,
    partial: report.integrity ? 'sealed' : 'unsealed',
    problems: report.problems.length,
    archivePartial,
  };
}

/** The one finished run folder under `profileDir` (its archive beside it) verifies. */
async function expectOneVerifiedRun(profileDir: string): Promise<void> {
  const finished = (await readdir(profileDir)).filter(
    (n) => !n.startsWith('.') && !n.endsWith('.gz') && !n.endsWith('.partial'),
  );
  expect(finished).toHaveLength(1);
  const runDir = join(profileDir, finished[0]!);
  expect(existsSync(`${runDir}.tar.gz`)).toBe(true);
  const report = await verifyBundle(await folderContents(runDir));
  expect(report.problems).toEqual([]);
  // Intact and signed (no trust anchor is given here, so the signer itself is not verified).
  expect(report.integrity).toBe(true);
}

let emulator: Emulator;
let cwd: string;
let env: Record<string, string>;
let collectKill: KillOutcome;
let daemonKill: KillOutcome;
let killedRunId: string;
let collectLeft: Left;
let daemonLeft: Left;
let nextCollect: { code: number; stdout: string; stderr: string };
let nextDaemon: { killedAfterRestart?: RunRecord; runId: string };
const TOKEN = newToken();
const saved = { env: { ...process.env }, cwd: process.cwd() };

const profileDirOf = (out: string) => join(out, 'kill');

beforeAll(async () => {
  emulator = await startEmulator({ world: demoWorld() });
  cwd = await mkdtemp(join(tmpdir(), 'evidentia-kill-'));
  // A built-in framework over one account and region of the demo organisation: a real run, kept short.
  await writeFile(
    join(cwd, 'kill.yaml'),
    `type: profile
id: kill
name: Killed while bundling
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
    `output: daemon-out
state: state
endpoint: ${emulator.url}
profiles:
  - { profile: kill.yaml, schedule: false }
http:
  port: 0
  tokens:
    - { name: officer, role: officer, sha256: ${hashToken(TOKEN)} }
`,
  );
  // The trial key every run here signs with, made once (and smaller) instead of by each process.
  // The CLI keeps it in its state folder (.evidentia/keys here), the daemon in its own (state/keys).
  await trialSigner({ dir: join(cwd, DEFAULT_KEYS_DIR), clock: systemClock, modulusLength: 2048 });
  await trialSigner({ dir: join(cwd, 'state', 'keys'), clock: systemClock, modulusLength: 2048 });
  env = {
    AWS_ACCESS_KEY_ID: emulator.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: emulator.credentials.secretAccessKey,
    AWS_REGION: 'us-east-1',
    EVIDENTIA_LOG_LEVEL: 'warn',
  };

  const collectOut = join(cwd, 'collect-out');
  const collect = spawnWatched(
    [CLI, 'collect', '--profile', 'kill.yaml', '--endpoint', emulator.url, '--out', collectOut],
    { cwd, env },
  );
  const daemon = spawnWatched([CLI, 'daemon', '--config', 'daemon.yaml'], { cwd, env });
  const daemonProfileDir = profileDirOf(join(cwd, 'daemon-out'));
  const killingDaemon = daemon.killWhen(
    // Writing the archive under its temporary name.
    () => entries(daemonProfileDir).some((n) => n.endsWith('.tar.gz.partial')),
    daemonProfileDir,
  );
  [collectKill, daemonKill, killedRunId] = await Promise.all([
    // Rendering and signing the reports inside the temporary folder.
    collect.killWhen(
      () => existsSync(join(partialRunDir(profileDirOf(collectOut)) ?? '/nonexistent', 'reports')),
      profileDirOf(collectOut),
    ),
    killingDaemon,
    daemon.stdoutMatch(/Web page and API: (http:\/\/\S+?)\/?\n/).then(async ([, url]) => {
      const r = await fetch(`${url}/api/reports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ profile: 'kill' }),
      });
      expect(r.status).toBe(202);
      return ((await r.json()) as { runId: string }).runId;
    }),
  ]);
  [collectLeft, daemonLeft] = await Promise.all([
    leftUnder(profileDirOf(collectOut)),
    leftUnder(daemonProfileDir),
  ]);
  // The next runs: the CLI reads AWS credentials from the environment and keeps its trial key under the
  // working folder, as the killed processes did.
  Object.assign(process.env, env, { EVIDENTIA_LOG_LEVEL: 'silent' });
  process.chdir(cwd);
  nextCollect = await collectAgain(collectOut);
  nextDaemon = await restartDaemon();
}, 60_000);
afterAll(async () => {
  process.chdir(saved.cwd);
  process.env = saved.env;
  await emulator?.close();
});

/** `evidentia collect` again, in process, into the same output folder. */
async function collectAgain(out: string): Promise<typeof nextCollect> {
  const stdout = capture();
  const stderr = capture();
  const code = await main(
    ['node', 'evidentia', 'collect', '--profile', 'kill.yaml', '--endpoint', emulator.url, '--out', out],
    { stdout, stderr },
  );
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** The daemon started again on the same configuration (and so the same store), and asked for a run. */
async function restartDaemon(): Promise<typeof nextDaemon> {
  const daemon = await startDaemon({
    settings: await loadDaemonConfig(join(cwd, 'daemon.yaml')),
    clock: systemClock,
    logger: silentLogger(),
    credentials: async () => ({
      accessKeyId: emulator.credentials.accessKeyId,
      secretAccessKey: emulator.credentials.secretAccessKey,
    }),
  });
  try {
    const killedAfterRestart = await daemon.store.get(killedRunId);
    const runId = daemon.manager.request('kill', { trigger: 'api', requestedBy: 'test' }).runId;
    await daemon.manager.whenIdle();
    return { ...(killedAfterRestart ? { killedAfterRestart } : {}), runId };
  } finally {
    await daemon.stop({ graceMs: 0 });
  }
}

describe('SIGKILL of `evidentia collect` while it renders and signs the reports', () => {
  it('leaves nothing that looks finished: the unsealed folder is hidden and fails verification', () => {
    expect(collectKill.killed).toBe(true);
    expect(collectKill.signal).toBe('SIGKILL');
    expect(collectLeft.finished).toEqual([]);
    expect(collectLeft.partial).toBe('unsealed');
    expect(collectLeft.problems).toBeGreaterThan(0);
  });

  it('the next run succeeds beside what the killed one left, and verifies', async () => {
    expect(nextCollect.stderr).toBe('');
    expect(nextCollect.code).toBe(0);
    expect(nextCollect.stdout).toMatch(/gdpr/);
    await expectOneVerifiedRun(profileDirOf(join(cwd, 'collect-out')));
  });
});

describe('SIGKILL of `evidentia daemon` while it writes the archive of a run it records', () => {
  it('leaves nothing that looks finished: the folder stays hidden, the archive temporary', () => {
    expect(daemonKill.killed).toBe(true);
    expect(daemonKill.signal).toBe('SIGKILL');
    expect(daemonLeft.finished).toEqual([]);
    // The folder is sealed and archived in one pass (the seal files are written, and archived, last): killed
    // while the archive is written, the folder is usually not sealed yet, and then fails verification.
    expect(daemonLeft.partial).not.toBe('none');
    if (daemonLeft.partial === 'unsealed') expect(daemonLeft.problems).toBeGreaterThan(0);
    expect(daemonLeft.archivePartial).toBe(true);
  });

  it('keeps the store consistent: at restart the killed run is aborted, and the next run completes', async () => {
    expect(nextDaemon.killedAfterRestart?.status).toBe('aborted');
    expect(nextDaemon.killedAfterRestart?.dir).toBeUndefined();
    // What `evidentia runs list` reads from the same store.
    const stdout = capture();
    expect(
      await main(['node', 'evidentia', 'runs', 'list', '--state', join(cwd, 'state'), '--json'], { stdout }),
    ).toBe(0);
    const runs = JSON.parse(stdout.text()) as { runId: string; status: string; dir?: string }[];
    expect(runs.map((r) => `${r.runId} ${r.status}`).sort()).toEqual(
      [`${killedRunId} aborted`, `${nextDaemon.runId} completed`].sort(),
    );
    const done = runs.find((r) => r.runId === nextDaemon.runId);
    expect(done?.dir && existsSync(done.dir)).toBe(true);
    await expectOneVerifiedRun(profileDirOf(join(cwd, 'daemon-out')));
  });
});
