// Collect AWS Security Hub evidence for one account and region:
//   GetEnabledStandards {MaxResults}                          — is the hub enabled, which standards
//   ListSecurityControlDefinitions {MaxResults}               — which controls exist and are offered in the region
//   BatchGetSecurityControls {SecurityControlIds}             — each needed control ENABLED or DISABLED
//   ListStandardsControlAssociations {SecurityControlId}      — in which enabled standards it runs
//   GetFindings {Filters: control findings of those controls} — their compliance per resource
//   GetFindings {Filters: one per findings condition}         — active findings that violate the condition
// Every page is a record; evaluate/securityhub/evaluate-securityhub.ts reads them.

import {
  BatchGetSecurityControlsCommand,
  GetEnabledStandardsCommand,
  GetFindingsCommand,
  ListSecurityControlDefinitionsCommand,
  ListStandardsControlAssociationsCommand,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { securityHubClientFor } from '../../aws/securityhub-client.js';
import type { EvidenceRecord } from '../../core/evidence-record.js';
import { conditionFilters, controlFilters } from '../../evaluate/securityhub/finding-filter.js';
import type { SecurityHubTask } from '../../plan/types.js';
import { ensureAccountAccess } from '../account-access.js';
import type { CollectContext } from '../collect-context.js';
import { type CallScope, callScope, recordCall, recordPages } from '../record-call.js';

/** Page size of every list call and of GetFindings (the model's maximum). */
export const SECURITY_HUB_PAGE = 100;
/** BatchGetSecurityControls takes at most this many ids. */
export const CONTROL_BATCH = 100;

/** Collect a `securityhub` task. Never throws for AWS failures; they become records. */
export async function collectSecurityHub(
  task: SecurityHubTask,
  ctx: CollectContext,
): Promise<EvidenceRecord[]> {
  const denied = await ensureAccountAccess(task, ctx);
  if (denied) return [denied];
  const client = securityHubClientFor(ctx.clients, task.accountId, task.region);
  const base = callScope(task, 'securityhub');
  const records: EvidenceRecord[] = [];

  const standards = await recordPages(ctx, {
    ...base,
    operation: 'GetEnabledStandards',
    parameters: { MaxResults: SECURITY_HUB_PAGE },
    send: (params, abortSignal) => client.send(new GetEnabledStandardsCommand(params), { abortSignal }),
  });
  records.push(...standards.records);
  // An unsubscribed or unreadable hub answers nothing else; the evaluator says which.
  if (standards.failed) return records;

  if (task.controls.length) records.push(...(await collectControls(task, ctx, client, base)));

  const now = ctx.clock.now();
  for (const q of task.findings) {
    const findings = await recordPages(ctx, {
      ...base,
      operation: 'GetFindings',
      parameters: { Filters: conditionFilters(q, now), MaxResults: SECURITY_HUB_PAGE },
      send: (params, abortSignal) => client.send(new GetFindingsCommand(params), { abortSignal }),
    });
    records.push(...findings.records);
  }
  return records;
}

/** The controls' definitions, status, associations and control findings; stops at the first failed call. */
async function collectControls(
  task: SecurityHubTask,
  ctx: CollectContext,
  client: SecurityHubClient,
  base: CallScope,
): Promise<EvidenceRecord[]> {
  const records: EvidenceRecord[] = [];
  const defs = await recordPages(ctx, {
    ...base,
    operation: 'ListSecurityControlDefinitions',
    parameters: { MaxResults: SECURITY_HUB_PAGE },
    send: (params, abortSignal) =>
      client.send(new ListSecurityControlDefinitionsCommand(params), { abortSignal }),
  });
  records.push(...defs.records);
  if (defs.failed) return records;
  const offered = new Set(
    defs.pages
      .flatMap((p) => p.SecurityControlDefinitions ?? [])
      .filter((d) => d.CurrentRegionAvailability === 'AVAILABLE')
      .map((d) => d.SecurityControlId),
  );
  const ids = task.controls.map((c) => c.id).filter((id) => offered.has(id));
  for (let i = 0; i < ids.length; i += CONTROL_BATCH) {
    const SecurityControlIds = ids.slice(i, i + CONTROL_BATCH);
    const got = await recordCall(ctx, {
      ...base,
      operation: 'BatchGetSecurityControls',
      parameters: { SecurityControlIds },
      send: (abortSignal) =>
        client.send(new BatchGetSecurityControlsCommand({ SecurityControlIds }), { abortSignal }),
    });
    records.push(got.record);
    if (!got.response) return records;
  }
  for (const SecurityControlId of ids) {
    const assoc = await recordPages(ctx, {
      ...base,
      operation: 'ListStandardsControlAssociations',
      parameters: { SecurityControlId, MaxResults: SECURITY_HUB_PAGE },
      send: (params, abortSignal) =>
        client.send(new ListStandardsControlAssociationsCommand(params), { abortSignal }),
    });
    records.push(...assoc.records);
    if (assoc.failed) return records;
  }
  if (ids.length) {
    const findings = await recordPages(ctx, {
      ...base,
      operation: 'GetFindings',
      parameters: { Filters: controlFilters(ids), MaxResults: SECURITY_HUB_PAGE },
      send: (params, abortSignal) => client.send(new GetFindingsCommand(params), { abortSignal }),
    });
    records.push(...findings.records);
    if (findings.failed) return records;
  }
  return records;
}
