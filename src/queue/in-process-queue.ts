// The work queue of a daemon alone (no `cluster.queue`): each run is runProfile in this process.

import { runProfile } from '../pipeline/run-profile.js';
import type { RunFunction, WorkQueue } from './work-queue.js';

export class InProcessQueue implements WorkQueue {
  readonly kind = 'in-process' as const;
  /** `run`: the pipeline (default runProfile; tests may pass another). */
  constructor(readonly run: RunFunction = runProfile) {}
  async ping(): Promise<void> {}
  async close(): Promise<void> {}
}
