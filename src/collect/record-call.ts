// Make one AWS call and store its answer (or its failure) as an evidence record with full provenance.

import { attemptsOf, toEvidenceError } from '../aws/aws-error.js';
import { CALL_PRIORITY, withCallPriority } from '../aws/call-priority.js';
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
  /** Order among the account's waiting calls (aws/call-priority.ts): `chain` for a call whose answer decides
   * what is asked next; leaf when unset. */
  priority?: number;
}

/** Who calls whom: the part of a CallSpec that every call of one task shares. */
export type CallScope = Pick<CallSpec<unknown>, 'taskId' | 'accountId' | 'region' | 'service'>;

/** The call scope of `task` against `service` (its signing name, e.g. `config`). */
export function callScope(
  task: { id: string; accountId: string; region: string },
  service: string,
): CallScope {
  return { taskId: task.id, accountId: task.accountId, region: task.region, service };
}

/** The stored record, and the response when the call succeeded. */
export interface CallOutcome<T> {
  record: EvidenceRecord;
  response?: T;
}

/** Send, time, record. Never throws for an AWS or network failure: the failure becomes the record. */
export async function recordCall<T>(ctx: CollectContext, spec: CallSpec<T>): Promise<CallOutcome<T>> {
  const started = performance.now();
  const provenance = (requestId: string | undefined, attempts: number) => ({
    taskId: spec.taskId,
    source: 'aws' as const,
    service: spec.service,
    operation: spec.operation,
    parameters: spec.parameters,
    accountId: spec.accountId,
    region: spec.region,
    ...(requestId ? { requestId } : {}),
    collectedAt: ctx.clock.now().toISOString(),
    durationMs: Math.round(performance.now() - started),
    attempts,
  });
  try {
    const out = await (spec.priority === undefined
      ? spec.send(ctx.signal)
      : withCallPriority(spec.priority, () => spec.send(ctx.signal)));
    const { $metadata, ...body } = out;
    const attempts = $metadata.attempts ?? 1;
    ctx.clients.metrics.recordCall(spec.service, spec.operation, attempts, false);
    const record = await ctx.writer.write({ ...provenance($metadata.requestId, attempts), response: body });
    return { record, response: out };
  } catch (err) {
    if (ctx.signal.aborted) throw ctx.signal.reason ?? err;
    const attempts = attemptsOf(err);
    ctx.clients.metrics.recordCall(spec.service, spec.operation, attempts, true);
    const requestId = (err as { $metadata?: { requestId?: string } }).$metadata?.requestId;
    const record = await ctx.writer.write({
      ...provenance(requestId, attempts),
      error: toEvidenceError(err),
    });
    ctx.logger.debug(
      { operation: spec.operation, accountId: spec.accountId, region: spec.region, code: record.error?.code },
      'AWS call failed',
    );
    return { record };
  }
}

/** The pagination token member: `NextToken` (awsJson, Config) or `nextToken` (restJson1: Artifact, Audit Manager). */
export type TokenKey = 'NextToken' | 'nextToken';

/** A paginated call: fixed parameters, a sender that takes them plus the token, and an optional early stop. */
export type PagedSpec<K extends TokenKey, P extends object, T> = Omit<CallSpec<T>, 'send' | 'parameters'> & {
  parameters: P;
  send: (
    params: P & Partial<Record<K, string>>,
    signal: AbortSignal,
  ) => Promise<T & { $metadata: { requestId?: string; attempts?: number } }>;
  /** Stop early once this returns true for the pages so far (e.g. enough failing resources listed). */
  enough?: (pages: T[]) => boolean;
};

/** What a paginated call left: every page's record, the pages read, and whether a page could not be read. */
export interface PagedOutcome<T> {
  records: EvidenceRecord[];
  pages: T[];
  failed: boolean;
}

/** Follow `tokenKey` pages, recording each; stops at the first failure (recorded) or a token that repeats. */
export async function recordPagesBy<
  K extends TokenKey,
  P extends object,
  T extends Partial<Record<K, string>>,
>(ctx: CollectContext, tokenKey: K, spec: PagedSpec<K, P, T>): Promise<PagedOutcome<T>> {
  const records: EvidenceRecord[] = [];
  const pages: T[] = [];
  let token: string | undefined;
  const seenTokens = new Set<string>();
  do {
    const parameters = (token ? { ...spec.parameters, [tokenKey]: token } : { ...spec.parameters }) as P &
      Partial<Record<K, string>>;
    const out = await recordCall<T>(ctx, {
      ...spec,
      parameters: parameters as Record<string, unknown>,
      send: (signal) => spec.send(parameters, signal),
      // The rest of a listing goes before calls that start something new, so no listing is left to run page
      // after page alone at the end.
      ...(token ? { priority: CALL_PRIORITY.chain } : {}),
    });
    records.push(out.record);
    if (!out.response) return { records, pages, failed: true };
    pages.push(out.response);
    token = out.response[tokenKey] || undefined;
    if (token && seenTokens.has(token)) {
      // A service that repeats a token would loop forever; record it as a failure rather than hang.
      const { id: _id, sha256: _sha, response: _response, ...provenance } = out.record;
      records.push(
        await ctx.writer.write({
          ...provenance,
          error: { code: 'PaginationLoop', message: `${spec.operation} returned the same ${tokenKey} twice` },
        }),
      );
      return { records, pages, failed: true };
    }
    if (token) seenTokens.add(token);
    if (spec.enough?.(pages)) break;
  } while (token);
  return { records, pages, failed: false };
}

/** Follow `NextToken` pages (awsJson services such as Config). */
export function recordPages<P extends object, T extends { NextToken?: string | undefined }>(
  ctx: CollectContext,
  spec: PagedSpec<'NextToken', P, T>,
): Promise<PagedOutcome<T>> {
  return recordPagesBy(ctx, 'NextToken', spec);
}
