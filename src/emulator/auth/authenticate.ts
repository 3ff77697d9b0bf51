// Authenticate one request: a SigV4 Authorization header from a known access key, a signature that verifies
// with that key's secret, the matching session token, and credentials that have not expired.

import type { Clock } from '../../core/clock.js';
import { CommonServiceError } from '../service-error.js';
import { headerValue, type WireRequest } from '../sigv4/canonical-request.js';
import type { ParsedAuthorization } from '../sigv4/parse-authorization.js';
import {
  amzDateTime,
  DEFAULT_MAX_SKEW_MS,
  readAuthorization,
  verifySignature,
} from '../sigv4/verify-signature.js';
import type { CredentialStore, StoredCredential } from './credential-store.js';

export interface Authenticated {
  credential: StoredCredential;
  auth: ParsedAuthorization;
}

/** The scope a request claims, read before verification (to pick the service and log the region). */
export function claimedScope(req: WireRequest): ParsedAuthorization | undefined {
  const read = readAuthorization(req);
  return read.ok ? read.auth : undefined;
}

/** Verify the request; throws CommonServiceError with the condition AWS would answer. */
export function authenticate(
  req: WireRequest,
  store: CredentialStore,
  clock: Clock,
  /** false for S3, which signs the path as sent instead of encoding it again. */
  uriEscapePath = true,
): Authenticated {
  const read = readAuthorization(req);
  if (!read.ok) {
    if (read.reason === 'missing')
      throw new CommonServiceError('missingAuth', 'Missing Authentication Token');
    throw new CommonServiceError('incompleteSignature', read.message);
  }
  const credential = store.get(read.auth.accessKeyId);
  if (!credential) {
    throw new CommonServiceError(
      'unrecognizedClient',
      'The security token included in the request is invalid.',
    );
  }
  const now = clock.now();
  // The signature is checked first, then the token, then the request time: an expired session is reported as
  // expired even when the caller's clock (or a test's moved clock) is also off.
  const verified = verifySignature(req, credential.secretAccessKey, { uriEscapePath });
  if (!verified.ok) {
    if (verified.reason === 'malformed' || verified.reason === 'missing')
      throw new CommonServiceError('incompleteSignature', verified.message);
    throw new CommonServiceError('invalidSignature', verified.message);
  }
  const token = headerValue(req.headers, 'x-amz-security-token');
  if ((credential.sessionToken ?? undefined) !== (token ?? undefined)) {
    throw new CommonServiceError(
      'unrecognizedClient',
      'The security token included in the request is invalid.',
    );
  }
  if (credential.expiration && credential.expiration.getTime() <= now.getTime()) {
    throw new CommonServiceError('expiredToken', 'The security token included in the request is expired');
  }
  const skew = Math.abs(now.getTime() - amzDateTime(verified.amzDate));
  if (skew > DEFAULT_MAX_SKEW_MS) {
    throw new CommonServiceError(
      'invalidSignature',
      `Signature expired: ${verified.amzDate} is now earlier or later than the allowed window of 5 minutes around the server time.`,
    );
  }
  return { credential, auth: verified.auth };
}
