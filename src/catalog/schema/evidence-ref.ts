// How a control names its evidence: a reference to a library query by kind, or an inline manual attestation.

import { z } from 'zod';
import { EVIDENCE_ROLES } from '../../core/evidence-role.js';
import { nonEmpty, slug } from './common.js';

/** Managed rule identifiers are upper snake case (`ENCRYPTED_VOLUMES`). */
export const managedRuleId = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9_]*$/, 'expected an AWS Config managed rule identifier such as ENCRYPTED_VOLUMES');

/**
 * How much one piece of evidence weighs for its control. `decisive`: its failure means the control is not met.
 * `supporting`: shown with its own status in every report, never changes the control's verdict.
 */
/** Security Hub control ids are a service name and a number (`S3.1`, `CloudTrail.2`, `EC2.19`). */
export const securityControlId = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9]*\.\d{1,3}$/,
    'expected a Security Hub control id such as S3.1 or CloudTrail.2',
  );

export const evidenceRole = z.enum(EVIDENCE_ROLES, {
  error: () => `expected one of ${EVIDENCE_ROLES.join(', ')}`,
});
export type EvidenceRole = z.output<typeof evidenceRole>;

/** Fields every evidence reference may carry, whatever its kind. */
const weighing = {
  role: evidenceRole.default('decisive'),
  /** One line on why this evidence bears on the control (required by the catalogue tests for decisive automated evidence). */
  rationale: nonEmpty.optional(),
};

export const manualEvidence = z
  .object({
    kind: z.literal('manual'),
    ...weighing,
    /** What document proves the control, e.g. "Signed risk analysis". */
    title: nonEmpty,
    description: nonEmpty.optional(),
    /** Who must provide it: a role name (mapped to a person by the profile) or an e-mail address. */
    owner: nonEmpty,
    /** How long an attestation stays current. */
    maxAgeDays: z.number().int().positive().max(3650).default(365),
  })
  .strict();

export const evidenceRef = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('config-rule'), rule: managedRuleId, ...weighing }).strict(),
    z.object({ kind: z.literal('config-query'), query: slug, ...weighing }).strict(),
    z.object({ kind: z.literal('conformance-pack'), pack: slug, ...weighing }).strict(),
    z.object({ kind: z.literal('audit-manager'), query: slug, ...weighing }).strict(),
    z.object({ kind: z.literal('artifact-report'), report: slug, ...weighing }).strict(),
    z.object({ kind: z.literal('artifact-agreement'), agreement: slug, ...weighing }).strict(),
    z.object({ kind: z.literal('securityhub-control'), control: securityControlId, ...weighing }).strict(),
    z.object({ kind: z.literal('securityhub-findings'), query: slug, ...weighing }).strict(),
    manualEvidence,
  ],
  {
    error: () =>
      'expected kind to be one of config-rule, config-query, conformance-pack, audit-manager, artifact-report, artifact-agreement, securityhub-control, securityhub-findings, manual',
  },
);

export type EvidenceRefInput = z.input<typeof evidenceRef>;
export type EvidenceRef = z.output<typeof evidenceRef>;
export type ManualEvidence = z.output<typeof manualEvidence>;
