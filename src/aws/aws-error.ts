// Turn whatever the SDK (or the network) threw into the error shape stored in evidence records.

import type { EvidenceError } from '../core/evidence-record.js';

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'RequestThrottled',
  'SlowDown',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
]);

/** Whether an error code means "slow down". */
export function isThrottleCode(code: string | undefined): boolean {
  return code !== undefined && THROTTLING.has(code);
}

interface SdkLikeError {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number };
  $response?: { statusCode?: number };
}

/** Stable, secret-free description of a failure. */
export function toEvidenceError(err: unknown): EvidenceError {
  if (!(err instanceof Error)) return { code: 'UnknownError', message: String(err) };
  const e = err as Error & SdkLikeError;
  const raw = e.code ?? e.Code ?? e.name ?? 'Error';
  const code = normaliseCode(raw, e);
  const out: EvidenceError = { code, message: scrub(e.message ?? '') };
  const status = e.$metadata?.httpStatusCode ?? e.$response?.statusCode;
  if (typeof status === 'number') out.httpStatus = status;
  return out;
}

function normaliseCode(raw: string, e: Error & SdkLikeError): string {
  if (raw === 'TimeoutError' || /timed? ?out/i.test(e.message ?? ''))
    return raw === 'Error' ? 'Timeout' : raw;
  if (raw === 'Error' && /ECONNRESET|socket hang up/i.test(e.message ?? '')) return 'ConnectionReset';
  if (raw === 'Error' && /ECONNREFUSED/i.test(e.message ?? '')) return 'ConnectionRefused';
  return raw;
}

/** Remove anything that looks like a credential from an error message. */
export function scrub(message: string): string {
  return message
    .replace(/\b(AKIA|ASIA)[A-Z0-9]{12,}\b/g, '[access-key]')
    .replace(/(Signature|Credential|X-Amz-Security-Token|x-amz-security-token)=[^&\s,]+/g, '$1=[redacted]')
    .slice(0, 2000);
}

/** The number of attempts the SDK made before giving up, when it says. */
export function attemptsOf(err: unknown): number {
  const a = (err as SdkLikeError | undefined)?.$metadata?.attempts;
  return typeof a === 'number' && a > 0 ? a : 1;
}
