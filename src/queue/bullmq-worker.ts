// A worker of the BullMQ work queue (`--role worker` or `all`): takes any job of any run. A run is a flow: a
// finishing job whose children are the plan job and one job per account group, which the plan job adds page
// by page of the organisation's listing, so accounts are collected while the listing goes on.
// BullMQ's stalled-job check gives the job of a worker that died to another; the stages make that safe
// (pipeline/staged/: an account done again replaces its evidence; the run fails rather than completes
// with an account missing). Limits and the retry budget of a run are held in Redis for all workers.

import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { FlowProducer, type Job, type JobsOptions, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Catalog, Profile } from '../catalog/index.js';
import { RELEASE_IF_HELD, RENEW_IF_HELD } from '../cluster/redis-coordinator.js';
import {
  clearRunLimits,
  initRetryBudget,
  RedisCallSlots,
  RedisRetryBudget,
} from '../cluster/redis-limits.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { RunStatus } from '../core/run-result.js';
import type { RunProgress } from '../pipeline/progress.js';
import { accountStage } from '../pipeline/staged/account-stage.js';
import { finishStage } from '../pipeline/staged/finish-stage.js';
import { planStage } from '../pipeline/staged/plan-stage.js';
import { unsafeJobData, workDirOf } from '../pipeline/staged/run-layout.js';
import type { StageContext } from '../pipeline/staged/stage-context.js';
import type { RunStore } from '../store/run-store.js';
import { redactUrl, scrubPassword } from '../store/store-url.js';
import {
  bullConnection,
  bullPrefix,
  finishJobOptions,
  type RunJobData,
  whenConnected,
} from './bullmq-queue.js';
import { QUEUE_NAME, type QueueSettings } from './queue-settings.js';
import { RunEvents } from './run-events.js';

export interface ClusterWorkerOptions {
  url: string;
  /** Key prefix shared by the cluster; default `evidentia:`. */
  prefix?: string;
  settings: QueueSettings;
  profiles: readonly Profile[];
  catalog: Catalog;
  /** The output root every worker shares (a shared volume). */
  outDir: string;
  store: RunStore;
  clock: Clock;
  logger: Logger;
  endpoint?: string;
  credentials?: AwsCredentialIdentityProvider;
  trialKeyDir?: string;
  /** Profiles whose verdicts go back into Security Hub once sealed (`profiles[].toSecurityHub`). */
  toSecurityHub?: ReadonlySet<string>;
}

/** How long a failed finish job waits for the failed account job's own reason to be recorded first. */
const CHILD_REASON_GRACE_MS = 2_000;

/** How long a retry budget or a finishing lock may outlive its run (a dead cluster's keys still go). */
const RUN_KEYS_TTL_MS = 7 * 24 * 3600_000;

export class ClusterWorker {
  private readonly commands: Redis;
  private readonly worker: Worker<RunJobData>;
  private readonly flows: FlowProducer;
  /** Where a plan job adds its run's account jobs, page by page. */
  private readonly accountJobs: Queue<RunJobData>;
  private readonly events: RunEvents;
  private readonly prefix: string;
  private readonly profiles = new Map<string, Profile>();
  /**
   * The caller's account for each run's account and finish jobs, asked once per run by this worker: asking in
   * every account job made one GetCallerIdentity per account (2,000 extra calls in the 2,000-account
   * benchmark). A failed question is forgotten, so the next job asks again (and fails, an attempt used, while
   * the credentials are refused). Plan jobs ask afresh. The most recent runs only (a run ended by another
   * worker is never cleared here).
   */
  private readonly callerAccounts = new Map<string, Promise<string>>();

