// Per-account pacing learned from throttling. AWS limits the request rate of each account; a client that
// retries blindly keeps hitting the limit, and the SDK's own adaptive limiter (one per client, i.e. per
// account × region × service, starting from a measured rate of zero) falls to half a call a second at the
// first throttle. Here every client of an account shares one pacer: unpaced until AWS first throttles the
// account, then no faster than the rate the account accepted over the last second, probed upward while no
// throttle comes.

import type { Pace, QueueTime } from './call-queue.js';

export interface PacerSettings {
  /** Window over which accepted calls are counted, in milliseconds. */
  windowMs: number;
  /** Rate growth per window without a throttle (1.1 = +10%). */
  probe: number;
  /** Fewest accepted calls before an unpaced account's first rate is trusted (fewer: stay unpaced). */
  minSamples: number;
  /** Shortest time a rate is measured over, in milliseconds (a throttle sooner after a change is ignored). */
  minSpanMs: number;
  /** Slowest pace, calls per second. */
  minRate: number;
}

export const DEFAULT_PACER_SETTINGS: PacerSettings = {
  windowMs: 1000,
  probe: 1.1,
  minSamples: 5,
  minSpanMs: 300,
  minRate: 1,
};

/** Time and sleep, injected so tests run on a fake clock (the call queue sleeps until a pace allows a call). */
export type PacerTime = QueueTime;

export const realPacerTime: PacerTime = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** The pace of one account's calls. */
export class AccountPacer implements Pace {
  /** Calls per second; undefined until the account is first throttled. */
  private pace: number | undefined;
  private nextAt = 0;
  private lastChange = 0;
  private firstSeen: number | undefined;
  /** Times at which calls were accepted (answered with anything but a throttle), oldest first. */
  private readonly accepted: number[] = [];

  constructor(
    private readonly time: PacerTime = realPacerTime,
    private readonly settings: PacerSettings = DEFAULT_PACER_SETTINGS,
  ) {}

  /** The current pace in calls per second (undefined: not paced). */
  get rate(): number | undefined {
    return this.pace;
  }

  /** Earliest time the account's next call may start (at once while the account is not paced). */
  readyAt(): number {
    return this.pace === undefined ? Number.NEGATIVE_INFINITY : this.nextAt;
  }

  /** A call of the account starts now: the next one waits a pace's interval after it. */
  started(): void {
    const t = this.time.now();
    this.firstSeen ??= t;
    if (this.pace !== undefined) this.nextAt = Math.max(t, this.nextAt) + 1000 / this.pace;
  }

  /** A call of the account was answered (anything but a throttle). */
  onAccepted(): void {
    const t = this.time.now();
    this.accepted.push(t);
    this.trim(t);
    if (this.pace !== undefined && t - this.lastChange >= this.settings.windowMs) {
      this.pace *= this.settings.probe;
      this.lastChange = t;
    }
  }

  /**
   * A call of the account was throttled: pace at the rate the account accepted since the pace last changed
   * (at most the last window; the first time, since its first call), if that is long enough to measure.
   */
  onThrottled(): void {
    const t = this.time.now();
    this.trim(t);
    const since = this.pace === undefined ? (this.firstSeen ?? t) : this.lastChange;
    const span = Math.min(this.settings.windowMs, t - since);
    if (span < this.settings.minSpanMs) return;
    const from = t - span;
    const accepted = this.accepted.filter((at) => at > from).length;
    if (this.pace === undefined && accepted < this.settings.minSamples) return;
    const measured = (accepted * 1000) / span;
    this.pace = Math.max(this.settings.minRate, Math.min(this.pace ?? measured, measured));
    this.lastChange = t;
  }

  private trim(t: number): void {
    const from = t - this.settings.windowMs;
    let drop = 0;
    while (drop < this.accepted.length && (this.accepted[drop] as number) < from) drop += 1;
    if (drop) this.accepted.splice(0, drop);
  }
}
