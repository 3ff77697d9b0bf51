// GetComplianceDetailsByConfigRule: the per-resource evaluations of one rule, filtered by ComplianceTypes,
// Limit 0-100 (default 10, as AWS documents), paginated.

import { pageOf } from '../../page-tokens.js';
import type { OperationContext } from '../../service-definition.js';
import type { EvaluationState, RuleState } from '../../world/world-state.js';
import {
  activeRules,
  callerRegion,
  invalidNextToken,
  noSuchRule,
  pageSize,
  tokenScope,
} from './config-scope.js';
import { sortedEvaluations } from './rule-compliance.js';

export const COMPLIANCE_DETAILS_DEFAULT_PAGE = 10;

/** One page of evaluation results. */
export function getComplianceDetailsByConfigRule(input: Record<string, unknown>, ctx: OperationContext) {
  const name = String(input.ConfigRuleName);
  const rule = activeRules(callerRegion(ctx)).find((r) => r.name === name);
  if (!rule) throw noSuchRule(name);
  const types = Array.isArray(input.ComplianceTypes) ? (input.ComplianceTypes as string[]) : [];
  const results = sortedEvaluations(rule).filter((e) => types.length === 0 || types.includes(e.compliance));
  const page = pageOf(results, {
    tokens: ctx.tokens,
    scope: tokenScope(ctx, { name, types }),
    nextToken: input.NextToken,
    pageSize: pageSize(input.Limit, COMPLIANCE_DETAILS_DEFAULT_PAGE),
    invalid: invalidNextToken,
  });
  return { EvaluationResults: page.items.map((e) => evaluationResult(rule, e)), NextToken: page.nextToken };
}

/** An evaluation as the EvaluationResult shape describes it. */
export function evaluationResult(rule: RuleState, e: EvaluationState) {
  return {
    EvaluationResultIdentifier: {
      EvaluationResultQualifier: {
        ConfigRuleName: rule.name,
        ResourceType: e.resourceType,
        ResourceId: e.resourceId,
        EvaluationMode: 'DETECTIVE',
      },
      OrderingTimestamp: e.recordedAt,
    },
    ComplianceType: e.compliance,
    ResultRecordedTime: e.recordedAt,
    ConfigRuleInvokedTime: new Date(e.recordedAt.getTime() - 1000),
    Annotation: e.annotation,
  };
}
