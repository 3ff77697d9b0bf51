// Collect AWS Config evidence for a whole organisation through one Config aggregator: which sources it could
// read, the rules deployed in the aggregator's own account (to learn rule names), every rule's compliance in
// every source, the failing resources of non-compliant rules, and advanced queries over all sources.
// The records written here are what evaluate/config/evaluate-config-aggregate.ts reads.

import {
  ComplianceType,
  type ConfigServiceClient,
  DescribeAggregateComplianceByConfigRulesCommand,
  DescribeConfigurationAggregatorSourcesStatusCommand,
  GetAggregateComplianceDetailsByConfigRuleCommand,
  SelectAggregateResourceConfigCommand,
} from '@aws-sdk/client-config-service';
import { CALL_PRIORITY } from '../../aws/call-priority.js';
import type { EvidenceRecord } from '../../core/evidence-record.js';
import { ruleNameResolver } from '../../evaluate/config/aggregate-rule-names.js';
import { deployedRules } from '../../evaluate/config/read-config-records.js';
import type { ConfigAggregateTask, ConfigQuerySpec } from '../../plan/types.js';
import { ensureAccountAccess } from '../account-access.js';
import type { CollectContext } from '../collect-context.js';
import { callScope, recordPages } from '../record-call.js';
import { listConfigRules, PAGE_LIMIT } from './collect-config-task.js';

/** DescribeAggregateComplianceByConfigRules pages up to 1000 rows. */
const AGGREGATE_COMPLIANCE_PAGE = 1000;

/** Collect everything a `config-aggregate` task needs. Never throws for AWS failures; they become records. */
export async function collectConfigAggregate(
  task: ConfigAggregateTask,
  ctx: CollectContext,
): Promise<EvidenceRecord[]> {
  const denied = await ensureAccountAccess(task, ctx);
  if (denied) return [denied];
  const client = ctx.clients.config(task.accountId, task.region);
  const base = callScope(task, 'config');
  const aggregator = { ConfigurationAggregatorName: task.aggregatorName };

  const sources = await recordPages(ctx, {
    ...base,
    operation: 'DescribeConfigurationAggregatorSourcesStatus',
    parameters: aggregator,
    priority: CALL_PRIORITY.chain,
    send: (params, abortSignal) =>
      client.send(new DescribeConfigurationAggregatorSourcesStatusCommand(params), { abortSignal }),
  });
  if (sources.failed) return sources.records;

  const [rules, queries] = await Promise.all([
    task.rules.length || task.globalRules.length ? collectRules(task, client, ctx) : Promise.resolve([]),
    Promise.all(task.queries.map((q) => collectQuery(task, q, client, ctx))),
  ]);
  return [...sources.records, ...rules, ...queries.flat()];
}

async function collectRules(
  task: ConfigAggregateTask,
  client: ConfigServiceClient,
  ctx: CollectContext,
): Promise<EvidenceRecord[]> {
  const base = callScope(task, 'config');
  // The aggregator reports rules by name; the rules deployed in its own account tell names from identifiers.
  // The two listings do not depend on each other: asked side by side, the failing-resource listings that
  // need both (most of the task's calls) start one listing's pages sooner.
  const [listing, compliance] = await Promise.all([
    listConfigRules(ctx, client, base),
    recordPages(ctx, {
      ...base,
      operation: 'DescribeAggregateComplianceByConfigRules',
      parameters: { ConfigurationAggregatorName: task.aggregatorName, Limit: AGGREGATE_COMPLIANCE_PAGE },
      priority: CALL_PRIORITY.chain,
      send: (params, abortSignal) =>
        client.send(new DescribeAggregateComplianceByConfigRulesCommand(params), { abortSignal }),
    }),
  ]);
  if (compliance.failed) return [...listing.records, ...compliance.records];

  const wanted = new Set([...task.rules, ...task.globalRules]);
  const identifierOf = ruleNameResolver(listing.failed ? new Map() : deployedRules(listing.records), wanted);
  const inScope = new Set(task.accounts);
  const failing = compliance.pages
    .flatMap((p) => p.AggregateComplianceByConfigRules ?? [])
    .filter(
      (c) =>
        c.Compliance?.ComplianceType === 'NON_COMPLIANT' &&
        c.ConfigRuleName !== undefined &&
        c.AccountId !== undefined &&
        inScope.has(c.AccountId) &&
        identifierOf(c.ConfigRuleName) !== undefined,
    );

  const details = await Promise.all(
    failing.map((c) => {
      const capped = c.Compliance?.ComplianceContributorCount?.CapExceeded === true;
      return recordPages(ctx, {
        ...base,
        operation: 'GetAggregateComplianceDetailsByConfigRule',
        parameters: {
          ConfigurationAggregatorName: task.aggregatorName,
          ConfigRuleName: c.ConfigRuleName as string,
          AccountId: c.AccountId as string,
          AwsRegion: c.AwsRegion as string,
          ComplianceType: ComplianceType.Non_Compliant,
          Limit: PAGE_LIMIT,
        },
        send: (params, abortSignal) =>
          client.send(new GetAggregateComplianceDetailsByConfigRuleCommand(params), { abortSignal }),
        enough: (pages) =>
          !capped &&
          pages.reduce((n, p) => n + (p.AggregateEvaluationResults?.length ?? 0), 0) >= ctx.maxResources,
      });
    }),
  );
  return [...listing.records, ...compliance.records, ...details.flatMap((d) => d.records)];
}

async function collectQuery(
  task: ConfigAggregateTask,
  q: ConfigQuerySpec,
  client: ConfigServiceClient,
  ctx: CollectContext,
): Promise<EvidenceRecord[]> {
  const run = await recordPages(ctx, {
    taskId: task.id,
    accountId: task.accountId,
    region: task.region,
    service: 'config',
    operation: 'SelectAggregateResourceConfig',
    parameters: {
      Expression: q.expression,
      ConfigurationAggregatorName: task.aggregatorName,
      Limit: PAGE_LIMIT,
    },
    send: (params, abortSignal) =>
      client.send(new SelectAggregateResourceConfigCommand(params), { abortSignal }),
  });
  return run.records;
}
