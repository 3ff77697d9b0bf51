// Bearer tokens: only their SHA-256 is configured; a presented token is hashed and compared with every
// configured hash in constant time, so neither the answer nor its timing tells how close a guess was.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Role } from '../config/daemon-config-schema.js';
import type { TokenEntry } from '../config/daemon-settings.js';

export interface Principal {
  name: string;
  role: Role;
}

export type AuthResult =
  | { ok: true; principal: Principal }
  | { ok: false; reason: 'missing' | 'malformed' | 'unknown' };

/** Longest token accepted; anything longer is refused before hashing. */
const MAX_TOKEN_LENGTH = 256;

/** A new random token (`evd_` + 43 characters of base64url: 256 bits). */
export function newToken(): string {
  return `evd_${randomBytes(32).toString('base64url')}`;
}

/** The SHA-256 (hex) of a token, as configured in `http.tokens[].sha256`. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export class TokenAuth {
  private readonly entries: { principal: Principal; digest: Buffer }[];

  constructor(tokens: readonly TokenEntry[]) {
    this.entries = tokens.map((t) => ({
      principal: { name: t.name, role: t.role },
      digest: Buffer.from(t.sha256, 'hex'),
    }));
  }

  /** Check an `Authorization` header value. */
  authenticate(header: string | undefined): AuthResult {
    if (!header) return { ok: false, reason: 'missing' };
    const m = /^Bearer ([\x21-\x7e]+)$/i.exec(header.trim());
    if (!m || m[1]!.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
    const digest = createHash('sha256').update(m[1]!, 'utf8').digest();
    let found: Principal | undefined;
    // Every entry is compared, whatever matched first, so timing does not depend on the position.
    for (const e of this.entries) {
      if (timingSafeEqual(digest, e.digest) && !found) found = e.principal;
    }
    return found ? { ok: true, principal: found } : { ok: false, reason: 'unknown' };
  }
}
