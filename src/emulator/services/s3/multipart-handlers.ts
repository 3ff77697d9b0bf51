// Multipart uploads: the object exists only once CompleteMultipartUpload succeeds, so an upload that is
// abandoned or aborted leaves nothing readable. Parts are checked like PutObject bodies; the finished
// object carries S3's composite checksum and `-<parts>` ETag.

import { createHash } from 'node:crypto';
import type { OperationContext } from '../../service-definition.js';
import { checksumOutput, compositeChecksum, verifiedChecksum } from './checksums.js';
import { lockHold } from './object-handlers.js';
import { retentionForNewObject } from './object-lock.js';
import { s3Error } from './s3-errors.js';
import {
  addVersion,
  type ChecksumAlgorithm,
  type MultipartUpload,
  newVersionId,
  type ObjectVersion,
  s3Store,
} from './s3-store.js';

type Input = Record<string, unknown>;

/** Smallest part S3 accepts, except for the last one. */
const MIN_PART_BYTES = 5 * 1024 * 1024;

/** CreateMultipartUpload. */
export function createMultipartUpload(input: Input, ctx: OperationContext) {
  const bucket = s3Store(ctx.world).bucket(String(input.Bucket), ctx.caller, input.ExpectedBucketOwner);
  const now = ctx.clock.now();
  const algorithm = input.ChecksumAlgorithm as string | undefined;
  if (algorithm !== undefined && !['SHA256', 'SHA1', 'SHA512', 'MD5', 'CRC32'].includes(algorithm)) {
    throw s3Error('NotImplemented', `The Evidentia emulator does not compute ${algorithm} checksums.`);
  }
  const upload: MultipartUpload = {
    id: newVersionId(),
    key: String(input.Key),
    initiated: now,
    contentType: typeof input.ContentType === 'string' ? input.ContentType : undefined,
    metadata: (input.Metadata as Record<string, string> | undefined) ?? {},
    checksumAlgorithm: algorithm as ChecksumAlgorithm | undefined,
    retention: retentionForNewObject(bucket, input.ObjectLockMode, input.ObjectLockRetainUntilDate, now),
    legalHold: lockHold(input.ObjectLockLegalHoldStatus, bucket.objectLockEnabled),
    parts: new Map(),
  };
  bucket.uploads.set(upload.id, upload);
  return {
    Bucket: bucket.name,
    Key: upload.key,
    UploadId: upload.id,
    ChecksumAlgorithm: algorithm,
    ChecksumType: algorithm ? 'COMPOSITE' : undefined,
  };
}

function uploadFor(
  input: Input,
  ctx: OperationContext,
): { upload: MultipartUpload; bucket: ReturnType<typeof bucketOf> } {
  const bucket = bucketOf(input, ctx);
  const upload = bucket.uploads.get(String(input.UploadId));
  if (!upload || upload.key !== String(input.Key)) {
    throw s3Error(
      'NoSuchUpload',
      'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
      { UploadId: input.UploadId },
    );
  }
  return { upload, bucket };
}

function bucketOf(input: Input, ctx: OperationContext) {
  return s3Store(ctx.world).bucket(String(input.Bucket), ctx.caller, input.ExpectedBucketOwner);
}

/** UploadPart. */
export function uploadPart(input: Input, ctx: OperationContext) {
  const { upload } = uploadFor(input, ctx);
  const partNumber = Number(input.PartNumber);
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10_000) {
    throw s3Error('InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive');
  }
  const body = Buffer.isBuffer(input.Body) ? input.Body : Buffer.alloc(0);
  const checksum = verifiedChecksum(input, body);
  if (upload.checksumAlgorithm && checksum?.algorithm !== upload.checksumAlgorithm) {
    throw s3Error(
      'InvalidRequest',
      `Checksum Type mismatch occurred, expected checksum Type: ${upload.checksumAlgorithm.toLowerCase()}, actual checksum Type: ${checksum?.algorithm.toLowerCase() ?? 'null'}`,
    );
  }
  const etag = `"${createHash('md5').update(body).digest('hex')}"`;
  upload.parts.set(partNumber, { body, etag, checksum: checksum?.value });
  return { ETag: etag, ...(upload.checksumAlgorithm ? checksumOutput(checksum) : {}) };
}

