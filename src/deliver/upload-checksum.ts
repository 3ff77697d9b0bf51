// The SHA-256 checksums S3 will report for an archive uploaded with a given part size: the whole file's
// (single PutObject, FULL_OBJECT) and the composite one (multipart: SHA-256 of the parts' SHA-256s,
// suffixed `-<parts>`), computed in one streaming pass so a large archive is never held in memory.

import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export interface ArchiveChecksums {
  size: number;
  /** Hex SHA-256 of the whole file. */
  sha256Hex: string;
  /** Base64 SHA-256 of the whole file (S3's FULL_OBJECT value). */
  fullObject: string;
  /** S3's COMPOSITE value for parts of `partSize` bytes. */
  composite: string;
  parts: number;
}

/** Checksums of the file at `path` for uploads in parts of `partSize` bytes. */
export async function archiveChecksums(path: string, partSize: number): Promise<ArchiveChecksums> {
  const whole = createHash('sha256');
  const partDigests: Buffer[] = [];
  let part: Hash = createHash('sha256');
  let inPart = 0;
  let size = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    let buf = chunk as Buffer;
    whole.update(buf);
    size += buf.length;
    while (buf.length > 0) {
      const take = Math.min(buf.length, partSize - inPart);
      part.update(buf.subarray(0, take));
      inPart += take;
      buf = buf.subarray(take);
      if (inPart === partSize) {
        partDigests.push(part.digest());
        part = createHash('sha256');
        inPart = 0;
      }
    }
  }
  if (inPart > 0 || partDigests.length === 0) partDigests.push(part.digest());
  const digest = whole.digest();
  const composite = `${createHash('sha256').update(Buffer.concat(partDigests)).digest('base64')}-${partDigests.length}`;
  return {
    size,
    sha256Hex: digest.toString('hex'),
    fullObject: digest.toString('base64'),
    composite,
    parts: partDigests.length,
  };
}