  constructor(private readonly opts: ClusterWorkerOptions) {
    this.prefix = opts.prefix ?? 'evidentia:';
    for (const p of opts.profiles) this.profiles.set(p.id, p);
    this.commands = bullConnection(opts.url);
    this.commands.on('error', (err: Error) =>
      opts.logger.warn(
        { redis: redactUrl(opts.url), err: scrubPassword(err.message, opts.url) },
        'redis error',
      ),
    );
    this.events = new RunEvents(this.commands, this.prefix);
    const prefix = bullPrefix(this.prefix);
    this.flows = new FlowProducer({ connection: this.commands, prefix });
    this.accountJobs = new Queue<RunJobData>(QUEUE_NAME, { connection: this.commands, prefix });
    const s = opts.settings;
    this.worker = new Worker<RunJobData>(QUEUE_NAME, (job) => this.process(job), {
      connection: this.commands,
      prefix,
      autorun: false,
      concurrency: s.concurrency,
      lockDuration: s.lockDurationMs,
      stalledInterval: s.stalledIntervalMs,
      maxStalledCount: s.maxStalledCount,
    });
    this.worker.on('error', (err) =>
      opts.logger.warn({ err: scrubPassword(err.message, opts.url) }, 'work queue error'),
    );
    // A job out of attempts (errors, or stalled too often) ends its run as failed: never completed short.
    this.worker.on('failed', (job, err) => {
      if (!job) return;
      void this.onJobFailed(job, err).catch((e: unknown) =>
        opts.logger.error({ runId: job.data.runId, err: String(e) }, 'could not record a failed job'),
      );
    });
  }

  /** Connect and start taking jobs. */
  async start(): Promise<void> {
    try {
      await whenConnected(this.commands, this.opts.url);
    } catch (err) {
      await this.worker.close(true).catch(() => undefined);
      await this.flows.close().catch(() => undefined);
      await this.accountJobs.close().catch(() => undefined);
      this.commands.disconnect();
      throw err;
    }
    void this.worker.run();
    await this.worker.waitUntilReady();
  }

  async ping(): Promise<void> {
    await this.commands.ping();
  }

  /** Stop taking jobs; jobs in hand may finish for `graceMs`, then are left to the stalled check. */
  close(graceMs = 0): Promise<void> {
    this.closing ??= this.shutdown(graceMs);
    return this.closing;
  }

  private closing: Promise<void> | undefined;

  private async shutdown(graceMs: number): Promise<void> {
    const closing = this.worker.close();
    const timer = new Promise<void>((r) => setTimeout(r, graceMs).unref());
    await Promise.race([closing, timer]);
    await this.worker.close(true).catch(() => undefined);
    await this.flows.close();
    await this.accountJobs.close();
    await this.commands.quit().catch(() => this.commands.disconnect());
  }

  private async process(job: Job<RunJobData>): Promise<string> {
    // Job data is read from Redis: a value that cannot be a folder name is refused before it reaches the store
    // or the shared output folder (and the run it names, if any, is left alone: no real job carries it).
    const unsafe = unsafeJobData(job.data);
    if (unsafe) {
      this.opts.logger.warn({ job: job.id, name: job.name, err: unsafe }, 'job refused');
      return `refused: ${unsafe}`;
    }
    const { runId, profileId } = job.data;
    const profile = this.profiles.get(profileId);
    if (!profile) {
      await this.endRun(job.data, 'failed', `profile '${profileId}' is not configured on this worker`);
      return 'failed';
    }
    // Both asked at once (every job waits for them before it starts); a cancelled run is aborted even when
    // the store could not answer, which then fails the job as it did when they were asked one by one.
    const [cancel, stored] = await Promise.allSettled([
      this.events.cancelled(runId),
      this.opts.store.get(runId),
    ]);
    const stop = cancel.status === 'fulfilled' ? cancel.value : undefined;
    if (stop !== undefined) {
      await this.endRun(job.data, 'aborted', `Run aborted: ${stop}`);
      return 'aborted';
    }
    if (cancel.status === 'rejected') throw cancel.reason;
    if (stored.status === 'rejected') throw stored.reason;
    const record = stored.value;
    if (record && record.status !== 'running') return `run already ${record.status}`;
    const controller = new AbortController();
    const watch = setInterval(() => {
      void this.events.cancelled(runId).then(
        (reason) => {
          if (reason !== undefined) controller.abort(new Error(reason));
        },
        () => undefined,
      );
    }, 1_000);
    const ctx = this.stageContext(profile, runId, controller.signal);
    try {
      if (job.name === 'plan') await this.plan(job, ctx);
      else if (job.name === 'account') await this.account(job, ctx);
      else if (job.name === 'finish') await this.finish(job, ctx);
      else throw new Error(`unknown job '${job.name}'`);
      return 'done';
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (controller.signal.aborted) {
        await this.endRun(job.data, 'aborted', `Run aborted: ${String(controller.signal.reason ?? message)}`);
        return 'aborted';
      }
      // An account job is tried again (its attempts); a plan or a finish that failed fails the run.
      if (job.name === 'account') throw err;
      await this.endRun(job.data, 'failed', message);
      return 'failed';
    } finally {
      clearInterval(watch);
    }
  }

