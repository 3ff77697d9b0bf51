// A signer whose private key never leaves AWS KMS: the bundle hashes locally and asks kms:Sign to sign the
// digest (MessageType DIGEST). The certificate for the KMS public key is supplied by the user and must
// match the key's public key (kms:GetPublicKey).

import { createHash } from 'node:crypto';
import {
  DescribeKeyCommand,
  GetPublicKeyCommand,
  type KMSClient,
  SignCommand,
  type SigningAlgorithmSpec,
} from '@aws-sdk/client-kms';
import type { HashName } from '../der/oids.js';
import type { ParsedCertificate } from '../x509/certificate.js';
import type { BundleSigner, RawSigner, SignatureAlgorithm } from './bundle-signer.js';
import { SigningError } from './signing-error.js';

export type KmsApi = Pick<KMSClient, 'send'>;

export interface KmsSignerOptions {
  client: KmsApi;
  /** Key id, key ARN, alias name (`alias/…`) or alias ARN. */
  keyId: string;
  /** The certificate for the KMS key's public key, then its chain. */
  chain: ParsedCertificate[];
}

/** A KMS key that can sign, with its public key. */
export interface KmsKey extends RawSigner {
  arn: string;
  keySpec: string;
  /** DER SubjectPublicKeyInfo from kms:GetPublicKey. */
  publicKeyDer: Buffer;
}

const RSA = { algorithm: { key: 'rsa', hash: 'sha256' }, spec: 'RSASSA_PKCS1_V1_5_SHA_256' } as const;
const ecdsa = (hash: HashName, spec: SigningAlgorithmSpec) => ({
  algorithm: { key: 'ec' as const, hash },
  spec,
});

/** KMS signing algorithm for each key spec we sign with: PKCS#1 v1.5 for RSA, ECDSA on the NIST curves. */
const ALGORITHMS: Record<string, { algorithm: SignatureAlgorithm; spec: SigningAlgorithmSpec }> = {
  RSA_2048: RSA,
  RSA_3072: RSA,
  RSA_4096: RSA,
  ECC_NIST_P256: ecdsa('sha256', 'ECDSA_SHA_256'),
  ECC_NIST_P384: ecdsa('sha384', 'ECDSA_SHA_384'),
  ECC_NIST_P521: ecdsa('sha512', 'ECDSA_SHA_512'),
};

/** Describe a KMS key, check that it can sign, fetch its public key, and sign digests with it. */
export async function kmsKey(client: KmsApi, keyId: string): Promise<KmsKey> {
  const meta = (await call(keyId, 'DescribeKey', () => client.send(new DescribeKeyCommand({ KeyId: keyId }))))
    .KeyMetadata;
  if (!meta?.Arn) throw unavailable(keyId, 'DescribeKey returned no key metadata');
  if (meta.KeyUsage !== 'SIGN_VERIFY')
    throw unsupported(
      keyId,
      `its key usage is ${meta.KeyUsage ?? 'unknown'}; an asymmetric SIGN_VERIFY key is needed`,
    );
  if (meta.Enabled === false || (meta.KeyState && meta.KeyState !== 'Enabled'))
    throw unavailable(keyId, `the key is ${meta.KeyState ?? 'disabled'}`);
  const choice = meta.KeySpec ? ALGORITHMS[meta.KeySpec] : undefined;
  if (!choice || !(meta.SigningAlgorithms ?? []).includes(choice.spec))
    throw unsupported(
      keyId,
      `key spec ${meta.KeySpec ?? 'unknown'} is not supported (use RSA_2048/3072/4096 or ECC_NIST_P256/P384/P521)`,
    );
  const arn = meta.Arn;
  const pub = await call(keyId, 'GetPublicKey', () => client.send(new GetPublicKeyCommand({ KeyId: arn })));
  if (!pub.PublicKey) throw unavailable(keyId, 'GetPublicKey returned no public key');
  const { algorithm, spec } = choice;
  return {
    arn,
    keySpec: meta.KeySpec!,
    publicKeyDer: Buffer.from(pub.PublicKey),
    algorithm,
    sign: async (data: Buffer) => {
      const digest = createHash(algorithm.hash).update(data).digest();
      const out = await call(arn, 'Sign', () =>
        client.send(
          new SignCommand({ KeyId: arn, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: spec }),
        ),
      );
      if (!out.Signature) throw unavailable(arn, 'kms:Sign returned no signature');
      return Buffer.from(out.Signature);
    },
  };
}

/** A bundle signer over a KMS key; the certificate must be for the key's public key. */
export async function kmsSigner(opts: KmsSignerOptions): Promise<BundleSigner> {
  const leaf = opts.chain[0];
  if (!leaf)
    throw new SigningError(
      'SIGNER_CERTIFICATE_UNREADABLE',
      `no certificate given for the KMS key ${opts.keyId}`,
    );
  const key = await kmsKey(opts.client, opts.keyId);
  if (!key.publicKeyDer.equals(leaf.spkiDer)) {
    throw new SigningError(
      'SIGNER_KEY_MISMATCH',
      `the certificate '${leaf.subject}' is not for the KMS key ${key.arn} (its public key differs from kms:GetPublicKey)`,
    );
  }
  return {
    kind: 'kms',
    keyDescription: key.arn,
    chain: opts.chain,
    algorithm: key.algorithm,
    sign: key.sign,
  };
}

async function call<T>(keyId: string, operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const e = err as { name?: string; message?: string };
    throw new SigningError(
      'SIGNER_KMS_UNAVAILABLE',
      `kms:${operation} on ${keyId} failed: ${e.name ?? 'Error'}: ${e.message ?? String(err)}`,
      { cause: err },
    );
  }
}

function unavailable(keyId: string, why: string): SigningError {
  return new SigningError('SIGNER_KMS_UNAVAILABLE', `the KMS key ${keyId} cannot sign: ${why}`);
}

function unsupported(keyId: string, why: string): SigningError {
  return new SigningError('SIGNER_KEY_UNSUPPORTED', `the KMS key ${keyId} cannot sign bundles: ${why}`);
}
