// DescribeComplianceByConfigRule: each rule's compliance derived from its evaluations, filtered by
// ComplianceTypes, at most 25 names per call (the model's limit), in pages of 25.

import { pageOf } from '../../page-tokens.js';
import type { OperationContext } from '../../service-definition.js';
import { callerRegion, invalidNextToken, selectRules, tokenScope } from './config-scope.js';
import { ruleCompliance } from './rule-compliance.js';

export const COMPLIANCE_BY_RULE_PAGE = 25;

/** Compliance per rule. */
export function describeComplianceByConfigRule(input: Record<string, unknown>, ctx: OperationContext) {
  const types = Array.isArray(input.ComplianceTypes) ? (input.ComplianceTypes as string[]) : [];
  const rows = selectRules(callerRegion(ctx), input.ConfigRuleNames)
    .map((rule) => ({ ConfigRuleName: rule.name, Compliance: ruleCompliance(rule) }))
    .filter((row) => types.length === 0 || types.includes(row.Compliance.ComplianceType));
  const page = pageOf(rows, {
    tokens: ctx.tokens,
    scope: tokenScope(ctx, { names: input.ConfigRuleNames, types }),
    nextToken: input.NextToken,
    pageSize: COMPLIANCE_BY_RULE_PAGE,
    invalid: invalidNextToken,
  });
  return { ComplianceByConfigRules: page.items, NextToken: page.nextToken };
}
