// Counters for every call Evidentia makes to AWS, shared by all clients of a run.

/** Live counters; the pipeline copies them into the run's stats. */
export class CallMetrics {
  /** HTTP attempts sent (a retried call counts once per attempt). */
  attempts = 0;
  /** Calls made (an SDK command, however many attempts it took). */
  calls = 0;
  retries = 0;
  throttles = 0;
  /** Calls that failed after their retries. */
  errors = 0;
  /** Calls by `service:Operation`, for least-privilege checks and benchmarks. */
  readonly byOperation = new Map<string, number>();

  /** Record one finished call (success or failure). */
  recordCall(service: string, operation: string, attempts: number, failed: boolean): void {
    this.calls += 1;
    this.retries += Math.max(0, attempts - 1);
    if (failed) this.errors += 1;
    const key = `${service}:${operation}`;
    this.byOperation.set(key, (this.byOperation.get(key) ?? 0) + 1);
  }
}
