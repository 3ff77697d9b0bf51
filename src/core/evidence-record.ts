// One stored answer with its provenance: what was asked, of whom, when, and what came back.

/** A failure recorded in place of an answer, so an evaluator can turn it into an ERROR finding. */
export interface EvidenceError {
  /** The AWS error code (`AccessDenied`, `ThrottlingException`) or our own (`Timeout`, `NetworkError`). */
  code: string;
  message: string;
  httpStatus?: number;
}

export interface EvidenceRecord {
  /** Unique within a run; also the file name stem under `evidence/`. */
  id: string;
  /** The plan task that produced this record. */
  taskId: string;
  source: 'aws' | 'attestation' | 'document';
  /** Service signing name, e.g. `config`, `artifact`, `sts`. */
  service: string;
  operation: string;
  /** Request parameters as sent (never credentials). */
  parameters: Record<string, unknown>;
  accountId: string;
  region: string;
  requestId?: string;
  /** ISO-8601 time the answer arrived. */
  collectedAt: string;
  durationMs: number;
  /** Attempts the SDK made (1 = no retry). */
  attempts: number;
  /** The response body, without SDK transport metadata. Absent when `error` is set. */
  response?: unknown;
  error?: EvidenceError;
  /** Attached file (an attestation document, a downloaded Artifact report), relative to the run folder. */
  file?: { path: string; sha256: string; bytes: number; mediaType: string };
  /** SHA-256 (hex) of the canonical JSON of this record without this field. */
  sha256: string;
}
