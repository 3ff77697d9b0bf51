// X.509 certificates as the bundle uses them: DER bytes, Node's X509Certificate, and the raw pieces a CMS
// signature names (issuer, serial number, public key), plus PEM reading and writing.

import { createHash, X509Certificate } from 'node:crypto';
import { child, parseDerExact, TAG } from '../der/der.js';
import type { KeyType } from '../der/oids.js';

export interface ParsedCertificate {
  der: Buffer;
  x509: X509Certificate;
  /** Raw DER of the issuer Name (copied into a CMS IssuerAndSerialNumber). */
  issuerDer: Buffer;
  /** Raw DER of the serialNumber INTEGER. */
  serialDer: Buffer;
  /** Raw DER of the subject Name (the issuer Name of certificates this one issues). */
  subjectDer: Buffer;
  /** DER SubjectPublicKeyInfo. */
  spkiDer: Buffer;
  /** Lower-case hex SHA-256 of the DER certificate. */
  fingerprintSha256: string;
  /** The subject as one line, e.g. `CN=Evidentia, O=Example Ltd`. */
  subject: string;
  keyType: KeyType;
}

/** A certificate that cannot be read or is of an unsupported kind. */
export class CertificateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CertificateError';
  }
}

/** Parse one DER certificate. */
export function parseCertificate(der: Buffer): ParsedCertificate {
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(der);
  } catch (err) {
    throw new CertificateError(`not an X.509 certificate: ${(err as Error).message}`);
  }
  const cert = parseDerExact(der);
  const tbs = child(cert, 0, TAG.SEQUENCE);
  // TBSCertificate: [0] version (optional), serialNumber, signature, issuer, validity, subject, spki, ...
  const base = tbs.children[0]?.tag === 0xa0 ? 1 : 0;
  const serial = child(tbs, base, TAG.INTEGER);
  const issuer = child(tbs, base + 2, TAG.SEQUENCE);
  const subject = child(tbs, base + 4, TAG.SEQUENCE);
  const spki = child(tbs, base + 5, TAG.SEQUENCE);
  const type = x509.publicKey.asymmetricKeyType;
  if (type !== 'rsa' && type !== 'ec')
    throw new CertificateError(`unsupported public key type '${type}' (expected RSA or EC)`);
  return {
    der: Buffer.from(der),
    x509,
    issuerDer: Buffer.from(issuer.raw),
    serialDer: Buffer.from(serial.raw),
    subjectDer: Buffer.from(subject.raw),
    spkiDer: Buffer.from(spki.raw),
    fingerprintSha256: createHash('sha256').update(der).digest('hex'),
    subject: oneLineName(x509.subject),
    keyType: type,
  };
}

/** Every certificate in a PEM text, in order. */
export function parsePemCertificates(pem: string): ParsedCertificate[] {
  const blocks = [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)];
  return blocks.map((m) => parseCertificate(Buffer.from((m[1] ?? '').replace(/\s+/g, ''), 'base64')));
}

/** PEM text of DER bytes under a label (`CERTIFICATE`, `PRIVATE KEY`). */
export function toPem(der: Uint8Array, label = 'CERTIFICATE'): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** `CN=a\nO=b` (Node's form) → `CN=a, O=b`. */
function oneLineName(name: string): string {
  return name
    .split('\n')
    .filter((s) => s.length > 0)
    .join(', ');
}
