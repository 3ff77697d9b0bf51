// Runs a parsed advanced query over configuration items: filter, project or aggregate, then sort.

import { computeAggregate, groupDocuments } from './aggregate-groups.js';
import type { AggregateRef, OrderItem, ParsedQuery, PropertyRef } from './ast.js';
import { compareForSort } from './compare-values.js';
import type { ConfigurationItem } from './configuration-item.js';
import { currentItems } from './current-items.js';
import { evaluateCondition } from './evaluate-condition.js';
import { parseConfigQuery } from './parse.js';
import { compileProjection } from './project-row.js';
import { STAR_PROPERTIES } from './property-paths.js';
import { type QueryDocument, resolvePath, toQueryDocument } from './resolve-path.js';

/** What a query returns: the select fields, every result row (re-nested), and whether the rows may be paged. */
export interface ConfigQueryResult {
  selectFields: { Name: string }[];
  rows: Record<string, unknown>[];
  /** False when ORDER BY uses an aggregate: AWS returns such results in one page. */
  paginatable: boolean;
}

/** Parse `expression` and evaluate it over `items`. Throws InvalidExpressionError for a bad expression. */
export function runConfigQuery(expression: string, items: Iterable<ConfigurationItem>): ConfigQueryResult {
  return runParsedQuery(parseConfigQuery(expression), items);
}

/** Evaluate an already parsed query over `items` (all rows; the caller pages them). */
export function runParsedQuery(query: ParsedQuery, items: Iterable<ConfigurationItem>): ConfigQueryResult {
  const { where } = query;
  const docs = currentItems(items)
    .map(toQueryDocument)
    .filter((doc) => where === undefined || evaluateCondition(where, doc));
  const selectFields =
    query.select === '*'
      ? STAR_PROPERTIES.map((Name) => ({ Name }))
      : query.select.map((item) => ({ Name: item.kind === 'property' ? item.path : item.name }));
  const paginatable = !query.orderBy.some((o) => o.key.kind === 'aggregate');
  const rows = query.grouped ? groupedRows(query, docs) : plainRows(query, docs);
  return { selectFields, rows, paginatable };
}

/** One row per CI. */
function plainRows(query: ParsedQuery, docs: QueryDocument[]): Record<string, unknown>[] {
  const paths =
    query.select === '*'
      ? STAR_PROPERTIES.map((p) => [p])
      : query.select.flatMap((item) => (item.kind === 'property' ? [item.segments] : []));
  const project = compileProjection(paths);
  const sorted = sortEntries(
    docs.map((doc) => ({ doc, keys: query.orderBy.map((o) => firstValue(doc, o.key as PropertyRef)) })),
    query.orderBy,
  );
  return sorted.map(({ doc }) => project(doc));
}

/** One row per group: the selected GROUP BY properties plus the aggregate columns. */
function groupedRows(query: ParsedQuery, docs: QueryDocument[]): Record<string, unknown>[] {
  const selected = query.select === '*' ? [] : query.select;
  const project = compileProjection(selected.flatMap((s) => (s.kind === 'property' ? [s.segments] : [])));
  const aggregates = selected.filter((s): s is AggregateRef => s.kind === 'aggregate');
  const entries = groupDocuments(docs, query.groupBy).map(({ members }) => {
    const representative = members[0];
    const row = representative ? project(representative) : {};
    const computed = new Map<string, unknown>();
    for (const aggregate of aggregates) {
      const value = computeAggregate(aggregate, members);
      computed.set(aggregate.name, value);
      if (value !== undefined) row[aggregate.name] = value;
    }
    const keys = query.orderBy.map(({ key }) =>
      key.kind === 'aggregate'
        ? computed.get(key.name)
        : representative
          ? firstValue(representative, key)
          : undefined,
    );
    return { row, keys };
  });
  return sortEntries(entries, query.orderBy).map(({ row }) => row);
}

/** Stable sort by the precomputed ORDER BY keys. */
function sortEntries<T extends { keys: unknown[] }>(entries: T[], orderBy: readonly OrderItem[]): T[] {
  if (orderBy.length === 0) return entries;
  return [...entries].sort((a, b) => {
    for (const [i, { descending }] of orderBy.entries()) {
      const c = compareForSort(a.keys[i], b.keys[i]);
      if (c !== 0) return descending ? -c : c;
    }
    return 0;
  });
}

/** The sort key of a CI for a property: its first value (arrays sort by their first element). */
function firstValue(doc: QueryDocument, property: PropertyRef): unknown {
  return resolvePath(doc, property.segments)[0];
}
