// The `auditManager:` section of a world file: assessments (per account and region) with their control sets,
// controls, daily evidence folders and the evidence in them (docs/evidence-sources.md, "The emulator").

import { z } from 'zod';
import { worldTime } from '../artifact/world-time.js';

const accountId = z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id in quotes');
const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, 'expected an AWS region such as us-east-1');
const uuid = z
  .string()
  .regex(/^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$/, 'expected a lower-case UUID');

const resourceSchema = z.strictObject({
  arn: z.string().regex(/^arn:/, 'expected an ARN').min(20),
  value: z.string().max(2048).optional(),
  /** e.g. COMPLIANT, NON_COMPLIANT (Config) or PASSED, FAILED (Security Hub). */
  complianceCheck: z.string().max(2048).optional(),
});

const evidenceSchema = z.strictObject({
  /** Default: the folder's date. */
  time: worldTime.optional(),
  /** `evidenceByType`: Compliance check, Configuration data, User activity, Manual. */
  type: z.string().min(1).max(2048).default('Compliance check'),
  /** Default: the folder's data source. */
  dataSource: z.string().min(1).max(2048).optional(),
  eventSource: z
    .string()
    .regex(/^[a-zA-Z0-9-\s().]+$/)
    .max(40)
    .optional(),
  eventName: z.string().max(100).optional(),
  complianceCheck: z.string().max(2048).optional(),
  /** Account the evidence is about; default: the assessment's account. */
  account: accountId.optional(),
  resources: z.array(resourceSchema).default([]),
  attributes: z.record(z.string(), z.string().max(200)).optional(),
});

const folderSchema = z.strictObject({
  /** The day the evidence was collected. */
  date: worldTime,
  dataSource: z.string().min(1).max(2048).default('AWS Config'),
  evidence: z.array(evidenceSchema).default([]),
});

const controlSchema = z.strictObject({
  name: z.string().min(1).max(300),
  id: uuid.optional(),
  status: z.enum(['UNDER_REVIEW', 'REVIEWED', 'INACTIVE']).default('UNDER_REVIEW'),
  evidenceSources: z.array(z.string().min(1)).optional(),
  folders: z.array(folderSchema).default([]),
});

const controlSetSchema = z.strictObject({
  /** Audit Manager uses the control set's name as its id. */
  id: z.string().min(1).max(300),
  description: z.string().min(1).max(2048).optional(),
  status: z.enum(['ACTIVE', 'UNDER_REVIEW', 'REVIEWED']).default('ACTIVE'),
  controls: z.array(controlSchema).min(1),
});

const assessmentSchema = z.strictObject({
  name: z.string().min(1).max(300),
  id: uuid.optional(),
  account: accountId,
  region,
  status: z.enum(['ACTIVE', 'INACTIVE']).default('ACTIVE'),
  /** Name of the framework the assessment was created from. */
  framework: z.string().min(1).max(300),
  complianceType: z.string().max(100).optional(),
  description: z.string().max(1000).optional(),
  createdAt: worldTime.default('-90d'),
  controlSets: z.array(controlSetSchema).min(1),
});

export const auditManagerWorldSchema = z.strictObject({
  assessments: z.array(assessmentSchema).default([]),
});

export type AuditManagerWorld = z.output<typeof auditManagerWorldSchema>;
export type AssessmentSpec = AuditManagerWorld['assessments'][number];
export type ControlSetSpec = AssessmentSpec['controlSets'][number];
export type AssessmentControlSpec = ControlSetSpec['controls'][number];
export type EvidenceFolderSpec = AssessmentControlSpec['folders'][number];
