// What the workers of a run tell the replica that asked for it, through Redis: progress and the end of the
// run on a pub/sub channel, and a small hash of the run's state (tasks done, a request to stop). Pub/sub may
// drop a message while a connection is away; the end of a run is also in the run store, which the waiting
// replica polls (bullmq-queue.ts), so a lost message delays an outcome but never loses it.

import type { Redis } from 'ioredis';
import type { RunProgress } from '../pipeline/progress.js';

export type RunEvent = { type: 'progress'; progress: RunProgress } | { type: 'settled' };

export function eventChannel(prefix: string, runId: string): string {
  return `${prefix}run-events:${runId}`;
}

export function eventPattern(prefix: string): string {
  return `${prefix}run-events:*`;
}

function stateKey(prefix: string, runId: string): string {
  return `${prefix}run-state:${runId}`;
}

/** A week: a run's state outlives any run; a dead cluster's keys still go away. */
const STATE_TTL_MS = 7 * 24 * 3600_000;

const GROW_TOTAL = `
local now = tonumber(redis.call('HGET', KEYS[1], 'tasksTotal') or '0')
if tonumber(ARGV[1]) > now then redis.call('HSET', KEYS[1], 'tasksTotal', ARGV[1]) end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 0`;

export class RunEvents {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async publish(runId: string, event: RunEvent): Promise<void> {
    await this.redis.publish(eventChannel(this.prefix, runId), JSON.stringify(event));
  }

  async setTotal(runId: string, tasksTotal: number): Promise<void> {
    const key = stateKey(this.prefix, runId);
    await this.redis.multi().hset(key, 'tasksTotal', tasksTotal).pexpire(key, STATE_TTL_MS).exec();
  }

  /**
   * Raise the run's task total to `tasksTotal` if it is lower: the total grows as the plan job queues account
   * jobs page by page, and a plan job done again (its worker killed) counts from zero again without lowering it.
   */
  async growTotal(runId: string, tasksTotal: number): Promise<void> {
    await this.redis.eval(
      GROW_TOTAL,
      1,
      stateKey(this.prefix, runId),
      String(tasksTotal),
      String(STATE_TTL_MS),
    );
  }

  /** Count one task done; returns the run's progress to publish. */
  async taskDone(runId: string, current: string): Promise<RunProgress> {
    const key = stateKey(this.prefix, runId);
    const [done, total] = await Promise.all([
      this.redis.hincrby(key, 'tasksDone', 1),
      this.redis.hget(key, 'tasksTotal'),
    ]);
    const tasksTotal = Number(total ?? 0);
    // An account collected again counts its tasks again: the count is capped rather than over 100 %.
    return { phase: 'collect', tasksDone: Math.min(done, tasksTotal), tasksTotal, current };
  }

  async tasks(runId: string): Promise<{ done: number; total: number }> {
    const [done, total] = await this.redis.hmget(stateKey(this.prefix, runId), 'tasksDone', 'tasksTotal');
    const t = Number(total ?? 0);
    return { done: Math.min(Number(done ?? 0), t), total: t };
  }

  /** Ask every worker of the run to stop it. */
  async cancel(runId: string, reason: string): Promise<void> {
    const key = stateKey(this.prefix, runId);
    await this.redis.multi().hset(key, 'cancel', reason).pexpire(key, STATE_TTL_MS).exec();
  }

  /** Why the run was asked to stop, if it was. */
  async cancelled(runId: string): Promise<string | undefined> {
    return (await this.redis.hget(stateKey(this.prefix, runId), 'cancel')) ?? undefined;
  }

  async clear(runId: string): Promise<void> {
    await this.redis.del(stateKey(this.prefix, runId));
  }
}
