// Build evidence records for evaluator tests without going through a collector.

import type { EvidenceRecord } from '../../src/core/evidence-record.js';

let seq = 0;

/** A successful record of `operation` with `response`. */
export function ok(
  operation: string,
  response: unknown,
  parameters: Record<string, unknown> = {},
  scope = { accountId: '111111111111', region: 'us-east-1' },
): EvidenceRecord {
  seq += 1;
  return {
    id: `ev-${seq}`,
    taskId: 't',
    source: 'aws',
    service: operation === 'AssumeRole' ? 'sts' : 'config',
    operation,
    parameters,
    ...scope,
    collectedAt: '2026-11-29T00:00:00.000Z',
    durationMs: 1,
    attempts: 1,
    response,
    sha256: 'x',
  };
}

/** A failed record of `operation`. */
export function failed(
  operation: string,
  code: string,
  parameters: Record<string, unknown> = {},
): EvidenceRecord {
  const { response: _r, ...rest } = ok(operation, undefined, parameters);
  return { ...rest, error: { code, message: `${code} happened` } };
}
