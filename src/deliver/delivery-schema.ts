// The `delivery:` block of a profile (or of the daemon configuration, as the default for its profiles):
// where each completed package goes. Today one destination, Amazon S3, optionally under Object Lock.

import { z } from 'zod';
import { accountId, regionName } from '../catalog/schema/common.js';

/** HIPAA keeps documentation six years (45 CFR 164.316(b)(2)(i)); HIPAA profiles default to it. */
export const HIPAA_RETAIN_DAYS = 2190;
/** The framework whose presence in a profile brings the HIPAA default. */
export const HIPAA_FRAMEWORK_ID = 'hipaa-security';

const s3DeliverySchema = z
  .object({
    bucket: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
        'expected an S3 bucket name (3-63 lower-case letters, digits, dots, hyphens)',
      ),
    /** Key prefix; packages land at `<prefix>/<profile>/<run-id>.tar.gz`. */
    prefix: z
      .string()
      .regex(/^[\w!.*'()/-]{0,512}$/, "expected a key prefix of letters, digits and !-_.*'()/")
      .refine(
        (p) => !p.startsWith('/') && !p.split('/').includes('..'),
        'expected a relative prefix without ..',
      )
      .default(''),
    /** Region of the bucket. */
    region: regionName,
    /** Role to assume for the upload (a delivery account); default: the caller's own credentials. */
    roleArn: z
      .string()
      .regex(/^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,64}$/, 'expected an IAM role ARN')
      .optional(),
    /** Expected owner of the bucket, sent with every call (x-amz-expected-bucket-owner). */
    expectedOwner: accountId.optional(),
    objectLock: z
      .object({
        mode: z.enum(['COMPLIANCE', 'GOVERNANCE']),
        /** Days the package stays locked; HIPAA profiles default to 2190 (six years). */
        retainDays: z.number().int().min(1).max(36_500).optional(),
      })
      .strict()
      .optional(),
    /** Bytes per part of a multipart upload (S3's minimum is 5 MiB); smaller packages go in one PutObject. */
    partSizeBytes: z
      .number()
      .int()
      .min(5 * 1024 * 1024)
      .max(512 * 1024 * 1024)
      .default(8 * 1024 * 1024),
  })
  .strict();

export const deliverySchema = z.object({ s3: s3DeliverySchema }).strict();

export type DeliverySettings = z.output<typeof deliverySchema>;
export type S3DeliverySettings = z.output<typeof s3DeliverySchema>;

/** S3 delivery with every default resolved. */
export interface S3DeliveryPlan extends Omit<S3DeliverySettings, 'objectLock'> {
  objectLock?: { mode: 'COMPLIANCE' | 'GOVERNANCE'; retainDays: number };
}

/**
 * Resolve defaults for a profile with these frameworks: a HIPAA profile's Object Lock keeps 2190 days
 * unless told otherwise; any other profile must say how long. Returns the problem (and its field) instead.
 */
export function resolveS3Delivery(
  settings: S3DeliverySettings,
  frameworks: readonly string[],
): { ok: true; plan: S3DeliveryPlan } | { ok: false; field: string[]; message: string } {
  const { objectLock, ...rest } = settings;
  if (!objectLock) return { ok: true, plan: rest };
  const retainDays =
    objectLock.retainDays ?? (frameworks.includes(HIPAA_FRAMEWORK_ID) ? HIPAA_RETAIN_DAYS : undefined);
  if (retainDays === undefined) {
    return {
      ok: false,
      field: ['delivery', 's3', 'objectLock', 'retainDays'],
      message: `expected retainDays (only profiles with the ${HIPAA_FRAMEWORK_ID} framework default to ${HIPAA_RETAIN_DAYS} days)`,
    };
  }
  return { ok: true, plan: { ...rest, objectLock: { mode: objectLock.mode, retainDays } } };
}

/** The object key of a package: `<prefix>/<profile>/<run-id>.tar.gz`. */
export function packageKey(prefix: string, profileId: string, runId: string): string {
  const base = prefix.replace(/\/+$/, '');
  return `${base ? `${base}/` : ''}${profileId}/${runId}.tar.gz`;
}