interface CompletedPartInput {
  PartNumber?: number;
  ETag?: string;
  [checksum: string]: unknown;
}

/** CompleteMultipartUpload: parts in ascending order, each as uploaded, all but the last at least 5 MiB. */
export function completeMultipartUpload(input: Input, ctx: OperationContext) {
  const { upload, bucket } = uploadFor(input, ctx);
  const listed = ((input.MultipartUpload as { Parts?: CompletedPartInput[] } | undefined)?.Parts ??
    []) as CompletedPartInput[];
  if (listed.length === 0)
    throw s3Error(
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema.',
    );
  const chosen = listed.map((p, i) => {
    const n = Number(p.PartNumber);
    if (i > 0 && n <= Number(listed[i - 1]?.PartNumber)) {
      throw s3Error(
        'InvalidPartOrder',
        'The list of parts was not in ascending order. Parts must be ordered by part number.',
      );
    }
    const part = upload.parts.get(n);
    if (!part || unquote(p.ETag) !== unquote(part.etag)) {
      throw s3Error(
        'InvalidPart',
        "One or more of the specified parts could not be found. The part might not have been uploaded, or the specified entity tag might not have matched the part's entity tag.",
        {
          PartNumber: n,
        },
      );
    }
    const member = upload.checksumAlgorithm ? `Checksum${upload.checksumAlgorithm}` : undefined;
    if (member && p[member] !== undefined && p[member] !== part.checksum) {
      throw s3Error(
        'InvalidPart',
        `The ${upload.checksumAlgorithm} checksum given for part ${n} does not match the uploaded part.`,
      );
    }
    return part;
  });
  chosen.forEach((part, i) => {
    if (i < chosen.length - 1 && part.body.length < MIN_PART_BYTES) {
      throw s3Error(
        'EntityTooSmall',
        'Your proposed upload is smaller than the minimum allowed object size.',
      );
    }
  });
  const body = Buffer.concat(chosen.map((p) => p.body));
  const md5s = Buffer.concat(chosen.map((p) => Buffer.from(unquote(p.etag), 'hex')));
  const algorithm = upload.checksumAlgorithm;
  const version: ObjectVersion = {
    key: upload.key,
    versionId: bucket.versioning === 'Enabled' ? newVersionId() : 'null',
    deleteMarker: false,
    body,
    etag: `"${createHash('md5').update(md5s).digest('hex')}-${chosen.length}"`,
    lastModified: ctx.clock.now(),
    contentType: upload.contentType,
    metadata: upload.metadata,
    checksum: algorithm
      ? {
          algorithm,
          value: compositeChecksum(
            algorithm,
            chosen.map((p) => p.checksum ?? ''),
          ),
          type: 'COMPOSITE',
        }
      : undefined,
    retention: upload.retention,
    legalHold: upload.legalHold,
  };
  addVersion(bucket, version);
  bucket.uploads.delete(upload.id);
  return {
    Location: `/${bucket.name}/${upload.key}`,
    Bucket: bucket.name,
    Key: upload.key,
    ETag: version.etag,
    VersionId: bucket.versioning ? version.versionId : undefined,
    ...checksumOutput(version.checksum),
    ChecksumType: version.checksum?.type,
  };
}

/** AbortMultipartUpload: the parts are discarded. */
export function abortMultipartUpload(input: Input, ctx: OperationContext) {
  const { upload, bucket } = uploadFor(input, ctx);
  bucket.uploads.delete(upload.id);
  return {};
}

function unquote(etag: unknown): string {
  return String(etag ?? '').replace(/^"|"$/g, '');
}
