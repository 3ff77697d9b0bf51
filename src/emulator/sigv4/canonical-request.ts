// The SigV4 canonical request and string to sign, rebuilt from the request as it arrived on the wire.
// Mirrors @smithy/signature-v4: the path is normalised and URI-encoded again (every service but S3), the
// query is sorted by encoded key then value, header values are trimmed with inner whitespace collapsed.

import { createHmac } from 'node:crypto';
import { sha256Hex } from '../../core/canonical-json.js';
import { SIGV4_ALGORITHM } from './parse-authorization.js';

export type HeaderMap = Record<string, string | string[] | undefined>;

/** A request as received: raw path and query exactly as sent (still percent-encoded). */
export interface WireRequest {
  method: string;
  /** Path part of the request target, e.g. `/` or `/v1/report/list`. */
  path: string;
  /** Query string without the `?`, as sent. */
  query?: string;
  /** Header names in any case. */
  headers: HeaderMap;
  body?: Uint8Array | string;
}

/** RFC 3986 encoding as AWS signs it: encodeURIComponent plus `!'()*`. */
export function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The canonical URI: dot-segments removed, each byte encoded again, slashes kept. */
export function canonicalPath(rawPath: string, uriEscapePath = true): string {
  if (!uriEscapePath) return rawPath;
  const segments: string[] = [];
  for (const seg of rawPath.split('/')) {
    if (seg.length === 0 || seg === '.') continue;
    if (seg === '..') segments.pop();
    else segments.push(seg);
  }
  const normalized = `${rawPath.startsWith('/') ? '/' : ''}${segments.join('/')}${segments.length > 0 && rawPath.endsWith('/') ? '/' : ''}`;
  return escapeUri(normalized).replace(/%2F/g, '/');
}

/** The canonical query string (the signature parameter itself excluded). */
export function canonicalQuery(rawQuery: string | undefined): string {
  if (!rawQuery) return '';
  const byKey = new Map<string, string[]>();
  for (const part of rawQuery.split('&')) {
    if (part.length === 0) continue;
    const eq = part.indexOf('=');
    const key = safeDecode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : safeDecode(part.slice(eq + 1));
    if (key.toLowerCase() === 'x-amz-signature') continue;
    const encodedKey = escapeUri(key);
    const list = byKey.get(encodedKey) ?? [];
    list.push(`${encodedKey}=${escapeUri(value)}`);
    byKey.set(encodedKey, list);
  }
  return [...byKey.keys()]
    .sort()
    .map((k) => (byKey.get(k) ?? []).sort().join('&'))
    .join('&');
}

/** Lower-cased header look-up; repeated headers joined with commas. */
export function headerValue(headers: HeaderMap, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() !== wanted || v === undefined) continue;
    return Array.isArray(v) ? v.join(',') : v;
  }
  return undefined;
}

/**
 * The canonical request for the given signed headers. `payloadHash` is the `x-amz-content-sha256` value when
 * sent, else the hash of the body. Returns undefined when a signed header is absent from the request.
 */
export function canonicalRequest(
  req: WireRequest,
  signedHeaders: readonly string[],
  payloadHash: string,
  uriEscapePath = true,
): string | undefined {
  const lines: string[] = [];
  for (const name of [...signedHeaders].sort()) {
    const value = headerValue(req.headers, name);
    if (value === undefined) return undefined;
    lines.push(`${name.toLowerCase()}:${value.trim().replace(/\s+/g, ' ')}`);
  }
  return [
    req.method.toUpperCase(),
    canonicalPath(req.path, uriEscapePath),
    canonicalQuery(req.query),
    lines.join('\n'),
    '',
    [...signedHeaders]
      .map((h) => h.toLowerCase())
      .sort()
      .join(';'),
    payloadHash,
  ].join('\n');
}

/** `AWS4-HMAC-SHA256\n<amzDate>\n<scope>\n<hash of canonical request>`. */
export function stringToSign(amzDate: string, scope: string, canonical: string): string {
  return `${SIGV4_ALGORITHM}\n${amzDate}\n${scope}\n${sha256Hex(canonical)}`;
}

/** The SigV4 signature of `toSign` with the key derived from `secret` for the scope. */
export function signString(
  secret: string,
  date: string,
  region: string,
  service: string,
  toSign: string,
): string {
  const kDate = createHmac('sha256', `AWS4${secret}`).update(date).digest();
  const kRegion = createHmac('sha256', kDate).update(region).digest();
  const kService = createHmac('sha256', kRegion).update(service).digest();
  const kSigning = createHmac('sha256', kService).update('aws4_request').digest();
  return createHmac('sha256', kSigning).update(toSign).digest('hex');
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
