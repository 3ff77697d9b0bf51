// Split findings into BatchImportFindings requests: at most 100 findings and 6 MB a request; a finding over
// 240 KB is never sent (AWS refuses it) and is set aside to be reported.

import {
  IMPORT_BATCH_MAX,
  IMPORT_FINDING_BYTES_MAX,
  IMPORT_REQUEST_BYTES_MAX,
} from '../../render/asff/asff-limits.js';

export interface ImportLimits {
  findings: number;
  requestBytes: number;
  findingBytes: number;
}

export const IMPORT_LIMITS: ImportLimits = {
  findings: IMPORT_BATCH_MAX,
  requestBytes: IMPORT_REQUEST_BYTES_MAX,
  findingBytes: IMPORT_FINDING_BYTES_MAX,
};

/** `{"Findings":[` … `]}` around the findings, and a comma between two. */
const ENVELOPE_BYTES = '{"Findings":[]}'.length;

/** The batches to send, in order, and the findings too large to send at all. */
export function importBatches<T extends { Id: string }>(
  findings: readonly T[],
  limits: ImportLimits = IMPORT_LIMITS,
): { batches: T[][]; tooLarge: { finding: T; bytes: number }[] } {
  const batches: T[][] = [];
  const tooLarge: { finding: T; bytes: number }[] = [];
  let current: T[] = [];
  let bytes = ENVELOPE_BYTES;
  for (const f of findings) {
    const size = Buffer.byteLength(JSON.stringify(f));
    if (size > limits.findingBytes) {
      tooLarge.push({ finding: f, bytes: size });
      continue;
    }
    const added = size + (current.length ? 1 : 0);
    if (current.length && (current.length >= limits.findings || bytes + added > limits.requestBytes)) {
      batches.push(current);
      current = [];
      bytes = ENVELOPE_BYTES;
    }
    bytes += size + (current.length ? 1 : 0);
    current.push(f);
  }
  if (current.length) batches.push(current);
  return { batches, tooLarge };
}
