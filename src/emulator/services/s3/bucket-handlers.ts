// Bucket operations: CreateBucket (optionally with Object Lock), the bucket's Object Lock configuration,
// and ListObjectsV2 over the newest live version of each key.

import type { OperationContext } from '../../service-definition.js';
import { s3Error } from './s3-errors.js';
import { type BucketState, type LockMode, latestVersion, s3Store } from './s3-store.js';

type Input = Record<string, unknown>;

const BUCKET_NAME = /^(?!xn--)(?!.*\.\.)(?!\d+\.\d+\.\d+\.\d+$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** CreateBucket: the name is global; us-east-1 re-creation by the owner answers 200 as AWS does. */
export function createBucket(input: Input, ctx: OperationContext) {
  const name = String(input.Bucket);
  if (!BUCKET_NAME.test(name))
    throw s3Error('InvalidBucketName', 'The specified bucket is not valid.', { BucketName: name });
  const config = (input.CreateBucketConfiguration ?? {}) as { LocationConstraint?: string };
  const region = config.LocationConstraint ?? 'us-east-1';
  if (region !== ctx.region) {
    throw s3Error(
      'IllegalLocationConstraintException',
      `The ${config.LocationConstraint ? `${region} location constraint` : 'unspecified location constraint'} is incompatible for the region specific endpoint this request was sent to.`,
    );
  }
  const store = s3Store(ctx.world);
  const existing = store.buckets.get(name);
  if (existing) {
    if (existing.account !== ctx.caller.accountId)
      throw s3Error('BucketAlreadyExists', 'The requested bucket name is not available.', {
        BucketName: name,
      });
    if (region !== 'us-east-1')
      throw s3Error(
        'BucketAlreadyOwnedByYou',
        'Your previous request to create the named bucket succeeded and you already own it.',
        {
          BucketName: name,
        },
      );
    return { Location: `/${name}` };
  }
  const lock = input.ObjectLockEnabledForBucket === true;
  store.buckets.set(name, {
    name,
    account: ctx.caller.accountId,
    region,
    createdAt: ctx.clock.now(),
    // Object Lock needs versioning; S3 turns it on with the lock.
    versioning: lock ? 'Enabled' : undefined,
    objectLockEnabled: lock,
    defaultRetention: undefined,
    governanceBypass: new Set(),
    objects: new Map(),
    uploads: new Map(),
  });
  return { Location: `/${name}`, BucketArn: `arn:aws:s3:::${name}` };
}

interface LockConfigInput {
  ObjectLockEnabled?: string;
  Rule?: { DefaultRetention?: { Mode?: string; Days?: number; Years?: number } };
}

/** PutObjectLockConfiguration: enable the lock (versioned buckets only) and set or clear the default rule. */
export function putObjectLockConfiguration(input: Input, ctx: OperationContext) {
  const bucket = s3Store(ctx.world).bucket(String(input.Bucket), ctx.caller, input.ExpectedBucketOwner);
  const config = input.ObjectLockConfiguration as LockConfigInput | undefined;
  if (config?.ObjectLockEnabled !== 'Enabled') {
    throw s3Error(
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema.',
    );
  }
  if (!bucket.objectLockEnabled && bucket.versioning !== 'Enabled') {
    throw s3Error(
      'InvalidBucketState',
      "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration",
    );
  }
  const rule = config.Rule?.DefaultRetention;
  let defaultRetention: BucketState['defaultRetention'];
  if (config.Rule) {
    if (!rule?.Mode || (rule.Days === undefined) === (rule.Years === undefined)) {
      throw s3Error(
        'MalformedXML',
        'The XML you provided was not well-formed or did not validate against our published schema.',
      );
    }
    const period = rule.Days ?? rule.Years ?? 0;
    if (period <= 0)
      throw s3Error('InvalidArgument', 'Default retention period must be a positive integer value.');
    defaultRetention = {
      mode: rule.Mode as LockMode,
      ...(rule.Days ? { days: rule.Days } : { years: rule.Years }),
    };
  }
  bucket.objectLockEnabled = true;
  bucket.defaultRetention = defaultRetention;
  return {};
}

/** GetObjectLockConfiguration. */
export function getObjectLockConfiguration(input: Input, ctx: OperationContext) {
  const bucket = s3Store(ctx.world).bucket(String(input.Bucket), ctx.caller, input.ExpectedBucketOwner);
  if (!bucket.objectLockEnabled) {
    throw s3Error(
      'ObjectLockConfigurationNotFoundError',
      'Object Lock configuration does not exist for this bucket',
      {
        BucketName: bucket.name,
      },
    );
  }
  const d = bucket.defaultRetention;
  return {
    ObjectLockConfiguration: {
      ObjectLockEnabled: 'Enabled',
      ...(d ? { Rule: { DefaultRetention: { Mode: d.mode, Days: d.days, Years: d.years } } } : {}),
    },
  };
}

/** ListObjectsV2: keys in order after the continuation token, grouped by delimiter, at most MaxKeys. */
export function listObjectsV2(input: Input, ctx: OperationContext) {
  const bucket = s3Store(ctx.world).bucket(String(input.Bucket), ctx.caller, input.ExpectedBucketOwner);
  const prefix = typeof input.Prefix === 'string' ? input.Prefix : '';
  const delimiter =
    typeof input.Delimiter === 'string' && input.Delimiter !== '' ? input.Delimiter : undefined;
  const maxKeys = typeof input.MaxKeys === 'number' ? Math.min(Math.max(input.MaxKeys, 0), 1000) : 1000;
  let after = typeof input.StartAfter === 'string' ? input.StartAfter : '';
  if (typeof input.ContinuationToken === 'string') {
    const decoded = Buffer.from(input.ContinuationToken, 'base64url').toString('utf8');
    if (!decoded.startsWith('k:'))
      throw s3Error('InvalidArgument', 'The continuation token provided is incorrect');
    after = decoded.slice(2);
  }
  const encode =
    input.EncodingType === 'url'
      ? (k: string) => encodeURIComponent(k).replace(/%2F/g, '/')
      : (k: string) => k;
  const keys = [...bucket.objects.keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
  const contents: Record<string, unknown>[] = [];
  const prefixes: string[] = [];
  let truncated = false;
  let last = '';
  for (const key of keys) {
    const v = latestVersion(bucket, key);
    if (!v || v.deleteMarker) continue;
    const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    const common = cut >= 0 ? key.slice(0, cut + (delimiter as string).length) : undefined;
    if (common && prefixes.includes(common)) continue;
    if (contents.length + prefixes.length >= maxKeys) {
      truncated = true;
      break;
    }
    last = key;
    if (common) prefixes.push(common);
    else
      contents.push({
        Key: encode(key),
        LastModified: v.lastModified,
        ETag: v.etag,
        Size: v.body.length,
        StorageClass: 'STANDARD',
        ...(v.checksum ? { ChecksumAlgorithm: [v.checksum.algorithm], ChecksumType: v.checksum.type } : {}),
      });
  }
  return {
    Name: bucket.name,
    Prefix: encode(prefix),
    Delimiter: delimiter,
    MaxKeys: maxKeys,
    KeyCount: contents.length + prefixes.length,
    IsTruncated: truncated,
    Contents: contents.length ? contents : undefined,
    CommonPrefixes: prefixes.length ? prefixes.map((p) => ({ Prefix: encode(p) })) : undefined,
    ContinuationToken: input.ContinuationToken,
    NextContinuationToken: truncated ? Buffer.from(`k:${last}`).toString('base64url') : undefined,
    StartAfter: input.StartAfter,
    EncodingType: input.EncodingType,
  };
}
