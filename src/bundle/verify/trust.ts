// Is a signer certificate one the verifier trusts: the pinned certificate itself, or issued (through the
// chain carried in the signature) by a pinned CA certificate.

import type { ParsedCertificate } from '../x509/certificate.js';

/** True when `leaf` is one of `trusted`, or chains up to one through `intermediates`. */
export function chainsToTrusted(
  leaf: ParsedCertificate,
  intermediates: readonly ParsedCertificate[],
  trusted: readonly ParsedCertificate[],
): boolean {
  let current = leaf;
  for (let depth = 0; depth < 8; depth++) {
    if (trusted.some((t) => t.der.equals(current.der))) return true;
    const anchor = trusted.find((t) => issued(t, current));
    if (anchor) return true;
    const next = intermediates.find((c) => !c.der.equals(current.der) && issued(c, current));
    if (!next) return false;
    current = next;
  }
  return false;
}

function issued(issuer: ParsedCertificate, subject: ParsedCertificate): boolean {
  try {
    return subject.x509.checkIssued(issuer.x509) && subject.x509.verify(issuer.x509.publicKey);
  } catch {
    return false;
  }
}
