// Where a collector may put files that travel with the run (downloaded reports, attestation documents).

import type { CollectContext } from '../collect-context.js';

/**
 * The run folder being written, when the pipeline provides it as `runDir` on the collect context; undefined
 * otherwise (then nothing can be attached, and the records say so).
 */
export function runFolderOf(ctx: CollectContext): string | undefined {
  const dir = (ctx as CollectContext & { runDir?: unknown }).runDir;
  return typeof dir === 'string' && dir.length > 0 ? dir : undefined;
}

/** Drop the query of a presigned URL (it is a short-lived credential) but keep where it pointed. */
export function redactPresignedUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const q = url.indexOf('?');
  return q < 0 ? url : `${url.slice(0, q)}?[presigned query redacted]`;
}
