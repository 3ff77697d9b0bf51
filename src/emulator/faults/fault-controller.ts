// Faults configured in the world and changed at run time: which calls they select, how often they fire,
// plus the fixed per-call latency and the per-account rate limit the benchmark harness sets.

import type { SeededRandom } from '../seeded-random.js';
import type { CallTarget, FaultSpec, RateLimit } from './fault-spec.js';
import { RateLimiter } from './rate-limiter.js';

export interface ActiveFault {
  id: string;
  spec: FaultSpec;
  /** Calls this fault selected so far. */
  matched: number;
  /** Times it fired. */
  fired: number;
}

export interface FaultDecision {
  /** Milliseconds to wait before answering (fixed latency plus latency faults). */
  delayMs: number;
  /** Destroy the connection instead of answering. */
  reset: boolean;
  /** Answer with this failure instead of the operation's result. */
  failure?: {
    kind: 'throttle' | 'error' | 'access-denied' | 'expired-token';
    spec: FaultSpec;
    rateLimited?: boolean;
  };
}

export class FaultController {
  private readonly faults: ActiveFault[] = [];
  private nextId = 1;
  private limiter: RateLimiter | undefined;
  private latency = 0;

  constructor(
    private readonly random: SeededRandom,
    initial: readonly FaultSpec[] = [],
    private readonly now: () => number = () => performance.now(),
  ) {
    for (const spec of initial) this.add(spec);
  }

  /** Add a fault; returns its id (for `remove`). */
  add(spec: FaultSpec): string {
    const triggers = [spec.first, spec.every, spec.after, spec.probability].filter((t) => t !== undefined);
    if (triggers.length > 1) throw new Error('a fault takes at most one of first, every, after, probability');
    const id = `fault-${this.nextId++}`;
    this.faults.push({ id, spec: { ...spec }, matched: 0, fired: 0 });
    return id;
  }

  /** Remove one fault; false when no fault has that id. */
  remove(id: string): boolean {
    const i = this.faults.findIndex((f) => f.id === id);
    if (i < 0) return false;
    this.faults.splice(i, 1);
    return true;
  }

  /** Remove every fault (the rate limit and fixed latency stay). */
  clear(): void {
    this.faults.length = 0;
  }

  /** The faults in force, with their counters. */
  list(): readonly ActiveFault[] {
    return this.faults;
  }

  /** Set or remove (undefined) the per-account rate limit. */
  setRateLimit(limit: RateLimit | undefined): void {
    this.limiter = limit ? new RateLimiter(limit, this.now) : undefined;
  }

  /** Set the latency added to every call, in milliseconds. */
  setLatency(ms: number): void {
    this.latency = Math.max(0, ms);
  }

  /** Decide what happens to one call. Counts the call against every fault that selects it. */
  decide(call: CallTarget): FaultDecision {
    const decision: FaultDecision = { delayMs: this.latency, reset: false };
    for (const fault of this.faults) {
      if (!selects(fault.spec, call)) continue;
      fault.matched++;
      if (!this.fires(fault)) continue;
      fault.fired++;
      const { spec } = fault;
      if (spec.kind === 'latency') decision.delayMs += spec.latencyMs ?? 0;
      else if (decision.reset || decision.failure) continue;
      else if (spec.kind === 'reset') decision.reset = true;
      else decision.failure = { kind: spec.kind, spec };
    }
    if (!decision.reset && !decision.failure && this.limiter && !this.limiter.take(call.accountId)) {
      decision.failure = {
        kind: 'throttle',
        spec: { kind: 'throttle', message: 'Rate exceeded' },
        rateLimited: true,
      };
    }
    return decision;
  }

  private fires(fault: ActiveFault): boolean {
    const { spec, matched } = fault;
    if (spec.first !== undefined) return matched <= spec.first;
    if (spec.every !== undefined) return matched % spec.every === 0;
    if (spec.after !== undefined) return matched > spec.after;
    if (spec.probability !== undefined) return this.random.next() < spec.probability;
    return true;
  }
}

function selects(spec: FaultSpec, call: CallTarget): boolean {
  return (
    (spec.service === undefined || spec.service === call.service) &&
    (spec.operation === undefined || spec.operation === call.operation) &&
    (spec.account === undefined || spec.account === call.accountId) &&
    (spec.region === undefined || spec.region === call.region)
  );
}
