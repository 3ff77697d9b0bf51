// A certificate for an AWS KMS key's public key: issued by a local CA key, or self-signed through kms:Sign
// (the private key never leaves KMS either way). `evidentia keys kms-certificate` and the tests use it.

import { createPublicKey, randomBytes, verify } from 'node:crypto';
import { buildCertificate, type DistinguishedName } from '../x509/build-certificate.js';
import type { ParsedCertificate } from '../x509/certificate.js';
import type { BundleSigner } from './bundle-signer.js';
import { type KmsApi, type KmsKey, kmsKey } from './kms-signer.js';
import { SigningError } from './signing-error.js';

export interface KmsCertificateOptions {
  client: KmsApi;
  keyId: string;
  subject: DistinguishedName;
  now: Date;
  days: number;
  /** The issuing CA (a local signer whose first certificate is the CA's); absent → self-signed via KMS. */
  ca?: BundleSigner;
}

/**
 * Issue a certificate for the KMS key; returns the chain to give the profile (leaf, then the CA's chain).
 * Before anything is returned, what kms:Sign produced is checked against kms:GetPublicKey's key: a probe
 * signature always, and the certificate's own signature when KMS signed it. Throws
 * SIGNER_KMS_BAD_SIGNATURE otherwise, so no certificate is written that would only fail at the next run.
 */
export async function issueKmsCertificate(opts: KmsCertificateOptions): Promise<ParsedCertificate[]> {
  const key = await kmsKey(opts.client, opts.keyId);
  await checkProbeSignature(key);
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
  const publicKey = createPublicKey({ key: key.publicKeyDer, format: 'der', type: 'spki' });
  const issuerKey = opts.ca ? opts.ca.chain[0]!.x509.publicKey : publicKey;
  if (!leaf.x509.verify(issuerKey))
    throw badSignature(
      key,
      opts.ca
        ? "the certificate's signature does not verify with the CA's key"
        : 'its self-signature does not verify with the key kms:GetPublicKey returned',
    );
  return [leaf, ...(opts.ca?.chain ?? [])];
}

/** Sign 32 random bytes through kms:Sign and verify the answer with GetPublicKey's key. */
async function checkProbeSignature(key: KmsKey): Promise<void> {
  const probe = randomBytes(32);
  const signature = await key.sign(probe);
  const publicKey = createPublicKey({ key: key.publicKeyDer, format: 'der', type: 'spki' });
  let good = false;
  try {
    good = verify(key.algorithm.hash, probe, publicKey, signature);
  } catch {
    good = false;
  }
  if (!good) throw badSignature(key, 'a probe signature from kms:Sign does not verify with it');
}

function badSignature(key: KmsKey, what: string): SigningError {
  return new SigningError(
    'SIGNER_KMS_BAD_SIGNATURE',
    `the KMS key ${key.arn} did not sign with the public key kms:GetPublicKey returned: ${what}. No certificate was written; check the key id, the endpoint and the region.`,
  );
}
