// Conformance packs of the caller's region: DescribeConformancePacks and DescribeConformancePackCompliance.
// A pack's compliance per rule uses the pack type's three values, the same as a rule's own compliance
// (rule-compliance.ts): a rule that is only NOT_APPLICABLE is INSUFFICIENT_DATA.

import { pageOf } from '../../page-tokens.js';
import type { OperationContext } from '../../service-definition.js';
import { AwsServiceError } from '../../service-error.js';
import type { ConformancePackState, RegionState } from '../../world/world-state.js';
import { activeRules, callerRegion, invalidNextToken, pageSize, tokenScope } from './config-scope.js';
import { ruleCompliance } from './rule-compliance.js';

/** Limit 0..20, "the default is maximum". */
export const CONFORMANCE_PACKS_PAGE = 20;
/** Limit 0..1000, "the default is maximum". */
export const PACK_COMPLIANCE_PAGE = 1000;

function packs(region: RegionState): ConformancePackState[] {
  return region.recorder === 'on' ? region.conformancePacks : [];
}

function noSuchPack(name: string): AwsServiceError {
  return new AwsServiceError('NoSuchConformancePackException', `Conformance pack '${name}' does not exist.`);
}

function packNamed(all: readonly ConformancePackState[], name: string): ConformancePackState {
  const pack = all.find((p) => p.name === name);
  if (!pack) throw noSuchPack(name);
  return pack;
}

/** The conformance packs deployed in the caller's region. */
export function describeConformancePacks(input: Record<string, unknown>, ctx: OperationContext) {
  const all = packs(callerRegion(ctx));
  const names = Array.isArray(input.ConformancePackNames) ? (input.ConformancePackNames as string[]) : [];
  const selected = names.length ? names.map((n) => packNamed(all, n)) : all;
  const page = pageOf(selected, {
    tokens: ctx.tokens,
    scope: tokenScope(ctx, { names }),
    nextToken: input.NextToken,
    pageSize: pageSize(input.Limit, CONFORMANCE_PACKS_PAGE),
    invalid: invalidNextToken,
  });
  return {
    ConformancePackDetails: page.items.map((p) => ({
      ConformancePackName: p.name,
      ConformancePackArn: p.arn,
      ConformancePackId: p.id,
      ConformancePackInputParameters: [],
      LastUpdateRequestedTime: p.updatedAt ?? p.createdAt,
      ...(p.organizationPack ? { CreatedBy: 'config-conforms.amazonaws.com' } : {}),
    })),
    NextToken: page.nextToken,
  };
}

/** Compliance of each rule in one pack. */
export function describeConformancePackCompliance(input: Record<string, unknown>, ctx: OperationContext) {
  const region = callerRegion(ctx);
  const name = String(input.ConformancePackName);
  const pack = packNamed(packs(region), name);
  const filters = (input.Filters ?? {}) as { ConfigRuleNames?: string[]; ComplianceType?: string };
  for (const rule of filters.ConfigRuleNames ?? []) {
    if (!pack.ruleNames.includes(rule)) {
      throw new AwsServiceError(
        'NoSuchConfigRuleInConformancePackException',
        `Config rule '${rule}' does not exist in conformance pack '${name}'.`,
      );
    }
  }
  const rules = activeRules(region);
  const rows = pack.ruleNames
    .filter((n) => !filters.ConfigRuleNames?.length || filters.ConfigRuleNames.includes(n))
    .map((n) => {
      const rule = rules.find((r) => r.name === n);
      return {
        ConfigRuleName: n,
        ComplianceType: rule ? ruleCompliance(rule).ComplianceType : 'INSUFFICIENT_DATA',
        Controls: [],
      };
    })
    .filter((r) => !filters.ComplianceType || r.ComplianceType === filters.ComplianceType);
  const page = pageOf(rows, {
    tokens: ctx.tokens,
    scope: tokenScope(ctx, { name, filters }),
    nextToken: input.NextToken,
    pageSize: pageSize(input.Limit, PACK_COMPLIANCE_PAGE),
    invalid: invalidNextToken,
  });
  return {
    ConformancePackName: name,
    ConformancePackRuleComplianceList: page.items,
    NextToken: page.nextToken,
  };
}
