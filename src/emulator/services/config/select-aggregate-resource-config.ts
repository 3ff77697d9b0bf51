// SelectAggregateResourceConfig: an advanced query over every recording account × region the aggregator covers.

import type { ConfigurationItem } from '../../config-query/index.js';
import type { OperationContext } from '../../service-definition.js';
import { findAggregator } from './aggregators.js';
import { regionState } from './config-scope.js';
import { queryableItems } from './queryable-items.js';
import { selectPage } from './select-page.js';

/** Query results across the aggregator's sources. */
export function selectAggregateResourceConfig(input: Record<string, unknown>, ctx: OperationContext) {
  const agg = findAggregator(ctx, String(input.ConfigurationAggregatorName));
  const items: ConfigurationItem[] = [];
  for (const { accountId, region } of ctx.world.aggregatorSources(agg)) {
    items.push(...queryableItems(regionState(ctx, accountId, region), ctx.world.time));
  }
  const limit = typeof input.Limit === 'number' && input.Limit > 0 ? input.Limit : input.MaxResults;
  return selectPage(ctx, String(input.Expression), items, limit, input.NextToken, { aggregator: agg.name });
}
