// Verdict of one advanced query from its result pages: rows are violations (`none`) or proof of presence (`some`).

import type { EvidenceRecord } from '../../core/evidence-record.js';
import type { QueryResult, ResourceRef } from '../../core/finding.js';
import type { ConfigQuerySpec } from '../../plan/types.js';
import { arrayMember, describeError, firstError, stringMember } from '../records.js';
import type { EvaluationContext } from '../types.js';
import { verdict } from '../verdict.js';

/** Evaluate a query's pages for one scope (or for an aggregator, where rows name their own account/region). */
export function evaluateQuery(
  q: ConfigQuerySpec,
  pages: readonly EvidenceRecord[],
  scope: { accountId: string; region: string },
  ctx: EvaluationContext,
): QueryResult {
  const key = `config-query:${q.queryId}`;
  const where = `${scope.accountId}/${scope.region}`;
  const failed = firstError(pages);
  if (failed)
    return verdict(
      key,
      scope,
      'ERROR',
      `Advanced query ${q.queryId} failed in ${where}: ${describeError(failed)}`,
      pages,
    );
  if (pages.length === 0)
    return verdict(key, scope, 'ERROR', `Advanced query ${q.queryId} was not answered in ${where}`, pages);

  const parsed = pages.flatMap((p) => arrayMember(p.response, 'Results')).map(parseRow);
  if (parsed.some((r) => r === null)) {
    return verdict(
      key,
      scope,
      'ERROR',
      `Advanced query ${q.queryId} returned rows that are not JSON objects in ${where}`,
      pages,
    );
  }
  const rows = parsed as Record<string, unknown>[];
  const resources = rows.map((row) => toResource(row, scope));
  if (q.expect === 'none') {
    if (rows.length === 0)
      return verdict(
        key,
        scope,
        'PASS',
        `Advanced query ${q.queryId} found no violating resources in ${where}`,
        pages,
      );
    return verdict(
      key,
      scope,
      'FAIL',
      `Advanced query ${q.queryId} found ${rows.length} violating resource${rows.length === 1 ? '' : 's'} in ${where}`,
      pages,
      { resources: resources.slice(0, ctx.maxResources), failingCount: rows.length },
    );
  }
  if (rows.length > 0) {
    return verdict(
      key,
      scope,
      'PASS',
      `Advanced query ${q.queryId} found ${rows.length} matching resource${rows.length === 1 ? '' : 's'} in ${where}`,
      pages,
      { resources: resources.slice(0, ctx.maxResources) },
    );
  }
  return verdict(
    key,
    scope,
    'FAIL',
    `Advanced query ${q.queryId} found no matching resource in ${where}, but at least one is required`,
    pages,
  );
}

/** A result row, or null when the answer is malformed (which must never read as "no violations"). */
function parseRow(raw: unknown): Record<string, unknown> | null {
  if (typeof raw !== 'string') return null;
  try {
    const v: unknown = JSON.parse(raw);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function toResource(row: Record<string, unknown>, scope: { accountId: string; region: string }): ResourceRef {
  return {
    accountId: stringMember(row, 'accountId') ?? scope.accountId,
    region: stringMember(row, 'awsRegion') ?? scope.region,
    resourceType: stringMember(row, 'resourceType') ?? 'unknown',
    resourceId:
      stringMember(row, 'resourceId') ??
      stringMember(row, 'resourceName') ??
      stringMember(row, 'arn') ??
      JSON.stringify(row).slice(0, 120),
  };
}
