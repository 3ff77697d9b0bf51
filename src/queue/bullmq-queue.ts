// The BullMQ work queue as the replica that asks for a run sees it (`--role web` or `all`): the run is
// recorded as started in the shared store, a flow is queued — the run's finishing job, waiting for its one
// child, the plan job, which adds the account jobs beside itself as the organisation's listing arrives
// (bullmq-worker.ts) — and this replica follows the run's progress
// on Redis until a worker ends it — any worker, possibly none of them this process. Aborting the run (the
// daemon's shutdown) asks the workers to stop it.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FlowProducer, type JobsOptions, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { RunError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { currentProcess } from '../core/process-identity.js';
import type { RunSummary } from '../core/run-result.js';
import { newRunId } from '../pipeline/run-id.js';
import type { RunOutcome, RunProfileOptions } from '../pipeline/run-profile.js';
import { finalDirOf, workDirOf } from '../pipeline/staged/run-layout.js';
import { redactUrl, scrubPassword } from '../store/store-url.js';
import { QUEUE_NAME } from './queue-settings.js';
import { eventPattern, type RunEvent, RunEvents } from './run-events.js';
import type { WorkQueue } from './work-queue.js';

export interface BullMqQueueOptions {
  url: string;
  logger: Logger;
  /** Key prefix shared by the cluster; default `evidentia:`. */
  prefix?: string;
  /** How often the store is asked whether a followed run has ended (a lost message); default 2 s. */
  pollMs?: number;
}

/** The plan job's data: everything a worker needs to start the run. */
export interface RunJobData {
  runId: string;
  profileId: string;
  startedAt: string;
  /** The account group of an account job. */
  group?: string;
}

/** Connections for BullMQ: commands wait for Redis to come back rather than fail a job (BullMQ's rule). */
export function bullConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true });
}

/**
 * Resolve once `redis` is connected (connecting it if nobody has: BullMQ connects the connections it is
 * given itself); a server that does not answer within `timeoutMs` is CLUSTER_UNAVAILABLE, named without
 * its password — commands would otherwise wait for it for ever.
 */
export async function whenConnected(redis: Redis, url: string, timeoutMs = 10_000): Promise<void> {
  const unavailable = (why: string) =>
    new RunError(
      'CLUSTER_UNAVAILABLE',
      `cannot reach the cluster's Redis ${redactUrl(url)}: ${scrubPassword(why, url)}`,
    );
  if (redis.status === 'wait') redis.connect().catch(() => undefined);
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    let last = 'no answer';
    const onError = (err: Error) => {
      last = err.message;
    };
    const done = (err?: Error) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      redis.off('error', onError);
      if (err) reject(err);
      else resolve();
    };
    const onReady = () => done();
    const timer = setTimeout(() => done(unavailable(`${last} after ${timeoutMs} ms`)), timeoutMs);
    redis.on('ready', onReady);
    redis.on('error', onError);
  });
}

export class BullMqQueue implements WorkQueue {
  readonly kind = 'bullmq' as const;
  private readonly commands: Redis;
  private readonly subscriber: Redis;
  private readonly queue: Queue;
  private readonly flows: FlowProducer;
  private readonly events: RunEvents;
  private readonly prefix: string;
  private readonly followers = new Map<string, (e: RunEvent) => void>();

  constructor(private readonly opts: BullMqQueueOptions) {
    this.prefix = opts.prefix ?? 'evidentia:';
    this.commands = bullConnection(opts.url);
    this.subscriber = bullConnection(opts.url);
    for (const r of [this.commands, this.subscriber]) {
      r.on('error', (err: Error) =>
        opts.logger.warn(
          { redis: redactUrl(opts.url), err: scrubPassword(err.message, opts.url) },
          'redis error',
        ),
      );
    }
    this.queue = new Queue(QUEUE_NAME, { connection: this.commands, prefix: bullPrefix(this.prefix) });
    this.flows = new FlowProducer({ connection: this.commands, prefix: bullPrefix(this.prefix) });
    this.events = new RunEvents(this.commands, this.prefix);
  }

