// DescribeConfigRules: the deployed rules of the caller's region, 25 per page as AWS serves them.

import { pageOf } from '../../page-tokens.js';
import type { OperationContext } from '../../service-definition.js';
import type { RuleState } from '../../world/world-state.js';
import { callerRegion, invalidNextToken, selectRules, tokenScope } from './config-scope.js';

/** AWS returns at most 25 rules per DescribeConfigRules page (no Limit parameter). */
export const CONFIG_RULES_PAGE = 25;

/** One page of rules, optionally filtered by name. */
export function describeConfigRules(input: Record<string, unknown>, ctx: OperationContext) {
  let rules = selectRules(callerRegion(ctx), input.ConfigRuleNames);
  const mode = (input.Filters as { EvaluationMode?: string } | undefined)?.EvaluationMode;
  if (mode === 'PROACTIVE') rules = [];
  const page = pageOf(rules, {
    tokens: ctx.tokens,
    scope: tokenScope(ctx, { names: input.ConfigRuleNames, mode }),
    nextToken: input.NextToken,
    pageSize: CONFIG_RULES_PAGE,
    invalid: invalidNextToken,
  });
  return { ConfigRules: page.items.map(configRule), NextToken: page.nextToken };
}

/** A rule as the ConfigRule shape describes it. */
export function configRule(rule: RuleState) {
  const periodic = rule.resourceTypes.length === 0;
  return {
    ConfigRuleName: rule.name,
    ConfigRuleArn: rule.arn,
    ConfigRuleId: rule.id,
    Source: { Owner: 'AWS', SourceIdentifier: rule.identifier },
    Scope: periodic ? undefined : { ComplianceResourceTypes: rule.resourceTypes },
    InputParameters: rule.inputParameters ?? '{}',
    MaximumExecutionFrequency: periodic ? 'TwentyFour_Hours' : undefined,
    ConfigRuleState: rule.state,
    EvaluationModes: [{ Mode: 'DETECTIVE' }],
  };
}
