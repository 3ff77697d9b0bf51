// A certificate for an AWS KMS key's public key: issued by a local CA key, or self-signed through kms:Sign
// (the private key never leaves KMS either way). `evidentia keys kms-certificate` and the tests use it.

import { createPublicKey } from 'node:crypto';
import { buildCertificate, type DistinguishedName } from '../x509/build-certificate.js';
import type { ParsedCertificate } from '../x509/certificate.js';
import type { BundleSigner } from './bundle-signer.js';
import { type KmsApi, kmsKey } from './kms-signer.js';

export interface KmsCertificateOptions {
  client: KmsApi;
  keyId: string;
  subject: DistinguishedName;
  now: Date;
  days: number;
  /** The issuing CA (a local signer whose first certificate is the CA's); absent → self-signed via KMS. */
  ca?: BundleSigner;
}

/** Issue a certificate for the KMS key; returns the chain to give the profile (leaf, then the CA's chain). */
export async function issueKmsCertificate(opts: KmsCertificateOptions): Promise<ParsedCertificate[]> {
  const key = await kmsKey(opts.client, opts.keyId);
  const notBefore = new Date(Math.floor(opts.now.getTime() / 1000) * 1000 - 60_000);
  const leaf = await buildCertificate({
    subject: opts.subject,
    publicKey: createPublicKey({ key: key.publicKeyDer, format: 'der', type: 'spki' }),
    notBefore,
    notAfter: new Date(notBefore.getTime() + opts.days * 86_400_000),
    // Self-signed, the certificate is its own trust anchor (as the trial key's is).
    ca: !opts.ca,
    ...(opts.ca ? { issuer: opts.ca.chain[0]! } : {}),
    signer: opts.ca ?? key,
  });
  return [leaf, ...(opts.ca?.chain ?? [])];
}
