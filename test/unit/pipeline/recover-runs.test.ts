// Crash recovery on a real store and real processes: a run whose process was SIGKILLed is marked aborted and
// its temporary folder and archive removed; runs of this (live) process, of another host, and anything a
// record names that is not the run's own temporary folder are left alone.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { currentProcess, processStartOf, processState } from '../../../src/core/process-identity.js';
import { recoverAbandonedRuns } from '../../../src/pipeline/recover-runs.js';
import type { RunOwner } from '../../../src/store/run-store.js';
import { SqliteRunStore } from '../../../src/store/sqlite-run-store.js';

/** A real process, SIGKILLed: its identity as it was recorded while it ran. */
async function killedProcess(): Promise<RunOwner> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
  await new Promise((r) => child.once('spawn', r));
  const start = processStartOf(child.pid!);
  const owner: RunOwner = { pid: child.pid!, host: hostname(), ...(start ? { processStart: start } : {}) };
  const ended = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await ended;
  return owner;
}

describe('process identity', () => {
  it('tells a live process from a killed one, a reused pid, and another host', async () => {
    expect(processState(currentProcess())).toBe('alive');
    expect(processState(await killedProcess())).toBe('gone');
    if (currentProcess().processStart) {
      // Our own pid, but recorded with another start: the pid was reused, the recorded process is gone.
      expect(processState({ ...currentProcess(), processStart: 'another-boot/1' })).toBe('gone');
    }
    expect(processState({ ...currentProcess(), host: `not-${hostname()}` })).toBe('elsewhere');
  });
});

describe('recoverAbandonedRuns', () => {
  let dir: string;
  let store: SqliteRunStore;
  const clock = fixedClock('2026-11-03T03:00:00Z');
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'evidentia-recover-'));
    store = SqliteRunStore.open(join(dir, 'state', 'evidentia.db'));
  });
  afterEach(() => store.close());

  /** A run recorded as running, with its temporary folder and archive on disk. */
  const running = async (
    runId: string,
    owner: RunOwner | undefined,
    workDir = join(dir, 'out', 'p', `.${runId}.partial`),
  ) => {
    await mkdir(join(workDir, 'evidence'), { recursive: true });
    await writeFile(join(workDir, 'results.json'), '{}');
    await writeFile(join(dir, 'out', 'p', `${runId}.tar.gz.partial`), 'half an archive');
    await store.start({
      runId,
      profileId: 'p',
      profileName: 'P',
      startedAt: '2026-11-03T02:00:00.000Z',
      ...(owner ? { owner } : {}),
      workDir,
    });
    return workDir;
  };

  it('aborts the runs of dead processes and removes what they left; never a live or foreign one', async () => {
    const killed = await running('killed', await killedProcess());
    const legacy = await running('legacy', undefined);
    const live = await running('live', currentProcess());
    const foreign = await running('foreign', { pid: 1, host: `not-${hostname()}` });
    // A record naming something that is not its own temporary folder: aborted, but nothing removed.
    const precious = join(dir, 'precious');
    await running('tampered', await killedProcess(), precious);

    const recovered = await recoverAbandonedRuns({ store, clock, logger: silentLogger() });
    expect(recovered.map((r) => r.runId).sort()).toEqual(['killed', 'legacy', 'tampered']);

    for (const id of ['killed', 'legacy', 'tampered']) {
      expect(await store.get(id)).toMatchObject({
        status: 'aborted',
        finishedAt: '2026-11-03T03:00:00.000Z',
        error: expect.stringMatching(/ended without finishing it/),
      });
    }
    expect((await store.get('killed'))?.error).toMatch(/^the process that ran it \(pid \d+ on /);
    expect(existsSync(killed)).toBe(false);
    expect(existsSync(join(dir, 'out', 'p', 'killed.tar.gz.partial'))).toBe(false);
    expect(existsSync(legacy)).toBe(false);
    expect(existsSync(precious)).toBe(true);

    for (const [id, folder] of [
      ['live', live],
      ['foreign', foreign],
    ] as const) {
      expect((await store.get(id))?.status).toBe('running');
      expect(existsSync(folder)).toBe(true);
      expect(existsSync(join(dir, 'out', 'p', `${id}.tar.gz.partial`))).toBe(true);
    }
    // Nothing more to do the second time.
    expect(await recoverAbandonedRuns({ store, clock, logger: silentLogger() })).toEqual([]);
  });

  it('leaves a run of a dead process to the work queue that still carries it', async () => {
    const queued = await running('queued', await killedProcess());
    const lost = await running('lost', await killedProcess());
    const asked: string[] = [];
    const recovered = await recoverAbandonedRuns({
      store,
      clock,
      logger: silentLogger(),
      stillQueued: async (runId) => {
        asked.push(runId);
        return runId === 'queued';
      },
    });
    expect(recovered.map((r) => r.runId)).toEqual(['lost']);
    expect(asked.sort()).toEqual(['lost', 'queued']);
    expect((await store.get('queued'))?.status).toBe('running');
    expect(existsSync(queued)).toBe(true);
    expect(existsSync(lost)).toBe(false);
  });
});
