// Before a task calls an account: make sure its role can be assumed. A role that cannot be assumed is
// recorded (once per task, from the cached failure) as an sts:AssumeRole error record, so every verdict
// for that account becomes an ERROR that names the cause.

import { toEvidenceError } from '../aws/aws-error.js';
import type { EvidenceRecord } from '../core/evidence-record.js';
import type { CollectContext } from './collect-context.js';

/** Undefined when the account is reachable; otherwise the error record to report. */
export async function ensureAccountAccess(
  task: { id: string; accountId: string; region: string },
  ctx: CollectContext,
): Promise<EvidenceRecord | undefined> {
  const credentials = ctx.clients.credentials();
  if (credentials.usesCallerCredentials(task.accountId)) return undefined;
  const started = performance.now();
  try {
    await credentials.get(task.accountId);
    return undefined;
  } catch (err) {
    if (ctx.signal.aborted) throw ctx.signal.reason ?? err;
    return ctx.writer.write({
      taskId: task.id,
      source: 'aws',
      service: 'sts',
      operation: 'AssumeRole',
      parameters: { RoleArn: credentials.roleArn(task.accountId) },
      accountId: task.accountId,
      region: task.region,
      collectedAt: ctx.clock.now().toISOString(),
      durationMs: Math.round(performance.now() - started),
      attempts: 1,
      error: toEvidenceError(err),
    });
  }
}

/**
 * Start assuming the roles of the first `count` accounts (in the order their tasks start) while the run is
 * still planning: every account's first call waits for its role, and planning takes longer than no time.
 * A failure is kept by the credentials and reported by ensureAccountAccess, once per task, as before.
 */
export function prefetchAccountAccess(
  accountIds: readonly string[],
  count: number,
  ctx: CollectContext,
): void {
  const credentials = ctx.clients.credentials();
  for (const accountId of accountIds.slice(0, count)) {
    if (credentials.usesCallerCredentials(accountId)) continue;
    credentials.get(accountId).catch(() => {});
  }
}
