// Failing controls, worst first (severity, then how many accounts, then how many resources), each with
// the failing evidence queries, where they fail, example resources, and what to do about it.

import { queryKeyOf } from '../../catalog/types.js';
import type { ControlResult } from '../../core/finding.js';
import { RESPONSIBILITY_LABEL } from '../../core/responsibility.js';
import { SEVERITY_RANK } from '../../core/severity.js';
import { controlAnchor } from '../anchors.js';
import { type Capped, capList } from '../capped.js';
import { countText } from '../format.js';
import type { ReportLimits } from '../report-input.js';
import type { AccountFailures, FailingControlView, FailingQueryView, ResourceView } from '../view-types.js';
import { controlOwner } from './control-owner.js';
import type { FindingScan, QueryFailures } from './finding-scan.js';
import { controlKey, type ReportCatalog } from './report-catalog.js';

/** Accounts listed per failing control for the HTML filter; past this the card matches every account. */
const FILTER_ACCOUNTS_PER_CONTROL = 200;

/** Every failing control, ordered worst first. */
export function buildFailing(
  controls: readonly ControlResult[],
  frameworkNames: ReadonlyMap<string, string>,
  scan: FindingScan,
  lookup: ReportCatalog,
  limits: ReportLimits,
): FailingControlView[] {
  const out: { view: FailingControlView; order: number }[] = [];
  controls.forEach((c, order) => {
    if (c.status !== 'FAIL') return;
    const agg = scan.failing.get(controlKey(c.frameworkId, c.controlId));
    const def = lookup.control(c.frameworkId, c.controlId);
    const catalogOrder = def ? lookup.queryKeys(def) : [];
    const failedKeys = agg ? [...agg.queries] : [];
    failedKeys.sort((a, b) => rank(catalogOrder, a) - rank(catalogOrder, b) || a.localeCompare(b));
    const roles = new Map((def?.evidence ?? []).map((ref) => [queryKeyOf(ref, def!), ref.role]));
    const queries = failedKeys.map((key) => ({
      ...queryView(key, scan.failingQueries.get(key), lookup, limits),
      role: roles.get(key) ?? 'decisive',
    }));
    const accountIds = agg ? [...agg.accounts].sort() : [];
    out.push({
      order,
      view: {
        frameworkId: c.frameworkId,
        frameworkName: frameworkNames.get(c.frameworkId) ?? c.frameworkId,
        controlId: c.controlId,
        ref: c.ref,
        title: c.title,
        summary: def?.summary ?? null,
        responsibility: c.responsibility,
        responsibilityLabel: RESPONSIBILITY_LABEL[c.responsibility],
        severity: c.severity ?? null,
        owner: controlOwner(def, lookup),
        anchor: controlAnchor(c.frameworkId, c.controlId),
        accounts: agg?.accounts.size ?? 0,
        regions: agg ? [...agg.regions].sort() : [],
        failingResources: agg?.failingResources ?? 0,
        failingResourcesAtLeast: agg?.atLeast ?? false,
        failingResourcesText: countText(agg?.failingResources ?? 0, agg?.atLeast ?? false),
        queries,
        accountIds: accountIds.length > FILTER_ACCOUNTS_PER_CONTROL ? [] : accountIds,
      },
    });
  });
  out.sort(
    (a, b) =>
      sevRank(b.view) - sevRank(a.view) ||
      b.view.accounts - a.view.accounts ||
      b.view.failingResources - a.view.failingResources ||
      a.order - b.order,
  );
  return out.map((o) => o.view);
}

function sevRank(v: FailingControlView): number {
  return v.severity ? SEVERITY_RANK[v.severity] : 0;
}

function rank(order: readonly string[], key: string): number {
  const i = order.indexOf(key);
  return i < 0 ? order.length : i;
}

function queryView(
  key: string,
  agg: QueryFailures | undefined,
  lookup: ReportCatalog,
  limits: ReportLimits,
): Omit<FailingQueryView, 'role'> {
  const q = lookup.query(key);
  const id = key.slice(key.indexOf(':') + 1);
  const accounts: AccountFailures[] = agg
    ? [...agg.accounts.entries()]
        .map(([accountId, a]) => ({
          accountId,
          regions: [...a.regions].sort(),
          failingCount: a.failingCount,
          failingCountText: countText(a.failingCount, a.atLeast),
        }))
        .sort((a, b) => b.failingCount - a.failingCount || a.accountId.localeCompare(b.accountId))
    : [];
  const resources: ResourceView[] = (agg?.resources ?? [])
    .map((r) => ({
      accountId: r.accountId,
      region: r.region,
      resourceType: r.resourceType,
      resourceId: r.resourceId,
      annotation: r.annotation ?? null,
    }))
    .sort(
      (a, b) =>
        a.accountId.localeCompare(b.accountId) ||
        a.region.localeCompare(b.region) ||
        a.resourceId.localeCompare(b.resourceId),
    );
  const failingCount = agg?.failingCount ?? 0;
  const total = Math.max(failingCount, resources.length);
  const cappedResources: Capped<ResourceView> = { items: resources, total, more: total - resources.length };
  return {
    queryKey: key,
    kind: agg?.kind ?? q?.kind ?? 'manual',
    title: q?.title ?? id,
    severity: q?.severity ?? null,
    remediation: q?.remediation ?? null,
    docs: q?.docs ?? null,
    failingCount,
    failingCountAtLeast: agg?.atLeast ?? false,
    failingCountText: countText(failingCount, agg?.atLeast ?? false),
    scopes: agg?.scopes.size ?? 0,
    accounts: capList(accounts, limits.accountsPerQuery),
    resources: cappedResources,
    reasons: agg ? agg.reasons.result() : { items: [], total: 0, more: 0 },
  };
}
