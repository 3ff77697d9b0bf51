// The `securityHub:` section of a world file: per account and region, whether the hub is enabled, its enabled
// standards, the state of its controls and its findings; plus the organisation's delegated administrator and
// aggregation region (docs/emulator.md, "Security Hub").

import { z } from 'zod';
import { worldTime } from '../artifact/world-time.js';

const accountId = z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id in quotes');
const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, 'expected an AWS region such as us-east-1');
const controlId = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9]*\.\d{1,3}$/, 'expected a Security Hub control id such as S3.1');
/** A standard by the path of its ARN: `aws-foundational-security-best-practices/v/1.0.0`. */
const standardPath = z
  .string()
  .regex(
    /^[a-z0-9-]+\/v\/\d+\.\d+\.\d+$/,
    'expected a standard such as aws-foundational-security-best-practices/v/1.0.0',
  );
const severityLabel = z.enum(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL']);
const compliance = z.enum(['PASSED', 'FAILED', 'WARNING', 'NOT_AVAILABLE']);

/** A control definition beyond the built-in table (or replacing one with the same id). */
const definitionSchema = z.strictObject({
  id: controlId,
  title: z.string().min(1),
  severity: severityLabel.default('MEDIUM'),
  /** Standards the control belongs to. */
  standards: z.array(standardPath).min(1),
  /** Regions where Security Hub does not offer the control (CurrentRegionAvailability UNAVAILABLE). */
  unavailableIn: z.array(region).default([]),
});

const controlStateSchema = z.strictObject({
  /** SecurityControlStatus: DISABLED turns it off in every standard of the account and region. */
  status: z.enum(['ENABLED', 'DISABLED']).default('ENABLED'),
  /** Standards in which the control's association is DISABLED although the control is enabled elsewhere. */
  disabledIn: z.array(standardPath).default([]),
  /** Compliance of every resource checked; absent: no control findings yet (no data). */
  compliance: compliance.optional(),
  /** Resources the control findings are about (default: the account itself). */
  resources: z.array(z.string().min(1)).default([]),
  /** Resources with a different compliance than `compliance` (e.g. one FAILED bucket among PASSED ones). */
  failing: z.array(z.string().min(1)).default([]),
});

const findingSchema = z.strictObject({
  /** Finding id; default: derived from the account, region, product and position. */
  id: z.string().min(1).optional(),
  product: z.enum(['GuardDuty', 'Macie', 'Inspector', 'IAM Access Analyzer', 'Security Hub']),
  title: z.string().min(1),
  type: z.string().min(1).default('Software and Configuration Checks'),
  severity: severityLabel,
  createdAt: worldTime,
  /** Default: createdAt. */
  updatedAt: worldTime.optional(),
  workflow: z.enum(['NEW', 'NOTIFIED', 'RESOLVED', 'SUPPRESSED']).default('NEW'),
  recordState: z.enum(['ACTIVE', 'ARCHIVED']).default('ACTIVE'),
  resource: z.strictObject({ type: z.string().min(1), id: z.string().min(1) }),
  /** Emit this many copies (ids suffixed -1, -2, …): a world with many findings, for pagination. */
  count: z.int().min(1).max(10_000).default(1),
});

const hubSchema = z.strictObject({
  account: accountId,
  region,
  /** false: the account is not subscribed in this region (every call answers InvalidAccessException). */
  enabled: z.boolean().default(true),
  standards: z
    .array(
      z.strictObject({
        id: standardPath,
        status: z.enum(['PENDING', 'READY', 'FAILED', 'DELETING', 'INCOMPLETE']).default('READY'),
      }),
    )
    .default([]),
  controls: z.record(controlId, controlStateSchema).default({}),
  findings: z.array(findingSchema).default([]),
});

export const securityHubWorldSchema = z.strictObject({
  definitions: z.array(definitionSchema).default([]),
  hubs: z.array(hubSchema).default([]),
  /**
   * The organisation's delegated administrator: ListMembers lists its members, its finding aggregator lives in the
   * aggregation region and links `linkedRegions` (default: every region of the world), and there GetFindings also
   * returns the findings of every member hub in the linked regions.
   */
  administrator: z
    .strictObject({
      account: accountId,
      aggregationRegion: region,
      linkedRegions: z.array(region).optional(),
      /** Member accounts (ListMembers); default: every other account with a hub. */
      members: z.array(accountId).optional(),
    })
    .optional(),
});

export type SecurityHubWorld = z.output<typeof securityHubWorldSchema>;
export type HubSpec = SecurityHubWorld['hubs'][number];
export type ControlDefinitionSpec = SecurityHubWorld['definitions'][number];
export type ControlStateSpec = z.output<typeof controlStateSchema>;
export type FindingSpec = HubSpec['findings'][number];
