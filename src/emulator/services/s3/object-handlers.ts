// Object operations: PutObject (checksum checked, Object Lock applied), GetObject / HeadObject (by version),
// DeleteObject (a delete marker without a version id; a locked version is refused with AccessDenied).

import { createHash } from 'node:crypto';
import type { OperationContext } from '../../service-definition.js';
import { checksumOutput, verifiedChecksum } from './checksums.js';
import { assertVersionDeletable, mayBypassGovernance, retentionForNewObject } from './object-lock.js';
import { s3Error } from './s3-errors.js';
import { addVersion, newVersionId, type ObjectVersion, readableVersion, s3Store } from './s3-store.js';

type Input = Record<string, unknown>;

/** PutObject. */
export function putObject(input: Input, ctx: OperationContext) {
  const bucket = s3Store(ctx.world).bucket(String(input.Bucket), ctx.caller, input.ExpectedBucketOwner);
  const body = Buffer.isBuffer(input.Body) ? input.Body : Buffer.alloc(0);
  const now = ctx.clock.now();
  const checksum = verifiedChecksum(input, body);
  if (
    typeof input.ContentMD5 === 'string' &&
    createHash('md5').update(body).digest('base64') !== input.ContentMD5
  ) {
    throw s3Error('BadDigest', 'The Content-MD5 you specified did not match what we received.');
  }
  if (input.ObjectLockMode !== undefined && !checksum && input.ContentMD5 === undefined) {
    throw s3Error(
      'InvalidRequest',
      'Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object Lock parameters',
    );
  }
  const retention = retentionForNewObject(bucket, input.ObjectLockMode, input.ObjectLockRetainUntilDate, now);
  const legalHold = lockHold(input.ObjectLockLegalHoldStatus, bucket.objectLockEnabled);
  const version: ObjectVersion = {
    key: String(input.Key),
    versionId: bucket.versioning === 'Enabled' ? newVersionId() : 'null',
    deleteMarker: false,
    body,
    etag: `"${createHash('md5').update(body).digest('hex')}"`,
    lastModified: now,
    contentType: typeof input.ContentType === 'string' ? input.ContentType : undefined,
    metadata: (input.Metadata as Record<string, string> | undefined) ?? {},
    checksum: checksum ? { ...checksum, type: 'FULL_OBJECT' } : undefined,
    retention,
    legalHold,
  };
  addVersion(bucket, version);
  return {
    ETag: version.etag,
    VersionId: bucket.versioning ? version.versionId : undefined,
    Size: body.length,
    ...checksumOutput(version.checksum),
    ChecksumType: version.checksum?.type,
  };
}

/** The legal hold a new object asks for; only buckets with Object Lock may hold one. */
export function lockHold(status: unknown, lockEnabled: boolean): 'ON' | 'OFF' | undefined {
  if (status === undefined) return undefined;
  if (!lockEnabled) throw s3Error('InvalidRequest', 'Bucket is missing Object Lock Configuration');
  return status as 'ON' | 'OFF';
}

function describe(version: ObjectVersion, input: Input, versioned: boolean) {
  const withChecksum = input.ChecksumMode === 'ENABLED' && version.checksum;
  return {
    ContentLength: version.body.length,
    ETag: version.etag,
    LastModified: version.lastModified,
    ContentType: version.contentType ?? 'binary/octet-stream',
    AcceptRanges: 'bytes',
    VersionId: versioned ? version.versionId : undefined,
    Metadata: version.metadata,
    ObjectLockMode: version.retention?.mode,
    ObjectLockRetainUntilDate: version.retention?.until,
    ObjectLockLegalHoldStatus: version.legalHold,
    ...(withChecksum ? { ...checksumOutput(version.checksum), ChecksumType: version.checksum?.type } : {}),
  };
}

/** GetObject (whole object; Range is not supported). */
export function getObject(input: Input, ctx: OperationContext) {
  if (input.Range !== undefined)
    throw s3Error('NotImplemented', 'The Evidentia emulator does not serve byte ranges.');
  const bucket = s3Store(ctx.world).bucket(String(input.Bucket), ctx.caller, input.ExpectedBucketOwner);
  const version = readableVersion(bucket, String(input.Key), optionalString(input.VersionId));
  return { ...describe(version, input, bucket.versioning !== undefined), Body: version.body };
}

/** HeadObject. */
export function headObject(input: Input, ctx: OperationContext) {
  const bucket = s3Store(ctx.world).bucket(String(input.Bucket), ctx.caller, input.ExpectedBucketOwner);
  const version = readableVersion(bucket, String(input.Key), optionalString(input.VersionId));
  return describe(version, input, bucket.versioning !== undefined);
}

/** DeleteObject: delete marker (versioned, no id), permanent removal of a version (Object Lock permitting). */
export function deleteObject(input: Input, ctx: OperationContext) {
  const bucket = s3Store(ctx.world).bucket(String(input.Bucket), ctx.caller, input.ExpectedBucketOwner);
  const key = String(input.Key);
  const versionId = optionalString(input.VersionId);
  const versions = bucket.objects.get(key) ?? [];
  const now = ctx.clock.now();
  if (versionId === undefined) {
    if (bucket.versioning === 'Enabled') {
      const marker: ObjectVersion = {
        key,
        versionId: newVersionId(),
        deleteMarker: true,
        body: Buffer.alloc(0),
        etag: '',
        lastModified: now,
        contentType: undefined,
        metadata: {},
        checksum: undefined,
        retention: undefined,
        legalHold: undefined,
      };
      addVersion(bucket, marker);
      return { DeleteMarker: true, VersionId: marker.versionId };
    }
    const nullVersion = versions.find((v) => v.versionId === 'null');
    if (nullVersion) assertVersionDeletable(nullVersion, now, false);
    bucket.objects.set(
      key,
      versions.filter((v) => v.versionId !== 'null'),
    );
    return {};
  }
  const target = versions.find((v) => v.versionId === versionId);
  if (!target)
    throw s3Error('NoSuchVersion', 'The specified version does not exist.', {
      Key: key,
      VersionId: versionId,
    });
  assertVersionDeletable(
    target,
    now,
    mayBypassGovernance(bucket, ctx.caller.arn, input.BypassGovernanceRetention),
  );
  const left = versions.filter((v) => v !== target);
  if (left.length) bucket.objects.set(key, left);
  else bucket.objects.delete(key);
  return { VersionId: versionId, DeleteMarker: target.deleteMarker ? true : undefined };
}

function optionalString(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
