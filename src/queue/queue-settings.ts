// Settings of the BullMQ work queue (`cluster.queue` in the daemon configuration), with their defaults.

export interface QueueSettings {
  /** Jobs one worker process runs at once (account jobs mostly). */
  concurrency: number;
  /** How long a job's lock lives without renewal: a killed worker's job is noticed after about this long. */
  lockDurationMs: number;
  /** How often workers look for stalled jobs. */
  stalledIntervalMs: number;
  /** Times a job may stall (its worker gone) and be taken again before the run fails. */
  maxStalledCount: number;
  /** Attempts of an account job that fails (an error, not a stall) before the run fails. */
  accountAttempts: number;
}

export const DEFAULT_QUEUE_SETTINGS: QueueSettings = {
  concurrency: 4,
  lockDurationMs: 30_000,
  stalledIntervalMs: 30_000,
  maxStalledCount: 2,
  accountAttempts: 3,
};

/** Name of the one BullMQ queue every job of every run goes through. */
export const QUEUE_NAME = 'evidentia-runs';
