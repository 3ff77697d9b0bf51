// The x-amz-checksum-* values S3 checks on upload: which one a request carries, the value of a body, and
// the composite checksum of a multipart object (checksum of the parts' checksums, suffixed `-<parts>`).

import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { s3Error } from './s3-errors.js';
import type { ChecksumAlgorithm } from './s3-store.js';

/** Input members carrying a checksum, and their algorithm. */
export const CHECKSUM_MEMBERS = {
  ChecksumSHA256: 'SHA256',
  ChecksumSHA1: 'SHA1',
  ChecksumSHA512: 'SHA512',
  ChecksumMD5: 'MD5',
  ChecksumCRC32: 'CRC32',
  ChecksumCRC32C: 'CRC32C',
  ChecksumCRC64NVME: 'CRC64NVME',
  ChecksumXXHASH64: 'XXHASH64',
  ChecksumXXHASH3: 'XXHASH3',
  ChecksumXXHASH128: 'XXHASH128',
} as const;

const COMPUTABLE = new Set<string>(['SHA256', 'SHA1', 'SHA512', 'MD5', 'CRC32']);

/** Base64 checksum of `data`. */
export function checksumOf(algorithm: ChecksumAlgorithm, data: Buffer): string {
  return rawChecksum(algorithm, data).toString('base64');
}

function rawChecksum(algorithm: ChecksumAlgorithm, data: Buffer): Buffer {
  if (algorithm === 'CRC32') {
    const out = Buffer.alloc(4);
    out.writeUInt32BE(crc32(data) >>> 0);
    return out;
  }
  return createHash(algorithm.toLowerCase()).update(data).digest();
}

/** The checksum a request sent (at most one), checked against the body: BadDigest when it differs. */
export function verifiedChecksum(
  input: Record<string, unknown>,
  body: Buffer,
): { algorithm: ChecksumAlgorithm; value: string } | undefined {
  const sent = Object.entries(CHECKSUM_MEMBERS).filter(([member]) => typeof input[member] === 'string');
  if (sent.length > 1)
    throw s3Error(
      'InvalidRequest',
      'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.',
    );
  const [member, algorithm] = sent[0] ?? [];
  if (!member || !algorithm) return undefined;
  if (!COMPUTABLE.has(algorithm)) {
    throw s3Error(
      'NotImplemented',
      `The Evidentia emulator does not compute ${algorithm} checksums; use SHA256, SHA1, SHA512, MD5 or CRC32.`,
    );
  }
  const value = input[member] as string;
  const actual = checksumOf(algorithm as ChecksumAlgorithm, body);
  if (actual !== value) {
    throw s3Error('BadDigest', `The ${algorithm} you specified did not match the calculated checksum.`);
  }
  return { algorithm: algorithm as ChecksumAlgorithm, value };
}

/** The composite checksum S3 gives a multipart object: checksum of the concatenated raw part checksums. */
export function compositeChecksum(algorithm: ChecksumAlgorithm, partChecksums: readonly string[]): string {
  const joined = Buffer.concat(partChecksums.map((c) => Buffer.from(c, 'base64')));
  return `${checksumOf(algorithm, joined)}-${partChecksums.length}`;
}

/** The output members (`ChecksumSHA256`, ...) for a stored checksum. */
export function checksumOutput(
  c: { algorithm: ChecksumAlgorithm; value: string } | undefined,
): Record<string, string> {
  if (!c) return {};
  return { [`Checksum${c.algorithm}`]: c.value };
}
