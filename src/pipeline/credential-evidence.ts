// Record each AssumeRole answer as evidence (which role, when, until when) — never the credentials.

import type { AssumeOutcome } from '../aws/account-credentials.js';
import { toEvidenceError } from '../aws/aws-error.js';
import type { EvidenceWriter } from '../collect/evidence-writer.js';

/** Write one record per AssumeRole call made during the run. */
export async function writeCredentialEvidence(
  outcomes: readonly AssumeOutcome[],
  writer: EvidenceWriter,
  region: string,
): Promise<void> {
  for (const o of outcomes) {
    const accountId = /iam::(\d{12}):/.exec(o.roleArn)?.[1] ?? 'unknown';
    await writer.write({
      taskId: `credentials/${accountId}`,
      source: 'aws',
      service: 'sts',
      operation: 'AssumeRole',
      parameters: o.parameters,
      accountId,
      region,
      ...(o.requestId ? { requestId: o.requestId } : {}),
      collectedAt: o.at,
      durationMs: o.durationMs,
      attempts: o.attempts,
      ...(o.error === undefined ? { response: o.response } : { error: toEvidenceError(o.error) }),
    });
  }
}
