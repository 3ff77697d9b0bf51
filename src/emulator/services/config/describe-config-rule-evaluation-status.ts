// DescribeConfigRuleEvaluationStatus: when each rule last ran and whether its latest evaluation failed.

import { pageOf } from '../../page-tokens.js';
import type { OperationContext } from '../../service-definition.js';
import type { RuleState } from '../../world/world-state.js';
import { callerRegion, invalidNextToken, pageSize, selectRules, tokenScope } from './config-scope.js';

/** Default and largest page (Limit 0..50). */
export const EVALUATION_STATUS_PAGE = 50;

/** Evaluation health of the named (or all) rules. */
export function describeConfigRuleEvaluationStatus(input: Record<string, unknown>, ctx: OperationContext) {
  const rules = selectRules(callerRegion(ctx), input.ConfigRuleNames);
  const page = pageOf(rules, {
    tokens: ctx.tokens,
    scope: tokenScope(ctx, { names: input.ConfigRuleNames }),
    nextToken: input.NextToken,
    pageSize: pageSize(input.Limit, EVALUATION_STATUS_PAGE),
    invalid: invalidNextToken,
  });
  return { ConfigRulesEvaluationStatus: page.items.map(status), NextToken: page.nextToken };
}

function status(rule: RuleState) {
  return {
    ConfigRuleName: rule.name,
    ConfigRuleArn: rule.arn,
    ConfigRuleId: rule.id,
    LastSuccessfulInvocationTime: rule.lastSuccessAt,
    LastSuccessfulEvaluationTime: rule.lastSuccessAt,
    LastFailedInvocationTime: rule.lastError?.at,
    LastFailedEvaluationTime: rule.lastError?.at,
    LastErrorCode: rule.lastError?.code,
    LastErrorMessage: rule.lastError?.message,
    FirstActivatedTime: rule.firstActivatedAt,
    FirstEvaluationStarted: true,
  };
}
