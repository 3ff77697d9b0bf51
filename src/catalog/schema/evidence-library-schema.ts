// Schema of an evidence-library file (`type: evidence-library`): automated queries defined once, used by
// any control of any framework. Severity, remediation and documentation live here, so they never drift.

import { z } from 'zod';
import { httpsUrl, nonEmpty, severity, slug } from './common.js';
import { managedRuleId } from './evidence-ref.js';

const base = {
  title: nonEmpty,
  description: nonEmpty.optional(),
  severity,
  /** What to change, and where in the console or CLI, in our own words. */
  remediation: nonEmpty,
  /** The AWS documentation page for the rule or service. */
  docs: httpsUrl,
};

const configRule = z
  .object({
    kind: z.literal('config-rule'),
    /** The managed rule identifier (`Source.SourceIdentifier`). */
    id: managedRuleId,
    resourceTypes: z.array(nonEmpty).default([]),
    /** Evaluate only in the profile's home region (rules on global resources such as IAM). */
    global: z.boolean().default(false),
    ...base,
  })
  .strict();

const configQuery = z
  .object({
    kind: z.literal('config-query'),
    id: slug,
    /**
     * Advanced query SQL. `{{allowedRegions}}` is replaced by the profile's allowed regions as a quoted,
     * comma-separated list. Select `resourceId`, `resourceType` (and, for aggregators, `accountId`, `awsRegion`)
     * so each row can be named as a resource.
     */
    expression: nonEmpty.max(4096),
    /** `none`: every row is a violation, zero rows passes. `some`: at least one row must exist (inventory). */
    expect: z.enum(['none', 'some'], { error: () => 'expected none or some' }),
    resourceTypes: z.array(nonEmpty).default([]),
    /** Run once in the home region (queries over global resources) instead of in every region. */
    global: z.boolean().default(false),
    ...base,
  })
  .strict();

const conformancePack = z
  .object({
    kind: z.literal('conformance-pack'),
    id: slug,
    /** Deployed pack name, or its prefix (AWS appends a suffix to organisation packs). */
    packName: nonEmpty,
    ...base,
  })
  .strict();

const auditManager = z
  .object({
    kind: z.literal('audit-manager'),
    id: slug,
    /** Assessment to read, by name; or by the name of the framework it was created from. */
    assessment: nonEmpty.optional(),
    framework: nonEmpty.optional(),
    /** Control name within the assessment (Audit Manager's own control name). */
    control: nonEmpty,
    /** Evidence older than this many days does not count. */
    maxAgeDays: z.number().int().positive().default(90),
    ...base,
  })
  .strict()
  .refine((q) => q.assessment !== undefined || q.framework !== undefined, {
    message: 'expected assessment or framework',
    path: ['assessment'],
  });

const artifactReport = z
  .object({
    kind: z.literal('artifact-report'),
    id: slug,
    /** How to recognise the report in `ListReports`: all given conditions must hold (case-insensitive). */
    match: z
      .object({
        nameContains: nonEmpty.optional(),
        series: nonEmpty.optional(),
        category: nonEmpty.optional(),
      })
      .strict()
      .refine((m) => Object.keys(m).length > 0, {
        message: 'expected at least one of nameContains, series, category',
      }),
    /** A report whose period ended more than this many days ago is stale, and stale is FAIL. */
    maxAgeDays: z.number().int().min(0).max(3650).default(455),
    ...base,
  })
  .strict();

const artifactAgreement = z
  .object({
    kind: z.literal('artifact-agreement'),
    id: slug,
    match: z.object({ nameContains: nonEmpty }).strict(),
    ...base,
  })
  .strict();

export const libraryQuerySchema = z.discriminatedUnion(
  'kind',
  [configRule, configQuery, conformancePack, auditManager, artifactReport, artifactAgreement],
  {
    error: () =>
      'expected kind to be one of config-rule, config-query, conformance-pack, audit-manager, artifact-report, artifact-agreement',
  },
);

export const evidenceLibrarySchema = z
  .object({
    type: z.literal('evidence-library'),
    description: nonEmpty.optional(),
    queries: z.array(libraryQuerySchema).min(1, 'expected at least one query'),
  })
  .strict();

export type LibraryQuery = z.output<typeof libraryQuerySchema>;
export type ConfigRuleQuery = z.output<typeof configRule>;
export type ConfigQueryQuery = z.output<typeof configQuery>;
export type ConformancePackQuery = z.output<typeof conformancePack>;
export type AuditManagerQuery = z.output<typeof auditManager>;
export type ArtifactReportQuery = z.output<typeof artifactReport>;
export type ArtifactAgreementQuery = z.output<typeof artifactAgreement>;