  /** Connect and subscribe now, so a wrong URL fails at start-up (typed, without the password). */
  async connect(): Promise<void> {
    try {
      await Promise.all([
        whenConnected(this.commands, this.opts.url),
        whenConnected(this.subscriber, this.opts.url),
      ]);
      this.subscriber.on('pmessage', (_pattern: string, channel: string, message: string) => {
        const runId = channel.slice(channel.lastIndexOf(':') + 1);
        const follower = this.followers.get(runId);
        if (!follower) return;
        try {
          follower(JSON.parse(message) as RunEvent);
        } catch {
          // Not ours to understand: ignored, the store still tells the end of the run.
        }
      });
      await this.subscriber.psubscribe(eventPattern(this.prefix));
    } catch (err) {
      await this.queue.close().catch(() => undefined);
      await this.flows.close().catch(() => undefined);
      this.commands.disconnect();
      this.subscriber.disconnect();
      if (err instanceof RunError) throw err;
      const msg = scrubPassword(err instanceof Error ? err.message : String(err), this.opts.url);
      throw new RunError(
        'CLUSTER_UNAVAILABLE',
        `cannot reach the cluster's Redis ${redactUrl(this.opts.url)}: ${msg}`,
      );
    }
  }

  async ping(): Promise<void> {
    await this.commands.ping();
  }

  /** Whether the queue still holds the run's plan job: its workers will end the run (crash recovery). */
  async carries(runId: string): Promise<boolean> {
    const job = await this.queue.getJob(`${runId}-plan`);
    return job !== undefined && (await job.getState()) !== 'failed';
  }

  run = async (opts: RunProfileOptions): Promise<RunOutcome> => {
    const { profile, store } = opts;
    if (!store) throw new Error('a run through the work queue needs the shared run store');
    const startedAt = opts.clock.now();
    const runId = opts.runId ?? newRunId(startedAt);
    const finalDir = finalDirOf(opts.outDir, profile.id, runId);
    await store.start({
      runId,
      profileId: profile.id,
      profileName: profile.name,
      startedAt: startedAt.toISOString(),
      // This replica follows the run; a replica that restarts finds it by this record (docs/daemon.md).
      owner: currentProcess(),
      workDir: workDirOf(opts.outDir, profile.id, runId),
    });
    let ended!: () => void;
    const settled = new Promise<void>((resolve) => {
      ended = resolve;
    });
    this.followers.set(runId, (e) => {
      if (e.type === 'progress') opts.onProgress?.(e.progress);
      else ended();
    });
    const onAbort = () => {
      void this.events.cancel(runId, String(opts.signal?.reason ?? 'cancelled')).catch(() => undefined);
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const poll = setInterval(() => {
      void store.get(runId).then(
        (r) => {
          if (r && r.status !== 'running') ended();
        },
        () => undefined,
      );
    }, this.opts.pollMs ?? 2_000);
    try {
      const data: RunJobData = { runId, profileId: profile.id, startedAt: startedAt.toISOString() };
      // The plan job is the finishing job's first child and keeps it waiting until every account job has
      // joined it; a plan job that fails for good (its workers killed) fails the run's finishing job too.
      await this.flows.add({
        name: 'finish',
        queueName: QUEUE_NAME,
        data,
        opts: finishJobOptions(runId),
        children: [
          {
            name: 'plan',
            queueName: QUEUE_NAME,
            data,
            opts: {
              jobId: `${runId}-plan`,
              failParentOnFailure: true,
              removeOnComplete: { age: 7 * 86_400 },
              removeOnFail: { age: 30 * 86_400 },
            },
          },
        ],
      });
      if (opts.signal?.aborted) onAbort();
      await settled;
    } finally {
      clearInterval(poll);
      this.followers.delete(runId);
      opts.signal?.removeEventListener('abort', onAbort);
    }
    const record = await store.get(runId);
    const status = record?.status ?? 'failed';
    if (status !== 'completed') {
      return {
        runId,
        dir: finalDir,
        status,
        error: new Error(record?.error ?? 'the run ended without a record of why'),
      };
    }
    const dir = record?.dir ?? finalDir;
    // The summary only (statistics for the metrics); the findings stay on disk.
    const summary = await readFile(join(dir, 'results.json'), 'utf8').then(
      (t) => JSON.parse(t) as RunSummary,
      () => undefined,
    );
    return {
      runId,
      dir,
      status,
      ...(record?.archive ? { archive: record.archive } : {}),
      ...(summary ? { results: summary } : {}),
    };
  };

  async close(): Promise<void> {
    await this.queue.close();
    await this.flows.close();
    await this.subscriber.quit().catch(() => this.subscriber.disconnect());
    await this.commands.quit().catch(() => this.commands.disconnect());
  }
}

/** The run's finishing job: its children are the plan job and, added by it, one job per account group. */
export function finishJobOptions(runId: string): JobsOptions {
  return {
    jobId: `${runId}-finish`,
    removeOnComplete: { age: 7 * 86_400 },
    removeOnFail: { age: 30 * 86_400 },
  };
}

/** BullMQ's own key prefix under the cluster's (`evidentia:` → `evidentia:bull`). */
export function bullPrefix(prefix: string): string {
  return `${prefix}bull`;
}
