// One control verdict of a run → one AwsSecurityFinding. Pure: the control's roll-up from results.json, the
// run's metadata and the target account; no pass over the findings. The Id depends only on the profile, the
// framework and the control, so the next run's finding updates this one in Security Hub instead of adding one.

import { createHash } from 'node:crypto';
import type { ControlResult } from '../../core/finding.js';
import type { RunMetadata } from '../../core/run-result.js';
import { STATUS_MEANING, STATUSES } from '../../core/status.js';
import { ASFF_LENGTH, ASFF_SCHEMA_VERSION, clip } from './asff-limits.js';
import { COMPLIANCE_STATUS, severityLabel } from './asff-status.js';
import type { AsffTarget } from './asff-target.js';

/** The subset of AwsSecurityFinding Evidentia writes (field names and nesting exactly as the model has them). */
export interface AsffFinding {
  SchemaVersion: string;
  Id: string;
  ProductArn: string;
  ProductName: string;
  CompanyName: string;
  Region: string;
  GeneratorId: string;
  AwsAccountId: string;
  CreatedAt: string;
  UpdatedAt: string;
  LastObservedAt: string;
  Title: string;
  Description: string;
  /** Severity and Types go here, not top level: AWS asks providers to update them only through this object. */
  FindingProviderFields: {
    Severity: { Label: string; Original: string };
    Types: string[];
  };
  Compliance: {
    Status: string;
    StatusReasons: { ReasonCode: string; Description: string }[];
    RelatedRequirements: string[];
  };
  Resources: { Type: string; Id: string; Partition: string; Region: string }[];
  ProductFields: Record<string, string>;
  RecordState: 'ACTIVE';
}

/** What every finding of one run shares. */
export interface AsffRunContext {
  run: Pick<RunMetadata, 'runId' | 'profile' | 'startedAt' | 'finishedAt' | 'scope' | 'tool'>;
  target: AsffTarget;
  /** Framework id → its name, for Types and RelatedRequirements. */
  frameworkNames: ReadonlyMap<string, string>;
}

/** The stable finding id of a control: `evidentia/<profile>/<framework>/<control>` (hashed if it would be too long). */
export function asffFindingId(profileId: string, frameworkId: string, controlId: string): string {
  const id = `evidentia/${profileId}/${frameworkId}/${controlId}`;
  if (id.length <= ASFF_LENGTH.Id) return id;
  const digest = createHash('sha256').update(id).digest('hex');
  return `evidentia/${digest}`;
}

/** The AwsSecurityFinding of one control of the run. */
export function asffFinding(c: ControlResult, ctx: AsffRunContext): AsffFinding {
  const { run, target } = ctx;
  const updatedAt = run.finishedAt ?? run.startedAt;
  const framework = ctx.frameworkNames.get(c.frameworkId) ?? c.frameworkId;
  const status = COMPLIANCE_STATUS[c.status];
  const counts = STATUSES.filter((s) => c.counts[s] > 0)
    .map((s) => `${s} ${c.counts[s]}`)
    .join(', ');
  const why = c.applicability ? `${c.reason} (${c.applicability.justification})` : c.reason;
  const productFields: Record<string, string> = {
    'evidentia/ProviderName': 'Evidentia',
    'evidentia/ProviderVersion': run.tool.version,
    'evidentia/RunId': run.runId,
    'evidentia/Profile': run.profile.id,
    'evidentia/Framework': c.frameworkId,
    'evidentia/Control': c.controlId,
    'evidentia/Status': c.status,
    'evidentia/Responsibility': c.responsibility,
    'evidentia/Findings': counts || 'none',
    'evidentia/Accounts': String(run.scope.accounts.length),
    // Where the full evidence is: the signed package of this run (its manifest lists this very file).
    'evidentia/Package': `${run.profile.id}/${run.runId}: reports/report.pdf, results.json, findings.jsonl`,
  };
  for (const [k, v] of Object.entries(productFields))
    productFields[k] = clip(v, ASFF_LENGTH.ProductFieldValue);
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: asffFindingId(run.profile.id, c.frameworkId, c.controlId),
    ProductArn: target.productArn,
    ProductName: 'Evidentia',
    CompanyName: 'Evidentia',
    Region: target.region,
    GeneratorId: clip(`evidentia/${c.frameworkId}/${c.controlId}`, ASFF_LENGTH.GeneratorId),
    AwsAccountId: target.accountId,
    CreatedAt: run.startedAt,
    UpdatedAt: updatedAt,
    LastObservedAt: updatedAt,
    Title: clip(`${c.ref} — ${c.title}`, ASFF_LENGTH.Title),
    Description: clip(
      `${framework}, ${c.ref}: ${STATUS_MEANING[c.status]}. ${why} Assessed by Evidentia run ${run.runId} (profile ${run.profile.name}) over ${run.scope.accounts.length} account(s) in ${run.scope.regions.join(', ')}.`,
      ASFF_LENGTH.Description,
    ),
    FindingProviderFields: {
      Severity: { Label: severityLabel(c.status, c.severity), Original: c.severity ?? c.status },
      Types: [`Software and Configuration Checks/Industry and Regulatory Standards/${framework}`],
    },
    Compliance: {
      Status: status,
      StatusReasons: [
        {
          ReasonCode: `EVIDENTIA_${c.status}`,
          Description: clip(`${STATUS_MEANING[c.status]}: ${why}`, ASFF_LENGTH.StatusReasonDescription),
        },
      ],
      RelatedRequirements: [`${framework} ${c.ref}`],
    },
    Resources: [
      {
        Type: 'AwsAccount',
        Id: `AWS::::Account:${target.accountId}`,
        Partition: target.partition,
        Region: target.region,
      },
    ],
    ProductFields: productFields,
    RecordState: 'ACTIVE',
  };
}
