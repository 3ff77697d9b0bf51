// SelectResourceConfig: an advanced query over the caller's account-region; nothing is queryable while the
// recorder is not recording.

import type { OperationContext } from '../../service-definition.js';
import { callerRegion } from './config-scope.js';
import { queryableItems } from './queryable-items.js';
import { selectPage } from './select-page.js';

/** Query results for the caller's region. */
export function selectResourceConfig(input: Record<string, unknown>, ctx: OperationContext) {
  const items = queryableItems(callerRegion(ctx), ctx.world.time);
  return selectPage(ctx, String(input.Expression), items, input.Limit, input.NextToken, {});
}
