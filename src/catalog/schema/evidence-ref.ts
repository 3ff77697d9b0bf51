// How a control names its evidence: a reference to a library query by kind, or an inline manual attestation.

import { z } from 'zod';
import { nonEmpty, slug } from './common.js';

/** Managed rule identifiers are upper snake case (`ENCRYPTED_VOLUMES`). */
export const managedRuleId = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9_]*$/, 'expected an AWS Config managed rule identifier such as ENCRYPTED_VOLUMES');

export const manualEvidence = z
  .object({
    kind: z.literal('manual'),
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
    z.object({ kind: z.literal('config-rule'), rule: managedRuleId }).strict(),
    z.object({ kind: z.literal('config-query'), query: slug }).strict(),
    z.object({ kind: z.literal('conformance-pack'), pack: slug }).strict(),
    z.object({ kind: z.literal('audit-manager'), query: slug }).strict(),
    z.object({ kind: z.literal('artifact-report'), report: slug }).strict(),
    z.object({ kind: z.literal('artifact-agreement'), agreement: slug }).strict(),
    manualEvidence,
  ],
  {
    error: () =>
      'expected kind to be one of config-rule, config-query, conformance-pack, audit-manager, artifact-report, artifact-agreement, manual',
  },
);

export type EvidenceRefInput = z.input<typeof evidenceRef>;
export type EvidenceRef = z.output<typeof evidenceRef>;
export type ManualEvidence = z.output<typeof manualEvidence>;
