// Collect AWS Config evidence for one account and region: recorder status and deployed rules side by side, then
// rule health, compliance in batches of 25 names, failing resources of non-compliant rules, and advanced queries.
// The records written here are exactly what evaluate/config/evaluate-config-task.ts reads.

import {
  ComplianceType,
  type ConfigServiceClient,
  DescribeComplianceByConfigRuleCommand,
  DescribeConfigRuleEvaluationStatusCommand,
  DescribeConfigRulesCommand,
  DescribeConfigurationRecorderStatusCommand,
  GetComplianceDetailsByConfigRuleCommand,
  SelectResourceConfigCommand,
} from '@aws-sdk/client-config-service';
import { CALL_PRIORITY } from '../../aws/call-priority.js';
import type { EvidenceRecord } from '../../core/evidence-record.js';
import { deployedRules } from '../../evaluate/config/read-config-records.js';
import type { ConfigQuerySpec, ConfigTask } from '../../plan/types.js';
import { ensureAccountAccess } from '../account-access.js';
import type { CollectContext } from '../collect-context.js';
import { type CallScope, callScope, recordCall, recordPages } from '../record-call.js';

/** AWS accepts at most 25 rule names per Describe* call (ConfigRuleNames, length 0..25). */
export const RULE_NAMES_PER_CALL = 25;
/** Largest page AWS serves for compliance details and advanced queries. */
export const PAGE_LIMIT = 100;

/** Collect everything a `config` task needs. Never throws for AWS failures; they become records. */
export async function collectConfigTask(task: ConfigTask, ctx: CollectContext): Promise<EvidenceRecord[]> {
  const records: EvidenceRecord[] = [];
  const denied = await ensureAccountAccess(task, ctx);
  if (denied) return [denied];

  const client = ctx.clients.config(task.accountId, task.region);
  const base = callScope(task, 'config');
  // The rule listing is asked beside the recorder's status, not after it: every later rule call needs the
  // listing's names, so waiting for the status first would add a call time to every account's chain. Where
  // the recorder turns out not to be recording the listing is kept as evidence but nothing more is asked
  // (one call more than needed there; docs/benchmarks.md).
  const listing = task.rules.length ? listConfigRules(ctx, client, base) : undefined;
  // It only rejects when the run is aborted; then the recorder's call below rejects too, and this is not awaited.
  listing?.catch(() => undefined);
  const recorder = await recordCall(ctx, {
    ...base,
    operation: 'DescribeConfigurationRecorderStatus',
    parameters: {},
    // Every other call of the task waits for this answer.
    priority: CALL_PRIORITY.chain,
    send: (abortSignal) => client.send(new DescribeConfigurationRecorderStatusCommand({}), { abortSignal }),
  });
  records.push(recorder.record);
  const recording =
    recorder.response !== undefined &&
    (recorder.response.ConfigurationRecordersStatus ?? []).some((s) => s.recording === true);
  if (!recording) {
    if (listing) records.push(...(await listing).records);
    return records;
  }

  const [ruleRecords, queryRecords] = await Promise.all([
    listing ? collectRules(task, await listing, client, ctx) : Promise.resolve([]),
    Promise.all(task.queries.map((q) => collectQuery(task, q, client, ctx))),
  ]);
  records.push(...ruleRecords, ...queryRecords.flat());
  return records;
}

/** Every rule deployed in the client's account and region, page by page (names and their managed identifiers). */
export function listConfigRules(ctx: CollectContext, client: ConfigServiceClient, scope: CallScope) {
  return recordPages(ctx, {
    ...scope,
    operation: 'DescribeConfigRules',
    parameters: {},
    priority: CALL_PRIORITY.chain,
    send: (params, abortSignal) => client.send(new DescribeConfigRulesCommand(params), { abortSignal }),
  });
}

/** The rules' health, compliance and failing resources, from the account's rule listing. */
async function collectRules(
  task: ConfigTask,
  listing: Awaited<ReturnType<typeof listConfigRules>>,
  client: ConfigServiceClient,
  ctx: CollectContext,
): Promise<EvidenceRecord[]> {
  const base = callScope(task, 'config');
  if (listing.failed) return listing.records;

  const wanted = new Set(task.rules);
  const deployed = deployedRules(listing.records);
  const names = [...deployed.entries()]
    .filter(([id]) => wanted.has(id))
    .flatMap(([, n]) => n)
    .sort();
  const batches = chunk(names, RULE_NAMES_PER_CALL);

  const [statusRecords, complianceRuns] = await Promise.all([
    Promise.all(
      batches.map(async (batch) => {
        const out = await recordCall(ctx, {
          ...base,
          operation: 'DescribeConfigRuleEvaluationStatus',
          parameters: { ConfigRuleNames: batch },
          send: (abortSignal) =>
            client.send(new DescribeConfigRuleEvaluationStatusCommand({ ConfigRuleNames: batch }), {
              abortSignal,
            }),
        });
        return out.record;
      }),
    ),
    Promise.all(
      batches.map((batch) =>
        recordPages(ctx, {
          ...base,
          operation: 'DescribeComplianceByConfigRule',
          parameters: { ConfigRuleNames: batch },
          priority: CALL_PRIORITY.chain,
          send: (params, abortSignal) =>
            client.send(new DescribeComplianceByConfigRuleCommand(params), { abortSignal }),
        }),
      ),
    ),
  ]);

  const nonCompliantRules = complianceRuns
    .flatMap((run) => run.pages)
    .flatMap((page) => page.ComplianceByConfigRules ?? [])
    .filter((c) => c.Compliance?.ComplianceType === 'NON_COMPLIANT' && c.ConfigRuleName);
  const nonCompliant = nonCompliantRules.map((c) => c.ConfigRuleName as string);
  // Where AWS capped the count, list every failing resource so the reported number is exact.
  const capped = new Set(
    nonCompliantRules
      .filter((c) => c.Compliance?.ComplianceContributorCount?.CapExceeded)
      .map((c) => c.ConfigRuleName as string),
  );

  const details = await Promise.all(
    [...new Set(nonCompliant)].map((name) =>
      recordPages(ctx, {
        ...base,
        operation: 'GetComplianceDetailsByConfigRule',
        parameters: {
          ConfigRuleName: name,
          ComplianceTypes: [ComplianceType.Non_Compliant],
          Limit: PAGE_LIMIT,
        },
        send: (params, abortSignal) =>
          client.send(new GetComplianceDetailsByConfigRuleCommand(params), { abortSignal }),
        enough: (pages) =>
          !capped.has(name) &&
          pages.reduce((n, p) => n + (p.EvaluationResults?.length ?? 0), 0) >= ctx.maxResources,
      }),
    ),
  );

  return [
    ...listing.records,
    ...statusRecords,
    ...complianceRuns.flatMap((r) => r.records),
    ...details.flatMap((d) => d.records),
  ];
}

async function collectQuery(
  task: ConfigTask,
  q: ConfigQuerySpec,
  client: ConfigServiceClient,
  ctx: CollectContext,
): Promise<EvidenceRecord[]> {
  const run = await recordPages(ctx, {
    taskId: task.id,
    accountId: task.accountId,
    region: task.region,
    service: 'config',
    operation: 'SelectResourceConfig',
    parameters: { Expression: q.expression, Limit: PAGE_LIMIT },
    send: (params, abortSignal) => client.send(new SelectResourceConfigCommand(params), { abortSignal }),
  });
  return run.records;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
