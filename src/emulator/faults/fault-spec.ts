// What a fault is: a failure or delay, the calls it selects, and when among those calls it fires.

export const FAULT_KINDS = [
  'throttle',
  'error',
  'latency',
  'reset',
  'access-denied',
  'expired-token',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultSpec {
  kind: FaultKind;
  /** Select by service signing name (`config`, `sts`, `organizations`, ...). */
  service?: string;
  operation?: string;
  /** The account of the credentials used. */
  account?: string;
  /** The region of the signature's credential scope. */
  region?: string;
  /** Fire on the first N matching calls. */
  first?: number;
  /** Fire on every Nth matching call (N, 2N, ...). */
  every?: number;
  /** Fire on every matching call after the first N. */
  after?: number;
  /** Fire with this probability (seeded, so runs repeat). */
  probability?: number;
  /** `latency`: milliseconds added before answering. */
  latencyMs?: number;
  /** `error`: 500 (InternalFailure) or 503 (ServiceUnavailable). */
  status?: 500 | 503;
  /** Message sent with the error. */
  message?: string;
}

/** Per-account token bucket: at most `requestsPerSecond` on average, bursts up to `burst`. */
export interface RateLimit {
  requestsPerSecond: number;
  burst?: number;
}

/** The call a fault is matched against. */
export interface CallTarget {
  service: string;
  operation: string;
  accountId: string;
  region: string;
}
