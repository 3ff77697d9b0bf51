// Schema of a profile file (`type: profile`): which frameworks, which accounts and regions, how to collect,
// and what to do with the results. Industry profiles live in `frameworks/profiles/`; users copy one to start.

import { z } from 'zod';
import { deliverySchema } from '../../deliver/delivery-schema.js';
import { accountId, nonEmpty, regionName, slug } from './common.js';
import { controlSchema } from './framework-schema.js';

const roleSchema = z
  .object({
    /** Role name assumed in every account: `arn:<partition>:iam::<account>:role/<name>`. */
    name: z.string().regex(/^[\w+=,.@/-]{1,64}$/, 'expected an IAM role name'),
    externalId: z.string().min(2).max(1224).optional(),
    sessionName: z
      .string()
      .regex(/^[\w+=,.@-]{2,64}$/, 'expected a role session name')
      .default('evidentia'),
    durationSeconds: z.number().int().min(900).max(43200).default(3600),
    /**
     * Account whose own credentials are used as they are, without assuming a role (the account
     * Evidentia runs in). Default: assume the role everywhere.
     */
    skipForAccount: accountId.optional(),
  })
  .strict();

const scopeSchema = z
  .object({
    /** `organization`: every ACTIVE account from Organizations ListAccounts; or an explicit list. */
    accounts: z.union([
      z.literal('organization'),
      z.array(accountId).min(1, 'expected at least one account'),
    ]),
    excludeAccounts: z.array(accountId).default([]),
    regions: z.array(regionName).min(1, 'expected at least one region'),
    /** Region for global resources (IAM) and account-wide calls; default: the first of `regions`. */
    homeRegion: regionName.optional(),
    /** Regions where data may live (GDPR residency checks); default: `regions`. */
    allowedRegions: z.array(regionName).optional(),
    role: roleSchema,
    /** Read org-wide rule compliance through a Config aggregator instead of account by account. */
    aggregator: z
      .object({ name: z.string().regex(/^[\w-]{1,256}$/), accountId, region: regionName })
      .strict()
      .optional(),
    /**
     * Read Security Hub once, through the organisation's delegated administrator and its aggregation region,
     * instead of account by account and region by region.
     */
    securityHub: z.object({ administrator: accountId, aggregationRegion: regionName }).strict().optional(),
  })
  .strict();

const collectionSchema = z
  .object({
    concurrency: z
      .object({
        global: z.number().int().min(1).max(512).default(16),
        perAccount: z.number().int().min(1).max(64).default(4),
      })
      .strict()
      .default({ global: 16, perAccount: 4 }),
    /** Abandon one HTTP attempt after this long. */
    callTimeoutMs: z.number().int().min(100).max(300_000).default(20_000),
    /** SDK attempts per call (adaptive retry), including the first. */
    maxAttempts: z.number().int().min(1).max(20).default(6),
    /** Failing resources listed per finding; the count is always exact. */
    maxResourcesPerFinding: z.number().int().min(1).max(10_000).default(100),
  })
  .strict();

const scheduleSchema = z
  .object({
    cron: nonEmpty,
    timezone: nonEmpty.default('UTC'),
  })
  .strict();

/** A calendar date, `YYYY-MM-DD` (YAML may already have read an unquoted date as a Date). */
const isoDate = z.preprocess(
  (v) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString().slice(0, 10) : v),
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'expected a real calendar date'),
);

/**
 * One line of the Statement of Applicability: a control this organisation excludes, why, who approved the
 * exclusion and when. The control is then NOT_APPLICABLE in every report, with this justification.
 */
const notApplicableSchema = z
  .object({
    /** The control id as the framework file writes it, e.g. `164.308(a)(4)(ii)(A)` or `A.7.5`. */
    control: nonEmpty,
    justification: nonEmpty,
    /** Who approved the exclusion: a name, a role or an e-mail address. */
    approver: nonEmpty,
    date: isoDate,
  })
  .strict();

/**
 * A framework the profile runs: its id alone, or with the kind of entity the organisation is for it (one of
 * the framework's `entityKinds`) and the controls it declares not applicable.
 */
const frameworkEntrySchema = z.union(
  [
    slug,
    z
      .object({
        id: slug,
        entity: slug.optional(),
        notApplicable: z.array(notApplicableSchema).default([]),
      })
      .strict(),
  ],
  { error: () => 'expected a framework id, or { id, entity?, notApplicable? }' },
);

const envName = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name such as EVIDENTIA_KEY');

/** An RFC 3161 time-stamping authority: every signature then carries a trusted time (PAdES B-T). */
const timestampSchema = z
  .object({
    url: z.url({
      protocol: /^https?$/,
      error: 'expected the http(s) URL of an RFC 3161 time-stamping authority',
    }),
  })
  .strict();

