// Per-token rate limit for expensive routes (verification, bundle downloads): a token bucket per signed-in
// principal, so one token cannot keep the service busy. Refused requests get 429 with Retry-After.

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../core/clock.js';

export class TokenRateLimit {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  /** `perMinute` requests a minute per principal, in bursts of up to `perMinute`. */
  constructor(
    private readonly perMinute: number,
    private readonly clock: Clock,
  ) {}

  /** Take one request from `who`'s bucket; the seconds to wait when it is empty. */
  take(who: string): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const now = this.clock.now().getTime();
    const rate = this.perMinute / 60_000;
    const b = this.buckets.get(who) ?? { tokens: this.perMinute, at: now };
    b.tokens = Math.min(this.perMinute, b.tokens + (now - b.at) * rate);
    b.at = now;
    this.buckets.set(who, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / rate / 1000)) };
  }

  /** A fastify preHandler applying the limit to the signed-in principal. */
  readonly preHandler = async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const who = req.principal?.name ?? req.ip;
    const r = this.take(who);
    if (r.ok) return;
    await reply
      .code(429)
      .header('retry-after', String(r.retryAfterSeconds))
      .send({
        error: 'rate_limited',
        message: `too many expensive requests for this token (${this.perMinute} a minute); retry in ${r.retryAfterSeconds} s`,
      });
  };
}
