// The emulator's S3 state, one per emulator (world): buckets with their versions (newest last), multipart
// uploads in progress and Object Lock settings, seeded from the world's `s3:` section and kept in memory.

import { randomBytes } from 'node:crypto';
import type { Principal } from '../../auth/credential-store.js';
import type { WorldState } from '../../world/world-state.js';
import { s3Error } from './s3-errors.js';
import type { S3World } from './s3-world-schema.js';

export type LockMode = 'COMPLIANCE' | 'GOVERNANCE';
export type ChecksumAlgorithm = 'SHA256' | 'SHA1' | 'SHA512' | 'MD5' | 'CRC32';

export interface StoredChecksum {
  algorithm: ChecksumAlgorithm;
  /** Base64, with `-<parts>` for a composite (multipart) checksum. */
  value: string;
  type: 'FULL_OBJECT' | 'COMPOSITE';
}

export interface Retention {
  mode: LockMode;
  until: Date;
}

export interface ObjectVersion {
  key: string;
  /** `null` in a bucket that never had versioning. */
  versionId: string;
  deleteMarker: boolean;
  body: Buffer;
  etag: string;
  lastModified: Date;
  contentType: string | undefined;
  metadata: Record<string, string>;
  checksum: StoredChecksum | undefined;
  retention: Retention | undefined;
  legalHold: 'ON' | 'OFF' | undefined;
}

export interface UploadedPart {
  body: Buffer;
  etag: string;
  checksum: string | undefined;
}

export interface MultipartUpload {
  id: string;
  key: string;
  initiated: Date;
  contentType: string | undefined;
  metadata: Record<string, string>;
  checksumAlgorithm: ChecksumAlgorithm | undefined;
  retention: Retention | undefined;
  legalHold: 'ON' | 'OFF' | undefined;
  parts: Map<number, UploadedPart>;
}

export interface DefaultRetention {
  mode: LockMode;
  days?: number;
  years?: number;
}

export interface BucketState {
  name: string;
  account: string;
  region: string;
  createdAt: Date;
  versioning: 'Enabled' | 'Suspended' | undefined;
  objectLockEnabled: boolean;
  defaultRetention: DefaultRetention | undefined;
  /** Principal ARNs allowed to bypass GOVERNANCE retention (s3:BypassGovernanceRetention). */
  governanceBypass: Set<string>;
  /** Key → versions, oldest first. */
  objects: Map<string, ObjectVersion[]>;
  uploads: Map<string, MultipartUpload>;
}

export class S3Store {
  readonly buckets = new Map<string, BucketState>();

  constructor(spec: S3World | undefined, time: Date) {
    for (const b of spec?.buckets ?? []) {
      const lock = b.objectLock;
      this.buckets.set(b.name, {
        name: b.name,
        account: b.account,
        region: b.region,
        createdAt: new Date(time.getTime() - 30 * 86_400_000),
        versioning: b.versioning || lock ? 'Enabled' : undefined,
        objectLockEnabled: lock !== undefined,
        defaultRetention: lock?.mode && lock.days ? { mode: lock.mode, days: lock.days } : undefined,
        governanceBypass: new Set(b.governanceBypass),
        objects: new Map(),
        uploads: new Map(),
      });
    }
  }

  /**
   * The caller's bucket; NoSuchBucket when absent, AccessDenied when another account owns it or when it is not
   * owned by the `x-amz-expected-bucket-owner` the request names.
   */
  bucket(name: string, caller: Principal, expectedOwner?: unknown): BucketState {
    const bucket = this.buckets.get(name);
    if (!bucket) throw s3Error('NoSuchBucket', 'The specified bucket does not exist', { BucketName: name });
    if (bucket.account !== caller.accountId) throw s3Error('AccessDenied', 'Access Denied');
    if (expectedOwner !== undefined && expectedOwner !== bucket.account)
      throw s3Error('AccessDenied', 'Access Denied');
    return bucket;
  }
}

/** A fresh version id (S3's are opaque URL-safe strings). */
export function newVersionId(): string {
  return randomBytes(24).toString('base64url');
}

/** The newest version of `key` (possibly a delete marker), or undefined. */
export function latestVersion(bucket: BucketState, key: string): ObjectVersion | undefined {
  const versions = bucket.objects.get(key);
  return versions?.[versions.length - 1];
}

/** The version GET/HEAD read: a given version id, else the newest; NoSuchKey / NoSuchVersion otherwise. */
export function readableVersion(
  bucket: BucketState,
  key: string,
  versionId: string | undefined,
): ObjectVersion {
  const versions = bucket.objects.get(key) ?? [];
  if (versionId !== undefined) {
    const found = versions.find((v) => v.versionId === versionId);
    if (!found)
      throw s3Error('NoSuchVersion', 'The specified version does not exist.', {
        Key: key,
        VersionId: versionId,
      });
    if (found.deleteMarker)
      throw s3Error(
        'MethodNotAllowed',
        'The specified method is not allowed against this resource.',
        {},
        405,
      );
    return found;
  }
  const latest = versions[versions.length - 1];
  if (!latest || latest.deleteMarker)
    throw s3Error('NoSuchKey', 'The specified key does not exist.', { Key: key });
  return latest;
}

/** Store a new version of its key: appended when versioning is on, replacing the `null` version otherwise. */
export function addVersion(bucket: BucketState, version: ObjectVersion): void {
  const versions = bucket.objects.get(version.key) ?? [];
  const kept = bucket.versioning === 'Enabled' ? versions : versions.filter((v) => v.versionId !== 'null');
  kept.push(version);
  bucket.objects.set(version.key, kept);
}

const stores = new WeakMap<WorldState, S3Store>();

/** The S3 state of an emulator's world, made on first use. */
export function s3Store(world: WorldState): S3Store {
  let store = stores.get(world);
  if (!store) {
    store = new S3Store((world.world as { s3?: S3World }).s3, world.time);
    stores.set(world, store);
  }
  return store;
}
