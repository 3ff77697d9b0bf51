// BatchImportFindings as Security Hub answers a finding provider that uses its account's default product:
// each finding is checked on its own (the request as a whole already passed the Smithy model) and either
// stored or returned in FailedFindings with an ErrorCode. Rules, from AWS's documentation:
// - the caller must be the account the finding names (AwsAccountId) and the ProductArn the caller's default
//   product in the signed region; an account without Security Hub fails every finding with InvalidAccess;
// - documented limits the model does not carry: 240 KB a finding, Id/GeneratorId 512, Title 256,
//   Description 1024, 32 resources, 50 ProductFields (keys 128, values 2048), timestamps in RFC 3339;
// - a finding whose (ProductArn, Id) exists is updated only when its UpdatedAt is later; an update that is not
//   later "is ignored" (counted as imported, nothing changes);
// - on update, the customer's fields (Workflow, Note, UserDefinedFields, VerificationState) stay; top-level
//   Severity and Types follow FindingProviderFields, as AWS does while no customer has changed them (the
//   emulator serves no BatchUpdateFindings, so none can).

import type { OperationContext } from '../../service-definition.js';
import { importedFindings } from './imported-findings.js';
import type { Finding } from './securityhub-state.js';
import { hubIn } from './securityhub-state.js';

const MAX_FINDING_BYTES = 240 * 1024;
const LENGTHS: [field: string, max: number][] = [
  ['Id', 512],
  ['GeneratorId', 512],
  ['Title', 256],
  ['Description', 1024],
];
/** RFC 3339 as Security Hub's "Timestamps" section lists it (fractions up to 9 digits, Z or an offset). */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}(:?\d{2})?)$/;

interface FailedFinding {
  Id: string;
  ErrorCode: string;
  ErrorMessage: string;
}

/** Answer BatchImportFindings for `input` (already model-validated). */
export function batchImportFindings(
  input: Record<string, unknown>,
  ctx: OperationContext,
): { FailedCount: number; SuccessCount: number; FailedFindings: FailedFinding[] } {
  const store = importedFindings(ctx.world);
  const hub = hubIn(ctx.world, ctx.caller.accountId, ctx.region);
  const failed: FailedFinding[] = [];
  let success = 0;
  for (const raw of input.Findings as Record<string, unknown>[]) {
    const id = String(raw.Id);
    const fault = store.takeFault(id);
    const problem = fault
      ? { code: fault.errorCode, message: fault.errorMessage }
      : !hub
        ? {
            code: 'InvalidAccess',
            message: `Account ${ctx.caller.accountId} is not subscribed to AWS Security Hub in ${ctx.region}`,
          }
        : check(raw, ctx);
    if (problem) {
      failed.push({ Id: id, ErrorCode: problem.code, ErrorMessage: problem.message });
      continue;
    }
    const productArn = String(raw.ProductArn);
    const stored = store.get(productArn, id);
    success++;
    if (stored && Date.parse(String(raw.UpdatedAt)) <= Date.parse(stored.UpdatedAt)) continue;
    store.put(productArn, normalise(raw, stored, ctx));
  }
  return { FailedCount: failed.length, SuccessCount: success, FailedFindings: failed };
}

