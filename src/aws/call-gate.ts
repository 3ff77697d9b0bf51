// One gate every AWS HTTP attempt passes through: a global and a per-account concurrency limit and the
// account's pace once AWS has throttled it (account-pacer.ts), held in one queue (call-queue.ts; waiting calls
// that lead to further calls first: call-priority.ts), and the attempt/throttle counters. Installed as
// SDK middleware between retry and signing, so a request waiting for a slot is signed only when it goes out,
// and a retry's back-off never holds a slot.

import type { FinalizeRequestMiddleware, MiddlewareStack } from '@smithy/types';
import { AccountPacer, type PacerTime, realPacerTime } from './account-pacer.js';
import { isThrottleCode } from './aws-error.js';
import type { CallMetrics } from './call-metrics.js';
import { callPriority } from './call-priority.js';
import { CallQueue, type Lane, newLane } from './call-queue.js';

/**
 * Gate key of the caller's own calls (STS, Organizations). They skip the global limit: the SDK resolves
 * credentials when it signs an attempt, i.e. inside the gate, so an account's calls can hold global slots
 * while they wait for its role to be renewed — an AssumeRole queued behind them would never run.
 */
export const CALLER = 'caller';

export interface ConcurrencyLimits {
  global: number;
  perAccount: number;
}

/**
 * The same limits held across processes (cluster/redis-limits.ts): an attempt also takes a cluster-wide slot,
 * so several workers together stay within them. The caller's own calls never wait for one (see CALLER).
 */
export interface SharedCallSlots {
  run<T>(accountId: string, attempt: () => Promise<T>): Promise<T>;
}

export class CallGate {
  private readonly queue: CallQueue;
  private readonly lanes = new Map<string, Lane>();
  /** One pacer per account: AWS limits an account's request rate whichever key its calls pass under. */
  private readonly pacers = new Map<string, AccountPacer>();
  private readonly limits: ConcurrencyLimits;
  private callerAccount: string | undefined;
  readonly metrics: CallMetrics;

  constructor(
    limits: ConcurrencyLimits,
    metrics: CallMetrics,
    private readonly time: PacerTime = realPacerTime,
    private readonly shared?: SharedCallSlots,
  ) {
    this.limits = limits;
    this.queue = new CallQueue(limits.global, time);
    this.metrics = metrics;
  }

  /**
   * The account the caller's credentials belong to. AWS counts the caller's own calls (who am I, the account
   * list, every AssumeRole) against that account's rate, so from now on they share its pace: two pacers
   * learning one limit apart would each spend the other's share and be throttled in turn.
   */
  setCallerAccount(accountId: string): void {
    if (this.callerAccount === accountId) return;
    this.callerAccount = accountId;
    const callerPace = this.pacers.get(CALLER);
    if (callerPace && !this.pacers.has(accountId)) this.pacers.set(accountId, callerPace);
    const shared = this.pacer(accountId);
    this.pacers.set(CALLER, shared);
    const callerLane = this.lanes.get(CALLER);
    if (callerLane) callerLane.pace = shared;
  }

  /** The pace of an account's calls, in calls per second (undefined: not paced). */
  paceOf(accountId: string): number | undefined {
    return this.pacers.get(accountId)?.rate;
  }

  private pacer(account: string): AccountPacer {
    let pacer = this.pacers.get(account);
    if (!pacer) {
      pacer = new AccountPacer(this.time);
      this.pacers.set(account, pacer);
    }
    return pacer;
  }

  private lane(accountId: string): Lane {
    let lane = this.lanes.get(accountId);
    if (!lane) {
      // The caller's own calls skip the global limit (see CALLER).
      lane = newLane(this.limits.perAccount, accountId !== CALLER, this.pacer(accountId));
      this.lanes.set(accountId, lane);
    }
    return lane;
  }

  /** Run one HTTP attempt for `accountId` once its account slot, a global slot and its pace allow it. */
  run<T>(accountId: string, attempt: () => Promise<T>): Promise<T> {
    const lane = this.lane(accountId);
    // Calls that lead to further calls wait less (call-priority.ts).
    return this.queue.run(
      lane,
      async () => {
        // The account's pacer when the call ends (the caller's may have joined its account's meanwhile).
        const pacer = this.pacer(accountId);
        this.metrics.attempts += 1;
        const sentAt = this.time.now();
        try {
          const out = await (this.shared && accountId !== CALLER
            ? this.shared.run(accountId, attempt)
            : attempt());
          pacer.onAccepted(sentAt);
          return out;
        } catch (err) {
          const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
          if (isThrottleCode(e.name) || e.$metadata?.httpStatusCode === 429) {
            this.metrics.throttles += 1;
            pacer.onThrottled(sentAt);
          } else if (e.$metadata?.httpStatusCode !== undefined) pacer.onAccepted(sentAt);
          throw err;
        }
      },
      callPriority(),
    );
  }
}

/** Route every attempt of `client` through the gate, counted against `accountId`. */
export function installGate<I extends object, O extends object>(
  client: { middlewareStack: MiddlewareStack<I, O> },
  gate: CallGate,
  accountId: string,
): void {
  const middleware: FinalizeRequestMiddleware<I, O> = (next) => (args) =>
    gate.run(accountId, () => next(args));
  client.middlewareStack.addRelativeTo(middleware, {
    relation: 'after',
    toMiddleware: 'retryMiddleware',
    name: 'evidentiaCallGate',
    override: true,
  });
}
