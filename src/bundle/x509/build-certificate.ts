// Build X.509 v3 certificates: self-signed ones for trial keys, and certificates for a public key (such as an
// AWS KMS key's) issued by a CA key. The issuer's signature comes from any RawSigner, so KMS can sign too.

import { createHash, type KeyObject, randomBytes } from 'node:crypto';
import {
  bitString,
  boolean,
  child,
  context,
  integer,
  integerFromBytes,
  NULL,
  octetString,
  oid,
  parseDerExact,
  printableString,
  seq,
  setOf,
  TAG,
  time,
  utf8String,
} from '../der/der.js';
import { OID, SIGNATURE_OID } from '../der/oids.js';
import type { RawSigner, SignatureAlgorithm } from '../signers/bundle-signer.js';
import { type ParsedCertificate, parseCertificate } from './certificate.js';

export interface DistinguishedName {
  commonName: string;
  organization?: string;
  organizationalUnit?: string;
  /** Two-letter country code. */
  country?: string;
}

export interface CertificateSpec {
  subject: DistinguishedName;
  /** The subject's public key. */
  publicKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
  /** true: may issue certificates (basicConstraints cA). */
  ca?: boolean;
  /** Default: 16 random bytes. */
  serial?: Buffer;
  /** The issuer's certificate; absent for a self-signed certificate (then `signer` holds the subject's key). */
  issuer?: ParsedCertificate;
  /** Makes the issuer's signature. */
  signer: RawSigner;
}

/** Encode a Name (RDNSequence), one attribute per RDN. */
export function encodeName(name: DistinguishedName): Buffer {
  const rdns: Buffer[] = [];
  const add = (type: string, value: Buffer) => rdns.push(setOf(seq(oid(type), value)));
  if (name.country) add(OID.countryName, printableString(name.country));
  if (name.organization) add(OID.organizationName, utf8String(name.organization));
  if (name.organizationalUnit) add(OID.organizationalUnitName, utf8String(name.organizationalUnit));
  add(OID.commonName, utf8String(name.commonName));
  return seq(...rdns);
}

/** AlgorithmIdentifier of a signature algorithm (RSA carries NULL parameters, ECDSA none). */
export function signatureAlgorithmId(alg: SignatureAlgorithm): Buffer {
  const id = oid(SIGNATURE_OID[alg.key][alg.hash]);
  return alg.key === 'rsa' ? seq(id, NULL) : seq(id);
}

/** A BIT STRING of named bits (DER: trailing zero bits dropped). */
function namedBits(bits: number[]): Buffer {
  const max = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(max / 8) + 1);
  for (const b of bits) bytes[Math.floor(b / 8)]! |= 0x80 >> (b % 8);
  const unused = 7 - (max % 8);
  return Buffer.concat([Buffer.from([0x03, bytes.length + 1, unused]), bytes]);
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical ? seq(oid(id), boolean(true), octetString(value)) : seq(oid(id), octetString(value));
}

/** SHA-1 of the subjectPublicKey bits (RFC 5280 §4.2.1.2, method 1). */
export function keyIdentifier(spkiDer: Buffer): Buffer {
  // SubjectPublicKeyInfo ::= SEQUENCE { algorithm, subjectPublicKey BIT STRING }; skip the unused-bits byte.
  const pub = child(parseDerExact(spkiDer), 1, TAG.BIT_STRING).content.subarray(1);
  return createHash('sha1').update(pub).digest();
}

/** Build and sign a certificate. */
export async function buildCertificate(spec: CertificateSpec): Promise<ParsedCertificate> {
  const spki = spec.publicKey.export({ type: 'spki', format: 'der' });
  const serial = spec.serial ?? randomBytes(16);
  serial[0]! &= 0x7f;
  if (serial[0] === 0) serial[0] = 0x01;
  const subjectName = encodeName(spec.subject);
  const issuerName = spec.issuer ? spec.issuer.subjectDer : subjectName;
  const ski = keyIdentifier(spki);
  const aki = spec.issuer ? keyIdentifier(spec.issuer.spkiDer) : ski;
  const keyUsage = spec.ca ? namedBits([0, 1, 5, 6]) : namedBits([0, 1]);
  const extensions = [
    extension(OID.basicConstraints, true, spec.ca ? seq(boolean(true)) : seq()),
    extension(OID.keyUsage, true, keyUsage),
    extension(OID.subjectKeyIdentifier, false, octetString(ski)),
    extension(OID.authorityKeyIdentifier, false, seq(Buffer.concat([Buffer.from([0x80, aki.length]), aki]))),
  ];
  const algId = signatureAlgorithmId(spec.signer.algorithm);
  const tbs = seq(
    context(0, integer(2)),
    integerFromBytes(serial),
    algId,
    issuerName,
    seq(time(spec.notBefore), time(spec.notAfter)),
    subjectName,
    spki,
    context(3, seq(...extensions)),
  );
  const signature = await spec.signer.sign(tbs);
  return parseCertificate(seq(tbs, algId, bitString(signature)));
}