const localSigningSchema = z
  .object({
    kind: z.literal('local'),
    /** PKCS#12 file, or PEM key + certificate chain. Paths are relative to the profile file. */
    p12: nonEmpty.optional(),
    /** Environment variable holding a base64 PKCS#12 (instead of `p12`). */
    p12Env: envName.optional(),
    key: nonEmpty.optional(),
    /** Environment variable holding the PEM private key (instead of `key`). */
    keyEnv: envName.optional(),
    certificate: nonEmpty.optional(),
    /** Environment variable holding the PEM certificate chain (instead of `certificate`). */
    certificateEnv: envName.optional(),
    /** Environment variable holding the key passphrase (never the passphrase itself). */
    passphraseEnv: envName.optional(),
    timestamp: timestampSchema.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    const p12 = [v.p12, v.p12Env].filter((x) => x !== undefined).length;
    const key = [v.key, v.keyEnv].filter((x) => x !== undefined).length;
    const cert = [v.certificate, v.certificateEnv].filter((x) => x !== undefined).length;
    const problem =
      p12 + key === 0
        ? 'expected a key: p12 (or p12Env), or key (or keyEnv) with certificate (or certificateEnv)'
        : p12 > 1 || key > 1 || cert > 1
          ? 'give each of p12, key and certificate once, as a path or as an environment variable, not both'
          : p12 && (key || cert)
            ? 'a PKCS#12 holds the key and its certificates: give p12 alone, or key with certificate'
            : key && !cert
              ? 'a PEM key needs its certificate (certificate or certificateEnv)'
              : undefined;
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const signingSchema = z.discriminatedUnion('kind', [
  localSigningSchema,
  z
    .object({
      kind: z.literal('kms'),
      /** Key id, key ARN, alias name (`alias/…`) or alias ARN of an asymmetric SIGN_VERIFY key. */
      keyId: nonEmpty,
      region: regionName,
      /** Account holding the key, reached through the profile's role; default: the caller's account. */
      accountId: accountId.optional(),
      /** PEM certificate for the KMS key's public key (then its chain), issued by the user's CA. */
      certificate: nonEmpty,
      timestamp: timestampSchema.optional(),
    })
    .strict(),
]);

export const profileSchema = z
  .object({
    type: z.literal('profile'),
    id: slug,
    name: nonEmpty,
    description: nonEmpty.optional(),
    industry: nonEmpty.optional(),
    organization: z.object({ name: nonEmpty }).strict(),
    frameworks: z.array(frameworkEntrySchema).min(1, 'expected at least one framework id'),
    /** Industry controls this profile adds; reported as the framework `<profile id>-industry`. */
    controls: z.array(controlSchema).default([]),
    scope: scopeSchema,
    collection: collectionSchema.default({
      concurrency: { global: 16, perAccount: 4 },
      callTimeoutMs: 20_000,
      maxAttempts: 6,
      maxResourcesPerFinding: 100,
    }),
    evidence: z
      .object({
        artifact: z
          .object({
            /** Accept the report's terms and download the document into the bundle. */
            downloadReports: z.boolean().default(false),
          })
          .strict()
          .default({ downloadReports: false }),
        attestations: z
          .object({
            /** Folder of attestations kept in git, relative to the profile file. */
            dir: nonEmpty.default('attestations'),
            /** Role name → person to chase, e.g. `security-officer: ciso@example.org`. */
            owners: z.record(nonEmpty, nonEmpty).default({}),
          })
          .strict()
          .default({ dir: 'attestations', owners: {} }),
      })
      .strict()
      .default({ artifact: { downloadReports: false }, attestations: { dir: 'attestations', owners: {} } }),
    schedule: scheduleSchema.optional(),
    report: z
      .object({
        title: nonEmpty.optional(),
        period: z
          .object({ days: z.number().int().positive().default(30) })
          .strict()
          .optional(),
      })
      .strict()
      .default({}),
    signing: signingSchema.optional(),
    notify: z
      .object({
        webhook: z
          .object({
            url: z.url({ protocol: /^https?$/ }),
            format: z.enum(['slack', 'teams']).default('slack'),
          })
          .strict(),
      })
      .strict()
      .optional(),
    /** Where each completed package is also delivered (src/deliver/delivery-schema.ts). */
    delivery: deliverySchema.optional(),
  })
  .strict();

export type ProfileFile = z.output<typeof profileSchema>;
export type FrameworkEntry = z.output<typeof frameworkEntrySchema>;
export type NotApplicableEntry = z.output<typeof notApplicableSchema>;
export type ProfileScope = z.output<typeof scopeSchema>;
export type CollectionSettings = z.output<typeof collectionSchema>;
export type SigningSettings = z.output<typeof signingSchema>;
