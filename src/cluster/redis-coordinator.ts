// The cluster's profile lock on Redis (ioredis). A lock is `SET key "<token> <runId>" NX PX ttl`; the holder
// renews it every ttl/3 with a compare-and-expire script and releases it with a compare-and-delete script,
// so a replica whose lease expired (paused, partitioned) can never delete the lock another replica took since.
// A scheduled firing is claimed with `SET tick-key NX PX` on the scheduled second.

import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { RunError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { redactUrl, scrubPassword } from '../store/store-url.js';
import type { AcquireResult, ProfileLease, ProfileLock } from './profile-lock.js';

/** Delete the key only if it still holds our value (KEYS[1], ARGV[1]: the value). */
export const RELEASE_IF_HELD = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
/** Extend the key's life only if it still holds our value (ARGV[2]: milliseconds). */
export const RENEW_IF_HELD = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

export interface RedisCoordinatorOptions {
  url: string;
  logger: Logger;
  /** Lock lifetime without renewal; default 30 s. A dead replica's lock frees itself after this long. */
  lockTtlMs?: number;
  /** How long a claimed tick is remembered; default 24 h. */
  tickTtlMs?: number;
  /** Key prefix, so several deployments can share one Redis; default `evidentia:`. */
  prefix?: string;
}

export class RedisCoordinator implements ProfileLock {
  private readonly redis: Redis;
  private readonly where: string;
  private readonly ttl: number;
  private readonly tickTtl: number;
  private readonly prefix: string;
  private readonly leases = new Set<RedisLease>();

  constructor(private readonly opts: RedisCoordinatorOptions) {
    this.where = redactUrl(opts.url);
    this.ttl = opts.lockTtlMs ?? 30_000;
    this.tickTtl = opts.tickTtlMs ?? 24 * 3600_000;
    this.prefix = opts.prefix ?? 'evidentia:';
    // Commands fail fast while Redis is away instead of queueing: a run must not start on a lock not taken.
    this.redis = new Redis(opts.url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 5_000,
    });
    this.redis.on('error', (err: Error) => {
      opts.logger.warn({ redis: this.where, err: scrubPassword(err.message, opts.url) }, 'redis error');
    });
  }

  /** Connect now, so a wrong URL fails at start-up (typed, without the password). */
  async connect(): Promise<void> {
    try {
      await this.redis.connect();
    } catch (err) {
      this.redis.disconnect();
      throw this.unavailable(err);
    }
  }

  private unavailable(err: unknown): RunError {
    const msg = scrubPassword(err instanceof Error ? err.message : String(err), this.opts.url);
    return new RunError('CLUSTER_UNAVAILABLE', `cannot reach the cluster's Redis ${this.where}: ${msg}`);
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw this.unavailable(err);
    }
  }

  async acquire(profileId: string, runId: string): Promise<AcquireResult> {
    const key = `${this.prefix}run-lock:${profileId}`;
    const value = `${randomUUID()} ${runId}`;
    const set = await this.call(() => this.redis.set(key, value, 'PX', this.ttl, 'NX'));
    if (set !== 'OK') {
      const holder = await this.call(() => this.redis.get(key));
      // The holder may have released between the two calls; name no run rather than a wrong one.
      return { ok: false, heldBy: holder?.split(' ')[1] ?? 'unknown' };
    }
    const lease = new RedisLease(this, key, value, profileId, runId, this.ttl, this.opts.logger);
    this.leases.add(lease);
    return { ok: true, lease };
  }

  async claimTick(profileId: string, at: Date): Promise<boolean> {
    const second = new Date(Math.floor(at.getTime() / 1000) * 1000).toISOString();
    const key = `${this.prefix}tick:${profileId}:${second}`;
    const set = await this.call(() => this.redis.set(key, randomUUID(), 'PX', this.tickTtl, 'NX'));
    return set === 'OK';
  }

  /** @internal used by leases */
  async renew(key: string, value: string): Promise<boolean> {
    return (await this.call(() => this.redis.eval(RENEW_IF_HELD, 1, key, value, String(this.ttl)))) === 1;
  }

  /** @internal used by leases */
  async release(lease: RedisLease, key: string, value: string): Promise<void> {
    this.leases.delete(lease);
    await this.call(() => this.redis.eval(RELEASE_IF_HELD, 1, key, value));
  }

  async ping(): Promise<void> {
    await this.call(() => this.redis.ping());
  }

  /** Release every lease still held (shutdown), then disconnect. */
  async close(): Promise<void> {
    await Promise.all([...this.leases].map((l) => l.release().catch(() => undefined)));
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

class RedisLease implements ProfileLease {
  private timer: NodeJS.Timeout | undefined;
  private released = false;
  lost = false;

  constructor(
    private readonly owner: RedisCoordinator,
    private readonly key: string,
    private readonly value: string,
    readonly profileId: string,
    readonly runId: string,
    ttlMs: number,
    private readonly logger: Logger,
  ) {
    this.timer = setInterval(() => void this.renew(), Math.max(100, Math.floor(ttlMs / 3)));
    this.timer.unref();
  }

  private async renew(): Promise<void> {
    if (this.released || this.lost) return;
    try {
      if (await this.owner.renew(this.key, this.value)) return;
      this.lost = true;
      clearInterval(this.timer);
      this.logger.error(
        { profile: this.profileId, runId: this.runId },
        "lost the profile's cluster lock (expired before it was renewed): another replica may start a run of it",
      );
    } catch (err) {
      // Redis unreachable for a moment: keep trying until the lock's lifetime is over.
      this.logger.warn(
        { profile: this.profileId, runId: this.runId, err: (err as Error).message },
        "could not renew the profile's cluster lock",
      );
    }
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    clearInterval(this.timer);
    await this.owner.release(this, this.key, this.value);
  }
}
