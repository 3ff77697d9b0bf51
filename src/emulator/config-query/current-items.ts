// Picks the rows an advanced query sees: the current CI of each recorded, existing resource.

import type { ConfigurationItem } from './configuration-item.js';

/** CI statuses that never appear in query results (not recorded, or the resource is gone). */
const HIDDEN_STATUSES = new Set(['ResourceNotRecorded', 'ResourceDeleted', 'ResourceDeletedNotRecorded']);

/**
 * The current CIs: per resource (account, region, type, id) the one with the latest capture time (a later one in
 * input order wins a tie), minus hidden statuses. Order follows each resource's first appearance.
 */
export function currentItems(items: Iterable<ConfigurationItem>): ConfigurationItem[] {
  const latest = new Map<string, ConfigurationItem>();
  for (const item of items) {
    const key = JSON.stringify([item.accountId, item.awsRegion, item.resourceType, item.resourceId]);
    const seen = latest.get(key);
    if (!seen || captureOrder(item, seen) >= 0) latest.set(key, item);
  }
  return [...latest.values()].filter((item) => !HIDDEN_STATUSES.has(item.configurationItemStatus ?? ''));
}

/** Order two CIs by capture time (as instants when both parse, else as strings). */
function captureOrder(a: ConfigurationItem, b: ConfigurationItem): number {
  const ta = Date.parse(a.configurationItemCaptureTime);
  const tb = Date.parse(b.configurationItemCaptureTime);
  if (!Number.isNaN(ta) && !Number.isNaN(tb)) return ta - tb;
  return a.configurationItemCaptureTime < b.configurationItemCaptureTime
    ? -1
    : a.configurationItemCaptureTime > b.configurationItemCaptureTime
      ? 1
      : 0;
}
