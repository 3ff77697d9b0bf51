// What signs a bundle: a key (held locally or in AWS KMS) that signs bytes, and the certificate chain that
// names it. The CMS, PDF and certificate builders only ever see this interface.

import type { SignerInfo } from '../../render/index.js';
import type { HashName, KeyType } from '../der/oids.js';
import type { TimestampAuthority } from '../timestamp/timestamp-authority.js';
import type { ParsedCertificate } from '../x509/certificate.js';

/** Key type and hash of the signatures a key makes (RSA is PKCS#1 v1.5; ECDSA signatures are DER). */
export interface SignatureAlgorithm {
  key: KeyType;
  hash: HashName;
}

/** Anything that signs bytes with one algorithm. */
export interface RawSigner {
  readonly algorithm: SignatureAlgorithm;
  /** Sign `data` (the signer hashes it with `algorithm.hash`). */
  sign(data: Buffer): Promise<Buffer>;
}

export type SignerKind = 'local' | 'kms' | 'trial';

/** A signer with its certificate chain, ready to sign manifests and PDFs. */
export interface BundleSigner extends RawSigner {
  readonly kind: SignerKind;
  /** Where the key lives, for logs and VERIFY.md (a path or a KMS key ARN; never a secret). */
  readonly keyDescription: string;
  /** Leaf certificate first, then the rest of the chain as supplied. */
  readonly chain: readonly ParsedCertificate[];
  /** When set, every signature carries an RFC 3161 time-stamp token from this authority (PAdES B-T). */
  readonly timestamp?: TimestampAuthority;
}

/** The same signer, its signatures time-stamped by `authority`. */
export function withTimestamp(signer: BundleSigner, authority: TimestampAuthority): BundleSigner {
  return {
    kind: signer.kind,
    keyDescription: signer.keyDescription,
    chain: signer.chain,
    algorithm: signer.algorithm,
    sign: (data) => signer.sign(data),
    timestamp: authority,
  };
}

/** The hash that goes with a key: SHA-256 for RSA and P-256, SHA-384 for P-384, SHA-512 for P-521. */
export function hashForCurve(curve: string | undefined): HashName {
  if (curve === 'secp384r1' || curve === 'P-384') return 'sha384';
  if (curve === 'secp521r1' || curve === 'P-521') return 'sha512';
  return 'sha256';
}

/** What the report cover shows about a signer: a short name (the full subject when it is short) and a note. */
export function signerInfo(signer: BundleSigner): SignerInfo {
  const leaf = signer.chain[0]!;
  const cn = /CN=([^\n]*)/.exec(leaf.x509.subject)?.[1];
  const name = leaf.subject.length <= 60 || !cn ? leaf.subject : `CN=${cn}`;
  const note =
    signer.kind === 'trial'
      ? ' (TRIAL KEY, self-signed: not for production audits)'
      : signer.kind === 'kms'
        ? ' (AWS KMS key)'
        : '';
  return { subject: `${name}${note}`, fingerprintSha256: leaf.fingerprintSha256 };
}
