// The world file: organisation, accounts, regions, resources, deployed rules and their verdicts,
// conformance packs, aggregators, credential lifetime, faults, rate limit and latency (docs/emulator.md).

import { z } from 'zod';
import { FAULT_KINDS } from '../faults/fault-spec.js';
import { artifactWorldSchema } from '../services/artifact/artifact-world.js';
import { auditManagerWorldSchema } from '../services/auditmanager/audit-manager-world.js';
import { kmsWorldSchema } from '../services/kms/kms-world-schema.js';
import { s3WorldSchema } from '../services/s3/s3-world-schema.js';
import { securityHubWorldSchema } from '../services/securityhub/securityhub-world.js';

const accountId = z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id in quotes');
const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, 'expected an AWS region such as us-east-1');
/** A resource's region: a real region, or `global` for IAM and other global resources. */
const resourceRegion = z.union([z.literal('global'), region]);
const timestamp = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO-8601 timestamp such as 2025-01-31T12:00:00Z');
const roleName = z.string().regex(/^[\w+=,.@-]{1,64}$/, 'expected an IAM role name');
const ruleKey = z.string().min(1).max(128);

export const COMPLIANCE_TYPES = ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE'] as const;
const complianceType = z.enum(COMPLIANCE_TYPES);

/** `on` records; `off` has a recorder that is stopped; `none` has no recorder. true = on, false = off. */
const recorder = z
  .union([z.boolean(), z.enum(['on', 'off', 'none'])])
  .transform((v): 'on' | 'off' | 'none' => (v === true ? 'on' : v === false ? 'off' : v));

const complianceEntry = z.union([
  complianceType,
  z.strictObject({ compliance: complianceType, annotation: z.string().min(1).max(256).optional() }),
]);

const resourceSchema = z.strictObject({
  type: z
    .string()
    .regex(/^[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+$/, 'expected a type such as AWS::S3::Bucket'),
  id: z.string().min(1).max(768),
  region: resourceRegion,
  name: z.string().min(1).optional(),
  arn: z.string().min(1).optional(),
  availabilityZone: z.string().min(1).optional(),
  createdAt: timestamp.optional(),
  status: z
    .enum([
      'OK',
      'ResourceDiscovered',
      'ResourceNotRecorded',
      'ResourceDeleted',
      'ResourceDeletedNotRecorded',
    ])
    .optional(),
  configuration: z.record(z.string(), z.unknown()).optional(),
  supplementaryConfiguration: z.record(z.string(), z.unknown()).optional(),
  tags: z.record(z.string(), z.string()).optional(),
  relationships: z
    .array(
      z.strictObject({
        resourceType: z.string().min(1),
        resourceId: z.string().min(1).optional(),
        resourceName: z.string().min(1).optional(),
        name: z.string().min(1),
      }),
    )
    .optional(),
  /** Verdicts of rules on this resource: managed rule identifier (or rule name) → compliance. */
  compliance: z.record(ruleKey, complianceEntry).optional(),
});

const evaluationSchema = z.strictObject({
  resourceType: z.string().min(1).max(256),
  resourceId: z.string().min(1).max(768),
  compliance: complianceType,
  annotation: z.string().min(1).max(256).optional(),
});

const ruleOverride = z.strictObject({
  /** false: not deployed here. An entry for a rule outside the baseline deploys it. */
  deployed: z.boolean().optional(),
  /**
   * The managed rule this deployment runs (`Source.SourceIdentifier`). Set it to deploy a rule under a name of
   * its own: the entry's key is then the rule name (`securityhub-encrypted-volumes-1a2b3c`,
   * `AWSControlTower_AWS-GR_EBS_ENCRYPTION`, a second copy from a pack), and the same identifier may be deployed
   * more than once in one region, as AWS allows. Default: the key is the identifier.
   */
  identifier: ruleKey.optional(),
  name: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'expected a rule name of letters, digits, ".", "_" or "-" (at most 64)')
    .optional(),
  /** Default verdict for the resources the rule evaluates here. */
  compliance: complianceType.optional(),
  annotation: z.string().min(1).max(256).optional(),
  /** Resource types evaluated (replaces ruleScopes and the built-in table for this rule). */
  resourceTypes: z.array(z.string().min(1)).optional(),
  state: z.enum(['ACTIVE', 'EVALUATING', 'DELETING', 'DELETING_RESULTS']).optional(),
  /** The rule's latest evaluation failed with this error. */
  evaluationError: z.strictObject({ code: z.string().min(1), message: z.string().min(1) }).optional(),
  /** Extra evaluations (resources not described in `resources`). */
  evaluations: z.array(evaluationSchema).optional(),
});
const rulesMap = z.record(ruleKey, ruleOverride);