  private stageContext(profile: Profile, runId: string, signal: AbortSignal): StageContext {
    const o = this.opts;
    return {
      profile,
      catalog: o.catalog,
      outDir: o.outDir,
      runId,
      clock: o.clock,
      logger: o.logger,
      store: o.store,
      signal,
      ...(o.endpoint ? { endpoint: o.endpoint } : {}),
      ...(o.credentials ? { credentials: o.credentials } : {}),
      ...(o.trialKeyDir ? { trialKeyDir: o.trialKeyDir } : {}),
      ...(o.toSecurityHub?.has(profile.id) ? { toSecurityHub: true } : {}),
      shared: {
        slots: new RedisCallSlots({
          redis: this.commands,
          prefix: this.prefix,
          runId,
          limits: profile.collection.concurrency,
          leaseMs: profile.collection.callTimeoutMs + 10_000,
        }),
        retries: new RedisRetryBudget(this.commands, this.prefix, runId),
      },
      // Progress is best effort: a publish refused (Redis closing under a job still running) is not an error.
      progress: (p: RunProgress) =>
        void this.events.publish(runId, { type: 'progress', progress: p }).catch(() => undefined),
      callerAccount: (ask) => {
        let known = this.callerAccounts.get(runId);
        if (!known) {
          const asked = ask();
          known = asked;
          this.callerAccounts.set(runId, asked);
          const oldest = this.callerAccounts.keys().next().value;
          if (this.callerAccounts.size > 64 && oldest !== undefined) this.callerAccounts.delete(oldest);
          asked.catch(() => {
            if (this.callerAccounts.get(runId) === asked) this.callerAccounts.delete(runId);
          });
        }
        return known;
      },
    };
  }

  private async plan(job: Job<RunJobData>, ctx: StageContext): Promise<void> {
    const { runId, profileId } = job.data;
    const limits = ctx.profile.collection.concurrency;
    // The run's retries, as AwsClients would allow one process: counted once for all workers.
    await initRetryBudget(
      this.commands,
      this.prefix,
      runId,
      Math.max(200, limits.global * 20),
      RUN_KEYS_TTL_MS,
    );
    const base = { runId, profileId, startedAt: job.data.startedAt };
    const reportProgress = async () => {
      const t = await this.events.tasks(runId);
      ctx.progress({ phase: 'collect', tasksDone: t.done, tasksTotal: t.total });
    };
    const parent = job.parent?.id ? { id: job.parent.id, queue: job.parent.queueKey } : undefined;
    // The account jobs join the finishing job the plan job is a child of: it cannot start before the plan job
    // ends, so it never starts with accounts still to be queued. Job ids are the run's and the group's: a plan
    // job done again (its worker killed) adds nothing twice (BullMQ keeps the job it has, and its parent).
    const queueGroups = async (groups: string[], tasksSoFar: number) => {
      await this.accountJobs.addBulk(
        groups.map((group) => ({
          name: 'account',
          data: { ...base, group },
          opts: { ...this.accountJobOptions(runId, group), parent },
        })),
      );
      await this.events.growTotal(runId, tasksSoFar);
      await reportProgress();
    };
    const planned = await planStage(ctx, new Date(job.data.startedAt), parent ? queueGroups : undefined);
    await this.events.setTotal(runId, planned.tasksTotal);
    // A plan job queued without its run's finishing job (by a replica of an earlier version) makes the whole
    // flow once the plan is done, as that version's workers did.
    if (!parent) {
      await this.flows.add({
        name: 'finish',
        queueName: QUEUE_NAME,
        data: base,
        opts: finishJobOptions(runId),
        children: planned.groups.map((group) => ({
          name: 'account',
          queueName: QUEUE_NAME,
          data: { ...base, group },
          opts: this.accountJobOptions(runId, group),
        })),
      });
    }
    await reportProgress();
  }

