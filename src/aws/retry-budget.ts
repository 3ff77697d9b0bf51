// A run-wide retry budget on top of the SDK's standard retry (exponential back-off with jitter, longer for
// throttles): when AWS is having a bad day, a run with thousands of calls gives up on retrying (and records
// ERRORs) instead of retrying for hours. Pacing after throttles is the call gate's (account-pacer.ts): the
// SDK's adaptive mode would add a second, per-client limiter that starts from zero.

import { StandardRetryStrategy } from '@smithy/core/retry';
import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';

/** Retries left for the whole run, shared by every client. */
export class RetryBudget {
  remaining: number;
  constructor(total: number) {
    this.remaining = total;
  }
}

/** The SDK's standard strategy, refusing further retries once the shared budget is spent. */
export class BudgetedRetryStrategy implements RetryStrategyV2 {
  private readonly inner: RetryStrategyV2;
  private readonly budget: RetryBudget;

  constructor(maxAttempts: number, budget: RetryBudget) {
    this.inner = new StandardRetryStrategy(async () => maxAttempts);
    this.budget = budget;
  }

  acquireInitialRetryToken(scope: string): Promise<RetryToken> {
    return this.inner.acquireInitialRetryToken(scope);
  }

  async refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
    if (this.budget.remaining <= 0) throw new Error('Retry budget for this run exhausted');
    const next = await this.inner.refreshRetryTokenForRetry(token, errorInfo);
    this.budget.remaining -= 1;
    return next;
  }

  recordSuccess(token: RetryToken): void {
    this.inner.recordSuccess(token);
  }
}
