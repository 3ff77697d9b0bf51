// A run-wide retry budget on top of the SDK's standard retry (exponential back-off with jitter, longer for
// throttles): when AWS is having a bad day, a run with thousands of calls gives up on retrying (and records
// ERRORs) instead of retrying for hours. Pacing after throttles is the call gate's (account-pacer.ts): the
// SDK's adaptive mode would add a second, per-client limiter that starts from zero.

import { StandardRetryStrategy } from '@smithy/core/retry';
import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';

/**
 * Where a run's retries are counted. In one process a number (RetryBudget); across the workers of a cluster a
 * Redis counter (cluster/redis-limits.ts), so the budget holds for the run wherever its calls are made.
 */
export interface RetryAllowance {
  /** Take one retry from the budget; false when it is spent. */
  take(): Promise<boolean>;
}

/** Retries left for the whole run, shared by every client of this process. */
export class RetryBudget implements RetryAllowance {
  remaining: number;
  constructor(total: number) {
    this.remaining = total;
  }

  async take(): Promise<boolean> {
    if (this.remaining <= 0) return false;
    this.remaining -= 1;
    return true;
  }
}

/** The SDK's standard strategy, refusing further retries once the shared budget is spent. */
export class BudgetedRetryStrategy implements RetryStrategyV2 {
  private readonly inner: RetryStrategyV2;
  private readonly budget: RetryAllowance;

  constructor(maxAttempts: number, budget: RetryAllowance) {
    this.inner = new StandardRetryStrategy(async () => maxAttempts);
    this.budget = budget;
  }

  acquireInitialRetryToken(scope: string): Promise<RetryToken> {
    return this.inner.acquireInitialRetryToken(scope);
  }

  async refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
    // The SDK's own refusal (attempts used up, an error not worth retrying) spends nothing from the budget.
    const next = await this.inner.refreshRetryTokenForRetry(token, errorInfo);
    if (!(await this.budget.take())) throw new Error('Retry budget for this run exhausted');
    return next;
  }

  recordSuccess(token: RetryToken): void {
    this.inner.recordSuccess(token);
  }
}
