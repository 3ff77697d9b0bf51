// Follow lower-case `nextToken` pages (the restJson1 services: Artifact, Audit Manager), recording each page
// as an evidence record; stops at the first failure (which is recorded) or a token that repeats.

import type { EvidenceRecord } from '../../core/evidence-record.js';
import type { CollectContext } from '../collect-context.js';
import { type CallSpec, recordCall } from '../record-call.js';

type Sent<T> = T & { $metadata: { requestId?: string; attempts?: number } };

/** Every page of a `nextToken` listing, with its records; `failed` when a page could not be read. */
export async function recordTokenPages<P extends object, T extends { nextToken?: string | undefined }>(
  ctx: CollectContext,
  spec: Omit<CallSpec<T>, 'send' | 'parameters'> & {
    parameters: P;
    send: (params: P & { nextToken?: string }, signal: AbortSignal) => Promise<Sent<T>>;
  },
): Promise<{ records: EvidenceRecord[]; pages: T[]; failed: boolean }> {
  const records: EvidenceRecord[] = [];
  const pages: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    const parameters: P & { nextToken?: string } = token
      ? { ...spec.parameters, nextToken: token }
      : { ...spec.parameters };
    const out = await recordCall<T>(ctx, {
      ...spec,
      parameters: parameters as Record<string, unknown>,
      send: (signal) => spec.send(parameters, signal),
    });
    records.push(out.record);
    if (!out.response) return { records, pages, failed: true };
    pages.push(out.response);
    token = out.response.nextToken || undefined;
    if (token && seen.has(token)) {
      const { id: _id, sha256: _sha, response: _response, ...provenance } = out.record;
      records.push(
        await ctx.writer.write({
          ...provenance,
          error: { code: 'PaginationLoop', message: `${spec.operation} returned the same nextToken twice` },
        }),
      );
      return { records, pages, failed: true };
    }
    if (token) seen.add(token);
  } while (token);
  return { records, pages, failed: false };
}
