// Real signatures for the emulated KMS: each signing algorithm over a digest (MessageType DIGEST) or a
// message it hashes first (RAW), with the key's node:crypto private key. RSA PKCS#1 v1.5 and PSS (salt =
// hash length, as KMS uses) are padded here and raised with the raw RSA operation; ECDSA is in ecdsa-digest.

import { constants, createHash, type KeyObject, privateEncrypt, randomBytes } from 'node:crypto';
import { ecdsaSignDigest } from './ecdsa-digest.js';

export type KmsHash = 'sha256' | 'sha384' | 'sha512';

export interface KmsAlgorithm {
  kind: 'pkcs1' | 'pss' | 'ecdsa';
  hash: KmsHash;
}

/** The signing algorithms the emulator implements. */
export const SIGNING_ALGORITHMS: Record<string, KmsAlgorithm> = {
  RSASSA_PKCS1_V1_5_SHA_256: { kind: 'pkcs1', hash: 'sha256' },
  RSASSA_PKCS1_V1_5_SHA_384: { kind: 'pkcs1', hash: 'sha384' },
  RSASSA_PKCS1_V1_5_SHA_512: { kind: 'pkcs1', hash: 'sha512' },
  RSASSA_PSS_SHA_256: { kind: 'pss', hash: 'sha256' },
  RSASSA_PSS_SHA_384: { kind: 'pss', hash: 'sha384' },
  RSASSA_PSS_SHA_512: { kind: 'pss', hash: 'sha512' },
  ECDSA_SHA_256: { kind: 'ecdsa', hash: 'sha256' },
  ECDSA_SHA_384: { kind: 'ecdsa', hash: 'sha384' },
  ECDSA_SHA_512: { kind: 'ecdsa', hash: 'sha512' },
};

export const DIGEST_LENGTH: Record<KmsHash, number> = { sha256: 32, sha384: 48, sha512: 64 };

/** DER DigestInfo prefix (AlgorithmIdentifier with NULL parameters, then the OCTET STRING header). */
const DIGEST_INFO: Record<KmsHash, string> = {
  sha256: '3031300d060960864801650304020105000420',
  sha384: '3041300d060960864801650304020205000430',
  sha512: '3051300d060960864801650304020305000440',
};

/** Sign a digest of `alg.hash` with `key`. */
export function signDigest(key: KeyObject, alg: KmsAlgorithm, digest: Buffer): Buffer {
  if (alg.kind === 'ecdsa') return ecdsaSignDigest(key, digest);
  if (alg.kind === 'pkcs1') {
    return privateEncrypt(
      { key, padding: constants.RSA_PKCS1_PADDING },
      Buffer.concat([Buffer.from(DIGEST_INFO[alg.hash], 'hex'), digest]),
    );
  }
  const modBits = key.asymmetricKeyDetails?.modulusLength ?? 2048;
  const em = emsaPss(digest, alg.hash, modBits - 1);
  const block = Buffer.concat([Buffer.alloc(Math.ceil(modBits / 8) - em.length), em]);
  return privateEncrypt({ key, padding: constants.RSA_NO_PADDING }, block);
}

/** EMSA-PSS-ENCODE (RFC 8017 §9.1.1) with MGF1 over the same hash and a salt as long as the hash. */
function emsaPss(mHash: Buffer, hash: KmsHash, emBits: number): Buffer {
  const hLen = DIGEST_LENGTH[hash];
  const emLen = Math.ceil(emBits / 8);
  const salt = randomBytes(hLen);
  const hh = createHash(hash).update(Buffer.alloc(8)).update(mHash).update(salt).digest();
  const db = Buffer.concat([Buffer.alloc(emLen - 2 * hLen - 2), Buffer.from([1]), salt]);
  const mask = mgf1(hh, emLen - hLen - 1, hash);
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!;
  db[0]! &= 0xff >> (8 * emLen - emBits);
  return Buffer.concat([db, hh, Buffer.from([0xbc])]);
}

function mgf1(seed: Buffer, length: number, hash: KmsHash): Buffer {
  const out: Buffer[] = [];
  for (let counter = 0; out.length * DIGEST_LENGTH[hash] < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    out.push(createHash(hash).update(seed).update(c).digest());
  }
  return Buffer.concat(out).subarray(0, length);
}
