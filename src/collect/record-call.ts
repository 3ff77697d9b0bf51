// Make one AWS call and store its answer (or its failure) as an evidence record with full provenance.

import { attemptsOf, toEvidenceError } from '../aws/aws-error.js';
import type { EvidenceRecord } from '../core/evidence-record.js';
import type { CollectContext } from './collect-context.js';

export interface CallSpec<T> {
  taskId: string;
  accountId: string;
  region: string;
  /** Signing name of the service, e.g. `config`. */
  service: string;
  operation: string;
  parameters: Record<string, unknown>;
  send: (signal: AbortSignal) => Promise<T & { $metadata: { requestId?: string; attempts?: number } }>;
}

/** The stored record, and the response when the call succeeded. */
export interface CallOutcome<T> {
  record: EvidenceRecord;
  response?: T;
}

/** Send, time, record. Never throws for an AWS or network failure: the failure becomes the record. */
export async function recordCall<T>(ctx: CollectContext, spec: CallSpec<T>): Promise<CallOutcome<T>> {
  const started = performance.now();
  try {
    const out = await spec.send(ctx.signal);
    const { $metadata, ...body } = out;
    const attempts = $metadata.attempts ?? 1;
    ctx.clients.metrics.recordCall(spec.service, spec.operation, attempts, false);
    const record = await ctx.writer.write({
      taskId: spec.taskId,
      source: 'aws',
      service: spec.service,
      operation: spec.operation,
      parameters: spec.parameters,
      accountId: spec.accountId,
      region: spec.region,
      ...($metadata.requestId ? { requestId: $metadata.requestId } : {}),
      collectedAt: ctx.clock.now().toISOString(),
      durationMs: Math.round(performance.now() - started),
      attempts,
      response: body,
    });
    return { record, response: out };
  } catch (err) {
    if (ctx.signal.aborted) throw ctx.signal.reason ?? err;
    const attempts = attemptsOf(err);
    ctx.clients.metrics.recordCall(spec.service, spec.operation, attempts, true);
    const requestId = (err as { $metadata?: { requestId?: string } }).$metadata?.requestId;
    const record = await ctx.writer.write({
      taskId: spec.taskId,
      source: 'aws',
      service: spec.service,
      operation: spec.operation,
      parameters: spec.parameters,
      accountId: spec.accountId,
      region: spec.region,
      ...(requestId ? { requestId } : {}),
      collectedAt: ctx.clock.now().toISOString(),
      durationMs: Math.round(performance.now() - started),
      attempts,
      error: toEvidenceError(err),
    });
    ctx.logger.debug(
      { operation: spec.operation, accountId: spec.accountId, region: spec.region, code: record.error?.code },
      'AWS call failed',
    );
    return { record };
  }
}

/** Follow `NextToken` pages, recording each; stops at the first failure (which is recorded). */
export async function recordPages<P extends object, T extends { NextToken?: string | undefined }>(
  ctx: CollectContext,
  spec: Omit<CallSpec<T>, 'send' | 'parameters'> & {
    parameters: P;
    send: (
      params: P & { NextToken?: string },
      signal: AbortSignal,
    ) => Promise<T & { $metadata: { requestId?: string; attempts?: number } }>;
    /** Stop early once this returns true for the pages so far (e.g. enough failing resources listed). */
    enough?: (pages: T[]) => boolean;
  },
): Promise<{ records: EvidenceRecord[]; pages: T[]; failed: boolean }> {
  const records: EvidenceRecord[] = [];
  const pages: T[] = [];
  let token: string | undefined;
  const seenTokens = new Set<string>();
  do {
    const parameters: P & { NextToken?: string } = token
      ? { ...spec.parameters, NextToken: token }
      : { ...spec.parameters };
    const out = await recordCall<T>(ctx, {
      ...spec,
      parameters: parameters as Record<string, unknown>,
      send: (signal) => spec.send(parameters, signal),
    });
    records.push(out.record);
    if (!out.response) return { records, pages, failed: true };
    pages.push(out.response);
    token = out.response.NextToken || undefined;
    if (token && seenTokens.has(token)) {
      // A service that repeats a token would loop forever; record it as a failure rather than hang.
      const { id: _id, sha256: _sha, response: _response, ...provenance } = out.record;
      records.push(
        await ctx.writer.write({
          ...provenance,
          error: { code: 'PaginationLoop', message: `${spec.operation} returned the same NextToken twice` },
        }),
      );
      return { records, pages, failed: true };
    }
    if (token) seenTokens.add(token);
    if (spec.enough?.(pages)) break;
  } while (token);
  return { records, pages, failed: false };
}
