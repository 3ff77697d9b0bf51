// Collect AWS Security Hub evidence for one account and region:
//   GetEnabledStandards {MaxResults}                          — is the hub enabled, which standards
//   ListSecurityControlDefinitions {MaxResults}               — which controls exist and are offered in the region
//   BatchGetSecurityControls {SecurityControlIds}             — each needed control ENABLED or DISABLED
//   ListStandardsControlAssociations {SecurityControlId}      — in which enabled standards it runs
//   GetFindings {Filters: control findings of those controls} — their compliance per resource
//   GetFindings {Filters: one per findings condition}         — active findings that violate the condition
// Through the delegated administrator (task.aggregated), in its aggregation region, instead:
//   GetEnabledStandards, ListMembers {OnlyAssociated}, ListFindingAggregators, GetFindingAggregator
//                                                             — which accounts and regions its view covers
//   GetFindings {Filters: control findings / each condition, limited to the accounts and regions in scope}
// Every page is a record; evaluate/securityhub/evaluate-securityhub.ts reads them.

import {
  BatchGetSecurityControlsCommand,
  GetEnabledStandardsCommand,
  GetFindingAggregatorCommand,
  GetFindingsCommand,
  ListFindingAggregatorsCommand,
  ListMembersCommand,
  ListSecurityControlDefinitionsCommand,
  ListStandardsControlAssociationsCommand,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { securityHubClientFor } from '../../aws/securityhub-client.js';
import type { EvidenceRecord } from '../../core/evidence-record.js';
import { conditionFilters, controlFilters, scopeFilters } from '../../evaluate/securityhub/finding-filter.js';
import type { SecurityHubTask } from '../../plan/types.js';
import { ensureAccountAccess } from '../account-access.js';
import type { CollectContext } from '../collect-context.js';
import { type CallScope, callScope, recordCall, recordPages } from '../record-call.js';

/** Page size of every list call and of GetFindings (the model's maximum). */
export const SECURITY_HUB_PAGE = 100;
/** ListMembers pages hold at most 50 (CrossAccountMaxResults). */
export const MEMBERS_PAGE = 50;
/** AwsSecurityFindingFilters take at most 20 values per attribute (and 10 attributes). */
export const FILTER_VALUES = 20;
/** BatchGetSecurityControls takes at most this many ids. */
export const CONTROL_BATCH = 100;

/**
 * Findings of the task's own account and region: in an administrator's aggregation region GetFindings also
 * returns its members' findings, which are not this account's.
 */
function ownScope(task: SecurityHubTask): Record<string, unknown> {
  return scopeFilters({ accounts: [task.accountId], regions: [task.region] });
}

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

  if (task.aggregated) {
    records.push(...(await collectAdministratorView(task, ctx, client, base)));
    return records;
  }
  if (task.controls.length) records.push(...(await collectControls(task, ctx, client, base)));

  const now = ctx.clock.now();
  for (const q of task.findings) {
    const findings = await recordPages(ctx, {
      ...base,
      operation: 'GetFindings',
      parameters: {
        Filters: { ...conditionFilters(q, now), ...ownScope(task) },
        MaxResults: SECURITY_HUB_PAGE,
      },
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
  // AWS takes at most 20 values per filter attribute: one call per 20 controls.
  for (const batch of chunks(ids, FILTER_VALUES)) {
    const findings = await recordPages(ctx, {
      ...base,
      operation: 'GetFindings',
      parameters: { Filters: { ...controlFilters(batch), ...ownScope(task) }, MaxResults: SECURITY_HUB_PAGE },
      send: (params, abortSignal) => client.send(new GetFindingsCommand(params), { abortSignal }),
    });
    records.push(...findings.records);
    if (findings.failed) return records;
  }

  return records;
}

/** The delegated administrator's aggregated view: its members, its linked regions, then the findings in scope. */
async function collectAdministratorView(
  task: SecurityHubTask,
  ctx: CollectContext,
  client: SecurityHubClient,
  base: CallScope,
): Promise<EvidenceRecord[]> {
  const scope = task.aggregated as NonNullable<SecurityHubTask['aggregated']>;
  const records: EvidenceRecord[] = [];
  const members = await recordPages(ctx, {
    ...base,
    operation: 'ListMembers',
    parameters: { OnlyAssociated: true, MaxResults: MEMBERS_PAGE },
    send: (params, abortSignal) => client.send(new ListMembersCommand(params), { abortSignal }),
  });
  records.push(...members.records);
  if (members.failed) return records;
  const aggregators = await recordPages(ctx, {
    ...base,
    operation: 'ListFindingAggregators',
    parameters: { MaxResults: SECURITY_HUB_PAGE },
    send: (params, abortSignal) => client.send(new ListFindingAggregatorsCommand(params), { abortSignal }),
  });
  records.push(...aggregators.records);
  if (aggregators.failed) return records;
  for (const a of aggregators.pages.flatMap((p) => p.FindingAggregators ?? [])) {
    const FindingAggregatorArn = a.FindingAggregatorArn as string;
    const got = await recordCall(ctx, {
      ...base,
      operation: 'GetFindingAggregator',
      parameters: { FindingAggregatorArn },
      send: (abortSignal) =>
        client.send(new GetFindingAggregatorCommand({ FindingAggregatorArn }), { abortSignal }),
    });
    records.push(got.record);
    if (!got.response) return records;
  }
  // At most 20 values per filter attribute: accounts, regions and controls go in batches of 20, one call each.
  const scopes = chunks(scope.accounts, FILTER_VALUES).flatMap((accounts) =>
    chunks(scope.regions, FILTER_VALUES).map((regions) => scopeFilters({ accounts, regions })),
  );
  const wanted = [
    ...chunks(
      task.controls.map((c) => c.id),
      FILTER_VALUES,
    ).map((batch) => controlFilters(batch)),
    ...task.findings.map((q) => conditionFilters(q, ctx.clock.now())),
  ];
  const filters = wanted.flatMap((w) => scopes.map((inScope) => ({ ...w, ...inScope })));
  for (const Filters of filters) {
    const findings = await recordPages(ctx, {
      ...base,
      operation: 'GetFindings',
      parameters: { Filters, MaxResults: SECURITY_HUB_PAGE },
      send: (params, abortSignal) => client.send(new GetFindingsCommand(params), { abortSignal }),
    });
    records.push(...findings.records);
  }
  return records;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
