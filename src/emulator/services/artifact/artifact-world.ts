// The `artifact:` section of a world file: the audit reports AWS publishes in Artifact (the same for every
// account) and the agreements accounts or the organisation have accepted (docs/evidence-sources.md, "The emulator").

import { z } from 'zod';
import { worldTime } from './world-time.js';

const accountId = z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id in quotes');

const reportSchema = z.strictObject({
  /** `report-` followed by 16 letters or digits, as Artifact names reports. */
  id: z.string().regex(/^report-[a-zA-Z0-9]{16}$/, 'expected report- followed by 16 letters or digits'),
  name: z.string().min(1).max(256),
  version: z.int().min(1).default(1),
  description: z.string().min(1).max(1024).optional(),
  series: z.string().min(1).max(256).optional(),
  category: z.string().min(1).max(256).optional(),
  companyName: z.string().min(1).max(256).default('AWS'),
  productName: z.string().min(1).max(256).optional(),
  periodStart: worldTime.optional(),
  periodEnd: worldTime.optional(),
  createdAt: worldTime.optional(),
  state: z.enum(['PUBLISHED', 'UNPUBLISHED']).default('PUBLISHED'),
  acceptanceType: z.enum(['PASSTHROUGH', 'EXPLICIT']).default('EXPLICIT'),
  uploadState: z.enum(['PROCESSING', 'COMPLETE', 'FAILED', 'FAULT']).default('COMPLETE'),
});

const agreementSchema = z
  .strictObject({
    /** `customer-agreement-` + 16 letters or digits; derived from the name and scope when absent. */
    id: z
      .string()
      .regex(
        /^customer-agreement-[a-zA-Z0-9]{16}$/,
        'expected customer-agreement- followed by 16 letters or digits',
      )
      .optional(),
    name: z.string().min(1).max(1024),
    /** Accepted for this account only ... */
    account: accountId.optional(),
    /** ... or for the whole organisation from its management account (seen by every member account). */
    organization: z.boolean().optional(),
    state: z.enum(['ACTIVE', 'CUSTOMER_TERMINATED', 'AWS_TERMINATED']).default('ACTIVE'),
    effectiveStart: worldTime.default('-365d'),
    effectiveEnd: worldTime.optional(),
    type: z.enum(['CUSTOM', 'DEFAULT', 'MODIFIED']).default('DEFAULT'),
    description: z.string().min(1).max(1024).optional(),
  })
  .refine((a) => (a.account !== undefined) !== (a.organization === true), {
    message:
      'an agreement is accepted either for one account (account) or for the organisation (organization: true)',
  });

export const artifactWorldSchema = z.strictObject({
  reports: z.array(reportSchema).default([]),
  agreements: z.array(agreementSchema).default([]),
  /** How long a presigned document URL stays valid (AWS: a few minutes). */
  documentUrlSeconds: z.int().min(1).max(3600).default(300),
});

export type ArtifactWorld = z.output<typeof artifactWorldSchema>;
export type ArtifactReportSpec = ArtifactWorld['reports'][number];
export type ArtifactAgreementSpec = ArtifactWorld['agreements'][number];