const conformancePack = z.strictObject({
  name: z
    .string()
    .regex(/^[a-zA-Z][-a-zA-Z0-9]{0,255}$/, 'expected a conformance pack name (letters, digits, "-")'),
  /** Managed rule identifiers (or rule names) in the pack. */
  rules: z.array(ruleKey).min(1),
});

const regionOverride = z.strictObject({
  recorder: recorder.optional(),
  rules: rulesMap.optional(),
  conformancePacks: z.array(conformancePack).optional(),
});

const accountSchema = z.strictObject({
  id: accountId,
  name: z.string().min(1).max(128),
  email: z
    .string()
    .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'expected an e-mail address')
    .max(64),
  /** The account's `State` (Organizations); the deprecated `Status` has no CLOSED and reports SUSPENDED for it. */
  status: z.enum(['ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE', 'CLOSED']).default('ACTIVE'),
  joinedAt: timestamp.optional(),
  joinedMethod: z.enum(['INVITED', 'CREATED']).default('CREATED'),
  /** Roles that exist in the account; default: the world's auditRole. */
  roles: z.array(roleName).optional(),
  /** deny: every AssumeRole into this account is refused with AccessDenied. */
  assumeRole: z.enum(['allow', 'deny']).default('allow'),
  credentialLifetimeSeconds: z.int().min(1).max(43200).optional(),
  recorder: recorder.optional(),
  rules: rulesMap.optional(),
  conformancePacks: z.array(conformancePack).optional(),
  regions: z.record(region, regionOverride).optional(),
  resources: z.array(resourceSchema).default([]),
});

const aggregatorSchema = z.strictObject({
  name: z.string().regex(/^[\w-]{1,256}$/, 'expected an aggregator name of letters, digits, "_" or "-"'),
  account: accountId,
  region,
  /** true: every account of the organisation (OrganizationAggregationSource). */
  organization: z.boolean().default(false),
  /** Source accounts when not organisation-wide. */
  accounts: z.array(accountId).optional(),
  /** Source regions; default: every region of the world (AllAwsRegions). */
  regions: z.array(region).optional(),
});

export const faultSchema = z
  .strictObject({
    kind: z.enum(FAULT_KINDS),
    service: z.string().min(1).optional(),
    operation: z.string().min(1).optional(),
    account: accountId.optional(),
    region: region.optional(),
    first: z.int().min(1).optional(),
    every: z.int().min(1).optional(),
    after: z.int().min(0).optional(),
    probability: z.number().min(0).max(1).optional(),
    latencyMs: z.int().min(0).max(600_000).optional(),
    status: z.union([z.literal(500), z.literal(503)]).optional(),
    message: z.string().min(1).optional(),
  })
  .refine(
    (f) => [f.first, f.every, f.after, f.probability].filter((t) => t !== undefined).length <= 1,
    'a fault takes at most one of first, every, after, probability',
  )
  .refine((f) => f.kind !== 'latency' || f.latencyMs !== undefined, 'a latency fault needs latencyMs');

