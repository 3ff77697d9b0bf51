// A delivery counts only when S3 reports what was sent: the SHA-256 (full or composite), the size, the
// evidentia-sha256 metadata and the Object Lock asked for. Each difference fails with DELIVERY_VERIFY_FAILED.

import type { HeadObjectCommandOutput } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { DeliveryError } from '../../../src/deliver/delivery-errors.js';
import type { S3DeliveryPlan } from '../../../src/deliver/delivery-schema.js';
import { verifyHead } from '../../../src/deliver/s3-package-store.js';
import type { ArchiveChecksums } from '../../../src/deliver/upload-checksum.js';

const sums: ArchiveChecksums = {
  size: 1234,
  sha256Hex: 'ab'.repeat(32),
  fullObject: 'FULL=',
  composite: 'COMP=-2',
  parts: 2,
};
const plan: S3DeliveryPlan = {
  bucket: 'b-ucket',
  prefix: '',
  region: 'us-east-1',
  partSizeBytes: 8 * 1024 * 1024,
  objectLock: { mode: 'COMPLIANCE', retainDays: 2190 },
};
const until = new Date('2032-12-01T00:00:00.000Z');
const good: HeadObjectCommandOutput = {
  $metadata: {},
  ChecksumSHA256: 'FULL=',
  ContentLength: 1234,
  Metadata: { 'evidentia-sha256': 'ab'.repeat(32) },
  ObjectLockMode: 'COMPLIANCE',
  ObjectLockRetainUntilDate: until,
};

function problem(head: Partial<HeadObjectCommandOutput>): string {
  try {
    verifyHead({ ...good, ...head }, sums, plan, until, 's3://b-ucket/k');
  } catch (err) {
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).code).toBe('DELIVERY_VERIFY_FAILED');
    return (err as Error).message;
  }
  return 'verified';
}

describe('verifyHead', () => {
  it('accepts the full-object and the composite checksum', () => {
    expect(problem({})).toBe('verified');
    expect(verifyHead({ ...good, ChecksumSHA256: 'COMP=-2' }, sums, plan, until, 's3://b-ucket/k')).toEqual({
      checksum: 'COMP=-2',
      type: 'COMPOSITE',
    });
  });

  it.each([
    [{ ChecksumSHA256: undefined }, /reports no SHA-256/],
    [{ ChecksumSHA256: 'OTHER=' }, /checksum OTHER= differs/],
    [{ ChecksumSHA256: 'COMP=-3' }, /checksum COMP=-3 differs/],
    [{ ContentLength: 1233 }, /size 1233 differs/],
    [{ Metadata: {} }, /evidentia-sha256 metadata/],
    [{ ObjectLockMode: 'GOVERNANCE' as const }, /mode is GOVERNANCE, expected COMPLIANCE/],
    [{ ObjectLockMode: undefined }, /mode is absent/],
    [{ ObjectLockRetainUntilDate: new Date(until.getTime() - 1000) }, /retained until 2032-11-30T23:59:59/],
  ])('refuses %o', (head, message) => {
    expect(problem(head)).toMatch(message);
  });

  it('does not ask for a lock when none was requested', () => {
    const { objectLock: _none, ...unlocked } = plan;
    expect(() =>
      verifyHead({ ...good, ObjectLockMode: undefined }, sums, unlocked, undefined, 's3://b-ucket/k'),
    ).not.toThrow();
  });
});
