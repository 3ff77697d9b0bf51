// Shared pieces of the Config handlers: the caller's account-region state, page sizes, token scopes and
// the errors AWS Config answers for unknown names and bad tokens.

import { canonicalJson } from '../../../core/canonical-json.js';
import type { OperationContext } from '../../service-definition.js';
import { AwsServiceError } from '../../service-error.js';
import type { RegionState, RuleState } from '../../world/world-state.js';

/** State of the caller's account in the signed region (an empty region when outside the world). */
export function callerRegion(ctx: OperationContext): RegionState {
  return regionState(ctx, ctx.caller.accountId, ctx.region);
}

/** State of any account-region (aggregators); empty when outside the world. */
export function regionState(ctx: OperationContext, accountId: string, region: string): RegionState {
  return (
    ctx.world.region(accountId, region) ?? {
      accountId,
      region,
      recorder: 'none',
      items: [],
      rules: [],
      conformancePacks: [],
    }
  );
}

/** Rules visible in a region: none while the recorder is not recording. */
export function activeRules(region: RegionState): RuleState[] {
  return region.recorder === 'on' ? region.rules : [];
}

/** `Limit` as AWS reads it: absent or 0 means the default. */
export function pageSize(limit: unknown, fallback: number): number {
  return typeof limit === 'number' && limit > 0 ? limit : fallback;
}

/** The token scope of a listing: operation, caller, region and the filters that shape the result. */
export function tokenScope(ctx: OperationContext, filters: unknown): string {
  return `config/${ctx.operation}/${ctx.caller.accountId}/${ctx.region}/${canonicalJson(filters ?? null)}`;
}

export function invalidNextToken(): AwsServiceError {
  return new AwsServiceError('InvalidNextTokenException', 'The nextToken provided is invalid');
}

export function noSuchRule(name: string): AwsServiceError {
  return new AwsServiceError(
    'NoSuchConfigRuleException',
    `The ConfigRule '${name}' provided in the request is invalid. Please check the configRule name.`,
  );
}

/** The rules named in `names` (all active rules when absent); unknown names raise NoSuchConfigRuleException. */
export function selectRules(region: RegionState, names: unknown): RuleState[] {
  const rules = activeRules(region);
  if (!Array.isArray(names) || names.length === 0) return rules;
  const byName = new Map(rules.map((r) => [r.name, r]));
  const out: RuleState[] = [];
  for (const n of names as string[]) {
    const rule = byName.get(n);
    if (!rule) throw noSuchRule(n);
    if (!out.includes(rule)) out.push(rule);
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