export const worldSchema = z.strictObject({
  name: z.string().min(1).optional(),
  description: z.string().optional(),
  /** The instant recorded state (evaluations, capture times) is stamped with; default: when the emulator starts. */
  time: timestamp.optional(),
  seed: z.int().default(1),
  organization: z.strictObject({
    id: z.string().regex(/^o-[a-z0-9]{10,32}$/, 'expected an organisation id such as o-a1b2c3d4e5'),
    managementAccount: accountId,
    featureSet: z.enum(['ALL', 'CONSOLIDATED_BILLING']).default('ALL'),
  }),
  regions: z.array(region).min(1),
  /** The role every account has unless it lists its own `roles`. */
  auditRole: roleName.default('EvidentiaAuditRole'),
  /** The caller's long-term keys (an IAM user of the management account); generated from the seed if absent. */
  caller: z
    .strictObject({
      userName: z
        .string()
        .regex(/^[\w+=,.@-]{1,64}$/)
        .default('evidentia'),
      accessKeyId: z
        .string()
        .regex(/^AKIA[A-Z0-9]{16}$/, 'expected AKIA followed by 16 upper-case letters/digits')
        .optional(),
      secretAccessKey: z.string().min(16).max(128).optional(),
    })
    .default({ userName: 'evidentia' }),
  /** Lifetime of credentials AssumeRole issues (default: the requested DurationSeconds, else 3600). */
  credentialLifetimeSeconds: z.int().min(1).max(43200).optional(),
  baseline: z
    .strictObject({
      recorder: recorder.default('on'),
      /** `all-managed`: every identifier in reference/aws-config-managed-rules.txt. */
      rules: z.union([z.literal('all-managed'), z.array(ruleKey)]).default([]),
      compliance: complianceType.default('COMPLIANT'),
      /** Rules with no known resource types: evaluate the account (`account`) or nothing (`none`). */
      unscopedRules: z.enum(['account', 'none']).default('account'),
      conformancePacks: z.array(conformancePack).default([]),
    })
    .default({
      recorder: 'on',
      rules: [],
      compliance: 'COMPLIANT',
      unscopedRules: 'account',
      conformancePacks: [],
    }),
  /** Managed rule identifier → resource types it evaluates (adds to / replaces the built-in table). */
  ruleScopes: z.record(ruleKey, z.array(z.string().min(1))).default({}),
  accounts: z.array(accountSchema).min(1),
  aggregators: z.array(aggregatorSchema).default([]),
  faults: z.array(faultSchema).default([]),
  rateLimit: z
    .strictObject({ requestsPerSecond: z.number().positive(), burst: z.int().min(1).optional() })
    .optional(),
  /** Milliseconds added to every call. */
  latencyMs: z.int().min(0).max(600_000).default(0),
  /** AWS Artifact reports and agreements (services/artifact/artifact-world.ts). */
  artifact: artifactWorldSchema.optional(),
  /** AWS Audit Manager assessments (services/auditmanager/audit-manager-world.ts). */
  auditManager: auditManagerWorldSchema.optional(),
  /** AWS Security Hub hubs, standards, controls and findings (services/securityhub/securityhub-world.ts). */
  securityHub: securityHubWorldSchema.optional(),
  /** AWS KMS keys per account and region (services/kms/kms-world-schema.ts). */
  kms: kmsWorldSchema,
  /** Amazon S3 buckets (services/s3/s3-world-schema.ts). */
  s3: s3WorldSchema.optional(),
});

/** A validated world (defaults applied). */
export type World = z.output<typeof worldSchema>;
/** A world as written (before defaults). */
export type WorldInput = z.input<typeof worldSchema>;
export type WorldAccount = World['accounts'][number];
export type WorldResource = WorldAccount['resources'][number];
export type RuleOverride = z.output<typeof ruleOverride>;
export type ConformancePackSpec = z.output<typeof conformancePack>;
export type RecorderMode = 'on' | 'off' | 'none';
export type ComplianceValue = (typeof COMPLIANCE_TYPES)[number];
