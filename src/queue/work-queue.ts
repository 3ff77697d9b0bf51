// The work queue seam: how the daemon has a run carried out. In process (in-process-queue.ts: runProfile in
// this process, today's behaviour) or as a BullMQ flow on Redis (bullmq-queue.ts, run by the workers of
// bullmq-worker.ts). The run manager, the scheduler and the HTTP service do not know which they have.

import type { RunOutcome, RunProfileOptions } from '../pipeline/run-profile.js';

/** Carry out one run; resolves with its outcome once it has ended, wherever it ran. */
export type RunFunction = (opts: RunProfileOptions) => Promise<RunOutcome>;

export interface WorkQueue {
  readonly kind: 'in-process' | 'bullmq';
  run: RunFunction;
  /** Throws when the queue's server cannot be reached (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
