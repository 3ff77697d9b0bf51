// One gate every AWS HTTP attempt passes through: a global and a per-account concurrency limit, and the
// attempt/throttle counters. Installed as SDK middleware between retry and signing, so a request waiting
// for a slot is signed only when it goes out, and a retry's back-off never holds a slot.

import type { FinalizeRequestMiddleware, MiddlewareStack } from '@smithy/types';
import pLimit, { type LimitFunction } from 'p-limit';
import { isThrottleCode } from './aws-error.js';
import type { CallMetrics } from './call-metrics.js';

export interface ConcurrencyLimits {
  global: number;
  perAccount: number;
}

export class CallGate {
  private readonly global: LimitFunction;
  private readonly perAccount = new Map<string, LimitFunction>();
  private readonly limits: ConcurrencyLimits;
  readonly metrics: CallMetrics;

  constructor(limits: ConcurrencyLimits, metrics: CallMetrics) {
    this.limits = limits;
    this.global = pLimit(limits.global);
    this.metrics = metrics;
  }

  /** Run one HTTP attempt for `accountId` once both limits allow it. */
  run<T>(accountId: string, attempt: () => Promise<T>): Promise<T> {
    let account = this.perAccount.get(accountId);
    if (!account) {
      account = pLimit(this.limits.perAccount);
      this.perAccount.set(accountId, account);
    }
    // Account slot first: holding it while waiting for a global slot blocks nobody else.
    return account(() =>
      this.global(async () => {
        this.metrics.attempts += 1;
        try {
          return await attempt();
        } catch (err) {
          const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
          if (isThrottleCode(e.name) || e.$metadata?.httpStatusCode === 429) this.metrics.throttles += 1;
          throw err;
        }
      }),
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
