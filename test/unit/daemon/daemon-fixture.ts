// What the daemon unit tests share: a catalogue and profile of the real loader, a run function whose runs
// end when the test says so (honouring the abort signal), and a store in memory.

import type { Catalog, Profile } from '../../../src/catalog/index.js';
import { fixedClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { RunOutcome, RunProfileOptions } from '../../../src/pipeline/run-profile.js';
import { SqliteRunStore } from '../../../src/store/sqlite-run-store.js';
import { loadSampleCatalog } from '../../fixtures/results/sample-run.js';

export async function sampleProfile(): Promise<{ catalog: Catalog; profile: Profile }> {
  return loadSampleCatalog();
}

/** A pipeline stand-in: each call records itself and waits until `finish()` (or its signal aborts it). */
export class ControlledRuns {
  readonly calls: RunProfileOptions[] = [];
  private readonly pending: (() => void)[] = [];
  /** finish() calls that came before their run was waiting. */
  private early = 0;

  readonly run = async (opts: RunProfileOptions): Promise<RunOutcome> => {
    this.calls.push(opts);
    const runId = opts.runId!;
    await opts.store?.start({
      runId,
      profileId: opts.profile.id,
      profileName: opts.profile.name,
      startedAt: opts.clock.now().toISOString(),
    });
    opts.onProgress?.({ phase: 'collect', tasksDone: 1, tasksTotal: 4 });
    const aborted = await new Promise<boolean>((resolve) => {
      if (this.early > 0) {
        this.early -= 1;
        resolve(false);
        return;
      }
      this.pending.push(() => resolve(false));
      opts.signal?.addEventListener('abort', () => resolve(true), { once: true });
    });
    const status = aborted ? 'aborted' : 'failed';
    await opts.store?.finish(runId, { status, finishedAt: opts.clock.now().toISOString(), error: status });
    return { runId, dir: '', status, error: new Error(status) };
  };

  /** End the oldest run still waiting (or the next one to start). */
  finish(): void {
    const next = this.pending.shift();
    if (next) next();
    else this.early += 1;
  }
}

export const clock = fixedClock('2026-11-29T02:00:00.000Z');
export const logger = silentLogger();

export function memoryStore(): SqliteRunStore {
  return SqliteRunStore.open(':memory:');
}
