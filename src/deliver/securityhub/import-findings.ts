// Send ASFF findings to Security Hub with BatchImportFindings: in batches (import-batches.ts), then the
// findings AWS answered in FailedFindings (or whose whole request failed) again, with exponential backoff, a
// bounded number of rounds. Never throws: what could not be imported is returned, finding by finding.

import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { scrub } from '../../aws/aws-error.js';
import { IMPORT_LIMITS, type ImportLimits, importBatches } from './import-batches.js';

/** Error codes that another attempt cannot change (the finding or the caller is wrong, not the moment). */
const FINAL_CODES = new Set(['InvalidInput', 'InvalidAccess', 'AccessDeniedException', 'FindingTooLarge']);

export interface FailedImport {
  id: string;
  errorCode: string;
  errorMessage: string;
}

export interface ImportReport {
  /** Findings in the file. */
  findings: number;
  imported: number;
  failed: FailedImport[];
  /** BatchImportFindings requests sent. */
  requests: number;
  /** Rounds that re-sent failed findings. */
  retryRounds: number;
}

export interface ImportFindingsOptions {
  /** Rounds in all, the first included (default 4). */
  maxRounds?: number;
  /** Wait before the first retry round, doubled each round (default 500 ms). */
  baseDelayMs?: number;
  limits?: ImportLimits;
  sleep?: (ms: number) => Promise<void>;
  signal?: AbortSignal;
}

/**
 * An ASFF finding as read from findings.asff.json: only its Id is looked at here; the rest goes to AWS as it is
 * (render/asff/ wrote it to the model's shape, and AWS checks it).
 */
export type ImportableFinding = { Id: string };

/** Import `findings` through `client`; what failed after every round is in `failed`. */
export async function importFindings(
  client: Pick<SecurityHubClient, 'send'>,
  findings: readonly ImportableFinding[],
  opts: ImportFindingsOptions = {},
): Promise<ImportReport> {
  const maxRounds = opts.maxRounds ?? 4;
  const baseDelay = opts.baseDelayMs ?? 500;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const { batches, tooLarge } = importBatches(findings, opts.limits ?? IMPORT_LIMITS);
  const final: FailedImport[] = tooLarge.map(({ finding, bytes }) => ({
    id: finding.Id,
    errorCode: 'FindingTooLarge',
    errorMessage: `${bytes} bytes; Security Hub accepts at most 240 KB a finding (not sent)`,
  }));
  let pending = batches.flat();
  let lastError = new Map<string, FailedImport>();
  let requests = 0;
  let round = 0;
  let imported = 0;
  for (; round < maxRounds && pending.length; round++) {
    if (round > 0) await sleep(baseDelay * 2 ** (round - 1));
    const byId = new Map(pending.map((f) => [f.Id, f]));
    const retry: ImportableFinding[] = [];
    lastError = new Map();
    for (const batch of round === 0
      ? batches
      : importBatches(pending, opts.limits ?? IMPORT_LIMITS).batches) {
      requests++;
      try {
        const out = await client.send(
          new BatchImportFindingsCommand({ Findings: batch as AwsSecurityFinding[] }),
          {
            ...(opts.signal ? { abortSignal: opts.signal } : {}),
          },
        );
        imported += out.SuccessCount ?? batch.length - (out.FailedFindings?.length ?? 0);
        for (const f of out.FailedFindings ?? []) {
          const failure = {
            id: f.Id ?? '?',
            errorCode: f.ErrorCode ?? 'Unknown',
            errorMessage: f.ErrorMessage ?? '',
          };
          const finding = byId.get(failure.id);
          if (!finding || FINAL_CODES.has(failure.errorCode)) final.push(failure);
          else {
            retry.push(finding);
            lastError.set(failure.id, failure);
          }
        }
      } catch (err) {
        // The whole request failed (after the SDK's own retries): every finding in it is tried again.
        const e = err as { name?: string; message?: string };
        for (const f of batch) {
          const failure = {
            id: f.Id,
            errorCode: e.name ?? 'Error',
            errorMessage: scrub(e.message ?? String(err)),
          };
          if (FINAL_CODES.has(failure.errorCode)) final.push(failure);
          else {
            retry.push(f);
            lastError.set(f.Id, failure);
          }
        }
      }
    }
    pending = retry;
  }
  for (const f of pending) final.push(lastError.get(f.Id) as FailedImport);
  return {
    findings: findings.length,
    imported,
    failed: final,
    requests,
    retryRounds: Math.max(0, round - 1),
  };
}
