// The attestation record: who vouched for which control, with which document (by SHA-256), when, and until
// when. One YAML file per attestation, written by `evidentia attest` and kept in git (docs/evidence-sources.md).

import { z } from 'zod';

const isoInstant = z
  .string()
  .refine(
    (s) => /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s)),
    'expected an ISO-8601 time such as 2026-10-15T09:30:00Z',
  );

export const ATTESTATION_TYPE = 'attestation';
/** Suffix of record files; the attested document sits beside its record. */
export const RECORD_SUFFIX = '.attestation.yaml';

export const attestationSchema = z.strictObject({
  type: z.literal(ATTESTATION_TYPE),
  framework: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'expected a framework id such as hipaa-security'),
  control: z.string().min(1).max(128),
  /** The evidence the control asks for (copied from the framework when recorded), for people reading the file. */
  title: z.string().min(1).max(1000).optional(),
  /** The attested document, relative to this record (normally beside it). */
  file: z
    .string()
    .min(1)
    .max(255)
    .refine(
      (p) => !p.startsWith('/') && !p.split(/[\\/]/).includes('..'),
      'expected a path inside the attestation folder',
    ),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lower-case hexadecimal characters'),
  bytes: z.int().min(0),
  mediaType: z.string().min(1).max(255),
  owner: z
    .string()
    .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'expected the e-mail address of the person attesting'),
  attestedAt: isoInstant,
  validDays: z.int().min(1).max(3650),
  expiresAt: isoInstant,
  note: z.string().max(2000).optional(),
});

export type Attestation = z.output<typeof attestationSchema>;
