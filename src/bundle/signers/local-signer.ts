// A signer whose private key is held in this process (a PEM or PKCS#12 key, or the trial key).

import { createPublicKey, type KeyObject, sign } from 'node:crypto';
import type { ParsedCertificate } from '../x509/certificate.js';
import {
  type BundleSigner,
  hashForCurve,
  type SignatureAlgorithm,
  type SignerKind,
} from './bundle-signer.js';
import { SigningError } from './signing-error.js';

export interface LocalSignerOptions {
  key: KeyObject;
  /** Leaf first. */
  chain: ParsedCertificate[];
  kind?: Extract<SignerKind, 'local' | 'trial'>;
  /** Where the key came from (a path or an environment variable name). */
  keyDescription: string;
}

/** The signature algorithm a private or public key makes. */
export function algorithmFor(key: KeyObject): SignatureAlgorithm {
  const type = key.asymmetricKeyType;
  if (type === 'rsa') return { key: 'rsa', hash: 'sha256' };
  if (type === 'ec') return { key: 'ec', hash: hashForCurve(key.asymmetricKeyDetails?.namedCurve) };
  throw new SigningError(
    'SIGNER_KEY_UNSUPPORTED',
    `unsupported key type '${type}': use an RSA or EC (NIST P-curve) key`,
  );
}

/** A signer over a private key held in memory; checks that the leaf certificate is the key's. */
export function localSigner(opts: LocalSignerOptions): BundleSigner {
  const leaf = opts.chain[0];
  if (!leaf)
    throw new SigningError(
      'SIGNER_CERTIFICATE_UNREADABLE',
      `no certificate for the key ${opts.keyDescription}`,
    );
  const algorithm = algorithmFor(opts.key);
  const spki = createPublicKey(opts.key).export({ type: 'spki', format: 'der' });
  if (!spki.equals(leaf.spkiDer)) {
    throw new SigningError(
      'SIGNER_KEY_MISMATCH',
      `the certificate '${leaf.subject}' is not for the key ${opts.keyDescription} (its public key differs)`,
    );
  }
  const key = opts.key;
  return {
    kind: opts.kind ?? 'local',
    keyDescription: opts.keyDescription,
    chain: opts.chain,
    algorithm,
    sign: async (data: Buffer) => sign(algorithm.hash, data, key),
  };
}
