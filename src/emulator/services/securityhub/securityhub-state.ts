// Reading the world's `securityHub:` section as Security Hub answers it: the hub of an account and region, its
// control definitions, control associations per enabled standard, and its findings as ASFF records.

import { createHash } from 'node:crypto';
import type { WorldState } from '../../world/world-state.js';
import { resolveWorldTime } from '../artifact/world-time.js';
import { BUILT_IN_DEFINITIONS } from './control-definitions.js';
import type { ControlDefinitionSpec, HubSpec, SecurityHubWorld } from './securityhub-world.js';

/** The world's Security Hub section (empty when the world has none). */
export function securityHubWorld(world: WorldState): SecurityHubWorld {
  return (world.world as { securityHub?: SecurityHubWorld }).securityHub ?? { definitions: [], hubs: [] };
}

/** The hub of an account and region, if the world subscribes it. */
export function hubIn(world: WorldState, accountId: string, region: string): HubSpec | undefined {
  return securityHubWorld(world).hubs.find(
    (h) => h.account === accountId && h.region === region && h.enabled,
  );
}

/** Every control definition: the built-in table overlaid with the world's, sorted by id. */
export function definitions(world: WorldState): ControlDefinitionSpec[] {
  const byId = new Map(BUILT_IN_DEFINITIONS.map((d) => [d.id, d]));
  for (const d of securityHubWorld(world).definitions) byId.set(d.id, d);
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

export const standardArn = (region: string, path: string) =>
  `arn:aws:securityhub:${region}::standards/${path}`;
export const subscriptionArn = (hub: HubSpec, path: string) =>
  `arn:aws:securityhub:${hub.region}:${hub.account}:subscription/${path}`;
export const controlArn = (hub: HubSpec, id: string) =>
  `arn:aws:securityhub:${hub.region}:${hub.account}:security-control/${id}`;

/** Whether the control is available in the hub's region. */
export function availableIn(d: ControlDefinitionSpec, region: string): boolean {
  return !d.unavailableIn.includes(region);
}

/** One association of a control with a standard the hub has enabled. */
export interface Association {
  standard: string;
  status: 'ENABLED' | 'DISABLED';
}

/** The control's associations with the hub's enabled standards. */
export function associations(hub: HubSpec, d: ControlDefinitionSpec): Association[] {
  const state = hub.controls[d.id];
  return hub.standards
    .filter((s) => d.standards.includes(s.id))
    .map((s) => ({
      standard: s.id,
      status: state?.status === 'DISABLED' || state?.disabledIn.includes(s.id) ? 'DISABLED' : 'ENABLED',
    }));
}

/** SecurityControlStatus: ENABLED while at least one association with an enabled standard is. */
export function controlStatus(hub: HubSpec, d: ControlDefinitionSpec): 'ENABLED' | 'DISABLED' {
  return associations(hub, d).some((a) => a.status === 'ENABLED') ? 'ENABLED' : 'DISABLED';
}

/** An ASFF finding with the fields filters read kept at hand. */
export type Finding = Record<string, unknown> & {
  Id: string;
  AwsAccountId: string;
  Region: string;
  ProductName: string;
  CreatedAt: string;
  UpdatedAt: string;
  RecordState: string;
  Workflow: { Status: string };
  Severity: { Label: string };
  Resources: { Type: string; Id: string; Partition?: string; Region?: string }[];
  Compliance?: { Status: string; SecurityControlId: string };
};

const PRODUCT_ARN: Record<string, string> = {
  GuardDuty: 'aws/guardduty',
  Macie: 'aws/macie',
  Inspector: 'aws/inspector',
  'IAM Access Analyzer': 'aws/access-analyzer',
  'Security Hub': 'aws/securityhub',
};

/** Every finding of a hub: the world's findings and one control finding per checked resource of each control. */
export function findingsOf(world: WorldState, hub: HubSpec): Finding[] {
  const now = world.time;
  const out: Finding[] = [];
  const asff = (f: {
    id: string;
    product: string;
    title: string;
    type: string;
    severity: string;
    createdAt: Date;
    updatedAt: Date;
    workflow: string;
    recordState: string;
    resource: { Type: string; Id: string };
    generatorId: string;
    compliance?: { Status: string; SecurityControlId: string };
  }): Finding => ({
    SchemaVersion: '2018-10-08',
    Id: f.id,
    ProductArn: `arn:aws:securityhub:${hub.region}::product/${PRODUCT_ARN[f.product]}`,
    ProductName: f.product,
    CompanyName: 'AWS',
    Region: hub.region,
    GeneratorId: f.generatorId,
    AwsAccountId: hub.account,
    Types: [f.type],
    FirstObservedAt: f.createdAt.toISOString(),
    LastObservedAt: f.updatedAt.toISOString(),
    CreatedAt: f.createdAt.toISOString(),
    UpdatedAt: f.updatedAt.toISOString(),
    Severity: { Label: f.severity },
    Title: f.title,
    Description: f.title,
    Resources: [{ ...f.resource, Partition: 'aws', Region: hub.region }],
    RecordState: f.recordState,
    Workflow: { Status: f.workflow },
    WorkflowState: f.workflow === 'RESOLVED' ? 'RESOLVED' : f.workflow === 'SUPPRESSED' ? 'RESOLVED' : 'NEW',
    ...(f.compliance ? { Compliance: f.compliance } : {}),
  });

  hub.findings.forEach((f, i) => {
    const createdAt = resolveWorldTime(f.createdAt, now);
    const updatedAt = f.updatedAt ? resolveWorldTime(f.updatedAt, now) : createdAt;
    const baseId =
      f.id ??
      `${PRODUCT_ARN[f.product]}/${hub.account}/${hub.region}/${stableId(`${hub.account}/${hub.region}/${i}`)}`;
    for (let n = 1; n <= f.count; n++) {
      out.push(
        asff({
          id: f.count === 1 ? baseId : `${baseId}-${n}`,
          product: f.product,
          title: f.title,
          type: f.type,
          severity: f.severity,
          createdAt,
          updatedAt,
          workflow: f.workflow,
          recordState: f.recordState,
          resource: { Type: f.resource.type, Id: f.resource.id },
          generatorId: `${f.product.toLowerCase().replace(/ /g, '-')}/${f.type}`,
        }),
      );
    }
  });

  const defs = new Map(definitions(world).map((d) => [d.id, d]));
  for (const [id, state] of Object.entries(hub.controls)) {
    const d = defs.get(id);
    if (!d || !state.compliance || !availableIn(d, hub.region) || controlStatus(hub, d) === 'DISABLED')
      continue;
    const checked = [...state.resources, ...state.failing];
    const resources = checked.length ? checked : [`AWS::::Account:${hub.account}`];
    for (const r of resources) {
      const status = state.failing.includes(r) ? 'FAILED' : state.compliance;
      out.push(
        asff({
          id: `arn:aws:securityhub:${hub.region}:${hub.account}:security-control/${id}/finding/${stableId(r)}`,
          product: 'Security Hub',
          title: d.title,
          type: 'Software and Configuration Checks/Industry and Regulatory Standards',
          severity: d.severity,
          createdAt: new Date(now.getTime() - 30 * 86_400_000),
          updatedAt: new Date(now.getTime() - 3_600_000),
          workflow: status === 'PASSED' ? 'RESOLVED' : 'NEW',
          recordState: 'ACTIVE',
          resource: { Type: r.startsWith('arn:aws:s3') ? 'AwsS3Bucket' : 'AwsAccount', Id: r },
          generatorId: `security-control/${id}`,
          compliance: { Status: status, SecurityControlId: id },
        }),
      );
    }
  }
  return out;
}

function stableId(seed: string): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, 32);
}
