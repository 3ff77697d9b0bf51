// One gate every AWS HTTP attempt passes through: a global and a per-account concurrency limit (waiting
// calls that lead to further calls first: call-priority.ts), the
// account's pace once AWS has throttled it (account-pacer.ts), and the attempt/throttle counters. Installed as
// SDK middleware between retry and signing, so a request waiting for a slot is signed only when it goes out,
// and a retry's back-off never holds a slot.

import type { FinalizeRequestMiddleware, MiddlewareStack } from '@smithy/types';
import { AccountPacer, type PacerTime, realPacerTime } from './account-pacer.js';
import { isThrottleCode } from './aws-error.js';
import type { CallMetrics } from './call-metrics.js';
import { callPriority } from './call-priority.js';
import { type PriorityLimitFunction, priorityLimit } from './priority-limit.js';

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
  private readonly global: PriorityLimitFunction;
  private readonly perAccount = new Map<string, { limit: PriorityLimitFunction; pacer: AccountPacer }>();
  private readonly limits: ConcurrencyLimits;
  readonly metrics: CallMetrics;

  constructor(
    limits: ConcurrencyLimits,
    metrics: CallMetrics,
    private readonly time: PacerTime = realPacerTime,
    private readonly shared?: SharedCallSlots,
  ) {
    this.limits = limits;
    this.global = priorityLimit(limits.global);
    this.metrics = metrics;
  }

  /** The pace of an account's calls, in calls per second (undefined: not paced). */
  paceOf(accountId: string): number | undefined {
    return this.perAccount.get(accountId)?.pacer.rate;
  }

  /** Run one HTTP attempt for `accountId` once both limits allow it. */
  run<T>(accountId: string, attempt: () => Promise<T>): Promise<T> {
    let account = this.perAccount.get(accountId);
    if (!account) {
      account = { limit: priorityLimit(this.limits.perAccount), pacer: new AccountPacer(this.time) };
      this.perAccount.set(accountId, account);
    }
    const { pacer } = account;
    // Calls that lead to further calls wait less (call-priority.ts), at both limits.
    const priority = callPriority();
    const global: <R>(fn: () => Promise<R>) => Promise<R> =
      accountId === CALLER ? (fn) => fn() : (fn) => this.global(fn, priority);
    // Account slot first, then the account's pace: waiting for either blocks no other account.
    return account.limit(async () => {
      await pacer.wait();
      return global(async () => {
        this.metrics.attempts += 1;
        try {
          const out = await (this.shared && accountId !== CALLER
            ? this.shared.run(accountId, attempt)
            : attempt());
          pacer.onAccepted();
          return out;
        } catch (err) {
          const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
          if (isThrottleCode(e.name) || e.$metadata?.httpStatusCode === 429) {
            this.metrics.throttles += 1;
            pacer.onThrottled();
          } else if (e.$metadata?.httpStatusCode !== undefined) pacer.onAccepted();
          throw err;
        }
      });
    }, priority);
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
