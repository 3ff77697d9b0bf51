// Per-version Object Lock: retention (mode + retain-until date) and legal hold, read and changed as S3
// allows (object-lock.ts decides which changes are refused).

import type { OperationContext } from '../../service-definition.js';
import { assertRetentionChange, mayBypassGovernance } from './object-lock.js';
import { s3Error } from './s3-errors.js';
import { type BucketState, type LockMode, type Retention, readableVersion, s3Store } from './s3-store.js';

type Input = Record<string, unknown>;

function lockedBucket(input: Input, ctx: OperationContext): BucketState {
  const bucket = s3Store(ctx.world).bucket(String(input.Bucket), ctx.caller, input.ExpectedBucketOwner);
  if (!bucket.objectLockEnabled)
    throw s3Error('InvalidRequest', 'Bucket is missing Object Lock Configuration');
  return bucket;
}

function versionOf(bucket: BucketState, input: Input) {
  const id = typeof input.VersionId === 'string' && input.VersionId !== '' ? input.VersionId : undefined;
  return readableVersion(bucket, String(input.Key), id);
}

/** PutObjectRetention. */
export function putObjectRetention(input: Input, ctx: OperationContext) {
  const bucket = lockedBucket(input, ctx);
  const version = versionOf(bucket, input);
  const r = (input.Retention ?? {}) as { Mode?: string; RetainUntilDate?: string };
  const now = ctx.clock.now();
  let next: Retention | undefined;
  if (r.Mode !== undefined || r.RetainUntilDate !== undefined) {
    if (r.Mode === undefined || r.RetainUntilDate === undefined) {
      throw s3Error(
        'MalformedXML',
        'The XML you provided was not well-formed or did not validate against our published schema.',
      );
    }
    const until = new Date(r.RetainUntilDate);
    if (until.getTime() <= now.getTime())
      throw s3Error('InvalidArgument', 'The retain until date must be in the future!');
    next = { mode: r.Mode as LockMode, until };
  }
  assertRetentionChange(
    version.retention,
    next,
    now,
    mayBypassGovernance(bucket, ctx.caller.arn, input.BypassGovernanceRetention),
  );
  version.retention = next;
  return {};
}

/** GetObjectRetention. */
export function getObjectRetention(input: Input, ctx: OperationContext) {
  const version = versionOf(lockedBucket(input, ctx), input);
  if (!version.retention) {
    throw s3Error(
      'NoSuchObjectLockConfiguration',
      'The specified object does not have a ObjectLock configuration',
    );
  }
  return { Retention: { Mode: version.retention.mode, RetainUntilDate: version.retention.until } };
}

/** PutObjectLegalHold. */
export function putObjectLegalHold(input: Input, ctx: OperationContext) {
  const version = versionOf(lockedBucket(input, ctx), input);
  const status = (input.LegalHold as { Status?: string } | undefined)?.Status;
  if (status !== 'ON' && status !== 'OFF') {
    throw s3Error(
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema.',
    );
  }
  version.legalHold = status;
  return {};
}

/** GetObjectLegalHold. */
export function getObjectLegalHold(input: Input, ctx: OperationContext) {
  const version = versionOf(lockedBucket(input, ctx), input);
  if (!version.legalHold) {
    throw s3Error(
      'NoSuchObjectLockConfiguration',
      'The specified object does not have a ObjectLock configuration',
    );
  }
  return { LegalHold: { Status: version.legalHold } };
}
