// Verify a SigV4-signed request by recomputing its signature with the secret of the access key it names.
// Used by the emulator for every request, and by tests that check a client signs the way AWS expects.

import { timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '../../core/canonical-json.js';
import {
  canonicalRequest,
  headerValue,
  signString,
  stringToSign,
  type WireRequest,
} from './canonical-request.js';
import {
  MalformedAuthorizationError,
  type ParsedAuthorization,
  parseAuthorization,
} from './parse-authorization.js';

/** AWS accepts signatures up to five minutes away from its own clock. */
export const DEFAULT_MAX_SKEW_MS = 5 * 60_000;

export type VerifyFailure =
  /** No Authorization header at all. */
  | 'missing'
  /** Header present but not a well-formed SigV4 header, or no usable date. */
  | 'malformed'
  /** The recomputed signature differs. */
  | 'mismatch'
  /** The body does not match the `x-amz-content-sha256` the client signed. */
  | 'payload-hash'
  /** The request time is too far from the verifier's clock. */
  | 'expired';

export type VerifyResult =
  | { ok: true; auth: ParsedAuthorization; amzDate: string }
  | { ok: false; reason: VerifyFailure; message: string; auth?: ParsedAuthorization };

export interface VerifyOptions {
  /** Reference time for the skew check; omit to skip the check. */
  now?: Date;
  maxSkewMs?: number;
  /** false for S3-style signing (path not encoded twice). */
  uriEscapePath?: boolean;
}

/** Parse the Authorization header of `req` without verifying it (to find the access key and scope). */
export function readAuthorization(
  req: WireRequest,
): { ok: true; auth: ParsedAuthorization } | { ok: false; reason: 'missing' | 'malformed'; message: string } {
  const header = headerValue(req.headers, 'authorization');
  if (!header) return { ok: false, reason: 'missing', message: 'Missing Authentication Token' };
  try {
    return { ok: true, auth: parseAuthorization(header) };
  } catch (err) {
    if (err instanceof MalformedAuthorizationError)
      return { ok: false, reason: 'malformed', message: err.message };
    throw err;
  }
}

/** Recompute the signature of `req` with `secret` and compare it with the one the request carries. */
export function verifySignature(req: WireRequest, secret: string, opts: VerifyOptions = {}): VerifyResult {
  const read = readAuthorization(req);
  if (!read.ok) return read;
  const { auth } = read;
  const amzDate = headerValue(req.headers, 'x-amz-date') ?? isoBasic(headerValue(req.headers, 'date'));
  if (!amzDate || !/^\d{8}T\d{6}Z$/.test(amzDate)) {
    return {
      ok: false,
      reason: 'malformed',
      auth,
      message: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    };
  }
  if (amzDate.slice(0, 8) !== auth.date) {
    return {
      ok: false,
      reason: 'malformed',
      auth,
      message: `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${amzDate.slice(0, 8)}'`,
    };
  }
  if (!auth.signedHeaders.map((h) => h.toLowerCase()).includes('host')) {
    return { ok: false, reason: 'malformed', auth, message: "'Host' must be a signed header" };
  }
  if (opts.now) {
    const sent = amzDateTime(amzDate);
    const skew = Math.abs(opts.now.getTime() - sent);
    if (skew > (opts.maxSkewMs ?? DEFAULT_MAX_SKEW_MS)) {
      return {
        ok: false,
        reason: 'expired',
        auth,
        message: `Signature expired: ${amzDate} is now earlier or later than the allowed window around ${isoBasic(opts.now.toUTCString())}.`,
      };
    }
  }
  const body = req.body ?? new Uint8Array();
  const bodyHash = sha256Hex(body);
  const declared = headerValue(req.headers, 'x-amz-content-sha256');
  if (
    declared &&
    declared !== 'UNSIGNED-PAYLOAD' &&
    !declared.startsWith('STREAMING-') &&
    declared !== bodyHash
  ) {
    return {
      ok: false,
      reason: 'payload-hash',
      auth,
      message: "The provided 'x-amz-content-sha256' header does not match what was computed.",
    };
  }
  const canonical = canonicalRequest(
    req,
    auth.signedHeaders,
    declared ?? bodyHash,
    opts.uriEscapePath ?? true,
  );
  if (canonical === undefined) {
    return { ok: false, reason: 'mismatch', auth, message: 'A signed header is missing from the request.' };
  }
  const toSign = stringToSign(amzDate, auth.scope, canonical);
  const expected = signString(secret, auth.date, auth.region, auth.service, toSign);
  const same = timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(auth.signature, 'hex'));
  if (!same) {
    return {
      ok: false,
      reason: 'mismatch',
      auth,
      message:
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    };
  }
  return { ok: true, auth, amzDate };
}

/** Milliseconds since the epoch of an `X-Amz-Date` value (`20250304T050607Z`). */
export function amzDateTime(amzDate: string): number {
  const iso = `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`;
  return Date.parse(iso);
}

function isoBasic(httpDate: string | undefined): string | undefined {
  if (!httpDate) return undefined;
  const t = Date.parse(httpDate);
  if (Number.isNaN(t)) return undefined;
  return new Date(t)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}
