// Where a collector may put files that travel with the run (downloaded reports, attestation documents).

import type { CollectContext } from '../collect-context.js';

/**
 * The run folder being written; undefined when a caller gave none (then nothing can be attached, and the
 * records say so).
 */
export function runFolderOf(ctx: CollectContext): string | undefined {
  return ctx.runDir.length > 0 ? ctx.runDir : undefined;
}

/** Drop the query of a presigned URL (it is a short-lived credential) but keep where it pointed. */
export function redactPresignedUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const q = url.indexOf('?');
  return q < 0 ? url : `${url.slice(0, q)}?[presigned query redacted]`;
}
