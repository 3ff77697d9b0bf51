// How a configuration value compares with a query literal, and the total order used by ORDER BY, MIN and MAX.

import type { Literal } from './ast.js';

const NUMERIC = /^-?[0-9]+(\.[0-9]+)?$/;

/**
 * Compare a CI value with a literal: negative, zero or positive as in `value - literal`, or undefined when the two
 * are not comparable (then every comparison is false). Booleans match bare or quoted booleans; numbers match
 * numbers and numeric strings; strings compare case-sensitively by UTF-16 code unit (so ISO dates sort in time).
 */
export function compareWithLiteral(value: unknown, literal: Literal): number | undefined {
  if (typeof value === 'boolean') {
    const other =
      literal.type === 'boolean'
        ? literal.value
        : literal.type === 'string'
          ? asBoolean(literal.value)
          : undefined;
    return other === undefined ? undefined : Number(value) - Number(other);
  }
  if (typeof value === 'number') {
    const other =
      literal.type === 'number'
        ? literal.value
        : literal.type === 'string'
          ? asNumber(literal.value)
          : undefined;
    return other === undefined ? undefined : Math.sign(value - other);
  }
  if (typeof value === 'string') {
    if (literal.type === 'string') return compareStrings(value, literal.value);
    if (literal.type === 'number') {
      const own = asNumber(value);
      return own === undefined ? undefined : Math.sign(own - literal.value);
    }
    const own = asBoolean(value);
    return own === undefined ? undefined : Number(own) - Number(literal.value);
  }
  return undefined;
}

/** Rank of a value's type in the sort order: missing, booleans, numbers, strings, then objects/arrays. */
function typeRank(value: unknown): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'boolean') return 1;
  if (typeof value === 'number') return 2;
  if (typeof value === 'string') return 3;
  return 4;
}

/** Total order over JSON values for sorting; missing values come first. */
export function compareForSort(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'boolean' || typeof a === 'number') return Math.sign(Number(a) - Number(b));
  if (typeof a === 'string') return compareStrings(a, b as string);
  if (ra === 4) return compareStrings(JSON.stringify(a), JSON.stringify(b));
  return 0;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function asNumber(text: string): number | undefined {
  return NUMERIC.test(text) ? Number(text) : undefined;
}

function asBoolean(text: string): boolean | undefined {
  return text === 'true' ? true : text === 'false' ? false : undefined;
}
