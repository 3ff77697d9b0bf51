// Starts runs for the scheduler and the HTTP service alike, and is the one place that guarantees a profile
// never has two runs at once. Keeps each running run's progress, aborts runs on shutdown, and hands every
// finished run to the follow-up hooks (metrics, retention, notifications).

import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { Catalog, Profile } from '../catalog/index.js';
import type { ProfileLease, ProfileLock } from '../cluster/profile-lock.js';
import type { Clock } from '../core/clock.js';
import { EvidentiaError, EXIT, NotFoundError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { RunProgress } from '../pipeline/progress.js';
import { newRunId } from '../pipeline/run-id.js';
import type { RunOutcome, RunProfileOptions } from '../pipeline/run-profile.js';
import { type RunStore, type RunTrigger, withRunStart } from '../store/run-store.js';

export type RunFunction = (opts: RunProfileOptions) => Promise<RunOutcome>;

/** A run this process is running now. */
export interface ActiveRun {
  runId: string;
  profileId: string;
  profileName: string;
  startedAt: string;
  trigger: RunTrigger;
  requestedBy?: string;
  progress: RunProgress;
}

/** A run that has ended, as the follow-up hooks see it. */
export interface SettledRun {
  run: ActiveRun;
  profile: Profile;
  outcome: RunOutcome;
  durationMs: number;
}

export type SettledHook = (settled: SettledRun) => Promise<void>;

/** A run of this profile is in progress; the request is refused, not queued. */
export class ProfileBusyError extends EvidentiaError {
  constructor(
    readonly profileId: string,
    readonly runningRunId: string,
  ) {
    super('PROFILE_BUSY', `a run of profile '${profileId}' is already in progress (${runningRunId})`, {
      exitCode: EXIT.INCOMPLETE,
      context: { profileId, runId: runningRunId },
    });
  }
}

/** The daemon is shutting down and takes no new work. */
export class NotAcceptingError extends EvidentiaError {
  constructor() {
    super('SHUTTING_DOWN', 'the daemon is shutting down and accepts no new runs', {
      exitCode: EXIT.INCOMPLETE,
    });
  }
}

export interface RunManagerDeps {
  profiles: readonly Profile[];
  catalog: Catalog;
  outDir: string;
  store: RunStore;
  clock: Clock;
  logger: Logger;
  run: RunFunction;
  endpoint?: string;
  credentials?: AwsCredentialIdentityProvider;
  /** Folder of the trial key (`<state>/keys`). */
  trialKeyDir?: string;
  /** Called in order after each run ends; a hook that throws is logged, never fatal. */
  hooks?: SettledHook[];
  /** Cluster-wide exclusivity (cluster/redis-coordinator.ts) for `start`; absent: this process decides alone. */
  lock?: ProfileLock;
  /** Profiles whose sealed runs are also imported into AWS Security Hub. */
  toSecurityHub?: ReadonlySet<string>;
}

interface Slot {
  run: ActiveRun;
  controller: AbortController;
  /** The cluster lock held for this run, released when it ends. */
  lease?: ProfileLease;
}

export class RunManager {
  private readonly byProfile = new Map<string, Profile>();
  private readonly slots = new Map<string, Slot>();
  /** Every run's whole execution, follow-up hooks included. */
  private readonly inflight = new Set<Promise<void>>();
  private readonly hooks: SettledHook[];
  private accepting = true;

  constructor(private readonly deps: RunManagerDeps) {
    for (const p of deps.profiles) this.byProfile.set(p.id, p);
    this.hooks = [...(deps.hooks ?? [])];
  }

  /** Add a follow-up hook (metrics, retention, notifications). */
  onSettled(hook: SettledHook): void {
    this.hooks.push(hook);
  }

  profiles(): Profile[] {
    return [...this.byProfile.values()];
  }

  profile(id: string): Profile | undefined {
    return this.byProfile.get(id);
  }

  get isAccepting(): boolean {
    return this.accepting;
  }

  /** The run of this profile in progress, if any. */
  runningFor(profileId: string): ActiveRun | undefined {
    return this.slots.get(profileId)?.run;
  }

  /** A run in progress, by id. */
  active(runId: string): ActiveRun | undefined {
    for (const s of this.slots.values()) if (s.run.runId === runId) return s.run;
    return undefined;
  }

  activeRuns(): ActiveRun[] {
    return [...this.slots.values()].map((s) => s.run);
  }

  /**
   * Start a run of `profileId` now, cluster-wide exclusive when a lock is configured: throws
   * ProfileBusyError when a run of it is in progress here or on any replica sharing the lock.
   */
  async start(profileId: string, opts: { trigger: RunTrigger; requestedBy?: string }): Promise<ActiveRun> {
    const { lock } = this.deps;
    if (!lock) return this.request(profileId, opts);
    this.checkRequest(profileId);
    const startedAt = this.deps.clock.now();
    const runId = newRunId(startedAt);
    const got = await lock.acquire(profileId, runId);
    if (!got.ok) throw new ProfileBusyError(profileId, got.heldBy);
    try {
      return this.request(profileId, opts, { runId, startedAt, lease: got.lease });
    } catch (err) {
      await got.lease.release().catch(() => undefined);
      throw err;
    }
  }

  /**
   * Start a run of `profileId` now, checked against this process's runs only (`start` adds the cluster
   * lock); throws ProfileBusyError when one is already running here.
   */
  request(
    profileId: string,
    opts: { trigger: RunTrigger; requestedBy?: string },
    claimed?: { runId: string; startedAt: Date; lease: ProfileLease },
  ): ActiveRun {
    const profile = this.checkRequest(profileId);
    const startedAt = claimed?.startedAt ?? this.deps.clock.now();
    const run: ActiveRun = {
      runId: claimed?.runId ?? newRunId(startedAt),
      profileId,
      profileName: profile.name,
      startedAt: startedAt.toISOString(),
      trigger: opts.trigger,
      ...(opts.requestedBy ? { requestedBy: opts.requestedBy } : {}),
      progress: { phase: 'discover', tasksDone: 0, tasksTotal: 0 },
    };
    const controller = new AbortController();
    const slot: Slot = { run, controller, ...(claimed ? { lease: claimed.lease } : {}) };
    this.slots.set(profileId, slot);
    const done = this.execute(profile, slot).finally(() => this.inflight.delete(done));
    this.inflight.add(done);
    return run;
  }

  /** The profile, if this process may start a run of it now; else the error that says why not. */
  private checkRequest(profileId: string): Profile {
    if (!this.accepting) throw new NotAcceptingError();
    const profile = this.byProfile.get(profileId);
    if (!profile) throw new NotFoundError('profile', profileId, [...this.byProfile.keys()]);
    const busy = this.slots.get(profileId);
    if (busy) throw new ProfileBusyError(profileId, busy.run.runId);
    return profile;
  }

  /** Resolve when no run is in progress and every follow-up hook has finished (tests, shutdown). */
  async whenIdle(): Promise<void> {
    while (this.inflight.size) await Promise.all([...this.inflight]);
  }

  /** Refuse new runs from now on. */
  stopAccepting(): void {
    this.accepting = false;
  }

  /**
   * Shutdown: refuse new runs, let running ones finish for up to `graceMs`, then abort the rest and wait
   * for them to record themselves as aborted. Returns the ids of the runs it aborted.
   */
  async drain(graceMs: number, hardLimitMs = 60_000): Promise<string[]> {
    this.stopAccepting();
    if (!this.inflight.size) return [];
    const idle = this.whenIdle();
    if (await settlesWithin(idle, graceMs)) return [];
    const aborted = [...this.slots.values()].map((s) => {
      this.deps.logger.warn(
        { runId: s.run.runId, profile: s.run.profileId },
        'aborting run: shutdown grace period over',
      );
      s.controller.abort(new Error('the daemon is shutting down'));
      return s.run.runId;
    });
    if (!(await settlesWithin(idle, hardLimitMs))) {
      this.deps.logger.error({ runs: aborted }, 'runs did not stop after being aborted; exiting anyway');
    }
    return aborted;
  }

  /** Abort every run now (a second signal during shutdown). */
  abortAll(reason: string): void {
    for (const s of this.slots.values()) s.controller.abort(new Error(reason));
  }

  private async execute(profile: Profile, slot: Slot): Promise<void> {
    const { deps } = this;
    const { run } = slot;
    const t0 = performance.now();
    const store = withRunStart(deps.store, {
      trigger: run.trigger,
      ...(run.requestedBy ? { requestedBy: run.requestedBy } : {}),
    });
    let outcome: RunOutcome;
    try {
      outcome = await deps.run({
        profile,
        catalog: deps.catalog,
        outDir: deps.outDir,
        clock: deps.clock,
        logger: deps.logger,
        runId: run.runId,
        signal: slot.controller.signal,
        store,
        onProgress: (p) => {
          run.progress = { ...p };
        },
        ...(deps.endpoint ? { endpoint: deps.endpoint } : {}),
        ...(deps.credentials ? { credentials: deps.credentials } : {}),
        ...(deps.trialKeyDir ? { trialKeyDir: deps.trialKeyDir } : {}),
        ...(deps.toSecurityHub?.has(profile.id) ? { toSecurityHub: true } : {}),
      });
    } catch (err) {
      // runProfile throws only for bad input; the run is still recorded, as failed.
      const error = err instanceof Error ? err : new Error(String(err));
      deps.logger.error({ runId: run.runId, profile: profile.id, err: error.message }, 'run could not start');
      await this.recordFailure(store, run, error).catch((storeErr: unknown) => {
        deps.logger.error(
          { runId: run.runId, err: String(storeErr) },
          'could not record the run in the store',
        );
      });
      outcome = {
        runId: run.runId,
        dir: '',
        status: slot.controller.signal.aborted ? 'aborted' : 'failed',
        error,
      };
    } finally {
      this.slots.delete(profile.id);
      // Other replicas may start the profile from now on.
      await slot.lease?.release().catch((err: unknown) => {
        deps.logger.warn(
          { runId: run.runId, err: err instanceof Error ? err.message : String(err) },
          "could not release the profile's cluster lock (it expires by itself)",
        );
      });
    }
    const settled: SettledRun = { run, profile, outcome, durationMs: Math.round(performance.now() - t0) };
    for (const hook of this.hooks) {
      await hook(settled).catch((err: unknown) => {
        deps.logger.error(
          { runId: run.runId, err: err instanceof Error ? err.message : String(err) },
          'run follow-up failed',
        );
      });
    }
  }

  private async recordFailure(store: RunStore, run: ActiveRun, error: Error): Promise<void> {
    const existing = await store.get(run.runId);
    if (!existing) {
      await store.start({
        runId: run.runId,
        profileId: run.profileId,
        profileName: run.profileName,
        startedAt: run.startedAt,
      });
    }
    if (!existing || existing.status === 'running') {
      await store.finish(run.runId, {
        status: 'failed',
        finishedAt: this.deps.clock.now().toISOString(),
        error: error.message,
      });
    }
  }
}

/** Whether `p` settles within `ms`. */
async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([p.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
