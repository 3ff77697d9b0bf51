// Runs each scheduled profile on its cron expression (node-cron 4, in the schedule's time zone). A tick
// while the profile's previous run is still going is skipped, never queued; a failed run is simply tried
// again at the next tick.

import nodeCron, { type ScheduledTask, type TaskContext, type TaskOptions } from 'node-cron';
import type { ProfileLock } from '../cluster/profile-lock.js';
import type { Logger } from '../core/logger.js';
import type { ProfileSchedule } from './config/daemon-settings.js';
import { ProfileBusyError, type RunManager } from './run-manager.js';

/** The part of node-cron the scheduler uses (tests may pass node-cron itself under fake timers). */
export interface CronApi {
  createTask(expression: string, fn: (ctx: TaskContext) => void, options?: TaskOptions): ScheduledTask;
}

export interface ScheduleEntry {
  profileId: string;
  schedule: ProfileSchedule;
}

/** `claimed-elsewhere`: another replica sharing the cluster lock took this firing. */
export type TickOutcome = 'started' | 'skipped-busy' | 'refused' | 'claimed-elsewhere';

export interface SchedulerDeps {
  manager: Pick<RunManager, 'start'>;
  logger: Logger;
  cron?: CronApi;
  /** Called after every tick (metrics). */
  onTick?: (profileId: string, outcome: TickOutcome) => void;
  /** Replicas sharing this lock run each firing once between them; absent: every firing is this process's. */
  lock?: Pick<ProfileLock, 'claimTick'>;
}

export class Scheduler {
  private readonly tasks = new Map<string, ScheduledTask>();
  private started = false;

  constructor(
    private readonly entries: readonly ScheduleEntry[],
    private readonly deps: SchedulerDeps,
  ) {}

  /** Create and start one cron task per scheduled profile. */
  start(): void {
    const cron = this.deps.cron ?? nodeCron;
    const logger = this.deps.logger;
    for (const { profileId, schedule } of this.entries) {
      const task = cron.createTask(schedule.cron, (ctx) => void this.tick(profileId, ctx?.date), {
        name: `evidentia:${profileId}`,
        timezone: schedule.timezone,
        logger: {
          info: (m) => logger.debug({ profile: profileId }, m),
          warn: (m) => logger.warn({ profile: profileId }, m),
          error: (m) => logger.error({ profile: profileId }, String(m)),
          debug: (m) => logger.debug({ profile: profileId }, String(m)),
        },
      });
      void task.start();
      this.tasks.set(profileId, task);
      logger.info(
        { profile: profileId, cron: schedule.cron, timezone: schedule.timezone, next: task.getNextRun() },
        'schedule loaded',
      );
    }
    this.started = true;
  }

  /** Whether every schedule is loaded (readiness). */
  get loaded(): boolean {
    return this.started;
  }

  /** When the profile runs next, if it is scheduled. */
  nextRun(profileId: string): Date | null {
    return this.tasks.get(profileId)?.getNextRun() ?? null;
  }

  /** One firing of a profile's schedule (`at`: the scheduled time, the same on every replica). */
  async tick(profileId: string, at: Date = new Date()): Promise<TickOutcome> {
    let outcome: TickOutcome;
    try {
      if (this.deps.lock && !(await this.deps.lock.claimTick(profileId, at))) {
        this.deps.logger.info({ profile: profileId }, 'scheduled run left to the replica that claimed it');
        this.deps.onTick?.(profileId, 'claimed-elsewhere');
        return 'claimed-elsewhere';
      }
      const run = await this.deps.manager.start(profileId, { trigger: 'schedule' });
      this.deps.logger.info({ profile: profileId, runId: run.runId }, 'scheduled run started');
      outcome = 'started';
    } catch (err) {
      if (err instanceof ProfileBusyError) {
        this.deps.logger.warn(
          { profile: profileId, runId: err.runningRunId },
          'scheduled run skipped: the previous run is still in progress',
        );
        outcome = 'skipped-busy';
      } else {
        this.deps.logger.warn({ profile: profileId, err: (err as Error).message }, 'scheduled run refused');
        outcome = 'refused';
      }
    }
    this.deps.onTick?.(profileId, outcome);
    return outcome;
  }

  /** Stop every cron task (shutdown: no new scheduled work). */
  async stop(): Promise<void> {
    await Promise.all([...this.tasks.values()].map(async (t) => t.destroy()));
    this.tasks.clear();
    this.started = false;
  }
}
