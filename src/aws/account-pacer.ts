// Per-account pacing learned from throttling. AWS limits the request rate of each account; a client that
// retries blindly keeps hitting the limit, and the SDK's own adaptive limiter (one per client, i.e. per
// account × region × service, starting from a measured rate of zero) falls to half a call a second at the
// first throttle. Here every client of an account shares one pacer: unpaced until AWS first throttles the
// account, then no faster than the rate the account accepted over the last second (the first time, its calls
// of the last second per second, its burst included), probed upward while no throttle comes.

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
  /** Share of its pace an account must have used over the last window before the pace is probed upward. */
  busy: number;
}

export const DEFAULT_PACER_SETTINGS: PacerSettings = {
  windowMs: 1000,
  probe: 1.1,
  minSamples: 5,
  minSpanMs: 300,
  minRate: 1,
  busy: 0.9,
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
  /** The pace is a guess made at a first throttle that came within a window of the account's first call. */
  private provisional = false;
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

  /**
   * A call of the account was answered (anything but a throttle). `sentAt`: when it was sent, which is when AWS
   * took its token; an answer can come back long after.
   */
  onAccepted(sentAt: number = this.time.now()): void {
    const t = this.time.now();
    // Kept in order of sending (answers come back out of order).
    let i = this.accepted.length;
    while (i > 0 && (this.accepted[i - 1] as number) > sentAt) i -= 1;
    this.accepted.splice(i, 0, sentAt);
    this.trim(t);
    if (this.pace === undefined || t - this.lastChange < this.settings.windowMs) return;
    if (this.provisional) {
      // A whole window at the guessed pace without a throttle: the guess was low. Unpaced again, the next
      // throttle measures the account's rate over a span long enough to trust.
      this.pace = undefined;
      this.provisional = false;
      return;
    }
    // Probed upward only while the account's calls keep up with the pace: a pace raised while calls were
    // fewer anyway is one the account never tried, and it lets the next burst of calls run into throttles
    // (each into the SDK's back-off, the account's last calls then trailing the run by seconds).
    const sent = this.accepted.filter((at) => at > t - this.settings.windowMs).length;
    if (sent < this.pace * (this.settings.windowMs / 1000) * this.settings.busy) return;
    this.pace *= this.settings.probe;
    this.lastChange = t;
  }

  /**
   * A call of the account was throttled (`sentAt`: when it was sent). The first time, the account's burst is
   * spent, and over less than a window what it accepted is mostly that burst, not its rate: AWS's buckets hold
   * about a second of their rate, so pace at no more than the calls accepted in the last window per window (a
   * guess while the account is younger than a window: see onAccepted). Measuring a rate over the first few
   * hundred milliseconds instead would take the burst for the rate, three or four times too fast, and every
   * call meanwhile would be throttled into the SDK's growing back-off — an account's next call (the one the
   * others wait for) could sit there for seconds while its rate went unused. Later throttles lower the pace to
   * the rate the account accepted since the pace last changed (at most the last window), if that is long
   * enough to measure.
   */
  onThrottled(sentAt: number = this.time.now()): void {
    // Measured at the time the call was sent: AWS refused it then, however late the answer came back.
    const t = sentAt;
    this.trim(this.time.now());
    if (this.pace === undefined) {
      const accepted = this.accepted.filter((at) => at <= t).length;
      if (accepted < this.settings.minSamples) return;
      this.pace = Math.max(this.settings.minRate, (accepted * 1000) / this.settings.windowMs);
      this.provisional = t - (this.firstSeen ?? t) < this.settings.windowMs;
      this.lastChange = t;
      return;
    }
    // A throttle of a call sent too soon after the pace last changed (or before) says nothing of the pace.
    const span = Math.min(this.settings.windowMs, t - this.lastChange);
    if (span < this.settings.minSpanMs) return;
    const from = t - span;
    const accepted = this.accepted.filter((at) => at > from && at <= t).length;
    const measured = (accepted * 1000) / span;
    this.pace = Math.max(this.settings.minRate, Math.min(this.pace, measured));
    this.provisional = false;
    this.lastChange = t;
  }

  private trim(t: number): void {
    const from = t - this.settings.windowMs;
    let drop = 0;
    while (drop < this.accepted.length && (this.accepted[drop] as number) < from) drop += 1;
    if (drop) this.accepted.splice(0, drop);
  }
}
