// Evidence records as the Artifact collectors store them, for evaluator tests.

import type { EvidenceRecord } from '../../../../src/core/evidence-record.js';

let seq = 0;

/** A stored record of an Artifact (or STS) operation. */
export function record(
  operation: string,
  response: unknown,
  parameters: Record<string, unknown> = {},
  extra: Partial<EvidenceRecord> = {},
): EvidenceRecord {
  seq += 1;
  const base: EvidenceRecord = {
    id: `ev-${String(seq).padStart(6, '0')}`,
    taskId: 't',
    source: 'aws',
    service: operation === 'AssumeRole' ? 'sts' : 'artifact',
    operation,
    parameters,
    accountId: '111111111111',
    region: 'global',
    collectedAt: '2026-06-01T00:00:00.000Z',
    durationMs: 1,
    attempts: 1,
    sha256: 'x',
    ...extra,
  };
  return response === undefined ? base : { ...base, response };
}

/** A failed record. */
export function failure(
  operation: string,
  code: string,
  parameters: Record<string, unknown> = {},
): EvidenceRecord {
  return record(operation, undefined, parameters, {
    error: { code, message: `${code} happened`, httpStatus: 403 },
  });
}
