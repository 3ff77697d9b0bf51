// Aggregated compliance: DescribeAggregateComplianceByConfigRules (every rule in every source account ×
// region, with filters) and GetAggregateComplianceDetailsByConfigRule (one rule in one source).

import { pageOf } from '../../page-tokens.js';
import type { OperationContext } from '../../service-definition.js';
import { findAggregator } from './aggregators.js';
import { activeRules, invalidNextToken, pageSize, regionState, tokenScope } from './config-scope.js';
import { evaluationResult } from './get-compliance-details-by-config-rule.js';
import { ruleCompliance, sortedEvaluations } from './rule-compliance.js';

/** Limit 0..1000 with "the default is maximum". */
export const AGGREGATE_COMPLIANCE_PAGE = 1000;
/** Limit 0..100, default 50 (AWS documents it). */
export const AGGREGATE_DETAILS_DEFAULT_PAGE = 50;

interface ComplianceFilters {
  ConfigRuleName?: string;
  ComplianceType?: string;
  AccountId?: string;
  AwsRegion?: string;
}

/** Compliance of every rule in every account-region the aggregator covers. */
export function describeAggregateComplianceByConfigRules(
  input: Record<string, unknown>,
  ctx: OperationContext,
) {
  const agg = findAggregator(ctx, String(input.ConfigurationAggregatorName));
  const f = (input.Filters ?? {}) as ComplianceFilters;
  const rows = ctx.world
    .aggregatorSources(agg)
    .filter(
      (s) => (!f.AccountId || s.accountId === f.AccountId) && (!f.AwsRegion || s.region === f.AwsRegion),
    )
    .flatMap(({ accountId, region }) =>
      activeRules(regionState(ctx, accountId, region))
        .filter((r) => !f.ConfigRuleName || r.name === f.ConfigRuleName)
        .map((r) => ({
          ConfigRuleName: r.name,
          Compliance: ruleCompliance(r),
          AccountId: accountId,
          AwsRegion: region,
        })),
    )
    .filter((row) => !f.ComplianceType || row.Compliance.ComplianceType === f.ComplianceType);
  const page = pageOf(rows, {
    tokens: ctx.tokens,
    scope: tokenScope(ctx, { name: agg.name, f }),
    nextToken: input.NextToken,
    pageSize: pageSize(input.Limit, AGGREGATE_COMPLIANCE_PAGE),
    invalid: invalidNextToken,
  });
  return { AggregateComplianceByConfigRules: page.items, NextToken: page.nextToken };
}

/** Per-resource evaluations of one rule in one source account-region (empty when the aggregator does not cover it). */
export function getAggregateComplianceDetailsByConfigRule(
  input: Record<string, unknown>,
  ctx: OperationContext,
) {
  const agg = findAggregator(ctx, String(input.ConfigurationAggregatorName));
  const accountId = String(input.AccountId);
  const region = String(input.AwsRegion);
  const name = String(input.ConfigRuleName);
  const covered = ctx.world
    .aggregatorSources(agg)
    .some((s) => s.accountId === accountId && s.region === region);
  const rule = covered
    ? activeRules(regionState(ctx, accountId, region)).find((r) => r.name === name)
    : undefined;
  const type = typeof input.ComplianceType === 'string' ? input.ComplianceType : undefined;
  const results = rule
    ? sortedEvaluations(rule)
        .filter((e) => !type || e.compliance === type)
        .map((e) => ({ ...evaluationResult(rule, e), AccountId: accountId, AwsRegion: region }))
    : [];
  const page = pageOf(results, {
    tokens: ctx.tokens,
    scope: tokenScope(ctx, { name: agg.name, accountId, region, rule: name, type }),
    nextToken: input.NextToken,
    pageSize: pageSize(input.Limit, AGGREGATE_DETAILS_DEFAULT_PAGE),
    invalid: invalidNextToken,
  });
  return { AggregateEvaluationResults: page.items, NextToken: page.nextToken };
}
