// What replicas sharing work agree on: a scheduled firing is claimed by one replica only, and a profile has
// at most one run in the whole cluster (the holder of its lock). The Redis implementation is
// redis-coordinator.ts; a daemon without `cluster:` has none and decides alone (run-manager.ts).

/** The right to run one profile, held while the run lives. */
export interface ProfileLease {
  readonly profileId: string;
  readonly runId: string;
  /** True once the lease could not be renewed (expired, or taken by another after Redis lost it). */
  readonly lost: boolean;
  /** Give the lock up if it is still ours; never removes another holder's lock. */
  release(): Promise<void>;
}

export type AcquireResult = { ok: true; lease: ProfileLease } | { ok: false; heldBy: string };

export interface ProfileLock {
  /** Take the profile's lock for run `runId`, or learn which run holds it. */
  acquire(profileId: string, runId: string): Promise<AcquireResult>;
  /**
   * Claim one scheduled firing (`profileId` at the scheduled second `at`): true for exactly one caller across
   * the cluster, so a tick never starts two runs even when the first run ends before a slower replica ticks.
   */
  claimTick(profileId: string, at: Date): Promise<boolean>;
  /** Throws when the coordinating server cannot be reached (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
