// Packages delivered to Amazon S3: uploaded with lib-storage (multipart above one part), SHA-256 checksummed,
// under Object Lock when asked, then read back with HeadObject and compared — checksum, size and lock —
// before the delivery counts. A failed upload aborts its multipart upload, so no object that looks complete
// is left behind.

import { createReadStream } from 'node:fs';
import { HeadObjectCommand, type HeadObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Clock } from '../core/clock.js';
import { DeliveryError } from './delivery-errors.js';
import { packageKey, type S3DeliveryPlan } from './delivery-schema.js';
import type { PackageStore, PackageToStore, S3Delivery } from './package-store.js';
import { formatS3Uri } from './s3-uri.js';
import { type ArchiveChecksums, archiveChecksums } from './upload-checksum.js';

const DAY_MS = 86_400_000;

/** Metadata key holding the archive's whole-file SHA-256 (hex), whatever S3's checksum type. */
export const SHA256_METADATA = 'evidentia-sha256';

export class S3PackageStore implements PackageStore {
  constructor(
    private readonly client: S3Client,
    private readonly plan: S3DeliveryPlan,
    private readonly clock: Clock,
  ) {}

  async put(pkg: PackageToStore): Promise<S3Delivery> {
    const { plan } = this;
    const key = packageKey(plan.prefix, pkg.profileId, pkg.runId);
    const uri = formatS3Uri({ bucket: plan.bucket, key });
    const sums = await archiveChecksums(pkg.archive, plan.partSizeBytes);
    const now = this.clock.now();
    // Whole seconds: S3 keeps retain-until dates to the second.
    const retainUntil = plan.objectLock
      ? new Date(Math.ceil((now.getTime() + plan.objectLock.retainDays * DAY_MS) / 1000) * 1000)
      : undefined;
    const upload = new Upload({
      client: this.client,
      partSize: plan.partSizeBytes,
      queueSize: 2,
      // On failure lib-storage aborts the multipart upload: S3 discards the parts and no object appears.
      leavePartsOnError: false,
      params: {
        Bucket: plan.bucket,
        Key: key,
        Body: createReadStream(pkg.archive),
        ContentType: 'application/gzip',
        ChecksumAlgorithm: 'SHA256',
        Metadata: { [SHA256_METADATA]: sums.sha256Hex },
        ...(plan.expectedOwner ? { ExpectedBucketOwner: plan.expectedOwner } : {}),
        ...(plan.objectLock && retainUntil
          ? { ObjectLockMode: plan.objectLock.mode, ObjectLockRetainUntilDate: retainUntil }
          : {}),
      },
    });
    let versionId: string | undefined;
    try {
      const done = await upload.done();
      versionId = done.VersionId;
    } catch (err) {
      throw new DeliveryError('DELIVERY_UPLOAD_FAILED', `Upload of ${uri} failed: ${message(err)}`, {
        cause: err,
        uri,
      });
    }
    const head = await this.client
      .send(
        new HeadObjectCommand({
          Bucket: plan.bucket,
          Key: key,
          ChecksumMode: 'ENABLED',
          ...(versionId ? { VersionId: versionId } : {}),
          ...(plan.expectedOwner ? { ExpectedBucketOwner: plan.expectedOwner } : {}),
        }),
      )
      .catch((err: unknown) => {
        throw new DeliveryError('DELIVERY_VERIFY_FAILED', `Cannot read back ${uri}: ${message(err)}`, {
          cause: err,
          uri,
        });
      });
    const checked = verifyHead(head, sums, plan, retainUntil, uri);
    return {
      kind: 's3',
      uri,
      bucket: plan.bucket,
      key,
      region: plan.region,
      ...(versionId ? { versionId } : {}),
      size: sums.size,
      sha256: sums.sha256Hex,
      checksumSha256: checked.checksum,
      checksumType: checked.type,
      ...(plan.objectLock && retainUntil
        ? { objectLock: { mode: plan.objectLock.mode, retainUntil: retainUntil.toISOString() } }
        : {}),
      deliveredAt: this.clock.now().toISOString(),
    };
  }
}

/** Compare what S3 holds with the archive; DeliveryError naming the first difference. */
export function verifyHead(
  head: HeadObjectCommandOutput,
  sums: ArchiveChecksums,
  plan: S3DeliveryPlan,
  retainUntil: Date | undefined,
  uri: string,
): { checksum: string; type: 'FULL_OBJECT' | 'COMPOSITE' } {
  const fail = (what: string) => new DeliveryError('DELIVERY_VERIFY_FAILED', `${uri}: ${what}`, { uri });
  const reported = head.ChecksumSHA256;
  if (!reported) throw fail('S3 reports no SHA-256 checksum for the object');
  const composite = reported.includes('-');
  const expected = composite ? sums.composite : sums.fullObject;
  if (reported !== expected)
    throw fail(`SHA-256 checksum ${reported} differs from the archive's ${expected}`);
  if (head.ContentLength !== sums.size)
    throw fail(`size ${head.ContentLength} differs from the archive's ${sums.size} bytes`);
  if (head.Metadata?.[SHA256_METADATA] !== sums.sha256Hex)
    throw fail('the evidentia-sha256 metadata is missing or differs');
  if (plan.objectLock && retainUntil) {
    if (head.ObjectLockMode !== plan.objectLock.mode)
      throw fail(`Object Lock mode is ${head.ObjectLockMode ?? 'absent'}, expected ${plan.objectLock.mode}`);
    const until = head.ObjectLockRetainUntilDate?.getTime() ?? 0;
    if (until < retainUntil.getTime())
      throw fail(
        `retained until ${head.ObjectLockRetainUntilDate?.toISOString() ?? 'never'}, expected ${retainUntil.toISOString()}`,
      );
  }
  return { checksum: reported, type: composite ? 'COMPOSITE' : 'FULL_OBJECT' };
}

function message(err: unknown): string {
  if (err instanceof Error) return `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}`;
  return String(err);
}
