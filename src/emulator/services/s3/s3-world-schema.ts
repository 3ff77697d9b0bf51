// The `s3:` section of a world file: buckets that exist when the emulator starts, with their owner, region,
// versioning and Object Lock default retention, and who may bypass GOVERNANCE retention.

import { z } from 'zod';

const bucketSchema = z.strictObject({
  name: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      'expected a bucket name: 3-63 lower-case letters, digits, dots, hyphens',
    ),
  account: z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id in quotes'),
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, 'expected an AWS region such as us-east-1')
    .default('us-east-1'),
  versioning: z.boolean().default(false),
  /** Object Lock enabled at creation (implies versioning), with an optional default retention rule. */
  objectLock: z
    .strictObject({
      mode: z.enum(['COMPLIANCE', 'GOVERNANCE']).optional(),
      days: z.int().min(1).max(36500).optional(),
    })
    .optional(),
  /** Principal ARNs granted s3:BypassGovernanceRetention on this bucket. */
  governanceBypass: z.array(z.string().startsWith('arn:')).default([]),
});

export const s3WorldSchema = z.strictObject({
  buckets: z
    .array(bucketSchema)
    .default([])
    .superRefine((buckets, ctx) => {
      const seen = new Set<string>();
      buckets.forEach((b, i) => {
        if (seen.has(b.name))
          ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `bucket ${b.name} is listed twice` });
        seen.add(b.name);
        if (b.objectLock && (b.objectLock.mode === undefined) !== (b.objectLock.days === undefined))
          ctx.addIssue({
            code: 'custom',
            path: [i, 'objectLock'],
            message: 'give both mode and days, or neither',
          });
      });
    }),
});

export type S3World = z.output<typeof s3WorldSchema>;
export type S3BucketSpec = S3World['buckets'][number];
