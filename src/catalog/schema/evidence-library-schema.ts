// Schema of an evidence-library file (`type: evidence-library`): automated queries defined once, used by
// any control of any framework. Severity, remediation and documentation live here, so they never drift.

import { z } from 'zod';
import { httpsUrl, nonEmpty, severity, slug } from './common.js';
import { managedRuleId, securityControlId } from './evidence-ref.js';

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
    /**
     * The rule's input parameters as deployed by the conformance packs Evidentia generates (`InputParameters`):
     * parameter name → value. Omitted: AWS's defaults.
     */
    inputParameters: z
      .record(
        z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,127}$/, 'expected a managed rule parameter name'),
        z.union([z.string().min(1).max(1024), z.number(), z.boolean()]),
      )
      .optional(),
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

/** A Security Hub control (consolidated control id), decided from its control findings like a Config rule. */
const securityHubControl = z
  .object({
    kind: z.literal('securityhub-control'),
    id: securityControlId,
    ...base,
  })
  .strict();

/** Products whose findings Security Hub aggregates (the ASFF `ProductName`). */
export const FINDING_PRODUCTS = [
  'GuardDuty',
  'Macie',
  'Inspector',
  'IAM Access Analyzer',
  'Security Hub',
] as const;
/** ASFF severity labels. */
export const FINDING_SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'] as const;
/** ASFF workflow statuses; NEW and NOTIFIED are the unresolved ones. */
export const WORKFLOW_STATUSES = ['NEW', 'NOTIFIED', 'RESOLVED', 'SUPPRESSED'] as const;

/**
 * A condition on Security Hub findings: every active finding that matches is a violation, none passes.
 * The collector sends it as a server-side GetFindings filter (RecordState ACTIVE and the fields below).
 */
const securityHubFindings = z
  .object({
    kind: z.literal('securityhub-findings'),
    id: slug,
    /** Products whose findings count (ASFF ProductName). */
    products: z.array(z.enum(FINDING_PRODUCTS)).min(1),
    severities: z.array(z.enum(FINDING_SEVERITIES)).min(1),
    /** Workflow statuses that count as unresolved. */
    workflow: z.array(z.enum(WORKFLOW_STATUSES)).min(1).default(['NEW', 'NOTIFIED']),
    /** Only findings first seen at least this many days ago (0: any age). */
    olderThanDays: z.number().int().min(0).max(3650).default(0),
    /** Only findings on resources of these ASFF types (e.g. AwsS3Bucket); default: any. */
    resourceTypes: z.array(nonEmpty).default([]),
    ...base,
  })
  .strict();

export const libraryQuerySchema = z.discriminatedUnion(
  'kind',
  [
    configRule,
    configQuery,
    conformancePack,
    auditManager,
    artifactReport,
    artifactAgreement,
    securityHubControl,
    securityHubFindings,
  ],
  {
    error: () =>
      'expected kind to be one of config-rule, config-query, conformance-pack, audit-manager, artifact-report, artifact-agreement, securityhub-control, securityhub-findings',
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
export type SecurityHubControlQuery = z.output<typeof securityHubControl>;
export type SecurityHubFindingsQuery = z.output<typeof securityHubFindings>;
