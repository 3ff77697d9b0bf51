// GROUP BY and the aggregate functions COUNT, MIN, MAX, SUM and AVG over a group of CIs.

import type { AggregateRef, PropertyRef } from './ast.js';
import { compareForSort } from './compare-values.js';
import { compileProjection } from './project-row.js';
import { type QueryDocument, resolvePath } from './resolve-path.js';

/** The CIs that share one set of GROUP BY values, in input order. */
export interface Group {
  members: QueryDocument[];
}

/**
 * Split documents into groups by the values of the GROUP BY properties (a property holding several values, e.g.
 * over an array, groups by the whole list). Groups come in order of their first member. Without GROUP BY there is
 * exactly one group, even when it is empty.
 */
export function groupDocuments(docs: readonly QueryDocument[], groupBy: readonly PropertyRef[]): Group[] {
  if (groupBy.length === 0) return [{ members: [...docs] }];
  const keyOf = compileProjection(groupBy.map((g) => g.segments));
  const groups = new Map<string, Group>();
  for (const doc of docs) {
    const key = JSON.stringify(keyOf(doc));
    const group = groups.get(key);
    if (group) group.members.push(doc);
    else groups.set(key, { members: [doc] });
  }
  return [...groups.values()];
}

/**
 * The value of an aggregate over a group, or undefined when it has none (then the column is left out).
 * COUNT(*) counts CIs; COUNT(p) counts CIs with at least one value at p; MIN/MAX use the ORDER BY order over all
 * values; SUM/AVG use numeric values only.
 */
export function computeAggregate(aggregate: AggregateRef, members: readonly QueryDocument[]): unknown {
  const { arg } = aggregate;
  if (arg === '*') return members.length;
  const perMember = members.map((doc) => resolvePath(doc, arg.segments));
  if (aggregate.fn === 'COUNT') return perMember.filter((vs) => vs.length > 0).length;
  const all = perMember.flat();
  if (aggregate.fn === 'MIN' || aggregate.fn === 'MAX') {
    const scalars = all.filter((v) => typeof v !== 'object');
    if (scalars.length === 0) return undefined;
    const sign = aggregate.fn === 'MIN' ? -1 : 1;
    return scalars.reduce((best, v) => (compareForSort(v, best) * sign > 0 ? v : best));
  }
  const numbers = all.filter((v): v is number => typeof v === 'number');
  if (numbers.length === 0) return undefined;
  const sum = numbers.reduce((a, b) => a + b, 0);
  return aggregate.fn === 'SUM' ? sum : sum / numbers.length;
}