function check(
  f: Record<string, unknown>,
  ctx: OperationContext,
): { code: string; message: string } | undefined {
  const invalid = (message: string) => ({ code: 'InvalidInput', message });
  const bytes = Buffer.byteLength(JSON.stringify(f));
  if (bytes > MAX_FINDING_BYTES)
    return invalid(`Finding is ${bytes} bytes; the maximum allowed size for a finding is 240 KB`);
  if (f.AwsAccountId !== ctx.caller.accountId)
    return {
      code: 'AccessDeniedException',
      message: `AwsAccountId ${String(f.AwsAccountId)} is not the calling account ${ctx.caller.accountId}`,
    };
  const partition = ctx.region.startsWith('cn-')
    ? 'aws-cn'
    : ctx.region.startsWith('us-gov-')
      ? 'aws-us-gov'
      : 'aws';
  const own = `arn:${partition}:securityhub:${ctx.region}:${ctx.caller.accountId}:product/${ctx.caller.accountId}/default`;
  if (f.ProductArn !== own)
    return {
      code: 'InvalidAccess',
      message: `Not allowed to import findings for product ${String(f.ProductArn)} (this account's default product here is ${own})`,
    };
  if (f.SchemaVersion !== '2018-10-08') return invalid(`SchemaVersion must be 2018-10-08`);
  if (!/^\d{12}$/.test(String(f.AwsAccountId))) return invalid('AwsAccountId must be 12 digits');
  for (const [field, max] of LENGTHS) {
    const v = String(f[field]);
    if (v.length > max) return invalid(`${field} is ${v.length} characters; at most ${max} are allowed`);
  }
  for (const field of ['CreatedAt', 'UpdatedAt', 'FirstObservedAt', 'LastObservedAt']) {
    const v = f[field];
    if (v !== undefined && (!TIMESTAMP.test(String(v)) || Number.isNaN(Date.parse(String(v)))))
      return invalid(`${field} '${String(v)}' is not a valid timestamp`);
  }
  const resources = f.Resources as unknown[];
  if (resources.length === 0 || resources.length > 32)
    return invalid(`Resources holds ${resources.length} resources; 1 to 32 are allowed`);
  const fields = Object.entries((f.ProductFields as Record<string, string> | undefined) ?? {});
  if (fields.length > 50)
    return invalid(`ProductFields holds ${fields.length} pairs; at most 50 are allowed`);
  for (const [k, v] of fields) {
    if (k.length > 128)
      return invalid(`ProductFields key '${k.slice(0, 40)}…' is longer than 128 characters`);
    if (v.length > 2048) return invalid(`ProductFields value of '${k}' is longer than 2048 characters`);
  }
  const provider = f.FindingProviderFields as { Severity?: { Label?: string } } | undefined;
  const severity = f.Severity as { Label?: string } | undefined;
  if (!severity?.Label && !provider?.Severity?.Label)
    return invalid('A finding needs Severity.Label or FindingProviderFields.Severity.Label');
  return undefined;
}

/** The finding as Security Hub keeps it: filled in where it fills in, the customer's fields kept on update. */
function normalise(f: Record<string, unknown>, stored: Finding | undefined, ctx: OperationContext): Finding {
  const provider = (f.FindingProviderFields ?? {}) as { Severity?: { Label?: string }; Types?: string[] };
  const fromProvider = {
    Severity: (f.Severity as { Label: string } | undefined) ?? { Label: String(provider.Severity?.Label) },
    Types: (f.Types as string[] | undefined) ?? provider.Types ?? [],
  };
  const kept = stored
    ? {
        ...fromProvider,
        Workflow: stored.Workflow,
        WorkflowState: stored.WorkflowState,
        ...(stored.Note ? { Note: stored.Note } : {}),
        ...(stored.UserDefinedFields ? { UserDefinedFields: stored.UserDefinedFields } : {}),
        ...(stored.VerificationState ? { VerificationState: stored.VerificationState } : {}),
      }
    : { ...fromProvider, Workflow: { Status: 'NEW' }, WorkflowState: 'NEW' };
  return {
    ...f,
    ...kept,
    FindingProviderFields: {
      ...provider,
      Severity: provider.Severity ?? fromProvider.Severity,
      Types: fromProvider.Types,
    },
    Region: ctx.region,
    ProductName: typeof f.ProductName === 'string' ? f.ProductName : 'Default',
    CompanyName: typeof f.CompanyName === 'string' ? f.CompanyName : 'Personal',
    RecordState: typeof f.RecordState === 'string' ? f.RecordState : 'ACTIVE',
    ProcessedAt: ctx.clock.now().toISOString(),
  } as unknown as Finding;
}
