// Collect AWS Config evidence for one account and region: recorder status, deployed rules, rule health,
// compliance in batches of 25 names, failing resources of non-compliant rules, and advanced queries.
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
  const recorder = await recordCall(ctx, {
    ...base,
    operation: 'DescribeConfigurationRecorderStatus',
    parameters: {},
    // Every other call of the task waits for this answer, and the rule listing's chain for the next ones.
    priority: CALL_PRIORITY.chain,
    send: (abortSignal) => client.send(new DescribeConfigurationRecorderStatusCommand({}), { abortSignal }),
  });
  records.push(recorder.record);
  if (!recorder.response) return records;
  const recording = (recorder.response.ConfigurationRecordersStatus ?? []).some((s) => s.recording === true);
  if (!recording) return records;

  const [ruleRecords, queryRecords] = await Promise.all([
    task.rules.length ? collectRules(task, client, ctx) : Promise.resolve([]),
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

async function collectRules(
  task: ConfigTask,
  client: ConfigServiceClient,
  ctx: CollectContext,
): Promise<EvidenceRecord[]> {
  const base = callScope(task, 'config');
  const listing = await listConfigRules(ctx, client, base);
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
