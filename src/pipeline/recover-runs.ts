// Crash recovery: a process killed mid-run (SIGKILL, OOM, power loss) leaves its run `running` in the store
// for ever, and its `.<run-id>.partial` folder and `<run-id>.tar.gz.partial` archive on disk outside any
// retention. At start the CLI (collect, demo) and the daemon mark such runs aborted and remove what they left —
// but only runs whose process is provably gone (core/process-identity.ts): a run of a live process, say a CLI
// run while a daemon starts on the same state folder, is never touched.

import { rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { processState } from '../core/process-identity.js';
import type { RunRecord, RunStore } from '../store/run-store.js';

export interface RecoveredRun {
  runId: string;
  /** Temporary files and folders removed. */
  removed: string[];
}

/** Mark the runs of dead processes aborted and remove their temporary folder and archive. */
export async function recoverAbandonedRuns(opts: {
  store: RunStore;
  clock: Clock;
  logger: Logger;
  /**
   * Whether a work queue still carries the run (src/queue/bullmq-queue.ts): its workers will end it, so the
   * death of the replica that asked for it abandons nothing.
   */
  stillQueued?: (runId: string) => Promise<boolean>;
}): Promise<RecoveredRun[]> {
  const { store, clock, logger } = opts;
  const recovered: RecoveredRun[] = [];
  for (const run of await store.list({ status: 'running' })) {
    // A record without its process was written before schema 2 (an older Evidentia, stopped since): gone.
    const state = run.owner ? processState(run.owner) : 'gone';
    if (state !== 'gone') continue;
    if (await opts.stillQueued?.(run.runId)) continue;
    const who = run.owner ? `pid ${run.owner.pid} on ${run.owner.host}` : 'a process of an older Evidentia';
    const marked = await store.abandon(
      run.runId,
      clock.now().toISOString(),
      `the process that ran it (${who}) ended without finishing it (killed or crashed)`,
    );
    if (!marked) continue;
    const removed = await removeTemporaries(run);
    recovered.push({ runId: run.runId, removed });
    logger.warn(
      { runId: run.runId, owner: run.owner, removed },
      'run left by a dead process recorded as aborted',
    );
  }
  return recovered;
}

/**
 * The run's `.<run-id>.partial` folder and the `<run-id>.tar.gz.partial` beside it (names from
 * pipeline/run-profile.ts and finalize-run.ts). Only a folder with exactly that name is removed, so a
 * tampered record cannot point the removal anywhere else.
 */
async function removeTemporaries(run: RunRecord): Promise<string[]> {
  if (!run.workDir || basename(run.workDir) !== `.${run.runId}.partial`) return [];
  const paths = [run.workDir, join(dirname(run.workDir), `${run.runId}.tar.gz.partial`)];
  for (const path of paths) await rm(path, { recursive: true, force: true });
  return paths;
}
