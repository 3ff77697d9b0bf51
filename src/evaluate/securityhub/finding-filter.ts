// The GetFindings filters the collector sends (and the evaluator re-reads to name what a verdict was decided on):
// one filter for a findings condition, one for the control findings of the controls a task needs.

import type { SecurityHubFindingsQuery } from '../../catalog/types.js';

type StringFilter = { Value: string; Comparison: 'EQUALS' };
const eq = (values: readonly string[]): StringFilter[] =>
  values.map((Value) => ({ Value, Comparison: 'EQUALS' }));

/** AwsSecurityFindingFilters for a findings condition at `now`: active, unresolved, product, severity, age. */
export function conditionFilters(q: SecurityHubFindingsQuery, now: Date): Record<string, unknown> {
  return {
    RecordState: eq(['ACTIVE']),
    WorkflowStatus: eq(q.workflow),
    ProductName: eq(q.products),
    SeverityLabel: eq(q.severities),
    ...(q.resourceTypes.length ? { ResourceType: eq(q.resourceTypes) } : {}),
    ...(q.olderThanDays > 0
      ? { CreatedAt: [{ End: new Date(now.getTime() - q.olderThanDays * 86_400_000).toISOString() }] }
      : {}),
  };
}

/** Filters for the active control findings of `controlIds` (Security Hub's own product). */
export function controlFilters(controlIds: readonly string[]): Record<string, unknown> {
  return {
    RecordState: eq(['ACTIVE']),
    ProductName: eq(['Security Hub']),
    ComplianceSecurityControlId: eq(controlIds),
  };
}

/** Filters that keep a delegated administrator's aggregated findings to the accounts and regions in scope. */
export function scopeFilters(scope: {
  accounts: readonly string[];
  regions: readonly string[];
}): Record<string, unknown> {
  return { AwsAccountId: eq(scope.accounts), Region: eq(scope.regions) };
}

/**
 * Whether a recorded GetFindings call is the one the collector sent for `q`: the same filters, and a CreatedAt
 * end `olderThanDays` before the call was answered (so conditions that differ only in age are told apart).
 */
export function isConditionCall(
  call: { parameters: Record<string, unknown>; collectedAt: string },
  q: SecurityHubFindingsQuery,
): boolean {
  const filters = call.parameters.Filters as Record<string, unknown> | undefined;
  if (!filters) return false;
  const { CreatedAt, AwsAccountId: _a, Region: _r, ...rest } = filters;
  const { CreatedAt: _, ...expected } = conditionFilters(q, new Date(0));
  if (JSON.stringify(rest) !== JSON.stringify(expected)) return false;
  if (q.olderThanDays === 0) return CreatedAt === undefined;
  const end = Array.isArray(CreatedAt) ? (CreatedAt[0] as { End?: string } | undefined)?.End : undefined;
  if (end === undefined) return false;
  const days = (Date.parse(call.collectedAt) - Date.parse(end)) / 86_400_000;
  return Math.abs(days - q.olderThanDays) < 0.5;
}

/** Whether recorded GetFindings `parameters` ask for control findings. */
export function isControlCall(parameters: Record<string, unknown>): boolean {
  const filters = parameters.Filters as Record<string, unknown> | undefined;
  return filters?.ComplianceSecurityControlId !== undefined;
}