  private accountJobOptions(runId: string, group: string): JobsOptions {
    const s = this.opts.settings;
    return {
      jobId: `${runId}-account-${group}`,
      attempts: s.accountAttempts,
      backoff: { type: 'exponential', delay: 1_000 },
      // An account out of attempts fails the finishing job, so the run fails rather than completes short.
      failParentOnFailure: true,
      removeOnComplete: { age: 7 * 86_400 },
      removeOnFail: { age: 30 * 86_400 },
    };
  }

  private async account(job: Job<RunJobData>, ctx: StageContext): Promise<void> {
    const { runId, group } = job.data;
    if (!group) throw new Error('an account job without its account group');
    await accountStage(ctx, group, async () => {
      const p = await this.events.taskDone(runId, group);
      await this.events.publish(runId, { type: 'progress', progress: p });
    });
    // Which worker collected which account (and how many attempts it took) is in every worker's log.
    ctx.logger.info({ runId, account: group, attempt: job.attemptsStarted }, 'account collected');
  }

  private async finish(job: Job<RunJobData>, ctx: StageContext): Promise<void> {
    const { runId } = job.data;
    // A finishing job thought stalled (its worker busy rendering past the lock) may be handed to a second
    // worker while the first still seals the run: one finisher at a time, by a lock the live one renews.
    const key = `${this.prefix}finishing:${runId}`;
    const token = randomUUID();
    const ttl = Math.max(3 * this.opts.settings.lockDurationMs, 10_000);
    for (;;) {
      if ((await this.commands.set(key, token, 'PX', ttl, 'NX')) === 'OK') break;
      const record = await this.opts.store.get(runId);
      if (record && record.status !== 'running') return;
      await new Promise((r) => setTimeout(r, 1_000));
    }
    const renew = setInterval(
      () => {
        void this.commands.eval(RENEW_IF_HELD, 1, key, token, String(ttl)).catch(() => undefined);
      },
      Math.floor(ttl / 3),
    );
    try {
      await finishStage(ctx);
      await this.events.publish(runId, { type: 'settled' });
      await this.clearRun(runId);
    } finally {
      clearInterval(renew);
      await this.commands.eval(RELEASE_IF_HELD, 1, key, token).catch(() => undefined);
    }
  }

  private async onJobFailed(job: Job<RunJobData>, err: Error): Promise<void> {
    if ((await job.getState()) !== 'failed') return; // attempts left: BullMQ tries again
    // A finish job fails when one of its account jobs failed for good (failParentOnFailure); that account's own
    // failure records the run with its reason. Give it a moment to, and only then record the finish job's.
    if (!job.data.group && /^child .* failed$/.test(err.message))
      await new Promise((r) => setTimeout(r, CHILD_REASON_GRACE_MS));
    const what = job.data.group ? `account ${job.data.group}` : `the ${job.name} job`;
    await this.endRun(job.data, 'failed', `${what} could not be collected: ${err.message}`);
  }

  /** Record the run as ended without completing, remove its folder, tell the replica that follows it. */
  private async endRun(data: RunJobData, status: RunStatus, error: string): Promise<void> {
    const { runId, profileId } = data;
    const record = await this.opts.store.get(runId);
    if (record?.status === 'running') {
      await this.opts.store.finish(runId, { status, finishedAt: this.opts.clock.now().toISOString(), error });
      this.opts.logger.error(
        { runId, profile: profileId, err: error },
        status === 'aborted' ? 'run aborted' : 'run failed',
      );
    }
    // Later jobs of the run see it ended and do nothing (process() checks the store).
    await rm(workDirOf(this.opts.outDir, profileId, runId), { recursive: true, force: true });
    await this.events.publish(runId, { type: 'settled' });
    await this.clearRun(runId);
  }

  private async clearRun(runId: string): Promise<void> {
    this.callerAccounts.delete(runId);
    await clearRunLimits(this.commands, this.prefix, runId).catch(() => undefined);
  }
}
